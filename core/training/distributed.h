// Distributed setup: which rank of how many this process is, and where the rendezvous is, read
// from the environment as torchrun or Slurm's srun sets it. Torch-free (the CLI includes it).
#pragma once

#include <functional>
#include <string>

#include "core/util/status.h"

namespace gvae {

/// One process's place in a data-parallel training (world == 1: none).
struct DistributedSetup {
  int rank = 0, world = 1, local_rank = 0;
  std::string master_addr = "127.0.0.1";  // the rendezvous (a TCPStore served by rank 0)
  int master_port = 29500;
  /// Seconds a collective may wait for a peer before the run ends with a message naming the
  /// rank that did not answer (a dead rank is noticed at once, when its sockets close).
  double timeout_s = 300;
  std::string source;  // "torchrun" | "slurm" | "" (not distributed)
  /// Batch norms normalize with each rank's own rows, as PyTorch's DistributedDataParallel does
  /// without SyncBatchNorm, or (GRAPHVAE_SYNC_BATCH_NORM=1) with the global batch's statistics:
  /// exactly one process's training, at two small all-reduces per batch norm and step (on this
  /// 2-core machine, steps of 57 ms instead of 30).
  bool sync_batch_norm = false;

  bool active() const { return world > 1; }
  /// "rank 1 of 2 (torchrun, rendezvous 127.0.0.1:29500)".
  std::string describe() const;
};

/// Reads the setup from `getenv`: torchrun's MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE,
/// LOCAL_RANK, else Slurm's SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID with the first host of
/// SLURM_JOB_NODELIST (MASTER_ADDR / MASTER_PORT still win when set). GRAPHVAE_DIST_TIMEOUT
/// (seconds) replaces the timeout. World 1 when neither says more than one process. An error
/// names the variable that is malformed or inconsistent.
Status distributedFromEnvironment(DistributedSetup* out,
                                  const std::function<const char*(const char*)>& getenv = {});

/// The first host of a Slurm node list: "gpu[03-05,07],cpu1" -> "gpu03", "node7" -> "node7".
std::string firstSlurmHost(const std::string& nodelist);

}  // namespace gvae
