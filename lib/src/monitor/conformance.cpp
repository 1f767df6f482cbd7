// ConformanceChecker: aligns each measured case with the process (once per distinct trace) and
// gathers fitness, precision and the deviations.
#include "bpm/monitor/conformance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "bpm/io/csv.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "bpm/stats/running_stats.hpp"
#include "bpm/stats/student_t.hpp"
#include "kpi/process_index.hpp"
#include "kpi/spill_file.hpp"
#include "monitor/alignment.hpp"
#include "monitor/deviations.hpp"

namespace bpm::monitor {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Nodes of the prefix tree behind precision; a log with more distinct prefixes is measured on
// the traces that fit in it.
constexpr std::size_t kMaxPrefixNodes = std::size_t{1} << 21;

/// A distinct trace and what its alignment found.
struct Variant {
  bool complete = false;  // aligned to an end (a completed case), not as a prefix
  bool aligned = false;
  std::uint32_t deviations = 0;
  std::uint32_t worst = 0;  // deviations of the worst alignment: every event a log move, plus the shortest run
  std::vector<std::uint32_t> deviation_ids;  // in order, repeats kept
  std::vector<std::int32_t> projection_labels;
  std::vector<std::uint32_t> projection_markings;
  std::uint64_t cases = 0;

  [[nodiscard]] double fitness() const {
    return worst > 0 ? 1.0 - static_cast<double>(deviations) / static_cast<double>(worst) : 1.0;
  }
};

struct DeviationStats {
  std::string text;
  DeviationKind kind = DeviationKind::Skipped;
  std::uint64_t cases = 0;
  std::uint64_t occurrences = 0;
  std::uint64_t last_case = 0;
  std::vector<std::pair<std::string, std::uint32_t>> examples;  // case id, replication
  RunningStats cycle;                                           // completed cases
};

}  // namespace

struct ConformanceChecker::State {
  ConformanceOptions options;
  kpi::ProcessIndex index;
  PetriNet net;
  Aligner aligner;

  std::vector<std::int32_t> label_of_activity;  // grown as the reader interns names
  std::unordered_map<std::string, std::uint32_t> variant_of;
  std::vector<Variant> variants;
  Variant uncached;  // the alignment of a case whose trace is not remembered
  std::unordered_map<std::string, std::uint32_t> deviation_of;
  std::vector<DeviationStats> deviations;

  std::uint64_t stamp = 0;
  // Case ids repeat across the replications of a simulated log: name the replication then.
  std::optional<std::uint32_t> first_replication;
  bool several_replications = false;
  std::uint64_t cases = 0;
  std::uint64_t completed = 0;
  std::uint64_t in_flight = 0;
  std::uint64_t fitting = 0;
  std::uint64_t fitting_completed = 0;
  std::uint64_t not_checked = 0;
  double fitness_sum = 0.0;
  std::uint64_t deviation_total = 0;
  std::uint64_t worst_total = 0;
  RunningStats fitting_cycle;
  std::vector<CaseConformance> example_cases;
  std::unique_ptr<kpi::SpillFile> rows;
  std::uint64_t row_count = 0;

  // Scratch, reused per case.
  std::string key;
  std::vector<std::int32_t> trace;
  std::vector<std::string_view> names;

  State(const Process& process, ConformanceOptions o)
      : options(o), index(process), net(compile_net(process)), aligner(net, o.max_states) {}

  void sync_labels(const kpi::LogInfo& info) {
    const kpi::NameTable& activities = info.dictionary.activities;
    while (label_of_activity.size() < activities.size()) {
      const Step* step = index.step_for(activities.name(static_cast<std::uint32_t>(label_of_activity.size())));
      std::int32_t label = kSilent;
      if (step != nullptr) {
        for (std::size_t i = 0; i < index.process().steps.size(); ++i) {
          if (&index.process().steps[i] == step) label = net.label_of_step[i];
        }
      }
      label_of_activity.push_back(label);
    }
  }

  std::uint32_t deviation_id(const DescribedDeviation& d) {
    const auto [it, added] = deviation_of.try_emplace(d.text, static_cast<std::uint32_t>(deviations.size()));
    if (added) {
      DeviationStats stats;
      stats.text = d.text;
      stats.kind = d.kind;
      deviations.push_back(std::move(stats));
    }
    return it->second;
  }

  /// A case's deviations in order, a repeated one once with its count: "skipped `x` (2×)".
  std::vector<std::string> case_texts(const Variant& v) const {
    std::vector<std::string> out;
    for (std::size_t k = 0; k < v.deviation_ids.size(); ++k) {
      const std::uint32_t id = v.deviation_ids[k];
      if (std::find(v.deviation_ids.begin(), v.deviation_ids.begin() + static_cast<std::ptrdiff_t>(k), id) !=
          v.deviation_ids.begin() + static_cast<std::ptrdiff_t>(k)) {
        continue;
      }
      const auto times = std::count(v.deviation_ids.begin(), v.deviation_ids.end(), id);
      out.push_back(times > 1 ? fmt::format("{} ({}×)", deviations[id].text, times) : deviations[id].text);
    }
    return out;
  }

  void align(Variant& v, bool complete, bool has_outcome) {
    const Alignment a = aligner.align(trace, complete, has_outcome);
    v.complete = complete;
    v.aligned = a.aligned;
    v.worst =
        static_cast<std::uint32_t>(trace.size()) + (complete ? aligner.shortest_run() + (has_outcome ? 1U : 0U) : 0U);
    v.deviation_ids.clear();
    v.projection_labels.clear();
    v.projection_markings.clear();
    if (!a.aligned) return;
    v.deviations = a.deviations;
    for (const DescribedDeviation& d : describe(a, net, names, has_outcome)) v.deviation_ids.push_back(deviation_id(d));
    v.projection_labels = a.projection_labels;
    v.projection_markings = a.projection_markings;
  }
};

ConformanceChecker::ConformanceChecker(const Process& process, ConformanceOptions options)
    : state_(std::make_unique<State>(process, options)) {
  state_->rows = std::make_unique<kpi::SpillFile>();
}

ConformanceChecker::~ConformanceChecker() = default;

void ConformanceChecker::reset() {
  State& s = *state_;
  s.variant_of.clear();
  s.variants.clear();
  s.deviation_of.clear();
  s.deviations.clear();
  s.first_replication.reset();
  s.several_replications = false;
  s.stamp = s.cases = s.completed = s.in_flight = s.fitting = s.fitting_completed = s.not_checked = 0;
  s.fitness_sum = 0.0;
  s.deviation_total = s.worst_total = 0;
  s.fitting_cycle = RunningStats();
  s.example_cases.clear();
  s.rows = std::make_unique<kpi::SpillFile>();
  s.row_count = 0;
}

void ConformanceChecker::observe(const kpi::CaseRecord& record, const kpi::CaseFacts& facts, const kpi::LogInfo& info) {
  State& s = *state_;
  s.sync_labels(info);
  ++s.stamp;
  ++s.cases;
  if (!s.first_replication) s.first_replication = record.replication;
  s.several_replications = s.several_replications || record.replication != *s.first_replication;
  // Completed cases must reach an end (and their recorded outcome); the others are running, so
  // only what they did so far is checked.
  const bool complete = facts.completed;
  const bool has_outcome = complete && info.has_outcome && !record.outcome.empty();
  s.trace.clear();
  s.names.clear();
  s.key.clear();
  s.key.push_back(complete ? 'C' : 'P');
  for (const kpi::ActivityInstance& i : record.instances) {
    s.trace.push_back(s.label_of_activity[i.activity]);
    s.names.push_back(info.dictionary.activities.name(i.activity));
    s.key.append(reinterpret_cast<const char*>(&i.activity), sizeof i.activity);
  }
  if (has_outcome) {
    s.trace.push_back(s.net.outcome_label(record.outcome));
    s.names.push_back(record.outcome);
    s.key.push_back('\0');
    s.key.append(record.outcome);
  }

  Variant* v = nullptr;
  if (const auto found = s.variant_of.find(s.key); found != s.variant_of.end()) {
    v = &s.variants[found->second];
  } else if (s.variants.size() < s.options.cache_limit) {
    s.variant_of.emplace(s.key, static_cast<std::uint32_t>(s.variants.size()));
    v = &s.variants.emplace_back();
    s.align(*v, complete, has_outcome);
  } else {
    v = &s.uncached;
    s.align(*v, complete, has_outcome);
  }
  if (v != &s.uncached) ++v->cases;

  const char* status = complete ? "completed" : "in flight";
  if (!v->aligned) {
    ++s.not_checked;
    s.rows->put_string(
        fmt::format("{},{},not checked,{},,\n", csv_escape(record.id), record.replication, record.instances.size()));
    ++s.row_count;
    return;
  }
  (complete ? s.completed : s.in_flight) += 1;
  const double fitness = v->fitness();
  s.fitness_sum += fitness;
  s.deviation_total += v->deviations;
  s.worst_total += v->worst;
  if (v->deviations == 0) {
    ++s.fitting;
    if (complete) {
      ++s.fitting_completed;
      s.fitting_cycle.add(facts.cycle());
    }
  }
  for (const std::uint32_t id : v->deviation_ids) {
    DeviationStats& d = s.deviations[id];
    ++d.occurrences;
    if (d.last_case == s.stamp) continue;
    d.last_case = s.stamp;
    ++d.cases;
    if (d.examples.size() < s.options.examples) d.examples.emplace_back(record.id, record.replication);
    if (complete) d.cycle.add(facts.cycle());
  }
  if (v->deviations > 0 && s.example_cases.size() < s.options.example_cases) {
    CaseConformance c;
    c.id = record.id;
    c.replication = record.replication;
    c.completed = complete;
    c.events = record.instances.size();
    c.fitness = fitness;
    c.deviations = s.case_texts(*v);
    s.example_cases.push_back(std::move(c));
  }
  std::string texts;
  for (const std::string& text : s.case_texts(*v)) {
    if (!texts.empty()) texts += "; ";
    texts += text;
  }
  s.rows->put_string(fmt::format("{},{},{},{},{:.4f},{}\n", csv_escape(record.id), record.replication, status,
                                 record.instances.size(), fitness, csv_escape(texts)));
  ++s.row_count;
}

void ConformanceChecker::write_cases(std::ostream& out) const {
  State& s = *state_;
  out << "case_id,replication,status,events,fitness,deviations\n";
  s.rows->rewind();
  std::string row;
  for (std::uint64_t k = 0; k < s.row_count; ++k) {
    s.rows->get_string(row);
    out << row;
  }
}

ConformanceResult ConformanceChecker::result() const {
  State& s = *state_;
  ConformanceResult r;
  r.title = s.index.process().name;
  r.cases = s.cases;
  r.completed = s.completed;
  r.in_flight = s.in_flight;
  r.fitting = s.fitting;
  r.fitting_completed = s.fitting_completed;
  r.not_checked = s.not_checked;
  const std::uint64_t checked = s.cases - s.not_checked;
  r.log_fitness =
      s.worst_total > 0 ? 1.0 - static_cast<double>(s.deviation_total) / static_cast<double>(s.worst_total) : 1.0;
  r.mean_fitness = checked > 0 ? s.fitness_sum / static_cast<double>(checked) : kNaN;
  r.fitting_cycle_mean = s.fitting_cycle.empty() ? kNaN : s.fitting_cycle.mean();

  for (const DeviationStats& d : s.deviations) {
    if (d.cases == 0) continue;
    DeviationSummary out;
    out.text = d.text;
    out.kind = deviation_kind_name(d.kind);
    out.cases = d.cases;
    out.occurrences = d.occurrences;
    for (const auto& [id, replication] : d.examples) {
      out.examples.push_back(s.several_replications ? fmt::format("{} (replication {})", id, replication) : id);
    }
    out.completed = d.cycle.count();
    out.cycle_mean = d.cycle.empty() ? kNaN : d.cycle.mean();
    out.cycle_effect = out.cycle_mean - r.fitting_cycle_mean;
    out.p_value = welch_p_value(d.cycle, s.fitting_cycle);
    r.deviations.push_back(std::move(out));
  }
  std::stable_sort(r.deviations.begin(), r.deviations.end(), [](const DeviationSummary& a, const DeviationSummary& b) {
    if (a.cases != b.cases) return a.cases > b.cases;
    return a.text < b.text;
  });
  r.example_cases = s.example_cases;

  // Precision (escaping edges, Muñoz-Gama and Carmona, on the alignments' model projections): at
  // each prefix state of the log, the activities the process allows next against those the log
  // did next; allowed but never done is escaping. Weighted by the cases passing through.
  struct PrefixNode {
    std::uint32_t marking = 0;
    std::uint64_t cases = 0;
    std::vector<std::pair<std::int32_t, std::uint32_t>> children;  // label, node
  };
  std::vector<PrefixNode> tree(1);
  bool truncated = false;
  for (const Variant& v : s.variants) {
    // Running cases would count what they have not done yet as escaping: completed cases only.
    if (!v.aligned || !v.complete || v.cases == 0) continue;
    if (tree.size() + v.projection_labels.size() > kMaxPrefixNodes) {
      truncated = true;
      continue;
    }
    r.precision_cases += v.cases;
    std::uint32_t at = 0;
    tree[0].marking = v.projection_markings.front();
    tree[0].cases += v.cases;
    for (std::size_t k = 0; k < v.projection_labels.size(); ++k) {
      const std::int32_t label = v.projection_labels[k];
      if (s.net.is_outcome(label)) break;
      std::uint32_t child = 0;
      for (const auto& [l, node] : tree[at].children) {
        if (l == label) child = node;
      }
      if (child == 0) {
        child = static_cast<std::uint32_t>(tree.size());
        tree[at].children.emplace_back(label, child);
        tree.emplace_back();
        tree.back().marking = v.projection_markings[k + 1];
      }
      tree[child].cases += v.cases;
      at = child;
    }
  }
  double allowed = 0.0;
  double escaping = 0.0;
  for (const PrefixNode& node : tree) {
    if (node.cases == 0) continue;
    const std::vector<std::int32_t>& enabled = s.aligner.enabled_visible(node.marking);
    std::size_t escapes = 0;
    for (const std::int32_t label : enabled) {
      const bool done =
          std::any_of(node.children.begin(), node.children.end(), [label](const auto& c) { return c.first == label; });
      if (!done) ++escapes;
    }
    allowed += static_cast<double>(node.cases) * static_cast<double>(enabled.size());
    escaping += static_cast<double>(node.cases) * static_cast<double>(escapes);
  }
  r.precision = r.precision_cases == 0 ? kNaN : allowed > 0.0 ? 1.0 - escaping / allowed : 1.0;

  if (s.in_flight > 0) {
    r.notes.push_back(
        fmt::format("{} case(s) in flight checked as far as they got: not having finished is no "
                    "deviation",
                    s.in_flight));
  }
  if (s.not_checked > 0) {
    r.notes.push_back(fmt::format("{} case(s) not checked: their alignment needed more than {} search states",
                                  s.not_checked, s.options.max_states));
  }
  if (s.variants.size() >= s.options.cache_limit || truncated) {
    r.notes.push_back(fmt::format("precision measured on {} of {} completed cases (the distinct traces remembered)",
                                  r.precision_cases, s.completed));
  }
  return r;
}

}  // namespace bpm::monitor
