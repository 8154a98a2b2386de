// Compile time, LP work and simulation speed of the supply-network consequences
// (analysis::NetworkLossModel, docs/network.md) on generated multi-tier chains of growing
// size: raw-material suppliers (several alternatives per material) -> tier-1 suppliers (a
// bill of materials of 2-3 raw materials, each from 2-3 suppliers) -> plants (a bill of
// materials of 2-3 tier-1 products, each from 2-4 suppliers) -> distribution centres (fed by
// 2-3 plants) -> customers (demand, fed by 1-2 DCs). About 3 links per facility. Capacities
// are sized from the demand with 10-80 % slack, so the undisrupted network meets every
// demand; inventories hold 0-10 days at every tier. Facilities sit in regions (groups of
// about 100): regional threats (typhoon, flood, strike) target every facility of a region.
// 500 threats spread over facilities and links, 300 controls. The generator is deterministic
// (its own SplitMix64, no std:: distributions), so every machine builds the same chains.
//
// The chains set interaction_scope ALTERNATIVE_SOURCES (docs/network.md).
// Per size: network validation, NetworkLossModel construction, single-element curves on
// 1 and 2 threads (wall time, LP solves per element), engine::Plan (validation + network +
// every curve + labels), and engine::run on 2 threads (years/s, LP solves, peak RSS; the
// years/s reached at 1e4, 1e5, ... years). At the smallest size, scope_error
// prices the same years with ALL_PAIRS too and reports the difference.
// Settings: SCRISK_BENCH_NETWORK_FACILITIES (comma-separated sizes, default 1000,3000,10000),
// SCRISK_BENCH_NETWORK_TRIALS (2 threads, at the largest size; default 1e6),
// SCRISK_BENCH_NETWORK_TRIALS_SMALL (2 threads, at the other sizes; default 1e5),
// SCRISK_BENCH_NETWORK_SCOPE_YEARS (scope_error; default 20: ALL_PAIRS runs ~0.2 years/s).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "engine/plan_data.hpp"
#include "scrisk/analysis/network_loss.hpp"
#include "scrisk/model/validate.hpp"
#include "scrisk/scrisk.hpp"

namespace scrisk::bench {
namespace {

using model::FacilityKind;
using model::LinkMode;
using model::Segment;
using model::ThreatCategory;

constexpr std::uint64_t kRunSeed = 11;

/// One tier of the chain while it is generated: indices into Model::facilities.
struct Tier {
  std::vector<std::size_t> members;
};

/// The generated chain and what the benchmarks report about it.
struct Chain {
  model::Model model;
  std::size_t regions = 0;
  std::size_t customers = 0;
};

class ChainBuilder {
 public:
  ChainBuilder(std::size_t facilities, std::uint64_t seed) : g_(seed), target_facilities_(facilities) {
    chain_.model.name = "network-" + std::to_string(facilities);
    chain_.model.currency = "EUR";
    chain_.model.supply_network.emplace();
    // Only alternative sources are priced together: with every pair (exact grouping) a
    // year's ~70 overlapping outages cost LP solves for ever (docs/network.md, both measured).
    chain_.model.supply_network->interaction_scope = model::InteractionScope::kAlternativeSources;
  }

  Chain build() {
    const std::size_t n = target_facilities_;
    const std::size_t raw_count = n * 30 / 100, tier1_count = n * 25 / 100, plant_count = n * 10 / 100;
    const std::size_t dc_count = n * 15 / 100, customer_count = n - raw_count - tier1_count - plant_count - dc_count;
    chain_.regions = std::max<std::size_t>(1, n / 100);
    // Materials: about 8 alternative raw suppliers per material, 6 tier-1 makers per component.
    const std::size_t materials = std::max<std::size_t>(3, raw_count / 8);
    const std::size_t components = std::max<std::size_t>(3, tier1_count / 6);
    add_tier(raw_, raw_count, "raw", FacilityKind::kSupplier, Segment::kUpstream,
             [&](std::size_t i) { return numbered("material", i % materials, 6); });
    add_tier(tier1_, tier1_count, "tier1", FacilityKind::kSupplier, Segment::kUpstream,
             [&](std::size_t i) { return numbered("component", i % components, 6); });
    add_tier(plants_, plant_count, "plant", FacilityKind::kPlant, Segment::kOwn,
             [](std::size_t) { return std::string("finished"); });
    add_tier(dcs_, dc_count, "dc", FacilityKind::kDistributionCenter, Segment::kOwn,
             [](std::size_t) { return std::string("finished"); });
    add_tier(customers_, customer_count, "customer", FacilityKind::kCustomer, Segment::kDownstream,
             [](std::size_t) { return std::string("finished"); });
    chain_.customers = customer_count;

    // Demand, then sourcing from the customers up, each tier's required rate split evenly
    // over its sources: the capacities set afterwards from these rates (with slack) make
    // the undisrupted plan feasible.
    for (std::size_t c : customers_.members) {
      flow(c).demand_per_day = std::round(g_.between(10, 100));
      flow(c).lost_sale_value_per_unit = std::round(g_.log_between(20, 400));
      required_[c] = flow(c).demand_per_day;
    }
    for (std::size_t c : customers_.members) source_plain(c, dcs_, g_.chance(0.6) ? 2 : 1, LinkMode::kRoad);
    for (std::size_t d : dcs_.members) source_plain(d, plants_, g_.count_between(2, 3), LinkMode::kRail);
    for (std::size_t p : plants_.members) source_bom(p, "component", components, 2, 4, LinkMode::kRoad);
    for (std::size_t t : tier1_.members) source_bom(t, "material", materials, 2, 3, LinkMode::kSea);

    for (std::size_t f = 0; f < chain_.model.facilities.size(); ++f) {
      model::FacilityFlow& facility = flow(f);
      const double rate = required_[f];
      const double sized = std::max(rate, 5.0) * g_.between(1.1, 1.8);
      if (facility.demand_per_day == 0 || g_.chance(0.3)) facility.capacity_per_day = std::round(sized + 1);
      if (facility.demand_per_day > 0)
        facility.inventory_units = std::round(rate * g_.between(0, 5));
      else if (is_dc(f))
        facility.inventory_units = std::round(rate * g_.between(2, 10));
      else if (is_plant(f))
        facility.inventory_units = std::round(rate * g_.between(0, 5));
      for (model::BomInput& input : facility.inputs)
        input.inventory_units = std::round(input.quantity_per_unit * rate * g_.between(0, 10));
    }
    for (std::size_t l = 0; l < chain_.model.links.size(); ++l)
      if (g_.chance(0.25))
        chain_.model.supply_network->links[l].capacity_per_day =
            std::round(std::max(link_rate_[l], 5.0) * g_.between(1.3, 2.5) + 1);
    add_threats();
    add_controls();
    return std::move(chain_);
  }

 private:
  model::FacilityFlow& flow(std::size_t f) { return chain_.model.supply_network->facilities[f]; }
  bool is_dc(std::size_t f) const { return chain_.model.facilities[f].kind == FacilityKind::kDistributionCenter; }
  bool is_plant(std::size_t f) const { return chain_.model.facilities[f].kind == FacilityKind::kPlant; }

  template <class ProductOf>
  void add_tier(Tier& tier, std::size_t count, const char* prefix, FacilityKind kind, Segment segment, ProductOf product_of) {
    for (std::size_t i = 0; i < count; ++i) {
      model::Facility facility;
      facility.id = numbered(prefix, i + 1, 6);
      facility.kind = kind;
      facility.segment = segment;
      facility.daily_value = std::round(g_.log_between(2e3, 2e5));
      facility.asset_value = std::round(g_.log_between(1e5, 5e7));
      model::FacilityFlow facility_flow;
      facility_flow.facility = facility.id;
      facility_flow.product = product_of(i);
      tier.members.push_back(chain_.model.facilities.size());
      by_product_[facility_flow.product].push_back(chain_.model.facilities.size());
      region_.push_back(g_.index(chain_.regions));
      required_.push_back(0);
      chain_.model.facilities.push_back(std::move(facility));
      chain_.model.supply_network->facilities.push_back(std::move(facility_flow));
    }
  }

  std::size_t add_link(std::size_t from, std::size_t to, LinkMode mode, double rate) {
    model::Link link;
    link.id = numbered("link", chain_.model.links.size() + 1, 6);
    link.from = chain_.model.facilities[from].id;
    link.to = chain_.model.facilities[to].id;
    link.mode = mode;
    link.transit_days = std::round(g_.between(1, 10));
    chain_.model.supply_network->links.push_back({link.id, std::nullopt});
    chain_.model.links.push_back(std::move(link));
    link_rate_.push_back(rate);
    required_[from] += rate;
    return chain_.model.links.size() - 1;
  }

  /// A facility without a bill of materials: any of `sources` feeds it.
  void source_plain(std::size_t to, const Tier& sources, std::size_t count, LinkMode mode) {
    const std::vector<std::size_t> chosen = g_.pick(sources.members, count);
    for (std::size_t from : chosen) add_link(from, to, mode, required_[to] / double(chosen.size()));
  }

  /// A facility with a bill of materials of 2-3 distinct products `prefix`-000000... (of
  /// `products`), each from `low`-`high` alternative suppliers of that product.
  void source_bom(std::size_t to, const char* prefix, std::size_t products, std::size_t low, std::size_t high, LinkMode mode) {
    std::vector<std::size_t> all(products);
    for (std::size_t i = 0; i < products; ++i) all[i] = i;
    for (std::size_t product : g_.pick(all, g_.count_between(2, 3))) {
      model::BomInput input;
      input.product = numbered(prefix, product, 6);
      input.quantity_per_unit = std::round(g_.between(1, 4));
      const double needed = input.quantity_per_unit * required_[to];
      const std::vector<std::size_t> chosen = g_.pick(by_product_.at(input.product), g_.count_between(low, high));
      for (std::size_t from : chosen) add_link(from, to, mode, needed / double(chosen.size()));
      flow(to).inputs.push_back(std::move(input));
    }
  }

  model::Target target_of(std::size_t facility) {
    model::Target target;
    target.facility = chain_.model.facilities[facility].id;
    target.weight = std::round(g_.between(0.5, 3) * 10) / 10;
    return target;
  }

  void add_threats() {
    std::vector<std::vector<std::size_t>> regions(chain_.regions);
    for (std::size_t f = 0; f < region_.size(); ++f) regions[region_[f]].push_back(f);
    std::vector<std::size_t> suppliers = raw_.members;
    suppliers.insert(suppliers.end(), tier1_.members.begin(), tier1_.members.end());
    std::vector<std::size_t> sites = plants_.members;
    sites.insert(sites.end(), dcs_.members.begin(), dcs_.members.end());
    const std::size_t link_count = chain_.model.links.size();
    for (std::size_t i = 0; i < 500; ++i) {
      model::Threat threat;
      const std::size_t family = i % 5;
      threat.vulnerability = g_.between(0.3, 0.9);
      switch (family) {
        case 0: {  // typhoon, flood or strike over a whole region: every facility of it is a target
          threat.id = numbered("regional", i, 6);
          threat.category = ThreatCategory::kNatural;
          threat.rate_per_year = Gamma{g_.between(0.5, 1), g_.between(0.02, 0.1)};
          threat.downtime_days = Pert{1, g_.between(5, 10), g_.between(30, 60), 4};
          threat.loss = Lognormal90{1e5, 5e6};
          for (std::size_t f : regions[g_.index(regions.size())]) threat.targets.push_back(target_of(f));
          break;
        }
        case 1:  // supplier insolvency or disruption
          threat.id = numbered("insolvency", i, 6);
          threat.category = ThreatCategory::kContinuity;
          threat.rate_per_year = Pert{0.05, 0.2, 0.6, 4};
          threat.downtime_days = Pert{10, g_.between(20, 40), g_.between(60, 120), 4};
          for (std::size_t f : g_.pick(suppliers, g_.count_between(4, 12))) threat.targets.push_back(target_of(f));
          break;
        case 2:  // fire, sabotage or equipment failure at a plant or DC
          threat.id = numbered("site", i, 6);
          threat.category = ThreatCategory::kPhysical;
          threat.intentional = g_.chance(0.5);
          threat.rate_per_year = Triangular{0.05, g_.between(0.1, 0.3), g_.between(0.5, 1)};
          threat.downtime_days = Triangular{1, g_.between(3, 10), g_.between(15, 45)};
          threat.loss = Lognormal90{5e4, 2e6};
          for (std::size_t f : g_.pick(sites, g_.count_between(2, 8))) threat.targets.push_back(target_of(f));
          break;
        case 3:  // cargo theft or a blocked route on links
          threat.id = numbered("route", i, 6);
          threat.category = ThreatCategory::kExternal;
          threat.rate_per_year = Pert{0.2, 1, 3, 4};
          threat.downtime_days = Triangular{0, g_.between(1, 3), g_.between(5, 15)};
          threat.loss = Lognormal90{1e4, 3e5};
          for (std::size_t k = 0, count = g_.count_between(3, 10); k < count; ++k) {
            model::Target target;
            target.link = chain_.model.links[g_.index(link_count)].id;
            target.weight = 1;
            bool repeated = false;
            for (const model::Target& existing : threat.targets) repeated = repeated || existing.link == target.link;
            if (!repeated) threat.targets.push_back(std::move(target));
          }
          break;
        default:  // ransomware at a customer-facing DC or a customer
          threat.id = numbered("cyber", i, 6);
          threat.category = ThreatCategory::kInformation;
          threat.intentional = true;
          threat.rate_per_year = Pert{0.05, 0.3, 1, 4};
          threat.downtime_days = Triangular{1, g_.between(2, 5), g_.between(7, 21)};
          threat.loss = Lognormal90{5e4, 1e6};
          for (std::size_t f : g_.pick(dcs_.members, g_.count_between(2, 6))) threat.targets.push_back(target_of(f));
          for (std::size_t f : g_.pick(customers_.members, g_.count_between(1, 4))) threat.targets.push_back(target_of(f));
          break;
      }
      chain_.model.threats.push_back(std::move(threat));
    }
  }

  void add_controls() {
    for (std::size_t c = 0; c < 300; ++c) {
      const model::Threat& threat = chain_.model.threats[g_.index(chain_.model.threats.size())];
      model::Control control;
      control.id = numbered("control", c + 1, 6);
      model::AppliesTo scope;
      scope.threat = threat.id;
      if (g_.chance(0.4)) {
        const model::Target& target = threat.targets[g_.index(threat.targets.size())];
        (target.facility.empty() ? scope.link : scope.facility) = target.id();
      }
      control.applies_to.push_back(std::move(scope));
      control.status = g_.chance(0.65) ? model::ControlStatus::kExisting : model::ControlStatus::kProposed;
      control.effectiveness = g_.between(0.2, 0.7);
      control.availability = g_.between(0.85, 0.99);
      if (g_.chance(0.3)) control.downtime_reduction = g_.between(0.2, 0.6);
      control.annual_cost = std::round(g_.log_between(2e3, 2e5));
      chain_.model.controls.push_back(std::move(control));
    }
  }

  Generator g_;
  std::size_t target_facilities_;
  Chain chain_;
  Tier raw_, tier1_, plants_, dcs_, customers_;
  std::map<std::string, std::vector<std::size_t>> by_product_;
  std::vector<std::size_t> region_;
  std::vector<double> required_;   // units per day each facility supplies in the undisrupted plan
  std::vector<double> link_rate_;  // units per day each link carries in that plan
};

std::vector<std::size_t> sizes() {
  static const std::vector<std::size_t> value = [] {
    std::vector<std::size_t> result;
    const char* text = std::getenv("SCRISK_BENCH_NETWORK_FACILITIES");
    std::string list = text != nullptr && *text != '\0' ? text : "1000,3000,10000";
    for (std::size_t start = 0; start < list.size();) {
      const std::size_t comma = std::min(list.find(',', start), list.size());
      const double facilities = std::strtod(list.substr(start, comma - start).c_str(), nullptr);
      if (facilities >= 10) result.push_back(std::size_t(facilities));
      start = comma + 1;
    }
    return result;
  }();
  return value;
}
std::uint64_t trials_largest() {
  static const std::uint64_t value = env_count("SCRISK_BENCH_NETWORK_TRIALS", 1'000'000);
  return value;
}
std::uint64_t scope_years() {
  static const std::uint64_t value = env_count("SCRISK_BENCH_NETWORK_SCOPE_YEARS", 20);
  return value;
}
std::uint64_t trials_small() {
  static const std::uint64_t value = env_count("SCRISK_BENCH_NETWORK_TRIALS_SMALL", 100'000);
  return value;
}

/// Chains and plans by size, built on first use and kept (the run benchmarks reuse the plan).
const Chain& chain(std::size_t facilities) {
  static std::map<std::size_t, std::unique_ptr<Chain>> chains;
  auto& slot = chains[facilities];
  if (!slot) slot = std::make_unique<Chain>(ChainBuilder(facilities, 20261129 + facilities).build());
  return *slot;
}
std::map<std::size_t, std::unique_ptr<engine::Plan>>& plans() {
  static std::map<std::size_t, std::unique_ptr<engine::Plan>> value;
  return value;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// CPU seconds of this process so far, all threads: on a machine shared with other work,
/// less noisy than wall time, and with wall time it gives the parallel speed-up.
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& value) { return double(value.tv_sec) + double(value.tv_usec) * 1e-6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void describe_chain(benchmark::State& state, const Chain& c) {
  state.counters["facilities"] = double(c.model.facilities.size());
  state.counters["links"] = double(c.model.links.size());
}

void validate_network(benchmark::State& state, std::size_t facilities) {
  const Chain& c = chain(facilities);
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<Problem> problems = model::find_problems(c.model, *c.model.supply_network);
    state.SetIterationTime(seconds_since(start));
    if (!problems.empty())
      state.SkipWithError(("generated network is invalid: " + problems[0].path + ": " + problems[0].message).c_str());
  }
  describe_chain(state, c);
}

void construct_network(benchmark::State& state, std::size_t facilities) {
  const Chain& c = chain(facilities);
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const analysis::NetworkLossModel network(c.model, *c.model.supply_network);
    state.SetIterationTime(seconds_since(start));
    benchmark::DoNotOptimize(network.element_count());
  }
  describe_chain(state, c);
}

/// Wall time of constructing the network with its single-element curves solved on `threads`
/// threads, LP solves per element.
void precompute(benchmark::State& state, std::size_t facilities, int threads) {
  const Chain& c = chain(facilities);
  double solves_per_element = 0, lossy = 0, points = 0, cpu_seconds = 0;
  for (auto _ : state) {
    const double cpu_before = process_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    const analysis::NetworkLossModel network(c.model, *c.model.supply_network, {.threads = threads, .cancelled = {}});
    state.SetIterationTime(seconds_since(start));
    cpu_seconds = process_cpu_seconds() - cpu_before;
    solves_per_element = double(network.lp_solves()) / double(network.element_count());
    lossy = points = 0;
    for (analysis::ElementIndex e = 0; e < network.element_count(); ++e) {
      const analysis::PiecewiseLinear& curve = network.loss_curve(e);
      lossy += curve.final_slope_per_day() > 0 ? 1 : 0;
      points += double(curve.points().size());
    }
    points /= double(network.element_count());
  }
  describe_chain(state, c);
  state.counters["LP solves/element"] = solves_per_element;
  state.counters["cpu_s"] = cpu_seconds;
  state.counters["elements with loss"] = lossy;
  state.counters["points/curve"] = points;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

void compile_plan(benchmark::State& state, std::size_t facilities) {
  const Chain& c = chain(facilities);
  for (auto _ : state) {
    plans().erase(facilities);  // free the previous plan first: peak memory is one plan's
    const auto start = std::chrono::steady_clock::now();
    auto plan = std::make_unique<engine::Plan>(c.model);
    state.SetIterationTime(seconds_since(start));
    plans()[facilities] = std::move(plan);
  }
  describe_chain(state, c);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

/// engine::run on `threads` threads over the plan compiled by compile_plan (or compiled now).
void run_network(benchmark::State& state, std::size_t facilities, int threads, std::uint64_t trials) {
  const Chain& c = chain(facilities);
  auto& plan = plans()[facilities];
  if (!plan) plan = std::make_unique<engine::Plan>(c.model);
  const double rss_before = current_rss_mib();
  engine::RunStatistics statistics;
  double run_seconds = 0;
  // Growth with trials within the run: wall time when 10^4, 10^5, ... years were done (the
  // progress callback comes about ten times a second).
  std::map<std::uint64_t, double> marks;
  for (auto _ : state) {
    engine::RunConfig config;
    config.trials = trials;
    config.seed = kRunSeed;
    config.threads = threads;
    config.statistics = &statistics;
    const auto start = std::chrono::steady_clock::now();
    config.progress = [&](std::uint64_t done, std::uint64_t) {
      for (std::uint64_t mark = 10'000; mark < trials && mark <= done; mark *= 10)
        if (!marks.contains(mark)) marks[mark] = seconds_since(start);
      return true;
    };
    const engine::Results results = engine::run(*plan, config);
    const double elapsed = seconds_since(start);
    benchmark::DoNotOptimize(results.annual_loss[0].data());
    run_seconds += elapsed;
    state.SetIterationTime(elapsed);
  }
  describe_chain(state, c);
  state.counters["trials"] = double(trials);
  state.counters["run years/s"] = double(trials) * double(state.iterations()) / run_seconds;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
  state.counters["rss_before_MiB"] = rss_before;
  // Joint outages the run met for the first time: their curves are LPs solved in the run.
  state.counters["run_LP_solves"] = double(statistics.joint_lp_solves);
  state.counters["run_new_curves"] = double(statistics.joint_curves);
  for (const auto& [mark, seconds] : marks) {
    const std::string years = "1e" + std::to_string(int(std::lround(std::log10(double(mark)))));
    state.counters["years/s to " + years] = double(mark) / seconds;
  }
}

/// The same years priced with every pair that touches grouped (exact grouping) and with
/// alternative sources only (the generator's scope): the difference is that rule's error.
void scope_error(benchmark::State& state, std::size_t facilities, std::uint64_t years) {
  const Chain& c = chain(facilities);
  model::Model all_pairs = c.model;
  all_pairs.supply_network->interaction_scope = model::InteractionScope::kAllPairs;
  const engine::Plan exact_plan(all_pairs);
  auto& plan = plans()[facilities];
  if (!plan) plan = std::make_unique<engine::Plan>(c.model);
  engine::RunConfig config;
  config.trials = years;
  config.seed = kRunSeed;
  config.threads = 2;
  double exact_seconds = 0, scoped_seconds = 0;
  engine::Results exact, scoped;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    exact = engine::run(exact_plan, config);
    exact_seconds = seconds_since(start);
    start = std::chrono::steady_clock::now();
    scoped = engine::run(*plan, config);
    scoped_seconds = seconds_since(start);
    state.SetIterationTime(exact_seconds + scoped_seconds);
  }
  // Current state: the controls in place. Per year, the difference relative to that
  // year's exact total; over the years, the difference of the means.
  const auto current = std::size_t(engine::State::kCurrent);
  const std::vector<double>& a = exact.annual_loss[current];
  const std::vector<double>& b = scoped.annual_loss[current];
  double sum_a = 0, sum_b = 0, worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sum_a += a[i];
    sum_b += b[i];
    if (a[i] > 0) worst = std::max(worst, std::abs(b[i] - a[i]) / a[i]);
  }
  describe_chain(state, c);
  state.counters["years"] = double(years);
  state.counters["exact years/s"] = double(years) / exact_seconds;
  state.counters["scoped years/s"] = double(years) / scoped_seconds;
  state.counters["mean_diff_%"] = 100 * (sum_b - sum_a) / sum_a;
  state.counters["worst_year_diff_%"] = 100 * worst;
}

std::string name(const char* what, std::size_t facilities) { return "network/" + std::to_string(facilities) + "/" + what; }

void register_all() {
  const std::vector<std::size_t> all = sizes();
  for (std::size_t facilities : all) {
    const bool largest = facilities == all.back();
    auto once = [](benchmark::internal::Benchmark* b) { b->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(1); };
    once(benchmark::RegisterBenchmark(name("validate", facilities).c_str(), validate_network, facilities));
    once(benchmark::RegisterBenchmark(name("construct", facilities).c_str(), construct_network, facilities));
    once(benchmark::RegisterBenchmark(name("precompute/1thread", facilities).c_str(), precompute, facilities, 1));
    once(benchmark::RegisterBenchmark(name("precompute/2threads", facilities).c_str(), precompute, facilities, 2));
    once(benchmark::RegisterBenchmark(name("plan", facilities).c_str(), compile_plan, facilities));
    // At the largest size the long run starts from the compiled plan alone (no warm joint
    // curves from a shorter run) and reports its own throughput at 1e4, 1e5, ... years.
    if (!largest)
      once(benchmark::RegisterBenchmark(name("run/2threads/small", facilities).c_str(), run_network, facilities, 2,
                                        trials_small()));
    if (largest)
      once(benchmark::RegisterBenchmark(name("run/2threads", facilities).c_str(), run_network, facilities, 2, trials_largest()));
    if (facilities == all.front())
      once(benchmark::RegisterBenchmark(name("scope_error", facilities).c_str(), scope_error, facilities, scope_years()));
  }
}

void print_summary(const SummaryReporter& reporter, const LoadMeter& load) {
  std::printf(
      "\n=== generated supply networks ===\n%s\nother processes kept %.2f cores busy on average during the %.0f s of "
      "benchmarks\n",
      machine_note().c_str(), load.other_cores_busy(), load.elapsed_seconds());
  std::printf("%10s %7s %9s %10s %12s %12s %11s %9s %10s %14s %14s %9s\n", "facilities", "links", "validate", "construct",
              "precompute1T", "precompute2T", "LP/element", "lossy", "plan", "run years/s", "(trials)", "peak MiB");
  for (std::size_t facilities : sizes()) {
    auto seconds = [&](const char* what) {
      const auto* f = reporter.find(name(what, facilities));
      return f == nullptr ? 0.0 : f->real_seconds;
    };
    auto counter = [&](const char* what, const char* key) { return reporter.counter(name(what, facilities), key); };
    const bool has_large = reporter.find(name("run/2threads", facilities)) != nullptr;
    const char* run = has_large ? "run/2threads" : "run/2threads/small";
    // Every benchmark of a size reports its chain's size: take it from any that ran.
    auto chain_size = [&](const char* key) {
      double value = 0;
      for (const char* what : {"validate", "construct", "plan", "run/2threads/small", "run/2threads"})
        value = std::max(value, counter(what, key));
      return value;
    };
    std::printf("%10.0f %7.0f %8.2fs %9.2fs %11.2fs %11.2fs %11.2f %9.0f %9.2fs %14.0f %14.0f %9.0f\n", chain_size("facilities"),
                chain_size("links"), seconds("validate"), seconds("construct"), seconds("precompute/1thread"),
                seconds("precompute/2threads"), counter("precompute/1thread", "LP solves/element"),
                counter("precompute/1thread", "elements with loss"), seconds("plan"), counter(run, "run years/s"),
                counter(run, "trials"), counter(run, "peak_rss_MiB"));
    for (const char* mark : {"1e4", "1e5", "1e6", "1e7"}) {
      const double rate = counter(run, ("years/s to " + std::string(mark)).c_str());
      if (rate > 0)
        std::printf("%10s %7s %9s %10s %12s %12s %11s %9s %10s %14.0f %14s %9s  (first %s years of that run; %.0f LP solves)\n",
                    "", "", "", "", "", "", "", "", "", rate, mark, "", mark,
                    counter(run, ("LP solves to " + std::string(mark)).c_str()));
    }
  }
  std::printf("peak RSS is the process's high-water mark when the benchmark ended (sizes run smallest first)\n");
}

}  // namespace
}  // namespace scrisk::bench

int main(int argc, char** argv) {
  return scrisk::bench::run_main(argc, argv, scrisk::bench::register_all, scrisk::bench::print_summary);
}
