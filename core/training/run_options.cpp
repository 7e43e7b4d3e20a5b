// The option table's rows and the conversions every row shares (text form, ranges, scopes).
#include "core/training/run_options.h"

#include <cmath>
#include <sstream>
#include <type_traits>

#include "core/models/model_registry.h"
#include "core/util/parse_number.h"

namespace gvae {
namespace {

std::string fmt(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

std::string shortNumber(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

bool parseInts(const std::string& text, std::vector<int64_t>* out) {
  out->clear();
  std::stringstream s(text);
  std::string part;
  int64_t v = 0;
  while (std::getline(s, part, ',')) {
    if (!parseNumber(part, &v)) return false;
    out->push_back(v);
  }
  return !out->empty();
}

// A row under construction: the member it reads and writes, then its metadata.
class Row {
 public:
  template <typename T>
  Row(const char* key, T RunConfig::*member, OptionSection section, const char* value_name,
      const char* help) {
    o_.key = key;
    o_.section = section;
    o_.value_name = value_name;
    o_.help = help;
    if constexpr (std::is_same_v<T, std::string>) {
      o_.type = OptionType::kText;
      o_.get = [member](const RunConfig& c) { return c.*member; };
      o_.set = [member](RunConfig& c, const std::string& v) {
        c.*member = v;
        return true;
      };
    } else if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
      o_.type = OptionType::kIntList;
      o_.get = [member](const RunConfig& c) {
        std::string s;
        for (size_t i = 0; i < (c.*member).size(); ++i)
          s += (i ? "," : "") + std::to_string((c.*member)[i]);
        return s;
      };
      o_.set = [member](RunConfig& c, const std::string& v) { return parseInts(v, &(c.*member)); };
    } else {
      o_.type = std::is_same_v<T, bool>       ? OptionType::kSwitch
                : std::is_floating_point_v<T> ? OptionType::kReal
                                              : OptionType::kInt;
      o_.get = [member](const RunConfig& c) {
        if constexpr (std::is_floating_point_v<T>)
          return fmt(c.*member);
        else
          return std::to_string(c.*member);
      };
      o_.set = [member](RunConfig& c, const std::string& v) {
        return parseNumber(v, &(c.*member));
      };
    }
  }
  Row& range(double lo, double hi) {
    o_.lo = lo;
    o_.hi = hi;
    return *this;
  }
  Row& open(bool lo_open, bool hi_open) {
    o_.lo_open = lo_open;
    o_.hi_open = hi_open;
    return *this;
  }
  Row& choices(std::vector<std::string> c) {
    o_.type = OptionType::kChoice;
    o_.choices = std::move(c);
    return *this;
  }
  Row& alias(const char* flag) {
    o_.aliases.push_back(flag);
    return *this;
  }
  Row& scope(OptionScope s) {
    o_.scope = s;
    return *this;
  }
  Row& panel(int decimals = 3) {
    o_.in_panel = true;
    o_.decimals = decimals;
    return *this;
  }
  operator RunOption() const { return o_; }  // NOLINT: rows read as a table

 private:
  RunOption o_;
};

using S = OptionSection;
using Sc = OptionScope;

}  // namespace

const std::vector<RunOption>& runOptions() {
  // Keys are the run file's /config keys: never rename one (old run files must still open).
  static const std::vector<RunOption> table{
      // What to train.
      Row("model", &RunConfig::model, S::kModel, "NAME", "the model (see the list below)")
          .choices(modelNames()),
      Row("dataset", &RunConfig::dataset, S::kData, "NAME",
          "sprites, strokes and sbm (a graph) are embedded; mnist, omniglot-strokes, iam-ondb, "
          "cora and citeseer read --data-dir (default: the model's, see below)")
          .choices({"sprites", "mnist", "strokes", "omniglot-strokes", "iam-ondb", "sbm", "cora",
                    "citeseer"}),
      Row("data_dir", &RunConfig::data_dir, S::kData, "DIR", "folder of the dataset's files")
          .alias("--data"),
      Row("binarize", &RunConfig::binarize, S::kData, "MODE",
          "pixels to 0/1: threshold at 0.5, or stochastic (a fresh draw each epoch)")
          .choices({"threshold", "stochastic"})
          .scope(Sc::kImages),
      Row("sprites_count", &RunConfig::sprites_count, S::kData, "N",
          "images of the embedded sprites")
          .range(100, 10000000)
          .scope(Sc::kSprites),
      Row("strokes_count", &RunConfig::strokes_count, S::kData, "N",
          "sequences of the embedded pen strokes")
          .range(100, 10000000)
          .scope(Sc::kEmbeddedStrokes)
          .panel(),
      Row("max_steps", &RunConfig::max_steps, S::kData, "T",
          "padded sequence length; 0: the longest training sequence, at most 200")
          .range(0, 10000)
          .scope(Sc::kStrokes)
          .panel(),
      Row("stroke_scale", &RunConfig::stroke_scale, S::kData, "S",
          "divisor of dx and dy; 0: computed from the training split")
          .range(0, 1e300)
          .scope(Sc::kStrokes),
      // Architecture (defaults: docs/models.md).
      Row("nodes", &RunConfig::nodes, S::kModel, "N", "latent nodes N").range(1, 64).panel(),
      Row("node_dim", &RunConfig::node_dim, S::kModel, "D", "dimensions N' of each node")
          .range(1, 4096)
          .panel(),
      Row("encoder_hidden", &RunConfig::encoder_hidden, S::kModel, "W,W,..",
          "widths of the encoder's hidden layers"),
      Row("decoder_hidden", &RunConfig::decoder_hidden, S::kModel, "W,W,..",
          "widths of the decoder's hidden layers"),
      Row("head_hidden", &RunConfig::head_hidden, S::kModel, "W",
          "width of the per-node heads (recurrent-graph: of its GRU and decoder)")
          .range(1, 65536),
      Row("logvar_bound", &RunConfig::logvar_bound, S::kModel, "L",
          "predicted log-variances are bounded to (-L, L)")
          .range(0, 1e6)
          .open(true, false),
      Row("gcn_hidden", &RunConfig::gcn_hidden, S::kModel, "W",
          "width of the GCN encoder's hidden layer (Kipf & Welling: 32)")
          .range(1, 65536)
          .scope(Sc::kGraph)
          .panel(),
      Row("pos_weight", &RunConfig::pos_weight, S::kObjective, "W",
          "weight of a present edge's term in the reconstruction; 0: (n^2 - E) / E, which "
          "balances edges and non-edges (Kipf & Welling); 1: the exact Bernoulli likelihood")
          .range(0, 1e9)
          .scope(Sc::kGraph),
      Row("flow_steps", &RunConfig::flow_steps, S::kModel, "T", "IAF steps after each node")
          .range(1, 64)
          .scope(Sc::kFlows),
      Row("made_hidden", &RunConfig::made_hidden, S::kModel, "H", "hidden width of each MADE")
          .range(1, 65536)
          .scope(Sc::kFlows),
      // Objective.
      Row("beta", &RunConfig::beta, S::kObjective, "B", "weight of the KL term (beta-VAE)")
          .range(0, 1e6)
          .panel(),
      Row("warmup_epochs", &RunConfig::warmup_epochs, S::kObjective, "EPOCHS",
          "KL warm-up length; -1: the model's default (10 for hierarchical models, 0 else)")
          .range(-1, 1e6)
          .alias("--warmup")
          .panel(1),
      Row("free_bits", &RunConfig::free_bits, S::kObjective, "NATS",
          "nats per node below which the KL is not penalized")
          .range(0, 1e6),
      Row("capacity_max", &RunConfig::capacity_max, S::kObjective, "NATS",
          "> 0: beta * |KL - C| with C rising to NATS (Burgess et al.)")
          .range(0, 1e6)
          .alias("--capacity"),
      Row("capacity_epochs", &RunConfig::capacity_epochs, S::kObjective, "E",
          "epochs over which C rises")
          .range(0, 1e6)
          .open(true, false),
      Row("iw_train", &RunConfig::iw_train, S::kObjective, "K",
          "> 1: train on the K-sample importance-weighted bound (IWAE)")
          .range(1, 1000),
      // Optimization.
      Row("epochs", &RunConfig::epochs, S::kOptimization, "N", "total epochs of the run")
          .range(1, 1000000)
          .panel(),
      Row("batch", &RunConfig::batch, S::kOptimization, "B",
          "minibatch size (at least 2: batch normalization)")
          .range(2, 1000000)
          .panel(),
      Row("lr", &RunConfig::lr, S::kOptimization, "LR", "Adam's learning rate")
          .range(0, 10)
          .open(true, true)
          .panel(6),
      Row("grad_clip", &RunConfig::grad_clip, S::kOptimization, "NORM",
          "gradients are clipped to this global norm")
          .range(0, 1e12)
          .open(true, false),
      // Gates.
      Row("tau", &RunConfig::tau, S::kGates, "T", "Gumbel-softmax temperature at the start")
          .range(0, 1e6)
          .open(true, false)
          .scope(Sc::kLearnedGates)
          .panel(),
      Row("tau_min", &RunConfig::tau_min, S::kGates, "T", "lowest temperature of the annealing")
          .range(0, 1e6)
          .open(true, false)
          .scope(Sc::kLearnedGates)
          .panel(),
      Row("tau_decay", &RunConfig::tau_decay, S::kGates, "F",
          "per-epoch factor: tau <- max(tau_min, tau * F)")
          .range(0, 1)
          .open(true, false)
          .scope(Sc::kLearnedGates)
          .panel(4),
      Row("per_example_gates", &RunConfig::per_example_gates, S::kGates, "",
          "one gate sample per example instead of one per minibatch")
          .scope(Sc::kLearnedGates),
      Row("edge_cost", &RunConfig::edge_cost, S::kGates, "NATS",
          "cost per expected edge: the loss gains NATS * sum of the free gates' mu")
          .range(0, 1e6)
          .scope(Sc::kLearnedGates),
      Row("gate_param", &RunConfig::gate_param, S::kGates, "P",
          "logit: mu = sigmoid(theta); prob: mu itself, clamped to [0.001, 0.999]")
          .choices({"logit", "prob"})
          .scope(Sc::kLearnedGates),
      Row("gate_lr", &RunConfig::gate_lr, S::kGates, "LR",
          "learning rate of the gates; 0: --lr (a learning-rate change scales both)")
          .range(0, 10)
          .open(false, true)
          .scope(Sc::kLearnedGates),
      Row("gate_estimator", &RunConfig::gate_estimator, S::kGates, "E",
          "relaxed: binary Concrete gates; straight-through: exact Bernoulli draws forward, "
          "the relaxed gradient backward")
          .choices({"relaxed", "straight-through"})
          .scope(Sc::kLearnedGates),
      Row("eval_gates", &RunConfig::eval_gates, S::kGates, "G",
          "gates of validation and eval: sampled (c ~ Bernoulli(mu)), relaxed (at the current "
          "tau) or hard (mu rounded)")
          .choices({"sampled", "relaxed", "hard"})
          .scope(Sc::kLearnedGates),
      Row("importance_n", &RunConfig::importance_n, S::kGates, "N",
          "validation examples of each epoch's edge importance; 0: not computed")
          .range(0, 1000000)
          .scope(Sc::kLearnedGates),
      Row("supervise_factors", &RunConfig::supervise_factors, S::kObjective, "FRACTION",
          "> 0: tie node z_N to the first factor of --factor-order, z_N-1 to the second, ... "
          "through a likelihood term on the node's sample, for this fraction of the training "
          "examples")
          .range(0, 1)
          .scope(Sc::kFactors),
      Row("factor_order", &RunConfig::factor_order, S::kObjective, "LIST",
          "comma-separated factors for z_N, z_N-1, ...; empty: a root-first order of the true "
          "DAG (sprites: shape,scale,rotation,x,y)")
          .scope(Sc::kFactors),
      Row("supervise_weight", &RunConfig::supervise_weight, S::kObjective, "W",
          "weight of the supervised factors' negative log-likelihood in the loss")
          .range(0, 1e6)
          .scope(Sc::kFactors),
      Row("labels", &RunConfig::labels, S::kObjective, "N",
          "labelled training examples, balanced by class (sprites: the shape; MNIST: the digit)")
          .range(1, 1e9)
          .scope(Sc::kLabels)
          .panel(),
      Row("telbo_lambda", &RunConfig::telbo_lambda, S::kObjective, "L",
          "weight of log p(attributes | z) in TELBO's joint ELBO (lambda)")
          .range(0, 1e6)
          .scope(Sc::kAttributes),
      Row("telbo_gamma", &RunConfig::telbo_gamma, S::kObjective, "G",
          "weight of log p(attributes | z) in TELBO's attribute-only ELBO (gamma)")
          .range(0, 1e6)
          .scope(Sc::kAttributes),
      Row("label_alpha", &RunConfig::label_alpha, S::kObjective, "A",
          "weight of the labelled examples' classification term: alpha = A x training examples "
          "(Kingma et al. 2014: 0.1)")
          .range(0, 1e6)
          .scope(Sc::kLabels),
      Row("auto_freeze_eps", &RunConfig::auto_freeze_eps, S::kGates, "EPS",
          "> 0: freeze a gate whose mu stays within EPS of 0 or 1 ...")
          .range(0, 0.5)
          .open(false, true)
          .alias("--auto-freeze")
          .scope(Sc::kLearnedGates),
      Row("auto_freeze_patience", &RunConfig::auto_freeze_patience, S::kGates, "EPOCHS",
          "... for this many epochs in a row")
          .range(1, 1000000)
          .alias("--patience")
          .scope(Sc::kLearnedGates),
      // Machine and bookkeeping.
      Row("seed", &RunConfig::seed, S::kMachine, "S", "random seed").panel(),
      Row("device", &RunConfig::device, S::kMachine, "DEV",
          "auto: CUDA when LibTorch sees a GPU, else the CPU")
          .choices({"auto", "cpu", "cuda"}),
      Row("threads", &RunConfig::threads, S::kMachine, "T", "CPU threads; 0: every core")
          .range(0, 1024)
          .panel(),
      Row("log_every", &RunConfig::log_every, S::kMachine, "K", "steps between the curves' points")
          .range(1, 1000000),
  };
  return table;
}

std::string RunOption::flag() const {
  std::string f = "--" + key;
  for (char& ch : f)
    if (ch == '_') ch = '-';
  return f;
}

std::string RunOption::rangeText() const {
  if (type == OptionType::kChoice) {
    std::string s = "one of: ";
    for (size_t i = 0; i < choices.size(); ++i) s += (i ? ", " : "") + choices[i];
    return s;
  }
  if (type != OptionType::kInt && type != OptionType::kReal) return {};
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi) && hi < 1e6;
  if (type == OptionType::kInt && has_lo && has_hi && !lo_open && !hi_open)
    return "in " + shortNumber(lo) + ".." + shortNumber(hi);
  if (has_lo && has_hi)
    return "in " + std::string(lo_open ? "(" : "[") + shortNumber(lo) + ", " + shortNumber(hi) +
           (hi_open ? ")" : "]");
  if (has_lo) return std::string(lo_open ? "> " : ">= ") + shortNumber(lo);
  if (has_hi) return std::string(hi_open ? "< " : "<= ") + shortNumber(hi);
  return {};
}

bool RunOption::valueInRange(const std::string& value) const {
  if (type == OptionType::kChoice) {
    for (const auto& c : choices)
      if (c == value) return true;
    return false;
  }
  if (type == OptionType::kIntList) {
    std::vector<int64_t> widths;
    if (!parseInts(value, &widths)) return false;
    for (int64_t w : widths)
      if (w < 1) return false;
    return true;
  }
  if (type != OptionType::kInt && type != OptionType::kReal) return true;
  double v = 0;
  if (!parseNumber(value, &v) || !std::isfinite(v)) return false;
  return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
}

bool RunOption::appliesTo(const RunConfig& c) const {
  const ModelInfo* m = findModel(c.model);
  switch (scope) {
    case OptionScope::kAll:
      return true;
    case OptionScope::kImages:
      return !isStrokeDataset(c.dataset) && !isGraphDataset(c.dataset);
    case OptionScope::kGraph:
      return isGraphDataset(c.dataset);
    case OptionScope::kAttributes:
      return m && m->attributes;
    case OptionScope::kSprites:
      return c.dataset == "sprites";
    case OptionScope::kStrokes:
      return isStrokeDataset(c.dataset);
    case OptionScope::kEmbeddedStrokes:
      return c.dataset == "strokes";
    case OptionScope::kLearnedGates:
      return m && m->gates == GateKind::kLearned;
    case OptionScope::kFlows:
      return m && m->flows;
    case OptionScope::kFactors:
      return hasKnownFactors(c.dataset);
    case OptionScope::kLabels:
      return m && m->labels;
  }
  return true;
}

std::string RunOption::defaultValue() const { return get(RunConfig()); }

const RunOption* findOptionByKey(const std::string& key) {
  for (const RunOption& o : runOptions())
    if (o.key == key) return &o;
  return nullptr;
}

const RunOption* findOptionByFlag(const std::string& flag) {
  for (const RunOption& o : runOptions()) {
    if (o.flag() == flag) return &o;
    for (const auto& a : o.aliases)
      if (a == flag) return &o;
  }
  return nullptr;
}

namespace {
std::string modelsWhere(const std::function<bool(const ModelInfo&)>& keep) {
  std::string s;
  for (const ModelInfo& m : modelRegistry())
    if (keep(m)) s += (s.empty() ? "" : ", ") + m.name;
  return s;
}
}  // namespace

std::string sectionTitle(OptionSection section) {
  switch (section) {
    case OptionSection::kData:
      return "Data";
    case OptionSection::kModel:
      return "Model";
    case OptionSection::kObjective:
      return "Objective";
    case OptionSection::kOptimization:
      return "Optimization";
    case OptionSection::kGates:
      return "Gates";
    case OptionSection::kMachine:
      return "Machine";
  }
  return {};
}

std::string scopeText(OptionScope scope) {
  switch (scope) {
    case OptionScope::kAll:
      return "applies to every run";
    case OptionScope::kImages:
      return "applies to image datasets only";
    case OptionScope::kGraph:
      return "applies to graph datasets only";
    case OptionScope::kAttributes:
      return "applies to models of images and attributes (telbo)";
    case OptionScope::kSprites:
      return "applies to --dataset sprites only";
    case OptionScope::kStrokes:
      return "applies to pen-stroke datasets only";
    case OptionScope::kEmbeddedStrokes:
      return "applies to --dataset strokes only";
    case OptionScope::kLearnedGates:
      return "applies to models with learned gates only (" +
             modelsWhere([](const ModelInfo& m) { return m.gates == GateKind::kLearned; }) + ")";
    case OptionScope::kFactors:
      return "applies to datasets with known generative factors only (sprites)";
    case OptionScope::kFlows:
      return "applies to models with flows only (" +
             modelsWhere([](const ModelInfo& m) { return m.flows; }) + ")";
    case OptionScope::kLabels:
      return "applies to semi-supervised models only (" +
             modelsWhere([](const ModelInfo& m) { return m.labels; }) + ")";
  }
  return {};
}

}  // namespace gvae
