#include "bpm/model/expression.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"

namespace bpm {

std::int32_t StringTable::intern(std::string_view s) {
  if (const auto found = find(s)) return *found;
  strings_.emplace_back(s);
  return static_cast<std::int32_t>(strings_.size() - 1);
}

std::optional<std::int32_t> StringTable::find(std::string_view s) const {
  // Linear: tables hold a handful of segment and outcome names, and lookups happen at load time only.
  for (std::size_t i = 0; i < strings_.size(); ++i) {
    if (strings_[i] == s) return static_cast<std::int32_t>(i);
  }
  return std::nullopt;
}

namespace {

constexpr std::size_t kStackSize = 32;
// Guards the recursive-descent parser against stack overflow on inputs like "((((((...": the
// evaluation stack limit alone does not bound nesting that keeps only one value pending.
constexpr int kMaxNesting = 200;

bool is_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A byte as it should appear in a message: printable ASCII as itself, anything else in hex, so
// that a stray UTF-8 lead byte does not produce an invalid message.
std::string describe_char(char c) {
  if (c >= 0x20 && c < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02X}", static_cast<unsigned char>(c));
}

enum class Tok : std::uint8_t {
  End,
  Number,
  String,
  Name,
  LParen,
  RParen,
  Plus,
  Minus,
  Star,
  Slash,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  And,
  Or,
  Not
};

struct Token {
  Tok kind = Tok::End;
  std::size_t offset = 0;
  std::string_view text;  // the token's source text
  double number = 0.0;    // Number
  std::string_view body;  // String: the text between the quotes
};

class Lexer {
 public:
  explicit Lexer(std::string_view text, double unit_seconds = 0.0) : text_(text), unit_seconds_(unit_seconds) {}

  Token next() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
    Token t;
    t.offset = pos_;
    if (pos_ >= text_.size()) return t;
    const char c = text_[pos_];
    if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) return number(t);
    if (is_letter(c) || c == '_') return name(t);
    if (c == '\'' || c == '"') return string(t);
    const char n = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    switch (c) {
      case '(': return punct(t, Tok::LParen, 1);
      case ')': return punct(t, Tok::RParen, 1);
      case '+': return punct(t, Tok::Plus, 1);
      case '-': return punct(t, Tok::Minus, 1);
      case '*': return punct(t, Tok::Star, 1);
      case '/': return punct(t, Tok::Slash, 1);
      case '<': return n == '=' ? punct(t, Tok::Le, 2) : punct(t, Tok::Lt, 1);
      case '>': return n == '=' ? punct(t, Tok::Ge, 2) : punct(t, Tok::Gt, 1);
      case '!': return n == '=' ? punct(t, Tok::Ne, 2) : punct(t, Tok::Not, 1);
      case '=':
        if (n == '=') return punct(t, Tok::Eq, 2);
        throw SyntaxError(pos_, "unexpected character '=' (did you mean '=='?)");
      case '&':
        if (n == '&') return punct(t, Tok::And, 2);
        throw SyntaxError(pos_, "unexpected character '&' (did you mean '&&'?)");
      case '|':
        if (n == '|') return punct(t, Tok::Or, 2);
        throw SyntaxError(pos_, "unexpected character '|' (did you mean '||'?)");
      default: throw SyntaxError(pos_, fmt::format("unexpected character {}", describe_char(c)));
    }
  }

 private:
  Token punct(Token t, Tok kind, std::size_t length) {
    t.kind = kind;
    t.text = text_.substr(pos_, length);
    pos_ += length;
    return t;
  }

  Token number(Token t) {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      std::size_t p = pos_ + 1;
      if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
      if (p < text_.size() && is_digit(text_[p])) {
        while (p < text_.size() && is_digit(text_[p])) ++p;
        pos_ = p;
      }
    }
    double value = 0.0;
    const auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, value);
    if (ec != std::errc{} || end != text_.data() + pos_) {
      throw SyntaxError(start, fmt::format("malformed number '{}'", text_.substr(start, pos_ - start)));
    }
    if (unit_seconds_ > 0.0 && pos_ < text_.size() && is_letter(text_[pos_])) {
      // A time unit: the number is converted to the expression's unit.
      std::size_t unit_end = pos_;
      while (unit_end < text_.size() && is_letter(text_[unit_end])) ++unit_end;
      const std::string_view unit = text_.substr(pos_, unit_end - pos_);
      const auto seconds = unit_seconds(unit);
      if (!seconds) throw SyntaxError(pos_, fmt::format("unknown time unit '{}' after number", unit));
      value = value * *seconds / unit_seconds_;
      pos_ = unit_end;
    } else if (pos_ < text_.size() && text_[pos_] == '%') {
      value /= 100.0;
      ++pos_;
    }
    // "12abc" or "1.2.3" is a typo, not a number followed by a name: say so at the odd character.
    if (pos_ < text_.size() && (is_letter(text_[pos_]) || is_digit(text_[pos_]) || text_[pos_] == '_' ||
                                text_[pos_] == '.' || text_[pos_] == '%')) {
      throw SyntaxError(pos_, fmt::format("unexpected character {} after number", describe_char(text_[pos_])));
    }
    t.kind = Tok::Number;
    t.number = value;
    t.text = text_.substr(start, pos_ - start);
    return t;
  }

  // Step and outcome names contain dashes ("mid-market", "send-quote"), so a '-' directly followed
  // by a letter continues the identifier: `a-b` is one name while `a - b` and `a-1` subtract.
  Token name(Token t) {
    const std::size_t start = pos_;
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (is_letter(c) || is_digit(c) || c == '_' || c == '.') {
        ++pos_;
      } else if (c == '-' && pos_ + 1 < text_.size() && is_letter(text_[pos_ + 1])) {
        ++pos_;
      } else {
        break;
      }
    }
    t.text = text_.substr(start, pos_ - start);
    // Keywords are lower case only: `AND` is a name, which keeps any upper-case column usable.
    if (t.text == "and") {
      t.kind = Tok::And;
    } else if (t.text == "or") {
      t.kind = Tok::Or;
    } else if (t.text == "not") {
      t.kind = Tok::Not;
    } else if (t.text == "true" || t.text == "false") {
      t.kind = Tok::Number;
      t.number = t.text == "true" ? 1.0 : 0.0;
    } else {
      t.kind = Tok::Name;
    }
    return t;
  }

  // No escapes: either quote may appear inside a string delimited by the other one.
  Token string(Token t) {
    const std::size_t start = pos_;
    const char quote = text_[pos_];
    const std::size_t close = text_.find(quote, start + 1);
    if (close == std::string_view::npos) throw SyntaxError(start, "unterminated string");
    pos_ = close + 1;
    t.kind = Tok::String;
    t.text = text_.substr(start, pos_ - start);
    t.body = text_.substr(start + 1, close - start - 1);
    return t;
  }

  std::string_view text_;
  double unit_seconds_ = 0.0;  // > 0: numbers may carry time units (parse_time)
  std::size_t pos_ = 0;
};

std::string describe(const Token& t) {
  switch (t.kind) {
    case Tok::End: return "end of expression";
    case Tok::Number: return fmt::format("number '{}'", t.text);
    case Tok::String: return fmt::format("string {}", t.text);
    case Tok::Name: return fmt::format("name '{}'", t.text);
    default: return fmt::format("'{}'", t.text);
  }
}

using Op = Expression::Op;

// Emits postfix code while parsing, one function per precedence level from loosest to tightest:
// or < and < not < comparison < additive < multiplicative < unary.
class Parser {
 public:
  Parser(std::string_view text, double unit_seconds, StringTable& strings, std::vector<Op>& code,
         std::vector<std::string>& names, std::vector<std::size_t>& name_offsets)
      : lexer_(text, unit_seconds), strings_(strings), code_(code), names_(names), name_offsets_(name_offsets) {
    advance();
  }

  void parse_all() {
    if (tok_.kind == Tok::End) throw SyntaxError(tok_.offset, "empty expression");
    parse_or();
    if (tok_.kind == Tok::RParen) throw SyntaxError(tok_.offset, "unexpected ')' without matching '('");
    if (tok_.kind != Tok::End) {
      throw SyntaxError(tok_.offset, fmt::format("expected an operator, found {}", describe(tok_)));
    }
  }

 private:
  void advance() { tok_ = lexer_.next(); }

  void parse_or() {
    parse_and();
    while (tok_.kind == Tok::Or) {
      const std::size_t at = tok_.offset;
      advance();
      parse_and();
      emit(Op{Op::Or, 0, 0.0}, at);
    }
  }

  void parse_and() {
    parse_not();
    while (tok_.kind == Tok::And) {
      const std::size_t at = tok_.offset;
      advance();
      parse_not();
      emit(Op{Op::And, 0, 0.0}, at);
    }
  }

  // `not` binds looser than comparison so that `not segment == 'smb'` negates the comparison.
  void parse_not() {
    if (tok_.kind == Tok::Not) {
      const std::size_t at = tok_.offset;
      const Nest nest(*this, at);
      advance();
      parse_not();
      emit(Op{Op::Not, 0, 0.0}, at);
      return;
    }
    parse_comparison();
  }

  static std::optional<Op::Code> comparison_code(Tok kind) {
    switch (kind) {
      case Tok::Eq: return Op::Eq;
      case Tok::Ne: return Op::Ne;
      case Tok::Lt: return Op::Lt;
      case Tok::Le: return Op::Le;
      case Tok::Gt: return Op::Gt;
      case Tok::Ge: return Op::Ge;
      default: return std::nullopt;
    }
  }

  // Comparisons do not chain: `1 < x < 3` would silently compare a 0/1 result with 3.
  void parse_comparison() {
    parse_additive();
    const auto code = comparison_code(tok_.kind);
    if (!code) return;
    const std::size_t at = tok_.offset;
    advance();
    parse_additive();
    emit(Op{*code, 0, 0.0}, at);
    if (comparison_code(tok_.kind)) {
      throw SyntaxError(tok_.offset, "comparisons cannot be chained (combine them with 'and')");
    }
  }

  void parse_additive() {
    parse_multiplicative();
    while (tok_.kind == Tok::Plus || tok_.kind == Tok::Minus) {
      const Op::Code code = tok_.kind == Tok::Plus ? Op::Add : Op::Sub;
      const std::size_t at = tok_.offset;
      advance();
      parse_multiplicative();
      emit(Op{code, 0, 0.0}, at);
    }
  }

  void parse_multiplicative() {
    parse_unary();
    while (tok_.kind == Tok::Star || tok_.kind == Tok::Slash) {
      const Op::Code code = tok_.kind == Tok::Star ? Op::Mul : Op::Div;
      const std::size_t at = tok_.offset;
      advance();
      parse_unary();
      emit(Op{code, 0, 0.0}, at);
    }
  }

  void parse_unary() {
    if (tok_.kind == Tok::Minus || tok_.kind == Tok::Plus) {
      const bool negate = tok_.kind == Tok::Minus;
      const std::size_t at = tok_.offset;
      const Nest nest(*this, at);
      advance();
      parse_unary();
      if (negate) emit(Op{Op::Neg, 0, 0.0}, at);
      return;
    }
    parse_primary();
  }

  void parse_primary() {
    const Token t = tok_;
    switch (t.kind) {
      case Tok::Number:
        emit(Op{Op::PushNumber, 0, t.number}, t.offset);
        advance();
        return;
      case Tok::String:
        emit(Op{Op::PushString, static_cast<std::uint32_t>(strings_.intern(t.body)), 0.0}, t.offset);
        advance();
        return;
      case Tok::Name:
        advance();
        if (tok_.kind == Tok::LParen) {
          parse_call(t);
          return;
        }
        emit_load(t);
        return;
      case Tok::LParen: {
        const Nest nest(*this, t.offset);
        advance();
        parse_or();
        if (tok_.kind != Tok::RParen) {
          throw SyntaxError(tok_.offset, fmt::format("expected ')', found {}", describe(tok_)));
        }
        advance();
        return;
      }
      default: throw SyntaxError(t.offset, fmt::format("expected a value, found {}", describe(t)));
    }
  }

  // A name directly followed by '(' calls a function; elsewhere the same word is an ordinary name,
  // so attributes called `exp` or `ln` stay usable.
  void parse_call(const Token& name) {
    static constexpr std::pair<std::string_view, Op::Code> kFunctions[] = {
        {"exp", Op::Exp}, {"ln", Op::Ln}, {"logistic", Op::Logistic}};
    const auto* found =
        std::find_if(std::begin(kFunctions), std::end(kFunctions), [&](const auto& f) { return f.first == name.text; });
    if (found == std::end(kFunctions)) {
      throw SyntaxError(name.offset,
                        fmt::format("unknown function '{}' (the functions are exp, ln and logistic)", name.text));
    }
    const Nest nest(*this, name.offset);
    advance();
    if (tok_.kind == Tok::RParen) throw SyntaxError(tok_.offset, fmt::format("{}() takes one argument", name.text));
    parse_or();
    if (tok_.kind != Tok::RParen) {
      throw SyntaxError(tok_.offset, fmt::format("expected ')' closing {}(, found {}", name.text, describe(tok_)));
    }
    advance();
    emit(Op{found->second, 0, 0.0}, name.offset);
  }

  void emit_load(const Token& t) {
    std::size_t index = 0;
    while (index < names_.size() && names_[index] != t.text) ++index;
    if (index == names_.size()) {
      names_.emplace_back(t.text);
      name_offsets_.push_back(t.offset);
    }
    // The name index also rides in `number` so that bind() can be repeated after `index` holds a slot.
    emit(Op{Op::Load, static_cast<std::uint32_t>(index), static_cast<double>(index)}, t.offset);
  }

  void emit(const Op& op, std::size_t offset) {
    switch (op.code) {
      case Op::PushNumber:
      case Op::PushString:
      case Op::Load:
        if (++depth_ > kStackSize) {
          throw SyntaxError(offset,
                            fmt::format("expression too deeply nested (more than {} pending values)", kStackSize));
        }
        break;
      case Op::Neg:
      case Op::Not:
      case Op::Exp:
      case Op::Ln:
      case Op::Logistic: break;
      default: --depth_; break;
    }
    code_.push_back(op);
  }

  struct Nest {
    Nest(Parser& p, std::size_t offset) : parser(p) {
      if (++parser.nesting_ > kMaxNesting) throw SyntaxError(offset, "expression nested too deeply");
    }
    ~Nest() { --parser.nesting_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;
    Parser& parser;
  };

  Lexer lexer_;
  StringTable& strings_;
  std::vector<Op>& code_;
  std::vector<std::string>& names_;
  std::vector<std::size_t>& name_offsets_;
  Token tok_;
  std::size_t depth_ = 0;
  int nesting_ = 0;
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Type errors (a string in arithmetic, ordering or logic) and NaN operands of logic yield NaN, which
// no condition treats as true; comparisons of numbers follow IEEE (NaN < x is 0, NaN != x is 1).
Value arithmetic(Op::Code code, Value a, Value b) noexcept {
  if (a.is_string() || b.is_string()) return Value::number(kNaN);
  switch (code) {
    case Op::Add: return Value::number(a.num + b.num);
    case Op::Sub: return Value::number(a.num - b.num);
    case Op::Mul: return Value::number(a.num * b.num);
    default: return Value::number(b.num == 0.0 ? kNaN : a.num / b.num);
  }
}

double truth(bool b) noexcept { return b ? 1.0 : 0.0; }

Value compare(Op::Code code, Value a, Value b) noexcept {
  if (code == Op::Eq || code == Op::Ne) {
    bool equal = false;
    if (a.is_string() && b.is_string()) {
      equal = a.str == b.str;
    } else if (!a.is_string() && !b.is_string()) {
      equal = a.num == b.num;
    }
    return Value::number(truth(code == Op::Eq ? equal : !equal));
  }
  if (a.is_string() || b.is_string()) return Value::number(kNaN);
  switch (code) {
    case Op::Lt: return Value::number(truth(a.num < b.num));
    case Op::Le: return Value::number(truth(a.num <= b.num));
    case Op::Gt: return Value::number(truth(a.num > b.num));
    default: return Value::number(truth(a.num >= b.num));
  }
}

bool is_undefined(Value v) noexcept { return v.is_string() || std::isnan(v.num); }

// ln of a negative number is undefined (NaN) and ln 0 is -inf, as in C; logistic saturates at 0 and
// 1 (1 / (1 + inf) = 0), never NaN, for any finite log-odds.
Value function(Op::Code code, Value v) noexcept {
  if (v.is_string()) return Value::number(kNaN);
  switch (code) {
    case Op::Exp: return Value::number(std::exp(v.num));
    case Op::Ln: return Value::number(v.num < 0.0 ? kNaN : std::log(v.num));
    default: return Value::number(1.0 / (1.0 + std::exp(-v.num)));
  }
}

}  // namespace

Expression Expression::parse(std::string_view text, StringTable& strings) {
  Expression e;
  e.text_ = std::string(text);
  Parser parser(text, 0.0, strings, e.code_, e.names_, e.name_offsets_);
  parser.parse_all();
  return e;
}

Expression Expression::parse_time(std::string_view text, StringTable& strings, double bare_unit_seconds) {
  Expression e;
  e.text_ = std::string(text);
  Parser parser(text, bare_unit_seconds, strings, e.code_, e.names_, e.name_offsets_);
  parser.parse_all();
  return e;
}

void Expression::bind(const std::function<std::optional<std::uint32_t>(std::string_view)>& resolve) {
  std::vector<std::uint32_t> slots;
  slots.reserve(names_.size());
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const auto slot = resolve(names_[i]);
    if (!slot) {
      std::string message = fmt::format("unknown name '{}'", names_[i]);
      if (names_[i].find('-') != std::string::npos) message += " (write spaces around '-' to subtract)";
      throw SyntaxError(name_offsets_[i], message);
    }
    slots.push_back(*slot);
  }
  for (Op& op : code_) {
    if (op.code == Op::Load) op.index = slots[static_cast<std::size_t>(op.number)];
  }
  bound_ = true;
}

Value Expression::eval(const Value* slots) const noexcept {
  if (!bound_ && !names_.empty()) return Value::number(kNaN);
  if (code_.empty()) return Value::number(kNaN);
  // Cells rather than Values: Value's member initialisers would have the 32-entry stack cleared on
  // every call, which cost more than evaluating a short condition. A cell is always written before
  // it is read (parse() proved the stack discipline), so it needs no initial value.
  struct Cell {
    double num;
    std::int32_t str;
  };
  std::array<Cell, kStackSize> stack;
  std::size_t top = 0;  // number of values on the stack; parse() proved it never exceeds kStackSize
  const auto get = [&](std::size_t i) { return Value{stack[i].num, stack[i].str}; };
  const auto set = [&](std::size_t i, Value v) { stack[i] = Cell{v.num, v.str}; };
  for (const Op& op : code_) {
    switch (op.code) {
      case Op::PushNumber: set(top++, Value::number(op.number)); break;
      case Op::PushString: set(top++, Value::string(static_cast<std::int32_t>(op.index))); break;
      case Op::Load: set(top++, slots[op.index]); break;
      case Op::Neg: {
        const Value v = get(top - 1);
        set(top - 1, v.is_string() ? Value::number(kNaN) : Value::number(-v.num));
        break;
      }
      case Op::Not: {
        const Value v = get(top - 1);
        set(top - 1, is_undefined(v) ? Value::number(kNaN) : Value::number(truth(v.num == 0.0)));
        break;
      }
      case Op::Exp:
      case Op::Ln:
      case Op::Logistic: set(top - 1, function(op.code, get(top - 1))); break;
      case Op::Add:
      case Op::Sub:
      case Op::Mul:
      case Op::Div:
        --top;
        set(top - 1, arithmetic(op.code, get(top - 1), get(top)));
        break;
      case Op::Eq:
      case Op::Ne:
      case Op::Lt:
      case Op::Le:
      case Op::Gt:
      case Op::Ge:
        --top;
        set(top - 1, compare(op.code, get(top - 1), get(top)));
        break;
      case Op::And:
      case Op::Or: {
        --top;
        const Value a = get(top - 1);
        const Value b = get(top);
        if (is_undefined(a) || is_undefined(b)) {
          set(top - 1, Value::number(kNaN));
        } else if (op.code == Op::And) {
          set(top - 1, Value::number(truth(a.num != 0.0 && b.num != 0.0)));
        } else {
          set(top - 1, Value::number(truth(a.num != 0.0 || b.num != 0.0)));
        }
        break;
      }
    }
  }
  return get(0);
}

bool Expression::holds(const Value* slots) const noexcept {
  const Value v = eval(slots);
  return !v.is_string() && v.num != 0.0 && !std::isnan(v.num);
}

}  // namespace bpm
