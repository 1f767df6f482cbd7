#include "sim/log_format.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include "bpm/core/time.hpp"
#include "bpm/sim/event_log.hpp"

namespace bpm::sim {

namespace {

std::string escaped(std::string_view field) {
  std::string out;
  append_csv_field(out, field);
  return out;
}

char* put(char* out, std::string_view text) {
  // An empty view (a step without a resource) may have a null data(), which memcpy must not get.
  if (text.empty()) return out;
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

char* put_number(char* out, double v) {
  if (!std::isfinite(v)) return out;  // an empty field: CSV readers take it as missing
  return std::to_chars(out, out + 32, v).ptr;
}

char* put_money(char* out, double v) {
  if (!std::isfinite(v)) return out;
  // Money to the cent; fixed notation keeps large sums readable (no exponent).
  if (std::fabs(v) < 1e15) return std::to_chars(out, out + 32, v, std::chars_format::fixed, 2).ptr;
  return put_number(out, v);
}

// Two decimal digits of v < 100.
char* put2(char* out, std::uint64_t v) {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
  return out + 2;
}

}  // namespace

void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

LogFormat::LogFormat(const CompiledModel& model) : model_(model) {
  for (std::size_t i = 0; i < model.steps.size(); ++i) activities_.push_back(escaped(model.step_ids[i]));
  for (const CompiledResource& r : model.resources) pools_.push_back(escaped(r.id));
  for (const std::string& o : model.outcomes) outcomes_.push_back(escaped(o));
  for (const CompiledServer& server : model.servers) members_.push_back(escaped(server.id));
  roles_ = !model.servers.empty();
  for (const CompiledTimers& t : model.timers) status_ = status_ || t.timeout.armed() || t.abandon.armed();
  batches_ = !model.batches.empty();
  extra_ = status_ || batches_;
}

std::string LogFormat::header() const {
  // The run's measured period, for bpm-kpi to apply the same warm-up and horizon (a comment line
  // that CSV readers skip: pandas.read_csv(..., comment='#')).
  const RunLimits& limits = model_.limits;
  std::string out = "#bpm-sim-log start=" + format_datetime(limits.start);
  char number[32];
  out += " warmup_seconds=";
  out.append(number, put_number(number, limits.warmup_time));
  out += " warmup_cases=";
  out.append(number, std::to_chars(number, number + 32, limits.warmup_cases).ptr);
  out += " horizon_seconds=";
  if (limits.horizon) {
    out.append(number, put_number(number, *limits.horizon));
  } else {
    out += "none";
  }
  out += '\n';
  std::string columns(EventLogWriter::kColumns);
  // Only models with named members have the column, so that other logs stay as they were.
  if (roles_) columns.replace(columns.find(",resource,"), 10, ",resource,role,");
  // Likewise only models with timeouts or abandonment, whose executions a timer can cut short.
  if (status_) columns += ",status";
  // Likewise only models with batch tasks: which rows one execution served, and when it was released.
  if (batches_) columns += ",batch,batch_ready";
  out += columns;
  for (const CompiledAttribute& a : model_.attributes) {
    out.push_back(',');
    append_csv_field(out, a.name);
  }
  out.push_back('\n');
  return out;
}

void LogFormat::attributes(std::string& out, const Value* values) const {
  for (std::size_t i = 0; i < model_.attributes.size(); ++i) {
    out.push_back(',');
    const Value& v = values[i];
    if (v.is_string()) {
      append_csv_field(out, model_.strings->at(v.str));
    } else {
      char buffer[32];
      out.append(buffer, put_number(buffer, v.num));
    }
  }
}

char* LogFormat::timestamp(char* out, Time t) {
  if (std::isnan(t)) return out;  // not reached when the run stopped: an empty field
  // The same rounding to milliseconds as format_datetime_to, which writes the date part and
  // every time it cannot be sure of (negative or out-of-range times).
  const double total_ms = std::nearbyint(t * 1000.0);
  if (!(total_ms >= 0.0 && total_ms < 253402300800000.0)) return out + format_datetime_to(t, out);
  const auto ms = static_cast<std::int64_t>(total_ms);
  const std::int64_t day = ms / 86400000;
  CachedDate& date = dates_[day & 7];
  if (date.day != day) {
    char full[32];
    format_datetime_to(static_cast<double>(day) * 86400.0, full);
    std::memcpy(date.text, full, 11);  // "YYYY-MM-DDT"
    date.day = day;
  }
  std::memcpy(out, date.text, 11);
  out += 11;
  const auto ms_of_day = static_cast<std::uint64_t>(ms - day * 86400000);
  const std::uint64_t seconds = ms_of_day / 1000;
  out = put2(out, seconds / 3600);
  *out++ = ':';
  out = put2(out, seconds / 60 % 60);
  *out++ = ':';
  out = put2(out, seconds % 60);
  if (const std::uint64_t millis = ms_of_day % 1000; millis != 0) {
    *out++ = '.';
    *out++ = static_cast<char>('0' + millis / 100);
    out = put2(out, millis % 100);
  }
  return out;
}

char* LogFormat::window_start(char* out, std::uint32_t replication, Time t) {
  out = put(out, "#bpm-sim-log replication=");
  out = std::to_chars(out, out + 10, replication).ptr;
  out = put(out, " window_start=");
  out += format_datetime_to(t, out);
  *out++ = '\n';
  return out;
}

char* LogFormat::row(char* out, std::uint64_t case_number, std::uint32_t replication, const LogRow& row,
                     std::string_view outcome, const Time* batch_ready, std::string_view attributes) {
  out = std::to_chars(out, out + 20, case_number).ptr;
  *out++ = ',';
  out = std::to_chars(out, out + 10, replication).ptr;
  *out++ = ',';
  out = put(out, activities_[row.step]);
  *out++ = ',';
  if (roles_) {
    out = put(out, row.server == kNone ? pool_text(row.pool) : members_[row.server]);
    *out++ = ',';
  }
  out = put(out, pool_text(row.pool));
  *out++ = ',';
  out = timestamp(out, row.enabled);
  *out++ = ',';
  out = timestamp(out, row.started);
  *out++ = ',';
  out = timestamp(out, row.ended);
  *out++ = ',';
  out = put_money(out, row.cost);
  *out++ = ',';
  out = put(out, outcome);
  if (extra_) [[unlikely]] {
    if (status_) {
      // The XES lifecycle names: empty for a completed execution.
      *out++ = ',';
      if (row.status == LogStatus::Withdrawn) out = put(out, "withdraw");
      if (row.status == LogStatus::Aborted) out = put(out, "ate_abort");
    }
    if (batches_) {
      *out++ = ',';
      if (row.batch != 0) {
        out = std::to_chars(out, out + 10, row.batch).ptr;
        *out++ = ',';
        out = timestamp(out, batch_ready[row.batch - 1]);
      } else {
        *out++ = ',';
      }
    }
  }
  out = put(out, attributes);
  *out++ = '\n';
  return out;
}

}  // namespace bpm::sim
