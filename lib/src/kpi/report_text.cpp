// Values as people read them in bpm-kpi's reports and dashboard: the report layer's one formatter.
#include <cmath>

#include "bpm/kpi/report_format.hpp"
#include "bpm/report/document.hpp"

namespace bpm::kpi {

std::string format_value(double value, Unit unit) { return report::human(value, unit); }

std::string format_estimate(double value, double half_width, std::uint64_t n, Unit unit) {
  if (n <= 1 || !std::isfinite(half_width)) return report::human(value, unit);
  return report::human_text(report::Value::estimate(value, half_width, unit));
}

}  // namespace bpm::kpi
