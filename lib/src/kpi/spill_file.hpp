#pragma once
// Anonymous temporary files for the bounded-memory path of the case assembler: written once,
// then read back from the start. The file is unlinked as soon as it is created, so it disappears
// when it is closed, whether reading ends normally, by an exception or by a signal.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace bpm::kpi {

class SpillFile {
 public:
  /// Creates the file in $TMPDIR (or /tmp). Throws IoError when it cannot.
  SpillFile();
  ~SpillFile();
  SpillFile(SpillFile&& other) noexcept;
  SpillFile& operator=(SpillFile&&) = delete;
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  void put(const void* data, std::size_t size) {
    if (size > 0 && std::fwrite(data, 1, size, file_) != size) write_failed();
  }
  template <typename T>
  void put(const T& value) {
    put(&value, sizeof value);
  }
  void put_string(std::string_view text) {
    put(static_cast<std::uint32_t>(text.size()));
    put(text.data(), text.size());
  }
  /// A vector of trivially copyable values.
  template <typename T>
  void put_vector(const std::vector<T>& values) {
    put(static_cast<std::uint64_t>(values.size()));
    put(values.data(), values.size() * sizeof(T));
  }

  /// Flushes what was written and goes back to the start for reading.
  void rewind();
  /// Frees the disk space (after reading).
  void clear();

  /// False at the end of the file (nothing read); a partial value is an error.
  bool get(void* data, std::size_t size);
  template <typename T>
  bool get(T& value) {
    return get(&value, sizeof value);
  }
  template <typename T>
  [[nodiscard]] T take() {
    T value{};
    need(get(value));
    return value;
  }
  void get_string(std::string& text) {
    text.resize(take<std::uint32_t>());
    need(get(text.data(), text.size()));
  }
  template <typename T>
  void get_vector(std::vector<T>& values) {
    values.resize(take<std::uint64_t>());
    need(get(values.data(), values.size() * sizeof(T)));
  }

 private:
  void need(bool read) const {
    if (!read) read_failed();
  }
  [[noreturn]] void write_failed() const;
  [[noreturn]] void read_failed() const;

  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
};

}  // namespace bpm::kpi
