// analyzeStructure: rebuild a run from its file and measure every edge's importance.
#include "core/eval/structure.h"

#include "core/eval/edge_importance.h"
#include "core/eval/ground_truth.h"
#include "core/eval/metrics.h"
#include "core/training/session.h"

namespace gvae {
Status analyzeStructure(const std::string& path, const StructureOptions& o,
                        StructureReport* report) {
  if (o.eval_n < 0) return Status::Error("invalid option: --eval-n must be >= 0");
  RunRecord record;
  std::unique_ptr<TrainingSession> session;
  Status st = loadTrainedRun(path, o.device, o.threads, o.data_dir, &record, &session);
  if (!st) return st;
  LatentModelImpl& model = session->model();
  if (!model.gates() || !model.gatesLearnable())
    return Status::Error(path + ": model " + session->config().model +
                         " has no learned gates: there is no structure to analyse");
  const ImageSet& valid = session->data().valid;
  const int64_t n = o.eval_n > 0 ? std::min(o.eval_n, valid.size()) : valid.size();
  // The relaxed setting at the temperature the run would train its next epoch with.
  const RunConfig& c = session->config();
  const double tau =
      record.epochs.empty() ? c.tau : std::max(c.tau_min, record.epochs.back().tau * c.tau_decay);
  ImportanceOptions io;
  io.tau = tau;
  io.seed = o.seed;
  io.should_stop = o.should_stop;
  io.progress = o.progress;
  StructureReport r;
  r.edges = edgeImportance(model, valid.images.narrow(0, 0, n), io);
  if (o.should_stop && o.should_stop()) {
    *report = {};
    report->stopped = true;
    return Status::Ok();
  }
  addGroundTruth(model, session->data(), &r);
  r.epoch = record.checkpoint->epoch;
  r.n = n;
  r.tau = tau;
  if (o.write_back) {
    record.structure = r;
    st = writeRunFile(path, record);
    if (!st) return st;
  }
  *report = r;
  return Status::Ok();
}

}  // namespace gvae
