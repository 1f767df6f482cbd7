#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/time.hpp"
#include "bpm/model/expression.hpp"
#include "sim/compiled_model.hpp"

namespace bpm::sim {

/// Formats event-log rows (see bpm/sim/event_log.hpp for the columns) with std::to_chars and
/// format_datetime_to straight into a growing buffer: no allocation per row once warm.
class LogFormat {
 public:
  explicit LogFormat(const CompiledModel& model);

  /// The header line, with the attribute columns.
  [[nodiscard]] std::string header() const;
  /// ",value,value..." of a case's attributes, appended to `out`.
  void attributes(std::string& out, const Value* values) const;
  /// One row; `step` indexes the model's steps.
  void row(std::string& out, std::uint64_t case_number, std::uint32_t replication, std::uint32_t step, Time enabled,
           Time started, Time ended, double cost, std::string_view outcome, std::string_view attributes) const;
  /// The outcome's CSV text.
  [[nodiscard]] const std::string& outcome(std::uint32_t index) const { return outcomes_[index]; }

 private:
  const CompiledModel& model_;
  std::vector<std::string> activities_;  // CSV-escaped step ids
  std::vector<std::string> resources_;   // CSV-escaped pool ids by step ("" when none)
  std::vector<std::string> outcomes_;
};

/// Appends `field` to `out`, quoted as RFC 4180 asks when it holds a comma, quote or line break.
void append_csv_field(std::string& out, std::string_view field);

}  // namespace bpm::sim
