// The model as an expression of the process language, and as a computed attribute of a process.
#include "bpm/predict/attach.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "bpm/core/error.hpp"
#include "bpm/model/expression.hpp"

namespace bpm::predict {
namespace {

/// A name the expression language reads as one identifier.
bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!letter(name.front()) && name.front() != '_') return false;
  for (std::size_t i = 1; i < name.size(); ++i) {
    const char c = name[i];
    if (letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.') continue;
    if (c == '-' && i + 1 < name.size() && letter(name[i + 1])) continue;
    return false;
  }
  static constexpr std::string_view kKeywords[] = {"and", "or", "not", "true", "false"};
  return std::find(std::begin(kKeywords), std::end(kKeywords), name) == std::end(kKeywords);
}

std::string name_of(const std::string& attribute) {
  if (!is_identifier(attribute)) {
    throw UsageError(
        fmt::format("attribute '{}' is not a name the process language can read (letters, digits, _ "
                    "and .): rename the log column to the process attribute's name",
                    attribute));
  }
  return attribute;
}

/// A string literal: quoted with whichever quote the text does not contain (there are no escapes).
std::string literal(const std::string& text) {
  if (text.find('\'') == std::string::npos) return "'" + text + "'";
  if (text.find('"') == std::string::npos) return "\"" + text + "\"";
  throw UsageError(fmt::format("level '{}' holds both kinds of quote, which the process language cannot write", text));
}

std::string number(double x) { return fmt::format("{}", x); }

/// " + c * term" or " - |c| * term".
void add_term(std::string& out, double coefficient, const std::string& term) {
  if (coefficient == 0.0) return;
  out += coefficient < 0 ? " - " : " + ";
  out += number(std::abs(coefficient)) + " * " + term;
}

void require_arrival(const ScoreModel& model) {
  if (model.cut.kind == Cut::Kind::Arrival) return;
  throw UsageError(
      fmt::format("the model reads what a case did up to the cut '{}', which a case does not have when "
                  "it arrives: train it with the cut at arrival to write it into a process file",
                  model.cut.text()));
}

/// The linear predictor over the case attributes; columns for missing values read 0, as a
/// simulated case has every attribute.
std::string linear_predictor(const ScoreModel& model) {
  std::string out = number(model.intercept);
  for (const Column& c : model.columns) {
    switch (c.kind) {
      case ColumnKind::Numeric: add_term(out, c.coefficient, name_of(c.source)); break;
      case ColumnKind::Missing: break;
      case ColumnKind::Level:
        if (c.level != "(missing)")
          add_term(out, c.coefficient, fmt::format("({} == {})", name_of(c.source), literal(c.level)));
        break;
      case ColumnKind::OtherLevel: {
        std::string known;
        for (const std::string& level : c.known) {
          if (level == "(missing)") continue;
          known += fmt::format("{}{} == {}", known.empty() ? "" : " or ", name_of(c.source), literal(level));
        }
        add_term(out, c.coefficient, known.empty() ? "1" : "(not (" + known + "))");
        break;
      }
      default: require_arrival(model); break;
    }
  }
  return out;
}

}  // namespace

std::string score_expression(const ScoreModel& model) {
  require_arrival(model);
  if (model.calibration.kind == Calibration::Kind::Isotonic) {
    throw UsageError("an isotonic calibration is a step function: attach_score writes it as two attributes");
  }
  return "logistic(" + linear_predictor(model) + ")";
}

void attach_score(Process& process, const ScoreModel& model, const std::string& name) {
  require_arrival(model);
  if (!is_identifier(name))
    throw SettingError("name", fmt::format("'{}' is not a name the process language can read", name));
  auto& attributes = process.arrivals.attributes;
  for (const Column& c : model.columns) {
    const Attribute* a = process.find_attribute(c.source);
    if (a == nullptr) {
      throw ModelError(process.arrivals.where,
                       fmt::format("the model reads attribute '{}', which the process does not have under "
                                   "arrivals.attributes",
                                   c.source));
    }
    const bool categorical_column = c.kind == ColumnKind::Level || c.kind == ColumnKind::OtherLevel;
    if (c.kind == ColumnKind::Numeric && a->categorical) {
      throw ModelError(a->where, fmt::format("the model reads attribute '{}' as a number, but the process has it "
                                             "categorical",
                                             c.source));
    }
    if (categorical_column && !a->categorical && !a->formula) {
      throw ModelError(a->where, fmt::format("the model reads attribute '{}' as categories, but the process has it "
                                             "numeric (train with it categorical only if it is)",
                                             c.source));
    }
  }
  // Where the score goes: replacing a formula of the same name (a retrained model), else last.
  const auto it =
      std::find_if(attributes.begin(), attributes.end(), [&](const Attribute& a) { return a.name == name; });
  if (it != attributes.end() && !it->formula) {
    throw ModelError(
        it->where,
        fmt::format("the process already has a sampled attribute '{}': choose another name for the score", name));
  }
  std::vector<std::pair<std::string, std::string>> formulas;  // (name, text) in order
  if (model.calibration.kind == Calibration::Kind::Isotonic) {
    // The log-odds first, then the step function of it.
    const std::string logit = name + "_logit";
    formulas.emplace_back(logit, linear_predictor(model));
    std::string steps = number(model.calibration.values.front());
    for (std::size_t k = 1; k < model.calibration.thresholds.size(); ++k) {
      add_term(steps, model.calibration.values[k] - model.calibration.values[k - 1],
               fmt::format("({} >= {})", logit, number(model.calibration.thresholds[k])));
    }
    formulas.emplace_back(name, steps);
  } else {
    formulas.emplace_back(name, score_expression(model));
  }
  std::size_t position = it != attributes.end() ? static_cast<std::size_t>(it - attributes.begin()) : attributes.size();
  if (it != attributes.end()) attributes.erase(it);
  for (const auto& formula : formulas) {
    // Not a structured binding: clang 14 (the sanitizer build's) cannot capture one in a lambda.
    const std::string& attribute_name = formula.first;
    const std::string& text = formula.second;
    const auto old = std::find_if(attributes.begin(), attributes.end(),
                                  [&](const Attribute& a) { return a.name == attribute_name; });
    if (old != attributes.end()) {
      if (!old->formula) {
        throw ModelError(old->where, fmt::format("the process already has a sampled attribute '{}'", attribute_name));
      }
      if (static_cast<std::size_t>(old - attributes.begin()) < position) --position;
      attributes.erase(old);
    }
    Attribute a;
    a.name = attribute_name;
    a.where = process.arrivals.where;
    a.formula = Expression::parse(text, process.strings);
    const std::size_t visible = position;
    try {
      a.formula->bind([&](std::string_view n) -> std::optional<std::uint32_t> {
        const auto slot = process.attribute_slot(n);
        return slot && *slot < visible ? slot : std::nullopt;
      });
    } catch (const SyntaxError& e) {
      throw ModelError(process.arrivals.where,
                       fmt::format("attribute '{}' cannot read '{}': {} (a formula reads the attributes above it)",
                                   attribute_name, text, e.what()));
    }
    attributes.insert(attributes.begin() + static_cast<std::ptrdiff_t>(position), std::move(a));
    ++position;
  }
}

}  // namespace bpm::predict
