// Training a score model: read the cases at the cut, split them out of time, choose the penalty
// by k-fold cross-validation, calibrate out of fold, validate on the held-out newest cases, then
// refit on every labelled case. The method is documented in share/doc/bpm-optimize.md#score.
#include "bpm/predict/train.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/io/csv.hpp"
#include "bpm/io/output_file.hpp"
#include "case_table.hpp"
#include "columns.hpp"
#include "core/parallel_for.hpp"
#include "core/random.hpp"
#include "logistic.hpp"
#include "metrics.hpp"

namespace bpm::predict {

CalibrationChoice parse_calibration(std::string_view text) {
  if (text == "auto") return CalibrationChoice::Auto;
  if (text == "none") return CalibrationChoice::None;
  if (text == "platt") return CalibrationChoice::Platt;
  if (text == "isotonic") return CalibrationChoice::Isotonic;
  throw SettingError("calibration", fmt::format("is auto, none, platt or isotonic, not '{}'", text));
}

namespace {

using predict_detail::AttributeValues;
using predict_detail::CaseTable;
using predict_detail::ColumnPlan;
using predict_detail::Design;
using predict_detail::LogisticFit;

constexpr double kZ95 = 1.959963984540054;

double logistic(double z) noexcept { return 1.0 / (1.0 + std::exp(-z)); }

void check_options(const TrainOptions& o) {
  if (o.label.outcomes.empty() && o.label.activity.empty()) {
    throw SettingError("outcome", "say what a positive case is: outcome values, or an outcome activity");
  }
  if (!o.label.outcomes.empty() && !o.label.activity.empty()) {
    throw SettingError("outcome_activity", "give it or outcome values, not both");
  }
  if (!(o.test_share >= 0.0 && o.test_share <= 0.9)) {
    throw SettingError("test_share", fmt::format("must be between 0 and 90%, not {}", o.test_share));
  }
  if (o.folds < 2 || o.folds > 100)
    throw SettingError("folds", fmt::format("must be between 2 and 100, not {}", o.folds));
  if (o.lambda && !(*o.lambda >= 0.0 && std::isfinite(*o.lambda))) {
    throw SettingError("lambda", fmt::format("must be a number of at least 0, not {}", *o.lambda));
  }
  if (!(o.threshold > 0.0 && o.threshold < 1.0)) {
    throw SettingError("threshold", fmt::format("must be between 0 and 1 (exclusive), not {}", o.threshold));
  }
  if (o.value && !std::isfinite(*o.value))
    throw SettingError("benefit", fmt::format("must be a number, not {}", *o.value));
  if (o.cost && !std::isfinite(*o.cost))
    throw SettingError("action_cost", fmt::format("must be a number, not {}", *o.cost));
  if (o.min_level_cases < 1) throw SettingError("min_level_cases", "must be at least 1");
  if (o.cv_sample < 100) throw SettingError("cv_sample", "must be at least 100");
}

std::string first_log(const std::vector<std::string>& logs) {
  return logs.empty() || logs.front() == "-" ? "<stdin>" : logs.front();
}

std::string outcome_listing(const CaseTable& t) {
  std::string out;
  for (const auto& [name, count] : t.outcomes) out += fmt::format("{}{} ({})", out.empty() ? "" : ", ", name, count);
  return out.empty() ? "none" : out;
}

/// The cross-validation folds of the training rows: a random sample of at most `limit` rows,
/// stratified by label, dealt round-robin into k folds.
struct Folds {
  std::vector<std::uint32_t> sample;  // rows of the design
  std::vector<std::uint32_t> fold;    // per sample entry
};

Folds make_folds(const std::vector<std::uint32_t>& train, const std::vector<std::uint8_t>& y, std::uint32_t k,
                 std::uint64_t limit, std::uint64_t seed) {
  Rng rng = Rng::stream(seed, 0, Rng::key("predict.folds"));
  const auto shuffle = [&rng](std::vector<std::uint32_t>& v) {
    for (std::size_t i = v.size(); i > 1; --i) {
      const std::size_t j = static_cast<std::size_t>(rng.next() % i);
      std::swap(v[i - 1], v[j]);
    }
  };
  std::vector<std::uint32_t> rows = train;
  shuffle(rows);
  if (rows.size() > limit) rows.resize(limit);
  std::sort(rows.begin(), rows.end());
  std::vector<std::uint32_t> positives;
  std::vector<std::uint32_t> negatives;
  for (const std::uint32_t r : rows) (y[r] != 0 ? positives : negatives).push_back(r);
  shuffle(positives);
  shuffle(negatives);
  Folds f;
  std::uint32_t next = 0;
  for (const auto* group : {&positives, &negatives}) {
    for (const std::uint32_t r : *group) {
      f.sample.push_back(r);
      f.fold.push_back(next);
      next = (next + 1) % k;
    }
  }
  return f;
}

/// Out-of-fold linear predictors for one penalty, warm-starting each fold's fit from `starts`.
struct CrossValidated {
  std::vector<double> lp;  // per Folds::sample entry
  double log_loss = 0.0;
  std::vector<double> fold_auc;
};

CrossValidated cross_validate(const Design& x, const std::vector<std::uint8_t>& y, const Folds& folds, std::uint32_t k,
                              double lambda, std::vector<Eigen::VectorXd>& starts, unsigned threads) {
  CrossValidated cv;
  cv.lp.assign(folds.sample.size(), 0.0);
  cv.fold_auc.assign(k, 0.0);
  starts.resize(k);
  // The folds are fitted in parallel, one thread each; each stores its own results, so the
  // outcome does not depend on the number of threads. Out-of-fold predictions only rank the
  // penalties, so the fits stop at a looser tolerance than the final ones.
  parallel_for(k, threads, [&](std::size_t f, unsigned) {
    std::vector<std::uint32_t> in;
    std::vector<std::uint32_t> out;
    std::vector<std::size_t> at;
    for (std::size_t s = 0; s < folds.sample.size(); ++s) {
      if (folds.fold[s] == f) {
        out.push_back(folds.sample[s]);
        at.push_back(s);
      } else {
        in.push_back(folds.sample[s]);
      }
    }
    const LogisticFit fit = predict_detail::fit_logistic(x, y, in, lambda, starts[f], 1, 1e-6);
    starts[f] = fit.beta;
    const std::vector<double> lp = predict_detail::linear_predictors(x, fit.beta, out);
    std::vector<double> scores(lp.size());
    std::vector<std::uint8_t> labels(lp.size());
    for (std::size_t i = 0; i < lp.size(); ++i) {
      cv.lp[at[i]] = lp[i];
      scores[i] = logistic(lp[i]);
      labels[i] = y[out[i]];
    }
    cv.fold_auc[f] = predict_detail::auc_delong(scores, labels).auc;
  });
  for (std::size_t s = 0; s < folds.sample.size(); ++s) {
    const double p = std::min(std::max(logistic(cv.lp[s]), 1e-15), 1.0 - 1e-15);
    cv.log_loss -= y[folds.sample[s]] != 0 ? std::log(p) : std::log(1.0 - p);
  }
  cv.log_loss /= static_cast<double>(std::max<std::size_t>(folds.sample.size(), 1));
  return cv;
}

/// Maps linear predictors to scores: the logistic, after Platt scaling or through isotonic steps.
struct Calibrator {
  Calibration calibration;
  [[nodiscard]] double operator()(double lp) const {
    switch (calibration.kind) {
      case Calibration::Kind::None: return logistic(lp);
      case Calibration::Kind::Platt: return logistic(calibration.platt_intercept + calibration.platt_slope * lp);
      case Calibration::Kind::Isotonic: {
        ScoreModel m;
        m.calibration = calibration;
        return m.score(lp);
      }
    }
    return logistic(lp);
  }
};

std::string iso_start(Time t) { return std::isfinite(t) ? format_datetime(std::floor(t)) : std::string(); }

/// Which part of the data a case is in, for the feature table.
enum Part : std::uint8_t { kTrain, kTest, kLate };

void write_features(const std::string& path, const CaseTable& t, const ColumnPlan& plan, const Design& raw,
                    const std::vector<std::uint8_t>& part) {
  OutputFile out(path);
  const bool replications =
      std::any_of(t.replications.begin(), t.replications.end(), [](std::uint32_t r) { return r != 0; });
  std::string line = replications ? "case_id,replication,set,label" : "case_id,set,label";
  for (const Column& c : plan.columns) {
    line += ',';
    append_csv_field(line, c.name());
  }
  line += '\n';
  out.write(line);
  for (std::size_t i = 0; i < t.size(); ++i) {
    line.clear();
    append_csv_field(line, t.ids[i]);
    if (replications) line += fmt::format(",{}", t.replications[i]);
    line += part[i] == kTest ? ",test," : part[i] == kTrain ? ",train," : ",late,";
    line += t.label[i] != 0 ? '1' : '0';
    for (std::size_t j = 0; j < plan.columns.size(); ++j) {
      line += fmt::format(",{}", raw(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)));
    }
    line += '\n';
    out.write(line);
  }
  out.commit();
}

}  // namespace

TrainResult train_score_model(const std::vector<std::string>& logs, const kpi::LogOptions& log_options,
                              const TrainOptions& o) {
  check_options(o);
  TrainResult result;
  auto phase_start = std::chrono::steady_clock::now();
  const auto lap = [&](const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    result.timings.emplace_back(phase, std::chrono::duration<double>(now - phase_start).count());
    phase_start = now;
  };
  kpi::LogOptions lo = log_options;
  lo.all_attributes = true;
  lo.keep_attributes.clear();
  if (!o.label.column.empty()) lo.columns.outcome = o.label.column;
  kpi::LogInfo info;
  CaseTable table(o, info);
  kpi::read_logs(logs, lo, info, table);
  lap("read the logs");
  const Location log_location{first_log(logs), 1, 0};
  const kpi::LogDictionary& dictionary = info.dictionary;

  result.sources = info.sources;
  result.convention = info.convention;
  result.cases_read = table.cases_read;
  result.cases_unlabelled = table.unlabelled;
  result.cases_not_reached = table.not_reached;
  result.cases_decided = table.decided_before_cut;

  // What the label and the cut need from the log.
  if (o.label.activity.empty() && !info.has_outcome) {
    throw DataError(log_location, o.label.column.empty()
                                      ? "the log has no outcome column: name the column that holds the outcome, or "
                                        "label cases by an activity"
                                      : fmt::format("the log has no outcome column '{}'", o.label.column));
  }
  if (!o.label.activity.empty() && dictionary.activities.find(o.label.activity) < 0) {
    throw DataError(log_location, fmt::format("no case does activity '{}' (the outcome activity)", o.label.activity));
  }
  if (o.cut.kind == Cut::Kind::After && dictionary.activities.find(o.cut.activity) < 0) {
    throw DataError(log_location, fmt::format("no case does activity '{}' (the cut after it)", o.cut.activity));
  }
  if (table.size() == 0) {
    throw DataError(
        log_location,
        fmt::format("no case has a known outcome at the cut ({}): {} cases read, {} still open, {} "
                    "never at the cut, {} decided before it",
                    o.cut.text(), table.cases_read, table.unlabelled, table.not_reached, table.decided_before_cut));
  }
  const std::size_t n = table.size();
  const std::uint64_t positives = std::accumulate(table.label.begin(), table.label.end(), std::uint64_t{0});
  if (positives == 0 || positives == n) {
    throw DataError(
        log_location,
        fmt::format("all {} cases at the cut are {}: a score needs cases of both kinds (outcomes seen: {})", n,
                    positives == 0 ? "negative (not " + o.label.text() + ")" : "positive (" + o.label.text() + ")",
                    o.label.activity.empty() ? outcome_listing(table) : std::string("by activity")));
  }

  // The split: the newest cases by start (or a random share) are the test set; training cases
  // whose outcome was only known after the first test case started are left out of the
  // training part, as they would have been when the model was trained.
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0U);
  if (o.time_split) {
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return table.start[a] < table.start[b]; });
  } else {
    Rng rng = Rng::stream(o.seed, 0, Rng::key("predict.split"));
    for (std::size_t i = order.size(); i > 1; --i)
      std::swap(order[i - 1], order[static_cast<std::size_t>(rng.next() % i)]);
  }
  const auto test_count = static_cast<std::size_t>(std::floor(o.test_share * static_cast<double>(n)));
  std::vector<std::uint32_t> train;
  std::vector<std::uint32_t> test(order.end() - static_cast<std::ptrdiff_t>(test_count), order.end());
  std::vector<std::uint8_t> part(n, kLate);
  for (const std::uint32_t r : test) part[r] = kTest;
  const Time split_time =
      test.empty() || !o.time_split ? std::numeric_limits<double>::infinity() : table.start[test.front()];
  for (std::size_t k = 0; k + test_count < n; ++k) {
    const std::uint32_t r = order[k];
    if (table.decided[r] > split_time) {
      ++result.cases_late_outcome;
    } else {
      train.push_back(r);
    }
  }
  std::sort(train.begin(), train.end());
  std::sort(test.begin(), test.end());
  for (const std::uint32_t r : train) part[r] = kTrain;
  result.train_cases = train.size();
  result.test_cases = test.size();
  if (test.empty()) {
    result.split = "none (a test share of 0): validated by cross-validation only";
  } else if (o.time_split) {
    result.split = fmt::format("out of time: the newest {:.0f}% by case start (from {}) are the test set",
                               100 * o.test_share, iso_start(split_time));
  } else {
    result.split = fmt::format("random: {:.0f}% of the cases (seed {})", 100 * o.test_share, o.seed);
  }
  const std::vector<std::uint8_t>& y = table.label;
  const auto train_positives = std::count_if(train.begin(), train.end(), [&](std::uint32_t r) { return y[r] != 0; });
  if (train_positives == 0 || static_cast<std::size_t>(train_positives) == train.size()) {
    throw DataError(log_location, fmt::format("the training part ({} cases before the test set) has only {} cases: "
                                              "give a smaller test share or more data",
                                              train.size(), train_positives == 0 ? "negative" : "positive"));
  }
  if (train_positives < 10 || train.size() - static_cast<std::size_t>(train_positives) < 10) {
    result.warnings.push_back(
        {"", fmt::format("only {} positive and {} negative training cases: the estimates are "
                         "unreliable",
                         train_positives, train.size() - static_cast<std::size_t>(train_positives))});
  }

  // Columns, the raw design, then standardisation by the training rows.
  ColumnPlan plan = predict_detail::plan_columns(table, train, o, dictionary);
  Design raw = predict_detail::raw_design(table, plan, dictionary);
  {
    // Means and standard deviations of the training rows, row by row (the design is row-major).
    const auto columns = static_cast<Eigen::Index>(plan.columns.size());
    Eigen::ArrayXd mean = Eigen::ArrayXd::Zero(columns);
    for (const std::uint32_t r : train) mean += raw.row(r).head(columns).transpose().array();
    mean /= static_cast<double>(train.size());
    Eigen::ArrayXd ss = Eigen::ArrayXd::Zero(columns);
    for (const std::uint32_t r : train) ss += (raw.row(r).head(columns).transpose().array() - mean).square();
    std::vector<Column> kept;
    std::vector<Eigen::Index> keep;
    for (Eigen::Index j = 0; j < columns; ++j) {
      Column c = plan.columns[static_cast<std::size_t>(j)];
      c.mean = mean(j);
      c.sd = std::sqrt(ss(j) / static_cast<double>(train.size()));
      if (!(c.sd > 0.0)) continue;  // constant among the training cases (e.g. a count every case has)
      kept.push_back(std::move(c));
      keep.push_back(j);
    }
    if (kept.size() != plan.columns.size()) {
      Design narrower(raw.rows(), static_cast<Eigen::Index>(kept.size()) + 1);
      for (Eigen::Index i = 0; i < raw.rows(); ++i) {
        for (std::size_t j = 0; j < keep.size(); ++j) narrower(i, static_cast<Eigen::Index>(j)) = raw(i, keep[j]);
        narrower(i, narrower.cols() - 1) = 1.0;
      }
      raw = std::move(narrower);
    }
    plan.columns = std::move(kept);
  }
  result.warnings.insert(result.warnings.end(), plan.warnings.begin(), plan.warnings.end());
  if (plan.columns.empty()) {
    throw DataError(log_location,
                    "no feature is left to score with: every attribute was left out (see the "
                    "warnings) and the cut gives no behaviour");
  }
  const std::size_t p = plan.columns.size();
  if (p >= train.size()) {
    result.warnings.push_back({"", fmt::format("more columns ({}) than training cases ({}): only the penalty keeps the "
                                               "fit defined; give more cases or fewer features",
                                               p, train.size())});
  }
  if (!o.feature_table.empty()) write_features(o.feature_table, table, plan, raw, part);
  // Standardised in place: the raw values are not needed again.
  Design x = std::move(raw);
  {
    Eigen::RowVectorXd mean(static_cast<Eigen::Index>(p));
    Eigen::RowVectorXd inverse_sd(static_cast<Eigen::Index>(p));
    for (std::size_t j = 0; j < p; ++j) {
      mean(static_cast<Eigen::Index>(j)) = plan.columns[j].mean;
      inverse_sd(static_cast<Eigen::Index>(j)) = 1.0 / plan.columns[j].sd;
    }
    const auto q = static_cast<Eigen::Index>(p);
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      x.row(i).head(q) = ((x.row(i).head(q) - mean).array() * inverse_sd.array()).matrix();
    }
  }

  lap("columns and design");

  // The penalty, by cross-validation over a grid from strong to weak (warm starts), stopping
  // two steps after the cross-validated log-loss stops improving.
  const Folds folds = make_folds(train, y, o.folds, o.cv_sample, o.seed);
  std::vector<double> grid;
  if (o.lambda) {
    grid.push_back(*o.lambda);
  } else {
    for (int k = 1; k >= -6; --k) grid.push_back(std::pow(10.0, k));  // by decades: the optimum is flat
  }
  std::vector<Eigen::VectorXd> starts;
  std::optional<CrossValidated> best;
  double lambda = grid.front();
  int worse = 0;
  for (const double candidate : grid) {
    CrossValidated cv = cross_validate(x, y, folds, o.folds, candidate, starts, o.threads);
    result.lambda_path.emplace_back(candidate, cv.log_loss);
    if (!best || cv.log_loss < best->log_loss) {
      best = std::move(cv);
      lambda = candidate;
      worse = 0;
    } else if (++worse >= 2) {
      break;
    }
  }
  if (!o.lambda && lambda == grid.front()) {
    result.warnings.push_back({"", fmt::format("the strongest penalty tried (lambda {:g}) fits best: the features "
                                               "carry little or no signal about the outcome",
                                               lambda)});
  }
  result.lambda_choice = o.lambda ? "given"
                                  : fmt::format("{}-fold cross-validation (lowest log-loss of {} values tried)",
                                                o.folds, result.lambda_path.size());
  if (folds.sample.size() < train.size()) {
    result.lambda_choice += fmt::format(", on a sample of {} training cases", folds.sample.size());
  }

  lap("cross-validation");

  // Calibration, judged and fitted on the out-of-fold predictions of the training part.
  std::vector<std::uint8_t> oof_y(folds.sample.size());
  for (std::size_t s = 0; s < folds.sample.size(); ++s) oof_y[s] = y[folds.sample[s]];
  const predict_detail::Recalibration rec = predict_detail::recalibrate(best->lp, oof_y);
  Calibrator calibrate;
  // Constant out-of-fold scores (no signal) have no slope: nothing for Platt to correct.
  const bool miscalibrated = std::isfinite(rec.slope) && (std::abs(rec.slope - 1.0) > kZ95 * rec.slope_se ||
                                                          std::abs(rec.in_the_large) > kZ95 * rec.in_the_large_se);
  CalibrationChoice choice = o.calibration;
  if (choice == CalibrationChoice::Auto) choice = miscalibrated ? CalibrationChoice::Platt : CalibrationChoice::None;
  if (choice == CalibrationChoice::Platt && !std::isfinite(rec.slope)) {
    result.warnings.push_back({"", "the out-of-fold scores are all equal: no Platt calibration"});
  } else if (choice == CalibrationChoice::Platt) {
    calibrate.calibration.kind = Calibration::Kind::Platt;
    calibrate.calibration.platt_slope = rec.slope;
    calibrate.calibration.platt_intercept = rec.intercept;
  } else if (choice == CalibrationChoice::Isotonic) {
    calibrate.calibration.kind = Calibration::Kind::Isotonic;
    predict_detail::isotonic(best->lp, oof_y, calibrate.calibration.thresholds, calibrate.calibration.values);
  }
  {
    std::vector<double> scores(best->lp.size());
    for (std::size_t s = 0; s < scores.size(); ++s) scores[s] = calibrate(best->lp[s]);
    Validation cv = predict_detail::validate(scores, oof_y, o.threshold, o.value, o.cost);
    cv.name = fmt::format("{}-fold cross-validation of the training part", o.folds);
    double mean = 0.0;
    double ss = 0.0;
    for (const double a : best->fold_auc) mean += a;
    mean /= static_cast<double>(best->fold_auc.size());
    for (const double a : best->fold_auc) ss += (a - mean) * (a - mean);
    cv.auc_sd = std::sqrt(ss / static_cast<double>(std::max<std::size_t>(best->fold_auc.size() - 1, 1)));
    result.cross_validation = std::move(cv);
    if (o.value || o.cost) {
      result.best_threshold =
          predict_detail::best_threshold(scores, oof_y, o.value.value_or(0.0), o.cost.value_or(0.0));
    }
  }

  // The training part's fit, judged on the test set.
  const LogisticFit train_fit = predict_detail::fit_logistic(x, y, train, lambda, Eigen::VectorXd(), o.threads);
  lap("fit of the training part");
  if (!test.empty()) {
    const std::vector<double> lp = predict_detail::linear_predictors(x, train_fit.beta, test);
    std::vector<double> scores(lp.size());
    std::vector<std::uint8_t> labels(lp.size());
    for (std::size_t i = 0; i < lp.size(); ++i) {
      scores[i] = calibrate(lp[i]);
      labels[i] = y[test[i]];
    }
    Validation v = predict_detail::validate(scores, labels, o.threshold, o.value, o.cost);
    v.name = o.time_split ? fmt::format("test: the newest {:.0f}% of the cases", 100 * o.test_share)
                          : fmt::format("test: a random {:.0f}% of the cases", 100 * o.test_share);
    result.test = std::move(v);
  }

  // The model: every labelled case, the same penalty per case, warm-started.
  std::vector<std::uint32_t> all(n);
  std::iota(all.begin(), all.end(), 0U);
  const LogisticFit fit = predict_detail::fit_logistic(x, y, all, lambda, train_fit.beta, o.threads);
  lap("fit of every case");
  if (!fit.converged) {
    result.warnings.push_back(
        {"", fmt::format("the fit stopped after {} iterations without converging", fit.iterations)});
  }
  const Eigen::MatrixXd covariance = predict_detail::coefficient_covariance(fit);
  ScoreModel& m = result.model;
  m.label = o.label;
  m.cut = o.cut;
  m.columns = plan.columns;
  m.calibration = calibrate.calibration;
  const auto q = static_cast<Eigen::Index>(p);
  double intercept = fit.beta(q);
  for (std::size_t j = 0; j < p; ++j) {
    Column& c = m.columns[j];
    const auto jj = static_cast<Eigen::Index>(j);
    c.coefficient = fit.beta(jj) / c.sd;
    c.std_error = std::sqrt(std::max(0.0, covariance(jj, jj))) / c.sd;
    intercept -= fit.beta(jj) * c.mean / c.sd;
  }
  if (m.calibration.kind == Calibration::Kind::Platt) {
    // Folded in: logistic(a + b·(intercept + Σ βx)) is a logistic model with b·β and a + b·intercept.
    const double a = m.calibration.platt_intercept;
    const double b = m.calibration.platt_slope;
    for (Column& c : m.columns) {
      c.coefficient *= b;
      c.std_error *= std::abs(b);
    }
    intercept = a + b * intercept;
  }
  m.intercept = intercept;
  m.training.cases = n;
  m.training.positives = positives;
  m.training.lambda = lambda;
  const auto [first, last] = std::minmax_element(table.start.begin(), table.start.end());
  m.training.first_start = iso_start(*first);
  m.training.last_start = iso_start(*last);
  result.iterations = fit.iterations;
  if (!std::isfinite(m.intercept) ||
      std::any_of(m.columns.begin(), m.columns.end(), [](const Column& c) { return !std::isfinite(c.coefficient); })) {
    throw DataError(log_location, "the fit did not give finite coefficients");
  }

  // In sample, and the feature-by-feature check for outcomes that leak through an attribute.
  {
    std::vector<double> scores(n);
    const std::vector<double> lp = predict_detail::linear_predictors(x, fit.beta, all);
    for (std::size_t i = 0; i < n; ++i) scores[i] = calibrate(lp[i]);  // fit.beta is before Platt's folding
    result.training = predict_detail::validate(scores, y, o.threshold, o.value, o.cost);
    result.training.name = "training (in sample, the final model)";
  }
  {
    const std::size_t step = std::max<std::size_t>(1, train.size() / 20000);  // a sample shows a leak as well
    std::vector<std::uint8_t> labels;
    for (std::size_t k = 0; k < train.size(); k += step) labels.push_back(y[train[k]]);
    for (std::size_t j = 0; j < p; ++j) {
      std::vector<double> values;
      for (std::size_t k = 0; k < train.size(); k += step) values.push_back(x(train[k], static_cast<Eigen::Index>(j)));
      const double auc = predict_detail::auc_delong(values, labels).auc;
      if (std::isfinite(auc) && std::max(auc, 1.0 - auc) >= 0.99) {
        result.warnings.push_back(
            {m.columns[j].name(),
             fmt::format("'{}' alone separates the outcome almost perfectly (AUC {:.3f}): is it known only after the "
                         "outcome? Exclude {} if so",
                         m.columns[j].name(), std::max(auc, 1.0 - auc),
                         m.columns[j].source.empty() ? "(an attribute)" : m.columns[j].source)});
      }
    }
  }
  lap("validation and checks");
  return result;
}

}  // namespace bpm::predict
