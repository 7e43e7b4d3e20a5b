// RecurrentGraphVae: batched over sequences; the loops are over time steps and nodes only.
#include "core/models/recurrent_graph_vae.h"

#include <torch/nn/functional/activation.h>

#include <cmath>

#include "core/models/fused_ops.h"
#include "core/models/noise.h"
#include "core/training/run_config.h"

namespace gvae {
namespace F = torch::nn::functional;

namespace {

// Self gates in the Graph VAE's order (child j = N-1..1, parents i = j+1..N), then recurrent
// gates (-i, j): z_i^{t-1} -> z_j^t, child-major, j = 1..N, i = 1..N.
std::vector<std::pair<int, int>> recurrentPairs(int64_t N) {
  std::vector<std::pair<int, int>> pairs;
  for (int j = static_cast<int>(N) - 1; j >= 1; --j)
    for (int i = j + 1; i <= N; ++i) pairs.emplace_back(i, j);
  for (int j = 1; j <= N; ++j)
    for (int i = 1; i <= N; ++i) pairs.emplace_back(-i, j);
  return pairs;
}

}  // namespace

std::shared_ptr<LatentModelImpl> makeRecurrentGraphVae(const RunConfig& config, int64_t input_dim) {
  TORCH_CHECK(input_dim % 4 == 0, "recurrent-graph needs packed stroke sequences");
  return std::make_shared<RecurrentGraphVaeImpl>(RecurrentGraphVaeOptions()
                                                     .steps(input_dim / 4)
                                                     .nodes(config.nodes)
                                                     .node_dim(config.node_dim)
                                                     .hidden(config.head_hidden)
                                                     .logvar_bound(config.logvar_bound)
                                                     .gate_param(gateParamOf(config)));
}

RecurrentGraphVaeImpl::RecurrentGraphVaeImpl(const RecurrentGraphVaeOptions& o) : options_(o) {
  const int64_t N = o.nodes(), d = o.node_dim(), H = o.hidden();
  TORCH_CHECK(N >= 1 && d >= 1 && o.steps() >= 1, "RecurrentGraphVae needs nodes, dims, steps");
  self_gates_ = N * (N - 1) / 2;
  encoder_ =
      register_module("encoder", torch::nn::GRU(torch::nn::GRUOptions(3, H).batch_first(true)));
  bu_first_ = register_module("bu_first", torch::nn::Linear(H, N * H));
  bu_hidden_ = register_module("bu_hidden", GroupedLinear(N, H, d));
  bu_out_ = register_module("bu_out", GroupedLinear(N, d, 2 * d));
  td_recurrent_ = register_module("td_recurrent", GroupedLinear(N, N * d, H));
  td_self_ = register_module("td_self", torch::nn::ModuleList());
  td_out_ = register_module("td_out", torch::nn::ModuleList());
  for (int64_t n = 1; n <= N; ++n) {
    if (n < N)
      td_self_->push_back(torch::nn::Linear(torch::nn::LinearOptions((N - n) * d, H).bias(false)));
    td_out_->push_back(torch::nn::Linear(H, 2 * d));
  }
  decoder_ =
      register_module("decoder", torch::nn::Sequential(torch::nn::Linear(N * d, H),
                                                       torch::nn::ELU(), torch::nn::Linear(H, H),
                                                       torch::nn::ELU(), torch::nn::Linear(H, 5)));
  gates_ = register_module("gates", Gates(N, recurrentPairs(N), o.gate_param()));
}

torch::Tensor RecurrentGraphVaeImpl::gateValues(const PassOptions& options, int64_t rows) {
  const bool per_example = options.per_example_gates || options.gates == GateMode::kSampled;
  return gates_->sample(options.gates, options.tau, per_example ? rows : 1,
                        options.straight_through);
}

torch::Tensor RecurrentGraphVaeImpl::recurrentFeatures(const torch::Tensor& z_prev,
                                                       const torch::Tensor& c_rec) {
  // c_rec [rows, N child, N parent] gates z_prev [B, N parent, d] for every child at once.
  auto gated = c_rec.unsqueeze(-1) * z_prev.unsqueeze(1);                       // [B, N, N, d]
  return td_recurrent_->forward(gated.reshape({z_prev.size(0), nodes(), -1}));  // [B, N, H]
}

torch::Tensor RecurrentGraphVaeImpl::priorRaw(int64_t n, const torch::Tensor& recurrent,
                                              const std::vector<torch::Tensor>& z_now,
                                              const torch::Tensor& c_self) {
  const int64_t N = nodes();
  auto a = recurrent.select(1, n - 1);  // [B, H]
  if (n < N) {
    // Self gates of child n: contiguous, parents n+1..N (the Graph VAE's order).
    const int64_t offset = gates_->index(static_cast<int>(n + 1), static_cast<int>(n));
    std::vector<torch::Tensor> parents;
    for (int64_t i = n + 1; i <= N; ++i)
      parents.push_back(c_self.select(1, offset + (i - n - 1)).unsqueeze(1) * z_now[i - 1]);
    a = a + td_self_[n - 1]->as<torch::nn::Linear>()->forward(torch::cat(parents, 1));
  }
  return td_out_[n - 1]->as<torch::nn::Linear>()->forward(F::elu(a));  // [B, 2d]
}

int64_t RecurrentGraphVaeImpl::realSteps(const torch::Tensor& xs) const {
  // One host sync: worth it, the loops below then stop at the batch's longest sequence.
  return std::max<int64_t>(1, xs.select(2, 3).sum(1).max().item<int64_t>());
}

RecurrentGraphVaeImpl::Pass RecurrentGraphVaeImpl::walk(const torch::Tensor& xs,
                                                        const torch::Tensor& c, bool use_mean,
                                                        bool keep_densities) {
  const int64_t B = xs.size(0), T = xs.size(1), N = nodes(), d = nodeDim();
  const auto opts = xs.options();
  auto h = std::get<0>(encoder_->forward(xs.narrow(2, 0, 3)));  // [B, T, H]
  auto a = F::elu(bu_first_->forward(h)).reshape({B * T, N, -1});
  auto raw_bu = bu_out_->forward(F::elu(bu_hidden_->forward(a)));  // [B*T, N, 2d]
  // [T, N, B, d]: every (step, node) slice is contiguous for the node kernel.
  Gaussian bu = gaussianFromRaw(raw_bu.view({B, T, N, 2 * d}).permute({1, 2, 0, 3}).contiguous(),
                                options_.logvar_bound());
  auto c_self = c.narrow(1, 0, self_gates_);
  auto c_rec = c.narrow(1, self_gates_, N * N).view({-1, N, N});

  Pass out;
  std::vector<torch::Tensor> z_steps, kl_steps, lq_steps, lp_steps;
  auto z_prev = torch::zeros({B, N, d}, opts);
  for (int64_t t = 0; t < T; ++t) {
    auto recurrent = recurrentFeatures(z_prev, c_rec);
    std::vector<torch::Tensor> z_now(N), kl_now(N);
    torch::Tensor lq, lp;  // keep_densities: sums over the nodes of this step
    for (int64_t n = N; n >= 1; --n) {
      auto raw = priorRaw(n, recurrent, z_now, c_self);
      auto mb = bu.mean[t][n - 1], lb = bu.logvar[t][n - 1];
      if (!use_mean && !keep_densities) {
        std::tie(z_now[n - 1], kl_now[n - 1]) =
            fusedNodeSampleKl(raw, mb, lb, randnLike(mb), options_.logvar_bound());
        continue;
      }
      Gaussian p = gaussianFromRaw(raw, options_.logvar_bound());
      Gaussian q = fusePrecisionWeighted(p, {mb, lb});
      z_now[n - 1] = use_mean ? q.mean : q.sample();
      kl_now[n - 1] = klDivergence(q, p);
      if (keep_densities) {
        auto a = q.logDensity(z_now[n - 1]), b = p.logDensity(z_now[n - 1]);
        lq = lq.defined() ? lq + a : a;
        lp = lp.defined() ? lp + b : b;
      }
    }
    z_prev = torch::stack(z_now, 1);  // [B, N, d]
    z_steps.push_back(z_prev);
    kl_steps.push_back(torch::stack(kl_now, 1));  // [B, N]
    if (keep_densities) {
      lq_steps.push_back(lq);
      lp_steps.push_back(lp);
    }
  }
  out.z = torch::stack(z_steps, 1).view({B, T, N * d});
  out.node_kl = torch::stack(kl_steps, 1);  // [B, T, N]
  if (keep_densities) {
    out.log_q = torch::stack(lq_steps, 1);
    out.log_p = torch::stack(lp_steps, 1);
  }
  return out;
}

torch::Tensor RecurrentGraphVaeImpl::stepNll(const torch::Tensor& z, const torch::Tensor& xs) {
  auto out = decoder_->forward(z);  // [B, T, 5]
  auto mean = out.narrow(2, 0, 2);
  const double L = options_.logvar_bound();
  auto logvar = L * torch::tanh(out.narrow(2, 2, 2) / L);
  auto diff = xs.narrow(2, 0, 2) - mean;
  auto gauss = 0.5 * (std::log(2 * M_PI) + logvar + diff * diff * torch::exp(-logvar));
  auto logit = out.select(2, 4);
  auto pen = F::softplus(logit) - xs.select(2, 2) * logit;  // -log Bernoulli(pen | sigmoid)
  return gauss.sum(2) + pen;                                // [B, T]
}

torch::Tensor RecurrentGraphVaeImpl::trimmed(const torch::Tensor& x) const {
  auto xs = x.view({x.size(0), -1, 4});
  // Training batches arrive cut already (batchInputs): no host sync for them.
  if (xs.size(1) < options_.steps()) return xs;
  return xs.narrow(1, 0, realSteps(xs));  // [B, L, 4]
}

ElboTerms RecurrentGraphVaeImpl::elbo(const torch::Tensor& x, const PassOptions& options) {
  const int64_t B = x.size(0);
  auto xs = trimmed(x);
  auto mask = xs.select(2, 3).detach();  // [B, L], a constant
  Pass p = walk(xs, gateValues(options, B), false, false);
  ElboTerms t;
  t.nll = (stepNll(p.z, xs) * mask).sum(1);
  t.node_kl = (p.node_kl * mask.unsqueeze(2)).sum(1);  // [B, N]
  t.kl = t.node_kl.sum(1);
  return t;
}

torch::Tensor RecurrentGraphVaeImpl::logImportanceWeights(const torch::Tensor& x, int64_t k,
                                                          const PassOptions& options) {
  const int64_t B = x.size(0);
  auto xs = trimmed(repeatForSamples(x, k));
  auto mask = xs.select(2, 3).detach();
  Pass p = walk(xs, gateValues(options, k * B), false, true);
  auto log_w = ((p.log_p - p.log_q) * mask).sum(1);
  if (options.kl_weight != 1.0) log_w = log_w * options.kl_weight;
  log_w = log_w - (stepNll(p.z, xs) * mask).sum(1);
  return log_w.view({k, B});
}

torch::Tensor RecurrentGraphVaeImpl::posteriorMeanPath(const torch::Tensor& x,
                                                       const PassOptions& options) {
  const int64_t B = x.size(0), T = options_.steps();
  auto z = walk(trimmed(x), gateValues(options, B), true, false).z;  // [B, L, M]
  if (z.size(1) < T) z = torch::cat({z, z.new_zeros({B, T - z.size(1), z.size(2)})}, 1);
  return z.reshape({B, -1});
}

torch::Tensor RecurrentGraphVaeImpl::posteriorMean(const torch::Tensor& x,
                                                   const PassOptions& options) {
  const int64_t B = x.size(0), T = options_.steps();
  auto mask = x.view({B, T, 4}).select(2, 3).detach().unsqueeze(2);  // [B, T, 1]
  auto z = posteriorMeanPath(x, options).view({B, T, -1});
  return (z * mask).sum(1) / mask.sum(1).clamp_min(1.0);
}

torch::Tensor RecurrentGraphVaeImpl::samplePrior(int64_t n, const PassOptions& options) {
  const int64_t T = options_.steps(), N = nodes(), d = nodeDim();
  auto c = gateValues(options, n);
  auto c_self = c.narrow(1, 0, self_gates_);
  auto c_rec = c.narrow(1, self_gates_, N * N).view({-1, N, N});
  auto z_prev = torch::zeros({n, N, d}, gates_->weight.options());
  std::vector<torch::Tensor> steps;
  for (int64_t t = 0; t < T; ++t) {
    auto recurrent = recurrentFeatures(z_prev, c_rec);
    std::vector<torch::Tensor> z_now(N);
    for (int64_t k = N; k >= 1; --k)
      z_now[k - 1] =
          gaussianFromRaw(priorRaw(k, recurrent, z_now, c_self), options_.logvar_bound()).sample();
    z_prev = torch::stack(z_now, 1);
    steps.push_back(z_prev.reshape({n, -1}));
  }
  return torch::cat(steps, 1);  // [n, T*M]
}

torch::Tensor RecurrentGraphVaeImpl::decode(const torch::Tensor& z) {
  const int64_t B = z.size(0);
  return decoder_->forward(z.view({B, options_.steps(), -1})).reshape({B, -1});
}

torch::Tensor RecurrentGraphVaeImpl::decodeMean(const torch::Tensor& z) {
  const int64_t B = z.size(0);
  auto out = decoder_->forward(z.view({B, options_.steps(), -1}));  // [B, T, 5]
  auto packed = torch::cat({out.narrow(2, 0, 2), torch::sigmoid(out.narrow(2, 4, 1)),
                            torch::ones_like(out.narrow(2, 4, 1))},
                           2);
  return packed.reshape({B, -1});
}

void RecurrentGraphVaeImpl::initOutputBias(const torch::Tensor& mean_x) {
  // Mean offsets and pen-lift rate of the real steps (padding steps are all zero).
  auto m = mean_x.view({options_.steps(), 4}).sum(0);  // sums of dx, dy, pen, mask
  const double steps = std::max(1e-6, m[3].item<double>());
  const double rate = std::clamp(m[2].item<double>() / steps, 1e-4, 1 - 1e-4);
  torch::NoGradGuard no_grad;
  auto& last = *(*decoder_)[decoder_->size() - 1]->as<torch::nn::Linear>();
  last.bias[0] = m[0].item<double>() / steps;
  last.bias[1] = m[1].item<double>() / steps;
  last.bias[4] = std::log(rate / (1 - rate));
}

}  // namespace gvae
