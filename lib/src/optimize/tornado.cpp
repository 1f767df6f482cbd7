// The tornado chart of a sensitivity study as a self-contained SVG. The dashboard's bar chart
// (kpi/svg_chart.hpp) grows bars from zero; a tornado needs bars on both sides of a baseline
// value, so it is drawn here with the same look (font, colours, escaping).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "bpm/optimize/sensitivity.hpp"
#include "kpi/svg_chart.hpp"

namespace bpm {
namespace {

constexpr const char* kLow = "#4e79a7";
constexpr const char* kHigh = "#f28e2b";
constexpr const char* kAxis = "#888";
constexpr int kWidth = 760;
constexpr int kLabel = 230;  // right edge of the parameter names
constexpr int kPlotLeft = kLabel + 10;
constexpr int kPlotRight = kWidth - 150;  // the swing column follows
constexpr int kRow = 22;

struct Scale {
  double lo = 0.0;
  double hi = 1.0;
  [[nodiscard]] double x(double v) const { return kPlotLeft + (v - lo) / (hi - lo) * (kPlotRight - kPlotLeft); }
};

std::string value_text(double v, MetricUnit unit, bool signed_ = false) {
  if (!std::isfinite(v)) return "-";
  if (unit == MetricUnit::Fraction)
    return signed_ ? fmt::format("{:+.2f} pp", v * 100.0) : fmt::format("{:.2f}%", v * 100.0);
  if (std::abs(v) >= 1e4) return signed_ ? fmt::format("{:+.0f}", v) : fmt::format("{:.0f}", v);
  return signed_ ? fmt::format("{:+.4g}", v) : fmt::format("{:.4g}", v);
}

std::string shorten(const std::string& label) { return label.size() > 34 ? label.substr(0, 33) + "\u2026" : label; }

std::string percent(double delta) { return fmt::format("{}%", std::round(delta * 1e8) / 1e6); }

int panel_height(const std::vector<TornadoRow>& rows) { return 24 + static_cast<int>(rows.size()) * kRow + 34; }

/// One panel: the ±X% parameters of a metric, or its counts (one server less and more).
std::string panel(const SensitivityReport& report, const MetricSensitivity& m, const std::vector<TornadoRow>& rows,
                  bool counts, int top) {
  const SensitivityStudy& study = report.study;
  const MetricUnit unit = m.metric.unit;
  const double factor = unit == MetricUnit::Duration ? study.time_unit_seconds : 1.0;
  const std::string unit_name = unit == MetricUnit::Duration ? study.time_unit : metric_unit_name(unit);
  double lo = INFINITY;
  double hi = -INFINITY;
  double baseline = std::nan("");
  for (const TornadoRow& row : rows) {
    baseline = row.baseline / factor;
    for (const double v : {row.baseline, row.at_low, row.at_high}) {
      if (std::isfinite(v)) {
        lo = std::min(lo, v / factor);
        hi = std::max(hi, v / factor);
      }
    }
  }
  if (!std::isfinite(lo)) {
    lo = 0.0;
    hi = 1.0;
  }
  const double pad = hi > lo ? (hi - lo) * 0.05 : std::max(std::abs(lo) * 0.05, 1e-9);
  const Scale scale{lo - pad, hi + pad};

  std::string svg = fmt::format(R"(<text x="8" y="{}" font-weight="bold">{} ({}){}</text>)", top + 16,
                                kpi::html_escape(m.metric.name), kpi::html_escape(unit_name),
                                counts ? " — one server less / more" : "");
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" fill="#555">swing</text>)", kWidth - 8, top + 16);
  const int rows_top = top + 24;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const TornadoRow& row = rows[k];
    const SensitivityParameter& p = study.parameters[row.parameter];
    const int y = rows_top + static_cast<int>(k) * kRow;
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", kLabel, y + 15,
                       kpi::html_escape(shorten(p.path)));
    const double base = row.baseline / factor;
    struct Bar {
      double value;
      const char* colour;
      const char* name;
    };
    std::vector<Bar> bars{{row.at_low / factor, kLow, "-"}, {row.at_high / factor, kHigh, "+"}};
    // The longer bar first, so that a shorter one on the same side stays visible on top.
    std::stable_sort(bars.begin(), bars.end(),
                     [&](const Bar& a, const Bar& b) { return std::abs(a.value - base) > std::abs(b.value - base); });
    const char* opacity = row.significant ? "1" : "0.4";
    const bool same_side = (bars[0].value - base) * (bars[1].value - base) > 0.0;
    for (std::size_t b = 0; b < bars.size(); ++b) {
      const Bar& bar = bars[b];
      if (!std::isfinite(bar.value) || !std::isfinite(base)) continue;
      const double x0 = scale.x(std::min(base, bar.value));
      const double x1 = scale.x(std::max(base, bar.value));
      // On the same side, the shorter bar is drawn thinner inside the longer one.
      const bool inner = same_side && b == 1;
      svg += fmt::format(
          R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}" fill-opacity="{}"><title>{} at {}{}: {}</title></rect>)",
          x0, y + (inner ? 8 : 4), std::max(x1 - x0, 0.5), inner ? 6 : 14, bar.colour, opacity,
          kpi::html_escape(p.path), bar.name, counts ? "1 server" : percent(study.delta),
          kpi::html_escape(value_text(bar.value, unit)));
    }
    std::string swing = value_text(row.swing.mean / factor, unit, true) + (row.significant ? "" : " (n.s.)");
    if (row.overloads()) swing += " overload";
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" fill="#333">{}</text>)", kWidth - 8, y + 15,
                       kpi::html_escape(swing));
  }
  const int axis = rows_top + static_cast<int>(rows.size()) * kRow + 4;
  svg +=
      fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>)", kPlotLeft, axis, kPlotRight, axis, kAxis);
  if (std::isfinite(baseline)) {
    const double bx = scale.x(baseline);
    svg += fmt::format(R"(<line x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{}" stroke="#333" stroke-dasharray="4 3"/>)", bx,
                       rows_top, bx, axis + 4);
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle" fill="#333">baseline {}</text>)", bx, axis + 18,
                       kpi::html_escape(value_text(baseline, unit)));
  }
  // The range's ends are labelled unless the baseline's label (about 150 px wide) would cover them.
  const double baseline_x = std::isfinite(baseline) ? scale.x(baseline) : -1000.0;
  if (baseline_x - kPlotLeft > 120) {
    svg += fmt::format(R"(<text x="{}" y="{}" fill="{}">{}</text>)", kPlotLeft, axis + 18, kAxis,
                       kpi::html_escape(value_text(lo, unit)));
  }
  if (kPlotRight - baseline_x > 120) {
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>)", kPlotRight, axis + 18, kAxis,
                       kpi::html_escape(value_text(hi, unit)));
  }
  return svg;
}

}  // namespace

std::string tornado_svg(const SensitivityReport& report) {
  const SensitivityStudy& study = report.study;
  int height = 56;
  for (const MetricSensitivity& m : report.metrics) {
    for (const auto* rows : {&m.tornado, &m.servers}) {
      if (!rows->empty()) height += panel_height(*rows) + 12;
    }
  }
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" role="img" font-family="sans-serif" font-size="12">)",
      kWidth, height);
  svg += "\n";
  svg += fmt::format(R"(<rect width="{}" height="{}" fill="white"/>)", kWidth, height);
  svg += fmt::format(
      R"(<text x="8" y="20" font-size="15" font-weight="bold">Sensitivity of {}: one parameter at a time, ±{}</text>)",
      kpi::html_escape(study.process), percent(study.delta));
  const std::string x = percent(study.delta);
  svg +=
      fmt::format(R"(<rect x="8" y="32" width="12" height="12" fill="{}"/><text x="24" y="42">at -{}</text>)", kLow, x);
  svg += fmt::format(R"(<rect x="100" y="32" width="12" height="12" fill="{}"/><text x="116" y="42">at +{}</text>)",
                     kHigh, x);
  svg += fmt::format(
      R"(<text x="200" y="42" fill="#555">pale: swing not significant ({:g}%, Holm, {} replications, common random numbers); overload: a level overloads a pool</text>)",
      study.confidence * 100.0, study.replications);
  svg += "\n";
  int top = 56;
  for (const MetricSensitivity& m : report.metrics) {
    for (const bool counts : {false, true}) {
      const std::vector<TornadoRow>& rows = counts ? m.servers : m.tornado;
      if (rows.empty()) continue;
      svg += panel(report, m, rows, counts, top);
      svg += "\n";
      top += panel_height(rows) + 12;
    }
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace bpm
