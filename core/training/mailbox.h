// Mailbox: the thread-safe hand-over of training progress from the trainer thread to readers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/io/run_file.h"
#include "core/training/progress.h"

namespace gvae {

enum class TrainerState { kIdle, kLoading, kRunning, kPaused, kFinished, kStopped, kFailed };

/// The one test of "this job is over": finished, stopped or failed. Once a trainer publishes
/// such a state it publishes nothing more.
inline bool hasEnded(TrainerState s) {
  return s == TrainerState::kFinished || s == TrainerState::kStopped || s == TrainerState::kFailed;
}
/// Loading, running or paused: the job holds its thread.
inline bool isActive(TrainerState s) {
  return s == TrainerState::kLoading || s == TrainerState::kRunning || s == TrainerState::kPaused;
}

/// The latest state of a run; a newer one replaces an older one (stale ones are dropped).
struct LiveStatus {
  TrainerState state = TrainerState::kIdle;
  int64_t epoch = 0;  // epoch in progress (1-based), or the last finished one
  int64_t total_epochs = 0;
  int64_t step = 0;  // global step
  int64_t batches_per_epoch = 0;
  int64_t batch_in_epoch = 0;
  double samples_per_s = 0, tau = 0, lr = 0, kl_weight = 0;
  int64_t skipped_steps = 0;  // since the start of this process's training
  std::string device;
  int threads = 0;
  /// Data-parallel processes training together (1: this one alone); samples_per_s and the
  /// batches count all of them (one global batch per step).
  int ranks = 1;
  std::vector<std::pair<int, int>> gate_pairs;  // (i, j): edge z_i -> z_j, as in run files
  std::vector<double> gate_mu;
  std::vector<int8_t> gate_frozen;
  std::string message;  // error text when state == kFailed
  /// What the trainer does between steps, or "" while stepping: "data" (loading the data),
  /// "model" (building it), "file" (writing the first run file), at an epoch's end "validate",
  /// "importance" (each edge's importance), "save".
  std::string stage;
  /// Wall seconds of the last finished epoch, its end (validation, importance, save) included
  /// (0 before the first): what an ETA should extrapolate.
  double last_epoch_wall_s = 0;
};

/// The model's weights at one moment of training (no optimizer state), with the settings that
/// rebuild the model: what the analysis views decode from while training runs.
struct ModelSnapshot {
  std::vector<std::pair<std::string, std::string>> config;
  Checkpoint weights;
};

/// What a reader gets from drain(): every metric point since the last drain (none lost) and
/// the latest status, if a new one arrived.
struct MailboxContents {
  std::vector<StepMetrics> steps;
  std::vector<EpochMetrics> epochs;
  std::vector<TrainingEvent> events;
  std::optional<LiveStatus> latest;
  std::shared_ptr<const ModelSnapshot> snapshot;  // the newest requested snapshot, if any
  bool empty() const {
    return steps.empty() && epochs.empty() && events.empty() && !latest && !snapshot;
  }
};

/// Writers (the trainer thread) append or replace under a short lock. Readers learn of posts in
/// one of two ways, never by sleeping and looking:
/// - a GUI sets a notifier: the first post after a drain calls it once (from the writer's
///   thread, outside the lock), so it can start one coalescing timer instead of handling every
///   post;
/// - a thread without an event loop (the CLI, a comparison) blocks in waitAndDrain(), which
///   wakes on the next post.
class Mailbox {
 public:
  /// Any thread. `notify` must be cheap and thread-safe (e.g. a queued signal emission).
  void setNotifier(std::function<void()> notify);
  void post(const StepMetrics& m);
  void post(const EpochMetrics& m);
  void post(const TrainingEvent& e);
  void post(const LiveStatus& s);
  void post(std::shared_ptr<const ModelSnapshot> s);
  /// Any thread: takes everything posted so far.
  MailboxContents drain();
  /// Any thread: waits until something is posted (at most `max_wait`), then drains. Returns
  /// empty contents when the time ran out first.
  MailboxContents waitAndDrain(std::chrono::milliseconds max_wait);

 private:
  template <typename F>
  void append(F&& f);
  std::mutex mutex_;
  std::condition_variable posted_;
  MailboxContents contents_;
  bool notified_ = false;
  std::function<void()> notify_;
};

}  // namespace gvae
