// `graphvae sweep`: a grid of trainings on this machine (J at once), as a Slurm job array, one
// task of it, or the collected tables and ablation figure of a sweep folder.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "core/training/run_config.h"

namespace gvae::cli {

/// Trains `config` in this process with progress (the CLI's train), returning its exit status.
using TrainInProcess = std::function<int(const RunConfig& config, bool resume)>;

/// Runs the sweep command; `self` is this executable (children run it), `interrupted` is set
/// by the signal handler. Returns the exit status.
int runSweep(const std::vector<std::string>& args, const std::string& self,
             const std::atomic<bool>& interrupted, const TrainInProcess& train);

/// A shell word for `text` (single-quoted when it needs quoting).
std::string shellQuote(const std::string& text);

}  // namespace gvae::cli
