// The training report, built as one document (optimize's tables; to move to the shared report
// layer) and rendered in the four formats.
#include "bpm/predict/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "explain.hpp"
#include "optimize/document.hpp"

namespace bpm::predict {
namespace {

using optimize_detail::Cell;
using optimize_detail::Document;
using optimize_detail::Section;
using optimize_detail::text;

Cell count(std::uint64_t n) { return Cell{fmt::format("{}", n), static_cast<double>(n)}; }
Cell fixed(double x, int decimals) {
  if (!std::isfinite(x)) return Cell{"-", x};
  return Cell{fmt::format("{:.{}f}", x, decimals), x};
}
Cell general(double x) {
  if (!std::isfinite(x)) return Cell{"-", x};
  return Cell{fmt::format("{:.4g}", x), x};
}
Cell percent(double x) {
  if (!std::isfinite(x)) return Cell{"-", x};
  return Cell{fmt::format("{:.1f}%", 100.0 * x), x};
}
Cell ratio(double x) { return Cell{predict_detail::times(x), x}; }
Cell share(std::uint64_t part, std::uint64_t whole) {
  return percent(whole == 0 ? std::nan("") : static_cast<double>(part) / static_cast<double>(whole));
}

/// "1.03 ± 0.21": an estimate and its 95% half-width; "-" when there is none.
Cell plus_minus(double estimate, double se, bool sign) {
  if (!std::isfinite(estimate) || !std::isfinite(se)) return Cell{"-", estimate};
  const double half_width = 1.959963984540054 * se;
  return Cell{sign ? fmt::format("{:+.2f} ± {:.2f}", estimate, half_width)
                   : fmt::format("{:.2f} ± {:.2f}", estimate, half_width),
              estimate};
}

void add_validation_row(Section& s, const Validation& v) {
  s.rows.push_back({text(v.name), count(v.cases), count(v.positives), fixed(v.auc, 3),
                    text(std::isfinite(v.auc_low) ? fmt::format("{:.3f} to {:.3f}", v.auc_low, v.auc_high) : "-"),
                    v.auc_sd ? fixed(*v.auc_sd, 3) : text("-"), fixed(v.brier, 4), fixed(v.log_loss, 4),
                    plus_minus(v.calibration_slope, v.calibration_slope_se, false),
                    plus_minus(v.calibration_intercept, v.calibration_intercept_se, true)});
}

/// The set the tables of scores describe: the test set, else the cross-validation.
const Validation& judged(const TrainResult& r) { return r.test ? *r.test : *r.cross_validation; }

}  // namespace

std::string format_train_report(const TrainResult& r, OptimizeFormat format) {
  const ScoreModel& m = r.model;
  Document d;
  d.header.emplace_back("score", text(fmt::format("P({}) at the cut '{}'", m.label.text(), m.cut.text())));
  std::string logs;
  for (const std::string& s : r.sources) logs += (logs.empty() ? "" : ", ") + (s == "-" ? std::string("<stdin>") : s);
  d.header.emplace_back("logs", text(logs + " (" + r.convention + ")"));
  d.header.emplace_back("model", text(fmt::format("L2-regularised logistic regression, {} columns, lambda {:.3g} "
                                                  "({})",
                                                  m.columns.size(), m.training.lambda, r.lambda_choice)));
  d.header.emplace_back("split", text(r.split));
  std::string calibration(calibration_name(m.calibration.kind));
  if (m.calibration.kind == Calibration::Kind::Platt) {
    calibration = fmt::format(
        "platt (slope {:.3f}, intercept {:+.3f}, fitted out of fold; folded into the "
        "coefficients)",
        m.calibration.platt_slope, m.calibration.platt_intercept);
  } else if (m.calibration.kind == Calibration::Kind::Isotonic) {
    calibration = fmt::format("isotonic ({} steps, fitted out of fold)", m.calibration.thresholds.size());
  }
  d.header.emplace_back("calibration", text(calibration));
  d.header.emplace_back("final model", text(fmt::format("refitted on all {} labelled cases at the cut ({} positive), "
                                                        "started {} to {}",
                                                        m.training.cases, m.training.positives, m.training.first_start,
                                                        m.training.last_start)));

  Section data{"cases", "CASES", {"cases", "count", "share"}, {}};
  const auto row = [&](const char* what, std::uint64_t n) {
    data.rows.push_back({text(what), count(n), share(n, r.cases_read)});
  };
  row("read", r.cases_read);
  row("still open (no outcome yet)", r.cases_unlabelled);
  row("never at the cut", r.cases_not_reached);
  row("outcome known before the cut", r.cases_decided);
  row("training", r.train_cases);
  row("training: left out, outcome known after the split", r.cases_late_outcome);
  row("test", r.test_cases);
  d.sections.push_back(std::move(data));

  Section validation{"validation",
                     "VALIDATION (AUC 95% CI by DeLong; calibration slope 1 and intercept 0 when calibrated)",
                     {"set", "cases", "positives", "auc", "auc_95ci", "auc_sd_folds", "brier", "log_loss",
                      "calibration_slope", "calibration_intercept"},
                     {}};
  if (r.test) add_validation_row(validation, *r.test);
  if (r.cross_validation) add_validation_row(validation, *r.cross_validation);
  add_validation_row(validation, r.training);
  d.sections.push_back(std::move(validation));

  const Validation& v = judged(r);
  const std::string on = r.test ? "test set" : "cross-validation";
  Section calibration_table{"calibration",
                            "CALIBRATION (" + on + ", ten bins by score)",
                            {"bin", "cases", "mean_score", "observed_rate", "lowest_score", "highest_score"},
                            {}};
  for (std::size_t b = 0; b < v.calibration.size(); ++b) {
    const ScoreBin& bin = v.calibration[b];
    calibration_table.rows.push_back({count(b + 1), count(bin.cases), percent(bin.mean_score),
                                      share(bin.positives, bin.cases), percent(bin.low_score),
                                      percent(bin.high_score)});
  }
  d.sections.push_back(std::move(calibration_table));

  Section lift{"lift",
               "LIFT AND GAIN (" + on + ", deciles by score, highest first)",
               {"decile", "cases", "positives", "rate", "lift", "cumulative_gain", "cumulative_lift", "lowest_score"},
               {}};
  const double base = v.cases == 0 ? 0.0 : static_cast<double>(v.positives) / static_cast<double>(v.cases);
  std::uint64_t cases_so_far = 0;
  std::uint64_t positives_so_far = 0;
  for (std::size_t b = 0; b < v.deciles.size(); ++b) {
    const ScoreBin& bin = v.deciles[b];
    cases_so_far += bin.cases;
    positives_so_far += bin.positives;
    const double rate = static_cast<double>(bin.positives) / static_cast<double>(std::max<std::uint64_t>(bin.cases, 1));
    const double cumulative_rate =
        static_cast<double>(positives_so_far) / static_cast<double>(std::max<std::uint64_t>(cases_so_far, 1));
    lift.rows.push_back({count(b + 1), count(bin.cases), count(bin.positives), percent(rate),
                         fixed(base > 0 ? rate / base : std::nan(""), 2), share(positives_so_far, v.positives),
                         fixed(base > 0 ? cumulative_rate / base : std::nan(""), 2), percent(bin.low_score)});
  }
  d.sections.push_back(std::move(lift));

  if (v.confusion) {
    const ConfusionTable& c = *v.confusion;
    Section confusion{
        "confusion", fmt::format("CONFUSION AT THRESHOLD {:g} ({})", c.threshold, on), {"measure", "value"}, {}};
    const std::uint64_t acted = c.true_positives + c.false_positives;
    const std::uint64_t positives = c.true_positives + c.false_negatives;
    const std::uint64_t negatives = c.false_positives + c.true_negatives;
    confusion.rows.push_back({text("true positives (acted on, positive)"), count(c.true_positives)});
    confusion.rows.push_back({text("false positives (acted on, negative)"), count(c.false_positives)});
    confusion.rows.push_back({text("false negatives (passed over, positive)"), count(c.false_negatives)});
    confusion.rows.push_back({text("true negatives (passed over, negative)"), count(c.true_negatives)});
    confusion.rows.push_back({text("precision"), share(c.true_positives, acted)});
    confusion.rows.push_back({text("recall (sensitivity)"), share(c.true_positives, positives)});
    confusion.rows.push_back({text("specificity"), share(c.true_negatives, negatives)});
    confusion.rows.push_back({text("accuracy"), share(c.true_positives + c.true_negatives, v.cases)});
    if (c.value_per_case) {
      confusion.rows.push_back(
          {text("expected value per case, acting above the threshold"), general(*c.value_per_case)});
      confusion.rows.push_back({text("expected value per case, acting on every case"), general(*c.value_all_per_case)});
      confusion.rows.push_back({text("expected value per case, acting on none"), general(0.0)});
    }
    if (r.best_threshold) {
      confusion.rows.push_back(
          {text("threshold of the highest expected value (out of fold)"), general(*r.best_threshold)});
    }
    d.sections.push_back(std::move(confusion));
  }

  Section coefficients{
      "coefficients",
      "COEFFICIENTS (log-odds per unit; odds ratios for the change shown, 95% CI; strongest first)",
      {"feature", "coefficient", "std_error", "change", "odds_ratio", "odds_ratio_95ci", "p_value", "in_words"},
      {}};
  std::vector<std::size_t> order(m.columns.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto z = [&](std::size_t j) {
    const Column& c = m.columns[j];
    return c.std_error > 0 ? std::abs(c.coefficient / c.std_error) : 0.0;
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return z(a) > z(b); });
  for (const std::size_t j : order) {
    const Column& c = m.columns[j];
    const predict_detail::Effect e = predict_detail::effect_of(c, m.label);
    coefficients.rows.push_back(
        {text(c.name()), general(c.coefficient), general(c.std_error), text(e.change), ratio(e.odds_ratio),
         text(fmt::format("{} to {}", predict_detail::times(e.low), predict_detail::times(e.high))),
         Cell{e.p_value < 1e-4 ? "<0.0001" : fmt::format("{:.4f}", e.p_value), e.p_value},
         text(e.change + ": " + e.words)});
  }
  coefficients.rows.push_back(
      {text("(intercept)"), general(m.intercept), text("-"), text("-"), text("-"), text("-"), text("-"), text("-")});
  d.sections.push_back(std::move(coefficients));

  if (r.lambda_path.size() > 1) {
    Section path{"penalty", "PENALTY (cross-validated log-loss; * chosen)", {"lambda", "cv_log_loss", "chosen"}, {}};
    for (const auto& [lambda, loss] : r.lambda_path) {
      const bool chosen = lambda == m.training.lambda;
      path.rows.push_back({general(lambda), fixed(loss, 5), Cell{chosen ? "*" : "", chosen ? 1.0 : 0.0, true}});
    }
    d.sections.push_back(std::move(path));
  }
  Section warnings{"warnings", "WARNINGS", {"feature", "warning"}, {}};
  for (const TrainWarning& w : r.warnings)
    warnings.rows.push_back({text(w.feature.empty() ? "-" : w.feature), text(w.message)});
  if (!warnings.rows.empty()) d.sections.push_back(std::move(warnings));
  return optimize_detail::render(d, format);
}

}  // namespace bpm::predict
