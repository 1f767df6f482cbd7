#pragma once
// Coefficients in the analyst's words ("segment = mid-market (vs smb): ×2.3 odds of won") and the
// steps they are quoted for. Private to the predict area.
#include <string>

#include "bpm/predict/score_model.hpp"

namespace bpm::predict_detail {

/// A column's effect over a step that reads naturally: one level against the reference, one
/// more activity, or a round step of a numeric attribute or a duration near its spread.
struct Effect {
  std::string change;       // "deal_value +5000", "segment = mid-market (vs smb)", "waiting so far +1d"
  double step = 1.0;        // the change in the column's units
  double odds_ratio = 1.0;  // exp(coefficient × step)
  double low = 1.0;         // 95% confidence interval of the odds ratio
  double high = 1.0;
  double p_value = 1.0;
  std::string words;  // "×2.30 odds of won (95% CI ×1.90 to ×2.79)"
};

[[nodiscard]] Effect effect_of(const predict::Column& column, const predict::Label& label);

/// A round number near x for a step: 1, 2 or 5 times a power of ten, at most x (x > 0).
[[nodiscard]] double round_step(double x) noexcept;

/// "×2.30", "×0.45", "×1.02", "×1.3e+04": an odds ratio as the report writes it.
[[nodiscard]] std::string times(double ratio);

}  // namespace bpm::predict_detail
