// RecurrentGraphVae: the Graph VAE over time for pen-stroke sequences (seed 000, models.md).
#pragma once

#include <torch/arg.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>

#include <utility>
#include <vector>

#include "core/models/gaussian.h"
#include "core/models/latent_model.h"
#include "core/models/layers.h"

namespace gvae {

///   auto m = RecurrentGraphVae(RecurrentGraphVaeOptions().steps(64).nodes(5).node_dim(1));
struct RecurrentGraphVaeOptions {
  TORCH_ARG(int64_t, steps) = 64;  // T: the packed input is [B, 4T] (see core/data/strokes.h)
  TORCH_ARG(int64_t, nodes) = 5;
  TORCH_ARG(int64_t, node_dim) = 1;
  TORCH_ARG(int64_t, hidden) = 128;  // GRU state, head and decoder width
  TORCH_ARG(double, logvar_bound) = 10.0;
  TORCH_ARG(GateParam, gate_param) = GateParam::kLogit;
};

/// The RecurrentGraphVae of a run's config; the packed input [B, input_dim] has input_dim / 4
/// steps.
std::shared_ptr<LatentModelImpl> makeRecurrentGraphVae(const RunConfig& config, int64_t input_dim);

/// Latent nodes z_1^t..z_N^t at every step t. Parents of z_n^t: the higher nodes z_{i>n}^t
/// through self gates c_in, and every node z_i^{t-1} through recurrent gates r_in; the same
/// gates at every t. A GRU over the inputs gives the bottom-up predictions; the posterior fuses
/// them with the top-down prior by precision weighting. p(x_t | z^t): a diagonal Gaussian for
/// (dx, dy) and a Bernoulli for the pen. The ELBO sums over the real (unmasked) steps; the only
/// sequential loops are over time and nodes, everything else is batched.
///
/// Gate pairs: (i, j) with i > j for the self gate z_i^t -> z_j^t, (-i, j) for the recurrent
/// gate z_i^{t-1} -> z_j^t.
class RecurrentGraphVaeImpl : public LatentModelImpl {
 public:
  explicit RecurrentGraphVaeImpl(const RecurrentGraphVaeOptions& options);

  int64_t nodes() const override { return options_.nodes(); }
  int64_t nodeDim() const override { return options_.node_dim(); }
  int64_t latentSteps() const override { return options_.steps(); }

  ElboTerms elbo(const torch::Tensor& x, const PassOptions& options) override;
  torch::Tensor logImportanceWeights(const torch::Tensor& x, int64_t k,
                                     const PassOptions& options) override;
  /// Time average over the real steps of the posterior mean path: [B, 4T] -> [B, M].
  torch::Tensor posteriorMean(const torch::Tensor& x, const PassOptions& options) override;
  torch::Tensor posteriorMeanPath(const torch::Tensor& x, const PassOptions& options) override;
  torch::Tensor samplePrior(int64_t n, const PassOptions& options) override;
  /// Raw output per step (mean dx, mean dy, raw log-variances, pen logit): [B, T*M] -> [B, 5T].
  torch::Tensor decode(const torch::Tensor& z) override;
  /// Packed (mean dx, mean dy, pen probability, 1) per step: [B, T*M] -> [B, 4T].
  torch::Tensor decodeMean(const torch::Tensor& z) override;
  void initOutputBias(const torch::Tensor& mean_x) override;

  GatesImpl* gates() override { return gates_.get(); }
  bool gatesLearnable() const override { return true; }

 private:
  /// One pass over time. Training draws with the fused node kernel; with `keep_densities`
  /// log q and log p of the samples are kept (importance weights); `use_mean` takes means.
  struct Pass {
    torch::Tensor z;             // [B, L, M]
    torch::Tensor node_kl;       // [B, L, N] analytic KL per node and step
    torch::Tensor log_q, log_p;  // [B, L] (keep_densities only)
  };
  /// xs: packed steps [B, L, 4], L <= T.
  Pass walk(const torch::Tensor& xs, const torch::Tensor& c, bool use_mean, bool keep_densities);
  /// Longest real length in the batch (one host sync), at least 1.
  int64_t realSteps(const torch::Tensor& xs) const;
  /// [B, 4T] -> the steps up to the batch's longest sequence [B, L, 4] (one host sync); input
  /// already cut to L < T steps ([B, 4L], see batchInputs) is taken as it is.
  torch::Tensor trimmed(const torch::Tensor& x) const;
  /// Prior walk for n sequences: z [n, T, M].
  torch::Tensor priorWalk(int64_t n, const torch::Tensor& c);
  /// Raw prior [B, 2d] of node n (1-based) at one step from the gated recurrent features of
  /// every node [B, N, hidden] and the nodes above n at this step.
  torch::Tensor priorRaw(int64_t n, const torch::Tensor& recurrent,
                         const std::vector<torch::Tensor>& z_now, const torch::Tensor& c_self);
  /// -log p(x_t | z^t) per step: z [B, T, M], x [B, T, 4] -> [B, T] (not masked).
  torch::Tensor stepNll(const torch::Tensor& z, const torch::Tensor& x);
  torch::Tensor gateValues(const PassOptions& options, int64_t rows);
  /// Gated recurrent features of all children from z^{t-1} [B, N, d] -> [B, N, hidden].
  torch::Tensor recurrentFeatures(const torch::Tensor& z_prev, const torch::Tensor& c_rec);

  RecurrentGraphVaeOptions options_;
  int64_t self_gates_ = 0;  // the first gates are self gates, the rest recurrent
  torch::nn::GRU encoder_{nullptr};
  torch::nn::Linear bu_first_{nullptr};
  GroupedLinear bu_hidden_{nullptr}, bu_out_{nullptr};
  GroupedLinear td_recurrent_{nullptr};     // per child: gated z^{t-1} [N d] -> hidden
  torch::nn::ModuleList td_self_{nullptr};  // element n-1 (n < N): gated z_{>n}^t -> hidden
  torch::nn::ModuleList td_out_{nullptr};   // element n-1: hidden -> 2d
  torch::nn::Sequential decoder_{nullptr};  // z^t [M] -> 5 per step
  Gates gates_{nullptr};
};
TORCH_MODULE(RecurrentGraphVae);

}  // namespace gvae
