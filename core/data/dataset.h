// Dataset assembly for training: loads the configured data onto the device and binarizes it.
#pragma once

#include <torch/types.h>

#include "core/data/image_set.h"
#include "core/training/run_config.h"
#include "core/util/status.h"

namespace gvae {

/// Seed of the embedded sprites: fixed, so every run of every user sees the same dataset.
constexpr uint64_t kSpritesSeed = 20190506;

/// Loads config.dataset ("sprites": generated, split 80/10/10; "mnist": from config.data_dir)
/// as one contiguous tensor per split on `device`. Validation and test sets are binarized here
/// once (threshold, or a fixed-seed draw for "stochastic"); so is the training set for
/// "threshold", while for "stochastic" it stays grey and binarizeTrain() draws it each epoch.
Status loadDataSplits(const RunConfig& config, torch::Device device, DataSplits* out);

/// Training images for one epoch: for "threshold" the (already binary) split itself, no copy;
/// for "stochastic" fresh Bernoulli draws from the grey levels.
torch::Tensor binarizeTrain(const torch::Tensor& train, const std::string& mode);

/// Indices of the minibatches of one epoch: a shuffled permutation cut into full batches
/// (the last partial batch is dropped: batch normalization needs whole batches).
/// A minibatch is then images.index_select(0, batch_indices[b]): no per-sample copy.
std::vector<torch::Tensor> epochBatches(int64_t n, int64_t batch, torch::Device device);

}  // namespace gvae
