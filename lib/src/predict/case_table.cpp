#include "case_table.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bpm::predict_detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool contains(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

CaseTable::CaseTable(const predict::TrainOptions& options, const kpi::LogInfo& info) : options_(options), info_(info) {}

void CaseTable::start_attributes() {
  started_ = true;
  const auto& names = info_.dictionary.attributes;
  for (std::size_t a = 0; a < names.size(); ++a) {
    const std::string& name = names[a];
    if (contains(options_.exclude, name)) continue;
    if (!options_.include.empty() && !contains(options_.include, name)) continue;
    AttributeValues values;
    values.name = name;
    values.log_index = a;
    values.forced_categorical = contains(options_.categorical, name);
    attributes.push_back(std::move(values));
  }
}

void CaseTable::on_case(kpi::CaseRecord& record) {
  if (!started_) start_attributes();
  ++cases_read;
  if (!record.outcome.empty() && (outcomes.size() < 50 || outcomes.contains(record.outcome)))
    ++outcomes[record.outcome];
  const predict::Label& l = options_.label;
  const std::int64_t label_activity = l.activity.empty() ? -1 : info_.dictionary.activities.find(l.activity);
  const std::int64_t cut_activity =
      options_.cut.kind == predict::Cut::Kind::After ? info_.dictionary.activities.find(options_.cut.activity) : -1;
  facts_at_cut(record, l, options_.cut, label_activity, cut_activity, info_.has_outcome, std::nullopt, facts_);
  if (facts_.label.value < 0) {
    ++unlabelled;
    return;
  }
  if (facts_.state == CaseState::NotReached || facts_.state == CaseState::Empty) {
    ++not_reached;
    return;
  }
  if (facts_.state == CaseState::Decided) {
    ++decided_before_cut;
    return;
  }
  ids.push_back(record.id);
  replications.push_back(record.replication);
  start.push_back(facts_.start);
  decided.push_back(facts_.label.decided);
  label.push_back(static_cast<std::uint8_t>(facts_.label.value));
  elapsed.push_back(facts_.elapsed);
  waiting.push_back(facts_.waiting);
  last.push_back(facts_.last);
  counts.insert(counts.end(), facts_.counts.begin(), facts_.counts.end());
  count_offsets.push_back(static_cast<std::uint32_t>(counts.size()));
  for (AttributeValues& a : attributes) {
    const std::string& stored = a.log_index < record.attributes.size() ? record.attributes[a.log_index] : std::string();
    const std::string_view text = is_missing_value(stored) ? std::string_view() : std::string_view(stored);
    if (!text.empty()) ++a.recorded;
    const bool known = !text.empty() && a.log_index < facts_.known.size() && facts_.known[a.log_index];
    if (!text.empty() && !known) ++a.late;
    if (!known) {
      a.number.push_back(kNaN);
      a.level.push_back(AttributeValues::kMissing);
      continue;
    }
    const double x = parse_value(text);
    a.number.push_back(x);
    if (!std::isnan(x)) {
      a.level.push_back(AttributeValues::kNumeric);  // interned only if the attribute turns out categorical
      continue;
    }
    a.numeric = false;
    std::int64_t id = a.levels.find(text);
    if (id < 0 && a.levels.size() < AttributeValues::kMaxDistinct) id = a.levels.intern(text);
    a.level.push_back(id < 0 ? AttributeValues::kOverflow : static_cast<std::uint32_t>(id));
  }
}

void CaseTable::reset() {
  ids.clear();
  replications.clear();
  start.clear();
  decided.clear();
  label.clear();
  elapsed.clear();
  waiting.clear();
  last.clear();
  count_offsets.assign(1, 0);
  counts.clear();
  attributes.clear();
  started_ = false;
  cases_read = unlabelled = not_reached = decided_before_cut = 0;
  outcomes.clear();
}

}  // namespace bpm::predict_detail
