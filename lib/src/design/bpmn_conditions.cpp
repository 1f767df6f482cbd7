#include "design/bpmn_conditions.hpp"

#include <cctype>
#include <cstdlib>

#include "design/bpsim.hpp"

namespace bpm::design {
namespace {

constexpr std::string_view kProbabilityLanguage = "urn:bpmkit:probability";

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.'; }

/// Replaces whole-word operators (outside string literals): `eq` -> `==` and the like.
std::string replace_words(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string_view>> words) {
  std::string out;
  char quote = '\0';
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (quote != '\0') {
      out += c;
      if (c == quote) quote = '\0';
      ++i;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      ++i;
      continue;
    }
    bool replaced = false;
    if (word_char(c) && (i == 0 || !word_char(text[i - 1]))) {
      for (const auto& [from, to] : words) {
        if (text.substr(i, from.size()) == from && (i + from.size() == text.size() || !word_char(text[i + from.size()]))) {
          out += to;
          i += from.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) {
      out += c;
      ++i;
    }
  }
  return out;
}

/// FEEL's `=` (equality) as `==`, leaving `!=`, `<=`, `>=` and string contents alone.
std::string feel_equality(std::string_view text) {
  std::string out;
  char quote = '\0';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != '\0') {
      out += c;
      if (c == quote) quote = '\0';
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    const bool single_equals = c == '=' && (i == 0 || (text[i - 1] != '!' && text[i - 1] != '<' && text[i - 1] != '>' &&
                                                       text[i - 1] != '=')) &&
                               (i + 1 >= text.size() || text[i + 1] != '=');
    out += single_equals ? std::string("==") : std::string(1, c);
  }
  return out;
}

std::optional<double> probability_text(std::string_view text) {
  std::string number(text);
  bool percent = false;
  if (!number.empty() && number.back() == '%') {
    percent = true;
    number.pop_back();
  }
  if (number.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size()) return std::nullopt;
  const double p = percent ? value / 100.0 : value;
  if (!(p >= 0.0 && p <= 1.0)) return std::nullopt;
  return p;
}

}  // namespace

ConvertedCondition convert_condition(std::string_view raw, std::string_view language) {
  ConvertedCondition out;
  std::string text = trim_text(raw);
  if (language == kProbabilityLanguage) {
    out.probability = probability_text(text);
    if (!out.probability) out.expression = text;
    return out;
  }
  if (const auto p = probability_text(text)) {
    out.probability = p;
    return out;
  }
  if (text.size() > 3 && (text[0] == '$' || text[0] == '#') && text[1] == '{' && text.back() == '}') {
    out.juel = true;
    text = trim_text(std::string_view(text).substr(2, text.size() - 3));
    out.expression = replace_words(text, {{"eq", "=="}, {"ne", "!="}, {"lt", "<"}, {"gt", ">"}, {"le", "<="},
                                          {"ge", ">="}, {"and", "and"}, {"or", "or"}, {"not", "not"}});
    return out;
  }
  if (!text.empty() && text[0] == '=') {
    out.feel = true;
    out.expression = feel_equality(trim_text(std::string_view(text).substr(1)));
    return out;
  }
  out.expression = text;
  return out;
}

std::string expression_to_feel(std::string_view expression) {
  // `==` -> `=`, `&&`/`||`/`!` -> and/or/not, single-quoted strings -> double-quoted.
  std::string out;
  char quote = '\0';
  for (std::size_t i = 0; i < expression.size(); ++i) {
    const char c = expression[i];
    if (quote != '\0') {
      out += c == quote ? '"' : c;
      if (c == quote) quote = '\0';
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += '"';
    } else if (c == '=' && i + 1 < expression.size() && expression[i + 1] == '=') {
      out += '=';
      ++i;
    } else if (c == '&' && i + 1 < expression.size() && expression[i + 1] == '&') {
      out += " and ";
      ++i;
    } else if (c == '|' && i + 1 < expression.size() && expression[i + 1] == '|') {
      out += " or ";
      ++i;
    } else if (c == '!' && (i + 1 >= expression.size() || expression[i + 1] != '=')) {
      out += " not ";
    } else {
      out += c;
    }
  }
  return "=" + out;
}

std::string expression_to_juel(std::string_view expression) {
  std::string out = replace_words(expression, {{"and", "&&"}, {"or", "||"}, {"not", "!"}});
  // JUEL strings take single quotes; the process format allows both.
  for (char& c : out) c = c == '"' ? '\'' : c;
  return "${" + out + "}";
}

}  // namespace bpm::design
