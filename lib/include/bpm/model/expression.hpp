#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"

namespace bpm {

/// A value of the expression language: a number, or a string interned in a StringTable.
struct BPM_API Value {
  double num = 0.0;
  std::int32_t str = -1;  // >= 0: index into the StringTable; the value is a string

  [[nodiscard]] bool is_string() const noexcept { return str >= 0; }
  [[nodiscard]] static Value number(double v) noexcept { return Value{v, -1}; }
  [[nodiscard]] static Value string(std::int32_t id) noexcept { return Value{0.0, id}; }
  friend bool operator==(const Value&, const Value&) = default;
};

/// Interned strings, so that string comparison in conditions is an integer comparison.
class BPM_API StringTable {
 public:
  std::int32_t intern(std::string_view s);
  [[nodiscard]] std::optional<std::int32_t> find(std::string_view s) const;
  [[nodiscard]] const std::string& at(std::int32_t id) const { return strings_.at(static_cast<std::size_t>(id)); }
  [[nodiscard]] std::size_t size() const noexcept { return strings_.size(); }

 private:
  std::vector<std::string> strings_;
};

/// The small expression language of `when:` conditions, `revenue:` and KPI formulas:
/// numbers (with optional % suffix meaning /100), 'strings' or "strings", identifiers (letters,
/// digits, _ - and . after the first letter, e.g. `cycle_time.p90`, `deal_value`), + - * /,
/// unary -, parentheses, == != < <= > >=, and/or/not (also && || !), true/false, and the
/// functions exp(x), ln(x) and logistic(x) = 1 / (1 + exp(-x)) (a score from a log-odds).
/// Comparison and logic yield 1 or 0; a condition holds when its value is non-zero.
/// Compiled to postfix code over a fixed-size stack: evaluation never allocates.
class BPM_API Expression {
 public:
  Expression() = default;

  /// Parses `text`, interning string literals into `strings`. Throws SyntaxError (offset into
  /// text) on malformed input or nesting deeper than the evaluation stack (32).
  static Expression parse(std::string_view text, StringTable& strings);

  /// As parse(), for a time-valued expression: a number may carry a time unit (`30m`, `0.01h`), and
  /// is then converted to `bare_unit_seconds` units, the unit of the expression's value, e.g. with
  /// minutes `30m + amount * 0.5s` is 30 + amount × 0.5/60. Unknown units are SyntaxErrors.
  static Expression parse_time(std::string_view text, StringTable& strings, double bare_unit_seconds);

  /// Identifiers in order of first appearance (unresolved names before bind()).
  [[nodiscard]] const std::vector<std::string>& identifiers() const noexcept { return names_; }

  /// Resolves each identifier to a slot index with `resolve`, which returns nullopt for unknown
  /// names; then throws SyntaxError at the offset of the first unknown identifier.
  void bind(const std::function<std::optional<std::uint32_t>(std::string_view)>& resolve);

  /// Evaluates over `slots` (indexed by the bound slot numbers). Division by zero yields NaN;
  /// a string used in arithmetic yields NaN. Requires bind() to have succeeded.
  [[nodiscard]] Value eval(const Value* slots) const noexcept;

  /// Convenience for conditions: eval() != 0 and not NaN.
  [[nodiscard]] bool holds(const Value* slots) const noexcept;

  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  [[nodiscard]] bool empty() const noexcept { return code_.empty(); }

  /// One instruction of the postfix code. Public so that the compiled form is a plain value type.
  struct Op {
    enum Code : std::uint8_t {
      PushNumber,
      PushString,
      Load,
      Neg,
      Not,
      Add,
      Sub,
      Mul,
      Div,
      Eq,
      Ne,
      Lt,
      Le,
      Gt,
      Ge,
      And,
      Or,
      Exp,  // one-argument functions
      Ln,
      Logistic
    };
    Code code = PushNumber;
    std::uint32_t index = 0;  // Load: slot (after bind) or name index (before); PushString: string id
    double number = 0.0;
  };

  /// The postfix code, for analyses that reason about a condition (which thresholds it tests)
  /// rather than evaluate it. Load indexes are slots once bound.
  [[nodiscard]] const std::vector<Op>& code() const noexcept { return code_; }

 private:
  std::string text_;
  std::vector<Op> code_;
  std::vector<std::string> names_;
  std::vector<std::size_t> name_offsets_;
  bool bound_ = false;
};

}  // namespace bpm
