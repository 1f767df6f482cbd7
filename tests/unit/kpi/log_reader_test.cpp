#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <zlib.h>

#include "bpm/core/error.hpp"
#include "bpm/core/time.hpp"
#include "bpm/kpi/log_reader.hpp"
#include "kpi_test_util.hpp"

using namespace bpm::kpi;
using kpi_test::kHour;
using kpi_test::TempFile;

namespace {

/// Keeps every case, by id, with its activities named.
struct Collect : CaseSink {
  const LogInfo* info = nullptr;
  std::vector<CaseRecord> cases;
  int resets = 0;
  void on_case(CaseRecord& record) override { cases.push_back(record); }
  void reset() override {
    cases.clear();
    ++resets;
  }
  const CaseRecord& get(const std::string& id) const {
    for (const CaseRecord& c : cases) {
      if (c.id == id) return c;
    }
    FAIL("no case " << id);
    return cases.front();
  }
  std::vector<std::string> trace(const std::string& id) const {
    std::vector<std::string> names;
    for (const ActivityInstance& i : get(id).instances) names.push_back(info->dictionary.activities.name(i.activity));
    return names;
  }
};

struct Read {
  LogInfo info;
  Collect sink;
  Read(const std::vector<std::string>& paths, const LogOptions& options = {}) {
    sink.info = &info;
    read_logs(paths, options, info, sink);
  }
};

double t(const char* text) { return bpm::parse_datetime(text); }

std::string gzip(const std::string& text) {
  std::string out(compressBound(static_cast<uLong>(text.size())) + 64, '\0');
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

TEST_CASE("bpm-sim logs are read with their enable, start and end times", "[kpi][log]") {
  TempFile log("sim.csv",
               "case_id,replication,activity,resource,enable_time,start_time,end_time,cost,outcome,deal_value\n"
               "1,0,qualify,sdr,2026-01-05T09:00:00,2026-01-05T09:10:00,2026-01-05T09:30:00,20.00,won,1200\n"
               "1,0,close,ae,2026-01-05T09:30:00,2026-01-05T10:00:00,2026-01-05T11:00:00,90.00,won,1200\n"
               "1,1,qualify,sdr,2026-01-05T09:00:00,2026-01-05T09:00:00,2026-01-05T09:20:00,20.00,,7\n");
  LogOptions options;
  options.keep_attributes = {"deal_value"};
  Read r({log.path()}, options);
  CHECK(r.info.convention == "bpm-sim");
  CHECK(r.info.has_enable);
  CHECK(r.info.has_outcome);
  CHECK(r.info.has_replication);
  CHECK_FALSE(r.info.in_memory);
  REQUIRE(r.sink.cases.size() == 2);  // (case 1, replication 0) and (case 1, replication 1)
  const CaseRecord& c = r.sink.cases.front();
  CHECK(c.replication == 0);
  CHECK(c.outcome == "won");
  CHECK(c.attributes == std::vector<std::string>{"1200"});
  REQUIRE(c.instances.size() == 2);
  CHECK(c.instances[0].enable == t("2026-01-05T09:00"));
  CHECK(c.instances[0].start == t("2026-01-05T09:10"));
  CHECK(c.instances[1].cost == 90.0);
  CHECK(r.info.dictionary.resources.name(static_cast<std::uint32_t>(c.instances[1].resource)) == "ae");
  CHECK(c.start() == t("2026-01-05T09:00"));
  CHECK(c.end() == t("2026-01-05T11:00"));
  CHECK(r.sink.cases[1].replication == 1);
  CHECK(r.sink.cases[1].outcome.empty());
}

TEST_CASE("pm4py completion-only logs estimate start = enable = previous completion", "[kpi][log]") {
  TempFile log("pm4py.csv",
               ",concept:name,org:resource,time:timestamp,case:concept:name\n"
               "0,a,Pete,2026-01-05 10:00:00+01:00,c1\n"
               "1,b,Mike,2026-01-05 12:00:00+01:00,c1\n"
               "2,c,Mike,2026-01-05 15:00:00+01:00,c1\n");
  Read r({log.path()});
  CHECK(r.info.convention == "pm4py");
  CHECK(r.info.completion_only);
  const CaseRecord& c = r.sink.get("c1");
  REQUIRE(c.instances.size() == 3);
  // Zoned times are UTC: 10:00+01:00 is 09:00.
  CHECK(c.instances[0].start == t("2026-01-05T09:00"));
  CHECK(c.instances[0].enable == t("2026-01-05T09:00"));
  CHECK(c.instances[0].end == t("2026-01-05T09:00"));
  CHECK(c.instances[1].enable == t("2026-01-05T09:00"));
  CHECK(c.instances[1].start == t("2026-01-05T09:00"));
  CHECK(c.instances[1].end == t("2026-01-05T11:00"));
  CHECK(c.instances[2].start == t("2026-01-05T11:00"));
}

TEST_CASE("interval logs without enable times are enabled at the latest earlier completion", "[kpi][log]") {
  // Simod's columns; b and c run in parallel after a; d starts after both.
  TempFile log("simod.csv",
               "case_id,activity,resource,start_time,end_time\n"
               "1,d,r1,2026-01-05T13:00:00,2026-01-05T14:00:00\n"
               "1,a,r1,2026-01-05T08:00:00,2026-01-05T09:00:00\n"
               "1,b,r2,2026-01-05T09:30:00,2026-01-05T11:00:00\n"
               "1,c,r3,2026-01-05T10:00:00,2026-01-05T12:00:00\n");
  Read r({log.path()});
  CHECK(r.info.convention == "simod");
  CHECK_FALSE(r.info.has_enable);
  // Completion order, not file order.
  CHECK(r.sink.trace("1") == std::vector<std::string>{"a", "b", "c", "d"});
  const auto& in = r.sink.get("1").instances;
  CHECK(in[0].enable == t("2026-01-05T08:00"));  // first: enabled at its start
  CHECK(in[1].enable == t("2026-01-05T09:00"));  // after a
  CHECK(in[2].enable == t("2026-01-05T09:00"));  // c starts before b ends: also after a
  CHECK(in[3].enable == t("2026-01-05T12:00"));  // after c, the latest completion before 13:00
}

TEST_CASE("lifecycle logs pair start and complete FIFO per activity", "[kpi][log]") {
  // Two instances of 'review' open at once: the first complete closes the first start.
  TempFile log("life.csv",
               "case,activity,lifecycle:transition,time:timestamp,org:resource\n"
               "x,review,start,2026-01-05T09:00:00,ann\n"
               "x,review,start,2026-01-05T09:30:00,bob\n"
               "x,review,complete,2026-01-05T10:00:00,ann\n"
               "x,review,complete,2026-01-05T11:00:00,bob\n"
               "x,approve,schedule,2026-01-05T11:00:00,\n"
               "x,approve,start,2026-01-05T12:00:00,eve\n"
               "x,approve,complete,2026-01-05T12:30:00,eve\n"
               "x,archive,complete,2026-01-05T13:00:00,\n"
               "y,review,start,2026-01-05T09:00:00,ann\n");
  Read r({log.path()});
  CHECK(r.info.has_lifecycle);
  const auto& x = r.sink.get("x").instances;
  REQUIRE(x.size() == 4);
  CHECK(x[0].start == t("2026-01-05T09:00"));
  CHECK(x[0].end == t("2026-01-05T10:00"));
  CHECK(x[1].start == t("2026-01-05T09:30"));
  CHECK(x[1].end == t("2026-01-05T11:00"));
  CHECK(x[2].enable == t("2026-01-05T11:00"));  // from the schedule event
  CHECK(x[2].start == t("2026-01-05T12:00"));
  CHECK(x[3].start == t("2026-01-05T12:30"));  // completion-only: after the previous completion
  CHECK(r.sink.get("x").work_complete);
  // A start that never completes leaves the case unfinished and is reported.
  CHECK_FALSE(r.sink.get("y").work_complete);
  CHECK(r.info.issues.count_of(IssueKind::UnmatchedStart) == 1);
  CHECK(r.info.issues.count_of(IssueKind::UnmatchedComplete) == 1);
}

TEST_CASE("unsorted logs are re-read in memory and cases come out whole", "[kpi][log]") {
  TempFile log("unsorted.csv",
               "case_id,activity,start_time,end_time\n"
               "1,a,2026-01-05T08:00,2026-01-05T09:00\n"
               "2,a,2026-01-05T08:30,2026-01-05T09:30\n"
               "1,b,2026-01-05T10:00,2026-01-05T11:00\n");
  SECTION("auto: streaming fails over to memory") {
    Read r({log.path()});
    CHECK(r.info.in_memory);
    CHECK(r.sink.resets == 1);
    REQUIRE(r.sink.cases.size() == 2);
    CHECK(r.sink.trace("1") == std::vector<std::string>{"a", "b"});
  }
  SECTION("--order case promises grouping: a located error") {
    LogOptions options;
    options.order = LogOrder::ByCase;
    LogInfo info;
    Collect sink;
    try {
      read_logs({log.path()}, options, info, sink);
      FAIL("no error");
    } catch (const bpm::DataError& e) {
      CHECK(e.where().line == 4);
      CHECK_THAT(e.what(), Catch::Contains("not grouped by case"));
    }
  }
  SECTION("--order any reads in memory from the start") {
    LogOptions options;
    options.order = LogOrder::Any;
    Read r({log.path()}, options);
    CHECK(r.sink.resets == 0);
    CHECK(r.sink.cases.size() == 2);
  }
}

TEST_CASE("several logs are stitched into one by case id", "[kpi][log]") {
  TempFile crm("crm.csv",
               "case_id,activity,start_time,end_time\n"
               "d1,lead,2026-01-05T08:00,2026-01-05T09:00\n"
               "d2,lead,2026-01-05T08:00,2026-01-05T08:30\n");
  TempFile erp("erp.csv.gz", gzip("Case ID;Activity;Start;End\n"
                                  "d1;invoice;2026-01-06T08:00;2026-01-06T09:00\n"));
  Read r({crm.path(), erp.path()});
  CHECK(r.info.in_memory);
  REQUIRE(r.sink.cases.size() == 2);
  CHECK(r.sink.trace("d1") == std::vector<std::string>{"lead", "invoice"});
  CHECK(r.sink.get("d1").end() == t("2026-01-06T09:00"));
}

TEST_CASE("columns are named by flags when no convention matches", "[kpi][log]") {
  TempFile log("custom.csv",
               "Ticket|Step|Who|When\n"
               "T-1|open|ann|05/01/2026 08:00\n"
               "T-1|close|bob|05/01/2026 10:30\n");
  LogOptions options;
  options.columns.case_id = "Ticket";
  options.columns.activity = "Step";
  options.columns.resource = "Who";
  options.columns.timestamp = "When";
  options.time_format = "%d/%m/%Y %H:%M";
  Read r({log.path()}, options);
  CHECK(r.info.convention == "custom");
  CHECK(r.info.completion_only);
  CHECK(r.sink.get("T-1").end() == t("2026-01-05T10:30"));
  SECTION("a named column that is absent is a located error listing the columns") {
    options.columns.outcome = "Result";
    LogInfo info;
    Collect sink;
    try {
      read_logs({log.path()}, options, info, sink);
      FAIL("no error");
    } catch (const bpm::DataError& e) {
      CHECK(e.where().line == 1);
      CHECK_THAT(e.what(),
                 Catch::Contains("'Result' (the outcome column)") && Catch::Contains("Ticket, Step, Who, When"));
    }
  }
}

TEST_CASE("bad rows are counted, located and skipped; bad files are located errors", "[kpi][log][errors]") {
  SECTION("ragged rows, bad and missing timestamps, bad numbers") {
    TempFile log("bad.csv",
                 "case_id,activity,start_time,end_time,cost\n"
                 "1,a,2026-01-05T08:00,2026-01-05T09:00,5\n"
                 "1,b,2026-01-05T09:00\n"
                 "1,c,2026-01-05T09:00,31/01/2026,1\n"
                 "1,d,2026-01-05T09:00,,1\n"
                 ",e,2026-01-05T09:00,2026-01-05T10:00,1\n"
                 "1,f,2026-01-05T10:00,2026-01-05T11:00,ten\n"
                 "1,g,2026-01-05T12:00,2026-01-05T11:00,1\n"
                 "1,a,2026-01-05T08:00,2026-01-05T09:00,5\n");
    Read r({log.path()});
    CHECK(r.info.rows == 8);
    CHECK(r.info.issues.count_of(IssueKind::RaggedRow) == 1);
    CHECK(r.info.issues.count_of(IssueKind::BadTimestamp) == 1);
    CHECK(r.info.issues.count_of(IssueKind::MissingTimestamp) == 1);
    CHECK(r.info.issues.count_of(IssueKind::MissingCase) == 1);
    CHECK(r.info.issues.count_of(IssueKind::BadNumber) == 1);
    CHECK(r.info.issues.count_of(IssueKind::EndBeforeStart) == 1);
    CHECK(r.info.issues.count_of(IssueKind::DuplicateEvent) == 1);
    CHECK(r.sink.trace("1") == std::vector<std::string>{"a", "f", "g"});
    // The first examples keep file:line.
    bool located = false;
    for (const Issue& i : r.info.issues.examples()) {
      if (i.kind == IssueKind::BadTimestamp) {
        CHECK(i.where.line == 4);
        CHECK(i.where.column > 0);
        CHECK_THAT(i.message, Catch::Contains("'31/01/2026'"));
        located = true;
      }
    }
    CHECK(located);
  }
  SECTION("an empty file") {
    TempFile log("empty.csv", "");
    LogInfo info;
    Collect sink;
    CHECK_THROWS_AS(read_logs({log.path()}, {}, info, sink), bpm::DataError);
  }
  SECTION("missing required columns") {
    TempFile log("nocase.csv", "activity,time\na,2026-01-05\n");
    LogInfo info;
    Collect sink;
    try {
      read_logs({log.path()}, {}, info, sink);
      FAIL("no error");
    } catch (const bpm::DataError& e) {
      CHECK(e.where().line == 1);
      CHECK_THAT(e.what(), Catch::Contains("no case id column") && Catch::Contains("name the column that holds it"));
    }
  }
  SECTION("binary garbage") {
    std::string garbage(
        "\x7f"
        "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x3e\x00\n\x01\x02",
        24);
    TempFile log("garbage.csv", garbage);
    LogInfo info;
    Collect sink;
    try {
      read_logs({log.path()}, {}, info, sink);
      FAIL("no error");
    } catch (const bpm::DataError& e) {
      CHECK_THAT(e.what(), Catch::Contains("binary"));
    }
  }
  SECTION("a missing file is an IO error") {
    LogInfo info;
    Collect sink;
    CHECK_THROWS_AS(read_logs({"/nonexistent/log.csv"}, {}, info, sink), bpm::IoError);
  }
}

TEST_CASE("XES logs are read plain and gzip-compressed", "[kpi][log][xes]") {
  const std::string xes = R"(<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <trace>
    <string key="concept:name" value="t1"/>
    <string key="outcome" value="won"/>
    <event>
      <string key="concept:name" value="a"/>
      <string key="lifecycle:transition" value="start"/>
      <date key="time:timestamp" value="2026-01-05T08:00:00.000+01:00"/>
    </event>
    <event>
      <string key="concept:name" value="a"/>
      <string key="org:resource" value="ann"/>
      <string key="lifecycle:transition" value="complete"/>
      <date key="time:timestamp" value="2026-01-05T09:00:00.000+01:00"/>
    </event>
    <event>
      <string key="concept:name" value="b"/>
      <date key="time:timestamp" value="not a date"/>
    </event>
  </trace>
</log>
)";
  TempFile plain("log.xes", xes);
  TempFile packed("log.xes.gz", gzip(xes));
  for (const std::string& path : {plain.path(), packed.path()}) {
    Read r({path});
    CHECK(r.info.convention == "xes");
    REQUIRE(r.sink.cases.size() == 1);
    const CaseRecord& c = r.sink.cases.front();
    CHECK(c.id == "t1");
    CHECK(c.outcome == "won");
    REQUIRE(c.instances.size() == 1);
    CHECK(c.instances[0].start == t("2026-01-05T07:00"));
    CHECK(c.instances[0].end == t("2026-01-05T08:00"));
    CHECK(r.info.issues.count_of(IssueKind::BadTimestamp) == 1);
    CHECK(r.info.issues.examples().front().where.line == 17);  // the <event> element
  }
  SECTION("a broken document is a located error") {
    TempFile broken("broken.xes", "<?xml version=\"1.0\"?>\n<log>\n<trace>\n</log>\n");
    LogInfo info;
    Collect sink;
    CHECK_THROWS_AS(read_logs({broken.path()}, {}, info, sink), bpm::DataError);
  }
}

TEST_CASE("is_xes_path recognises XES by extension", "[kpi][log][xes]") {
  CHECK(is_xes_path("a.xes"));
  CHECK(is_xes_path("a.XES.gz"));
  CHECK_FALSE(is_xes_path("a.csv"));
}
