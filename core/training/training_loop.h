// TrainingLoop: what the Trainer's thread does, as named steps: prepare (new or resumed run),
// then per epoch the steps (pause, commands, optimization, NaN guard, metric windows) and the
// epoch's end (validation, record, auto-freeze, tau, checkpoint). Internal to core.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "core/io/run_file.h"
#include "core/training/core_share.h"
#include "core/training/data_parallel.h"
#include "core/training/distributed.h"
#include "core/training/mailbox.h"
#include "core/training/run_config.h"
#include "core/training/session.h"

namespace gvae {

/// A command from any thread, applied by the training thread between two steps.
struct TrainerCommand {
  enum Kind { kFreeze, kUnfreeze, kFreezeConverged, kTau, kLr, kSnapshot } kind;
  int i = 0, j = 0;
  double value = 0;
};

/// What the Trainer's controls share with its thread. `mutex` guards paused and commands.
struct TrainerControl {
  Mailbox mailbox;
  std::mutex mutex;
  std::condition_variable cv;  // a pause ends, a stop, or a command arrives
  bool paused = false;
  std::deque<TrainerCommand> commands;
  std::atomic<bool> stop{false};
  std::atomic<TrainerState> state{TrainerState::kIdle};
  /// Set before the thread starts (Trainer::setDistributed): this process's rank, if any.
  DistributedSetup dist;
  /// Set before the thread starts (Trainer::setSnapshotSink); called on the training thread.
  std::function<void(std::shared_ptr<const ModelSnapshot>)> snapshot_sink;
};

/// Runs on the training thread only; it owns the session, the run record and every HDF5 call.
class TrainingLoop {
 public:
  TrainingLoop(RunConfig config, TrainerControl& control);

  /// Loads or resumes, then trains the missing epochs. Ok also when stopped.
  Status run(bool resume);
  /// Ends the run with run()'s outcome: a failure becomes an "error" event; after a stop or a
  /// failure the file keeps its checkpoint (the last complete epoch) and gains the events since
  /// then; the final state (finished, stopped or failed with the message) is published.
  void finish(const Status& outcome);

 private:
  /// Per-epoch running sums and clocks.
  struct EpochState;

  Status prepare(bool resume, int64_t* first_epoch);
  Status restoreForResume(RunConfig* cfg, int64_t* first_epoch);
  Status runEpoch(int64_t epoch);
  /// Blocks while paused, applying commands; false when a stop ends the wait.
  bool waitWhilePaused(EpochState& e);
  /// The NaN guard: counts a skipped step, rolls back or fails after too many in a row.
  Status guardStep(const StepOutcome& out, EpochState& e);
  void accumulate(const StepOutcome& out, EpochState& e);
  /// Every log_every steps: the window's means as a curve point, and the live status.
  void publishWindow(EpochState& e, int64_t batch);
  /// Validation, the epoch's record, auto-freeze, the next tau and the checkpoint.
  Status finishEpoch(EpochState& e);
  /// The epoch's edge importance (gate forced off) on importance_n validation examples and,
  /// on data with known factors, its ground truth (EpochMetrics::structure).
  void measureImportance(EpochMetrics* em);
  void applyCommands();
  void applyCommandList(const std::deque<TrainerCommand>& todo);
  void applyGateCommand(const TrainerCommand& c);
  void autoFreeze();
  void publish(TrainerState s);
  void event(const std::string& kind, const std::string& message);
  void fillGates(std::vector<double>* mu, std::vector<int8_t>* frozen);
  void postSnapshot();
  Status save();
  /// With automatic threads: about once a second, this training's share of the cores among
  /// the trainings running on the machine (CoreShare); a change is applied and announced.
  void shareCores(bool now = false);
  /// Data parallelism: joins the group, makes every rank start from rank 0's weights and says
  /// so; a no-op alone.
  Status joinGroup();
  Status startTogether();
  /// Examples per step over all ranks: batch x ranks.
  int64_t globalBatch() const { return session_->config().batch * (dp_ ? dp_->world() : 1); }
  /// Data parallelism: rank 0's commands taken at the last step, now applied on every rank.
  Status applyAgreedCommands(int64_t count);
  /// Data parallelism: the stop is the ranks' agreement (after the step where any rank asked
  /// for it); alone, the local request.
  bool stopped() const { return dp_ ? agreed_stop_ : control_.stop.load(); }
  /// Rank 0 (or the only process) writes the run file and validates.
  bool leads() const { return !dp_ || dp_->rank() == 0; }

  RunConfig config_;
  TrainerControl& control_;
  std::unique_ptr<TrainingSession> session_;
  RunRecord record_;
  LiveStatus live_;
  double tau_ = 1.0;
  int64_t step_ = 0;
  std::unique_ptr<DataParallel> dp_;     // null: one process
  std::deque<TrainerCommand> outgoing_;  // rank 0: commands announced at the last step
  bool agreed_stop_ = false;
  std::unique_ptr<CoreShare> share_;  // null: the user chose the threads (--threads, OMP_*)
  std::chrono::steady_clock::time_point share_checked_;
};

}  // namespace gvae
