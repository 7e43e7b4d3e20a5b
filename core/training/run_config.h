// RunConfig: every setting of a training run; stored in the run file so a run can be rebuilt.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/util/status.h"
#include "core/util/translatable.h"

namespace gvae {

struct RunConfig {
  // What to train.
  // Every field is declared with its key, flag, range and help in core/training/run_options.cpp.
  std::string model = "graph";  // a name of the model registry (core/models/model_registry.h)
  // Images: sprites (embedded) | mnist. Pen strokes (core/data/strokes.h): strokes (embedded) |
  // omniglot-strokes | iam-ondb. Graphs (core/data/graph.h): sbm (embedded) | cora | citeseer.
  std::string dataset = "sprites";
  std::string data_dir;                // folder of the dataset files (mnist, omniglot, iam)
  std::string binarize = "threshold";  // threshold (at 0.5) | stochastic; not for strokes
  int64_t sprites_count = 24000;       // size of the embedded image dataset
  int64_t strokes_count = 12000;       // size of the embedded stroke dataset
  int64_t max_steps = 0;    // strokes: padded length T; 0: longest training sequence, <= 200
  double stroke_scale = 0;  // strokes: divisor of dx, dy; 0: computed from the training split

  // Architecture (defaults: docs/models.md).
  int64_t nodes = 5, node_dim = 16;
  std::vector<int64_t> encoder_hidden{512, 512, 256, 128};
  std::vector<int64_t> decoder_hidden{256, 512, 512};
  int64_t head_hidden = 128;
  double logvar_bound = 10.0;
  int64_t flow_steps = 2, made_hidden = 64;  // IAF depth and MADE width (*-iaf models)
  int64_t gcn_hidden = 32;                   // width of the GCN's hidden layer (gae, vgae)
  double pos_weight = 0;  // weight of present edges in the likelihood; 0: (n^2 - E) / E (Kipf)

  // Optimization.
  int64_t epochs = 10, batch = 128;
  double lr = 1e-3, grad_clip = 5.0;
  double beta = 1.0;            // weight of the KL (beta-VAE)
  double warmup_epochs = -1;    // KL warm-up length; -1: 10 for graph models, 0 for vae
  double free_bits = 0.0;       // nats per node below which the KL is not penalized
  double capacity_max = 0.0;    // > 0: beta * |KL - C| with C rising to this (Burgess et al.)
  double capacity_epochs = 25;  // ... linearly over this many epochs
  int64_t iw_train = 1;         // > 1: train on the K-sample importance-weighted bound (IWAE)

  // Gates (graph model).
  double tau = 1.0, tau_min = 0.1, tau_decay = 0.99;  // tau <- max(tau_min, tau * decay) per epoch
  bool per_example_gates = false;
  // Learning a sparse structure (docs/models.md, "Learning a sparse structure").
  double edge_cost = 0;                    // nats per expected free edge, lambda * sum mu
  std::string gate_param = "logit";        // logit | prob
  double gate_lr = 0;                      // the gates' learning rate; 0: lr
  std::string gate_estimator = "relaxed";  // relaxed | straight-through
  std::string eval_gates = "sampled";      // validation gates: sampled | relaxed | hard
  int64_t importance_n = 200;              // validation examples of the per-epoch importance
  // Partial supervision of nodes by the dataset's generative factors (sprites).
  double supervise_factors = 0;  // fraction of training examples whose factors are used
  std::string factor_order;      // factors for z_N, z_{N-1}, ...; empty: root-first order
  double supervise_weight = 1;   // weight of the factors' log-likelihood in the loss
  // Semi-supervised models (ssvae): a class label y observed for a few training examples.
  int64_t labels = 100;      // labelled training examples, balanced by class
  double label_alpha = 0.1;  // classification weight alpha = label_alpha * N (Kingma et al.)
  // TELBO: weights of log p(y|z) in the joint and the attribute-only ELBOs.
  double telbo_lambda = 10, telbo_gamma = 10;
  double auto_freeze_eps = 0.0;      // > 0: freeze gates within eps of 0 or 1 ...
  int64_t auto_freeze_patience = 5;  // ... for this many consecutive epochs

  // Machine and bookkeeping.
  uint64_t seed = 1;
  std::string device = "auto";  // auto | cpu | cuda
  int threads = 0;              // CPU intra-op threads; 0: all cores
  int64_t log_every = 10;       // steps between published step metrics
  std::string out_path;

  /// KL warm-up length after resolving the -1 default (the model's row in the registry).
  double effectiveWarmup() const;
  /// Checks names, ranges (the option table's) and combinations; the message names the
  /// offending option. Old run files pass it too: options that do not apply are not checked.
  Status validate() const;
  /// Refuses an option set to anything but its default where it does not apply to the model
  /// or dataset, with the reason. For new runs (the CLI, the workbench); resumes skip it.
  Status checkApplicable() const;
  /// A copy with every option that does not apply reset to its default (compare trains one
  /// config on several models).
  RunConfig withApplicableOnly() const;
  /// Ordered key/value strings (for the run file) and back.
  std::vector<std::pair<std::string, std::string>> toKeyValues() const;
  static Status fromKeyValues(const std::vector<std::pair<std::string, std::string>>& kv,
                              RunConfig* out);
};

/// True for the pen-stroke datasets (strokes, omniglot-strokes, iam-ondb), whose data are
/// packed sequences rather than images (no binarization).
inline bool isStrokeDataset(const std::string& dataset) {
  return dataset == "strokes" || dataset == "omniglot-strokes" || dataset == "iam-ondb";
}

/// True for the graph datasets (sbm, cora, citeseer): node features and edges, for the graph
/// auto-encoders.
inline bool isGraphDataset(const std::string& dataset) {
  return dataset == "sbm" || dataset == "cora" || dataset == "citeseer";
}

/// True for the datasets whose generative factors are known (the sprites): the ground-truth
/// structure and the disentanglement metrics need them.
inline bool hasKnownFactors(const std::string& dataset) { return dataset == "sprites"; }

/// The names of a dataset's label classes (sprites: the 4 shapes; MNIST: the 10 digits; empty:
/// no labels). The workbench shows them translated (context "DatasetClasses").
inline std::vector<std::string> datasetClassNames(const std::string& dataset) {
  if (dataset == "sprites")
    return {GVAE_TRANSLATE_NOOP("DatasetClasses", "square"),
            GVAE_TRANSLATE_NOOP("DatasetClasses", "ellipse"),
            GVAE_TRANSLATE_NOOP("DatasetClasses", "triangle"),
            GVAE_TRANSLATE_NOOP("DatasetClasses", "cross")};
  if (dataset == "mnist") return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  return {};
}
inline int64_t datasetClasses(const std::string& dataset) {
  return static_cast<int64_t>(datasetClassNames(dataset).size());
}

}  // namespace gvae
