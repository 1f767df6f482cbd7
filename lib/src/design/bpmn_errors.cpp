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

pugi::xml_node error_definition(pugi::xml_node event) {
  for (pugi::xml_node c = event.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c.name());
    if (name == "errorEventDefinition") return c;
    if (name != "eventDefinitionRef") continue;
    const std::string ref = without_prefix(trim_text(c.child_value()));
    for (pugi::xml_node r = event.root().first_child().first_child(); r; r = r.next_sibling()) {
      if (local_name(r.name()) == "errorEventDefinition" && ref == r.attribute("id").value()) return r;
    }
  }
  return {};
}

pugi::xml_node referenced_error(pugi::xml_node definition) {
  const std::string ref = error_ref(definition);
  if (ref.empty()) return {};
  for (pugi::xml_node r = definition.root().first_child().first_child(); r; r = r.next_sibling()) {
    if (local_name(r.name()) == "error" && ref == r.attribute("id").value()) return r;
  }
  return {};
}

ErrorCatch error_catch(pugi::xml_node boundary, pugi::xml_node thrown) {
  const std::string caught_ref = error_ref(boundary);
  if (caught_ref.empty()) return ErrorCatch::Any;
  const pugi::xml_node caught = referenced_error(boundary);
  const std::string caught_code = trim_text(caught.attribute("errorCode").value());
  if (caught && caught_code.empty()) return ErrorCatch::Any;
  const std::string thrown_ref = error_ref(thrown);
  if (!thrown_ref.empty() && thrown_ref == caught_ref) return ErrorCatch::Exact;
  const std::string thrown_code = trim_text(referenced_error(thrown).attribute("errorCode").value());
  if (!caught_code.empty() && caught_code == thrown_code) return ErrorCatch::Exact;
  return ErrorCatch::None;
}

std::string error_label(pugi::xml_node definition) {
  const pugi::xml_node error = referenced_error(definition);
  for (const char* key : {"name", "errorCode", "id"}) {
    std::string text = trim_text(error.attribute(key).value());
    if (!text.empty()) return text;
  }
  return error_ref(definition);
}

}  // namespace bpm::design
