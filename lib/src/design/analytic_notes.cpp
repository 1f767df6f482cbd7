// What the analytic model cannot express: constructs of the process whose effect on waits and
// cycle times has no closed form, named so that `bpm-design analyze` says so instead of silently
// giving a number for a different process.
#include <algorithm>

#include <cmath>

#include <fmt/format.h>

#include "bpm/design/analytic.hpp"

namespace bpm {

namespace {

/// True when a pool's members differ in speed or hours: M/M/c assumes identical servers.
bool heterogeneous(const Resource& r) {
  for (const Member& m : r.members) {
    if (m.speed != r.members.front().speed || m.calendar != r.members.front().calendar) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> analytic_limits(const Process& process) {
  std::vector<std::string> out;
  for (const ArrivalStream& s : process.arrivals.all_streams()) {
    const std::string who = s.id.empty() ? std::string("arrivals") : fmt::format("arrival stream '{}'", s.id);
    if (s.rate) {
      out.push_back(
          fmt::format("{}: the rate changes by weekday and hour; the queues use its weekly average, "
                      "while peaks wait longer (no closed form for a time-varying rate)",
                      who));
    }
    if (s.size) {
      out.push_back(
          fmt::format("{}: cases come in batches; the queues assume single arrivals, and batches wait "
                      "longer (no closed form here)",
                      who));
    }
  }
  for (const Step& step : process.steps) {
    const Distribution* d = step.duration ? &*step.duration : step.wait ? &*step.wait : nullptr;
    if (d != nullptr && d->data_dependent()) {
      const bool estimated = !std::isnan(
          draw_moments(process, *d, fmt::format("steps.{}.{}", step.id, step.duration ? "duration" : "wait")).mean);
      out.push_back(estimated ? fmt::format("step '{}': its {} depends on case attributes; its mean is averaged over "
                                            "4096 draws of them (no closed form)",
                                            step.id, step.duration ? "duration" : "wait")
                              : fmt::format("step '{}': its {} depends on attributes that a step sets or only some "
                                            "streams draw: no estimate (simulate instead)",
                                            step.id, step.duration ? "duration" : "wait"));
    }
    if (step.cost_formula) {
      const bool estimated = !std::isnan(expected_value(process, *step.cost_formula, "steps." + step.id + ".cost"));
      out.push_back(estimated ? fmt::format("step '{}': its cost is a formula of case attributes; its mean is averaged "
                                            "over 4096 draws of them",
                                            step.id)
                              : fmt::format("step '{}': its cost reads attributes that a step sets or only some "
                                            "streams draw: no estimate",
                                            step.id));
    }
    if (step.kind == StepKind::Task && !step.other_resources.empty()) {
      out.push_back(
          fmt::format("step '{}': several pools can do it (policy {}); their loads assume a split in "
                      "proportion to capacity and each is an M/M/c of its own (no closed form for "
                      "shared queues)",
                      step.id, pool_policy_name(step.policy)));
    }
  }
  for (const Resource& r : process.resources) {
    if (!r.members.empty() && heterogeneous(r)) {
      out.push_back(
          fmt::format("pool '{}': its members differ in speed or hours; capacity and offered load "
                      "count each member's, but M/M/c waits assume {} identical servers (no closed "
                      "form for unequal servers)",
                      r.id, r.members.size()));
    }
  }
  for (const Step& s : process.steps) {
    if (s.timeout || s.escalate) {
      out.push_back(
          fmt::format("step '{}' has {}; visits and loads here assume the step always ends normally (no "
                      "closed form for the share of visits a timer cuts short behind a queue)",
                      s.id,
                      s.timeout && s.escalate ? "a timeout and an escalation"
                      : s.timeout             ? "a timeout"
                                              : "an escalation"));
    }
    if (s.instances) {
      out.push_back(
          fmt::format("step '{}': multi-instance ({}); the pool's load here counts {}, but the time a "
                      "visit takes (the {} of the instances' times) has no closed form",
                      s.id, s.instances->parallel ? "parallel" : "sequential",
                      s.instances->count ? "the mean number of instances a visit"
                                         : "one instance a visit (its count is an expression)",
                      s.instances->parallel ? "maximum" : "sum"));
    }
    if (s.batch) {
      out.push_back(
          fmt::format("step '{}': serves cases in batches of up to {}; the pool's load here assumes full "
                      "batches (a lower bound) and its waits are not those of a batch service queue (no "
                      "closed form with timeouts)",
                      s.id, s.batch->size));
    }
    if (s.abandon) {
      out.push_back(
          fmt::format("step '{}': cases abandon its queue ('{}'); the pool's waits here are those of the "
                      "queue without abandonment, an upper bound (M/M/c+M, Erlang A, is not computed)",
                      s.id, s.resource));
    }
  }
  const auto has = [&](auto predicate) { return std::any_of(process.steps.begin(), process.steps.end(), predicate); };
  if (has([](const Step& s) { return s.kind == StepKind::End && !s.terminate; }) &&
      has([](const Step& s) { return s.kind == StepKind::And || s.kind == StepKind::Or; })) {
    out.push_back(
        "ends with 'terminate: false' after a parallel split: a case ends with its last branch, so its "
        "cycle time is a maximum over branches and its outcome that of the last end reached (no closed "
        "form; the outcome shares here count every end a branch reaches)");
  }
  return out;
}

}  // namespace bpm
