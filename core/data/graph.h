// Graphs for the graph auto-encoders (gae, vgae): node features, node classes and undirected
// edges; the embedded stochastic block model, the LINQS text files of Cora and Citeseer, the
// link-prediction edge split and the GCN's normalized adjacency. Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/util/status.h"

namespace gvae {

/// An undirected edge {a, b}, stored with a < b.
using Edge = std::pair<int64_t, int64_t>;

/// An undirected graph without self-loops or repeated edges.
struct Graph {
  int64_t nodes = 0;
  int64_t features = 0;
  std::vector<float> x;                  // [nodes * features], row-major
  std::vector<int64_t> labels;           // [nodes] class index
  std::vector<std::string> class_names;  // the classes, in index order
  std::vector<Edge> edges;               // a < b, sorted, unique
};

/// The embedded default: a stochastic block model with class-dependent bag-of-words features.
struct SbmOptions {
  int64_t classes = 5;
  int64_t per_class = 200;             // nodes of each class
  double p_in = 0.03, p_out = 0.0015;  // edge probability within / across classes
  int64_t words = 100;                 // features: binary words; each class owns words / classes
  double p_own = 0.15;                 // P(a class's own word is present)
  double p_other = 0.02;               // P(any other word is present)
  uint64_t seed = 1;
};

/// Deterministic: the same options give the same graph on every machine.
Graph generateSbm(const SbmOptions& options);

/// Reads the LINQS text files `dir/<name>.content` (a line per node: its id, its binary word
/// features, its class) and `dir/<name>.cites` (a line per citation: two node ids). Citations
/// naming ids absent from the content file are skipped (Citeseer has some) and counted in
/// `*skipped`; self-citations and repeats count once. Errors name the file, the line and the
/// problem. Planetoid's `ind.<name>.*` files are Python pickles: they are refused with a
/// message saying which files to bring instead.
Status readLinqsGraph(const std::string& dir, const std::string& name, Graph* out,
                      int64_t* skipped = nullptr);

/// The link-prediction split of Kipf & Welling (2016): a random `valid` and `test` share of the
/// edges is held out as positives, with as many non-edges of the whole graph as negatives
/// (distinct, disjoint between the two sets); training sees the remaining edges.
struct EdgeSplit {
  std::vector<Edge> train, valid_pos, valid_neg, test_pos, test_neg;
};
/// Needs at least one edge in each set; fails when the graph has too few non-edges.
Status splitEdges(const Graph& graph, double valid, double test, uint64_t seed, EdgeSplit* out);

/// One nonzero of a sparse matrix.
struct SparseEntry {
  int64_t row = 0, col = 0;
  double value = 0;
};
/// The GCN's propagation matrix D^-1/2 (A + I) D^-1/2 for `edges` on `nodes` nodes, with D the
/// degrees of A + I: both directions of every edge and the diagonal, sorted by (row, col).
std::vector<SparseEntry> normalizedAdjacency(int64_t nodes, const std::vector<Edge>& edges);

}  // namespace gvae
