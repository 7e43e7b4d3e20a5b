// Structure analysis of a trained run: how much each edge of the latent DAG matters (the ELBO
// with the edge forced off or on), stored in the run file. Torch-free API for the CLI.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/io/run_file.h"
#include "core/util/status.h"

namespace gvae {

struct StructureOptions {
  int64_t eval_n = 1000;  // first n validation examples
  std::string device = "auto";
  int threads = 0;
  std::string data_dir;  // overrides the data folder stored in the run
  uint64_t seed = 1;
  bool write_back = true;  // store the report in the run file
  /// Polled between passes; true ends the analysis early with nothing written.
  std::function<bool()> should_stop;
  /// Called after each pass with the passes done and their total (the analysing thread).
  std::function<void(int64_t done, int64_t total)> progress;
};

/// Loads the run's checkpoint and validation split, measures every gate's importance (off and
/// on, relaxed at the run's last tau and sampled), and (write_back) stores the report in the
/// file atomically. A run without learnable gates is an error that says so. A stop returns ok
/// with report->stopped set and the file untouched.
Status analyzeStructure(const std::string& path, const StructureOptions& options,
                        StructureReport* report);

}  // namespace gvae
