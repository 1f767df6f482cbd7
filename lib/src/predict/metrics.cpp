// Validation measures. Orderings by score break ties by position, so tables are deterministic.
#include "metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace bpm::predict_detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::size_t> order_by(const std::vector<double>& scores, bool descending) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return descending ? scores[a] > scores[b] : scores[a] < scores[b];
  });
  return order;
}

double clamp_probability(double p) noexcept { return std::min(std::max(p, 1e-15), 1.0 - 1e-15); }

/// Ten bins of (nearly) equal size over `order`.
std::vector<ScoreBin> bins(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels,
                           const std::vector<std::size_t>& order) {
  std::vector<ScoreBin> out;
  const std::size_t n = order.size();
  if (n == 0) return out;
  const std::size_t count = std::min<std::size_t>(10, n);
  for (std::size_t b = 0; b < count; ++b) {
    const std::size_t from = b * n / count;
    const std::size_t to = (b + 1) * n / count;
    ScoreBin bin;
    bin.low_score = std::numeric_limits<double>::infinity();
    bin.high_score = -std::numeric_limits<double>::infinity();
    double sum = 0.0;
    for (std::size_t k = from; k < to; ++k) {
      const std::size_t i = order[k];
      ++bin.cases;
      bin.positives += labels[i];
      sum += scores[i];
      bin.low_score = std::min(bin.low_score, scores[i]);
      bin.high_score = std::max(bin.high_score, scores[i]);
    }
    bin.mean_score = sum / static_cast<double>(bin.cases);
    out.push_back(bin);
  }
  return out;
}

/// A two-parameter logistic fit of y on (1, z) by Newton's method, optionally with the slope
/// fixed at 1 (z an offset). Returns (intercept, slope) and their standard errors.
struct SmallFit {
  double a = 0.0, b = 1.0, a_se = 0.0, b_se = 0.0;
};

SmallFit small_logistic(const std::vector<double>& z, const std::vector<std::uint8_t>& y, bool offset) {
  SmallFit f;
  f.b = offset ? 1.0 : 0.0;
  for (int iteration = 0; iteration < 100; ++iteration) {
    double g0 = 0.0, g1 = 0.0, h00 = 0.0, h01 = 0.0, h11 = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double mu = 1.0 / (1.0 + std::exp(-(f.a + f.b * z[i])));
      const double w = mu * (1.0 - mu);
      const double r = mu - y[i];
      g0 += r;
      g1 += r * z[i];
      h00 += w;
      h01 += w * z[i];
      h11 += w * z[i] * z[i];
    }
    double da = 0.0, db = 0.0;
    if (offset) {
      if (h00 <= 0.0) break;
      da = g0 / h00;
      f.a_se = 1.0 / std::sqrt(h00);
    } else {
      const double det = h00 * h11 - h01 * h01;
      if (!(det > 0.0)) break;
      da = (h11 * g0 - h01 * g1) / det;
      db = (h00 * g1 - h01 * g0) / det;
      f.a_se = std::sqrt(h11 / det);
      f.b_se = std::sqrt(h00 / det);
    }
    // Damped when a step is large: separable data would otherwise run off.
    const double size = std::max(std::abs(da), std::abs(db));
    const double scale = size > 5.0 ? 5.0 / size : 1.0;
    f.a -= scale * da;
    f.b -= scale * db;
    if (size < 1e-10) break;
  }
  return f;
}

}  // namespace

Auc auc_delong(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels) {
  // DeLong, DeLong & Clarke-Pearson (1988): the structural components V10 (per positive: share of
  // negatives scored lower, ties half) and V01 (per negative: share of positives scored higher).
  const std::vector<std::size_t> order = order_by(scores, false);
  std::size_t positives = 0;
  for (const auto l : labels) positives += l;
  const std::size_t negatives = labels.size() - positives;
  if (positives == 0 || negatives == 0) return {kNaN, kNaN};
  std::vector<double> v10;
  std::vector<double> v01;
  v10.reserve(positives);
  v01.reserve(negatives);
  std::size_t negatives_below = 0;
  std::size_t positives_below = 0;
  for (std::size_t k = 0; k < order.size();) {
    // A run of tied scores.
    std::size_t end = k;
    std::size_t tied_positives = 0;
    while (end < order.size() && scores[order[end]] == scores[order[k]]) tied_positives += labels[order[end++]];
    const std::size_t tied_negatives = end - k - tied_positives;
    for (std::size_t j = k; j < end; ++j) {
      if (labels[order[j]] != 0) {
        v10.push_back((static_cast<double>(negatives_below) + 0.5 * static_cast<double>(tied_negatives)) /
                      static_cast<double>(negatives));
      } else {
        const double above = static_cast<double>(positives - positives_below - tied_positives);
        v01.push_back((above + 0.5 * static_cast<double>(tied_positives)) / static_cast<double>(positives));
      }
    }
    negatives_below += tied_negatives;
    positives_below += tied_positives;
    k = end;
  }
  const double auc = std::accumulate(v10.begin(), v10.end(), 0.0) / static_cast<double>(positives);
  const auto variance = [auc](const std::vector<double>& v) {
    if (v.size() < 2) return 0.0;
    double s = 0.0;
    for (const double x : v) s += (x - auc) * (x - auc);
    return s / static_cast<double>(v.size() - 1);
  };
  const double se =
      std::sqrt(variance(v10) / static_cast<double>(positives) + variance(v01) / static_cast<double>(negatives));
  return {auc, se};
}

Recalibration recalibrate(const std::vector<double>& z, const std::vector<std::uint8_t>& labels) {
  Recalibration r;
  const auto [low, high] = std::minmax_element(z.begin(), z.end());
  if (z.empty() || !(*high > *low)) {
    // Constant predictions have no slope to estimate; their intercept is still meaningful.
    r.slope = r.slope_se = kNaN;
    r.intercept = kNaN;
    const SmallFit large = small_logistic(z, labels, true);
    r.in_the_large = large.a;
    r.in_the_large_se = large.a_se;
    return r;
  }
  const SmallFit two = small_logistic(z, labels, false);
  r.slope = two.b;
  r.slope_se = two.b_se;
  r.intercept = two.a;
  const SmallFit large = small_logistic(z, labels, true);
  r.in_the_large = large.a;
  r.in_the_large_se = large.a_se;
  return r;
}

void isotonic(const std::vector<double>& z, const std::vector<std::uint8_t>& labels, std::vector<double>& thresholds,
              std::vector<double>& values) {
  const std::vector<std::size_t> order = order_by(z, false);
  // Blocks of (first z, sum of labels, count), merged while a block's mean is not above the previous one's.
  struct Block {
    double first = 0.0;
    double sum = 0.0;
    double count = 0.0;
  };
  std::vector<Block> blocks;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    if (!blocks.empty() && blocks.back().first == z[i]) {  // equal predictors share one value
      blocks.back().sum += labels[i];
      blocks.back().count += 1.0;
    } else {
      blocks.push_back({z[i], static_cast<double>(labels[i]), 1.0});
    }
    while (blocks.size() > 1 &&
           blocks[blocks.size() - 2].sum * blocks.back().count >= blocks.back().sum * blocks[blocks.size() - 2].count) {
      Block last = blocks.back();
      blocks.pop_back();
      blocks.back().sum += last.sum;
      blocks.back().count += last.count;
    }
  }
  thresholds.clear();
  values.clear();
  for (const Block& b : blocks) {
    thresholds.push_back(b.first);
    // Kept off 0 and 1 so that log-loss stays finite on new cases.
    values.push_back(std::min(std::max(b.sum / b.count, 1e-6), 1.0 - 1e-6));
  }
}

Validation validate(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels, double threshold,
                    std::optional<double> value, std::optional<double> cost) {
  Validation v;
  v.cases = labels.size();
  for (const auto l : labels) v.positives += l;
  const Auc auc = auc_delong(scores, labels);
  v.auc = auc.auc;
  v.auc_low = std::max(0.0, auc.auc - 1.959963984540054 * auc.se);
  v.auc_high = std::min(1.0, auc.auc + 1.959963984540054 * auc.se);
  double brier = 0.0;
  double log_loss = 0.0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const double p = scores[i];
    brier += (p - labels[i]) * (p - labels[i]);
    const double q = clamp_probability(p);
    log_loss -= labels[i] != 0 ? std::log(q) : std::log(1.0 - q);
  }
  const double n = static_cast<double>(std::max<std::size_t>(scores.size(), 1));
  v.brier = brier / n;
  v.log_loss = log_loss / n;
  // Recalibration on the logit of the final scores (after any calibration), so that it judges them.
  std::vector<double> logits(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const double q = clamp_probability(scores[i]);
    logits[i] = std::log(q / (1.0 - q));
  }
  const Recalibration r = recalibrate(logits, labels);
  v.calibration_slope = r.slope;
  v.calibration_slope_se = r.slope_se;
  v.calibration_intercept = r.in_the_large;
  v.calibration_intercept_se = r.in_the_large_se;
  v.calibration = bins(scores, labels, order_by(scores, false));
  v.deciles = bins(scores, labels, order_by(scores, true));

  ConfusionTable t;
  t.threshold = threshold;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const bool act = scores[i] >= threshold;
    const bool positive = labels[i] != 0;
    if (act && positive) ++t.true_positives;
    if (act && !positive) ++t.false_positives;
    if (!act && positive) ++t.false_negatives;
    if (!act && !positive) ++t.true_negatives;
  }
  if (value || cost) {
    const double gain = value.value_or(0.0);
    const double spend = cost.value_or(0.0);
    t.value_per_case = (static_cast<double>(t.true_positives) * gain -
                        static_cast<double>(t.true_positives + t.false_positives) * spend) /
                       n;
    t.value_all_per_case = (static_cast<double>(v.positives) * gain - static_cast<double>(v.cases) * spend) / n;
  }
  v.confusion = t;
  return v;
}

double best_threshold(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels, double value,
                      double cost) {
  // Acting on the k highest scores: value × positives among them − cost × k, best over k.
  const std::vector<std::size_t> order = order_by(scores, true);
  double best = 0.0;  // acting on none
  double best_threshold = std::numeric_limits<double>::infinity();
  double running = 0.0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    running += labels[order[k]] != 0 ? value - cost : -cost;
    // Only where the next score differs: a threshold cannot split tied scores.
    if (k + 1 < order.size() && scores[order[k + 1]] == scores[order[k]]) continue;
    if (running > best) {
      best = running;
      best_threshold = scores[order[k]];
    }
  }
  return best_threshold;
}

}  // namespace bpm::predict_detail
