// DivergenceGuard: decides when skipped (non-finite) steps call for a rollback or a failure.
#pragma once

#include <cstdint>

namespace gvae {

/// Fed the outcome of every step. A run of `skips_before_rollback` consecutive skipped steps
/// asks for a rollback to the last good checkpoint (the caller halves the learning rate);
/// more than `max_rollbacks` rollbacks in one epoch means the run diverged.
class DivergenceGuard {
 public:
  enum class Action { kContinue, kRollback, kFail };
  explicit DivergenceGuard(int skips_before_rollback = 10, int max_rollbacks = 5)
      : skips_before_rollback_(skips_before_rollback), max_rollbacks_(max_rollbacks) {}

  Action onStep(bool skipped) {
    if (!skipped) {
      consecutive_ = 0;
      return Action::kContinue;
    }
    ++skipped_;
    if (++consecutive_ < skips_before_rollback_) return Action::kContinue;
    consecutive_ = 0;
    return ++rollbacks_ > max_rollbacks_ ? Action::kFail : Action::kRollback;
  }
  /// Starts a new epoch: the rollback budget is per epoch.
  void newEpoch() { consecutive_ = skipped_ = rollbacks_ = 0; }

  int64_t skipped() const { return skipped_; }
  int64_t consecutive() const { return consecutive_; }
  int rollbacks() const { return rollbacks_; }
  int skipsBeforeRollback() const { return skips_before_rollback_; }

 private:
  int skips_before_rollback_, max_rollbacks_;
  int64_t consecutive_ = 0, skipped_ = 0;
  int rollbacks_ = 0;
};

}  // namespace gvae
