// Every diagram of the real-world corpus (tests/data/bpmn/corpus, provenance in its README)
// imports without an exception, every warning is located, and at least 90% of the imported
// processes validate without errors (schema and the recommended lint rules, resource overload
// included), so that they simulate as they are.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "bpm/design/bpmn.hpp"
#include "bpm/io/input.hpp"
#include "bpm/lint/lint.hpp"
#include "bpm/model/writer.hpp"

namespace {

std::vector<std::filesystem::path> corpus_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(BPM_TEST_DATA) + "/bpmn/corpus")) {
    if (entry.path().extension() == ".bpmn") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("the real-world BPMN corpus imports, and 90% of it validates clean", "[design][bpmn][corpus]") {
  const auto files = corpus_files();
  REQUIRE(files.size() >= 20);
  int clean = 0;
  std::string failures;
  for (const auto& path : files) {
    INFO(path.filename().string());
    bpm::BpmnImportOptions options;
    auto params = path;
    params.replace_extension(".json");
    if (std::filesystem::exists(params)) {
      options.params_json = bpm::read_all(params.string());
      options.params_file = params.filename().string();
    }
    bpm::BpmnImport imported;
    REQUIRE_NOTHROW(imported = bpm::import_bpmn(bpm::read_all(path.string()), path.filename().string(), options));
    for (const auto& w : imported.warnings) {
      INFO(w.str());
      CHECK(w.where.line > 0);
      CHECK(w.message.find('\n') == std::string::npos);
    }
    const auto diagnostics = bpm::validate_text(bpm::to_yaml(imported.process), path.filename().string() + ".yaml",
                                                bpm::LintConfig::recommended());
    if (bpm::has_errors(diagnostics)) {
      for (const auto& d : diagnostics) {
        if (d.severity == bpm::Severity::Error) failures += d.str() + "\n";
      }
    } else {
      ++clean;
    }
  }
  const double share = static_cast<double>(clean) / static_cast<double>(files.size());
  WARN("BPMN corpus: " << clean << " of " << files.size() << " imported processes validate clean\n" << failures);
  CHECK(share >= 0.9);
}
