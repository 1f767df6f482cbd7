#include "kpi/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "io/xml_escape.hpp"

namespace bpm::kpi {
namespace {

constexpr const char* kBar = "#4e79a7";
constexpr const char* kLine = "#e15759";
constexpr const char* kAxis = "#888";

double nice_max(double v) {
  if (!(v > 0.0) || !std::isfinite(v)) return 1.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
  for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (v <= step * magnitude) return step * magnitude;
  }
  return 10.0 * magnitude;
}

std::string axis_number(double v) {
  if (v == 0.0) return "0";
  if (std::fabs(v) >= 1e6) return fmt::format("{:.3g}M", v / 1e6);
  if (std::fabs(v) >= 1e4) return fmt::format("{:.3g}k", v / 1e3);
  return fmt::format("{:.3g}", v);
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  append_xml_escaped(out, text);
  return out;
}

std::string horizontal_bars(const std::vector<BarItem>& items, double scale_max, double reference, int width) {
  const int row = 22;
  const int label_width = 170;
  const int note_width = 90;
  const int plot = width - label_width - note_width;
  const int height = static_cast<int>(items.size()) * row + 10;
  double top = scale_max;
  if (!(top > 0.0)) {
    for (const BarItem& i : items) top = std::max(top, i.value);
    if (!(top > 0.0)) top = 1.0;
  }
  if (std::isfinite(reference)) top = std::max(top, reference);
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img" font-family="sans-serif" font-size="12">)",
      width, height, width, height);
  for (std::size_t k = 0; k < items.size(); ++k) {
    const BarItem& item = items[k];
    const int y = static_cast<int>(k) * row + 4;
    const double fraction = std::clamp(std::isfinite(item.value) ? item.value / top : 0.0, 0.0, 1.0);
    std::string label = item.label.size() > 26 ? item.label.substr(0, 25) + "…" : item.label;
    svg +=
        fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", label_width - 6, y + 14, html_escape(label));
    svg += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="{}"><title>{}: {}</title></rect>)",
                       label_width, y + 2, fraction * plot, row - 6, item.colour.empty() ? kBar : item.colour,
                       html_escape(item.label), html_escape(item.note));
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" fill="#333">{}</text>)", label_width + fraction * plot + 4, y + 14,
                       html_escape(item.note));
  }
  if (std::isfinite(reference)) {
    const double x = label_width + reference / top * plot;
    svg += fmt::format(R"(<line x1="{:.1f}" y1="0" x2="{:.1f}" y2="{}" stroke="{}" stroke-dasharray="4 3"/>)", x, x,
                       height, kAxis);
  }
  svg += "</svg>";
  return svg;
}

std::string column_chart(const std::vector<double>& values, const std::vector<std::string>& axis_labels,
                         const std::vector<Marker>& markers, int width, int height) {
  const int left = 44;
  const int bottom = 36;
  const int top_margin = 16;
  const int plot_w = width - left - 10;
  const int plot_h = height - bottom - top_margin;
  double top = 0.0;
  for (const double v : values) top = std::max(top, v);
  top = nice_max(top);
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img" font-family="sans-serif" font-size="11">)",
      width, height, width, height);
  const int base = top_margin + plot_h;
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>)", left, base, left + plot_w, base, kAxis);
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", left - 4, top_margin + 4, axis_number(top));
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">0</text>)", left - 4, base);
  if (!values.empty()) {
    const double w = static_cast<double>(plot_w) / static_cast<double>(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double h = values[i] / top * plot_h;
      svg += fmt::format(
          R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"><title>{}</title></rect>)",
          left + w * static_cast<double>(i) + 1, base - h, std::max(1.0, w - 2), h, kBar, axis_number(values[i]));
    }
    for (std::size_t i = 0; i < axis_labels.size() && i < values.size(); ++i) {
      if (axis_labels[i].empty()) continue;
      svg += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle">{}</text>)",
                         left + w * (static_cast<double>(i) + 0.5), base + 14, html_escape(axis_labels[i]));
    }
  }
  for (const Marker& m : markers) {
    const double x = left + std::clamp(m.position, 0.0, 1.0) * plot_w;
    svg += fmt::format(R"(<line x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{}" stroke="{}" stroke-dasharray="4 3"/>)", x,
                       top_margin, x, base, kLine);
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" fill="{}" text-anchor="middle">{}</text>)", x, top_margin - 4, kLine,
                       html_escape(m.label));
  }
  svg += "</svg>";
  return svg;
}

std::string bars_and_line(const std::vector<double>& bars, const std::vector<double>& line,
                          const std::vector<std::string>& labels, std::string_view bar_name, std::string_view line_name,
                          int width, int height) {
  const int left = 44;
  const int right = 44;
  const int bottom = 36;
  const int top_margin = 22;
  const int plot_w = width - left - right;
  const int plot_h = height - bottom - top_margin;
  const int base = top_margin + plot_h;
  double bar_top = 0.0;
  for (const double v : bars) bar_top = std::max(bar_top, v);
  double line_top = 0.0;
  for (const double v : line) line_top = std::max(line_top, v);
  bar_top = nice_max(bar_top);
  line_top = nice_max(line_top);
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img" font-family="sans-serif" font-size="11">)",
      width, height, width, height);
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>)", left, base, left + plot_w, base, kAxis);
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>)", left - 4, top_margin + 4, kBar,
                     axis_number(bar_top));
  svg += fmt::format(R"(<text x="{}" y="{}" fill="{}">{}</text>)", left + plot_w + 4, top_margin + 4, kLine,
                     axis_number(line_top));
  svg += fmt::format(R"(<rect x="{}" y="4" width="10" height="10" fill="{}"/><text x="{}" y="13">{}</text>)", left,
                     kBar, left + 14, html_escape(bar_name));
  svg +=
      fmt::format(R"(<line x1="{}" y1="9" x2="{}" y2="9" stroke="{}" stroke-width="2"/><text x="{}" y="13">{}</text>)",
                  left + 170, left + 184, kLine, left + 188, html_escape(line_name));
  const std::size_t n = std::max(bars.size(), line.size());
  if (n > 0) {
    const double w = static_cast<double>(plot_w) / static_cast<double>(n);
    for (std::size_t i = 0; i < bars.size(); ++i) {
      const double h = bars[i] / bar_top * plot_h;
      svg += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" opacity="0.85"/>)",
                         left + w * static_cast<double>(i) + (w > 3 ? 0.5 : 0.0), base - h, std::max(0.5, w - 1.0), h,
                         kBar);
    }
    std::string points;
    for (std::size_t i = 0; i < line.size(); ++i) {
      points +=
          fmt::format("{:.1f},{:.1f} ", left + w * (static_cast<double>(i) + 0.5), base - line[i] / line_top * plot_h);
    }
    svg += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>)", points, kLine);
    for (std::size_t i = 0; i < labels.size() && i < n; ++i) {
      if (labels[i].empty()) continue;
      svg += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle">{}</text>)",
                         left + w * (static_cast<double>(i) + 0.5), base + 14, html_escape(labels[i]));
    }
  }
  svg += "</svg>";
  return svg;
}

}  // namespace bpm::kpi
