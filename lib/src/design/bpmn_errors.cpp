#include "design/bpmn_errors.hpp"

#include <string_view>

#include "design/bpsim.hpp"

namespace bpm::design {
namespace {

std::string without_prefix(const std::string& qname) {
  const auto colon = qname.rfind(':');
  return colon == std::string::npos ? qname : qname.substr(colon + 1);
}

std::string error_ref(pugi::xml_node definition) {
  return without_prefix(trim_text(definition.attribute("errorRef").value()));
}

}  // namespace

ErrorIndex::ErrorIndex(pugi::xml_node definitions) {
  for (pugi::xml_node r = definitions.first_child(); r; r = r.next_sibling()) {
    const std::string_view name = local_name(r.name());
    if (name == "error") errors_.emplace(r.attribute("id").value(), r);
    if (name == "errorEventDefinition") definitions_.emplace(r.attribute("id").value(), r);
  }
}

pugi::xml_node ErrorIndex::definition(pugi::xml_node event) const {
  for (pugi::xml_node c = event.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c.name());
    if (name == "errorEventDefinition") return c;
    if (name != "eventDefinitionRef") continue;
    if (const auto it = definitions_.find(without_prefix(trim_text(c.child_value()))); it != definitions_.end())
      return it->second;
  }
  return {};
}

pugi::xml_node ErrorIndex::error(pugi::xml_node definition) const {
  const auto it = errors_.find(error_ref(definition));
  return it == errors_.end() ? pugi::xml_node() : it->second;
}

ErrorCatch ErrorIndex::catches(pugi::xml_node boundary, pugi::xml_node thrown) const {
  const std::string caught_ref = error_ref(boundary);
  if (caught_ref.empty()) return ErrorCatch::Any;
  const pugi::xml_node caught = error(boundary);
  const std::string caught_code = trim_text(caught.attribute("errorCode").value());
  if (caught && caught_code.empty()) return ErrorCatch::Any;
  if (caught_ref == error_ref(thrown)) return ErrorCatch::Exact;
  const std::string thrown_code = trim_text(error(thrown).attribute("errorCode").value());
  if (!caught_code.empty() && caught_code == thrown_code) return ErrorCatch::Exact;
  return ErrorCatch::None;
}

std::string ErrorIndex::label(pugi::xml_node definition) const {
  const pugi::xml_node found = error(definition);
  for (const char* key : {"name", "errorCode", "id"}) {
    std::string text = trim_text(found.attribute(key).value());
    if (!text.empty()) return text;
  }
  return error_ref(definition);
}

}  // namespace bpm::design
