// runComparison: the loop behind `graphvae compare` and the workbench's Compare panel.
#include "core/eval/comparison_runner.h"

#include <unistd.h>

#include <filesystem>

namespace gvae {

Status runComparison(const ComparisonPlan& plan, const TrainModel& train,
                     const ModelEvaluated& evaluated, bool* stopped) {
  *stopped = false;
  std::error_code ec;
  std::filesystem::create_directories(plan.out_dir, ec);
  if (ec) return Status::Error("cannot create " + plan.out_dir + ": " + ec.message());
  std::vector<ComparisonRow> rows;
  std::vector<std::pair<std::string, RunRecord>> runs;
  for (const std::string& model : plan.models) {
    RunConfig c = plan.config;
    c.model = model;
    c = c.withApplicableOnly();  // e.g. no gate temperature for a model without gates
    c.out_path = (std::filesystem::path(plan.out_dir) / (model + ".h5")).string();
    if (!train(c, ::access(c.out_path.c_str(), F_OK) == 0)) {
      *stopped = true;
      return Status::Ok();
    }
    EvalReport r;
    Status st = evaluateRun(c.out_path, plan.eval, &r);
    if (!st) return st;
    if (r.stopped) {
      *stopped = true;
      return Status::Ok();
    }
    ComparisonRow row{model,  r.epoch, r.iw_samples, r.stats.active_units, r.stats.dims,
                      r.elbo, r.nll,   r.kl,         r.log_likelihood};
    RunRecord rec;
    st = readRunFile(c.out_path, &rec, /*with_checkpoint=*/false);
    if (!st) return st;
    if (evaluated) evaluated(row, r, rec);
    rows.push_back(row);
    runs.emplace_back(model, std::move(rec));
  }
  return writeComparison(plan.out_dir, rows, runs);
}

}  // namespace gvae
