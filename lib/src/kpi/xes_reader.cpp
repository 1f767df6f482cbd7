// XES event logs (IEEE 1849), plain or gzip-compressed, read with pugixml. XES is not streamed:
// the document is parsed in memory (share/doc/bpm-kpi.md says so), which suits its typical sizes.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "bpm/io/input.hpp"
#include "bpm/kpi/timestamp.hpp"
#include "core/utf8.hpp"
#include "kpi/log_sources.hpp"

namespace bpm::kpi {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Line numbers of byte offsets, from the positions of the line breaks.
class LineIndex {
 public:
  explicit LineIndex(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') breaks_.push_back(i);
    }
  }
  [[nodiscard]] std::uint64_t line_of(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    const auto it = std::lower_bound(breaks_.begin(), breaks_.end(), static_cast<std::size_t>(offset));
    return static_cast<std::uint64_t>(it - breaks_.begin()) + 1;
  }

 private:
  std::vector<std::size_t> breaks_;
};

/// The attribute children of a trace or event: <string key=".." value=".."/>, <date>, <int>, ...
std::string_view attribute(const pugi::xml_node& node, const char* key) {
  for (const pugi::xml_node child : node.children()) {
    if (std::strcmp(child.attribute("key").value(), key) == 0) return child.attribute("value").value();
  }
  return {};
}

const char* key_or(const std::string& name, const char* fallback) { return name.empty() ? fallback : name.c_str(); }

}  // namespace

void read_xes_log(OpenedInput& input, const LogOptions& options, LogInfo& info, CaseAssembler& assembler) {
  const std::string& file = input.label;
  // LineReader decompresses .xes.gz transparently; the lines are joined back for the parser.
  std::string text = read_rest(input);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw DataError(Location{file, 0, 0}, "empty log");
  // pugixml passes bytes through: a log that claims UTF-8 but is not (a Latin-1 export) is read as
  // Latin-1 where it is not, as the CSV reader does, so that every output stays UTF-8.
  if (const std::size_t bad = detail::utf8_error(text); bad != std::string::npos && detail::xml_declares_utf8(text)) {
    note_issue(info.issues, IssueKind::Encoding, file, static_cast<std::uint64_t>(detail::position_of(text, bad).line),
               0, [] { return std::string("not UTF-8: the bytes that are not were read as Latin-1"); });
    text = detail::repair_utf8(text);
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size(), pugi::parse_default);
  const LineIndex lines(text);
  if (!parsed) {
    throw DataError(Location{file, static_cast<int>(lines.line_of(parsed.offset)), 0},
                    fmt::format("not a well-formed XES document: {}", parsed.description()));
  }
  const pugi::xml_node log = doc.child("log");
  if (!log) throw DataError(Location{file, 1, 0}, "not an XES log: no <log> element");
  // bpm-sim's own XES (bpm-sim --log FILE.xes) says so, and carries the replication of each case
  // as a trace attribute: the log is then read like bpm-sim's CSV (replications, warm-up).
  const bool from_bpm_sim = std::string_view(attribute(log, "creator")).starts_with("bpm-sim");
  if (info.convention.empty()) info.convention = from_bpm_sim ? "bpm-sim" : "xes";
  if (from_bpm_sim && !info.simulation) {
    if (const std::string_view run = attribute(log, "bpm:run"); !run.empty()) {
      info.simulation = parse_simulation_run(run);
      if (!info.simulation) throw DataError(Location{file, 1, 0}, "malformed 'bpm:run' log attribute");
    }
  }
  // Work under way when the run stopped: a schedule or start without a complete.
  if (info.simulation) assembler.keep_unfinished_as_pending();

  const ColumnMapping& m = options.columns;
  const char* case_key = key_or(m.case_id, "concept:name");
  const char* activity_key = key_or(m.activity, "concept:name");
  const char* resource_key = key_or(m.resource, "org:resource");
  const char* time_key = key_or(m.end.empty() ? m.timestamp : m.end, "time:timestamp");
  const char* start_key = key_or(m.start, "start_timestamp");
  const char* lifecycle_key = key_or(m.lifecycle, "lifecycle:transition");
  const char* cost_key = key_or(m.cost, "cost:total");
  const char* outcome_key = key_or(m.outcome, "outcome");
  const char* replication_key = key_or(m.replication, "replication");

  const TimestampParser parse_time(options.time_format);
  IssueLog& issues = info.issues;
  if (options.all_attributes && info.dictionary.attributes.empty() && info.rows == 0) {
    // Every trace attribute but the case id, outcome and replication, in order of first appearance.
    std::vector<std::string>& names = info.dictionary.attributes;
    for (const pugi::xml_node trace : log.children("trace")) {
      for (const pugi::xml_node child : trace.children()) {
        const std::string_view key = child.attribute("key").value();
        if (key.empty() || child.name() == std::string_view("event") || key == case_key || key == outcome_key ||
            key == replication_key || std::find(names.begin(), names.end(), key) != names.end()) {
          continue;
        }
        names.emplace_back(key);
      }
    }
  }
  const std::vector<std::string>& wanted =
      options.all_attributes ? info.dictionary.attributes : options.keep_attributes;
  std::vector<std::string_view> attributes(wanted.size());
  std::string case_id;
  bool any_start = false;
  bool any_lifecycle = false;
  RawEvent event;
  std::uint64_t trace_number = 0;
  for (const pugi::xml_node trace : log.children("trace")) {
    ++trace_number;
    const std::uint64_t trace_line = lines.line_of(trace.offset_debug());
    const std::string_view id = attribute(trace, case_key);
    case_id = id.empty() ? fmt::format("trace-{}", trace_number) : std::string(id);
    if (id.empty()) {
      note_issue(issues, IssueKind::MissingCase, file, trace_line, 0,
                 [&] { return fmt::format("trace without {}; named '{}'", case_key, case_id); });
    }
    for (std::size_t k = 0; k < attributes.size(); ++k) {
      attributes[k] = attribute(trace, wanted[k].c_str());
    }
    const std::string_view trace_outcome = attribute(trace, outcome_key);
    std::uint32_t replication = 0;
    if (const std::string_view number = attribute(trace, replication_key); !number.empty()) {
      const auto r = std::from_chars(number.data(), number.data() + number.size(), replication);
      if (r.ec != std::errc{} || r.ptr != number.data() + number.size()) {
        replication = 0;
        note_issue(issues, IssueKind::BadNumber, file, trace_line, 0,
                   [&] { return fmt::format("{} '{}' is not a whole number; taken as 0", replication_key, number); });
      } else {
        info.has_replication = true;
      }
    }
    if (info.simulation) {
      if (const std::string_view start = attribute(trace, "bpm:window_start"); !start.empty()) {
        if (const std::optional<Time> t = parse_iso_timestamp(start)) info.window_starts[replication] = *t;
      }
    }
    for (const pugi::xml_node node : trace.children("event")) {
      ++info.rows;
      const std::uint64_t line = lines.line_of(node.offset_debug());
      const std::string_view activity = attribute(node, activity_key);
      if (activity.empty()) {
        note_issue(issues, IssueKind::MissingActivity, file, line, 0,
                   [&] { return fmt::format("event without {}; skipped", activity_key); });
        continue;
      }
      const std::string_view stamp = attribute(node, time_key);
      if (stamp.empty()) {
        note_issue(issues, IssueKind::MissingTimestamp, file, line, 0,
                   [&] { return fmt::format("event without {}; skipped", time_key); });
        continue;
      }
      const auto time = parse_time.parse(stamp);
      if (!time) {
        note_issue(issues, IssueKind::BadTimestamp, file, line, 0,
                   [&] { return fmt::format("{} '{}' is not a timestamp; event skipped", time_key, stamp); });
        continue;
      }
      event.end = *time;
      event.start = kNaN;
      event.enable = kNaN;
      const std::string_view start = attribute(node, start_key);
      if (!start.empty()) {
        if (const auto t = parse_time.parse(start)) {
          event.start = *t;
          any_start = true;
        }
      }
      const std::string_view transition = attribute(node, lifecycle_key);
      event.transition = Transition::None;
      if (!transition.empty() && std::isnan(event.start)) {
        event.transition = parse_transition(transition);
        any_lifecycle = any_lifecycle || event.transition == Transition::Start;
      }
      event.case_id = case_id;
      event.activity = info.dictionary.activities.intern(activity);
      const std::string_view resource = attribute(node, resource_key);
      event.resource = resource.empty() ? -1 : static_cast<std::int32_t>(info.dictionary.resources.intern(resource));
      event.cost = 0.0;
      const std::string_view cost = attribute(node, cost_key);
      if (!cost.empty()) {
        info.has_cost = true;
        const auto r = std::from_chars(cost.data(), cost.data() + cost.size(), event.cost);
        if (r.ec != std::errc{} || !std::isfinite(event.cost)) event.cost = 0.0;
      }
      const std::string_view outcome = attribute(node, outcome_key);
      event.outcome = outcome.empty() ? trace_outcome : outcome;
      info.has_outcome = info.has_outcome || !event.outcome.empty();
      // The batch execution that served it: bpm-sim's bpm:batch, or another tool's batch.
      event.batch = -1;
      event.batch_ready = kNaN;
      std::string_view batch = attribute(node, "bpm:batch");
      if (batch.empty()) batch = attribute(node, "batch");
      if (!batch.empty()) {
        event.batch = static_cast<std::int32_t>(info.dictionary.batches.intern(batch));
        std::string_view ready = attribute(node, "bpm:batch_ready");
        if (ready.empty()) ready = attribute(node, "batch_ready");
        if (!ready.empty()) {
          if (const auto t = parse_time.parse(ready)) event.batch_ready = *t;
        }
      }
      event.attributes = attributes.data();
      event.line = line;
      event.replication = replication;
      if (event.transition == Transition::None && std::isnan(event.start)) event.transition = Transition::Complete;
      info.has_resource = info.has_resource || event.resource >= 0;
      assembler.add(event);
    }
  }
  info.has_start = info.has_start || any_start || any_lifecycle;
  info.completion_only = !any_start && !any_lifecycle && (info.rows > 0);
}

}  // namespace bpm::kpi
