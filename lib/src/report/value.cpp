// Values of a report and the one way people see them (bpm/report/document.hpp): every tool's
// tables humanise numbers here, so "2.1h", "87.5%", "+2.6 pp" and "12,345" read the same everywhere.
#include <fmt/format.h>

#include <cmath>

#include "bpm/core/time.hpp"
#include "bpm/report/document.hpp"

namespace bpm::report {
namespace {

/// prefix + text, built without `const char* + std::string` (GCC 12 reports a bogus -Wrestrict
/// overlap for it at -O3).
std::string prefixed(std::string_view prefix, const std::string& text) {
  std::string out;
  out.reserve(prefix.size() + text.size());
  out += prefix;
  out += text;
  return out;
}

/// "12,345" from 12345.4.
std::string grouped(double value) {
  const std::string digits = fmt::format("{:.0f}", std::fabs(value));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return prefixed(value < 0 && digits != "0" ? "-" : "", out);
}

/// Three significant digits, whole and grouped from 1,000 on.
std::string plain(double value) {
  if (std::fabs(value) >= 1000.0) return grouped(value);
  if (value == 0.0) return "0";
  return fmt::format("{:.3g}", value);
}

std::string percent(double fraction) {
  const double p = fraction * 100.0;
  if (p != 0.0 && std::fabs(p) < 0.1) return fmt::format("{:.2g}%", p);
  return fmt::format("{:.1f}%", p);
}

std::string points(double fraction) {
  const double p = std::fabs(fraction) * 100.0;
  if (p != 0.0 && p < 0.1) return fmt::format("{:.2g} pp", p);
  return fmt::format("{:.1f} pp", p);
}

std::string non_finite(double value) {
  if (std::isnan(value)) return "n/a";
  return value > 0 ? "inf" : "-inf";
}

/// A magnitude (sign handled by the caller) in its unit.
std::string magnitude(double value, MetricUnit unit, std::string_view currency) {
  switch (unit) {
    case MetricUnit::Duration: return humanize_duration(value);
    case MetricUnit::Fraction: return percent(value);
    case MetricUnit::Count:
      return value == std::floor(value) && std::fabs(value) < 1e15 ? grouped(value) : plain(value);
    case MetricUnit::Money: return prefixed(currency, plain(value));
    case MetricUnit::MoneyPerDay: return prefixed(currency, plain(value)) + "/d";
    case MetricUnit::PerDay: return plain(value) + "/d";
    case MetricUnit::Hours: return plain(value) + "h";
    case MetricUnit::Level:
    case MetricUnit::Number: break;
  }
  return plain(value);
}

}  // namespace

Value Value::text(std::string text) {
  Value v(Kind::Text);
  v.text_ = std::move(text);
  return v;
}

Value Value::boolean(bool value) {
  Value v(Kind::Boolean);
  v.number_ = value ? 1.0 : 0.0;
  return v;
}

Value Value::integer(long long value) {
  Value v(Kind::Integer);
  v.number_ = static_cast<double>(value);
  v.text_ = fmt::format("{}", value);
  return v;
}

Value Value::measure(double value, MetricUnit unit) {
  Value v(Kind::Measure);
  v.number_ = value;
  v.unit_ = unit;
  return v;
}

Value Value::difference(double value, MetricUnit unit) {
  Value v(Kind::Difference);
  v.number_ = value;
  v.unit_ = unit;
  return v;
}

Value Value::half_width(double value, MetricUnit unit) {
  Value v(Kind::HalfWidth);
  v.number_ = value;
  v.unit_ = unit;
  return v;
}

Value Value::estimate(double mean, double half_width, MetricUnit unit) {
  Value v(Kind::Estimate);
  v.number_ = mean;
  v.second_ = half_width;
  v.unit_ = unit;
  return v;
}

Value Value::label(std::string shown, double value) {
  Value v(Kind::Label);
  v.number_ = value;
  v.text_ = std::move(shown);
  return v;
}

std::string human(double value, MetricUnit unit, std::string_view currency) {
  if (!std::isfinite(value)) return non_finite(value);
  if (value < 0.0) return prefixed("-", magnitude(-value, unit, currency));
  return magnitude(value, unit, currency);
}

std::string human_text(const Value& v, std::string_view currency) {
  const double x = v.number();
  switch (v.kind()) {
    case Value::Kind::Null: return "-";
    case Value::Kind::Text:
    case Value::Kind::Label: return v.string();
    case Value::Kind::Boolean: return v.flag() ? "yes" : "no";
    case Value::Kind::Integer: return grouped(x);
    case Value::Kind::Measure: return human(x, v.unit(), currency);
    case Value::Kind::Difference: {
      if (!std::isfinite(x)) return non_finite(x);
      const char* sign = x > 0 ? "+" : x < 0 ? "-" : "";
      if (v.unit() == MetricUnit::Fraction) return prefixed(sign, points(x));
      return prefixed(sign, magnitude(std::fabs(x), v.unit(), currency));
    }
    case Value::Kind::HalfWidth:
      if (!std::isfinite(x)) return non_finite(x);
      return v.unit() == MetricUnit::Fraction ? points(x) : magnitude(std::fabs(x), v.unit(), currency);
    case Value::Kind::Estimate: {
      std::string text = human(x, v.unit(), currency);
      if (!std::isfinite(x) || !std::isfinite(v.second())) return text;
      const double hw = std::fabs(v.second());
      if (v.unit() == MetricUnit::Fraction) return text + " ± " + points(hw);
      return text + " ± " +
             magnitude(
                 hw,
                 v.unit() == MetricUnit::Money || v.unit() == MetricUnit::MoneyPerDay ? MetricUnit::Number : v.unit(),
                 {});
    }
  }
  return {};
}

}  // namespace bpm::report
