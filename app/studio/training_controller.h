// TrainingController: the GUI thread's handle on a background Trainer; drains its mailbox on a
// coalescing timer and hands plain values to the views.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <functional>
#include <memory>

#include "core/training/mailbox.h"
#include "core/training/run_config.h"

namespace gvae {

class Trainer;

/// Owns at most one Trainer. The trainer thread only posts to the mailbox; the first post after
/// a drain queues one call here, which starts a single-shot timer (~33 ms); the timer drains
/// everything at once and emits progressed(). Lives on the GUI thread; every method is for it.
class TrainingController : public QObject {
  Q_OBJECT
 public:
  explicit TrainingController(QObject* parent = nullptr);
  ~TrainingController() override;  // stops the run and waits; the run file stays intact

  /// Starts training `config` (resume: continue config.out_path). False while a run is active.
  bool start(const RunConfig& config, bool resume);
  void pause();
  void resume();
  /// Asks the trainer to stop within one minibatch; ended() follows.
  void stop();
  /// Stops and blocks until the training thread has saved and ended.
  void stopAndWait();
  bool active() const;
  bool paused() const { return paused_; }
  QString runPath() const { return run_path_; }

  void freezeGate(int i, int j, int state);  // state 1 / 0: freeze on / off; -1: unfreeze
  void freezeConverged(double eps);
  void setTau(double tau);
  void requestSnapshot();
  /// For every later run: snapshots also go to `sink` straight from the training thread
  /// (Trainer::setSnapshotSink), e.g. to the analysis thread, without waiting for this thread.
  void setSnapshotSink(std::function<void(std::shared_ptr<const ModelSnapshot>)> sink) {
    snapshot_sink_ = std::move(sink);
  }

  /// Milliseconds between the first post and the drain.
  void setCoalescingInterval(int ms) { timer_.setInterval(ms); }

 Q_SIGNALS:
  /// Everything posted since the last drain (metric points are never dropped).
  void progressed(const gvae::MailboxContents& contents);
  /// The run ended: finished, stopped or failed (message names the file and the problem).
  void ended(gvae::TrainerState state, const QString& message);

 private:
  void onMailboxPosted();
  void onDrain();

  std::unique_ptr<Trainer> trainer_;
  std::function<void(std::shared_ptr<const ModelSnapshot>)> snapshot_sink_;
  QTimer timer_;
  QString run_path_;
  bool paused_ = false;
};

}  // namespace gvae
