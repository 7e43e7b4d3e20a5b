// DataParallel: one rank's process group (torch.distributed's c10d, Gloo transport) for
// data-parallel training: parameter broadcast, bucketed gradient all-reduce with a few agreed
// flags riding along, the batch norms' global statistics, and failures that name the rank that
// stopped answering. Internal to core (LibTorch types); TrainingLoop drives it.
#pragma once

#include <torch/types.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/training/distributed.h"
#include "core/util/status.h"

namespace c10d {
class Store;
class ProcessGroupGloo;
}  // namespace c10d

namespace gvae {

class DataParallel {
 public:
  /// Joins the group of `setup` (rank 0 serves the rendezvous, a TCPStore, and waits up to the
  /// timeout for the others). An error names the rendezvous and what did not happen.
  static Status connect(const DistributedSetup& setup, std::unique_ptr<DataParallel>* out);
  ~DataParallel();
  DataParallel(const DataParallel&) = delete;
  DataParallel& operator=(const DataParallel&) = delete;

  int rank() const { return setup_.rank; }
  int world() const { return setup_.world; }
  const DistributedSetup& setup() const { return setup_; }

  /// Averages `grads` over the ranks in place (buckets of at most bucket_floats, all in flight
  /// at once) and sums `extra` (float, [k], appended to the last bucket) over the ranks: a NaN
  /// in any rank's extra makes every rank's sum NaN.
  Status averageGradients(const std::vector<torch::Tensor>& grads, torch::Tensor* extra);
  /// Copies rank 0's `tensors` into every rank's (in place).
  Status broadcast(const std::vector<torch::Tensor>& tensors);
  /// Replaces `t` (contiguous, CPU) by its sum over the ranks: the batch norms' statistics.
  Status sum(const torch::Tensor& t);

  /// Bytes of the last gradient all-reduce and its seconds (host wall clock), for benchmarks.
  int64_t lastReduceBytes() const { return last_bytes_; }
  double lastReduceSeconds() const { return last_seconds_; }

  static constexpr int64_t kBucketFloats = 1 << 20;  // 4 MB

 private:
  explicit DataParallel(const DistributedSetup& setup);
  Status run(const char* what, const std::function<void()>& collective);
  /// After a failed collective: the ranks whose heartbeat stood still for a few seconds.
  std::string silentRanks();
  void heartbeat();

  DistributedSetup setup_;
  std::shared_ptr<void> keep_;  // the store and group (c10d intrusive pointers, type-erased)
  c10d::ProcessGroupGloo* group_ = nullptr;
  c10d::Store* store_ = nullptr;
  std::atomic<bool> stopping_{false};
  std::thread beat_;
  int64_t last_bytes_ = 0;
  double last_seconds_ = 0;
};

}  // namespace gvae
