#pragma once
// Case attributes of an event log: the columns of a CSV log whose value never changes within a
// case (a customer segment, an amount requested), found by reading the log once more beside the
// KPI reader. They become the `arrivals.attributes` of the discovered model, and the data that
// branch conditions may test (discover/branch_conditions.hpp).
#include <string>
#include <vector>

#include "bpm/kpi/log_reader.hpp"
#include "bpm/model/process.hpp"
#include "discover/log_store.hpp"

namespace bpm::discover {

struct CaseAttribute {
  std::string column;  // as the log names it
  std::string name;    // the same, made an identifier of the expression language
  bool numeric = false;
  std::vector<std::string> values;  // per LogStore case, empty when the case has none
  std::vector<double> numbers;      // per case, NaN when missing (numeric only)
  std::size_t present = 0;          // cases with a value
  std::size_t distinct = 0;
};

struct AttributeScan {
  std::vector<CaseAttribute> attributes;
  std::vector<std::string> notes;  // columns left out, and why
};

/// The trace-level attribute keys of the XES logs among `paths` (their `<global scope="trace">`
/// declaration and the first trace's own attributes), without the case id key: what the log
/// reader must keep per case (kpi::LogOptions::keep_attributes) for scan_case_attributes.
[[nodiscard]] std::vector<std::string> xes_case_attribute_keys(const std::vector<std::string>& paths,
                                                               const kpi::LogOptions& options);

/// Reads the CSV logs among `paths` (standard input is not re-read) and keeps the columns that
/// are constant within every case (empty values aside), not the case id, and carry information:
/// more than one value, and not a fresh value for almost every case (identifiers, timestamps)
/// unless numeric. The trace attributes of XES logs, which the reader kept per case
/// (LogStore::attribute_names), are judged alike.
[[nodiscard]] AttributeScan scan_case_attributes(const std::vector<std::string>& paths, const kpi::LogOptions& options,
                                                 const LogStore& log);

/// The attribute of the process format that samples like `a` across cases: category weights, or
/// the best-fitting distribution (discover/fit.hpp). `summary` says what was fitted.
[[nodiscard]] Attribute model_attribute(const CaseAttribute& a, std::string& summary);

}  // namespace bpm::discover
