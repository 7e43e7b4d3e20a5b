// LatentModel: the one interface every model offers to training, evaluation and the views.
#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

#include "core/models/gates.h"

namespace gvae {

struct RunConfig;
struct GraphTensors;

/// Terms of the evidence lower bound for one sample of z (and of the gates), per example.
struct ElboTerms {
  torch::Tensor nll;      // [B] -log p(x | z)
  torch::Tensor kl;       // [B] sum over nodes of the analytic per-node KL
  torch::Tensor node_kl;  // [B, N]
  torch::Tensor z;        // [B, M] the latent sample the decoder read (undefined for sequences)
  /// [B] or undefined: the training loss's terms outside nll and node_kl (a semi-supervised
  /// model's KL of its class posterior and its classification term), added to the loss as is
  /// (no KL warm-up or beta). The part that belongs to the ELBO is also in kl.
  torch::Tensor extra_loss;
  torch::Tensor elbo() const { return -(nll + kl); }
};

/// Options of a forward pass.
struct PassOptions {
  GateMode gates = GateMode::kRelaxed;
  double tau = 1.0;
  bool per_example_gates = false;  // one gate sample per example instead of per minibatch
  bool straight_through = false;   // kRelaxed: binary gates forward, relaxed gradient backward
  double kl_weight = 1.0;  // weight of log p(z) - log q(z) in importance weights (IWAE warm-up)
};

/// Common interface: encode, sample, ELBO terms, importance weights, decode, latent statistics.
/// Inputs x are [B, D] in [0, 1]; latents z are [B, M] with M = nodes * node_dim.
class LatentModelImpl : public torch::nn::Module {
 public:
  ~LatentModelImpl() override = default;

  virtual int64_t nodes() const = 0;
  virtual int64_t nodeDim() const = 0;
  int64_t latentDim() const { return nodes() * nodeDim(); }

  /// ELBO terms with one sample of z: [B, D] -> ElboTerms of [B].
  virtual ElboTerms elbo(const torch::Tensor& x, const PassOptions& options) = 0;
  /// log p(x|z) + log p(z) - log q(z|x) for `k` samples per example: [B, D] -> [k, B].
  virtual torch::Tensor logImportanceWeights(const torch::Tensor& x, int64_t k,
                                             const PassOptions& options) = 0;
  /// Posterior means with every parent at its mean: [B, D] -> [B, M].
  virtual torch::Tensor posteriorMean(const torch::Tensor& x, const PassOptions& options) = 0;
  /// Samples of z from the prior: -> [n, latentSteps() * pathWidth()].
  virtual torch::Tensor samplePrior(int64_t n, const PassOptions& options) = 0;
  /// Bernoulli logits of p(x | z): [B, M] -> [B, D].
  virtual torch::Tensor decode(const torch::Tensor& z) = 0;
  /// The mean of p(x | z) in data space: [B, latentSteps() * pathWidth()] -> [B, D] (pixel
  /// probabilities for images; packed (dx, dy, pen probability, 1) steps for sequences).
  virtual torch::Tensor decodeMean(const torch::Tensor& z) { return torch::sigmoid(decode(z)); }

  /// Latent vectors per example: 1 for images; T for a sequence model, whose z is the path
  /// z^1..z^T laid out step-major as [B, T * M].
  virtual int64_t latentSteps() const { return 1; }
  /// The posterior mean path [B, latentSteps() * pathWidth()] (what decodeMean reconstructs from);
  /// posteriorMean() is the per-example summary [B, M] the latent statistics use.
  virtual torch::Tensor posteriorMeanPath(const torch::Tensor& x, const PassOptions& options) {
    return posteriorMean(x, options);
  }

  /// Sets the decoder's output bias to logit(mean_x) ([D] in [0, 1]): training then starts from
  /// the marginal pixel probabilities instead of 0.5 everywhere.
  virtual void initOutputBias(const torch::Tensor& mean_x) = 0;

  /// Classes of a discrete latent y (the semi-supervised model), or 0 without one. With
  /// classes, the path decode() reads is [B, pathWidth()] = z then y one-hot.
  virtual int64_t classes() const { return 0; }
  /// Width of one latent step of the path samplePrior(), posteriorMeanPath() and decode() use:
  /// latentDim(), plus classes() for a model with a discrete y.
  int64_t pathWidth() const { return latentDim() + classes(); }
  /// Logits of q(y | x) [B, classes()] for a model with a discrete y (undefined otherwise).
  virtual torch::Tensor classLogits(const torch::Tensor& /*x*/) { return {}; }
  /// ELBO terms where the rows with `labelled` true observe their class `labels` ([B] int64,
  /// [B] bool; either may be undefined: nothing observed). Other models ignore the labels.
  virtual ElboTerms elboWithLabels(const torch::Tensor& x, const torch::Tensor& /*labels*/,
                                   const torch::Tensor& /*labelled*/, const PassOptions& options) {
    return elbo(x, options);
  }

  /// Value counts of the discrete attributes a model also generates (TELBO), or empty. Such a
  /// model's elboWithLabels() reads `labels` as the attribute codes [B, A] (-1: not given).
  virtual std::vector<int64_t> attributeSizes() const { return {}; }
  /// Latents drawn from q(z | the given attributes) for codes [B, A] (-1: not given); undefined
  /// for a model without attributes.
  virtual torch::Tensor sampleGivenAttributes(const torch::Tensor& /*codes*/) { return {}; }

  /// A graph model (DataKind::kGraph) reads its graph here, after construction and before any
  /// pass; its data rows are then node ids. Other models ignore it.
  virtual void setGraph(std::shared_ptr<const GraphTensors> /*graph*/) {}

  /// The learned or fixed gates, or nullptr for a model without an explicit graph.
  virtual GatesImpl* gates() { return nullptr; }
  /// Whether the user may freeze / unfreeze gates (false when the structure is fixed).
  virtual bool gatesLearnable() const { return false; }
};

using LatentModel = std::shared_ptr<LatentModelImpl>;

}  // namespace gvae
