// The canonical text of a process (`bpm-design fmt`). The writer builds a small document tree and
// renders it by hand rather than with YAML::Emitter: the emitter can neither put spaces inside
// flow braces nor choose flow style by line width, and its quoting changes between yaml-cpp versions,
// while canonical output must be byte-stable so that pipelines and diffs can rely on it.
#include "bpm/model/writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace bpm {
namespace {

/// Lines longer than this are broken into block style.
constexpr std::size_t kLineWidth = 100;

/// How a scalar decides between plain and quoted text.
enum class Quote : std::uint8_t {
  Value,   // numbers, durations, dates, distributions: quoted only when YAML syntax needs it
  String,  // names and prose: also quoted when YAML would read them as a number, boolean or null
  Delta,   // override values: also quoted when they start with + - or *, which read as operations
  Always,  // hours and targets: always quoted, so that "09:00" and ">= 95%" look the same everywhere
};

struct Node {
  enum class Kind : std::uint8_t { Scalar, Sequence, Mapping };
  Kind kind = Kind::Scalar;
  std::string text;  // Scalar
  Quote quote = Quote::Value;
  /// Never written in flow style: sections, and lists of mappings such as gateway branches.
  bool block = false;
  std::vector<Node> items;  // Sequence
  // Mapping entries in output order, as parallel vectors: a std::pair holding a Node would need
  // Node to be complete inside its own definition, which libc++ and libstdc++ do not promise.
  std::vector<std::string> keys;
  std::vector<Quote> key_quotes;  // how each key is quoted
  std::vector<Node> values;

  static Node scalar(std::string text, Quote quote) {
    Node n;
    n.text = std::move(text);
    n.quote = quote;
    return n;
  }
  static Node sequence(bool block = false) {
    Node n;
    n.kind = Kind::Sequence;
    n.block = block;
    return n;
  }
  static Node mapping(bool block = false) {
    Node n;
    n.kind = Kind::Mapping;
    n.block = block;
    return n;
  }

  Node& add(std::string key, Node value, Quote key_quote = Quote::String) {
    keys.push_back(std::move(key));
    key_quotes.push_back(key_quote);
    values.push_back(std::move(value));
    return values.back();
  }
  Node& push(Node value) {
    items.push_back(std::move(value));
    return items.back();
  }
  [[nodiscard]] bool empty() const { return kind == Kind::Sequence ? items.empty() : values.empty(); }
};

// ---------------------------------------------------------------------------------------------
// Scalars

bool is_ascii_lower_equal(std::string_view text, std::string_view word) {
  if (text.size() != word.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
    if (c != word[i]) return false;
  }
  return true;
}

/// True when a YAML 1.1 reader (PyYAML, editors) would resolve the plain text as something other
/// than a string: yaml-cpp keeps the text either way, but the JSON Schema check would not.
bool resolves_as_non_string(std::string_view text) {
  static constexpr std::array<std::string_view, 10> kWords{"null", "~",  "true", "false", "yes",
                                                           "no",   "on", "off",  "y",     "n"};
  for (const auto word : kWords) {
    if (is_ascii_lower_equal(text, word)) return true;
  }
  // Numbers, dates, times and sexagesimals of YAML 1.1 (12, -3, .5, 1e5, 0x1F, 1_000, 2026-01-05, 12:30)
  // are made of these characters and start with a digit or a dot after an optional sign.
  std::string_view body = text;
  if (body.front() == '-' || body.front() == '+') body.remove_prefix(1);
  if (body.empty() || !((body.front() >= '0' && body.front() <= '9') || body.front() == '.')) {
    return is_ascii_lower_equal(body, "inf") || is_ascii_lower_equal(body, ".inf") ||
           is_ascii_lower_equal(body, ".nan");
  }
  constexpr std::string_view kNumeric = "0123456789abcdefABCDEFxXoO._:+-";
  return body.find_first_not_of(kNumeric) == std::string_view::npos;
}

bool needs_quotes(std::string_view text, Quote quote, bool in_flow) {
  if (quote == Quote::Always || text.empty()) return true;
  if (text.front() == ' ' || text.back() == ' ' || text.back() == ':') return true;
  // Indicators that change the meaning of a plain scalar when it starts with them. A '-' before a
  // digit is a negative number, which is plain.
  constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`<=";
  const bool negative_number = text.size() > 1 && text[0] == '-' && text[1] >= '0' && text[1] <= '9';
  if (kIndicators.find(text.front()) != std::string_view::npos && !negative_number) return true;
  if (text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos) return true;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
    // yaml-cpp and PyYAML both read a '?' anywhere in a flow collection as a key indicator.
    if (in_flow && (c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '?')) return true;
  }
  if (quote == Quote::String && resolves_as_non_string(text)) return true;
  if (quote == Quote::Delta && (text.front() == '+' || text.front() == '-' || text.front() == '*')) return true;
  return false;
}

/// Double quotes with escapes, or single quotes when the text has a double quote but no single
/// one: `'say "hi"'` reads better than `"say \"hi\""`.
std::string quoted(std::string_view text) {
  const bool has_double = text.find('"') != std::string_view::npos;
  const bool has_single = text.find('\'') != std::string_view::npos;
  const bool has_control =
      std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  if (has_double && !has_single && !has_control) return fmt::format("'{}'", text);
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string scalar_text(std::string_view text, Quote quote, bool in_flow) {
  return needs_quotes(text, quote, in_flow) ? quoted(text) : std::string(text);
}

// ---------------------------------------------------------------------------------------------
// Rendering

/// Flow text of a node, or an empty string when it must be written in block style.
std::string flow_text(const Node& node) {
  switch (node.kind) {
    case Node::Kind::Scalar: return scalar_text(node.text, node.quote, true);
    case Node::Kind::Sequence: {
      if (node.block && !node.items.empty()) return {};
      std::string out = "[";
      for (const Node& item : node.items) {
        const std::string text = flow_text(item);
        if (text.empty()) return {};
        if (out.size() > 1) out += ", ";
        out += text;
      }
      return out + "]";
    }
    case Node::Kind::Mapping: {
      if (node.values.empty()) return "{}";
      if (node.block) return {};
      std::string out = "{ ";
      for (std::size_t i = 0; i < node.values.size(); ++i) {
        const std::string text = flow_text(node.values[i]);
        if (text.empty()) return {};
        if (out.size() > 2) out += ", ";
        out += scalar_text(node.keys[i], node.key_quotes[i], true);
        out += ": ";
        out += text;
      }
      return out + " }";
    }
  }
  return {};
}

class Renderer {
 public:
  std::string take() { return std::move(out_); }

  void blank_line() { out_ += '\n'; }

  /// `key: value` at `indent`, choosing flow style when the whole entry fits on one line.
  void entry(std::size_t indent, const std::string& key, const Node& value, Quote key_quote = Quote::String) {
    const std::string pad(indent, ' ');
    const std::string head = pad + scalar_text(key, key_quote, false) + ":";
    if (value.kind == Node::Kind::Scalar) {
      out_ += head + " " + scalar_text(value.text, value.quote, false) + "\n";
      return;
    }
    if (const std::string flow = flow_text(value); !flow.empty() && head.size() + 1 + flow.size() <= kLineWidth) {
      out_ += head + " " + flow + "\n";
      return;
    }
    out_ += head + "\n";
    block(indent + 2, value);
  }

  /// A collection in block style at `indent`.
  void block(std::size_t indent, const Node& node) {
    if (node.kind == Node::Kind::Mapping) {
      for (std::size_t i = 0; i < node.values.size(); ++i) {
        entry(indent, node.keys[i], node.values[i], node.key_quotes[i]);
      }
      return;
    }
    const std::string pad(indent, ' ');
    for (const Node& item : node.items) {
      if (item.kind == Node::Kind::Scalar) {
        out_ += pad + "- " + scalar_text(item.text, item.quote, false) + "\n";
        continue;
      }
      if (const std::string flow = flow_text(item); !flow.empty() && indent + 2 + flow.size() <= kLineWidth) {
        out_ += pad + "- " + flow + "\n";
        continue;
      }
      // A block collection inside a list item starts on the dash's line, indented past it.
      Renderer inner;
      inner.block(indent + 2, item);
      std::string text = inner.take();
      text.replace(0, indent + 2, pad + "- ");
      out_ += text;
    }
  }

 private:
  std::string out_;
};

// ---------------------------------------------------------------------------------------------
// The process as a document tree

std::string number_text(double value) { return fmt::format("{}", value); }

Node number(double value) { return Node::scalar(number_text(value), Quote::Value); }
Node integer(long long value) { return Node::scalar(std::to_string(value), Quote::Value); }
Node string(const std::string& text) { return Node::scalar(text, Quote::String); }
Node duration(double seconds) { return Node::scalar(format_duration(seconds), Quote::Value); }

/// Table weights are normalised by the parser, so a written weight reads back within an ulp of
/// itself; 15 significant digits absorb that noise and keep `fmt` of `fmt` identical.
Node weight(double value) { return Node::scalar(fmt::format("{:.15g}", value), Quote::Value); }

std::string date_text(std::int64_t day) { return format_datetime(static_cast<double>(day) * 86400.0).substr(0, 10); }

std::string datetime_text(Time t) {
  std::string text = format_datetime(t);
  if (text.size() == 19 && text.ends_with(":00")) text.resize(16);  // whole minutes read as 09:30
  return text;
}

/// A single identifier reads fine plain (`revenue: deal_value`); anything with operators is quoted.
Node expression(const Expression& e) {
  const std::string& text = e.text();
  const bool identifier =
      !text.empty() && ((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z') || text[0] == '_') &&
      std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
               c == '-';
      });
  return Node::scalar(text, identifier ? Quote::String : Quote::Always);
}

Node distribution(const Distribution& d) {
  if (d.kind != DistKind::Empirical && d.kind != DistKind::Histogram) {
    return Node::scalar(d.to_string(), Quote::Value);
  }
  // The scenario multiplier scales every draw, so it folds into the table's values and bounds.
  const auto value = [&](double v) { return d.is_time ? duration(v * d.scale) : number(v * d.scale); };
  Node table = Node::mapping();
  Node rows = Node::sequence();
  if (d.kind == DistKind::Empirical) {
    for (std::size_t i = 0; i < d.values.size() && i < d.weights.size(); ++i) {
      Node row = Node::sequence();
      row.push(value(d.values[i]));
      row.push(weight(d.weights[i]));
      rows.push(std::move(row));
    }
  } else {
    for (std::size_t i = 0; i + 1 < d.values.size() && i < d.weights.size(); ++i) {
      Node row = Node::sequence();
      row.push(value(d.values[i]));
      row.push(value(d.values[i + 1]));
      row.push(weight(d.weights[i]));
      rows.push(std::move(row));
    }
  }
  table.add(std::string(dist_name(d.kind)), std::move(rows));
  if (std::isfinite(d.lower)) table.add("min", value(d.lower));
  if (std::isfinite(d.upper)) table.add("max", value(d.upper));
  return table;
}

Node string_list(const std::vector<std::string>& items) {
  Node list = Node::sequence();
  for (const auto& item : items) list.push(string(item));
  return list;
}

/// A named entry (step, resource, role, SLA, KPI, scenario) starts with its description, like a
/// heading; a list item (objective, branch) ends with it, after the key that identifies the item.
void add_description(Node& map, const std::string& description) {
  if (!description.empty()) map.add("description", string(description));
}

Node objectives(const Process& p) {
  Node list = Node::sequence(true);
  for (const Objective& o : p.objectives) {
    Node item = Node::mapping();
    item.add("kpi", string(o.kpi));
    if (o.target) item.add("target", Node::scalar(o.target->text, Quote::Always));
    if (!o.baseline_text.empty()) item.add("baseline", Node::scalar(o.baseline_text, Quote::Value));
    add_description(item, o.description);
    list.push(std::move(item));
  }
  return list;
}

Node roles(const Process& p) {
  Node map = Node::mapping(true);
  for (const Role& r : p.roles) {
    if (p.from_called_file(r.id)) continue;
    if (r.description.empty()) {
      map.add(r.id, string(r.name));
    } else {
      Node role = Node::mapping();
      role.add("name", string(r.name));
      role.add("description", string(r.description));
      map.add(r.id, std::move(role));
    }
  }
  return map;
}

/// "mon-fri", "mon, wed, fri", "sat-mon", "daily": the shortest key naming a set of days.
std::string day_set_text(unsigned days) {
  static constexpr std::array<std::string_view, 7> kNames{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  if (days == 0x7F) return "daily";
  // Start a run where the previous day is absent, so that a run across Sunday stays one piece.
  int first = 0;
  while (first < 7 && (days & (1u << ((first + 6) % 7))) != 0) ++first;
  std::vector<std::string> parts;
  for (int i = 0; i < 7;) {
    const int day = (first + i) % 7;
    if ((days & (1u << day)) == 0) {
      ++i;
      continue;
    }
    int length = 1;
    while (i + length < 7 && (days & (1u << ((first + i + length) % 7))) != 0) ++length;
    const int last = (day + length - 1) % 7;
    if (length == 1) {
      parts.emplace_back(kNames[static_cast<std::size_t>(day)]);
    } else {
      parts.push_back(
          fmt::format("{}-{}", kNames[static_cast<std::size_t>(day)], kNames[static_cast<std::size_t>(last)]));
    }
    i += length;
  }
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += ", ";
    out += part;
  }
  return out;
}

Node calendar(const Calendar& c) {
  Node map = Node::mapping();
  // Days with the same hours share one key, in the order of their first day from Monday.
  unsigned done = 0;
  for (std::size_t day = 0; day < 7; ++day) {
    if ((done & (1u << day)) != 0 || c.week[day].empty()) continue;
    unsigned days = 0;
    for (std::size_t other = day; other < 7; ++other) {
      if (c.week[other] == c.week[day]) days |= 1u << other;
    }
    done |= days;
    map.add(day_set_text(days), Node::scalar(format_day_intervals(c.week[day]), Quote::Always));
  }
  Node holidays = Node::sequence();
  Node exceptions = Node::mapping();
  for (const auto& [day, hours] : c.exceptions) {
    if (hours.empty()) {
      holidays.push(Node::scalar(date_text(day), Quote::Value));
    } else {
      exceptions.add(date_text(day), Node::scalar(format_day_intervals(hours), Quote::Always), Quote::Value);
    }
  }
  if (!holidays.empty()) map.add("holidays", std::move(holidays));
  if (!exceptions.empty()) map.add("exceptions", std::move(exceptions));
  return map;
}

Node calendars(const Process& p) {
  Node map = Node::mapping(true);
  for (const Calendar& c : p.calendars) {
    if (!p.from_called_file(c.name)) map.add(c.name, calendar(c));
  }
  return map;
}

/// A list of names while no member has settings of its own, else a mapping (`bob: {}` for the plain ones).
Node members(const Resource& r) {
  const auto plain = [](const Member& m) {
    return m.calendar.empty() && !m.cost_per_hour && m.speed == 1.0 && m.description.empty();
  };
  if (std::all_of(r.members.begin(), r.members.end(), plain)) {
    Node list = Node::sequence();
    for (const Member& m : r.members) list.push(string(m.id));
    return list;
  }
  Node map = Node::mapping(true);
  for (const Member& m : r.members) {
    Node member = Node::mapping();
    add_description(member, m.description);
    if (!m.calendar.empty()) member.add("calendar", string(m.calendar));
    if (m.cost_per_hour) member.add("cost_per_hour", number(*m.cost_per_hour));
    if (m.speed != 1.0) member.add("speed", number(m.speed));
    map.add(m.id, std::move(member));
  }
  return map;
}

Node resources(const Process& p) {
  Node map = Node::mapping(true);
  for (const Resource& r : p.resources) {
    if (p.from_called_file(r.id)) continue;
    Node resource = Node::mapping();
    add_description(resource, r.description);
    if (!r.role.empty()) resource.add("role", string(r.role));
    if (r.members.empty()) resource.add("count", integer(r.count));
    if (r.cost_per_hour != 0.0) resource.add("cost_per_hour", number(r.cost_per_hour));
    if (!r.calendar.empty()) resource.add("calendar", string(r.calendar));
    if (!r.members.empty()) resource.add("members", members(r));
    map.add(r.id, std::move(resource));
  }
  return map;
}

Node attribute(const Attribute& a) {
  if (a.formula) {
    Node map = Node::mapping();
    map.add("formula", expression(*a.formula));
    return map;
  }
  if (!a.categorical) return distribution(a.numeric);
  Node map = Node::mapping();
  for (std::size_t i = 0; i < a.categories.size() && i < a.weights.size(); ++i) {
    map.add(a.categories[i], number(a.weights[i]));
  }
  return map;
}

/// One day's rates: a single rate when it holds all day, else hours -> rate, the hours of equal
/// rates joined in one key ("08:00-12:00, 13:00-17:00": 5/h).
Node day_rates(const std::vector<RatePiece>& pieces) {
  if (pieces.size() == 1 && pieces[0].from <= 0.0 && pieces[0].to >= 86400.0) {
    return Node::scalar(format_rate(pieces[0].rate), Quote::Value);
  }
  Node map = Node::mapping();
  std::vector<bool> done(pieces.size(), false);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (done[i]) continue;
    std::vector<DayInterval> hours;
    for (std::size_t j = i; j < pieces.size(); ++j) {
      if (done[j] || pieces[j].rate != pieces[i].rate) continue;
      hours.push_back({pieces[j].from, pieces[j].to});
      done[j] = true;
    }
    map.add(format_day_intervals(hours), Node::scalar(format_rate(pieces[i].rate), Quote::Value), Quote::Always);
  }
  return map;
}

/// Days with the same rates share one key, as in calendars; days without arrivals are left out.
Node rates(const RateProfile& profile) {
  Node map = Node::mapping(true);
  unsigned done = 0;
  for (std::size_t day = 0; day < 7; ++day) {
    if ((done & (1u << day)) != 0 || profile.week[day].empty()) continue;
    unsigned days = 0;
    for (std::size_t other = day; other < 7; ++other) {
      if (profile.week[other] == profile.week[day]) days |= 1u << other;
    }
    done |= days;
    map.add(day_set_text(days), day_rates(profile.week[day]));
  }
  return map;
}

Node attributes(const std::vector<Attribute>& list) {
  Node map = Node::mapping(true);
  for (const Attribute& a : list) map.add(a.name, attribute(a));
  return map;
}

/// How often cases come, how many at a time and when: the keys `arrivals` shares with its streams.
template <class Stream>
void add_timing(Node& map, const Stream& s) {
  if (s.rate) {
    map.add("rate", rates(*s.rate));
  } else {
    map.add("every", distribution(s.every));
  }
  if (s.size) map.add("size", distribution(*s.size));
  if (!s.calendar.empty()) map.add("calendar", string(s.calendar));
}

Node arrivals(const Process& p) {
  Node map = Node::mapping(true);
  if (p.arrivals.streams.empty()) add_timing(map, p.arrivals);
  if (!p.arrivals.attributes.empty()) map.add("attributes", attributes(p.arrivals.attributes));
  if (!p.arrivals.streams.empty()) {
    Node streams = Node::mapping(true);
    for (const ArrivalStream& s : p.arrivals.streams) {
      Node stream = Node::mapping();
      add_description(stream, s.description);
      add_timing(stream, s);
      if (!s.start.empty()) stream.add("start", string(s.start));
      if (!s.attributes.empty()) stream.add("attributes", attributes(s.attributes));
      streams.add(s.id, std::move(stream));
    }
    map.add("streams", std::move(streams));
  }
  return map;
}

/// RACI lists: the accountable and responsible roles are written as one name when there is one
/// (RACI wants exactly one accountable), consulted and informed always as lists (they are groups).
Node raci(const Raci& r) {
  Node map = Node::mapping();
  const auto add = [&](const char* key, const std::vector<std::string>& roles, bool single_as_scalar) {
    if (roles.empty()) return;
    if (single_as_scalar && roles.size() == 1) {
      map.add(key, string(roles.front()));
    } else {
      map.add(key, string_list(roles));
    }
  };
  add("responsible", r.responsible, true);
  add("accountable", r.accountable, true);
  add("consulted", r.consulted, false);
  add("informed", r.informed, false);
  return map;
}

Node branches(const std::vector<Branch>& list) {
  Node seq = Node::sequence(true);
  for (const Branch& b : list) {
    Node branch = Node::mapping();
    branch.add("to", string(b.to));
    if (b.when) branch.add("when", expression(*b.when));
    if (b.p) branch.add("p", number(*b.p));
    add_description(branch, b.description);
    seq.push(std::move(branch));
  }
  return seq;
}

Node step(const Step& s) {
  Node map = Node::mapping();
  if (!s.name.empty()) map.add("name", string(s.name));
  add_description(map, s.description);
  if (!s.call.empty()) {
    map.add("call", string(s.call));
    map.add("next", string(s.next));
    return map;
  }
  switch (s.kind) {
    case StepKind::Task:
      if (!s.other_resources.empty()) {
        map.add("resource", string_list(s.pools()));
        if (s.policy != PoolPolicy::First) map.add("policy", string(std::string(pool_policy_name(s.policy))));
      } else if (!s.resource.empty()) {
        map.add("resource", string(s.resource));
      }
      if (s.duration) map.add("duration", distribution(*s.duration));
      if (s.cost_formula) {
        map.add("cost", expression(*s.cost_formula));
      } else if (s.cost != 0.0) {
        map.add("cost", number(s.cost));
      }
      if (s.priority_expression) {
        map.add("priority", expression(*s.priority_expression));
      } else if (s.priority != 0) {
        map.add("priority", integer(s.priority));
      }
      break;
    case StepKind::Wait:
      if (s.wait) map.add("wait", distribution(*s.wait));
      if (!s.logged) map.add("log", Node::scalar("false", Quote::Value));
      break;
    case StepKind::Xor: map.add("xor", branches(s.branches)); break;
    case StepKind::Or: map.add("or", branches(s.branches)); break;
    case StepKind::And: map.add("and", string_list(s.targets)); break;
    case StepKind::Join: map.add("join", string_list(s.join_of)); break;
    case StepKind::End:
      map.add("end", string(s.outcome));
      if (s.revenue) map.add("revenue", expression(*s.revenue));
      if (!s.terminate) map.add("terminate", Node::scalar("false", Quote::Value));
      break;
  }
  const Raci& r = s.raci;
  if (!r.responsible.empty() || !r.accountable.empty() || !r.consulted.empty() || !r.informed.empty()) {
    map.add("raci", raci(r));
  }
  if (s.rework) {
    if (s.rework->to.empty()) {
      map.add("rework", number(s.rework->p));
    } else {
      Node rework = Node::mapping();
      rework.add("p", number(s.rework->p));
      rework.add("to", string(s.rework->to));
      map.add("rework", std::move(rework));
    }
  }
  const auto timer = [&](const char* key, const std::optional<StepTimer>& t) {
    if (!t) return;
    Node node = Node::mapping();
    node.add("after", distribution(t->after));
    node.add("to", string(t->to));
    add_description(node, t->description);
    map.add(key, std::move(node));
  };
  if (s.batch) {
    Node batch = Node::mapping();
    batch.add("size", integer(s.batch->size));
    if (s.batch->timeout) batch.add("timeout", distribution(*s.batch->timeout));
    map.add("batch", std::move(batch));
  }
  if (s.instances) {
    Node instances = Node::mapping();
    instances.add("count", s.instances->count ? distribution(*s.instances->count) : expression(*s.instances->count_of));
    if (!s.instances->parallel) instances.add("parallel", Node::scalar("false", Quote::Value));
    map.add("instances", std::move(instances));
  }
  timer("timeout", s.timeout);
  timer("escalate", s.escalate);
  timer("abandon", s.abandon);
  if (!s.set.empty()) {
    Node set = Node::mapping();
    for (const Assignment& a : s.set) set.add(a.attribute, expression(a.value));
    map.add("set", std::move(set));
  }
  if (!s.next.empty()) map.add("next", string(s.next));
  return map;
}

/// Whether to write the steps as written (calls, fragments) rather than their expansion.
bool written_form(const Process& p) { return !p.written_steps.empty() && !p.expansion_edited; }

Node steps(const Process& p) {
  Node map = Node::mapping(true);
  for (const Step& s : written_form(p) ? p.written_steps : p.steps) map.add(s.id, step(s));
  return map;
}

Node fragments(const Process& p) {
  Node map = Node::mapping(true);
  if (!written_form(p) && !p.written_steps.empty()) return map;  // expanded into the steps
  for (const Fragment& f : p.fragments) {
    if (p.from_called_file(f.id)) continue;  // a called file's own: read from there again
    Node fragment = Node::mapping(true);
    add_description(fragment, f.description);
    if (!f.file.empty()) {
      fragment.add("file", string(f.file));
      map.add(f.id, std::move(fragment));
      continue;
    }
    if (f.start != f.steps.front().id) fragment.add("start", string(f.start));
    Node list = Node::mapping(true);
    for (const Step& s : f.steps) list.add(s.id, step(s));
    fragment.add("steps", std::move(list));
    map.add(f.id, std::move(fragment));
  }
  return map;
}

Node slas(const Process& p) {
  Node map = Node::mapping(true);
  for (const Sla& s : p.slas) {
    Node sla = Node::mapping();
    add_description(sla, s.description);
    sla.add("from", string(s.from.text));
    sla.add("to", string(s.to.text));
    sla.add("within", duration(s.within));
    map.add(s.id, std::move(sla));
  }
  return map;
}

Node kpis(const Process& p) {
  Node map = Node::mapping(true);
  for (const KpiDef& k : p.kpis) {
    Node kpi = Node::mapping();
    add_description(kpi, k.description);
    kpi.add("formula", expression(k.formula));
    if (!k.unit.empty()) kpi.add("unit", string(k.unit));
    if (k.target) kpi.add("target", Node::scalar(k.target->text, Quote::Always));
    map.add(k.id, std::move(kpi));
  }
  return map;
}

Node scenarios(const Process& p) {
  Node map = Node::mapping(true);
  for (const Scenario& s : p.scenarios) {
    Node scenario = Node::mapping();
    add_description(scenario, s.description);
    for (const Override& o : s.overrides) scenario.add(o.path, Node::scalar(o.value, Quote::Delta));
    map.add(s.id, std::move(scenario));
  }
  return map;
}

Node simulation(const SimulationSettings& s) {
  Node map = Node::mapping();
  map.add("start", Node::scalar(datetime_text(s.start), Quote::Value));
  if (s.horizon) map.add("horizon", duration(*s.horizon));
  if (s.cases) map.add("cases", integer(static_cast<long long>(*s.cases)));
  if (s.warmup_cases > 0) {
    Node warmup = Node::mapping();
    if (s.warmup_time > 0.0) warmup.add("time", duration(s.warmup_time));
    warmup.add("cases", integer(static_cast<long long>(s.warmup_cases)));
    map.add("warmup", std::move(warmup));
  } else if (s.warmup_time > 0.0) {
    map.add("warmup", duration(s.warmup_time));
  }
  map.add("replications", integer(s.replications));
  map.add("seed", integer(static_cast<long long>(s.seed)));
  if (s.max_steps_per_case != SimulationSettings{}.max_steps_per_case) {
    map.add("max_steps_per_case", integer(s.max_steps_per_case));
  }
  return map;
}

/// Objectives and ranges are short: the lists stay in flow style while they fit on a line.
Node optimize(const OptimizeSettings& o) {
  Node map = Node::mapping(true);
  Node vary = Node::mapping();
  for (const OptimizeVariable& v : o.vary) {
    vary.add(v.path, Node::scalar(fmt::format("{}..{}", v.low, v.high), Quote::Value));
  }
  map.add("vary", std::move(vary));
  if (!o.minimize.empty()) map.add("minimize", string_list(o.minimize));
  if (!o.maximize.empty()) map.add("maximize", string_list(o.maximize));
  if (!o.subject_to.empty()) {
    Node constraints = Node::sequence();
    for (const OptimizeConstraint& c : o.subject_to) constraints.push(Node::scalar(c.text, Quote::Always));
    map.add("subject_to", std::move(constraints));
  }
  map.add("budget", integer(static_cast<long long>(o.budget)));
  return map;
}

}  // namespace

std::string to_yaml(const Process& p) {
  Renderer out;
  out.entry(0, "process", string(p.name));
  if (!p.description.empty()) out.entry(0, "description", string(p.description));
  if (!p.owner.empty()) out.entry(0, "owner", string(p.owner));
  out.entry(0, "time_unit", string(p.time_unit));

  const auto section = [&](const char* key, const Node& node) {
    if (node.empty()) return;
    out.blank_line();
    out.entry(0, key, node);
  };
  section("objectives", objectives(p));
  section("roles", roles(p));
  section("calendars", calendars(p));
  section("resources", resources(p));
  section("arrivals", arrivals(p));
  out.blank_line();
  out.entry(0, "start", string(p.start));
  out.entry(0, "steps", steps(p));
  section("fragments", fragments(p));
  section("slas", slas(p));
  section("kpis", kpis(p));
  section("scenarios", scenarios(p));
  section("simulation", simulation(p.simulation));
  if (p.optimize) section("optimize", optimize(*p.optimize));
  return out.take();
}

}  // namespace bpm
