#include "design/bpsim.hpp"

#include <fmt/format.h>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bpm/model/routing_analysis.hpp"
#include "design/labels.hpp"
#include "model/distribution_support.hpp"

namespace bpm::design {
namespace {

constexpr double kMinute = 60.0;
constexpr double kHour = 3600.0;
constexpr double kDay = 86400.0;

void set(pugi::xml_node node, const char* attribute, double value) {
  node.append_attribute(attribute).set_value(number_text(value).c_str());
}

}  // namespace

std::string_view local_name(const char* name) {
  const std::string_view text(name);
  const auto colon = text.find(':');
  return colon == std::string_view::npos ? text : text.substr(colon + 1);
}

std::string trim_text(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::size_t b = 0;
  std::size_t e = text.size();
  while (b < e && space(text[b])) ++b;
  while (e > b && space(text[e - 1])) --e;
  return std::string(text.substr(b, e - b));
}

std::string iso_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds <= 0.0) return "PT0S";
  std::string out = "P";
  double rest = seconds;
  const auto whole = [&](double unit) {
    const double n = std::floor(rest / unit + 1e-9);
    rest = std::max(0.0, rest - n * unit);
    return n;
  };
  const double days = whole(kDay);
  if (days > 0) out += fmt::format("{}D", days);
  const double hours = whole(kHour);
  const double minutes = whole(kMinute);
  if (hours > 0 || minutes > 0 || rest > 1e-9) {
    out += "T";
    if (hours > 0) out += fmt::format("{}H", hours);
    if (minutes > 0) out += fmt::format("{}M", minutes);
    if (rest > 1e-9) out += fmt::format("{}S", std::round(rest * 1000.0) / 1000.0);
  }
  return out;
}

std::optional<double> parse_iso_duration(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
  if (i >= text.size() || text[i] != 'P') return std::nullopt;
  ++i;
  bool time = false;
  bool any = false;
  double seconds = 0.0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') break;
    if (c == 'T') {
      if (time) return std::nullopt;
      time = true;
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.' || text[i] == ',')) ++i;
    if (i == start || i >= text.size()) return std::nullopt;
    std::string number(text.substr(start, i - start));
    for (char& ch : number) ch = ch == ',' ? '.' : ch;
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size()) return std::nullopt;
    double unit = 0.0;
    switch (text[i]) {
      case 'Y': unit = time ? 0.0 : 365.0 * kDay; break;
      case 'M': unit = time ? kMinute : 30.0 * kDay; break;
      case 'W': unit = time ? 0.0 : 7.0 * kDay; break;
      case 'D': unit = time ? 0.0 : kDay; break;
      case 'H': unit = time ? kHour : 0.0; break;
      case 'S': unit = time ? 1.0 : 0.0; break;
      default: return std::nullopt;
    }
    if (unit == 0.0) return std::nullopt;
    seconds += value * unit;
    any = true;
    ++i;
  }
  for (; i < text.size(); ++i) {
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') return std::nullopt;
  }
  if (!any) return std::nullopt;
  return seconds;
}

BpsimUnit bpsim_unit(double time_unit_seconds) {
  if (time_unit_seconds >= kDay) return {"day", kDay};
  if (time_unit_seconds >= kHour) return {"hour", kHour};
  if (time_unit_seconds >= kMinute) return {"min", kMinute};
  return {"s", 1.0};
}

std::optional<double> bpsim_unit_seconds(std::string_view name) {
  if (name == "ms") return 0.001;
  if (name == "s") return 1.0;
  if (name == "min") return kMinute;
  if (name == "hour") return kHour;
  if (name == "day") return kDay;
  if (name == "year") return 365.0 * kDay;
  return std::nullopt;
}

std::optional<Distribution> at_expected_parameters(const Process& process, const Distribution& d,
                                                   std::string_view key) {
  if (!d.data_dependent()) return d;
  Distribution fixed = d;
  fixed.expressions.clear();
  for (const ParamExpression& e : d.expressions) {
    const double x = expected_value(process, e.expression, key) * e.unit;
    if (!std::isfinite(x)) return std::nullopt;
    set_parameter(fixed.p, fixed.lower, fixed.upper, e.slot, x);
  }
  if (!valid_parameters(fixed.kind, fixed.p, fixed.lower, fixed.upper)) return std::nullopt;
  return fixed;
}

bool append_bpsim_distribution(pugi::xml_node parent, const Distribution& d, const BpsimUnit& unit) {
  if (d.data_dependent()) return false;
  for (const double q : d.p) {
    if (std::isnan(q)) return false;
  }
  const bool truncated = std::isfinite(d.lower) || std::isfinite(d.upper);
  if (d.scale != 1.0 || (truncated && d.kind != DistKind::TruncatedNormal)) return false;
  // Time parameters are written in the scenario's base unit; shapes and counts as they are.
  const double t = d.is_time ? unit.seconds : 1.0;
  const auto& q = d.p;
  auto element = [&](const char* name) { return parent.append_child(fmt::format("bpsim:{}", name).c_str()); };
  switch (d.kind) {
    case DistKind::Constant: {
      auto e = element("FloatingParameter");
      set(e, "value", q[0] / t);
      return true;
    }
    case DistKind::Uniform: {
      auto e = element("UniformDistribution");
      set(e, "min", q[0] / t);
      set(e, "max", q[1] / t);
      return true;
    }
    case DistKind::Exponential: {
      auto e = element("NegativeExponentialDistribution");
      set(e, "mean", q[0] / t);
      return true;
    }
    case DistKind::Normal:
    case DistKind::Lognormal: {
      auto e = element(d.kind == DistKind::Normal ? "NormalDistribution" : "LogNormalDistribution");
      set(e, "mean", q[0] / t);
      set(e, "standardDeviation", q[1] / t);
      return true;
    }
    case DistKind::Triangular: {
      auto e = element("TriangularDistribution");
      set(e, "min", q[0] / t);
      set(e, "mode", q[1] / t);
      set(e, "max", q[2] / t);
      return true;
    }
    case DistKind::Gamma:
    case DistKind::Weibull: {
      auto e = element(d.kind == DistKind::Gamma ? "GammaDistribution" : "WeibullDistribution");
      set(e, "shape", q[0]);
      set(e, "scale", q[1] / t);
      return true;
    }
    case DistKind::Erlang: {
      auto e = element("ErlangDistribution");
      set(e, "k", q[0]);
      set(e, "mean", q[1] / t);
      return true;
    }
    case DistKind::TruncatedNormal: {
      auto e = element("TruncatedNormalDistribution");
      set(e, "mean", q[0] / t);
      set(e, "standardDeviation", q[1] / t);
      set(e, "min", (truncated ? std::max(q[2], d.lower) : q[2]) / t);
      set(e, "max", (truncated ? std::min(q[3], d.upper) : q[3]) / t);
      return true;
    }
    case DistKind::Poisson:
    case DistKind::Binomial:
      if (d.is_time) return false;
      if (d.kind == DistKind::Poisson) {
        set(element("PoissonDistribution"), "mean", q[0]);
      } else {
        auto e = element("BinomialDistribution");
        set(e, "probability", q[1]);
        set(e, "trials", q[0]);
      }
      return true;
    case DistKind::Empirical: {
      auto e = element("UserDistribution");
      e.append_attribute("discrete").set_value("true");
      for (std::size_t i = 0; i < d.values.size() && i < d.weights.size(); ++i) {
        auto point = e.append_child("bpsim:UserDistributionDataPoint");
        set(point, "probability", d.weights[i]);
        set(point.append_child("bpsim:FloatingParameter"), "value", d.values[i] / t);
      }
      return true;
    }
    case DistKind::Beta:
    case DistKind::Histogram: return false;
  }
  return false;
}

std::optional<std::string> bpsim_distribution_text(pugi::xml_node parent, std::string* unsupported) {
  for (pugi::xml_node e = parent.first_child(); e; e = e.next_sibling()) {
    if (e.type() != pugi::node_element) continue;
    const std::string_view name = local_name(e.name());
    auto a = [&](const char* attribute) { return std::string(e.attribute(attribute).value()); };
    auto ok = [&](std::initializer_list<const char*> attributes) {
      for (const char* attribute : attributes) {
        if (e.attribute(attribute).empty()) return false;
      }
      return true;
    };
    if (name == "FloatingParameter" || name == "NumericParameter") {
      if (ok({"value"})) return a("value");
    } else if (name == "DurationParameter") {
      // ISO durations carry their own unit: write seconds with the unit so the base unit is moot.
      if (const auto seconds = parse_iso_duration(a("value"))) return fmt::format("{}s", number_text(*seconds));
    } else if (name == "UniformDistribution") {
      if (ok({"min", "max"})) return fmt::format("uniform({}, {})", a("min"), a("max"));
    } else if (name == "NegativeExponentialDistribution" || name == "ExponentialDistribution") {
      if (ok({"mean"})) return fmt::format("exponential({})", a("mean"));
    } else if (name == "NormalDistribution") {
      if (ok({"mean", "standardDeviation"})) return fmt::format("normal({}, {})", a("mean"), a("standardDeviation"));
    } else if (name == "LogNormalDistribution") {
      if (ok({"mean", "standardDeviation"})) {
        return fmt::format("lognormal(mean: {}, sd: {})", a("mean"), a("standardDeviation"));
      }
    } else if (name == "TriangularDistribution") {
      if (ok({"min", "mode", "max"})) return fmt::format("triangular({}, {}, {})", a("min"), a("mode"), a("max"));
    } else if (name == "GammaDistribution" || name == "WeibullDistribution") {
      if (ok({"shape", "scale"})) {
        return fmt::format("{}(shape: {}, scale: {})", name == "GammaDistribution" ? "gamma" : "weibull", a("shape"),
                           a("scale"));
      }
    } else if (name == "ErlangDistribution") {
      if (ok({"k", "mean"})) return fmt::format("erlang(k: {}, mean: {})", a("k"), a("mean"));
    } else if (name == "TruncatedNormalDistribution") {
      if (ok({"mean", "standardDeviation", "min", "max"})) {
        return fmt::format("truncated_normal({}, {}, {}, {})", a("mean"), a("standardDeviation"), a("min"), a("max"));
      }
    } else if (name == "PoissonDistribution") {
      if (ok({"mean"})) return fmt::format("poisson({})", a("mean"));
    } else if (name == "BinomialDistribution") {
      if (ok({"probability", "trials"})) return fmt::format("binomial({}, {})", a("trials"), a("probability"));
    } else if (name == "UserDistribution") {
      std::string rows;
      for (pugi::xml_node point = e.first_child(); point; point = point.next_sibling()) {
        if (local_name(point.name()) != "UserDistributionDataPoint") continue;
        const pugi::xml_node value = point.first_child();
        if (!value || value.attribute("value").empty() || point.attribute("probability").empty()) continue;
        rows += fmt::format("{}[{}, {}]", rows.empty() ? "" : ", ", value.attribute("value").value(),
                            point.attribute("probability").value());
      }
      if (!rows.empty()) return fmt::format("empirical({})", rows);
    }
    if (unsupported != nullptr) *unsupported = std::string(name);
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace bpm::design
