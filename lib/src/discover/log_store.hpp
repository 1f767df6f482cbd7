#pragma once
// The event log held in memory for discovery: every case with its events sorted by (start, end,
// appearance), interned activity and resource names. Discovery looks at the log many times
// (control flow, durations, calendars), so it keeps it compact rather than streaming it.
#include <cstdint>
#include <string>
#include <vector>

#include "bpm/core/time.hpp"
#include "bpm/kpi/event_log.hpp"
#include "bpm/kpi/log_reader.hpp"

namespace bpm::discover {

struct Event {
  std::uint32_t activity = 0;
  std::int32_t resource = -1;  // -1: none recorded
  Time enable = 0.0;
  Time start = 0.0;
  Time end = 0.0;
};

struct Case {
  std::string id;
  std::vector<Event> events;            // sorted by (start, end), ties in the order of the log
  std::vector<std::string> attributes;  // LogStore::attribute_names order
  [[nodiscard]] Time first_start() const { return events.front().start; }
  /// When the case arrived: its earliest enablement when the log records enable times (a case
  /// that arrives after hours starts the next morning), else its first start.
  Time arrival = 0.0;
  [[nodiscard]] Time last_end() const;
};

struct LogStore {
  std::vector<Case> cases;  // by first start (arrival order)
  std::vector<std::string> activities;
  std::vector<std::string> resources;
  std::vector<std::string> attribute_names;
  kpi::LogInfo info;
  std::uint64_t events = 0;
  bool has_start = false;     // start times recorded (else events are instants at their end)
  bool has_resource = false;  // some event names a resource
};

/// Reads logs into memory. Cases without events are left out.
[[nodiscard]] LogStore read_log_store(const std::vector<std::string>& paths, const kpi::LogOptions& options);

}  // namespace bpm::discover
