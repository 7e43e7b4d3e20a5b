// GraphVae: the Graph VAE of He et al. (ICLR 2019) and the baselines that are special cases of it.
#pragma once

#include <torch/arg.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>

#include <vector>

#include "core/models/gaussian.h"
#include "core/models/iaf.h"
#include "core/models/latent_model.h"
#include "core/models/layers.h"

namespace gvae {

/// Which latent dependency structure the model has.
enum class Structure {
  kIndependent,  // `vae`: mean-field posterior, N(0, I) prior, no top-down networks
  kChain,        // `ladder`: gates c_{n+1,n} frozen to 1, every other gate frozen to 0
  kFull,         // `fc`: every gate frozen to 1
  kLearned,      // `graph`: gates learned through the binary Concrete relaxation
  kLstm,         // `lstm`: GraphLSTMVAE, one LSTM over z_N..z_{n+1} predicts each prior; no gates
};

/// Options of GraphVae; defaults are the architecture of docs/models.md.
///   auto model = GraphVae(GraphVaeOptions().backbone(BackboneOptions().nodes(5).node_dim(16))
///                             .structure(Structure::kLearned));
struct GraphVaeOptions {
  TORCH_ARG(BackboneOptions, backbone);
  TORCH_ARG(Structure, structure) = Structure::kLearned;
  /// IAF steps after each node's posterior sample (0: none), and their MADE's hidden width.
  TORCH_ARG(int64_t, flow_steps) = 0;
  TORCH_ARG(int64_t, made_hidden) = 64;
  /// What the learned gates' parameter is (kLearned only).
  TORCH_ARG(GateParam, gate_param) = GateParam::kLogit;
};

/// The GraphVae of a run's config: `structure` from the model's row, flows for *-iaf models.
std::shared_ptr<LatentModelImpl> makeGraphVae(const RunConfig& config, int64_t input_dim,
                                              Structure structure, bool flows);

/// N latent nodes of N' dims, z_N the root. Bottom-up heads predict (mu~, sigma~) per node from
/// the shared encoder features; top-down heads predict the prior of z_n from the gate-modulated
/// parents z_{i>n}; the posterior fuses both by precision weighting. ELBO terms use the analytic
/// KL of each node against its top-down prior given the sampled parents.
class GraphVaeImpl : public LatentModelImpl {
 public:
  explicit GraphVaeImpl(const GraphVaeOptions& options);

  int64_t nodes() const override { return options_.backbone().nodes(); }
  int64_t nodeDim() const override { return options_.backbone().node_dim(); }
  const GraphVaeOptions& options() const { return options_; }

  ElboTerms elbo(const torch::Tensor& x, const PassOptions& options) override;
  torch::Tensor logImportanceWeights(const torch::Tensor& x, int64_t k,
                                     const PassOptions& options) override;
  torch::Tensor posteriorMean(const torch::Tensor& x, const PassOptions& options) override;
  torch::Tensor samplePrior(int64_t n, const PassOptions& options) override;
  torch::Tensor decode(const torch::Tensor& z) override;
  void initOutputBias(const torch::Tensor& mean_x) override;

  GatesImpl* gates() override { return gates_ ? gates_.get() : nullptr; }
  bool gatesLearnable() const override { return options_.structure() == Structure::kLearned; }

 private:
  /// Per-node posterior, prior (undefined for N(0, I)) and value of z, index n-1. With flows,
  /// z is the flowed z_T, z0 the Gaussian sample and log_det the flow's sum of log sigma.
  struct Walk {
    std::vector<Gaussian> q, p;
    std::vector<torch::Tensor> z, z0, log_det;
    torch::Tensor concatenated() const;   // [B, M]
    torch::Tensor logQ(int64_t n) const;  // log q(z_n | ...) [B]
    torch::Tensor logP(int64_t n) const;  // log p(z_n | parents) [B]
  };
  /// Bottom-up predictions per node (Gaussians of [B, N']) and the per-node hidden features
  /// [B, N, head_hidden] that condition the flows.
  struct BottomUp {
    std::vector<Gaussian> q;
    torch::Tensor context;
    BottomUp repeated(int64_t k) const;  // each row repeated for k samples: [k * B, ...]
  };
  BottomUp bottomUp(const torch::Tensor& x);
  /// LSTM state of the GraphLSTMVAE prior walk (undefined tensors before the first node).
  struct LstmState {
    torch::Tensor h, c;
  };
  /// Raw prior output [B, 2N'] of node n (1-based, n < N), called for n = N-1 down to 1: the
  /// top-down MLP of the gated parents z_{n+1..N}, or (lstm) the LSTM after consuming z_{n+1}.
  torch::Tensor priorRaw(int64_t n, const std::vector<torch::Tensor>& z, const torch::Tensor& c,
                         LstmState* state);
  bool hasPrior() const { return !top_down_.is_empty() || !prior_lstm_.is_empty(); }
  /// Walks the nodes from the root down. `bu.q` empty: prior walk (samplePrior, no flows).
  Walk walk(const BottomUp& bu, const torch::Tensor& c, int64_t rows, bool use_mean);
  /// Gate values for `rows` rows, or an undefined tensor without gates.
  torch::Tensor gateValues(const PassOptions& options, int64_t rows);
  torch::Tensor negLogLikelihood(const torch::Tensor& z, const torch::Tensor& x);

  GraphVaeOptions options_;
  torch::nn::Sequential encoder_{nullptr}, decoder_{nullptr};
  torch::nn::Linear bu_first_{nullptr};
  GroupedLinear bu_hidden_{nullptr}, bu_out_{nullptr};
  torch::nn::ModuleList top_down_{nullptr};  // element n-1: the prior network of node n
  torch::nn::LSTMCell prior_lstm_{nullptr};  // lstm: walks z_N, z_{N-1}, ...
  torch::nn::Linear prior_out_{nullptr};     // lstm: hidden state -> raw prior [2N']
  Gates gates_{nullptr};
  torch::nn::ModuleList flows_{nullptr};  // element n-1: the IAF of node n
};
TORCH_MODULE(GraphVae);

}  // namespace gvae
