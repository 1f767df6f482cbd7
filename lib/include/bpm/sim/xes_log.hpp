#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "bpm/core/export.hpp"

namespace bpm {

/// Turns the CSV event log of EventLogWriter (a header, then rows grouped by case and by
/// replication) into an XES document (IEEE 1849), as it streams by: `bpm-sim --log FILE.xes`.
///
/// One trace per case: `concept:name` "R-C" (replication R, case C), `replication`, `outcome`
/// (when the case ended) and the case attributes (`float` when the value is a number, `string`
/// otherwise). Each step execution becomes three events of the standard lifecycle model —
/// `schedule` at its enable time, `start` and `complete` — with `concept:name` (the activity),
/// `org:resource` (when a pool did it) and, on `complete`, `cost:total`; within a trace, events
/// are in time order. Timestamps are those of the CSV (ISO 8601 local time from
/// `simulation.start`). The CSV is parsed back rather than written twice so the simulator's
/// hot path stays the CSV writer; XES is several times larger and slower to write anyway.
class BPM_API XesLogConverter {
 public:
  using Sink = std::function<void(const char*, std::size_t)>;
  /// Writes the XES text to `sink` in blocks of about 1 MiB.
  explicit XesLogConverter(Sink sink);
  ~XesLogConverter();
  XesLogConverter(const XesLogConverter&) = delete;
  XesLogConverter& operator=(const XesLogConverter&) = delete;

  /// Takes the next bytes of the CSV log, split anywhere. Throws DataError for text that is not
  /// such a log (a wrong header, a short row).
  void write(const char* data, std::size_t size);
  void write(std::string_view text) { write(text.data(), text.size()); }
  /// Ends the last trace and the document. Call once, after the last write().
  void finish();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bpm
