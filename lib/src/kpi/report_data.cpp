// The machine formats of a report: csv (one row per metric, KPI and objective), and the json /
// yaml report document (schema in share/doc/bpm-kpi.md), which read_report reads back.
#include <cmath>
#include <string>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bpm/core/error.hpp"
#include "bpm/io/csv.hpp"
#include "kpi/report_sections.hpp"

namespace bpm::kpi {
namespace {

using Json = nlohmann::ordered_json;

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json target_json(const std::optional<Target>& t) { return t ? Json(t->text) : Json(nullptr); }

/// Builds a JSON object whose members are added in O(1) each: ordered_json's operator[] searches
/// the members one by one, which made a report of tens of thousands of activities or resources
/// quadratic. A repeated key replaces the earlier value, as operator[] does.
class ObjectBuilder {
 public:
  void put(const std::string& key, Json value) {
    auto& members = object_.get_ref<Json::object_t&>();
    const auto [it, inserted] = index_.try_emplace(key, members.size());
    if (inserted) {
      members.emplace_back(key, std::move(value));
    } else {
      (members.begin() + static_cast<std::ptrdiff_t>(it->second))->second = std::move(value);
    }
  }
  [[nodiscard]] Json take() { return std::move(object_); }

 private:
  Json object_ = Json::object();
  std::unordered_map<std::string, std::size_t> index_;
};

Json document(const Report& r) {
  Json doc;
  doc["format"] = std::string(kReportFormatId);
  doc["kind"] = r.kind;
  doc["title"] = r.title;
  doc["sources"] = r.sources;
  doc["convention"] = r.convention;
  doc["window"] = {{"start", r.window_end > r.window_start ? Json(format_datetime(r.window_start)) : Json(nullptr)},
                   {"end", r.window_end > r.window_start ? Json(format_datetime(r.window_end)) : Json(nullptr)}};
  doc["replications"] = r.replications;
  ObjectBuilder metrics;
  for (const Metric& m : r.metrics) {
    Json node = {{"value", number(m.value)}, {"unit", unit_name(m.unit)}};
    if (m.n > 1) {
      node["sd"] = number(m.sd);
      node["half_width"] = number(m.half_width);
      node["n"] = m.n;
    }
    metrics.put(m.name, std::move(node));
  }
  doc["metrics"] = metrics.take();
  Json kpis = Json::array();
  for (const KpiResult& k : r.kpis) {
    Json node = {{"id", k.id},
                 {"formula", k.formula},
                 {"unit", k.unit},
                 {"value", number(k.value)},
                 {"value_unit", unit_name(k.value_unit)},
                 {"target", target_json(k.target)},
                 {"status", status_name(k.status)},
                 {"depth", k.depth},
                 {"children", k.children}};
    if (k.half_width > 0) node["half_width"] = number(k.half_width);
    if (!k.description.empty()) node["description"] = k.description;
    if (!k.error.empty()) node["error"] = k.error;
    kpis.push_back(std::move(node));
  }
  doc["kpis"] = std::move(kpis);
  Json objectives = Json::array();
  for (const ObjectiveResult& o : r.objectives) {
    objectives.push_back({{"kpi", o.kpi},
                          {"value", number(o.value)},
                          {"unit", unit_name(o.unit)},
                          {"target", target_json(o.target)},
                          {"baseline", o.baseline ? number(*o.baseline) : Json(nullptr)},
                          {"status", status_name(o.status)}});
  }
  doc["objectives"] = std::move(objectives);
  Json activities = Json::array();
  for (const ActivityRow& a : r.activities) {
    activities.push_back({{"name", a.name},
                          {"count", a.count},
                          {"cases", a.cases},
                          {"repeats", a.repeats},
                          {"waiting_total", number(a.waiting_total)},
                          {"processing_total", number(a.processing_total)},
                          {"cost_total", number(a.cost_total)},
                          {"known", a.known}});
  }
  doc["activities"] = std::move(activities);
  Json resources = Json::array();
  for (const ResourceRow& x : r.resources) {
    resources.push_back({{"name", x.name},
                         {"count", x.count},
                         {"busy", number(x.busy)},
                         {"capacity", number(x.capacity)},
                         {"waiting_total", number(x.waiting_total)},
                         {"cost_total", number(x.cost_total)}});
  }
  doc["resources"] = std::move(resources);
  Json variants = Json::array();
  for (const VariantRow& v : r.variants) {
    variants.push_back({{"count", v.count}, {"cycle_mean", number(v.cycle_mean)}, {"activities", v.activities}});
  }
  doc["variants"] = {{"count", r.variant_count}, {"top", std::move(variants)}};
  Json series = Json::array();
  for (const DayPoint& p : r.series) {
    series.push_back({{"day", format_datetime(p.day).substr(0, 10)},
                      {"arrivals", number(p.arrivals)},
                      {"completions", number(p.completions)},
                      {"wip", number(p.wip)}});
  }
  doc["series"] = std::move(series);
  Json bins = Json::array();
  for (const HistogramBin& b : r.cycle_histogram) {
    bins.push_back({{"lower", number(b.lower)}, {"upper", number(b.upper)}, {"count", number(b.count)}});
  }
  doc["cycle_time_histogram"] = std::move(bins);
  if (r.conformance.checked) {
    ObjectBuilder unknown;
    for (const auto& [name, count] : r.conformance.unknown_activities) unknown.put(name, count);
    doc["conformance"] = {{"cases_checked", r.conformance.cases_checked},
                          {"cases_ending_nowhere", r.conformance.cases_ending_nowhere},
                          {"ending_nowhere_examples", r.conformance.ending_nowhere_examples},
                          {"unknown_activities", unknown.take()}};
  }
  Json counts = Json::object();
  for (std::size_t k = 0; k < kIssueKinds; ++k) {
    const auto kind = static_cast<IssueKind>(k);
    if (r.issues.count_of(kind) > 0) counts[issue_kind_name(kind)] = r.issues.count_of(kind);
  }
  Json examples = Json::array();
  for (const Issue& i : r.issues.examples()) {
    examples.push_back({{"kind", issue_kind_name(i.kind)}, {"where", i.where.str()}, {"message", i.message}});
  }
  doc["issues"] = {{"counts", std::move(counts)}, {"examples", std::move(examples)}};
  doc["notes"] = r.notes;
  return doc;
}

// --- YAML: the same tree, block style, strings quoted when YAML would misread them. ---

bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  static const char* const kWords[] = {"true", "false", "yes", "no", "on", "off", "null", "~",    "y",    "n",
                                       "True", "False", "Yes", "No", "On", "Off", "Null", "NULL", "TRUE", "FALSE"};
  for (const char* w : kWords) {
    if (s == w) return true;
  }
  const char first = s.front();
  if (std::string_view("-?:,[]{}#&*!|>'\"%@` ").find(first) != std::string_view::npos) return true;
  if ((first >= '0' && first <= '9') || first == '.' || first == '+') return true;
  if (s.back() == ' ' || s.back() == ':') return true;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return true;
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

std::string yaml_scalar(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number_float()) return v.dump();
  const std::string s = v.get<std::string>();
  return needs_quotes(s) ? Json(s).dump() : s;
}

bool is_scalar(const Json& v) { return !v.is_object() && !v.is_array(); }

std::string yaml_key(const std::string& key) { return needs_quotes(key) ? Json(key).dump() : key; }

void emit_yaml(std::ostream& out, const Json& v, int indent);

void emit_yaml_value_after_key(std::ostream& out, const Json& v, int indent) {
  if (is_scalar(v)) {
    out << ' ' << yaml_scalar(v) << '\n';
  } else if (v.empty()) {
    out << (v.is_object() ? " {}" : " []") << '\n';
  } else if (v.is_array() && std::all_of(v.begin(), v.end(), is_scalar)) {
    // Short scalar lists in flow style keep paths and children on one line.
    out << " [";
    bool first = true;
    for (const Json& item : v) {
      out << (first ? "" : ", ") << yaml_scalar(item);
      first = false;
    }
    out << "]\n";
  } else {
    out << '\n';
    emit_yaml(out, v, indent + 2);
  }
}

void emit_yaml(std::ostream& out, const Json& v, int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      out << pad << yaml_key(it.key()) << ':';
      emit_yaml_value_after_key(out, it.value(), indent);
    }
  } else if (v.is_array()) {
    for (const Json& item : v) {
      if (is_scalar(item)) {
        out << pad << "- " << yaml_scalar(item) << '\n';
      } else if (item.is_object() && !item.empty()) {
        bool first = true;
        for (auto it = item.begin(); it != item.end(); ++it) {
          out << (first ? pad + "- " : pad + "  ") << yaml_key(it.key()) << ':';
          emit_yaml_value_after_key(out, it.value(), indent + 2);
          first = false;
        }
      } else {
        out << pad << "- " << (item.is_object() ? "{}" : "[]") << '\n';
      }
    }
  }
}

void write_csv(std::ostream& out, const Report& r) {
  out << "kind,name,value,unit,half_width,n,target,status\n";
  auto num = [](double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); };
  for (const Metric& m : r.metrics) {
    out << "metric," << csv_escape(m.name) << ',' << num(m.value) << ',' << unit_name(m.unit) << ','
        << (m.n > 1 ? num(m.half_width) : "") << ',' << (m.n > 1 ? std::to_string(m.n) : "") << ",,\n";
  }
  for (const KpiResult& k : r.kpis) {
    out << "kpi," << csv_escape(k.id) << ',' << num(k.value) << ',' << csv_escape(k.unit) << ','
        << (k.half_width > 0 ? num(k.half_width) : "") << ",," << csv_escape(target_text(k.target)) << ','
        << (k.target ? status_name(k.status) : "") << '\n';
  }
  for (const ObjectiveResult& o : r.objectives) {
    out << "objective," << csv_escape(o.kpi) << ',' << num(o.value) << ',' << unit_name(o.unit) << ",,,"
        << csv_escape(target_text(o.target)) << ',' << (o.target ? status_name(o.status) : "") << '\n';
  }
}

}  // namespace

void write_data_report(std::ostream& out, const Report& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::Csv: write_csv(out, report); return;
    case ReportFormat::Json: out << document(report).dump(2) << '\n'; return;
    case ReportFormat::Yaml:
      out << "# bpm-kpi report; durations in seconds, fractions as fractions (share/doc/bpm-kpi.md)\n";
      emit_yaml(out, document(report), 0);
      return;
    default: throw Error("write_data_report: not a data format");
  }
}

ReportFormat parse_report_format(std::string_view name) {
  if (name == "table" || name == "text") return ReportFormat::Table;
  if (name == "markdown" || name == "md") return ReportFormat::Markdown;
  if (name == "csv") return ReportFormat::Csv;
  if (name == "json") return ReportFormat::Json;
  if (name == "yaml" || name == "yml") return ReportFormat::Yaml;
  if (name == "html") return ReportFormat::Html;
  throw UsageError(fmt::format("unknown format '{}' (expected table, markdown, csv, json, yaml or html)", name));
}

void write_report(std::ostream& out, const Report& report, ReportFormat format, const WriteOptions& options) {
  switch (format) {
    case ReportFormat::Table: write_text_report(out, report, false, options.colour); return;
    case ReportFormat::Markdown: write_text_report(out, report, true, false); return;
    case ReportFormat::Csv:
    case ReportFormat::Json:
    case ReportFormat::Yaml: write_data_report(out, report, format); return;
    case ReportFormat::Html: write_html_report(out, report); return;
  }
}

}  // namespace bpm::kpi
