#include "bpm/kpi/diff.hpp"

#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bpm/io/csv.hpp"
#include "bpm/stats/running_stats.hpp"
#include "bpm/stats/student_t.hpp"
#include "kpi/text_table.hpp"

namespace bpm::kpi {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Welch's test from the summary of each side (mean, sd, n), which is all a report keeps.
double welch(double mean_a, double sd_a, std::uint64_t n_a, double mean_b, double sd_b, std::uint64_t n_b) {
  if (n_a < 2 || n_b < 2 || !std::isfinite(sd_a) || !std::isfinite(sd_b)) return kNaN;
  const auto restore = [](double mean, double sd, std::uint64_t n) {
    const double m2 = sd * sd * static_cast<double>(n - 1);
    return RunningStats::restore(n, mean, m2, mean, mean, mean * static_cast<double>(n));
  };
  return welch_p_value(restore(mean_a, sd_a, n_a), restore(mean_b, sd_b, n_b));
}

MetricDelta make_delta(const std::string& name, Unit unit, double base, double other) {
  MetricDelta d;
  d.name = name;
  d.unit = unit;
  d.base = base;
  d.other = other;
  d.delta = other - base;
  d.relative = base != 0.0 ? d.delta / std::fabs(base) : kNaN;
  d.p_value = kNaN;
  return d;
}

std::string signed_value(double v, Unit unit) {
  if (std::isnan(v)) return "n/a";
  const std::string text = format_value(std::fabs(v), unit == Unit::MoneyPerDay ? Unit::MoneyPerDay : unit);
  return (v < 0 ? "-" : v > 0 ? "+" : "") + text;
}

std::string p_text(double p) {
  if (std::isnan(p)) return "";
  if (p < 0.001) return "<0.001";
  return fmt::format("{:.3f}", p);
}

}  // namespace

ReportDiff diff_reports(const Report& base, const Report& other, double alpha) {
  ReportDiff diff;
  diff.alpha = alpha;
  std::unordered_map<std::string, const Metric*> others;
  for (const Metric& m : other.metrics) others.emplace(m.name, &m);
  for (const Metric& m : base.metrics) {
    const auto found = others.find(m.name);
    if (found == others.end()) {
      diff.only_base.push_back(m.name);
      continue;
    }
    const Metric& o = *found->second;
    MetricDelta d = make_delta(m.name, m.unit, m.value, o.value);
    d.p_value = welch(m.value, m.sd, m.n, o.value, o.sd, o.n);
    d.significant = std::isfinite(d.p_value) && d.p_value < alpha;
    diff.deltas.push_back(std::move(d));
    others.erase(found);
  }
  for (const Metric& m : other.metrics) {
    if (others.count(m.name) > 0) diff.only_other.push_back(m.name);
  }
  for (const KpiResult& k : base.kpis) {
    for (const KpiResult& o : other.kpis) {
      if (o.id != k.id) continue;
      MetricDelta d = make_delta(k.id, k.value_unit, k.value, o.value);
      d.is_kpi = true;
      d.base_status = k.status;
      d.other_status = o.status;
      diff.deltas.push_back(std::move(d));
    }
  }
  return diff;
}

void write_diff(std::ostream& out, const ReportDiff& diff, ReportFormat format, bool colour) {
  using Json = nlohmann::ordered_json;
  auto num = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
  switch (format) {
    case ReportFormat::Json:
    case ReportFormat::Yaml: {
      Json doc;
      doc["format"] = "bpm-kpi-diff/1";
      doc["base"] = diff.base_label;
      doc["other"] = diff.other_label;
      doc["alpha"] = diff.alpha;
      Json rows = Json::array();
      for (const MetricDelta& d : diff.deltas) {
        Json row = {{"name", d.name},
                    {"kind", d.is_kpi ? "kpi" : "metric"},
                    {"unit", metric_unit_name(d.unit)},
                    {"base", num(d.base)},
                    {"other", num(d.other)},
                    {"delta", num(d.delta)},
                    {"relative", num(d.relative)},
                    {"p_value", num(d.p_value)},
                    {"significant", d.significant}};
        if (d.is_kpi) {
          row["base_status"] = status_name(d.base_status);
          row["other_status"] = status_name(d.other_status);
        }
        rows.push_back(std::move(row));
      }
      doc["deltas"] = std::move(rows);
      doc["only_base"] = diff.only_base;
      doc["only_other"] = diff.only_other;
      if (format == ReportFormat::Json) {
        out << doc.dump(2) << '\n';
      } else {
        // JSON is valid YAML; a flow document keeps this writer small and the output parseable.
        out << "# bpm-kpi diff (JSON-compatible YAML)\n" << doc.dump(2) << '\n';
      }
      return;
    }
    case ReportFormat::Csv:
      out << "kind,name,unit,base,other,delta,relative,p_value,significant\n";
      for (const MetricDelta& d : diff.deltas) {
        auto n = [](double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); };
        out << (d.is_kpi ? "kpi," : "metric,") << csv_escape(d.name) << ',' << metric_unit_name(d.unit) << ',' << n(d.base)
            << ',' << n(d.other) << ',' << n(d.delta) << ',' << n(d.relative) << ',' << n(d.p_value) << ','
            << (d.significant ? "yes" : "no") << '\n';
      }
      return;
    default: break;
  }
  using Align = TextTable::Align;
  TextTable table({"metric", "base", "other", "change", "relative", "p", ""},
                  {Align::Left, Align::Right, Align::Right, Align::Right, Align::Right, Align::Right, Align::Left});
  for (const MetricDelta& d : diff.deltas) {
    std::string name = d.is_kpi ? "kpi " + d.name : d.name;
    std::string flag = d.significant ? "*" : "";
    if (d.is_kpi && d.base_status != d.other_status && d.other_status != Status::None) {
      flag = fmt::format("{} -> {}", status_name(d.base_status), status_name(d.other_status));
    }
    const char* tint = !colour || !d.significant ? "" : "\033[1m";
    table.add(
        {name, format_value(d.base, d.unit), format_value(d.other, d.unit), signed_value(d.delta, d.unit),
         std::isfinite(d.relative) ? fmt::format("{:+.1f}%", 100.0 * d.relative) : "n/a", p_text(d.p_value), flag},
        tint);
  }
  const bool markdown = format == ReportFormat::Markdown;
  if (markdown) {
    out << "# KPI changes: " << diff.base_label << " → " << diff.other_label << "\n\n";
    table.write_markdown(out);
    out << '\n';
  } else {
    out << "KPI changes: " << diff.base_label << " -> " << diff.other_label << '\n';
    table.write_text(out);
  }
  out << (markdown ? "" : "  ")
      << fmt::format("* significant at {:g}% (Welch's t-test; p shown where both sides carry replications or cases)\n",
                     100.0 * diff.alpha);
  if (!diff.only_base.empty() || !diff.only_other.empty()) {
    out << (markdown ? "" : "  ")
        << fmt::format("{} metrics only in the base, {} only in the other\n", diff.only_base.size(),
                       diff.only_other.size());
  }
}

}  // namespace bpm::kpi
