// The seven log distance measures between two profiles (share/doc/log-distance.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include "bpm/core/error.hpp"
#include "bpm/distance/log_distance.hpp"
#include "distance/edit_distance.hpp"
#include "distance/transport.hpp"
#include "distance/wasserstein.hpp"

namespace bpm::distance {
namespace {

constexpr std::array<std::string_view, kMeasureCount> kNames{"ngram", "cfld", "aed", "ced", "red", "ctd", "car"};

std::string lower_alnum(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '-' || c == '_' || c == ' ') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

// ---- n-gram distance ----

/// n-gram counts keyed by the n codes packed into 64 bits when they fit, else by their text.
class NGramCounts {
 public:
  NGramCounts(std::size_t n, std::size_t alphabet) : n_(n) {
    while ((std::uint64_t{1} << bits_) < alphabet) ++bits_;
    packed_ = bits_ * n <= 64;
  }

  void add_trace(std::span<const std::uint32_t> trace, int sign) {
    window_.assign(n_ - 1, 0);
    window_.insert(window_.end(), trace.begin(), trace.end());
    window_.insert(window_.end(), n_ - 1, 0);
    for (std::size_t k = 0; k + n_ <= window_.size(); ++k) {
      if (packed_) {
        std::uint64_t key = 0;
        for (std::size_t t = 0; t < n_; ++t) key = (key << bits_) | window_[k + t];
        packed_counts_[key] += sign;
      } else {
        std::u32string key(window_.begin() + static_cast<std::ptrdiff_t>(k),
                           window_.begin() + static_cast<std::ptrdiff_t>(k + n_));
        text_counts_[key] += sign;
      }
      total_ += 1;
    }
  }

  /// Σ|count1 − count2| when the first log added with +1 and the second with −1.
  [[nodiscard]] double absolute_difference() const {
    double sum = 0.0;
    for (const auto& [key, count] : packed_counts_) sum += static_cast<double>(count < 0 ? -count : count);
    for (const auto& [key, count] : text_counts_) sum += static_cast<double>(count < 0 ? -count : count);
    return sum;
  }
  [[nodiscard]] double total() const { return static_cast<double>(total_); }

 private:
  std::size_t n_;
  std::size_t bits_ = 1;
  bool packed_ = true;
  std::vector<std::uint32_t> window_;
  std::unordered_map<std::uint64_t, std::int64_t> packed_counts_;
  std::unordered_map<std::u32string, std::int64_t> text_counts_;
  std::uint64_t total_ = 0;
};

std::uint32_t max_code(const LogProfile& p) {
  std::uint32_t m = 0;
  for (const std::uint32_t c : p.activities) m = std::max(m, c);
  return m;
}

double ngram_distance(const LogProfile& a, const LogProfile& b, std::size_t n) {
  const std::size_t alphabet = std::size_t{std::max(max_code(a), max_code(b))} + 1;
  NGramCounts counts(n, alphabet);
  for (std::size_t k = 0; k < a.cases(); ++k) counts.add_trace(a.trace(k), +1);
  for (std::size_t k = 0; k < b.cases(); ++k) counts.add_trace(b.trace(k), -1);
  return counts.absolute_difference() / counts.total();
}

// ---- CFLD ----

/// The distinct traces of a log (or of an even sample of its cases) with their counts.
struct Variants {
  std::vector<std::u32string> traces;
  std::vector<std::uint64_t> counts;
};

Variants variants_of(const LogProfile& p, std::size_t sample) {
  Variants v;
  std::unordered_map<std::u32string, std::size_t> index;
  const std::size_t cases = p.cases();
  const std::size_t take = std::min(sample, cases);
  for (std::size_t s = 0; s < take; ++s) {
    // An even sample: case floor(s · cases / take), which is every case when take == cases.
    const std::size_t k = static_cast<std::size_t>(std::uint64_t{s} * cases / take);
    const auto trace = p.trace(k);
    std::u32string key(trace.begin(), trace.end());
    const auto [it, added] = index.try_emplace(key, v.traces.size());
    if (added) {
      v.traces.push_back(std::move(key));
      v.counts.push_back(0);
    }
    ++v.counts[it->second];
  }
  return v;
}

std::size_t distinct_traces(const LogProfile& p) {
  std::unordered_map<std::u32string, char> seen;
  for (std::size_t k = 0; k < p.cases(); ++k) {
    const auto trace = p.trace(k);
    seen.try_emplace(std::u32string(trace.begin(), trace.end()), 0);
  }
  return seen.size();
}

MeasureValue cfld(const LogProfile& a, const LogProfile& b, std::uint64_t exact_pairs) {
  MeasureValue result;
  std::size_t sample_a = a.cases();
  std::size_t sample_b = b.cases();
  const std::uint64_t product = std::uint64_t{distinct_traces(a)} * distinct_traces(b);
  if (product > exact_pairs) {
    // Thin both logs to the same number of cases s with s² ≤ exact_pairs, which bounds the
    // distinct traces whatever they are.
    const auto s = static_cast<std::size_t>(std::sqrt(static_cast<double>(exact_pairs)));
    sample_a = std::min(sample_a, s);
    sample_b = std::min(sample_b, s);
    result.note = fmt::format(
        "approximated: {} distinct traces × {} exceed {} pairs; computed on even samples of "
        "{} and {} cases",
        distinct_traces(a), distinct_traces(b), exact_pairs, sample_a, sample_b);
  }
  const Variants va = variants_of(a, sample_a);
  const Variants vb = variants_of(b, sample_b);
  const std::size_t alphabet = std::size_t{std::max(max_code(a), max_code(b))} + 1;
  DamerauLevenshtein edit(alphabet);
  std::vector<double> cost(va.traces.size() * vb.traces.size());
  std::vector<std::uint32_t> x;
  std::vector<std::uint32_t> y;
  for (std::size_t i = 0; i < va.traces.size(); ++i) {
    x.assign(va.traces[i].begin(), va.traces[i].end());
    for (std::size_t j = 0; j < vb.traces.size(); ++j) {
      y.assign(vb.traces[j].begin(), vb.traces[j].end());
      const double longest = static_cast<double>(std::max(x.size(), y.size()));
      cost[i * vb.traces.size() + j] = static_cast<double>(edit(x, y)) / longest;
    }
  }
  const double total = min_cost_transport(va.counts, vb.counts, cost);
  result.value = total / static_cast<double>(std::min(sample_a, sample_b));
  return result;
}

// ---- time measures ----

double circadian(const LogProfile& a, const LogProfile& b) {
  double sum = 0.0;
  for (std::size_t day = 0; day < 7; ++day) {
    BinCounts x;
    BinCounts y;
    for (std::size_t hour = 0; hour < 24; ++hour) {
      if (a.circadian[day][hour] > 0) x.add(static_cast<std::int64_t>(hour), a.circadian[day][hour]);
      if (b.circadian[day][hour] > 0) y.add(static_cast<std::int64_t>(hour), b.circadian[day][hour]);
    }
    if (x.total() == 0 && y.total() == 0) continue;
    // A weekday with events in one log only is as far apart as two hour-of-day samples can be.
    if (x.total() == 0 || y.total() == 0) {
      sum += 23.0;
      continue;
    }
    x.finish();
    y.finish();
    sum += wasserstein(x, y);
  }
  return sum / 7.0;
}

double cycle_time_distance(const LogProfile& a, const LogProfile& b, double bin_seconds) {
  double shortest = std::numeric_limits<double>::infinity();
  for (const double c : a.cycle_times) shortest = std::min(shortest, c);
  for (const double c : b.cycle_times) shortest = std::min(shortest, c);
  BinCounts x;
  BinCounts y;
  for (const double c : a.cycle_times) x.add(static_cast<std::int64_t>(std::floor((c - shortest) / bin_seconds)));
  for (const double c : b.cycle_times) y.add(static_cast<std::int64_t>(std::floor((c - shortest) / bin_seconds)));
  x.finish();
  y.finish();
  return wasserstein(x, y);
}

}  // namespace

std::string_view measure_name(Measure measure) noexcept { return kNames[static_cast<std::size_t>(measure)]; }

std::string_view measure_description(Measure measure) noexcept {
  switch (measure) {
    case Measure::NGram: return "n-gram distance of the activity sequences";
    case Measure::Cfld: return "control-flow log distance (optimal pairing of traces)";
    case Measure::Aed: return "absolute event distribution";
    case Measure::Ced: return "circadian event distribution (per weekday)";
    case Measure::Red: return "relative event distribution (from case start)";
    case Measure::Ctd: return "cycle time distribution";
    case Measure::Car: return "case arrival distribution";
  }
  return "";
}

std::string_view measure_unit(Measure measure) noexcept {
  return measure == Measure::NGram || measure == Measure::Cfld ? "" : "h";
}

Measure parse_measure(std::string_view name) {
  const std::string key = lower_alnum(name);
  for (std::size_t i = 0; i < kMeasureCount; ++i) {
    if (key == kNames[i]) return static_cast<Measure>(i);
  }
  if (key == "emd" || key == "absolute") return Measure::Aed;
  throw UsageError(fmt::format("unknown distance measure '{}' (measures: ngram, cfld, aed, ced, red, ctd, car)", name));
}

std::vector<Measure> all_measures() {
  return {Measure::NGram, Measure::Aed, Measure::Ced, Measure::Red, Measure::Ctd, Measure::Car, Measure::Cfld};
}

MeasureValue measure(Measure which, const LogProfile& real, const LogProfile& simulated,
                     const DistanceSettings& settings) {
  for (const LogProfile* p : {&real, &simulated}) {
    if (p->cases() == 0) throw DataError(Location{p->label, 0, 0}, "the log has no case to compare");
  }
  constexpr double kHour = 3600.0;
  switch (which) {
    case Measure::NGram:
      if (settings.ngram < 1 || settings.ngram > 16)
        throw UsageError(fmt::format("n-gram size must be 1 to 16, not {}", settings.ngram));
      return {ngram_distance(real, simulated, settings.ngram), {}};
    case Measure::Cfld: return cfld(real, simulated, settings.cfld_exact_pairs);
    case Measure::Aed: return {wasserstein(real.absolute, simulated.absolute), {}};
    case Measure::Ced: return {circadian(real, simulated), {}};
    case Measure::Red: return {wasserstein(real.relative, simulated.relative), {}};
    case Measure::Ctd: return {cycle_time_distance(real, simulated, kHour), {}};
    case Measure::Car: return {wasserstein(real.arrivals, simulated.arrivals), {}};
  }
  return {};
}

}  // namespace bpm::distance
