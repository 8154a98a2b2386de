// Two-terminal reliability: the Monte Carlo estimate against closed forms (the undirected and
// the directed bridge, a series system with a failing node), the exact enumeration against the
// same closed forms and against an independent brute force on random graphs, determinism
// across thread counts, and the field paths of bad input.
//
// The oracles share no code with src/analysis: closed forms derived in the comments below, and
// brute_force_reliability(), which enumerates the states itself and finds reachability by a
// plain fixed-point iteration over the edge list (no Boost.Graph, no search order).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include "scrisk/analysis/connectivity_reliability.hpp"
#include "scrisk/core/error.hpp"

namespace scrisk {
namespace {

using analysis::exact_two_terminal_reliability;
using analysis::ReliabilityEstimate;
using analysis::ReliabilityGraph;
using analysis::two_terminal_reliability;
using ::testing::HasSubstr;

using Edge = ReliabilityGraph::Edge;

constexpr std::size_t S = 0, A = 1, B = 2, T = 3;  // the bridge's nodes
constexpr std::uint64_t kTrials = 200'000;
constexpr double kTolerance = 4.5;  // standard errors

/// The bridge: s-a, s-b, a-b (the bridge edge), a-t, b-t, every edge up with probability p and
/// every node always up. directed: s->a, s->b, a->b, a->t, b->t (the bridge only from a to b).
ReliabilityGraph bridge(double p, bool directed) {
  ReliabilityGraph graph;
  graph.node_count = 4;
  graph.edges = {Edge{S, A, p, !directed}, Edge{S, B, p, !directed}, Edge{A, B, p, !directed}, Edge{A, T, p, !directed},
                 Edge{B, T, p, !directed}};
  return graph;
}

/// Undirected bridge. Factoring on the bridge edge a-b: when it is up, a and b merge into one
/// node joined to s by two parallel edges and to t by two parallel edges, so
/// R_up = (1 - (1-p)^2)^2 = (2p - p^2)^2; when it is down, two disjoint series paths s-a-t and
/// s-b-t in parallel, R_down = 1 - (1 - p^2)^2 = 2p^2 - p^4. R = p R_up + (1 - p) R_down
/// = 2p^2 + 2p^3 - 5p^4 + 2p^5 (the textbook result; R(1/2) = 1/2 by self-duality).
double undirected_bridge_reliability(double p) {
  return 2 * std::pow(p, 2) + 2 * std::pow(p, 3) - 5 * std::pow(p, 4) + 2 * std::pow(p, 5);
}

/// Directed bridge (a->b only). Factoring on a->b. When it is down, the same two series paths:
/// R_down = 2p^2 - p^4. When it is up, t is reached iff (s->a and (a->t or b->t)) or
/// (s->b and b->t); factoring again on b->t: if b->t is up, either s->a or s->b suffices,
/// 1 - (1-p)^2 = 2p - p^2; if b->t is down, only s->a->t is left, p^2. So
/// R_up = p (2p - p^2) + (1 - p) p^2 = 3p^2 - 2p^3, and
/// R = p (3p^2 - 2p^3) + (1 - p)(2p^2 - p^4) = 2p^2 + p^3 - 3p^4 + p^5.
/// Check: the undirected bridge exceeds it by p^3 (1-p)^2, the probability that the only
/// working path is s->b->a->t (s-b, a-b, a-t up; s-a, b-t down), the one path that needs the
/// bridge traversed from b to a.
double directed_bridge_reliability(double p) { return 2 * std::pow(p, 2) + std::pow(p, 3) - 3 * std::pow(p, 4) + std::pow(p, 5); }

/// Binomial standard error of an estimate of R from n trials, computed from the true R.
double oracle_standard_error(double reliability, std::uint64_t trials) {
  return std::sqrt(reliability * (1 - reliability) / double(trials));
}

TEST(ConnectivityReliability, ClosedFormsAgreeAtKnownPoints) {
  // Guards the oracles themselves: R(0) = 0, R(1) = 1, the undirected bridge is self-dual at 1/2,
  // and the gap between the two bridges is exactly the one path the directed one lacks.
  EXPECT_DOUBLE_EQ(undirected_bridge_reliability(0), 0);
  EXPECT_DOUBLE_EQ(undirected_bridge_reliability(1), 1);
  EXPECT_DOUBLE_EQ(undirected_bridge_reliability(0.5), 0.5);
  EXPECT_DOUBLE_EQ(directed_bridge_reliability(1), 1);
  EXPECT_DOUBLE_EQ(directed_bridge_reliability(0.5), 0.46875);
  for (double p : {0.1, 0.3, 0.5, 0.7, 0.9})
    EXPECT_NEAR(undirected_bridge_reliability(p) - directed_bridge_reliability(p), std::pow(p, 3) * std::pow(1 - p, 2), 1e-15);
}

TEST(ConnectivityReliability, UndirectedBridgeMonteCarloMatchesClosedForm) {
  const std::vector<std::size_t> sources{S};
  for (double p : {0.3, 0.5, 0.7, 0.9}) {
    SCOPED_TRACE("p = " + std::to_string(p));
    const double exact = undirected_bridge_reliability(p);
    const ReliabilityEstimate estimate = two_terminal_reliability(bridge(p, false), sources, T, kTrials, 20240601);
    const double se = oracle_standard_error(exact, kTrials);
    std::printf("[ bridge   ] p = %.1f  estimate %.6f  closed form %.6f  diff %+.6f = %+.2f SE (SE %.6f, reported %.6f)\n", p,
                estimate.probability, exact, estimate.probability - exact, (estimate.probability - exact) / se, se,
                estimate.standard_error);
    EXPECT_EQ(estimate.trials, kTrials);
    EXPECT_EQ(estimate.probability, double(estimate.successes) / double(kTrials));
    EXPECT_LE(std::abs(estimate.probability - exact), kTolerance * se);
    EXPECT_NEAR(estimate.standard_error, std::sqrt(estimate.probability * (1 - estimate.probability) / double(kTrials)), 1e-15);
  }
}

TEST(ConnectivityReliability, UndirectedBridgeExactMatchesClosedForm) {
  const std::vector<std::size_t> sources{S};
  for (double p : {0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0}) {
    SCOPED_TRACE("p = " + std::to_string(p));
    EXPECT_NEAR(exact_two_terminal_reliability(bridge(p, false), sources, T), undirected_bridge_reliability(p), 1e-12);
  }
}

TEST(ConnectivityReliability, DirectedBridgeMatchesItsClosedForm) {
  const std::vector<std::size_t> sources{S};
  for (double p : {0.1, 0.3, 0.5, 0.7, 0.9}) {
    SCOPED_TRACE("p = " + std::to_string(p));
    EXPECT_NEAR(exact_two_terminal_reliability(bridge(p, true), sources, T), directed_bridge_reliability(p), 1e-12);
    // The mirror image (bridge b->a only) is the same network with a and b swapped.
    ReliabilityGraph mirrored = bridge(p, true);
    mirrored.edges[2] = Edge{B, A, p, false};
    EXPECT_NEAR(exact_two_terminal_reliability(mirrored, sources, T), directed_bridge_reliability(p), 1e-12);
  }
  const double p = 0.5, exact = directed_bridge_reliability(p);
  const ReliabilityEstimate estimate = two_terminal_reliability(bridge(p, true), sources, T, kTrials, 7);
  std::printf("[ directed ] p = %.1f  estimate %.6f  closed form %.6f  diff %+.2f SE\n", p, estimate.probability, exact,
              (estimate.probability - exact) / oracle_standard_error(exact, kTrials));
  EXPECT_LE(std::abs(estimate.probability - exact), kTolerance * oracle_standard_error(exact, kTrials));
}

TEST(ConnectivityReliability, DirectionIsRespected) {
  const std::vector<std::size_t> sources{0};
  ReliabilityGraph graph;
  graph.node_count = 2;
  graph.edges = {Edge{1, 0, 0.6, false}};  // points away from the terminal
  EXPECT_EQ(exact_two_terminal_reliability(graph, sources, 1), 0.0);
  EXPECT_EQ(two_terminal_reliability(graph, sources, 1, 1000, 1).successes, 0u);
  graph.edges[0].undirected = true;
  EXPECT_NEAR(exact_two_terminal_reliability(graph, sources, 1), 0.6, 1e-15);
}

TEST(ConnectivityReliability, FailingNodeInSeries) {
  // s - m - t, both edges up with probability p, m up with probability q: R = p^2 q.
  const double p = 0.8, q = 0.6, exact = p * p * q;
  ReliabilityGraph graph;
  graph.node_count = 3;
  graph.node_up_probability = {1, q, 1};
  graph.edges = {Edge{0, 1, p, true}, Edge{1, 2, p, true}};
  const std::vector<std::size_t> sources{0};
  EXPECT_NEAR(exact_two_terminal_reliability(graph, sources, 2), exact, 1e-15);
  const ReliabilityEstimate estimate = two_terminal_reliability(graph, sources, 2, kTrials, 99);
  std::printf("[ series   ] p = %.1f q = %.1f  estimate %.6f  closed form %.6f  diff %+.2f SE\n", p, q, estimate.probability,
              exact, (estimate.probability - exact) / oracle_standard_error(exact, kTrials));
  EXPECT_LE(std::abs(estimate.probability - exact), kTolerance * oracle_standard_error(exact, kTrials));
}

TEST(ConnectivityReliability, DownSourcesAndTerminalsSupplyNothing) {
  // Two sources 0 and 1, each with an edge to the terminal 2: R = q_t (1 - (1 - q0 p0)(1 - q1 p1)).
  ReliabilityGraph graph;
  graph.node_count = 3;
  graph.node_up_probability = {0.7, 0.4, 0.9};
  graph.edges = {Edge{0, 2, 0.5, false}, Edge{1, 2, 0.8, false}};
  const std::vector<std::size_t> sources{0, 1};
  EXPECT_NEAR(exact_two_terminal_reliability(graph, sources, 2), 0.9 * (1 - (1 - 0.7 * 0.5) * (1 - 0.4 * 0.8)), 1e-15);

  // A source that is always down supplies nothing, even with perfect edges.
  graph.node_up_probability = {0, 1, 1};
  graph.edges = {Edge{0, 2, 1, false}};
  EXPECT_EQ(exact_two_terminal_reliability(graph, sources, 2), 0.0);
  EXPECT_EQ(two_terminal_reliability(graph, sources, 2, 5000, 3).successes, 0u);

  // A down node is not passed through: 0 -> 1 -> 2 with 1 always down.
  graph.node_up_probability = {1, 0, 1};
  graph.edges = {Edge{0, 1, 1, false}, Edge{1, 2, 1, false}};
  EXPECT_EQ(exact_two_terminal_reliability(graph, std::vector<std::size_t>{0}, 2), 0.0);

  // A terminal that is itself a source is supplied exactly when it is up.
  graph.node_up_probability = {1, 1, 0.25};
  graph.edges.clear();
  EXPECT_NEAR(exact_two_terminal_reliability(graph, std::vector<std::size_t>{2}, 2), 0.25, 1e-15);
}

/// Independent oracle: enumerate every state of every element (including those at 0 or 1, whose
/// other state has weight 0) and grow the reached set by sweeping the edge list until nothing
/// changes.
double brute_force_reliability(const ReliabilityGraph& graph, const std::vector<std::size_t>& sources, std::size_t terminal) {
  const std::size_t n = graph.node_count, m = graph.edges.size();
  const std::size_t elements = n + m;
  double total = 0;
  for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << elements); ++mask) {
    double weight = 1;
    std::vector<bool> node_up(n), edge_up(m);
    for (std::size_t i = 0; i < n; ++i) {
      const double q = graph.node_up_probability.empty() ? 1.0 : graph.node_up_probability[i];
      node_up[i] = (mask >> i & 1) != 0;
      weight *= node_up[i] ? q : 1 - q;
    }
    for (std::size_t j = 0; j < m; ++j) {
      edge_up[j] = (mask >> (n + j) & 1) != 0;
      weight *= edge_up[j] ? graph.edges[j].up_probability : 1 - graph.edges[j].up_probability;
    }
    if (weight == 0) continue;
    std::vector<bool> reached(n);
    for (std::size_t s : sources) reached[s] = node_up[s];
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t j = 0; j < m; ++j) {
        if (!edge_up[j]) continue;
        const Edge& e = graph.edges[j];
        const auto spread = [&](std::size_t from, std::size_t to) {
          if (reached[from] && !reached[to] && node_up[to]) reached[to] = changed = true;
        };
        spread(e.from, e.to);
        if (e.undirected) spread(e.to, e.from);
      }
    }
    if (reached[terminal]) total += weight;
  }
  return total;
}

/// A random graph: mixed directed and undirected edges, parallel edges and self-loops possible,
/// some elements certain (probability 0 or 1).
ReliabilityGraph random_graph(std::mt19937_64& rng) {
  std::uniform_int_distribution<std::size_t> node_count_of(2, 5);
  std::uniform_real_distribution<double> probability(0.05, 0.95);
  std::bernoulli_distribution coin(0.5), rare(0.1);
  ReliabilityGraph graph;
  graph.node_count = node_count_of(rng);
  std::uniform_int_distribution<std::size_t> node(0, graph.node_count - 1);
  if (coin(rng))
    for (std::size_t i = 0; i < graph.node_count; ++i) graph.node_up_probability.push_back(rare(rng) ? 1.0 : probability(rng));
  const std::size_t edges = std::uniform_int_distribution<std::size_t>(1, 12 - graph.node_count)(rng);
  for (std::size_t j = 0; j < edges; ++j) {
    const double p = rare(rng) ? double(coin(rng)) : probability(rng);
    graph.edges.push_back(Edge{node(rng), node(rng), p, coin(rng)});
  }
  return graph;
}

TEST(ConnectivityReliability, ExactMatchesBruteForceAndMonteCarloOnRandomGraphs) {
  std::mt19937_64 rng(12345);
  for (int instance = 0; instance < 40; ++instance) {
    SCOPED_TRACE("instance " + std::to_string(instance));
    const ReliabilityGraph graph = random_graph(rng);
    std::uniform_int_distribution<std::size_t> node(0, graph.node_count - 1);
    std::vector<std::size_t> sources{node(rng)};
    if (instance % 3 == 0) sources.push_back(node(rng));
    const std::size_t terminal = node(rng);
    const double exact = exact_two_terminal_reliability(graph, sources, terminal);
    EXPECT_NEAR(exact, brute_force_reliability(graph, sources, terminal), 1e-12);
    if (instance % 4 == 0) {  // the sampler, including the node lane, against the exact value
      const std::uint64_t trials = 20'000;
      const ReliabilityEstimate estimate = two_terminal_reliability(graph, sources, terminal, trials, std::uint64_t(instance));
      EXPECT_LE(std::abs(estimate.probability - exact), kTolerance * oracle_standard_error(exact, trials) + 1e-12);
    }
  }
}

TEST(ConnectivityReliability, SameBitsOnAnyNumberOfThreads) {
  // A trial count that is not a multiple of the work block, nodes that fail too.
  ReliabilityGraph graph = bridge(0.6, false);
  graph.node_up_probability = {0.95, 0.9, 0.85, 0.99};
  const std::vector<std::size_t> sources{S};
  const std::uint64_t trials = 100'003;
  // Let the arenas have up to 4 threads even on a 2-core machine (oversubscribed, which is fine).
  const tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 4);
  const auto run_on = [&](int threads, std::uint64_t seed) {
    tbb::task_arena arena(threads);
    return arena.execute([&] { return two_terminal_reliability(graph, sources, T, trials, seed); });
  };
  const ReliabilityEstimate one = run_on(1, 42);
  for (int threads : {2, 4}) {
    const ReliabilityEstimate many = run_on(threads, 42);
    EXPECT_EQ(many.successes, one.successes) << threads << " threads";
    EXPECT_EQ(std::bit_cast<std::uint64_t>(many.probability), std::bit_cast<std::uint64_t>(one.probability));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(many.standard_error), std::bit_cast<std::uint64_t>(one.standard_error));
  }
  EXPECT_NE(run_on(2, 43).successes, one.successes);
}

/// Runs `call`, expecting a ModelError with one problem at `path` whose message contains `message`.
template <class Call>
void expect_problem(Call call, const std::string& path, const std::string& message) {
  try {
    call();
    ADD_FAILURE() << "no ModelError for " << path;
  } catch (const ModelError& error) {
    bool found = false;
    for (const Problem& problem : error.problems())
      found = found || (problem.path == path && problem.message.find(message) != std::string::npos);
    EXPECT_TRUE(found) << "expected " << path << ": ..." << message << "..., got: " << error.what();
    EXPECT_THAT(error.what(), HasSubstr(path));
  }
}

TEST(ConnectivityReliability, BadInputNamesTheField) {
  const std::vector<std::size_t> sources{S};
  const auto estimate = [&](const ReliabilityGraph& graph, std::span<const std::size_t> from, std::size_t to,
                            std::uint64_t trials) {
    return [=, &graph] { (void)two_terminal_reliability(graph, from, to, trials, 1); };
  };
  ReliabilityGraph graph = bridge(0.5, false);

  graph.edges[3].up_probability = 1.5;
  expect_problem(estimate(graph, sources, T, 10), "edges[3].up_probability", "must be in [0, 1], got 1.5");
  EXPECT_THROW((void)exact_two_terminal_reliability(graph, sources, T), ModelError);
  graph.edges[3].up_probability = std::nan("");
  expect_problem(estimate(graph, sources, T, 10), "edges[3].up_probability", "got nan");
  graph.edges[3].up_probability = -0.1;
  expect_problem(estimate(graph, sources, T, 10), "edges[3].up_probability", "got -0.1");
  graph = bridge(0.5, false);

  graph.edges[1].to = 4;
  expect_problem(estimate(graph, sources, T, 10), "edges[1].to", "node 4 is out of range (node_count is 4)");
  graph.edges[1].to = B;
  graph.edges[0].from = 17;
  expect_problem(estimate(graph, sources, T, 10), "edges[0].from", "node 17");
  graph = bridge(0.5, false);

  graph.node_up_probability = {1, 1, 1};
  expect_problem(estimate(graph, sources, T, 10), "node_up_probability", "has 3 entries");
  graph.node_up_probability = {1, 1, std::numeric_limits<double>::infinity(), 1};
  expect_problem(estimate(graph, sources, T, 10), "node_up_probability[2]", "must be in [0, 1], got inf");
  graph = bridge(0.5, false);

  expect_problem(estimate(graph, {}, T, 10), "sources", "at least one node");
  const std::vector<std::size_t> bad_sources{S, 9};
  expect_problem(estimate(graph, bad_sources, T, 10), "sources[1]", "node 9 is out of range");
  expect_problem(estimate(graph, sources, 4, 10), "terminal", "node 4 is out of range");
  expect_problem(estimate(graph, sources, T, 0), "trials", "must be at least 1");

  ReliabilityGraph empty;
  expect_problem(estimate(empty, sources, 0, 10), "node_count", "must be at least 1");

  // Every problem at once.
  graph.edges[0].up_probability = 2;
  try {
    (void)two_terminal_reliability(graph, sources, 8, 0, 1);
    ADD_FAILURE() << "no ModelError";
  } catch (const ModelError& error) {
    EXPECT_EQ(error.problems().size(), 3u) << error.what();
  }
}

TEST(ConnectivityReliability, ExactEnumerationIsBounded) {
  // 30 uncertain edges in parallel: too many states. Certain elements do not count.
  ReliabilityGraph graph;
  graph.node_count = 2;
  for (int j = 0; j < 30; ++j) graph.edges.push_back(Edge{0, 1, 0.5, false});
  const std::vector<std::size_t> sources{0};
  EXPECT_THROW((void)exact_two_terminal_reliability(graph, sources, 1), UsageError);
  for (std::size_t j = 0; j < 28; ++j) graph.edges[j].up_probability = j % 2 == 0 ? 1.0 : 0.0;
  EXPECT_EQ(exact_two_terminal_reliability(graph, sources, 1), 1.0);
  for (std::size_t j = 0; j < 28; ++j) graph.edges[j].up_probability = 0.0;
  EXPECT_NEAR(exact_two_terminal_reliability(graph, sources, 1), 0.75, 1e-15);
}

}  // namespace
}  // namespace scrisk
