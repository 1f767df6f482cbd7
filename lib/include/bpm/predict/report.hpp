#pragma once
// The report of bpm-optimize score train: data, validation (test, cross-validation, training),
// calibration, lift and gain, confusion and expected value, coefficients in words, warnings.
#include <string>

#include "bpm/core/export.hpp"
#include "bpm/optimize/report.hpp"
#include "bpm/predict/train.hpp"

namespace bpm::predict {

/// The training report as a table, Markdown, JSON or YAML. Deterministic bytes for the same input.
[[nodiscard]] BPM_API std::string format_train_report(const TrainResult& result, OptimizeFormat format);

}  // namespace bpm::predict
