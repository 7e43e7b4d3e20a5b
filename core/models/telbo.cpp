// TELBO: product-of-experts inference and the triple ELBO (telbo.h).
#include "core/models/telbo.h"

#include <torch/nn/modules/activation.h>

#include "core/data/attributes.h"
#include "core/models/fused_ops.h"
#include "core/models/noise.h"
#include "core/training/run_config.h"

namespace gvae {

std::shared_ptr<LatentModelImpl> makeTelbo(const RunConfig& config, int64_t input_dim) {
  std::vector<int64_t> sizes;
  for (const AttributeInfo& a : spritesAttributes())
    sizes.push_back(static_cast<int64_t>(a.values.size()));
  return std::make_shared<TelboImpl>(TelboOptions()
                                         .backbone(BackboneOptions::fromConfig(config, input_dim))
                                         .attribute_sizes(sizes)
                                         .lambda(config.telbo_lambda)
                                         .gamma(config.telbo_gamma));
}

TelboImpl::TelboImpl(const TelboOptions& options) : options_(options) {
  const BackboneOptions& b = options.backbone();
  const int64_t D = b.input_dim(), M = b.nodes() * b.node_dim(), H = b.head_hidden();
  TORCH_CHECK(!options.attribute_sizes().empty(), "telbo needs attributes");
  const auto last = [](const std::vector<int64_t>& h, int64_t fallback) {
    return h.empty() ? fallback : h.back();
  };
  encoder_ = register_module("encoder", mlpStack(D, b.encoder_hidden(), true));
  image_head_ =
      register_module("image_head", torch::nn::Linear(last(b.encoder_hidden(), D), 2 * M));
  experts_ = register_module("attribute_experts", torch::nn::ModuleList());
  int64_t values = 0;
  for (int64_t v : options.attribute_sizes()) {
    experts_->push_back(torch::nn::Sequential(torch::nn::Linear(v, H), torch::nn::ELU(),
                                              torch::nn::Linear(H, 2 * M)));
    values += v;
  }
  decoder_ = mlpStack(M, b.decoder_hidden(), true);
  decoder_->push_back(torch::nn::Linear(last(b.decoder_hidden(), M), D));
  decoder_ = register_module("decoder", decoder_);
  attribute_decoder_ = register_module(
      "attribute_decoder", torch::nn::Sequential(torch::nn::Linear(M, H), torch::nn::ELU(),
                                                 torch::nn::Linear(H, values)));
}

Gaussian TelboImpl::posterior(const torch::Tensor& x, const torch::Tensor& codes) {
  const double bound = options_.backbone().logvar_bound();
  std::vector<Gaussian> experts;
  std::vector<torch::Tensor> present;
  if (x.defined()) {
    experts.push_back(gaussianFromRaw(image_head_->forward(mlpForward(encoder_, x)), bound));
    present.push_back(torch::ones({x.size(0), 1}, x.options()));
  }
  if (codes.defined()) {
    const auto& sizes = options_.attribute_sizes();
    const auto options = image_head_->weight.options();
    for (size_t k = 0; k < sizes.size(); ++k) {
      auto c = codes.select(1, static_cast<int64_t>(k));
      auto given = (c >= 0).to(options.dtype()).unsqueeze(1);  // [B, 1]
      auto hot = torch::one_hot(c.clamp_min(0), sizes[k]).to(options.dtype());
      auto raw = experts_[k]->as<torch::nn::Sequential>()->forward(hot);
      experts.push_back(gaussianFromRaw(raw, bound));
      present.push_back(given);
    }
  }
  return productOfExperts(experts, present);
}

torch::Tensor TelboImpl::attributeNll(const torch::Tensor& z, const torch::Tensor& codes) {
  auto logits = attribute_decoder_->forward(z);  // [B, sum of values]
  auto nll = torch::zeros({z.size(0)}, z.options());
  int64_t offset = 0;
  const auto& sizes = options_.attribute_sizes();
  for (size_t k = 0; k < sizes.size(); ++k) {
    auto log_p = torch::log_softmax(logits.narrow(1, offset, sizes[k]), 1);
    auto c = codes.select(1, static_cast<int64_t>(k));
    auto given = (c >= 0).to(z.dtype());
    nll = nll - given * log_p.gather(1, c.clamp_min(0).unsqueeze(1)).squeeze(1);
    offset += sizes[k];
  }
  return nll;
}

ElboTerms TelboImpl::elbo(const torch::Tensor& x, const PassOptions&) {
  const int64_t B = x.size(0);
  Gaussian q = posterior(x, {});
  auto z = q.sample();
  ElboTerms t;
  t.nll = bernoulliNll(decode(z), x);
  t.node_kl = klToStandardNormal(
      Gaussian{q.mean.view({B, nodes(), nodeDim()}), q.logvar.view({B, nodes(), nodeDim()})});
  t.kl = t.node_kl.sum(1);
  t.z = z;
  return t;
}

ElboTerms TelboImpl::elboWithLabels(const torch::Tensor& x, const torch::Tensor& codes,
                                    const torch::Tensor& labelled, const PassOptions& options) {
  ElboTerms t = elbo(x, options);
  if (!codes.defined()) return t;
  Gaussian joint = posterior(x, codes);
  auto zj = joint.sample();
  auto joint_loss = bernoulliNll(decode(zj), x) + options_.lambda() * attributeNll(zj, codes) +
                    klToStandardNormal(joint);
  Gaussian attr = posterior({}, codes);
  auto za = attr.sample();
  auto attr_loss = options_.gamma() * attributeNll(za, codes) + klToStandardNormal(attr);
  t.extra_loss = joint_loss + attr_loss;
  if (labelled.defined()) t.extra_loss = t.extra_loss * labelled.to(x.dtype());
  return t;
}

torch::Tensor TelboImpl::logImportanceWeights(const torch::Tensor& x, int64_t k,
                                              const PassOptions&) {
  const int64_t B = x.size(0);
  auto xs = repeatForSamples(x, k);
  Gaussian q = posterior(xs, {});
  auto z = q.sample();
  return (standardNormalLogDensity(z) - q.logDensity(z) - bernoulliNll(decode(z), xs)).view({k, B});
}

torch::Tensor TelboImpl::posteriorMean(const torch::Tensor& x, const PassOptions&) {
  return posterior(x, {}).mean;
}

torch::Tensor TelboImpl::samplePrior(int64_t n, const PassOptions&) {
  return gvae::randn({n, latentDim()}, image_head_->weight.options());
}

torch::Tensor TelboImpl::decode(const torch::Tensor& z) { return mlpForward(decoder_, z); }

torch::Tensor TelboImpl::sampleGivenAttributes(const torch::Tensor& codes) {
  return posterior({}, codes).sample();
}

void TelboImpl::initOutputBias(const torch::Tensor& mean_x) {
  setOutputBiasToLogit(decoder_, mean_x);
}

}  // namespace gvae
