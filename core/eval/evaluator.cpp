// evaluateRun: rebuild a run from its file, evaluate it on a split, store the results.
#include "core/eval/evaluator.h"

#include "core/eval/metrics.h"
#include "core/training/session.h"

namespace gvae {
namespace {
Status stoppedReport(EvalReport* report) {
  *report = {};
  report->stopped = true;
  return Status::Ok();
}
}  // namespace

Status evaluateRun(const std::string& path, const EvalOptions& o, EvalReport* report) {
  if (o.iw_samples < 1 || o.iw_samples > 100000)
    return Status::Error("invalid option: --iw-samples must be in 1..100000");
  if (o.split != "test" && o.split != "valid")
    return Status::Error("invalid option: split must be test or valid");
  if (o.gates != "hard" && o.gates != "sampled")
    return Status::Error("invalid option: gates must be hard or sampled");
  if (o.eval_n < 0) return Status::Error("invalid option: --eval-n must be >= 0");
  RunRecord record;
  Status st = readRunFile(path, &record, true);
  if (!st) return st;
  if (!record.checkpoint) return Status::Error(path + ": holds no checkpoint to evaluate");
  RunConfig cfg;
  st = RunConfig::fromKeyValues(record.config, &cfg);
  if (!st) return Status::Error(path + ": " + st.message);
  cfg.device = o.device;
  cfg.threads = o.threads;
  if (!o.data_dir.empty()) cfg.data_dir = o.data_dir;
  configureThreads(o.threads);

  std::unique_ptr<TrainingSession> session;
  st = TrainingSession::create(cfg, &session);
  if (!st) return st;
  st = session->restore(*record.checkpoint);
  if (!st) return Status::Error(path + ": " + st.message);

  ImageSet set = o.split == "test" ? session->data().test : session->data().valid;
  if (o.eval_n > 0 && o.eval_n < set.size())
    set = {set.images.narrow(0, 0, o.eval_n), set.labels.narrow(0, 0, o.eval_n)};

  const auto stopped = [&] { return o.should_stop && o.should_stop(); };
  if (stopped()) return stoppedReport(report);
  torch::manual_seed(o.seed);
  SplitMetrics m = session->evaluate(set);
  PassOptions pass;
  pass.gates = o.gates == "hard" ? GateMode::kHard : GateMode::kSampled;
  double ll_sum = 0;
  {
    torch::NoGradGuard no_grad;
    LatentModelImpl& model = session->model();
    model.eval();
    const int64_t batch = std::max<int64_t>(1, std::min<int64_t>(500, 8192 / o.iw_samples));
    for (int64_t s = 0; s < set.size(); s += batch) {
      if (stopped()) return stoppedReport(report);
      auto x = set.images.narrow(0, s, std::min(batch, set.size() - s));
      ll_sum += importanceWeightedLogLikelihood(model, x, o.iw_samples, pass).sum().item<double>();
      if (o.progress) o.progress(s + x.size(0), set.size());
    }
  }
  EvalReport r;
  r.split = o.split;
  r.gate_setting = o.gates == "hard" ? "hard (gates at round(mu))" : "sampled (c ~ Bernoulli(mu))";
  r.n = set.size();
  r.iw_samples = o.iw_samples;
  r.epoch = record.checkpoint->epoch;
  r.elbo = m.elbo;
  r.nll = m.nll;
  r.kl = m.kl;
  r.log_likelihood = ll_sum / static_cast<double>(set.size());
  if (stopped()) return stoppedReport(report);
  r.stats = latentStatistics(session->model(), set, o.split);
  if (o.write_back) {
    record.latent_stats = r.stats;
    record.eval_results = {{o.split + "_elbo", r.elbo},
                           {o.split + "_nll", r.nll},
                           {o.split + "_kl", r.kl},
                           {o.split + "_ll", r.log_likelihood},
                           {"iw_samples", double(r.iw_samples)},
                           {"n", double(r.n)},
                           {"epoch", double(r.epoch)},
                           {"gates_sampled", o.gates == "sampled" ? 1.0 : 0.0}};
    st = writeRunFile(path, record);
    if (!st) return st;
  }
  *report = r;
  return Status::Ok();
}

}  // namespace gvae
