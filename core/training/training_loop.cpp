// TrainingLoop: the training thread's epochs, NaN guard and rollback, commands, checkpoints.
#include "core/training/training_loop.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "core/data/dataset.h"
#include "core/eval/edge_importance.h"
#include "core/eval/metrics.h"
#include "core/training/divergence_guard.h"

namespace gvae {
namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// "z3 -> z1"; a recurrent gate (i < 0) reads "z3(t-1) -> z1".
std::string gateLabel(int i, int j) {
  const std::string from = i < 0 ? "z" + std::to_string(-i) + "(t-1)" : "z" + std::to_string(i);
  return from + " -> z" + std::to_string(j);
}

}  // namespace

struct TrainingLoop::EpochState {
  int64_t epoch = 0, batches = 0;
  torch::Tensor epoch_sums, window_sums;  // [3]: ELBO, NLL, KL summed over examples
  int64_t epoch_n = 0, window_n = 0;
  double grad_norm_sum = 0;  // over the epoch's updates (before clipping)
  int64_t updates = 0;
  DivergenceGuard guard;
  double kl_weight = 0;
  Clock::time_point t0, window_t0;
  double paused_s = 0;
  double reduce_s = 0, step_s = 0;  // data parallelism: gradient all-reduce and whole steps
  int64_t reduce_bytes = 0;
};

TrainingLoop::TrainingLoop(RunConfig config, TrainerControl& control)
    : config_(std::move(config)), control_(control) {}

void TrainingLoop::event(const std::string& kind, const std::string& message) {
  TrainingEvent e{step_, live_.epoch, kind, message};
  record_.events.push_back(e);
  control_.mailbox.post(e);
}

void TrainingLoop::fillGates(std::vector<double>* mu, std::vector<int8_t>* frozen) {
  GatesImpl* g = session_->model().gates();
  if (!g) return;
  auto m = g->mu().to(torch::kCPU, torch::kDouble);
  mu->assign(m.data_ptr<double>(), m.data_ptr<double>() + m.numel());
  *frozen = g->frozenCodes();
}

void TrainingLoop::publish(TrainerState s) {
  control_.state = s;
  live_.state = s;
  live_.tau = tau_;
  live_.step = step_;
  if (session_) {
    live_.lr = session_->optimizer().lr();
    if (GatesImpl* g = session_->model().gates()) live_.gate_pairs = g->pairs();
    fillGates(&live_.gate_mu, &live_.gate_frozen);
  }
  control_.mailbox.post(live_);
}

void TrainingLoop::postSnapshot() {
  auto snap = std::make_shared<ModelSnapshot>();
  snap->config = record_.config;
  // Weights mid-epoch: the epoch recorded is the last finished one.
  const int64_t done = record_.epochs.empty() ? 0 : record_.epochs.back().epoch;
  snap->weights = session_->checkpoint(done, step_, /*with_optimizer=*/false);
  std::shared_ptr<const ModelSnapshot> shared = std::move(snap);
  if (control_.snapshot_sink) control_.snapshot_sink(shared);  // straight to its consumer
  control_.mailbox.post(std::move(shared));
}

Status TrainingLoop::save() {
  if (config_.out_path.empty() || !leads()) return Status::Ok();
  Status st = writeRunFile(config_.out_path, record_);
  if (!st) return Status::Error(st.message + " (the file keeps the last epoch saved before)");
  return st;
}

void TrainingLoop::finish(const Status& outcome) {
  if (!outcome) event("error", outcome.message);
  if (record_.checkpoint && (control_.stop || !outcome)) {
    try {
      save();
    } catch (const std::exception&) {  // the earlier file stays intact; the error is reported
    }
  }
  if (outcome) {
    publish(control_.stop ? TrainerState::kStopped : TrainerState::kFinished);
    return;
  }
  live_.message = outcome.message;
  control_.state = TrainerState::kFailed;
  live_.state = TrainerState::kFailed;
  control_.mailbox.post(live_);
}

void TrainingLoop::applyGateCommand(const TrainerCommand& c) {
  GatesImpl* gates = session_->model().gates();
  const bool learnable = gates && session_->model().gatesLearnable();
  if (c.kind == TrainerCommand::kFreezeConverged) {
    if (!learnable) {
      event("refused", "model " + session_->config().model + " has no learnable gates");
      return;
    }
    const std::vector<int64_t> frozen = gates->freezeConverged(c.value);
    for (int64_t g : frozen) {
      auto [i, j] = gates->pairs()[g];
      event("freeze", "gate " + gateLabel(i, j) + " converged, frozen to " +
                          std::to_string(static_cast<int>(gates->frozenCodes()[g])));
    }
    // One closing line either way, so that "nothing converged" is said, not left silent.
    std::ostringstream eps;
    eps << c.value;
    event("freeze", frozen.empty()
                        ? "no free gate within " + eps.str() + " of 0 or 1: nothing frozen"
                        : std::to_string(frozen.size()) + " converged gate" +
                              (frozen.size() == 1 ? "" : "s") + " (within " + eps.str() +
                              " of 0 or 1) frozen");
    return;
  }
  const int64_t g = learnable ? gates->index(c.i, c.j) : -1;
  if (g < 0) {
    event("refused", "gate " + gateLabel(c.i, c.j) + " is not a learnable gate of model " +
                         session_->config().model);
  } else if (c.kind == TrainerCommand::kFreeze) {
    gates->freeze(g, c.value);
    event("freeze", "gate " + gateLabel(c.i, c.j) + " frozen to " + (c.value > 0 ? "1" : "0"));
  } else {
    gates->unfreeze(g);
    event("unfreeze", "gate " + gateLabel(c.i, c.j) + " unfrozen");
  }
}

void TrainingLoop::applyCommands() {
  std::deque<TrainerCommand> todo;
  {
    std::lock_guard<std::mutex> lock(control_.mutex);
    todo.swap(control_.commands);
  }
  applyCommandList(todo);
}

Status TrainingLoop::applyAgreedCommands(int64_t count) {
  // Rank 0's commands as rows (kind, i, j, value), the same list on every rank.
  auto rows = torch::zeros({count, 4}, torch::kDouble);
  if (leads()) {
    for (int64_t k = 0; k < count && k < static_cast<int64_t>(outgoing_.size()); ++k) {
      const TrainerCommand& c = outgoing_[static_cast<size_t>(k)];
      rows[k][0] = static_cast<double>(c.kind);
      rows[k][1] = c.i;
      rows[k][2] = c.j;
      rows[k][3] = c.value;
    }
    outgoing_.clear();
  }
  Status st = dp_->broadcast({rows});
  if (!st) return st;
  std::deque<TrainerCommand> todo;
  auto a = rows.accessor<double, 2>();
  for (int64_t k = 0; k < count; ++k) {
    TrainerCommand c{static_cast<TrainerCommand::Kind>(static_cast<int>(a[k][0]))};
    c.i = static_cast<int>(a[k][1]);
    c.j = static_cast<int>(a[k][2]);
    c.value = a[k][3];
    if (c.kind != TrainerCommand::kSnapshot || leads()) todo.push_back(c);
  }
  applyCommandList(todo);
  return Status::Ok();
}

void TrainingLoop::applyCommandList(const std::deque<TrainerCommand>& todo) {
  for (const TrainerCommand& c : todo) {
    switch (c.kind) {
      case TrainerCommand::kFreeze:
      case TrainerCommand::kUnfreeze:
      case TrainerCommand::kFreezeConverged:
        applyGateCommand(c);
        break;
      case TrainerCommand::kTau:
        tau_ = c.value;
        event("set", "tau set to " + std::to_string(c.value));
        break;
      case TrainerCommand::kLr:
        session_->optimizer().setLr(c.value);
        event("set", "learning rate set to " + std::to_string(c.value));
        break;
      case TrainerCommand::kSnapshot:
        postSnapshot();
        break;
    }
  }
}

void TrainingLoop::autoFreeze() {
  GatesImpl* gates = session_->model().gates();
  const RunConfig& c = session_->config();
  if (!gates || !session_->model().gatesLearnable() || c.auto_freeze_eps <= 0) return;
  // Patience is read from the gate history itself, so a resumed run needs no extra state.
  auto codes = gates->frozenCodes();
  for (int64_t g = 0; g < gates->count(); ++g) {
    if (codes[g] >= 0) continue;
    int64_t run = 0;
    for (auto it = record_.epochs.rbegin(); it != record_.epochs.rend(); ++it) {
      double mu = it->gate_mu[g];
      if (std::abs(mu - std::round(mu)) >= c.auto_freeze_eps) break;
      ++run;
    }
    if (run >= c.auto_freeze_patience) {
      double value = std::round(record_.epochs.back().gate_mu[g]);
      gates->freeze(g, value);
      auto [i, j] = gates->pairs()[g];
      event("freeze", "gate " + gateLabel(i, j) + " auto-frozen to " + std::to_string(int(value)) +
                          " after " + std::to_string(run) + " converged epochs");
    }
  }
}

Status TrainingLoop::restoreForResume(RunConfig* cfg, int64_t* first_epoch) {
  const Checkpoint& c = *record_.checkpoint;
  Status st = session_->restore(c);
  if (!st) return Status::Error(config_.out_path + ": " + st.message);
  // Keep exactly the history up to the checkpoint: later rows belong to no saved state.
  while (!record_.epochs.empty() && record_.epochs.back().epoch > c.epoch)
    record_.epochs.pop_back();
  while (!record_.steps.empty() && record_.steps.back().step > c.step) record_.steps.pop_back();
  step_ = c.step;
  if (!record_.epochs.empty()) {
    const EpochMetrics& last = record_.epochs.back();
    tau_ = std::max(cfg->tau_min, last.tau * cfg->tau_decay);
    session_->optimizer().setLr(last.lr);
  }
  record_.config = session_->config().toKeyValues();  // the new epoch total, device, threads
  *first_epoch = c.epoch + 1;
  live_.epoch = c.epoch;
  event("resume", "resumed from epoch " + std::to_string(c.epoch) + " of " + config_.out_path);
  return Status::Ok();
}

Status TrainingLoop::prepare(bool resume, int64_t* first_epoch) {
  RunConfig cfg = config_;
  if (resume) {
    Status st = readRunFile(config_.out_path, &record_, true);
    if (!st) return st;
    if (!record_.checkpoint)
      return Status::Error(config_.out_path + ": has no checkpoint to resume from");
    st = RunConfig::fromKeyValues(record_.config, &cfg);
    if (!st) return Status::Error(config_.out_path + ": " + st.message);
    cfg.epochs = config_.epochs;
    cfg.device = config_.device;
    cfg.threads = config_.threads;
    cfg.out_path = config_.out_path;
    // A file from before eval_gates validated with hard gates: its curves stay one setting.
    if (record_.configValue("eval_gates").empty()) cfg.eval_gates = "hard";
  }
  Status st = TrainingSession::create(cfg, &session_, [this](const char* stage) {
    live_.stage = stage;
    publish(TrainerState::kLoading);
  });
  if (!st) return st;
  live_.stage = "file";
  publish(TrainerState::kLoading);
  live_.device = session_->device().str();
  live_.total_epochs = cfg.epochs;
  tau_ = cfg.tau;
  if (resume) return restoreForResume(&cfg, first_epoch);
  record_ = {};
  record_.config = session_->config().toKeyValues();
  if (GatesImpl* g = session_->model().gates()) record_.gate_pairs = g->pairs();
  record_.checkpoint = session_->checkpoint(0, 0);
  *first_epoch = 1;
  return save();
}

bool TrainingLoop::waitWhilePaused(EpochState& e) {
  std::unique_lock<std::mutex> lock(control_.mutex);
  if (!control_.paused) return !control_.stop;
  lock.unlock();
  publish(TrainerState::kPaused);
  auto p0 = Clock::now();
  lock.lock();
  // Commands (a freeze, a snapshot for the views) are applied while paused too.
  for (;;) {
    control_.cv.wait(
        lock, [&] { return !control_.paused || control_.stop || !control_.commands.empty(); });
    if (!control_.paused || control_.stop) break;
    lock.unlock();
    applyCommands();
    publish(TrainerState::kPaused);
    lock.lock();
  }
  e.paused_s += seconds(p0);
  e.window_t0 = Clock::now();
  if (control_.stop) return false;
  lock.unlock();
  publish(TrainerState::kRunning);
  return true;
}

Status TrainingLoop::guardStep(const StepOutcome& out, EpochState& e) {
  TrainingSession& s = *session_;
  DivergenceGuard::Action action = e.guard.onStep(out.skipped);
  if (out.skipped) {
    ++live_.skipped_steps;
    if (e.guard.consecutive() == 1 || e.guard.skipped() % 100 == 0)
      event("nan_skip", "non-finite loss or gradient at step " + std::to_string(step_) +
                            ": step skipped (" + std::to_string(e.guard.skipped()) +
                            " this epoch)");
  }
  if (action == DivergenceGuard::Action::kFail)
    return Status::Error("training diverged: rollbacks in epoch " + std::to_string(e.epoch) +
                         " did not help; the run file keeps epoch " +
                         std::to_string(record_.checkpoint->epoch));
  if (action == DivergenceGuard::Action::kRollback) {
    Status st = s.restore(*record_.checkpoint, /*keep_gate_states=*/true);
    if (!st) return st;
    s.optimizer().setLr(s.optimizer().lr() * 0.5);
    event("rollback", "rolled back to the checkpoint of epoch " +
                          std::to_string(record_.checkpoint->epoch) + " after " +
                          std::to_string(e.guard.skipsBeforeRollback()) +
                          " non-finite steps in a row; learning rate halved to " +
                          std::to_string(s.optimizer().lr()));
  }
  return Status::Ok();
}

void TrainingLoop::accumulate(const StepOutcome& out, EpochState& e) {
  if (out.skipped) return;
  auto sums = torch::stack({out.elbo_sum, out.nll_sum, out.kl_sum});
  e.epoch_sums += sums;
  e.window_sums += sums;
  e.epoch_n += globalBatch();  // the sums are the global batch's
  e.grad_norm_sum += out.grad_norm;
  ++e.updates;
  e.window_n += globalBatch();
}

void TrainingLoop::publishWindow(EpochState& e, int64_t batch) {
  if (step_ % session_->config().log_every != 0 || e.window_n == 0) return;
  auto w = (e.window_sums / static_cast<double>(e.window_n)).to(torch::kCPU, torch::kDouble);
  StepMetrics m{step_, e.epoch, w[0].item<double>(), w[1].item<double>(), w[2].item<double>()};
  record_.steps.push_back(m);
  control_.mailbox.post(m);
  live_.batch_in_epoch = batch + 1;
  live_.kl_weight = e.kl_weight;
  live_.samples_per_s = static_cast<double>(e.window_n) / std::max(1e-9, seconds(e.window_t0));
  publish(TrainerState::kRunning);
  e.window_sums.zero_();
  e.window_n = 0;
  e.window_t0 = Clock::now();
}

Status TrainingLoop::finishEpoch(EpochState& e) {
  TrainingSession& s = *session_;
  const double train_s = seconds(e.t0) - e.paused_s;
  live_.stage = "validate";
  publish(TrainerState::kRunning);
  // Rank 0 validates, measures and writes; the others keep the gate history (auto-freeze
  // decides from it) and the checkpoint (a rollback restores it), identical on every rank.
  SplitMetrics v = leads() ? s.evaluate(s.data().valid, tau_) : SplitMetrics{};
  EpochMetrics em;
  em.epoch = e.epoch;
  em.step = step_;
  if (e.epoch_n > 0) {
    auto m = (e.epoch_sums / static_cast<double>(e.epoch_n)).to(torch::kCPU, torch::kDouble);
    em.train_elbo = m[0].item<double>();
    em.train_nll = m[1].item<double>();
    em.train_kl = m[2].item<double>();
  } else {
    em.train_elbo = em.train_nll = em.train_kl = std::nan("");
  }
  em.valid_elbo = v.elbo;
  em.valid_nll = v.nll;
  em.valid_kl = v.kl;
  em.node_kl = v.node_kl;
  if (leads() && s.data().graph) {  // what a graph auto-encoder is for: its held-out edges
    const LinkMetrics link = linkPrediction(s.model(), *s.data().graph, /*test=*/false);
    em.valid_auc = link.auc;
    em.valid_ap = link.ap;
  }
  em.tau = tau_;
  em.lr = s.optimizer().lr();
  em.kl_weight = e.kl_weight;
  em.seconds = train_s;
  em.samples_per_s = static_cast<double>(e.batches * globalBatch()) / std::max(1e-9, train_s);
  em.skipped_steps = e.guard.skipped();
  em.grad_norm = e.updates > 0 ? e.grad_norm_sum / static_cast<double>(e.updates) : std::nan("");
  fillGates(&em.gate_mu, &em.gate_frozen);
  if (s.model().gates()) em.valid_gates = s.config().eval_gates;
  if (s.model().gates()) {
    live_.stage = "importance";
    publish(TrainerState::kRunning);
  }
  if (leads()) measureImportance(&em);
  if (dp_ && leads() && e.batches > 0) {
    std::ostringstream m;
    m.precision(3);
    m << "gradient all-reduce " << 1e3 * e.reduce_s / static_cast<double>(e.batches)
      << " ms per step (" << static_cast<double>(e.reduce_bytes) / 1e6 << " MB), "
      << 100 * e.reduce_s / std::max(1e-9, e.step_s) << " % of the step; step "
      << 1e3 * e.step_s / static_cast<double>(e.batches) << " ms";
    event("distributed", m.str());
  }
  record_.epochs.push_back(em);

  autoFreeze();
  if (GatesImpl* g = s.model().gates()) record_.epochs.back().gate_frozen = g->frozenCodes();
  tau_ = std::max(s.config().tau_min, tau_ * s.config().tau_decay);
  record_.checkpoint = s.checkpoint(e.epoch, step_);
  live_.stage = "save";
  publish(TrainerState::kRunning);
  Status st = save();
  live_.stage.clear();
  live_.last_epoch_wall_s = seconds(e.t0) - e.paused_s;
  publish(TrainerState::kRunning);
  control_.mailbox.post(record_.epochs.back());
  return st;
}

void TrainingLoop::measureImportance(EpochMetrics* em) {
  TrainingSession& s = *session_;
  const RunConfig& c = s.config();
  if (c.importance_n <= 0 || !s.model().gatesLearnable()) return;
  const ImageSet& valid = s.data().valid;
  ImportanceOptions o;
  o.tau = tau_;
  o.with_on = false;  // the off-change per epoch; `graphvae structure` measures both
  o.seed = c.seed * 1000003ULL + static_cast<uint64_t>(em->epoch);
  o.should_stop = [this] { return control_.stop.load(); };
  auto report = std::make_shared<StructureReport>();
  report->edges = edgeImportance(
      s.model(), valid.images.narrow(0, 0, std::min(c.importance_n, valid.size())), o);
  for (const EdgeImportance& e : report->edges) {
    em->importance_relaxed.push_back(e.off_relaxed);
    em->importance_sampled.push_back(e.off_sampled);
  }
  if (report->edges.empty()) return;  // stopped
  // On data with known factors: the alignment and both DAGs, for the workbench's view.
  addGroundTruth(s.model(), s.data(), report.get());
  if (report->factor_names.empty()) return;
  report->epoch = em->epoch;
  report->n = std::min(c.importance_n, valid.size());
  report->tau = tau_;
  em->structure = std::move(report);
}

Status TrainingLoop::runEpoch(int64_t epoch) {
  TrainingSession& s = *session_;
  const RunConfig& cfg = s.config();
  // Every epoch draws from its own seed: a resumed run continues exactly like an uninterrupted one.
  torch::manual_seed(cfg.seed * 1000003ULL + static_cast<uint64_t>(epoch));
  auto train_x = binarizeTrain(s.data().train.images, cfg);
  // Sequences: batches of similar lengths (the model computes up to each batch's longest).
  // Data parallelism: the batches of the global batch size, the same on every rank (same seed),
  // each rank taking its consecutive share of every one.
  auto batches = trainingBatches(s.data(), train_x, globalBatch(), s.device());
  EpochState e;
  e.epoch = epoch;
  e.batches = static_cast<int64_t>(batches.size());
  e.epoch_sums = torch::zeros({3}, train_x.options());
  e.window_sums = torch::zeros({3}, train_x.options());
  e.kl_weight = cfg.beta;
  e.t0 = e.window_t0 = Clock::now();
  live_.epoch = epoch;
  live_.batches_per_epoch = e.batches;

  for (int64_t b = 0; b < e.batches; ++b) {
    StepShare share;
    Batch batch = batches[b];
    if (dp_) {
      // The ranks agree on stops and on rank 0's commands through flags of the step's
      // all-reduce; both take effect after it, on every rank at the same step. No pause.
      share.group = dp_.get();
      share.global_rows = globalBatch();
      share.offset = dp_->rank() * cfg.batch;
      share.sync_batch_norm = dp_->setup().sync_batch_norm;
      share.flags = {control_.stop ? 1.0f : 0.0f, 0.0f};
      if (leads()) {
        std::lock_guard<std::mutex> lock(control_.mutex);
        for (; !control_.commands.empty(); control_.commands.pop_front())
          outgoing_.push_back(control_.commands.front());
        share.flags[1] = static_cast<float>(outgoing_.size());
      }
      batch.index = batch.index.narrow(0, share.offset, cfg.batch);
    } else {
      if (!waitWhilePaused(e)) return Status::Ok();  // stopped: the epoch is discarded
      applyCommands();
    }
    shareCores();
    const double progress = static_cast<double>(epoch - 1) + static_cast<double>(b) / e.batches;
    e.kl_weight = klWeight(progress, cfg);
    const auto step_t0 = Clock::now();
    StepOutcome out =
        s.step(batchInputs(train_x, batch), progress, tau_, batch.index, dp_ ? &share : nullptr);
    if (!share.status) return share.status;
    if (dp_) {
      e.step_s += seconds(step_t0);
      e.reduce_s += dp_->lastReduceSeconds();
      e.reduce_bytes = dp_->lastReduceBytes();
    }
    ++step_;
    Status st = guardStep(out, e);
    if (!st) return st;
    accumulate(out, e);
    publishWindow(e, b);
    if (!dp_) continue;
    if (share.flags[1] > 0 && !(st = applyAgreedCommands(std::lround(share.flags[1])))) return st;
    if (share.flags[0] > 0) {  // some rank was asked to stop: the epoch is discarded on all
      agreed_stop_ = true;
      control_.stop = true;
      return Status::Ok();
    }
  }
  return finishEpoch(e);
}

void TrainingLoop::shareCores(bool now) {
  if (!share_) return;
  const auto t = Clock::now();
  if (!now && t - share_checked_ < std::chrono::seconds(1)) return;
  share_checked_ = t;
  const int trainings = share_->activeTrainings();
  const int threads =
      sharedThreads(0, static_cast<int>(std::thread::hardware_concurrency()), trainings);
  if (threads == live_.threads) return;
  const bool first = live_.threads == 0;
  live_.threads = configureThreads(threads);
  if (!first)
    event("threads", trainings > 1
                         ? std::to_string(trainings) + " trainings share the cores: " +
                               std::to_string(live_.threads) + " thread(s) here"
                         : "alone again: " + std::to_string(live_.threads) + " thread(s)");
}

Status TrainingLoop::joinGroup() {
  if (!control_.dist.active()) return Status::Ok();
  live_.stage = "group";
  live_.ranks = control_.dist.world;
  publish(TrainerState::kLoading);
  return DataParallel::connect(control_.dist, &dp_);
}

Status TrainingLoop::startTogether() {
  // Same seed, same file: the weights already agree; rank 0's are made the truth all the same.
  std::vector<torch::Tensor> state;
  torch::NoGradGuard no_grad;
  for (const auto& p : session_->model().parameters()) state.push_back(p.detach());
  for (const auto& b : session_->model().buffers()) state.push_back(b);
  Status st = dp_->broadcast(state);
  if (!st) return st;
  const RunConfig& c = session_->config();
  const DistributedSetup& d = dp_->setup();
  event("distributed",
        "data-parallel training on " + std::to_string(d.world) + " ranks (" + d.source +
            ", rendezvous " + d.master_addr + ":" + std::to_string(d.master_port) +
            "): global batch " + std::to_string(globalBatch()) + " = " + std::to_string(d.world) +
            " x " + std::to_string(c.batch) + "; batch norms over " +
            (d.sync_batch_norm ? "the global batch" : "each rank's rows") + "; rank 0 writes " +
            (config_.out_path.empty() ? std::string("nothing") : config_.out_path));
  return Status::Ok();
}

Status TrainingLoop::run(bool resume) {
  // "All cores" is this training's share of them: spinning OpenMP threads of two trainings
  // on the same cores ran each at a ninth of one alone. A number the user chose stays.
  if (config_.threads <= 0 && !std::getenv("OMP_NUM_THREADS")) {
    share_ = std::make_unique<CoreShare>();
    live_.threads = 0;
    shareCores(/*now=*/true);
  } else {
    live_.threads = configureThreads(config_.threads);
  }
  publish(TrainerState::kLoading);
  Status st = joinGroup();
  if (!st) return st;
  int64_t first = 1;
  st = prepare(resume, &first);
  if (!st) return st;
  if (dp_ && !(st = startTogether())) return st;
  live_.stage.clear();
  publish(TrainerState::kRunning);
  for (int64_t epoch = first; epoch <= session_->config().epochs && !stopped(); ++epoch) {
    st = runEpoch(epoch);
    if (!st) return st;
  }
  return Status::Ok();
}

}  // namespace gvae
