// Fused node-posterior and Bernoulli-likelihood kernels (forward and backward in one pass each).
#include "core/models/fused_ops.h"

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include <cmath>

#include "core/models/gaussian.h"

namespace gvae {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

bool fusable(std::initializer_list<const torch::Tensor*> ts) {
  for (const torch::Tensor* t : ts)
    if (!t->device().is_cpu() || t->scalar_type() != torch::kFloat) return false;
  return true;
}

inline float softplusf(float v) { return v > 20.f ? v : std::log1p(std::exp(v)); }
inline float sigmoidf(float v) { return 1.f / (1.f + std::exp(-v)); }

// Math of the node, per element. Prior: mp, lp = L tanh(rv / L). dd = lb - lp,
// w = sigmoid(dd) (weight of the prior mean), mq = mb + w (mp - mb), lq = lb - softplus(dd),
// z = mq + exp(lq / 2) eps, kl = (lp - lq + (exp(lq) + (mq - mp)^2) exp(-lp) - 1) / 2.
struct NodeFn : public torch::autograd::Function<NodeFn> {
  static tensor_list forward(AutogradContext* ctx, const torch::Tensor& raw,
                             const torch::Tensor& mb, const torch::Tensor& lb,
                             const torch::Tensor& eps, double bound) {
    auto r = raw.contiguous(), m_b = mb.contiguous(), l_b = lb.contiguous(), e = eps.contiguous();
    const int64_t B = m_b.size(0), d = m_b.size(1);
    auto z = torch::empty({B, d}, m_b.options());
    auto kl = torch::empty({B}, m_b.options());
    const float L = static_cast<float>(bound);
    const float *R = r.data_ptr<float>(), *MB = m_b.data_ptr<float>(), *LB = l_b.data_ptr<float>(),
                *E = e.data_ptr<float>();
    float *Z = z.data_ptr<float>(), *K = kl.data_ptr<float>();
    at::parallel_for(0, B, 64, [&](int64_t b0, int64_t b1) {
      for (int64_t b = b0; b < b1; ++b) {
        double acc = 0;
        for (int64_t j = 0; j < d; ++j) {
          const float mp = R[b * 2 * d + j], lp = L * std::tanh(R[b * 2 * d + d + j] / L);
          const float m_b_ = MB[b * d + j], l_b_ = LB[b * d + j];
          const float dd = l_b_ - lp, w = sigmoidf(dd);
          const float mq = m_b_ + w * (mp - m_b_), lq = l_b_ - softplusf(dd);
          Z[b * d + j] = mq + std::exp(0.5f * lq) * E[b * d + j];
          const float diff = mq - mp;
          acc += 0.5f * (lp - lq + (std::exp(lq) + diff * diff) * std::exp(-lp) - 1.f);
        }
        K[b] = static_cast<float>(acc);
      }
    });
    ctx->save_for_backward({r, m_b, l_b, e});
    ctx->saved_data["bound"] = bound;
    return {z, kl};
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
    auto saved = ctx->get_saved_variables();
    const auto &r = saved[0], &m_b = saved[1], &l_b = saved[2], &e = saved[3];
    const float L = static_cast<float>(ctx->saved_data["bound"].toDouble());
    const int64_t B = m_b.size(0), d = m_b.size(1);
    auto gz = grads[0].defined() ? grads[0].contiguous() : torch::zeros({B, d}, m_b.options());
    auto gk = grads[1].defined() ? grads[1].contiguous() : torch::zeros({B}, m_b.options());
    auto g_raw = torch::empty_like(r), g_mb = torch::empty_like(m_b), g_lb = torch::empty_like(l_b);
    const float *R = r.data_ptr<float>(), *MB = m_b.data_ptr<float>(), *LB = l_b.data_ptr<float>(),
                *E = e.data_ptr<float>(), *GZ = gz.data_ptr<float>(), *GK = gk.data_ptr<float>();
    float *GR = g_raw.data_ptr<float>(), *GMB = g_mb.data_ptr<float>(),
          *GLB = g_lb.data_ptr<float>();
    at::parallel_for(0, B, 64, [&](int64_t b0, int64_t b1) {
      for (int64_t b = b0; b < b1; ++b) {
        const float gk_ = GK[b];
        for (int64_t j = 0; j < d; ++j) {
          const float mp = R[b * 2 * d + j], t = std::tanh(R[b * 2 * d + d + j] / L), lp = L * t;
          const float m_b_ = MB[b * d + j], l_b_ = LB[b * d + j], eps_ = E[b * d + j];
          const float dd = l_b_ - lp, w = sigmoidf(dd);
          const float mq = m_b_ + w * (mp - m_b_), lq = l_b_ - softplusf(dd);
          const float sq = std::exp(0.5f * lq), vq = sq * sq, inv_vp = std::exp(-lp);
          const float diff = mq - mp, gz_ = GZ[b * d + j];
          // Upstream gradients of mq and lq (through z and through the KL).
          const float g_mq = gz_ + gk_ * diff * inv_vp;
          const float g_lq = gz_ * 0.5f * sq * eps_ + gk_ * 0.5f * (vq * inv_vp - 1.f);
          const float g_dd = g_mq * w * (1.f - w) * (mp - m_b_) - g_lq * w;
          const float g_mp = g_mq * w - gk_ * diff * inv_vp;
          const float g_lp = -g_dd + gk_ * 0.5f * (1.f - (vq + diff * diff) * inv_vp);
          GR[b * 2 * d + j] = g_mp;
          GR[b * 2 * d + d + j] = g_lp * (1.f - t * t);
          GMB[b * d + j] = g_mq * (1.f - w);
          GLB[b * d + j] = g_lq + g_dd;
        }
      }
    });
    return {g_raw, g_mb, g_lb, torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

std::pair<torch::Tensor, torch::Tensor> fusedNodeSampleKl(const torch::Tensor& raw_prior,
                                                          const torch::Tensor& mean_b,
                                                          const torch::Tensor& logvar_b,
                                                          const torch::Tensor& eps,
                                                          double logvar_bound) {
  if (fusable({&raw_prior, &mean_b, &logvar_b, &eps})) {
    auto out = NodeFn::apply(raw_prior, mean_b, logvar_b, eps, logvar_bound);
    return {out[0], out[1]};
  }
  Gaussian p = gaussianFromRaw(raw_prior, logvar_bound);
  Gaussian q = fusePrecisionWeighted(p, {mean_b, logvar_b});
  return {q.mean + torch::exp(0.5 * q.logvar) * eps, klDivergence(q, p)};
}

torch::Tensor bernoulliNll(const torch::Tensor& logits, const torch::Tensor& x) {
  // softplus(l) - x l: three vectorized ops (LibTorch 1.13's BCE-with-logits composes ~9).
  return (torch::softplus(logits) - x * logits).sum(-1);
}

}  // namespace gvae
