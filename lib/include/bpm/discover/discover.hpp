#pragma once
// Discovery of a simulation model from an event log (`bpm-design discover`): control flow,
// arrivals, durations, resource pools and calendars, written as a process file that bpm-sim runs
// as is. Method and defaults: share/doc/discover.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/model/process.hpp"

namespace bpm::discover {

struct BPM_API DiscoverOptions {
  kpi::LogOptions log;
  /// Infrequent-behaviour filter of the control flow, in [0, 1]: a directly-follows relation
  /// seen less than `noise` times as often as the most frequent one out of the same activity is
  /// ignored, as are start and end activities that rare. 0 keeps every path (most fitting, most
  /// complex); larger values give simpler models. The trade-off knob of the issue.
  double noise = 0.2;
  /// Two activities of a case whose time intervals overlap in at least this share of the cases
  /// where both occur are taken as concurrent, whatever order they start in.
  double overlap = 0.5;
  /// A process whose control flow, pools and calendars are kept: only its numbers (durations,
  /// branch probabilities, arrival rate, pool sizes) are re-estimated from the log.
  const Process* existing = nullptr;
  /// Process name; empty: from the log file name.
  std::string name;
  /// Hold out this share of the cases (the latest arrivals) to choose the noise threshold, then
  /// the overlap share, whose simulated logs come closest to them (0 = no search: the settings
  /// above).
  double validation = 0.0;
  std::uint64_t seed = 1;
  /// When the simulation's first case arrives (absolute seconds); default: the log's first case.
  std::optional<Time> first_arrival;
};

/// A note on what discovery assumed or could not do (bad or thin input), for the user.
struct BPM_API DiscoveryNote {
  std::string message;
};

struct BPM_API DiscoveryResult {
  Process process;
  std::string yaml;                  // the process file, with comments on where each number came from
  std::vector<DiscoveryNote> notes;  // assumptions made
  std::uint64_t cases = 0;
  std::uint64_t events = 0;
  /// The settings the control flow was mined with: DiscoverOptions::noise and overlap, or those
  /// chosen on the validation split.
  double noise = 0.0;
  double overlap = 0.0;
};

/// Reads the logs (as bpm-kpi does) and discovers a process. Throws like kpi::read_logs, and
/// DataError when no model is possible at all (no case with a usable timestamp).
[[nodiscard]] BPM_API DiscoveryResult discover(const std::vector<std::string>& paths, const DiscoverOptions& options);

}  // namespace bpm::discover
