// SsVae: the semi-supervised VAE (Kingma et al. 2014's M2, as run by Narayanaswamy et al. 2017):
// a discrete class y, partially observed, beside a continuous style z.
#pragma once

#include <torch/arg.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>

#include "core/models/latent_model.h"
#include "core/models/layers.h"

namespace gvae {

///   auto m = SsVae(SsVaeOptions().backbone(BackboneOptions().nodes(1).node_dim(16)).classes(10));
struct SsVaeOptions {
  TORCH_ARG(BackboneOptions, backbone);  // z has nodes x node_dim dimensions; head_hidden unused
  TORCH_ARG(int64_t, classes) = 10;
};

/// The SsVae of a run's config: classes from its dataset (sprites: 4 shapes; MNIST: 10 digits).
std::shared_ptr<LatentModelImpl> makeSsVae(const RunConfig& config, int64_t input_dim);

/// p(y) uniform over C classes, p(z) = N(0, I), p(x | y, z) Bernoulli from an MLP on [z, y];
/// q(y | x) a classifier MLP, q(z | x, y) a Gaussian from an MLP on [x, y].
///
/// A labelled example's bound L(x, y) = E_q(z|x,y)[log p(x|y,z)] - KL(q(z|x,y) || p(z)) - log C.
/// An unlabelled one's U(x) = sum_y q(y|x) L(x, y) + H(q(y|x)) = sum_y q(y|x) [log p(x|y,z) -
/// KL_z] - KL(q(y|x) || p(y)), computed exactly by enumerating the C classes (one z sample
/// each). elbo() is U(x); elboWithLabels() uses L(x, y) on the labelled rows. extra_loss holds
/// the class terms (KL(q(y|x) || p(y)), or log C); they are also in kl, whose node_kl part is the
/// z terms. The classification term alpha * -log q(y|x) is the training objective's (session).
/// The path samplePrior / posteriorMeanPath / decode use is [z, one-hot y] (pathWidth() = M +
/// C); posteriorMean is z's mean under q(y|x): sum_y q(y|x) E[z | x, y].
class SsVaeImpl : public LatentModelImpl {
 public:
  explicit SsVaeImpl(const SsVaeOptions& options);

  int64_t nodes() const override { return options_.backbone().nodes(); }
  int64_t nodeDim() const override { return options_.backbone().node_dim(); }
  int64_t classes() const override { return options_.classes(); }

  ElboTerms elbo(const torch::Tensor& x, const PassOptions& options) override;
  ElboTerms elboWithLabels(const torch::Tensor& x, const torch::Tensor& labels,
                           const torch::Tensor& labelled, const PassOptions& options) override;
  /// log w = log p(x|y,z) + log p(y) + log p(z) - log q(z|x,y) - log q(y|x) with y ~ q(y|x)
  /// (Gumbel-max) and z ~ q(z|x,y) per sample.
  torch::Tensor logImportanceWeights(const torch::Tensor& x, int64_t k,
                                     const PassOptions& options) override;
  torch::Tensor posteriorMean(const torch::Tensor& x, const PassOptions& options) override;
  /// [z, y]: the classes cycle over the rows (row r has class r mod C).
  torch::Tensor samplePrior(int64_t n, const PassOptions& options) override;
  /// [E[z | x, y*], y*] with y* = argmax q(y | x).
  torch::Tensor posteriorMeanPath(const torch::Tensor& x, const PassOptions& options) override;
  torch::Tensor decode(const torch::Tensor& path) override;
  torch::Tensor classLogits(const torch::Tensor& x) override;
  void initOutputBias(const torch::Tensor& mean_x) override;

 private:
  /// Means and log-variances of q(z | x, y) for x [B, D] and one-hot y [B, C]: [B, M] each.
  std::pair<torch::Tensor, torch::Tensor> posterior(const torch::Tensor& x, const torch::Tensor& y);

  SsVaeOptions options_;
  torch::nn::Sequential classifier_{nullptr}, encoder_{nullptr}, decoder_{nullptr};
  torch::nn::Linear class_head_{nullptr}, z_head_{nullptr};
};
TORCH_MODULE(SsVae);

}  // namespace gvae
