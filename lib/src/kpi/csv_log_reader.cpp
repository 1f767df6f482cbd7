// CSV event logs: column detection by convention or by flag, then one streaming pass.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>

#include <fmt/format.h>

#include "bpm/io/csv.hpp"
#include "bpm/io/input.hpp"
#include "bpm/kpi/timestamp.hpp"
#include "core/utf8.hpp"
#include "kpi/log_sources.hpp"

namespace bpm::kpi {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Header names compare in this form: lower case, without blanks and underscores, so that
/// "Case ID", "case_id" and "CaseId" are one name. Prefixes such as "case:" are kept.
std::string header_key(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c == ' ' || c == '_' || c == '\t') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    key.push_back(c);
  }
  return key;
}

struct Role {
  const char* setting;                    // the ColumnMapping setting that names it (role_columns)
  const char* what;                       // in messages: "the case column"
  std::vector<std::string_view> aliases;  // in priority order; compared in header_key form
};

// The conventions recognised without settings (share/doc/bpm-kpi.md, "Column detection").
const Role kCase{"case", "case", {"case_id", "case:concept:name", "case", "trace_id", "trace"}};
const Role kActivity{
    "activity", "activity", {"activity", "concept:name", "activity_name", "task", "event", "event_name", "action"}};
const Role kResource{"resource", "resource", {"resource", "org:resource", "user", "performer", "agent", "owner"}};
const Role kEnable{"enable", "enable time", {"enable_time", "enabled_time", "enable_timestamp", "enabled_timestamp"}};
const Role kStart{"start", "start time", {"start_time", "start_timestamp", "start", "start_date", "begin_time"}};
const Role kEnd{
    "end",
    "end time",
    {"end_time", "end_timestamp", "complete_timestamp", "completion_time", "end", "end_date", "complete_time"}};
const Role kTimestamp{
    "timestamp", "timestamp", {"time:timestamp", "timestamp", "time", "event_time", "datetime", "date"}};
const Role kLifecycle{"lifecycle", "lifecycle", {"lifecycle:transition", "lifecycle", "transition", "event_type"}};
const Role kCost{"cost", "cost", {"cost", "costs", "cost:total"}};
const Role kOutcome{"outcome", "outcome", {"outcome", "case:outcome"}};
const Role kReplication{"replication_column", "replication", {"replication", "run"}};

class Header {
 public:
  Header(const std::vector<std::string_view>& fields, std::string file) : file_(std::move(file)) {
    for (const std::string_view f : fields) {
      names_.emplace_back(f);
      keys_.push_back(header_key(f));
    }
  }

  /// The column of a role: the flag's name when given (an error if absent), else the first alias
  /// present. -1 when none.
  int find(const Role& role, const std::string& explicit_name) const {
    if (!explicit_name.empty()) {
      for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == explicit_name) return static_cast<int>(i);
      }
      const std::string key = header_key(explicit_name);
      for (std::size_t i = 0; i < keys_.size(); ++i) {
        if (keys_[i] == key) return static_cast<int>(i);
      }
      throw DataError(Location{file_, 1, 0},
                      fmt::format("column '{}' (the {} column) is not in the header; the columns are: {}",
                                  explicit_name, role.what, listing()));
    }
    for (const std::string_view alias : role.aliases) {
      const std::string key = header_key(alias);
      for (std::size_t i = 0; i < keys_.size(); ++i) {
        if (keys_[i] == key) return static_cast<int>(i);
      }
    }
    return -1;
  }

  /// An attribute column by name, also with pm4py's "case:" prefix.
  [[nodiscard]] int attribute(const std::string& name) const {
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == name || names_[i] == "case:" + name) return static_cast<int>(i);
    }
    return -1;
  }

  [[nodiscard]] bool has(std::string_view key) const {
    return std::find(keys_.begin(), keys_.end(), key) != keys_.end();
  }
  [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }
  [[nodiscard]] const std::string& name(std::size_t i) const { return names_[i]; }
  [[nodiscard]] std::string listing() const {
    std::string out;
    for (std::size_t i = 0; i < names_.size() && i < 40; ++i) {
      if (i > 0) out += ", ";
      out += names_[i].empty() ? "(unnamed)" : names_[i];
    }
    if (names_.size() > 40) out += ", ...";
    return out;
  }

 private:
  std::string file_;
  std::vector<std::string> names_;
  std::vector<std::string> keys_;
};

[[noreturn]] void missing(const std::string& file, const Header& header, const Role& role, std::string_view what) {
  std::string aliases;
  for (const std::string_view a : role.aliases) {
    if (!aliases.empty()) aliases += ", ";
    aliases += a;
  }
  throw DataError(Location{file, 1, 0}, fmt::format("no {} column (looked for {}); name the column that holds it. "
                                                    "The columns are: {}",
                                                    what, aliases, header.listing()));
}

bool looks_binary(std::string_view text) {
  std::size_t control = 0;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0) return true;
    if (u < 0x20 && c != '\t') ++control;
  }
  return control * 10 > text.size();
}

std::string shorten(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7f ? '?' : c);
  }
  if (text.size() > 40) out += "...";
  return out;
}

char csv_separator(std::string_view header, const LogOptions& options) {
  char separator = options.delimiter != 0 ? options.delimiter : detect_separator(header);
  // detect_separator knows ',' ';' and tab; exports from some ticketing tools use '|'.
  if (options.delimiter == 0 && separator == ',' && header.find(',') == std::string::npos &&
      header.find('|') != std::string::npos) {
    separator = '|';
  }
  return separator;
}

Header split_header(std::string_view line, char separator, const std::string& file) {
  CsvSplitter header_fields(separator);
  try {
    if (!header_fields.split(line)) throw DataError(Location{file, 1, 0}, "the header line has an unclosed quote");
  } catch (const SyntaxError& e) {
    throw DataError(Location{file, 1, static_cast<int>(e.offset()) + 1},
                    fmt::format("unreadable header: {}", e.what()));
  }
  return Header(header_fields.fields(), file);
}

}  // namespace

CsvCaseColumn csv_case_column(std::string_view header_line, const LogOptions& options, const std::string& file) {
  const char separator = csv_separator(header_line, options);
  const Header header = split_header(header_line, separator, file);
  const int column = header.find(kCase, options.columns.case_id);
  if (column < 0) missing(file, header, kCase, "case id");
  return CsvCaseColumn{static_cast<std::size_t>(column), separator};
}

std::vector<std::string> role_columns(const std::vector<std::string_view>& fields, const ColumnMapping& m,
                                      const std::string& file) {
  const Header header(fields, file);
  std::vector<std::string> role(header.size());
  const std::pair<const Role*, const std::string*> roles[] = {
      {&kCase, &m.case_id}, {&kActivity, &m.activity}, {&kResource, &m.resource},      {&kEnable, &m.enable},
      {&kStart, &m.start},  {&kEnd, &m.end},           {&kTimestamp, &m.timestamp},    {&kLifecycle, &m.lifecycle},
      {&kCost, &m.cost},    {&kOutcome, &m.outcome},   {&kReplication, &m.replication}};
  for (const auto& [r, name] : roles) {
    const int col = header.find(*r, *name);
    if (col >= 0 && role[static_cast<std::size_t>(col)].empty()) role[static_cast<std::size_t>(col)] = r->setting;
  }
  return role;
}

void read_csv_log(OpenedInput& input, const LogOptions& options, LogInfo& info, CaseAssembler& assembler) {
  const std::string& file = input.label;
  if (looks_binary(input.first_line)) {
    throw DataError(Location{file, 1, 0}, "not a CSV event log: the first line holds binary data");
  }
  const char separator = csv_separator(input.first_line, options);
  const Header header = split_header(input.first_line, separator, file);
  CsvReader csv(*input.lines, separator);
  const ColumnMapping& m = options.columns;
  const int case_col = header.find(kCase, m.case_id);
  const int activity_col = header.find(kActivity, m.activity);
  const int resource_col = header.find(kResource, m.resource);
  const int enable_col = header.find(kEnable, m.enable);
  int start_col = header.find(kStart, m.start);
  int end_col = header.find(kEnd, m.end);
  const int timestamp_col = header.find(kTimestamp, m.timestamp);
  const int lifecycle_col = header.find(kLifecycle, m.lifecycle);
  const int cost_col = header.find(kCost, m.cost);
  const int outcome_col = header.find(kOutcome, m.outcome);
  const int replication_col = header.find(kReplication, m.replication);
  // bpm-sim's logs of models with timeouts say which executions a timer cut short.
  const bool simulation_log = !input.run.empty() || info.simulation.has_value();
  const int status_col = simulation_log ? header.attribute("status") : -1;
  // Rows one batch execution served together (bpm-sim's batch tasks, or any tool's `batch`), and
  // when the batch was released to its resource (share/doc/metrics.md, "Batches").
  const int batch_col = header.attribute("batch");
  const int batch_ready_col = batch_col >= 0 ? header.attribute("batch_ready") : -1;
  if (case_col < 0) missing(file, header, kCase, "case id");
  if (activity_col < 0) missing(file, header, kActivity, "activity");
  // A timestamp column is the end of an interval log (pm4py: start_timestamp + time:timestamp),
  // else the single time of each event.
  bool single = false;
  if (end_col < 0 && timestamp_col >= 0) {
    end_col = timestamp_col;
    single = start_col < 0;
  }
  if (!m.timestamp.empty() && m.end.empty() && m.start.empty()) {
    end_col = timestamp_col;
    start_col = -1;
    single = true;
  }
  if (end_col < 0) {
    if (start_col < 0) missing(file, header, kTimestamp, "timestamp");
    // Only start times: each instance is taken as instantaneous at its start.
    end_col = start_col;
    start_col = -1;
    single = true;
  }
  const bool lifecycle = single && lifecycle_col >= 0;

  if (options.all_attributes && info.dictionary.attributes.empty() && info.rows == 0) {
    const int roles[] = {case_col,        activity_col,  resource_col,  enable_col,     start_col,
                         end_col,         timestamp_col, lifecycle_col, cost_col,       outcome_col,
                         replication_col, status_col,    batch_col,     batch_ready_col};
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (std::find(std::begin(roles), std::end(roles), static_cast<int>(i)) != std::end(roles)) continue;
      std::string_view name = header.name(i);
      if (name.starts_with("case:")) name.remove_prefix(5);
      if (!name.empty()) info.dictionary.attributes.emplace_back(name);
    }
  }
  std::vector<int> attribute_cols;
  for (const std::string& name : options.all_attributes ? info.dictionary.attributes : options.keep_attributes) {
    attribute_cols.push_back(header.attribute(name));
  }

  if (!input.run.empty() && !info.simulation) {
    info.simulation = parse_simulation_run(input.run);
    if (!info.simulation) throw DataError(Location{file, 1, 0}, "malformed '#bpm-sim-log' line");
  }
  // bpm-sim writes the work under way when a run stopped as rows without an end (CaseRecord::pending).
  const bool simulated = info.simulation.has_value();
  if (info.convention.empty()) {
    if (header.has("replication") && header.has("enabletime")) {
      info.convention = "bpm-sim";
    } else if (header.has("case:concept:name") || header.has("concept:name")) {
      info.convention = "pm4py";
    } else if (header.has("caseid") && header.has("starttime") && header.has("endtime")) {
      info.convention = "simod";
    } else {
      info.convention = "custom";
    }
  }
  info.has_enable = info.has_enable || enable_col >= 0;
  info.has_start = info.has_start || start_col >= 0 || lifecycle;
  info.completion_only = (info.completion_only || info.rows == 0) && single && !lifecycle;
  info.has_resource = info.has_resource || resource_col >= 0;
  info.has_cost = info.has_cost || cost_col >= 0;
  info.has_outcome = info.has_outcome || outcome_col >= 0;
  info.has_replication = info.has_replication || replication_col >= 0;

  const TimestampParser parse_time(options.time_format);
  const std::size_t width = header.size();
  std::vector<std::string_view> attributes(attribute_cols.size());
  RawEvent event;
  IssueLog& issues = info.issues;
  std::vector<std::string> repaired;  // the fields of a row that was not UTF-8, made so
  std::vector<std::string_view> repaired_views;

  for (;;) {
    try {
      if (!csv.next()) break;
    } catch (const CorruptInput&) {
      throw;  // the rest of a damaged file cannot be read
    } catch (const DataError& e) {
      // Malformed quoting spoils one record; the reader goes on with the next line.
      ++info.rows;
      note_issue(issues, IssueKind::RaggedRow, e.where().file, static_cast<std::uint64_t>(e.where().line),
                 e.where().column, [&] { return std::string(e.what()); });
      continue;
    }
    const auto& raw = csv.fields();
    // bpm-sim marks when each replication began to measure (LogInfo::window_starts).
    if (simulated && raw.size() == 1 && raw[0].starts_with("#bpm-sim-log ") &&
        read_window_start(raw[0].substr(13), info)) {
      continue;
    }
    ++info.rows;
    const std::uint64_t line = csv.line_number();
    const std::vector<std::string_view>* fields = &raw;
    if (std::any_of(fields->begin(), fields->end(), [](std::string_view v) { return !detail::is_utf8(v); })) {
      // A log exported in Latin-1 (or with a few stray bytes): every output (JSON, XES, HTML)
      // needs UTF-8, so the bytes that are not are read as Latin-1, and the row is noted.
      repaired.clear();
      repaired_views.clear();
      for (const std::string_view v : *fields) repaired.push_back(detail::repair_utf8(v));
      for (const std::string& v : repaired) repaired_views.emplace_back(v);
      fields = &repaired_views;
      note_issue(issues, IssueKind::Encoding, file, line, 0,
                 [] { return std::string("not UTF-8: the bytes that are not were read as Latin-1"); });
    }
    const auto& f = *fields;
    if (f.size() != width) {
      note_issue(issues, IssueKind::RaggedRow, file, line, 0,
                 [&] { return fmt::format("{} fields where the header has {}; row skipped", f.size(), width); });
      continue;
    }
    const std::string_view case_id = f[static_cast<std::size_t>(case_col)];
    if (case_id.empty()) {
      note_issue(issues, IssueKind::MissingCase, file, line, 0,
                 [] { return std::string("empty case id; row skipped"); });
      continue;
    }
    const std::string_view activity = f[static_cast<std::size_t>(activity_col)];
    if (activity.empty()) {
      note_issue(issues, IssueKind::MissingActivity, file, line, 0,
                 [] { return std::string("empty activity; row skipped"); });
      continue;
    }
    if (std::memchr(case_id.data(), 0, case_id.size()) != nullptr ||
        std::memchr(activity.data(), 0, activity.size()) != nullptr) {
      note_issue(issues, IssueKind::Encoding, file, line, 0,
                 [] { return std::string("binary data (NUL bytes); row skipped"); });
      continue;
    }
    // Times: a missing or unreadable required time skips the row; optional ones become estimates.
    auto read_time = [&](int col, bool required, const char* what, Time& out) -> bool {
      out = kNaN;
      if (col < 0) return true;
      const std::string_view text = f[static_cast<std::size_t>(col)];
      if (text.empty()) {
        if (!required) return true;
        note_issue(issues, IssueKind::MissingTimestamp, file, line,
                   static_cast<int>(csv.location(static_cast<std::size_t>(col)).column),
                   [&] { return fmt::format("empty {}; row skipped", what); });
        return false;
      }
      const auto t = parse_time.parse(text);
      if (!t) {
        note_issue(issues, IssueKind::BadTimestamp, file, line, csv.location(static_cast<std::size_t>(col)).column,
                   [&] {
                     return fmt::format("{} '{}' is not a timestamp ({}); row skipped", what, shorten(text),
                                        parse_time.description());
                   });
        return false;
      }
      out = *t;
      return true;
    };
    event.pending = simulated && !single && enable_col >= 0 && f[static_cast<std::size_t>(end_col)].empty() &&
                    !f[static_cast<std::size_t>(enable_col)].empty();
    event.interrupted = false;
    if (status_col >= 0 && !single) {
      const std::string_view status = f[static_cast<std::size_t>(status_col)];
      event.interrupted = !status.empty() && parse_transition(status) == Transition::Abort;
    }
    if (!read_time(end_col, !event.pending, single ? "timestamp" : "end time", event.end)) continue;
    if (!read_time(start_col, false, "start time", event.start)) continue;
    if (!read_time(enable_col, false, "enable time", event.enable)) continue;
    if (start_col >= 0 && std::isnan(event.start) && !event.pending && !event.interrupted) {
      note_issue(issues, IssueKind::MissingTimestamp, file, line, 0,
                 [] { return std::string("empty start time; the start is estimated"); });
    }
    if (single && !lifecycle) event.start = kNaN;

    event.case_id = case_id;
    event.activity = info.dictionary.activities.intern(activity);
    event.resource = -1;
    if (resource_col >= 0) {
      const std::string_view resource = f[static_cast<std::size_t>(resource_col)];
      if (!resource.empty()) event.resource = static_cast<std::int32_t>(info.dictionary.resources.intern(resource));
    }
    event.transition = lifecycle ? parse_transition(f[static_cast<std::size_t>(lifecycle_col)]) : Transition::None;
    if (lifecycle && event.transition == Transition::None) event.transition = Transition::Complete;
    event.cost = 0.0;
    if (cost_col >= 0) {
      const std::string_view text = f[static_cast<std::size_t>(cost_col)];
      if (!text.empty()) {
        const auto result = std::from_chars(text.data(), text.data() + text.size(), event.cost);
        if (result.ec != std::errc{} || result.ptr != text.data() + text.size() || !std::isfinite(event.cost)) {
          event.cost = 0.0;
          note_issue(issues, IssueKind::BadNumber, file, line, 0,
                     [&] { return fmt::format("cost '{}' is not a number; taken as 0", shorten(text)); });
        }
      }
    }
    event.replication = 0;
    if (replication_col >= 0) {
      const std::string_view text = f[static_cast<std::size_t>(replication_col)];
      const auto result = std::from_chars(text.data(), text.data() + text.size(), event.replication);
      if (!text.empty() && (result.ec != std::errc{} || result.ptr != text.data() + text.size())) {
        event.replication = 0;
        note_issue(issues, IssueKind::BadNumber, file, line, 0,
                   [&] { return fmt::format("replication '{}' is not a whole number; taken as 0", shorten(text)); });
      }
    }
    event.outcome = outcome_col >= 0 ? f[static_cast<std::size_t>(outcome_col)] : std::string_view();
    event.batch = -1;
    event.batch_ready = kNaN;
    if (batch_col >= 0) {
      if (const std::string_view batch = f[static_cast<std::size_t>(batch_col)]; !batch.empty()) {
        event.batch = static_cast<std::int32_t>(info.dictionary.batches.intern(batch));
        if (batch_ready_col >= 0 && !f[static_cast<std::size_t>(batch_ready_col)].empty()) {
          const std::string_view text = f[static_cast<std::size_t>(batch_ready_col)];
          if (const auto t = parse_time.parse(text)) {
            event.batch_ready = *t;
          } else {
            note_issue(issues, IssueKind::BadTimestamp, file, line,
                       csv.location(static_cast<std::size_t>(batch_ready_col)).column, [&] {
                         return fmt::format(
                             "batch_ready '{}' is not a timestamp ({}); the batch's release is estimated",
                             shorten(text), parse_time.description());
                       });
          }
        }
      }
    }
    for (std::size_t k = 0; k < attribute_cols.size(); ++k) {
      attributes[k] = attribute_cols[k] >= 0 ? f[static_cast<std::size_t>(attribute_cols[k])] : std::string_view();
    }
    event.attributes = attributes.data();
    event.line = line;
    assembler.add(event);
  }
}

}  // namespace bpm::kpi
