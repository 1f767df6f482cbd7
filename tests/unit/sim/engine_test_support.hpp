#pragma once
// Helpers shared by the simulator's unit tests: build a process from YAML text, run it, and read
// a metric across replications as a confidence interval.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/model/loader.hpp"
#include "bpm/sim/event_log.hpp"
#include "bpm/sim/simulator.hpp"
#include "bpm/stats/running_stats.hpp"
#include "bpm/stats/student_t.hpp"

namespace simtest {

inline bpm::Process model(const std::string& yaml) { return bpm::parse_process(yaml, "test.yaml"); }

inline bpm::SimulationResult run(const bpm::Process& process, bpm::SimulationOptions options = {}) {
  return bpm::simulate(process, options);
}

/// The value of `metric` in every replication.
inline std::vector<double> values(const bpm::SimulationResult& r, std::string_view metric) {
  const int index = r.metric_index(metric);
  INFO("metric " << metric);
  REQUIRE(index >= 0);
  std::vector<double> out;
  for (const auto& rep : r.replications) out.push_back(rep.values[static_cast<std::size_t>(index)]);
  return out;
}

inline bpm::Estimate estimate(const std::vector<double>& xs) {
  bpm::RunningStats stats;
  for (const double x : xs) stats.add(x);
  return bpm::estimate(stats);
}

inline bpm::Estimate estimate(const bpm::SimulationResult& r, std::string_view metric) {
  return estimate(values(r, metric));
}

/// Mean of a metric over the replications.
inline double mean(const bpm::SimulationResult& r, std::string_view metric) { return estimate(r, metric).mean; }

/// The family of theory tests: every test case that calls check_theory(), with the number of
/// checks it runs. A check in a loop counts once per pass, and one outside the SECTIONs of a test
/// case once per section (Catch runs the test case again for each). check_theory() fails a test
/// case that is not listed here or that runs more checks than listed, so kTheoryChecks, their sum,
/// is the real size of the family: adding a check means adding it here, and the Bonferroni bound
/// tightens with it.
struct TheoryTest {
  std::string_view name;
  int checks;
};
inline constexpr TheoryTest kTheoryTests[] = {
    // theory_queue_test.cpp
    {"M/M/1 agrees with theory", 10},
    {"Little's law holds on the simulated samples", 1},
    {"M/M/3 agrees with Erlang C", 6},
    {"a tandem of two M/M/1 queues is a Jackson network", 4},
    {"higher priority waits less, as the non-preemptive priority formula says", 3},
    // theory_flow_test.cpp
    {"an AND join waits for the slower branch: E[max(X, Y)] of two exponentials", 1},
    {"outcome frequencies follow the absorbing chain of the routing", 9},
    {"an OR split takes each branch independently and its join waits only for those", 3},
    {"OR conditions and XOR conditions route by case attributes", 2},
    {"timer waits delay the case without a resource and count as waiting", 4},
    // engine_ranked_queue_test.cpp
    {"per-case priorities follow the non-preemptive priority formula", 3},
    // arrivals_test.cpp
    {"a weekly rate profile brings a Poisson number of cases in each window", 2},
    {"a rate profile only brings cases in its hours and while its calendar is open", 1},
    {"batch arrivals bring size cases at once", 1},
    {"several streams bring their own cases, attributes and first steps", 3},
    // branch_end_test.cpp
    {"a case whose branches end with terminate: false ends with its last branch", 3},
    {"a terminating end still cuts the other branch short", 2},
    // data_test.cpp
    {"a duration computed from the case's attributes", 1},
    {"a distribution whose mean depends on the case", 2},
    {"steps set attributes that later conditions read", 1},
    // instances_test.cpp (the last: one section of two checks, one of one)
    {"parallel instances end with the last: the maximum of n exponentials", 2},
    {"sequential instances take the sum of their times", 1},
    {"the number of instances comes from a distribution or an attribute", 3},
    // members_test.cpp (two checks for each of three members, three more)
    {"members' speed factors add up to the pool's throughput", 9},
    // several_pools_test.cpp
    {"two one-server pools sharing a task's queue are an M/M/2", 5},
    // timers_test.cpp, timers_pools_test.cpp
    {"a timeout ends the step at the minimum of its duration and the deadline", 4},
    {"abandonment of an M/M/c queue with exponential patience is Erlang A", 4},
    {"a timer's delay may depend on the case's attributes", 1},
    {"abandonment from the shared queue of two pools with ranked priorities is Erlang A", 5},
};
inline constexpr double kTheoryChecks = [] {
  int total = 0;
  for (const TheoryTest& t : kTheoryTests) total += t.checks;
  return static_cast<double>(total);
}();

/// Bonferroni over the family: a correct simulator fails one of its kTheoryChecks checks by chance
/// with probability at most kTheoryFamilyAlpha.
inline constexpr double kTheoryFamilyAlpha = 0.01;

/// The number of theory checks the current test case has run so far in this process.
inline int count_theory_check(const std::string& test) {
  static std::map<std::string, int> counts;
  return ++counts[test];
}

/// The statistical acceptance rule of the theory tests: the replication mean lies within
/// t(1 − α / 2N, n − 1) standard errors of the theoretical value (α = kTheoryFamilyAlpha, N =
/// kTheoryChecks: for N = 100, ≈ 4.9 standard errors for 20 replications, 6.6 for 10, 3.9 for very
/// many), plus
/// a relative allowance for the bias that warm-up deletion leaves (documented where it is used).
/// Seeds are fixed, so a pass is repeatable; the bound says how unlikely a chance failure of a
/// correct engine is, while a real modelling error (a wrong queue discipline, a lost case, a
/// mis-normalised probability) moves these estimates by many standard errors.
inline double theory_tolerance(const bpm::Estimate& e, double theory, double relative_bias) {
  const double standard_error = e.sd / std::sqrt(static_cast<double>(e.n));
  const double quantile =
      bpm::student_t_quantile(1.0 - kTheoryFamilyAlpha / (2.0 * kTheoryChecks), static_cast<double>(e.n) - 1.0);
  return quantile * standard_error + relative_bias * std::fabs(theory);
}

inline void check_theory(const bpm::Estimate& e, double theory, double relative_bias, std::string_view what) {
  const std::string test = Catch::getResultCapture().getCurrentTestName();
  const auto listed = std::find_if(std::begin(kTheoryTests), std::end(kTheoryTests),
                                   [&](const TheoryTest& t) { return t.name == test; });
  const int run = count_theory_check(test);
  INFO("test case '" << test << "' runs theory check " << run
                     << ": list it with its number of checks in kTheoryTests (engine_test_support.hpp)");
  REQUIRE(listed != std::end(kTheoryTests));
  CHECK(run <= listed->checks);
  const double tolerance = theory_tolerance(e, theory, relative_bias);
  INFO(what << ": estimate " << e.mean << " ± " << e.half_width << " (n=" << e.n << "), theory " << theory
            << ", tolerance " << tolerance);
  CHECK(std::isfinite(e.half_width));
  CHECK(std::fabs(e.mean - theory) <= tolerance);
}

/// Erlang's C formula: probability that an arrival waits in an M/M/c queue with offered load
/// a = λ/μ (< c).
inline double erlang_c(int c, double a) {
  double sum = 0.0;
  double term = 1.0;  // a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term * c / (c - a);
  return top / (sum + top);
}

/// Erlang A, the M/M/c queue whose waiting customers abandon after an exponential patience of
/// rate θ: the birth-death chain with birth rate λ and death rate min(n, c)μ + (n − c)⁺θ in state
/// n, solved numerically (the terms beyond a few hundred customers are below double precision).
struct ErlangA {
  double queue = 0.0;      // E[Q], the mean number waiting
  double abandoned = 0.0;  // P(an arrival abandons) = θ E[Q] / λ
};

inline ErlangA erlang_a(int c, double lambda, double mu, double theta) {
  std::vector<double> pi{1.0};
  double total = 1.0;
  for (int n = 1; n < 2000; ++n) {
    const double death = std::min(n, c) * mu + std::max(n - c, 0) * theta;
    pi.push_back(pi.back() * lambda / death);
    total += pi.back();
  }
  ErlangA out;
  for (int n = c + 1; n < static_cast<int>(pi.size()); ++n) {
    out.queue += (n - c) * pi[static_cast<std::size_t>(n)] / total;
  }
  out.abandoned = theta * out.queue / lambda;
  return out;
}

/// The fraction of completed cases that waited at all, per replication (P(wait) for one queue).
inline std::vector<double> waited_fraction(const bpm::SimulationResult& r) {
  std::vector<double> out;
  for (const auto& rep : r.replications) {
    const auto n = static_cast<double>(rep.waiting_time.count());
    out.push_back(1.0 - static_cast<double>(rep.waiting_time.zero_count()) / n);
  }
  return out;
}

/// A parsed CSV event log: the header and the rows split into fields (no quoted fields needed);
/// bpm-sim's `#bpm-sim-log` lines are skipped.
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  [[nodiscard]] std::size_t column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    FAIL("no column " << name);
    return 0;
  }
};

inline std::vector<std::string> split_line(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  for (const char c : line) {
    if (c == ',') {
      fields.push_back(field);
      field.clear();
    } else {
      field.push_back(c);
    }
  }
  fields.push_back(field);
  return fields;
}

inline Csv parse_csv(const std::string& text) {
  Csv csv;
  std::istringstream in(text);
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (line.starts_with("#bpm-sim-log ")) continue;  // the run's measured period, not a row
    if (first) {
      csv.header = split_line(line);
      first = false;
    } else {
      csv.rows.push_back(split_line(line));
    }
  }
  return csv;
}

/// Runs with an event log written to a string.
inline std::string run_with_log(const bpm::Process& process, bpm::SimulationOptions options,
                                bpm::SimulationResult* result = nullptr) {
  std::ostringstream out;
  {
    bpm::EventLogWriter log(out);
    options.log = &log;
    bpm::SimulationResult r = bpm::simulate(process, options);
    if (result != nullptr) *result = std::move(r);
  }
  return out.str();
}

/// The same seed gives bit-identical replications on one thread and on three: every construct
/// draws from its own streams, so the order in which replications run cannot matter.
inline void check_thread_independent(const bpm::Process& process, std::uint32_t replications = 4) {
  bpm::SimulationOptions options;
  options.replications = replications;
  const auto one = run(process, options);
  options.threads = 3;
  const auto three = run(process, options);
  REQUIRE(one.replications.size() == three.replications.size());
  for (std::size_t i = 0; i < one.replications.size(); ++i) {
    const auto& a = one.replications[i].values;
    const auto& b = three.replications[i].values;
    REQUIRE(a.size() == b.size());
    CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
    CHECK(one.replications[i].events == three.replications[i].events);
  }
}

}  // namespace simtest
