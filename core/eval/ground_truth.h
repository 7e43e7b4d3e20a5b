// Judges whether a learned latent DAG recovers a known ground-truth DAG of generative factors:
// node <-> factor alignment by held-out R^2, and DAG comparison (SHD, precision, recall).
// Torch-free: plain vectors in, plain values out.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gvae {

/// One generative factor of a dataset.
struct FactorInfo {
  std::string name;
  /// > 0: categorical with values 0..classes-1 (e.g. the sprites' shape, 4 classes); 0:
  /// continuous.
  int classes = 0;
};

/// Node x factor predictability and the best one-to-one alignment.
struct Alignment {
  int64_t nodes = 0, factors = 0;
  /// [nodes * factors] row-major: R^2 of factor f from node k's posterior means (fit on the fit
  /// split, scored on the score split); may be negative.
  std::vector<double> r2;
  /// [factors]: the factor's aligned node, 0-based; -1 when unassigned.
  std::vector<int> node_of_factor;
  /// Every factor has a node, with R^2 and margins meeting the criteria.
  bool holds = false;
  /// One plain sentence: why the alignment holds, or its weakest point when it does not.
  std::string verdict;
};

/// Thresholds a holding alignment meets.
struct AlignmentCriteria {
  /// Each factor's R^2 from its own node is at least this.
  double min_r2 = 0.5;
  /// ... and exceeds its R^2 from every other node by at least this.
  double min_margin = 0.1;
};

/// R^2 of every factor from every node's posterior means, and the best one-to-one alignment.
///
/// means_fit / means_score: [n * (nodes * node_dim)] row-major posterior means of two splits
/// (node k owns columns k*node_dim .. (k+1)*node_dim-1); factors_fit / factors_score:
/// [n * factors.size()] row-major, categorical values as 0..classes-1 (rounded to nearest).
///
/// Continuous factor: least-squares regression with intercept from the node's node_dim means
/// (ridge 1e-6 * trace of the centred Gram matrix, for stability), fitted on the fit split;
/// R^2 = 1 - SSE/SST on the score split, reported as is (negative when worse than the mean).
/// Categorical factor with C classes: the same regression onto its C one-hot indicators
/// (multi-output), R^2 = 1 - (sum of SSE) / (sum of SST) over the indicators. Being linear, it
/// reaches 1 only with node_dim >= C - 1 (for balanced classes it is at most node_dim / (C - 1)).
/// A factor that is constant on the score split (SST = 0) gets R^2 = 0 from every node.
///
/// Alignment: distinct nodes for the factors, maximizing the sum of R^2 (exact, by the
/// Hungarian algorithm, for any size). With fewer nodes than factors, the factors left over
/// are unassigned (-1) and the alignment does not hold. It holds when every factor has a node,
/// each aligned R^2 >= min_r2, and each exceeds every other node's R^2 for the same factor by
/// >= min_margin. Nodes are named 1-based (z1..zN) in the verdict.
///
/// Throws std::invalid_argument on inconsistent sizes, an empty split, nodes or node_dim < 1,
/// negative classes, or a categorical value outside 0..classes-1 (caller errors).
///
/// Example: `alignFactors(fit_means, fit_factors, val_means, val_factors, 5, 16,
///           {{"shape", 4}, {"scale"}, {"rotation"}, {"x"}, {"y"}})`.
Alignment alignFactors(const std::vector<double>& means_fit, const std::vector<double>& factors_fit,
                       const std::vector<double>& means_score,
                       const std::vector<double>& factors_score, int64_t nodes, int64_t node_dim,
                       const std::vector<FactorInfo>& factors,
                       const AlignmentCriteria& criteria = {});

/// A directed graph over latent nodes as edges (from, to), 1-based node indices (z_from ->
/// z_to).
using NodeEdges = std::vector<std::pair<int, int>>;

/// Comparison of a learned DAG with a true one over the same nodes. Edge lists are sorted and
/// free of duplicates.
struct DagComparison {
  /// Structural Hamming distance: per unordered node pair, 1 if the two graphs differ there
  /// (missing, extra or reversed edge), else 0.
  int64_t shd = 0;
  /// Directed: a learned edge is correct only with the true direction. precision =
  /// correct / |learned| (1 when nothing is learned).
  double precision = 0;
  /// correct / |true| (1 when the true graph is empty).
  double recall = 0;
  /// Learned edges that are true.
  NodeEdges correct;
  /// True edges learned in neither direction.
  NodeEdges missing;
  /// Learned edges true in neither direction.
  NodeEdges extra;
  /// Learned edges whose reverse is true (and not learned); they count in shd, not in correct.
  NodeEdges reversed;
};

/// Compares `learned` with `truth` (both DAGs; duplicate edges count once).
DagComparison compareDags(const NodeEdges& learned, const NodeEdges& truth);

/// The true factor DAG (edges between factor names, parent -> child) mapped onto nodes through
/// an alignment's node_of_factor (0-based nodes, -1 unassigned): 1-based node edges, in the
/// order of factor_edges. Edges touching a factor without a node are dropped. Throws
/// std::invalid_argument on an unknown factor name or a node_of_factor of the wrong size.
NodeEdges mapFactorDag(const std::vector<std::pair<std::string, std::string>>& factor_edges,
                       const std::vector<FactorInfo>& factors,
                       const std::vector<int>& node_of_factor);

/// A topological order of the factors (parents before children) of the factor DAG; ties are
/// broken by the factors' listed order. Assigning the first to the root z_N, the second to
/// z_{N-1}, ... makes every true edge point from a higher to a lower node index, as the model's
/// edges z_i -> z_j (i > j) do. Returns an empty vector if the factor graph has a cycle or names
/// an unknown factor.
std::vector<std::string> rootFirstFactorOrder(
    const std::vector<std::pair<std::string, std::string>>& factor_edges,
    const std::vector<FactorInfo>& factors);

}  // namespace gvae
