// Documents and their machine renderings (JSON, YAML, CSV); report/table_text.cpp renders them for
// people.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "bpm/core/error.hpp"
#include "bpm/io/csv.hpp"
#include "bpm/report/document.hpp"
#include "report/text_render.hpp"

namespace bpm::report {
namespace {

constexpr Format kAllFormats[] = {Format::Table, Format::Markdown, Format::Csv, Format::Json, Format::Yaml};

/// A table row as a mapping: an estimate gives `<key>` and `<key>_half_width`.
Node row_node(const Table& table, const std::vector<Value>& row) {
  Node node = Node::map();
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const Value value = c < row.size() ? row[c] : Value::null();
    const std::string& key = table.columns[c].key;
    if (value.kind() == Value::Kind::Estimate) {
      node.set(key, Node::number(value.number()));
      node.set(key + "_half_width", Node::number(value.second()));
    } else {
      node.set(key, Node::of(value));
    }
  }
  return node;
}

Node machine_tree(const Document& document) {
  Node root = Node::map();
  if (!document.format_id.empty()) root.set("format", Node::string(document.format_id));
  for (const Document::Block& block : document.blocks) {
    if ((block.audience & kPrograms) == 0) continue;
    switch (block.kind) {
      case Document::Block::Kind::Field: root.set(block.key, Node::of(block.value)); break;
      case Document::Block::Kind::Table: {
        const Table table = columns_for(block.table, kPrograms);
        Node& rows = root.set(block.key, Node::list());
        for (const auto& row : table.rows) rows.push(row_node(table, row));
        break;
      }
      case Document::Block::Kind::Tree: root.set(block.key, block.tree); break;
      case Document::Block::Kind::Text: {
        if (block.key.empty()) break;
        Node& lines = root.set(block.key, Node::list());
        for (const std::string& line : block.lines) lines.push(Node::string(line));
        break;
      }
    }
  }
  return root;
}

std::string csv_number(double value) {
  if (std::isnan(value)) return {};
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return yaml_number(value);
}

std::string csv_text(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null: return {};
    case Value::Kind::Text: return value.string();
    case Value::Kind::Boolean: return value.flag() ? "true" : "false";
    case Value::Kind::Integer: return value.string();
    default: return csv_number(value.number());
  }
}

/// Every CSV table in one file: one table as it is; several under the union of their columns, with
/// a first column `table` naming the table of each row.
std::string render_csv(const Document& document) {
  std::vector<Table> visible;
  for (const Document::Block& block : document.blocks) {
    if (block.kind == Document::Block::Kind::Table && (block.audience & kCsv) != 0) {
      visible.push_back(columns_for(block.table, kCsv));
    }
  }
  std::vector<const Table*> tables;
  for (const Table& table : visible) tables.push_back(&table);
  const bool several = tables.size() > 1;
  std::vector<std::string> header;
  if (several) header.emplace_back("table");
  // Column keys per table (an estimate column gives two), and their place in the union.
  const auto keys_of = [](const Table& table) {
    std::vector<std::pair<std::string, bool>> keys;  // key, is the half-width of an estimate
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      keys.emplace_back(table.columns[c].key, false);
      const bool estimate = std::any_of(table.rows.begin(), table.rows.end(), [c](const std::vector<Value>& row) {
        return c < row.size() && row[c].kind() == Value::Kind::Estimate;
      });
      if (estimate) keys.emplace_back(table.columns[c].key + "_half_width", true);
    }
    return keys;
  };
  for (const Table* table : tables) {
    for (const auto& [key, half_width] : keys_of(*table)) {
      if (std::find(header.begin(), header.end(), key) == header.end()) header.push_back(key);
    }
  }
  std::string out;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (i > 0) out += ',';
    append_csv_field(out, header[i]);
  }
  out += '\n';
  for (const Table* table : tables) {
    const auto keys = keys_of(*table);
    for (const auto& row : table->rows) {
      std::vector<std::string> fields(header.size());
      if (several) fields[0] = table->key;
      std::size_t k = 0;
      for (std::size_t c = 0; c < table->columns.size(); ++c) {
        const Value value = c < row.size() ? row[c] : Value::null();
        const auto column = [&](const std::string& key) {
          return static_cast<std::size_t>(std::find(header.begin(), header.end(), key) - header.begin());
        };
        fields[column(keys[k].first)] = csv_text(value);
        ++k;
        if (k < keys.size() && keys[k].second) {
          if (value.kind() == Value::Kind::Estimate) fields[column(keys[k].first)] = csv_number(value.second());
          ++k;
        }
      }
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        append_csv_field(out, fields[i]);
      }
      out += '\n';
    }
  }
  return out;
}

}  // namespace

Format parse_format(std::string_view name, std::span<const Format> allowed) {
  if (allowed.empty()) allowed = kAllFormats;
  std::optional<Format> format;
  if (name == "table" || name == "text") format = Format::Table;
  if (name == "markdown" || name == "md") format = Format::Markdown;
  if (name == "csv") format = Format::Csv;
  if (name == "json") format = Format::Json;
  if (name == "yaml" || name == "yml") format = Format::Yaml;
  if (format && std::find(allowed.begin(), allowed.end(), *format) != allowed.end()) return *format;
  std::string names;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    names += i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ";
    names += format_name(allowed[i]);
  }
  throw UsageError(fmt::format("unknown format '{}' (expected {})", name, names));
}

const char* format_name(Format format) noexcept {
  switch (format) {
    case Format::Table: return "table";
    case Format::Markdown: return "markdown";
    case Format::Csv: return "csv";
    case Format::Json: return "json";
    case Format::Yaml: return "yaml";
  }
  return "table";
}

Table& Table::add(std::vector<Value> row, Style style) {
  if (style != Style::Plain || !styles.empty()) {
    styles.resize(rows.size(), Style::Plain);
    styles.push_back(style);
  }
  rows.push_back(std::move(row));
  return *this;
}

Table columns_for(const Table& table, Audience audience) {
  const bool all = std::all_of(table.columns.begin(), table.columns.end(),
                               [audience](const Column& c) { return (c.audience & audience) != 0; });
  if (all) return table;
  Table out = table;
  out.columns.clear();
  std::vector<std::size_t> kept;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if ((table.columns[c].audience & audience) == 0) continue;
    kept.push_back(c);
    out.columns.push_back(table.columns[c]);
  }
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    std::vector<Value> row;
    for (const std::size_t c : kept) row.push_back(c < table.rows[r].size() ? table.rows[r][c] : Value::null());
    out.rows[r] = std::move(row);
  }
  return out;
}

Node Node::of(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null: return Node::null();
    case Value::Kind::Text: return Node::string(value.string());
    case Value::Kind::Boolean: return Node::boolean(value.flag());
    case Value::Kind::Integer: return Node::number(value.number());
    case Value::Kind::Estimate: {
      Node node = Node::map(true);
      node.set("mean", Node::number(value.number()));
      node.set("half_width", Node::number(value.second()));
      return node;
    }
    default: return Node::number(value.number());
  }
}

Document::Document(std::string title_, std::string format_id_)
    : title(std::move(title_)), format_id(std::move(format_id_)) {}

Document& Document::field(std::string key, Value value, std::uint8_t audience) {
  Block block;
  block.kind = Block::Kind::Field;
  block.key = std::move(key);
  block.value = std::move(value);
  block.audience = audience;
  blocks.push_back(std::move(block));
  return *this;
}

Table& Document::table(std::string key, std::string title_, std::vector<Column> columns, std::uint8_t audience) {
  Block block;
  block.kind = Block::Kind::Table;
  block.key = key;
  block.table.key = std::move(key);
  block.table.title = std::move(title_);
  block.table.columns = std::move(columns);
  block.table.audience = audience;
  block.audience = audience;
  blocks.push_back(std::move(block));
  return blocks.back().table;
}

Node& Document::tree(std::string key) {
  Block block;
  block.kind = Block::Kind::Tree;
  block.key = std::move(key);
  block.audience = kPrograms;
  block.tree = Node::map();
  blocks.push_back(std::move(block));
  return blocks.back().tree;
}

Document& Document::text(std::string key, std::vector<std::string> lines) {
  Block block;
  block.kind = Block::Kind::Text;
  block.audience = key.empty() ? kPeople : kPeople | kPrograms;
  block.key = std::move(key);
  block.lines = std::move(lines);
  blocks.push_back(std::move(block));
  return *this;
}

std::string render(const Document& document, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::Json: return render_json(machine_tree(document));
    case Format::Yaml: return render_yaml(machine_tree(document), document.yaml_comment);
    case Format::Csv: return render_csv(document);
    case Format::Markdown: return detail::render_markdown(document);
    case Format::Table: break;
  }
  return detail::render_text(document, options);
}

}  // namespace bpm::report
