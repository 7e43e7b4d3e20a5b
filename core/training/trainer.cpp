// Trainer: the training thread (epochs, NaN guard and rollback, commands, checkpoints) and its
// controls. The training thread owns the model, the optimizer and every HDF5 call.
#include "core/training/trainer.h"

#include <torch/cuda.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <thread>

#include "core/data/dataset.h"
#include "core/io/run_file.h"
#include "core/training/divergence_guard.h"
#include "core/training/session.h"

namespace gvae {
namespace {

using Clock = std::chrono::steady_clock;

struct Command {
  enum Kind { kFreeze, kUnfreeze, kFreezeConverged, kTau, kLr, kSnapshot } kind;
  int i = 0, j = 0;
  double value = 0;
};

double seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// "z3 -> z1"; a recurrent gate (i < 0) reads "z3(t-1) -> z1".
std::string gateName(int i, int j) {
  const std::string from = i < 0 ? "z" + std::to_string(-i) + "(t-1)" : "z" + std::to_string(i);
  return from + " -> z" + std::to_string(j);
}

}  // namespace

struct Trainer::Impl {
  RunConfig config;
  Mailbox mailbox;
  std::thread thread;
  mutable std::mutex mutex;  // guards paused, commands, error
  std::condition_variable cv;
  bool paused = false;
  std::deque<Command> commands;
  std::string error;
  std::atomic<bool> stop{false};
  std::atomic<TrainerState> state{TrainerState::kIdle};

  // Training-thread state.
  std::unique_ptr<TrainingSession> session;
  RunRecord record;
  LiveStatus live;
  double tau = 1.0;
  int64_t step = 0;

  void run(bool resume);
  Status train(bool resume);
  Status prepare(bool resume, int64_t* first_epoch);
  Status runEpoch(int64_t epoch);
  void applyCommands();
  void autoFreeze();
  void event(const std::string& kind, const std::string& message);
  void publish(TrainerState s);
  void fillGates(std::vector<double>* mu, std::vector<int8_t>* frozen);
  void postSnapshot();
  Status save();
  void queue(Command c) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      commands.push_back(c);
    }
    cv.notify_all();  // a paused trainer applies commands too
  }
};

void Trainer::Impl::event(const std::string& kind, const std::string& message) {
  TrainingEvent e{step, live.epoch, kind, message};
  record.events.push_back(e);
  mailbox.post(e);
}

void Trainer::Impl::fillGates(std::vector<double>* mu, std::vector<int8_t>* frozen) {
  GatesImpl* g = session->model().gates();
  if (!g) return;
  auto m = g->mu().to(torch::kCPU, torch::kDouble);
  mu->assign(m.data_ptr<double>(), m.data_ptr<double>() + m.numel());
  *frozen = g->frozenCodes();
}

void Trainer::Impl::publish(TrainerState s) {
  state = s;
  live.state = s;
  live.tau = tau;
  live.step = step;
  if (session) {
    live.lr = session->optimizer().lr();
    if (GatesImpl* g = session->model().gates()) live.gate_pairs = g->pairs();
    fillGates(&live.gate_mu, &live.gate_frozen);
  }
  mailbox.post(live);
}

void Trainer::Impl::postSnapshot() {
  auto snap = std::make_shared<ModelSnapshot>();
  snap->config = record.config;
  // Weights mid-epoch: the epoch recorded is the last finished one.
  const int64_t done = record.epochs.empty() ? 0 : record.epochs.back().epoch;
  snap->weights = session->checkpoint(done, step, /*with_optimizer=*/false);
  mailbox.post(std::shared_ptr<const ModelSnapshot>(std::move(snap)));
}

Status Trainer::Impl::save() {
  if (config.out_path.empty()) return Status::Ok();
  Status st = writeRunFile(config.out_path, record);
  if (!st) return Status::Error(st.message + " (the file keeps the last epoch saved before)");
  return st;
}

void Trainer::Impl::applyCommands() {
  std::deque<Command> todo;
  {
    std::lock_guard<std::mutex> lock(mutex);
    todo.swap(commands);
  }
  for (const Command& c : todo) {
    GatesImpl* gates = session->model().gates();
    const bool learnable = gates && session->model().gatesLearnable();
    switch (c.kind) {
      case Command::kFreeze:
      case Command::kUnfreeze: {
        int64_t g = learnable ? gates->index(c.i, c.j) : -1;
        if (g < 0) {
          event("refused", "gate " + gateName(c.i, c.j) + " is not a learnable gate of model " +
                               session->config().model);
        } else if (c.kind == Command::kFreeze) {
          gates->freeze(g, c.value);
          event("freeze", "gate " + gateName(c.i, c.j) + " frozen to " + (c.value > 0 ? "1" : "0"));
        } else {
          gates->unfreeze(g);
          event("unfreeze", "gate " + gateName(c.i, c.j) + " unfrozen");
        }
        break;
      }
      case Command::kFreezeConverged:
        if (!learnable) {
          event("refused", "model " + session->config().model + " has no learnable gates");
          break;
        }
        for (int64_t g : gates->freezeConverged(c.value)) {
          auto [i, j] = gates->pairs()[g];
          event("freeze", "gate " + gateName(i, j) + " converged, frozen to " +
                              std::to_string(static_cast<int>(gates->frozenCodes()[g])));
        }
        break;
      case Command::kTau:
        tau = c.value;
        event("set", "tau set to " + std::to_string(c.value));
        break;
      case Command::kLr:
        session->optimizer().setLr(c.value);
        event("set", "learning rate set to " + std::to_string(c.value));
        break;
      case Command::kSnapshot:
        postSnapshot();
        break;
    }
  }
}

void Trainer::Impl::autoFreeze() {
  GatesImpl* gates = session->model().gates();
  const RunConfig& c = session->config();
  if (!gates || !session->model().gatesLearnable() || c.auto_freeze_eps <= 0) return;
  // Patience is read from the gate history itself, so a resumed run needs no extra state.
  auto codes = gates->frozenCodes();
  for (int64_t g = 0; g < gates->count(); ++g) {
    if (codes[g] >= 0) continue;
    int64_t run = 0;
    for (auto it = record.epochs.rbegin(); it != record.epochs.rend(); ++it) {
      double mu = it->gate_mu[g];
      if (std::abs(mu - std::round(mu)) >= c.auto_freeze_eps) break;
      ++run;
    }
    if (run >= c.auto_freeze_patience) {
      double value = std::round(record.epochs.back().gate_mu[g]);
      gates->freeze(g, value);
      auto [i, j] = gates->pairs()[g];
      event("freeze", "gate " + gateName(i, j) + " auto-frozen to " + std::to_string(int(value)) +
                          " after " + std::to_string(run) + " converged epochs");
    }
  }
}

Status Trainer::Impl::prepare(bool resume, int64_t* first_epoch) {
  RunConfig cfg = config;
  if (resume) {
    Status st = readRunFile(config.out_path, &record, true);
    if (!st) return st;
    if (!record.checkpoint)
      return Status::Error(config.out_path + ": has no checkpoint to resume from");
    st = RunConfig::fromKeyValues(record.config, &cfg);
    if (!st) return Status::Error(config.out_path + ": " + st.message);
    cfg.epochs = config.epochs;
    cfg.device = config.device;
    cfg.threads = config.threads;
    cfg.out_path = config.out_path;
  }
  Status st = TrainingSession::create(cfg, &session);
  if (!st) return st;
  live.device = session->device().str();
  live.total_epochs = cfg.epochs;
  tau = cfg.tau;
  if (resume) {
    const Checkpoint& c = *record.checkpoint;
    st = session->restore(c);
    if (!st) return Status::Error(config.out_path + ": " + st.message);
    // Keep exactly the history up to the checkpoint: later rows belong to no saved state.
    while (!record.epochs.empty() && record.epochs.back().epoch > c.epoch) record.epochs.pop_back();
    while (!record.steps.empty() && record.steps.back().step > c.step) record.steps.pop_back();
    step = c.step;
    if (!record.epochs.empty()) {
      const EpochMetrics& last = record.epochs.back();
      tau = std::max(cfg.tau_min, last.tau * cfg.tau_decay);
      session->optimizer().setLr(last.lr);
    }
    record.config = session->config().toKeyValues();  // the new epoch total, device, threads
    *first_epoch = c.epoch + 1;
    live.epoch = c.epoch;
    event("resume", "resumed from epoch " + std::to_string(c.epoch) + " of " + config.out_path);
  } else {
    record = {};
    record.config = session->config().toKeyValues();
    if (GatesImpl* g = session->model().gates()) record.gate_pairs = g->pairs();
    record.checkpoint = session->checkpoint(0, 0);
    *first_epoch = 1;
    st = save();
    if (!st) return st;
  }
  return Status::Ok();
}

Status Trainer::Impl::runEpoch(int64_t epoch) {
  TrainingSession& s = *session;
  const RunConfig& cfg = s.config();
  // Every epoch draws from its own seed: a resumed run continues exactly like an uninterrupted one.
  torch::manual_seed(cfg.seed * 1000003ULL + static_cast<uint64_t>(epoch));
  auto train_x = binarizeTrain(s.data().train.images, cfg);
  // Sequences: batches of similar lengths (the model computes up to each batch's longest).
  auto batches = trainingBatches(s.data(), train_x, cfg.batch, s.device());
  const int64_t nb = static_cast<int64_t>(batches.size());
  live.epoch = epoch;
  live.batches_per_epoch = nb;

  auto opts = train_x.options();
  auto epoch_sums = torch::zeros({3}, opts), window_sums = torch::zeros({3}, opts);
  int64_t epoch_n = 0, window_n = 0;
  DivergenceGuard guard;
  double kl_weight = cfg.beta;
  auto t0 = Clock::now(), window_t0 = t0;
  double paused_s = 0;

  for (int64_t b = 0; b < nb; ++b) {
    if (stop) return Status::Ok();
    {
      std::unique_lock<std::mutex> lock(mutex);
      if (paused) {
        lock.unlock();
        publish(TrainerState::kPaused);
        auto p0 = Clock::now();
        lock.lock();
        // Commands (a freeze, a snapshot for the views) are applied while paused too.
        for (;;) {
          cv.wait(lock, [&] { return !paused || stop || !commands.empty(); });
          if (!paused || stop) break;
          lock.unlock();
          applyCommands();
          publish(TrainerState::kPaused);
          lock.lock();
        }
        paused_s += seconds(p0);
        window_t0 = Clock::now();
        if (stop) return Status::Ok();
        lock.unlock();
        publish(TrainerState::kRunning);
      }
    }
    applyCommands();
    double progress = static_cast<double>(epoch - 1) + static_cast<double>(b) / nb;
    kl_weight = klWeight(progress, cfg);
    StepOutcome out = s.step(batchInputs(train_x, batches[b]), progress, tau);
    ++step;
    DivergenceGuard::Action action = guard.onStep(out.skipped);
    if (out.skipped) {
      ++live.skipped_steps;
      if (guard.consecutive() == 1 || guard.skipped() % 100 == 0)
        event("nan_skip", "non-finite loss or gradient at step " + std::to_string(step) +
                              ": step skipped (" + std::to_string(guard.skipped()) +
                              " this epoch)");
    }
    if (action == DivergenceGuard::Action::kFail)
      return Status::Error("training diverged: rollbacks in epoch " + std::to_string(epoch) +
                           " did not help; the run file keeps epoch " +
                           std::to_string(record.checkpoint->epoch));
    if (action == DivergenceGuard::Action::kRollback) {
      Status st = s.restore(*record.checkpoint, /*keep_gate_states=*/true);
      if (!st) return st;
      s.optimizer().setLr(s.optimizer().lr() * 0.5);
      event("rollback", "rolled back to the checkpoint of epoch " +
                            std::to_string(record.checkpoint->epoch) + " after " +
                            std::to_string(guard.skipsBeforeRollback()) +
                            " non-finite steps in a row; learning rate halved to " +
                            std::to_string(s.optimizer().lr()));
    }
    if (!out.skipped) {
      auto sums = torch::stack({out.elbo_sum, out.nll_sum, out.kl_sum});
      epoch_sums += sums;
      window_sums += sums;
      epoch_n += cfg.batch;
      window_n += cfg.batch;
    }
    if (step % cfg.log_every == 0 && window_n > 0) {
      auto w = (window_sums / static_cast<double>(window_n)).to(torch::kCPU, torch::kDouble);
      StepMetrics m{step, epoch, w[0].item<double>(), w[1].item<double>(), w[2].item<double>()};
      record.steps.push_back(m);
      mailbox.post(m);
      live.batch_in_epoch = b + 1;
      live.kl_weight = kl_weight;
      live.samples_per_s = static_cast<double>(window_n) / std::max(1e-9, seconds(window_t0));
      publish(TrainerState::kRunning);
      window_sums.zero_();
      window_n = 0;
      window_t0 = Clock::now();
    }
  }
  const double train_s = seconds(t0) - paused_s;

  SplitMetrics v = s.evaluate(s.data().valid);
  EpochMetrics em;
  em.epoch = epoch;
  em.step = step;
  if (epoch_n > 0) {
    auto e = (epoch_sums / static_cast<double>(epoch_n)).to(torch::kCPU, torch::kDouble);
    em.train_elbo = e[0].item<double>();
    em.train_nll = e[1].item<double>();
    em.train_kl = e[2].item<double>();
  } else {
    em.train_elbo = em.train_nll = em.train_kl = std::nan("");
  }
  em.valid_elbo = v.elbo;
  em.valid_nll = v.nll;
  em.valid_kl = v.kl;
  em.node_kl = v.node_kl;
  em.tau = tau;
  em.lr = s.optimizer().lr();
  em.kl_weight = kl_weight;
  em.seconds = train_s;
  em.samples_per_s = static_cast<double>(nb * cfg.batch) / std::max(1e-9, train_s);
  em.skipped_steps = guard.skipped();
  fillGates(&em.gate_mu, &em.gate_frozen);
  record.epochs.push_back(em);

  autoFreeze();
  if (GatesImpl* g = s.model().gates()) record.epochs.back().gate_frozen = g->frozenCodes();
  tau = std::max(cfg.tau_min, tau * cfg.tau_decay);
  record.checkpoint = s.checkpoint(epoch, step);
  Status st = save();
  mailbox.post(record.epochs.back());
  return st;
}

Status Trainer::Impl::train(bool resume) {
  live.threads = configureThreads(config.threads);
  publish(TrainerState::kLoading);
  int64_t first = 1;
  Status st = prepare(resume, &first);
  if (!st) return st;
  publish(TrainerState::kRunning);
  for (int64_t epoch = first; epoch <= session->config().epochs && !stop; ++epoch) {
    st = runEpoch(epoch);
    if (!st) return st;
  }
  return Status::Ok();
}

void Trainer::Impl::run(bool resume) {
  Status st;
  try {
    st = train(resume);
  } catch (const std::exception& e) {  // an uncaught exception here would call std::terminate
    st = Status::Error(std::string("internal error: ") + e.what());
  }
  if (!st) event("error", st.message);
  // After a stop or a failure the file keeps its checkpoint (the last complete epoch) and gains
  // the events since then; a resume drops the step rows past the checkpoint.
  if (record.checkpoint && (stop || !st)) {
    try {
      save();
    } catch (const std::exception&) {  // the earlier file stays intact; the error is reported
    }
  }
  if (!st) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      error = st.message;
    }
    live.message = st.message;
    state = TrainerState::kFailed;
    live.state = TrainerState::kFailed;
    mailbox.post(live);
    return;
  }
  publish(stop ? TrainerState::kStopped : TrainerState::kFinished);
}

bool cudaAvailable() { return torch::cuda::is_available(); }

Trainer::Trainer(RunConfig config) : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
}

Trainer::~Trainer() {
  requestStop();
  wait();
}

void Trainer::start(bool resume) {
  if (impl_->thread.joinable()) return;
  impl_->state = TrainerState::kLoading;
  impl_->thread = std::thread([this, resume] { impl_->run(resume); });
}

void Trainer::pause() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->paused = true;
}

void Trainer::resume() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->paused = false;
  }
  impl_->cv.notify_all();
}

void Trainer::requestStop() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stop = true;
  }
  impl_->cv.notify_all();
}

void Trainer::wait() {
  if (impl_->thread.joinable()) impl_->thread.join();
}

TrainerState Trainer::state() const { return impl_->state; }

std::string Trainer::errorMessage() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->error;
}

Mailbox& Trainer::mailbox() { return impl_->mailbox; }

void Trainer::freezeGate(int i, int j, bool on) {
  impl_->queue({Command::kFreeze, i, j, on ? 1.0 : 0.0});
}
void Trainer::unfreezeGate(int i, int j) { impl_->queue({Command::kUnfreeze, i, j, 0}); }
void Trainer::freezeConverged(double eps) { impl_->queue({Command::kFreezeConverged, 0, 0, eps}); }
void Trainer::setTau(double tau) { impl_->queue({Command::kTau, 0, 0, tau}); }
void Trainer::setLearningRate(double lr) { impl_->queue({Command::kLr, 0, 0, lr}); }
void Trainer::requestSnapshot() { impl_->queue({Command::kSnapshot, 0, 0, 0}); }

}  // namespace gvae
