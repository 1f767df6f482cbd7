#include "bpm/sim/xes_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <string>
#include <vector>

#include "bpm/core/error.hpp"
#include "bpm/io/csv.hpp"
#include "bpm/sim/event_log.hpp"
#include "io/xml_escape.hpp"

namespace bpm {
namespace {

constexpr std::size_t kFixedColumns = 9;  // EventLogWriter::kColumns
constexpr std::size_t kBlock = std::size_t{1} << 20;
constexpr const char* kSource = "<event log>";
/// The step executions of one case that a trace may hold: its events are sorted by time in memory
/// (about 170 bytes each, 700 MB at this bound), and the field offsets are 32-bit.
constexpr std::size_t kMaxTraceRows = std::size_t{1} << 22;

constexpr std::string_view kPrologue = R"(<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xes.features="" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <extension name="Cost" prefix="cost" uri="http://www.xes-standard.org/cost.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="UNKNOWN"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="UNKNOWN"/>
    <string key="lifecycle:transition" value="complete"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>
  <string key="creator" value="bpm-sim"/>
)";

void append_escaped(std::string& out, std::string_view text) { append_xml_escaped(out, text, true); }

bool is_number(std::string_view text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

/// A piece of the open case's text (Impl::text_): its fields are kept in one buffer that is
/// reused from case to case, so a warm converter allocates nothing per row.
struct Span {
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
};

/// One lifecycle event of a step execution, kept until its case is complete so that the trace
/// can be written in time order.
struct Event {
  Span time;            // ISO 8601 without zone: ordered like the instants it names
  int transition = 0;   // 0 schedule, 1 start, 2 complete, 3 withdraw, 4 ate_abort
  std::size_t row = 0;  // of the case, in the CSV's order
};

}  // namespace

class XesLogConverter::Impl {
 public:
  explicit Impl(Sink sink) : sink_(std::move(sink)) { out_.reserve(kBlock + 4096); }

  void write(const char* data, std::size_t size) {
    pending_.append(data, size);
    std::size_t begin = 0;            // where the current record starts in pending_
    std::size_t from = search_from_;  // where to look for the next line break
    for (;;) {
      const std::size_t newline = pending_.find('\n', from);
      if (newline == std::string::npos) break;
      // A quoted field may hold a line break: then the record goes on to the next one.
      if (splitter_.split(std::string_view(pending_).substr(begin, newline - begin))) {
        record();
        begin = newline + 1;
      }
      from = newline + 1;
    }
    search_from_ = pending_.size() - begin;
    pending_.erase(0, begin);
    flush_if_full();
  }

  void finish() {
    if (!pending_.empty()) throw DataError(Location{kSource, 0, 0}, "the event log ends inside a row");
    if (!header_seen_) out_.append(kPrologue);
    close_case();
    out_ += "</log>\n";
    flush();
  }

 private:
  void record() {
    const auto& fields = splitter_.fields();
    ++line_;
    if (fields.size() == 1 && fields[0].starts_with("#bpm-sim-log ")) {
      const std::string_view text = fields[0].substr(13);
      if (!header_seen_) {
        run_ = text;  // the run's warm-up and horizon: a log attribute
      } else if (const std::size_t at = text.find(" window_start="); at != std::string_view::npos) {
        // When a replication began to measure: an attribute of its later traces.
        window_replication_ = text.substr(12, at - 12);
        window_start_ = text.substr(at + 14);
      }
      return;
    }
    if (!header_seen_) {
      if (fields.size() < kFixedColumns) throw DataError(Location{kSource, 1, 0}, "not a bpm-sim event log header");
      // Models with named pool members have a `role` column (the pool) after `resource` (the member).
      roles_ = fields.size() > kFixedColumns && fields[4] == "role";
      fixed_ = kFixedColumns + (roles_ ? 1 : 0);
      // Models with timeouts or abandonment have a `status` column after `outcome`.
      status_ = fields.size() > fixed_ && fields[fixed_] == "status";
      if (status_) ++fixed_;
      // Models with batch tasks have `batch` and `batch_ready` columns after them.
      batches_ = fields.size() > fixed_ + 1 && fields[fixed_] == "batch" && fields[fixed_ + 1] == "batch_ready";
      if (batches_) fixed_ += 2;
      attribute_names_.assign(fields.begin() + static_cast<std::ptrdiff_t>(fixed_), fields.end());
      header_seen_ = true;
      out_.append(kPrologue);
      if (!run_.empty()) {
        out_ += "  <string key=\"bpm:run\" value=\"";
        append_escaped(out_, run_);
        out_ += "\"/>\n";
      }
      return;
    }
    if (fields.size() != fixed_ + attribute_names_.size()) {
      throw DataError(
          Location{kSource, static_cast<int>(line_), 0},
          fmt::format("{} fields where the header has {}", fields.size(), fixed_ + attribute_names_.size()));
    }
    if (fields[0] != case_id_ || fields[1] != replication_) {
      close_case();
      case_id_ = fields[0];
      replication_ = fields[1];
      open_case(fields);
    }
    const std::size_t row = rows_.size();
    if (row >= kMaxTraceRows) [[unlikely]] {
      throw DataError(Location{kSource, static_cast<int>(std::min<std::uint64_t>(line_, INT_MAX)), 0},
                      fmt::format("case {} of replication {} has more than {} step executions: an XES trace is "
                                  "sorted in memory, so write a case this long as a CSV log",
                                  case_id_, replication_, kMaxTraceRows));
    }

    const std::size_t shift = roles_ ? 1 : 0;
    const std::size_t status_at = fixed_ - (batches_ ? 3 : 1);
    rows_.push_back({keep(fields[2]), keep(fields[3]), roles_ ? keep(fields[4]) : Span{}, keep(fields[7 + shift]),
                     batches_ ? keep(fields[fixed_ - 2]) : Span{}, batches_ ? keep(fields[fixed_ - 1]) : Span{}});
    // Work under way when the run stopped has no start or no end yet: those events are absent.
    // Work a timer cut short ends in its status (withdraw, ate_abort) instead of complete.
    const std::string_view status = status_ ? fields[status_at] : std::string_view();
    const int last = status == "withdraw" ? 3 : status == "ate_abort" ? 4 : 2;
    for (int transition = 0; transition < 3; ++transition) {
      const std::string_view time = fields[static_cast<std::size_t>(4 + transition) + shift];
      if (!time.empty()) events_.push_back({keep(time), transition == 2 ? last : transition, row});
    }
  }

  void open_case(const std::vector<std::string_view>& fields) {
    trace_.clear();
    trace_ += "  <trace>\n    <string key=\"concept:name\" value=\"";
    append_escaped(trace_, fields[1]);
    trace_ += '-';
    append_escaped(trace_, fields[0]);
    trace_ += "\"/>\n    <int key=\"replication\" value=\"";
    append_escaped(trace_, fields[1]);
    trace_ += "\"/>\n";
    if (!window_start_.empty() && fields[1] == window_replication_) {
      trace_ += "    <date key=\"bpm:window_start\" value=\"";
      append_escaped(trace_, window_start_);
      trace_ += "\"/>\n";
    }
    if (const std::string_view outcome = fields[fixed_ - (status_ ? 2 : 1) - (batches_ ? 2 : 0)]; !outcome.empty()) {
      trace_ += "    <string key=\"outcome\" value=\"";
      append_escaped(trace_, outcome);
      trace_ += "\"/>\n";
    }
    for (std::size_t i = 0; i < attribute_names_.size(); ++i) {
      const std::string_view value = fields[fixed_ + i];
      if (value.empty()) continue;
      trace_ += is_number(value) ? "    <float key=\"" : "    <string key=\"";
      append_escaped(trace_, attribute_names_[i]);
      trace_ += "\" value=\"";
      append_escaped(trace_, value);
      trace_ += "\"/>\n";
    }
  }

  void close_case() {
    if (case_id_.empty() && rows_.empty()) return;
    out_ += trace_;
    std::stable_sort(events_.begin(), events_.end(), [this](const Event& a, const Event& b) {
      // Ties: rows are in order of completion, and a completion is what enables the next step.
      if (const int order = view(a.time).compare(view(b.time)); order != 0) return order < 0;
      if (a.row != b.row) return a.row < b.row;
      return a.transition < b.transition;
    });
    static constexpr const char* kTransitions[] = {"schedule", "start", "complete", "withdraw", "ate_abort"};
    for (const Event& e : events_) {
      const Row& row = rows_[e.row];
      out_ += "    <event>\n      <string key=\"concept:name\" value=\"";
      append_escaped(out_, view(row.activity));
      out_ += "\"/>\n      <string key=\"lifecycle:transition\" value=\"";
      out_ += kTransitions[e.transition];
      out_ += "\"/>\n      <date key=\"time:timestamp\" value=\"";
      append_escaped(out_, view(e.time));
      out_ += "\"/>\n";
      event_attribute("string", "org:resource", row.resource);
      event_attribute("string", "org:role", row.role);
      // The batch execution that served it, and when that batch was released to its pool.
      event_attribute("string", "bpm:batch", row.batch);
      event_attribute("date", "bpm:batch_ready", row.batch_ready);
      if (e.transition >= 2) event_attribute("float", "cost:total", row.cost);
      out_ += "    </event>\n";
    }
    out_ += "  </trace>\n";
    rows_.clear();
    events_.clear();
    text_.clear();
    case_id_.clear();
    replication_.clear();
  }

  /// `      <type key="key" value="..."/>` of an event, when the value is not empty.
  void event_attribute(std::string_view type, std::string_view key, Span value) {
    if (value.size == 0) return;
    out_ += "      <";
    out_ += type;
    out_ += " key=\"";
    out_ += key;
    out_ += "\" value=\"";
    append_escaped(out_, view(value));
    out_ += "\"/>\n";
  }

  void flush_if_full() {
    if (out_.size() >= kBlock) flush();
  }
  void flush() {
    if (!out_.empty()) sink_(out_.data(), out_.size());
    out_.clear();
  }

  struct Row {
    Span activity;
    Span resource;
    Span role;
    Span cost;
    Span batch;
    Span batch_ready;
  };

  Span keep(std::string_view field) {
    const Span span{static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(field.size())};
    text_.append(field);
    return span;
  }
  [[nodiscard]] std::string_view view(Span span) const {
    return std::string_view(text_).substr(span.offset, span.size);
  }

  Sink sink_;
  CsvSplitter splitter_;
  std::string pending_;          // bytes not yet part of a complete record
  std::size_t search_from_ = 0;  // pending_ holds no line break before this
  std::uint64_t line_ = 0;
  bool header_seen_ = false;
  bool roles_ = false;
  bool status_ = false;
  bool batches_ = false;
  std::size_t fixed_ = kFixedColumns;  // columns before the attributes
  std::string run_;                    // "start=... warmup_seconds=... ..." of the CSV's first line
  std::string window_replication_;     // the last "#bpm-sim-log replication=R window_start=T" line
  std::string window_start_;
  std::vector<std::string> attribute_names_;
  std::string case_id_;
  std::string replication_;
  std::string trace_;  // the open case's <trace> and attributes
  std::string text_;   // the fields of the open case's rows
  std::vector<Row> rows_;
  std::vector<Event> events_;
  std::string out_;
};

XesLogConverter::XesLogConverter(Sink sink) : impl_(std::make_unique<Impl>(std::move(sink))) {}
XesLogConverter::~XesLogConverter() = default;
void XesLogConverter::write(const char* data, std::size_t size) { impl_->write(data, size); }
void XesLogConverter::finish() { impl_->finish(); }

}  // namespace bpm
