#pragma once
// Helpers shared by the BPMN import tests: the export without the bpmkit extension, a step that
// must exist, whether a warning was said.
#include <catch2/catch.hpp>

#include <algorithm>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/design/bpmn.hpp"
#include "bpm/model/writer.hpp"

namespace bpmntest {

/// The export without any bpmkit extension (bpm:* attributes and elements): what a tool that
/// drops unknown extensions hands back, leaving BPMN and BPSim.
inline std::string strip_extensions(const std::string& xml) {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml.c_str()));
  std::vector<pugi::xml_node> stack{doc.document_element()};
  while (!stack.empty()) {
    pugi::xml_node node = stack.back();
    stack.pop_back();
    for (pugi::xml_attribute a = node.first_attribute(); a;) {
      const pugi::xml_attribute next = a.next_attribute();
      if (std::string_view(a.name()).rfind("bpm:", 0) == 0 || std::string_view(a.name()) == "xmlns:bpm") {
        node.remove_attribute(a);
      }
      a = next;
    }
    for (pugi::xml_node c = node.first_child(); c;) {
      const pugi::xml_node next = c.next_sibling();
      if (std::string_view(c.name()).rfind("bpm:", 0) == 0) {
        node.remove_child(c);
      } else if (c.type() == pugi::node_element) {
        stack.push_back(c);
      }
      c = next;
    }
  }
  std::ostringstream out;
  doc.save(out);
  return out.str();
}

inline const bpm::Step& step(const bpm::Process& p, const std::string& id) {
  const bpm::Step* s = p.find_step(id);
  INFO("step " << id << " in\n" << bpm::to_yaml(p));
  REQUIRE(s != nullptr);
  return *s;
}

inline bool warned(const bpm::BpmnImport& imported, const std::string& fragment) {
  return std::any_of(imported.warnings.begin(), imported.warnings.end(),
                     [&](const bpm::Diagnostic& d) { return d.message.find(fragment) != std::string::npos; });
}

}  // namespace bpmntest
