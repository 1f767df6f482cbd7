#include "discover/annotate.hpp"

#include <sstream>
#include <string_view>

namespace bpm::discover {
namespace {

/// The key at the start of `text` (after the indent), unquoted; empty when the line has none.
std::string leading_key(std::string_view text) {
  if (text.empty() || text.front() == '#' || text.front() == '-') return {};
  std::string key;
  if (text.front() == '"' || text.front() == '\'') {
    const char quote = text.front();
    std::size_t k = 1;
    for (; k < text.size(); ++k) {
      const char c = text[k];
      if (quote == '"' && c == '\\' && k + 1 < text.size()) {
        key.push_back(text[++k]);
      } else if (c == quote) {
        if (quote == '\'' && k + 1 < text.size() && text[k + 1] == '\'') {
          key.push_back('\'');
          ++k;
        } else {
          break;
        }
      } else {
        key.push_back(c);
      }
    }
    return k + 1 < text.size() && text[k + 1] == ':' ? key : std::string();
  }
  const std::size_t colon = text.find(": ");
  if (colon != std::string_view::npos) return std::string(text.substr(0, colon));
  if (text.back() == ':') return std::string(text.substr(0, text.size() - 1));
  return {};
}

void write_comment(std::ostringstream& out, const std::string& indent, const std::string& text) {
  constexpr std::size_t kWidth = 100;
  std::istringstream words(text);
  std::string word;
  std::string line;
  auto flush = [&]() {
    out << indent << "#" << (line.empty() ? "" : " ") << line << '\n';
    line.clear();
  };
  if (text.empty()) {
    flush();
    return;
  }
  while (words >> word) {
    if (!line.empty() && indent.size() + 2 + line.size() + 1 + word.size() > kWidth) flush();
    line += (line.empty() ? "" : " ") + word;
  }
  flush();
}

}  // namespace

std::string annotate(const std::string& yaml, const Annotations& notes) {
  std::ostringstream out;
  for (const std::string& line : notes.header) write_comment(out, "", line);
  std::istringstream in(yaml);
  std::string line;
  std::string section;
  while (std::getline(in, line)) {
    const std::string_view view(line);
    if (!view.empty() && view.front() != ' ' && view.front() != '#') {
      section = leading_key(view);
      if (const auto it = notes.sections.find(section); it != notes.sections.end()) {
        for (const std::string& c : it->second) write_comment(out, "", c);
      }
    } else if (view.size() > 2 && view.starts_with("  ") && view[2] != ' ') {
      const std::string key = leading_key(view.substr(2));
      if (const auto it = notes.entries.find({section, key}); !key.empty() && it != notes.entries.end()) {
        for (const std::string& c : it->second) write_comment(out, "  ", c);
      }
    }
    out << line << '\n';
  }
  return out.str();
}

}  // namespace bpm::discover
