// Compile time of a deep serial chain (issue 13: compile time linear in the network): stage
// 0 -> stage 1 -> ... -> stage N-1, each with 300 units of stock and room for 200 a day, the
// last selling 100 a day. An outage anywhere disturbs every stage after it (their stocks
// cover it in turn), so each element's region LP spans the rest of the chain: the work
// per element grows with the depth, the total as N times it. Reports the wall and CPU time
// of NetworkLossModel construction (every single-element curve) on every core and on one,
// LP solves per element, and the growth exponent between consecutive sizes.
// Settings: SCRISK_BENCH_SERIAL_STAGES (comma-separated, default 100,300,1000).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "scrisk/analysis/network_loss.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::bench {
namespace {

std::vector<std::size_t> stage_counts() {
  const char* text = std::getenv("SCRISK_BENCH_SERIAL_STAGES");
  std::vector<std::size_t> counts;
  std::stringstream in(text != nullptr ? text : "100,300,1000");
  for (std::string part; std::getline(in, part, ',');)
    if (!part.empty()) counts.push_back(std::stoul(part));
  return counts;
}

model::Model serial_chain(std::size_t stages) {
  model::Model chain;
  chain.name = "serial-" + std::to_string(stages);
  model::SupplyNetwork& network = chain.supply_network.emplace();
  for (std::size_t i = 0; i < stages; ++i) {
    model::Facility facility;
    facility.id = numbered("stage", i, 5);
    facility.kind = i == 0 ? model::FacilityKind::kSupplier
                           : (i + 1 == stages ? model::FacilityKind::kCustomer : model::FacilityKind::kPlant);
    facility.segment = model::Segment::kOwn;
    chain.facilities.push_back(facility);
    model::FacilityFlow flow;
    flow.facility = facility.id;
    flow.product = "goods";
    flow.capacity_per_day = 200;
    flow.inventory_units = 300;
    if (i + 1 == stages) {
      flow.demand_per_day = 100;
      flow.lost_sale_value_per_unit = 10;
    }
    network.facilities.push_back(flow);
    if (i == 0) continue;
    model::Link link;
    link.id = numbered("leg", i, 5);
    link.from = numbered("stage", i - 1, 5);
    link.to = facility.id;
    link.mode = model::LinkMode::kRoad;
    chain.links.push_back(link);
    network.links.push_back({link.id, std::nullopt});
  }
  return chain;
}

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& value) { return double(value.tv_sec) + double(value.tv_usec) * 1e-6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void construct(benchmark::State& state, std::size_t stages, int threads) {
  const model::Model chain = serial_chain(stages);
  double cpu_seconds = 0, solves_per_element = 0;
  for (auto _ : state) {
    const double cpu_before = process_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    const analysis::NetworkLossModel network(chain, *chain.supply_network, {.threads = threads, .cancelled = {}});
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    cpu_seconds = process_cpu_seconds() - cpu_before;
    solves_per_element = double(network.lp_solves()) / double(network.element_count());
  }
  state.counters["stages"] = double(stages);
  state.counters["cpu_s"] = cpu_seconds;
  state.counters["LP solves/element"] = solves_per_element;
}

std::string name(std::size_t stages, const char* threads) {
  return "serial_chain/" + std::to_string(stages) + "/construct/" + threads;
}

void register_all() {
  for (std::size_t stages : stage_counts()) {
    for (auto [label, threads] : {std::pair{"all_cores", 0}, std::pair{"1thread", 1}})
      benchmark::RegisterBenchmark(name(stages, label).c_str(), construct, stages, threads)
          ->Unit(benchmark::kMillisecond)
          ->UseManualTime()
          ->Iterations(1);
  }
}

void print_summary(const SummaryReporter& reporter, const LoadMeter& load) {
  std::printf("\n=== deep serial chains: NetworkLossModel construction ===\n%s; other processes kept %.2f cores busy\n",
              machine_note().c_str(), load.other_cores_busy());
  std::printf("%8s %12s %12s %12s %11s %16s\n", "stages", "wall (all)", "wall (1T)", "cpu (1T)", "LP/element", "cpu growth ~N^k");
  double previous_stages = 0, previous_cpu = 0;
  for (std::size_t stages : stage_counts()) {
    const auto* all = reporter.find(name(stages, "all_cores"));
    const auto* one = reporter.find(name(stages, "1thread"));
    if (all == nullptr || one == nullptr) continue;
    const double cpu = reporter.counter(name(stages, "1thread"), "cpu_s");
    const double growth = previous_cpu > 0 ? std::log(cpu / previous_cpu) / std::log(double(stages) / previous_stages) : 0;
    std::printf("%8zu %11.2fs %11.2fs %11.2fs %11.2f %16s\n", stages, all->real_seconds, one->real_seconds, cpu,
                reporter.counter(name(stages, "1thread"), "LP solves/element"),
                previous_cpu > 0 ? ("k = " + std::to_string(growth).substr(0, 4)).c_str() : "");
    previous_stages = double(stages);
    previous_cpu = cpu;
  }
}

}  // namespace
}  // namespace scrisk::bench

int main(int argc, char** argv) {
  return scrisk::bench::run_main(argc, argv, scrisk::bench::register_all, scrisk::bench::print_summary);
}
