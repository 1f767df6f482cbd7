// KpiAccumulator: every KPI of share/doc/kpi-definitions.md from a stream of finished cases, in
// memory proportional to the activities, resources, variants and open cases, not to the events.
#include "kpi/accumulator_impl.hpp"

namespace bpm::kpi {

KpiAccumulator::KpiAccumulator(const AnalysisOptions& options, const LogInfo& info)
    : impl_(new Impl(options, info)) {}

KpiAccumulator::~KpiAccumulator() { delete impl_; }

void KpiAccumulator::on_case(CaseRecord& record) { impl_->add(record); }

void KpiAccumulator::reset() {
  impl_->states.clear();
  impl_->state_of_replication.clear();
  impl_->replication_ids.clear();
  impl_->case_stamp = 0;
  impl_->excluded = 0;
  impl_->period_decided = false;
}

}  // namespace bpm::kpi
