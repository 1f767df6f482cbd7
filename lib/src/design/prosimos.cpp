#include "design/prosimos.hpp"

#include <fmt/format.h>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "bpm/core/error.hpp"
#include "design/labels.hpp"

namespace bpm::design {
namespace {

using nlohmann::json;

/// Locations by searching the text: nlohmann::json keeps none, but every warning names an id
/// that is written in the file, and the first place it is written is where a reader looks.
class Locator {
 public:
  Locator(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {}

  [[nodiscard]] Location at(std::size_t offset) const {
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < offset && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return Location{file_, line, column};
  }
  /// Where `"key"` (or, failing that, `"value"`) first appears; the start of the file otherwise.
  [[nodiscard]] Location of(std::string_view key, std::string_view value = {}) const {
    if (!value.empty()) {
      const auto v = text_.find(fmt::format("\"{}\"", value));
      if (v != std::string_view::npos) return at(v);
    }
    const auto k = text_.find(fmt::format("\"{}\"", key));
    return at(k == std::string_view::npos ? 0 : k);
  }
  [[nodiscard]] const std::string& file() const { return file_; }

 private:
  std::string_view text_;
  std::string file_;
};

std::optional<double> as_number(const json& j) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    const std::string s = j.get<std::string>();
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() && *end == '\0' && std::isfinite(v)) return v;
  }
  if (j.is_object() && j.contains("value")) return as_number(j.at("value"));
  return std::nullopt;
}

std::string as_text(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return {};
  const json& v = j.at(key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  return {};
}

Distribution make(DistKind kind, std::initializer_list<double> parameters) {
  return make_distribution(kind, true, parameters);
}

/// A scipy-style distribution; nullopt with `problem` set when not carried, `note` set when
/// carried approximately.
std::optional<Distribution> prosimos_distribution(const json& spec, std::string* problem, std::string* note) {
  const std::string name = as_text(spec, "distribution_name");
  std::vector<double> q;
  if (spec.is_object() && spec.contains("distribution_params") && spec.at("distribution_params").is_array()) {
    for (const json& p : spec.at("distribution_params")) {
      const auto v = as_number(p);
      if (!v) {
        *problem = fmt::format("'{}' has a parameter that is not a number", name);
        return std::nullopt;
      }
      q.push_back(*v);
    }
  }
  std::size_t shapes = 0;
  if (name == "lognorm" || name == "gamma" || name == "triang" || name == "weibull_min") shapes = 1;
  if (name == "fix") {
    if (q.empty() || q[0] < 0.0) {
      *problem = "'fix' needs a value >= 0";
      return std::nullopt;
    }
    return make(DistKind::Constant, {q[0]});
  }
  if (q.size() < shapes + 2) {
    *problem = fmt::format("'{}' needs {} parameters, has {}", name, shapes + 2, q.size());
    return std::nullopt;
  }
  const double loc = q[shapes];
  const double scale = q[shapes + 1];
  std::optional<Distribution> d;
  if (name == "expon") {
    if (loc + scale <= 0.0) {
      *problem = "'expon' needs loc + scale > 0";
      return std::nullopt;
    }
    d = make(DistKind::Exponential, {loc + scale});
    if (loc != 0.0)
      *note = fmt::format("shifted exponential (loc {}) carried as exponential(mean {})", number_text(loc),
                          number_text(loc + scale));
  } else if (name == "norm") {
    d = scale > 0.0 ? make(DistKind::Normal, {loc, scale}) : make(DistKind::Constant, {loc});
  } else if (name == "uniform") {
    d = scale > 0.0 ? make(DistKind::Uniform, {loc, loc + scale}) : make(DistKind::Constant, {loc});
  } else if (name == "lognorm") {
    const double s = q[0];
    if (s <= 0.0 || scale <= 0.0) {
      *problem = "'lognorm' needs s > 0 and scale > 0";
      return std::nullopt;
    }
    // X = loc + scale·exp(s·Z): the process format's lognormal takes the mean and sd of X - loc.
    const double mean = scale * std::exp(s * s / 2.0);
    const double sd = mean * std::sqrt(std::exp(s * s) - 1.0);
    d = make(DistKind::Lognormal, {mean + loc, sd});
    if (loc != 0.0)
      *note = fmt::format("shifted lognormal (loc {}) carried with the same mean and sd", number_text(loc));
  } else if (name == "gamma") {
    if (q[0] <= 0.0 || scale <= 0.0) {
      *problem = "'gamma' needs a > 0 and scale > 0";
      return std::nullopt;
    }
    d = make(DistKind::Gamma, {q[0], scale});
    if (loc != 0.0) *note = fmt::format("shifted gamma (loc {}) carried without the shift", number_text(loc));
  } else if (name == "triang") {
    if (q[0] < 0.0 || q[0] > 1.0 || scale <= 0.0) {
      *problem = "'triang' needs 0 <= c <= 1 and scale > 0";
      return std::nullopt;
    }
    d = make(DistKind::Triangular, {loc, loc + q[0] * scale, loc + scale});
  } else if (name == "weibull_min") {
    if (q[0] <= 0.0 || scale <= 0.0) {
      *problem = "'weibull_min' needs c > 0 and scale > 0";
      return std::nullopt;
    }
    d = make(DistKind::Weibull, {q[0], scale});
    if (loc != 0.0) *note = fmt::format("shifted Weibull (loc {}) carried without the shift", number_text(loc));
  } else {
    *problem = fmt::format("distribution '{}' is not supported", name);
    return std::nullopt;
  }
  if (q.size() >= shapes + 4 && q[shapes + 3] > q[shapes + 2]) {
    d->lower = q[shapes + 2];
    d->upper = q[shapes + 3];
  }
  return d;
}

}  // namespace

ExternalParameters read_prosimos(std::string_view text, const std::string& file_name) {
  const Locator locate(text, file_name);
  json root;
  try {
    root = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw ModelError(locate.at(e.byte > 0 ? e.byte - 1 : 0), fmt::format("malformed JSON: {}", e.what()));
  }
  if (!root.is_object()) throw ModelError(locate.at(0), "Prosimos parameters must be a JSON object");
  ExternalParameters out;
  out.source = "Prosimos";
  auto warn = [&](Location where, std::string message) {
    out.warnings.push_back(Diagnostic{std::move(where), Severity::Warning, std::move(message), "bpmn-import"});
  };
  auto distribution = [&](const json& spec, const Location& where,
                          const std::string& what) -> std::optional<Distribution> {
    std::string problem;
    std::string note;
    auto d = prosimos_distribution(spec, &problem, &note);
    if (!d) warn(where, fmt::format("{}: {}: default used", what, problem));
    if (!note.empty()) warn(where, fmt::format("{}: {}", what, note));
    return d;
  };
  // Items of a section that is either a list of objects with an id key or an object by id.
  auto items = [](const json& section, const char* id_key) {
    std::vector<std::pair<std::string, const json*>> list;
    if (section.is_array()) {
      for (const json& item : section) list.emplace_back(as_text(item, id_key), &item);
    } else if (section.is_object()) {
      for (auto it = section.begin(); it != section.end(); ++it) list.emplace_back(it.key(), &it.value());
    }
    return list;
  };

  if (root.contains("arrival_time_distribution")) {
    out.arrivals = distribution(root.at("arrival_time_distribution"), locate.of("arrival_time_distribution"),
                                "arrival_time_distribution");
    if (out.arrivals) ++out.carried;
  }
  // Calendars by id; a resource's calendar may also be given inline (older files: by resource id).
  std::map<std::string, Calendar> calendars;
  auto read_periods = [&](const json& periods, const std::string& id, const Location& where) {
    Calendar calendar;
    calendar.name = id;
    if (!periods.is_array()) return calendar;
    for (const json& p : periods) {
      if (!add_week_period(calendar, as_text(p, "from"), as_text(p, "to"), as_text(p, "beginTime"),
                           as_text(p, "endTime"))) {
        warn(where,
             fmt::format("calendar '{}': a time period is malformed (from, to, beginTime, endTime): dropped", id));
      }
    }
    return calendar;
  };
  if (root.contains("resource_calendars")) {
    for (const auto& [id, item] : items(root.at("resource_calendars"), "id")) {
      const json& periods = item->is_object() && item->contains("time_periods") ? item->at("time_periods") : *item;
      calendars[id] = read_periods(periods, id, locate.of("resource_calendars", id));
    }
  }
  if (root.contains("arrival_time_calendar")) {
    Calendar arrival = read_periods(root.at("arrival_time_calendar"), "arrivals", locate.of("arrival_time_calendar"));
    if (!always_open(arrival)) {
      calendars["arrivals"] = arrival;
      out.arrival_calendar = "arrivals";
    }
  }
  // Pools: the resources of one pool with their amounts; a pool's calendar and cost are its
  // resources' when they agree (the process format's pools are identical servers).
  std::map<std::string, std::string> pool_of_resource;
  if (root.contains("resource_profiles")) {
    for (const auto& [pool_id, item] : items(root.at("resource_profiles"), "id")) {
      ExternalPool pool;
      pool.id = pool_id;
      pool.name = as_text(*item, "name").empty() ? pool_id : as_text(*item, "name");
      pool.count = 0;
      std::map<std::string, int> calendar_votes;
      double cost_sum = 0.0;
      bool costs_differ = false;
      std::optional<double> first_cost;
      if (item->contains("resource_list") && item->at("resource_list").is_array()) {
        for (const json& r : item->at("resource_list")) {
          const std::string rid = as_text(r, "id");
          const int amount = static_cast<int>(as_number(r.contains("amount") ? r.at("amount") : json(1)).value_or(1.0));
          pool_of_resource[rid] = pool_id;
          pool.count += std::max(amount, 1);
          std::string cal = as_text(r, "calendar");
          if (cal.empty() && calendars.count(rid) > 0) cal = rid;
          calendar_votes[cal] += std::max(amount, 1);
          const double cost = as_number(r.contains("cost_per_hour") ? r.at("cost_per_hour") : json(0)).value_or(0.0);
          if (first_cost && *first_cost != cost) costs_differ = true;
          if (!first_cost) first_cost = cost;
          cost_sum += cost * std::max(amount, 1);
        }
      }
      if (pool.count == 0) {
        warn(locate.of("resource_profiles", pool_id),
             fmt::format("resource pool '{}' has no resources: 1 assumed", pool.name));
        pool.count = 1;
      }
      pool.cost_per_hour = cost_sum / pool.count;
      if (costs_differ) {
        warn(locate.of("resource_profiles", pool_id),
             fmt::format("resource pool '{}': its resources' costs differ: their average {} per hour is carried",
                         pool.name, number_text(pool.cost_per_hour)));
      }
      auto best = calendar_votes.begin();
      for (auto it = calendar_votes.begin(); it != calendar_votes.end(); ++it) {
        if (it->second > best->second) best = it;
      }
      if (best != calendar_votes.end()) pool.calendar = best->first;
      if (calendar_votes.size() > 1) {
        warn(locate.of("resource_profiles", pool_id),
             fmt::format("resource pool '{}': its resources follow {} calendars: '{}' (the most common) is carried",
                         pool.name, calendar_votes.size(), pool.calendar));
      }
      out.pools.push_back(std::move(pool));
      ++out.carried;
    }
  }
  for (auto& [id, calendar] : calendars) out.calendars.emplace_back(id, calendar);

  if (root.contains("task_resource_distribution")) {
    for (const auto& [task_id, item] : items(root.at("task_resource_distribution"), "task_id")) {
      const Location where = locate.of("task_resource_distribution", task_id);
      std::vector<std::pair<std::string, const json*>> options;
      if (item->is_object() && item->contains("resources")) {
        for (const json& r : item->at("resources")) options.emplace_back(as_text(r, "resource_id"), &r);
      } else if (item->is_object()) {
        for (auto it = item->begin(); it != item->end(); ++it) options.emplace_back(it.key(), &it.value());
      }
      if (options.empty()) continue;
      ExternalTask task;
      // The pool most of the task's resources belong to; the first of them gives the duration.
      std::map<std::string, int> votes;
      for (const auto& [rid, spec] : options) ++votes[pool_of_resource.count(rid) ? pool_of_resource[rid] : rid];
      auto best = votes.begin();
      for (auto it = votes.begin(); it != votes.end(); ++it) {
        if (it->second > best->second) best = it;
      }
      task.pool = best->first;
      const json* chosen = nullptr;
      for (const auto& [rid, spec] : options) {
        const std::string pool = pool_of_resource.count(rid) ? pool_of_resource.at(rid) : rid;
        if (pool == task.pool && chosen == nullptr) chosen = spec;
      }
      task.duration = distribution(*chosen, where, fmt::format("task '{}'", task_id));
      bool differ = votes.size() > 1;
      for (const auto& [rid, spec] : options) differ = differ || *spec != *chosen;
      if (differ) {
        warn(where, fmt::format("task '{}': {} resources with their own durations; pool '{}' and its first resource's "
                                "duration are carried",
                                task_id, options.size(), task.pool));
      }
      out.tasks[task_id] = std::move(task);
      ++out.carried;
    }
  }
  if (root.contains("gateway_branching_probabilities")) {
    for (const auto& [gateway, item] : items(root.at("gateway_branching_probabilities"), "gateway_id")) {
      if (item->is_object() && item->contains("probabilities")) {
        for (const json& p : item->at("probabilities")) {
          if (const auto v = as_number(p.contains("value") ? p.at("value") : json())) {
            out.flow_probability[as_text(p, "path_id")] = *v;
            ++out.carried;
          }
        }
      } else if (item->is_object()) {
        for (auto it = item->begin(); it != item->end(); ++it) {
          if (const auto v = as_number(it.value())) {
            out.flow_probability[it.key()] = *v;
            ++out.carried;
          }
        }
      }
    }
  }
  if (root.contains("event_distribution")) {
    for (const auto& [event_id, item] : items(root.at("event_distribution"), "event_id")) {
      if (auto d =
              distribution(*item, locate.of("event_distribution", event_id), fmt::format("event '{}'", event_id))) {
        out.event_waits[event_id] = *d;
        ++out.carried;
      }
    }
  }
  // Sections whose constructs the process format does not have yet.
  for (const char* key : {"batch_processing", "case_attributes", "prioritisation_rules", "branch_rules",
                          "event_attributes", "global_attributes", "multitask", "resource_workload"}) {
    if (root.contains(key) && !root.at(key).empty()) {
      warn(locate.of(key), fmt::format("Prosimos section '{}' is not carried over", key));
    }
  }
  return out;
}

}  // namespace bpm::design
