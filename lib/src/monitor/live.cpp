// The live dashboard's reading: the rows appended since the last pass, the rows of the cases still
// in flight, and the statistics of the finished ones.
#include "bpm/monitor/live.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bpm/core/error.hpp"
#include "bpm/io/csv.hpp"
#include "bpm/io/signal_cleanup.hpp"
#include "bpm/kpi/kpi_tree.hpp"
#include "bpm/kpi/log_reader.hpp"

namespace bpm::monitor {
namespace {

/// bpm-sim's CSV log lines that are no rows: its run before the header, window starts after it.
constexpr std::string_view kSimMarker = "#bpm-sim-log ";

/// The cases of one pass, kept to be judged once all of them are known.
class Collector : public kpi::CaseSink {
 public:
  void on_case(kpi::CaseRecord& record) override { cases.push_back(std::move(record)); }
  void reset() override { cases.clear(); }
  std::vector<kpi::CaseRecord> cases;
};

/// What the KPI rules made of the case just handed over.
class Verdict : public kpi::CaseObserver {
 public:
  void observe(const kpi::CaseRecord&, const kpi::CaseFacts& f, const kpi::LogInfo&) override { facts = f; }
  void reset() override { facts.reset(); }
  std::optional<kpi::CaseFacts> facts;
};

/// A scratch copy of the rows to read in one pass, removed however the pass ends.
class ScratchFile {
 public:
  explicit ScratchFile(const std::string& text) {
    static unsigned counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             fmt::format("bpm-kpi-watch-{}-{}.csv", static_cast<long>(::getpid()), ++counter))
                .string();
    slot_ = detail::register_temporary(path_);
    std::ofstream out(path_, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw IoError(fmt::format("{}: cannot write a temporary file", path_));
  }
  ~ScratchFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
    detail::unregister_temporary(slot_);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  int slot_ = -1;
};

/// The end of the last complete record of `text` (just past its line break), or 0: a line break
/// inside a quoted field does not end a record.
std::size_t complete_prefix(std::string_view text) {
  bool quoted = false;
  std::size_t end = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') {
      quoted = !quoted;
    } else if (text[i] == '\n' && !quoted) {
      end = i + 1;
    }
  }
  return end;
}

}  // namespace

struct LiveLog::State {
  State(std::string p, const kpi::AnalysisOptions& o, LiveOptions l)
      : path(std::move(p)), options(kpi::with_kpi_attributes(o)), live(l) {
    // The rows of a pass are those of the cases in flight and the new ones, in no order.
    options.log.order = kpi::LogOrder::Any;
    start_over();
  }

  void start_over() {
    current_panels.reset();
    finished.reset();
    finished_panels.reset();
    info = std::make_unique<kpi::LogInfo>();
    finished = std::make_unique<kpi::KpiAccumulator>(options, *info);
    if (live.dashboard) {
      finished_panels = std::make_unique<Dashboard>(*live.dashboard);
      for (kpi::CaseObserver* observer : finished_panels->observers()) finished->add_observer(*observer);
    }
    offset = 0;
    header.clear();
    run_line.clear();
    marks.clear();
    open_rows.clear();
    touched.clear();
    held = 0;
    rows = 0;
    newest = -std::numeric_limits<double>::infinity();
    report = kpi::Report{};
    passed = false;
  }

  /// Files each record of `text` (complete records) under its case id.
  std::uint64_t file_rows(std::string_view text) {
    CsvSplitter splitter(column.separator);
    std::uint64_t count = 0;
    std::size_t from = 0;
    while (from < text.size()) {
      // Records end at a line break outside quotes (complete_prefix made sure the last one does).
      bool quoted = false;
      std::size_t end = from;
      while (end < text.size() && (quoted || text[end] != '\n')) {
        if (text[end] == '"') quoted = !quoted;
        ++end;
      }
      std::string_view record = text.substr(from, end - from);
      from = end + 1;
      if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
      if (record.find_first_not_of(" \t") == std::string_view::npos) continue;
      // When each replication began to measure: a line of the log, not of a case; kept for every pass.
      if (record.starts_with(kSimMarker)) {
        marks.append(record);
        marks.push_back('\n');
        continue;
      }
      ++count;
      std::string id;
      try {
        if (splitter.split(record) && column.column < splitter.fields().size()) {
          id = std::string(splitter.fields()[column.column]);
        }
      } catch (const SyntaxError&) {
        // Left to the reader, which names the problem as a data issue.
      }
      // Rows without a readable case id go with the pass's reading only (the reader counts them).
      if (!id.empty()) touched.insert(id);
      HeldRows& rows_of = id.empty() ? stray : open_rows[id];
      std::string row(record);
      row.push_back('\n');
      rows_of.bytes += row.size();
      held += row.size();
      rows_of.rows.emplace_back(++sequence, std::move(row));
    }
    return count;
  }

  std::uint64_t poll() {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(fmt::format("{}: cannot open the log", path));
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uint64_t>(std::max<std::streamoff>(0, in.tellg()));
    if (size < offset) start_over();  // replaced or truncated
    if (size == offset && !header.empty()) return 0;
    in.seekg(static_cast<std::streamoff>(offset));
    std::string text(static_cast<std::size_t>(size - offset), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
    std::string_view rest(text);
    while (header.empty()) {
      const std::size_t line_end = rest.find('\n');
      if (line_end == std::string_view::npos) return 0;  // not even a whole header yet
      std::string line(rest.substr(0, line_end));
      if (!line.empty() && line.back() == '\r') line.pop_back();
      offset += line_end + 1;
      rest.remove_prefix(line_end + 1);
      // bpm-sim names its run in a line before the header: every pass's reading needs it.
      if (line.starts_with(kSimMarker)) {
        run_line = std::move(line);
        continue;
      }
      header = std::move(line);
      column = kpi::csv_case_column(header, options.log, path);
    }
    touched.clear();
    const std::size_t complete = complete_prefix(rest);
    offset += complete;
    const std::uint64_t added = file_rows(rest.substr(0, complete));
    rows += added;
    if (added == 0 && passed) return 0;
    read_pass();
    return added;
  }

  void read_pass() {
    passed = true;
    std::string all = run_line.empty() ? std::string() : run_line + '\n';
    all += header;
    all.push_back('\n');
    all += marks;
    // In the log's order: the activities' first appearance (a funnel's stages without a process)
    // and the order of cases are those of reading the log at once.
    std::vector<const std::pair<std::uint64_t, std::string>*> order;
    for (const auto& [id, case_rows] : open_rows) {
      for (const auto& row : case_rows.rows) order.push_back(&row);
    }
    for (const auto& row : stray.rows) order.push_back(&row);
    std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    for (const auto* row : order) all += row->second;
    held -= std::min(held, stray.bytes);
    stray = HeldRows{};
    Collector collector;
    {
      const ScratchFile scratch(all);
      info->issues = kpi::IssueLog{};
      kpi::read_logs({scratch.path()}, options.log, *info, collector);
    }
    info->sources = {path};
    for (const kpi::CaseRecord& c : collector.cases) {
      const Time end = c.end();
      if (std::isfinite(end)) newest = std::max(newest, end);
    }
    const bool told_when_finished = info->has_outcome || !options.end_activities.empty() || options.process != nullptr;
    kpi::KpiAccumulator snapshot(options, *info);
    snapshot.copy_state(*finished);
    Verdict verdict;
    snapshot.add_observer(verdict);
    // The panels likewise: a copy of the finished cases' builders sees this pass's cases.
    std::unique_ptr<Dashboard> panels;
    if (finished_panels) {
      panels = std::make_unique<Dashboard>(*live.dashboard);
      panels->copy_state(*finished_panels);
      for (kpi::CaseObserver* observer : panels->observers()) snapshot.add_observer(*observer);
    }
    for (kpi::CaseRecord& c : collector.cases) {
      kpi::CaseRecord copy = c;
      verdict.facts.reset();
      snapshot.on_case(c);
      const Time end = copy.end();
      const bool idle = !std::isfinite(end) || newest - end >= live.settle;
      // Finished by the KPI rules, and a whole pass brought no row for it: a log written a case
      // at a time (outcome on every row) may have been cut in the middle of a case.
      const bool done = verdict.facts && told_when_finished && verdict.facts->completed &&
                        !verdict.facts->maybe_running && !touched.contains(copy.id);
      if (!idle && !done) continue;
      finished->on_case(copy);
      if (const auto found = open_rows.find(copy.id); found != open_rows.end()) {
        held -= std::min(held, found->second.bytes);
        open_rows.erase(found);
      }
    }
    info->rows = rows;
    report = snapshot.report();
    if (options.process != nullptr) kpi::evaluate_kpi_tree(report, *options.process);
    current_panels = std::move(panels);
  }

  [[nodiscard]] const Dashboard& shown() const {
    if (!live.dashboard) throw std::logic_error("LiveLog: no dashboard panels without LiveOptions::dashboard");
    // Before any pass: the empty panels of nothing read.
    return current_panels ? *current_panels : *finished_panels;
  }

  std::string path;
  kpi::AnalysisOptions options;
  LiveOptions live;
  std::unique_ptr<kpi::LogInfo> info;
  std::unique_ptr<kpi::KpiAccumulator> finished;
  std::unique_ptr<Dashboard> finished_panels;  // observes `finished` (LiveOptions::dashboard)
  std::unique_ptr<Dashboard> current_panels;   // the last pass's: finished and in flight
  std::uint64_t offset = 0;                    // bytes of the file read into complete records
  std::string header;
  std::string run_line;  // bpm-sim's `#bpm-sim-log start=...` line, when the log has one
  std::string marks;     // its `#bpm-sim-log replication=R window_start=...` lines
  kpi::CsvCaseColumn column;
  /// The rows of a case in flight, each with its place in the log.
  struct HeldRows {
    std::vector<std::pair<std::uint64_t, std::string>> rows;
    std::size_t bytes = 0;
  };
  std::unordered_map<std::string, HeldRows> open_rows;  // case id -> its rows so far
  std::uint64_t sequence = 0;                           // rows filed so far
  std::unordered_set<std::string> touched;              // case ids with rows in this pass
  HeldRows stray;                                       // rows without a case id, this pass only
  std::size_t held = 0;
  std::uint64_t rows = 0;
  Time newest = 0.0;
  kpi::Report report;
  bool passed = false;  // a report was made
};

LiveLog::LiveLog(std::string path, const kpi::AnalysisOptions& options, LiveOptions live)
    : state_(std::make_unique<State>(std::move(path), options, live)) {}

LiveLog::~LiveLog() = default;

std::uint64_t LiveLog::poll() { return state_->poll(); }

const kpi::Report& LiveLog::report() const { return state_->report; }

std::vector<kpi::HtmlPanel> LiveLog::panels() const { return state_->shown().panels(state_->report, *state_->info); }

ProcessMap LiveLog::map() const { return state_->shown().map(state_->report, *state_->info); }

FunnelResult LiveLog::funnel() const { return state_->shown().funnel(*state_->info); }

std::size_t LiveLog::open_cases() const { return state_->open_rows.size(); }

std::size_t LiveLog::held_bytes() const { return state_->held; }

}  // namespace bpm::monitor
