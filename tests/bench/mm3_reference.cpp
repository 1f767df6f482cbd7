// The reference for the simulator benchmark: a minimal hand-written event loop of the M/M/3 queue
// of tests/bench/mm3.yaml (λ = 2.4/h, exponential service with mean 1 h, 3 servers, FIFO), the
// kind of program one writes when the model is fixed and speed is all that counts. It uses the
// same generator (PCG64) and the same inverse-transform exponential sampler as libbpm, a binary
// heap of (time, sequence) events and a FIFO of arrival times, and accumulates what any useful
// run must: the mean wait, the mean time in system and the utilisation.
//
// usage: bpm_bench_mm3_reference [CASES]    (default 1000000)
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <queue>
#include <vector>

#include <pcg_random.hpp>

namespace {

struct Event {
  double time;
  std::uint64_t sequence;
  bool arrival;
  double arrived;  // departures: the customer's arrival time
};

struct Later {
  bool operator()(const Event& a, const Event& b) const noexcept {
    return a.time > b.time || (a.time == b.time && a.sequence > b.sequence);
  }
};

double exponential(pcg64& rng, double mean) {
  std::uint64_t bits = rng() >> 11;
  while (bits == 0) bits = rng() >> 11;
  return -mean * std::log(static_cast<double>(bits) * 0x1.0p-53);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t cases = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  constexpr double kInterarrival = 1500.0;  // 25 min: 2.4 arrivals an hour
  constexpr double kService = 3600.0;
  constexpr int kServers = 3;

  const std::clock_t cpu_begin = std::clock();
  const auto begin = std::chrono::steady_clock::now();
  pcg64 arrivals(1, 1);
  pcg64 service(1, 2);
  std::priority_queue<Event, std::vector<Event>, Later> events;
  std::deque<double> queue;
  std::uint64_t sequence = 0;
  std::uint64_t arrived = 0;
  std::uint64_t done = 0;
  std::uint64_t processed = 0;
  int busy = 0;
  double now = 0.0;
  double wait_sum = 0.0;
  double system_sum = 0.0;
  double busy_area = 0.0;
  double last = 0.0;

  const auto start_service = [&](double arrival_time) {
    ++busy;
    wait_sum += now - arrival_time;
    events.push({now + exponential(service, kService), sequence++, false, arrival_time});
  };
  events.push({exponential(arrivals, kInterarrival), sequence++, true, 0.0});
  ++arrived;
  while (!events.empty()) {
    const Event e = events.top();
    events.pop();
    ++processed;
    now = e.time;
    busy_area += busy * (now - last);
    last = now;
    if (e.arrival) {
      if (arrived < cases) {
        events.push({now + exponential(arrivals, kInterarrival), sequence++, true, 0.0});
        ++arrived;
      }
      if (busy < kServers) {
        start_service(now);
      } else {
        queue.push_back(now);
      }
    } else {
      --busy;
      ++done;
      system_sum += now - e.arrived;
      if (!queue.empty()) {
        const double next = queue.front();
        queue.pop_front();
        start_service(next);
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  const double cpu = static_cast<double>(std::clock() - cpu_begin) / CLOCKS_PER_SEC;
  std::printf("process      mm3-reference\n");
  std::printf("cases        %llu\n", static_cast<unsigned long long>(done));
  std::printf("events       %llu\n", static_cast<unsigned long long>(processed));
  std::printf("seconds      %.3f\n", seconds);
  std::printf("cpu seconds  %.3f\n", cpu);
  std::printf("events/cpu-s %.0f\n", static_cast<double>(processed) / cpu);
  std::printf("cases/s      %.0f\n", static_cast<double>(done) / seconds);
  std::printf("events/s     %.0f\n", static_cast<double>(processed) / seconds);
  std::printf("mean wait    %.1f s\n", wait_sum / static_cast<double>(done));
  std::printf("mean W       %.1f s\n", system_sum / static_cast<double>(done));
  std::printf("utilisation  %.4f\n", busy_area / (now * kServers));
  return 0;
}
