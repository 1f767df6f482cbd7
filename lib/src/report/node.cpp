// The one JSON/YAML writer of every report (bpm/report/document.hpp): ordered trees, block YAML
// with flow lists, JSON with flow lists kept on few lines. bpm-sim summaries are read back by a
// fast parser of exactly this output (sim/summary_tree.cpp).
#include "bpm/report/document.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

namespace bpm::report {
namespace {

constexpr std::size_t kWidth = 100;

/// JSON string escaping, which is also valid YAML double-quoted style.
std::string json_quoted(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// Plain YAML scalars are limited to text that cannot be read as anything but a string.
bool plain_safe(std::string_view text) {
  if (text.empty() || text.front() == ' ' || text.back() == ' ') return false;
  const char first = text.front();
  if ((first >= '0' && first <= '9') || first == '.' || first == '-' || first == '+') return false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool ok = std::isalnum(u) != 0 || c == '_' || c == '.' || c == '-' || c == '/' || c == ' ' || u >= 0x80;
    if (!ok) return false;
  }
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  // YAML 1.1 booleans and null; "y" and "n" too, though few parsers still read them as booleans.
  static constexpr std::array<std::string_view, 7> kReserved{"true", "false", "yes", "no", "on", "off", "null"};
  return std::find(kReserved.begin(), kReserved.end(), lower) == kReserved.end();
}

std::string yaml_string(std::string_view text) { return plain_safe(text) ? std::string(text) : json_quoted(text); }

std::string json_number(double value) {
  if (std::isnan(value)) return "null";
  if (std::isinf(value)) return value > 0 ? "\"inf\"" : "\"-inf\"";
  return fmt::format("{}", value);
}

bool is_container(const Node& node) { return node.kind() == Node::Kind::List || node.kind() == Node::Kind::Map; }

/// Inline text of a node for one of the two syntaxes; flow containers wrap at kWidth, continuing
/// at `indent`.
class Inline {
 public:
  Inline(bool json, std::size_t indent) : json_(json), indent_(indent) {}

  /// Appends `node` to `out`, where the current line already holds `column` characters.
  void write(const Node& node, std::string& out, std::size_t& column) const {
    switch (node.kind()) {
      case Node::Kind::List:
      case Node::Kind::Map: {
        const bool is_map = node.kind() == Node::Kind::Map;
        out += is_map ? '{' : '[';
        ++column;
        for (std::size_t i = 0; i < node.children().size(); ++i) {
          std::string item;
          if (is_map) item = key(node.keys()[i]) + ": ";
          std::size_t item_column = 0;
          write(node.children()[i], item, item_column);
          if (i + 1 < node.children().size()) item += ',';
          const std::size_t item_width = item.find('\n') == std::string::npos ? item.size() : kWidth;
          if (i > 0 && column + 1 + item_width > kWidth) {
            out += '\n';
            out.append(indent_, ' ');
            column = indent_;
          } else if (i > 0) {
            out += ' ';
            ++column;
          }
          out += item;
          const std::size_t newline = item.rfind('\n');
          column = newline == std::string::npos ? column + item.size() : item.size() - newline - 1;
        }
        out += is_map ? '}' : ']';
        ++column;
        return;
      }
      default: {
        const std::string text = scalar(node);
        out += text;
        column += text.size();
      }
    }
  }

  [[nodiscard]] std::string scalar(const Node& node) const {
    switch (node.kind()) {
      case Node::Kind::Null: return "null";
      case Node::Kind::Boolean: return node.number_value() != 0.0 ? "true" : "false";
      case Node::Kind::Number: return json_ ? json_number(node.number_value()) : yaml_number(node.number_value());
      case Node::Kind::Integer: return node.string_value();
      case Node::Kind::String: return json_ ? json_quoted(node.string_value()) : yaml_string(node.string_value());
      default: return {};
    }
  }

  [[nodiscard]] std::string key(const std::string& k) const { return json_ ? json_quoted(k) : yaml_string(k); }

 private:
  bool json_;
  std::size_t indent_;
};

void yaml_block(const Node& node, std::size_t indent, std::string& out);

/// `prefix` is what precedes the value on its line ("key:" or "-"); block values go below it.
void yaml_entry(const std::string& prefix, const Node& value, std::size_t indent, std::string& out) {
  const bool block = is_container(value) && !value.flow() && !value.children().empty();
  out.append(indent, ' ');
  out += prefix;
  if (block) {
    out += '\n';
    yaml_block(value, indent + 2, out);
    return;
  }
  out += ' ';
  std::size_t column = indent + prefix.size() + 1;
  Inline(false, indent + 2).write(value, out, column);
  out += '\n';
}

void yaml_block(const Node& node, std::size_t indent, std::string& out) {
  const Inline text(false, indent);
  for (std::size_t i = 0; i < node.children().size(); ++i) {
    if (node.kind() == Node::Kind::Map) {
      yaml_entry(text.key(node.keys()[i]) + ":", node.children()[i], indent, out);
    } else if (const Node& item = node.children()[i];
               item.kind() == Node::Kind::Map && !item.flow() && !item.children().empty()) {
      // A mapping in a list starts on the dash's line ("- a: 1" then "  b: 2"), as people write it.
      std::string block;
      yaml_block(item, indent + 2, block);
      out.append(indent, ' ');
      out += "- ";
      out.append(block, indent + 2, std::string::npos);
    } else {
      yaml_entry("-", item, indent, out);
    }
  }
}

void json_value(const Node& node, std::size_t indent, std::string& out, std::size_t column) {
  if (!is_container(node) || node.flow() || node.children().empty()) {
    Inline(true, indent + 2).write(node, out, column);
    return;
  }
  const bool is_map = node.kind() == Node::Kind::Map;
  const Inline text(true, indent + 2);
  out += is_map ? "{\n" : "[\n";
  for (std::size_t i = 0; i < node.children().size(); ++i) {
    out.append(indent + 2, ' ');
    std::size_t child_column = indent + 2;
    if (is_map) {
      const std::string k = text.key(node.keys()[i]) + ": ";
      out += k;
      child_column += k.size();
    }
    json_value(node.children()[i], indent + 2, out, child_column);
    if (i + 1 < node.children().size()) out += ',';
    out += '\n';
  }
  out.append(indent, ' ');
  out += is_map ? '}' : ']';
}

}  // namespace

Node Node::boolean(bool value) {
  Node node(Kind::Boolean);
  node.number_ = value ? 1.0 : 0.0;
  return node;
}

Node Node::number(double value) {
  Node node(Kind::Number);
  node.number_ = value;
  return node;
}

Node Node::integer(std::uint64_t value) {
  Node node(Kind::Integer);
  node.string_ = fmt::format("{}", value);
  return node;
}

Node Node::integer(std::int64_t value) {
  Node node(Kind::Integer);
  node.string_ = fmt::format("{}", value);
  return node;
}

Node Node::string(std::string_view value) {
  Node node(Kind::String);
  node.string_ = std::string(value);
  return node;
}

Node Node::list(bool flow) { return Node(Kind::List, flow); }
Node Node::map(bool flow) { return Node(Kind::Map, flow); }

Node& Node::push(Node child) {
  children_.push_back(std::move(child));
  return children_.back();
}

Node& Node::set(std::string_view key, Node child) {
  keys_.emplace_back(key);
  children_.push_back(std::move(child));
  return children_.back();
}

std::string yaml_number(double value) {
  if (std::isnan(value)) return ".nan";
  if (std::isinf(value)) return value > 0 ? ".inf" : "-.inf";
  return fmt::format("{}", value);
}

std::string render_yaml(const Node& root, std::string_view comment) {
  std::string out;
  std::size_t begin = 0;
  while (begin < comment.size()) {
    const std::size_t end = std::min(comment.find('\n', begin), comment.size());
    out += "# ";
    out += comment.substr(begin, end - begin);
    out += '\n';
    begin = end + 1;
  }
  yaml_block(root, 0, out);
  return out;
}

std::string render_json(const Node& root) {
  std::string out;
  json_value(root, 0, out, 0);
  out += '\n';
  return out;
}

}  // namespace bpm::report
