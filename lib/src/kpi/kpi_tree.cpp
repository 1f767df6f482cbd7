#include "bpm/kpi/kpi_tree.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "kpi/process_index.hpp"

namespace bpm::kpi {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const Metric* find_metric(const Report& report, const std::string& name) {
  if (const Metric* m = report.find(name)) return m;
  const std::string key = normalize_name(name);
  for (const Metric& m : report.metrics) {
    if (normalize_name(m.name) == key) return &m;
  }
  return nullptr;
}

class TreeEvaluator {
 public:
  TreeEvaluator(Report& report, const Process& process) : report_(report), process_(process) {
    for (std::size_t i = 0; i < process.kpis.size(); ++i) index_.emplace(process.kpis[i].id, i);
    results_.resize(process.kpis.size());
    state_.assign(process.kpis.size(), State::Todo);
  }

  void run() {
    // Each KPI after the KPIs its formula refers to. The depth-first search keeps its own stack
    // (KPI, next input to look at): a chain of KPIs may be as long as the file.
    std::vector<std::pair<std::size_t, std::size_t>> stack;
    for (std::size_t root = 0; root < process_.kpis.size(); ++root) {
      if (state_[root] != State::Todo) continue;
      state_[root] = State::Busy;
      stack.emplace_back(root, 0);
      while (!stack.empty()) {
        const std::size_t i = stack.back().first;
        const std::vector<std::string>& inputs = process_.kpis[i].formula.identifiers();
        if (std::size_t& next = stack.back().second; next < inputs.size()) {
          const auto kpi = index_.find(inputs[next++]);
          if (kpi != index_.end() && state_[kpi->second] == State::Todo) {
            state_[kpi->second] = State::Busy;
            stack.emplace_back(kpi->second, 0);
          }
          continue;
        }
        evaluate(i);
        state_[i] = State::Done;
        stack.pop_back();
      }
    }
    set_depths();
    report_.kpis = results_;
  }

 private:
  enum class State : unsigned char { Todo, Busy, Done };

  /// Depth: a KPI that another refers to sits below it (the longest path from a root, nobody's
  /// child), found in one pass over the KPIs in topological order (Kahn): linear, where following
  /// every path of a lattice of shared KPIs would be exponential.
  void set_depths() {
    std::vector<int> parents(results_.size(), 0);
    for (const KpiResult& r : results_) {
      for (const std::string& child : r.children) ++parents[index_.at(child)];
    }
    std::vector<std::size_t> ready;
    for (std::size_t i = 0; i < results_.size(); ++i) {
      if (parents[i] == 0) ready.push_back(i);
    }
    while (!ready.empty()) {
      const std::size_t i = ready.back();
      ready.pop_back();
      for (const std::string& name : results_[i].children) {
        const std::size_t child = index_.at(name);
        results_[child].depth = std::max(results_[child].depth, results_[i].depth + 1);
        if (--parents[child] == 0) ready.push_back(child);
      }
    }
    // On a cycle (a lint error): below whatever refers to it, never a root.
    for (std::size_t i = 0; i < results_.size(); ++i) {
      if (parents[i] > 0) results_[i].depth = std::max(results_[i].depth, 1);
    }
  }

  /// Evaluates KPI i, whose KPI inputs are evaluated (Done), or on the search stack (Busy): then
  /// the formula refers to itself through them.
  void evaluate(std::size_t i) {
    const KpiDef& def = process_.kpis[i];
    KpiResult& r = results_[i];
    r.id = def.id;
    r.description = def.description;
    r.formula = def.formula.text();
    r.unit = def.unit;
    r.target = def.target;
    r.inputs = def.formula.identifiers();
    std::vector<Value> slots(r.inputs.size(), Value::number(kNaN));
    Unit single_unit = Unit::Number;
    double single_half_width = 0.0;
    for (std::size_t k = 0; k < r.inputs.size(); ++k) {
      const std::string& name = r.inputs[k];
      if (const auto kpi = index_.find(name); kpi != index_.end()) {
        r.children.push_back(name);
        KpiResult& input = results_[kpi->second];
        if (state_[kpi->second] == State::Busy) {
          input.error = fmt::format("KPI '{}' refers to itself through its formula", process_.kpis[kpi->second].id);
        }
        slots[k] = Value::number(state_[kpi->second] == State::Done ? input.value : kNaN);
        single_unit = input.value_unit;
        single_half_width = input.half_width;
        if (!input.error.empty() && r.error.empty()) r.error = fmt::format("'{}' is not available", name);
      } else if (const Metric* m = find_metric(report_, name)) {
        slots[k] = Value::number(m->value);
        single_unit = m->unit;
        single_half_width = m->n > 1 ? m->half_width : 0.0;
      } else if (r.error.empty()) {
        r.error = fmt::format("unknown metric '{}'", name);
      }
    }
    Expression formula = def.formula;
    try {
      formula.bind([&r](std::string_view name) -> std::optional<std::uint32_t> {
        for (std::size_t k = 0; k < r.inputs.size(); ++k) {
          if (r.inputs[k] == name) return static_cast<std::uint32_t>(k);
        }
        return std::nullopt;
      });
      const Value v = formula.eval(slots.data());
      r.value = v.is_string() ? kNaN : v.num;
    } catch (const Error& e) {
      r.value = kNaN;
      if (r.error.empty()) r.error = e.what();
    }
    // A formula that is just one name keeps that name's unit and uncertainty.
    const bool single = r.inputs.size() == 1 && r.formula.find_first_of("+-*/()<>=!") == std::string::npos;
    if (single) {
      r.value_unit = single_unit;
      r.half_width = single_half_width;
    } else if (r.unit == "%") {
      r.value_unit = Unit::Fraction;
    }
    if (std::isnan(r.value) && r.error.empty()) r.error = "not measurable on this input";
    r.status = status_of(r.value, r.target);
  }

  Report& report_;
  const Process& process_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<KpiResult> results_;
  std::vector<State> state_;
};

}  // namespace

void evaluate_kpi_tree(Report& report, const Process& process) {
  if (report.title.empty()) report.title = process.name;
  TreeEvaluator(report, process).run();
  report.objectives.clear();
  for (const Objective& objective : process.objectives) {
    ObjectiveResult o;
    o.kpi = objective.kpi;
    o.target = objective.target;
    o.baseline = objective.baseline;
    o.baseline_text = objective.baseline_text;
    o.value = kNaN;
    for (const KpiResult& k : report.kpis) {
      if (k.id == objective.kpi) {
        o.value = k.value;
        o.unit = k.value_unit;
        o.half_width = k.half_width;
        o.found = true;
      }
    }
    if (!o.found) {
      if (const Metric* m = find_metric(report, objective.kpi)) {
        o.value = m->value;
        o.unit = m->unit;
        o.half_width = m->n > 1 ? m->half_width : 0.0;
        o.found = true;
      }
    }
    o.status = status_of(o.value, o.target);
    report.objectives.push_back(std::move(o));
  }
}

}  // namespace bpm::kpi
