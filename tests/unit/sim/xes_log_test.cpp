// The XES form of the event log: the CSV that EventLogWriter writes, turned into traces of
// schedule/start/complete events as it streams by.
#include <catch2/catch.hpp>

#include <pugixml.hpp>
#include <string>

#include "bpm/core/error.hpp"
#include "bpm/sim/xes_log.hpp"

namespace {

constexpr const char* kCsv =
    "case_id,replication,activity,resource,enable_time,start_time,end_time,cost,outcome,segment,amount\n"
    "1,0,register,clerk,2026-01-05T09:00:00,2026-01-05T09:10:00,2026-01-05T09:20:00,5.00,paid,\"a,b\",12.5\n"
    "1,0,\"check & <pay>\",,2026-01-05T09:20:00,2026-01-05T09:20:00,2026-01-05T09:20:00,0.00,paid,\"a,b\",12.5\n"
    "2,0,register,clerk,2026-01-05T09:05:00,2026-01-05T09:20:00,2026-01-05T09:30:00,5.00,,smb,7\n"
    "1,1,register,clerk,2026-01-05T09:00:00,2026-01-05T09:01:00,2026-01-05T09:02:00,5.00,paid,smb,3\n";

std::string convert(const std::string& csv, std::size_t block) {
  std::string out;
  bpm::XesLogConverter converter([&out](const char* data, std::size_t size) { out.append(data, size); });
  for (std::size_t i = 0; i < csv.size(); i += block) converter.write(csv.substr(i, block));
  converter.finish();
  return out;
}

}  // namespace

TEST_CASE("xes: one trace per case, three lifecycle events per execution, in time order", "[sim][xes]") {
  const std::string xes = convert(kCsv, std::string(kCsv).size());
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xes.c_str()));
  const pugi::xml_node log = doc.child("log");
  REQUIRE(log);
  CHECK(std::string(log.find_child_by_attribute("string", "key", "creator").attribute("value").value()) == "bpm-sim");
  std::vector<pugi::xml_node> traces;
  for (const pugi::xml_node t : log.children("trace")) traces.push_back(t);
  REQUIRE(traces.size() == 3);  // (0,1), (0,2), (1,1): replication and case id together
  const auto value = [](const pugi::xml_node& node, const char* key) {
    return std::string(node.find_child_by_attribute("key", key).attribute("value").value());
  };
  CHECK(value(traces[0], "concept:name") == "0-1");
  CHECK(value(traces[0], "replication") == "0");
  CHECK(value(traces[0], "outcome") == "paid");
  CHECK(value(traces[0], "segment") == "a,b");
  CHECK(std::string(traces[0].find_child_by_attribute("key", "amount").name()) == "float");
  CHECK(std::string(traces[0].find_child_by_attribute("key", "segment").name()) == "string");
  CHECK(value(traces[1], "outcome").empty());  // still in flight: no outcome attribute
  CHECK(value(traces[2], "concept:name") == "1-1");

  std::vector<std::string> events;
  for (const pugi::xml_node e : traces[0].children("event")) {
    events.push_back(value(e, "concept:name") + " " + value(e, "lifecycle:transition") + " " +
                     value(e, "time:timestamp").substr(11) + " " + value(e, "org:resource") + " " +
                     value(e, "cost:total"));
  }
  // The automatic step is enabled, started and done at the moment register completes: ties keep
  // the completion that enabled it first.
  CHECK(events == std::vector<std::string>{
                      "register schedule 09:00:00 clerk ",
                      "register start 09:10:00 clerk ",
                      "register complete 09:20:00 clerk 5.00",
                      "check & <pay> schedule 09:20:00  ",
                      "check & <pay> start 09:20:00  ",
                      "check & <pay> complete 09:20:00  0.00",
                  });
  CHECK(xes.find("check &amp; &lt;pay&gt;") != std::string::npos);
}

TEST_CASE("xes: the output does not depend on how the CSV is split into blocks", "[sim][xes]") {
  const std::string whole = convert(kCsv, std::string(kCsv).size());
  for (const std::size_t block : {1U, 2U, 7U, 64U, 100U}) {
    INFO("block " << block);
    CHECK(convert(kCsv, block) == whole);
  }
}

TEST_CASE("xes: text that is not bpm-sim's log is refused", "[sim][xes]") {
  CHECK_THROWS_AS(convert("case_id,activity\n", 100), bpm::DataError);
  const std::string short_row = std::string(kCsv) + "3,0,register\n";
  CHECK_THROWS_WITH(convert(short_row, 100), Catch::Contains("3 fields where the header has 11"));
  CHECK_THROWS_WITH(convert(std::string(kCsv) + "3,0,reg", 100), Catch::Contains("ends inside a row"));
}
