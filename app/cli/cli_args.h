// Command-line parsing of `graphvae train` and `graphvae eval` into core's option structs.
#pragma once

#include <string>
#include <vector>

#include "core/eval/comparison_runner.h"
#include "core/eval/evaluator.h"
#include "core/training/run_config.h"
#include "core/util/status.h"

namespace gvae::cli {

struct TrainArgs {
  RunConfig config;
  bool resume = false, json = false, force = false;
};

struct EvalArgs {
  std::string path;
  EvalOptions options;
  bool json = false;
};

/// The comparison plan plus the output form.
struct CompareArgs : ComparisonPlan {
  bool json = false;
};

/// Usage text of the whole CLI.
std::string usage();
/// Parses the arguments after "train" / "eval". Errors are one line naming the argument.
Status parseTrain(const std::vector<std::string>& args, TrainArgs* out);
Status parseEval(const std::vector<std::string>& args, EvalArgs* out);
Status parseCompare(const std::vector<std::string>& args, CompareArgs* out);

}  // namespace gvae::cli
