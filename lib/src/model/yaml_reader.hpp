#pragma once
// Typed, located access to a yaml-cpp tree that records schema errors instead of throwing, so that
// one pass reports every problem of a file.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bpm/core/diagnostic.hpp"

namespace bpm::detail {

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  [[nodiscard]] Location at(const YAML::Node& node) const;
  /// Location of a byte offset inside a scalar (accounts for an opening quote).
  [[nodiscard]] Location at_offset(const YAML::Node& scalar, std::size_t offset) const;
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  /// Locations name `file` from now on (while reading a file that the first one calls); returns
  /// the previous name.
  std::string switch_file(std::string file) { return std::exchange(file_, std::move(file)); }

  void error(const Location& where, std::string message, std::string rule = "schema");
  void error(const YAML::Node& node, std::string message) { error(at(node), std::move(message)); }
  [[nodiscard]] std::vector<Diagnostic>& diagnostics() noexcept { return diagnostics_; }
  [[nodiscard]] std::size_t error_count() const noexcept { return errors_; }

  /// Checks that `node` is a mapping whose keys are all in `allowed` (with a did-you-mean for
  /// near misses) and not duplicated. `what` names the mapping in messages ("step 'qualify'").
  bool expect_map(const YAML::Node& node, std::string_view what, std::initializer_list<std::string_view> allowed);
  /// A mapping with free keys: only checks type and duplicate keys.
  bool expect_map(const YAML::Node& node, std::string_view what);
  bool expect_sequence(const YAML::Node& node, std::string_view what);
  bool expect_scalar(const YAML::Node& node, std::string_view what);

  std::optional<std::string> string(const YAML::Node& node, std::string_view what);
  std::optional<double> number(const YAML::Node& node, std::string_view what);
  std::optional<long long> integer(const YAML::Node& node, std::string_view what, long long min, long long max);
  /// true or false (YAML 1.2's words only: no yes/no/on/off).
  std::optional<bool> boolean(const YAML::Node& node, std::string_view what);
  /// A probability: 0.45 or "45%", within [0, 1].
  std::optional<double> probability(const YAML::Node& node, std::string_view what);
  /// A scalar or a sequence of scalars, as a list of strings.
  std::vector<std::string> string_list(const YAML::Node& node, std::string_view what);

  /// Runs `parse` on the scalar text of `node`, turning a SyntaxError into a located diagnostic.
  template <class T>
  std::optional<T> scalar_syntax(const YAML::Node& node, std::string_view what,
                                 const std::function<T(const std::string&)>& parse) {
    if (!expect_scalar(node, what)) return std::nullopt;
    const std::string text = node.Scalar();
    try {
      return parse(text);
    } catch (const SyntaxError& e) {
      error(at_offset(node, e.offset()), std::string(what) + ": " + e.what());
      return std::nullopt;
    }
  }

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  std::size_t errors_ = 0;
};

/// Parses a whole number or decimal, with no trailing characters. Optional % (divides by 100).
[[nodiscard]] std::optional<double> parse_number(std::string_view text, bool allow_percent);

/// Levenshtein distance between two words.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The closest candidate within edit distance 2, for "did you mean" hints; empty if none.
[[nodiscard]] std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace bpm::detail
