#include "support/reference_lps.hpp"

#include <ClpSimplex.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace scrisk::testing {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kNoColumn = -1;

/// The network as these LPs see it, built straight from the model's fields.
struct Network {
  struct Input {
    double quantity = 1, stock = 0;
    std::vector<std::size_t> links;
  };
  struct Facility {
    double capacity = kInf, stock = 0, demand = 0, value = 0;
    std::vector<Input> inputs;
    std::vector<std::size_t> out_links;
  };
  struct Link {
    std::size_t from = 0, to = 0;
    double capacity = kInf;
  };
  std::vector<Facility> facilities;
  std::vector<Link> links;

  Network(const model::Model& model, const model::SupplyNetwork& network) {
    std::map<std::string, std::size_t> index;
    for (const model::FacilityFlow& flow : network.facilities) {
      index[flow.facility] = facilities.size();
      Facility& f = facilities.emplace_back();
      f.capacity = flow.capacity_per_day.value_or(kInf);
      f.stock = flow.inventory_units;
      f.demand = flow.demand_per_day;
      f.value = flow.lost_sale_value_per_unit;
      for (const model::BomInput& input : flow.inputs) f.inputs.push_back({input.quantity_per_unit, input.inventory_units, {}});
    }
    for (const model::LinkFlow& flow : network.links) {
      const auto link =
          std::find_if(model.links.begin(), model.links.end(), [&](const model::Link& l) { return l.id == flow.link; });
      Link& arc = links.emplace_back();
      arc.from = index.at(link->from);
      arc.to = index.at(link->to);
      arc.capacity = flow.capacity_per_day.value_or(kInf);
      facilities[arc.from].out_links.push_back(links.size() - 1);
      // Without a bill of materials every incoming link feeds one input of quantity 1;
      // with one, the input whose product the supplier makes.
      const model::FacilityFlow& receiver = network.facilities[arc.to];
      Facility& to = facilities[arc.to];
      std::size_t input = 0;
      if (receiver.inputs.empty()) {
        if (to.inputs.empty()) to.inputs.push_back({});
      } else {
        const std::string& product = model::product_of(network.facilities[arc.from]);
        while (receiver.inputs[input].product != product) ++input;
      }
      to.inputs[input].links.push_back(links.size() - 1);
    }
  }
};

/// Columns and rows for Clp, filled as the LP is written down.
struct LpBuilder {
  std::vector<double> lower, upper, cost, row_lower, row_upper;
  std::vector<std::vector<std::pair<int, double>>> columns;

  int column(double column_upper, double column_cost) {
    lower.push_back(0);
    upper.push_back(column_upper);
    cost.push_back(column_cost);
    columns.emplace_back();
    return int(columns.size() - 1);
  }
  int row(double low, double high) {
    row_lower.push_back(low);
    row_upper.push_back(high);
    return int(row_lower.size() - 1);
  }
  void entry(int column_index, int row_index, double coefficient) {
    columns[std::size_t(column_index)].push_back({row_index, coefficient});
  }

  double minimum() {
    std::vector<CoinBigIndex> start{0};
    std::vector<int> index;
    std::vector<double> value;
    for (auto& entries : columns) {
      std::sort(entries.begin(), entries.end());
      for (auto [r, coefficient] : entries) {
        index.push_back(r);
        value.push_back(coefficient);
      }
      start.push_back(CoinBigIndex(index.size()));
    }
    auto finite = [](double bound) { return std::isinf(bound) ? (bound > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX) : bound; };
    for (double& bound : upper) bound = finite(bound);
    for (double& bound : row_lower) bound = finite(bound);
    for (double& bound : row_upper) bound = finite(bound);
    ClpSimplex simplex;
    simplex.setLogLevel(0);
    simplex.loadProblem(int(columns.size()), int(row_lower.size()), start.data(), index.data(), value.data(), lower.data(),
                        upper.data(), cost.data(), row_lower.data(), row_upper.data());
    simplex.dual();
    if (!simplex.isProvenOptimal()) throw std::runtime_error("reference LP: Clp status " + std::to_string(simplex.status()));
    return std::max(0.0, simplex.objectiveValue());
  }
};

/// Periods of the given lengths, stocks carried from one to the next (0 <= stock <= its
/// initial level), starting full; up[e * periods + k] is the fraction of period k element
/// e works (a link works no more than its ends).
double multi_period(const Network& net, const std::vector<double>& lengths, const std::vector<double>& up) {
  const std::size_t periods = lengths.size(), facilities = net.facilities.size();
  auto facility_up = [&](std::size_t f, std::size_t k) { return up[f * periods + k]; };
  auto link_up = [&](std::size_t a, std::size_t k) {
    return std::min({up[(facilities + a) * periods + k], facility_up(net.links[a].from, k), facility_up(net.links[a].to, k)});
  };
  auto limit = [](double capacity, double amount) { return amount <= 0 ? 0.0 : std::isinf(capacity) ? kInf : capacity * amount; };
  LpBuilder lp;
  std::vector<int> stock(facilities, kNoColumn);
  std::vector<std::vector<int>> input_stock(facilities);
  for (std::size_t f = 0; f < facilities; ++f) input_stock[f].assign(net.facilities[f].inputs.size(), kNoColumn);
  for (std::size_t k = 0; k < periods; ++k) {
    std::vector<int> made(facilities), shipped(net.links.size());
    for (std::size_t f = 0; f < facilities; ++f)
      made[f] = lp.column(limit(net.facilities[f].capacity, lengths[k] * facility_up(f, k)), 0);
    for (std::size_t a = 0; a < net.links.size(); ++a)
      shipped[a] = lp.column(limit(net.links[a].capacity, lengths[k] * link_up(a, k)), 0);
    for (std::size_t f = 0; f < facilities; ++f) {
      const Network::Facility& facility = net.facilities[f];
      int sold = kNoColumn;
      if (facility.demand > 0) {  // sold + lost = demand over the period
        sold = lp.column(facility.demand * lengths[k] * facility_up(f, k), 0);
        const int lost = lp.column(kInf, facility.value);
        const int r = lp.row(facility.demand * lengths[k], facility.demand * lengths[k]);
        lp.entry(sold, r, 1);
        lp.entry(lost, r, 1);
      }
      if (!facility.out_links.empty() || sold != kNoColumn) {  // stock_k - stock_{k-1} = made - shipped - sold
        const int r = lp.row(0, 0);
        if (facility.stock > 0) {
          const int level = lp.column(facility.stock, 0);
          lp.entry(level, r, 1);
          if (stock[f] == kNoColumn)
            lp.row_lower[std::size_t(r)] = lp.row_upper[std::size_t(r)] = facility.stock;
          else
            lp.entry(stock[f], r, -1);
          stock[f] = level;
        }
        lp.entry(made[f], r, -1);
        for (std::size_t a : facility.out_links) lp.entry(shipped[a], r, 1);
        if (sold != kNoColumn) lp.entry(sold, r, 1);
      }
      for (std::size_t j = 0; j < facility.inputs.size(); ++j) {  // input stock_k - stock_{k-1} <= received - q made
        const Network::Input& input = facility.inputs[j];
        const int r = lp.row(-kInf, 0);
        if (input.stock > 0) {
          const int level = lp.column(input.stock, 0);
          lp.entry(level, r, 1);
          if (input_stock[f][j] == kNoColumn)
            lp.row_upper[std::size_t(r)] = input.stock;
          else
            lp.entry(input_stock[f][j], r, -1);
          input_stock[f][j] = level;
        }
        lp.entry(made[f], r, input.quantity);
        for (std::size_t a : input.links) lp.entry(shipped[a], r, -1);
      }
    }
  }
  return lp.minimum();
}

/// Each element's outages as sorted, merged [start, end) intervals.
std::vector<std::vector<std::pair<double, double>>> merged(std::span<const analysis::TimedOutage> outages, std::size_t elements) {
  std::vector<std::vector<std::pair<double, double>>> intervals(elements);
  for (const analysis::TimedOutage& outage : outages)
    if (outage.end_day > outage.start_day) intervals.at(outage.element).push_back({outage.start_day, outage.end_day});
  for (auto& list : intervals) {
    std::sort(list.begin(), list.end());
    std::vector<std::pair<double, double>> joined;
    for (auto interval : list) {
      if (!joined.empty() && interval.first <= joined.back().second)
        joined.back().second = std::max(joined.back().second, interval.second);
      else
        joined.push_back(interval);
    }
    list = std::move(joined);
  }
  return intervals;
}

}  // namespace

double interval_lp_lost_sales_value(const model::Model& model, const model::SupplyNetwork& network,
                                    std::span<const analysis::TimedOutage> outages) {
  const Network net(model, network);
  const std::size_t elements = net.facilities.size() + net.links.size();
  const auto intervals = merged(outages, elements);
  std::vector<double> times;
  for (const auto& list : intervals)
    for (auto [start, end] : list) times.insert(times.end(), {start, end});
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  if (times.size() < 2) return 0;
  const std::size_t periods = times.size() - 1;
  std::vector<double> lengths(periods), up(elements * periods, 1.0);
  for (std::size_t k = 0; k < periods; ++k) lengths[k] = times[k + 1] - times[k];
  for (std::size_t e = 0; e < elements; ++e)
    for (auto [start, end] : intervals[e])
      for (std::size_t k = 0; k < periods; ++k)
        if (start <= times[k] && end >= times[k + 1]) up[e * periods + k] = 0;
  return multi_period(net, lengths, up);
}

double time_expanded_lost_sales_value(const model::Model& model, const model::SupplyNetwork& network,
                                      std::span<const analysis::TimedOutage> outages, double horizon_days) {
  const Network net(model, network);
  const std::size_t elements = net.facilities.size() + net.links.size();
  const auto days = std::size_t(std::ceil(horizon_days));
  std::vector<double> up(elements * days, 1.0);
  const auto intervals = merged(outages, elements);
  for (std::size_t e = 0; e < elements; ++e)
    for (auto [start, end] : intervals[e])
      for (std::size_t k = std::size_t(start); k < days && double(k) < end; ++k) {
        const double overlap = std::min(end, double(k + 1)) - std::max(start, double(k));
        if (overlap > 0) up[e * days + k] = std::max(0.0, up[e * days + k] - overlap);
      }
  return multi_period(net, std::vector<double>(days, 1.0), up);
}

double episode_lp_lost_sales_value(const model::Model& model, const model::SupplyNetwork& network,
                                   std::vector<analysis::TimedOutage> outages) {
  using analysis::TimedOutage;
  std::erase_if(outages, [](const TimedOutage& o) { return !(o.end_day > o.start_day); });
  std::sort(outages.begin(), outages.end(), [](const TimedOutage& a, const TimedOutage& b) { return a.start_day < b.start_day; });
  double total = 0;
  for (std::size_t first = 0; first < outages.size();) {
    double end = outages[first].end_day;
    std::size_t last = first + 1;
    while (last < outages.size() && outages[last].start_day <= end) end = std::max(end, outages[last++].end_day);
    const std::vector<TimedOutage> episode(outages.begin() + static_cast<std::ptrdiff_t>(first),
                                           outages.begin() + static_cast<std::ptrdiff_t>(last));
    total += interval_lp_lost_sales_value(model, network, episode);
    first = last;
  }
  return total;
}

}  // namespace scrisk::testing
