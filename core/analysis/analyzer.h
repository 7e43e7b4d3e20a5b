// Analyzer: decodes and measures a model snapshot for the views (samples, reconstructions,
// traversals, latent statistics). Torch-free API: results are plain value types.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/analysis/image_grid.h"
#include "core/eval/link_prediction.h"
#include "core/io/run_file.h"
#include "core/util/status.h"

namespace gvae {

/// A latent traversal: one unit (or every unit of a node, one row each) swept over a range while
/// the other latents stay fixed.
struct TraversalRequest {
  int node = 1;              // 1-based latent node
  int dim = 0;               // 1-based dimension of that node; 0: every dimension, one row each
  double range = 3.0;        // the unit takes values from -range to +range (prior std units)
  int steps = 9;             // columns
  int64_t input_index = -1;  // validation image whose posterior mean fixes the others; -1: prior
  uint64_t seed = 1;         // of the prior draw when input_index < 0
};

/// Posterior means over the first n validation images and their statistics.
struct LatentAnalysis {
  LatentStatistics stats;
  int64_t n = 0, dims = 0, node_dim = 0;
  std::vector<float> means;  // [n, dims] row-major
  /// The examples' class labels [n] (sprites: shape; MNIST: digit) and the classes' names;
  /// empty for data without classes.
  std::vector<int> labels;
  std::vector<std::string> class_names;
  /// A graph model: link prediction on the validation edges (else unset).
  std::optional<LinkMetrics> link;
};

/// Owns a CPU copy of a run's model and its validation images. Not thread-safe: create it and
/// call every method on one (non-GUI) thread; inference runs without autograd.
///
///   std::unique_ptr<Analyzer> a;
///   Status st = Analyzer::create(record.config, "", 1, &a);
///   st = a->setWeights(*record.checkpoint);
///   ImageGrid g = a->traversal({.node = 2});
class Analyzer {
 public:
  /// Builds the model described by `config` (run-file key/values) and loads its dataset
  /// (`data_dir` overrides the stored folder when not empty). Sets `threads` intra-op threads
  /// on the calling thread (0: every core).
  static Status create(const std::vector<std::pair<std::string, std::string>>& config,
                       const std::string& data_dir, int threads, std::unique_ptr<Analyzer>* out);
  ~Analyzer();

  /// Loads weights (a checkpoint's model arrays); an error names the missing or misshapen array.
  Status setWeights(const Checkpoint& weights);

  int64_t nodes() const;
  int64_t nodeDim() const;
  int64_t imageCount() const;  // validation images
  /// Validation images in one row. For a graph model (which decodes edges, not images) this and
  /// the other grids are empty, with not_decoded set.
  ImageGrid inputs(const std::vector<int64_t>& indices) const;
  /// rows x cols decoded prior samples (Bernoulli means), hard gates. For a model with a class
  /// (ssvae) each column shares one style z and row r holds class r mod C: the digit (or shape)
  /// fixed along a row, the style varied.
  ImageGrid samples(int rows, int cols, uint64_t seed);
  /// rows x 2*pairs grid: validation image first + k beside its reconstruction (posterior mean).
  ImageGrid reconstructions(int rows, int pairs, int64_t first);
  /// A model of attributes (telbo): images from attribute queries, one query per row (named at
  /// its left, "·" where an attribute is not given), `cols` draws of z ~ q(z | query) each.
  /// samples() answers with it for such a model.
  ImageGrid queryGrid(int rows, int cols);
  /// One row per swept unit, `steps` columns.
  ImageGrid traversal(const TraversalRequest& request);
  /// Posterior means of the first n validation images (all when n <= 0) and their statistics.
  LatentAnalysis latents(int64_t n);

 private:
  Analyzer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gvae
