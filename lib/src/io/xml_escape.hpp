#pragma once
#include <string>
#include <string_view>

namespace bpm {

/// Appends `text` with XML's five special characters escaped (& < > " '), so it is safe as
/// element text and inside attribute values in either quote. With `attribute_whitespace`, line
/// breaks and tabs become character references too: attribute-value normalisation would
/// otherwise read them back as spaces.
void append_xml_escaped(std::string& out, std::string_view text, bool attribute_whitespace = false);

}  // namespace bpm
