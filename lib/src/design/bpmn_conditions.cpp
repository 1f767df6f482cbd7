#include "design/bpmn_conditions.hpp"

#include <fmt/format.h>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

#include "design/bpsim.hpp"

namespace bpm::design {
namespace {

constexpr std::string_view kProbabilityLanguage = "urn:bpmkit:probability";

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.'; }

/// Replaces whole-word operators (outside string literals): `eq` -> `==` and the like.
std::string replace_words(std::string_view text,
                          std::initializer_list<std::pair<std::string_view, std::string_view>> words) {
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
        if (text.substr(i, from.size()) == from &&
            (i + from.size() == text.size() || !word_char(text[i + from.size()]))) {
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
    const bool single_equals =
        c == '=' &&
        (i == 0 || (text[i - 1] != '!' && text[i - 1] != '<' && text[i - 1] != '>' && text[i - 1] != '=')) &&
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
    out.expression = replace_words(text, {{"eq", "=="},
                                          {"ne", "!="},
                                          {"lt", "<"},
                                          {"gt", ">"},
                                          {"le", "<="},
                                          {"ge", ">="},
                                          {"and", "and"},
                                          {"or", "or"},
                                          {"not", "not"}});
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

namespace {

/// The process format's expression grammar (share/doc/process-format.md#expressions), parsed
/// again to write it in an engine's language with explicit parentheses: precedence from loosest
/// to tightest or, and, not, comparison, + -, * /, unary -.
class Rewriter {
 public:
  Rewriter(std::string_view text, bool feel) : text_(text), feel_(feel) {}

  std::string run() {
    std::string out = disjunction();
    skip();
    if (pos_ < text_.size()) throw std::runtime_error("unexpected text");
    return out;
  }

 private:
  std::string_view text_;
  bool feel_;
  std::size_t pos_ = 0;

  void skip() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool word(std::string_view w) {
    skip();
    if (text_.substr(pos_, w.size()) != w) return false;
    const std::size_t end = pos_ + w.size();
    if (end < text_.size() && word_char(text_[end])) return false;
    pos_ = end;
    return true;
  }
  bool symbol(std::string_view s) {
    skip();
    if (text_.substr(pos_, s.size()) != s) return false;
    pos_ += s.size();
    return true;
  }
  std::string disjunction() {
    std::string left = conjunction();
    while (word("or") || symbol("||")) left = fmt::format("({}{}{})", left, feel_ ? " or " : " || ", conjunction());
    return left;
  }
  std::string conjunction() {
    std::string left = negation();
    while (word("and") || symbol("&&")) left = fmt::format("({}{}{})", left, feel_ ? " and " : " && ", negation());
    return left;
  }
  std::string negation() {
    skip();
    if (word("not") || (text_.substr(pos_, 1) == "!" && text_.substr(pos_, 2) != "!=" && symbol("!"))) {
      const std::string inner = negation();
      return feel_ ? fmt::format("not({})", inner) : fmt::format("!({})", inner);
    }
    return comparison();
  }
  std::string comparison() {
    std::string left = sum();
    for (const std::string_view op : {"==", "!=", "<=", ">=", "<", ">"}) {
      if (symbol(op)) {
        const std::string right = sum();
        const std::string written = feel_ && op == "==" ? std::string("=") : std::string(op);
        return fmt::format("({} {} {})", left, written, right);
      }
    }
    return left;
  }
  std::string sum() {
    std::string left = product();
    for (;;) {
      skip();
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) {
        const char op = text_[pos_++];
        left = fmt::format("({} {} {})", left, op, product());
      } else {
        return left;
      }
    }
  }
  std::string product() {
    std::string left = unary();
    for (;;) {
      skip();
      if (pos_ < text_.size() && (text_[pos_] == '*' || text_[pos_] == '/')) {
        const char op = text_[pos_++];
        left = fmt::format("({} {} {})", left, op, unary());
      } else {
        return left;
      }
    }
  }
  std::string unary() {
    if (symbol("-")) return fmt::format("(-{})", unary());
    return primary();
  }
  std::string primary() {
    skip();
    if (pos_ >= text_.size()) throw std::runtime_error("unexpected end");
    const char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      std::string inner = disjunction();
      if (!symbol(")")) throw std::runtime_error("missing )");
      return inner;
    }
    if (c == '\'' || c == '"') {
      const std::size_t close = text_.find(c, pos_ + 1);
      if (close == std::string_view::npos) throw std::runtime_error("unterminated string");
      const std::string body(text_.substr(pos_ + 1, close - pos_ - 1));
      pos_ = close + 1;
      return feel_ ? fmt::format("\"{}\"", body) : fmt::format("'{}'", body);
    }
    if (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.') {
      std::size_t end = pos_;
      while (end < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[end])) != 0 || text_[end] == '.' ||
                                    text_[end] == 'e' || text_[end] == 'E' ||
                                    ((text_[end] == '+' || text_[end] == '-') && end > pos_ &&
                                     (text_[end - 1] == 'e' || text_[end - 1] == 'E')))) {
        ++end;
      }
      std::string number(text_.substr(pos_, end - pos_));
      pos_ = end;
      if (pos_ < text_.size() && text_[pos_] == '%') {
        ++pos_;
        return fmt::format("({} / 100)", number);
      }
      return number;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_') {
      // Names: letters, digits, '_', '.', and '-' followed by a letter (mid-market); engines'
      // variable names cannot hold '-' or '.', so those become '_'.
      std::size_t end = pos_;
      while (end < text_.size() &&
             (word_char(text_[end]) || (text_[end] == '-' && end + 1 < text_.size() &&
                                        std::isalpha(static_cast<unsigned char>(text_[end + 1])) != 0))) {
        ++end;
      }
      std::string name(text_.substr(pos_, end - pos_));
      pos_ = end;
      for (char& ch : name) ch = ch == '-' || ch == '.' ? '_' : ch;
      return name;
    }
    throw std::runtime_error("unexpected character");
  }
};

}  // namespace

std::string expression_to_feel(std::string_view expression) {
  try {
    return fmt::format("={}", Rewriter(expression, true).run());
  } catch (const std::exception&) {
    return fmt::format("={}", expression);
  }
}

std::string expression_to_juel(std::string_view expression) {
  try {
    return fmt::format("${{{}}}", Rewriter(expression, false).run());
  } catch (const std::exception&) {
    return fmt::format("${{{}}}", expression);
  }
}

}  // namespace bpm::design
