#include "model/fragments.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "bpm/core/suggest.hpp"

namespace bpm {

namespace {

using ErrorFn = std::function<void(const Location&, const std::string&)>;

const Location& call_location(const Step& step) {
  const auto it = step.key_locations.find("call");
  return it == step.key_locations.end() ? step.where : it->second;
}

/// Expands the calls of one list of steps (the top level, or a fragment under a call's prefix).
class Expander {
 public:
  Expander(const Process& process, const ErrorFn& error) : p_(process), error_(error) {
    for (const Fragment& f : process.fragments) fragment_ids_.push_back(f.id);
  }

  /// The names a list's references resolve to: its call steps' entries and exits.
  struct Scope {
    std::string prefix;  // "" at the top level, "<call>." (nested: "a.b.") in a fragment
    std::string ret;     // what `return` resolves to; empty at the top level
    bool in_fragment = false;
    std::map<std::string, std::string> entry;               // call step → first step of its expansion
    std::map<std::string, std::vector<std::string>> exits;  // call step → steps of it that return
  };

  [[nodiscard]] const Fragment* fragment(const std::string& id) const {
    for (const Fragment& f : p_.fragments) {
      if (f.id == id) return &f;
    }
    return nullptr;
  }

  /// The id a target of `scope` resolves to.
  [[nodiscard]] static std::string resolve(const Scope& scope, const std::string& target) {
    if (scope.in_fragment && target == kReturnTarget) return scope.ret;
    if (const auto it = scope.entry.find(target); it != scope.entry.end()) return it->second;
    return scope.prefix + target;
  }

  /// The first step of fragment `f` expanded under `prefix`: its start, or the entry of the call
  /// its start is. `chain` holds the fragments being expanded (recursion is reported elsewhere).
  std::string entry_of(const Fragment& f, const std::string& prefix, std::vector<std::string>& chain) const {
    const auto start = std::find_if(f.steps.begin(), f.steps.end(), [&](const Step& s) { return s.id == f.start; });
    if (start != f.steps.end() && !start->call.empty() && chain.size() < kMaxCallDepth) {
      const Fragment* inner = fragment(start->call);
      if (inner != nullptr && std::find(chain.begin(), chain.end(), inner->id) == chain.end()) {
        chain.push_back(inner->id);
        std::string id = entry_of(*inner, prefix + start->id + ".", chain);
        chain.pop_back();
        return id;
      }
    }
    return prefix + f.start;
  }

  /// Appends the expansion of `src` to `out`; the ids of its steps with a way out to `return` go
  /// to `exits`. `origin` is the call the list belongs to ("" at the top level).
  void expand(const std::vector<Step>& src, Scope scope, const std::string& origin, std::vector<std::string>& chain,
              std::vector<Step>& out, std::vector<std::string>* exits) {
    // Calls first: a reference may name a call written after it, and a join its returning steps.
    std::map<std::string, std::vector<Step>> expansions;
    std::map<std::string, const Fragment*> called;
    for (const Step& s : src) {
      if (s.call.empty()) continue;
      const Fragment* f = fragment(s.call);
      if (f == nullptr) {
        const std::string hint = closest_match(s.call, fragment_ids_);
        error_(call_location(s), fmt::format("step '{}{}' calls unknown fragment '{}'{}", scope.prefix, s.id, s.call,
                                             hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
        continue;
      }
      if (std::find(chain.begin(), chain.end(), f->id) != chain.end()) {
        std::string path;
        for (const std::string& id : chain) path += id + " → ";
        error_(call_location(s),
               fmt::format("fragment '{}' calls itself ({}{}): a call cannot recurse", f->id, path, f->id));
        continue;
      }
      if (chain.size() >= kMaxCallDepth) {
        error_(call_location(s), fmt::format("calls nest more than {} deep", kMaxCallDepth));
        continue;
      }
      called[s.id] = f;
      chain.push_back(f->id);
      scope.entry[s.id] = entry_of(*f, scope.prefix + s.id + ".", chain);
      chain.pop_back();
    }
    for (const auto& [id, f] : called) {
      // A named copy: clang before 16 cannot capture a structured binding in a lambda.
      const std::string& call_id = id;
      const auto s = std::find_if(src.begin(), src.end(), [&](const Step& step) { return step.id == call_id; });
      Scope inner;
      inner.prefix = scope.prefix + id + ".";
      inner.ret = resolve(scope, s->next);
      inner.in_fragment = true;
      chain.push_back(f->id);
      expand(f->steps, std::move(inner), scope.prefix + id, chain, expansions[id], &scope.exits[id]);
      chain.pop_back();
    }
    for (const Step& s : src) {
      if (!s.call.empty()) {
        if (const auto it = expansions.find(s.id); it != expansions.end()) {
          for (Step& e : it->second) out.push_back(std::move(e));
        }
        // A nested call that returns returns through the steps of it that return.
        if (exits != nullptr && scope.in_fragment && s.next == kReturnTarget) {
          const auto& inner = scope.exits[s.id];
          exits->insert(exits->end(), inner.begin(), inner.end());
        }
        continue;
      }
      if (++count_ > kMaxExpandedSteps) {
        if (!too_many_) error_(s.where, fmt::format("the calls expand to more than {} steps", kMaxExpandedSteps));
        too_many_ = true;
        return;
      }
      Step e = s;
      e.id = scope.prefix + s.id;
      e.origin = origin;
      // Any way out of the step that returns makes it an exit: its next, a branch, a split's
      // target, a timer's or the abandonment's `to`.
      bool returns = false;
      for_each_target(e, [&](std::string& target) {
        returns = returns || target == kReturnTarget;
        target = resolve(scope, target);
      });
      if (exits != nullptr && scope.in_fragment && returns) exits->push_back(e.id);
      std::vector<std::string> inputs;
      for (const std::string& input : e.join_of) {
        if (const auto it = scope.exits.find(input); it != scope.exits.end()) {
          inputs.insert(inputs.end(), it->second.begin(), it->second.end());
        } else {
          inputs.push_back(scope.prefix + input);
        }
      }
      e.join_of = std::move(inputs);
      out.push_back(std::move(e));
    }
  }

 private:
  const Process& p_;
  const ErrorFn& error_;
  std::vector<std::string> fragment_ids_;
  std::size_t count_ = 0;
  bool too_many_ = false;
};

}  // namespace

void for_each_target(Step& step, const std::function<void(std::string&)>& visit) {
  if (!step.next.empty()) visit(step.next);
  for (Branch& b : step.branches) visit(b.to);
  for (std::string& t : step.targets) visit(t);
  for (auto* timer : {&step.timeout, &step.escalate, &step.abandon}) {
    if (*timer) visit((*timer)->to);
  }
  if (step.rework && !step.rework->to.empty()) visit(step.rework->to);
}

std::vector<Step> expand_calls(Process& process, const ErrorFn& error) {
  const bool calls =
      std::any_of(process.steps.begin(), process.steps.end(), [](const Step& s) { return !s.call.empty(); });
  if (!calls) return {};
  Expander expander(process, error);
  Expander::Scope top;
  std::vector<std::string> chain;
  std::vector<Step> out;
  expander.expand(process.steps, top, "", chain, out, nullptr);
  // The top level's references to call steps: the start, and the arrival streams' starts.
  std::map<std::string, std::string> entries;
  for (const Step& s : process.steps) {
    if (s.call.empty()) continue;
    if (const Fragment* f = expander.fragment(s.call)) {
      chain.assign(1, f->id);
      entries[s.id] = expander.entry_of(*f, s.id + ".", chain);
    }
  }
  const auto redirect = [&](std::string& id) {
    if (const auto it = entries.find(id); it != entries.end()) id = it->second;
  };
  redirect(process.start);
  for (ArrivalStream& stream : process.arrivals.streams) redirect(stream.start);
  // An expanded id may collide with a step written as such ("a.b" beside a call "a").
  std::map<std::string, int> uses;
  for (const Step& s : out) ++uses[s.id];
  for (const Step& s : out) {
    if (uses[s.id] > 1 && !s.origin.empty()) {
      error(s.id_where, fmt::format("step '{}' of call '{}' has the id of another step", s.id, s.origin));
    }
  }
  return out;
}

}  // namespace bpm
