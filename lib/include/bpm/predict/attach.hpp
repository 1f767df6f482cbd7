#pragma once
// A score model written into a process file as a computed attribute, so that routing
// (`when: "score >= 0.6"`) and queues (`priority: score`) can act on it: bpm-optimize score attach.
#include <string>

#include "bpm/core/export.hpp"
#include "bpm/model/process.hpp"
#include "bpm/predict/score_model.hpp"

namespace bpm::predict {

/// The model as an expression of the process language over the case attributes, e.g.
/// "logistic(-1.2 + 0.83 * (segment == 'mid-market') + 0.000041 * deal_value)". Throws UsageError
/// when the model reads what a case does not have at arrival (a cut other than arrival).
[[nodiscard]] BPM_API std::string score_expression(const ScoreModel& model);

/// Adds (or replaces) the attribute `name` = { formula: score_expression(model) } after the
/// process's arrival attributes. Throws UsageError when the model is not an arrival model, and
/// ModelError (at the attribute's declaration) when an attribute the model reads is missing from
/// the process or has the wrong kind (a numeric column on a categorical attribute).
BPM_API void attach_score(Process& process, const ScoreModel& model, const std::string& name);

}  // namespace bpm::predict
