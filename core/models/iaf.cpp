// MADE masks from degrees, and the gated IAF update with alternating variable order.
#include "core/models/iaf.h"

#include <torch/nn/functional/activation.h>

#include <cmath>

namespace gvae {
namespace {
constexpr double kGateBias = 1.5;  // s <- s + b: sigma starts near 0.82, close to the identity
}

MaskedLinearImpl::MaskedLinearImpl(int64_t in, int64_t out, torch::Tensor m) {
  double bound = 1.0 / std::sqrt(static_cast<double>(in));
  weight = register_parameter("weight", torch::empty({out, in}).uniform_(-bound, bound));
  bias = register_parameter("bias", torch::empty({out}).uniform_(-bound, bound));
  mask = register_buffer("mask", m.to(torch::kFloat));
}

torch::Tensor MaskedLinearImpl::forward(const torch::Tensor& x) {
  return torch::addmm(bias, x, (weight * mask).t());
}

MadeImpl::MadeImpl(int64_t d, int64_t context, int64_t hidden) : d_(d) {
  // Degrees: inputs 1..d, hidden units 0..d-1 (a unit of degree k sees inputs 1..k), outputs
  // 1..d for m and again for s (output i sees hidden units of degree < i).
  auto in_deg = torch::arange(1, d + 1);
  auto hid_deg = torch::arange(hidden) % d;
  auto out_deg = torch::cat({in_deg, in_deg});
  in_ = register_module("in", MaskedLinear(d, hidden, hid_deg.unsqueeze(1) >= in_deg.unsqueeze(0)));
  out_ = register_module("out",
                         MaskedLinear(hidden, 2 * d, out_deg.unsqueeze(1) > hid_deg.unsqueeze(0)));
  context_ = register_module("context", torch::nn::Linear(context, hidden));
  torch::NoGradGuard no_grad;
  out_->bias.narrow(0, d, d).add_(kGateBias);
}

std::pair<torch::Tensor, torch::Tensor> MadeImpl::forward(const torch::Tensor& z,
                                                          const torch::Tensor& h) {
  auto hidden = torch::nn::functional::elu(in_->forward(z) + context_->forward(h));
  auto out = out_->forward(hidden);
  return {out.narrow(1, 0, d_), out.narrow(1, d_, d_)};
}

IafImpl::IafImpl(int64_t d, int64_t context, int64_t steps, int64_t hidden) {
  steps_ = register_module("steps", torch::nn::ModuleList());
  for (int64_t t = 0; t < steps; ++t) steps_->push_back(Made(d, context, hidden));
}

std::pair<torch::Tensor, torch::Tensor> IafImpl::forward(const torch::Tensor& z0,
                                                         const torch::Tensor& h) {
  auto z = z0;
  auto log_det = torch::zeros({z0.size(0)}, z0.options());
  for (size_t t = 0; t < steps_->size(); ++t) {
    const bool reversed = t % 2 == 1;  // a permutation: |det| = 1, nothing to add
    auto zt = reversed ? z.flip(1) : z;
    auto [m, s] = steps_[t]->as<Made>()->forward(zt, h);
    auto sigma = torch::sigmoid(s);
    zt = sigma * zt + (1 - sigma) * m;
    log_det = log_det + torch::log_sigmoid(s).sum(1);
    z = reversed ? zt.flip(1) : zt;
  }
  return {z, log_det};
}

}  // namespace gvae
