// TELBO (Vedantam et al. 2017, "Generative models of visually grounded imagination"): a joint
// VAE of images and discrete attributes with product-of-experts inference and the triple ELBO.
#pragma once

#include <torch/arg.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>

#include <vector>

#include "core/models/gaussian.h"
#include "core/models/latent_model.h"
#include "core/models/layers.h"

namespace gvae {

///   auto m = Telbo(TelboOptions().backbone(BackboneOptions()).attribute_sizes({4, 3, 3, 3, 3}));
struct TelboOptions {
  TORCH_ARG(BackboneOptions, backbone);
  TORCH_ARG(std::vector<int64_t>, attribute_sizes);
  TORCH_ARG(double, lambda) = 10;  // weight of log p(y|z) in the joint ELBO
  TORCH_ARG(double, gamma) = 10;   // weight of log p(y|z) in the attribute-only ELBO
};

/// The TELBO of a run's config on its dataset's attributes (the sprites': attributes.h).
std::shared_ptr<LatentModelImpl> makeTelbo(const RunConfig& config, int64_t input_dim);

/// p(z) = N(0, I); p(x | z) Bernoulli from an MLP; p(y | z) = prod_k Cat(y_k | z) from one MLP
/// with a softmax head per attribute. Inference by products of experts with the prior as
/// universal expert: q(z | x, y) ∝ p(z) e(z | x) prod_k e(z | y_k), q(z | x) ∝ p(z) e(z | x),
/// q(z | y_O) ∝ p(z) prod_{k in O} e(z | y_k) for any observed subset O (a partial query),
/// each expert a Gaussian from its own network (the image's an MLP, an attribute's a small MLP
/// on its one-hot value).
///
/// elbo(x) is the image-only ELBO (q(z | x)): the validation curves, eval's log-likelihood and
/// the latent statistics judge the model as a generative model of images. elboWithLabels(x, y)
/// adds, as extra_loss, the two other bounds of the triple ELBO: -[E_q(z|x,y) log p(x|z) +
/// lambda log p(y|z) - KL(q(z|x,y) || p(z))] - [E_q(z|y) gamma log p(y|z) - KL(q(z|y) || p(z))].
class TelboImpl : public LatentModelImpl {
 public:
  explicit TelboImpl(const TelboOptions& options);

  int64_t nodes() const override { return options_.backbone().nodes(); }
  int64_t nodeDim() const override { return options_.backbone().node_dim(); }
  std::vector<int64_t> attributeSizes() const override { return options_.attribute_sizes(); }

  ElboTerms elbo(const torch::Tensor& x, const PassOptions& options) override;
  ElboTerms elboWithLabels(const torch::Tensor& x, const torch::Tensor& codes,
                           const torch::Tensor& labelled, const PassOptions& options) override;
  torch::Tensor logImportanceWeights(const torch::Tensor& x, int64_t k,
                                     const PassOptions& options) override;
  torch::Tensor posteriorMean(const torch::Tensor& x, const PassOptions& options) override;
  torch::Tensor samplePrior(int64_t n, const PassOptions& options) override;
  torch::Tensor decode(const torch::Tensor& z) override;
  torch::Tensor sampleGivenAttributes(const torch::Tensor& codes) override;
  void initOutputBias(const torch::Tensor& mean_x) override;

  /// The posteriors: q(z | x) (codes undefined), q(z | y_O) (x undefined), q(z | x, y_O).
  Gaussian posterior(const torch::Tensor& x, const torch::Tensor& codes);
  /// -sum over the given attributes (codes >= 0) of log p(y_k | z): [B].
  torch::Tensor attributeNll(const torch::Tensor& z, const torch::Tensor& codes);

 private:
  TelboOptions options_;
  torch::nn::Sequential encoder_{nullptr}, decoder_{nullptr}, attribute_decoder_{nullptr};
  torch::nn::Linear image_head_{nullptr};
  torch::nn::ModuleList experts_{nullptr};
};
TORCH_MODULE(Telbo);

}  // namespace gvae
