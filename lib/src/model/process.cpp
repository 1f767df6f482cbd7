#include "bpm/model/process.hpp"

#include <algorithm>
#include <cmath>

#include "model/yaml_reader.hpp"

namespace bpm {
namespace {

template <class T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
  return it == items.end() ? nullptr : &*it;
}

/// The first of duplicated ids wins, as in a linear search (duplicates are a schema error).
template <class T, class Id>
void index_positions(const std::vector<T>& items, Process::IdPositions& positions, Id id_of) {
  positions.clear();
  positions.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) positions.try_emplace(id_of(items[i]), i);
}

/// The item with that id: through the index when it holds it at the right place, else linearly.
template <class T, class Id>
const T* find_indexed(const std::vector<T>& items, const Process::IdPositions& positions, std::string_view id,
                      Id id_of) {
  if (!positions.empty()) {
    const auto it = positions.find(id);
    if (it != positions.end() && it->second < items.size() && id_of(items[it->second]) == id) {
      return &items[it->second];
    }
  }
  const auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return id_of(item) == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

bool Target::met_by(double metric) const noexcept {
  if (std::isnan(metric)) return false;
  switch (op) {
    case Op::Le: return metric <= value;
    case Op::Lt: return metric < value;
    case Op::Ge: return metric >= value;
    case Op::Gt: return metric > value;
    case Op::Eq: return metric == value;
  }
  return false;
}

Target parse_target(std::string_view text) {
  Target target;
  target.text = std::string(text);
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  const std::string_view rest = text.substr(i);
  struct OpText {
    std::string_view text;
    Target::Op op;
  };
  static constexpr OpText ops[] = {{"<=", Target::Op::Le}, {">=", Target::Op::Ge}, {"==", Target::Op::Eq},
                                   {"<", Target::Op::Lt},  {">", Target::Op::Gt},  {"=", Target::Op::Eq}};
  bool found = false;
  for (const auto& candidate : ops) {
    if (rest.substr(0, candidate.text.size()) == candidate.text) {
      target.op = candidate.op;
      i += candidate.text.size();
      found = true;
      break;
    }
  }
  if (!found) throw SyntaxError(i, "a target starts with <=, <, >=, > or ==, e.g. \">= 95%\" or \"<= 21d\"");
  while (i < text.size() && text[i] == ' ') ++i;
  const std::string_view value_text = text.substr(i);
  if (const auto number = detail::parse_number(value_text, true)) {
    target.value = *number;
    return target;
  }
  try {
    target.value = parse_duration(value_text, 1.0);
    target.is_duration = true;
  } catch (const SyntaxError&) {
    throw SyntaxError(i,
                      "a target value is a number, a percentage or a duration, not '" + std::string(value_text) + "'");
  }
  return target;
}

std::string_view pool_policy_name(PoolPolicy policy) noexcept {
  switch (policy) {
    case PoolPolicy::First: return "first";
    case PoolPolicy::Cheapest: return "cheapest";
    case PoolPolicy::ShortestQueue: return "shortest_queue";
  }
  return "first";
}

std::vector<std::string> Step::pools() const {
  std::vector<std::string> out;
  if (resource.empty()) return out;
  out.push_back(resource);
  out.insert(out.end(), other_resources.begin(), other_resources.end());
  return out;
}

std::string_view step_kind_name(StepKind kind) noexcept {
  switch (kind) {
    case StepKind::Task: return "task";
    case StepKind::Wait: return "wait";
    case StepKind::Xor: return "xor";
    case StepKind::And: return "and";
    case StepKind::Or: return "or";
    case StepKind::Join: return "join";
    case StepKind::End: return "end";
  }
  return "task";
}

void Process::index_ids() {
  index_positions(steps, step_positions, [](const Step& s) -> const std::string& { return s.id; });
  index_positions(resources, resource_positions, [](const Resource& r) -> const std::string& { return r.id; });
  index_positions(roles, role_positions, [](const Role& r) -> const std::string& { return r.id; });
  index_positions(calendars, calendar_positions, [](const Calendar& c) -> const std::string& { return c.name; });
}

const Step* Process::find_step(std::string_view id) const {
  return find_indexed(steps, step_positions, id, [](const Step& s) -> const std::string& { return s.id; });
}
const Resource* Process::find_resource(std::string_view id) const {
  return find_indexed(resources, resource_positions, id, [](const Resource& r) -> const std::string& { return r.id; });
}
const Resource* Process::find_member_pool(std::string_view member) const {
  for (const Resource& r : resources) {
    for (const Member& m : r.members) {
      if (m.id == member) return &r;
    }
  }
  return nullptr;
}

const Role* Process::find_role(std::string_view id) const {
  return find_indexed(roles, role_positions, id, [](const Role& r) -> const std::string& { return r.id; });
}
const Scenario* Process::find_scenario(std::string_view id) const { return find_by_id(scenarios, id); }

const Calendar* Process::find_calendar(std::string_view id) const {
  return find_indexed(calendars, calendar_positions, id,
                      [](const Calendar& c) -> const std::string& { return c.name; });
}

const Attribute* Process::find_attribute(std::string_view attribute_name) const {
  const auto find = [&](const std::vector<Attribute>& attributes) -> const Attribute* {
    const auto it = std::find_if(attributes.begin(), attributes.end(),
                                 [&](const Attribute& a) { return a.name == attribute_name; });
    return it == attributes.end() ? nullptr : &*it;
  };
  if (const Attribute* common = find(arrivals.attributes)) return common;
  for (const ArrivalStream& stream : arrivals.streams) {
    if (const Attribute* own = find(stream.attributes)) return own;
  }
  return nullptr;
}

bool Process::from_called_file(std::string_view id) const {
  return std::any_of(fragments.begin(), fragments.end(), [&](const Fragment& f) {
    return !f.file.empty() && id.size() > f.id.size() + 1 && id.compare(0, f.id.size(), f.id) == 0 &&
           id[f.id.size()] == '.';
  });
}

std::vector<std::string> Process::attribute_names() const {
  std::vector<std::string> out;
  const auto add = [&](const std::vector<Attribute>& attributes) {
    for (const Attribute& a : attributes) {
      if (std::find(out.begin(), out.end(), a.name) == out.end()) out.push_back(a.name);
    }
  };
  add(arrivals.attributes);
  for (const ArrivalStream& stream : arrivals.streams) add(stream.attributes);
  const auto add_set = [&](const std::vector<Step>& list) {
    for (const Step& step : list) {
      for (const Assignment& a : step.set) {
        if (std::find(out.begin(), out.end(), a.attribute) == out.end()) out.push_back(a.attribute);
      }
    }
  };
  // In the order the loader binds them: the steps as written, then the fragments' (so that an
  // expansion, which interleaves them, does not move a slot).
  add_set(written_steps.empty() ? steps : written_steps);
  for (const Fragment& fragment : fragments) add_set(fragment.steps);
  add_set(steps);
  return out;
}

std::optional<std::uint32_t> Process::attribute_slot(std::string_view attribute_name) const {
  // The slot order expressions bind to: attribute_names().
  const std::vector<std::string> names = attribute_names();
  const auto it = std::find(names.begin(), names.end(), attribute_name);
  if (it == names.end()) return std::nullopt;
  return static_cast<std::uint32_t>(it - names.begin());
}

std::vector<std::string> Process::outcomes() const {
  std::vector<std::string> out;
  for (const auto& step : steps) {
    if (step.kind == StepKind::End && std::find(out.begin(), out.end(), step.outcome) == out.end()) {
      out.push_back(step.outcome);
    }
  }
  return out;
}

}  // namespace bpm
