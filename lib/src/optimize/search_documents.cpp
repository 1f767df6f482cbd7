// The JSON documents of a sharded search: the state carried from round to round and the part a
// shard writes. Values must round-trip exactly (nlohmann writes the shortest exact form of a
// double), since the gathered search has to equal the single-process one byte for byte.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "bpm/core/error.hpp"
#include "bpm/optimize/search.hpp"

namespace bpm {

namespace {

using Json = nlohmann::ordered_json;

Json number_json(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json values_json(const std::vector<SearchEvaluationValues>& values) {
  Json list = Json::array();
  for (const SearchEvaluationValues& v : values) {
    Json metrics = Json::array();
    for (const auto& metric : v.metrics) {
      Json reps = Json::array();
      for (const double x : metric) reps.push_back(number_json(x));
      metrics.push_back(std::move(reps));
    }
    list.push_back(Json{{"values", v.evaluation.values},
                        {"first", v.evaluation.first},
                        {"count", v.evaluation.count},
                        {"metrics", std::move(metrics)}});
  }
  return list;
}

Json units_json(const std::vector<MetricUnit>& units) {
  Json list = Json::array();
  for (const MetricUnit u : units) list.push_back(static_cast<int>(u));
  return list;
}

Json parse_json(std::string_view text, const std::string& name, std::string_view kind) {
  try {
    Json root = Json::parse(text);
    if (!root.is_object() || root.value("kind", std::string()) != kind) {
      throw DataError(Location{name, 0, 0}, fmt::format("not a {} (bpm-optimize search)", kind));
    }
    return root;
  } catch (const Json::exception& e) {
    throw DataError(Location{name, 0, 0}, fmt::format("malformed {}: {}", kind, e.what()));
  }
}

std::vector<SearchEvaluationValues> values_of(const Json& list) {
  std::vector<SearchEvaluationValues> out;
  for (const Json& item : list) {
    SearchEvaluationValues v;
    v.evaluation.values = item.at("values").get<std::vector<long long>>();
    v.evaluation.first = item.at("first").get<std::uint32_t>();
    v.evaluation.count = item.at("count").get<std::uint32_t>();
    for (const Json& metric : item.at("metrics")) {
      std::vector<double> reps;
      for (const Json& x : metric) reps.push_back(x.is_null() ? std::nan("") : x.get<double>());
      v.metrics.push_back(std::move(reps));
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<MetricUnit> units_of(const Json& list) {
  std::vector<MetricUnit> out;
  for (const Json& u : list) out.push_back(static_cast<MetricUnit>(u.get<int>()));
  return out;
}

template <class F>
auto read_fields(const std::string& name, std::string_view kind, F&& read) {
  try {
    return read();
  } catch (const Json::exception& e) {
    throw DataError(Location{name, 0, 0}, fmt::format("malformed {}: {}", kind, e.what()));
  }
}

}  // namespace

std::string write_search_state(const SearchState& state) {
  const Json root{{"kind", "search state"},
                  {"study", state.study},
                  {"rounds", state.rounds},
                  {"units", units_json(state.units)},
                  {"evaluations", values_json(state.values)}};
  return root.dump(1) + "\n";
}

SearchState read_search_state(std::string_view text, const std::string& name) {
  const Json root = parse_json(text, name, "search state");
  return read_fields(name, "search state", [&] {
    SearchState state;
    state.study = root.at("study").get<std::string>();
    state.rounds = root.at("rounds").get<std::uint64_t>();
    state.units = units_of(root.at("units"));
    state.values = values_of(root.at("evaluations"));
    return state;
  });
}

std::string write_search_part(const SearchPart& part) {
  const Json root{{"kind", "search part"},
                  {"study", part.study},
                  {"round", part.round},
                  {"round_size", part.round_size},
                  {"first", part.first},
                  {"units", units_json(part.units)},
                  {"evaluations", values_json(part.values)}};
  return root.dump(1) + "\n";
}

SearchPart read_search_part(std::string_view text, const std::string& name) {
  const Json root = parse_json(text, name, "search part");
  return read_fields(name, "search part", [&] {
    SearchPart part;
    part.name = name;
    part.study = root.at("study").get<std::string>();
    part.round = root.at("round").get<std::uint64_t>();
    part.round_size = root.at("round_size").get<std::size_t>();
    part.first = root.at("first").get<std::size_t>();
    part.units = units_of(root.at("units"));
    part.values = values_of(root.at("evaluations"));
    return part;
  });
}

}  // namespace bpm
