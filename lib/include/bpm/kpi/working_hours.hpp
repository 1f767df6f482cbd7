#pragma once
// Working hours of resources for utilisation: given with --calendar, or inferred from the log when
// neither the option nor the process file says (share/doc/kpi-definitions.md, "Resources").
#include <string>
#include <string_view>

#include "bpm/core/export.hpp"
#include "bpm/model/calendar.hpp"

namespace bpm::kpi {

/// Parses weekly hours as `--calendar` takes them: "mon-fri 09:00-17:00", "mon-fri
/// 09:00-12:00,13:00-17:00; sat 10:00-14:00", or "24x7". Day keys and hours as in the process
/// file's calendars. Throws UsageError naming the text.
[[nodiscard]] BPM_API Calendar parse_working_hours(std::string_view text);

/// "mon-fri 08:00-17:00; sat 09:00-12:00", "24x7" or "never": weekly hours in the --calendar form.
[[nodiscard]] BPM_API std::string working_hours_text(const Calendar& hours);

}  // namespace bpm::kpi
