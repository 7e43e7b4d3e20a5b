// Parsing of the CLI's flags; every value is checked and a bad one named in the error.
#include "app/cli/cli_args.h"

#include <functional>
#include <map>
#include <sstream>

#include "core/util/parse_number.h"

namespace gvae::cli {
namespace {

using Setter = std::function<bool(const std::string&)>;

template <typename T>
Setter number(T* dst) {
  return [dst](const std::string& v) { return parseNumber(v, dst); };
}

Setter text(std::string* dst) {
  return [dst](const std::string& v) {
    *dst = v;
    return !v.empty();
  };
}

// Walks args: flags with a value from `values`, switches from `switches`, positionals to `pos`.
Status parse(const std::vector<std::string>& args, const std::map<std::string, Setter>& values,
             const std::map<std::string, bool*>& switches, std::vector<std::string>* pos) {
  for (size_t k = 0; k < args.size(); ++k) {
    const std::string& a = args[k];
    if (auto s = switches.find(a); s != switches.end()) {
      *s->second = true;
    } else if (auto v = values.find(a); v != values.end()) {
      if (k + 1 >= args.size()) return Status::Error(a + " needs a value");
      if (!v->second(args[++k])) return Status::Error("bad value '" + args[k] + "' for " + a);
    } else if (a.rfind("--", 0) == 0) {
      return Status::Error("unknown option " + a + " (see graphvae --help)");
    } else {
      pos->push_back(a);
    }
  }
  return Status::Ok();
}

}  // namespace

std::string usage() {
  return R"(graphvae - train and evaluate VAEs with a learned latent dependency structure

Usage:
  graphvae train --model {vae,ladder,fc,graph,lstm,vae-iaf,graph-iaf,ggm-chain,ggm-grid} --dataset {sprites,mnist} [--data DIR]
  graphvae train --model recurrent-graph --dataset {strokes,omniglot-strokes,iam-ondb} [--data DIR] [--max-steps T] [--stroke-scale S]
                 --epochs N --out RUN.h5 [--batch B] [--lr LR] [--nodes N] [--node-dim D]
                 [--tau T] [--tau-min T] [--tau-decay F] [--beta B] [--warmup EPOCHS]
                 [--free-bits NATS] [--capacity NATS] [--capacity-epochs E]
                 [--iw-train K] [--flow-steps T] [--made-hidden H]
                 [--binarize threshold|stochastic] [--sprites-count N] [--strokes-count N]
                 [--auto-freeze EPS] [--patience EPOCHS] [--seed S]
                 [--device auto|cpu|cuda] [--threads T] [--log-every K]
                 [--resume] [--force] [--json]
  graphvae compare --out-dir DIR [--models vae,ladder,fc,graph] [--iw-samples K]
                   [--eval-n N] [any train option but --model/--out] [--json]
  graphvae eval RUN.h5 [--iw-samples K] [--eval-n N] [--split test|valid]
                [--gates hard|sampled] [--data DIR] [--device auto|cpu|cuda] [--threads T]
                [--seed S] [--no-write] [--json]

train: --epochs is the run's total: with --resume the epochs still missing are trained, with
       the settings stored in RUN.h5 (only --epochs, --device and --threads apply).
       An existing RUN.h5 is never overwritten without --resume or --force.
compare: trains each model into DIR/<model>.h5 on the same data and budget (an existing file is
       resumed up to --epochs), evaluates each on the test set, and writes DIR/results.md,
       results.csv, results.tex (the table) and curves.csv (every run's curves overlaid).
eval:  test ELBO / NLL / KL, importance-weighted log-likelihood with K samples, and latent
       statistics; the results are stored in RUN.h5 unless --no-write.
Exit status: 0 success, 1 failure (the message names the file and the problem), 2 bad usage,
130 stopped by Ctrl-C (the run file keeps every finished epoch; a stopped eval writes nothing).
)";
}

// The training flags, shared by train and compare.
std::map<std::string, Setter> trainFlags(RunConfig& c) {
  return {{"--model", text(&c.model)},
          {"--dataset", text(&c.dataset)},
          {"--data", text(&c.data_dir)},
          {"--epochs", number(&c.epochs)},
          {"--batch", number(&c.batch)},
          {"--lr", number(&c.lr)},
          {"--nodes", number(&c.nodes)},
          {"--node-dim", number(&c.node_dim)},
          {"--tau", number(&c.tau)},
          {"--tau-min", number(&c.tau_min)},
          {"--tau-decay", number(&c.tau_decay)},
          {"--beta", number(&c.beta)},
          {"--warmup", number(&c.warmup_epochs)},
          {"--free-bits", number(&c.free_bits)},
          {"--capacity", number(&c.capacity_max)},
          {"--capacity-epochs", number(&c.capacity_epochs)},
          {"--iw-train", number(&c.iw_train)},
          {"--flow-steps", number(&c.flow_steps)},
          {"--made-hidden", number(&c.made_hidden)},
          {"--binarize", text(&c.binarize)},
          {"--auto-freeze", number(&c.auto_freeze_eps)},
          {"--patience", number(&c.auto_freeze_patience)},
          {"--seed", number(&c.seed)},
          {"--device", text(&c.device)},
          {"--threads", number(&c.threads)},
          {"--log-every", number(&c.log_every)},
          {"--sprites-count", number(&c.sprites_count)},
          {"--strokes-count", number(&c.strokes_count)},
          {"--max-steps", number(&c.max_steps)},
          {"--stroke-scale", number(&c.stroke_scale)}};
}

Status parseTrain(const std::vector<std::string>& args, TrainArgs* out) {
  TrainArgs t;
  RunConfig& c = t.config;
  std::vector<std::string> pos;
  auto flags = trainFlags(c);
  flags["--out"] = text(&c.out_path);
  Status st = parse(args, flags,
                    {{"--resume", &t.resume}, {"--json", &t.json}, {"--force", &t.force}}, &pos);
  if (!st) return st;
  if (!pos.empty()) return Status::Error("unexpected argument '" + pos[0] + "'");
  if (c.out_path.empty()) return Status::Error("train needs --out RUN.h5");
  if (!t.resume) {
    st = c.validate();
    if (!st) return st;
  } else if (c.epochs < 1) {
    return Status::Error("invalid option: --epochs must be at least 1");
  }
  *out = t;
  return Status::Ok();
}

Status parseCompare(const std::vector<std::string>& args, CompareArgs* out) {
  CompareArgs a;
  std::string models;
  std::vector<std::string> pos;
  auto flags = trainFlags(a.config);
  flags.erase("--model");
  flags["--models"] = text(&models);
  flags["--out-dir"] = text(&a.out_dir);
  flags["--iw-samples"] = number(&a.eval.iw_samples);
  flags["--eval-n"] = number(&a.eval.eval_n);
  Status st = parse(args, flags, {{"--json", &a.json}}, &pos);
  if (!st) return st;
  if (!pos.empty()) return Status::Error("unexpected argument '" + pos[0] + "'");
  if (a.out_dir.empty()) return Status::Error("compare needs --out-dir DIR");
  std::stringstream list(models.empty() ? "vae,ladder,fc,graph" : models);
  for (std::string m; std::getline(list, m, ',');) {
    a.config.model = m;
    st = a.config.validate();
    if (!st) return st;
    a.models.push_back(m);
  }
  if (a.eval.iw_samples < 1) return Status::Error("invalid option: --iw-samples must be >= 1");
  a.eval.device = a.config.device;
  a.eval.threads = a.config.threads;
  *out = a;
  return Status::Ok();
}

Status parseEval(const std::vector<std::string>& args, EvalArgs* out) {
  EvalArgs e;
  EvalOptions& o = e.options;
  bool no_write = false;
  std::vector<std::string> pos;
  Status st = parse(args,
                    {{"--iw-samples", number(&o.iw_samples)},
                     {"--eval-n", number(&o.eval_n)},
                     {"--split", text(&o.split)},
                     {"--gates", text(&o.gates)},
                     {"--data", text(&o.data_dir)},
                     {"--device", text(&o.device)},
                     {"--threads", number(&o.threads)},
                     {"--seed", number(&o.seed)}},
                    {{"--json", &e.json}, {"--no-write", &no_write}}, &pos);
  if (!st) return st;
  if (pos.size() != 1) return Status::Error("eval needs exactly one run file");
  e.path = pos[0];
  o.write_back = !no_write;
  *out = e;
  return Status::Ok();
}

}  // namespace gvae::cli
