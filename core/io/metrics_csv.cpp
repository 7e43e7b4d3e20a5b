// A run's metrics as CSV.
#include "core/io/metrics_csv.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace gvae {

namespace {

std::string exactNumber(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);  // "C" locale formatting: always a '.'
  return buf;
}

/// Element i of v as a number, or empty when v is shorter.
template <typename T>
std::string at(const std::vector<T>& v, size_t i) {
  return i < v.size() ? exactNumber(static_cast<double>(v[i])) : std::string();
}

std::string gateColumnName(const std::pair<int, int>& p) {
  return p.first < 0 ? "z" + std::to_string(-p.first) + "prev_z" + std::to_string(p.second)
                     : "z" + std::to_string(p.first) + "_z" + std::to_string(p.second);
}

}  // namespace

std::string epochMetricsCsv(const RunRecord& run) {
  size_t nodes = 0;
  for (const EpochMetrics& e : run.epochs) nodes = std::max(nodes, e.node_kl.size());
  const bool links = std::any_of(run.epochs.begin(), run.epochs.end(),
                                 [](const EpochMetrics& e) { return !std::isnan(e.valid_auc); });
  std::ostringstream s;
  s << "epoch,step,train_elbo,train_nll,train_kl,valid_elbo,valid_nll,valid_kl,valid_gates,tau,"
       "lr,kl_weight,seconds,samples_per_s,grad_norm,skipped_steps";
  if (links) s << ",valid_auc,valid_ap";
  for (size_t k = 0; k < nodes; ++k) s << ",kl_z" << k + 1;
  for (const auto& p : run.gate_pairs) {
    const std::string g = gateColumnName(p);
    s << ",mu_" << g << ",frozen_" << g << ",off_relaxed_" << g << ",off_sampled_" << g;
  }
  s << '\n';
  for (const EpochMetrics& e : run.epochs) {
    s << e.epoch << ',' << e.step << ',' << exactNumber(e.train_elbo) << ','
      << exactNumber(e.train_nll) << ',' << exactNumber(e.train_kl) << ','
      << exactNumber(e.valid_elbo) << ',' << exactNumber(e.valid_nll) << ','
      << exactNumber(e.valid_kl) << ',' << e.valid_gates << ',' << exactNumber(e.tau) << ','
      << exactNumber(e.lr) << ',' << exactNumber(e.kl_weight) << ',' << exactNumber(e.seconds)
      << ',' << exactNumber(e.samples_per_s) << ',' << exactNumber(e.grad_norm) << ','
      << e.skipped_steps;
    if (links) s << ',' << exactNumber(e.valid_auc) << ',' << exactNumber(e.valid_ap);
    for (size_t k = 0; k < nodes; ++k) s << ',' << at(e.node_kl, k);
    for (size_t g = 0; g < run.gate_pairs.size(); ++g)
      s << ',' << at(e.gate_mu, g) << ',' << at(e.gate_frozen, g) << ','
        << at(e.importance_relaxed, g) << ',' << at(e.importance_sampled, g);
    s << '\n';
  }
  return s.str();
}

std::string stepMetricsCsv(const RunRecord& run) {
  std::ostringstream s;
  s << "step,epoch,elbo,nll,kl\n";
  for (const StepMetrics& m : run.steps)
    s << m.step << ',' << m.epoch << ',' << exactNumber(m.elbo) << ',' << exactNumber(m.nll) << ','
      << exactNumber(m.kl) << '\n';
  return s.str();
}

}  // namespace gvae
