// evaluateRun: rebuild a run from its file, evaluate it on a split, store the results.
#include "core/eval/evaluator.h"

#include <cmath>
#include <tuple>

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

std::vector<std::pair<std::string, double>> evalResults(const EvalReport& r) {
  std::vector<std::pair<std::string, double>> results = {
      {r.split + "_elbo", r.elbo},
      {r.split + "_nll", r.nll},
      {r.split + "_kl", r.kl},
      {r.split + "_ll", r.log_likelihood},
      {r.split + "_ll_se", r.log_likelihood_se},
      {"iw_samples", double(r.iw_samples)},
      {"n", double(r.n)},
      {"epoch", double(r.epoch)},
      {"active_units", double(r.stats.active_units)},
      {"dims", double(r.stats.dims)},
      {"gates_sampled", r.gates == "sampled" ? 1.0 : 0.0},
      {"gates_relaxed", r.gates == "relaxed" ? 1.0 : 0.0}};
  if (!std::isnan(r.accuracy)) results.emplace_back("accuracy", r.accuracy);
  if (!std::isnan(r.auc)) {
    results.emplace_back("auc", r.auc);
    results.emplace_back("ap", r.ap);
  }
  if (const auto& c = r.concepts) {
    results.emplace_back("correctness", c->correctness);
    results.emplace_back("coverage", c->coverage);
    results.emplace_back("abstract_correctness", c->abstract_correctness);
    results.emplace_back("compositionality", c->compositionality);
  }
  if (r.disentanglement)
    for (const auto& score : disentanglementScores(*r.disentanglement)) results.push_back(score);
  return results;
}

Status evaluateRun(const std::string& path, const EvalOptions& o, EvalReport* report) {
  if (o.iw_samples < 1 || o.iw_samples > 100000)
    return Status::Error("invalid option: --iw-samples must be in 1..100000");
  if (o.split != "test" && o.split != "valid")
    return Status::Error("invalid option: split must be test or valid");
  if (!o.gates.empty() && o.gates != "hard" && o.gates != "sampled" && o.gates != "relaxed")
    return Status::Error("invalid option: --gates must be sampled, relaxed or hard");
  if (o.eval_n < 0) return Status::Error("invalid option: --eval-n must be >= 0");
  RunRecord record;
  std::unique_ptr<TrainingSession> session;
  Status st = loadTrainedRun(path, o.device, o.threads, o.data_dir, &record, &session);
  if (!st) return st;
  const RunConfig& cfg = session->config();
  if (o.disentanglement && session->data().factor_info.empty())
    return Status::Error("Cannot score the disentanglement of '" + path + "': its dataset '" +
                         cfg.dataset + "' has no known generative factors (the sprites have them)");
  const std::string gates = o.gates.empty() ? cfg.eval_gates : o.gates;
  const double tau = record.epochs.empty() ? cfg.tau : record.epochs.back().tau;

  ImageSet set = o.split == "test" ? session->data().test : session->data().valid;
  if (o.eval_n > 0 && o.eval_n < set.size()) set = set.narrow(0, o.eval_n);

  const auto stopped = [&] { return o.should_stop && o.should_stop(); };
  if (stopped()) return stoppedReport(report);
  torch::manual_seed(o.seed);
  SplitMetrics m = session->evaluate(set, tau, gates);
  PassOptions pass = gatePass(gates, tau);
  std::vector<torch::Tensor> ll;  // per-example values, for the mean and its standard error
  {
    torch::NoGradGuard no_grad;
    LatentModelImpl& model = session->model();
    model.eval();
    const int64_t batch = std::max<int64_t>(1, std::min<int64_t>(500, 8192 / o.iw_samples));
    // A graph's likelihood does not factor over its node rows: no importance sampling.
    for (int64_t s = 0; !session->data().graph && s < set.size(); s += batch) {
      if (stopped()) return stoppedReport(report);
      auto x = set.images.narrow(0, s, std::min(batch, set.size() - s));
      ll.push_back(importanceWeightedLogLikelihood(model, x, o.iw_samples, pass)
                       .to(torch::kCPU, torch::kDouble));
      if (o.progress) o.progress(s + x.size(0), set.size());
    }
  }
  EvalReport r;
  r.split = o.split;
  r.gate_setting = m.gate_setting;
  if (GatesImpl* g = session->model().gates(); g && gates == "hard") {
    auto mu = g->mu().to(torch::kCPU, torch::kDouble);
    auto codes = g->frozenCodes();
    for (int64_t k = 0; k < g->count(); ++k)
      if (codes[k] < 0 && mu[k].item<double>() > 0.05 && mu[k].item<double>() < 0.95)
        ++r.unconverged_rounded;
  }
  r.n = set.size();
  r.iw_samples = o.iw_samples;
  r.epoch = record.checkpoint->epoch;
  r.elbo = m.elbo;
  r.nll = m.nll;
  r.kl = m.kl;
  if (ll.empty())  // an empty split: nothing to average
    r.log_likelihood = r.log_likelihood_se = std::nan("");
  else
    std::tie(r.log_likelihood, r.log_likelihood_se) = meanAndSe(torch::cat(ll));
  if (stopped()) return stoppedReport(report);
  r.stats = latentStatistics(session->model(), set, o.split);
  if (session->model().classes() > 0 && set.size() > 0)
    r.accuracy = classAccuracy(session->model(), set);
  if (!session->model().attributeSizes().empty()) {
    if (stopped()) return stoppedReport(report);
    ConceptOptions co;
    co.seed = o.seed;
    r.concepts = conceptMetrics(session->model(), session->data(), co);
  }
  if (const auto& graph = session->data().graph) {
    const LinkMetrics link = linkPrediction(session->model(), *graph, o.split == "test");
    r.auc = link.auc;
    r.ap = link.ap;
    r.iw_samples = 0;
  }
  r.gates = gates;
  if (o.disentanglement) {
    if (stopped()) return stoppedReport(report);
    const ImageSet& fit = o.split == "test" ? session->data().valid : session->data().test;
    const auto flat = [](const torch::Tensor& t) {
      const torch::Tensor c = t.to(torch::kCPU, torch::kDouble).contiguous();
      return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
    };
    const torch::Tensor fit_means = posteriorMeans(session->model(), fit.images);
    try {
      r.disentanglement = disentanglementMetrics(
          flat(fit_means), flat(fit.factors), flat(posteriorMeans(session->model(), set.images)),
          flat(set.factors), fit_means.size(1), session->data().factor_info,
          o.disentanglement_options);
    } catch (const std::invalid_argument& e) {
      return Status::Error("Cannot score the disentanglement of '" + path + "': " + e.what());
    }
  }
  if (o.write_back) {
    record.disentanglement = r.disentanglement;
    record.latent_stats = r.stats;
    record.eval_results = evalResults(r);
    st = writeRunFile(path, record);
    if (!st) return st;
  }
  *report = r;
  return Status::Ok();
}

}  // namespace gvae
