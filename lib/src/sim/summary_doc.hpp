#pragma once
// A small ordered document tree that the summary is built into once and then rendered as YAML or
// JSON, so that both formats carry exactly the same content in the same order.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/sim/result.hpp"

namespace bpm::detail {

/// A metric's `unit:` in a summary document: durations are written in the run's time unit, so
/// they carry its name ("minutes"); the others use metric_unit_name ("fraction", "per_day").
[[nodiscard]] std::string document_unit_name(MetricUnit unit, std::string_view time_unit);

class DocNode {
 public:
  enum class Kind : std::uint8_t { Null, Number, Integer, String, List, Map };

  static DocNode null() { return DocNode(Kind::Null); }
  static DocNode number(double value);
  static DocNode integer(std::uint64_t value);
  static DocNode integer(std::int64_t value);
  static DocNode string(std::string_view value);
  /// A list; `flow` renders it inline as [a, b, c] (wrapped at 100 columns).
  static DocNode list(bool flow = false);
  /// A mapping in insertion order; `flow` renders it inline as {a: 1, b: 2}.
  static DocNode map(bool flow = false);

  /// Appends to a list.
  DocNode& push(DocNode child);
  /// Appends a key to a mapping.
  DocNode& set(std::string_view key, DocNode child);

  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  [[nodiscard]] bool flow() const noexcept { return flow_; }
  [[nodiscard]] double number_value() const noexcept { return number_; }
  [[nodiscard]] const std::string& string_value() const noexcept { return string_; }
  [[nodiscard]] const std::vector<std::string>& keys() const noexcept { return keys_; }
  [[nodiscard]] const std::vector<DocNode>& children() const noexcept { return children_; }

 private:
  explicit DocNode(Kind kind, bool flow = false) : kind_(kind), flow_(flow) {}
  Kind kind_;
  bool flow_ = false;
  double number_ = 0.0;
  std::string string_;             // String; Integer: its decimal text
  std::vector<std::string> keys_;  // Map
  std::vector<DocNode> children_;  // List items or Map values
};

/// Block-style YAML with flow lists; starts with `comment` lines ("# ...") when given.
[[nodiscard]] std::string render_yaml(const DocNode& root, std::string_view comment = {});
/// Two-space indented JSON with flow lists kept on few lines. Non-finite numbers: NaN is null,
/// infinities are the strings "inf" and "-inf" (JSON has no literal for them).
[[nodiscard]] std::string render_json(const DocNode& root);

/// The shortest text that reads back as the same double ("0.1", "30", "1e-05"); YAML's ".nan",
/// ".inf", "-.inf" for non-finite values.
[[nodiscard]] std::string yaml_number(double value);

}  // namespace bpm::detail
