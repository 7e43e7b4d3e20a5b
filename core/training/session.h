// TrainingSession: model, optimizer and data of one run on one device, and the guarded step.
// Internal to core (LibTorch types); the trainer thread and evaluation drive it.
#pragma once

#include <torch/types.h>

#include <functional>
#include <memory>

#include "core/data/image_set.h"
#include "core/io/run_file.h"
#include "core/models/factor_heads.h"
#include "core/models/latent_model.h"
#include "core/training/adam.h"
#include "core/training/run_config.h"

namespace gvae {

/// Outcome of one optimization step. Tensors are 0-d and stay on the device (no sync).
struct StepOutcome {
  bool skipped = false;  // loss or gradient was not finite: nothing reached the weights
  torch::Tensor elbo_sum, nll_sum, kl_sum;  // sums over the batch (undefined when skipped)
  /// Host seconds in each phase: forward pass and loss, backward pass, gradient norm and
  /// finiteness check, optimizer update (zero when skipped). On a GPU, launch times.
  double forward_s = 0, backward_s = 0, norm_s = 0, update_s = 0;
  double grad_norm = 0;  // global L2 norm of the gradients before clipping (when not skipped)
};

class DataParallel;

/// Data parallelism in one step: this rank's rows [offset, offset + B) of a global batch of
/// `global_rows`; the gradients are averaged over the ranks and `flags` summed.
struct StepShare {
  DataParallel* group = nullptr;
  int64_t global_rows = 0, offset = 0;
  bool sync_batch_norm = true;  // batch norms over the global batch (else this rank's rows)
  std::vector<float> flags;     // in: this rank's; out: their sum over the ranks
  Status status;                // a collective that failed (a rank died or hung)
};

/// Averages over a dataset split (nats per example), from one pass under `gate_setting`.
struct SplitMetrics {
  double elbo = 0, nll = 0, kl = 0;
  std::vector<double> node_kl;
  std::string gate_setting;  // e.g. "sampled (c ~ Bernoulli(mu))"
};

/// The gate setting `name` (sampled | relaxed | hard) as a forward pass's options; relaxed at
/// temperature `tau`. One gate draw per example.
PassOptions gatePass(const std::string& name, double tau);
/// How outputs name the setting: "sampled (c ~ Bernoulli(mu))", "relaxed (tau = 0.5)", ...
std::string gateSettingName(const std::string& name, double tau);

/// The KL warm-up at `progress` epochs into training: rises linearly from 0 to 1 over the
/// effective warm-up (1 at once without warm-up, and under the capacity schedule, which replaces
/// it).
double warmupRamp(double progress, const RunConfig& c);
/// Weight of the KL at `progress` epochs into training: beta times warmupRamp.
double klWeight(double progress, const RunConfig& c);
/// The KL part of the loss from the batch-mean KL of each node [N] (a 0-d tensor):
///   default:  klWeight * sum_n max(KL_n, free_bits)
///   capacity: beta * |sum_n KL_n - C|,  C = capacity_max * min(1, progress / capacity_epochs)
torch::Tensor klObjective(const torch::Tensor& node_kl_mean, double progress, const RunConfig& c);

/// The structure's price in the loss: edge_cost times the sum of the free learned gates' mu,
/// i.e. lambda * E[number of free edges] (0-d), or an undefined tensor when there is none.
/// An edge pays for itself in the KL nats it saves, so the price rises with the KL warm-up
/// (warmupRamp): while the KL counts little, a flat price would cut edges before their worth
/// shows.
torch::Tensor edgeCostTerm(LatentModelImpl& model, const RunConfig& c, double progress);

class TrainingSession;

/// Resolves "auto" | "cpu" | "cuda"; an error if CUDA is asked for and absent.
Status resolveDevice(const std::string& name, torch::Device* out);
/// Sets LibTorch's intra-op threads on the calling thread: `threads`, or every core when 0.
int configureThreads(int threads);

/// Reads the run file at `path` and rebuilds its model from the checkpoint, with its data, on
/// `device` with `threads` (data_dir, when not empty, replaces the stored data folder).
/// Errors name the file and the problem.
Status loadTrainedRun(const std::string& path, const std::string& device, int threads,
                      const std::string& data_dir, RunRecord* record,
                      std::unique_ptr<TrainingSession>* session);

/// Copies `arrays` into the parameters and buffers of `model` by name; an error names a missing
/// or misshapen array.
Status loadModelState(torch::nn::Module& model, const std::vector<NamedArray>& arrays);

/// Seed of the choice of the supervised training examples: the same for every run, so runs
/// with the same fraction see the same labels.
constexpr uint64_t kSupervisionSeed = 20171212;

/// The supervised factors of `config` on `data` (its factor_order, or the root-first order of
/// the data's factor DAG), the first on node N-1 (z_N), the next on N-2, ...; an error names
/// --factor-order or the model's node count when they do not fit.
Status supervisedFactors(const RunConfig& config, const DataSplits& data, int64_t nodes,
                         std::vector<SupervisedFactor>* out);

/// `count` rows of a training split with class `labels` ([n] int64, 0..classes-1), balanced by
/// class (count / classes each, the first count % classes classes one more), drawn in a random
/// order fixed by `seed`; sorted. An error names --labels when a class has too few rows.
Status balancedLabelledRows(const torch::Tensor& labels, int64_t count, int64_t classes,
                            uint64_t seed, torch::Tensor* rows);

class TrainingSession {
 public:
  /// Seeds, loads the data and builds the model and optimizer on the configured device.
  /// `stage` (optional) hears "data" before the data load and "model" before the model build.
  static Status create(const RunConfig& config, std::unique_ptr<TrainingSession>* out,
                       const std::function<void(const char*)>& stage = {});

  /// One step on `x` [B, D] at `progress` epochs into training: loss = NLL + klObjective, or
  /// with iw_train = K > 1 the negative K-sample bound (warm-up weight on log p(z) - log q(z)),
  /// plus edge_cost * the free gates' sum of mu; backward, clipping, Adam, then the gates'
  /// projection (gate_param prob). A non-finite loss or gradient norm skips the update. One
  /// host sync. With iw_train > 1, elbo_sum is the bound's sum and nll_sum / kl_sum are NaN.
  /// `index` [B]: the rows of the training split in x, for the supervised factors (may be
  /// undefined when nothing is supervised).
  /// With `share`, x holds this rank's rows of a global batch: noise draws are the global
  /// batch's rows (ScopedRowShare), gradients are averaged over the ranks before the norm, and
  /// the outcome's sums are the global batch's; every rank then makes the same update and the
  /// same skip decision.
  StepOutcome step(const torch::Tensor& x, double progress, double tau,
                   const torch::Tensor& index = {}, StepShare* share = nullptr);

  /// ELBO / NLL / KL per example over `set` (eval mode, no grad) under the config's
  /// eval_gates setting (relaxed at `tau`), or `gates` when given.
  SplitMetrics evaluate(const ImageSet& set, double tau, const std::string& gates = {},
                        int64_t batch = 1000);

  /// Model (and optimizer) state as plain arrays.
  Checkpoint checkpoint(int64_t epoch, int64_t step, bool with_optimizer = true) const;
  /// Loads model and optimizer state. `keep_gate_states`: the gates' frozen states stay as they
  /// are now (a rollback must not undo the user's freezes); otherwise they come from `c`.
  Status restore(const Checkpoint& c, bool keep_gate_states = false);

  const RunConfig& config() const { return config_; }
  torch::Device device() const { return device_; }
  LatentModelImpl& model() { return *model_; }
  Adam& optimizer() { return *optimizer_; }
  DataSplits& data() { return data_; }
  /// The heads of the supervised factors (registered in the model as "supervision"), or null.
  FactorHeadsImpl* factorHeads() { return heads_ ? heads_.get() : nullptr; }
  /// [n_train] bool: the training examples whose factors supervise (undefined without).
  const torch::Tensor& labelled() const { return labelled_; }
  /// A semi-supervised model's labelled training rows ([--labels] int64, balanced by class;
  /// undefined for other models).
  const torch::Tensor& labelledRows() const { return class_rows_; }

 private:
  TrainingSession(const RunConfig& config, torch::Device device);
  RunConfig config_;
  torch::Device device_;
  LatentModel model_;
  std::unique_ptr<Adam> optimizer_;
  DataSplits data_;
  FactorHeads heads_{nullptr};
  /// The labelled examples' part of a semi-supervised objective for one step (session.cpp).
  torch::Tensor labelledLoss(double progress, const PassOptions& pass);

  torch::Tensor labelled_;
  bool attributes_ = false;   // a model of images and attributes (telbo): the triple ELBO
  torch::Tensor class_rows_;  // a semi-supervised model's labelled rows, on the device
};

}  // namespace gvae
