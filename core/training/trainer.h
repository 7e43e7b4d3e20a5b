// Trainer: runs a training job on its own thread; controlled from any thread. Torch-free API.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/training/distributed.h"
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

  /// Blocks the calling thread (one without an event loop: the CLI, a comparison) until the
  /// started job ends, handing every batch of the mailbox to `show` as it is posted.
  /// `stop_requested` is asked after each batch and at least every `stop_check` (a signal
  /// handler cannot wake a waiting thread); when it says yes the job is asked to stop, once.
  /// Returns the final state; the thread is joined.
  TrainerState follow(const std::function<void(const MailboxContents&)>& show,
                      const std::function<bool()>& stop_requested,
                      std::chrono::milliseconds stop_check = std::chrono::milliseconds(250));

  /// Before start(): every weight snapshot (requestSnapshot()) is also handed to `sink` on the
  /// training thread, so a consumer such as the analysis thread takes it directly; it must be
  /// cheap and thread-safe. The mailbox still carries the snapshot for the reader's bookkeeping.
  void setSnapshotSink(std::function<void(std::shared_ptr<const ModelSnapshot>)> sink);
  /// Before start(): train as `setup`'s rank of a data-parallel group (distributed.h). Rank 0
  /// alone writes the run file; every rank's gradients are averaged; commands sent to rank 0
  /// reach all ranks at the same step; pause() is not available.
  void setDistributed(const DistributedSetup& setup);

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
