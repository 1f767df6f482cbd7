// Multi-instance tasks (`instances: { count, parallel }`, BPMN's multiInstanceLoopCharacteristics):
// a visit runs the task n times, n drawn from a count distribution or computed from the case's
// attributes, all at once (parallel) or one after the other (sequential); the case goes on when
// the last instance is done. Choices, and why:
// - The instances of a visit share a Frame, as the branches of a split do: it counts the
//   instances done and marks its tokens as instances (Frame::instance_step), so that routing them
//   to the task does the work instead of starting another multi-instance visit.
// - Each instance is an execution of its own: its own queue entry, server and duration draw, its
//   own row in the event log. A sequential visit routes the same token back to the task.
// - n is drawn on every visit from the step's own stream (`steps.<id>.instances`); n ≤ 0 skips
//   the task, and n beyond kMaxInstances (a count or attribute gone wrong) stops the run with an
//   error naming the step rather than letting one case swallow the run. A case that ends
//   meanwhile takes its instances with it (finish_case frees them).
// - Rework counts visits, not instances: the first instance done decides whether the visit is a
//   repeat (the task ran in an earlier visit of the case), and every instance of it counts alike.
#include <cmath>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "sim/engine.hpp"

namespace bpm::sim {

bool Engine::is_instance(const Token& tok, std::uint32_t step) const noexcept {
  return tok.frame != kNone && frames_[tok.frame].instance_step == step;
}

std::uint32_t Engine::begin_instances(std::uint32_t token, std::uint32_t s) {
  const CompiledStep& step = model_.steps[s];
  const CompiledInstances& spec = model_.instances[step.instances];
  const std::uint32_t c = tokens_[token].case_index;
  double drawn = 0.0;
  if (spec.sampler != kNone) {
    drawn = model_.samplers[spec.sampler].sample(streams_[spec.stream]);
  } else {
    drawn = model_.expressions[spec.count].eval(attributes(c)).num;
  }
  if (std::isnan(drawn)) drawn = 0.0;
  const double rounded = std::floor(drawn + 0.5);
  if (rounded < 1.0) return 0;
  if (rounded > kMaxInstances) [[unlikely]] {
    throw SimulationError(
        fmt::format("case {} at step '{}': {:g} instances in one visit, more than the {} allowed "
                    "(instances: count{})",
                    cases_[c].number, model_.step_ids[s], rounded, kMaxInstances,
                    spec.sampler != kNone ? " drew it" : " is an attribute expression"));
  }
  const auto n = static_cast<std::uint32_t>(rounded);
  const std::uint32_t f = frames_.allocate();
  Frame& frame = frames_[f];
  frame = Frame{};
  frame.parent = tokens_[token].frame;
  frame.expected = n;
  frame.instance_step = s;
  CaseState& cs = cases_[c];
  frame.next = cs.first_frame;
  if (cs.first_frame != kNone) frames_[cs.first_frame].prev = f;
  cs.first_frame = f;
  tokens_[token].frame = f;
  if (spec.parallel) {
    for (std::uint32_t i = 1; i < n; ++i) {
      const std::uint32_t instance = branch_token(c);
      tokens_[instance].frame = f;
      pending_.push_back({instance, tokens_[instance].generation, s});
    }
  }
  return n;
}

bool Engine::repeated_execution(std::uint32_t token, const CompiledStep& step) {
  const Token& tok = tokens_[token];
  const std::uint32_t s = tok.step;
  if (!step.special || step.instances == kNone || !is_instance(tok, s)) [[likely]]
    return repeated(tok.case_index, s);
  Frame& frame = frames_[tok.frame];
  if (frame.arrived == 0) frame.repeat_visit = repeated(tok.case_index, s);  // the visit's first one done
  return frame.repeat_visit;
}

bool Engine::instance_done(std::uint32_t token, const CompiledStep& step) {
  Token& tok = tokens_[token];
  const std::uint32_t f = tok.frame;
  Frame& frame = frames_[f];
  ++frame.arrived;
  if (frame.arrived < frame.expected) {
    if (model_.instances[step.instances].parallel) {
      free_instance(token);  // the others are still at work
    } else {
      advance(token, tok.step);  // the next instance, by the same token
    }
    return true;
  }
  tok.frame = frame.parent;
  free_frame(tok.case_index, f);
  const std::uint32_t c = tok.case_index;
  if (cases_[c].first_frame == kNone && !std::isnan(cases_[c].parallel_from) && single_token(c)) close_parallel(c);
  return false;  // the last instance: the case goes on
}

}  // namespace bpm::sim
