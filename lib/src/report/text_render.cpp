// Tables for people. An aligned text table wider than the terminal first wraps its headings at
// dots and underscores, then long text cells at blanks (the widest down to what the other columns
// leave), then splits into column groups that each repeat the first column, so that every name
// stays whole (nothing abbreviated, no legend needed).
// Markdown is never wrapped: it is complete, for documents and pull requests.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "report/text_render.hpp"

namespace bpm::report::detail {
namespace {

using Lines = std::vector<std::string>;

/// Narrowest width a heading or text cell is wrapped to.
constexpr std::size_t kMinWrap = 8;
/// Text cells wider than this are wrapped when a table does not fit.
constexpr std::size_t kTextWrap = 48;
/// Narrowest width the widest text column is wrapped to, to keep a table in one piece.
constexpr std::size_t kMinText = 24;
constexpr std::string_view kIndent = "  ";
constexpr std::size_t kGap = 2;

bool is_numeric(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Text:
    case Value::Kind::Boolean: return false;
    default: return true;
  }
}

/// Breaks `text` into lines of at most `width` columns after any of `breaks` (kept at the end of
/// the line); a piece longer than `width` stays whole.
Lines wrap(const std::string& text, std::size_t width, std::string_view breaks) {
  std::vector<std::string> pieces;
  std::string piece;
  for (const char c : text) {
    piece += c;
    if (breaks.find(c) != std::string_view::npos) {
      pieces.push_back(std::move(piece));
      piece.clear();
    }
  }
  if (!piece.empty()) pieces.push_back(std::move(piece));
  Lines lines;
  std::string line;
  for (const std::string& p : pieces) {
    if (!line.empty() && display_width(line) + display_width(p) > width) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      lines.push_back(std::move(line));
      line.clear();
    }
    line += p;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

std::size_t widest(const Lines& lines) {
  std::size_t w = 0;
  for (const auto& l : lines) w = std::max(w, display_width(l));
  return w;
}

const char* ansi(Style style) {
  switch (style) {
    case Style::Good: return "\033[32m";
    case Style::Warning: return "\033[33m";
    case Style::Bad: return "\033[31m";
    case Style::Muted: return "\033[2m";
    case Style::Strong: return "\033[1m";
    case Style::Plain: break;
  }
  return "";
}

struct Grid {
  std::vector<Lines> headers;             // per column
  std::vector<std::vector<Lines>> cells;  // [row][column]
  std::vector<bool> right;                // per column
  std::vector<bool> text;                 // per column: holds text cells
  std::vector<Style> styles;              // per row

  [[nodiscard]] std::size_t width_of(std::size_t c) const {
    std::size_t w = widest(headers[c]);
    for (const auto& row : cells) w = std::max(w, widest(row[c]));
    return w;
  }
  [[nodiscard]] std::size_t cell_width(std::size_t c) const {
    std::size_t w = 0;
    for (const auto& row : cells) w = std::max(w, widest(row[c]));
    return w;
  }
  [[nodiscard]] std::size_t total(const std::vector<std::size_t>& columns) const {
    std::size_t sum = kIndent.size();
    for (std::size_t i = 0; i < columns.size(); ++i) sum += width_of(columns[i]) + (i > 0 ? kGap : 0);
    return sum;
  }
};

Grid make_grid(const Table& table, std::string_view currency) {
  Grid g;
  const std::size_t n = table.columns.size();
  g.right.assign(n, true);
  g.text.assign(n, false);
  for (const Column& column : table.columns) g.headers.push_back({column.header.empty() ? column.key : column.header});
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    std::vector<Lines> row(n, Lines{""});
    for (std::size_t c = 0; c < n; ++c) {
      const Value value = c < table.rows[r].size() ? table.rows[r][c] : Value::null();
      row[c] = {human_text(value, currency)};
      if (!is_numeric(value)) {
        g.right[c] = false;
        g.text[c] = true;
      }
    }
    g.cells.push_back(std::move(row));
    g.styles.push_back(r < table.styles.size() ? table.styles[r] : Style::Plain);
  }
  if (n > 0) g.right[0] = false;  // names
  return g;
}

void fit(Grid& g, std::size_t width) {
  std::vector<std::size_t> all(g.headers.size());
  for (std::size_t c = 0; c < all.size(); ++c) all[c] = c;
  if (g.total(all) <= width) return;
  // Headings longer than their cells wrap at dots and underscores, no narrower than their
  // longest piece ("resources." / "sdr.count").
  for (std::size_t c = 0; c < g.headers.size(); ++c) {
    const std::string& heading = g.headers[c].front();
    std::size_t target = std::max(g.cell_width(c), kMinWrap);
    for (const std::string& piece : wrap(heading, 1, "._ ")) target = std::max(target, display_width(piece));
    if (display_width(heading) > target) g.headers[c] = wrap(heading, target, "._ ");
  }
  if (g.total(all) <= width) return;
  // Long text (paths, formulas, examples) wraps at blanks.
  const auto wrap_text = [&g](std::size_t c, std::size_t target) {
    for (auto& row : g.cells) {
      std::string text;
      for (const std::string& line : row[c]) text += (text.empty() ? "" : " ") + line;
      row[c] = display_width(text) > target ? wrap(text, target, " ") : Lines{text};
    }
  };
  for (std::size_t c = 0; c < g.headers.size(); ++c) {
    if (g.text[c] && g.cell_width(c) > kTextWrap) wrap_text(c, kTextWrap);
  }
  // Still too wide: the widest text column after the names (prose, such as a definition) takes
  // what the others leave, down to kMinText, when that keeps the table in one piece; else the
  // table splits into groups with its text as it was.
  if (g.total(all) <= width) return;
  std::optional<std::size_t> prose;
  for (std::size_t c = 1; c < g.headers.size(); ++c) {
    if (g.text[c] && (!prose || g.cell_width(c) > g.cell_width(*prose))) prose = c;
  }
  if (!prose) return;
  const std::size_t others = g.total(all) - g.width_of(*prose);
  if (others + kMinText > width) return;
  std::vector<Lines> before;
  for (const auto& row : g.cells) before.push_back(row[*prose]);
  wrap_text(*prose, std::max(width - others, widest(g.headers[*prose])));
  if (g.total(all) <= width) return;
  for (std::size_t r = 0; r < g.cells.size(); ++r) g.cells[r][*prose] = std::move(before[r]);
}

/// Column groups that fit `width`, each repeating column 0.
std::vector<std::vector<std::size_t>> groups(const Grid& g, std::size_t width) {
  std::vector<std::vector<std::size_t>> out;
  const std::size_t n = g.headers.size();
  if (n == 0) return out;
  std::vector<std::size_t> current{0};
  for (std::size_t c = 1; c < n; ++c) {
    std::vector<std::size_t> trial = current;
    trial.push_back(c);
    if (current.size() > 1 && g.total(trial) > width) {
      out.push_back(current);
      current = {0, c};
    } else {
      current = std::move(trial);
    }
  }
  out.push_back(current);
  return out;
}

void write_rows(std::string& out, const Grid& g, const std::vector<std::size_t>& columns, bool colour) {
  std::vector<std::size_t> widths;
  for (const std::size_t c : columns) widths.push_back(g.width_of(c));
  const auto emit = [&](const std::vector<Lines>& cells, Style style, bool heading) {
    std::size_t height = 0;
    for (const std::size_t c : columns) height = std::max(height, cells[c].size());
    for (std::size_t line = 0; line < height; ++line) {
      std::string text(kIndent);
      for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::size_t c = columns[i];
        // Headings sit on their last lines, cells on their first.
        const std::size_t offset = heading ? height - cells[c].size() : 0;
        const std::string cell = line >= offset && line - offset < cells[c].size() ? cells[c][line - offset] : "";
        const std::size_t pad = widths[i] - display_width(cell);
        if (i > 0) text.append(kGap, ' ');
        const std::string shown = i == 0 && colour && style != Style::Plain ? ansi(style) + cell + "\033[0m" : cell;
        if (g.right[c]) {
          text.append(pad, ' ');
          text += shown;
        } else {
          text += shown;
          text.append(pad, ' ');
        }
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out += text;
      out += '\n';
    }
  };
  emit(g.headers, Style::Plain, true);
  for (std::size_t r = 0; r < g.cells.size(); ++r) emit(g.cells[r], g.styles[r], false);
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  bool code = false;  // inside a `code span`, where a backslash is literal
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '`') code = !code;
    // '|' would end the cell, even in a code span; '<' before a letter would open an HTML tag
    // (`<step>` of a metric pattern), where "<= 200" stays as it is.
    const bool tag = c == '<' && !code && i + 1 < text.size() && std::isalpha(static_cast<unsigned char>(text[i + 1]));
    if (c == '|' || tag) out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out.empty() ? " " : out;
}

}  // namespace

std::size_t display_width(std::string_view text) noexcept {
  std::size_t width = 0;
  for (const char c : text) width += (static_cast<unsigned char>(c) & 0xC0) == 0x80 ? 0 : 1;
  return width;
}

std::string render_text(const Document& document, const RenderOptions& options) {
  std::string out;
  if (!document.title.empty()) out += document.title + '\n';
  std::optional<Document::Block::Kind> previous;
  for (const Document::Block& block : document.blocks) {
    if ((block.audience & kTerminal) == 0) continue;
    using Kind = Document::Block::Kind;
    const bool separate = block.kind == Kind::Table || (previous && *previous != block.kind);
    if (separate && !out.empty()) out += '\n';
    previous = block.kind;
    switch (block.kind) {
      case Kind::Field: out += fmt::format("{}: {}\n", block.key, human_text(block.value, document.currency)); break;
      case Kind::Text:
        for (const std::string& line : block.lines) out += line + '\n';
        break;
      case Kind::Tree: break;
      case Kind::Table: {
        const Table table = columns_for(block.table, kTerminal);
        if (!table.title.empty()) out += table.title + '\n';
        Grid grid = make_grid(table, document.currency);
        fit(grid, options.width);
        const auto parts = groups(grid, options.width);
        for (std::size_t i = 0; i < parts.size(); ++i) {
          if (i > 0) out += '\n';
          write_rows(out, grid, parts[i], options.colour);
        }
        for (const std::string& note : table.notes) out += std::string(kIndent) + note + '\n';
        break;
      }
    }
  }
  return out;
}

std::string render_markdown(const Document& document) {
  std::string out;
  if (!document.title.empty()) out += "# " + document.title + "\n";
  std::optional<Document::Block::Kind> previous;
  for (const Document::Block& block : document.blocks) {
    if ((block.audience & kMarkdown) == 0) continue;
    using Kind = Document::Block::Kind;
    if (block.kind == Kind::Tree) continue;
    const bool separate = block.kind == Kind::Table || !previous || *previous != block.kind;
    if (separate && !out.empty()) out += '\n';
    previous = block.kind;
    switch (block.kind) {
      case Kind::Field:
        out += fmt::format("- **{}**: {}\n", block.key, human_text(block.value, document.currency));
        break;
      case Kind::Text:
        for (const std::string& line : block.lines) out += "- " + line + '\n';
        break;
      case Kind::Tree: break;
      case Kind::Table: {
        const Table table = columns_for(block.table, kMarkdown);
        if (!table.title.empty()) out += "## " + table.title + "\n\n";
        const Grid grid = make_grid(table, document.currency);
        out += '|';
        for (const Column& column : table.columns) {
          out += ' ' + markdown_cell(column.header.empty() ? column.key : column.header) + " |";
        }
        out += "\n|";
        for (std::size_t c = 0; c < table.columns.size(); ++c) out += grid.right[c] ? " ---: |" : " --- |";
        out += '\n';
        for (const auto& row : grid.cells) {
          out += '|';
          for (const Lines& cell : row) out += ' ' + markdown_cell(cell.front()) + " |";
          out += '\n';
        }
        if (!table.notes.empty()) out += '\n';
        for (const std::string& note : table.notes) out += "- " + note + '\n';
        break;
      }
    }
  }
  return out;
}

}  // namespace bpm::report::detail
