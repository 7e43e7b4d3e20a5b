// Parsing of the CLI's subcommands with CLI11. The training flags, their help, aliases and
// ranges come from the option table; every value is checked and a bad one named in the error.
#include "app/cli/cli_args.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <set>
#include <sstream>

#include "core/models/model_registry.h"
#include "core/training/run_options.h"
#include "core/util/parse_number.h"

namespace gvae::cli {
namespace {

constexpr int kHelpWidth = 34;  // column of the option descriptions in --help

// The models with their summaries, for the footer of train's and compare's --help.
std::string modelList() {
  std::ostringstream s;
  s << "Models (--model):\n";
  for (const ModelInfo& m : modelRegistry()) {
    std::string name = "  " + m.name;
    name.resize(std::max<size_t>(name.size() + 1, 20), ' ');
    s << name << m.summary << (m.data == DataKind::kStrokes ? " [pen strokes]" : "")
      << (m.data == DataKind::kGraph ? " [graphs]" : "") << "\n";
    if (!m.defaults.empty()) {
      std::string d;
      for (const auto& [key, value] : m.defaults)
        d += (d.empty() ? "" : " ") + findOptionByKey(key)->flag() + " " + value;
      s << std::string(20, ' ') << "defaults: " << d << "\n";
    }
  }
  return s.str();
}

std::string optionHelp(const RunOption& o) {
  std::string h = o.help;
  const std::string range = o.rangeText();
  if (!range.empty() && o.type != OptionType::kChoice) h += "; " + range;
  if (o.type == OptionType::kChoice) h += " (" + o.rangeText() + ")";
  std::string d = o.defaultValue();
  double v = 0;
  if (o.type == OptionType::kReal && parseNumber(d, &v)) {
    std::ostringstream s;
    s << v;  // 6 significant digits: 0.1, not the exact 0.10000000000000001
    d = s.str();
  }
  if (o.type != OptionType::kSwitch && !d.empty()) h += " [default: " + d + "]";
  if (o.scope != OptionScope::kAll) h += "; " + scopeText(o.scope);
  return h;
}

std::string names(const std::string& flag, const std::vector<std::string>& aliases) {
  std::string n = flag;
  for (const auto& a : aliases) n += "," + a;
  return n;
}

// Adds a flag whose text value `set` stores (false: a bad value, named in the error).
CLI::Option* addValue(CLI::App& app, const std::string& flags, const std::string& flag,
                      std::function<bool(const std::string&)> set, const std::string& help) {
  return app
      .add_option_function<std::string>(
          flags,
          [flag, set](const std::string& v) {
            if (!set(v)) throw CLI::ValidationError(flag, "bad value '" + v + "'");
          },
          help)
      // A flag given twice takes its last value, as before CLI11 (scripts append overrides).
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

template <typename T>
std::function<bool(const std::string&)> number(T* dst) {
  return [dst](const std::string& v) { return parseNumber(v, dst); };
}

std::function<bool(const std::string&)> text(std::string* dst) {
  return [dst](const std::string& v) {
    *dst = v;
    return !v.empty();
  };
}

// Every option of the table except `skip`, writing into `config`.
void addRunOptions(CLI::App& app, RunConfig& config, const std::set<std::string>& skip) {
  for (const RunOption& o : runOptions()) {
    if (skip.count(o.key)) continue;
    const std::string flags = names(o.flag(), o.aliases);
    CLI::Option* opt = nullptr;
    if (o.type == OptionType::kSwitch) {
      opt = app.add_flag_callback(
          flags, [&config, &o] { o.set(config, "1"); }, optionHelp(o));
    } else {
      opt = addValue(
                app, flags, o.flag(),
                [&config, &o](const std::string& v) { return o.set(config, v); }, optionHelp(o))
                ->type_name(o.value_name);
    }
    opt->group(sectionTitle(o.section) + " options");
  }
}

std::string errorLine(const CLI::ParseError& e) {
  std::string m = e.what();
  // "--lr: 1 required TEXT missing" reads better as the rest of our messages do.
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && m.find("required") != std::string::npos)
    return m.substr(0, m.find(':')) + " needs a value";
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    const std::string arg = m.substr(m.rfind(": ") + 2);
    return (arg.rfind("--", 0) == 0 ? "unknown option " : "unexpected argument ") + arg;
  }
  return m;
}

// Parses `args` with `app`; on --help stores the usage in `out`. The caller's checks follow.
Status run(CLI::App& app, const std::vector<std::string>& args, Parsed* out) {
  app.set_help_flag("-h,--help", "print this help and exit");
  app.get_formatter()->column_width(kHelpWidth);
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 consumes from the back
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out->help = app.help();
  } catch (const CLI::ParseError& e) {
    return Status::Error(errorLine(e) + " (see " + app.get_name() + " --help)");
  }
  return Status::Ok();
}

}  // namespace

std::string usage() {
  return R"(graphvae - train and evaluate VAEs with a learned latent dependency structure

Usage:
  graphvae train --out RUN.h5 [--model NAME] [--dataset NAME] [options]
  graphvae eval RUN.h5 [options]
  graphvae compare --out-dir DIR [--models A,B,..] [options]
  graphvae structure RUN.h5 [--eval-n N] [--json]
  graphvae inspect RUN.h5 [--json]
  graphvae launch --nprocs P -- train --out RUN.h5 [options]
  graphvae sweep --grid GRID --out-dir DIR [--jobs J | --slurm | --task-index I] [options]
  graphvae sweep --collect DIR
  graphvae COMMAND --help     every option of COMMAND, with its default and range

train:   trains a model into RUN.h5 (resumable, written atomically after every epoch).
compare: trains several models on the same data and budget and tabulates their test results.
eval:    test ELBO / NLL / KL, importance-weighted log-likelihood, latent statistics.
structure: how much each learned edge matters (the ELBO with its gate forced off / on).
launch:  data-parallel training: P ranks of `train` on this machine (torch.distributed, Gloo);
         `train` joins a group by itself under torchrun or srun (WORLD_SIZE / SLURM_NTASKS).
sweep:   a grid of trainings (J at once, or as a Slurm job array), skipping finished runs and
         resuming unfinished ones; --collect writes the tables and the ablation figure.
inspect: checks a run file (digest, checksums, layout) and summarizes it; a damaged file is
         parsed in a child process, so a crash there is reported, not suffered.
Exit status: 0 success, 1 failure (the message names the file and the problem), 2 bad usage,
130 stopped by Ctrl-C (the run file keeps every finished epoch; a stopped eval writes nothing).
)";
}

Status parseTrain(const std::vector<std::string>& args, TrainArgs* out, bool finish) {
  TrainArgs t;
  RunConfig& c = t.config;
  CLI::App app(
      "Trains a model into a run file. --epochs is the run's total: with --resume the "
      "epochs still missing are trained with the settings stored in RUN.h5 (only "
      "--epochs, --device and --threads apply). An existing RUN.h5 is never "
      "overwritten without --resume or --force.",
      "graphvae train");
  addValue(app, "--out", "--out", text(&c.out_path), "the run file to write")->type_name("RUN.h5");
  app.add_flag("--resume", t.resume, "continue RUN.h5 up to --epochs");
  app.add_flag("--force", t.force, "replace an existing RUN.h5");
  app.add_flag("--json", t.json, "one JSON object per line instead of the progress bar");
  addRunOptions(app, c, {});
  app.footer(modelList());
  Status st = run(app, args, &t);
  if (!st || !t.help.empty()) {
    *out = t;
    return st;
  }
  for (const RunOption& o : runOptions())
    if (app.count(o.flag()) > 0) t.given_keys.push_back(o.key);
  if (c.out_path.empty()) return Status::Error("train needs --out RUN.h5");
  if (!finish) {
    *out = t;
    return Status::Ok();
  }
  if (!t.resume) {
    // The model's own defaults (its registry row) for every option the command line left unset.
    applyModelDefaults(&c, [&t](const std::string& key) { return t.gave(key); });
    st = c.validate();
    if (st) st = c.checkApplicable();
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
  CLI::App app(
      "Trains each model into DIR/<model>.h5 on the same data and budget (an existing "
      "file is resumed up to --epochs), evaluates each on the test set, and writes "
      "DIR/results.md, results.csv, results.tex and curves.csv. Options that do not "
      "apply to a model are left at their defaults for it.",
      "graphvae compare");
  addValue(app, "--out-dir", "--out-dir", text(&a.out_dir), "folder of the runs and tables")
      ->type_name("DIR");
  std::string defaults;
  for (const ModelInfo& m : modelRegistry())
    if (m.compare_default) defaults += (defaults.empty() ? "" : ",") + m.name;
  addValue(app, "--models", "--models", text(&models),
           "comma-separated models [default: " + defaults + "]")
      ->type_name("A,B,..");
  addValue(app, "--iw-samples", "--iw-samples", number(&a.eval.iw_samples),
           "K of the test log-likelihood [default: 1000]")
      ->type_name("K");
  addValue(app, "--eval-n", "--eval-n", number(&a.eval.eval_n),
           "evaluate the first N test examples; 0: all")
      ->type_name("N");
  app.add_flag("--json", a.json, "one JSON object per line");
  addRunOptions(app, a.config, {"model"});
  app.footer(modelList());
  Status st = run(app, args, &a);
  if (!st || !a.help.empty()) {
    *out = a;
    return st;
  }
  if (a.out_dir.empty()) return Status::Error("compare needs --out-dir DIR");
  std::stringstream list(models.empty() ? defaults : models);
  for (std::string m; std::getline(list, m, ',');) {
    RunConfig c = a.config;
    c.model = m;
    st = c.withApplicableOnly().validate();
    if (!st) return st;
    a.models.push_back(m);
  }
  if (a.eval.iw_samples < 1) return Status::Error("invalid option: --iw-samples must be >= 1");
  a.eval.device = a.config.device;
  a.eval.threads = a.config.threads;
  *out = a;
  return Status::Ok();
}

namespace {

// The flags of a command that reads one run file (eval, structure): the file, the examples,
// the machine, --no-write and --json; `add` adds the command's own. Parses into `a`.
template <class Args>
Status parseRunFileCommand(const std::vector<std::string>& args, CLI::App& app,
                           const std::string& eval_n_help,
                           const std::function<void(CLI::App&, decltype(Args::options)&)>& add,
                           Args* out) {
  Args a;
  auto& o = a.options;
  bool no_write = false;
  std::vector<std::string> pos;
  app.add_option("RUN.h5", pos, "the run file");
  addValue(app, "--eval-n", "--eval-n", number(&o.eval_n), eval_n_help)->type_name("N");
  add(app, o);
  addValue(app, "--data-dir,--data", "--data-dir", text(&o.data_dir),
           "the dataset's folder, when it moved since training")
      ->type_name("DIR");
  addValue(app, "--device", "--device", text(&o.device), "auto, cpu or cuda")->type_name("DEV");
  addValue(app, "--threads", "--threads", number(&o.threads), "CPU threads; 0: every core")
      ->type_name("T");
  addValue(app, "--seed", "--seed", number(&o.seed), "random seed")->type_name("S");
  app.add_flag("--no-write", no_write, "leave RUN.h5 unchanged");
  app.add_flag("--json", a.json, "one JSON object");
  Status st = run(app, args, &a);
  if (st && a.help.empty()) {
    if (pos.size() != 1)
      return Status::Error(app.get_name().substr(9) + " needs exactly one run file");
    a.path = pos[0];
    o.write_back = !no_write;
  }
  *out = std::move(a);
  return st;
}

}  // namespace

Status parseEval(const std::vector<std::string>& args, EvalArgs* out) {
  CLI::App app(
      "Evaluates a run on its test (or validation) split: ELBO / NLL / KL, the "
      "importance-weighted log-likelihood with K samples, and latent statistics; and a "
      "model's own figures: the class accuracy (ssvae), AUC / AP of the held-out edges (gae, "
      "vgae: no log-likelihood), correctness / coverage / compositionality of images from "
      "attribute queries (telbo). The results are stored in RUN.h5 unless --no-write.",
      "graphvae eval");
  return parseRunFileCommand<EvalArgs>(
      args, app, "the first N examples; 0: all",
      [](CLI::App& a, EvalOptions& o) {
        addValue(a, "--iw-samples", "--iw-samples", number(&o.iw_samples),
                 "K of the importance-weighted bound [default: 1000]")
            ->type_name("K");
        addValue(a, "--split", "--split", text(&o.split), "test or valid")->type_name("SPLIT");
        addValue(a, "--gates", "--gates", text(&o.gates),
                 "sampled: c ~ Bernoulli(mu) per sample; relaxed: at the run's last tau; hard: "
                 "gates at round(mu) [default: the run's --eval-gates, sampled unless set]")
            ->type_name("MODE");
        a.add_flag("--disentanglement", o.disentanglement,
                   "also score disentanglement against the dataset's known factors (the "
                   "sprites): the beta-VAE and FactorVAE metrics, MIG and DCI");
      },
      out);
}

Status parseStructure(const std::vector<std::string>& args, StructureArgs* out) {
  CLI::App app(
      "Measures how much each learned edge of the latent DAG matters: the change of "
      "the validation ELBO (nats per example, with its standard error) when the edge's "
      "gate is forced off and forced on, under relaxed gates at the run's temperature "
      "and under sampled gates c ~ Bernoulli(mu). The report is stored in RUN.h5 "
      "unless --no-write.",
      "graphvae structure");
  return parseRunFileCommand<StructureArgs>(
      args, app, "the first N validation examples; 0: all [default: 1000]",
      [](CLI::App&, StructureOptions&) {}, out);
}

Status parseInspect(const std::vector<std::string>& args, InspectArgs* out) {
  InspectArgs a;
  CLI::App app(
      "Checks a run file and summarizes it: its digest and every dataset's checksum, its "
      "layout, settings, epochs, checkpoint and results. A file without a valid digest (schema "
      "1, damaged, foreign) is parsed in a child process first with a time and memory limit, "
      "so that a crash of the HDF5 library on it becomes an error message. Exit status 0: the "
      "file reads; 1: it is refused (the message says why).",
      "graphvae inspect");
  std::vector<std::string> pos;
  app.add_option("RUN.h5", pos, "the run file");
  app.add_flag("--json", a.json, "one JSON object");
  app.add_flag("--in-process", a.in_process,
               "parse in this process, without a child (what the child itself runs)");
  addValue(app, "--max-seconds", "--max-seconds", number(&a.max_seconds),
           "CPU seconds this process may use; 0: no limit")
      ->type_name("S");
  addValue(app, "--max-memory-mb", "--max-memory-mb", number(&a.max_memory_mb),
           "MB of memory the reading may use beyond the program's own; 0: no limit")
      ->type_name("MB");
  Status st = run(app, args, &a);
  if (st && a.help.empty()) {
    if (pos.size() != 1) return Status::Error("inspect needs exactly one run file");
    a.path = pos[0];
  }
  *out = std::move(a);
  return st;
}

}  // namespace gvae::cli

namespace gvae::cli {

Status parseLaunch(const std::vector<std::string>& args, LaunchArgs* out) {
  LaunchArgs l;
  auto dash = std::find(args.begin(), args.end(), "--");
  std::vector<std::string> own(args.begin(), dash);
  if (dash != args.end()) l.command.assign(dash + 1, args.end());
  CLI::App app(
      "Starts P ranks of `graphvae train` on this machine as one data-parallel training "
      "(like torchrun --standalone): each rank gets MASTER_ADDR=127.0.0.1, MASTER_PORT, RANK, "
      "WORLD_SIZE and LOCAL_RANK, trains on its share of every global batch (P x --batch) and "
      "averages gradients with the others; rank 0 writes the run file. When a rank fails, the "
      "others end on their own (a dead rank is noticed at once, a hung one after --timeout); "
      "any still running 30 s later are stopped. The exit status is the first failed rank's.",
      "graphvae launch");
  app.add_option("--nprocs", l.nprocs, "number of ranks (processes)")
      ->required()
      ->check(CLI::Range(1, 256));
  app.add_option("--port", l.port, "the rendezvous port [default: a free one]")
      ->check(CLI::Range(0, 65535));
  app.add_option("--timeout", l.timeout,
                 "seconds a rank waits for a silent peer before ending [default: 300]")
      ->check(CLI::PositiveNumber);
  app.add_flag("--sync-batch-norm", l.sync_batch_norm,
               "batch norms over the global batch (exactly one process's training; two "
               "all-reduces per batch norm and step) instead of each rank's rows");
  app.footer(
      "Usage: graphvae launch --nprocs P [--port N] [--timeout S] -- train --out RUN.h5 "
      "[train options]");
  Status st = run(app, own, &l);
  if (st && l.help.empty()) {
    if (dash == args.end() || l.command.empty())
      st = Status::Error(
          "launch needs the command after --: graphvae launch --nprocs P -- "
          "train --out RUN.h5 ... (see graphvae launch --help)");
    else if (l.command[0] != "train")
      st = Status::Error("launch runs `train` only, not '" + l.command[0] +
                         "' (see graphvae launch --help)");
  }
  *out = l;
  return st;
}

}  // namespace gvae::cli
