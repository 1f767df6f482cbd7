#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/model/process.hpp"

namespace bpm {

/// The reserved target that, inside a fragment, goes on after the call.
inline constexpr std::string_view kReturnTarget = "return";

/// Bounds of an expansion, so that a hostile file cannot make the loader recurse deeply or build
/// millions of steps (fragments calling fragments twice each double the steps per level).
inline constexpr std::size_t kMaxCallDepth = 32;
inline constexpr std::size_t kMaxExpandedSteps = 100000;

/// Calls `visit` on every step id the step leads to: `next`, its branches' and split's targets,
/// its timers' `to` and its rework's `to` (not join inputs, which name where tokens come from).
void for_each_target(Step& step, const std::function<void(std::string&)>& visit);

/// Expands the call steps of `steps` (and of the fragments they call) in place: a call step
/// `c: { call: f, next: n }` becomes the steps of fragment `f` with ids `c.<id>`, entered where
/// the call was referenced and going on to `n` where the fragment says `return`. Every reference
/// to a call step (next, branches, split targets, timers, rework, `start`, the arrival streams'
/// start) is redirected to the entry of its expansion, and a join input naming a call step
/// becomes the steps of the expansion that return. The result has no call steps: the simulator,
/// lint and the views see plain steps, at no cost at run time. `error` is told of unknown
/// fragments, recursion, ids that collide and expansions past the bounds above.
/// Returns the expanded steps (empty when there is nothing to expand).
[[nodiscard]] std::vector<Step> expand_calls(Process& process,
                                             const std::function<void(const Location&, const std::string&)>& error);

}  // namespace bpm
