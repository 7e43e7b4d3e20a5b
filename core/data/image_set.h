// ImageSet: a whole image dataset in one contiguous tensor (plus labels).
#pragma once

#include <torch/types.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/data/attributes.h"
#include "core/eval/ground_truth.h"

namespace gvae {

/// images: [n, D] float32 in [0, 1] (grey levels, binarized later), or packed stroke
/// sequences [n, 4T] (see strokes.h); labels: [n] int64.
struct ImageSet {
  torch::Tensor images;
  torch::Tensor labels;
  torch::Tensor factors;  // [n, K] float32 generative factors (sprites), or undefined
  torch::Tensor
      attributes;  // [n, A] int64 discrete attributes (sprites, attributes.h), or undefined
  int64_t size() const { return images.defined() ? images.size(0) : 0; }
  /// Rows start .. start + length of every field (views, no copy).
  ImageSet narrow(int64_t start, int64_t length) const {
    ImageSet out{images.narrow(0, start, length), labels.narrow(0, start, length), {}, {}};
    if (factors.defined()) out.factors = factors.narrow(0, start, length);
    if (attributes.defined()) out.attributes = attributes.narrow(0, start, length);
    return out;
  }
};

/// A graph dataset's tensors (the graph auto-encoders), on the training device. Its splits'
/// rows are node ids (see DataSplits::graph).
struct GraphTensors {
  torch::Tensor features;     // [n, F] float32 node features
  torch::Tensor propagation;  // sparse [n, n]: D^-1/2 (A_train + I) D^-1/2 (core/data/graph.h)
  torch::Tensor target;       // [n, n] float32 0 / 1: A_train + I, what the decoder reconstructs
  /// (n^2 - nnz) / nnz of `target`: the weight of its present entries that makes edges and
  /// non-edges weigh alike (Kipf & Welling's; the models' default, see RunConfig::pos_weight).
  double pos_weight = 1;
  /// Held-out node pairs [k, 2] int64: edges (pos) and as many non-edges (neg).
  torch::Tensor valid_pos, valid_neg, test_pos, test_neg;
  int64_t train_edges = 0;
};

/// Train / validation / test splits of one dataset.
struct DataSplits {
  ImageSet train, valid, test;
  int64_t width = 28, height = 28;  // strokes: width 4, height seq_len (D = width * height)
  int64_t seq_len = 0;              // > 0: packed stroke sequences (see strokes.h), D = 4 * seq_len
  double stroke_scale = 0;          // strokes: raw dx, dy = packed values * stroke_scale
  /// The generative factors of ImageSet::factors and the DAG they are drawn from (parent,
  /// child); empty for datasets without known factors.
  std::vector<FactorInfo> factor_info;
  std::vector<std::pair<std::string, std::string>> factor_dag;
  /// The attributes of ImageSet::attributes (empty: none).
  std::vector<AttributeInfo> attribute_info;
  /// Names of the label classes (empty: the labels mean nothing).
  std::vector<std::string> class_names;
  /// A graph dataset (sbm, cora, citeseer): its tensors, shared by every split, whose rows are
  /// then node ids [n, 1] (every node in each split: the held-out part is edges, not nodes).
  std::shared_ptr<const GraphTensors> graph;
};

}  // namespace gvae
