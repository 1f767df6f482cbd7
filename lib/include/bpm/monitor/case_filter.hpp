#pragma once
// `--where`: which cases an analysis looks at, by case attribute, outcome, activity, resource or
// time. See share/doc/bpm-kpi-monitor.md, SEGMENTS.
#include <string>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/kpi/case_observer.hpp"

namespace bpm::monitor {

/// One condition `FIELD OP VALUE`: OP is `=` or `!=` (VALUE may list alternatives separated by
/// `|`), or `<`, `<=`, `>`, `>=` (numbers, or ISO times for `start` and `end`). FIELD is a case
/// attribute (a column of the log), or `outcome`, `activity` (the case has one of these
/// activities), `resource` (one of these resources worked on it), `case` (the id), `start` or
/// `end` (the case's first and last time).
struct BPM_API Condition {
  enum class Op : unsigned char { Eq, Ne, Lt, Le, Gt, Ge };
  std::string field;
  Op op = Op::Eq;
  std::vector<std::string> values;
  double number = 0.0;  // for <, <=, >, >=
  std::string text;     // as written, for messages
};

/// Parses `FIELD OP VALUE`; throws UsageError naming `expression` when malformed.
[[nodiscard]] BPM_API Condition parse_condition(const std::string& expression);

/// Keeps the cases that meet every condition.
class BPM_API WhereFilter final : public kpi::CaseFilter {
 public:
  /// Throws UsageError for a malformed condition.
  explicit WhereFilter(const std::vector<std::string>& expressions);
  [[nodiscard]] bool keep(const kpi::CaseRecord& record, const kpi::LogInfo& info) const override;
  /// The case attributes the conditions read (to add to LogOptions::keep_attributes).
  [[nodiscard]] std::vector<std::string> attributes() const;
  [[nodiscard]] bool empty() const noexcept { return conditions_.empty(); }
  [[nodiscard]] const std::vector<Condition>& conditions() const noexcept { return conditions_; }

 private:
  std::vector<Condition> conditions_;
};

/// True for the fields a condition or --by reads from the log's rows rather than a case attribute.
[[nodiscard]] BPM_API bool is_builtin_field(const std::string& field);

}  // namespace bpm::monitor
