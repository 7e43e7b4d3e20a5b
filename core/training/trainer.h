// Trainer: runs a training job on its own thread; controlled from any thread. Torch-free API.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/training/mailbox.h"
#include "core/training/run_config.h"
#include "core/util/status.h"

namespace gvae {

/// Whether LibTorch sees a CUDA device (any thread).
bool cudaAvailable();

/// Starts, pauses, resumes and stops a run; queues commands that the training thread applies
/// between two steps; publishes progress through mailbox(). Every method may be called from any
/// thread. The run file (config.out_path) is written by the training thread only, atomically,
/// after every epoch: a killed process leaves the last complete epoch on disk.
///
///   RunConfig c; c.out_path = "run.h5";
///   Trainer t(c);
///   t.start();                 // returns at once; loading happens on the training thread
///   t.freezeGate(2, 1, true);  // edge z_2 -> z_1 fixed on, from the next step on
///   t.wait();
/// The training thread's work is TrainingLoop's (training_loop.h).
class Trainer {
 public:
  explicit Trainer(RunConfig config);
  ~Trainer();  // requests a stop and joins the thread
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  /// Starts the thread. With `resume`, continues the run in config.out_path from its last
  /// checkpoint up to config.epochs in total (the file's settings win over `config`'s, except
  /// epochs, device and threads). Errors appear as state kFailed with a message.
  void start(bool resume = false);
  void pause();
  void resume();
  /// Honoured within one minibatch; the unfinished epoch is discarded, the file stays intact.
  void requestStop();
  /// Blocks until the training thread ends.
  void wait();

  TrainerState state() const;
  /// Error text of a failed run.
  std::string errorMessage() const;
  Mailbox& mailbox();

  // Commands, applied between steps by the training thread (events report the result).
  void freezeGate(int i, int j, bool on);
  void unfreezeGate(int i, int j);
  void freezeConverged(double eps);
  void setTau(double tau);
  void setLearningRate(double lr);
  /// Posts the current weights to the mailbox (MailboxContents::snapshot) before the next step.
  void requestSnapshot();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gvae
