#include "io/xml_escape.hpp"

namespace bpm {

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
      default: out += c;
    }
  }
}

}  // namespace bpm
