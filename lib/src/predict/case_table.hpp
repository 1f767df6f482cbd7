#pragma once
// The cases of the training logs at the cut, kept compactly (numbers and interned levels, not the
// event rows), so that a million cases with fifty attributes fit in memory. Private to predict.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bpm/kpi/log_reader.hpp"
#include "bpm/predict/train.hpp"
#include "case_facts.hpp"

namespace bpm::predict_detail {

/// An attribute column's values over the usable labelled cases.
struct AttributeValues {
  std::string name;
  std::size_t log_index = 0;  // in CaseRecord::attributes
  bool forced_categorical = false;
  bool numeric = true;               // every value recorded by the cut is a finite number
  std::vector<double> number;        // NaN: missing, not a number, or recorded only after the cut
  std::vector<std::uint32_t> level;  // index into levels (text values); kNumeric, kMissing or kOverflow
  kpi::NameTable levels;             // distinct text values, up to kMaxDistinct; numbers are not interned
  std::uint64_t recorded = 0;        // cases with a value
  std::uint64_t late = 0;            // of those, cases whose value was recorded only after the cut

  static constexpr std::uint32_t kMissing = 0xFFFFFFFF;
  static constexpr std::uint32_t kOverflow = 0xFFFFFFFE;
  static constexpr std::uint32_t kNumeric = 0xFFFFFFFD;  // the level is the number, in its shortest form
  static constexpr std::size_t kMaxDistinct = 4096;
};

class CaseTable final : public kpi::CaseSink {
 public:
  CaseTable(const predict::TrainOptions& options, const kpi::LogInfo& info);

  void on_case(kpi::CaseRecord& record) override;
  void reset() override;

  // Usable labelled cases, in the order read.
  std::vector<std::string> ids;
  std::vector<std::uint32_t> replications;
  std::vector<Time> start;
  std::vector<Time> decided;  // when the outcome became known
  std::vector<std::uint8_t> label;
  std::vector<double> elapsed;
  std::vector<double> waiting;
  std::vector<std::int32_t> last;               // log activity, -1 before any
  std::vector<std::uint32_t> count_offsets{0};  // counts of case i: [offsets[i], offsets[i + 1])
  std::vector<std::pair<std::uint32_t, std::uint32_t>> counts;
  std::vector<AttributeValues> attributes;

  // Everything read, for the report.
  std::uint64_t cases_read = 0;
  std::uint64_t unlabelled = 0;
  std::uint64_t not_reached = 0;
  std::uint64_t decided_before_cut = 0;
  std::map<std::string, std::uint64_t> outcomes;  // outcome values seen (up to 50)

  [[nodiscard]] std::size_t size() const noexcept { return label.size(); }

 private:
  void start_attributes();

  const predict::TrainOptions& options_;
  const kpi::LogInfo& info_;
  bool started_ = false;
  CaseFacts facts_;
};

}  // namespace bpm::predict_detail
