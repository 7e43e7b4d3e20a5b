// GgmVae: a VAE whose Gaussian posterior has a sparse precision (chain or extended 2-D grid).
#pragma once

#include <torch/arg.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>

#include <vector>

#include "core/models/banded_precision.h"
#include "core/models/latent_model.h"
#include "core/models/layers.h"

namespace gvae {

/// Sparsity pattern of the Cholesky factor L of the posterior precision (seed 002).
enum class GgmPattern {
  kChain,  // `ggm-chain`: lower-bidiagonal L over all M dims (tridiagonal precision)
  kGrid,   // `ggm-grid`: N rows of N' units; L lower-block-bidiagonal, diagonal blocks
           // lower-bidiagonal (row neighbours), sub-diagonal blocks tridiagonal (the row above:
           // vertical and diagonal neighbours)
};

///   auto m = GgmVae(GgmVaeOptions().backbone(BackboneOptions().nodes(5).node_dim(16))
///                       .pattern(GgmPattern::kGrid));
struct GgmVaeOptions {
  TORCH_ARG(BackboneOptions, backbone);  // head_hidden is unused: one head predicts L
  TORCH_ARG(GgmPattern, pattern) = GgmPattern::kChain;
};

/// The GgmVae of a run's config with the given precision pattern.
std::shared_ptr<LatentModelImpl> makeGgmVae(const RunConfig& config, int64_t input_dim,
                                            GgmPattern pattern);

/// Prior N(0, I); posterior N(mu, (L L^T)^{-1}) with L from the encoder. Sampling solves
/// L^T nu = eps; log det and the analytic KL walk the blocks once (banded_precision.h). The
/// whole latent is one "node" for per-node statistics: the posterior does not factorize.
class GgmVaeImpl : public LatentModelImpl {
 public:
  explicit GgmVaeImpl(const GgmVaeOptions& options);

  int64_t nodes() const override { return 1; }
  int64_t nodeDim() const override {
    return options_.backbone().nodes() * options_.backbone().node_dim();
  }

  ElboTerms elbo(const torch::Tensor& x, const PassOptions& options) override;
  torch::Tensor logImportanceWeights(const torch::Tensor& x, int64_t k,
                                     const PassOptions& options) override;
  torch::Tensor posteriorMean(const torch::Tensor& x, const PassOptions& options) override;
  torch::Tensor samplePrior(int64_t n, const PassOptions& options) override;
  torch::Tensor decode(const torch::Tensor& z) override;
  void initOutputBias(const torch::Tensor& mean_x) override;

  /// Posterior mean [B, M] and factor of the precision for inputs x [B, D].
  std::pair<torch::Tensor, BlockBidiagonal> posterior(const torch::Tensor& x);

 private:
  GgmVaeOptions options_;
  int64_t blocks_, width_;
  torch::nn::Sequential encoder_{nullptr}, decoder_{nullptr};
  torch::nn::Linear head_{nullptr};
  torch::Tensor diag_mask_, sub_mask_;  // buffers: free entries of the blocks
};
TORCH_MODULE(GgmVae);

}  // namespace gvae
