// Exact weights of a gateway's conditions. A condition such as `deal_value > 20000 and segment ==
// 'smb'` holds on classes of attribute values: the categories of `segment`, and the pieces of the
// real line that the thresholds of `deal_value` cut. Every joint class is evaluated once at a
// representative value and weighed by the product of its attributes' probabilities (they are
// drawn independently), so the result is exact up to rounding. Only conditions that compute with
// a numeric attribute (`deal_value * 2 > x`) fall back to draws.
#include "model/condition_weights.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "core/random.hpp"

namespace bpm::detail {
namespace {

using Op = Expression::Op;

/// What the abstract evaluation of a condition's code knows about a stack value.
struct Symbol {
  enum Kind : std::uint8_t { Constant, Attribute, Other } kind = Other;
  double value = 0.0;    // Constant (numbers only; strings are Other)
  std::size_t slot = 0;  // Attribute
};

/// The thresholds each numeric attribute is compared with, or false when some condition uses a
/// numeric attribute in any other way.
bool collect_thresholds(const Process& process, const Expression& condition,
                        std::vector<std::vector<double>>& thresholds) {
  const auto& attributes = process.arrivals.attributes;
  std::vector<Symbol> stack;
  bool exact = true;
  const auto numeric = [&](const Symbol& s) { return s.kind == Symbol::Attribute && !attributes[s.slot].categorical; };
  const auto pop = [&] {
    Symbol s = stack.back();
    stack.pop_back();
    return s;
  };
  // A numeric attribute that reaches anything but a comparison with a constant cannot be
  // classified by thresholds.
  const auto consume = [&](const Symbol& s) {
    if (numeric(s)) exact = false;
  };
  for (const Op& op : condition.code()) {
    switch (op.code) {
      case Op::PushNumber: stack.push_back({Symbol::Constant, op.number, 0}); break;
      case Op::PushString: stack.push_back({}); break;
      case Op::Load: stack.push_back({Symbol::Attribute, 0.0, op.index}); break;
      case Op::Neg: {
        Symbol s = pop();
        if (s.kind == Symbol::Constant) {
          s.value = -s.value;
        } else {
          consume(s);
          s = {};
        }
        stack.push_back(s);
        break;
      }
      case Op::Not:
        consume(pop());
        stack.push_back({});
        break;
      case Op::Exp:
      case Op::Ln:
      case Op::Logistic: {
        Symbol s = pop();
        if (s.kind == Symbol::Constant) {
          s.value = op.code == Op::Exp  ? std::exp(s.value)
                    : op.code == Op::Ln ? std::log(s.value)
                                        : 1.0 / (1.0 + std::exp(-s.value));
        } else {
          consume(s);
          s = {};
        }
        stack.push_back(s);
        break;
      }
      case Op::Add:
      case Op::Sub:
      case Op::Mul:
      case Op::Div: {
        const Symbol b = pop();
        const Symbol a = pop();
        if (a.kind == Symbol::Constant && b.kind == Symbol::Constant) {
          const double v = op.code == Op::Add   ? a.value + b.value
                           : op.code == Op::Sub ? a.value - b.value
                           : op.code == Op::Mul ? a.value * b.value
                                                : a.value / b.value;
          stack.push_back({Symbol::Constant, v, 0});
          break;
        }
        consume(a);
        consume(b);
        stack.push_back({});
        break;
      }
      case Op::Eq:
      case Op::Ne:
      case Op::Lt:
      case Op::Le:
      case Op::Gt:
      case Op::Ge: {
        const Symbol b = pop();
        const Symbol a = pop();
        if (numeric(a) && b.kind == Symbol::Constant && std::isfinite(b.value)) {
          thresholds[a.slot].push_back(b.value);
        } else if (numeric(b) && a.kind == Symbol::Constant && std::isfinite(a.value)) {
          thresholds[b.slot].push_back(a.value);
        } else {
          consume(a);
          consume(b);
        }
        stack.push_back({});
        break;
      }
      case Op::And:
      case Op::Or:
        consume(pop());
        consume(pop());
        stack.push_back({});
        break;
    }
  }
  for (const Symbol& s : stack) consume(s);  // a bare `deal_value` as a condition
  return exact;
}

/// One class of an attribute's values: a value that represents it and its probability.
struct AttributeClass {
  Value value;
  double weight = 0.0;
};

/// The classes of a numeric attribute cut by sorted, distinct thresholds t1 < ... < tn: the open
/// pieces (-inf, t1), (t1, t2), ..., (tn, inf) and the points t1, ..., tn. Every comparison with
/// a threshold has one truth value on each class, so any value inside represents it.
std::vector<AttributeClass> numeric_classes(const Distribution& d, std::vector<double> t) {
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end()), t.end());
  std::vector<AttributeClass> out;
  const auto add = [&](double value, double weight) {
    if (weight > 0.0) out.push_back({Value::number(value), weight});
  };
  if (t.empty()) {
    add(0.0, 1.0);
    return out;
  }
  add(t.front() - std::max(1.0, std::abs(t.front())), d.cdf(t.front(), false));
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double at_or_below = d.cdf(t[i], true);
    add(t[i], at_or_below - d.cdf(t[i], false));
    if (i + 1 < t.size()) {
      const double middle = t[i] + (t[i + 1] - t[i]) / 2;
      // Thresholds one rounding step apart leave no double between them, and no mass.
      if (middle > t[i] && middle < t[i + 1]) add(middle, d.cdf(t[i + 1], false) - at_or_below);
    } else {
      add(t[i] + std::max(1.0, std::abs(t[i])), 1.0 - at_or_below);
    }
  }
  return out;
}

std::vector<AttributeClass> categorical_classes(const Process& process, const Attribute& attribute) {
  std::vector<AttributeClass> out;
  for (std::size_t k = 0; k < attribute.categories.size(); ++k) {
    const auto id = process.strings.find(attribute.categories[k]);
    out.push_back({id ? Value::string(*id) : Value::number(0.0), attribute.weights[k]});
  }
  return out;
}

void add_case(const Step& step, const std::vector<Value>& slots, double weight, std::vector<ConditionCase>& cases) {
  ConditionCase c;
  c.weight = weight;
  for (const auto& branch : step.branches) c.holds.push_back(branch.when && branch.when->holds(slots.data()));
  cases.push_back(std::move(c));
}

/// An attribute that steps set (`set:`) and conditions read, as a function of the arrival attributes.
struct Derived {
  std::size_t slot = 0;  // in Process::attribute_names() order, as conditions are bound
  const Expression* value = nullptr;
};

/// `used`: the arrival attributes to draw, computed ones included (worked out from the others, in
/// file order, after the draws); `derived`: the attributes steps set, worked out after those.
std::vector<ConditionCase> sampled_cases(const Process& process, const Step& step, const std::vector<std::size_t>& used,
                                         const std::vector<Derived>& derived) {
  constexpr std::uint64_t kConditionSeed = 0x6270'6d2d'726f'7574ULL;  // "bpm-rout"
  const auto& attributes = process.arrivals.attributes;
  std::vector<Value> slots(std::max(attributes.size(), process.attribute_names().size()), Value::number(0.0));
  std::vector<ConditionCase> cases;
  std::vector<std::size_t> computed;
  for (const std::size_t a : used) {
    if (attributes[a].formula) computed.push_back(a);
  }
  std::sort(computed.begin(), computed.end());  // each after the attributes it reads
  Rng rng = Rng::stream(kConditionSeed, 0, Rng::key(step.id));
  for (std::size_t draw = 0; draw < kConditionSamples; ++draw) {
    for (const std::size_t a : used) {
      const Attribute& attribute = attributes[a];
      if (attribute.formula) continue;
      if (!attribute.categorical) {
        slots[a] = Value::number(attribute.numeric.sample(rng));
        continue;
      }
      double u = rng.uniform();
      std::size_t k = 0;
      while (k + 1 < attribute.weights.size() && u >= attribute.weights[k]) u -= attribute.weights[k++];
      const auto id = process.strings.find(attribute.categories[k]);
      slots[a] = id ? Value::string(*id) : Value::number(0.0);
    }
    for (const std::size_t a : computed) slots[a] = attributes[a].formula->eval(slots.data());
    for (const Derived& d : derived) slots[d.slot] = d.value->eval(slots.data());
    add_case(step, slots, 1.0 / static_cast<double>(kConditionSamples), cases);
  }
  return cases;
}

/// Whether a step sets `name`.
bool is_set(const Process& process, std::string_view name) {
  for (const Step& step : process.steps) {
    for (const Assignment& a : step.set) {
      if (a.attribute == name) return true;
    }
  }
  return false;
}

/// The expression every step that sets `name` gives it, when they all give the same one and it
/// reads only arrival attributes that every case draws and no step changes (risk_score =
/// claim_amount / 400 wherever it is set): then the attribute, once set, is that function of the
/// arrival attributes. nullptr otherwise. A condition read before the step sets it would find it
/// undefined; the routing assumes it is set, which is what a process that reads it means.
const Expression* derived_value(const Process& process, std::string_view name, int depth = 0) {
  const Expression* value = nullptr;
  for (const Step& step : process.steps) {
    for (const Assignment& a : step.set) {
      if (a.attribute != name) continue;
      if (value != nullptr && value->text() != a.value.text()) return nullptr;
      value = &a.value;
    }
  }
  if (value == nullptr) return nullptr;
  const auto& attributes = process.arrivals.attributes;
  for (const std::string& read : value->identifiers()) {
    const bool arrival =
        std::any_of(attributes.begin(), attributes.end(), [&](const Attribute& a) { return a.name == read; });
    if (arrival && !is_set(process, read)) continue;
    // Derived from another derived attribute (approved = risk_score < 50, risk_score set from the
    // claim): the chain is a function of the arrival attributes too. Bounded against cycles.
    if (depth >= 8 || derived_value(process, read, depth + 1) == nullptr) return nullptr;
  }
  return value;
}

}  // namespace

std::optional<WeighedConditions> weigh_conditions(const Process& process, const Step& step) {
  constexpr std::size_t kMaxClasses = 4096;
  const auto& attributes = process.arrivals.attributes;
  std::vector<std::size_t> used;  // in order of first appearance: the order of the draws
  std::vector<Derived> derived;
  const auto use = [&](const Attribute* attribute) {
    const auto index = static_cast<std::size_t>(attribute - attributes.data());
    if (std::find(used.begin(), used.end(), index) == used.end()) used.push_back(index);
  };
  const auto is_arrival = [&](const Attribute* attribute) {
    return attribute != nullptr && attribute >= attributes.data() && attribute < attributes.data() + attributes.size();
  };
  const std::vector<std::string> names = process.attribute_names();
  // A derived attribute after those it reads, so that the draws compute the chain in order.
  std::function<bool(std::string_view, int)> add_derived = [&](std::string_view name, int depth) {
    const Expression* value = derived_value(process, name);
    if (value == nullptr || depth > 8) return false;
    for (const std::string& read : value->identifiers()) {
      const Attribute* attribute = process.find_attribute(read);
      if (is_arrival(attribute) && !is_set(process, read)) {
        use(attribute);
      } else if (!add_derived(read, depth + 1)) {
        return false;
      }
    }
    const auto slot = static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
    if (std::none_of(derived.begin(), derived.end(), [&](const Derived& d) { return d.slot == slot; })) {
      derived.push_back({slot, value});
    }
    return true;
  };
  for (const auto& branch : step.branches) {
    if (!branch.when) continue;
    for (const auto& name : branch.when->identifiers()) {
      const Attribute* attribute = process.find_attribute(name);
      // Attributes every case draws at arrival and no step changes have weights; those steps set
      // to a function of them are drawn through it; others cannot be weighed.
      if (is_arrival(attribute) && !is_set(process, name)) {
        use(attribute);
        continue;
      }
      if (!add_derived(name, 0)) return std::nullopt;
    }
  }
  // A computed attribute (a score) is weighed through the attributes its formula reads, declared
  // above it and drawn after the others, so that a file without formulas keeps its draws. Its
  // classes are not known in closed form: such conditions are estimated.
  bool computed = false;
  for (std::size_t k = 0; k < used.size(); ++k) {
    const Attribute& attribute = attributes[used[k]];
    if (!attribute.formula) continue;
    computed = true;
    for (const auto& name : attribute.formula->identifiers()) {
      const Attribute* read = process.find_attribute(name);
      if (!is_arrival(read) || is_set(process, name)) return std::nullopt;
      use(read);
    }
  }
  std::vector<std::vector<double>> thresholds(attributes.size());
  // Attributes steps set are drawn (their slots lie beyond the arrival attributes' thresholds).
  bool exact = derived.empty() && !computed;
  for (const auto& branch : step.branches) {
    if (branch.when && exact) exact = collect_thresholds(process, *branch.when, thresholds);
  }
  std::vector<std::vector<AttributeClass>> classes;
  std::size_t total = 1;
  for (const std::size_t a : used) {
    if (!exact) break;
    const Attribute& attribute = attributes[a];
    classes.push_back(attribute.categorical ? categorical_classes(process, attribute)
                                            : numeric_classes(attribute.numeric, thresholds[a]));
    if (classes.back().empty() || total * classes.back().size() > kMaxClasses) {
      exact = false;
      break;
    }
    total *= classes.back().size();
  }
  WeighedConditions out;
  if (!exact) {
    out.cases = sampled_cases(process, step, used, derived);
    out.estimated = true;
    return out;
  }
  std::vector<Value> slots(attributes.size(), Value::number(0.0));
  for (std::size_t combination = 0; combination < total; ++combination) {
    double weight = 1.0;
    std::size_t rest = combination;
    for (std::size_t u = 0; u < used.size(); ++u) {
      const std::size_t k = rest % classes[u].size();
      rest /= classes[u].size();
      weight *= classes[u][k].weight;
      slots[used[u]] = classes[u][k].value;
    }
    add_case(step, slots, weight, out.cases);
  }
  return out;
}

}  // namespace bpm::detail
