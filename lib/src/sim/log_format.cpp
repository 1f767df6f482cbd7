#include "sim/log_format.hpp"

#include <charconv>
#include <cmath>

#include "bpm/sim/event_log.hpp"

namespace bpm::sim {

namespace {

std::string escaped(std::string_view field) {
  std::string out;
  append_csv_field(out, field);
  return out;
}

// Appends with a fixed-size scratch area: the caller's string grows by doubling, so this is one
// bounds check and a memcpy per field.
template <class Fn>
void put(std::string& out, std::size_t max, Fn&& write) {
  const std::size_t old = out.size();
  out.resize(old + max);
  char* const end = write(out.data() + old, out.data() + old + max);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

void put_time(std::string& out, Time t) {
  put(out, 32, [t](char* first, char*) { return first + format_datetime_to(t, first); });
}

void put_integer(std::string& out, std::uint64_t v) {
  put(out, 24, [v](char* first, char* last) { return std::to_chars(first, last, v).ptr; });
}

void put_number(std::string& out, double v) {
  if (!std::isfinite(v)) return;  // an empty field: CSV readers take it as missing
  put(out, 32, [v](char* first, char* last) { return std::to_chars(first, last, v).ptr; });
}

void put_money(std::string& out, double v) {
  if (!std::isfinite(v)) return;
  // Money to the cent; fixed notation keeps large sums readable (no exponent).
  if (std::fabs(v) < 1e15) {
    put(out, 32, [v](char* first, char* last) { return std::to_chars(first, last, v, std::chars_format::fixed, 2).ptr; });
  } else {
    put_number(out, v);
  }
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
  for (std::size_t i = 0; i < model.steps.size(); ++i) {
    activities_.push_back(escaped(model.step_ids[i]));
    const std::uint32_t r = model.steps[i].resource;
    resources_.push_back(r == kNone ? std::string() : escaped(model.resources[r].id));
  }
  for (const std::string& o : model.outcomes) outcomes_.push_back(escaped(o));
}

std::string LogFormat::header() const {
  std::string out(EventLogWriter::kColumns);
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
      put_number(out, v.num);
    }
  }
}

void LogFormat::row(std::string& out, std::uint64_t case_number, std::uint32_t replication, std::uint32_t step,
                    Time enabled, Time started, Time ended, double cost, std::string_view outcome,
                    std::string_view attributes) const {
  put_integer(out, case_number);
  out.push_back(',');
  put_integer(out, replication);
  out.push_back(',');
  out.append(activities_[step]);
  out.push_back(',');
  out.append(resources_[step]);
  out.push_back(',');
  put_time(out, enabled);
  out.push_back(',');
  put_time(out, started);
  out.push_back(',');
  put_time(out, ended);
  out.push_back(',');
  put_money(out, cost);
  out.push_back(',');
  out.append(outcome);
  out.append(attributes);
  out.push_back('\n');
}

}  // namespace bpm::sim
