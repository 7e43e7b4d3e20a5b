// Trainer: the controls of a training job (start, pause, stop, commands) and its thread. What
// the thread does is TrainingLoop's (training_loop.h).
#include "core/training/trainer.h"

#include <torch/cuda.h>

#include <thread>

#include "core/training/training_loop.h"

namespace gvae {

struct Trainer::Impl {
  RunConfig config;
  TrainerControl control;
  std::thread thread;
  mutable std::mutex error_mutex;
  std::string error;

  void run(bool resume);
  void queue(TrainerCommand c) {
    {
      std::lock_guard<std::mutex> lock(control.mutex);
      control.commands.push_back(c);
    }
    control.cv.notify_all();  // a paused trainer applies commands too
  }
};

void Trainer::Impl::run(bool resume) {
  TrainingLoop loop(config, control);
  Status st;
  try {
    st = loop.run(resume);
  } catch (const std::exception& e) {  // an uncaught exception here would call std::terminate
    st = Status::Error(std::string("internal error: ") + e.what());
  }
  if (!st) {  // before the state says kFailed, so that a reader of the state finds the message
    std::lock_guard<std::mutex> lock(error_mutex);
    error = st.message;
  }
  loop.finish(st);
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
  impl_->control.state = TrainerState::kLoading;
  impl_->thread = std::thread([this, resume] { impl_->run(resume); });
}

void Trainer::pause() {
  std::lock_guard<std::mutex> lock(impl_->control.mutex);
  impl_->control.paused = true;
}

void Trainer::resume() {
  {
    std::lock_guard<std::mutex> lock(impl_->control.mutex);
    impl_->control.paused = false;
  }
  impl_->control.cv.notify_all();
}

void Trainer::requestStop() {
  {
    std::lock_guard<std::mutex> lock(impl_->control.mutex);
    impl_->control.stop = true;
  }
  impl_->control.cv.notify_all();
}

void Trainer::wait() {
  if (impl_->thread.joinable()) impl_->thread.join();
}

TrainerState Trainer::follow(const std::function<void(const MailboxContents&)>& show,
                             const std::function<bool()>& stop_requested,
                             std::chrono::milliseconds stop_check) {
  bool stop_sent = false;
  for (bool ended = false; !ended;) {
    MailboxContents m = mailbox().waitAndDrain(stop_check);
    if (!stop_sent && stop_requested && stop_requested()) {
      requestStop();
      stop_sent = true;
    }
    if (m.empty()) continue;
    ended = m.latest && hasEnded(m.latest->state);  // the trainer's last word
    show(m);
  }
  wait();
  return state();
}

void Trainer::setSnapshotSink(std::function<void(std::shared_ptr<const ModelSnapshot>)> sink) {
  impl_->control.snapshot_sink = std::move(sink);
}

void Trainer::setDistributed(const DistributedSetup& setup) { impl_->control.dist = setup; }

TrainerState Trainer::state() const { return impl_->control.state; }

std::string Trainer::errorMessage() const {
  std::lock_guard<std::mutex> lock(impl_->error_mutex);
  return impl_->error;
}

Mailbox& Trainer::mailbox() { return impl_->control.mailbox; }

void Trainer::freezeGate(int i, int j, bool on) {
  impl_->queue({TrainerCommand::kFreeze, i, j, on ? 1.0 : 0.0});
}
void Trainer::unfreezeGate(int i, int j) { impl_->queue({TrainerCommand::kUnfreeze, i, j, 0}); }
void Trainer::freezeConverged(double eps) {
  impl_->queue({TrainerCommand::kFreezeConverged, 0, 0, eps});
}
void Trainer::setTau(double tau) { impl_->queue({TrainerCommand::kTau, 0, 0, tau}); }
void Trainer::setLearningRate(double lr) { impl_->queue({TrainerCommand::kLr, 0, 0, lr}); }
void Trainer::requestSnapshot() { impl_->queue({TrainerCommand::kSnapshot, 0, 0, 0}); }

}  // namespace gvae
