#pragma once
// Simulation parameters that travel beside a BPMN model in another tool's format (BIMP/QBP
// `qbp:processSimulationInfo`, Prosimos JSON), read into one shape the BPMN importer applies by
// element id. Values are already converted to the process format's meaning: times in seconds,
// distributions in bpmkit's families and parameters (design/qbp.hpp and design/prosimos.hpp say
// which source convention maps to what).
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bpm/core/diagnostic.hpp"
#include "bpm/core/time.hpp"
#include "bpm/model/calendar.hpp"
#include "bpm/model/distribution.hpp"

namespace bpm::design {

/// A resource pool of the source tool: a QBP resource, or the resources of a Prosimos pool that
/// share one calendar and cost.
struct ExternalPool {
  std::string id;    // the source's id, as tasks refer to it
  std::string name;  // display name (becomes the pool id through a slug)
  int count = 1;
  double cost_per_hour = 0.0;
  std::string calendar;  // id into ExternalParameters::calendars; empty: always available
};

struct ExternalTask {
  std::optional<Distribution> duration;
  std::string pool;  // ExternalPool::id; empty: automatic
  std::optional<double> fixed_cost;
};

struct ExternalParameters {
  std::string source;  // "QBP" or "Prosimos": named in warnings and the report
  std::optional<Distribution> arrivals;
  std::string arrival_calendar;                             // id into calendars; empty: any time
  std::vector<std::pair<std::string, Calendar>> calendars;  // id, calendar (name = a usable id)
  std::vector<ExternalPool> pools;
  std::map<std::string, ExternalTask> tasks;        // by BPMN element id
  std::map<std::string, double> flow_probability;   // by sequence flow id
  std::map<std::string, Distribution> event_waits;  // intermediate events by element id
  std::optional<std::uint64_t> cases;
  std::optional<Time> start;
  std::vector<Diagnostic> warnings;  // located in the parameter source
  int carried = 0;                   // parameters read and used (for the import report)

  [[nodiscard]] const ExternalPool* find_pool(const std::string& id) const {
    for (const auto& pool : pools) {
      if (pool.id == id) return &pool;
    }
    return nullptr;
  }
};

}  // namespace bpm::design

namespace bpm::design {

/// 0 for "MONDAY" (or "Mon", any case) ... 6 for "SUNDAY"; nullopt otherwise.
[[nodiscard]] std::optional<int> weekday_index(std::string_view name);

/// Seconds from midnight of "09:00", "17:00:00.000+00:00" (zone dropped); "23:59:59(.999)" is
/// midnight (86400). nullopt when malformed.
[[nodiscard]] std::optional<double> clock_seconds(std::string_view text);

/// Opens `calendar` from `begin` to `end` on every day from `from_day` to `to_day` (wrapping past
/// Sunday; a period ending before it begins runs past midnight). False when a field is malformed.
bool add_week_period(Calendar& calendar, std::string_view from_day, std::string_view to_day, std::string_view begin,
                     std::string_view end);

/// A distribution of `kind` with parameters in the order of the DistKind comments.
[[nodiscard]] Distribution make_distribution(DistKind kind, bool is_time, std::initializer_list<double> parameters);

/// True when every day is open around the clock: such a calendar is the same as none.
[[nodiscard]] bool always_open(const Calendar& calendar);

}  // namespace bpm::design
