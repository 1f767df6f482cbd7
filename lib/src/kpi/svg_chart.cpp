#include "kpi/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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

namespace {

/// Width of a character at 12px in a sans-serif font, on the generous side: labels sized with it
/// are never clipped.
constexpr double kCharWidth = 7.0;
constexpr const char* kTitle = "#555";

/// Characters (UTF-8 code points) of `text`.
std::size_t glyphs(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return n;
}

/// `text` cut to `fits` characters, the last one an ellipsis, when longer.
std::string shorten(std::string_view text, std::size_t fits) {
  if (glyphs(text) <= fits || fits == 0) return std::string(text);
  std::size_t kept = 0;
  std::size_t end = 0;
  for (; end < text.size(); ++end) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0U) != 0x80U && ++kept == fits) break;
  }
  return std::string(text.substr(0, end)) + "…";
}

std::string svg_open(int width, int height, int font_size, const ChartText& text) {
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}" font-family="sans-serif" font-size="{}"><title>{}</title>)",
      width, height, width, height, html_escape(text.title), font_size, html_escape(text.title));
}

/// A vertical axis title, read bottom to top, its baseline at x.
std::string y_title(std::string_view title, int x, int middle) {
  return fmt::format(
      R"svg(<text class="axis-title" transform="rotate(-90)" x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>)svg",
      -middle, x, kTitle, html_escape(title));
}

/// Labels under columns of width w from `left`: the first starts at its column, the last ends at
/// its column, the others are centred (so none runs off the chart).
std::string x_labels(const std::vector<std::string>& labels, std::size_t columns, int left, double w, int y) {
  std::string svg;
  for (std::size_t i = 0; i < labels.size() && i < columns; ++i) {
    if (labels[i].empty()) continue;
    const char* anchor = i == 0 ? "start" : i + 1 == columns ? "end" : "middle";
    const double x = left + w * (static_cast<double>(i) + (i == 0 ? 0.0 : i + 1 == columns ? 1.0 : 0.5));
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="{}">{}</text>)", x, y, anchor, html_escape(labels[i]));
  }
  return svg;
}

}  // namespace

std::string horizontal_bars(const std::vector<BarItem>& items, double scale_max, double reference,
                            const ChartText& text, int width) {
  const int row = 22;
  const int head = 18;  // the y-axis title above the labels
  const int foot = 22;  // the x-axis title under the bars
  std::size_t longest = glyphs(text.y_axis);
  for (const BarItem& i : items) longest = std::max(longest, glyphs(i.label));
  const int label_width =
      std::clamp(static_cast<int>(static_cast<double>(longest) * kCharWidth) + 10, 60, width * 2 / 5);
  const auto fits = static_cast<std::size_t>(static_cast<double>(label_width - 10) / kCharWidth);
  // The note after the longest bar must fit too ("95.9% (86% closed)").
  std::size_t longest_note = 0;
  for (const BarItem& i : items) longest_note = std::max(longest_note, glyphs(i.note));
  const int note_width =
      std::clamp(static_cast<int>(static_cast<double>(longest_note) * kCharWidth) + 12, 90, width / 3);
  const int plot = width - label_width - note_width;
  const int height = head + static_cast<int>(items.size()) * row + foot;
  double top = scale_max;
  if (!(top > 0.0)) {
    for (const BarItem& i : items) top = std::max(top, i.value);
    if (!(top > 0.0)) top = 1.0;
  }
  if (std::isfinite(reference)) top = std::max(top, reference);
  std::string svg = svg_open(width, height, 12, text);
  svg += fmt::format(R"(<text class="axis-title" x="{}" y="13" text-anchor="end" fill="{}">{}</text>)", label_width - 6,
                     kTitle, html_escape(shorten(text.y_axis, fits)));
  for (std::size_t k = 0; k < items.size(); ++k) {
    const BarItem& item = items[k];
    const int y = head + static_cast<int>(k) * row;
    const double fraction = std::clamp(std::isfinite(item.value) ? item.value / top : 0.0, 0.0, 1.0);
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", label_width - 6, y + 14,
                       html_escape(shorten(item.label, fits)));
    svg += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="{}"><title>{}: {}</title></rect>)",
                       label_width, y + 2, fraction * plot, row - 6, item.colour.empty() ? kBar : item.colour,
                       html_escape(item.label), html_escape(item.note));
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" fill="#333">{}</text>)", label_width + fraction * plot + 4, y + 14,
                       html_escape(item.note));
  }
  if (std::isfinite(reference)) {
    const double x = label_width + reference / top * plot;
    svg += fmt::format(R"(<line x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{}" stroke="{}" stroke-dasharray="4 3"/>)", x, head,
                       x, height - foot, kAxis);
  }
  svg += fmt::format(R"(<text class="axis-title" x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>)",
                     label_width + plot / 2, height - 6, kTitle, html_escape(text.x_axis));
  svg += "</svg>";
  return svg;
}

std::string stacked_bars(const std::vector<StackedItem>& items, std::string_view first_name,
                         std::string_view second_name, const ChartText& text, int width) {
  const int row = 22;
  const int head = 36;  // the legend, then the y-axis title above the labels
  const int foot = 22;  // the x-axis title under the bars
  std::size_t longest = glyphs(text.y_axis);
  for (const StackedItem& i : items) longest = std::max(longest, glyphs(i.label));
  const int label_width =
      std::clamp(static_cast<int>(static_cast<double>(longest) * kCharWidth) + 10, 60, width * 2 / 5);
  const auto fits = static_cast<std::size_t>(static_cast<double>(label_width - 10) / kCharWidth);
  const int note_width = 110;
  const int plot = width - label_width - note_width;
  const int height = head + static_cast<int>(items.size()) * row + foot;
  double top = 0.0;
  for (const StackedItem& i : items) {
    const double total = (std::isfinite(i.first) ? i.first : 0.0) + (std::isfinite(i.second) ? i.second : 0.0);
    top = std::max(top, total);
  }
  if (!(top > 0.0)) top = 1.0;
  std::string svg = svg_open(width, height, 12, text);
  svg += fmt::format(R"(<rect x="{}" y="4" width="10" height="10" fill="{}"/><text x="{}" y="13">{}</text>)",
                     label_width, kLine, label_width + 14, html_escape(first_name));
  svg += fmt::format(R"(<rect x="{}" y="4" width="10" height="10" fill="{}"/><text x="{}" y="13">{}</text>)",
                     label_width + 150, kBar, label_width + 164, html_escape(second_name));
  svg += fmt::format(R"(<text class="axis-title" x="{}" y="31" text-anchor="end" fill="{}">{}</text>)", label_width - 6,
                     kTitle, html_escape(shorten(text.y_axis, fits)));
  for (std::size_t k = 0; k < items.size(); ++k) {
    const StackedItem& item = items[k];
    const int y = head + static_cast<int>(k) * row;
    const double a = std::isfinite(item.first) ? std::max(0.0, item.first) / top * plot : 0.0;
    const double b = std::isfinite(item.second) ? std::max(0.0, item.second) / top * plot : 0.0;
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", label_width - 6, y + 14,
                       html_escape(shorten(item.label, fits)));
    svg += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="{}"><title>{}: {}</title></rect>)",
                       label_width, y + 2, a, row - 6, kLine, html_escape(item.label), html_escape(first_name));
    svg += fmt::format(R"(<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}"><title>{}: {}</title></rect>)",
                       label_width + a, y + 2, b, row - 6, kBar, html_escape(item.label), html_escape(second_name));
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" fill="#333">{}</text>)", label_width + a + b + 4, y + 14,
                       html_escape(item.note));
  }
  svg += fmt::format(R"(<text class="axis-title" x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>)",
                     label_width + plot / 2, height - 6, kTitle, html_escape(text.x_axis));
  svg += "</svg>";
  return svg;
}

std::string column_chart(const std::vector<double>& values, const std::vector<std::string>& axis_labels,
                         const std::vector<Marker>& markers, const ChartText& text, int width, int height) {
  const int left = 56;
  const int bottom = 40;
  const int top_margin = 18;
  const int plot_w = width - left - 10;
  const int plot_h = height - bottom - top_margin;
  double top = 0.0;
  for (const double v : values) top = std::max(top, v);
  top = nice_max(top);
  std::string svg = svg_open(width, height, 11, text);
  const int base = top_margin + plot_h;
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>)", left, base, left + plot_w, base, kAxis);
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>)", left, top_margin, left, base, kAxis);
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", left - 4, top_margin + 4, axis_number(top));
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">0</text>)", left - 4, base);
  svg += y_title(text.y_axis, 14, top_margin + plot_h / 2);
  if (!values.empty()) {
    const double w = static_cast<double>(plot_w) / static_cast<double>(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double h = values[i] / top * plot_h;
      svg += fmt::format(
          R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"><title>{}</title></rect>)",
          left + w * static_cast<double>(i) + 1, base - h, std::max(1.0, w - 2), h, kBar, axis_number(values[i]));
    }
    svg += x_labels(axis_labels, values.size(), left, w, base + 14);
  }
  for (const Marker& m : markers) {
    const double x = left + std::clamp(m.position, 0.0, 1.0) * plot_w;
    svg += fmt::format(R"(<line x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{}" stroke="{}" stroke-dasharray="4 3"/>)", x,
                       top_margin, x, base, kLine);
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" fill="{}" text-anchor="middle">{}</text>)", x, top_margin - 4, kLine,
                       html_escape(m.label));
  }
  svg += fmt::format(R"(<text class="axis-title" x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>)",
                     left + plot_w / 2, height - 6, kTitle, html_escape(text.x_axis));
  svg += "</svg>";
  return svg;
}

std::string bars_and_line(const std::vector<double>& bars, const std::vector<double>& line,
                          const std::vector<std::string>& labels, std::string_view bar_name, std::string_view line_name,
                          const ChartText& text, int width, int height) {
  const int left = 56;
  const int right = 56;
  const int bottom = 40;
  const int top_margin = 24;
  const int plot_w = width - left - right;
  const int plot_h = height - bottom - top_margin;
  const int base = top_margin + plot_h;
  double bar_top = 0.0;
  for (const double v : bars) bar_top = std::max(bar_top, v);
  double line_top = 0.0;
  for (const double v : line) line_top = std::max(line_top, v);
  bar_top = nice_max(bar_top);
  line_top = nice_max(line_top);
  std::string svg = svg_open(width, height, 11, text);
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>)", left, base, left + plot_w, base, kAxis);
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>)", left - 4, top_margin + 4, kBar,
                     axis_number(bar_top));
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" fill="{}">0</text>)", left - 4, base, kBar);
  svg += fmt::format(R"(<text x="{}" y="{}" fill="{}">{}</text>)", left + plot_w + 4, top_margin + 4, kLine,
                     axis_number(line_top));
  svg += fmt::format(R"(<text x="{}" y="{}" fill="{}">0</text>)", left + plot_w + 4, base, kLine);
  svg += y_title(bar_name, 14, top_margin + plot_h / 2);
  svg += y_title(line_name, width - 6, top_margin + plot_h / 2);
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
    svg += x_labels(labels, n, left, w, base + 14);
  }
  svg += fmt::format(R"(<text class="axis-title" x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>)",
                     left + plot_w / 2, height - 6, kTitle, html_escape(text.x_axis));
  svg += "</svg>";
  return svg;
}

std::string control_chart(const std::vector<ControlPoint>& points, const std::vector<std::string>& labels,
                          const std::function<std::string(double)>& value_text, const ChartText& text, int width,
                          int height) {
  const int left = 64;
  const int right = 12;
  const int bottom = 40;
  const int top_margin = 12;
  const int plot_w = width - left - right;
  const int plot_h = height - bottom - top_margin;
  const int base = top_margin + plot_h;
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  for (const ControlPoint& p : points) {
    for (const double v : {p.value, p.centre, p.lower, p.upper}) {
      if (!std::isfinite(v)) continue;
      low = std::min(low, v);
      high = std::max(high, v);
    }
  }
  if (!std::isfinite(low)) low = high = 0.0;
  if (high - low <= 0.0) {
    high += 0.5 * std::max(1e-9, std::fabs(high));
    low -= 0.5 * std::max(1e-9, std::fabs(low));
  }
  const double pad = 0.05 * (high - low);
  low -= pad;
  high += pad;
  const std::size_t n = points.size();
  const double w = n > 0 ? static_cast<double>(plot_w) / static_cast<double>(n) : 0.0;
  const auto x_of = [&](std::size_t i) { return left + w * (static_cast<double>(i) + 0.5); };
  const auto y_of = [&](double v) { return base - (v - low) / (high - low) * plot_h; };
  std::string svg = svg_open(width, height, 11, text);
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>)", left, base, left + plot_w, base, kAxis);
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>)", left, top_margin, left, base, kAxis);
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", left - 4, top_margin + 8,
                     html_escape(value_text(high)));
  svg +=
      fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", left - 4, base, html_escape(value_text(low)));
  svg += y_title(text.y_axis, 12, top_margin + plot_h / 2);
  // Centre and limits as steps: each point's own over its column.
  const auto steps = [&](auto member, const char* colour, const char* dash) {
    std::string path;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = points[i].*member;
      if (!std::isfinite(v)) continue;
      const double x0 = left + w * static_cast<double>(i);
      path += fmt::format("M{:.1f},{:.1f}H{:.1f}", x0, y_of(v), x0 + w);
    }
    if (path.empty()) return std::string();
    return fmt::format(R"(<path d="{}" fill="none" stroke="{}" stroke-dasharray="{}"/>)", path, colour, dash);
  };
  svg += steps(&ControlPoint::centre, "#59a14f", "6 3");
  svg += steps(&ControlPoint::upper, kLine, "3 3");
  svg += steps(&ControlPoint::lower, kLine, "3 3");
  std::string line;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isfinite(points[i].value)) line += fmt::format("{:.1f},{:.1f} ", x_of(i), y_of(points[i].value));
  }
  if (!line.empty()) svg += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}"/>)", line, kBar);
  for (std::size_t i = 0; i < n; ++i) {
    const ControlPoint& p = points[i];
    if (!std::isfinite(p.value)) continue;
    const char* colour = p.flagged ? "#d1383d" : kBar;
    svg +=
        fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="3.5" fill="{}" stroke="{}"><title>{}: {}</title></circle>)",
                    x_of(i), y_of(p.value), p.judged ? colour : "#fff", colour,
                    html_escape(i < labels.size() ? labels[i] : std::string()), html_escape(value_text(p.value)));
  }
  std::vector<std::string> shown(labels.size());
  if (!labels.empty()) {
    shown.front() = labels.front();
    shown.back() = labels.back();
    if (labels.size() > 2) shown[labels.size() / 2] = labels[labels.size() / 2];
  }
  svg += x_labels(shown, n, left, w, base + 14);
  svg += fmt::format(R"(<text class="axis-title" x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>)",
                     left + plot_w / 2, height - 6, kTitle, html_escape(text.x_axis));
  svg += "</svg>";
  return svg;
}

}  // namespace bpm::kpi
