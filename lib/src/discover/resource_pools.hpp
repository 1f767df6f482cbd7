#pragma once
// Resource pools from who does what: resources are grouped by the similarity of their activity
// profiles (Pearson correlation of how often each performs each activity, grouped when at least
// `similarity`; Song & van der Aalst's organisational mining, as Simod does), and each activity
// goes to the pool that performed it most.
#include <cstdint>
#include <string>
#include <vector>

#include "discover/log_store.hpp"

namespace bpm::discover {

struct Pool {
  std::string id;
  std::vector<std::int32_t> members;      // resource indices of the log
  std::vector<std::uint32_t> activities;  // activities assigned to the pool
  std::uint64_t events = 0;               // executions by its members
};

struct PoolAssignment {
  std::vector<Pool> pools;
  std::vector<int> pool_of_activity;  // per activity: index into pools, -1 when never done by a resource
  std::vector<int> pool_of_resource;  // per resource
};

[[nodiscard]] PoolAssignment discover_pools(const LogStore& log, double similarity = 0.7);

/// A readable name for a group of resources: their common name prefix ("Clerk" for "Clerk-000001"
/// and "Clerk-000002"), the member's name for one, else `fallback`.
[[nodiscard]] std::string pool_name(const std::vector<std::string>& member_names, const std::string& fallback);

}  // namespace bpm::discover
