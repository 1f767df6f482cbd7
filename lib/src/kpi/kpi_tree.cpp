#include "bpm/kpi/kpi_tree.hpp"

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
    for (std::size_t i = 0; i < process_.kpis.size(); ++i) evaluate(i);
    // Depth: a KPI that another refers to sits below it; roots are those nobody refers to.
    std::vector<int> parents(results_.size(), 0);
    for (const KpiResult& r : results_) {
      for (const std::string& child : r.children) ++parents[index_.at(child)];
    }
    for (std::size_t i = 0; i < results_.size(); ++i) {
      if (parents[i] == 0) set_depth(i, 0, 0);
    }
    report_.kpis = results_;
  }

 private:
  enum class State : unsigned char { Todo, Busy, Done };

  void set_depth(std::size_t i, int depth, int guard) {
    if (guard > static_cast<int>(results_.size())) return;
    results_[i].depth = std::max(results_[i].depth, depth);
    for (const std::string& child : results_[i].children) set_depth(index_.at(child), depth + 1, guard + 1);
  }

  double evaluate(std::size_t i) {
    if (state_[i] == State::Done) return results_[i].value;
    const KpiDef& def = process_.kpis[i];
    KpiResult& r = results_[i];
    if (state_[i] == State::Busy) {
      r.error = fmt::format("KPI '{}' refers to itself through its formula", def.id);
      return kNaN;
    }
    state_[i] = State::Busy;
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
        slots[k] = Value::number(evaluate(kpi->second));
        single_unit = results_[kpi->second].value_unit;
        single_half_width = results_[kpi->second].half_width;
        if (!results_[kpi->second].error.empty() && r.error.empty()) {
          r.error = fmt::format("'{}' is not available", name);
        }
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
    state_[i] = State::Done;
    return r.value;
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
