// The results table of a model comparison, as Markdown, CSV and LaTeX (torch-free).
#pragma once

#include <string>
#include <vector>

#include "core/io/run_file.h"
#include "core/util/status.h"

namespace gvae {

/// One model's line of the table: test ELBO / NLL / KL and the K-sample log-likelihood.
struct ComparisonRow {
  std::string model;
  int64_t epochs = 0, iw_samples = 0, active_units = 0, dims = 0;
  double elbo = 0, nll = 0, kl = 0, log_likelihood = 0;
};

std::string comparisonMarkdown(const std::vector<ComparisonRow>& rows);
std::string comparisonCsv(const std::vector<ComparisonRow>& rows);
std::string comparisonLatex(const std::vector<ComparisonRow>& rows);
/// Per-epoch curves of every run, one CSV: model, epoch, train_elbo, valid_elbo, valid_nll,
/// valid_kl (the overlay of all runs).
std::string comparisonCurvesCsv(const std::vector<std::pair<std::string, RunRecord>>& runs);

/// Writes results.md, results.csv, results.tex and curves.csv into `dir` (created if needed).
Status writeComparison(const std::string& dir, const std::vector<ComparisonRow>& rows,
                       const std::vector<std::pair<std::string, RunRecord>>& runs);

}  // namespace gvae
