#pragma once
// The columns of a score model: which the training cases support (types, levels, pooling, what is
// refused as leakage), their values for the table's cases, and for a case read by apply.
#include <cstdint>
#include <vector>

#include "bpm/kpi/event_log.hpp"
#include "bpm/predict/train.hpp"
#include "case_table.hpp"
#include "logistic.hpp"

namespace bpm::predict_detail {

struct ColumnPlan {
  std::vector<predict::Column> columns;  // kind, source, level, known, fill; mean and sd of the training rows
  std::vector<predict::TrainWarning> warnings;
};

/// Chooses the columns from the training rows of the table.
[[nodiscard]] ColumnPlan plan_columns(const CaseTable& table, const std::vector<std::uint32_t>& train,
                                      const predict::TrainOptions& options, const kpi::LogDictionary& dictionary);

/// The raw column values of every row of the table (row-major), plus a last column of ones.
[[nodiscard]] Design raw_design(const CaseTable& table, const ColumnPlan& plan, const kpi::LogDictionary& dictionary);

/// Evaluates a model's columns on cases of a log (apply): attribute and activity names are looked
/// up in the log's dictionary once, and again only when it grows.
class RowEvaluator {
 public:
  explicit RowEvaluator(const std::vector<predict::Column>& columns) : columns_(columns) {}
  /// Throws DataError (at `where`) when the log lacks an attribute column the model reads.
  void bind(const kpi::LogDictionary& dictionary, const Location& where);
  /// The raw column values of a case at the cut into x (one per column).
  void evaluate(const kpi::CaseRecord& record, const CaseFacts& facts, double* x) const;
  /// The log attribute a column reads (-1 for behaviour columns).
  [[nodiscard]] std::int64_t attribute_index(std::size_t column) const { return attribute_[column]; }

 private:
  const std::vector<predict::Column>& columns_;
  std::vector<std::int64_t> attribute_;            // per column: log attribute index (-1: none)
  std::vector<std::int64_t> activity_;             // per column: log activity index (-1: none yet)
  std::vector<std::vector<bool>> known_activity_;  // per Other* activity column: by log activity index
  std::size_t activities_seen_ = 0;
  bool bound_ = false;
  mutable std::string buffer_;  // a formatted numeric level
};

}  // namespace bpm::predict_detail
