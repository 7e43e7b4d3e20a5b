// FactorHeads: partial supervision of latent nodes by generative factors (the semi-supervised VAE
// of Narayanaswamy et al. 2017): a linear likelihood of factor k given the sample of its node.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/types.h>

#include <vector>

#include "core/eval/ground_truth.h"

namespace gvae {

/// One supervised factor: its column in the factors tensor, its node (0-based) and kind.
struct SupervisedFactor {
  int64_t column = 0;
  int64_t node = 0;
  FactorInfo info;
};

/// A linear head per supervised factor on its node's N' latent values: a Gaussian of unit
/// variance on the standardized factor (continuous), or a softmax over the classes (categorical).
///   FactorHeads heads(factors, node_dim, train_factors);
///   auto nll = heads->negLogLikelihood(terms.z, batch_factors, labelled);   // [B]
class FactorHeadsImpl : public torch::nn::Module {
 public:
  /// `train_factors` [n, K] gives the continuous factors' mean and standard deviation.
  FactorHeadsImpl(std::vector<SupervisedFactor> factors, int64_t node_dim,
                  const torch::Tensor& train_factors);

  /// Sum over the supervised factors of -log p(factor | node sample) per example, 0 for the
  /// rows where `labelled` [B] (bool) is false, which then pass no gradient:
  /// z [B, M], factors [B, K] -> [B].
  torch::Tensor negLogLikelihood(const torch::Tensor& z, const torch::Tensor& factors,
                                 const torch::Tensor& labelled);

  const std::vector<SupervisedFactor>& factors() const { return factors_; }

 private:
  std::vector<SupervisedFactor> factors_;
  int64_t node_dim_;
  torch::nn::ModuleList heads_{nullptr};
  torch::Tensor mean_, sd_;  // buffers [K]: standardization of the continuous factors
};
TORCH_MODULE(FactorHeads);

}  // namespace gvae
