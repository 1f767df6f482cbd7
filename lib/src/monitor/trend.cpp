// TrendBuilder: per-day statistics of the measured cases, grouped into periods and charted with
// Shewhart control limits.
#include "bpm/monitor/trend.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/kpi/report_format.hpp"
#include "bpm/metrics/registry.hpp"
#include "bpm/stats/histogram.hpp"
#include "bpm/stats/running_stats.hpp"
#include "monitor/completed_cases.hpp"

namespace bpm::monitor {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDay = 86400.0;

struct DayAcc : CompletedCases {
  std::uint64_t arrivals = 0;

  void merge(const DayAcc& o) {
    CompletedCases::merge(o);
    arrivals += o.arrivals;
  }
};

std::int64_t day_of(Time t) { return static_cast<std::int64_t>(std::floor(t / kDay)); }

/// The first day of the period holding `day`: Monday for weeks (day 0, 1970-01-01, was a Thursday).
std::int64_t period_start(std::int64_t day, Period p) {
  switch (p) {
    case Period::Week: return day - ((day % 7 + 7 + 3) % 7);
    case Period::Month: {
      const std::string text = format_datetime(static_cast<double>(day) * kDay);
      return days_from_civil(std::stoi(text.substr(0, 4)), static_cast<unsigned>(std::stoi(text.substr(5, 2))), 1);
    }
    case Period::Day:
    case Period::Auto: break;
  }
  return day;
}

std::int64_t next_period(std::int64_t start, Period p) {
  switch (p) {
    case Period::Week: return start + 7;
    case Period::Month: return period_start(start + 31, Period::Month);
    case Period::Day:
    case Period::Auto: break;
  }
  return start + 1;
}

std::string label_of(std::int64_t start, Period p) {
  const std::string date = format_datetime(static_cast<double>(start) * kDay).substr(0, 10);
  return p == Period::Month ? date.substr(0, 7) : date;
}

}  // namespace

Period parse_period(std::string_view name) {
  if (name == "auto") return Period::Auto;
  if (name == "day" || name == "daily") return Period::Day;
  if (name == "week" || name == "weekly") return Period::Week;
  if (name == "month" || name == "monthly") return Period::Month;
  throw UsageError(fmt::format("unknown period '{}' (expected day, week, month or auto)", name));
}

const char* period_name(Period period) noexcept {
  switch (period) {
    case Period::Day: return "day";
    case Period::Week: return "week";
    case Period::Month: return "month";
    case Period::Auto: break;
  }
  return "auto";
}

const char* chart_name(ChartKind kind) noexcept {
  switch (kind) {
    case ChartKind::Individuals: return "individuals chart";
    case ChartKind::XBar: return "X-bar chart";
    case ChartKind::P: return "p-chart";
  }
  return "";
}

const std::vector<TrendMetric>& trend_metrics() {
  // The metrics of the registry (their names, units and definitions), each measured per period;
  // the description says what one point of the chart is.
  const auto metric = [](const char* name, ChartKind chart, const char* point) {
    return TrendMetric{name, metrics::definition_of(name).unit, chart, point};
  };
  static const std::vector<TrendMetric> all = {
      metric("cases.completed", ChartKind::Individuals, "cases completed in the period"),
      metric("cases.arrived", ChartKind::Individuals, "cases that arrived in the period"),
      metric("cycle_time.mean", ChartKind::XBar, "mean cycle time of the cases completed"),
      metric("waiting_time.mean", ChartKind::XBar, "mean waiting time of the cases completed"),
      metric("processing_time.mean", ChartKind::XBar, "mean processing time of the cases completed"),
      metric("cost.per_case", ChartKind::XBar, "mean cost of the cases completed"),
      metric("win_rate", ChartKind::P, "share of the cases completed that were won"),
      metric("rework_rate", ChartKind::P, "share of the cases completed with rework"),
  };
  return all;
}

std::vector<std::string> TrendResult::latest_signals() const {
  std::vector<std::string> out;
  for (const TrendChart& c : charts) {
    if (!c.latest_out_of_control) continue;
    for (const TrendPoint& p : c.points) {
      if (p.label != c.latest_label) continue;
      out.push_back(fmt::format("{} {}: {} {} the control limit {}", c.metric, p.label,
                                kpi::format_value(p.value, c.unit), p.signal > 0 ? "above" : "below",
                                kpi::format_value(p.signal > 0 ? p.upper : p.lower, c.unit)));
    }
  }
  return out;
}

struct TrendBuilder::State {
  TrendOptions options;
  std::map<std::int64_t, DayAcc> days;
  LogHistogram cycle;  // for the ramp-up
  Time first = std::numeric_limits<double>::infinity();
  Time last = -std::numeric_limits<double>::infinity();
  std::uint32_t first_replication = 0;
  bool any = false;
  std::vector<std::uint32_t> replications;
};

TrendBuilder::TrendBuilder(TrendOptions options) : state_(std::make_unique<State>()) {
  for (const std::string& m : options.metrics) {
    const auto& all = trend_metrics();
    if (std::none_of(all.begin(), all.end(), [&m](const TrendMetric& t) { return m == t.name; })) {
      std::string names;
      for (const TrendMetric& t : all) names += fmt::format("{}{}", names.empty() ? "" : ", ", t.name);
      throw UsageError(fmt::format("no trend of '{}' (trends: {})", m, names));
    }
  }
  state_->options = std::move(options);
}

TrendBuilder::~TrendBuilder() = default;

void TrendBuilder::copy_state(const TrendBuilder& other) { *state_ = *other.state_; }

void TrendBuilder::reset() {
  TrendOptions options = state_->options;
  state_ = std::make_unique<State>();
  state_->options = std::move(options);
}

void TrendBuilder::observe(const kpi::CaseRecord& record, const kpi::CaseFacts& facts, const kpi::LogInfo&) {
  State& s = *state_;
  if (std::find(s.replications.begin(), s.replications.end(), record.replication) == s.replications.end()) {
    s.replications.push_back(record.replication);
  }
  s.first = std::min(s.first, facts.start);
  s.last = std::max(s.last, facts.end);
  ++s.days[day_of(facts.start)].arrivals;
  if (!facts.completed) return;
  DayAcc& d = s.days[day_of(facts.end)];
  d.add(facts);
  s.cycle.add(facts.cycle());
}

TrendResult TrendBuilder::result(const kpi::LogInfo& info) const {
  const State& s = *state_;
  TrendResult r;
  r.replications = static_cast<std::uint32_t>(std::max<std::size_t>(1, s.replications.size()));
  if (s.days.empty()) {
    r.notes.push_back("no case to chart");
    return r;
  }
  const std::int64_t first_day = day_of(s.first);
  const std::int64_t last_day = day_of(s.last);
  Period period = s.options.period;
  if (period == Period::Auto) {
    const std::int64_t span = last_day - first_day + 1;
    period = span <= 60 ? Period::Day : span <= 730 ? Period::Week : Period::Month;
  }
  r.period = period;

  // Periods from the first to the last, empty ones included (a day without completions is a zero).
  struct Bucket {
    std::int64_t start;
    std::int64_t end;
    DayAcc acc;
  };
  std::vector<Bucket> buckets;
  for (std::int64_t p = period_start(first_day, period); p <= last_day; p = next_period(p, period)) {
    buckets.push_back(Bucket{p, next_period(p, period), {}});
  }
  std::map<std::int64_t, std::size_t> bucket_of;
  for (std::size_t k = 0; k < buckets.size(); ++k) bucket_of.emplace(buckets[k].start, k);
  for (const auto& [day, acc] : s.days) {
    if (const auto found = bucket_of.find(period_start(day, period)); found != bucket_of.end()) {
      buckets[found->second].acc.merge(acc);
    }
  }

  std::vector<std::string> names = s.options.metrics;
  if (names.empty()) {
    names = {"cases.completed", "cycle_time.mean", "rework_rate"};
    if (info.has_outcome) names.push_back("win_rate");
  }
  const double per_replication = 1.0 / static_cast<double>(r.replications);
  const double ramp_up_end = s.cycle.empty() ? s.first : s.first + interpolated_quantile(s.cycle, 0.9);
  for (const std::string& name : names) {
    const TrendMetric& metric = *std::find_if(trend_metrics().begin(), trend_metrics().end(),
                                              [&](const TrendMetric& m) { return name == m.name; });
    TrendChart chart;
    chart.metric = name;
    chart.unit = metric.unit;
    chart.chart = metric.chart;
    std::vector<RunningStats> stats(buckets.size());  // X-bar: the cases behind each point
    std::vector<std::uint64_t> successes(buckets.size(), 0);
    for (std::size_t k = 0; k < buckets.size(); ++k) {
      const Bucket& b = buckets[k];
      TrendPoint p;
      p.start = static_cast<double>(b.start) * kDay;
      p.label = label_of(b.start, period);
      p.lower = p.upper = p.centre = kNaN;
      // The log covers the period from its first to its last day (counts elsewhere are biased low).
      p.partial = b.start < first_day || b.end - 1 > last_day;
      p.ramp_up = name != "cases.arrived" && static_cast<double>(b.start) * kDay < ramp_up_end;
      const DayAcc& a = b.acc;
      switch (metric.chart) {
        case ChartKind::Individuals: {
          const std::uint64_t count = name == "cases.arrived" ? a.arrivals : a.completed;
          p.n = count;
          p.value = static_cast<double>(count) * per_replication;
          break;
        }
        case ChartKind::XBar: {
          const RunningStats& st = name == "cycle_time.mean"     ? a.cycle
                                   : name == "waiting_time.mean" ? a.waiting
                                   : name == "cost.per_case"     ? a.cost
                                                                 : a.processing;
          stats[k] = st;
          p.n = st.count();
          p.value = st.empty() ? kNaN : st.mean();
          break;
        }
        case ChartKind::P: {
          successes[k] = name == "win_rate" ? a.won : a.rework;
          p.n = a.completed;
          p.value = a.completed > 0 ? static_cast<double>(successes[k]) / static_cast<double>(a.completed) : kNaN;
          break;
        }
      }
      chart.points.push_back(p);
    }
    // Points that can be judged: with cases behind them, and (for counts) a whole period.
    auto judged = [&](std::size_t k) {
      const TrendPoint& p = chart.points[k];
      if (p.ramp_up) return false;
      if (metric.chart == ChartKind::Individuals) return !p.partial;
      return p.n > 0 && std::isfinite(p.value);
    };
    std::vector<std::size_t> candidates;
    for (std::size_t k = 0; k < chart.points.size(); ++k) {
      if (judged(k)) candidates.push_back(k);
    }
    std::vector<std::size_t> base;
    if (s.options.baseline > 0) {
      for (std::size_t i = 0; i < candidates.size() && i < s.options.baseline; ++i) base.push_back(candidates[i]);
    } else if (candidates.size() >= 2) {
      base.assign(candidates.begin(), candidates.end() - 1);
    }
    for (const std::size_t k : base) chart.points[k].baseline = true;

    // Limits from the baseline (Montgomery, Introduction to Statistical Quality Control, ch. 6-7).
    double centre = kNaN;
    double sigma = kNaN;  // per point (individuals), within periods (X-bar)
    double p_bar = kNaN;
    if (metric.chart == ChartKind::Individuals && base.size() >= 2) {
      double sum = 0.0;
      double moving = 0.0;
      for (std::size_t i = 0; i < base.size(); ++i) {
        sum += chart.points[base[i]].value;
        if (i > 0) moving += std::fabs(chart.points[base[i]].value - chart.points[base[i - 1]].value);
      }
      centre = sum / static_cast<double>(base.size());
      sigma = moving / static_cast<double>(base.size() - 1) / 1.128;  // d2 for moving ranges of two
    } else if (metric.chart == ChartKind::XBar && !base.empty()) {
      double weighted = 0.0;
      double n = 0.0;
      double within = 0.0;
      double dof = 0.0;
      for (const std::size_t k : base) {
        const RunningStats& st = stats[k];
        weighted += st.sum();
        n += static_cast<double>(st.count());
        if (st.count() >= 2) {
          within += st.m2();
          dof += static_cast<double>(st.count() - 1);
        }
      }
      centre = weighted / n;
      sigma = dof > 0.0 ? std::sqrt(within / dof) : kNaN;
    } else if (metric.chart == ChartKind::P && !base.empty()) {
      std::uint64_t x = 0;
      std::uint64_t n = 0;
      for (const std::size_t k : base) {
        x += successes[k];
        n += chart.points[k].n;
      }
      p_bar = n > 0 ? static_cast<double>(x) / static_cast<double>(n) : kNaN;
      centre = p_bar;
    }
    for (std::size_t k = 0; k < chart.points.size(); ++k) {
      TrendPoint& p = chart.points[k];
      p.centre = centre;
      if (metric.chart == ChartKind::Individuals && std::isfinite(sigma)) {
        p.lower = std::max(0.0, centre - 3.0 * sigma);
        p.upper = centre + 3.0 * sigma;
      } else if (metric.chart == ChartKind::XBar && std::isfinite(sigma) && p.n > 0) {
        const double half = 3.0 * sigma / std::sqrt(static_cast<double>(p.n));
        p.lower = std::max(0.0, centre - half);
        p.upper = centre + half;
      } else if (metric.chart == ChartKind::P && std::isfinite(p_bar) && p.n > 0) {
        const double half = 3.0 * std::sqrt(p_bar * (1.0 - p_bar) / static_cast<double>(p.n));
        p.lower = std::max(0.0, p_bar - half);
        p.upper = std::min(1.0, p_bar + half);
      }
      if (judged(k) && std::isfinite(p.upper) && p.value > p.upper + 1e-12) p.signal = 1;
      if (judged(k) && std::isfinite(p.lower) && p.value < p.lower - 1e-12) p.signal = -1;
    }
    if (!candidates.empty()) {
      const TrendPoint& latest = chart.points[candidates.back()];
      chart.latest_label = latest.label;
      chart.latest_out_of_control = latest.signal != 0;
    }
    r.charts.push_back(std::move(chart));
  }
  if (std::any_of(r.charts.begin(), r.charts.end(),
                  [](const TrendChart& c) { return !c.points.empty() && c.points.front().ramp_up; })) {
    r.notes.push_back(
        "ramp-up: periods starting within the 90th percentile of the cycle time after the first case are "
        "not judged (only fast cases can have completed by then)");
  }
  r.notes.push_back(s.options.baseline > 0
                        ? fmt::format("control limits from the first {} periods", s.options.baseline)
                        : "control limits from every period but the latest, which is judged against them");
  if (r.replications > 1) {
    r.notes.push_back(
        fmt::format("{} replications: counts are per replication, means and rates pool the cases", r.replications));
  }
  return r;
}

}  // namespace bpm::monitor
