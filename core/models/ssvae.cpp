// The semi-supervised VAE: classifier, class-conditional encoder and decoder (ssvae.h).
#include "core/models/ssvae.h"

#include <cmath>

#include "core/models/fused_ops.h"
#include "core/models/gaussian.h"
#include "core/models/noise.h"
#include "core/training/run_config.h"

namespace gvae {

std::shared_ptr<LatentModelImpl> makeSsVae(const RunConfig& config, int64_t input_dim) {
  return std::make_shared<SsVaeImpl>(SsVaeOptions()
                                         .backbone(BackboneOptions::fromConfig(config, input_dim))
                                         .classes(datasetClasses(config.dataset)));
}

SsVaeImpl::SsVaeImpl(const SsVaeOptions& options) : options_(options) {
  const BackboneOptions& b = options.backbone();
  const int64_t D = b.input_dim(), C = options.classes(), M = b.nodes() * b.node_dim();
  TORCH_CHECK(C >= 2, "ssvae needs at least two classes");
  const auto last = [](const std::vector<int64_t>& h, int64_t fallback) {
    return h.empty() ? fallback : h.back();
  };
  classifier_ = register_module("classifier", mlpStack(D, b.encoder_hidden(), true));
  class_head_ = register_module("class_head", torch::nn::Linear(last(b.encoder_hidden(), D), C));
  encoder_ = register_module("encoder", mlpStack(D + C, b.encoder_hidden(), true));
  z_head_ = register_module("z_head", torch::nn::Linear(last(b.encoder_hidden(), D + C), 2 * M));
  decoder_ = mlpStack(M + C, b.decoder_hidden(), true);
  decoder_->push_back(torch::nn::Linear(last(b.decoder_hidden(), M + C), D));
  decoder_ = register_module("decoder", decoder_);
}

torch::Tensor SsVaeImpl::classLogits(const torch::Tensor& x) {
  return class_head_->forward(mlpForward(classifier_, x));
}

std::pair<torch::Tensor, torch::Tensor> SsVaeImpl::posterior(const torch::Tensor& x,
                                                             const torch::Tensor& y) {
  Gaussian q = gaussianFromRaw(z_head_->forward(mlpForward(encoder_, torch::cat({x, y}, 1))),
                               options_.backbone().logvar_bound());
  return {q.mean, q.logvar};
}

ElboTerms SsVaeImpl::elbo(const torch::Tensor& x, const PassOptions& options) {
  return elboWithLabels(x, {}, {}, options);
}

ElboTerms SsVaeImpl::elboWithLabels(const torch::Tensor& x, const torch::Tensor& labels,
                                    const torch::Tensor& labelled, const PassOptions&) {
  const int64_t B = x.size(0), C = classes(), N = nodes(), Nd = nodeDim();
  auto log_q = torch::log_softmax(classLogits(x), 1);  // [B, C]
  // Every class for every row, class-major: row c * B + b is example b with class c.
  auto xs = x.repeat({C, 1});
  auto ys = torch::one_hot(torch::arange(C, x.options().dtype(torch::kLong)), C)
                .to(x.dtype())
                .repeat_interleave(B, 0);
  auto [mean, logvar] = posterior(xs, ys);
  Gaussian q{mean, logvar};
  auto z = q.sample();
  auto nll = bernoulliNll(decode(torch::cat({z, ys}, 1)), xs).view({C, B});
  Gaussian qn{mean.view({C * B, N, Nd}), logvar.view({C * B, N, Nd})};
  auto node_kl = klToStandardNormal(qn).view({C, B, N});
  // Weights of the classes: q(y | x), or the observed class's one-hot on labelled rows.
  auto w = log_q.exp().t();  // [C, B]
  const double log_c = std::log(static_cast<double>(C));
  auto class_term = (w * log_q.t()).sum(0) + log_c;  // KL(q(y|x) || uniform)
  if (labels.defined() && labelled.defined()) {
    auto observed = torch::one_hot(labels, C).to(x.dtype()).t();  // [C, B]
    auto mask = labelled.to(x.dtype()).unsqueeze(0);
    w = mask * observed + (1 - mask) * w;
    class_term = torch::where(labelled, torch::full_like(class_term, log_c), class_term);
  }
  ElboTerms t;
  t.nll = (w * nll).sum(0);
  t.node_kl = (w.unsqueeze(2) * node_kl).sum(0);
  t.extra_loss = class_term;
  t.kl = t.node_kl.sum(1) + class_term;
  t.z = (w.unsqueeze(2) * z.view({C, B, -1})).sum(0);
  return t;
}

torch::Tensor SsVaeImpl::logImportanceWeights(const torch::Tensor& x, int64_t k,
                                              const PassOptions&) {
  const int64_t B = x.size(0), C = classes();
  auto xs = repeatForSamples(x, k);                     // [k * B, D]
  auto log_q = torch::log_softmax(classLogits(xs), 1);  // [k * B, C]
  // Gumbel-max: argmax(log q + Gumbel noise) is a draw from q(y | x).
  auto u = randLike(log_q).clamp(1e-12, 1.0 - 1e-7);
  auto y = (log_q - torch::log(-torch::log(u))).argmax(1);
  auto y_hot = torch::one_hot(y, C).to(x.dtype());
  auto [mean, logvar] = posterior(xs, y_hot);
  Gaussian q{mean, logvar};
  auto z = q.sample();
  auto log_w = standardNormalLogDensity(z) - q.logDensity(z) - std::log(static_cast<double>(C)) -
               log_q.gather(1, y.unsqueeze(1)).squeeze(1) -
               bernoulliNll(decode(torch::cat({z, y_hot}, 1)), xs);
  return log_w.view({k, B});
}

torch::Tensor SsVaeImpl::posteriorMean(const torch::Tensor& x, const PassOptions&) {
  const int64_t B = x.size(0), C = classes();
  auto q = torch::softmax(classLogits(x), 1).t();  // [C, B]
  auto ys = torch::one_hot(torch::arange(C, x.options().dtype(torch::kLong)), C)
                .to(x.dtype())
                .repeat_interleave(B, 0);
  auto mean = posterior(x.repeat({C, 1}), ys).first.view({C, B, -1});
  return (q.unsqueeze(2) * mean).sum(0);
}

torch::Tensor SsVaeImpl::posteriorMeanPath(const torch::Tensor& x, const PassOptions&) {
  auto y = torch::one_hot(classLogits(x).argmax(1), classes()).to(x.dtype());
  return torch::cat({posterior(x, y).first, y}, 1);
}

torch::Tensor SsVaeImpl::samplePrior(int64_t n, const PassOptions&) {
  const auto options = class_head_->bias.options();
  auto z = gvae::randn({n, latentDim()}, options);
  auto y = torch::one_hot(torch::arange(n, options.dtype(torch::kLong)) % classes(), classes())
               .to(options.dtype());
  return torch::cat({z, y}, 1);
}

torch::Tensor SsVaeImpl::decode(const torch::Tensor& path) { return mlpForward(decoder_, path); }

void SsVaeImpl::initOutputBias(const torch::Tensor& mean_x) {
  setOutputBiasToLogit(decoder_, mean_x);
}

}  // namespace gvae
