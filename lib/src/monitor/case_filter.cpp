// WhereFilter: the conditions of --where, evaluated per case.
#include "bpm/monitor/case_filter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/kpi/timestamp.hpp"
#include "kpi/process_index.hpp"

namespace bpm::monitor {
namespace {

std::string trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

std::optional<double> number_of(std::string_view text) {
  const std::string t = trim(text);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
  return value;
}

bool compare(double value, Condition::Op op, double bound) {
  switch (op) {
    case Condition::Op::Lt: return value < bound;
    case Condition::Op::Le: return value <= bound;
    case Condition::Op::Gt: return value > bound;
    case Condition::Op::Ge: return value >= bound;
    case Condition::Op::Eq: return value == bound;
    case Condition::Op::Ne: return value != bound;
  }
  return false;
}

bool ordered(Condition::Op op) { return op != Condition::Op::Eq && op != Condition::Op::Ne; }

}  // namespace

bool is_builtin_field(const std::string& field) {
  return field == "outcome" || field == "activity" || field == "resource" || field == "case" || field == "start" ||
         field == "end";
}

Condition parse_condition(const std::string& expression) {
  static constexpr std::pair<std::string_view, Condition::Op> kOps[] = {
      {"!=", Condition::Op::Ne}, {"<=", Condition::Op::Le}, {">=", Condition::Op::Ge},
      {"=", Condition::Op::Eq},  {"<", Condition::Op::Lt},  {">", Condition::Op::Gt}};
  std::size_t at = std::string::npos;
  std::string_view op_text;
  Condition c;
  for (const auto& [text, op] : kOps) {
    const std::size_t found = expression.find(text);
    if (found == std::string::npos) continue;
    // The earliest operator wins; at one position, the two-character one (listed first).
    if (at == std::string::npos || found < at) {
      at = found;
      op_text = text;
      c.op = op;
    }
  }
  const auto malformed = [&expression](const std::string& why) {
    return SettingError("where",
                        fmt::format("'{}': {} (write FIELD=VALUE, FIELD!=A|B, FIELD>=NUMBER)", expression, why));
  };
  if (at == std::string::npos) throw malformed("no operator");
  c.text = expression;
  c.field = trim(std::string_view(expression).substr(0, at));
  const std::string value = trim(std::string_view(expression).substr(at + op_text.size()));
  if (c.field.empty()) throw malformed("no field before the operator");
  if (ordered(c.op)) {
    if (c.field == "start" || c.field == "end") {
      const std::optional<Time> t = kpi::parse_iso_timestamp(value);
      if (!t) throw malformed(fmt::format("'{}' is not an ISO 8601 time", value));
      c.number = *t;
    } else {
      const std::optional<double> n = number_of(value);
      if (!n) throw malformed(fmt::format("'{}' is not a number", value));
      c.number = *n;
    }
    return c;
  }
  if (c.field == "start" || c.field == "end") throw malformed("compare times with <, <=, > or >=");
  std::size_t from = 0;
  for (;;) {
    const std::size_t bar = value.find('|', from);
    c.values.push_back(trim(std::string_view(value).substr(from, bar == std::string::npos ? bar : bar - from)));
    if (bar == std::string::npos) break;
    from = bar + 1;
  }
  if (c.field == "activity") {
    for (std::string& v : c.values) v = kpi::normalize_name(v);
  }
  return c;
}

WhereFilter::WhereFilter(const std::vector<std::string>& expressions) {
  for (const std::string& e : expressions) conditions_.push_back(parse_condition(e));
}

std::vector<std::string> WhereFilter::attributes() const {
  std::vector<std::string> names;
  for (const Condition& c : conditions_) {
    if (!is_builtin_field(c.field) && std::find(names.begin(), names.end(), c.field) == names.end()) {
      names.push_back(c.field);
    }
  }
  return names;
}

bool WhereFilter::keep(const kpi::CaseRecord& record, const kpi::LogInfo& info) const {
  const auto& attributes = info.dictionary.attributes;
  for (const Condition& c : conditions_) {
    const bool negated = c.op == Condition::Op::Ne;
    auto listed = [&c](std::string_view v) { return std::find(c.values.begin(), c.values.end(), v) != c.values.end(); };
    bool holds = false;
    if (c.field == "activity") {
      bool any = false;
      for (const kpi::ActivityInstance& i : record.instances) {
        any = any || listed(kpi::normalize_name(info.dictionary.activities.name(i.activity)));
      }
      holds = negated ? !any : any;
    } else if (c.field == "resource") {
      bool any = false;
      for (const kpi::ActivityInstance& i : record.instances) {
        any =
            any || (i.resource >= 0 && listed(info.dictionary.resources.name(static_cast<std::uint32_t>(i.resource))));
      }
      holds = negated ? !any : any;
    } else if (c.field == "start" || c.field == "end") {
      holds = compare(c.field == "start" ? record.start() : record.end(), c.op, c.number);
    } else {
      std::string_view value;
      if (c.field == "outcome") {
        value = record.outcome;
      } else if (c.field == "case") {
        value = record.id;
      } else {
        const auto at = std::find(attributes.begin(), attributes.end(), c.field);
        if (at != attributes.end()) value = record.attributes[static_cast<std::size_t>(at - attributes.begin())];
      }
      if (ordered(c.op)) {
        const std::optional<double> n = number_of(value);
        holds = n && compare(*n, c.op, c.number);
      } else {
        holds = listed(value) != negated;
      }
    }
    if (!holds) return false;
  }
  return true;
}

}  // namespace bpm::monitor
