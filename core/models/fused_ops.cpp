// Fused CPU ops with hand-written backward passes: the Graph VAE node, BatchNorm + ELU and the
// Bernoulli likelihood (their loops live in fused_kernels.cpp).
#include "core/models/fused_ops.h"

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include <algorithm>

#include "core/models/fused_kernels.h"
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

// Rows per thread chunk: a training batch (128 rows of 16) runs on the calling thread.
constexpr int64_t kRowGrain = 256;

// Math of the node per element: see fused_kernels.cpp. Prior mp, lp = L tanh(rv / L); posterior by
// precision weighting with the bottom-up (mb, lb); z = mq + exp(lq / 2) eps; analytic KL(q || p).
struct NodeFn : public torch::autograd::Function<NodeFn> {
  static tensor_list forward(AutogradContext* ctx, const torch::Tensor& raw,
                             const torch::Tensor& mb, const torch::Tensor& lb,
                             const torch::Tensor& eps, double bound) {
    auto r = raw.contiguous(), m_b = mb.contiguous(), l_b = lb.contiguous(), e = eps.contiguous();
    const int64_t B = m_b.size(0), d = m_b.size(1);
    auto z = torch::empty({B, d}, m_b.options());
    auto kl = torch::empty({B}, m_b.options());
    const float L = static_cast<float>(bound);
    at::parallel_for(0, B, kRowGrain, [&](int64_t b0, int64_t b1) {
      nodeForwardRows(b0, b1, d, L, r.data_ptr<float>(), m_b.data_ptr<float>(),
                      l_b.data_ptr<float>(), e.data_ptr<float>(), z.data_ptr<float>(),
                      kl.data_ptr<float>());
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
    at::parallel_for(0, B, kRowGrain, [&](int64_t b0, int64_t b1) {
      nodeBackwardRows(b0, b1, d, L, r.data_ptr<float>(), m_b.data_ptr<float>(),
                       l_b.data_ptr<float>(), e.data_ptr<float>(), gz.data_ptr<float>(),
                       gk.data_ptr<float>(), g_raw.data_ptr<float>(), g_mb.data_ptr<float>(),
                       g_lb.data_ptr<float>());
    });
    return {g_raw, g_mb, g_lb, torch::Tensor(), torch::Tensor()};
  }
};

// BatchNorm (batch statistics) + ELU. Saves xhat, y and invstd; gamma for the backward pass.
struct BnEluFn : public torch::autograd::Function<BnEluFn> {
  static tensor_list forward(AutogradContext* ctx, const torch::Tensor& x,
                             const torch::Tensor& gamma, const torch::Tensor& beta,
                             torch::Tensor running_mean, torch::Tensor running_var, double eps,
                             double momentum) {
    auto xc = x.contiguous(), g = gamma.contiguous(), b = beta.contiguous();
    const int64_t B = xc.size(0), F = xc.size(1);
    auto xhat = torch::empty_like(xc), y = torch::empty_like(xc);
    auto invstd = torch::empty({F}, xc.options());
    at::parallel_for(0, F, columnGrain(B), [&](int64_t f0, int64_t f1) {
      bnEluForwardCols(B, F, f0, f1, xc.data_ptr<float>(), g.data_ptr<float>(), b.data_ptr<float>(),
                       static_cast<float>(eps), static_cast<float>(momentum),
                       running_mean.data_ptr<float>(), running_var.data_ptr<float>(),
                       xhat.data_ptr<float>(), y.data_ptr<float>(), invstd.data_ptr<float>());
    });
    ctx->save_for_backward({xhat, y, g, invstd});
    return {y};
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
    auto saved = ctx->get_saved_variables();
    const auto &xhat = saved[0], &y = saved[1], &g = saved[2], &invstd = saved[3];
    const int64_t B = xhat.size(0), F = xhat.size(1);
    auto gy = grads[0].contiguous();
    auto gx = torch::empty_like(xhat), ggamma = torch::empty_like(g), gbeta = torch::empty_like(g);
    at::parallel_for(0, F, columnGrain(B), [&](int64_t f0, int64_t f1) {
      bnEluBackwardCols(B, F, f0, f1, gy.data_ptr<float>(), xhat.data_ptr<float>(),
                        y.data_ptr<float>(), g.data_ptr<float>(), invstd.data_ptr<float>(),
                        gx.data_ptr<float>(), ggamma.data_ptr<float>(), gbeta.data_ptr<float>());
    });
    return {gx, ggamma, gbeta, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
  }

  // Columns per thread chunk: at least about 16k elements, so a [128, 512] layer can use up
  // to four threads and a [128, 128] one stays on the calling thread.
  static int64_t columnGrain(int64_t rows) { return std::max<int64_t>(16, (1 << 14) / rows); }
};

thread_local const ScopedBatchNormSync::Hook* bn_sync = nullptr;

// Normalization of x [B, F] with the global batch's statistics (ScopedBatchNormSync): column
// sums over every rank's rows, in double. The hook's address rides in the context, so the
// backward pass finds it whichever thread runs it.
struct SyncNormFn : public torch::autograd::Function<SyncNormFn> {
  static tensor_list forward(AutogradContext* ctx, const torch::Tensor& x,
                             torch::Tensor running_mean, torch::Tensor running_var, double eps,
                             double momentum) {
    const auto* hook = bn_sync;
    auto xd = x.to(torch::kDouble);
    const double n = static_cast<double>(x.size(0) * hook->ranks);
    auto sums = torch::cat({xd.sum(0), (xd * xd).sum(0)}).cpu();
    hook->sum(sums);
    const int64_t F = x.size(1);
    auto mean = (sums.narrow(0, 0, F) / n).to(x.device());
    auto var = (sums.narrow(0, F, F) / n).to(x.device()) - mean * mean;
    auto invstd = torch::rsqrt(var.clamp_min(0) + eps);
    {
      torch::NoGradGuard no_grad;
      running_mean.mul_(1 - momentum).add_(mean.to(running_mean.dtype()), momentum);
      running_var.mul_(1 - momentum)
          .add_((var * (n / std::max(1.0, n - 1))).to(running_var.dtype()), momentum);
    }
    auto xhat = ((xd - mean) * invstd).to(x.dtype());
    ctx->saved_data["hook"] = reinterpret_cast<int64_t>(hook);
    ctx->saved_data["n"] = n;
    ctx->save_for_backward({xhat, invstd});
    return {xhat};
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
    const auto* hook =
        reinterpret_cast<const ScopedBatchNormSync::Hook*>(ctx->saved_data["hook"].toInt());
    const double n = ctx->saved_data["n"].toDouble();
    auto saved = ctx->get_saved_variables();
    auto xhat = saved[0].to(torch::kDouble), invstd = saved[1];
    auto g = grads[0].to(torch::kDouble);
    const int64_t F = xhat.size(1);
    auto sums = torch::cat({g.sum(0), (g * xhat).sum(0)}).cpu();
    hook->sum(sums);
    auto mg = (sums.narrow(0, 0, F) / n).to(g.device());
    auto mgx = (sums.narrow(0, F, F) / n).to(g.device());
    auto gx = (g - mg - xhat * mgx) * invstd;
    return {gx.to(grads[0].dtype()), torch::Tensor(), torch::Tensor(), torch::Tensor(),
            torch::Tensor()};
  }
};

// Bernoulli negative log-likelihood; the saved logits and targets give the backward pass.
struct BernoulliNllFn : public torch::autograd::Function<BernoulliNllFn> {
  static tensor_list forward(AutogradContext* ctx, const torch::Tensor& logits,
                             const torch::Tensor& x) {
    auto l = logits.contiguous(), xc = x.contiguous();
    const int64_t B = l.size(0), D = l.size(1);
    auto nll = torch::empty({B}, l.options());
    at::parallel_for(0, B, rowGrain(D), [&](int64_t b0, int64_t b1) {
      bernoulliNllRows(b0, b1, D, l.data_ptr<float>(), xc.data_ptr<float>(), nll.data_ptr<float>());
    });
    ctx->save_for_backward({l, xc});
    return {nll};
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
    auto saved = ctx->get_saved_variables();
    const auto &l = saved[0], &xc = saved[1];
    const int64_t B = l.size(0), D = l.size(1);
    auto g = grads[0].contiguous();
    auto gl = torch::empty_like(l);
    at::parallel_for(0, B, rowGrain(D), [&](int64_t b0, int64_t b1) {
      bernoulliNllBackwardRows(b0, b1, D, l.data_ptr<float>(), xc.data_ptr<float>(),
                               g.data_ptr<float>(), gl.data_ptr<float>());
    });
    return {gl, torch::Tensor()};
  }

  // Rows per thread chunk: about 32k elements, so a [128, 784] batch splits in two.
  static int64_t rowGrain(int64_t cols) { return std::max<int64_t>(1, (1 << 15) / cols); }
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

ScopedBatchNormSync::ScopedBatchNormSync(std::function<void(torch::Tensor&)> sum_over_ranks,
                                         int64_t ranks)
    : hook_(std::make_unique<Hook>(Hook{std::move(sum_over_ranks), ranks})) {
  bn_sync = hook_.get();
}

ScopedBatchNormSync::~ScopedBatchNormSync() { bn_sync = nullptr; }

torch::Tensor batchNormElu(const torch::Tensor& x, torch::nn::BatchNorm1dImpl& bn) {
  const auto& o = bn.options;
  if (bn_sync && bn.is_training() && x.dim() == 2 && o.affine() && o.track_running_stats() &&
      o.momentum().has_value()) {
    {
      torch::NoGradGuard no_grad;
      bn.num_batches_tracked += 1;
    }
    auto xhat = SyncNormFn::apply(x, bn.running_mean, bn.running_var, o.eps(), *o.momentum())[0];
    return torch::elu(xhat * bn.weight + bn.bias);
  }
  const bool fused = bn.is_training() && x.dim() == 2 && x.size(0) > 1 && o.affine() &&
                     o.track_running_stats() && o.momentum().has_value() &&
                     fusable({&x, &bn.weight, &bn.bias, &bn.running_mean, &bn.running_var});
  if (!fused) return torch::elu(bn.forward(x));
  {
    torch::NoGradGuard no_grad;
    bn.num_batches_tracked += 1;
  }
  return BnEluFn::apply(x, bn.weight, bn.bias, bn.running_mean, bn.running_var, o.eps(),
                        *o.momentum())[0];
}

torch::Tensor bernoulliNll(const torch::Tensor& logits, const torch::Tensor& x) {
  if (logits.dim() == 2 && !x.requires_grad() && x.sizes() == logits.sizes() &&
      fusable({&logits, &x}))
    return BernoulliNllFn::apply(logits, x)[0];
  // softplus(l) - x l: three vectorized ops (LibTorch 1.13's BCE-with-logits composes ~9).
  return (torch::softplus(logits) - x * logits).sum(-1);
}

}  // namespace gvae
