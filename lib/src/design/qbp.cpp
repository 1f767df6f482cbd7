#include "design/qbp.hpp"

#include <fmt/format.h>
#include <cmath>
#include <string_view>

#include "design/bpsim.hpp"
#include "design/labels.hpp"

namespace bpm::design {
namespace {

pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (local_name(c.name()) == name) return c;
  }
  return {};
}

std::optional<double> number(pugi::xml_node e, const char* attribute) {
  const pugi::xml_attribute a = e.attribute(attribute);
  if (a.empty()) return std::nullopt;
  char* end = nullptr;
  const char* text = a.value();
  const double value = std::strtod(text, &end);
  if (end == text || !std::isfinite(value)) return std::nullopt;
  return value;
}

Distribution make(DistKind kind, bool is_time, std::initializer_list<double> parameters) {
  return make_distribution(kind, is_time, parameters);
}

}  // namespace

std::optional<Distribution> qbp_distribution(pugi::xml_node element, bool is_time, std::string* problem) {
  const std::string type = element.attribute("type").value();
  const double mean = number(element, "mean").value_or(0.0);
  const double arg1 = number(element, "arg1").value_or(0.0);
  const double arg2 = number(element, "arg2").value_or(0.0);
  auto fail = [&](std::string why) -> std::optional<Distribution> {
    if (problem != nullptr) *problem = std::move(why);
    return std::nullopt;
  };
  if (type == "FIXED") {
    if (mean < 0.0) return fail(fmt::format("FIXED mean {} is negative", number_text(mean)));
    return make(DistKind::Constant, is_time, {mean});
  }
  if (type == "EXPONENTIAL") {
    // BIMP writes the mean in arg1 (and 0 in mean); a file with only `mean` set means the same.
    const double m = arg1 > 0.0 ? arg1 : mean;
    if (m <= 0.0) return fail("EXPONENTIAL without a positive mean (arg1)");
    return make(DistKind::Exponential, is_time, {m});
  }
  if (type == "NORMAL") {
    if (arg1 < 0.0) return fail("NORMAL with a negative standard deviation (arg1)");
    if (arg1 == 0.0) return make(DistKind::Constant, is_time, {mean});
    Distribution d = make(DistKind::Normal, is_time, {mean, arg1});
    if (is_time) d.lower = 0.0;  // a duration is never negative
    return d;
  }
  if (type == "UNIFORM") {
    if (arg2 < arg1)
      return fail(fmt::format("UNIFORM with max (arg2) {} below min (arg1) {}", number_text(arg2), number_text(arg1)));
    if (arg2 == arg1) return make(DistKind::Constant, is_time, {arg1});
    return make(DistKind::Uniform, is_time, {arg1, arg2});
  }
  if (type == "TRIANGULAR") {
    if (!(arg1 <= mean && mean <= arg2) || arg1 == arg2) {
      return fail(fmt::format("TRIANGULAR needs min (arg1) <= mode (mean) <= max (arg2), min < max; got {}, {}, {}",
                              number_text(arg1), number_text(mean), number_text(arg2)));
    }
    return make(DistKind::Triangular, is_time, {arg1, mean, arg2});
  }
  if (type == "LOGNORMAL") {
    if (mean <= 0.0 || arg1 < 0.0) return fail("LOGNORMAL needs a positive mean and a variance (arg1) >= 0");
    if (arg1 == 0.0) return make(DistKind::Constant, is_time, {mean});
    return make(DistKind::Lognormal, is_time, {mean, std::sqrt(arg1)});
  }
  if (type == "GAMMA") {
    if (mean <= 0.0 || arg1 <= 0.0) return fail("GAMMA needs a positive mean and a positive variance (arg1)");
    // Mean m and variance v: shape m²/v, scale v/m.
    return make(DistKind::Gamma, is_time, {mean * mean / arg1, arg1 / mean});
  }
  return fail(fmt::format("QBP distribution type '{}' is not supported", type));
}

std::optional<ExternalParameters> read_qbp(pugi::xml_node definitions,
                                           const std::function<Location(pugi::xml_node)>& where) {
  pugi::xml_node info;
  for (pugi::xml_node c = definitions.first_child(); c && !info; c = c.next_sibling()) {
    if (local_name(c.name()) == "processSimulationInfo") info = c;
    // Some exporters put it in the process's or the definitions' extensionElements.
    if (!info && (local_name(c.name()) == "process" || local_name(c.name()) == "extensionElements")) {
      for (pugi::xml_node x = c.first_child(); x && !info; x = x.next_sibling()) {
        if (local_name(x.name()) == "processSimulationInfo") info = x;
        if (local_name(x.name()) == "extensionElements") {
          for (pugi::xml_node y = x.first_child(); y && !info; y = y.next_sibling()) {
            if (local_name(y.name()) == "processSimulationInfo") info = y;
          }
        }
      }
    }
  }
  if (!info) return std::nullopt;
  ExternalParameters out;
  out.source = "QBP";
  auto warn = [&](pugi::xml_node at, std::string message) {
    out.warnings.push_back(Diagnostic{where(at), Severity::Warning, std::move(message), "bpmn-import"});
  };
  if (const auto instances = number(info, "processInstances"); instances && *instances > 0) {
    out.cases = static_cast<std::uint64_t>(*instances);
  }
  if (const char* start = info.attribute("startDateTime").value(); *start != '\0') {
    std::string text(start);
    // "2016-12-04T16:40:51.000Z": minutes are what the process format keeps.
    if (text.size() >= 16) {
      try {
        out.start = parse_datetime(text.substr(0, 16));
      } catch (const Error&) {
        warn(info, fmt::format("QBP startDateTime '{}' is not a date and time: not carried", text));
      }
    }
  }
  if (const pugi::xml_node arrival = child(info, "arrivalRateDistribution")) {
    std::string problem;
    if (auto d = qbp_distribution(arrival, true, &problem)) {
      out.arrivals = std::move(d);
      ++out.carried;
    } else {
      warn(arrival, fmt::format("QBP arrival distribution: {}: default used", problem));
    }
  }
  for (pugi::xml_node t = child(child(info, "timetables"), "timetable"); t; t = t.next_sibling()) {
    if (local_name(t.name()) != "timetable") continue;
    Calendar calendar;
    const std::string id = t.attribute("id").value();
    calendar.name = t.attribute("name").empty() ? id : t.attribute("name").value();
    for (pugi::xml_node rule = child(child(t, "rules"), "rule"); rule; rule = rule.next_sibling()) {
      if (local_name(rule.name()) != "rule") continue;
      if (!add_week_period(calendar, rule.attribute("fromWeekDay").value(), rule.attribute("toWeekDay").value(),
                           rule.attribute("fromTime").value(), rule.attribute("toTime").value())) {
        warn(rule, "QBP timetable rule is malformed (fromWeekDay, toWeekDay, fromTime, toTime): dropped");
      }
    }
    // Arrivals follow the timetable named ARRIVAL_CALENDAR, else the default one: how Prosimos
    // and Simod read BIMP's files (arrivals outside working hours would pile up overnight).
    const bool is_default = std::string_view(t.attribute("default").value()) == "true";
    if (id.find("ARRIVAL_CALENDAR") != std::string::npos ||
        (out.arrival_calendar.empty() && (is_default || id.find("DEFAULT_TIMETABLE") != std::string::npos))) {
      out.arrival_calendar = id;
    }
    out.calendars.emplace_back(id, std::move(calendar));
  }
  for (pugi::xml_node r = child(child(info, "resources"), "resource"); r; r = r.next_sibling()) {
    if (local_name(r.name()) != "resource") continue;
    ExternalPool pool;
    pool.id = r.attribute("id").value();
    pool.name = r.attribute("name").empty() ? pool.id : r.attribute("name").value();
    const auto amount = number(r, "totalAmount");
    pool.count = amount && *amount >= 1.0 ? static_cast<int>(*amount) : 1;
    if (!amount || *amount < 1.0)
      warn(r, fmt::format("QBP resource '{}' has no totalAmount >= 1: 1 assumed", pool.name));
    pool.cost_per_hour = number(r, "costPerHour").value_or(0.0);
    pool.calendar = r.attribute("timetableId").value();
    out.pools.push_back(std::move(pool));
    ++out.carried;
  }
  for (pugi::xml_node e = child(child(info, "elements"), "element"); e; e = e.next_sibling()) {
    if (local_name(e.name()) != "element") continue;
    ExternalTask task;
    if (const pugi::xml_node d = child(e, "durationDistribution")) {
      std::string problem;
      task.duration = qbp_distribution(d, true, &problem);
      if (!task.duration)
        warn(d, fmt::format("QBP duration of '{}': {}: default used", e.attribute("elementId").value(), problem));
    }
    if (const pugi::xml_node id = child(child(e, "resourceIds"), "resourceId")) task.pool = trim_text(id.child_value());
    task.fixed_cost = number(e, "fixedCost");
    out.tasks[e.attribute("elementId").value()] = std::move(task);
    ++out.carried;
  }
  for (pugi::xml_node f = child(child(info, "sequenceFlows"), "sequenceFlow"); f; f = f.next_sibling()) {
    if (local_name(f.name()) != "sequenceFlow") continue;
    if (const auto p = number(f, "executionProbability"); p && *p >= 0.0 && *p <= 1.0) {
      out.flow_probability[f.attribute("elementId").value()] = *p;
      ++out.carried;
    } else {
      warn(f, "QBP executionProbability is not a number in [0, 1]: dropped");
    }
  }
  return out;
}

}  // namespace bpm::design
