#include "bpm/metrics/unit.hpp"

namespace bpm {

const char* metric_unit_name(MetricUnit unit) noexcept {
  switch (unit) {
    case MetricUnit::Count: return "count";
    case MetricUnit::Duration: return "seconds";
    case MetricUnit::PerDay: return "per_day";
    case MetricUnit::Fraction: return "fraction";
    case MetricUnit::Money: return "money";
    case MetricUnit::MoneyPerDay: return "money_per_day";
    case MetricUnit::Level: return "level";
    case MetricUnit::Hours: return "hours";
    case MetricUnit::Number: return "number";
  }
  return "number";
}

MetricUnit metric_unit_from_name(std::string_view name) noexcept {
  for (const MetricUnit unit : kMetricUnits) {
    if (name == metric_unit_name(unit)) return unit;
  }
  // Names written by earlier versions and by hand.
  if (name == "duration" || name == "s") return MetricUnit::Duration;
  if (name == "per-day" || name == "cases/day") return MetricUnit::PerDay;
  if (name == "money/day" || name == "money-per-day") return MetricUnit::MoneyPerDay;
  return MetricUnit::Number;
}

}  // namespace bpm
