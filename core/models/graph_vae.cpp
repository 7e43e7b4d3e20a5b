// Graph VAE forward passes: bottom-up heads, gated top-down priors, fusion, ELBO, IW weights.
#include "core/models/graph_vae.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/modules/activation.h>

#include <tuple>

#include "core/models/fused_ops.h"
#include "core/models/noise.h"
#include "core/training/run_config.h"

namespace gvae {
namespace F = torch::nn::functional;

std::shared_ptr<LatentModelImpl> makeGraphVae(const RunConfig& config, int64_t input_dim,
                                              Structure structure, bool flows) {
  return std::make_shared<GraphVaeImpl>(
      GraphVaeOptions()
          .backbone(BackboneOptions::fromConfig(config, input_dim))
          .structure(structure)
          .flow_steps(flows ? config.flow_steps : 0)
          .made_hidden(config.made_hidden)
          .gate_param(gateParamOf(config)));
}

GraphVaeImpl::GraphVaeImpl(const GraphVaeOptions& options) : options_(options) {
  const BackboneOptions& bb = options.backbone();
  const int64_t N = bb.nodes(), d = bb.node_dim(), hh = bb.head_hidden();
  TORCH_CHECK(N >= 1 && d >= 1, "GraphVae needs at least one node of one dimension");
  TORCH_CHECK(!bb.encoder_hidden().empty() && !bb.decoder_hidden().empty(),
              "GraphVae needs hidden layers in the encoder and decoder");

  encoder_ = register_module("encoder", mlpStack(bb.input_dim(), bb.encoder_hidden(), true));
  // Bottom-up head per node: h -> 128 -> N' -> 2N', all nodes evaluated as one grouped op.
  bu_first_ = register_module("bu_first", torch::nn::Linear(bb.encoder_hidden().back(), N * hh));
  bu_hidden_ = register_module("bu_hidden", GroupedLinear(N, hh, d));
  bu_out_ = register_module("bu_out", GroupedLinear(N, d, 2 * d));

  if (options.structure() == Structure::kLstm) {
    prior_lstm_ = register_module("prior_lstm", torch::nn::LSTMCell(d, hh));
    prior_out_ = register_module("prior_out", torch::nn::Linear(hh, 2 * d));
  } else if (options.structure() != Structure::kIndependent) {
    top_down_ = register_module("top_down", torch::nn::ModuleList());
    for (int64_t n = 1; n < N; ++n) {
      auto head = mlpStack((N - n) * d, {hh, d}, false);
      head->push_back(torch::nn::Linear(d, 2 * d));
      top_down_->push_back(head);
    }
    gates_ = register_module("gates", Gates(N, options.gate_param()));
    for (int64_t g = 0; g < gates_->count(); ++g) {
      auto [i, j] = gates_->pairs()[g];
      if (options.structure() == Structure::kChain) gates_->freeze(g, i == j + 1 ? 1.0 : 0.0);
      if (options.structure() == Structure::kFull) gates_->freeze(g, 1.0);
    }
  }

  if (options.flow_steps() > 0) {
    flows_ = register_module("flows", torch::nn::ModuleList());
    for (int64_t n = 0; n < N; ++n)
      flows_->push_back(Iaf(d, hh, options.flow_steps(), options.made_hidden()));
  }

  decoder_ = register_module("decoder", mlpStack(N * d, bb.decoder_hidden(), true));
  decoder_->push_back(torch::nn::Linear(bb.decoder_hidden().back(), bb.input_dim()));
}

torch::Tensor GraphVaeImpl::Walk::concatenated() const { return torch::cat(z, 1); }

torch::Tensor GraphVaeImpl::Walk::logQ(int64_t n) const {
  return z0[n].defined() ? q[n].logDensity(z0[n]) - log_det[n] : q[n].logDensity(z[n]);
}

torch::Tensor GraphVaeImpl::Walk::logP(int64_t n) const {
  return p[n].mean.defined() ? p[n].logDensity(z[n]) : standardNormalLogDensity(z[n]);
}

GraphVaeImpl::BottomUp GraphVaeImpl::BottomUp::repeated(int64_t k) const {
  BottomUp r;
  for (const auto& g : q)
    r.q.push_back({repeatForSamples(g.mean, k), repeatForSamples(g.logvar, k)});
  r.context = repeatForSamples(context, k);
  return r;
}

GraphVaeImpl::BottomUp GraphVaeImpl::bottomUp(const torch::Tensor& x) {
  const int64_t N = nodes();
  auto h = mlpForward(encoder_, x);                                         // [B, 128]
  auto a = F::elu(bu_first_->forward(h)).view({x.size(0), N, -1});          // [B, N, 128]
  auto raw = bu_out_->forward(F::elu(bu_hidden_->forward(a)));              // [B, N, 2N']
  Gaussian all = gaussianFromRaw(raw, options_.backbone().logvar_bound());  // [B, N, N'] each
  BottomUp out;
  out.context = a;
  for (int64_t n = 0; n < N; ++n) out.q.push_back({all.mean.select(1, n), all.logvar.select(1, n)});
  return out;
}

torch::Tensor GraphVaeImpl::priorRaw(int64_t n, const std::vector<torch::Tensor>& z,
                                     const torch::Tensor& c, LstmState* state) {
  if (prior_lstm_) {
    auto hc = state->h.defined() ? prior_lstm_->forward(z[n], std::make_tuple(state->h, state->c))
                                 : prior_lstm_->forward(z[n]);
    state->h = std::get<0>(hc);
    state->c = std::get<1>(hc);
    return prior_out_->forward(state->h);
  }
  const int64_t N = nodes();
  // The gates of child n are contiguous (see GatesImpl::pairs): parents n+1..N in order.
  const int64_t first = gates_->index(static_cast<int>(n + 1), static_cast<int>(n));
  auto parents =
      torch::stack(std::vector<torch::Tensor>(z.begin() + n, z.end()), 1);  // [B, N-n, N']
  auto gate = c.narrow(1, first, N - n).unsqueeze(-1);                      // [rows, N-n, 1]
  auto input = (parents * gate).flatten(1);                                 // [B, (N-n)N']
  return top_down_[n - 1]->as<torch::nn::Sequential>()->forward(input);
}

GraphVaeImpl::Walk GraphVaeImpl::walk(const BottomUp& bu, const torch::Tensor& c, int64_t rows,
                                      bool use_mean) {
  const int64_t N = nodes();
  Walk w;
  w.q.resize(N);
  w.p.resize(N);
  w.z.resize(N);
  w.z0.resize(N);
  w.log_det.resize(N);
  const bool prior_walk = bu.q.empty();
  LstmState lstm;
  for (int64_t n = N; n >= 1; --n) {
    Gaussian dist;
    if (n < N && hasPrior()) {
      w.p[n - 1] = gaussianFromRaw(priorRaw(n, w.z, c, &lstm), options_.backbone().logvar_bound());
      dist = prior_walk ? w.p[n - 1] : fusePrecisionWeighted(w.p[n - 1], bu.q[n - 1]);
    } else if (prior_walk) {
      auto zeros = torch::zeros({rows, nodeDim()},
                                gates_ ? gates_->weight.options() : bu_out_->bias.options());
      dist = {zeros, zeros};
    } else {
      dist = bu.q[n - 1];  // the root, or any node of the independent model
    }
    if (!prior_walk) w.q[n - 1] = dist;
    w.z[n - 1] = use_mean ? dist.mean : dist.sample();
    if (flows_ && !prior_walk) {  // the flowed sample feeds the children
      w.z0[n - 1] = w.z[n - 1];
      std::tie(w.z[n - 1], w.log_det[n - 1]) =
          flows_[n - 1]->as<Iaf>()->forward(w.z0[n - 1], bu.context.select(1, n - 1));
    }
  }
  return w;
}

torch::Tensor GraphVaeImpl::gateValues(const PassOptions& options, int64_t rows) {
  if (!gates_) return {};
  const bool per_example = options.per_example_gates || options.gates == GateMode::kSampled;
  return gates_->sample(options.gates, options.tau, per_example ? rows : 1,
                        options.straight_through);
}

torch::Tensor GraphVaeImpl::negLogLikelihood(const torch::Tensor& z, const torch::Tensor& x) {
  return bernoulliNll(decode(z), x);
}

ElboTerms GraphVaeImpl::elbo(const torch::Tensor& x, const PassOptions& options) {
  const int64_t N = nodes();
  auto up = bottomUp(x);
  const std::vector<Gaussian>& bu = up.q;
  std::vector<torch::Tensor> z(N), kl(N);
  if (flows_) {  // no closed-form KL with flows: Monte Carlo, log q(z_T) - log p(z_T | parents)
    Walk w = walk(up, gateValues(options, x.size(0)), x.size(0), false);
    for (int64_t n = 0; n < N; ++n) {
      z[n] = w.z[n];
      kl[n] = w.logQ(n) - w.logP(n);
    }
  } else if (!hasPrior()) {  // independent nodes: every posterior is its bottom-up prediction
    for (int64_t n = 0; n < N; ++n) {
      z[n] = bu[n].sample();
      kl[n] = klToStandardNormal(bu[n]);
    }
  } else {
    LstmState lstm;
    auto c = gateValues(options, x.size(0));
    z[N - 1] = bu[N - 1].sample();  // the root: bottom-up alone, prior N(0, I)
    kl[N - 1] = klToStandardNormal(bu[N - 1]);
    for (int64_t n = N - 1; n >= 1; --n) {
      const Gaussian& b = bu[n - 1];
      std::tie(z[n - 1], kl[n - 1]) =
          fusedNodeSampleKl(priorRaw(n, z, c, &lstm), b.mean, b.logvar, randnLike(b.mean),
                            options_.backbone().logvar_bound());
    }
  }
  ElboTerms t;
  t.node_kl = torch::stack(kl, 1);  // [B, N]
  t.kl = t.node_kl.sum(1);
  t.z = torch::cat(z, 1);
  t.nll = negLogLikelihood(t.z, x);
  return t;
}

torch::Tensor GraphVaeImpl::logImportanceWeights(const torch::Tensor& x, int64_t k,
                                                 const PassOptions& options) {
  const int64_t B = x.size(0);
  // The encoder runs once per example; its predictions are repeated for the k samples.
  auto w = walk(bottomUp(x).repeated(k), gateValues(options, k * B), k * B, false);
  auto log_w = torch::zeros({k * B}, x.options());
  for (int64_t n = 0; n < nodes(); ++n) log_w += w.logP(n) - w.logQ(n);
  if (options.kl_weight != 1.0) log_w = log_w * options.kl_weight;
  auto x_rep = repeatForSamples(x, k);
  log_w -= negLogLikelihood(w.concatenated(), x_rep);
  return log_w.view({k, B});
}

torch::Tensor GraphVaeImpl::posteriorMean(const torch::Tensor& x, const PassOptions& options) {
  return walk(bottomUp(x), gateValues(options, x.size(0)), x.size(0), true).concatenated();
}

torch::Tensor GraphVaeImpl::samplePrior(int64_t n, const PassOptions& options) {
  return walk({}, gateValues(options, n), n, false).concatenated();
}

torch::Tensor GraphVaeImpl::decode(const torch::Tensor& z) { return mlpForward(decoder_, z); }

void GraphVaeImpl::initOutputBias(const torch::Tensor& mean_x) {
  setOutputBiasToLogit(decoder_, mean_x);
}

}  // namespace gvae
