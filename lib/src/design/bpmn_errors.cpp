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

std::string ErrorIndex::ref(pugi::xml_node definition) { return error_ref(definition); }

std::string ErrorIndex::code(pugi::xml_node definition) const {
  return trim_text(error(definition).attribute("errorCode").value());
}

std::string ErrorIndex::label(pugi::xml_node definition) const {
  const pugi::xml_node found = error(definition);
  for (const char* key : {"name", "errorCode", "id"}) {
    std::string text = trim_text(found.attribute(key).value());
    if (!text.empty()) return text;
  }
  return error_ref(definition);
}

void ErrorCatchers::add(std::size_t boundary, pugi::xml_node definition, const ErrorIndex& index) {
  const std::string ref = ErrorIndex::ref(definition);
  const std::string code = index.code(definition);
  // No errorRef, or an error without a code: every error (Camunda 7 and Zeebe read it so).
  if (ref.empty() || (index.error(definition) && code.empty())) {
    if (any_ == kNone) any_ = boundary;
    return;
  }
  by_ref_.emplace(ref, boundary);  // the first one of a kind stays
  if (!code.empty()) by_code_.emplace(code, boundary);
}

std::size_t ErrorCatchers::catcher(pugi::xml_node thrown, const ErrorIndex& index) const {
  std::size_t found = kNone;
  if (const auto it = by_ref_.find(ErrorIndex::ref(thrown)); it != by_ref_.end()) found = it->second;
  if (const std::string code = index.code(thrown); !code.empty()) {
    if (const auto it = by_code_.find(code); it != by_code_.end() && (found == kNone || it->second < found))
      found = it->second;
  }
  return found != kNone ? found : any_;
}

}  // namespace bpm::design
