#include "discover/log_store.hpp"

#include <algorithm>
#include <cmath>

namespace bpm::discover {
namespace {

class StoreSink : public kpi::CaseSink {
 public:
  explicit StoreSink(LogStore& store) : store_(store) {}

  void on_case(kpi::CaseRecord& record) override {
    if (record.instances.empty()) return;
    Case c;
    c.id = record.id;
    c.attributes = record.attributes;
    std::vector<kpi::ActivityInstance>& instances = record.instances;
    std::stable_sort(
        instances.begin(), instances.end(),
        [](const kpi::ActivityInstance& a, const kpi::ActivityInstance& b) { return a.sequence < b.sequence; });
    const bool instants = !store_.info.has_start;
    for (const kpi::ActivityInstance& i : instances) {
      Event e;
      e.activity = i.activity;
      e.resource = i.resource;
      e.end = i.end;
      e.start = instants || std::isnan(i.start) ? i.end : i.start;
      e.enable = std::isnan(i.enable) ? e.start : std::min(i.enable, e.start);
      c.events.push_back(e);
    }
    std::stable_sort(c.events.begin(), c.events.end(), [](const Event& a, const Event& b) {
      if (a.start != b.start) return a.start < b.start;
      return a.end < b.end;
    });
    c.arrival = c.events.front().start;
    if (store_.info.has_enable) {
      for (const Event& e : c.events) c.arrival = std::min(c.arrival, e.enable);
    }
    store_.events += c.events.size();
    store_.cases.push_back(std::move(c));
  }

  void reset() override {
    store_.cases.clear();
    store_.events = 0;
  }

 private:
  LogStore& store_;
};

}  // namespace

Time Case::last_end() const {
  Time t = events.front().end;
  for (const Event& e : events) t = std::max(t, e.end);
  return t;
}

LogStore read_log_store(const std::vector<std::string>& paths, const kpi::LogOptions& options) {
  LogStore store;
  StoreSink sink(store);
  kpi::read_logs(paths, options, store.info, sink);
  store.activities = store.info.dictionary.activities.names();
  store.resources = store.info.dictionary.resources.names();
  store.attribute_names = store.info.dictionary.attributes;
  store.has_start = store.info.has_start;
  for (const Case& c : store.cases) {
    for (const Event& e : c.events) store.has_resource = store.has_resource || e.resource >= 0;
  }
  std::stable_sort(store.cases.begin(), store.cases.end(),
                   [](const Case& a, const Case& b) { return a.arrival < b.arrival; });
  return store;
}

}  // namespace bpm::discover
