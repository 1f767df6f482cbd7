#include "bpm/distance/report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "bpm/core/error.hpp"

namespace bpm::distance {
namespace {

std::string short_number(double value) {
  if (std::isnan(value)) return "n/a";
  return fmt::format("{:.4g}", value);
}

std::string measure_label(const DistanceReport& report, Measure m) {
  return m == Measure::NGram ? fmt::format("ngram (n={})", report.ngram) : std::string(measure_name(m));
}

std::string simulated_summary(const DistanceReport& report) {
  const std::size_t k = report.simulated_labels.size();
  std::uint64_t low = UINT64_MAX;
  std::uint64_t high = 0;
  for (const std::uint64_t c : report.simulated_cases) {
    low = std::min(low, c);
    high = std::max(high, c);
  }
  const std::string cases = low == high ? fmt::format("{} cases", low) : fmt::format("{}-{} cases", low, high);
  if (k == 1) return fmt::format("{} ({})", report.simulated_labels.front(), cases);
  return fmt::format("{} replications ({} each)", k, cases);
}

nlohmann::ordered_json number(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

nlohmann::ordered_json to_json(const DistanceReport& report) {
  nlohmann::ordered_json root = nlohmann::ordered_json::object();
  root["format"] = std::string(kDistanceFormatId);
  root["real"] = {{"source", report.real_label}, {"cases", report.real_cases}, {"events", report.real_events}};
  nlohmann::ordered_json simulated = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < report.simulated_labels.size(); ++k) {
    simulated.push_back({{"source", report.simulated_labels[k]}, {"cases", report.simulated_cases[k]}});
  }
  root["simulated"] = std::move(simulated);
  root["ngram_n"] = report.ngram;
  root["confidence"] = 0.95;
  nlohmann::ordered_json measures = nlohmann::ordered_json::object();
  for (const DistanceReport::Row& row : report.rows) {
    nlohmann::ordered_json m = nlohmann::ordered_json::object();
    m["mean"] = number(row.estimate.mean);
    m["half_width"] = number(row.estimate.half_width);
    m["unit"] = std::string(measure_unit(row.measure).empty() ? "fraction" : "hours");
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const double v : row.values) values.push_back(number(v));
    m["values"] = std::move(values);
    if (!row.notes.empty()) m["notes"] = row.notes;
    measures[std::string(measure_name(row.measure))] = std::move(m);
  }
  root["measures"] = std::move(measures);
  return root;
}

std::string yaml_scalar(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "null";
  if (value.is_number_float()) return fmt::format("{}", value.get<double>());
  if (value.is_number()) return value.dump();
  return value.dump();  // JSON string quoting is valid YAML
}

void write_yaml(std::ostream& out, const nlohmann::ordered_json& value, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const auto& [key, item] : value.items()) {
    if (item.is_object()) {
      out << pad << key << ":\n";
      write_yaml(out, item, indent + 2);
    } else if (item.is_array()) {
      if (item.empty()) {
        out << pad << key << ": []\n";
      } else if (item.front().is_object()) {
        out << pad << key << ":\n";
        for (const auto& element : item) {
          bool first = true;
          for (const auto& [k, v] : element.items()) {
            out << pad << (first ? "  - " : "    ") << k << ": " << yaml_scalar(v) << '\n';
            first = false;
          }
        }
      } else {
        out << pad << key << ": [";
        for (std::size_t i = 0; i < item.size(); ++i) out << (i ? ", " : "") << yaml_scalar(item[i]);
        out << "]\n";
      }
    } else {
      out << pad << key << ": " << yaml_scalar(item) << '\n';
    }
  }
}

void write_table(std::ostream& out, const DistanceReport& report, bool markdown) {
  const bool replicated = report.simulated_labels.size() > 1;
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"measure", "distance", replicated ? "±95%" : "", "unit", "what"});
  if (!replicated) rows.front().erase(rows.front().begin() + 2);
  for (const DistanceReport::Row& row : report.rows) {
    std::vector<std::string> cells{measure_label(report, row.measure), short_number(row.estimate.mean)};
    if (replicated) cells.push_back(short_number(row.estimate.half_width));
    cells.emplace_back(measure_unit(row.measure).empty() ? "-" : "hours");
    cells.emplace_back(measure_description(row.measure));
    rows.push_back(std::move(cells));
  }
  const std::string real = fmt::format("{} ({} cases)", report.real_label, report.real_cases);
  if (markdown) {
    out << "- **real**: " << real << "\n- **simulated**: " << simulated_summary(report) << "\n\n";
    for (std::size_t r = 0; r < rows.size(); ++r) {
      out << '|';
      for (const std::string& cell : rows[r]) out << ' ' << cell << " |";
      out << '\n';
      if (r == 0) {
        out << '|';
        for (std::size_t c = 0; c < rows[r].size(); ++c)
          out << (c == 0 || c + 1 >= rows[r].size() - 1 ? "---|" : "---:|");
        out << '\n';
      }
    }
  } else {
    out << "real:      " << real << "\nsimulated: " << simulated_summary(report) << "\n\n";
    std::vector<std::size_t> width(rows.front().size(), 0);
    for (const auto& row : rows) {
      for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    }
    for (const auto& row : rows) {
      std::string line;
      for (std::size_t c = 0; c < row.size(); ++c) {
        const bool numeric = c > 0 && c + 2 < row.size();
        const std::size_t w = c + 1 == row.size() ? 0 : width[c];
        line += numeric ? fmt::format("{:>{}}", row[c], w) : fmt::format("{:<{}}", row[c], w);
        if (c + 1 < row.size()) line += "  ";
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << '\n';
    }
  }
  for (const DistanceReport::Row& row : report.rows) {
    for (const std::string& note : row.notes)
      out << (markdown ? "\n> " : "\nnote: ") << measure_name(row.measure) << ": " << note << '\n';
  }
}

void write_csv(std::ostream& out, const DistanceReport& report) {
  out << "measure,mean,half_width,replications,unit\n";
  for (const DistanceReport::Row& row : report.rows) {
    auto num = [](double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); };
    out << measure_name(row.measure) << ',' << num(row.estimate.mean) << ',' << num(row.estimate.half_width) << ','
        << row.values.size() << ',' << (measure_unit(row.measure).empty() ? "fraction" : "hours") << '\n';
  }
}

}  // namespace

DistanceFormat parse_distance_format(std::string_view name) {
  if (name == "table") return DistanceFormat::Table;
  if (name == "markdown" || name == "md") return DistanceFormat::Markdown;
  if (name == "csv") return DistanceFormat::Csv;
  if (name == "json") return DistanceFormat::Json;
  if (name == "yaml") return DistanceFormat::Yaml;
  throw UsageError(fmt::format("unknown format '{}' (formats: table, markdown, csv, json, yaml)", name));
}

void write_distance_report(std::ostream& out, const DistanceReport& report, DistanceFormat format) {
  switch (format) {
    case DistanceFormat::Table: write_table(out, report, false); break;
    case DistanceFormat::Markdown: write_table(out, report, true); break;
    case DistanceFormat::Csv: write_csv(out, report); break;
    case DistanceFormat::Json: out << to_json(report).dump(2) << '\n'; break;
    case DistanceFormat::Yaml: write_yaml(out, to_json(report), 0); break;
  }
}

}  // namespace bpm::distance
