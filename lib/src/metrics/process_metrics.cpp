// The vocabulary instantiated for one process file: the names its runs and logs can have.
#include <algorithm>

#include "bpm/metrics/registry.hpp"
#include "bpm/model/process.hpp"

namespace bpm::metrics {
namespace {

/// Metrics with a placeholder come in families expanded element by element (all the metrics of
/// step A, then those of step B), as the tools report them.
enum class Family : std::uint8_t { Run, Outcome, Sla, Step, Resource, Stream, Stage };

Family family_of(Scope scope) noexcept {
  switch (scope) {
    case Scope::Run: return Family::Run;
    case Scope::Outcome: return Family::Outcome;
    case Scope::Sla: return Family::Sla;
    case Scope::Node:
    case Scope::Step:
    case Scope::Task:
    case Scope::Timeout:
    case Scope::Escalate:
    case Scope::Abandon:
    case Scope::Batch: return Family::Step;
    case Scope::Resource:
    case Scope::Member: return Family::Resource;
    case Scope::Stream: return Family::Stream;
    case Scope::Stage: return Family::Stage;
  }
  return Family::Run;
}

/// Whether a step has the metrics of `scope`. Logs record tasks and timer waits, not joins.
bool applies(Scope scope, const Step& step, Source source) noexcept {
  switch (scope) {
    case Scope::Node:
      return step.kind == StepKind::Task || step.kind == StepKind::Wait ||
             (step.kind == StepKind::Join && measured_by(source, Source::Simulation));
    case Scope::Step: return step.kind == StepKind::Task || step.kind == StepKind::Wait;
    case Scope::Task: return step.kind == StepKind::Task;
    case Scope::Timeout: return step.timeout.has_value();
    case Scope::Escalate: return step.escalate.has_value();
    case Scope::Abandon: return step.abandon.has_value();
    case Scope::Batch: return step.batch.has_value();
    default: return false;
  }
}

std::uint8_t available_needs(const Process& process) {
  std::uint8_t needs = kNeedsCost | kNeedsProcess;
  const std::vector<std::string> outcomes = process.outcomes();
  if (std::find(outcomes.begin(), outcomes.end(), "won") != outcomes.end()) needs |= kNeedsWon;
  if (std::any_of(process.steps.begin(), process.steps.end(),
                  [](const Step& s) { return s.kind == StepKind::End && s.revenue.has_value(); })) {
    needs |= kNeedsRevenue;
  }
  return needs;
}

}  // namespace

std::vector<ProcessMetric> process_metrics(const Process& process, Source source) {
  const std::span<const MetricDef> defs = definitions();
  const std::uint8_t available = available_needs(process);
  const auto wanted = [&](const MetricDef& def) {
    return measured_by(def.sources, source) && (def.needs & available) == def.needs;
  };
  std::vector<ProcessMetric> out;
  std::size_t i = 0;
  while (i < defs.size()) {
    const Family family = family_of(defs[i].scope);
    std::size_t end = i + 1;
    while (end < defs.size() && family_of(defs[end].scope) == family) ++end;
    const auto emit = [&](std::string_view id, auto&& applies_to) {
      for (std::size_t k = i; k < end; ++k) {
        if (wanted(defs[k]) && applies_to(defs[k])) out.push_back({metric_name(defs[k], id), &defs[k]});
      }
    };
    const auto always = [](const MetricDef&) { return true; };
    switch (family) {
      case Family::Run: emit({}, always); break;
      case Family::Outcome:
        for (const std::string& outcome : process.outcomes()) emit(outcome, always);
        break;
      case Family::Sla:
        for (const Sla& sla : process.slas) emit(sla.id, always);
        break;
      case Family::Step:
        for (const Step& step : process.steps) {
          emit(step.id, [&](const MetricDef& def) { return applies(def.scope, step, source); });
        }
        break;
      case Family::Resource:
        // A pool's metrics, then each named member's (as the simulator reports them).
        for (const Resource& resource : process.resources) {
          emit(resource.id, [](const MetricDef& def) { return def.scope == Scope::Resource; });
          for (const Member& member : resource.members) {
            emit(resource.id + ".members." + member.id,
                 [](const MetricDef& def) { return def.scope == Scope::Member; });
          }
        }
        break;
      case Family::Stream:
        for (const ArrivalStream& stream : process.arrivals.streams) emit(stream.id, always);
        break;
      case Family::Stage: break;  // a funnel's stages are chosen when the log is read
    }
    i = end;
  }
  return out;
}

std::vector<std::string> accepted_names(const Process& process) {
  std::vector<std::string> names;
  for (const ProcessMetric& m : process_metrics(process, Source::Both)) names.push_back(m.name);
  for (const KpiDef& kpi : process.kpis) names.push_back(kpi.id);
  return names;
}

}  // namespace bpm::metrics
