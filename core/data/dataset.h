// Dataset assembly for training: loads the configured data onto the device, binarizes images.
#pragma once

#include <torch/types.h>

#include "core/data/image_set.h"
#include "core/data/sprites.h"
#include "core/training/run_config.h"
#include "core/util/status.h"

namespace gvae {

/// Seed of the embedded stroke glyphs ("strokes"): fixed for the same reason.
constexpr uint64_t kStrokesSeed = 1234;
/// Seed of the shuffle before IAM-OnDB's 80/10/10 split of its line files.
constexpr uint64_t kIamSplitSeed = 4321;
/// Seed of the embedded graph ("sbm").
constexpr uint64_t kSbmSeed = 20161121;
/// Seed of every graph's edge split: fixed, so runs of any model and seed are judged on the
/// same held-out edges (as a fixed test split of images is).
constexpr uint64_t kGraphSplitSeed = 1;
/// Shares of a graph's edges held out for validation and test (Kipf & Welling 2016).
constexpr double kGraphValidEdges = 0.05, kGraphTestEdges = 0.10;

/// Loads config.dataset as one contiguous tensor per split on `device`:
/// - images: "sprites" (generated, split 80/10/10), "mnist" (from config.data_dir).
///   Validation and test sets are binarized here once (threshold, or a fixed-seed draw for
///   "stochastic"); so is the training set for "threshold", while for "stochastic" it stays
///   grey and binarizeTrain() draws it each epoch.
/// - pen strokes, packed [n, 4T] (see strokes.h) and never binarized: "strokes" (generated,
///   config.strokes_count, split 80/10/10 in order), "omniglot-strokes" (its three split files
///   in config.data_dir), "iam-ondb" (lineStrokes XML under config.data_dir, shuffled with a
///   fixed seed, split 80/10/10). T = config.max_steps, or when 0 the longest training
///   sequence capped at 200; the scale = config.stroke_scale, or when 0 the standard deviation
///   of the training dx and dy. Sets seq_len = T, stroke_scale, width = 4 and height = T.
/// - graphs: "sbm" (generated), "cora" / "citeseer" (LINQS text files in config.data_dir), their
///   edges split 85/5/10 with kGraphSplitSeed (graph.h); every split's rows are the node ids and
///   DataSplits::graph holds the features, the training adjacency and the held-out pairs.
Status loadDataSplits(const RunConfig& config, torch::Device device, DataSplits* out);

/// As loadDataSplits, but only the validation split is made (train and test stay empty), for
/// readers that use no other (the analysis views): the sprites generate only its range, MNIST
/// reads only its training file and converts only the validation images, strokes pack only it
/// (T and the scale still come from the training split when the config leaves them at 0).
Status loadValidationSplit(const RunConfig& config, torch::Device device, DataSplits* out);

/// Training images for one epoch: for "threshold" the (already binary) split itself, no copy;
/// for "stochastic" fresh Bernoulli draws from the grey levels.
torch::Tensor binarizeTrain(const torch::Tensor& train, const std::string& mode);

/// As above with config.binarize, except that stroke datasets pass through unchanged.
torch::Tensor binarizeTrain(const torch::Tensor& train, const RunConfig& config);

/// Indices of the minibatches of one epoch: a shuffled permutation cut into full batches
/// (the last partial batch is dropped: batch normalization needs whole batches).
/// A minibatch is then images.index_select(0, batch_indices[b]): no per-sample copy.
std::vector<torch::Tensor> epochBatches(int64_t n, int64_t batch, torch::Device device);

/// One minibatch: rows of the training split, and for sequences the longest real length among
/// them (known on the host, so cutting the padding needs no device sync; 0 for images).
struct Batch {
  torch::Tensor index;  // [B] on the training device
  int64_t steps = 0;
};

/// The minibatches of one epoch of `train_x` (the training split of `data`): random batches, or
/// for sequences lengthBucketedBatches() by the steps' masks. Draws from the global generator.
std::vector<Batch> trainingBatches(const DataSplits& data, const torch::Tensor& train_x,
                                   int64_t batch, torch::Device device);

/// The inputs of `b`: [B, D] rows, for sequences cut after the batch's longest real step
/// ([B, 4 * steps]: the padding beyond it is never computed).
torch::Tensor batchInputs(const torch::Tensor& train_x, const Batch& b);

/// Minibatches for sequences of `lengths` [n]: chunks of `chunk_batches` random batches are
/// sorted by length before cutting, and the batches shuffled, so a batch pads little (a
/// sequence model then computes only up to its batch's longest sequence). Full batches only.
std::vector<Batch> lengthBucketedBatches(const torch::Tensor& lengths, int64_t batch,
                                         torch::Device device, int64_t chunk_batches = 50);

}  // namespace gvae
