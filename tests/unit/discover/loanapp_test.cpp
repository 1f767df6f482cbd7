// The model discovered from LoanApp_simplified_train is right, not only close: its control flow is
// that of the BPMN model that generated the log, and its pools are the roles the log records.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "bpm/design/bpmn.hpp"
#include "bpm/discover/discover.hpp"
#include "bpm/io/input.hpp"
#include "discover/log_store.hpp"
#include "discover/resource_pools.hpp"

using namespace bpm;

namespace {

std::string data(const std::string& name) { return std::string(BPM_TEST_DATA) + "/logs/discovery/" + name; }

/// "Check application form completeness" -> "check-application-form-completeness", as the BPMN
/// importer names tasks.
std::string slug(const std::string& name) {
  std::string out;
  for (const char c : name)
    out.push_back(c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

/// For each task, the tasks (or "end") that can come next through gateways, joins and waits.
std::map<std::string, std::set<std::string>> task_successors(const Process& p) {
  std::map<std::string, const Step*> by_id;
  for (const Step& s : p.steps) by_id[s.id] = &s;
  auto direct = [](const Step& s) {
    std::vector<std::string> out;
    if (!s.next.empty()) out.push_back(s.next);
    if (s.rework && s.rework->p > 0.0) out.push_back(s.rework->to.empty() ? s.id : s.rework->to);
    for (const Branch& b : s.branches) out.push_back(b.to);
    for (const std::string& t : s.targets) out.push_back(t);
    return out;
  };
  std::map<std::string, std::set<std::string>> out;
  for (const Step& s : p.steps) {
    if (s.kind != StepKind::Task) continue;
    std::set<std::string>& into = out[slug(s.id)];
    std::vector<std::string> stack = direct(s);
    std::set<std::string> seen;
    while (!stack.empty()) {
      const std::string id = stack.back();
      stack.pop_back();
      if (!seen.insert(id).second) continue;
      const Step& t = *by_id.at(id);
      if (t.kind == StepKind::Task) {
        into.insert(slug(t.id));
      } else if (t.kind == StepKind::End) {
        into.insert("end");
      } else {
        for (const std::string& n : direct(t)) stack.push_back(n);
      }
    }
  }
  return out;
}

/// Decision points: xor gateways plus reworks (a loop's decision written on its task).
std::size_t decisions(const Process& p) {
  return static_cast<std::size_t>(std::count_if(p.steps.begin(), p.steps.end(), [](const Step& s) {
    return s.kind == StepKind::Xor || (s.kind == StepKind::Task && s.rework && s.rework->p > 0.0);
  }));
}

std::size_t count_kind(const Process& p, StepKind kind) {
  return static_cast<std::size_t>(
      std::count_if(p.steps.begin(), p.steps.end(), [&](const Step& s) { return s.kind == kind; }));
}

const discover::DiscoveryResult& loanapp() {
  static const discover::DiscoveryResult result =
      discover::discover({data("LoanApp_simplified_train.csv.gz")}, discover::DiscoverOptions{});
  return result;
}

}  // namespace

TEST_CASE("LoanApp: the discovered control flow is the generating BPMN model's", "[discover][loanapp]") {
  const Process truth = import_bpmn(read_all(data("LoanApp_simplified.bpmn")), "LoanApp_simplified.bpmn").process;
  const Process& found = loanapp().process;
  // Same activities, same task-to-task successions (so the same loop: check -> return ->
  // applicant -> check), same gateway kinds: one parallel split and its join, three decisions.
  CHECK(task_successors(found) == task_successors(truth));
  CHECK(count_kind(found, StepKind::And) == count_kind(truth, StepKind::And));
  CHECK(count_kind(found, StepKind::Join) == count_kind(truth, StepKind::Join));
  CHECK(count_kind(found, StepKind::Or) == 0);
  CHECK(decisions(found) == decisions(truth));
  CHECK(decisions(found) == 3);
}

TEST_CASE("LoanApp: pools are the roles recorded in the log", "[discover][loanapp]") {
  // The log's role column, per resource.
  std::map<std::string, std::string> role_of;
  LineReader lines(data("LoanApp_simplified_train.csv.gz"));
  (void)lines.next();  // case_id,resource,role,activity,...
  while (const auto line = lines.next()) {
    const std::string text(*line);
    const std::size_t a = text.find(',');
    const std::size_t b = text.find(',', a + 1);
    const std::size_t c = text.find(',', b + 1);
    role_of[text.substr(a + 1, b - a - 1)] = text.substr(b + 1, c - b - 1);
  }
  const discover::LogStore log = discover::read_log_store({data("LoanApp_simplified_train.csv.gz")}, {});
  const discover::PoolAssignment pools = discover::discover_pools(log);
  std::set<std::string> roles;
  for (const auto& [resource, role] : role_of) roles.insert(role);
  REQUIRE(pools.pools.size() == roles.size());
  for (const discover::Pool& pool : pools.pools) {
    std::set<std::string> pool_roles;
    for (const auto r : pool.members) pool_roles.insert(role_of.at(log.resources[static_cast<std::size_t>(r)]));
    CAPTURE(pool.id);
    CHECK(pool_roles.size() == 1);          // one role per pool
    CHECK(pool.id == *pool_roles.begin());  // named after it (the members' common name prefix)
    std::size_t members_of_role = 0;
    for (const auto& [resource, role] : role_of)
      members_of_role += role == *pool_roles.begin() ? std::size_t{1} : std::size_t{0};
    CHECK(pool.members.size() == members_of_role);  // the whole role
  }
}

TEST_CASE("LoanApp: the numbers of the generating model come out", "[discover][loanapp]") {
  const Process& p = loanapp().process;
  // Constant durations of the generator, on working time.
  REQUIRE(p.find_step("Assess loan risk") != nullptr);
  CHECK(p.find_step("Assess loan risk")->duration->kind == DistKind::Constant);
  CHECK(p.find_step("Assess loan risk")->duration->p[0] == Approx(1200.0));
  CHECK(p.find_step("Applicant completes form")->duration->p[0] == Approx(3600.0));
  // One hour of extraneous delay before each final task, as timers kept out of event logs.
  for (const char* task : {"Reject application", "Cancel application", "Approve application"}) {
    const Step* wait = p.find_step(std::string("delay before ") + task);
    REQUIRE(wait != nullptr);
    CHECK(wait->kind == StepKind::Wait);
    CHECK_FALSE(wait->logged);
    CHECK(wait->wait->mean() == Approx(3600.0));
  }
  // A case every 30 minutes in the arrival hours; pools as large as the roles.
  CHECK(p.arrivals.every.kind == DistKind::Constant);
  CHECK(p.arrivals.every.p[0] == Approx(1800.0));
  CHECK(p.find_resource("Clerk")->count == 8);
  CHECK(p.find_resource("Loan Officer")->count == 4);
  // The rework of the completeness check: 108 of 1108 executions.
  CHECK(p.find_step("Check application form completeness")->rework->p == Approx(108.0 / 1108.0).margin(1e-4));
  CHECK(p.simulation.cases == 1000u);
}
