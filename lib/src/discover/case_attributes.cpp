#include "discover/case_attributes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "bpm/core/error.hpp"
#include "bpm/io/csv.hpp"
#include "bpm/io/input.hpp"
#include "discover/fit.hpp"

namespace bpm::discover {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// A categorical column with more distinct values than this is an identifier or free text.
constexpr std::size_t kMaxCategories = 50;
/// Columns beyond this many are not candidates (memory: a value per case and column).
constexpr std::size_t kMaxColumns = 100;
/// A numeric column with this many distinct values or fewer is categorical (codes, ratings).
constexpr std::size_t kMaxNumericCodes = 8;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

bool parse_number(std::string_view text, double& value) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return false;
  if (text.front() == '+') text.remove_prefix(1);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

/// The column as a name of the expression language: letters, digits, '_' and '.'.
std::string identifier(std::string column, std::set<std::string>& taken) {
  if (lower(column).starts_with("case:")) column.erase(0, 5);
  std::string name;
  for (const char ch : column) {
    const bool ok = std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == '.';
    name.push_back(ok && static_cast<unsigned char>(ch) < 128 ? ch : '_');
  }
  if (name.empty() || std::isalpha(static_cast<unsigned char>(name.front())) == 0) name.insert(0, "a_");
  if (name == "and" || name == "or" || name == "not" || name == "true" || name == "false") name += "_";
  std::string unique = name;
  for (int k = 2; taken.count(unique) > 0; ++k) unique = fmt::format("{}_{}", name, k);
  taken.insert(unique);
  return unique;
}

/// What one pass over the CSV logs learns of each column.
struct Column {
  std::string name;
  std::vector<std::string> values;  // per case
  std::size_t conflicts = 0;        // cases with two different values
  std::size_t late = 0;             // cases whose first value came after the case's first row
  bool dropped = false;
  std::string why;  // when dropped for a reason the user should read
};

/// bpm-sim's CSV log names its run on a line before the header.
bool run_line(const CsvReader& csv) { return csv.size() == 1 && csv[0].starts_with("#bpm-sim-log "); }

class Scanner {
 public:
  Scanner(const kpi::LogOptions& options, const LogStore& log) : options_(options), log_(log) {
    for (std::size_t k = 0; k < log.cases.size(); ++k) case_index_.emplace(log.cases[k].id, k);
    rows_seen_.assign(log.cases.size(), 0);
    known_.insert(log.activities.begin(), log.activities.end());
    known_.insert(log.resources.begin(), log.resources.end());
  }

  void read(const std::string& path) {
    LineReader lines(path);
    CsvReader csv(lines, options_.delimiter);
    do {
      if (!csv.next()) return;
    } while (run_line(csv));
    std::vector<std::size_t> slot;  // file column -> Column
    for (std::size_t f = 0; f < csv.size(); ++f) slot.push_back(column(std::string(csv[f])));
    const std::size_t width = slot.size();
    // The columns the log reader gives a role: the case outcome is known only at the case's end,
    // the replication is not data of the case, costs and times are events'.
    const std::vector<std::string_view> header(csv.fields().begin(), csv.fields().end());
    const std::vector<std::string> role = kpi::role_columns(header, options_.columns, path);
    for (std::size_t f = 0; f < width; ++f) {
      Column& c = columns_[slot[f]];
      if (role[f].empty() || c.dropped) continue;
      c.dropped = true;
      c.values = {};
      if (role[f] == "outcome") {
        c.why = fmt::format(
            "column '{}' is the case outcome (bpm-kpi's outcome column): known only at the case's end, "
            "not an arrival attribute",
            c.name);
      }
    }
    // The case column: the one named by --case, else the first whose values are all case ids,
    // a header mentioning "case" first.
    std::vector<std::vector<std::string>> head;
    while (head.size() < 200 && csv.next()) {
      if (csv.size() != width) continue;  // also the run lines of later replications
      head.emplace_back(csv.fields().begin(), csv.fields().end());
    }
    const int case_col = case_column(slot, head);
    if (case_col < 0) {
      notes.push_back(
          fmt::format("{}: no column holds the case ids as the reader saw them; its columns are not read "
                      "as case attributes",
                      path));
      return;
    }
    columns_[slot[static_cast<std::size_t>(case_col)]].dropped = true;
    std::vector<std::string_view> row(width);
    for (const auto& r : head) {
      for (std::size_t f = 0; f < width; ++f) row[f] = r[f];
      take(row, slot, static_cast<std::size_t>(case_col));
    }
    while (csv.next()) {
      if (csv.size() != width) continue;
      for (std::size_t f = 0; f < width; ++f) row[f] = csv[f];
      take(row, slot, static_cast<std::size_t>(case_col));
    }
  }

  /// Whether every value of `c` names an activity or a resource: the activity or resource column
  /// of a log whose cases have one event, not an attribute.
  [[nodiscard]] bool names_activity_or_resource(const Column& c) const {
    for (const std::string& v : c.values) {
      if (!v.empty() && known_.count(v) == 0) return false;
    }
    return true;
  }

  std::vector<Column> columns_;
  std::vector<std::string> notes;

 private:
  std::size_t column(const std::string& name) {
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      if (columns_[c].name == name) return c;
    }
    // Every candidate holds a value per case: a log of thousands of columns would need gigabytes.
    const bool kept = columns_.size() < kMaxColumns;
    if (!kept && columns_.size() == kMaxColumns) {
      notes.push_back(
          fmt::format("only the first {} columns of a log are read as candidate case attributes", kMaxColumns));
    }
    columns_.push_back(
        Column{name, kept ? std::vector<std::string>(log_.cases.size()) : std::vector<std::string>(), 0, 0, !kept, {}});
    return columns_.size() - 1;
  }

  int case_column(const std::vector<std::size_t>& slot, const std::vector<std::vector<std::string>>& head) const {
    const std::string& named = options_.columns.case_id;
    int best = -1;
    for (std::size_t f = 0; f < slot.size(); ++f) {
      const std::string& name = columns_[slot[f]].name;
      if (!named.empty()) {
        if (name == named || lower(name) == lower(named)) return static_cast<int>(f);
        continue;
      }
      const bool all_ids = !head.empty() && std::all_of(head.begin(), head.end(),
                                                        [&](const auto& r) { return case_index_.count(r[f]) > 0; });
      if (!all_ids) continue;
      if (lower(name).find("case") != std::string::npos) return static_cast<int>(f);
      if (best < 0) best = static_cast<int>(f);
    }
    return best;
  }

  void take(const std::vector<std::string_view>& row, const std::vector<std::size_t>& slot, std::size_t case_col) {
    const auto it = case_index_.find(std::string(row[case_col]));
    if (it == case_index_.end()) return;  // a case the reader left out
    const std::size_t k = it->second;
    const std::size_t limit = log_.cases.size() / 100 + 1;
    const bool later_row = rows_seen_[k] > 0;
    rows_seen_[k] = 1;
    for (std::size_t f = 0; f < row.size(); ++f) {
      Column& c = columns_[slot[f]];
      if (c.dropped || row[f].empty()) continue;
      std::string& held = c.values[k];
      if (held.empty()) {
        held.assign(row[f]);
        // A value that first appears after the case began was recorded during the case (a
        // decision, a status at closing): the simulation cannot know it at arrival.
        if (later_row && ++c.late > limit) {
          c.dropped = true;
          c.values = {};
          c.why = fmt::format(
              "column '{}' first has a value after the case's first event in more than {} cases: "
              "recorded during the case, not known at arrival",
              c.name, limit - 1);
        }
      } else if (held != row[f]) {
        // A value that changes within cases belongs to events (activity, time, resource), not
        // to the case; a few conflicting cases are taken as data errors.
        if (++c.conflicts > limit) {
          c.dropped = true;
          c.values = {};
        }
      }
    }
  }

  const kpi::LogOptions& options_;
  const LogStore& log_;
  std::unordered_map<std::string, std::size_t> case_index_;
  std::vector<char> rows_seen_;  // per case: a row of it was read (in file order)
  std::unordered_set<std::string> known_;
};

/// The value of `key="..."` in an XML tag.
std::string_view xml_key(std::string_view tag) {
  const std::size_t at = tag.find("key=\"");
  if (at == std::string_view::npos) return {};
  const std::size_t from = at + 5;
  const std::size_t to = tag.find('"', from);
  return to == std::string_view::npos ? std::string_view() : tag.substr(from, to - from);
}

}  // namespace

std::vector<std::string> xes_case_attribute_keys(const std::vector<std::string>& paths,
                                                 const kpi::LogOptions& options) {
  const std::string case_key = options.columns.case_id.empty() ? "concept:name" : options.columns.case_id;
  std::vector<std::string> keys;
  auto add = [&](std::string_view key) {
    if (key.empty() || key == case_key) return;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.emplace_back(key);
  };
  for (const std::string& path : paths) {
    if (path == "-" || !kpi::is_xes_path(path)) continue;
    try {
      LineReader lines(path);
      bool in_global = false;
      bool in_trace = false;
      int depth = 0;  // nesting inside the first trace (attributes of attributes are not the trace's)
      for (int n = 0; n < 20000; ++n) {
        const auto line = lines.next();
        if (!line) break;
        std::string_view rest = *line;
        // One tag per line is the rule of XES writers; tags are read as they come.
        for (std::size_t open = rest.find('<'); open != std::string_view::npos; open = rest.find('<')) {
          const std::size_t close = rest.find('>', open);
          if (close == std::string_view::npos) break;
          const std::string_view tag = rest.substr(open + 1, close - open - 1);
          rest.remove_prefix(close + 1);
          const bool closing = !tag.empty() && tag.front() == '/';
          const bool empty = !tag.empty() && tag.back() == '/';
          if (tag.starts_with("global") && tag.find("scope=\"trace\"") != std::string_view::npos) in_global = !empty;
          if (tag == "/global") in_global = false;
          if (tag == "trace") in_trace = true;
          if (tag.starts_with("event") || tag == "/trace") {
            in_trace = false;
            n = 1 << 30;  // the first trace's own attributes come before its first event
            break;
          }
          if (closing || tag.starts_with("?") || tag.starts_with("!")) {
            if (closing && depth > 0) --depth;
            continue;
          }
          if (in_global) add(xml_key(tag));
          if (in_trace) {
            if (depth == 0) add(xml_key(tag));
            if (!empty) ++depth;
          }
        }
      }
    } catch (const Error&) {
      // The log reader reports an unreadable file itself.
    }
  }
  return keys;
}

AttributeScan scan_case_attributes(const std::vector<std::string>& paths, const kpi::LogOptions& options,
                                   const LogStore& log) {
  AttributeScan scan;
  Scanner scanner(options, log);
  bool skipped = false;
  for (const std::string& path : paths) {
    if (path == "-") {
      skipped = true;
      continue;
    }
    if (kpi::is_xes_path(path)) continue;
    try {
      scanner.read(path);
    } catch (const Error& e) {
      scan.notes.push_back(fmt::format("{}: not read for case attributes ({})", path, e.what()));
    }
  }
  if (skipped) scan.notes.push_back("not read from standard input");
  // XES trace attributes, as the reader kept them per case.
  for (std::size_t k = 0; k < log.attribute_names.size(); ++k) {
    Column c{log.attribute_names[k], std::vector<std::string>(log.cases.size()), 0, 0, false, {}};
    for (std::size_t i = 0; i < log.cases.size(); ++i) {
      if (k < log.cases[i].attributes.size()) c.values[i] = log.cases[i].attributes[k];
    }
    scanner.columns_.push_back(std::move(c));
  }
  scan.notes.insert(scan.notes.end(), scanner.notes.begin(), scanner.notes.end());
  std::set<std::string> taken;
  const std::size_t cases = log.cases.size();
  for (Column& c : scanner.columns_) {
    if (!c.why.empty()) scan.notes.push_back(c.why);
    if (c.dropped || c.values.empty()) continue;
    CaseAttribute a;
    a.column = c.name;
    std::set<std::string_view> distinct;
    bool numeric = true;
    double x = 0.0;
    for (const std::string& v : c.values) {
      if (v.empty()) continue;
      ++a.present;
      if (distinct.size() <= kMaxCategories * 4) distinct.insert(v);
      numeric = numeric && parse_number(v, x);
    }
    a.distinct = distinct.size();
    if (a.present == 0) continue;
    if (scanner.names_activity_or_resource(c)) continue;
    if (2 * a.present < cases) {
      scan.notes.push_back(
          fmt::format("column '{}' is constant within cases but has a value in only {} of {} cases: "
                      "not a case attribute",
                      c.name, a.present, cases));
      continue;
    }
    if (a.distinct < 2) continue;  // one value: nothing to sample or to route on
    a.numeric = numeric && a.distinct > kMaxNumericCodes;
    if (!a.numeric && (a.distinct > kMaxCategories || 2 * a.distinct > a.present)) {
      scan.notes.push_back(fmt::format(
          "column '{}' is constant within cases but has {}{} distinct values in {} cases "
          "(an identifier or free text): not a case attribute",
          c.name, a.distinct > kMaxCategories ? "over " : "", std::min(a.distinct, kMaxCategories), a.present));
      continue;
    }
    if (!a.numeric && (distinct.count("empirical") > 0 || distinct.count("histogram") > 0)) {
      // A category named like a table distribution would read back as one.
      scan.notes.push_back(
          fmt::format("column '{}' has a category named 'empirical' or 'histogram', which the process "
                      "format reads as a distribution: not a case attribute",
                      c.name));
      continue;
    }
    a.name = identifier(c.name, taken);
    a.values = std::move(c.values);
    if (a.numeric) {
      a.numbers.assign(a.values.size(), kNaN);
      for (std::size_t k = 0; k < a.values.size(); ++k) {
        if (!a.values[k].empty()) (void)parse_number(a.values[k], a.numbers[k]);
      }
    }
    scan.attributes.push_back(std::move(a));
  }
  return scan;
}

Attribute model_attribute(const CaseAttribute& a, std::string& summary) {
  Attribute out;
  out.name = a.name;
  const std::string missing = a.present < a.values.size()
                                  ? fmt::format(" ({} cases without a value left out)", a.values.size() - a.present)
                                  : "";
  if (!a.numeric) {
    std::map<std::string, std::size_t> counts;
    for (const std::string& v : a.values) {
      if (!v.empty()) ++counts[v];
    }
    std::vector<std::pair<std::string, std::size_t>> order(counts.begin(), counts.end());
    std::stable_sort(order.begin(), order.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    out.categorical = true;
    std::string shares;
    for (const auto& [value, n] : order) {
      out.categories.push_back(value);
      const double share = static_cast<double>(n) / static_cast<double>(a.present);
      out.weights.push_back(round_significant(share, 4));
      if (out.categories.size() <= 6)
        shares += fmt::format("{}{} {:.1f}%", shares.empty() ? "" : ", ", value, 100.0 * share);
    }
    if (order.size() > 6) shares += ", ...";
    // The weights must sum to 1 as written: the most frequent category takes the rounding.
    double others = 0.0;
    for (std::size_t k = 1; k < out.weights.size(); ++k) others += out.weights[k];
    out.weights[0] = round_significant(1.0 - others, 8);
    summary =
        fmt::format("'{}': {} categories over {} cases{}: {}.", a.column, order.size(), a.present, missing, shares);
    return out;
  }
  std::vector<double> sample;
  for (const double v : a.numbers) {
    if (!std::isnan(v)) sample.push_back(v);
  }
  const double low = *std::min_element(sample.begin(), sample.end());
  if (low >= 0.0) {
    Fit fit = fit_time(sample);
    out.numeric = fit.distribution;
    out.numeric.is_time = false;
    summary = fmt::format("'{}': numeric over {} cases{}, mean {:.4g}, sd {:.4g}; {}.", a.column, sample.size(),
                          missing, fit.mean, fit.sd, fit.summary);
  } else {
    double mean = 0.0;
    for (const double v : sample) mean += v;
    mean /= static_cast<double>(sample.size());
    double ss = 0.0;
    for (const double v : sample) ss += (v - mean) * (v - mean);
    const double sd = sample.size() > 1 ? std::sqrt(ss / static_cast<double>(sample.size() - 1)) : 0.0;
    out.numeric.kind = sd > 0.0 ? DistKind::Normal : DistKind::Constant;
    out.numeric.p[0] = round_significant(mean, 6);
    out.numeric.p[1] = round_significant(sd, 4);
    summary = fmt::format(
        "'{}': numeric over {} cases{} with negative values: normal with their mean {:.4g} and "
        "sd {:.4g}.",
        a.column, sample.size(), missing, mean, sd);
  }
  return out;
}

}  // namespace bpm::discover
