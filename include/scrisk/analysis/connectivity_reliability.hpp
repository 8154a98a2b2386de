// Network reliability: the probability that a terminal (a customer) is still connected to at
// least one source (a supplier) when the nodes and links of a graph fail independently.
// This is the classical two-terminal (or K-to-one) reliability of reliability theory. It is
// structural, "does any path survive", on any graph, directed or undirected, cyclic or not;
// the flow LP of network_loss.hpp answers "how much is lost" on a directed acyclic network.
// Formulas, the random-stream layout and a worked example (the bridge): docs/reliability.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace scrisk::analysis {

/// A graph whose elements (nodes and edges) are each up with their own probability,
/// independently of one another. Nodes are numbered 0 .. node_count - 1.
struct ReliabilityGraph {
  /// A link between two nodes.
  struct Edge {
    std::size_t from = 0;       ///< node index it leaves
    std::size_t to = 0;         ///< node index it enters
    double up_probability = 1;  ///< P(the edge works), in [0, 1]
    bool undirected = false;    ///< true: traversable both ways (from -> to and to -> from)
  };

  std::size_t node_count = 0;               ///< number of nodes
  std::vector<double> node_up_probability;  ///< P(node i works), in [0, 1]; empty = every node always up
  std::vector<Edge> edges;                  ///< parallel edges and self-loops are allowed
};

/// A Monte Carlo estimate of a probability.
struct ReliabilityEstimate {
  double probability = 0;       ///< successes / trials
  double standard_error = 0;    ///< binomial standard error sqrt(p (1 - p) / trials) of that estimate
  std::uint64_t successes = 0;  ///< trials in which the terminal was reached
  std::uint64_t trials = 0;     ///< trials run
};

/// Monte Carlo estimate of P(the terminal is reachable from at least one source over elements
/// that are up): a path may only use edges that are up and enter nodes that are up, so a
/// source that is down supplies nothing and a terminal that is down is not supplied (a
/// terminal that is also a source is supplied when it is up).
///
/// Trial i's up/down states depend only on (seed, i): Random123's Philox4x64-10 keyed by the
/// seed, with the trial index, the element's kind (node or edge) and its index in the counter.
/// The trials run in parallel on oneTBB and the successes are counted as integers, so the
/// result has the same bits on any number of threads.
///
/// Throws ModelError listing every problem, each with its field path (`node_count`,
/// `node_up_probability[2]`, `edges[3].up_probability`, `edges[3].to`, `sources`,
/// `sources[1]`, `terminal`, `trials`).
[[nodiscard]] ReliabilityEstimate two_terminal_reliability(const ReliabilityGraph& graph, std::span<const std::size_t> sources,
                                                           std::size_t terminal, std::uint64_t trials, std::uint64_t seed);

/// Largest number of uncertain elements (probability strictly between 0 and 1) that
/// exact_two_terminal_reliability enumerates: 2^24 (about 16.8 million) states.
inline constexpr std::size_t kMaxExactReliabilityElements = 24;

/// The same probability, exactly (up to rounding): the sum of the probabilities of every
/// up/down state of the uncertain elements in which the terminal is reached. Elements with
/// probability 0 or 1 are fixed, not enumerated. Throws ModelError as two_terminal_reliability
/// does (without `trials`), and UsageError when more than
/// kMaxExactReliabilityElements elements are uncertain.
[[nodiscard]] double exact_two_terminal_reliability(const ReliabilityGraph& graph, std::span<const std::size_t> sources,
                                                    std::size_t terminal);

}  // namespace scrisk::analysis
