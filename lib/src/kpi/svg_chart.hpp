#pragma once
// Minimal inline-SVG charts for the HTML dashboard: no script, no network, readable when printed.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace bpm::kpi {

/// Text safe inside HTML/SVG elements and attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);

/// What a chart says about itself: its title (the SVG's accessible name, shown as a tooltip) and the
/// titles of its axes, drawn along them.
struct ChartText {
  std::string title;
  std::string x_axis;
  std::string y_axis;
};

struct BarItem {
  std::string label;
  double value = 0.0;
  std::string colour;  // CSS colour; empty: the default
  std::string note;    // text after the bar, e.g. the formatted value
};

/// Horizontal bars, one per item, scaled to `scale_max` (or the largest value when 0), with an
/// optional dashed reference line at `reference` (e.g. 100% utilisation; NaN for none). The label
/// column is as wide as the longest label needs, up to 40% of the width (longer labels are cut
/// with an ellipsis, never clipped); y_axis names the labels, x_axis the values.
[[nodiscard]] std::string horizontal_bars(const std::vector<BarItem>& items, double scale_max, double reference,
                                          const ChartText& text, int width = 560);

/// Horizontal bars of two stacked parts, one per item (e.g. the mean waiting, then the mean
/// processing of a step), scaled to the largest total; a legend names the parts. Labels as in
/// horizontal_bars.
struct StackedItem {
  std::string label;
  double first = 0.0;
  double second = 0.0;
  std::string note;  // text after the bar
};
[[nodiscard]] std::string stacked_bars(const std::vector<StackedItem>& items, std::string_view first_name,
                                       std::string_view second_name, const ChartText& text, int width = 560);

/// Vertical bars (a histogram): `values` with x-axis labels under the first, middle and last bars,
/// and labelled vertical markers (e.g. p50, p90) at fractional positions along the axis.
struct Marker {
  double position = 0.0;  // 0..1 along the x axis
  std::string label;
};
[[nodiscard]] std::string column_chart(const std::vector<double>& values, const std::vector<std::string>& axis_labels,
                                       const std::vector<Marker>& markers, const ChartText& text, int width = 560,
                                       int height = 240);

/// A time series: columns of `bars` (e.g. completions per period) and a line of `line` (e.g. WIP)
/// on its own right-hand scale; `labels` name some periods (empty strings skip). The left axis is
/// titled `bar_name`, the right one `line_name`; text.y_axis is not used.
[[nodiscard]] std::string bars_and_line(const std::vector<double>& bars, const std::vector<double>& line,
                                        const std::vector<std::string>& labels, std::string_view bar_name,
                                        std::string_view line_name, const ChartText& text, int width = 560,
                                        int height = 240);

/// A control chart (Shewhart): one point per period joined by a line, the centre line and the
/// control limits as dashed steps (they may differ per point, as a p-chart's do). Points outside
/// their limits are red; points that were not judged (a partial period) are hollow. `value_text`
/// writes the values of the y axis (e.g. "2.5d").
struct ControlPoint {
  double value = 0.0;   // NaN: no point
  double centre = 0.0;  // NaN: unknown
  double lower = 0.0;
  double upper = 0.0;
  bool flagged = false;
  bool judged = true;
};
[[nodiscard]] std::string control_chart(const std::vector<ControlPoint>& points, const std::vector<std::string>& labels,
                                        const std::function<std::string(double)>& value_text, const ChartText& text,
                                        int width = 560, int height = 200);

}  // namespace bpm::kpi
