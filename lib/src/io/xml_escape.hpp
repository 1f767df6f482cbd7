#pragma once
#include <string>
#include <string_view>

namespace bpm {

/// Appends `text` with XML's five special characters escaped (& < > " '), so it is safe as
/// element text and inside attribute values in either quote; characters XML cannot hold become
/// U+FFFD (see xml_safe). With `attribute_whitespace`, line
/// breaks and tabs become character references too: attribute-value normalisation would
/// otherwise read them back as spaces.
void append_xml_escaped(std::string& out, std::string_view text, bool attribute_whitespace = false);

/// `text` with the characters that XML 1.0 forbids even as references (the C0 controls other than
/// tab, line feed and carriage return: NUL, ESC, ...) replaced by U+FFFD, for text that a writer
/// such as pugixml escapes itself. append_xml_escaped does the same.
[[nodiscard]] std::string xml_safe(std::string_view text);

}  // namespace bpm
