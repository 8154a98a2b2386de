// Two-terminal reliability by Monte Carlo and by exhaustive enumeration. The graph is compiled
// once into a Boost adjacency list of arcs (an undirected edge becomes two arcs sharing its
// edge index); each trial filters it by the trial's up/down states and runs a breadth-first
// search from the sources that are up. docs/reliability.md has the formulas and the layout of
// the random streams.
#include "scrisk/analysis/connectivity_reliability.hpp"

#include <Random123/philox.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <utility>
#include "scrisk/core/error.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/pending/queue.hpp>
#include <boost/property_map/property_map.hpp>

#include "core/format.hpp"
#include "scrisk/core/error.hpp"

namespace scrisk::analysis {
namespace {

using detail::format_number;
using detail::indexed;

/// Arcs carry the index of the edge they come from (bundled property).
using Digraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, std::size_t>;
using Vertex = Digraph::vertex_descriptor;
using Arc = Digraph::edge_descriptor;

/// Second key word of the Philox key: separates these streams from every other user of the
/// seed (the engine's scalar stream uses another tag with the same seed).
constexpr std::uint64_t kKeyTag = 0x7e11ab1117ca11ed;
/// Counter word 1: which kind of element a uniform is for. Nodes and edges have their own
/// lanes, so adding a node does not move any edge's draws (and the other way round).
constexpr std::uint64_t kNodeLane = 0;
constexpr std::uint64_t kEdgeLane = 1;
/// Uniforms per Philox4x64 block: four 64-bit words, two 32-bit halves each.
constexpr std::size_t kUniformsPerBlock = 8;
/// Trials per unit of parallel work. The count of each unit is an integer, so their sum is
/// exact and does not depend on how oneTBB schedules or joins the units.
constexpr std::uint64_t kTrialsPerBlock = 1024;

bool is_probability(double p) { return std::isfinite(p) && p >= 0 && p <= 1; }

void check_probability(double p, const std::string& path, std::vector<Problem>& problems) {
  if (!is_probability(p)) problems.push_back({path, "must be in [0, 1], got " + format_number(p)});
}

void check_node(std::size_t node, std::size_t node_count, const std::string& path, std::vector<Problem>& problems) {
  if (node >= node_count)
    problems.push_back(
        {path, "node " + std::to_string(node) + " is out of range (node_count is " + std::to_string(node_count) + ")"});
}

/// Every problem of the inputs, with field paths; empty when they are valid.
std::vector<Problem> find_problems(const ReliabilityGraph& graph, std::span<const std::size_t> sources, std::size_t terminal) {
  std::vector<Problem> problems;
  const std::size_t n = graph.node_count;
  if (n == 0) problems.push_back({"node_count", "must be at least 1"});
  if (!graph.node_up_probability.empty()) {
    if (graph.node_up_probability.size() != n)
      problems.push_back({"node_up_probability", "has " + std::to_string(graph.node_up_probability.size()) +
                                                     " entries; must be empty (every node always up) or have "
                                                     "node_count = " +
                                                     std::to_string(n)});
    for (std::size_t i = 0; i < graph.node_up_probability.size(); ++i)
      check_probability(graph.node_up_probability[i], indexed("node_up_probability", i), problems);
  }
  for (std::size_t j = 0; j < graph.edges.size(); ++j) {
    const ReliabilityGraph::Edge& edge = graph.edges[j];
    const std::string path = indexed("edges", j);
    check_node(edge.from, n, path + ".from", problems);
    check_node(edge.to, n, path + ".to", problems);
    check_probability(edge.up_probability, path + ".up_probability", problems);
  }
  if (sources.empty()) problems.push_back({"sources", "must name at least one node"});
  for (std::size_t k = 0; k < sources.size(); ++k) check_node(sources[k], n, indexed("sources", k), problems);
  check_node(terminal, n, "terminal", problems);
  return problems;
}

Digraph build_digraph(const ReliabilityGraph& graph) {
  Digraph digraph(graph.node_count);
  for (std::size_t j = 0; j < graph.edges.size(); ++j) {
    const ReliabilityGraph::Edge& edge = graph.edges[j];
    boost::add_edge(edge.from, edge.to, j, digraph);
    if (edge.undirected && edge.from != edge.to) boost::add_edge(edge.to, edge.from, j, digraph);
  }
  return digraph;
}

/// filtered_graph's edge predicate: an arc is usable when its edge and the node it enters are
/// up. (Default-constructible and copyable, as Boost requires; it reads the caller's states.)
struct ArcIsUp {
  const Digraph* digraph = nullptr;
  const unsigned char* edge_up = nullptr;
  const unsigned char* node_up = nullptr;
  bool operator()(const Arc& arc) const { return edge_up[(*digraph)[arc]] != 0 && node_up[boost::target(arc, *digraph)] != 0; }
};

/// Whether the terminal is reached in one up/down state. Holds the search's buffers so the
/// per-trial work allocates nothing once they have grown.
class Reachability {
 public:
  Reachability(const Digraph& digraph, std::span<const std::size_t> sources, std::size_t terminal)
      : digraph_(&digraph), sources_(sources), terminal_(terminal), color_(boost::num_vertices(digraph)) {
    start_.reserve(sources.size());
  }

  /// node_up and edge_up: one entry per node and per edge, non-zero when up.
  bool operator()(const std::vector<unsigned char>& node_up, const std::vector<unsigned char>& edge_up) {
    if (node_up[terminal_] == 0) return false;
    start_.clear();
    for (const std::size_t source : sources_) {
      if (node_up[source] == 0) continue;
      if (source == terminal_) return true;
      start_.push_back(source);
    }
    if (start_.empty()) return false;
    const boost::filtered_graph<Digraph, ArcIsUp> up(*digraph_, ArcIsUp{digraph_, edge_up.data(), node_up.data()});
    // Multi-source BFS: colours every vertex white, then greys the sources and explores.
    boost::breadth_first_search(up, start_.begin(), start_.end(), queue_, boost::default_bfs_visitor(),
                                boost::make_iterator_property_map(color_.begin(), boost::identity_property_map()));
    return color_[terminal_] != boost::white_color;
  }

 private:
  const Digraph* digraph_;
  std::span<const std::size_t> sources_;
  std::size_t terminal_;
  std::vector<boost::default_color_type> color_;
  std::vector<Vertex> start_;
  boost::queue<Vertex> queue_;
};

/// The up/down states of one kind of element (lane) in one trial: element k is up when
/// uniform k < its probability, uniform k being half (high then low 32 bits) of word
/// (k mod 8) / 2 of Philox4x64-10 block {trial, lane, k / 8, 0} under key {seed, kKeyTag},
/// scaled by 2^-32 to [0, 1) as the engine's RandomStream::uniform_pair does.
class StateSampler {
 public:
  explicit StateSampler(std::uint64_t seed) : key_{{seed, kKeyTag}} {}

  template <class ProbabilityOf>
  void draw(std::uint64_t trial, std::uint64_t lane, std::size_t count, ProbabilityOf probability_of,
            std::vector<unsigned char>& up) const {
    r123::Philox4x64 philox;
    for (std::size_t first = 0; first < count; first += kUniformsPerBlock) {
      const r123::Philox4x64::ctr_type counter{{trial, lane, first / kUniformsPerBlock, 0}};
      const r123::Philox4x64::ctr_type block = philox(counter, key_);
      const std::size_t last = std::min(count, first + kUniformsPerBlock);
      for (std::size_t k = first; k < last; ++k) {
        const std::size_t slot = k - first;
        const std::uint64_t word = block[slot / 2];
        const std::uint64_t bits = slot % 2 == 0 ? word >> 32 : word & 0xffffffffu;
        const double uniform = double(bits) * 0x1.0p-32;
        up[k] = uniform < probability_of(k) ? 1 : 0;
      }
    }
  }

 private:
  r123::Philox4x64::key_type key_;
};

void require_valid(const ReliabilityGraph& graph, std::span<const std::size_t> sources, std::size_t terminal,
                   const std::uint64_t* trials) {
  std::vector<Problem> problems = find_problems(graph, sources, terminal);
  if (trials != nullptr && *trials == 0) problems.push_back({"trials", "must be at least 1"});
  if (!problems.empty()) throw ModelError(std::move(problems));
}

}  // namespace

ReliabilityEstimate two_terminal_reliability(const ReliabilityGraph& graph, std::span<const std::size_t> sources,
                                             std::size_t terminal, std::uint64_t trials, std::uint64_t seed) {
  require_valid(graph, sources, terminal, &trials);
  const Digraph digraph = build_digraph(graph);
  const StateSampler sampler(seed);
  const std::size_t node_count = graph.node_count;
  const std::size_t edge_count = graph.edges.size();
  const bool nodes_fail = !graph.node_up_probability.empty();
  const auto node_probability = [&](std::size_t i) { return graph.node_up_probability[i]; };
  const auto edge_probability = [&](std::size_t j) { return graph.edges[j].up_probability; };

  const std::uint64_t blocks = (trials - 1) / kTrialsPerBlock + 1;
  const std::uint64_t successes = tbb::parallel_reduce(
      tbb::blocked_range<std::uint64_t>(0, blocks), std::uint64_t{0},
      [&](const tbb::blocked_range<std::uint64_t>& range, std::uint64_t count) {
        std::vector<unsigned char> node_up(node_count, 1);
        std::vector<unsigned char> edge_up(edge_count, 1);
        Reachability reaches(digraph, sources, terminal);
        for (std::uint64_t block = range.begin(); block != range.end(); ++block) {
          const std::uint64_t end = std::min(trials, (block + 1) * kTrialsPerBlock);
          for (std::uint64_t trial = block * kTrialsPerBlock; trial < end; ++trial) {
            if (nodes_fail) sampler.draw(trial, kNodeLane, node_count, node_probability, node_up);
            sampler.draw(trial, kEdgeLane, edge_count, edge_probability, edge_up);
            if (reaches(node_up, edge_up)) ++count;
          }
        }
        return count;
      },
      std::plus<std::uint64_t>());

  ReliabilityEstimate estimate;
  estimate.successes = successes;
  estimate.trials = trials;
  estimate.probability = double(successes) / double(trials);
  estimate.standard_error = std::sqrt(estimate.probability * (1 - estimate.probability) / double(trials));
  return estimate;
}

double exact_two_terminal_reliability(const ReliabilityGraph& graph, std::span<const std::size_t> sources, std::size_t terminal) {
  require_valid(graph, sources, terminal, nullptr);
  const std::size_t node_count = graph.node_count;
  const bool nodes_fail = !graph.node_up_probability.empty();

  // Fix the certain elements; list the uncertain ones (state index, its probability).
  std::vector<unsigned char> node_up(node_count, 1);
  std::vector<unsigned char> edge_up(graph.edges.size(), 1);
  struct Uncertain {
    unsigned char* state;
    double up_probability;
  };
  std::vector<Uncertain> uncertain;
  const auto classify = [&](double p, unsigned char& state) {
    if (p > 0 && p < 1) {
      uncertain.push_back({&state, p});
    } else {
      state = p == 1 ? 1 : 0;
    }
  };
  if (nodes_fail)
    for (std::size_t i = 0; i < node_count; ++i) classify(graph.node_up_probability[i], node_up[i]);
  for (std::size_t j = 0; j < graph.edges.size(); ++j) classify(graph.edges[j].up_probability, edge_up[j]);
  if (uncertain.size() > kMaxExactReliabilityElements)
    throw UsageError("graph", std::to_string(uncertain.size()) +
                                  " elements have a probability strictly between 0 and 1; at most " +
                                  std::to_string(kMaxExactReliabilityElements) + " can be enumerated exactly");

  const Digraph digraph = build_digraph(graph);
  Reachability reaches(digraph, sources, terminal);
  const std::uint64_t states = std::uint64_t{1} << uncertain.size();
  double reliability = 0;
  for (std::uint64_t mask = 0; mask < states; ++mask) {
    double probability = 1;
    for (std::size_t k = 0; k < uncertain.size(); ++k) {
      const bool up = (mask >> k & 1) != 0;
      *uncertain[k].state = up ? 1 : 0;
      probability *= up ? uncertain[k].up_probability : 1 - uncertain[k].up_probability;
    }
    if (reaches(node_up, edge_up)) reliability += probability;
  }
  return reliability;
}

}  // namespace scrisk::analysis
