#include "bpm/kpi/log_reader.hpp"

#include <algorithm>

#include "kpi/case_assembler.hpp"
#include "kpi/log_sources.hpp"

namespace bpm::kpi {

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

namespace {

void read_all_sources(const std::vector<std::string>& paths, const LogOptions& options, LogInfo& info,
                      CaseSink& sink, bool grouped) {
  CaseAssembler assembler(grouped, info.dictionary, info.issues, sink);
  std::vector<std::string> labels;
  labels.reserve(paths.size());
  for (const std::string& path : paths) labels.push_back(source_label(path));
  for (std::size_t k = 0; k < paths.size(); ++k) {
    assembler.set_file(&labels[k]);
    if (is_xes_path(paths[k])) {
      read_xes_log(paths[k], options, info, assembler);
    } else {
      read_csv_log(paths[k], options, info, assembler);
    }
  }
  assembler.finish();
  info.events = assembler.events();
  info.cases = assembler.cases();
  info.has_lifecycle = info.has_lifecycle || assembler.saw_lifecycle();
}

}  // namespace

void read_logs(const std::vector<std::string>& paths, const LogOptions& options, LogInfo& info, CaseSink& sink) {
  info.sources = paths;
  info.dictionary.attributes = options.keep_attributes;
  const bool stitched = paths.size() > 1;
  const bool from_stdin = std::find(paths.begin(), paths.end(), "-") != paths.end();
  // Stitched logs share cases across files and standard input cannot be read twice: both are
  // read in memory unless the user promises grouping.
  const bool grouped =
      options.order == LogOrder::ByCase || (options.order == LogOrder::Auto && !stitched && !from_stdin);
  info.in_memory = !grouped;
  try {
    read_all_sources(paths, options, info, sink, grouped);
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
    read_all_sources(paths, options, info, sink, false);
  }
}

}  // namespace bpm::kpi
