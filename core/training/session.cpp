// TrainingSession: device choice, the NaN-guarded optimization step, validation, checkpoints.
#include "core/training/session.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include "core/data/attributes.h"
#include "core/data/dataset.h"
#include "core/models/fused_ops.h"
#include "core/models/model_registry.h"
#include "core/models/noise.h"
#include "core/training/data_parallel.h"

namespace gvae {
namespace {

// A collective inside the forward or backward pass (the batch norms' statistics) failed.
struct CollectiveFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

Status resolveDevice(const std::string& name, torch::Device* out) {
  const bool cuda = torch::cuda::is_available();
  if (name == "cuda" && !cuda)
    return Status::Error("--device cuda: LibTorch sees no CUDA device on this machine");
  *out = (name == "cuda" || (name == "auto" && cuda)) ? torch::Device(torch::kCUDA)
                                                      : torch::Device(torch::kCPU);
  return Status::Ok();
}

int configureThreads(int threads) {
  int n = threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency());
  at::set_num_threads(std::max(1, n));
  return at::get_num_threads();
}

TrainingSession::TrainingSession(const RunConfig& config, torch::Device device)
    : config_(config), device_(device) {}

Status TrainingSession::create(const RunConfig& config, std::unique_ptr<TrainingSession>* out,
                               const std::function<void(const char*)>& stage) {
  Status st = config.validate();
  if (!st) return st;
  torch::Device device(torch::kCPU);
  st = resolveDevice(config.device, &device);
  if (!st) return st;
  std::unique_ptr<TrainingSession> s(new TrainingSession(config, device));
  if (stage) stage("data");
  st = loadDataSplits(config, device, &s->data_);
  if (!st) return st;
  if (s->data_.seq_len > 0) {  // the computed length and scale land in the run file
    s->config_.max_steps = s->data_.seq_len;
    s->config_.stroke_scale = s->data_.stroke_scale;
  }
  if (stage) stage("model");
  torch::manual_seed(config.seed);
  s->model_ = makeModel(config, s->data_);
  s->attributes_ = !s->model_->attributeSizes().empty();
  if (s->attributes_) {
    // The held-out attribute combinations never train the model (compositional queries).
    const ImageSet& train = s->data_.train;
    auto codes = train.attributes.to(torch::kCPU).contiguous();
    const std::vector<int64_t> flat(codes.data_ptr<int64_t>(),
                                    codes.data_ptr<int64_t>() + codes.numel());
    const std::vector<bool> held =
        isAmong(flat, heldOutCombinations(s->data_.attribute_info), codes.size(1));
    std::vector<int64_t> keep;
    for (size_t i = 0; i < held.size(); ++i)
      if (!held[i]) keep.push_back(static_cast<int64_t>(i));
    auto rows = torch::tensor(keep, torch::kLong).to(train.images.device());
    ImageSet kept;
    kept.images = train.images.index_select(0, rows);
    kept.labels = train.labels.index_select(0, rows);
    kept.factors = train.factors.index_select(0, rows);
    kept.attributes = train.attributes.index_select(0, rows);
    s->data_.train = kept;
  }
  if (config.supervise_factors > 0) {  // heads live in the model: Adam and checkpoints see them
    std::vector<SupervisedFactor> factors;
    st = supervisedFactors(config, s->data_, s->model_->nodes(), &factors);
    if (!st) return st;
    s->heads_ = s->model_->register_module(
        "supervision", FactorHeads(factors, s->model_->nodeDim(), s->data_.train.factors));
    const int64_t n = s->data_.train.size();
    auto gen = at::make_generator<at::CPUGeneratorImpl>(kSupervisionSeed);
    auto order = torch::randperm(n, gen, torch::kLong);
    s->labelled_ = torch::zeros({n}, torch::kBool);
    s->labelled_.index_fill_(
        0, order.narrow(0, 0, std::llround(config.supervise_factors * static_cast<double>(n))),
        true);
    s->labelled_ = s->labelled_.to(device);
  }
  if (s->model_->classes() > 0) {
    torch::Tensor rows;
    st = balancedLabelledRows(s->data_.train.labels.to(torch::kCPU), config.labels,
                              s->model_->classes(), config.seed, &rows);
    if (!st) return st;
    s->class_rows_ = rows.to(device);
  }
  s->model_->to(device);
  // Expected pixel values of the training images (already binary for "threshold").
  s->model_->initOutputBias(s->data_.train.images.mean(0));
  s->optimizer_ = std::make_unique<Adam>(s->model_->named_parameters().pairs(), config.lr);
  if (config.gate_lr > 0) s->optimizer_->setLrScale("gates.", config.gate_lr / config.lr);
  *out = std::move(s);
  return Status::Ok();
}

Status balancedLabelledRows(const torch::Tensor& labels, int64_t count, int64_t classes,
                            uint64_t seed, torch::Tensor* rows) {
  const int64_t n = labels.size(0);
  if (count > n)
    return Status::Error("invalid option: --labels " + std::to_string(count) + ": the training " +
                         "split has only " + std::to_string(n) + " examples");
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  auto order = torch::randperm(n, gen, torch::kLong);
  auto shuffled = labels.to(torch::kLong).index_select(0, order);
  std::vector<torch::Tensor> picked;
  for (int64_t c = 0; c < classes; ++c) {
    const int64_t want = count / classes + (c < count % classes ? 1 : 0);
    auto of_class = order.masked_select(shuffled == c);
    if (of_class.size(0) < want)
      return Status::Error("invalid option: --labels " + std::to_string(count) + ": class " +
                           std::to_string(c) + " has only " + std::to_string(of_class.size(0)) +
                           " training examples, " + std::to_string(want) + " wanted");
    picked.push_back(of_class.narrow(0, 0, want));
  }
  *rows = std::get<0>(torch::sort(torch::cat(picked)));
  return Status::Ok();
}

double warmupRamp(double progress, const RunConfig& c) {
  const double warm = c.capacity_max > 0 ? 0.0 : c.effectiveWarmup();
  return warm > 0 ? std::min(1.0, progress / warm) : 1.0;
}

double klWeight(double progress, const RunConfig& c) { return c.beta * warmupRamp(progress, c); }

torch::Tensor klObjective(const torch::Tensor& node_kl_mean, double progress, const RunConfig& c) {
  if (c.capacity_max > 0) {
    const double capacity = c.capacity_max * std::min(1.0, progress / c.capacity_epochs);
    return c.beta * (node_kl_mean.sum() - capacity).abs();
  }
  auto kl = c.free_bits > 0 ? node_kl_mean.clamp_min(c.free_bits) : node_kl_mean;
  return klWeight(progress, c) * kl.sum();
}

torch::Tensor edgeCostTerm(LatentModelImpl& model, const RunConfig& c, double progress) {
  GatesImpl* gates = model.gatesLearnable() ? model.gates() : nullptr;
  if (!gates || c.edge_cost <= 0) return {};
  return c.edge_cost * warmupRamp(progress, c) * gates->freeMu().sum();
}

Status supervisedFactors(const RunConfig& config, const DataSplits& data, int64_t nodes,
                         std::vector<SupervisedFactor>* out) {
  if (data.factor_info.empty())
    return Status::Error("invalid option: --supervise-factors: dataset " + config.dataset +
                         " has no known generative factors");
  std::vector<std::string> order;
  if (config.factor_order.empty()) {
    order = rootFirstFactorOrder(data.factor_dag, data.factor_info);
  } else {
    std::stringstream list(config.factor_order);
    for (std::string name; std::getline(list, name, ',');) order.push_back(name);
  }
  std::string names;
  for (const FactorInfo& f : data.factor_info) names += (names.empty() ? "" : ", ") + f.name;
  if (static_cast<int64_t>(order.size()) > nodes)
    return Status::Error("invalid option: --factor-order names " + std::to_string(order.size()) +
                         " factors but --model " + config.model + " has " + std::to_string(nodes) +
                         " latent nodes (one per factor is needed)");
  out->clear();
  for (size_t k = 0; k < order.size(); ++k) {
    int64_t column = -1;
    for (size_t c = 0; c < data.factor_info.size(); ++c)
      if (data.factor_info[c].name == order[k]) column = static_cast<int64_t>(c);
    for (size_t j = 0; j < k; ++j)
      if (order[j] == order[k]) column = -1;
    if (column < 0)
      return Status::Error("invalid option: --factor-order '" + config.factor_order + "': '" +
                           order[k] + "' is not a factor or repeats one (" + names + ")");
    out->push_back({column, nodes - 1 - static_cast<int64_t>(k), data.factor_info[column]});
  }
  return Status::Ok();
}

StepOutcome TrainingSession::step(const torch::Tensor& x, double progress, double tau,
                                  const torch::Tensor& index, StepShare* share) {
  using Clock = std::chrono::steady_clock;
  const auto since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  auto t = Clock::now();
  model_->train();
  PassOptions pass;
  pass.tau = tau;
  pass.per_example_gates = config_.per_example_gates;
  pass.straight_through = config_.gate_estimator == "straight-through";
  torch::Tensor loss;
  StepOutcome out;
  std::optional<ScopedRowShare> rows;
  std::optional<ScopedBatchNormSync> norm_sync;  // through the backward pass
  if (share) {
    rows.emplace(share->global_rows, share->offset, x.size(0));
    if (share->sync_batch_norm)
      norm_sync.emplace(
          [group = share->group](torch::Tensor& t) {
            Status st = group->sum(t);
            if (!st) throw CollectiveFailure(st.message);
          },
          share->global_rows / x.size(0));
  }
  try {
    if (config_.iw_train > 1) {
      pass.kl_weight = klWeight(progress, config_);
      const int64_t k = config_.iw_train;
      auto bound = torch::logsumexp(model_->logImportanceWeights(x, k, pass), 0) -
                   std::log(static_cast<double>(k));  // [B]
      loss = -bound.mean();
      out.elbo_sum = bound.detach().sum();
      out.nll_sum = out.kl_sum = torch::full({}, std::nan(""), bound.options());
    } else {
      // A model of images and attributes trains on both (its triple ELBO); the others on x.
      ElboTerms t =
          attributes_ && index.defined()
              ? model_->elboWithLabels(x, data_.train.attributes.index_select(0, index), {}, pass)
              : model_->elbo(x, pass);
      loss = t.nll.mean() + klObjective(t.node_kl.mean(0), progress, config_);
      if (t.extra_loss.defined()) loss = loss + t.extra_loss.mean();
      out.nll_sum = t.nll.detach().sum();
      out.kl_sum = t.kl.detach().sum();
      out.elbo_sum = -(out.nll_sum + out.kl_sum);
      if (heads_ && index.defined()) {
        auto nll = heads_->negLogLikelihood(t.z, data_.train.factors.index_select(0, index),
                                            labelled_.index_select(0, index));
        loss = loss + config_.supervise_weight * nll.mean();
      }
    }
    if (auto cost = edgeCostTerm(*model_, config_, progress); cost.defined()) loss = loss + cost;
    rows.reset();
    // The labelled minibatch is this rank's own: its noise is not a share of the global batch.
    if (class_rows_.defined()) loss = loss + labelledLoss(progress, pass);

    out.forward_s = since(t);
    t = Clock::now();
    optimizer_->zeroGrad();
    loss.backward();
    out.backward_s = since(t);
  } catch (const CollectiveFailure& e) {  // a rank died or hung within a batch norm
    share->status = Status::Error(e.what());
    out.skipped = true;
    return out;
  }
  t = Clock::now();
  // inf * 0 and NaN * 0 are NaN: one scalar tells whether loss and gradients are finite.
  torch::Tensor finite = loss.detach() * 0;
  if (share) {  // every rank's loss check, batch sums and flags ride with the gradients
    std::vector<torch::Tensor> grads;
    for (const auto& p : model_->parameters())
      if (p.grad().defined()) grads.push_back(p.grad());
    auto extra = torch::cat({torch::stack({finite, out.elbo_sum, out.nll_sum, out.kl_sum})
                                 .to(torch::kCPU, torch::kFloat),
                             torch::tensor(share->flags, torch::kFloat)});
    share->status = share->group->averageGradients(grads, &extra);
    if (!share->status) {
      out.skipped = true;
      return out;
    }
    const torch::Tensor& sums = extra;
    finite = sums[0].to(loss.device());
    out.elbo_sum = sums[1].to(loss.device());
    out.nll_sum = sums[2].to(loss.device());
    out.kl_sum = sums[3].to(loss.device());
    const float* summed = sums.data_ptr<float>() + 4;  // on the CPU: no item() per flag
    std::copy(summed, summed + share->flags.size(), share->flags.begin());
  }
  double norm = (optimizer_->gradNorm() + finite).item<double>();
  out.norm_s = since(t);
  out.grad_norm = norm;
  if (!std::isfinite(norm)) {
    optimizer_->zeroGrad();
    out.skipped = true;
    return out;
  }
  t = Clock::now();
  optimizer_->step(std::min(1.0, config_.grad_clip / (norm + 1e-6)));  // clip to grad_clip
  if (GatesImpl* gates = model_->gates()) gates->project();
  out.update_s = since(t);
  return out;
}

// A random minibatch of the labelled rows (at most --batch, drawn with replacement): their bound
// L(x, y) weighted by their share n_l / n of the training set, plus the classification term
// alpha / n * sum -log q(y|x) with alpha = label_alpha * n (Kingma et al. 2014), i.e.
// label_alpha * n_l * mean -log q(y|x). The unlabelled bound of the step's own batch covers
// the other rows (and the labelled ones again, a share of n_l / n).
torch::Tensor TrainingSession::labelledLoss(double progress, const PassOptions& pass) {
  const int64_t n_l = class_rows_.size(0), n = data_.train.size();
  const int64_t b = std::min<int64_t>(config_.batch, n_l);
  auto rows = class_rows_.index_select(0, torch::randint(n_l, {b}, class_rows_.options()));
  auto x = binarizeTrain(data_.train.images.index_select(0, rows), config_);
  auto y = data_.train.labels.index_select(0, rows);
  auto all = torch::ones({b}, y.options().dtype(torch::kBool));
  ElboTerms t = model_->elboWithLabels(x, y, all, pass);
  auto bound = t.nll.mean() + klObjective(t.node_kl.mean(0), progress, config_);
  if (t.extra_loss.defined()) bound = bound + t.extra_loss.mean();
  auto ce = -torch::log_softmax(model_->classLogits(x), 1).gather(1, y.unsqueeze(1)).mean();
  return static_cast<double>(n_l) / static_cast<double>(n) * bound +
         config_.label_alpha * static_cast<double>(n_l) * ce;
}

PassOptions gatePass(const std::string& name, double tau) {
  PassOptions pass;
  pass.gates = name == "hard"      ? GateMode::kHard
               : name == "relaxed" ? GateMode::kRelaxed
                                   : GateMode::kSampled;
  pass.tau = tau;
  pass.per_example_gates = true;
  return pass;
}

std::string gateSettingName(const std::string& name, double tau) {
  if (name == "hard") return "hard (gates at round(mu))";
  if (name == "relaxed") {
    std::ostringstream s;
    s << "relaxed (tau = " << tau << ")";
    return s.str();
  }
  return "sampled (c ~ Bernoulli(mu))";
}

SplitMetrics TrainingSession::evaluate(const ImageSet& set, double tau, const std::string& gates,
                                       int64_t batch) {
  torch::NoGradGuard no_grad;
  model_->eval();
  const std::string setting = gates.empty() ? config_.eval_gates : gates;
  PassOptions pass = gatePass(setting, tau);
  auto nll = torch::zeros({}, set.images.options());
  auto node_kl = torch::zeros({model_->nodes()}, set.images.options());
  const int64_t n = set.size();
  for (int64_t start = 0; start < n; start += batch) {
    auto x = set.images.narrow(0, start, std::min(batch, n - start));
    ElboTerms t = model_->elbo(x, pass);
    nll += t.nll.sum();
    node_kl += t.node_kl.sum(0);
  }
  auto per_node = (node_kl / static_cast<double>(n)).to(torch::kCPU, torch::kDouble);
  SplitMetrics m;
  m.nll = nll.item<double>() / static_cast<double>(n);
  m.node_kl.assign(per_node.data_ptr<double>(), per_node.data_ptr<double>() + per_node.numel());
  for (double k : m.node_kl) m.kl += k;
  m.elbo = -(m.nll + m.kl);
  m.gate_setting = gateSettingName(setting, tau);
  return m;
}

Checkpoint TrainingSession::checkpoint(int64_t epoch, int64_t step, bool with_optimizer) const {
  Checkpoint c;
  c.epoch = epoch;
  c.step = step;
  for (const auto& item : model_->named_parameters())
    c.model.push_back(toNamedArray(item.key(), item.value()));
  for (const auto& item : model_->named_buffers())
    c.model.push_back(toNamedArray(item.key(), item.value()));
  if (with_optimizer) c.optimizer = optimizer_->state();
  return c;
}

Status loadModelState(torch::nn::Module& model, const std::vector<NamedArray>& arrays) {
  std::map<std::string, const NamedArray*> by_name;
  for (const auto& a : arrays) by_name[a.name] = &a;
  auto load = [&](const std::string& name, torch::Tensor t) {
    auto it = by_name.find(name);
    if (it == by_name.end()) return Status::Error("checkpoint lacks model array '" + name + "'");
    return copyFromNamedArray(*it->second, t);
  };
  for (const auto& item : model.named_parameters()) {
    Status st = load(item.key(), item.value());
    if (!st) return st;
  }
  for (const auto& item : model.named_buffers()) {
    Status st = load(item.key(), item.value());
    if (!st) return st;
  }
  return Status::Ok();
}

Status loadTrainedRun(const std::string& path, const std::string& device, int threads,
                      const std::string& data_dir, RunRecord* record,
                      std::unique_ptr<TrainingSession>* session) {
  Status st = readRunFile(path, record, true);
  if (!st) return st;
  if (!record->checkpoint) return Status::Error(path + ": holds no checkpoint to evaluate");
  RunConfig cfg;
  st = RunConfig::fromKeyValues(record->config, &cfg);
  if (!st) return Status::Error(path + ": " + st.message);
  cfg.device = device;
  cfg.threads = threads;
  if (!data_dir.empty()) cfg.data_dir = data_dir;
  configureThreads(threads);
  st = TrainingSession::create(cfg, session);
  if (!st) return st;
  st = (*session)->restore(*record->checkpoint);
  if (!st) return Status::Error(path + ": " + st.message);
  return Status::Ok();
}

Status TrainingSession::restore(const Checkpoint& c, bool keep_gate_states) {
  GatesImpl* gates = model_->gates();
  torch::Tensor frozen = keep_gate_states && gates ? gates->frozen.clone() : torch::Tensor();
  Status st = loadModelState(*model_, c.model);
  if (!st) return st;
  if (frozen.defined()) {
    torch::NoGradGuard no_grad;
    gates->frozen.copy_(frozen);
  }
  return optimizer_->loadState(c.optimizer);
}

}  // namespace gvae
