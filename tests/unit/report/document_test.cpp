#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>
#include <sstream>

#include "bpm/core/error.hpp"
#include "bpm/report/document.hpp"

using bpm::MetricUnit;
using bpm::report::Document;
using bpm::report::Format;
using bpm::report::Value;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::size_t columns(const std::string& line) {
  std::size_t n = 0;
  for (const char c : line) n += (static_cast<unsigned char>(c) & 0xC0) == 0x80 ? 0 : 1;
  return n;
}

Document sample() {
  Document doc("Sample", "sample/1");
  doc.field("process", Value::text("claims"));
  doc.field("replications", Value::integer(30));
  auto& t = doc.table("rows", "Rows", {"metric", {"unit", "", bpm::report::kMachines}, "value", "change"});
  t.add({Value::text("cycle_time.mean"), Value::text("seconds"), Value::estimate(7560.0, 360.0, MetricUnit::Duration),
         Value::difference(-1380.0, MetricUnit::Duration)});
  t.add({Value::text("win_rate"), Value::text("fraction"), Value::estimate(0.405, 0.02, MetricUnit::Fraction),
         Value::difference(0.026, MetricUnit::Fraction)});
  t.add({Value::text("cases.completed"), Value::text("count"), Value::measure(72.0, MetricUnit::Count), Value::null()});
  return doc;
}

}  // namespace

TEST_CASE("report values read as people expect", "[report]") {
  using bpm::report::human;
  using bpm::report::human_text;
  CHECK(human(7560.0, MetricUnit::Duration) == "2.1h");
  CHECK(human(4.3 * 86400, MetricUnit::Duration) == "4.3d");
  CHECK(human(0.875, MetricUnit::Fraction) == "87.5%");
  CHECK(human(404.0, MetricUnit::Money, "€") == "€404");
  CHECK(human(12345.4, MetricUnit::Money) == "12,345");
  CHECK(human(1234567.0, MetricUnit::Count) == "1,234,567");
  CHECK(human(std::nan(""), MetricUnit::Count) == "n/a");
  CHECK(human_text(Value::difference(0.026, MetricUnit::Fraction)) == "+2.6 pp");
  CHECK(human_text(Value::difference(-0.026, MetricUnit::Fraction)) == "-2.6 pp");
  CHECK(human_text(Value::difference(-1380.0, MetricUnit::Duration)) == "-23m");
  CHECK(human_text(Value::half_width(0.02, MetricUnit::Fraction)) == "2.0 pp");
  CHECK(human_text(Value::estimate(0.405, 0.02, MetricUnit::Fraction)) == "40.5% ± 2.0 pp");
  CHECK(human_text(Value::estimate(3600, std::nan(""), MetricUnit::Duration)) == "1h");
  CHECK(human_text(Value::boolean(true)) == "yes");
  CHECK(human_text(Value::null()) == "-");
  CHECK(human_text(Value::label("#33", 33)) == "#33");
}

TEST_CASE("report JSON and YAML: library units, whole numbers as integers, estimates as two fields", "[report]") {
  const std::string json = bpm::report::render(sample(), Format::Json);
  CHECK(json.rfind("{\n  \"format\": \"sample/1\",\n  \"process\": \"claims\",\n  \"replications\": 30,", 0) == 0);
  CHECK(json.find("\"value\": 7560,\n") != std::string::npos);
  CHECK(json.find("\"value_half_width\": 360,\n") != std::string::npos);
  CHECK(json.find("\"value\": 72,\n") != std::string::npos);  // never 72.0
  CHECK(json.find("\"change\": 0.026\n") != std::string::npos);
  CHECK(json.find("\"change\": null\n") != std::string::npos);
  CHECK(json.find("\"unit\": \"seconds\"") != std::string::npos);
  const std::string yaml = bpm::report::render(sample(), Format::Yaml);
  CHECK(yaml.find("rows:\n  - metric: cycle_time.mean\n    unit: seconds\n    value: 7560\n") != std::string::npos);
  CHECK(yaml.find("    value: 72\n") != std::string::npos);
}

TEST_CASE("report CSV: every table, estimates in two columns, one table plain", "[report]") {
  const std::string csv = bpm::report::render(sample(), Format::Csv);
  const auto lines = lines_of(csv);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "metric,unit,value,value_half_width,change");
  CHECK(lines[1] == "cycle_time.mean,seconds,7560,360,-1380");
  CHECK(lines[3] == "cases.completed,count,72,,");
  Document two = sample();
  two.table("other", "Other", {"name", "share"}).add({Value::text("a,b"), Value::measure(0.5, MetricUnit::Fraction)});
  const auto both = lines_of(bpm::report::render(two, Format::Csv));
  CHECK(both[0] == "table,metric,unit,value,value_half_width,change,name,share");
  CHECK(both.back() == "other,,,,,,\"a,b\",0.5");
}

TEST_CASE("report tables for people: humanised, machine-only columns hidden", "[report]") {
  const std::string table = bpm::report::render(sample(), Format::Table);
  CHECK(table.rfind("Sample\nprocess: claims\nreplications: 30\n\nRows\n", 0) == 0);
  CHECK(table.find("seconds") == std::string::npos);
  CHECK(table.find("2.1h ± 6m") != std::string::npos);
  CHECK(table.find("+2.6 pp") != std::string::npos);
  const std::string markdown = bpm::report::render(sample(), Format::Markdown);
  CHECK(markdown.find("| metric | value | change |\n| --- | ---: | ---: |\n") != std::string::npos);
  CHECK(markdown.find("- **process**: claims") != std::string::npos);
}

TEST_CASE("report tables fit 120 columns; Markdown stays complete", "[report]") {
  Document doc("Wide");
  std::vector<bpm::report::Column> heads{"id"};
  for (int i = 0; i < 14; ++i) heads.emplace_back(fmt::format("resources.pool_number_{}.utilisation", i));
  auto& t = doc.table("front", "Front", heads);
  for (int r = 0; r < 5; ++r) {
    std::vector<Value> row{Value::label(fmt::format("#{}", r), r)};
    for (int i = 0; i < 14; ++i) row.push_back(Value::measure(0.01 * (r + i), MetricUnit::Fraction));
    t.add(std::move(row));
  }
  t.add({Value::text("long"), Value::text(std::string(200, 'x'))});
  const std::string text = bpm::report::render(doc, Format::Table);
  for (const std::string& line : lines_of(text)) {
    INFO(line);
    // One unbreakable 200-character word is the only thing allowed to exceed the width.
    if (line.find("xxxx") == std::string::npos) CHECK(columns(line) <= 120);
  }
  // Every heading piece and every row survives the wrapping.
  CHECK(text.find("pool_") != std::string::npos);
  CHECK(text.find("#4") != std::string::npos);
  const std::string markdown = bpm::report::render(doc, Format::Markdown);
  CHECK(markdown.find("resources.pool_number_13.utilisation") != std::string::npos);
}

TEST_CASE("report formats are parsed once for every tool", "[report]") {
  CHECK(bpm::report::parse_format("md") == Format::Markdown);
  CHECK(bpm::report::parse_format("yml") == Format::Yaml);
  static constexpr Format kTwo[] = {Format::Table, Format::Json};
  CHECK_THROWS_WITH(bpm::report::parse_format("csv", kTwo), "unknown format 'csv' (expected table or json)");
  CHECK_THROWS_AS(bpm::report::parse_format("xml"), bpm::UsageError);
}
