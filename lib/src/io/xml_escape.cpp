#include "io/xml_escape.hpp"

namespace bpm {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool forbidden_in_xml(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

}  // namespace

std::string xml_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (forbidden_in_xml(c)) {
      out += kReplacement;
    } else {
      out += c;
    }
  }
  return out;
}

void append_xml_escaped(std::string& out, std::string_view text, bool attribute_whitespace) {
  out.reserve(out.size() + text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\n': attribute_whitespace ? out += "&#10;" : out += c; break;
      case '\r': attribute_whitespace ? out += "&#13;" : out += c; break;
      case '\t': attribute_whitespace ? out += "&#9;" : out += c; break;
      default:
        if (forbidden_in_xml(c)) {
          out += kReplacement;
        } else {
          out += c;
        }
    }
  }
}

}  // namespace bpm
