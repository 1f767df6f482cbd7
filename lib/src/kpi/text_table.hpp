#pragma once
// A table rendered as aligned text or as a markdown table; shared by the table and markdown
// report writers so that both show the same content.
#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace bpm::kpi {

class TextTable {
 public:
  enum class Align : unsigned char { Left, Right };

  explicit TextTable(std::vector<std::string> headers, std::vector<Align> align = {})
      : headers_(std::move(headers)), align_(std::move(align)) {
    align_.resize(headers_.size(), Align::Left);
  }

  /// A row; `colour` is an ANSI escape applied to the first cell in text mode ("" for none).
  void add(std::vector<std::string> cells, std::string colour = {}) {
    cells.resize(headers_.size());
    rows_.push_back(Row{std::move(cells), std::move(colour)});
  }
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }

  void write_text(std::ostream& out, const std::string& indent = "  ") const {
    const std::vector<std::size_t> widths = column_widths();
    auto line = [&](const std::vector<std::string>& cells, const std::string& colour) {
      std::string text = indent;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const std::size_t pad = widths[c] - display_width(cells[c]);
        const bool last = c + 1 == cells.size();
        std::string cell = cells[c];
        if (c == 0 && !colour.empty()) cell = colour + cell + "\033[0m";
        if (align_[c] == Align::Right) {
          text += std::string(pad, ' ') + cell;
        } else {
          text += cell;
          if (!last) text += std::string(pad, ' ');
        }
        if (!last) text += "  ";
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out << text << '\n';
    };
    line(headers_, {});
    for (const Row& row : rows_) line(row.cells, row.colour);
  }

  void write_markdown(std::ostream& out) const {
    auto line = [&out](const std::vector<std::string>& cells) {
      out << '|';
      for (const std::string& cell : cells) out << ' ' << escape(cell) << " |";
      out << '\n';
    };
    line(headers_);
    out << '|';
    for (std::size_t c = 0; c < headers_.size(); ++c) out << (align_[c] == Align::Right ? " ---: |" : " --- |");
    out << '\n';
    for (const Row& row : rows_) line(row.cells);
  }

  /// Characters as a terminal shows them: UTF-8 continuation bytes take no column.
  static std::size_t display_width(const std::string& text) {
    std::size_t width = 0;
    for (const char c : text) width += (static_cast<unsigned char>(c) & 0xC0) == 0x80 ? 0 : 1;
    return width;
  }

 private:
  struct Row {
    std::vector<std::string> cells;
    std::string colour;
  };

  static std::string escape(const std::string& cell) {
    std::string out;
    for (const char c : cell) {
      if (c == '|') out += '\\';
      out += c == '\n' ? ' ' : c;
    }
    return out;
  }

  [[nodiscard]] std::vector<std::size_t> column_widths() const {
    std::vector<std::size_t> widths(headers_.size(), 0);
    for (std::size_t c = 0; c < headers_.size(); ++c) widths[c] = display_width(headers_[c]);
    for (const Row& row : rows_) {
      for (std::size_t c = 0; c < row.cells.size(); ++c) widths[c] = std::max(widths[c], display_width(row.cells[c]));
    }
    return widths;
  }

  std::vector<std::string> headers_;
  std::vector<Align> align_;
  std::vector<Row> rows_;
};

}  // namespace bpm::kpi
