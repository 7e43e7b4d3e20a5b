// TrainingController: mailbox notifier -> single-shot timer -> one drain per ~33 ms.
#include "app/studio/training_controller.h"

#include <QMetaObject>
#include <QPointer>

#include "core/training/trainer.h"

namespace gvae {

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
  timer_.setSingleShot(true);
  timer_.setInterval(33);
  connect(&timer_, &QTimer::timeout, this, &TrainingController::onDrain);
}

TrainingController::~TrainingController() {
  if (!trainer_) return;  // no signals from a destructor: just stop, save and join
  trainer_->mailbox().setNotifier({});
  trainer_->requestStop();
  trainer_->wait();
}

bool TrainingController::start(const RunConfig& config, bool resume) {
  if (active()) return false;
  trainer_ = std::make_unique<Trainer>(config);
  run_path_ = QString::fromStdString(config.out_path);
  paused_ = false;
  // Called on the trainer thread: only queue a call to the GUI thread (cheap, thread-safe).
  QPointer<TrainingController> self(this);
  trainer_->mailbox().setNotifier([self] {
    QMetaObject::invokeMethod(
        self.data(),
        [self] {
          if (self) self->onMailboxPosted();
        },
        Qt::QueuedConnection);
  });
  if (snapshot_sink_) trainer_->setSnapshotSink(snapshot_sink_);
  trainer_->start(resume);
  return true;
}

bool TrainingController::active() const { return trainer_ && isActive(trainer_->state()); }

void TrainingController::pause() {
  if (!trainer_) return;
  trainer_->pause();
  paused_ = true;
}

void TrainingController::resume() {
  if (!trainer_) return;
  trainer_->resume();
  paused_ = false;
}

void TrainingController::stop() {
  if (trainer_) trainer_->requestStop();
}

void TrainingController::stopAndWait() {
  if (!trainer_) return;
  trainer_->mailbox().setNotifier({});
  trainer_->requestStop();
  trainer_->wait();
  onDrain();
}

void TrainingController::freezeGate(int i, int j, int state) {
  if (!trainer_) return;
  if (state < 0)
    trainer_->unfreezeGate(i, j);
  else
    trainer_->freezeGate(i, j, state > 0);
}

void TrainingController::freezeConverged(double eps) {
  if (trainer_) trainer_->freezeConverged(eps);
}

void TrainingController::setTau(double tau) {
  if (trainer_) trainer_->setTau(tau);
}

void TrainingController::requestSnapshot() {
  if (active()) trainer_->requestSnapshot();
}

void TrainingController::onMailboxPosted() {
  if (!timer_.isActive()) timer_.start();
}

void TrainingController::onDrain() {
  if (!trainer_) return;
  MailboxContents c = trainer_->mailbox().drain();
  if (c.empty()) return;
  Q_EMIT progressed(c);
  if (!c.latest) return;
  const TrainerState s = c.latest->state;
  if (hasEnded(s)) {
    trainer_->wait();  // the thread has published its last word; joining is immediate
    Q_EMIT ended(s, QString::fromStdString(c.latest->message));
  }
}

}  // namespace gvae
