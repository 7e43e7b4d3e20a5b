// Formatting of the comparison table and the overlaid curves; files written whole or not at all.
#include "core/eval/comparison.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gvae {
namespace {

std::string num(double v, int precision = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", precision, v);
  return buf;
}

std::string latexEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '_' || c == '&' || c == '%' || c == '#') out += '\\';
    out += c;
  }
  return out;
}

Status writeText(const std::filesystem::path& path, const std::string& text) {
  const auto tmp = path.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return Status::Error("cannot write " + path.string() + ": " + std::strerror(errno));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::Error("cannot write " + path.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

std::string comparisonMarkdown(const std::vector<ComparisonRow>& rows) {
  std::ostringstream s;
  s << "| model | epochs | test ELBO | test NLL | test KL | test log-likelihood | K | active units "
       "|\n"
    << "|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : rows)
    s << "| " << r.model << " | " << r.epochs << " | " << num(r.elbo) << " | " << num(r.nll)
      << " | " << num(r.kl) << " | " << num(r.log_likelihood) << " | " << r.iw_samples << " | "
      << r.active_units << " / " << r.dims << " |\n";
  return s.str();
}

std::string comparisonCsv(const std::vector<ComparisonRow>& rows) {
  std::ostringstream s;
  s << "model,epochs,test_elbo,test_nll,test_kl,test_ll,iw_samples,active_units,dims\n";
  for (const auto& r : rows)
    s << r.model << ',' << r.epochs << ',' << num(r.elbo, 6) << ',' << num(r.nll, 6) << ','
      << num(r.kl, 6) << ',' << num(r.log_likelihood, 6) << ',' << r.iw_samples << ','
      << r.active_units << ',' << r.dims << '\n';
  return s.str();
}

std::string comparisonLatex(const std::vector<ComparisonRow>& rows) {
  std::ostringstream s;
  s << "\\begin{tabular}{lrrrrr}\n\\hline\n"
    << "Model & Epochs & ELBO & KL & $\\log p(x)$ & Active units \\\\\n\\hline\n";
  for (const auto& r : rows)
    s << latexEscape(r.model) << " & " << r.epochs << " & $" << num(r.elbo) << "$ & $" << num(r.kl)
      << "$ & $" << num(r.log_likelihood) << "$ & " << r.active_units << " \\\\\n";
  s << "\\hline\n\\end{tabular}\n";
  return s.str();
}

std::string comparisonCurvesCsv(const std::vector<std::pair<std::string, RunRecord>>& runs) {
  std::ostringstream s;
  s << "model,epoch,train_elbo,valid_elbo,valid_nll,valid_kl\n";
  for (const auto& [model, rec] : runs)
    for (const auto& e : rec.epochs)
      s << model << ',' << e.epoch << ',' << num(e.train_elbo, 6) << ',' << num(e.valid_elbo, 6)
        << ',' << num(e.valid_nll, 6) << ',' << num(e.valid_kl, 6) << '\n';
  return s.str();
}

Status writeComparison(const std::string& dir, const std::vector<ComparisonRow>& rows,
                       const std::vector<std::pair<std::string, RunRecord>>& runs) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Error("cannot create " + dir + ": " + ec.message());
  const std::filesystem::path d(dir);
  for (const auto& [name, text] : {std::pair{"results.md", comparisonMarkdown(rows)},
                                   {"results.csv", comparisonCsv(rows)},
                                   {"results.tex", comparisonLatex(rows)},
                                   {"curves.csv", comparisonCurvesCsv(runs)}}) {
    Status st = writeText(d / name, text);
    if (!st) return st;
  }
  return Status::Ok();
}

}  // namespace gvae
