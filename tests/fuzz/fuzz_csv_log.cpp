// The CSV event-log reader and the KPI report of what it read, written as JSON (which needs
// valid UTF-8) and as a table.
#include <bpm/kpi/analysis.hpp>
#include <bpm/kpi/report_format.hpp>

#include <sstream>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static bpm::fuzz::MemoryFile file(".csv");
  const std::string& path = file.write(bpm::fuzz::text(data, size));
  bpm::fuzz::expect_only_bpm_errors([&] {
    bpm::kpi::AnalysisOptions options;
    options.log.memory_limit = std::uint64_t{64} << 20;
    const bpm::kpi::Report report = bpm::kpi::analyze_logs({path}, options);
    std::ostringstream out;
    bpm::kpi::write_report(out, report, bpm::kpi::ReportFormat::Json);
    bpm::kpi::write_report(out, report, bpm::kpi::ReportFormat::Table);
  });
  return 0;
}
