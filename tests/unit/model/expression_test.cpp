#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/model/expression.hpp"

namespace {

// Slots named by `names`, bound in that order: slot i holds values[i].
struct Env {
  bpm::StringTable strings;
  std::vector<std::string> names;
  std::vector<bpm::Value> values;

  void set(const std::string& name, bpm::Value v) {
    names.push_back(name);
    values.push_back(v);
  }
  void set(const std::string& name, double v) { set(name, bpm::Value::number(v)); }
  void set_string(const std::string& name, const std::string& s) { set(name, bpm::Value::string(strings.intern(s))); }

  bpm::Expression compile(const std::string& text) {
    auto e = bpm::Expression::parse(text, strings);
    e.bind([this](std::string_view n) -> std::optional<std::uint32_t> {
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == n) return static_cast<std::uint32_t>(i);
      }
      return std::nullopt;
    });
    return e;
  }
  double num(const std::string& text) { return compile(text).eval(values.data()).num; }
  bool holds(const std::string& text) { return compile(text).holds(values.data()); }
};

double calc(const std::string& text) { return Env{}.num(text); }

// The offset and message of the SyntaxError that parsing (and binding, in `env`) throws.
std::pair<std::size_t, std::string> error_of(const std::string& text, Env env = {}) {
  try {
    (void)env.compile(text);
  } catch (const bpm::SyntaxError& e) {
    return {e.offset(), e.what()};
  }
  FAIL("no SyntaxError for: " << text);
  return {};
}

}  // namespace

TEST_CASE("arithmetic follows the usual precedence and associativity", "[model]") {
  CHECK(calc("1 + 2 * 3") == 7.0);
  CHECK(calc("(1 + 2) * 3") == 9.0);
  CHECK(calc("2 - 3 - 4") == -5.0);
  CHECK(calc("8 / 4 / 2") == 1.0);
  CHECK(calc("-2 * 3") == -6.0);
  CHECK(calc("2 * -3") == -6.0);
  CHECK(calc("- -3") == 3.0);
  CHECK(calc("+4") == 4.0);
  CHECK(calc("10 - 2 * 3 + 1") == 5.0);
}

TEST_CASE("logic and comparison precedence: or < and < not < comparison < additive", "[model]") {
  CHECK(calc("1 + 2 < 4") == 1.0);     // (1 + 2) < 4, not 1 + (2 < 4) = 2
  CHECK(calc("1 or 0 and 0") == 1.0);  // 1 or (0 and 0)
  CHECK(calc("(1 or 0) and 0") == 0.0);
  CHECK(calc("not 0 and 0") == 0.0);  // (not 0) and 0, not not (0 and 0) = 1
  CHECK(calc("not 1 == 2") == 1.0);   // not (1 == 2), not (not 1) == 2 = 0
  CHECK(calc("not not 5") == 1.0);
  CHECK(calc("1 < 2 and 3 < 2 or 2 >= 2") == 1.0);
  CHECK(calc("1 <= 1 && 2 > 1 && !(3 != 3)") == 1.0);
  CHECK(calc("0 || 0") == 0.0);
  CHECK(calc("true and not false") == 1.0);
  CHECK(calc("2 * 3 == 6") == 1.0);
}

TEST_CASE("number literals: decimals, exponents and percent", "[model]") {
  CHECK(calc("12") == 12.0);
  CHECK(calc("1.5") == 1.5);
  CHECK(calc(".5") == 0.5);
  CHECK(calc("1e3") == 1000.0);
  CHECK(calc("2.5E-1") == 0.25);
  CHECK(calc("95%") == Approx(0.95));
  CHECK(calc("200% * 3") == Approx(6.0));
}

TEST_CASE("division by zero and strings in arithmetic yield NaN", "[model]") {
  Env env;
  env.set("zero", 0.0);
  env.set_string("segment", "smb");
  CHECK(std::isnan(env.num("1 / zero")));
  CHECK(std::isnan(env.num("0 / 0")));
  CHECK(std::isnan(env.num("segment + 1")));
  CHECK(std::isnan(env.num("-segment")));
  CHECK_FALSE(env.holds("1 / zero"));
  CHECK_FALSE(env.holds("1 / zero > 1"));
  CHECK_FALSE(env.holds("not segment"));
  CHECK_FALSE(env.holds("segment and 1"));
}

TEST_CASE("strings compare by interned id", "[model]") {
  Env env;
  env.set_string("segment", "smb");
  env.set("deal_value", 5000.0);
  CHECK(env.holds("segment == 'smb'"));
  CHECK(env.holds("segment == \"smb\""));
  CHECK_FALSE(env.holds("segment == 'enterprise'"));
  CHECK(env.holds("segment != 'enterprise'"));
  CHECK(env.holds("segment == 'smb' and deal_value >= 1000"));
}

TEST_CASE("mixing strings and numbers", "[model]") {
  Env env;
  env.set_string("segment", "smb");
  CHECK(env.num("segment == 1") == 0.0);
  CHECK(env.num("segment != 1") == 1.0);
  CHECK(std::isnan(env.num("'a' < 'b'")));  // strings have no order
  CHECK_FALSE(env.holds("'a' < 'b'"));
  CHECK_FALSE(env.holds("not ('a' < 'b')"));
}

TEST_CASE("string literals are interned in the caller's table", "[model]") {
  bpm::StringTable strings;
  const auto smb = strings.intern("smb");
  CHECK(strings.intern("smb") == smb);
  const auto e = bpm::Expression::parse("'enterprise' == 'smb' or 'it\"s' == \"it's\"", strings);
  CHECK(strings.find("enterprise").has_value());
  CHECK(strings.find("it\"s").has_value());
  CHECK(strings.find("it's").has_value());
  CHECK(strings.size() == 4);
  CHECK(strings.at(smb) == "smb");
  CHECK(e.text() == "'enterprise' == 'smb' or 'it\"s' == \"it's\"");
}

TEST_CASE("identifiers: dots, underscores and dashes before letters", "[model]") {
  Env env;
  env.set("cycle_time.p90", 7.0);
  env.set("mid-market", 3.0);
  env.set("a", 10.0);
  env.set("b", 4.0);
  env.set("_x1", 2.0);
  CHECK(env.num("cycle_time.p90 * 2") == 14.0);
  CHECK(env.num("mid-market + 1") == 4.0);
  CHECK(env.num("a - b") == 6.0);
  CHECK(env.num("a-1") == 9.0);  // a dash before a digit subtracts
  CHECK(env.num("_x1") == 2.0);

  bpm::StringTable strings;
  const auto e = bpm::Expression::parse("b + a-b * a + AND", strings);
  CHECK(e.identifiers() == std::vector<std::string>{"b", "a-b", "a", "AND"});
}

TEST_CASE("bind resolves names to slots and reports the first unknown one", "[model]") {
  Env env;
  env.set_string("segment", "smb");
  const auto [offset, message] = error_of("segment == 'smb' and segmnt == 'x'", env);
  CHECK(offset == 21);
  CHECK(message == "unknown name 'segmnt'");

  const auto [dash_offset, dash_message] = error_of("2 * deal-value", env);
  CHECK(dash_offset == 4);
  CHECK(dash_message == "unknown name 'deal-value' (write spaces around '-' to subtract)");

  // Binding can be repeated against another slot layout.
  bpm::StringTable strings;
  auto e = bpm::Expression::parse("x - y", strings);
  const std::vector<bpm::Value> slots{bpm::Value::number(1), bpm::Value::number(10)};
  e.bind([](std::string_view n) { return std::optional<std::uint32_t>(n == "x" ? 0 : 1); });
  CHECK(e.eval(slots.data()).num == -9.0);
  e.bind([](std::string_view n) { return std::optional<std::uint32_t>(n == "x" ? 1 : 0); });
  CHECK(e.eval(slots.data()).num == 9.0);
}

TEST_CASE("syntax errors point at the offending token", "[model]") {
  using R = std::pair<std::size_t, std::string>;
  CHECK(error_of("(1 + 2") == R{6, "expected ')', found end of expression"});
  CHECK(error_of("1 # 2") == R{2, "unexpected character '#'"});
  CHECK(error_of("x == 'abc") == R{5, "unterminated string"});
  CHECK(error_of("1 +") == R{3, "expected a value, found end of expression"});
  CHECK(error_of("") == R{0, "empty expression"});
  CHECK(error_of("   ") == R{3, "empty expression"});
  CHECK(error_of("a b") == R{2, "expected an operator, found name 'b'"});
  CHECK(error_of("1 AND 2") == R{2, "expected an operator, found name 'AND'"});
  CHECK(error_of("1 = 2") == R{2, "unexpected character '=' (did you mean '=='?)"});
  CHECK(error_of("1 & 2") == R{2, "unexpected character '&' (did you mean '&&'?)"});
  CHECK(error_of("1 < 2 < 3") == R{6, "comparisons cannot be chained (combine them with 'and')"});
  CHECK(error_of("1)") == R{1, "unexpected ')' without matching '('"});
  CHECK(error_of("12abc") == R{2, "unexpected character 'a' after number"});
  CHECK(error_of("1e") == R{1, "unexpected character 'e' after number"});
  CHECK(error_of("95 %") == R{3, "unexpected character '%'"});
  CHECK(error_of("* 2") == R{0, "expected a value, found '*'"});
  CHECK(error_of("'a' 'b'") == R{4, "expected an operator, found string 'b'"});
  CHECK(error_of("x \xC3\xA9") == R{2, "unexpected character byte 0xC3"});
}

TEST_CASE("nesting is limited by the 32-value evaluation stack", "[model]") {
  // 1+(1+(1+...: each level keeps one value pending.
  auto nested = [](int levels) {
    std::string text;
    for (int i = 0; i < levels; ++i) text += "1+(";
    text += "1";
    text += std::string(static_cast<std::size_t>(levels), ')');
    return text;
  };
  CHECK(calc(nested(31)) == 32.0);
  const auto [offset, message] = error_of(nested(32));
  CHECK(offset == 3 * 32);
  CHECK(message == "expression too deeply nested (more than 32 pending values)");

  // Parentheses alone keep one value pending, but the parser still refuses absurd depth.
  CHECK(calc(std::string(150, '(') + "7" + std::string(150, ')')) == 7.0);
  CHECK(error_of(std::string(100000, '(')).second == "expression nested too deeply");
  CHECK(error_of(std::string(100000, '-') + "1").second == "expression nested too deeply");
}

TEST_CASE("an unbound or empty expression never holds", "[model]") {
  bpm::StringTable strings;
  const auto unbound = bpm::Expression::parse("x > 0", strings);
  const bpm::Value one = bpm::Value::number(1);
  CHECK_FALSE(unbound.holds(&one));
  const bpm::Expression empty;
  CHECK(empty.empty());
  CHECK_FALSE(empty.holds(&one));
  // A constant needs no binding.
  CHECK(bpm::Expression::parse("2 > 1", strings).holds(nullptr));
}

TEST_CASE("functions exp, ln and logistic", "[model]") {
  CHECK(calc("exp(0)") == 1.0);
  CHECK(calc("ln(exp(2))") == Approx(2.0));
  CHECK(calc("logistic(0)") == 0.5);
  CHECK(calc("logistic(ln(3))") == Approx(0.75));  // odds 3 -> probability 3/4
  CHECK(calc("logistic(-1000)") == 0.0);
  CHECK(calc("logistic(1000)") == 1.0);
  CHECK(calc("2 * logistic(0) + 1") == 2.0);
  CHECK(calc("-exp(1)") == Approx(-2.718281828));
  CHECK(std::isnan(calc("ln(-1)")));
  CHECK(std::isinf(calc("ln(0)")));
  Env env;
  env.set_string("segment", "smb");
  env.set("x", 2.0);
  env.set("exp", 3.0);  // a function name used without '(' is an ordinary name
  CHECK(env.num("logistic(0.5 + 0.25 * (segment == 'smb') - x)") == Approx(1.0 / (1.0 + std::exp(1.25))));
  CHECK(env.num("exp + exp(0)") == 4.0);
  CHECK(std::isnan(env.num("exp(segment)")));
  CHECK(env.holds("logistic(x) >= 0.6"));
}

TEST_CASE("function call errors", "[model]") {
  using R = std::pair<std::size_t, std::string>;
  CHECK(error_of("sqrt(2)") == R{0, "unknown function 'sqrt' (the functions are exp, ln and logistic)"});
  CHECK(error_of("exp()") == R{4, "exp() takes one argument"});
  CHECK(error_of("exp(1, 2)") == R{5, "unexpected character ','"});
  CHECK(error_of("ln(2") == R{4, "expected ')' closing ln(, found end of expression"});
}
