#pragma once
// What a case looks like at the cut of a score model: whether it reached the cut before its
// outcome was known, its label, and its early behaviour. Private to the predict area.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bpm/kpi/event_log.hpp"
#include "bpm/predict/score_model.hpp"

namespace bpm::predict_detail {

using predict::Cut;
using predict::Label;

enum class CaseState : std::uint8_t {
  Usable,      // at the cut, outcome still open there
  NotReached,  // in flight and not yet at the cut (or without the cut's event)
  Decided,     // the outcome was known at the cut (or before it could be reached)
  Empty,       // no activity at all
};

/// The label of a case: 1 positive, 0 negative, -1 unknown (still open).
struct CaseLabel {
  int value = -1;
  Time decided = 0.0;  // when it became known (NaN while unknown)
};

struct CaseFacts {
  CaseState state = CaseState::Empty;
  CaseLabel label;
  Time start = 0.0;
  Time cut = 0.0;
  double elapsed = 0.0;
  double waiting = 0.0;
  std::int32_t last = -1;  // log activity index of the last completion by the cut, -1 before any
  std::vector<std::pair<std::uint32_t, std::uint32_t>> counts;  // (log activity, completions), by activity
  /// Per log attribute: its value was recorded by the cut (and the case has one).
  std::vector<bool> known;
};

/// Labels and cuts a case of a log. `label_activity` and `cut_activity` are the log's indices of
/// Label::activity and the cut's activity (-1 when the log has none); `has_outcomes` says whether
/// the log records outcomes (else a case without the label activity counts as negative). `now`
/// is when the log was taken; without it, an open case is taken to have reached an elapsed cut.
void facts_at_cut(const kpi::CaseRecord& record, const Label& label, const Cut& cut, std::int64_t label_activity,
                  std::int64_t cut_activity, bool has_outcomes, std::optional<Time> now, CaseFacts& out);

/// An attribute value as a number: a finite number written in full (blanks around allowed), else
/// NaN (missing or not a number).
[[nodiscard]] double parse_value(std::string_view text) noexcept;

/// Whether an attribute value means "no value": empty, or a placeholder of exports (NA, N/A, null,
/// NULL, None, NaN, -, ?).
[[nodiscard]] bool is_missing_value(std::string_view text) noexcept;

/// The level of a categorical value: "(missing)" for a missing value, a number in its shortest
/// form ("12.50" and "12.5" are one level), other text as written. `buffer` holds a formatted one.
[[nodiscard]] std::string_view level_of(std::string_view text, std::string& buffer);

inline constexpr const char* kMissingLevel = "(missing)";

}  // namespace bpm::predict_detail
