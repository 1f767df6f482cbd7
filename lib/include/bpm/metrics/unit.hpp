#pragma once
#include <cstdint>
#include <string_view>

#include "bpm/core/export.hpp"

namespace bpm {

/// How a metric's values are to be read and shown. Inside the library durations are seconds,
/// fractions are 0..1 and money is in the currency of the process file; machine output (JSON,
/// YAML, CSV) keeps these units and names them, tables humanise them (share/doc/metrics.md).
enum class MetricUnit : std::uint8_t {
  Count,        // a number of things (cases, executions)
  Duration,     // seconds
  PerDay,       // things per day
  Fraction,     // 0..1 (rates, utilisation, adherence, efficiency)
  Money,        // currency units of the process file
  MoneyPerDay,  // money per day (pipeline velocity)
  Level,        // a time-averaged number (WIP, queue length)
  Hours,        // a number of hours, for metrics whose name says so (busy_hours)
  Number,       // anything else (ratios, KPI formulas without a unit)
};

/// Every unit, in declaration order.
inline constexpr MetricUnit kMetricUnits[] = {MetricUnit::Count,    MetricUnit::Duration, MetricUnit::PerDay,
                                              MetricUnit::Fraction, MetricUnit::Money,    MetricUnit::MoneyPerDay,
                                              MetricUnit::Level,    MetricUnit::Hours,    MetricUnit::Number};

/// The unit's name in machine output: "count", "seconds", "per_day", "fraction", "money",
/// "money_per_day", "level", "hours", "number".
[[nodiscard]] BPM_API const char* metric_unit_name(MetricUnit unit) noexcept;

/// Inverse of metric_unit_name; also reads the names of earlier documents ("duration" for seconds).
/// Number for anything unknown.
[[nodiscard]] BPM_API MetricUnit metric_unit_from_name(std::string_view name) noexcept;

}  // namespace bpm
