#pragma once
// One report layer for every tool: build a Document once (fields, tables, free text, data trees),
// then render it as an aligned table, Markdown, CSV, JSON or YAML. Values carry their unit, so the
// renderers decide how they read: humanised in tables and Markdown (2.1h, 87.5%, +2.6 pp, €404),
// in the library's units in machine formats (seconds, fractions; whole numbers as integers), the
// same in every tool (share/doc/metrics.md, "Units in output").
//
//     report::Document doc("Paired differences", "bpm-optimize-compare/1");
//     doc.field("process", report::Value::text(name));
//     report::Table& t = doc.table("comparisons", "Paired differences (variant - baseline)",
//                                  {{"variant"}, {"metric"}, {"difference"}});
//     t.add({Value::text("sixth-ae"), Value::text("cycle_time.mean"),
//            Value::difference(-1380.0, MetricUnit::Duration)});
//     std::string text = report::render(doc, report::Format::Table);
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/export.hpp"
#include "bpm/metrics/unit.hpp"

namespace bpm::report {

enum class Format : std::uint8_t { Table, Markdown, Csv, Json, Yaml };

/// "table", "markdown" (or "md"), "csv", "json", "yaml" (or "yml"), when `allowed` has it (every
/// format when empty). Throws UsageError naming the allowed ones otherwise.
[[nodiscard]] BPM_API Format parse_format(std::string_view name, std::span<const Format> allowed = {});
[[nodiscard]] BPM_API const char* format_name(Format format) noexcept;
/// True for the formats meant for programs (CSV, JSON, YAML).
[[nodiscard]] constexpr bool is_machine(Format format) noexcept {
  return format == Format::Csv || format == Format::Json || format == Format::Yaml;
}

/// One scalar of a report.
class BPM_API Value {
 public:
  enum class Kind : std::uint8_t { Null, Text, Boolean, Integer, Measure, Difference, HalfWidth, Estimate, Label };

  /// Nothing to show: "-" in tables, null in JSON/YAML, empty in CSV.
  static Value null() { return Value(Kind::Null); }
  static Value text(std::string text);
  /// yes/no in tables, true/false in JSON/YAML.
  static Value boolean(bool value);
  /// A whole number: "1,234" in tables.
  static Value integer(long long value);
  /// A value in library units (seconds, fractions, money): humanised by unit in tables.
  static Value measure(double value, MetricUnit unit);
  /// A signed difference: "+12m", "+2.6 pp" (percentage points for fractions), "+1,200".
  static Value difference(double value, MetricUnit unit);
  /// A confidence half-width on its own: like measure, but fractions in percentage points.
  static Value half_width(double value, MetricUnit unit);
  /// "mean ± half-width" in tables; in machine formats two fields, `<column>` and
  /// `<column>_half_width`. A NaN half-width shows the mean alone.
  static Value estimate(double mean, double half_width, MetricUnit unit);
  /// A number shown as `shown` in tables ("#33", "*0.9") and written as `value` by machines.
  static Value label(std::string shown, double value);

  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  [[nodiscard]] MetricUnit unit() const noexcept { return unit_; }
  [[nodiscard]] double number() const noexcept { return number_; }
  [[nodiscard]] double second() const noexcept { return second_; }  // Estimate: the half-width
  [[nodiscard]] const std::string& string() const noexcept { return text_; }
  [[nodiscard]] bool flag() const noexcept { return number_ != 0.0; }

 private:
  explicit Value(Kind kind) : kind_(kind) {}
  Kind kind_;
  MetricUnit unit_ = MetricUnit::Number;
  double number_ = 0.0;
  double second_ = 0.0;
  std::string text_;
};

/// How people read a value: `currency` ("€", "EUR ") prefixes money when known.
[[nodiscard]] BPM_API std::string human_text(const Value& value, std::string_view currency = {});
/// A value in library units as people read it: durations "2.1h", fractions "87.5%", money
/// "12,345" (with the currency), counts "1,234"; "n/a" for NaN. The one formatter of every tool.
[[nodiscard]] BPM_API std::string human(double value, MetricUnit unit, std::string_view currency = {});

/// Emphasis of a table row, drawn in colour on a terminal (RenderOptions::colour).
enum class Style : std::uint8_t { Plain, Good, Warning, Bad, Muted, Strong };

/// Which renderers show a block or a column: aligned tables for a terminal and Markdown (together:
/// people), JSON and YAML (programs), CSV. A terminal may see less than a document: a column too
/// wide for 120 columns can go to Markdown and the machines only.
enum Audience : std::uint8_t {
  kTerminal = 1,
  kPrograms = 2,
  kCsv = 4,
  kMarkdown = 8,
  kPeople = kTerminal | kMarkdown,
  kMachines = kPrograms | kCsv,
  kEveryone = kPeople | kMachines,
};

struct BPM_API Column {
  // Implicit, so that a table's columns read {"metric", "unit", "value"}.
  Column(std::string key_) : key(std::move(key_)) {}  // NOLINT(google-explicit-constructor)
  Column(const char* key_) : key(key_) {}             // NOLINT(google-explicit-constructor)
  Column(std::string key_, std::string header_, std::uint8_t audience_ = kEveryone)
      : key(std::move(key_)), header(std::move(header_)), audience(audience_) {}

  std::string key;                    // JSON/YAML/CSV name
  std::string header;                 // heading in tables and Markdown; the key when empty
  std::uint8_t audience = kEveryone;  // e.g. a `unit` column for machines only
};

/// A titled table. Rows hold one value per column (missing ones are null).
struct BPM_API Table {
  std::string key;    // JSON/YAML key of its rows; CSV "table" column
  std::string title;  // heading for people
  std::vector<Column> columns;
  std::vector<std::vector<Value>> rows;
  std::vector<Style> styles;       // per row (may be shorter than rows)
  std::vector<std::string> notes;  // lines under the table for people
  std::uint8_t audience = kEveryone;

  Table& add(std::vector<Value> row, Style style = Style::Plain);
};

/// Free-form data for programs (a summary's per-replication values, histograms): JSON/YAML only.
class BPM_API Node {
 public:
  enum class Kind : std::uint8_t { Null, Boolean, Integer, Number, String, List, Map };

  static Node null() { return Node(Kind::Null); }
  static Node boolean(bool value);
  static Node number(double value);  // whole values are written as integers
  static Node integer(std::uint64_t value);
  static Node integer(std::int64_t value);
  static Node string(std::string_view value);
  /// A list; `flow` writes it inline as [a, b, c] (wrapped at 100 columns).
  static Node list(bool flow = false);
  /// A mapping in insertion order; `flow` writes it inline as {a: 1, b: 2}.
  static Node map(bool flow = false);
  /// The machine form of a value (an estimate becomes {mean, half_width}).
  static Node of(const Value& value);

  Node& push(Node child);
  Node& set(std::string_view key, Node child);

  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  [[nodiscard]] bool flow() const noexcept { return flow_; }
  [[nodiscard]] double number_value() const noexcept { return number_; }
  [[nodiscard]] const std::string& string_value() const noexcept { return string_; }
  [[nodiscard]] const std::vector<std::string>& keys() const noexcept { return keys_; }
  [[nodiscard]] const std::vector<Node>& children() const noexcept { return children_; }

 private:
  explicit Node(Kind kind, bool flow = false) : kind_(kind), flow_(flow) {}
  Kind kind_;
  bool flow_ = false;
  double number_ = 0.0;
  std::string string_;             // String; Integer: its decimal text
  std::vector<std::string> keys_;  // Map
  std::vector<Node> children_;     // List items or Map values
};

/// A report: blocks in order. Fields and data trees are keys of the JSON/YAML root; tables are
/// lists of row objects under their key; text blocks are lines for people (and, with a key, a
/// list of strings for programs).
class BPM_API Document {
 public:
  struct Block {
    enum class Kind : std::uint8_t { Field, Table, Tree, Text };
    Kind kind = Kind::Field;
    std::string key;
    Value value = Value::null();     // Field
    Table table;                     // Table
    Node tree = Node::null();        // Tree
    std::vector<std::string> lines;  // Text
    std::uint8_t audience = kEveryone;
  };

  Document() = default;
  /// `title`: the first line for people ("# title" in Markdown). `format_id`: the first key of
  /// JSON/YAML (`format: bpm-kpi-report/2`), so that readers know what they read; may be empty.
  explicit Document(std::string title, std::string format_id = {});

  /// A `key: value` line for people; a key of the root for programs. Not in CSV.
  Document& field(std::string key, Value value, std::uint8_t audience = kPeople | kPrograms);
  Table& table(std::string key, std::string title, std::vector<Column> columns, std::uint8_t audience = kEveryone);
  /// Data for programs under `key` (JSON/YAML only).
  Node& tree(std::string key);
  /// Lines of text: for people always; for programs too when `key` is not empty.
  Document& text(std::string key, std::vector<std::string> lines);

  std::string title;
  std::string format_id;
  /// Leading `# ...` comment lines of YAML output (no trailing newline).
  std::string yaml_comment;
  /// Prefix of money in tables and Markdown when the currency is known ("€", "$", "EUR ").
  std::string currency;
  std::deque<Block> blocks;  // a deque: references returned by table() and tree() stay valid
};

struct BPM_API RenderOptions {
  bool colour = false;      // ANSI styles of table rows (Format::Table only)
  std::size_t width = 120;  // columns of a terminal: wider tables wrap (Format::Table only)
};

/// The table with only the columns `audience` sees.
[[nodiscard]] BPM_API Table columns_for(const Table& table, Audience audience);

/// The document in `format`. Deterministic: the same document gives the same bytes.
[[nodiscard]] BPM_API std::string render(const Document& document, Format format, const RenderOptions& options = {});
/// The same, for a document rendered once: its data trees are moved into the output tree, not
/// copied (a summary's histograms and per-replication values are most of its size).
[[nodiscard]] BPM_API std::string render(Document&& document, Format format, const RenderOptions& options = {});

/// Block-style YAML of a tree, starting with `comment` lines ("# ...") when given.
[[nodiscard]] BPM_API std::string render_yaml(const Node& root, std::string_view comment = {});
/// Two-space indented JSON of a tree, flow lists kept on few lines. NaN is null; infinities are
/// the strings "inf" and "-inf" (JSON has no literal for them).
[[nodiscard]] BPM_API std::string render_json(const Node& root);
/// The shortest text that reads back as the same double, whole numbers without a fraction ("30",
/// "0.1", "1e-05"); YAML's ".nan", ".inf", "-.inf" for non-finite values.
[[nodiscard]] BPM_API std::string yaml_number(double value);

}  // namespace bpm::report
