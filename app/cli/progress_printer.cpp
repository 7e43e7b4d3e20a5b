// Progress bar with ETA, per-epoch lines and JSON-lines output of the CLI.
#include "app/cli/progress_printer.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/eval/ground_truth.h"
#include "core/util/printable.h"

namespace gvae::cli {

namespace {

using Json = nlohmann::ordered_json;  // keys in the order written

// NaN and infinities are not JSON numbers: null, as nlohmann writes them too.
Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

// A JSON array of numbers (non-finite ones as null).
Json numbers(const std::vector<double>& values) {
  Json a = Json::array();
  for (double v : values) a.push_back(number(v));
  return a;
}

// Text from a damaged file may not be UTF-8: such bytes become U+FFFD instead of an exception.
void printJson(std::FILE* out, const Json& j) {
  std::fprintf(out, "%s\n", j.dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
}

}  // namespace

namespace {
std::string clock(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}
}  // namespace

ProgressPrinter::ProgressPrinter(bool json, bool terminal, std::FILE* out)
    : json_(json), terminal_(terminal && !json), out_(out) {}

void ProgressPrinter::finishLine() {
  if (bar_shown_) std::fputc('\n', out_);
  bar_shown_ = false;
}

void ProgressPrinter::show(const MailboxContents& c) {
  if (!c.steps.empty()) last_elbo_ = c.steps.back().elbo;
  for (const auto& e : c.events) {
    if (json_) {
      printJson(
          out_,
          Json{{"event", e.kind}, {"step", e.step}, {"epoch", e.epoch}, {"message", e.message}});
    } else {
      finishLine();
      std::fprintf(out_, "[%s] %s\n", e.kind.c_str(), e.message.c_str());
    }
  }
  for (const auto& m : c.epochs) showEpoch(m);
  if (c.latest && terminal_ && c.latest->state == TrainerState::kRunning) showBar(*c.latest);
  std::fflush(out_);
}

void ProgressPrinter::showEpoch(const EpochMetrics& m) {
  if (json_) {
    Json frozen = Json::array();
    for (int8_t code : m.gate_frozen) frozen.push_back(static_cast<int>(code));
    Json j{{"event", "epoch"},
           {"epoch", m.epoch},
           {"step", m.step},
           {"train_elbo", number(m.train_elbo)},
           {"train_nll", number(m.train_nll)},
           {"train_kl", number(m.train_kl)},
           {"valid_elbo", number(m.valid_elbo)},
           {"valid_nll", number(m.valid_nll)},
           {"valid_kl", number(m.valid_kl)},
           {"valid_gates", m.valid_gates.empty() ? Json(nullptr) : Json(m.valid_gates)},
           {"node_kl", numbers(m.node_kl)},
           {"tau", number(m.tau)},
           {"lr", number(m.lr)},
           {"kl_weight", number(m.kl_weight)},
           {"seconds", number(m.seconds)},
           {"samples_per_s", number(m.samples_per_s)},
           {"grad_norm", number(m.grad_norm)},
           {"skipped_steps", m.skipped_steps},
           {"valid_auc", number(m.valid_auc)},
           {"valid_ap", number(m.valid_ap)},
           {"gates", numbers(m.gate_mu)},
           {"frozen", frozen}};
    if (!m.importance_relaxed.empty()) {
      j["importance_relaxed"] = numbers(m.importance_relaxed);
      j["importance_sampled"] = numbers(m.importance_sampled);
    }
    printJson(out_, j);
    return;
  }
  finishLine();
  std::fprintf(out_,
               "epoch %3lld  train ELBO %9.3f  valid ELBO %9.3f  NLL %9.3f  KL %7.3f  "
               "%6.1f s  %7.0f samples/s",
               static_cast<long long>(m.epoch), m.train_elbo, m.valid_elbo, m.valid_nll, m.valid_kl,
               m.seconds, m.samples_per_s);
  if (!std::isnan(m.valid_auc))
    std::fprintf(out_, "  valid AUC %.3f  AP %.3f", m.valid_auc, m.valid_ap);
  if (!m.valid_gates.empty()) std::fprintf(out_, "  (valid gates %s)", m.valid_gates.c_str());
  if (m.skipped_steps)
    std::fprintf(out_, "  (%lld steps skipped)", static_cast<long long>(m.skipped_steps));
  if (!m.gate_mu.empty()) {
    std::fprintf(out_, "\n           gates mu:");
    for (size_t g = 0; g < m.gate_mu.size(); ++g)
      std::fprintf(out_, " %.2f%s", m.gate_mu[g], m.gate_frozen[g] >= 0 ? "*" : "");
    if (!m.importance_relaxed.empty()) {
      std::fprintf(out_, "\n    off: dELBO (relaxed):");
      for (double v : m.importance_relaxed) std::fprintf(out_, " %+.2f", v);
    }
  }
  std::fputc('\n', out_);
}

void ProgressPrinter::showBar(const LiveStatus& s) {
  const int64_t total = s.total_epochs * s.batches_per_epoch;
  const int64_t done = (s.epoch - 1) * s.batches_per_epoch + s.batch_in_epoch;
  if (total <= 0) return;
  auto now = std::chrono::steady_clock::now();
  if (first_batch_ < 0) {
    first_batch_ = done;
    t0_ = now;
  }
  double elapsed = std::chrono::duration<double>(now - t0_).count();
  double rate = done > first_batch_ ? (done - first_batch_) / std::max(1e-9, elapsed) : 0;
  double eta = rate > 0 ? (total - done) / rate : NAN;
  const int width = 30;
  int filled = static_cast<int>(width * static_cast<double>(s.batch_in_epoch) /
                                std::max<int64_t>(1, s.batches_per_epoch));
  std::string bar(filled, '#');
  bar.resize(width, '.');
  std::fprintf(out_, "\r\033[Kepoch %lld/%lld [%s] %3.0f%%  %7.0f samples/s  ELBO %9.3f  ETA %s",
               static_cast<long long>(s.epoch), static_cast<long long>(s.total_epochs), bar.c_str(),
               100.0 * done / total, s.samples_per_s, last_elbo_, clock(eta).c_str());
  bar_shown_ = true;
}

void ProgressPrinter::printInspection(const RunRecord& r, const RunFileFacts& facts,
                                      const std::string& path) {
  size_t arrays = 0, values = 0;
  if (r.checkpoint) {
    for (const auto* list : {&r.checkpoint->model, &r.checkpoint->optimizer}) {
      arrays += list->size();
      for (const NamedArray& a : *list) values += a.values.size();
    }
  }
  const char* digest = facts.digest_valid ? "valid" : "none";
  if (json_) {
    Json config = Json::object(), eval = Json::object();
    for (const auto& [k, v] : r.config) config[k] = v;
    for (const auto& [k, v] : r.eval_results) eval[k] = number(v);
    Json checkpoint = nullptr;
    if (r.checkpoint)
      checkpoint = Json{{"epoch", r.checkpoint->epoch},
                        {"step", r.checkpoint->step},
                        {"arrays", arrays},
                        {"values", values}};
    Json last = nullptr;
    if (!r.epochs.empty())
      last = Json{{"epoch", r.epochs.back().epoch},
                  {"valid_elbo", number(r.epochs.back().valid_elbo)},
                  {"gates", r.epochs.back().gate_mu}};
    printJson(out_, Json{{"file", path},
                         {"ok", true},
                         {"schema_version", facts.schema_version},
                         {"bytes", facts.bytes},
                         {"digest", digest},
                         {"inspected_in_child", facts.inspected},
                         {"sha256", facts.sha256},
                         {"epochs", r.epochs.size()},
                         {"steps", r.steps.size()},
                         {"events", r.events.size()},
                         {"gates", r.gate_pairs.size()},
                         {"last_epoch", last},
                         {"checkpoint", checkpoint},
                         {"eval", eval},
                         {"config", config}});
    return;
  }
  std::fprintf(out_, "%s: GraphVAE run file, schema %lld, %llu bytes, digest %s%s\n  sha256 %s\n",
               path.c_str(), static_cast<long long>(facts.schema_version),
               static_cast<unsigned long long>(facts.bytes), digest,
               facts.digest_valid ? " (every dataset checksummed)"
                                  : " (schema 1 or a damaged header: parsed in a child first)",
               facts.sha256.c_str());
  // Text from the file, shown on a terminal: foreign bytes and control characters escaped.
  std::fprintf(out_, "  model %s on %s, %zu gates; %zu epochs",
               printableUtf8(r.configValue("model", "?")).c_str(),
               printableUtf8(r.configValue("dataset", "?")).c_str(), r.gate_pairs.size(),
               r.epochs.size());
  if (!r.epochs.empty()) std::fprintf(out_, " (last: valid ELBO %.3f)", r.epochs.back().valid_elbo);
  std::fprintf(out_, ", %zu logged steps, %zu events\n", r.steps.size(), r.events.size());
  if (r.checkpoint)
    std::fprintf(out_, "  checkpoint at epoch %lld: %zu arrays, %zu values\n",
                 static_cast<long long>(r.checkpoint->epoch), arrays, values);
  else
    std::fprintf(out_, "  no checkpoint\n");
  for (const auto& [k, v] : r.eval_results)
    std::fprintf(out_, "  %s = %g\n", printableUtf8(k).c_str(), v);
}

void ProgressPrinter::printInspectionError(const std::string& error, const std::string& path) {
  printJson(out_, Json{{"file", path}, {"ok", false}, {"error", error}});
}

void ProgressPrinter::printEval(const EvalReport& r, const std::string& path) {
  if (json_) {
    const std::string& p = r.split;
    Json line{{"event", "eval"},
              {"file", path},
              {"split", r.split},
              {"n", r.n},
              {"epoch", r.epoch},
              {p + "_elbo", number(r.elbo)},
              {p + "_nll", number(r.nll)},
              {p + "_kl", number(r.kl)},
              {p + "_ll", number(r.log_likelihood)},
              {p + "_ll_se", number(r.log_likelihood_se)},
              {"iw_samples", r.iw_samples},
              {"gates", r.gate_setting},
              {"unconverged_rounded", r.unconverged_rounded},
              {"active_units", r.stats.active_units}};
    if (!std::isnan(r.accuracy)) line["accuracy"] = r.accuracy;
    if (!std::isnan(r.auc)) {
      line["auc"] = r.auc;
      line["ap"] = r.ap;
    }
    if (const auto& c = r.concepts) {
      line["correctness"] = number(c->correctness);
      line["coverage"] = number(c->coverage);
      line["abstract_correctness"] = number(c->abstract_correctness);
      line["compositionality"] = number(c->compositionality);
      line["queries"] = Json{{"seen", c->seen_queries},
                             {"partial", c->partial_queries},
                             {"held_out", c->held_out_queries},
                             {"samples", c->samples_per_query}};
      line["attributes"] = c->attribute_names;
      line["judge_accuracy"] = numbers(c->judge_accuracy);
    }
    if (const auto& d = r.disentanglement) {
      const size_t K = d->factor_names.size();
      const auto rows = [&](const std::vector<double>& m) {  // one row per latent
        Json out = Json::array();
        for (size_t j = 0; j * K < m.size(); ++j)
          out.push_back(numbers({m.begin() + j * K, m.begin() + (j + 1) * K}));
        return out;
      };
      line["betavae"] = number(d->betavae);
      line["factorvae"] = number(d->factorvae);
      line["mig"] = number(d->mig);
      line["dci"] = Json{{"disentanglement", number(d->dci_disentanglement)},
                         {"completeness", number(d->dci_completeness)},
                         {"informativeness", number(d->dci_informativeness)}};
      line["factors"] = d->factor_names;
      line["active_latents"] = d->active_latents;
      line["mutual_information"] = rows(d->mutual_information);
      line["importance"] = rows(d->importance);
    }
    printJson(out_, line);
    return;
  }
  std::fprintf(out_,
               "%s (epoch %lld), %s split, %lld examples\n  ELBO %.3f  NLL %.3f  KL %.3f nats\n",
               path.c_str(), static_cast<long long>(r.epoch), r.split.c_str(),
               static_cast<long long>(r.n), r.elbo, r.nll, r.kl);
  if (std::isnan(r.auc))
    std::fprintf(out_,
                 "  log-likelihood %.3f +- %.3f nats (importance-weighted, K = %lld, gates %s; "
                 "+- one standard error over the examples)\n",
                 r.log_likelihood, r.log_likelihood_se, static_cast<long long>(r.iw_samples),
                 r.gate_setting.c_str());
  else  // a graph: the examples are its nodes, the bound that of the training edges
    std::fprintf(
        out_,
        "  link prediction on the %s edges (against as many non-edges): AUC %.4f  AP %.4f\n"
        "  (the ELBO is the training graph's, per node)\n",
        r.split.c_str(), r.auc, r.ap);
  std::fprintf(out_, "  active units %lld of %lld\n", static_cast<long long>(r.stats.active_units),
               static_cast<long long>(r.stats.dims));
  if (r.unconverged_rounded > 0)
    std::fprintf(out_,
                 "  note: %lld free gates have mu between 0.05 and 0.95 and are rounded by hard "
                 "gates: the ELBO judges a structure training never saw (--gates sampled)\n",
                 static_cast<long long>(r.unconverged_rounded));
  if (!std::isnan(r.accuracy)) std::fprintf(out_, "  class accuracy of q(y|x) %.4f\n", r.accuracy);
  if (const auto& c = r.concepts) {
    std::string judge;
    for (size_t k = 0; k < c->judge_accuracy.size() && k < c->attribute_names.size(); ++k)
      judge += (k ? ", " : "") + c->attribute_names[k] + " " +
               std::to_string(c->judge_accuracy[k]).substr(0, 5);
    std::fprintf(out_,
                 "  images from attribute queries (%lld each, judged by a classifier: %s)\n"
                 "    correctness %.3f (%lld full queries seen in training)\n"
                 "    coverage %.3f, correctness %.3f (%lld partial queries)\n"
                 "    compositionality %.3f (%lld combinations held out of training)\n",
                 static_cast<long long>(c->samples_per_query), judge.c_str(), c->correctness,
                 static_cast<long long>(c->seen_queries), c->coverage, c->abstract_correctness,
                 static_cast<long long>(c->partial_queries), c->compositionality,
                 static_cast<long long>(c->held_out_queries));
  }
  if (const auto& d = r.disentanglement) {
    const size_t K = d->factor_names.size();
    std::fprintf(
        out_,
        "  disentanglement (fitted on %s, scored on %s; %lld of %lld latents active on the first)\n"
        "    beta-VAE %.3f  FactorVAE %.3f  MIG %.3f\n"
        "    DCI disentanglement %.3f  completeness %.3f  informativeness %.3f\n"
        "    most informative latent (MI / H):",
        r.split == "test" ? "valid" : "test", r.split.c_str(),
        static_cast<long long>(d->active_latents), static_cast<long long>(d->latents), d->betavae,
        d->factorvae, d->mig, d->dci_disentanglement, d->dci_completeness, d->dci_informativeness);
    for (size_t k = 0; k < K; ++k) {
      size_t best = 0;
      for (size_t j = 1; j * K < d->mutual_information.size(); ++j)
        if (d->mutual_information[j * K + k] > d->mutual_information[best * K + k]) best = j;
      std::fprintf(out_, "%s %s z%zu %.2f", k ? "," : "", d->factor_names[k].c_str(), best + 1,
                   d->mutual_information[best * K + k]);
    }
    std::fprintf(out_, "\n");
  }
}

void ProgressPrinter::printStructure(const StructureReport& r, const std::string& path) {
  if (json_) {
    Json edges = Json::array();
    for (const EdgeImportance& e : r.edges)
      edges.push_back(Json{{"from", e.from},
                           {"to", e.to},
                           {"mu", number(e.mu)},
                           {"frozen", e.frozen < 0 ? Json(nullptr) : Json(int(e.frozen))},
                           {"delta_elbo_relaxed", number(e.off_relaxed)},
                           {"delta_elbo_relaxed_se", number(e.off_relaxed_se)},
                           {"delta_elbo_relaxed_on", number(e.on_relaxed)},
                           {"delta_elbo_relaxed_on_se", number(e.on_relaxed_se)},
                           {"delta_elbo_sampled", number(e.off_sampled)},
                           {"delta_elbo_sampled_se", number(e.off_sampled_se)},
                           {"delta_elbo_sampled_on", number(e.on_sampled)},
                           {"delta_elbo_sampled_on_se", number(e.on_sampled_se)}});
    Json alignment(nullptr), truth(nullptr);
    if (!r.factor_names.empty()) {
      const size_t K = r.factor_names.size();
      Json r2 = Json::array(), nodes = Json::array();
      for (size_t k = 0; k < r.factor_r2.size() / K; ++k)
        r2.push_back(numbers({r.factor_r2.begin() + k * K, r.factor_r2.begin() + (k + 1) * K}));
      for (int node : r.node_of_factor) nodes.push_back(node > 0 ? Json(node) : Json(nullptr));
      alignment = Json{{"factors", r.factor_names},
                       {"r2", r2},
                       {"node_of_factor", nodes},
                       {"holds", r.aligned},
                       {"verdict", r.alignment_verdict}};
    }
    if (r.aligned) {
      const DagComparison c = compareDags(r.learned_edges, r.true_edges);
      auto list = [](const NodeEdges& edges) {
        Json a = Json::array();
        for (const auto& [i, j] : edges) a.push_back(Json::array({i, j}));
        return a;
      };
      truth = Json{{"shd", c.shd},
                   {"precision", number(c.precision)},
                   {"recall", number(c.recall)},
                   {"edges", list(r.true_edges)},
                   {"learned", list(r.learned_edges)},
                   {"missing", list(c.missing)},
                   {"extra", list(c.extra)},
                   {"reversed", list(c.reversed)}};
    }
    printJson(out_, Json{{"event", "structure"},
                         {"file", path},
                         {"epoch", r.epoch},
                         {"n", r.n},
                         {"tau", number(r.tau)},
                         {"edges", edges},
                         {"alignment", alignment},
                         {"ground_truth", truth}});
    return;
  }
  std::fprintf(
      out_,
      "%s (epoch %lld), %lld validation examples\n"
      "ELBO change (nats per example, +- standard error) with each gate forced off or on;\n"
      "relaxed: binary Concrete gates at tau = %.3g; sampled: c ~ Bernoulli(mu).\n"
      "A negative 'off' value is what the edge is worth.\n\n",
      path.c_str(), static_cast<long long>(r.epoch), static_cast<long long>(r.n), r.tau);
  std::fprintf(out_, "%-16s %5s %6s  %-18s %-18s %-18s %-18s\n", "edge", "mu", "frozen",
               "off (relaxed)", "on (relaxed)", "off (sampled)", "on (sampled)");
  auto cell = [](double v, double se) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%+8.3f +- %-6.3f", v, se);
    return std::string(buf);
  };
  for (const EdgeImportance& e : r.edges) {
    const std::string from =
        e.from < 0 ? "z" + std::to_string(-e.from) + "(t-1)" : "z" + std::to_string(e.from);
    const std::string edge = from + " -> z" + std::to_string(e.to);
    const char* frozen = e.frozen < 0 ? "-" : e.frozen ? "on" : "off";
    std::fprintf(
        out_, "%-16s %5.2f %6s  %s %s %s %s\n", edge.c_str(), e.mu, frozen,
        cell(e.off_relaxed, e.off_relaxed_se).c_str(), cell(e.on_relaxed, e.on_relaxed_se).c_str(),
        cell(e.off_sampled, e.off_sampled_se).c_str(), cell(e.on_sampled, e.on_sampled_se).c_str());
  }
  printGroundTruth(r);
}

void ProgressPrinter::printGroundTruth(const StructureReport& r) {
  if (r.factor_names.empty()) return;
  const size_t K = r.factor_names.size();
  std::fprintf(out_,
               "\nR^2 of each generative factor from each node's posterior means (fit on "
               "validation, scored on test; shape: its one-hot indicators):\n%-6s",
               "");
  for (const auto& name : r.factor_names) std::fprintf(out_, " %9s", name.c_str());
  for (size_t k = 0; k < r.factor_r2.size() / K; ++k) {
    std::fprintf(out_, "\n%-6s", ("z" + std::to_string(k + 1)).c_str());
    for (size_t f = 0; f < K; ++f) {
      const bool aligned = r.node_of_factor[f] == static_cast<int>(k + 1);
      std::fprintf(out_, " %8.2f%s", r.factor_r2[k * K + f], aligned ? "*" : " ");
    }
  }
  std::fprintf(out_, "\n(* the best one-to-one alignment) %s\n", r.alignment_verdict.c_str());
  if (!r.aligned) {
    std::fprintf(out_,
                 "No comparison with the true DAG: the nodes do not stand for the factors.\n");
    return;
  }
  const DagComparison c = compareDags(r.learned_edges, r.true_edges);
  auto list = [](const NodeEdges& edges) {
    std::string s;
    for (const auto& [i, j] : edges)
      s += (s.empty() ? "" : ", ") + ("z" + std::to_string(i) + " -> z" + std::to_string(j));
    return s.empty() ? std::string("none") : s;
  };
  std::fprintf(out_,
               "Learned DAG (mu > 0.5) against the true one mapped through the alignment: "
               "SHD %lld, precision %.2f, recall %.2f\n  missing: %s\n  extra: %s\n"
               "  reversed: %s\n",
               static_cast<long long>(c.shd), c.precision, c.recall, list(c.missing).c_str(),
               list(c.extra).c_str(), list(c.reversed).c_str());
}

void ProgressPrinter::showEvalProgress(int64_t done, int64_t total) {
  if (json_ || !terminal_ || total <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (eval_done_ < 0) {
    eval_done_ = done;
    eval_t0_ = now;
  } else if (done < total && now - eval_shown_ < std::chrono::milliseconds(100)) {
    return;
  }
  eval_shown_ = now;
  const double elapsed = std::chrono::duration<double>(now - eval_t0_).count();
  const double rate = done > eval_done_ ? (done - eval_done_) / std::max(1e-9, elapsed) : 0;
  const double eta = rate > 0 ? (total - done) / rate : NAN;
  const int width = 30;
  std::string bar(static_cast<int>(width * static_cast<double>(done) / total), '#');
  bar.resize(width, '.');
  std::fprintf(out_, "\r\033[Kevaluating [%s] %3.0f%%  %lld/%lld images  ETA %s", bar.c_str(),
               100.0 * done / total, static_cast<long long>(done), static_cast<long long>(total),
               clock(eta).c_str());
  std::fflush(out_);
  bar_shown_ = true;
}

}  // namespace gvae::cli
