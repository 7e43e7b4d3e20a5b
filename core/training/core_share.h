// CoreShare: trainings of one user on one machine find each other, so that each one running on
// "all cores" takes its share instead of all of them.
#pragma once

#include <string>

namespace gvae {

/// While alive, announces one training: a file in <TMPDIR or /tmp>/graphvae-<uid>/trainers,
/// held under an exclusive flock (the kernel drops it when the process dies, so a killed
/// training stops counting at once and its file is removed by the next count). Two default
/// trainings on 2 cores, each with 2 spinning OpenMP threads, ran at 1/9 of one alone; each
/// with its share (1 thread) they keep about two thirds. Any thread; not copyable.
class CoreShare {
 public:
  /// `dir` empty: the default folder above (tests pass their own).
  explicit CoreShare(std::string dir = {});
  ~CoreShare();
  CoreShare(const CoreShare&) = delete;
  CoreShare& operator=(const CoreShare&) = delete;

  /// Trainings announced now in the folder, this one included (at least 1).
  int activeTrainings() const;
  /// Whether the announcement could be made (a read-only /tmp: then it counts 1 and shares
  /// nothing).
  bool registered() const { return fd_ >= 0; }

 private:
  std::string dir_, file_;
  int fd_ = -1;
};

/// The intra-op threads of a training: `requested` when the user chose a number (> 0), else
/// the machine's `cores` divided among `trainings` (at least 1).
int sharedThreads(int requested, int cores, int trainings);

}  // namespace gvae
