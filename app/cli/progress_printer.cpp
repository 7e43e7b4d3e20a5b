// Progress bar with ETA, per-epoch lines and JSON-lines output of the CLI.
#include "app/cli/progress_printer.h"

#include <cmath>
#include <sstream>

namespace gvae::cli {

std::string jsonNumber(double v) {
  if (!std::isfinite(v)) return "null";
  std::ostringstream s;
  s.precision(10);
  s << v;
  return s.str();
}

std::string jsonString(const std::string& in) {
  std::string s = "\"";
  for (char ch : in) {
    switch (ch) {
      case '"':
        s += "\\\"";
        break;
      case '\\':
        s += "\\\\";
        break;
      case '\n':
        s += "\\n";
        break;
      case '\t':
        s += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", ch);
          s += buf;
        } else {
          s += ch;
        }
    }
  }
  return s + "\"";
}

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
      std::fprintf(out_, "{\"event\":%s,\"step\":%lld,\"epoch\":%lld,\"message\":%s}\n",
                   jsonString(e.kind).c_str(), static_cast<long long>(e.step),
                   static_cast<long long>(e.epoch), jsonString(e.message).c_str());
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
    std::string gates = "[", frozen = "[", nodes = "[";
    for (size_t g = 0; g < m.gate_mu.size(); ++g) {
      gates += (g ? "," : "") + jsonNumber(m.gate_mu[g]);
      frozen += (g ? "," : "") + std::to_string(static_cast<int>(m.gate_frozen[g]));
    }
    for (size_t n = 0; n < m.node_kl.size(); ++n)
      nodes += (n ? "," : "") + jsonNumber(m.node_kl[n]);
    std::fprintf(out_,
                 "{\"event\":\"epoch\",\"epoch\":%lld,\"step\":%lld,\"train_elbo\":%s,"
                 "\"train_nll\":%s,\"train_kl\":%s,\"valid_elbo\":%s,\"valid_nll\":%s,"
                 "\"valid_kl\":%s,\"node_kl\":%s],\"tau\":%s,\"lr\":%s,\"kl_weight\":%s,"
                 "\"seconds\":%s,\"samples_per_s\":%s,\"skipped_steps\":%lld,\"gates\":%s],"
                 "\"frozen\":%s]}\n",
                 static_cast<long long>(m.epoch), static_cast<long long>(m.step),
                 jsonNumber(m.train_elbo).c_str(), jsonNumber(m.train_nll).c_str(),
                 jsonNumber(m.train_kl).c_str(), jsonNumber(m.valid_elbo).c_str(),
                 jsonNumber(m.valid_nll).c_str(), jsonNumber(m.valid_kl).c_str(), nodes.c_str(),
                 jsonNumber(m.tau).c_str(), jsonNumber(m.lr).c_str(),
                 jsonNumber(m.kl_weight).c_str(), jsonNumber(m.seconds).c_str(),
                 jsonNumber(m.samples_per_s).c_str(), static_cast<long long>(m.skipped_steps),
                 gates.c_str(), frozen.c_str());
    return;
  }
  finishLine();
  std::fprintf(out_,
               "epoch %3lld  train ELBO %9.3f  valid ELBO %9.3f  NLL %9.3f  KL %7.3f  "
               "%6.1f s  %7.0f samples/s",
               static_cast<long long>(m.epoch), m.train_elbo, m.valid_elbo, m.valid_nll, m.valid_kl,
               m.seconds, m.samples_per_s);
  if (m.skipped_steps)
    std::fprintf(out_, "  (%lld steps skipped)", static_cast<long long>(m.skipped_steps));
  if (!m.gate_mu.empty()) {
    std::fprintf(out_, "\n           gates mu:");
    for (size_t g = 0; g < m.gate_mu.size(); ++g)
      std::fprintf(out_, " %.2f%s", m.gate_mu[g], m.gate_frozen[g] >= 0 ? "*" : "");
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

void ProgressPrinter::printEval(const EvalReport& r, const std::string& path) {
  if (json_) {
    const std::string& p = r.split;
    std::fprintf(out_,
                 "{\"event\":\"eval\",\"file\":%s,\"split\":%s,\"n\":%lld,\"epoch\":%lld,"
                 "\"%s_elbo\":%s,\"%s_nll\":%s,\"%s_kl\":%s,\"%s_ll\":%s,\"iw_samples\":%lld,"
                 "\"gates\":%s,\"active_units\":%lld}\n",
                 jsonString(path).c_str(), jsonString(r.split).c_str(), static_cast<long long>(r.n),
                 static_cast<long long>(r.epoch), p.c_str(), jsonNumber(r.elbo).c_str(), p.c_str(),
                 jsonNumber(r.nll).c_str(), p.c_str(), jsonNumber(r.kl).c_str(), p.c_str(),
                 jsonNumber(r.log_likelihood).c_str(), static_cast<long long>(r.iw_samples),
                 jsonString(r.gate_setting).c_str(), static_cast<long long>(r.stats.active_units));
    return;
  }
  std::fprintf(out_,
               "%s (epoch %lld), %s split, %lld examples\n"
               "  ELBO %.3f  NLL %.3f  KL %.3f nats\n"
               "  log-likelihood %.3f nats (importance-weighted, K = %lld, gates %s)\n"
               "  active units %lld of %lld\n",
               path.c_str(), static_cast<long long>(r.epoch), r.split.c_str(),
               static_cast<long long>(r.n), r.elbo, r.nll, r.kl, r.log_likelihood,
               static_cast<long long>(r.iw_samples), r.gate_setting.c_str(),
               static_cast<long long>(r.stats.active_units), static_cast<long long>(r.stats.dims));
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
