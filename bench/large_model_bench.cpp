// Speed and memory on a large generated model: 1,000 facilities in a multi-tier chain
// (suppliers -> plants -> warehouses / ports -> terminals -> distribution centres ->
// customers, with IT systems and offices), ~1,200 links, 300 threats over the eight ISO 28000
// 4.3.1 categories each targeting several facilities or links, and 500 controls scoped by
// threat, by target or by (threat, target) pair. The generator is deterministic (its own
// SplitMix64, no std:: distributions), so every machine simulates the same model.
//
// Benchmarks: Plan construction (validate + compile), 1,000,000 trials on 2 threads (wall
// time of run and of evaluate, years/s, peak RSS), fewer trials on 1 thread (for the 2/1
// speed-up) and the draw-only kernel on 1 thread. Settings: SCRISK_BENCH_LARGE_TRIALS
// (default 1e6, 2 threads), SCRISK_BENCH_LARGE_TRIALS_1T (default 1e5, 1 thread and draw-only).
#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "scrisk/scrisk.hpp"

namespace scrisk::bench {
namespace {

using model::FacilityKind;
using model::LinkMode;
using model::Segment;
using model::ThreatCategory;

constexpr std::uint64_t kSeed = 7;

struct Network {
  std::vector<std::string> suppliers, plants, warehouses, ports, terminals, dcs, it_systems, offices, customers;
  std::vector<std::string> road, rail, sea, air, information, from_suppliers;
};

/// A target pool entry: a facility (is_link false) or a link id.
struct Candidate {
  std::string id;
  bool is_link = false;
};

std::vector<Candidate> pool(std::initializer_list<const std::vector<std::string>*> facilities,
                            std::initializer_list<const std::vector<std::string>*> links) {
  std::vector<Candidate> out;
  for (const auto* ids : facilities)
    for (const auto& id : ids[0]) out.push_back({id, false});
  for (const auto* ids : links)
    for (const auto& id : ids[0]) out.push_back({id, true});
  return out;
}

void add_facilities(model::Model& m, Generator& g, std::vector<std::string>& ids, const char* prefix, std::size_t count,
                    FacilityKind kind, Segment segment, double daily_low, double daily_high, double asset_low,
                    double asset_high) {
  for (std::size_t i = 0; i < count; ++i) {
    model::Facility f;
    f.id = numbered(prefix, i + 1, 4);
    f.kind = kind;
    f.segment = segment;
    f.daily_value = std::round(g.log_between(daily_low, daily_high));
    f.asset_value = asset_high > 0 ? std::round(g.log_between(asset_low, asset_high)) : 0;
    ids.push_back(f.id);
    m.facilities.push_back(std::move(f));
  }
}

void add_link(model::Model& m, Generator& g, Network& n, const std::string& from, const std::string& to, LinkMode mode) {
  model::Link link;
  link.id = numbered("link", m.links.size() + 1, 4);
  link.from = from;
  link.to = to;
  link.mode = mode;
  switch (mode) {
    case LinkMode::kSea:
      link.transit_days = std::round(g.between(5, 35));
      n.sea.push_back(link.id);
      break;
    case LinkMode::kRail:
      link.transit_days = std::round(g.between(1, 6));
      n.rail.push_back(link.id);
      break;
    case LinkMode::kAir:
      link.transit_days = 1;
      n.air.push_back(link.id);
      break;
    case LinkMode::kInformation:
      link.transit_days = 0;
      n.information.push_back(link.id);
      break;
    default:
      link.transit_days = std::round(g.between(1, 4));
      n.road.push_back(link.id);
      break;
  }
  if (g.chance(0.2)) link.daily_value = std::round(g.log_between(5e3, 2e5));  // else the from-facility's
  m.links.push_back(std::move(link));
}

LinkMode pick_mode(Generator& g, double road, double rail) {
  const double u = g.uniform();
  return u < road ? LinkMode::kRoad : u < road + rail ? LinkMode::kRail : LinkMode::kSea;
}

/// A rate, loss or downtime distribution and the threat parameters of one threat family.
struct Family {
  const char* name;
  ThreatCategory category;
  bool intentional;
  std::vector<Candidate> targets;
  std::size_t min_targets, max_targets;
  double vulnerability_low, vulnerability_high;
};

Distribution pert(Generator& g, double low, double mode, double high) {
  const double s = g.between(0.6, 1.6);  // spread the families' figures threat by threat
  return Pert{low * s, mode * s, high * s, 4};
}
Distribution lognormal90(Generator& g, double low, double high) {
  const double s = g.log_between(0.5, 2);
  return Lognormal90{low * s, high * s};
}

/// The family's rate, loss and downtime distributions, drawn per threat.
void distributions(std::size_t family, Generator& g, model::Threat& t) {
  switch (family) {
    case 0:  // cargo theft on the road
      t.rate_per_year = pert(g, 0.2, 1.5, 5);
      t.loss = lognormal90(g, 1.5e4, 8e5);
      t.downtime_days = Triangular{0, g.between(0.5, 1), g.between(2, 5)};
      break;
    case 1:  // burglary at warehouses and DCs
      t.rate_per_year = pert(g, 0.05, 0.4, 1.5);
      t.loss = lognormal90(g, 5e4, 2e6);
      t.downtime_days = Triangular{0, 1, g.between(4, 10)};
      break;
    case 2:  // sabotage at plants
      t.rate_per_year = Gamma{2, g.between(0.02, 0.1)};
      t.loss = lognormal90(g, 1e5, 5e6);
      t.downtime_days = Pert{1, g.between(3, 8), g.between(20, 40), 4};
      break;
    case 3:  // insider theft and fraud
      t.rate_per_year = Triangular{0.1, g.between(0.3, 0.8), g.between(1.5, 3)};
      t.loss = lognormal90(g, 5e3, 5e5);
      break;
    case 4:  // flood and storm
      t.rate_per_year = Gamma{g.between(0.5, 1), g.between(0.02, 0.1)};
      t.loss = lognormal90(g, 1e5, 2e7);
      t.downtime_days = Pert{1, g.between(5, 10), g.between(40, 90), 4};
      break;
    case 5:  // strikes and border closures
      t.rate_per_year = Uniform{g.between(0.05, 0.1), g.between(0.3, 0.6)};
      t.downtime_days = lognormal90(g, 1, 20);
      break;
    case 6: {  // customs and regulatory failures
      t.rate_per_year = pert(g, 0.1, 0.5, 2);
      const double s = g.log_between(0.5, 2);
      t.loss = Empirical{{1e4 * s, 5e4 * s, 2.5e5 * s}, {6, 3, 1}};
      t.downtime_days = Fixed{std::round(g.between(1, 3))};
      break;
    }
    case 7:  // security equipment failures
      t.rate_per_year = Fixed{g.between(0.2, 1.0)};
      t.loss = Gamma{2, g.log_between(1e4, 5e4)};
      t.downtime_days = Uniform{0, 2};
      break;
    case 8:  // ransomware and data breaches
      t.rate_per_year = pert(g, 0.05, 0.3, 1.5);
      t.loss = lognormal90(g, 5e4, 5e6);
      t.downtime_days = Triangular{1, g.between(3, 7), g.between(14, 28)};
      break;
    default:  // supplier insolvency and disruption (a normal rate: its negative tail counts as zero)
      t.rate_per_year = Normal{g.between(0.05, 0.1), 0.04};
      t.downtime_days = Pert{10, g.between(20, 40), g.between(90, 150), 4};
      break;
  }
}

model::Model generate_model() {
  Generator g(20240611);
  model::Model m;
  m.name = "generated-1000-300-500";
  m.currency = "EUR";
  Network n;
  add_facilities(m, g, n.suppliers, "supplier", 250, FacilityKind::kSupplier, Segment::kUpstream, 5e3, 8e4, 0, 0);
  add_facilities(m, g, n.plants, "plant", 80, FacilityKind::kPlant, Segment::kOwn, 5e4, 4e5, 5e6, 5e7);
  add_facilities(m, g, n.warehouses, "warehouse", 60, FacilityKind::kWarehouse, Segment::kOwn, 2e4, 1.5e5, 1e6, 1e7);
  add_facilities(m, g, n.ports, "port", 40, FacilityKind::kPort, Segment::kDownstream, 5e4, 5e5, 0, 0);
  add_facilities(m, g, n.terminals, "terminal", 20, FacilityKind::kTerminal, Segment::kDownstream, 2e4, 2e5, 0, 0);
  add_facilities(m, g, n.dcs, "dc", 100, FacilityKind::kDistributionCenter, Segment::kOwn, 2e4, 2e5, 1e6, 1e7);
  add_facilities(m, g, n.it_systems, "it", 30, FacilityKind::kItSystem, Segment::kOwn, 1e4, 3e5, 1e5, 2e6);
  add_facilities(m, g, n.offices, "office", 20, FacilityKind::kOffice, Segment::kOwn, 5e3, 5e4, 5e5, 5e6);
  add_facilities(m, g, n.customers, "customer", 400, FacilityKind::kCustomer, Segment::kDownstream, 5e3, 1e5, 0, 0);

  for (const auto& supplier : n.suppliers)
    for (const auto& plant : g.pick(n.plants, g.chance(0.5) ? 2 : 1)) {
      const std::size_t before = m.links.size();
      add_link(m, g, n, supplier, plant, pick_mode(g, 0.7, 0.15));
      n.from_suppliers.push_back(m.links[before].id);
    }
  for (const auto& plant : n.plants) {
    add_link(m, g, n, plant, n.warehouses[g.index(n.warehouses.size())], LinkMode::kRoad);
    add_link(m, g, n, plant, n.ports[g.index(n.ports.size())], pick_mode(g, 0.7, 0.3));
  }
  for (std::size_t i = 0; i < n.ports.size(); ++i)
    add_link(m, g, n, n.ports[i], n.ports[(i + 1 + g.index(n.ports.size() - 1)) % n.ports.size()], LinkMode::kSea);
  for (const auto& terminal : n.terminals) add_link(m, g, n, n.ports[g.index(n.ports.size())], terminal, LinkMode::kSea);
  for (const auto& dc : n.dcs) {
    const bool from_terminal = g.chance(0.3);
    const auto& source = from_terminal ? n.terminals[g.index(n.terminals.size())] : n.ports[g.index(n.ports.size())];
    add_link(m, g, n, source, dc, g.chance(0.75) ? LinkMode::kRoad : LinkMode::kRail);
  }
  for (const auto& warehouse : n.warehouses) add_link(m, g, n, warehouse, n.dcs[g.index(n.dcs.size())], LinkMode::kRoad);
  for (const auto& customer : n.customers)
    for (const auto& dc : g.pick(n.dcs, g.chance(0.25) ? 2 : 1))
      add_link(m, g, n, dc, customer, g.chance(0.05) ? LinkMode::kAir : LinkMode::kRoad);
  for (const auto& it : n.it_systems) {
    add_link(m, g, n, it, n.plants[g.index(n.plants.size())], LinkMode::kInformation);
    add_link(m, g, n, it, n.dcs[g.index(n.dcs.size())], LinkMode::kInformation);
  }
  for (const auto& office : n.offices)
    add_link(m, g, n, office, n.it_systems[g.index(n.it_systems.size())], LinkMode::kInformation);

  const std::vector<Family> families{
      {"cargo-theft", ThreatCategory::kPhysical, true, pool({}, {&n.road}), 3, 8, 0.4, 0.8},
      {"burglary", ThreatCategory::kPhysical, true, pool({&n.warehouses, &n.dcs}, {}), 2, 6, 0.3, 0.6},
      {"sabotage", ThreatCategory::kPhysical, true, pool({&n.plants}, {}), 2, 5, 0.2, 0.5},
      {"insider", ThreatCategory::kOperational, true, pool({&n.plants, &n.warehouses, &n.offices}, {}), 2, 6, 0.5, 0.9},
      {"flood", ThreatCategory::kNatural, false, pool({&n.ports, &n.plants, &n.dcs, &n.terminals}, {}), 3, 8, 0.7, 1.0},
      {"strike", ThreatCategory::kExternal, false, pool({&n.ports, &n.terminals}, {&n.sea}), 2, 6, 0.9, 1.0},
      {"customs", ThreatCategory::kStakeholder, false, pool({&n.suppliers}, {&n.sea, &n.air}), 2, 8, 0.3, 0.7},
      {"equipment", ThreatCategory::kSecurityEquipment, false, pool({&n.warehouses, &n.dcs, &n.ports}, {}), 3, 8, 0.2, 0.5},
      {"cyber", ThreatCategory::kInformation, true, pool({&n.it_systems}, {&n.information}), 2, 6, 0.3, 0.7},
      {"insolvency", ThreatCategory::kContinuity, false, pool({&n.suppliers}, {&n.from_suppliers}), 4, 8, 0.8, 1.0},
  };
  for (std::size_t i = 0; i < 300; ++i) {
    const std::size_t family = i % families.size();
    const Family& f = families[family];
    model::Threat t;
    t.id = numbered(f.name, i / families.size() + 1, 4);
    t.category = f.category;
    t.intentional = f.intentional;
    t.vulnerability = g.between(f.vulnerability_low, f.vulnerability_high);
    distributions(family, g, t);
    const std::size_t k = f.min_targets + g.index(f.max_targets - f.min_targets + 1);
    for (const Candidate& c : g.pick(f.targets, k)) {
      model::Target target;
      (c.is_link ? target.link : target.facility) = c.id;
      target.weight = std::round(g.between(0.5, 3) * 10) / 10;
      t.targets.push_back(std::move(target));
    }
    m.threats.push_back(std::move(t));
  }

  auto scope_of = [](const model::Threat* threat, const model::Target* target) {
    model::AppliesTo scope;
    if (threat != nullptr) scope.threat = threat->id;
    if (target != nullptr) (target->facility.empty() ? scope.link : scope.facility) = target->id();
    return scope;
  };
  for (std::size_t c = 0; c < 500; ++c) {
    model::Control control;
    const model::Threat& threat = m.threats[g.index(m.threats.size())];
    const model::Target& target = threat.targets[g.index(threat.targets.size())];
    if (c < 200) {  // threat-scoped: training, vetting, procedures against one or two threats
      control.id = numbered("threat-control", c + 1, 4);
      control.applies_to.push_back(scope_of(&threat, nullptr));
      if (g.chance(0.25)) control.applies_to.push_back(scope_of(&m.threats[(&threat - m.threats.data() + 10) % 300], nullptr));
    } else if (c < 350) {  // target-scoped: guards, fences, CCTV at a site or on a route (any threat)
      control.id = numbered("site-control", c - 199, 4);
      control.applies_to.push_back(scope_of(nullptr, &target));
      if (g.chance(0.2)) {
        const model::Threat& other = m.threats[g.index(m.threats.size())];
        control.applies_to.push_back(scope_of(nullptr, &other.targets[g.index(other.targets.size())]));
      }
    } else {  // pair-scoped: a measure against one threat at one target
      control.id = numbered("pair-control", c - 349, 4);
      control.applies_to.push_back(scope_of(&threat, &target));
      if (g.chance(0.3) && threat.targets.size() > 1) {
        const model::Target& second = threat.targets[(&target - threat.targets.data() + 1) % threat.targets.size()];
        control.applies_to.push_back(scope_of(&threat, &second));
      }
    }
    control.status = g.chance(0.65) ? model::ControlStatus::kExisting : model::ControlStatus::kProposed;
    if (g.chance(0.6)) {
      control.effectiveness = g.between(0.2, 0.8);
      control.availability = g.between(0.85, 0.99);
    }
    if (g.chance(0.3)) control.deterrence = g.between(0.05, 0.4);
    if (g.chance(0.25)) control.loss_reduction = g.between(0.1, 0.5);
    if (g.chance(0.25)) control.downtime_reduction = g.between(0.2, 0.6);
    if (control.effectiveness == 0 && control.deterrence == 0 && control.loss_reduction == 0 && control.downtime_reduction == 0)
      control.effectiveness = g.between(0.2, 0.6);
    control.annual_cost = std::round(g.log_between(2e3, 3e5));
    m.controls.push_back(std::move(control));
  }
  return m;
}

std::uint64_t trials_two_threads() {
  static const std::uint64_t value = env_count("SCRISK_BENCH_LARGE_TRIALS", 1'000'000);
  return value;
}
std::uint64_t trials_one_thread() {
  static const std::uint64_t value = env_count("SCRISK_BENCH_LARGE_TRIALS_1T", 100'000);
  return value;
}

double generate_seconds = 0;
const model::Model& large_model() {
  static const model::Model value = [] {
    const auto start = std::chrono::steady_clock::now();
    model::Model m = generate_model();
    generate_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return m;
  }();
  return value;
}
const engine::Plan& large_plan() {
  static const engine::Plan value(large_model());
  return value;
}

void compile_plan(benchmark::State& state) {
  const model::Model& m = large_model();
  for (auto _ : state) {
    engine::Plan plan(m);
    benchmark::DoNotOptimize(plan.data().risks.data());
  }
}

/// Wall time of run and of evaluate, years/s of the run, peak RSS of the process.
void run_large(benchmark::State& state, int threads, std::uint64_t trials) {
  const engine::Plan& plan = large_plan();
  const double rss_before = current_rss_mib();
  double run_seconds = 0, evaluate_seconds = 0;
  for (auto _ : state) {
    engine::RunConfig config;
    config.trials = trials;
    config.seed = kSeed;
    config.threads = threads;
    const auto start = std::chrono::steady_clock::now();
    const engine::Results results = engine::run(plan, config);
    const auto ran = std::chrono::steady_clock::now();
    tbb::task_arena arena(threads);
    const assess::Assessment assessment = arena.execute([&] { return assess::evaluate(large_model(), results); });
    const auto evaluated = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(assessment.total.states[0].loss.ale);
    run_seconds += std::chrono::duration<double>(ran - start).count();
    evaluate_seconds += std::chrono::duration<double>(evaluated - ran).count();
    state.SetIterationTime(std::chrono::duration<double>(evaluated - start).count());
  }
  const double iterations = double(state.iterations());
  state.counters["trials"] = double(trials);
  state.counters["run_s"] = run_seconds / iterations;
  state.counters["evaluate_s"] = evaluate_seconds / iterations;
  state.counters["run years/s"] = double(trials) * iterations / run_seconds;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
  state.counters["rss_before_MiB"] = rss_before;
}

void draw_only_large(benchmark::State& state) {
  const engine::Plan& plan = large_plan();
  const std::uint64_t trials = trials_one_thread();
  for (auto _ : state) benchmark::DoNotOptimize(draw_only(plan.data(), kSeed, 0, trials));
  state.counters["years/s"] = benchmark::Counter(double(trials), benchmark::Counter::kIsIterationInvariantRate);
}

void draw_only_large_parallel(benchmark::State& state) {
  const std::uint64_t trials = trials_one_thread();
  for (auto _ : state) benchmark::DoNotOptimize(draw_only_parallel(large_plan().data(), kSeed, 0, trials, 2));
  state.counters["years/s"] = benchmark::Counter(double(trials), benchmark::Counter::kIsIterationInvariantRate);
}

void register_all() {
  benchmark::RegisterBenchmark("large/compile", compile_plan)->Unit(benchmark::kMillisecond)->MinTime(2);
  benchmark::RegisterBenchmark("large/draw_only/1thread", draw_only_large)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->Iterations(1)
      ->Repetitions(3)
      ->ReportAggregatesOnly(true);
  benchmark::RegisterBenchmark("large/draw_only/2threads", draw_only_large_parallel)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->Iterations(1)
      ->Repetitions(3)
      ->ReportAggregatesOnly(true);
  benchmark::RegisterBenchmark("large/run+evaluate/1thread", run_large, 1, trials_one_thread())
      ->Unit(benchmark::kMillisecond)
      ->UseManualTime()
      ->Iterations(1)
      ->Repetitions(3)
      ->ReportAggregatesOnly(true);
  benchmark::RegisterBenchmark("large/run+evaluate/2threads", run_large, 2, trials_two_threads())
      ->Unit(benchmark::kMillisecond)
      ->UseManualTime()
      ->Iterations(1);
}

void print_summary(const SummaryReporter& reporter, const LoadMeter& load) {
  const model::Model& m = large_model();
  const auto& plan = large_plan().data();
  double attempts = 0;
  for (const auto& threat : m.threats) attempts += std::max(0.0, mean(*threat.rate_per_year));
  std::size_t existing = 0;
  for (const auto& control : m.controls) existing += control.status == model::ControlStatus::kExisting ? 1 : 0;

  std::printf(
      "\n=== large generated model ===\n%s\nother processes kept %.2f cores busy on average during the %.0f s of benchmarks\n",
      machine_note().c_str(), load.other_cores_busy(), load.elapsed_seconds());
  std::printf(
      "model: %zu facilities, %zu links, %zu threats, %zu risks (threat, target), %zu controls "
      "(%zu existing, %zu proposed)\n",
      m.facilities.size(), m.links.size(), m.threats.size(), plan.risks.size(), m.controls.size(), existing,
      m.controls.size() - existing);
  std::printf("       %zu (risk, control) toggles, %.2f per risk; ~%.1f attempts a year in all (mean rates)\n",
              plan.toggles.size(), double(plan.toggles.size()) / double(plan.risks.size()), attempts);
  std::printf("generate the model: %.1f ms\n", generate_seconds * 1e3);
  if (const auto* compile = reporter.find("large/compile"))
    std::printf("Plan (validate + compile): %.1f ms\n", compile->real_seconds * 1e3);

  auto show = [&](const char* name) {
    const auto* f = reporter.find(name);
    if (f == nullptr) return 0.0;
    const auto c = [&](const char* key) { return f->counters.count(key) ? f->counters.at(key) : 0.0; };
    std::printf(
        "%-28s %9.0f trials: run %7.2f s + evaluate %5.2f s = %7.2f s wall; run %8.0f years/s; "
        "peak RSS %6.0f MiB (before run %4.0f MiB)\n",
        name, c("trials"), c("run_s"), c("evaluate_s"), c("run_s") + c("evaluate_s"), c("run years/s"), c("peak_rss_MiB"),
        c("rss_before_MiB"));
    return c("run years/s");
  };
  const double one = show("large/run+evaluate/1thread");
  const double two = show("large/run+evaluate/2threads");
  const double draws = reporter.counter("large/draw_only/1thread", "years/s");
  const double draws2 = reporter.counter("large/draw_only/2threads", "years/s");
  if (draws > 0)
    std::printf("%-28s %9llu trials: %8.0f years/s\n", "large/draw_only/1thread",
                static_cast<unsigned long long>(trials_one_thread()), draws);
  if (draws2 > 0)
    std::printf("%-28s %9llu trials: %8.0f years/s\n", "large/draw_only/2threads",
                static_cast<unsigned long long>(trials_one_thread()), draws2);
  std::printf("\nratios:\n");
  if (one > 0 && two > 0) std::printf("  2 threads / 1 thread, run years/s (ideal 2x): %.2fx\n", two / one);
  if (draws > 0 && draws2 > 0)
    std::printf("  2 threads / 1 thread, draw-only kernel, nothing shared (this machine's ceiling): %.2fx\n", draws2 / draws);
  if (one > 0 && draws > 0) std::printf("  engine run time / draw-only time, 1 thread (floor 1x): %.2fx\n", draws / one);
}

}  // namespace
}  // namespace scrisk::bench

int main(int argc, char** argv) {
  return scrisk::bench::run_main(argc, argv, scrisk::bench::register_all, scrisk::bench::print_summary);
}
