#include "discover/resource_pools.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace bpm::discover {
namespace {

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const auto n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
  const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0.0;
  double saa = 0.0;
  double sbb = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    sab += (a[k] - ma) * (b[k] - mb);
    saa += (a[k] - ma) * (a[k] - ma);
    sbb += (b[k] - mb) * (b[k] - mb);
  }
  if (saa <= 0.0 || sbb <= 0.0) {
    // A flat profile (one activity in the log, or every activity equally often) has no
    // correlation: profiles in the same proportions (cosine 1) are alike, whatever their volumes.
    double dot = 0.0;
    double na = 0.0;
    double nb = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) {
      dot += a[k] * b[k];
      na += a[k] * a[k];
      nb += b[k] * b[k];
    }
    return na > 0.0 && nb > 0.0 ? dot / std::sqrt(na * nb) : 0.0;
  }
  return sab / std::sqrt(saa * sbb);
}

bool separator(char c) { return c == '-' || c == '_' || c == ' ' || c == '.' || c == '#' || (c >= '0' && c <= '9'); }

}  // namespace

std::string pool_name(const std::vector<std::string>& member_names, const std::string& fallback) {
  if (member_names.empty()) return fallback;
  if (member_names.size() == 1) {
    // "Applicant-000001" is the pool "Applicant"; a person's name stays as it is.
    std::string name = member_names.front();
    while (!name.empty() && separator(name.back())) name.pop_back();
    return name.size() >= 2 && name.size() < member_names.front().size() ? name : member_names.front();
  }
  std::string prefix = member_names.front();
  for (const std::string& name : member_names) {
    std::size_t k = 0;
    while (k < prefix.size() && k < name.size() && prefix[k] == name[k]) ++k;
    prefix.resize(k);
  }
  while (!prefix.empty() && separator(prefix.back())) prefix.pop_back();
  return prefix.size() >= 2 ? prefix : fallback;
}

PoolAssignment discover_pools(const LogStore& log, double similarity) {
  const std::size_t resources = log.resources.size();
  const std::size_t activities = log.activities.size();
  PoolAssignment out;
  out.pool_of_activity.assign(activities, -1);
  out.pool_of_resource.assign(resources, -1);
  if (resources == 0) return out;
  std::vector<std::vector<double>> profile(resources, std::vector<double>(activities, 0.0));
  std::vector<std::uint64_t> done(resources, 0);
  for (const Case& c : log.cases) {
    for (const Event& e : c.events) {
      if (e.resource < 0) continue;
      profile[static_cast<std::size_t>(e.resource)][e.activity] += 1.0;
      ++done[static_cast<std::size_t>(e.resource)];
    }
  }
  // Connected components of the "similar profile" graph.
  std::vector<std::size_t> parent(resources);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (std::size_t a = 0; a < resources; ++a) {
    if (done[a] == 0) continue;
    for (std::size_t b = a + 1; b < resources; ++b) {
      if (done[b] == 0) continue;
      if (correlation(profile[a], profile[b]) >= similarity) {
        const std::size_t ra = find(a);
        const std::size_t rb = find(b);
        if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
      }
    }
  }
  std::vector<int> index(resources, -1);
  for (std::size_t r = 0; r < resources; ++r) {
    if (done[r] == 0) continue;
    const std::size_t root = find(r);
    if (index[root] < 0) {
      index[root] = static_cast<int>(out.pools.size());
      out.pools.emplace_back();
    }
    Pool& pool = out.pools[static_cast<std::size_t>(index[root])];
    pool.members.push_back(static_cast<std::int32_t>(r));
    pool.events += done[r];
    out.pool_of_resource[r] = index[root];
  }
  // Each activity to the pool that did it most.
  for (std::size_t a = 0; a < activities; ++a) {
    double best = 0.0;
    for (std::size_t p = 0; p < out.pools.size(); ++p) {
      double count = 0.0;
      for (const std::int32_t r : out.pools[p].members) count += profile[static_cast<std::size_t>(r)][a];
      if (count > best) {
        best = count;
        out.pool_of_activity[a] = static_cast<int>(p);
      }
    }
    if (out.pool_of_activity[a] >= 0) {
      out.pools[static_cast<std::size_t>(out.pool_of_activity[a])].activities.push_back(static_cast<std::uint32_t>(a));
    }
  }
  // Names: the members' common prefix, else the main activity; unique.
  std::set<std::string> used;
  for (std::size_t p = 0; p < out.pools.size(); ++p) {
    Pool& pool = out.pools[p];
    std::vector<std::string> names;
    for (const std::int32_t r : pool.members) names.push_back(log.resources[static_cast<std::size_t>(r)]);
    std::string fallback = pool.activities.empty() ? "staff" : log.activities[pool.activities.front()] + " staff";
    std::string id = pool_name(names, fallback);
    for (int k = 2; used.count(id) > 0; ++k) id = pool_name(names, fallback) + " " + std::to_string(k);
    used.insert(id);
    pool.id = id;
  }
  return out;
}

}  // namespace bpm::discover
