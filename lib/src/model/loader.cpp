#include "bpm/model/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include "bpm/core/suggest.hpp"
#include "bpm/io/input.hpp"
#include "io/yaml_limits.hpp"
#include "model/count_bounds.hpp"
#include "model/fragments.hpp"
#include "model/yaml_reader.hpp"

namespace bpm {
namespace {

using detail::YamlReader;

constexpr std::string_view kTimeUnits[] = {"seconds", "minutes", "hours", "days", "weeks"};

/// Reads one process file into a Process, recording every schema error in the reader.
class Loader {
 public:
  Loader(YamlReader& reader, Process& process) : r_(reader), p_(process) {}

  void load(const YAML::Node& root) {
    if (root.IsNull()) {
      r_.error(Location{r_.file(), 1, 1}, "the process file is empty");
      return;
    }
    if (!r_.expect_map(
            root, "the process file",
            {"process", "description", "owner", "time_unit", "objectives", "roles", "calendars", "resources",
             "arrivals", "start", "steps", "fragments", "slas", "kpis", "scenarios", "simulation", "optimize"})) {
      return;
    }
    for (const auto& item : root) {
      if (item.first.IsScalar()) p_.key_locations[item.first.Scalar()] = r_.at(item.first);
    }
    // time_unit first: every bare duration in the file depends on it.
    if (const auto& n = root["time_unit"]; n) read_time_unit(n);
    require(root, "process", "the process file");
    require(root, "arrivals", "the process file");
    require(root, "start", "the process file");
    require(root, "steps", "the process file");
    if (const auto& n = root["process"]; n) p_.name = r_.string(n, "process").value_or("");
    if (const auto& n = root["description"]; n) p_.description = r_.string(n, "description").value_or("");
    if (const auto& n = root["owner"]; n) p_.owner = r_.string(n, "owner").value_or("");
    if (const auto& n = root["objectives"]; n) read_objectives(n);
    if (const auto& n = root["roles"]; n) read_roles(n);
    if (const auto& n = root["calendars"]; n) read_calendars(n);
    if (const auto& n = root["resources"]; n) read_resources(n);
    if (const auto& n = root["arrivals"]; n) read_arrivals(n);
    if (const auto& n = root["start"]; n) {
      p_.start = r_.string(n, "start").value_or("");
      p_.start_where = r_.at(n);
    }
    // Conditions may read attributes that a later step sets: their names come first, in the
    // order Process::attribute_names() gives them (the steps as written, then the fragments').
    attribute_slots_ = p_.attribute_names();
    if (const auto& n = root["steps"]; n && n.IsMap()) collect_set_names(n);
    std::error_code ignored;
    if (r_.file() != "<stdin>") file_chain_.push_back(std::filesystem::weakly_canonical(r_.file(), ignored).string());
    preload_fragments(root["fragments"], "", base_directory(r_.file()));
    if (const auto& n = root["fragments"]; n) read_fragments(n, "");
    if (const auto& n = root["steps"]; n) read_steps(n);
    expand();
    p_.index_ids();
    if (const auto& n = root["slas"]; n) read_slas(n);
    if (const auto& n = root["kpis"]; n) read_kpis(n);
    if (const auto& n = root["scenarios"]; n) read_scenarios(n);
    if (const auto& n = root["simulation"]; n) read_simulation(n);
    if (const auto& n = root["optimize"]; n) read_optimize(n);
  }

 private:
  YamlReader& r_;
  Process& p_;
  std::vector<std::string> attribute_slots_;  // Process::attribute_names(), once the arrivals are read
  static constexpr std::string_view kAttributeHint =
      "case attributes are declared under arrivals.attributes or set by a step's set:";

  void require(const YAML::Node& map, std::string_view key, std::string_view what) {
    if (!map[std::string(key)]) r_.error(r_.at(map), fmt::format("{} needs '{}'", what, key));
  }

  void read_time_unit(const YAML::Node& n) {
    const auto text = r_.string(n, "time_unit");
    if (!text) return;
    const auto seconds = unit_seconds(*text);
    if (!seconds) {
      r_.error(n, fmt::format("time_unit must be one of seconds, minutes, hours, days, weeks, not '{}'", *text));
      return;
    }
    p_.time_unit_seconds = *seconds;
    for (auto unit : kTimeUnits) {
      if (unit_seconds(unit) == seconds) p_.time_unit = std::string(unit);
    }
  }

  std::optional<double> duration(const YAML::Node& n, std::string_view what) {
    return r_.scalar_syntax<double>(
        n, what, [&](const std::string& text) { return parse_duration(text, p_.time_unit_seconds); });
  }

  std::optional<Target> target(const YAML::Node& n, std::string_view what) {
    return r_.scalar_syntax<Target>(n, what, [](const std::string& text) { return parse_target(text); });
  }

  /// A distribution in text form ("triangular(10m, 20m, 40m)", "45m") or table form
  /// (`{ empirical: [[1h, 0.2], ...], min: ..., max: ... }`).
  std::optional<Distribution> distribution(const YAML::Node& n, std::string_view what, bool is_time) {
    if (n.IsMap()) return table_distribution(n, what, is_time);
    return r_.scalar_syntax<Distribution>(
        n, what, [&](const std::string& text) { return parse_distribution(text, is_time, p_.time_unit_seconds); });
  }

  std::optional<Distribution> table_distribution(const YAML::Node& n, std::string_view what, bool is_time) {
    if (!r_.expect_map(n, what, {"empirical", "histogram", "min", "max"})) return std::nullopt;
    const bool empirical = static_cast<bool>(n["empirical"]);
    const bool histogram = static_cast<bool>(n["histogram"]);
    if (empirical == histogram) {
      r_.error(n, fmt::format("{}: a table distribution has exactly one of 'empirical' or 'histogram'", what));
      return std::nullopt;
    }
    const YAML::Node rows_node = empirical ? n["empirical"] : n["histogram"];
    if (!r_.expect_sequence(rows_node, what)) return std::nullopt;
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : rows_node) {
      if (!r_.expect_sequence(row, what)) return std::nullopt;
      std::vector<std::string> cells;
      for (const auto& cell : row) {
        if (!r_.expect_scalar(cell, what)) return std::nullopt;
        cells.push_back(cell.Scalar());
      }
      rows.push_back(std::move(cells));
    }
    Distribution d;
    try {
      d = make_table_distribution(empirical ? DistKind::Empirical : DistKind::Histogram, rows, is_time,
                                  p_.time_unit_seconds);
    } catch (const SyntaxError& e) {
      const std::size_t row = std::min<std::size_t>(e.offset(), rows_node.size() - 1);
      r_.error(rows_node.size() > 0 ? r_.at(rows_node[row]) : r_.at(rows_node), fmt::format("{}: {}", what, e.what()));
      return std::nullopt;
    }
    auto bound = [&](const char* key) -> std::optional<double> {
      const YAML::Node b = n[key];
      if (!b) return std::nullopt;
      if (is_time) return duration(b, fmt::format("{} {}", what, key));
      return r_.number(b, fmt::format("{} {}", what, key));
    };
    if (auto lo = bound("min")) d.lower = *lo;
    if (auto hi = bound("max")) d.upper = *hi;
    if (d.lower > d.upper) {
      r_.error(n, fmt::format("{}: min is greater than max", what));
      return std::nullopt;
    }
    return d;
  }

  /// An expression over the case attributes read so far (all of them once arrivals are read).
  std::optional<Expression> expression(const YAML::Node& n, std::string_view what, bool bind_attributes,
                                       std::string_view hint = kAttributeHint) {
    auto parsed = r_.scalar_syntax<Expression>(
        n, what, [&](const std::string& text) { return Expression::parse(text, p_.strings); });
    if (!parsed || !bind_attributes) return parsed;
    if (!bind(*parsed, n, 0, what, hint)) return std::nullopt;
    return parsed;
  }

  /// Binds the names of an expression written at `offset` of scalar `n` to attribute slots.
  bool bind(Expression& e, const YAML::Node& n, std::size_t offset, std::string_view what,
            std::string_view hint = kAttributeHint) {
    try {
      // While the arrivals are read, a formula binds to the attributes read so far.
      const std::vector<std::string> slots = attribute_slots_.empty() ? p_.attribute_names() : attribute_slots_;
      e.bind([&](std::string_view name) -> std::optional<std::uint32_t> {
        for (std::size_t i = 0; i < slots.size(); ++i) {
          if (slots[i] == name) return static_cast<std::uint32_t>(i);
        }
        return std::nullopt;
      });
    } catch (const SyntaxError& error) {
      // An unknown name may be one the unreadable file would set: one error, not a cascade.
      if (!called_file_failed_) {
        r_.error(r_.at_offset(n, offset + error.offset()), fmt::format("{}: {} ({})", what, error.what(), hint));
      }
      return false;
    }
    return true;
  }

  /// A distribution whose parameters may be expressions of the case's attributes (durations,
  /// waits): "lognormal(mean: 30m + amount * 0.01m, sd: 10m)", or an expression alone.
  std::optional<Distribution> data_distribution(const YAML::Node& n, std::string_view what, bool is_time) {
    if (n.IsMap()) return table_distribution(n, what, is_time);
    auto d = r_.scalar_syntax<Distribution>(n, what, [&](const std::string& text) {
      return parse_distribution(text, is_time, p_.time_unit_seconds, p_.strings);
    });
    if (!d) return d;
    for (ParamExpression& e : d->expressions) {
      if (!bind(e.expression, n, e.offset, what)) return std::nullopt;
    }
    return d;
  }

  /// `set: { approved: "risk_score < 50" }`.
  std::vector<Assignment> read_set(const YAML::Node& n, const std::string& what) {
    std::vector<Assignment> out;
    if (!r_.expect_map(n, what + " set")) return out;
    for (const auto& item : n) {
      const std::string name = item.first.Scalar();
      if (name.empty() || !std::isalpha(static_cast<unsigned char>(name.front()))) {
        if (name.empty() || name.front() != '_') {
          r_.error(item.first, fmt::format("{} set: '{}' is not an attribute name (a letter or _, then letters, "
                                           "digits, _ . -)",
                                           what, name));
          continue;
        }
      }
      if (auto value = expression(item.second, fmt::format("{} set {}", what, name), true)) {
        out.push_back(Assignment{name, std::move(*value), r_.at(item.first)});
      }
    }
    return out;
  }

  void read_objectives(const YAML::Node& n) {
    if (!r_.expect_sequence(n, "objectives")) return;
    for (const auto& item : n) {
      if (!r_.expect_map(item, "an objective", {"kpi", "target", "baseline", "description"})) continue;
      Objective objective;
      objective.where = r_.at(item);
      if (const auto& k = item["kpi"]; k) {
        objective.kpi = r_.string(k, "objective kpi").value_or("");
      } else {
        r_.error(item, "an objective needs 'kpi'");
      }
      if (const auto& t = item["target"]; t) objective.target = target(t, "objective target");
      if (const auto& d = item["description"]; d) {
        objective.description = r_.string(d, "objective description").value_or("");
      }
      if (const auto& b = item["baseline"]; b && r_.expect_scalar(b, "objective baseline")) {
        objective.baseline_text = b.Scalar();
        if (const auto number = detail::parse_number(b.Scalar(), true)) {
          objective.baseline = number;
        } else {
          objective.baseline = duration(b, "objective baseline");
        }
      }
      p_.objectives.push_back(std::move(objective));
    }
  }

  void read_roles(const YAML::Node& n) {
    if (!r_.expect_map(n, "roles")) return;
    for (const auto& item : n) {
      Role role;
      role.id = item.first.Scalar();
      role.where = r_.at(item.first);
      if (item.second.IsMap()) {
        if (r_.expect_map(item.second, fmt::format("role '{}'", role.id), {"name", "description"})) {
          if (const auto& name = item.second["name"]; name) role.name = r_.string(name, "role name").value_or("");
          if (const auto& d = item.second["description"]; d) {
            role.description = r_.string(d, "role description").value_or("");
          }
        }
      } else {
        role.name = r_.string(item.second, fmt::format("role '{}'", role.id)).value_or("");
      }
      p_.roles.push_back(std::move(role));
    }
  }

  std::optional<std::vector<DayInterval>> day_intervals(const YAML::Node& n, std::string_view what) {
    return r_.scalar_syntax<std::vector<DayInterval>>(
        n, what, [](const std::string& text) { return parse_day_intervals(text); });
  }

  std::optional<std::int64_t> date(const YAML::Node& n, std::string_view what) {
    return r_.scalar_syntax<std::int64_t>(n, what, [](const std::string& text) { return parse_date(text); });
  }

  void read_calendars(const YAML::Node& n) {
    if (!r_.expect_map(n, "calendars")) return;
    for (const auto& item : n) {
      Calendar calendar;
      calendar.name = item.first.Scalar();
      p_.calendar_locations[calendar.name] = r_.at(item.first);
      const std::string what = fmt::format("calendar '{}'", calendar.name);
      if (!r_.expect_map(item.second, what)) continue;
      std::uint8_t days_seen = 0;
      for (const auto& entry : item.second) {
        const std::string key = entry.first.Scalar();
        if (key == "holidays") {
          for (const auto& day : entry.second.IsSequence() ? entry.second : YAML::Node(YAML::NodeType::Sequence)) {
            if (auto d = date(day, what + " holiday")) calendar.exceptions[*d] = {};
          }
          if (!entry.second.IsSequence()) r_.expect_sequence(entry.second, what + " holidays");
        } else if (key == "exceptions") {
          if (!r_.expect_map(entry.second, what + " exceptions")) continue;
          for (const auto& exception : entry.second) {
            const auto d = date(exception.first, what + " exception date");
            const auto hours = day_intervals(exception.second, what + " exception hours");
            if (d && hours) calendar.exceptions[*d] = *hours;
          }
        } else {
          std::uint8_t days = 0;
          try {
            days = parse_day_set(key);
          } catch (const SyntaxError& e) {
            r_.error(r_.at_offset(entry.first, e.offset()),
                     fmt::format("{}: {} (keys are days such as mon-fri, sat, daily; or holidays, exceptions)", what,
                                 e.what()));
            continue;
          }
          if (days & days_seen) {
            r_.error(entry.first, fmt::format("{}: '{}' repeats a day given earlier", what, key));
            continue;
          }
          days_seen |= days;
          const auto hours = day_intervals(entry.second, what + " hours");
          if (!hours) continue;
          for (int day = 0; day < 7; ++day) {
            if (days & (1u << day)) calendar.week[static_cast<std::size_t>(day)] = *hours;
          }
        }
      }
      p_.calendars.push_back(std::move(calendar));
    }
  }

  void read_resources(const YAML::Node& n) {
    if (!r_.expect_map(n, "resources")) return;
    for (const auto& item : n) {
      Resource resource;
      resource.id = item.first.Scalar();
      resource.where = r_.at(item.first);
      const std::string what = fmt::format("resource '{}'", resource.id);
      if (r_.expect_map(item.second, what, {"role", "count", "cost_per_hour", "calendar", "members", "description"})) {
        const auto& v = item.second;
        if (v["role"]) resource.role = r_.string(v["role"], what + " role").value_or("");
        // count < 1 is reported by the lint rule resource-count, with the model's other findings.
        if (v["count"]) {
          resource.count = static_cast<int>(r_.integer(v["count"], what + " count", -1000000, 1000000).value_or(1));
        }
        if (v["cost_per_hour"]) {
          const auto cost = r_.number(v["cost_per_hour"], what + " cost_per_hour");
          if (cost && *cost < 0) r_.error(v["cost_per_hour"], what + " cost_per_hour must not be negative");
          resource.cost_per_hour = cost.value_or(0.0);
        }
        if (v["calendar"]) resource.calendar = r_.string(v["calendar"], what + " calendar").value_or("");
        if (v["description"]) {
          resource.description = r_.string(v["description"], what + " description").value_or("");
        }
        if (v["members"]) {
          read_members(v["members"], what, resource);
          if (v["count"]) {
            r_.error(v["count"], fmt::format("{}: give either 'count' or 'members' (a pool with members has one "
                                             "server per member)",
                                             what));
          }
        }
      }
      p_.resources.push_back(std::move(resource));
    }
  }

  /// `members: [alice, bob]` or `members: { alice: { calendar: ..., cost_per_hour: ..., speed: ... }, bob: {} }`.
  void read_members(const YAML::Node& n, const std::string& pool, Resource& resource) {
    const std::string what = pool + " members";
    const auto add = [&](const YAML::Node& key, const YAML::Node* value) {
      Member member;
      member.id = key.Scalar();
      member.where = r_.at(key);
      const std::string who = fmt::format("member '{}' of {}", member.id, pool);
      if (member.id.empty()) {
        r_.error(key, what + ": a member's id must not be empty");
        return;
      }
      for (const Resource& other : p_.resources) {
        for (const Member& m : other.members) {
          if (m.id == member.id) {
            r_.error(key, fmt::format("{}: '{}' is already a member of pool '{}' (member ids are unique)", what,
                                      member.id, other.id));
            return;
          }
        }
      }
      for (const Member& m : resource.members) {
        if (m.id == member.id) {
          r_.error(key, fmt::format("{}: '{}' is listed twice", what, member.id));
          return;
        }
      }
      if (value != nullptr && !value->IsNull() &&
          r_.expect_map(*value, who, {"calendar", "cost_per_hour", "speed", "description"})) {
        const YAML::Node& v = *value;
        if (v["calendar"]) member.calendar = r_.string(v["calendar"], who + " calendar").value_or("");
        if (v["cost_per_hour"]) {
          const auto cost = r_.number(v["cost_per_hour"], who + " cost_per_hour");
          if (cost && *cost < 0) r_.error(v["cost_per_hour"], who + " cost_per_hour must not be negative");
          member.cost_per_hour = cost;
        }
        if (v["speed"]) {
          const auto speed = r_.number(v["speed"], who + " speed");
          if (speed && !(*speed > 0 && std::isfinite(*speed))) {
            r_.error(v["speed"], who + " speed must be a positive number (durations are divided by it)");
          } else if (speed) {
            member.speed = *speed;
          }
        }
        if (v["description"]) member.description = r_.string(v["description"], who + " description").value_or("");
      }
      resource.members.push_back(std::move(member));
    };
    if (n.IsSequence()) {
      for (const auto& item : n) {
        if (r_.expect_scalar(item, what)) add(item, nullptr);
      }
    } else if (n.IsMap()) {
      if (!r_.expect_map(n, what)) return;
      for (const auto& item : n) add(item.first, &item.second);
    } else {
      r_.error(n, what + " must be a list of names or a mapping from name to { calendar, cost_per_hour, speed }");
      return;
    }
    if (n.size() == 0) r_.error(n, what + " must name at least one member");
    resource.count = static_cast<int>(resource.members.size());
  }

  void read_attribute(const std::string& name, const YAML::Node& n, std::vector<Attribute>& out,
                      const std::string& prefix) {
    Attribute attribute;
    attribute.name = name;
    attribute.where = r_.at(n);
    const std::string what = fmt::format("{}attribute '{}'", prefix, name);
    if (n.IsMap() && n["formula"]) {
      // Bound now, before the attribute itself is added: a formula reads the attributes above it.
      if (r_.expect_map(n, what, {"formula"})) {
        attribute.formula =
            expression(n["formula"], what + " formula", true, "a formula reads the attributes declared above it");
      }
    } else if (n.IsMap() && (n["empirical"] || n["histogram"])) {
      if (auto d = table_distribution(n, what, false)) attribute.numeric = *d;
    } else if (n.IsMap()) {
      attribute.categorical = true;
      if (!r_.expect_map(n, what)) return;
      double total = 0.0;
      for (const auto& category : n) {
        const auto weight =
            r_.probability(category.second, fmt::format("{} weight of '{}'", what, category.first.Scalar()));
        attribute.categories.push_back(category.first.Scalar());
        attribute.weights.push_back(weight.value_or(0.0));
        total += weight.value_or(0.0);
        p_.strings.intern(category.first.Scalar());
      }
      if (total <= 0.0) {
        r_.error(n, fmt::format("{}: the category weights must sum to more than 0", what));
      } else if (std::abs(total - 1.0) > 1e-6) {
        r_.error(n, fmt::format("{}: the category weights sum to {:.6g}, not 1", what, total));
      }
    } else if (auto d = distribution(n, what, false)) {
      attribute.numeric = *d;
    }
    out.push_back(std::move(attribute));
  }

  /// `rate: { mon-fri: { "08:00-12:00": 12/h, ... }, sat: 2/h }`: arrivals per time unit by day
  /// and hours; a day given one rate has it all day; days and hours not given have none.
  std::optional<RateProfile> read_rate(const YAML::Node& n, const std::string& what) {
    if (!r_.expect_map(n, what)) return std::nullopt;
    RateProfile profile;
    std::uint8_t days_seen = 0;
    bool ok = true;
    for (const auto& entry : n) {
      std::uint8_t days = 0;
      try {
        days = parse_day_set(entry.first.Scalar());
      } catch (const SyntaxError& e) {
        r_.error(r_.at_offset(entry.first, e.offset()),
                 fmt::format("{}: {} (keys are days such as mon-fri, sat, daily)", what, e.what()));
        ok = false;
        continue;
      }
      if (days & days_seen) {
        r_.error(entry.first, fmt::format("{}: '{}' repeats a day given earlier", what, entry.first.Scalar()));
        ok = false;
        continue;
      }
      days_seen |= days;
      std::vector<RatePiece> pieces;
      if (entry.second.IsScalar()) {
        const auto rate = r_.scalar_syntax<double>(
            entry.second, what, [&](const std::string& text) { return parse_rate(text, p_.time_unit_seconds); });
        if (!rate) {
          ok = false;
          continue;
        }
        if (*rate > 0.0) pieces.push_back({0.0, 86400.0, *rate});
      } else {
        if (!r_.expect_map(entry.second, what + " hours")) {
          ok = false;
          continue;
        }
        std::vector<std::pair<std::string, double>> hours;
        std::vector<YAML::Node> keys;
        for (const auto& piece : entry.second) {
          const auto rate = r_.scalar_syntax<double>(
              piece.second, what, [&](const std::string& text) { return parse_rate(text, p_.time_unit_seconds); });
          if (!rate) {
            ok = false;
            continue;
          }
          hours.emplace_back(piece.first.Scalar(), *rate);
          keys.push_back(piece.first);
        }
        try {
          pieces = make_day_rates(hours);
        } catch (const SyntaxError& e) {
          r_.error(keys.empty() ? r_.at(entry.second) : r_.at(keys[std::min(e.offset(), keys.size() - 1)]),
                   fmt::format("{}: {}", what, e.what()));
          ok = false;
          continue;
        }
        std::erase_if(pieces, [](const RatePiece& piece) { return piece.rate <= 0.0; });
      }
      for (std::size_t day = 0; day < 7; ++day) {
        if (days & (1u << day)) profile.week[day] = pieces;
      }
    }
    if (!ok) return std::nullopt;
    if (!(profile.weekly_arrivals() > 0.0)) {
      r_.error(n, fmt::format("{}: every rate is 0, so no case would ever arrive", what));
      return std::nullopt;
    }
    return profile;
  }

  /// The keys a stream of cases shares with `arrivals:`: how often (every or rate), how many at a
  /// time (size), when (calendar).
  template <class Stream>
  void read_stream_timing(const YAML::Node& n, const std::string& what, Stream& s) {
    if (n["every"] && n["rate"]) {
      r_.error(n["rate"], what +
                              ": give either 'every' (the time between arrivals) or 'rate' (arrivals by weekday "
                              "and hour), not both");
    } else if (n["every"]) {
      if (auto d = distribution(n["every"], what + " every", true)) s.every = *d;
    } else if (n["rate"]) {
      s.rate = read_rate(n["rate"], what + " rate");
    } else {
      r_.error(n,
               what + " needs 'every' (the inter-arrival time distribution) or 'rate' (arrivals by weekday and hour)");
    }
    if (n["size"]) {
      s.size = distribution(n["size"], what + " size", false);
      if (const std::string beyond =
              s.size ? detail::count_beyond(*s.size, kMaxArrivalSize, "cases one arrival may bring") : "";
          !beyond.empty()) {
        r_.error(n["size"], fmt::format("{} size: {}", what, beyond));
      }
    }
    if (n["calendar"]) s.calendar = r_.string(n["calendar"], what + " calendar").value_or("");
  }

  void read_arrivals(const YAML::Node& n) {
    p_.arrivals.where = r_.at(n);
    if (!r_.expect_map(n, "arrivals", {"every", "rate", "size", "calendar", "attributes", "streams"})) return;
    if (const auto& a = n["attributes"]; a && r_.expect_map(a, "arrivals attributes")) {
      for (const auto& item : a) read_attribute(item.first.Scalar(), item.second, p_.arrivals.attributes, "");
    }
    if (!n["streams"]) {
      read_stream_timing(n, "arrivals", p_.arrivals);
      return;
    }
    for (const char* key : {"every", "rate", "size", "calendar"}) {
      if (n[key]) {
        r_.error(n[key],
                 fmt::format("arrivals with streams: give '{}' in each stream (arrivals.streams.<id>.{})", key, key));
      }
    }
    const YAML::Node& streams = n["streams"];
    if (!r_.expect_map(streams, "arrivals streams")) return;
    for (const auto& item : streams) {
      ArrivalStream stream;
      stream.id = item.first.Scalar();
      stream.where = r_.at(item.first);
      const std::string what = fmt::format("arrival stream '{}'", stream.id);
      const YAML::Node& v = item.second;
      if (!r_.expect_map(v, what, {"every", "rate", "size", "calendar", "start", "attributes", "description"}))
        continue;
      read_stream_timing(v, what, stream);
      if (v["start"]) stream.start = r_.string(v["start"], what + " start").value_or("");
      if (v["description"]) stream.description = r_.string(v["description"], what + " description").value_or("");
      if (const auto& a = v["attributes"]; a && r_.expect_map(a, what + " attributes")) {
        for (const auto& attribute : a) {
          read_attribute(attribute.first.Scalar(), attribute.second, stream.attributes, what + " ");
        }
      }
      p_.arrivals.streams.push_back(std::move(stream));
    }
    if (p_.arrivals.streams.empty()) r_.error(streams, "arrivals streams must name at least one stream");
  }

  Raci read_raci(const YAML::Node& n, const std::string& what) {
    Raci raci;
    raci.where = r_.at(n);
    if (!r_.expect_map(n, what + " raci", {"responsible", "accountable", "consulted", "informed"})) return raci;
    if (n["responsible"]) raci.responsible = r_.string_list(n["responsible"], what + " responsible");
    if (n["accountable"]) raci.accountable = r_.string_list(n["accountable"], what + " accountable");
    if (n["consulted"]) raci.consulted = r_.string_list(n["consulted"], what + " consulted");
    if (n["informed"]) raci.informed = r_.string_list(n["informed"], what + " informed");
    return raci;
  }

  std::optional<Rework> read_rework(const YAML::Node& n, const std::string& what) {
    Rework rework;
    rework.where = r_.at(n);
    if (n.IsScalar()) {
      const auto p = r_.probability(n, what + " rework");
      if (!p) return std::nullopt;
      rework.p = *p;
      return rework;
    }
    if (!r_.expect_map(n, what + " rework", {"p", "to"})) return std::nullopt;
    if (!n["p"]) {
      r_.error(n, what + " rework needs 'p' (the probability that the work must be redone)");
      return std::nullopt;
    }
    const auto p = r_.probability(n["p"], what + " rework p");
    if (!p) return std::nullopt;
    rework.p = *p;
    if (n["to"]) rework.to = r_.string(n["to"], what + " rework to").value_or("");
    return rework;
  }

  /// `{ count: <count distribution or expression>, parallel: true }` of a multi-instance task.
  std::optional<Instances> read_instances(const YAML::Node& n, const std::string& what) {
    if (!r_.expect_map(n, what, {"count", "parallel"})) return std::nullopt;
    Instances instances;
    instances.where = r_.at(n);
    if (n["parallel"]) instances.parallel = r_.boolean(n["parallel"], what + " parallel").value_or(true);
    if (!n["count"]) {
      r_.error(n, what + " needs 'count' (a count distribution such as poisson(3), or an expression over attributes)");
      return std::nullopt;
    }
    if (!r_.expect_scalar(n["count"], what + " count")) return std::nullopt;
    // A family call (poisson(3)) is a distribution and reports its own errors; a bare number too;
    // anything else is an expression over attributes (claimants + 1).
    const std::string& text = n["count"].Scalar();
    const std::size_t open = text.find('(');
    const bool call = open != std::string::npos && open > 0 &&
                      std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(open),
                                  [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == ' '; });
    if (call || detail::parse_number(text, false)) {
      instances.count = distribution(n["count"], what + " count", false);
      if (!instances.count) return std::nullopt;
      if (const std::string beyond =
              detail::count_beyond(*instances.count, kMaxInstances, "instances one visit may run");
          !beyond.empty()) {
        r_.error(n["count"], fmt::format("{} count: {}", what, beyond));
      }
    } else {
      instances.count_of = expression(n["count"], what + " count", true);
      if (!instances.count_of) return std::nullopt;
    }
    return instances;
  }

  /// `{ size: N, timeout: <time distribution> }` of a batch task.
  std::optional<Batch> read_batch(const YAML::Node& n, const std::string& what) {
    if (!r_.expect_map(n, what, {"size", "timeout"})) return std::nullopt;
    Batch batch;
    batch.where = r_.at(n);
    if (!n["size"]) {
      r_.error(n, what + " needs 'size' (the number of cases served together)");
      return std::nullopt;
    }
    const auto size = r_.integer(n["size"], what + " size", 0, kMaxBatchSize);
    if (!size) return std::nullopt;
    batch.size = *size;
    if (n["timeout"]) batch.timeout = distribution(n["timeout"], what + " timeout", true);
    return batch;
  }

  /// `{ after: <time distribution>, to: step }` of a timeout, escalation or abandonment.
  std::optional<StepTimer> read_timer(const YAML::Node& n, const std::string& what) {
    if (!r_.expect_map(n, what, {"after", "to", "description"})) return std::nullopt;
    StepTimer timer;
    timer.where = r_.at(n);
    bool complete = true;
    for (const char* key : {"after", "to"}) {
      if (!n[key]) {
        r_.error(n, fmt::format("{} needs '{}'", what, key));
        complete = false;
      }
    }
    if (n["after"]) {
      // Like a duration, a timer may depend on the case ("exponential(patience * 1m)").
      const auto after = data_distribution(n["after"], what + " after", true);
      if (after) timer.after = *after;
      complete = complete && after.has_value();
    }
    if (n["to"]) timer.to = r_.string(n["to"], what + " to").value_or("");
    if (n["description"]) timer.description = r_.string(n["description"], what + " description").value_or("");
    if (!complete) return std::nullopt;
    return timer;
  }

  /// `{ call: <fragment>, next: <step> }`: runs a fragment, then goes on to `next`.
  void read_call(Step step, const YAML::Node& n, const std::string& what) {
    if (r_.expect_map(n, what, {"name", "description", "call", "next"})) {
      for (const auto& item : n) step.key_locations[item.first.Scalar()] = r_.at(item.first);
      step.call = r_.string(n["call"], what + " call").value_or("");
      if (step.call.empty() && n["call"].IsScalar()) r_.error(n["call"], what + ": call needs a fragment's name");
      if (n["next"]) {
        step.next = r_.string(n["next"], what + " next").value_or("");
      } else {
        r_.error(n, what + " needs 'next' (where the case goes on after the call)");
      }
      if (n["name"]) step.name = r_.string(n["name"], what + " name").value_or("");
      if (n["description"]) step.description = r_.string(n["description"], what + " description").value_or("");
    }
    p_.steps.push_back(std::move(step));
  }

  std::vector<Branch> read_branches(const YAML::Node& n, const std::string& what) {
    std::vector<Branch> branches;
    if (!r_.expect_sequence(n, what)) return branches;
    for (const auto& item : n) {
      if (!r_.expect_map(item, what + " branch", {"to", "when", "p", "description"})) continue;
      Branch branch;
      branch.where = r_.at(item);
      if (item["to"]) {
        branch.to = r_.string(item["to"], what + " branch to").value_or("");
      } else {
        r_.error(item, what + " branch needs 'to'");
      }
      if (item["when"]) branch.when = expression(item["when"], what + " condition", true);
      if (item["p"]) branch.p = r_.probability(item["p"], what + " branch p");
      if (item["description"]) {
        branch.description = r_.string(item["description"], what + " branch description").value_or("");
      }
      branches.push_back(std::move(branch));
    }
    if (branches.empty()) r_.error(n, what + " needs at least one branch");
    return branches;
  }

  /// `resource: pool` or `resource: [pool, pool, ...]`, and the `policy` that picks among several.
  void read_pools(const YAML::Node& n, const std::string& what, Step& step) {
    const YAML::Node& r = n["resource"];
    if (r.IsSequence()) {
      std::vector<std::string> pools = r_.string_list(r, what + " resource");
      if (pools.empty()) r_.error(r, what + ": resource lists no pool");
      for (std::size_t i = 0; i < pools.size(); ++i) {
        if (std::find(pools.begin(), pools.begin() + static_cast<std::ptrdiff_t>(i), pools[i]) !=
            pools.begin() + static_cast<std::ptrdiff_t>(i)) {
          r_.error(r[i], fmt::format("{}: pool '{}' is listed twice", what, pools[i]));
        }
      }
      if (!pools.empty()) {
        step.resource = pools.front();
        step.other_resources.assign(pools.begin() + 1, pools.end());
      }
    } else {
      step.resource = r_.string(r, what + " resource").value_or("");
    }
    if (const YAML::Node& p = n["policy"]; p) {
      const auto text = r_.string(p, what + " policy");
      if (!text) return;
      bool known = false;
      for (const PoolPolicy policy : {PoolPolicy::First, PoolPolicy::Cheapest, PoolPolicy::ShortestQueue}) {
        if (*text == pool_policy_name(policy)) {
          step.policy = policy;
          known = true;
        }
      }
      if (!known) {
        r_.error(p, fmt::format("{} policy must be first, cheapest or shortest_queue, not '{}'", what, *text));
      } else if (step.other_resources.empty()) {
        r_.error(p, fmt::format("{}: a policy picks among several pools (resource: [a, b])", what));
      }
    }
  }

  void read_step(const std::string& id, const YAML::Node& n) {
    Step step;
    step.id = id;
    step.where = r_.at(n);
    const std::string what = fmt::format("step '{}'", id);
    if (n.IsMap() && n["call"]) {
      read_call(std::move(step), n, what);
      return;
    }
    if (!r_.expect_map(n, what, {"name",     "description", "resource", "policy",   "duration", "cost",      "priority",
                                 "raci",     "rework",      "set",      "next",     "wait",     "log",       "xor",
                                 "or",       "and",         "join",     "end",      "revenue",  "terminate", "timeout",
                                 "escalate", "abandon",     "batch",    "instances"})) {
      p_.steps.push_back(std::move(step));
      return;
    }
    for (const auto& item : n) step.key_locations[item.first.Scalar()] = r_.at(item.first);

    // The kind follows from the one structural key present; a task is the default.
    std::vector<std::pair<std::string, StepKind>> kinds;
    for (const auto& [key, kind] :
         {std::pair{"wait", StepKind::Wait}, std::pair{"xor", StepKind::Xor}, std::pair{"or", StepKind::Or},
          std::pair{"and", StepKind::And}, std::pair{"join", StepKind::Join}, std::pair{"end", StepKind::End}}) {
      if (n[key]) kinds.emplace_back(key, kind);
    }
    if (kinds.size() > 1) {
      r_.error(n, fmt::format("{} has both '{}' and '{}': a step is one of a task, wait, xor, or, and, join or end",
                              what, kinds[0].first, kinds[1].first));
    }
    step.kind = kinds.empty() ? StepKind::Task : kinds.front().second;

    // Keys that only make sense for some kinds.
    auto allow_only = [&](std::string_view key, std::initializer_list<StepKind> allowed) {
      if (!n[std::string(key)]) return;
      if (std::find(allowed.begin(), allowed.end(), step.kind) != allowed.end()) return;
      r_.error(step.key_locations[std::string(key)],
               fmt::format("'{}' does not apply to {} step '{}'", key, step_kind_name(step.kind), id));
    };
    allow_only("resource", {StepKind::Task});
    allow_only("policy", {StepKind::Task});
    allow_only("duration", {StepKind::Task});
    allow_only("cost", {StepKind::Task});
    allow_only("priority", {StepKind::Task});
    allow_only("rework", {StepKind::Task});
    allow_only("raci", {StepKind::Task, StepKind::Wait});
    allow_only("set", {StepKind::Task, StepKind::Wait});
    allow_only("next", {StepKind::Task, StepKind::Wait, StepKind::Join});
    allow_only("revenue", {StepKind::End});
    allow_only("terminate", {StepKind::End});
    allow_only("timeout", {StepKind::Task, StepKind::Wait});
    allow_only("escalate", {StepKind::Task, StepKind::Wait});
    allow_only("abandon", {StepKind::Task});
    allow_only("batch", {StepKind::Task});
    allow_only("instances", {StepKind::Task});
    allow_only("log", {StepKind::Wait});

    if (n["name"]) {
      step.name = r_.string(n["name"], what + " name").value_or("");
      if (step.name.empty() && n["name"].IsScalar()) r_.error(n["name"], what + ": a display name must not be empty");
    }
    if (n["description"]) step.description = r_.string(n["description"], what + " description").value_or("");
    if (n["next"]) step.next = r_.string(n["next"], what + " next").value_or("");
    if (n["raci"]) step.raci = read_raci(n["raci"], what);
    if (step.kind == StepKind::Task || step.kind == StepKind::Wait) {
      if (n["timeout"]) step.timeout = read_timer(n["timeout"], what + " timeout");
      if (n["escalate"]) step.escalate = read_timer(n["escalate"], what + " escalate");
    }
    if (step.kind == StepKind::Task && n["batch"]) {
      step.batch = read_batch(n["batch"], what + " batch");
      for (const char* key : {"timeout", "escalate", "abandon", "rework"}) {
        if (n[key]) {
          r_.error(step.key_locations[key], fmt::format("{}: '{}' does not apply to a batch task (the batch is one "
                                                        "execution for several cases)",
                                                        what, key));
        }
      }
    }
    if (step.kind == StepKind::Task && n["instances"]) {
      step.instances = read_instances(n["instances"], what + " instances");
      for (const char* key : {"timeout", "escalate", "abandon", "rework", "batch"}) {
        if (n[key]) {
          r_.error(step.key_locations[key], fmt::format("{}: '{}' does not apply to a multi-instance task", what, key));
        }
      }
    }
    if (step.kind == StepKind::Task && n["abandon"]) {
      step.abandon = read_timer(n["abandon"], what + " abandon");
      if (!n["resource"]) {
        r_.error(step.key_locations["abandon"],
                 fmt::format("{}: 'abandon' needs a 'resource' (an automatic task has no queue to leave)", what));
      }
    }
    if (n["set"] && (step.kind == StepKind::Task || step.kind == StepKind::Wait)) step.set = read_set(n["set"], what);

    switch (step.kind) {
      case StepKind::Task:
        if (n["resource"]) read_pools(n, what, step);
        if (n["duration"]) {
          step.duration = data_distribution(n["duration"], what + " duration", true);
        } else {
          r_.error(n, fmt::format("{} needs 'duration' (or one of wait, xor, or, and, join, end)", what));
        }
        if (const YAML::Node& c = n["cost"]; c && c.IsScalar() && !detail::parse_number(c.Scalar(), false)) {
          // Not a number: a cost computed from the case's attributes.
          step.cost_formula = expression(c, what + " cost", true);
        } else if (c) {
          const auto cost = r_.number(c, what + " cost");
          if (cost && *cost < 0) r_.error(c, what + " cost must not be negative");
          step.cost = cost.value_or(0.0);
        }
        if (const YAML::Node priority = n["priority"]; priority) {
          // A number is a fixed priority; anything else is a per-case expression (`priority: score`).
          if (priority.IsScalar() && !detail::parse_number(priority.Scalar(), false)) {
            step.priority_expression = expression(priority, what + " priority", true);
          } else {
            step.priority = static_cast<int>(r_.integer(priority, what + " priority", -1000, 1000).value_or(0));
          }
        }
        if (n["rework"]) step.rework = read_rework(n["rework"], what);
        break;
      case StepKind::Wait:
        step.wait = data_distribution(n["wait"], what + " wait", true);
        if (n["log"]) {
          const std::string value = r_.string(n["log"], what + " log").value_or("true");
          if (value == "false") {
            step.logged = false;
          } else if (value != "true") {
            r_.error(n["log"], fmt::format("{} log must be true or false, not '{}'", what, value));
          }
        }
        break;
      case StepKind::Xor: step.branches = read_branches(n["xor"], what + " xor"); break;
      case StepKind::Or: step.branches = read_branches(n["or"], what + " or"); break;
      case StepKind::And:
        step.targets = r_.string_list(n["and"], what + " and");
        if (step.targets.size() < 2) r_.error(n["and"], what + ": a parallel split needs at least two branches");
        break;
      case StepKind::Join:
        step.join_of = r_.string_list(n["join"], what + " join");
        if (step.join_of.size() < 2) r_.error(n["join"], what + ": a join needs at least two incoming branches");
        break;
      case StepKind::End:
        step.outcome = r_.string(n["end"], what + " end").value_or("");
        if (step.outcome.empty()) r_.error(n["end"], what + ": the outcome of an end step must not be empty");
        if (n["revenue"]) step.revenue = expression(n["revenue"], what + " revenue", true);
        if (n["terminate"]) step.terminate = r_.boolean(n["terminate"], what + " terminate").value_or(true);
        break;
    }
    p_.steps.push_back(std::move(step));
  }

  void collect_set_names(const YAML::Node& steps) {
    for (const auto& item : steps) {
      if (!item.second.IsMap() || !item.second["set"] || !item.second["set"].IsMap()) continue;
      for (const auto& assignment : item.second["set"]) {
        const std::string name = assignment.first.IsScalar() ? assignment.first.Scalar() : std::string();
        if (std::find(attribute_slots_.begin(), attribute_slots_.end(), name) == attribute_slots_.end()) {
          attribute_slots_.push_back(name);
        }
      }
    }
  }

  void read_steps(const YAML::Node& n) {
    if (!r_.expect_map(n, "steps")) return;
    for (const auto& item : n) {
      read_step(item.first.Scalar(), item.second);
      p_.steps.back().id_where = r_.at(item.first);
    }
    if (p_.steps.empty()) r_.error(n, "steps must not be empty");
  }

  // ---- fragments, and the process files they call ----------------------------------------

  /// A process file that a fragment calls (`file:`), read before the steps so that the
  /// attributes its steps set get their slots in order.
  struct CalledFile {
    std::string path;       // relative to the calling file's directory, as opened
    std::string canonical;  // for finding cycles
    YAML::Node root;
    bool read = false;  // root holds the file: it could be read and is a mapping
  };
  std::map<std::string, CalledFile> called_;  // by the fragment's id (with its namespace)
  std::vector<std::string> file_chain_;       // the files being read, the first one first
  // A called file that could not be read has been reported where it is named; the calls of it and
  // the attributes its steps would set are consequences, not errors of their own.
  bool called_file_failed_ = false;

  /// The names a called file's roles, calendars, resources and fragments take in the process.
  struct Namespace {
    std::string prefix;  // "<fragment>." (nested: "a.b.")
    std::set<std::string> roles, calendars, resources;
  };
  std::vector<Namespace> namespaces_;

  static std::string base_directory(const std::string& file) {
    if (file.empty() || file == "<stdin>" || file == "-") return {};
    return std::filesystem::path(file).parent_path().string();
  }

  /// Reads the file named by a fragment's `file:` (relative to `dir`, the calling file's
  /// directory); errors at the `file:` value: unreadable, malformed, or a call of a file that is
  /// being read already (a cycle).
  CalledFile read_called_file(const YAML::Node& file, const std::string& dir) {
    CalledFile called;
    const auto text = r_.string(file, "fragment file");
    if (!text || text->empty()) {
      if (text) r_.error(file, "fragment file must not be empty");
      return called;
    }
    std::filesystem::path path(*text);
    if (path.is_relative() && !dir.empty()) path = std::filesystem::path(dir) / path;
    called.path = path.lexically_normal().string();
    std::error_code ignored;
    called.canonical = std::filesystem::weakly_canonical(path, ignored).string();
    if (const auto cycle = std::find(file_chain_.begin(), file_chain_.end(), called.canonical);
        cycle != file_chain_.end()) {
      std::string chain;
      for (auto it = cycle; it != file_chain_.end(); ++it)
        chain += std::filesystem::path(*it).filename().string() + " → ";
      r_.error(file, fmt::format("fragment file '{}' calls itself ({}{}): a call cannot recurse", *text, chain,
                                 path.filename().string()));
      return called;
    }
    if (file_chain_.size() > kMaxCallDepth) {
      r_.error(file, fmt::format("called files nest more than {} deep", kMaxCallDepth));
      return called;
    }
    std::string content;
    const std::size_t errors = r_.error_count();
    try {
      content = read_all(called.path);
    } catch (const Error& e) {
      r_.error(file, fmt::format("fragment file '{}': {}", *text, e.what()));
      return called;
    }
    try {
      called.root = detail::load_yaml(content, called.path);
    } catch (const YAML::Exception& e) {
      r_.error(
          Location{called.path, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.mark.column >= 0 ? e.mark.column + 1 : 0},
          "malformed YAML: " + e.msg);
    } catch (const DataError& e) {
      r_.error(e.where(), e.what());
    }
    if (!called.root.IsMap()) {
      if (called.root.IsDefined() && r_.error_count() == errors) {
        r_.error(Location{called.path, 1, 1}, fmt::format("fragment file '{}' is not a process file", *text));
      }
      return called;
    }
    called.read = true;
    return called;
  }

  /// Reads the files fragments call (and the files those call), and collects the attributes
  /// the fragments' steps set, in the order read_fragments adds the fragments: each one, then a
  /// called file's own fragments.
  void preload_fragments(const YAML::Node& fragments, const std::string& prefix, const std::string& dir) {
    if (!fragments || !fragments.IsMap()) return;
    for (const auto& item : fragments) {
      if (!item.first.IsScalar() || !item.second.IsMap()) continue;
      const std::string id = prefix + item.first.Scalar();
      if (const auto& file = item.second["file"]; file) {
        CalledFile called = read_called_file(file, dir);
        called_file_failed_ = called_file_failed_ || !called.read;
        if (called.read) {
          if (const auto& steps = called.root["steps"]; steps && steps.IsMap()) collect_set_names(steps);
          const std::string caller = r_.switch_file(called.path);
          file_chain_.push_back(called.canonical);
          preload_fragments(called.root["fragments"], id + ".", base_directory(called.path));
          file_chain_.pop_back();
          r_.switch_file(caller);
        }
        called_[id] = std::move(called);
      } else if (const auto& steps = item.second["steps"]; steps && steps.IsMap()) {
        collect_set_names(steps);
      }
    }
  }

  /// The names of the called file a step refers to, in the process's namespace: its pools,
  /// its RACI roles and the fragments it calls.
  static void rename_into(Step& s, const Namespace& ns) {
    const auto rename = [&](std::string& id, const std::set<std::string>& defined) {
      if (defined.count(id) > 0) id = ns.prefix + id;
    };
    rename(s.resource, ns.resources);
    for (std::string& r : s.other_resources) rename(r, ns.resources);
    for (auto* roles : {&s.raci.responsible, &s.raci.accountable, &s.raci.consulted, &s.raci.informed}) {
      for (std::string& role : *roles) rename(role, ns.roles);
    }
    if (!s.call.empty()) s.call = ns.prefix + s.call;  // a called file sees only its own fragments
  }

  /// The fragment `f` as the process file `called` (fragments: { f: { file: ... } }): its start
  /// and steps, where reaching an end returns from the call (as a BPMN call activity completes
  /// when the called process ends); its roles, calendars and resources join the process as
  /// `<f>.<name>`, its own fragments as `<f>.<fragment>`. Its arrivals, SLAs, KPIs, scenarios,
  /// simulation and optimize sections are for running it alone: not read.
  void read_called(Fragment f, const CalledFile& called) {
    if (!called.read) return;  // said where the file was read
    const std::string caller = r_.switch_file(called.path);
    const std::string caller_unit = p_.time_unit;
    const double caller_unit_seconds = p_.time_unit_seconds;
    const YAML::Node& root = called.root;
    const std::string what = fmt::format("fragment file '{}'", f.file);
    if (r_.expect_map(
            root, what,
            {"process", "description", "owner", "time_unit", "objectives", "roles", "calendars", "resources",
             "arrivals", "start", "steps", "fragments", "slas", "kpis", "scenarios", "simulation", "optimize"})) {
      // Bare durations of the called file are in its own time unit.
      p_.time_unit = "minutes";
      p_.time_unit_seconds = 60.0;
      if (const auto& n = root["time_unit"]; n) read_time_unit(n);
      Namespace ns;
      ns.prefix = f.id + ".";
      const std::size_t roles = p_.roles.size();
      const std::size_t calendars = p_.calendars.size();
      const std::size_t resources = p_.resources.size();
      if (const auto& n = root["roles"]; n) read_roles(n);
      if (const auto& n = root["calendars"]; n) read_calendars(n);
      if (const auto& n = root["resources"]; n) read_resources(n);
      for (std::size_t i = roles; i < p_.roles.size(); ++i) ns.roles.insert(p_.roles[i].id);
      for (std::size_t i = calendars; i < p_.calendars.size(); ++i) ns.calendars.insert(p_.calendars[i].name);
      for (std::size_t i = resources; i < p_.resources.size(); ++i) ns.resources.insert(p_.resources[i].id);
      for (std::size_t i = roles; i < p_.roles.size(); ++i) p_.roles[i].id = ns.prefix + p_.roles[i].id;
      for (std::size_t i = calendars; i < p_.calendars.size(); ++i) {
        Calendar& c = p_.calendars[i];
        if (const auto at = p_.calendar_locations.find(c.name); at != p_.calendar_locations.end()) {
          const Location where = at->second;
          p_.calendar_locations.erase(at);
          p_.calendar_locations[ns.prefix + c.name] = where;
        }
        c.name = ns.prefix + c.name;
      }
      const auto rename = [&](std::string& id, const std::set<std::string>& defined) {
        if (defined.count(id) > 0) id = ns.prefix + id;
      };
      for (std::size_t i = resources; i < p_.resources.size(); ++i) {
        Resource& r = p_.resources[i];
        r.id = ns.prefix + r.id;
        rename(r.role, ns.roles);
        rename(r.calendar, ns.calendars);
        for (Member& m : r.members) rename(m.calendar, ns.calendars);
      }
      require(root, "steps", what);
      require(root, "start", what);
      if (const auto& n = root["steps"]; n && r_.expect_map(n, what + " steps")) {
        std::vector<Step> top = std::move(p_.steps);
        p_.steps.clear();
        for (const auto& step : n) {
          read_step(step.first.Scalar(), step.second);
          p_.steps.back().id_where = r_.at(step.first);
          if (step.first.Scalar() == kReturnTarget) {
            r_.error(step.first, what + ": 'return' is reserved (the end of a call)");
          }
        }
        f.steps = std::move(p_.steps);
        p_.steps = std::move(top);
      }
      if (const auto& n = root["start"]; n) {
        f.start = r_.string(n, what + " start").value_or("");
        f.start_where = r_.at(n);
      }
      // Its ends return from the call.
      std::set<std::string> ends;
      for (const Step& s : f.steps) {
        if (s.kind == StepKind::End) ends.insert(s.id);
      }
      if (ends.count(f.start) > 0) r_.error(f.start_where, what + " starts at an end: the call would do nothing");
      const auto back = [&](std::string& id) {
        if (ends.count(id) > 0) id = std::string(kReturnTarget);
      };
      std::erase_if(f.steps, [&](const Step& s) { return s.kind == StepKind::End; });
      for (Step& s : f.steps) {
        for_each_target(s, back);
        rename_into(s, ns);
      }
      const bool usable = !f.steps.empty() && ends.count(f.start) == 0;
      if (usable) p_.fragments.push_back(std::move(f));
      namespaces_.push_back(std::move(ns));
      if (const auto& n = root["fragments"]; n) read_fragments(n, namespaces_.back().prefix);
      namespaces_.pop_back();
    }
    p_.time_unit = caller_unit;
    p_.time_unit_seconds = caller_unit_seconds;
    r_.switch_file(caller);
  }

  /// `fragments: { <id>: { description, start, steps } }` (model/fragments.hpp): each one's steps
  /// are read as the top level's are, with their own ids; `{ file: other.yaml }` calls another
  /// process file (read_called). `prefix`: the namespace of a called file's own fragments.
  void read_fragments(const YAML::Node& n, const std::string& prefix) {
    if (!r_.expect_map(n, "fragments")) return;
    for (const auto& item : n) {
      Fragment f;
      f.id = prefix + item.first.Scalar();
      f.where = r_.at(item.first);
      const std::string what = fmt::format("fragment '{}'", f.id);
      if (item.first.Scalar() == kReturnTarget)
        r_.error(item.first, what + ": 'return' is reserved (the end of a call)");
      if (!r_.expect_map(item.second, what, {"description", "start", "steps", "file"})) continue;
      const YAML::Node& v = item.second;
      if (v["description"]) f.description = r_.string(v["description"], what + " description").value_or("");
      if (v["file"]) {
        if (v["steps"] || v["start"]) {
          r_.error(v["steps"] ? v["steps"] : v["start"],
                   what + " calls a file: its steps and start come from there (no 'steps' or 'start' here)");
          continue;
        }
        f.file = r_.string(v["file"], what + " file").value_or("");
        f.file_where = r_.at(v["file"]);
        if (const auto called = called_.find(f.id); called != called_.end()) read_called(std::move(f), called->second);
        continue;
      }
      if (!v["steps"]) {
        r_.error(v, what + " needs 'steps'");
        continue;
      }
      if (!r_.expect_map(v["steps"], what + " steps")) continue;
      std::vector<Step> top = std::move(p_.steps);
      p_.steps.clear();
      for (const auto& step : v["steps"]) {
        read_step(step.first.Scalar(), step.second);
        p_.steps.back().id_where = r_.at(step.first);
        if (step.first.Scalar() == kReturnTarget)
          r_.error(step.first, what + ": 'return' is reserved (the end of a call)");
      }
      f.steps = std::move(p_.steps);
      p_.steps = std::move(top);
      if (f.steps.empty()) {
        r_.error(v["steps"], what + " steps must not be empty");
        continue;
      }
      if (!namespaces_.empty()) {
        for (Step& s : f.steps) rename_into(s, namespaces_.back());
      }
      if (v["start"]) {
        f.start = r_.string(v["start"], what + " start").value_or("");
        f.start_where = r_.at(v["start"]);
        const bool known = std::any_of(f.steps.begin(), f.steps.end(), [&](const Step& s) { return s.id == f.start; });
        if (!known) {
          std::vector<std::string> ids;
          for (const Step& s : f.steps) ids.push_back(s.id);
          const std::string hint = closest_match(f.start, ids);
          r_.error(v["start"], fmt::format("{} start '{}' is not one of its steps{}", what, f.start,
                                           hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
        }
      } else {
        f.start = f.steps.front().id;
        f.start_where = f.steps.front().id_where;
      }
      p_.fragments.push_back(std::move(f));
    }
  }

  /// Calls expanded in place (model/fragments.hpp); the steps as written are kept for the writer.
  void expand() {
    if (called_file_failed_) return;  // its calls would be calls of no fragment
    std::vector<Step> expanded =
        expand_calls(p_, [&](const Location& where, const std::string& message) { r_.error(where, message); });
    if (expanded.empty()) return;
    p_.written_steps = std::move(p_.steps);
    p_.steps = std::move(expanded);
  }

  SlaEndpoint endpoint(const YAML::Node& n, const std::string& what) {
    SlaEndpoint e;
    const auto text = r_.string(n, what);
    if (!text) return e;
    e.text = *text;
    if (*text == "arrival" || *text == "start") {
      e.kind = SlaEndpoint::Kind::Arrival;
    } else if (*text == "end") {
      e.kind = SlaEndpoint::Kind::CaseEnd;
    } else if (text->size() > 6 && text->ends_with(".start")) {
      e.kind = SlaEndpoint::Kind::StepStart;
      e.step = text->substr(0, text->size() - 6);
    } else if (text->size() > 4 && text->ends_with(".end")) {
      e.kind = SlaEndpoint::Kind::StepEnd;
      e.step = text->substr(0, text->size() - 4);
    } else {
      r_.error(n, fmt::format("{} must be 'arrival', 'end', '<step>.start' or '<step>.end', not '{}'", what, *text));
    }
    return e;
  }

  void read_slas(const YAML::Node& n) {
    if (!r_.expect_map(n, "slas")) return;
    for (const auto& item : n) {
      Sla sla;
      sla.id = item.first.Scalar();
      sla.where = r_.at(item.first);
      const std::string what = fmt::format("sla '{}'", sla.id);
      if (!r_.expect_map(item.second, what, {"from", "to", "within", "description"})) continue;
      for (const char* key : {"from", "to", "within"}) {
        if (!item.second[key]) r_.error(item.second, fmt::format("{} needs '{}'", what, key));
      }
      if (item.second["from"]) sla.from = endpoint(item.second["from"], what + " from");
      if (item.second["to"]) sla.to = endpoint(item.second["to"], what + " to");
      if (item.second["within"]) sla.within = duration(item.second["within"], what + " within").value_or(0.0);
      if (item.second["description"]) {
        sla.description = r_.string(item.second["description"], what + " description").value_or("");
      }
      p_.slas.push_back(std::move(sla));
    }
  }

  void read_kpis(const YAML::Node& n) {
    if (!r_.expect_map(n, "kpis")) return;
    for (const auto& item : n) {
      KpiDef kpi;
      kpi.id = item.first.Scalar();
      kpi.where = r_.at(item.first);
      const std::string what = fmt::format("kpi '{}'", kpi.id);
      if (item.second.IsScalar()) {
        if (auto f = expression(item.second, what + " formula", false)) kpi.formula = std::move(*f);
      } else if (r_.expect_map(item.second, what, {"formula", "unit", "target", "description"})) {
        const auto& v = item.second;
        if (v["formula"]) {
          if (auto f = expression(v["formula"], what + " formula", false)) kpi.formula = std::move(*f);
        } else {
          r_.error(v, what + " needs 'formula'");
        }
        if (v["unit"]) kpi.unit = r_.string(v["unit"], what + " unit").value_or("");
        if (v["target"]) kpi.target = target(v["target"], what + " target");
        if (v["description"]) kpi.description = r_.string(v["description"], what + " description").value_or("");
      }
      p_.kpis.push_back(std::move(kpi));
    }
  }

  void read_scenarios(const YAML::Node& n) {
    if (!r_.expect_map(n, "scenarios")) return;
    for (const auto& item : n) {
      Scenario scenario;
      scenario.id = item.first.Scalar();
      scenario.where = r_.at(item.first);
      const std::string what = fmt::format("scenario '{}'", scenario.id);
      if (!r_.expect_map(item.second, what)) continue;
      for (const auto& entry : item.second) {
        const std::string key = entry.first.Scalar();
        if (key == "description") {
          scenario.description = r_.string(entry.second, what + " description").value_or("");
          continue;
        }
        if (auto value = r_.string(entry.second, fmt::format("{} value of '{}'", what, key))) {
          scenario.overrides.push_back(Override{key, *value, r_.at(entry.first)});
        }
      }
      if (scenario.overrides.empty()) r_.error(item.second, what + " changes nothing");
      p_.scenarios.push_back(std::move(scenario));
    }
  }

  /// "2..10": a range of whole numbers, low <= high.
  std::optional<std::pair<long long, long long>> range(const YAML::Node& n, const std::string& what) {
    if (!r_.expect_scalar(n, what)) return std::nullopt;
    const std::string text = n.Scalar();
    const std::size_t dots = text.find("..");
    const auto whole = [](std::string_view part) -> std::optional<long long> {
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
      const auto v = detail::parse_number(part, false);
      if (!v || *v != std::floor(*v) || std::abs(*v) > 1e12) return std::nullopt;
      return static_cast<long long>(*v);
    };
    const auto low = dots == std::string::npos ? std::nullopt : whole(std::string_view(text).substr(0, dots));
    const auto high = dots == std::string::npos ? std::nullopt : whole(std::string_view(text).substr(dots + 2));
    if (!low || !high) {
      r_.error(n, fmt::format("{} must be a range of whole numbers such as 2..10, not '{}'", what, text));
      return std::nullopt;
    }
    if (*low > *high) {
      r_.error(n, fmt::format("{}: the range {} is empty (write the smaller bound first, e.g. {}..{})", what, text,
                              *high, *low));
      return std::nullopt;
    }
    return std::pair{*low, *high};
  }

  /// "sla.first_touch >= 0.95": a metric name, then a target.
  std::optional<OptimizeConstraint> constraint(const YAML::Node& n) {
    const auto text = r_.string(n, "optimize constraint");
    if (!text) return std::nullopt;
    const std::size_t op = text->find_first_of("<>=");
    std::string metric = text->substr(0, op == std::string::npos ? text->size() : op);
    while (!metric.empty() && metric.back() == ' ') metric.pop_back();
    if (op == std::string::npos || metric.empty() || metric.find(' ') != std::string::npos) {
      r_.error(n, fmt::format("an optimize constraint is 'METRIC OP VALUE', e.g. \"sla.first_touch >= 0.95\", not '{}'",
                              *text));
      return std::nullopt;
    }
    OptimizeConstraint c;
    c.metric = std::move(metric);
    c.text = *text;
    c.where = r_.at(n);
    try {
      c.target = parse_target(std::string_view(*text).substr(op));
    } catch (const SyntaxError& e) {
      r_.error(r_.at_offset(n, op + e.offset()), fmt::format("optimize constraint: {}", e.what()));
      return std::nullopt;
    }
    if (c.target.op == Target::Op::Eq) {
      r_.error(n, fmt::format("optimize constraint '{}': use <=, <, >= or > (a simulated mean is never exactly equal)",
                              *text));
      return std::nullopt;
    }
    return c;
  }

  void read_objective_list(const YAML::Node& n, const std::string& key, std::vector<std::string>& out) {
    const auto add = [&](const YAML::Node& item) {
      const auto name = r_.string(item, "optimize " + key + " metric");
      if (!name) return;
      if (name->empty()) {
        r_.error(item, fmt::format("optimize {}: a metric name must not be empty", key));
      } else if (p_.optimize->metric_locations.contains(*name)) {
        r_.error(item, fmt::format("optimize {}: '{}' is already an objective", key, *name));
      } else {
        p_.optimize->metric_locations[*name] = r_.at(item);
        out.push_back(*name);
      }
    };
    if (n.IsScalar()) return add(n);
    if (!r_.expect_sequence(n, "optimize " + key)) return;
    for (const auto& item : n) add(item);
  }

  void read_optimize(const YAML::Node& n) {
    p_.optimize.emplace();
    OptimizeSettings& o = *p_.optimize;
    o.where = r_.at(n);
    if (!r_.expect_map(n, "optimize", {"vary", "minimize", "maximize", "subject_to", "budget"})) return;
    if (const auto& v = n["vary"]; !v) {
      r_.error(n, "optimize needs 'vary' (the decision variables, e.g. { resources.ae.count: 2..10 })");
    } else if (r_.expect_map(v, "optimize vary")) {
      for (const auto& item : v) {
        const std::string path = item.first.Scalar();
        if (const auto bounds = range(item.second, fmt::format("optimize vary '{}'", path))) {
          o.vary.push_back(OptimizeVariable{path, bounds->first, bounds->second, r_.at(item.first)});
        }
      }
      if (v.size() == 0) r_.error(v, "optimize vary must name at least one variable");
    }
    if (const auto& m = n["minimize"]; m) read_objective_list(m, "minimize", o.minimize);
    if (const auto& m = n["maximize"]; m) read_objective_list(m, "maximize", o.maximize);
    if (!n["minimize"] && !n["maximize"]) {
      r_.error(n, "optimize needs 'minimize' or 'maximize' (metrics, e.g. [cycle_time.p90, cost.rostered_per_case])");
    }
    if (const auto& c = n["subject_to"]; c) {
      if (c.IsScalar()) {
        if (auto parsed = constraint(c)) o.subject_to.push_back(std::move(*parsed));
      } else if (r_.expect_sequence(c, "optimize subject_to")) {
        for (const auto& item : c) {
          if (auto parsed = constraint(item)) o.subject_to.push_back(std::move(*parsed));
        }
      }
    }
    if (const auto& b = n["budget"]; b) {
      o.budget = static_cast<std::uint64_t>(r_.integer(b, "optimize budget", 1, kMaxOptimizeBudget).value_or(200));
    }
  }

  void read_simulation(const YAML::Node& n) {
    auto& s = p_.simulation;
    s.where = r_.at(n);
    if (!r_.expect_map(n, "simulation",
                       {"start", "horizon", "cases", "warmup", "replications", "seed", "max_steps_per_case"})) {
      return;
    }
    if (n["start"]) {
      if (auto t = r_.scalar_syntax<Time>(n["start"], "simulation start",
                                          [](const std::string& text) { return parse_datetime(text); })) {
        s.start = *t;
      }
    }
    if (n["horizon"]) s.horizon = duration(n["horizon"], "simulation horizon");
    if (n["cases"]) {
      if (auto c = r_.integer(n["cases"], "simulation cases", 1, std::numeric_limits<long long>::max())) {
        s.cases = static_cast<std::uint64_t>(*c);
      }
    }
    if (const auto& w = n["warmup"]; w) {
      if (w.IsMap()) {
        if (r_.expect_map(w, "simulation warmup", {"time", "cases"})) {
          if (w["time"]) s.warmup_time = duration(w["time"], "simulation warmup time").value_or(0.0);
          if (w["cases"]) {
            s.warmup_cases = static_cast<std::uint64_t>(
                r_.integer(w["cases"], "simulation warmup cases", 0, std::numeric_limits<long long>::max())
                    .value_or(0));
          }
        }
      } else {
        s.warmup_time = duration(w, "simulation warmup").value_or(0.0);
      }
    }
    if (n["replications"]) {
      s.replications = static_cast<std::uint32_t>(
          r_.integer(n["replications"], "simulation replications", 1, kMaxReplications).value_or(30));
    }
    if (n["seed"]) {
      s.seed = static_cast<std::uint64_t>(
          r_.integer(n["seed"], "simulation seed", 0, std::numeric_limits<long long>::max()).value_or(1));
    }
    if (n["max_steps_per_case"]) {
      s.max_steps_per_case = static_cast<std::uint32_t>(
          r_.integer(n["max_steps_per_case"], "simulation max_steps_per_case", 1, kMaxStepsPerCase).value_or(10000));
    }
  }
};

}  // namespace

LoadResult parse_process_text(std::string_view text, const std::string& file_name) {
  LoadResult result;
  YamlReader reader(file_name);
  YAML::Node root;
  try {
    root = detail::load_yaml(text, file_name);
  } catch (const YAML::Exception& e) {
    const Location where{file_name, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.mark.column >= 0 ? e.mark.column + 1 : 0};
    result.diagnostics.push_back(Diagnostic{where, Severity::Error, "malformed YAML: " + e.msg, "syntax"});
    return result;
  } catch (const DataError& e) {
    result.diagnostics.push_back(Diagnostic{e.where(), Severity::Error, e.what(), "syntax"});
    return result;
  }
  Process process;
  process.source = file_name;
  process.simulation.start = static_cast<Time>(days_from_civil(2026, 1, 5)) * 86400.0;
  try {
    Loader(reader, process).load(root);
  } catch (const YAML::Exception& e) {
    // yaml-cpp throws for some malformed trees (e.g. aliases to invalid nodes); report, don't crash.
    reader.error(Location{file_name, e.mark.line + 1, e.mark.column + 1}, "malformed YAML: " + e.msg, "syntax");
  }
  result.diagnostics = std::move(reader.diagnostics());
  // The loader reads sections in dependency order; report in file order.
  // Those of files that fragments call come after the file's own, by file.
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    return std::tuple(a.where.file != file_name, a.where.file, a.where.line, a.where.column) <
           std::tuple(b.where.file != file_name, b.where.file, b.where.line, b.where.column);
  });
  if (!has_errors(result.diagnostics)) result.process = std::move(process);
  return result;
}

Process parse_process(std::string_view text, const std::string& file_name) {
  LoadResult result = parse_process_text(text, file_name);
  for (const auto& d : result.diagnostics) {
    if (d.severity == Severity::Error) throw ModelError(d.where, d.message);
  }
  return std::move(*result.process);
}

Process load_process(const std::string& path) {
  const std::string text = read_all(path);
  return parse_process(text, path == "-" ? "<stdin>" : path);
}

}  // namespace bpm
