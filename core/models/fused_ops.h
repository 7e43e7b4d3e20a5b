// Hot chains of a training step with fewer ops: fused CPU kernels (hand-written backward) for a
// node's posterior, sample and KL and for BatchNorm + ELU; other devices or dtypes run the same
// math in tensor ops.
#pragma once

#include <torch/nn/modules/batchnorm.h>
#include <torch/types.h>

#include <functional>
#include <memory>

namespace gvae {

/// One non-root Graph VAE node in training: from the raw top-down output [B, 2d] (mean, raw
/// log-variance, bounded by L tanh(raw / L)), the bottom-up Gaussian (mean_b, logvar_b) [B, d]
/// and noise eps [B, d]: the precision-weighted posterior, its reparameterized sample z [B, d]
/// and the analytic KL(q || p) summed over d [B]. Returns {z, kl}.
std::pair<torch::Tensor, torch::Tensor> fusedNodeSampleKl(const torch::Tensor& raw_prior,
                                                          const torch::Tensor& mean_b,
                                                          const torch::Tensor& logvar_b,
                                                          const torch::Tensor& eps,
                                                          double logvar_bound);

/// elu(bn(x)) for x [B, F]. In training (batch statistics, running statistics updated with the
/// module's momentum) a CPU float32 input takes one fused kernel per direction; otherwise, and
/// in evaluation, the module's own ops.
torch::Tensor batchNormElu(const torch::Tensor& x, torch::nn::BatchNorm1dImpl& bn);

/// Data parallelism: while alive, batch norms in training on this thread (and in the backward
/// pass of what they computed) use the statistics of the global batch, `ranks` times the local
/// one: `sum_over_ranks` sums a CPU double tensor over the ranks in place (throwing on failure).
/// Exactly the normalization of one process training the global batch.
class ScopedBatchNormSync {
 public:
  ScopedBatchNormSync(std::function<void(torch::Tensor&)> sum_over_ranks, int64_t ranks);
  ~ScopedBatchNormSync();
  ScopedBatchNormSync(const ScopedBatchNormSync&) = delete;
  ScopedBatchNormSync& operator=(const ScopedBatchNormSync&) = delete;

  struct Hook {
    std::function<void(torch::Tensor&)> sum;
    int64_t ranks;
  };

 private:
  std::unique_ptr<Hook> hook_;
};

/// -log Bernoulli(x | sigmoid(logits)) summed over the last dimension: [B, D] -> [B]. A fused
/// kernel for 2-D CPU float32 inputs (x takes no gradient); tensor ops otherwise.
torch::Tensor bernoulliNll(const torch::Tensor& logits, const torch::Tensor& x);

}  // namespace gvae
