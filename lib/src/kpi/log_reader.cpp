#include "bpm/kpi/log_reader.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "bpm/core/error.hpp"

#include "bpm/kpi/timestamp.hpp"
#include "kpi/case_assembler.hpp"
#include "kpi/log_sources.hpp"

namespace bpm::kpi {
namespace {

constexpr std::string_view kRunMarker = "#bpm-sim-log ";

}  // namespace

std::uint64_t parse_memory_size(std::string_view text) {
  std::uint64_t value = 0;
  const char* const end = text.data() + text.size();
  const auto [rest, ec] = std::from_chars(text.data(), end, value);
  std::string_view unit(rest, static_cast<std::size_t>(end - rest));
  int shift = -1;
  if (ec == std::errc() && rest != text.data()) {
    static constexpr std::string_view kUnits[] = {"", "K", "M", "G", "T"};
    std::string upper(unit);
    for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (upper.ends_with("IB")) {
      upper.resize(upper.size() - 2);  // KiB
    } else if (upper.ends_with("B")) {
      upper.resize(upper.size() - 1);  // MB, or B for bytes
    }
    for (int k = 0; k < 5; ++k) {
      if (upper == kUnits[k]) shift = 10 * k;
    }
  }
  if (shift < 0 || value == 0 || (shift > 0 && value > (UINT64_MAX >> shift))) {
    throw SettingError("memory_limit", fmt::format("takes a size such as 512M or 2G, not '{}'", text));
  }
  return value << shift;
}

LogOrder parse_log_order(std::string_view text) {
  if (text == "auto") return LogOrder::Auto;
  if (text == "case") return LogOrder::ByCase;
  if (text == "any") return LogOrder::Any;
  throw SettingError("order", fmt::format("must be auto, case or any, not '{}'", text));
}

char parse_delimiter(std::string_view text) {
  if (text.empty()) return '\0';
  if (text == "\\t" || text == "tab") return '\t';
  if (text.size() > 1) throw SettingError("delimiter", fmt::format("must be one character, not '{}'", text));
  return text.front();
}

std::string source_label(const std::string& path) { return path == "-" ? "<stdin>" : path; }

bool is_xes_path(const std::string& path) {
  auto ends_with = [&path](std::string_view suffix) {
    if (path.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i) {
      char c = path[path.size() - suffix.size() + i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != suffix[i]) return false;
    }
    return true;
  };
  return ends_with(".xes") || ends_with(".xes.gz");
}

std::optional<SimulationRun> parse_simulation_run(std::string_view text) {
  SimulationRun run;
  bool has_start = false;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    const std::string_view item = text.substr(at, end - at);
    at = end + 1;
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = item.substr(0, eq);
    const std::string_view value = item.substr(eq + 1);
    const auto number = [&value](auto& out) {
      const auto r = std::from_chars(value.data(), value.data() + value.size(), out);
      return r.ec == std::errc{} && r.ptr == value.data() + value.size();
    };
    if (key == "start") {
      const std::optional<Time> t = parse_iso_timestamp(value);
      if (!t) return std::nullopt;
      run.start = *t;
      has_start = true;
    } else if (key == "warmup_seconds") {
      if (!number(run.warmup_seconds)) return std::nullopt;
    } else if (key == "warmup_cases") {
      if (!number(run.warmup_cases)) return std::nullopt;
    } else if (key == "horizon_seconds" && value != "none") {
      double horizon = 0.0;
      if (!number(horizon)) return std::nullopt;
      run.horizon_seconds = horizon;
    }
  }
  if (!has_start) return std::nullopt;
  return run;
}

bool read_window_start(std::string_view text, LogInfo& info) {
  constexpr std::string_view kReplication = "replication=";
  constexpr std::string_view kStart = " window_start=";
  if (!text.starts_with(kReplication)) return false;
  const std::size_t at = text.find(kStart);
  if (at == std::string_view::npos) return false;
  std::uint32_t replication = 0;
  const std::string_view number = text.substr(kReplication.size(), at - kReplication.size());
  const auto r = std::from_chars(number.data(), number.data() + number.size(), replication);
  if (r.ec != std::errc{} || r.ptr != number.data() + number.size()) return false;
  const std::optional<Time> start = parse_iso_timestamp(text.substr(at + kStart.size()));
  if (!start) return false;
  info.window_starts[replication] = *start;
  return true;
}

OpenedInput open_input(const std::string& path) {
  OpenedInput input;
  input.path = path;
  input.label = source_label(path);
  input.lines = std::make_unique<LineReader>(path);
  for (;;) {
    const auto line = input.lines->next();
    if (!line) throw DataError(Location{input.label, 0, 0}, "empty input: no header line");
    if (line->find_first_not_of(" \t") == std::string_view::npos) continue;
    // bpm-sim's CSV log names its run before the header.
    if (line->starts_with(kRunMarker) && input.run.empty()) {
      input.run.assign(line->substr(kRunMarker.size()));
      continue;
    }
    input.first_line.assign(*line);
    break;
  }
  const std::string_view first = input.first_line;
  const std::size_t lead = first.find_first_not_of(" \t");
  const std::string_view text = first.substr(lead);
  if (text.front() == '<') {
    input.kind = InputKind::Xes;
  } else if (text.front() == '{' || text.front() == '#' || text.starts_with("---") || text.starts_with("format:") ||
             text.starts_with("metadata:")) {
    // A CSV header never starts like YAML or JSON; both report documents do.
    input.kind = InputKind::Document;
  }
  return input;
}

std::string read_rest(OpenedInput& input) {
  std::string text = input.first_line;
  text.push_back('\n');
  while (const auto line = input.lines->next()) {
    text.append(*line);
    text.push_back('\n');
  }
  return text;
}

namespace {

void read_all_sources(OpenedInput* first, const std::vector<std::string>& paths, const LogOptions& options,
                      LogInfo& info, CaseSink& sink, bool grouped) {
  CaseAssembler assembler(grouped, info.dictionary, info.issues, sink, options.memory_limit);
  for (std::size_t k = 0; k < paths.size(); ++k) {
    OpenedInput opened;
    if (k == 0 && first != nullptr) {
      opened = std::move(*first);
    } else {
      opened = open_input(paths[k]);
    }
    assembler.set_file(opened.label);
    switch (opened.kind) {
      case InputKind::Xes: read_xes_log(opened, options, info, assembler); break;
      case InputKind::Csv: read_csv_log(opened, options, info, assembler); break;
      case InputKind::Document:
        throw DataError(Location{opened.label, 1, 0}, paths.size() > 1
                                                          ? "a report document cannot be stitched with event logs"
                                                          : "a report document where an event log was expected");
    }
  }
  assembler.finish();
  info.events = assembler.events();
  info.cases = assembler.cases();
  info.has_lifecycle = info.has_lifecycle || assembler.saw_lifecycle();
  info.spilled = assembler.spilled();
}

}  // namespace

void read_logs_opened(OpenedInput first, const std::vector<std::string>& paths, const LogOptions& options,
                      LogInfo& info, CaseSink& sink) {
  info.sources = paths;
  info.dictionary.attributes = options.keep_attributes;
  const bool stitched = paths.size() > 1;
  const bool from_stdin = std::find(paths.begin(), paths.end(), "-") != paths.end();
  // Stitched logs share cases across files and standard input cannot be read twice: both are
  // read in memory unless the user promises grouping.
  const bool grouped =
      !stitched && (options.order == LogOrder::ByCase || (options.order == LogOrder::Auto && !from_stdin));
  info.in_memory = !grouped;
  try {
    read_all_sources(first.lines ? &first : nullptr, paths, options, info, sink, grouped);
  } catch (const OrderViolation&) {
    if (options.order != LogOrder::Auto) throw;
    // Not grouped after all: start over with every case in memory. Names interned so far stay
    // valid (a re-read interns the same names), everything counted is counted again.
    sink.reset();
    LogDictionary dictionary = std::move(info.dictionary);
    info = LogInfo{};
    info.dictionary = std::move(dictionary);
    info.sources = paths;
    info.in_memory = true;
    read_all_sources(nullptr, paths, options, info, sink, false);
  }
}

void read_logs(const std::vector<std::string>& paths, const LogOptions& options, LogInfo& info, CaseSink& sink) {
  read_logs_opened(OpenedInput{}, paths, options, info, sink);
}

}  // namespace bpm::kpi
