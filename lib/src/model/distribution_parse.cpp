// Parsing of the distribution text syntax: `name(arg, ..., key: value, ...)`, a bare constant, and
// the table forms. Every error points at the offending token so that the loader can turn the offset
// into file:line:col.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/model/distribution.hpp"
#include "core/number_scan.hpp"
#include "model/distribution_support.hpp"

namespace bpm {

namespace {

// ---------------------------------------------------------------------------------------------
// Family table

/// What a parameter measures decides whether it takes units and a percent sign.
enum class ParamType : std::uint8_t {
  Value,        // a value of the variable itself: a time when the distribution is a time
  Positive,     // dimensionless real (shape, alpha, beta)
  Integer,      // dimensionless whole number (k, n)
  Probability,  // dimensionless in [0, 1]; "45%" allowed
  Count,        // dimensionless mean count (poisson)
};

struct ParamSpec {
  std::string_view name;
  ParamType type = ParamType::Value;
  bool optional = false;  // beta's min and max default to 0 and 1
  double default_value = 0.0;
};

struct FamilySpec {
  DistKind kind;
  std::array<ParamSpec, 4> params;
  std::size_t count;
};

constexpr std::array<FamilySpec, 13> kFamilies{{
    {DistKind::Constant, {{{"value"}}}, 1},
    {DistKind::Uniform, {{{"min"}, {"max"}}}, 2},
    {DistKind::Exponential, {{{"mean"}}}, 1},
    {DistKind::Normal, {{{"mean"}, {"sd"}}}, 2},
    {DistKind::Lognormal, {{{"mean"}, {"sd"}}}, 2},
    {DistKind::Triangular, {{{"min"}, {"mode"}, {"max"}}}, 3},
    {DistKind::Gamma, {{{"shape", ParamType::Positive}, {"scale"}}}, 2},
    {DistKind::Erlang, {{{"k", ParamType::Integer}, {"mean"}}}, 2},
    {DistKind::Beta,
     {{{"alpha", ParamType::Positive},
       {"beta", ParamType::Positive},
       {"min", ParamType::Value, true, 0.0},
       {"max", ParamType::Value, true, 1.0}}},
     4},
    {DistKind::Weibull, {{{"shape", ParamType::Positive}, {"scale"}}}, 2},
    {DistKind::TruncatedNormal, {{{"mean"}, {"sd"}, {"min"}, {"max"}}}, 4},
    {DistKind::Poisson, {{{"mean", ParamType::Count}}}, 1},
    {DistKind::Binomial, {{{"n", ParamType::Integer}, {"p", ParamType::Probability}}}, 2},
}};

struct FamilyName {
  std::string_view name;
  DistKind kind;
};

constexpr std::array<FamilyName, 20> kFamilyNames{{
    {"constant", DistKind::Constant},
    {"fixed", DistKind::Constant},
    {"uniform", DistKind::Uniform},
    {"exponential", DistKind::Exponential},
    {"negexp", DistKind::Exponential},
    {"negative_exponential", DistKind::Exponential},
    {"normal", DistKind::Normal},
    {"lognormal", DistKind::Lognormal},
    {"triangular", DistKind::Triangular},
    {"gamma", DistKind::Gamma},
    {"erlang", DistKind::Erlang},
    {"beta", DistKind::Beta},
    {"weibull", DistKind::Weibull},
    {"truncated_normal", DistKind::TruncatedNormal},
    {"truncnormal", DistKind::TruncatedNormal},
    {"poisson", DistKind::Poisson},
    {"binomial", DistKind::Binomial},
    {"empirical", DistKind::Empirical},
    {"user", DistKind::Empirical},
    {"histogram", DistKind::Histogram},
}};

const FamilySpec& family_spec(DistKind kind) {
  for (const auto& family : kFamilies) {
    if (family.kind == kind) return family;
  }
  return kFamilies.front();  // unreachable for the kinds the name table maps to
}

bool has_own_bounds(DistKind kind) noexcept {
  return kind == DistKind::Uniform || kind == DistKind::Triangular || kind == DistKind::Beta ||
         kind == DistKind::TruncatedNormal;
}

// ---------------------------------------------------------------------------------------------
// "Did you mean" suggestions

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// The candidate a typo most likely meant: one that starts with the word (abbreviations such as
/// "expo"), else the nearest within a third of the word's length (typos such as "gama").
std::optional<std::string_view> suggest(std::string_view word, const std::vector<std::string_view>& candidates) {
  if (word.size() >= 3) {
    for (const auto candidate : candidates) {
      if (candidate.size() > word.size() && candidate.substr(0, word.size()) == word) return candidate;
    }
  }
  std::optional<std::string_view> best;
  std::size_t best_distance = std::max<std::size_t>(1, word.size() / 3) + 1;
  for (const auto candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  const auto hint = suggest(word, candidates);
  return hint ? fmt::format(" (did you mean '{}'?)", *hint) : std::string();
}

// ---------------------------------------------------------------------------------------------
// Lexing

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_ident_start(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) noexcept { return is_ident_start(c) || (c >= '0' && c <= '9'); }

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

/// A number as written, before units are interpreted.
struct RawValue {
  double number = 0.0;
  std::size_t offset = 0;  // of the sign or first digit
  std::string_view unit;   // letters after the number, possibly empty
  std::size_t unit_offset = 0;
  bool percent = false;
};

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }
  [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
  [[nodiscard]] char peek() const { return at_end() ? '\0' : text_[pos_]; }
  [[nodiscard]] std::size_t pos() const { return pos_; }
  [[nodiscard]] std::string_view text() const { return text_; }
  void advance() { ++pos_; }
  void seek(std::size_t pos) { pos_ = pos; }

  std::string_view identifier() {
    const std::size_t begin = pos_;
    while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
    return text_.substr(begin, pos_ - begin);
  }

  RawValue value() {
    RawValue raw;
    raw.offset = pos_;
    double sign = 1.0;
    if (peek() == '-' || peek() == '+') {
      sign = peek() == '-' ? -1.0 : 1.0;
      ++pos_;
    }
    const ScannedNumber number = scan_number(text_, pos_);
    if (!number.ok) throw SyntaxError(raw.offset, "expected a number");
    raw.number = sign * number.value;
    pos_ = number.end;
    const std::size_t after_number = pos_;
    skip_space();
    if (peek() == '%') {
      raw.percent = true;
      raw.unit_offset = pos_;
      ++pos_;
    } else if (is_unit_char(peek())) {
      raw.unit_offset = pos_;
      while (pos_ < text_.size() && is_unit_char(text_[pos_])) ++pos_;
      raw.unit = text_.substr(raw.unit_offset, pos_ - raw.unit_offset);
    } else {
      pos_ = after_number;
    }
    return raw;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

/// Interprets a raw number according to what its parameter measures.
double convert(const RawValue& raw, ParamType type, std::string_view param, bool is_time, double bare_unit_seconds) {
  if (raw.percent && type != ParamType::Probability) {
    throw SyntaxError(raw.unit_offset, fmt::format("'%' is only allowed on a probability, not on '{}'", param));
  }
  double value = raw.number;
  if (type == ParamType::Value) {
    if (!raw.unit.empty()) {
      if (!is_time) throw SyntaxError(raw.unit_offset, "unit on a value that is not a time");
      const auto seconds = unit_seconds(raw.unit);
      if (!seconds) throw SyntaxError(raw.unit_offset, fmt::format("unknown time unit '{}'", raw.unit));
      value *= *seconds;
    } else if (is_time) {
      value *= bare_unit_seconds;
    }
  } else {
    if (!raw.unit.empty()) {
      throw SyntaxError(raw.unit_offset, fmt::format("parameter '{}' is dimensionless and takes no unit", param));
    }
    if (raw.percent) value /= 100.0;
  }
  if (!std::isfinite(value)) throw SyntaxError(raw.offset, "value out of range");
  return value;
}

// ---------------------------------------------------------------------------------------------
// Family parameters and their validation

/// A parameter slot filled from the text, with where it was written.
struct Slot {
  bool set = false;
  double value = 0.0;
  std::size_t offset = 0;
  bool expression = false;  // given as an expression of case attributes (value is NaN)
};

struct Arguments {
  std::array<Slot, 4> params;
  Slot rate;   // exponential(rate: ...)
  Slot lower;  // min: on families without their own bounds
  Slot upper;  // max: on families without their own bounds
  double factor = 1.0;
  std::size_t close_offset = 0;  // of ')', where missing parameters are reported
  std::vector<ParamExpression> expressions;
};

bool is_whole(double v) noexcept { return v == std::floor(v) && std::fabs(v) < 0x1.0p53; }

void require(bool ok, const Slot& slot, const std::string& message) {
  // A constraint on a parameter that depends on the case is checked when it is drawn.
  if (!ok && !slot.expression) throw SyntaxError(slot.offset, message);
}

/// Checks the family's own constraints and fills the Distribution's parameters.
void validate(const FamilySpec& family, const Arguments& args, Distribution& d) {
  const auto& a = args.params;
  for (std::size_t i = 0; i < family.count; ++i) d.p[i] = a[i].value;
  // Constraints between two parameters wait for the draw when either depends on the case.
  const auto known = [&](std::size_t i, std::size_t j) { return !a[i].expression && !a[j].expression; };
  switch (family.kind) {
    case DistKind::Constant: break;
    case DistKind::Normal: require(a[1].value >= 0, a[1], "sd must not be negative"); break;
    case DistKind::Uniform:
      if (known(0, 1)) require(a[1].value >= a[0].value, a[1], "max must not be less than min");
      break;
    case DistKind::Exponential: require(a[0].value > 0, a[0], "mean must be positive"); break;
    case DistKind::Lognormal:
      require(a[0].value > 0, a[0], "mean must be positive");
      require(a[1].value >= 0, a[1], "sd must not be negative");
      break;
    case DistKind::Triangular:
      if (known(0, 2)) require(a[2].value >= a[0].value, a[2], "max must not be less than min");
      if (known(0, 2) && known(1, 1)) {
        require(a[1].value >= a[0].value && a[1].value <= a[2].value, a[1], "mode must lie between min and max");
      }
      break;
    case DistKind::Gamma:
    case DistKind::Weibull:
      require(a[0].value > 0, a[0], "shape must be positive");
      require(a[1].value > 0, a[1], "scale must be positive");
      break;
    case DistKind::Erlang:
      require(a[0].value >= 1 && is_whole(a[0].value), a[0], "k must be a positive integer");
      require(a[1].value > 0, a[1], "mean must be positive");
      break;
    case DistKind::Beta:
      require(a[0].value > 0, a[0], "alpha must be positive");
      require(a[1].value > 0, a[1], "beta must be positive");
      if (known(2, 3)) require(a[3].value >= a[2].value, a[3], "max must not be less than min");
      break;
    case DistKind::TruncatedNormal:
      require(a[1].value >= 0, a[1], "sd must not be negative");
      if (known(2, 3)) require(a[3].value >= a[2].value, a[3], "max must not be less than min");
      break;
    case DistKind::Poisson: require(a[0].value >= 0, a[0], "mean must not be negative"); break;
    case DistKind::Binomial:
      require(a[0].value >= 0 && is_whole(a[0].value), a[0], "n must be a non-negative integer");
      require(a[1].value >= 0 && a[1].value <= 1, a[1], "p must lie in [0, 1]");
      break;
    case DistKind::Empirical:
    case DistKind::Histogram: break;
  }
}

std::vector<std::string_view> family_candidates() {
  std::vector<std::string_view> names;
  names.reserve(kFamilyNames.size());
  for (const auto& f : kFamilyNames) names.push_back(f.name);
  return names;
}

/// Whether a plain number (with its unit) and then ',' or ')' follow: else, where expressions are
/// allowed, the parameter is an expression.
bool plain_value_follows(Cursor& cursor) {
  const std::size_t start = cursor.pos();
  bool plain = true;
  try {
    (void)cursor.value();
    cursor.skip_space();
    plain = cursor.peek() == ',' || cursor.peek() == ')';
  } catch (const SyntaxError&) {
    plain = false;
  }
  cursor.seek(start);
  return plain;
}

/// Reads an expression parameter: up to the ',' or ')' that closes it (outside parentheses and
/// quotes). Returns its text without trailing spaces.
std::string_view expression_text(Cursor& cursor) {
  const std::size_t start = cursor.pos();
  int depth = 0;
  char quote = 0;
  while (!cursor.at_end()) {
    const char c = cursor.peek();
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' || c == ',') {
      if (depth == 0) break;
      if (c == ')') --depth;
    }
    cursor.advance();
  }
  std::string_view text = cursor.text().substr(start, cursor.pos() - start);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty()) throw SyntaxError(start, "expected a number or an expression");
  return text;
}

/// Parses an expression parameter of type `type`: time values in bare units with units allowed.
ParamExpression parse_parameter_expression(std::string_view text, std::size_t offset, ParamType type, std::uint8_t slot,
                                           bool is_time, double bare_unit_seconds, StringTable& strings) {
  ParamExpression e;
  e.slot = slot;
  e.offset = offset;
  const bool time = type == ParamType::Value && is_time;
  e.unit = time ? bare_unit_seconds : 1.0;
  try {
    e.expression = time ? Expression::parse_time(text, strings, bare_unit_seconds) : Expression::parse(text, strings);
  } catch (const SyntaxError& error) {
    throw SyntaxError(offset + error.offset(), error.what());
  }
  return e;
}

/// Reads `(args)` after a family name and assigns them to slots. With `strings`, a parameter may
/// be an expression of case attributes.
Arguments read_arguments(Cursor& cursor, const FamilySpec& family, bool is_time, double bare_unit_seconds,
                         StringTable* strings = nullptr) {
  Arguments args;
  const std::string_view family_name = dist_name(family.kind);
  cursor.advance();  // '('
  cursor.skip_space();
  std::size_t positional = 0;
  bool named_seen = false;
  if (cursor.peek() == ')') {
    args.close_offset = cursor.pos();
    cursor.advance();
    return args;
  }
  for (;;) {
    cursor.skip_space();
    const std::size_t arg_offset = cursor.pos();
    std::string name;
    // A name then ':' names a parameter; where expressions are allowed, a name without ':' starts
    // a positional expression ("normal(1h, x * 1h)").
    bool named = false;
    if (is_ident_start(cursor.peek())) {
      const std::string_view identifier = cursor.identifier();
      cursor.skip_space();
      if (cursor.peek() == ':') {
        name = lower(identifier);
        named = true;
      } else if (strings == nullptr) {
        throw SyntaxError(cursor.pos(), fmt::format("expected ':' after parameter name '{}'", lower(identifier)));
      } else {
        cursor.seek(arg_offset);
      }
    }
    if (named) {
      cursor.advance();
      cursor.skip_space();
      named_seen = true;
    } else if (named_seen) {
      throw SyntaxError(arg_offset, "positional parameter after a named one");
    }
    const std::size_t value_offset = cursor.pos();
    const bool is_expression = strings != nullptr && !plain_value_follows(cursor);
    std::string_view expression;
    RawValue raw;
    if (is_expression) {
      expression = expression_text(cursor);
    } else {
      raw = cursor.value();
    }

    Slot* slot = nullptr;
    ParamType type = ParamType::Value;
    std::string_view param_name;
    if (name.empty()) {
      if (positional >= family.count) {
        throw SyntaxError(arg_offset, fmt::format("too many parameters: {} takes {}{}", family_name,
                                                  family.kind == DistKind::Beta ? "at most " : "", family.count));
      }
      slot = &args.params[positional];
      type = family.params[positional].type;
      param_name = family.params[positional].name;
      ++positional;
    } else {
      for (std::size_t i = 0; i < family.count; ++i) {
        if (family.params[i].name == name) {
          slot = &args.params[i];
          type = family.params[i].type;
          param_name = family.params[i].name;
        }
      }
      if (slot == nullptr && family.kind == DistKind::Exponential && name == "rate") {
        slot = &args.rate;
        type = ParamType::Positive;
        param_name = "rate";
      }
      if (slot == nullptr && !has_own_bounds(family.kind) && (name == "min" || name == "max")) {
        slot = name == "min" ? &args.lower : &args.upper;
        param_name = name == "min" ? "min" : "max";
      }
      if (slot == nullptr) {
        std::vector<std::string_view> known;
        for (std::size_t i = 0; i < family.count; ++i) known.push_back(family.params[i].name);
        if (family.kind == DistKind::Exponential) known.push_back("rate");
        if (!has_own_bounds(family.kind)) {
          known.push_back("min");
          known.push_back("max");
        }
        throw SyntaxError(arg_offset,
                          fmt::format("unknown parameter '{}' for {}{}", name, family_name, did_you_mean(name, known)));
      }
      if (slot->set) throw SyntaxError(arg_offset, fmt::format("duplicate parameter '{}'", name));
    }
    if (is_expression) {
      if (slot == &args.rate) throw SyntaxError(value_offset, "give the mean, not the rate, as an expression");
      const std::uint8_t index = slot == &args.lower   ? 4
                                 : slot == &args.upper ? 5
                                                       : static_cast<std::uint8_t>(slot - args.params.data());
      args.expressions.push_back(
          parse_parameter_expression(expression, value_offset, type, index, is_time, bare_unit_seconds, *strings));
      slot->value = std::numeric_limits<double>::quiet_NaN();
      slot->offset = value_offset;
      slot->expression = true;
    } else {
      slot->value = convert(raw, type, param_name, is_time, bare_unit_seconds);
      slot->offset = raw.offset;
    }
    slot->set = true;
    if (args.rate.set && args.params[0].set && family.kind == DistKind::Exponential) {
      throw SyntaxError(arg_offset, "give either mean or rate, not both");
    }

    cursor.skip_space();
    if (cursor.peek() == ',') {
      cursor.advance();
      continue;
    }
    if (cursor.peek() == ')') {
      args.close_offset = cursor.pos();
      cursor.advance();
      return args;
    }
    throw SyntaxError(cursor.pos(), cursor.at_end() ? "missing ')'" : "expected ',' or ')'");
  }
}

/// The optional `* factor` suffix: the scenario multiplier, written by to_string when it cannot be
/// folded into the parameters (counts, non-positive factors).
double read_factor(Cursor& cursor) {
  cursor.skip_space();
  if (cursor.peek() != '*') return 1.0;
  cursor.advance();
  cursor.skip_space();
  const RawValue raw = cursor.value();
  if (!raw.unit.empty() || raw.percent) throw SyntaxError(raw.unit_offset, "a factor takes no unit");
  if (raw.number < 0) throw SyntaxError(raw.offset, "factor must not be negative");
  return raw.number;
}

void check_truncation(const Arguments& args, Distribution& d) {
  if (args.lower.set && !args.lower.expression) d.lower = args.lower.value;
  if (args.upper.set && !args.upper.expression) d.upper = args.upper.value;
  if (args.lower.expression || args.upper.expression || d.data_dependent()) return;  // checked when drawn
  if (args.lower.set && args.upper.set && d.upper < d.lower) {
    throw SyntaxError(args.upper.offset, "max must not be less than min");
  }
  // Bounds that exclude the whole support would make every draw the clamped bound: surely a mistake.
  const auto [family_min, family_max] = family_support(d);
  if (args.lower.set && d.lower > family_max) {
    throw SyntaxError(args.lower.offset, "min lies above every value the distribution can take");
  }
  if (args.upper.set && d.upper < family_min) {
    throw SyntaxError(args.upper.offset, "max lies below every value the distribution can take");
  }
}

void expect_end(Cursor& cursor) {
  cursor.skip_space();
  if (!cursor.at_end()) throw SyntaxError(cursor.pos(), "unexpected text after distribution");
}

}  // namespace

namespace {

/// True when the text is a family call: a name, then '('.
bool is_call(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;
  if (i >= text.size() || !is_ident_start(text[i])) return false;
  while (i < text.size() && is_ident_char(text[i])) ++i;
  while (i < text.size() && is_space(text[i])) ++i;
  return i < text.size() && text[i] == '(';
}

Distribution parse(std::string_view text, bool is_time, double bare_unit_seconds, StringTable* strings) {
  Cursor cursor(text);
  cursor.skip_space();
  Distribution d;
  d.is_time = is_time;
  if (cursor.at_end()) throw SyntaxError(cursor.pos(), "empty distribution");

  if (strings != nullptr && !is_call(text)) {
    // A bare number or duration is a constant, and so is an expression of case attributes.
    Cursor plain(text);
    plain.skip_space();
    bool is_plain = !is_ident_start(plain.peek());
    if (is_plain) {
      try {
        (void)plain.value();
        (void)read_factor(plain);
        expect_end(plain);
      } catch (const SyntaxError&) {
        is_plain = false;
      }
    }
    if (!is_plain) {
      d.kind = DistKind::Constant;
      d.p[0] = std::numeric_limits<double>::quiet_NaN();
      std::string_view body = text.substr(cursor.pos());
      while (!body.empty() && is_space(body.back())) body.remove_suffix(1);
      d.expressions.push_back(
          parse_parameter_expression(body, cursor.pos(), ParamType::Value, 0, is_time, bare_unit_seconds, *strings));
      return d;
    }
  }
  if (!is_ident_start(cursor.peek())) {
    // A bare number or duration is a constant.
    const RawValue raw = cursor.value();
    d.kind = DistKind::Constant;
    d.p[0] = convert(raw, ParamType::Value, "value", is_time, bare_unit_seconds);
    d.scale = read_factor(cursor);
    expect_end(cursor);
    return d;
  }

  const std::size_t name_offset = cursor.pos();
  const std::string name = lower(cursor.identifier());
  const FamilyName* found = nullptr;
  for (const auto& family : kFamilyNames) {
    if (family.name == name) found = &family;
  }
  if (found == nullptr) {
    std::string hint;
    if (const auto guess = suggest(name, family_candidates())) {
      for (const auto& family : kFamilyNames) {
        if (family.name == *guess) hint = fmt::format(" (did you mean '{}'?)", dist_name(family.kind));
      }
    }
    throw SyntaxError(name_offset, fmt::format("unknown distribution '{}'{}", name, hint));
  }
  if (found->kind == DistKind::Empirical || found->kind == DistKind::Histogram) {
    const bool histogram = found->kind == DistKind::Histogram;
    throw SyntaxError(name_offset, fmt::format("{} distributions are written as a mapping: {{ {}: [{}, ...] }}",
                                               dist_name(found->kind), dist_name(found->kind),
                                               histogram ? "[from, to, weight]" : "[value, weight]"));
  }
  cursor.skip_space();
  if (cursor.peek() != '(') throw SyntaxError(cursor.pos(), fmt::format("expected '(' after '{}'", name));

  const FamilySpec& family = family_spec(found->kind);
  Arguments args = read_arguments(cursor, family, is_time, bare_unit_seconds, strings);
  d.kind = family.kind;
  d.expressions = args.expressions;

  if (family.kind == DistKind::Exponential && args.rate.set) {
    require(args.rate.value > 0, args.rate, "rate must be positive");
    // A rate counts events per bare time unit: rate 3 in a model whose bare unit is the minute
    // means a mean of 20 seconds.
    args.params[0] = {true, (is_time ? bare_unit_seconds : 1.0) / args.rate.value, args.rate.offset};
  }
  for (std::size_t i = 0; i < family.count; ++i) {
    const ParamSpec& spec = family.params[i];
    if (args.params[i].set) continue;
    if (!spec.optional) {
      throw SyntaxError(args.close_offset, fmt::format("missing parameter '{}' for {}", spec.name, dist_name(d.kind)));
    }
    const double unit = spec.type == ParamType::Value && is_time ? bare_unit_seconds : 1.0;
    args.params[i] = {true, spec.default_value * unit, args.close_offset};
  }
  validate(family, args, d);
  if (d.kind == DistKind::Poisson || d.kind == DistKind::Binomial) {
    // Counts in a time distribution are counts of bare time units.
    d.p[kCountUnitIndex] = is_time ? bare_unit_seconds : 1.0;
  }
  check_truncation(args, d);
  d.scale = read_factor(cursor);
  expect_end(cursor);
  return d;
}

}  // namespace

Distribution parse_distribution(std::string_view text, bool is_time, double bare_unit_seconds) {
  return parse(text, is_time, bare_unit_seconds, nullptr);
}

Distribution parse_distribution(std::string_view text, bool is_time, double bare_unit_seconds, StringTable& strings) {
  return parse(text, is_time, bare_unit_seconds, &strings);
}

namespace {

/// One cell of a table: a value (a time when is_time) or a weight (a dimensionless number or percent).
double parse_cell(const std::string& cell, ParamType type, std::string_view column, bool is_time,
                  double bare_unit_seconds) {
  Cursor cursor(cell);
  cursor.skip_space();
  const RawValue raw = cursor.value();
  const double value = convert(raw, type, column, is_time, bare_unit_seconds);
  cursor.skip_space();
  if (!cursor.at_end()) throw SyntaxError(cursor.pos(), fmt::format("unexpected text after {}", column));
  return value;
}

}  // namespace

Distribution make_table_distribution(DistKind kind, const std::vector<std::vector<std::string>>& rows, bool is_time,
                                     double bare_unit_seconds) {
  if (kind != DistKind::Empirical && kind != DistKind::Histogram) {
    throw SyntaxError(0, fmt::format("{} is not a table distribution", dist_name(kind)));
  }
  if (rows.empty()) throw SyntaxError(0, fmt::format("{} table has no rows", dist_name(kind)));
  const bool histogram = kind == DistKind::Histogram;
  const std::size_t columns = histogram ? 3 : 2;
  Distribution d;
  d.kind = kind;
  d.is_time = is_time;
  double total = 0.0;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const auto& cells = rows[row];
    if (cells.size() != columns) {
      throw SyntaxError(row, fmt::format("row has {} values; expected {}", cells.size(),
                                         histogram ? "3: [from, to, weight]" : "2: [value, weight]"));
    }
    try {
      // Weights are relative: a percent sign is allowed as a probability's is.
      const double weight =
          parse_cell(cells[columns - 1], ParamType::Probability, "weight", is_time, bare_unit_seconds);
      if (weight < 0) throw SyntaxError(0, "weight must not be negative");
      if (histogram) {
        const double from = parse_cell(cells[0], ParamType::Value, "from", is_time, bare_unit_seconds);
        const double to = parse_cell(cells[1], ParamType::Value, "to", is_time, bare_unit_seconds);
        if (!(to > from)) throw SyntaxError(0, "bin must end after it starts");
        if (row == 0) {
          d.values.push_back(from);
        } else if (from != d.values.back()) {
          throw SyntaxError(
              0, fmt::format("bin starts at {} but the previous one ends at {}", cells[0], rows[row - 1][1]));
        }
        d.values.push_back(to);
      } else {
        d.values.push_back(parse_cell(cells[0], ParamType::Value, "value", is_time, bare_unit_seconds));
      }
      d.weights.push_back(weight);
      total += weight;
    } catch (const SyntaxError& e) {
      // The table's rows are separate YAML nodes: the row index is the location the loader can use.
      throw SyntaxError(row, e.what());
    }
  }
  if (!(total > 0)) throw SyntaxError(0, "weights sum to zero");
  for (double& w : d.weights) w /= total;
  return d;
}

}  // namespace bpm
