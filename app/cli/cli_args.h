// Command-line parsing of the graphvae subcommands into core's option structs. The training
// flags come from the option table (core/training/run_options.h); CLI11 does the parsing.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "core/eval/comparison_runner.h"
#include "core/eval/evaluator.h"
#include "core/eval/structure.h"
#include "core/training/run_config.h"
#include "core/util/status.h"

namespace gvae::cli {

/// What every subcommand's parse fills besides its own fields.
struct Parsed {
  std::string help;  // non-empty: --help was given; print it and exit 0
  bool json = false;
};

struct TrainArgs : Parsed {
  RunConfig config;
  bool resume = false, force = false;
  std::vector<std::string> given_keys;  // run-file keys of the options on the command line
  bool gave(const std::string& key) const {
    return std::find(given_keys.begin(), given_keys.end(), key) != given_keys.end();
  }
};

struct EvalArgs : Parsed {
  std::string path;
  EvalOptions options;
};

struct StructureArgs : Parsed {
  std::string path;
  StructureOptions options;
};

/// `graphvae inspect`: what a run file holds, checked (digest, checksums, every shape).
struct InspectArgs : Parsed {
  std::string path;
  bool in_process = false;  // parse here (what the checker child runs), not in a child
  double max_seconds = 0;   // > 0: CPU-time limit of this process
  int64_t max_memory_mb = 0;
};

/// `graphvae launch --nprocs P [--port N] [--timeout S] -- train ...`: P ranks on this machine.
struct LaunchArgs : Parsed {
  int nprocs = 0;
  int port = 0;                      // 0: a free loopback port
  double timeout = 0;                // > 0: GRAPHVAE_DIST_TIMEOUT of the ranks
  bool sync_batch_norm = false;      // GRAPHVAE_SYNC_BATCH_NORM=1 for the ranks
  std::vector<std::string> command;  // after "--": "train" and its options
};

/// The comparison plan plus the output form.
struct CompareArgs : ComparisonPlan, Parsed {};

/// Usage text of the whole CLI (the subcommands and where their --help is).
std::string usage();
/// Parse the arguments after the subcommand's name. Errors are one line naming the argument.
/// parseTrain with `finish` false leaves the model's defaults unapplied and the config
/// unchecked: a sweep applies each point's model's defaults and checks each point.
Status parseTrain(const std::vector<std::string>& args, TrainArgs* out, bool finish = true);
Status parseEval(const std::vector<std::string>& args, EvalArgs* out);
Status parseCompare(const std::vector<std::string>& args, CompareArgs* out);
Status parseStructure(const std::vector<std::string>& args, StructureArgs* out);
Status parseInspect(const std::vector<std::string>& args, InspectArgs* out);
Status parseLaunch(const std::vector<std::string>& args, LaunchArgs* out);

}  // namespace gvae::cli
