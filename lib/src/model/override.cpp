// What-if overrides of scenarios and `--set`: a dotted path into the model and a value that is a
// literal in the file's own syntax, `*k` (scale) or `+k`/`-k` (add). Every value goes through the
// loader's parsers and range checks, so an override cannot produce a model the loader would refuse.
#include "bpm/model/override.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "model/count_bounds.hpp"
#include "model/yaml_reader.hpp"

namespace bpm {
namespace {

using detail::closest_match;
using detail::parse_number;

enum class Op : std::uint8_t { Set, Scale, Add };

/// An override value split into its operation and operand text.
struct ParsedValue {
  Op op = Op::Set;
  std::string operand;
};

std::string trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return std::string(text);
}

ParsedValue split_value(std::string_view value) {
  const std::string text = trim(value);
  if (!text.empty() && text.front() == '*') return {Op::Scale, trim(std::string_view(text).substr(1))};
  if (!text.empty() && text.front() == '+') return {Op::Add, trim(std::string_view(text).substr(1))};
  // "-5" subtracts: the sign belongs to the operand.
  if (!text.empty() && text.front() == '-') return {Op::Add, text};
  return {Op::Set, text};
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (true) {
    const std::size_t dot = path.find('.', begin);
    parts.emplace_back(path.substr(begin, dot == std::string_view::npos ? std::string_view::npos : dot - begin));
    if (dot == std::string_view::npos) break;
    begin = dot + 1;
  }
  return parts;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

/// Applies one override to the process; every error is a ModelError at the override's location.
class Applier {
 public:
  Applier(Process& process, const Override& override_)
      : p_(process), o_(override_), value_(split_value(override_.value)) {}

  void apply() {
    if (value_.operand.empty()) fail("the value is empty");
    const std::vector<std::string> parts = split_path(o_.path);
    const std::string& root = parts.front();
    if (root == "steps") return apply_step(parts);
    if (root == "resources") return apply_resource(parts);
    if (root == "arrivals") return apply_arrivals(parts);
    if (root == "simulation") return apply_simulation(parts);
    unknown_path("paths start with steps., resources., arrivals. or simulation.");
  }

 private:
  Process& p_;
  const Override& o_;
  ParsedValue value_;

  [[noreturn]] void fail(const std::string& message) const {
    throw ModelError(o_.where, fmt::format("{}: {}", o_.path, message));
  }

  /// Unknown path: suggest the nearest valid path, else explain what the segment should be.
  [[noreturn]] void unknown_path(const std::string& explanation) const {
    const std::string hint = closest_match(o_.path, override_paths(p_));
    if (!hint.empty()) {
      throw ModelError(o_.where, fmt::format("unknown override path '{}' (did you mean '{}'?)", o_.path, hint));
    }
    throw ModelError(o_.where, fmt::format("unknown override path '{}': {}", o_.path, explanation));
  }

  [[noreturn]] void unknown_name(std::string_view what, const std::string& name,
                                 const std::vector<std::string>& known) const {
    const std::string hint = closest_match(o_.path, override_paths(p_));
    if (!hint.empty()) {
      throw ModelError(o_.where, fmt::format("unknown override path '{}' (did you mean '{}'?)", o_.path, hint));
    }
    const std::string near = closest_match(name, known);
    if (!near.empty()) {
      throw ModelError(o_.where, fmt::format("{}: unknown {} '{}' (did you mean '{}'?)", o_.path, what, name, near));
    }
    throw ModelError(o_.where, fmt::format("{}: unknown {} '{}'", o_.path, what, name));
  }

  template <class F>
  auto syntax(const std::string& what, F&& parse) const {
    try {
      return parse();
    } catch (const SyntaxError& e) {
      fail(fmt::format("{}: {}", what, e.what()));
    }
  }

  // ----- values -------------------------------------------------------------------------------

  double factor() const {
    const auto k = parse_number(value_.operand, false);
    if (!k || !std::isfinite(*k)) fail(fmt::format("'*' takes a number, e.g. '*0.8', not '*{}'", value_.operand));
    if (*k < 0) fail(fmt::format("the factor must not be negative, not {}", value_.operand));
    return *k;
  }

  double plain_number(const std::string& text, bool percent) const {
    const auto v = parse_number(text, percent);
    if (!v || !std::isfinite(*v)) fail(fmt::format("'{}' is not a number", text));
    return *v;
  }

  /// A number field: literal, `*k` or `+k`. `percent` allows "45%".
  double number(double current, bool percent) const {
    double v = current;
    switch (value_.op) {
      case Op::Set: v = plain_number(value_.operand, percent); break;
      case Op::Scale: v = current * factor(); break;
      case Op::Add: v = current + plain_number(value_.operand, percent); break;
    }
    finite(v);
    return v;
  }

  /// Scaling or adding can overflow what each operand keeps within range.
  void finite(double v) const {
    if (!std::isfinite(v)) fail(fmt::format("out of range: the override makes it {}", v));
  }

  double non_negative(double current) const {
    const double v = number(current, false);
    if (v < 0) fail(fmt::format("must not be negative, but the override makes it {}", v));
    return v;
  }

  long long whole(double current, long long min, long long max) const {
    const double v = number(current, false);
    if (v != std::floor(v)) fail(fmt::format("must be a whole number, but the override makes it {}", v));
    if (v < static_cast<double>(min) || v > static_cast<double>(max)) {
      if (max == std::numeric_limits<long long>::max()) {
        fail(fmt::format("must be at least {}, but the override makes it {}", min, v));
      }
      fail(fmt::format("must be between {} and {}, but the override makes it {}", min, max, v));
    }
    return static_cast<long long>(v);
  }

  double probability(double current) const {
    const double v = number(current, true);
    if (v < 0.0 || v > 1.0) fail(fmt::format("a probability must be between 0 and 1, but the override makes it {}", v));
    return v;
  }

  /// A duration field (horizon, warm-up): literal or `+k` with units, `*k`.
  double duration(double current) const {
    auto parse = [&](const std::string& text) {
      return syntax("duration", [&] { return parse_duration(text, p_.time_unit_seconds); });
    };
    switch (value_.op) {
      case Op::Set: return parse(value_.operand);
      case Op::Scale: {
        const double v = current * factor();
        finite(v);
        return v;
      }
      case Op::Add: {
        const bool minus = value_.operand.front() == '-';
        const double d = parse(minus ? value_.operand.substr(1) : value_.operand);
        const double v = minus ? current - d : current + d;
        finite(v);
        if (v < 0) fail(fmt::format("must not be negative, but the override makes it -{}", format_duration(-v)));
        return v;
      }
    }
    return current;
  }

  /// A distribution: a literal in the file's syntax, or `*k` to scale every sample.
  void distribution(Distribution& d, bool is_time) const {
    switch (value_.op) {
      case Op::Set:
        d = syntax("distribution", [&] { return parse_distribution(value_.operand, is_time, p_.time_unit_seconds); });
        return;
      case Op::Scale: {
        const double k = factor();
        if (k <= 0) fail("a distribution's factor must be greater than 0");
        d.scale *= k;
        if (!std::isfinite(d.scale) || !std::isfinite(d.mean())) {
          fail(fmt::format("out of range: the factor {} makes the distribution's values overflow", value_.operand));
        }
        return;
      }
      case Op::Add:
        if (!is_time && value_.operand.front() == '-') {
          // A negative constant such as "-5" is a literal for a numeric attribute.
          d = syntax("distribution", [&] { return parse_distribution(value_.operand, false, p_.time_unit_seconds); });
          return;
        }
        fail("'+k'/'-k' add to numbers; scale a distribution with '*k' or give a new one");
    }
  }

  /// The value as an expression over the first `visible` case attributes.
  Expression attribute_expression(std::size_t visible) const { return attribute_expression(value_.operand, visible); }
  Expression attribute_expression(const std::string& text, std::size_t visible) const {
    Expression e = syntax("expression", [&] { return Expression::parse(text, p_.strings); });
    syntax("expression", [&] {
      e.bind([&](std::string_view name) -> std::optional<std::uint32_t> {
        const auto slot = p_.attribute_slot(name);
        return slot && *slot < visible ? slot : std::nullopt;
      });
      return 0;
    });
    return e;
  }

  // ----- paths --------------------------------------------------------------------------------

  std::vector<std::string> step_ids() const {
    std::vector<std::string> ids;
    for (const auto& s : p_.steps) ids.push_back(s.id);
    return ids;
  }

  /// Step ids may contain dots, so the longest id that prefixes the rest of the path wins.
  Step& find_step(std::string_view rest, std::string& field) const {
    Step* best = nullptr;
    for (auto& s : p_.steps) {
      if (rest.size() > s.id.size() && rest.substr(0, s.id.size()) == s.id && rest[s.id.size()] == '.' &&
          (best == nullptr || s.id.size() > best->id.size())) {
        best = &s;
      }
    }
    if (best == nullptr) {
      const std::string name(rest.substr(0, rest.find('.')));
      unknown_name("step", name, step_ids());
    }
    field = std::string(rest.substr(best->id.size() + 1));
    // A step of a call's expansion changes that call only: the written form no longer says so.
    if (!best->origin.empty()) p_.expansion_edited = true;
    return *best;
  }

  void require_kind(const Step& step, std::initializer_list<StepKind> kinds, std::string_view field) const {
    if (std::find(kinds.begin(), kinds.end(), step.kind) != kinds.end()) return;
    fail(fmt::format("step '{}' is a {} step, which has no {}", step.id, step_kind_name(step.kind), field));
  }

  void apply_step(const std::vector<std::string>& parts) {
    const std::string_view path(o_.path);
    if (parts.size() < 3) unknown_path("a step path is steps.<id>.<field>");
    std::string field;
    Step& step = find_step(path.substr(6), field);
    if (field == "duration") {
      require_kind(step, {StepKind::Task}, "duration");
      if (!step.duration) step.duration = Distribution{};
      distribution(*step.duration, true);
    } else if (field == "wait") {
      require_kind(step, {StepKind::Wait}, "wait");
      if (!step.wait) step.wait = Distribution{};
      distribution(*step.wait, true);
    } else if (field == "cost") {
      require_kind(step, {StepKind::Task}, "cost");
      step.cost = non_negative(step.cost);
    } else if (field == "priority") {
      require_kind(step, {StepKind::Task}, "priority");
      // A value that is not a number is a per-case priority expression (`priority: score`).
      const bool negated = value_.op == Op::Add && value_.operand.front() == '-';  // "-score"
      if ((value_.op == Op::Set || negated) && !parse_number(value_.operand, false)) {
        step.priority_expression = attribute_expression(p_.arrivals.attributes.size());
        step.priority = 0;
        return;
      }
      if (step.priority_expression && value_.op != Op::Set) {
        fail(fmt::format("the priority of step '{}' is an expression: give a number or another expression", step.id));
      }
      step.priority = static_cast<int>(whole(step.priority, -1000, 1000));
      step.priority_expression.reset();
    } else if (field == "rework.p") {
      require_kind(step, {StepKind::Task}, "rework");
      if (!step.rework) step.rework = Rework{0.0, "", o_.where};
      step.rework->p = probability(step.rework->p);
    } else if (field.starts_with("xor.") || field.starts_with("or.")) {
      apply_branch(step, field);
    } else if (field == "timeout.after" || field == "escalate.after" || field == "abandon.after") {
      apply_timer(step, field.substr(0, field.find('.')));
    } else if (field == "batch.size" || field == "batch.timeout") {
      require_kind(step, {StepKind::Task}, "batch");
      if (!step.batch) fail(fmt::format("step '{}' is not a batch task (it has no batch: to change)", step.id));
      if (field == "batch.size") {
        step.batch->size = whole(static_cast<double>(step.batch->size), 1, kMaxBatchSize);
      } else {
        if (!step.batch->timeout && value_.op != Op::Set) {
          fail(fmt::format("the batch of step '{}' has no timeout to change; give one, e.g. 2d", step.id));
        }
        if (!step.batch->timeout) step.batch->timeout = Distribution{};
        distribution(*step.batch->timeout, true);
      }
    } else if (field == "instances.count") {
      require_kind(step, {StepKind::Task}, "instances");
      if (!step.instances) fail(fmt::format("step '{}' is not a multi-instance task (it has no instances:)", step.id));
      instance_count(*step.instances);
    } else if (field == "policy") {
      apply_policy(step);
    } else {
      unknown_path(
          "a step's fields are duration, wait, cost, priority, rework.p, xor.<i>.p, or.<i>.p, timeout.after, "
          "escalate.after, abandon.after, batch.size, batch.timeout, instances.count and policy");
    }
  }

  /// `steps.<id>.timeout|escalate|abandon.after`: the time of a timer the step has.
  void apply_timer(Step& step, const std::string& which) {
    std::optional<StepTimer>& timer = which == "timeout"    ? step.timeout
                                      : which == "escalate" ? step.escalate
                                                            : step.abandon;
    if (!timer) {
      fail(
          fmt::format("step '{}' has no {} to change (a new timer needs its `to` too: edit the file)", step.id, which));
    }
    distribution(timer->after, true);
  }

  /// `steps.<id>.instances.count`: a count distribution, `*k`, or an expression over attributes.
  void instance_count(Instances& instances) const {
    if (value_.op == Op::Scale && !instances.count) {
      fail("the count is an expression over attributes: give a new count or expression");
    }
    const std::string& text = value_.operand;
    const std::size_t open = text.find('(');
    const bool call = open != std::string::npos && open > 0 &&
                      std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(open),
                                  [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == ' '; });
    if (value_.op == Op::Scale || call || (value_.op == Op::Set && parse_number(text, false))) {
      Distribution count = instances.count.value_or(Distribution{});
      distribution(count, false);
      if (const std::string beyond = detail::count_beyond(count, kMaxInstances, "instances one visit may run");
          !beyond.empty()) {
        fail(beyond);
      }
      instances.count = count;
      instances.count_of.reset();
      return;
    }
    if (value_.op != Op::Set) fail("'+k'/'-k' add to numbers; give a new count (4, poisson(3)) or an expression");
    instances.count_of = attribute_expression(p_.attribute_names().size());
    instances.count.reset();
  }

  /// `steps.<id>.policy`: which of the step's pools takes the work.
  void apply_policy(Step& step) const {
    require_kind(step, {StepKind::Task}, "policy");
    if (step.other_resources.empty()) {
      fail(fmt::format("step '{}' has one pool: a policy picks among several (resource: [a, b])", step.id));
    }
    if (value_.op != Op::Set) fail("a policy is replaced by name: first, cheapest or shortest_queue");
    for (const PoolPolicy policy : {PoolPolicy::First, PoolPolicy::Cheapest, PoolPolicy::ShortestQueue}) {
      if (value_.operand == pool_policy_name(policy)) {
        step.policy = policy;
        return;
      }
    }
    fail(fmt::format("a policy is first, cheapest or shortest_queue, not '{}'", value_.operand));
  }

  void apply_branch(Step& step, const std::string& field) {
    const std::vector<std::string> parts = split_path(field);
    const bool is_xor = parts[0] == "xor";
    if (parts.size() != 3 || (parts[2] != "p" && parts[2] != "when"))
      unknown_path(fmt::format("a branch path is steps.<id>.{}.<i>.p or steps.<id>.{}.<i>.when", parts[0], parts[0]));
    require_kind(step, {is_xor ? StepKind::Xor : StepKind::Or}, fmt::format("{} branches", parts[0]));
    long long index = -1;
    if (const auto n = parse_number(parts[1], false); n && *n == std::floor(*n)) index = static_cast<long long>(*n);
    if (index < 0 || index >= static_cast<long long>(step.branches.size()) ||
        parts[1].find_first_not_of("0123456789") != std::string::npos) {
      fail(fmt::format("step '{}' has branches 0 to {} (counted from 0), not '{}'", step.id, step.branches.size() - 1,
                       parts[1]));
    }
    Branch& branch = step.branches[static_cast<std::size_t>(index)];
    if (parts[2] == "when") {
      // A routing policy: a new condition for a branch that is decided by one (`score >= 0.6`).
      if (!branch.when) {
        fail(fmt::format("branch {} of step '{}' has no condition to change (it is drawn by probability)", index,
                         step.id));
      }
      branch.when = attribute_expression(trim(o_.value), p_.arrivals.attributes.size());
      return;
    }
    if (!branch.p && value_.op != Op::Set) {
      fail(fmt::format("branch {} of step '{}' has no probability to change; give one, e.g. 0.5", index, step.id));
    }
    branch.p = probability(branch.p.value_or(0.0));
  }

  std::vector<std::string> resource_ids() const {
    std::vector<std::string> ids;
    for (const auto& r : p_.resources) ids.push_back(r.id);
    return ids;
  }

  void apply_resource(const std::vector<std::string>& parts) {
    if (parts.size() < 3) unknown_path("a resource path is resources.<id>.count, cost_per_hour or calendar");
    const std::string_view rest = std::string_view(o_.path).substr(10);
    Resource* resource = nullptr;
    for (auto& r : p_.resources) {
      if (rest.size() > r.id.size() && rest.substr(0, r.id.size()) == r.id && rest[r.id.size()] == '.' &&
          (resource == nullptr || r.id.size() > resource->id.size())) {
        resource = &r;
      }
    }
    if (resource == nullptr) unknown_name("resource", parts[1], resource_ids());
    const std::string field(rest.substr(resource->id.size() + 1));
    if (field.starts_with("members.")) return apply_member(*resource, field.substr(8));
    if (field == "count") {
      if (!resource->members.empty()) {
        fail(
            fmt::format("pool '{}' names its members: its size is their number (change a member's speed, "
                        "calendar or cost_per_hour instead)",
                        resource->id));
      }
      resource->count = static_cast<int>(whole(resource->count, 1, 1000000));
    } else if (field == "cost_per_hour") {
      resource->cost_per_hour = non_negative(resource->cost_per_hour);
    } else if (field == "calendar") {
      if (value_.op != Op::Set) fail("a calendar is replaced by name, e.g. 'office-hours'");
      resource->calendar = require_calendar();
    } else {
      unknown_path(
          resource->members.empty()
              ? "a resource's fields are count, cost_per_hour and calendar"
              : "a resource's fields are cost_per_hour, calendar and members.<id>.speed|cost_per_hour|calendar");
    }
  }

  /// `resources.<pool>.members.<member>.speed|cost_per_hour|calendar`.
  void apply_member(Resource& resource, std::string_view rest) {
    Member* member = nullptr;
    for (auto& m : resource.members) {
      if (rest.size() > m.id.size() && rest.substr(0, m.id.size()) == m.id && rest[m.id.size()] == '.' &&
          (member == nullptr || m.id.size() > member->id.size())) {
        member = &m;
      }
    }
    if (member == nullptr) {
      std::vector<std::string> ids;
      for (const auto& m : resource.members) ids.push_back(m.id);
      if (ids.empty()) fail(fmt::format("pool '{}' has no named members", resource.id));
      unknown_name("member", std::string(rest.substr(0, rest.find('.'))), ids);
    }
    const std::string_view field = rest.substr(member->id.size() + 1);
    if (field == "speed") {
      member->speed = non_negative(member->speed);
      if (!(member->speed > 0)) fail("a member's speed must be positive");
    } else if (field == "cost_per_hour") {
      member->cost_per_hour = non_negative(resource.member_cost(*member));
    } else if (field == "calendar") {
      if (value_.op != Op::Set) fail("a calendar is replaced by name, e.g. 'office-hours'");
      member->calendar = require_calendar();
    } else {
      unknown_path("a member's fields are speed, cost_per_hour and calendar");
    }
  }

  /// The override's value as the name of a calendar of the file.
  std::string require_calendar() {
    if (p_.find_calendar(value_.operand) == nullptr) {
      std::vector<std::string> names;
      for (const auto& c : p_.calendars) names.push_back(c.name);
      const std::string near = closest_match(value_.operand, names);
      if (!near.empty()) fail(fmt::format("unknown calendar '{}' (did you mean '{}'?)", value_.operand, near));
      if (names.empty()) fail(fmt::format("unknown calendar '{}': the file defines no calendars", value_.operand));
      fail(fmt::format("unknown calendar '{}' (calendars: {})", value_.operand, join_names(names)));
    }
    return value_.operand;
  }

  /// `every`, `rate` or `size` of the arrivals or of one stream.
  template <class Stream>
  void apply_timing(Stream& s, std::string_view field, const std::string& what) {
    if (field == "every") {
      if (s.rate) fail(fmt::format("{} come at a rate profile: scale it with '{}.rate: \"*k\"'", what, what));
      return distribution(s.every, true);
    }
    if (field == "rate") {
      if (!s.rate) fail(fmt::format("{} have no rate profile (they use every)", what));
      if (value_.op != Op::Scale) fail("a rate profile is scaled with '*k' (every rate times k)");
      const double k = factor();
      if (!(k > 0)) fail("a rate profile's factor must be greater than 0");
      for (auto& day : s.rate->week) {
        for (RatePiece& piece : day) piece.rate *= k;
      }
      return;
    }
    if (field == "size") {
      Distribution size = s.size.value_or(Distribution{});
      if (!s.size) size.p[0] = 1.0;  // the default: one case per arrival
      distribution(size, false);
      if (const std::string beyond = detail::count_beyond(size, kMaxArrivalSize, "cases one arrival may bring");
          !beyond.empty()) {
        fail(beyond);
      }
      s.size = size;
      return;
    }
    unknown_path("an arrival stream's fields are every, rate and size");
  }

  void apply_arrivals(const std::vector<std::string>& parts) {
    Arrivals& arrivals = p_.arrivals;
    if (parts.size() == 2 && (parts[1] == "every" || parts[1] == "rate" || parts[1] == "size")) {
      if (!arrivals.streams.empty())
        fail(fmt::format("the arrivals come in streams: set arrivals.streams.<id>.{}", parts[1]));
      return apply_timing(arrivals, parts[1], "arrivals");
    }
    if (parts.size() >= 3 && parts[1] == "streams") {
      const std::string_view rest = std::string_view(o_.path).substr(std::string_view("arrivals.streams.").size());
      ArrivalStream* stream = nullptr;
      for (auto& s : arrivals.streams) {
        if (rest.size() > s.id.size() && rest.substr(0, s.id.size()) == s.id && rest[s.id.size()] == '.' &&
            (stream == nullptr || s.id.size() > stream->id.size())) {
          stream = &s;
        }
      }
      if (stream == nullptr) {
        std::vector<std::string> ids;
        for (const auto& s : arrivals.streams) ids.push_back(s.id);
        if (ids.empty()) fail("the arrivals have no named streams");
        unknown_name("arrival stream", parts[2], ids);
      }
      return apply_timing(*stream, rest.substr(stream->id.size() + 1), fmt::format("stream '{}'", stream->id));
    }
    if (parts.size() < 3 || parts[1] != "attributes")
      unknown_path("arrival paths are arrivals.every and arrivals.attributes.<name>");
    const std::string name = o_.path.substr(std::string_view("arrivals.attributes.").size());
    auto& attributes = p_.arrivals.attributes;
    const auto it =
        std::find_if(attributes.begin(), attributes.end(), [&](const Attribute& a) { return a.name == name; });
    if (it == attributes.end()) {
      std::vector<std::string> names;
      for (const auto& a : attributes) names.push_back(a.name);
      unknown_name("attribute", name, names);
    }
    if (it->categorical) return categories(*it);
    if (it->formula) {
      if (value_.op != Op::Set) fail(fmt::format("attribute '{}' is a formula: give a new expression", name));
      it->formula = attribute_expression(static_cast<std::size_t>(it - attributes.begin()));
      return;
    }
    if (value_.operand.front() == '{')
      fail(fmt::format("attribute '{}' is numeric: give a distribution, e.g. uniform(1, 5)", name));
    distribution(it->numeric, false);
  }

  /// A categorical attribute takes a flow mapping of weights, as in the file: "{smb: 0.7, ent: 0.3}".
  void categories(Attribute& attribute) {
    if (value_.op != Op::Set || value_.operand.front() != '{') {
      fail(fmt::format("attribute '{}' is categorical: give its weights, e.g. \"{{a: 0.6, b: 0.4}}\"", attribute.name));
    }
    YAML::Node node;
    try {
      node = YAML::Load(value_.operand);
    } catch (const YAML::Exception& e) {
      fail(fmt::format("malformed weights: {}", e.msg));
    }
    if (!node.IsMap() || node.size() == 0) fail("the weights must be a mapping such as \"{a: 0.6, b: 0.4}\"");
    std::vector<std::string> names;
    std::vector<double> weights;
    double total = 0.0;
    for (const auto& item : node) {
      if (!item.first.IsScalar() || !item.second.IsScalar())
        fail("the weights must be a mapping such as \"{a: 0.6, b: 0.4}\"");
      const auto w = parse_number(item.second.Scalar(), true);
      if (!w || *w < 0 || *w > 1)
        fail(fmt::format("the weight of '{}' must be between 0 and 1, not '{}'", item.first.Scalar(),
                         item.second.Scalar()));
      names.push_back(item.first.Scalar());
      weights.push_back(*w);
      total += *w;
    }
    if (std::abs(total - 1.0) > 1e-6) fail(fmt::format("the category weights sum to {:.6g}, not 1", total));
    for (const auto& n : names) p_.strings.intern(n);
    attribute.categories = std::move(names);
    attribute.weights = std::move(weights);
  }

  void apply_simulation(const std::vector<std::string>& parts) {
    if (parts.size() != 2) unknown_path("simulation paths are simulation.<key>");
    auto& s = p_.simulation;
    const std::string& key = parts[1];
    constexpr auto kMax = std::numeric_limits<long long>::max();
    if (key == "start") {
      if (value_.op != Op::Set) fail("the start is a date and time, e.g. 2026-01-05T08:00");
      s.start = syntax("date and time", [&] { return parse_datetime(value_.operand); });
    } else if (key == "horizon") {
      s.horizon = duration(s.horizon.value_or(0.0));
    } else if (key == "cases") {
      s.cases = static_cast<std::uint64_t>(whole(static_cast<double>(s.cases.value_or(0)), 1, kMax));
    } else if (key == "warmup") {
      warmup();
    } else if (key == "replications") {
      s.replications = static_cast<std::uint32_t>(whole(s.replications, 1, kMaxReplications));
    } else if (key == "seed") {
      s.seed = static_cast<std::uint64_t>(whole(static_cast<double>(s.seed), 0, kMax));
    } else if (key == "max_steps_per_case") {
      s.max_steps_per_case = static_cast<std::uint32_t>(whole(s.max_steps_per_case, 1, kMaxStepsPerCase));
    } else {
      unknown_path("simulation keys are start, horizon, cases, warmup, replications, seed, max_steps_per_case");
    }
  }

  /// `warmup` is a time ("7d") or, as in the file, "{cases: 200}".
  void warmup() {
    auto& s = p_.simulation;
    if (value_.op == Op::Set && value_.operand.front() == '{') {
      YAML::Node node;
      try {
        node = YAML::Load(value_.operand);
      } catch (const YAML::Exception& e) {
        fail(fmt::format("malformed warm-up: {}", e.msg));
      }
      if (!node.IsMap() || node.size() != 1 || !node["cases"] || !node["cases"].IsScalar()) {
        fail("a warm-up is a time such as 7d or \"{cases: 200}\"");
      }
      const auto n = parse_number(node["cases"].Scalar(), false);
      if (!n || *n < 0 || *n != std::floor(*n)) fail("the warm-up cases must be a whole number");
      s.warmup_cases = static_cast<std::uint64_t>(*n);
      s.warmup_time = 0.0;
      return;
    }
    s.warmup_time = duration(s.warmup_time);
    s.warmup_cases = 0;
  }
};

}  // namespace

std::vector<std::string> override_paths(const Process& process) {
  std::vector<std::string> paths;
  for (const auto& step : process.steps) {
    const std::string prefix = "steps." + step.id + ".";
    switch (step.kind) {
      case StepKind::Task:
        for (const char* field : {"duration", "cost", "priority", "rework.p"}) paths.push_back(prefix + field);
        if (!step.other_resources.empty()) paths.push_back(prefix + "policy");
        if (step.batch) {
          paths.push_back(prefix + "batch.size");
          paths.push_back(prefix + "batch.timeout");
        }
        if (step.instances) paths.push_back(prefix + "instances.count");
        if (step.abandon) paths.push_back(prefix + "abandon.after");
        break;
      case StepKind::Wait: paths.push_back(prefix + "wait"); break;
      case StepKind::Xor:
      case StepKind::Or:
        for (std::size_t i = 0; i < step.branches.size(); ++i) {
          const char* kind = step.kind == StepKind::Xor ? "xor" : "or";
          paths.push_back(fmt::format("{}{}.{}.p", prefix, kind, i));
          if (step.branches[i].when) paths.push_back(fmt::format("{}{}.{}.when", prefix, kind, i));
        }
        break;
      default: break;
    }
    if (step.timeout) paths.push_back(prefix + "timeout.after");
    if (step.escalate) paths.push_back(prefix + "escalate.after");
  }
  for (const auto& r : process.resources) {
    for (const char* field : {"count", "cost_per_hour", "calendar"}) paths.push_back("resources." + r.id + "." + field);
    for (const Member& m : r.members) {
      for (const char* field : {"speed", "cost_per_hour", "calendar"}) {
        paths.push_back("resources." + r.id + ".members." + m.id + "." + field);
      }
    }
  }
  if (process.arrivals.streams.empty()) paths.emplace_back(process.arrivals.rate ? "arrivals.rate" : "arrivals.every");
  if (process.arrivals.size) paths.emplace_back("arrivals.size");
  for (const ArrivalStream& s : process.arrivals.streams) {
    paths.push_back("arrivals.streams." + s.id + (s.rate ? ".rate" : ".every"));
    paths.push_back("arrivals.streams." + s.id + ".size");
  }
  for (const auto& a : process.arrivals.attributes) paths.push_back("arrivals.attributes." + a.name);
  for (const char* key : {"start", "horizon", "cases", "warmup", "replications", "seed", "max_steps_per_case"}) {
    paths.push_back(std::string("simulation.") + key);
  }
  return paths;
}

void apply_override(Process& process, const Override& override_) { Applier(process, override_).apply(); }

void apply_scenario(Process& process, std::string_view scenario) {
  const Scenario* found = process.find_scenario(scenario);
  if (found == nullptr) {
    std::vector<std::string> names;
    for (const auto& s : process.scenarios) names.push_back(s.id);
    const std::string file = process.source.empty() ? "the process" : process.source;
    if (names.empty()) throw UsageError(fmt::format("unknown scenario '{}': {} defines no scenarios", scenario, file));
    const std::string near = closest_match(scenario, names);
    throw UsageError(fmt::format("unknown scenario '{}'{}; scenarios in {}: {}", scenario,
                                 near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near), file,
                                 join_names(names)));
  }
  // A copy: `found` points into the process that the overrides are about to change.
  const std::vector<Override> overrides = found->overrides;
  for (const auto& o : overrides) apply_override(process, o);
}

Override parse_set_option(std::string_view text) {
  const std::size_t eq = text.find('=');
  const std::string path = eq == std::string_view::npos ? std::string{} : trim(text.substr(0, eq));
  const std::string value = eq == std::string_view::npos ? std::string{} : trim(text.substr(eq + 1));
  if (path.empty() || value.empty()) {
    throw SettingError("overrides", fmt::format("takes PATH=VALUE, e.g. resources.ae.count=5, not '{}'", text));
  }
  return Override{path, value, Location{"--set", 0, 0}};
}

std::vector<std::string> apply_set_options(Process& process, const std::vector<std::string>& sets) {
  std::vector<std::string> applied;
  for (const std::string& text : sets) {
    const Override override_ = parse_set_option(text);
    try {
      apply_override(process, override_);
    } catch (const ModelError& e) {
      throw SettingError("overrides", e.what());
    }
    applied.push_back(override_.path + "=" + override_.value);
  }
  return applied;
}

}  // namespace bpm
