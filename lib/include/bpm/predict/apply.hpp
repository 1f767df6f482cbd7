#pragma once
// Scoring the cases of event logs with a score model: bpm-optimize score apply.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/core/time.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/predict/score_model.hpp"

namespace bpm::predict {

struct BPM_API ApplyOptions {
  bool all = false;  // also cases whose outcome is already known (back-testing); default: open ones
  /// The time the log was taken: a case is at an elapsed cut when it started at least that long
  /// before. Default: the latest time in the log (the rows are then written once it is read).
  std::optional<Time> now;
  std::uint32_t reasons = 3;  // reason columns per row
};

struct BPM_API ApplySummary {
  std::uint64_t cases = 0;  // read
  std::uint64_t scored = 0;
  std::uint64_t not_reached = 0;  // open cases not yet at the cut: listed without a score
  std::uint64_t decided = 0;      // left out: outcome known (without ApplyOptions::all)
  /// Values the model was not trained on, per attribute (a new level, a text in a number): the
  /// cases are scored (as the reference level, as missing), and the analyst should know.
  std::vector<std::string> warnings;
};

/// Scores every open case of the logs at the model's cut and writes CSV to `path` ("-" = stdout,
/// atomically otherwise): case_id[, replication], score, reason_1..reason_N, where a reason is
/// the feature that moves the case's log-odds most away from the average case, e.g.
/// "segment=mid-market (+0.84)". Cases are written as they are read (memory of one case for a
/// log grouped by case), except for an elapsed cut without ApplyOptions::now. Throws like
/// read_logs, and DataError when the logs lack what the model reads.
BPM_API ApplySummary apply_score_model(const std::vector<std::string>& logs, const kpi::LogOptions& log_options,
                                       const ScoreModel& model, const ApplyOptions& options, const std::string& path);

}  // namespace bpm::predict
