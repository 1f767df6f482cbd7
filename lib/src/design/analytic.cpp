#include "bpm/design/analytic.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "bpm/model/routing_analysis.hpp"

namespace bpm {

double erlang_c(int servers, double offered_load) {
  if (servers <= 0 || offered_load >= servers) return 1.0;
  if (offered_load <= 0.0) return 0.0;
  // Erlang B by its recursion (stable for any c), then C from B.
  double b = 1.0;
  for (int k = 1; k <= servers; ++k) b = offered_load * b / (k + offered_load * b);
  const double c = servers;
  return c * b / (c - offered_load * (1.0 - b));
}

double MmcQueue::utilisation() const noexcept {
  if (servers <= 0) return offered_load() > 0.0 ? std::numeric_limits<double>::infinity() : 0.0;
  return offered_load() / servers;
}

QueueApproximation MmcQueue::approximation() const noexcept {
  return arrival_scv == 1.0 && service_scv == 1.0 ? QueueApproximation::ErlangC : QueueApproximation::AllenCunneen;
}

std::string approximation_name(const MmcQueue& queue) {
  if (queue.approximation() == QueueApproximation::ErlangC) return "M/M/c (Erlang C)";
  return queue.arrival_scv == 1.0 ? "M/G/c (Allen-Cunneen)" : "G/G/c (Allen-Cunneen)";
}

double MmcQueue::wait_probability() const { return erlang_c(servers, offered_load()); }

double MmcQueue::mean_wait() const {
  if (arrival_rate <= 0.0 || mean_service <= 0.0) return 0.0;
  if (!stable()) return std::numeric_limits<double>::infinity();
  const double mmc = wait_probability() * mean_service / (servers - offered_load());
  return approximation() == QueueApproximation::ErlangC ? mmc : mmc * (arrival_scv + service_scv) / 2.0;
}

double MmcQueue::mean_queue() const {
  const double wait = mean_wait();
  return std::isfinite(wait) ? arrival_rate * wait : std::numeric_limits<double>::infinity();
}

namespace {

/// A pool's part of a task's executions: its position in process.resources and its share.
struct PoolShare {
  std::size_t pool = 0;
  double share = 0.0;
};

/// The pools that do a task's executions, in file order, with their shares: all for its one pool;
/// for several pools, in proportion to their capacity, as analyze_load assumes. Found through the
/// process's index: asking every pool about every step was quadratic in a model of thousands.
std::vector<PoolShare> pool_shares(const Process& process, const Step& step, const LoadAnalysis& load) {
  std::vector<PoolShare> out;
  for (const std::string& id : step.pools()) {
    const Resource* resource = process.find_resource(id);
    if (resource == nullptr) continue;
    const auto r = static_cast<std::size_t>(resource - process.resources.data());
    if (r >= load.pools.size()) continue;
    if (std::none_of(out.begin(), out.end(), [r](const PoolShare& p) { return p.pool == r; })) {
      out.push_back({r, load.pools[r].capacity_servers});
    }
  }
  std::sort(out.begin(), out.end(), [](const PoolShare& a, const PoolShare& b) { return a.pool < b.pool; });
  if (out.size() == 1) {
    out[0].share = 1.0;
    return out;
  }
  double capacity = 0.0;
  for (const PoolShare& p : out) capacity += p.share;
  for (PoolShare& p : out) p.share = capacity > 0.0 ? p.share / capacity : 0.0;
  return out;
}

std::string duration_key(const Step& step) { return "steps." + step.id + ".duration"; }

/// Squared coefficient of variation (variance / mean²); 0 for a zero mean.
double scv(double mean, double variance) { return mean > 0.0 ? variance / (mean * mean) : 0.0; }

/// Why each pool's wait has no closed form in this model (indexed like process.resources); empty
/// where the queue formulas apply. The place where constructs that the formulas do not cover
/// (time-varying arrivals, batches closed by a timeout, multi-instance tasks, abandonment, unequal
/// members, tasks that several pools share) are named, so that analyze reports their pools without
/// a made-up wait. A pool's reason is that of the first task (in file order) it does that has one.
/// One pass over the steps: asking every pool about every step was quadratic (20,000 pools: 4·10⁸
/// look-ups).
std::vector<std::string> closed_form_obstacles(const Process& process) {
  std::vector<std::string> out(process.resources.size());
  for (const ArrivalStream& s : process.arrivals.all_streams()) {
    const char* reason = s.rate ? "arrivals vary by weekday and hour" : s.size ? "cases arrive in batches" : nullptr;
    if (reason != nullptr) {
      std::fill(out.begin(), out.end(), reason);
      return out;
    }
  }
  for (std::size_t r = 0; r < process.resources.size(); ++r) {
    const Resource& resource = process.resources[r];
    for (const Member& m : resource.members) {
      if (m.speed != resource.members.front().speed || m.calendar != resource.members.front().calendar) {
        out[r] = "its members differ in speed or hours (unequal servers)";
        break;
      }
    }
  }
  for (const Step& step : process.steps) {
    if (step.kind != StepKind::Task) continue;
    const std::vector<std::string> pools = step.pools();
    if (pools.empty()) continue;
    std::string reason;
    const bool one_instance =
        !step.instances || (step.instances->count && step.instances->count->kind == DistKind::Constant &&
                            step.instances->count->mean() <= 1.0 && !step.instances->count->data_dependent());
    if (pools.size() > 1) {
      reason = fmt::format("step '{}' shares its queue among several pools", step.id);
    } else if (step.duration && std::isnan(draw_moments(process, *step.duration, duration_key(step)).mean)) {
      reason = fmt::format(
          "the duration of step '{}' depends on attributes that are not drawn for every case at arrival", step.id);
    } else if (!one_instance) {
      reason = fmt::format("step '{}' puts several instances of a visit in the queue {}", step.id,
                           step.instances->parallel ? "at once" : "one after another");
    } else if (step.batch && step.batch->timeout) {
      reason = fmt::format("step '{}' closes batches on a timeout, so their size varies", step.id);
    } else if (step.abandon) {
      reason = fmt::format("cases abandon the queue of step '{}' (Erlang A is not computed)", step.id);
    } else if (step.timeout) {
      reason = fmt::format("step '{}' has a timeout whose clock runs in the queue", step.id);
    }
    if (reason.empty()) continue;
    for (const std::string& id : pools) {
      const Resource* resource = process.find_resource(id);
      if (resource == nullptr) continue;
      std::string& slot = out[static_cast<std::size_t>(resource - process.resources.data())];
      if (slot.empty()) slot = reason;
    }
  }
  return out;
}

constexpr double kSecondsPerWeek = 7.0 * 86400.0;

}  // namespace

AnalyticModel analyze_process(const Process& process) {
  AnalyticModel model;
  model.limits = analytic_limits(process);
  model.routing = analyze_routing(process);
  model.load = analyze_load(process, model.routing);
  double arrival_scv = scv(process.arrivals.every.mean(), process.arrivals.every.variance());
  // A rate profile is Poisson, and so (nearly) is a superposition of streams.
  if (process.arrivals.rate || !process.arrivals.streams.empty()) arrival_scv = 1.0;
  std::vector<std::vector<PoolShare>> shares(process.steps.size());
  for (std::size_t i = 0; i < process.steps.size(); ++i) {
    if (process.steps[i].kind == StepKind::Task) shares[i] = pool_shares(process, process.steps[i], model.load);
  }
  // A pool's service time is the mixture of its tasks' executions, weighed by how many each has
  // per case: a visit of a multi-instance task is E[n] executions, one of a batch task 1 / size
  // (the batch is one execution). Its second moment is the execution-weighted sum of theirs, and
  // its arrival variability the execution-weighted mean of its tasks' (Whitt's QNA for merged
  // flows): a batch of `size` cases leaves a renewal flow after `size` inter-arrival times, whose
  // sum has 1 / size of their squared coefficient of variation.
  std::vector<double> executions(process.resources.size(), 0.0);
  std::vector<double> second_moments(process.resources.size(), 0.0);
  std::vector<double> arrival_scvs(process.resources.size(), 0.0);
  std::vector<std::string> obstacles = closed_form_obstacles(process);
  for (std::size_t i = 0; i < process.steps.size() && model.routing.finite; ++i) {
    const Step& step = process.steps[i];
    if (step.kind != StepKind::Task) continue;
    const double per_visit = executions_per_visit(process, step);
    const double step_scv =
        step.batch ? arrival_scv / static_cast<double>(std::max<long long>(step.batch->size, 1)) : arrival_scv;
    for (const PoolShare& p : shares[i]) {
      if (p.share <= 0.0) continue;
      const double n = model.routing.visits[i] * per_visit * p.share;
      executions[p.pool] += n;
      arrival_scvs[p.pool] += n * step_scv;
      if (step.duration) second_moments[p.pool] += n * draw_moments(process, *step.duration, duration_key(step)).second;
    }
  }
  for (std::size_t r = 0; r < process.resources.size(); ++r) {
    const Resource& resource = process.resources[r];
    PoolEstimate pool;
    pool.load = model.load.pools[r];
    pool.executions_per_case = executions[r];
    // Work arrives at the pool λ = arrivals × executions per case, and must be served in the
    // pool's open hours: per open second, λ_open = work per week / open seconds per week. Members
    // that share a speed s and hours are `count` servers of service time X / s in those hours.
    const double open_seconds = pool.load.open_hours_per_week * 3600.0;
    const double time_factor = pool.load.time_factor;
    pool.queue.servers = resource.count;
    if (pool.executions_per_case > 0.0 && open_seconds > 0.0 && std::isfinite(model.load.arrivals_per_week)) {
      pool.queue.arrival_rate = model.load.arrivals_per_week * pool.executions_per_case / open_seconds;
      const double mean = pool.load.work_per_case / pool.executions_per_case;
      pool.queue.mean_service = mean * time_factor;
      // A mixture of constants has variance 0, which rounding may make slightly negative.
      pool.queue.service_scv = scv(mean, std::max(0.0, second_moments[r] / pool.executions_per_case - mean * mean));
      pool.queue.arrival_scv = arrival_scvs[r] / pool.executions_per_case;
      // Rounding of the mixture must not turn an exponential pool into an "approximated" one.
      if (std::abs(pool.queue.service_scv - 1.0) < 1e-12) pool.queue.service_scv = 1.0;
      if (std::abs(pool.queue.arrival_scv - 1.0) < 1e-12) pool.queue.arrival_scv = 1.0;
    }
    if (pool.used()) pool.no_closed_form = std::move(obstacles[r]);
    // Stability is the load's: capacity counts members at their speed and hours.
    const double util = pool.load.utilisation();
    if (pool.used() && (util >= 1.0 || open_seconds <= 0.0)) model.stable = false;
    model.pools.push_back(std::move(pool));
  }
  for (std::size_t i = 0; i < process.steps.size(); ++i) {
    const Step& step = process.steps[i];
    StepEstimate e;
    e.step = step.id;
    e.visits = model.routing.finite ? model.routing.visits[i] : 0.0;
    if (step.kind == StepKind::Task && step.duration) {
      const double mean = draw_moments(process, *step.duration, duration_key(step)).mean;
      double time_factor = shares[i].empty() ? 1.0 : 0.0;
      double rate = 0.0;
      for (const auto& [r, share] : shares[i]) {
        if (share <= 0.0) continue;
        time_factor += share * model.pools[r].load.time_factor;
        rate += share * model.pools[r].load.cost_per_work_hour;
        const PoolEstimate& pool = model.pools[r];
        if (e.visits > 0.0) {
          e.queue_wait = pool.no_closed_form.empty() ? e.visits * pool.queue.mean_wait() : std::nan("");
        }
      }
      e.work = e.visits * mean_instances(process, step) * mean * time_factor;
      // An automatic task that a timer may cut short works min(X, D) (work cut short counts).
      if (shares[i].empty() && step.timeout) {
        const TimerOdds odds = timer_odds(process, step);
        if (odds.closed_form) e.work = e.visits * odds.mean_time;
      }
      const double fee =
          step.cost_formula ? expected_value(process, *step.cost_formula, "steps." + step.id + ".cost") : step.cost;
      e.cost = e.visits * executions_per_visit(process, step) * (fee + mean * rate / 3600.0);
      if (step.batch && e.visits > 0.0) {
        if (step.batch->timeout) {
          // The size of a batch closed by its timeout depends on the arrivals in that time.
          e.cost = e.queue_wait = std::nan("");
        } else {
          // Collecting: the case at position j of a batch of k waits for the k − j arrivals after
          // it, 1 / λ each on average, so (k − 1) / 2λ for the mean case (exact for any stationary
          // flow of rate λ into the step).
          const double k = static_cast<double>(std::max<long long>(step.batch->size, 1));
          const double rate_in = model.load.arrivals_per_week * e.visits / kSecondsPerWeek;
          e.queue_wait += e.visits * (rate_in > 0.0 ? (k - 1.0) / (2.0 * rate_in) : 0.0);
        }
      }
    }
    if (step.kind == StepKind::Wait && step.wait) {
      e.delay = e.visits * draw_moments(process, *step.wait, "steps." + step.id + ".wait").mean;
      if (step.timeout) e.delay = e.visits * timer_odds(process, step).mean_time;  // min(X, D); NaN: none
    }
    model.work_per_case += e.work;
    model.cost_per_case += e.cost;
    model.timer_delay_per_case += e.delay;
    model.queue_wait_per_case += e.queue_wait;
    model.steps.push_back(std::move(e));
  }
  return model;
}

}  // namespace bpm
