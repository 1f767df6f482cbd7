#include "bpm/kpi/report.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "bpm/kpi/report_format.hpp"

namespace bpm::kpi {

const char* status_name(Status status) noexcept {
  switch (status) {
    case Status::None: return "none";
    case Status::Green: return "green";
    case Status::Amber: return "amber";
    case Status::Red: return "red";
    case Status::Unknown: return "unknown";
  }
  return "none";
}

Status status_of(double value, const std::optional<Target>& target) noexcept {
  if (!target) return Status::None;
  if (!std::isfinite(value)) return Status::Unknown;
  if (target->met_by(value)) return Status::Green;
  // Amber: the miss is at most 10% of the target value (share/doc/metrics.md).
  const double tolerance = 0.1 * std::fabs(target->value);
  return std::fabs(value - target->value) <= tolerance ? Status::Amber : Status::Red;
}

const Metric* Report::find(std::string_view name) const noexcept {
  for (const Metric& m : metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

double Report::value(std::string_view name) const noexcept {
  const Metric* m = find(name);
  return m != nullptr ? m->value : std::numeric_limits<double>::quiet_NaN();
}

bool Report::has_targets() const noexcept {
  for (const KpiResult& k : kpis) {
    if (k.target) return true;
  }
  for (const ObjectiveResult& o : objectives) {
    if (o.target) return true;
  }
  return false;
}

std::vector<std::string> Report::missed_targets() const {
  std::vector<std::string> missed;
  auto describe = [](const std::string& what, double value, Unit unit, const Target& target, Status status) {
    if (status == Status::Unknown) return fmt::format("{}: not measurable (target {})", what, target.text);
    return fmt::format("{}: {} (target {}, {})", what, format_value(value, unit), target.text, status_name(status));
  };
  for (const KpiResult& k : kpis) {
    if (k.target && (k.status == Status::Amber || k.status == Status::Red || k.status == Status::Unknown)) {
      missed.push_back(describe(k.id, k.value, k.value_unit, *k.target, k.status));
    }
  }
  for (const ObjectiveResult& o : objectives) {
    // An objective on a KPI that carries the same target was listed already.
    bool listed = false;
    for (const KpiResult& k : kpis)
      listed = listed || (k.id == o.kpi && k.target && o.target && *k.target == *o.target);
    if (listed) continue;
    if (o.target && (o.status == Status::Amber || o.status == Status::Red || o.status == Status::Unknown)) {
      missed.push_back(describe("objective " + o.kpi, o.value, o.unit, *o.target, o.status));
    }
  }
  return missed;
}

}  // namespace bpm::kpi
