#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bpm/core/time.hpp"
#include "bpm/model/expression.hpp"
#include "sim/case_log_rows.hpp"
#include "sim/compiled_model.hpp"

namespace bpm::sim {

/// Formats event-log rows (see bpm/sim/event_log.hpp for the columns) with std::to_chars and
/// format_datetime_to straight into a caller's buffer: no allocation per row.
class LogFormat {
 public:
  explicit LogFormat(const CompiledModel& model);

  /// The header line, with the attribute columns.
  [[nodiscard]] std::string header() const;
  /// ",value,value..." of a case's attributes, appended to `out`.
  void attributes(std::string& out, const Value* values) const;
  /// The most bytes row() writes for `step` done at `pool` by `server` (kNone: none) with the
  /// given outcome and attribute text.
  [[nodiscard]] std::size_t max_row_size(std::uint32_t step, std::uint32_t pool, std::uint32_t server,
                                         std::size_t outcome, std::size_t attributes) const noexcept {
    return kFixedRowBytes + 10 + activities_[step].size() + 2 * pool_text(pool).size() +
           (server == kNone ? 0 : members_[server].size()) + outcome + attributes + kBatchBytes;
  }
  /// Writes one row at `out` (at least max_row_size bytes) and returns its end. `batch_ready` is
  /// when each batch was released, by LogRow::batch − 1.
  char* row(char* out, std::uint64_t case_number, std::uint32_t replication, const LogRow& row,
            std::string_view outcome, const Time* batch_ready, std::string_view attributes);
  /// Writes the line "#bpm-sim-log replication=R window_start=TIME" (at most 96 bytes) and
  /// returns its end.
  char* window_start(char* out, std::uint32_t replication, Time t);
  /// The outcome's CSV text.
  [[nodiscard]] const std::string& outcome(std::uint32_t index) const { return outcomes_[index]; }

 private:
  // Two integers (20 + 10 digits), three timestamps (24 each), a money value (32), separators.
  static constexpr std::size_t kFixedRowBytes = 20 + 10 + 3 * 24 + 32 + 16;
  // A batch number (10 digits), a timestamp, two separators.
  static constexpr std::size_t kBatchBytes = 10 + 24 + 2;

  char* timestamp(char* out, Time t);

  const CompiledModel& model_;
  std::vector<std::string> activities_;  // CSV-escaped step ids
  [[nodiscard]] const std::string& pool_text(std::uint32_t pool) const noexcept {
    return pool == kNone ? no_pool_ : pools_[pool];
  }

  std::vector<std::string> pools_;    // CSV-escaped pool ids
  std::string no_pool_;               // "" for automatic tasks and timer waits
  std::vector<std::string> members_;  // CSV-escaped member ids by server
  bool roles_ = false;                // a `role` column (the pool) follows `resource` (the member)
  bool status_ = false;               // a `status` column follows `outcome` (models with timeouts)
  bool batches_ = false;              // `batch` and `batch_ready` columns follow (models with batches)
  bool extra_ = false;                // status_ || batches_: one test per row for the common log
  std::vector<std::string> outcomes_;
  // "YYYY-MM-DDT" of recently written days (direct-mapped by day): a case's timestamps fall on a
  // few consecutive days, so a date is formatted once per day rather than three times per row.
  struct CachedDate {
    std::int64_t day = -1;
    char text[12] = {};
  };
  CachedDate dates_[8];
};

/// A growable byte buffer that, unlike std::string::resize, does not zero what it is about to
/// overwrite: rows are written in place after reserving their worst-case size.
class LogBuffer {
 public:
  /// Room for at least n more bytes; returns where they go.
  char* tail(std::size_t n) {
    if (size_ + n > capacity_) {
      std::size_t capacity = capacity_ == 0 ? std::size_t{1} << 16 : 2 * capacity_;
      while (capacity < size_ + n) capacity *= 2;
      auto grown = std::make_unique<char[]>(capacity);
      if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_);
      data_ = std::move(grown);
      capacity_ = capacity;
    }
    return data_.get() + size_;
  }
  /// Keeps what was written up to `end` (a pointer into the last tail()).
  void commit(const char* end) noexcept { size_ = static_cast<std::size_t>(end - data_.get()); }
  void clear() noexcept { size_ = 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::string_view view() const noexcept { return {data_.get(), size_}; }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Appends `field` to `out`, quoted as RFC 4180 asks when it holds a comma, quote or line break.
void append_csv_field(std::string& out, std::string_view field);

}  // namespace bpm::sim
