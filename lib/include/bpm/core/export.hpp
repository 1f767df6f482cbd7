#pragma once
// BPM_API marks a declaration as part of libbpm's public API.
//
// libbpm is built with hidden visibility (-fvisibility=hidden -fvisibility-inlines-hidden): a
// symbol leaves libbpm.so only when its declaration carries BPM_API, so the shared library's ABI
// is exactly the public headers, not every helper of lib/src. Put it on every class or struct
// definition of a public header (it exports the members defined in a .cpp, the vtable and the
// typeinfo that exceptions and dynamic_cast need across the library boundary) and on every
// non-inline free function declared there:
//
//   struct BPM_API Summary { ... };
//   [[nodiscard]] BPM_API Summary read_summary(std::string_view text, const std::string& file);
//
// Inline functions, templates defined in the header, enums and constexpr variables need nothing.
// Private headers (lib/src/...) never use it: their symbols stay internal, and the unit tests and
// fuzz targets reach them by linking the object library bpm_objects instead of libbpm.so.
#if defined(__GNUC__) || defined(__clang__)
#define BPM_API __attribute__((visibility("default")))
#else
#define BPM_API
#endif
