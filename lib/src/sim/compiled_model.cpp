#include "sim/compiled_model.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "core/random.hpp"

namespace bpm::sim {

namespace {

class Compiler {
 public:
  explicit Compiler(const Process& process) : p_(process) {}

  CompiledModel run(std::optional<std::uint64_t> seed, std::optional<std::uint64_t> cases) {
    m_.name = p_.name;
    m_.strings = &p_.strings;
    index_steps();
    compile_resources();
    compile_arrivals();
    compile_outcomes();
    compile_slas();
    untabulate_set_attributes();
    for (std::size_t i = 0; i < p_.steps.size(); ++i) {
      compile_step(p_.steps[i], m_.steps[i]);
      compile_timers(p_.steps[i], m_.steps[i]);
      compile_batch(p_.steps[i], m_.steps[i], static_cast<std::uint32_t>(i));
      compile_instances(p_.steps[i], m_.steps[i]);
      CompiledStep& c = m_.steps[i];
      c.special = c.timers != kNone || c.batch != kNone || c.instances != kNone;
    }
    compile_priorities();
    m_.start_step = step_index(p_.start, p_.start_where, "start");
    compile_stream_starts();
    compile_limits(seed, cases);
    return std::move(m_);
  }

 private:
  std::uint32_t add_stream(std::string name) {
    m_.stream_keys.push_back(Rng::key(name));
    m_.stream_names.push_back(std::move(name));
    return static_cast<std::uint32_t>(m_.stream_keys.size() - 1);
  }

  std::uint32_t add_sampler(const Distribution& d) {
    m_.samplers.emplace_back(d);
    return static_cast<std::uint32_t>(m_.samplers.size() - 1);
  }

  void index_steps() {
    m_.steps.resize(p_.steps.size());
    for (std::size_t i = 0; i < p_.steps.size(); ++i) {
      m_.step_ids.push_back(p_.steps[i].id);
      step_by_id_.emplace(p_.steps[i].id, static_cast<std::uint32_t>(i));
    }
  }

  std::uint32_t step_index(const std::string& id, const Location& where, std::string_view what) const {
    const auto it = step_by_id_.find(id);
    if (it == step_by_id_.end()) throw ModelError(where, fmt::format("{} refers to unknown step '{}'", what, id));
    return it->second;
  }

  void compile_resources() {
    for (const Resource& r : p_.resources) {
      CompiledResource c;
      c.id = r.id;
      c.count = static_cast<std::uint32_t>(std::max(r.count, 0));
      c.cost_per_hour = r.cost_per_hour;
      c.cost_per_second = r.cost_per_hour / 3600.0;
      const Calendar* calendar = nullptr;
      if (!r.calendar.empty()) {
        calendar = p_.find_calendar(r.calendar);
        if (calendar == nullptr) {
          throw ModelError(r.where, fmt::format("resource '{}' uses unknown calendar '{}'", r.id, r.calendar));
        }
        c.clock = CalendarClock(*calendar);
      }
      const auto pool = static_cast<std::uint32_t>(m_.resources.size());
      c.clock_owner = pool;
      for (std::size_t j = 0; j < m_.resources.size(); ++j) {
        if (p_.resources[j].calendar == r.calendar) {
          c.clock_owner = static_cast<std::uint32_t>(j);
          break;
        }
      }
      if (!r.members.empty()) c.first_server = static_cast<std::uint32_t>(m_.servers.size());
      for (const Member& member : r.members) {
        CompiledServer server;
        server.id = member.id;
        server.pool = pool;
        server.cost_per_second = r.member_cost(member) / 3600.0;
        server.speed = member.speed;
        if (!member.calendar.empty()) {
          const Calendar* own = p_.find_calendar(member.calendar);
          if (own == nullptr) {
            throw ModelError(member.where,
                             fmt::format("member '{}' uses unknown calendar '{}'", member.id, member.calendar));
          }
          server.clock = CalendarClock(calendar != nullptr ? intersect_calendars(*own, *calendar) : *own);
        } else {
          server.clock = c.clock;
        }
        m_.servers.push_back(std::move(server));
      }
      resource_by_id_.emplace(r.id, pool);
      m_.resources.push_back(std::move(c));
    }
  }

  CompiledAttribute compile_attribute(const Attribute& a, const std::string& stream_name) {
    if (a.formula) {
      throw ModelError(a.where, fmt::format("attribute '{}': a computed attribute (formula) is declared under "
                                            "arrivals.attributes, not under a stream",
                                            a.name));
    }
    CompiledAttribute c;
    c.name = a.name;
    c.categorical = a.categorical;
    c.numeric = Sampler(a.numeric);
    if (a.categorical) {
      double sum = 0.0;
      for (std::size_t i = 0; i < a.categories.size(); ++i) {
        sum += i < a.weights.size() ? a.weights[i] : 0.0;
        c.cumulative.push_back(sum);
        const auto id = p_.strings.find(a.categories[i]);
        if (!id) throw ModelError(a.where, fmt::format("category '{}' was not interned", a.categories[i]));
        c.categories.push_back(*id);
      }
      // Weights are normalised at parse time; renormalise anyway so the last bound is exactly 1.
      for (double& x : c.cumulative) x /= sum > 0.0 ? sum : 1.0;
      if (!c.cumulative.empty()) c.cumulative.back() = 1.0;
    }
    c.stream = add_stream(stream_name);
    return c;
  }

  const Calendar& calendar_named(const std::string& name, const Location& where) {
    const Calendar* calendar = p_.find_calendar(name);
    if (calendar == nullptr) throw ModelError(where, fmt::format("arrivals use unknown calendar '{}'", name));
    return *calendar;
  }

  void compile_arrivals() {
    // The streams of the first format version keep their names, so their draws are unchanged.
    const std::vector<ArrivalStream> streams = p_.arrivals.all_streams();
    m_.named_streams = !p_.arrivals.streams.empty();
    for (const ArrivalStream& s : streams) {
      CompiledStream c;
      c.id = s.id;
      const std::string prefix = s.id.empty() ? std::string("arrivals.") : "arrivals.streams." + s.id + ".";
      if (!s.calendar.empty()) c.clock = CalendarClock(calendar_named(s.calendar, s.where));
      if (s.rate) {
        c.rate_based = true;
        c.rate = RateClock(*s.rate, c.clock);
        c.stream = add_stream(prefix + "rate");
      } else {
        c.interarrival = Sampler(s.every);
        c.stream = add_stream(prefix + "every");
      }
      if (s.size) {
        c.size_sampler = add_sampler(*s.size);
        c.size_stream = add_stream(prefix + "size");
      }
      m_.streams.push_back(std::move(c));
    }
    const std::vector<std::string> names = p_.attribute_names();
    for (const std::string& name : names) {
      const auto common = std::find_if(p_.arrivals.attributes.begin(), p_.arrivals.attributes.end(),
                                       [&](const Attribute& a) { return a.name == name; });
      CompiledAttribute c;
      if (common != p_.arrivals.attributes.end() && common->formula) {
        // A formula reads only the attributes above it, which are already named here.
        c.name = name;
        c.formula = add_expression(*common->formula, common->where);
      } else if (common != p_.arrivals.attributes.end()) {
        c = compile_attribute(*common, "arrivals.attributes." + name);
      } else {
        c.name = name;
        c.common = false;
      }
      attribute_by_name_.emplace(name, static_cast<std::uint32_t>(m_.attributes.size()));
      m_.attributes.push_back(std::move(c));
    }
    for (std::size_t k = 0; k < p_.arrivals.streams.size(); ++k) {
      const ArrivalStream& s = p_.arrivals.streams[k];
      CompiledStream& c = m_.streams[k];
      if (s.attributes.empty()) continue;
      c.own.assign(names.size(), kNone);
      for (const Attribute& a : s.attributes) {
        const std::uint32_t slot = attribute_by_name_.at(a.name);
        c.own[slot] = static_cast<std::uint32_t>(c.own_attributes.size());
        c.own_attributes.push_back(compile_attribute(a, "arrivals.streams." + s.id + ".attributes." + a.name));
      }
    }
    // A slot is a string in every case only if every stream draws it, and draws it from categories.
    for (std::size_t slot = 0; slot < m_.attributes.size(); ++slot) {
      CompiledAttribute& a = m_.attributes[slot];
      bool always_string = a.common ? a.categorical : true;
      for (const CompiledStream& c : m_.streams) {
        const bool own = !c.own.empty() && c.own[slot] != kNone;
        if (own) always_string = always_string && c.own_attributes[c.own[slot]].categorical;
        if (!own && !a.common) always_string = false;
      }
      a.categorical = always_string;
    }
  }

  void compile_stream_starts() {
    const std::vector<ArrivalStream> streams = p_.arrivals.all_streams();
    for (std::size_t k = 0; k < streams.size(); ++k) {
      const std::string& start = streams[k].start.empty() ? p_.start : streams[k].start;
      m_.streams[k].start_step = step_index(start, streams[k].start.empty() ? p_.start_where : streams[k].where,
                                            streams[k].start.empty() ? "start" : "arrival stream start");
    }
  }

  void compile_outcomes() {
    m_.outcomes = p_.outcomes();
    for (std::size_t i = 0; i < m_.outcomes.size(); ++i) {
      if (m_.outcomes[i] == "won") m_.won_outcome = static_cast<std::uint32_t>(i);
    }
  }

  std::uint32_t endpoint(const SlaEndpoint& e, const Location& where) {
    switch (e.kind) {
      case SlaEndpoint::Kind::Arrival: return kArrivalEndpoint;
      case SlaEndpoint::Kind::CaseEnd: return kCaseEndEndpoint;
      case SlaEndpoint::Kind::StepStart:
      case SlaEndpoint::Kind::StepEnd: {
        const std::uint32_t step = step_index(e.step, where, "SLA endpoint");
        const bool start = e.kind == SlaEndpoint::Kind::StepStart;
        std::uint32_t& slot = start ? m_.steps[step].start_endpoint : m_.steps[step].end_endpoint;
        if (slot == kNone) slot = m_.endpoint_slots++;
        return slot;
      }
    }
    return kArrivalEndpoint;
  }

  void compile_slas() {
    for (const Sla& s : p_.slas) {
      CompiledSla c;
      c.id = s.id;
      c.from = endpoint(s.from, s.where);
      c.to = endpoint(s.to, s.where);
      c.within = s.within;
      m_.slas.push_back(std::move(c));
    }
  }

  std::uint32_t add_expression(const Expression& e, const Location& where) {
    Expression bound = e;
    try {
      bound.bind([this](std::string_view name) -> std::optional<std::uint32_t> {
        const auto it = attribute_by_name_.find(std::string(name));
        if (it == attribute_by_name_.end()) return std::nullopt;
        return it->second;
      });
    } catch (const SyntaxError& error) {
      throw ModelError(where, fmt::format("in '{}': {}", e.text(), error.what()));
    }
    m_.expressions.push_back(std::move(bound));
    return static_cast<std::uint32_t>(m_.expressions.size() - 1);
  }

  // A condition that reads a single categorical attribute takes one value per string: evaluated
  // here once per string id, it costs the engine a table lookup per case instead of an evaluation.
  void tabulate(CompiledBranch& cb) {
    const Expression& e = m_.expressions[cb.condition];
    if (e.identifiers().size() != 1) return;
    const auto it = attribute_by_name_.find(e.identifiers().front());
    if (it == attribute_by_name_.end() || !m_.attributes[it->second].categorical) return;
    std::vector<Value> values(m_.attributes.size());
    cb.category_slot = it->second;
    cb.truth = static_cast<std::uint32_t>(m_.condition_truth.size());
    for (std::size_t id = 0; id < p_.strings.size(); ++id) {
      values[cb.category_slot] = Value::string(static_cast<std::int32_t>(id));
      m_.condition_truth.push_back(e.holds(values.data()) ? 1 : 0);
    }
  }

  void compile_branches(const Step& s, CompiledStep& c) {
    c.first = static_cast<std::uint32_t>(m_.branches.size());
    c.count = static_cast<std::uint32_t>(s.branches.size());
    double p_total = 0.0;
    for (const Branch& b : s.branches) p_total += b.p.value_or(0.0);
    double cumulative = 0.0;
    double best_p = -1.0;
    for (std::size_t i = 0; i < s.branches.size(); ++i) {
      const Branch& b = s.branches[i];
      CompiledBranch cb;
      cb.to = step_index(b.to, b.where, fmt::format("a branch of '{}'", s.id));
      if (b.when) {
        cb.condition = add_expression(*b.when, b.where);
        tabulate(cb);
        ++c.conditions;
      }
      if (b.p) {
        cb.p = *b.p;
        ++c.p_branches;
        cumulative += *b.p;
        cb.cumulative = p_total > 0.0 ? cumulative / p_total : 0.0;
        if (*b.p > best_p) {
          best_p = *b.p;
          c.or_fallback = static_cast<std::uint32_t>(i);
        }
      }
      m_.branches.push_back(cb);
    }
    // The last p branch closes the interval exactly, so a draw near 1 never falls through.
    for (std::size_t i = m_.branches.size(); i > c.first; --i) {
      if (m_.branches[i - 1].p >= 0.0) {
        m_.branches[i - 1].cumulative = 1.0;
        break;
      }
    }
  }

  /// A distribution whose parameter expressions are bound to the compiled attribute slots.
  Distribution bound(Distribution d, const Location& where) {
    for (ParamExpression& e : d.expressions) {
      e.expression = m_.expressions[add_expression(e.expression, where)];
      m_.expressions.pop_back();
    }
    return d;
  }

  void compile_set(const Step& s, CompiledStep& c) {
    c.set_first = static_cast<std::uint32_t>(m_.assignments.size());
    c.set_count = static_cast<std::uint32_t>(s.set.size());
    for (const Assignment& a : s.set) {
      const auto slot = attribute_by_name_.find(a.attribute);
      if (slot == attribute_by_name_.end())
        throw ModelError(a.where, fmt::format("unknown attribute '{}'", a.attribute));
      m_.assignments.push_back(CompiledAssignment{slot->second, add_expression(a.value, a.where)});
    }
  }

  /// A condition on a categorical attribute is tabulated by its categories; an attribute a step
  /// sets may take any value, so conditions on it are evaluated instead.
  void untabulate_set_attributes() {
    for (const Step& s : p_.steps) {
      for (const Assignment& a : s.set) {
        if (const auto slot = attribute_by_name_.find(a.attribute); slot != attribute_by_name_.end()) {
          m_.attributes[slot->second].categorical = false;
        }
      }
    }
  }

  void compile_step(const Step& s, CompiledStep& c) {
    c.kind = s.kind;
    const std::string element = "steps." + s.id;
    const auto next = [&] { return step_index(s.next, s.where, fmt::format("step '{}' next", s.id)); };
    switch (s.kind) {
      case StepKind::Task: {
        c.next = next();
        if (!s.resource.empty()) {
          const auto it = resource_by_id_.find(s.resource);
          if (it == resource_by_id_.end()) {
            throw ModelError(s.where, fmt::format("step '{}' uses unknown resource '{}'", s.id, s.resource));
          }
          c.resource = it->second;
          c.cost_per_second = m_.resources[it->second].cost_per_hour / 3600.0;
        }
        if (!s.other_resources.empty()) {
          c.pools_first = static_cast<std::uint32_t>(m_.step_pools.size());
          c.pool_count = static_cast<std::uint32_t>(s.pools().size());
          c.policy = s.policy;
          for (const std::string& pool : s.pools()) {
            const auto it = resource_by_id_.find(pool);
            if (it == resource_by_id_.end()) {
              throw ModelError(s.where, fmt::format("step '{}' uses unknown resource '{}'", s.id, pool));
            }
            m_.step_pools.push_back(StepPool{it->second, 0});
          }
        }
        c.sampler = add_sampler(bound(s.duration.value_or(Distribution{}), s.where));
        c.stream = add_stream(element + ".duration");
        c.fixed_cost = s.cost;
        if (s.cost_formula) c.cost_formula = add_expression(*s.cost_formula, s.where);
        compile_set(s, c);
        if (s.rework && s.rework->p > 0.0) {
          c.rework_p = s.rework->p;
          c.rework_to =
              s.rework->to.empty() ? step_by_id_.at(s.id) : step_index(s.rework->to, s.rework->where, "rework to");
          c.rework_stream = add_stream(element + ".rework");
        }
        break;
      }
      case StepKind::Wait:
        c.next = next();
        c.sampler = add_sampler(bound(s.wait.value_or(Distribution{}), s.where));
        c.stream = add_stream(element + ".wait");
        c.logged = s.logged;
        compile_set(s, c);
        break;
      case StepKind::Xor:
      case StepKind::Or:
        compile_branches(s, c);
        c.stream = add_stream(element + ".routing");
        break;
      case StepKind::And:
        c.first = static_cast<std::uint32_t>(m_.targets.size());
        c.count = static_cast<std::uint32_t>(s.targets.size());
        for (const std::string& t : s.targets)
          m_.targets.push_back(step_index(t, s.where, fmt::format("step '{}'", s.id)));
        break;
      case StepKind::Join: c.next = next(); break;
      case StepKind::End: {
        const auto it = std::find(m_.outcomes.begin(), m_.outcomes.end(), s.outcome);
        c.outcome = static_cast<std::uint32_t>(it - m_.outcomes.begin());
        if (s.revenue) c.revenue = add_expression(*s.revenue, s.where);
        c.terminate = s.terminate;
        break;
      }
    }
  }

  void compile_batch(const Step& s, CompiledStep& c, std::uint32_t index) {
    if (!s.batch) return;
    CompiledBatch b;
    b.step = index;
    b.size = static_cast<std::uint32_t>(std::max<long long>(s.batch->size, 1));
    if (s.batch->timeout) {
      b.sampler = add_sampler(*s.batch->timeout);
      b.stream = add_stream("steps." + s.id + ".batch");
    }
    c.batch = static_cast<std::uint32_t>(m_.batches.size());
    m_.batches.push_back(b);
  }

  void compile_instances(const Step& s, CompiledStep& c) {
    if (!s.instances) return;
    CompiledInstances mi;
    mi.parallel = s.instances->parallel;
    if (s.instances->count) {
      mi.sampler = add_sampler(*s.instances->count);
      mi.stream = add_stream("steps." + s.id + ".instances");
    } else {
      mi.count = add_expression(*s.instances->count_of, s.instances->where);
    }
    c.instances = static_cast<std::uint32_t>(m_.instances.size());
    m_.instances.push_back(mi);
  }

  void compile_timers(const Step& s, CompiledStep& c) {
    if (!s.timeout && !s.escalate && !s.abandon) return;
    CompiledTimers timers;
    const auto compile_timer = [&](const std::optional<StepTimer>& t, const char* purpose, CompiledTimer& out) {
      if (!t) return;
      out.sampler = add_sampler(bound(t->after, t->where));
      out.stream = add_stream(fmt::format("steps.{}.{}", s.id, purpose));
      out.to = step_index(t->to, t->where, fmt::format("the {} of step '{}'", purpose, s.id));
    };
    compile_timer(s.timeout, "timeout", timers.timeout);
    compile_timer(s.escalate, "escalate", timers.escalate);
    compile_timer(s.abandon, "abandon", timers.abandon);
    c.timers = static_cast<std::uint32_t>(m_.timers.size());
    m_.timers.push_back(timers);
  }

  void compile_priorities() {
    for (std::size_t i = 0; i < p_.steps.size(); ++i) {
      CompiledStep& c = m_.steps[i];
      if (c.kind != StepKind::Task || c.resource == kNone) continue;
      const Step& s = p_.steps[i];
      c.priority = s.priority;
      if (s.priority_expression) c.priority_expression = add_expression(*s.priority_expression, s.where);
      // Every pool that can do the task queues it at its level, or by rank for a per-case priority.
      const auto add = [&](std::uint32_t pool) {
        if (s.priority_expression) m_.resources[pool].ranked = true;
        m_.resources[pool].priorities.push_back(s.priority);
      };
      add(c.resource);
      for (std::uint32_t k = 0; k < c.pool_count; ++k) add(m_.step_pools[c.pools_first + k].pool);
    }
    for (CompiledResource& r : m_.resources) {
      std::sort(r.priorities.begin(), r.priorities.end(), std::greater<>());
      r.priorities.erase(std::unique(r.priorities.begin(), r.priorities.end()), r.priorities.end());
      if (r.priorities.empty()) r.priorities.push_back(0);
    }
    for (std::size_t i = 0; i < p_.steps.size(); ++i) {
      CompiledStep& c = m_.steps[i];
      if (c.kind != StepKind::Task || c.resource == kNone) continue;
      const auto& levels = m_.resources[c.resource].priorities;
      const auto it = std::find(levels.begin(), levels.end(), p_.steps[i].priority);
      c.queue_level = static_cast<std::uint32_t>(it - levels.begin());
      for (std::uint32_t k = 0; k < c.pool_count; ++k) {
        StepPool& sp = m_.step_pools[c.pools_first + k];
        const auto& pool_levels = m_.resources[sp.pool].priorities;
        sp.queue_level = static_cast<std::uint32_t>(
            std::find(pool_levels.begin(), pool_levels.end(), p_.steps[i].priority) - pool_levels.begin());
      }
    }
  }

  void compile_limits(std::optional<std::uint64_t> seed, std::optional<std::uint64_t> cases) {
    const SimulationSettings& s = p_.simulation;
    RunLimits& l = m_.limits;
    l.start = s.start;
    l.seed = seed.value_or(s.seed);
    l.warmup_time = s.warmup_time;
    l.warmup_cases = s.warmup_cases;
    l.max_steps_per_case = s.max_steps_per_case;
    // A number of cases (from the options or the file) means "then drain", which needs no horizon.
    if (cases) {
      l.cases = cases;
    } else if (s.cases) {
      l.cases = s.cases;
    } else if (s.horizon) {
      l.horizon = s.horizon;
    } else {
      throw SettingError("cases",
                         "the run has no end: give a number of cases, or set simulation.horizon or simulation.cases");
    }
    if (l.cases && *l.cases == 0) throw UsageError("the number of cases must be at least 1");
  }

  const Process& p_;
  CompiledModel m_;
  std::map<std::string, std::uint32_t, std::less<>> step_by_id_;
  std::map<std::string, std::uint32_t, std::less<>> resource_by_id_;
  std::map<std::string, std::uint32_t, std::less<>> attribute_by_name_;
};

}  // namespace

CompiledModel compile(const Process& process, std::optional<std::uint64_t> seed, std::optional<std::uint64_t> cases) {
  return Compiler(process).run(seed, cases);
}

}  // namespace bpm::sim
