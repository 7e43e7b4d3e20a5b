// runComparison: train every model of a plan on the same data and budget, evaluate each, write
// the tables. Torch-free: the CLI and the workbench drive it with their own progress display.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/eval/comparison.h"
#include "core/eval/evaluator.h"
#include "core/training/run_config.h"

namespace gvae {

/// The same settings for every model; each trains into <out_dir>/<model>.h5.
struct ComparisonPlan {
  RunConfig config;  // shared settings; model and out_path are set per model
  std::vector<std::string> models;
  std::string out_dir;
  EvalOptions eval;
};

/// Trains one model of the plan (resume: its file exists and continues up to config.epochs).
/// Returns false to end the comparison (a failure or a stop the caller has already reported).
using TrainModel = std::function<bool(const RunConfig& config, bool resume)>;
/// Called after each model is trained and evaluated, with its line of the table and its run.
using ModelEvaluated =
    std::function<void(const ComparisonRow& row, const EvalReport& report, const RunRecord& run)>;

/// Runs the plan in order on the calling thread and writes results.md / .csv / .tex and
/// curves.csv into out_dir. An error names the file and the problem; when `train` returns
/// false or plan.eval.should_stop ends an evaluation, the comparison ends with Status ok and
/// *stopped = true, the finished runs kept.
Status runComparison(const ComparisonPlan& plan, const TrainModel& train,
                     const ModelEvaluated& evaluated, bool* stopped);

}  // namespace gvae
