// graphvae sweep: local jobs, Slurm job arrays, single tasks and collection.
#include "app/cli/sweep.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "app/cli/cli_args.h"
#include "app/cli/processes.h"
#include "core/eval/evaluator.h"
#include "core/eval/sweep.h"
#include "core/models/model_registry.h"
#include "core/training/run_options.h"
#include "core/util/parse_number.h"

namespace gvae::cli {
namespace {

const char* kHelp = R"(graphvae sweep - a grid of trainings

Usage: graphvae sweep --grid GRID --out-dir DIR [--jobs J] [--eval-iw-samples K] [train options]
       graphvae sweep --grid GRID --out-dir DIR --slurm [--sbatch-option OPT]... [train options]
       graphvae sweep --grid GRID --out-dir DIR --task-index I [train options]
       graphvae sweep --collect DIR

GRID: axes separated by ';', each KEY=V1,V2,... over a training option (its flag without
"--"), e.g. "model=vae,graph;nodes=2,4,5,8,10;seed=1,2,3". A tie A*B=P1,P2,... fixes the
product of two whole-number options: "nodes=2,4,5,8;nodes*node-dim=40,80" trains node-dim =
40/nodes and 80/nodes (combinations that do not divide are left out, and said). Points are
numbered in grid order, the last axis fastest; each trains into DIR/<point>.h5
("model=graph,nodes=4,node-dim=20.h5") with the other train options given and, for what
neither sets, its model's own defaults (as train does), its output in DIR/<point>.log.
DIR/sweep.json remembers the grid: run the same command again to skip finished runs and
resume unfinished ones.

Options:
  --grid GRID               the grid (above)
  --out-dir DIR             the sweep folder
  --jobs J                  trainings at once on this machine [default: 1]; each gets
                            cores / J threads unless --threads is given
  --eval-iw-samples K       after training, `graphvae eval` each run with K importance
                            samples (its test log-likelihood goes into the tables) [default: 0,
                            none]
  --slurm                   write DIR/sweep.sbatch, a job array of one task per point, and
                            print how to submit it, instead of training
  --sbatch-option OPT       an #SBATCH line of the script (repeatable), e.g. --time=02:00:00
  --task-index I            train point I only, in this process (what each array task runs)
  --collect DIR             write DIR/sweep.md, sweep.csv and sweep.tex (one row per point)
                            and the ablation figure DIR/ablation.png, .svg and .pdf
                            (log-likelihood against N' for each latent size M = N x N'; drawn by
                            graphvae-studio beside this program)
  -h, --help                print this help and exit
Every other option is a train option (see graphvae train --help), the same for every point.
)";

struct SweepArgs {
  std::string grid, out_dir, collect;
  int jobs = 1;
  int64_t eval_iw_samples = 0;
  int64_t task_index = -1;
  bool slurm = false, help = false;
  std::vector<std::string> sbatch_options, train_args;
};

Status parseSweep(const std::vector<std::string>& args, SweepArgs* out) {
  SweepArgs a;
  for (size_t k = 0; k < args.size(); ++k) {
    const std::string& arg = args[k];
    auto value = [&](std::string* v) {
      if (k + 1 >= args.size())
        return Status::Error(arg + " needs a value (see graphvae sweep --help)");
      *v = args[++k];
      return Status::Ok();
    };
    std::string v;
    Status st;
    if (arg == "-h" || arg == "--help") {
      a.help = true;
    } else if (arg == "--grid") {
      st = value(&a.grid);
    } else if (arg == "--out-dir") {
      st = value(&a.out_dir);
    } else if (arg == "--collect") {
      st = value(&a.collect);
    } else if (arg == "--slurm") {
      a.slurm = true;
    } else if (arg == "--sbatch-option") {
      if ((st = value(&v))) a.sbatch_options.push_back(v);
    } else if (arg == "--jobs" || arg == "--eval-iw-samples" || arg == "--task-index") {
      int64_t n = 0;
      if ((st = value(&v)) && (!parseNumber(v, &n) || n < (arg == "--jobs" ? 1 : 0)))
        st = Status::Error(arg + ": bad value '" + v + "'");
      if (arg == "--jobs") a.jobs = static_cast<int>(n);
      if (arg == "--eval-iw-samples") a.eval_iw_samples = n;
      if (arg == "--task-index") a.task_index = n;
    } else if (arg == "--out" || arg == "--resume" || arg == "--force" || arg == "--json") {
      st = Status::Error(arg + ": the sweep chooses each run's file and whether it resumes");
    } else {
      a.train_args.push_back(arg);
    }
    if (!st) return st;
  }
  if (a.help) {
    *out = a;
    return Status::Ok();
  }
  if (!a.collect.empty()) {
    if (!a.grid.empty() || !a.out_dir.empty() || !a.train_args.empty())
      return Status::Error(
          "--collect DIR takes nothing else (the folder's sweep.json has the grid)");
  } else if (a.grid.empty() || a.out_dir.empty()) {
    return Status::Error(
        "sweep needs --grid and --out-dir, or --collect DIR (see graphvae sweep --help)");
  }
  *out = a;
  return Status::Ok();
}

bool given(const std::vector<std::string>& args, const std::string& flag) {
  return std::find(args.begin(), args.end(), flag) != args.end();
}

std::string lastLine(const std::string& path) {
  std::ifstream f(path);
  std::string line, last;
  while (std::getline(f, line))
    if (!line.empty()) last = line;
  return last;
}

std::string score(const SweepRow& r) {
  char text[96];
  if (std::isfinite(r.test_ll))
    std::snprintf(text, sizeof text, "test LL %.2f", r.test_ll);
  else
    std::snprintf(text, sizeof text, "best valid ELBO %.2f", r.best_valid_elbo);
  return text;
}

// The points with their configs, checked; the manifest written or matched.
struct Plan {
  SweepGrid grid;
  std::vector<SweepPoint> points;
  std::vector<RunConfig> configs;
};

Status makePlan(const SweepArgs& a, Plan* plan) {
  Status st = parseSweepGrid(a.grid, &plan->grid);
  if (!st) return st;
  std::vector<std::string> skipped;
  plan->points = sweepPoints(plan->grid, &skipped);
  for (const std::string& s : skipped) std::printf("sweep: left out %s\n", s.c_str());
  if (plan->points.empty()) return Status::Error("--grid: no point is left");
  TrainArgs base;
  std::vector<std::string> probe = a.train_args;
  probe.insert(probe.end(), {"--out", "sweep-point.h5"});
  st = parseTrain(probe, &base, false);
  if (!st) return st;
  for (const SweepPoint& p : plan->points) {
    // Each point starts from its model's own defaults (as `train` does) where neither the
    // options nor the grid set a key. Options that do not apply to a point's model are dropped
    // for it (as compare does); a grid value that does not apply is an error.
    RunConfig c = base.config;
    if (!(st = applySweepPoint(p, &c))) return st;
    applyModelDefaults(&c, [&](const std::string& key) {
      return base.gave(key) || std::any_of(p.settings.begin(), p.settings.end(),
                                           [&key](const auto& s) { return s.first == key; });
    });
    c = c.withApplicableOnly();
    if (!(st = applySweepPoint(p, &c))) return st;
    c.out_path = a.out_dir + "/" + p.name + ".h5";
    if (!(st = c.validate()) || !(st = c.checkApplicable()))
      return Status::Error("sweep point " + p.name + ": " + st.message);
    plan->configs.push_back(c);
  }
  std::error_code error;
  std::filesystem::create_directories(a.out_dir, error);
  if (error)
    return Status::Error(a.out_dir + ": cannot create the sweep folder (" + error.message() + ")");
  SweepManifest wanted{a.grid, a.train_args, a.eval_iw_samples}, had;
  if (readSweepManifest(a.out_dir, &had)) {
    if (had.grid != wanted.grid || had.train_args != wanted.train_args)
      return Status::Error(a.out_dir + " holds another sweep (grid \"" + had.grid +
                           "\"); give another --out-dir, or the same grid and options");
    return Status::Ok();
  }
  return writeSweepManifest(a.out_dir, wanted);
}

int evalInProcess(const std::string& path, int64_t k, const std::atomic<bool>& interrupted) {
  EvalOptions o;
  o.iw_samples = k;
  o.should_stop = [&interrupted] { return interrupted.load(); };
  EvalReport report;
  Status st = evaluateRun(path, o, &report);
  if (!st) {
    std::fprintf(stderr, "graphvae: %s\n", st.message.c_str());
    return 1;
  }
  return report.stopped ? 130 : 0;
}

int runTask(const SweepArgs& a, const Plan& plan, const std::atomic<bool>& interrupted,
            const TrainInProcess& train) {
  if (a.task_index >= static_cast<int64_t>(plan.points.size())) {
    std::fprintf(stderr, "graphvae: --task-index %lld: the grid has %zu points (0 to %zu)\n",
                 static_cast<long long>(a.task_index), plan.points.size(), plan.points.size() - 1);
    return 2;
  }
  const size_t k = static_cast<size_t>(a.task_index);
  const RunConfig& c = plan.configs[k];
  const SweepRow row = sweepRow(a.out_dir, plan.points[k], c.epochs);
  std::printf("sweep task %zu of %zu: %s (%s)\n", k, plan.points.size(),
              plan.points[k].name.c_str(), row.state.c_str());
  if (row.state == "unreadable") {
    std::fprintf(stderr, "graphvae: %s\n", row.error.c_str());
    return 1;
  }
  if (row.state != "finished") {
    const int code = train(c, row.state == "unfinished");
    if (code != 0) return code;
  }
  if (a.eval_iw_samples > 0 &&
      !std::isfinite(sweepRow(a.out_dir, plan.points[k], c.epochs).test_ll))
    return evalInProcess(c.out_path, a.eval_iw_samples, interrupted);
  return 0;
}

int writeSlurm(const SweepArgs& a, const Plan& plan, const std::string& self) {
  const std::string dir = std::filesystem::absolute(a.out_dir).string();
  const std::string path = dir + "/sweep.sbatch";
  std::ofstream f(path);
  f << "#!/bin/bash\n"
    << "# One task per point of the grid (graphvae sweep --slurm); each trains or resumes its run\n"
    << "# file in " << dir << " and skips it when finished.\n"
    << "#SBATCH --job-name=graphvae-sweep\n"
    << "#SBATCH --array=0-" << plan.points.size() - 1 << "\n"
    << "#SBATCH --output=" << dir << "/slurm-%A_%a.out\n";
  for (const std::string& o : a.sbatch_options) f << "#SBATCH " << o << "\n";
  f << "set -euo pipefail\n"
    << "exec " << shellQuote(self) << " sweep --grid " << shellQuote(a.grid) << " --out-dir "
    << shellQuote(dir);
  if (a.eval_iw_samples > 0) f << " --eval-iw-samples " << a.eval_iw_samples;
  f << " --task-index \"$SLURM_ARRAY_TASK_ID\"";
  for (const std::string& t : a.train_args) f << " " << shellQuote(t);
  f << "\n";
  f.close();
  if (!f) {
    std::fprintf(stderr, "graphvae: %s: cannot write the job script\n", path.c_str());
    return 1;
  }
  ::chmod(path.c_str(), 0755);
  std::printf(
      "sweep: wrote %s, a job array of %zu tasks (one per point)\n"
      "submit it with:  sbatch %s\n"
      "then collect:    graphvae sweep --collect %s\n",
      path.c_str(), plan.points.size(), shellQuote(path).c_str(), shellQuote(dir).c_str());
  return 0;
}

int runLocal(const SweepArgs& a, const Plan& plan, const std::string& self,
             const std::atomic<bool>& interrupted) {
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  const bool own_threads = given(a.train_args, "--threads");
  const int threads = std::max(1, cores / a.jobs);
  const size_t n = plan.points.size();
  std::deque<size_t> todo;
  int finished = 0, failed = 0, resumed = 0;
  for (size_t k = 0; k < n; ++k) {
    const SweepRow r = sweepRow(a.out_dir, plan.points[k], plan.configs[k].epochs);
    if (r.state == "finished" && (a.eval_iw_samples == 0 || std::isfinite(r.test_ll))) {
      ++finished;
      continue;
    }
    if (r.state == "unreadable") {
      std::printf("[%zu/%zu] %s: %s; left as it is\n", k + 1, n, plan.points[k].name.c_str(),
                  r.error.c_str());
      ++failed;
      continue;
    }
    resumed += r.state == "unfinished";
    todo.push_back(k);
  }
  std::printf(
      "sweep: %zu points in %s (%d finished, %d to resume, %zu to train); %d at once with "
      "%s thread(s) each; each run's output in its .log\n",
      n, a.out_dir.c_str(), finished, resumed, todo.size() - resumed,
      std::min<int>(a.jobs, static_cast<int>(std::max<size_t>(1, todo.size()))),
      own_threads ? "the given" : std::to_string(threads).c_str());
  std::fflush(stdout);
  struct Job {
    size_t point;
    bool evaluating;
    std::chrono::steady_clock::time_point t0;
  };
  std::map<pid_t, Job> running;
  std::map<size_t, std::chrono::steady_clock::time_point> began;  // a point's first start
  bool forwarded = false;
  auto start = [&](size_t k, bool evaluate) {
    const RunConfig& c = plan.configs[k];
    const SweepRow r = sweepRow(a.out_dir, plan.points[k], c.epochs);
    std::vector<std::string> argv;
    if (evaluate) {
      argv = {"eval", c.out_path, "--iw-samples", std::to_string(a.eval_iw_samples)};
      if (!own_threads) argv.insert(argv.end(), {"--threads", std::to_string(threads)});
    } else {
      // The point's whole config as flags: the child trains exactly what --task-index would.
      argv = {"train", "--out", c.out_path};
      for (const RunOption& o : runOptions()) {
        const std::string v = o.get(c);
        if (v == o.defaultValue() || (o.key == "threads" && !own_threads)) continue;
        argv.push_back(o.flag());
        if (o.type != OptionType::kSwitch) argv.push_back(v);
      }
      if (!own_threads) argv.insert(argv.end(), {"--threads", std::to_string(threads)});
      if (r.state == "unfinished") argv.push_back("--resume");
    }
    std::string error;
    const pid_t pid =
        spawnChild(self, argv, {}, &error, a.out_dir + "/" + plan.points[k].name + ".log");
    if (pid < 0) {
      std::printf("[%zu/%zu] %s: %s\n", k + 1, n, plan.points[k].name.c_str(), error.c_str());
      ++failed;
      return;
    }
    began.emplace(k, std::chrono::steady_clock::now());  // its training and evaluation
    running[pid] = {k, evaluate, began[k]};
    std::printf("[%zu/%zu] %s: %s\n", k + 1, n, plan.points[k].name.c_str(),
                evaluate ? "evaluating"
                : r.state == "unfinished"
                    ? ("resuming from epoch " + std::to_string(r.epochs_done)).c_str()
                    : "training");
    std::fflush(stdout);
  };
  while (!todo.empty() || !running.empty()) {
    while (!interrupted && !todo.empty() && static_cast<int>(running.size()) < a.jobs) {
      const size_t k = todo.front();
      todo.pop_front();
      const SweepRow r = sweepRow(a.out_dir, plan.points[k], plan.configs[k].epochs);
      start(k, r.state == "finished");
    }
    if (interrupted && !forwarded) {  // a terminal's Ctrl-C reached them too; a kill may not have
      for (const auto& [pid, job] : running) ::kill(pid, SIGINT);
      forwarded = true;
      todo.clear();
    }
    if (running.empty()) break;
    std::vector<pid_t> pids;
    for (const auto& [pid, job] : running) pids.push_back(pid);
    ChildExit how;
    const pid_t done = waitAny(pids, std::chrono::milliseconds(200), &how);
    if (done < 0) continue;
    const Job job = running[done];
    running.erase(done);
    const SweepPoint& p = plan.points[job.point];
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - job.t0).count();
    if (!how.ok()) {
      if (interrupted) continue;
      ++failed;
      std::printf("[%zu/%zu] %s: %s %s after %.0f s: %s\n", job.point + 1, n, p.name.c_str(),
                  job.evaluating ? "evaluation" : "training", how.describe().c_str(), secs,
                  lastLine(a.out_dir + "/" + p.name + ".log").c_str());
    } else if (!job.evaluating && a.eval_iw_samples > 0) {
      todo.push_front(job.point);  // its evaluation next, in the slot it frees
      continue;
    } else {
      ++finished;
      const SweepRow r = sweepRow(a.out_dir, p, plan.configs[job.point].epochs);
      std::printf("[%zu/%zu] %s: finished in %.0f s (%s)\n", job.point + 1, n, p.name.c_str(), secs,
                  score(r).c_str());
    }
    std::fflush(stdout);
  }
  if (interrupted) {
    std::fprintf(stderr, "graphvae: sweep stopped; run the same command to continue\n");
    return 130;
  }
  std::printf(
      "sweep: %d of %zu finished, %d failed; tables and figure: graphvae sweep --collect %s\n",
      finished, n, failed, shellQuote(a.out_dir).c_str());
  return failed ? 1 : 0;
}

int collect(const std::string& dir, const std::string& self) {
  std::vector<SweepRow> rows;
  SweepGrid grid;
  Status st = collectSweep(dir, &rows, &grid);
  if (!st) {
    std::fprintf(stderr, "graphvae: %s\n", st.message.c_str());
    return 1;
  }
  for (const char* format : {"md", "csv", "tex"}) {
    const std::string path = dir + "/sweep." + format;
    std::ofstream f(path);
    f << sweepTable(rows, grid, format);
    if (!f) {
      std::fprintf(stderr, "graphvae: %s: cannot write the table\n", path.c_str());
      return 1;
    }
  }
  std::string metric;
  const auto series = ablationSeries(rows, &metric);
  std::printf("%s\n(nats; wrote %s/sweep.md, sweep.csv and sweep.tex)\n",
              sweepTable(rows, grid, "md").c_str(), dir.c_str());
  for (const SweepRow& r : rows)
    if (r.state == "unreadable") std::printf("unreadable: %s\n", r.error.c_str());
  if (series.empty()) {
    std::printf("figure: no finished run yet\n");
    return 0;
  }
  const std::string studio =
      (std::filesystem::path(self).parent_path() / "graphvae-studio").string();
  if (::access(studio.c_str(), X_OK) != 0) {
    std::printf(
        "figure: graphvae-studio is not beside %s; on a desktop run\n"
        "  graphvae-studio --export-ablation %s\n",
        self.c_str(), shellQuote(dir).c_str());
    return 0;
  }
  std::string error;
  const pid_t pid =
      spawnChild(studio, {"--export-ablation", dir}, {{"QT_QPA_PLATFORM", "offscreen"}}, &error);
  ChildExit how;
  if (pid < 0 || waitAny({pid}, std::chrono::hours(1), &how) < 0 || !how.ok()) {
    std::fprintf(stderr, "graphvae: the ablation figure failed: %s\n",
                 pid < 0 ? error.c_str() : ("graphvae-studio " + how.describe()).c_str());
    return 1;
  }
  std::printf(
      "figure: %s against N' for each latent size M = N x N': %s/ablation.png, .svg, .pdf\n",
      metric.c_str(), dir.c_str());
  return 0;
}

}  // namespace

std::string shellQuote(const std::string& text) {
  if (!text.empty() &&
      text.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=,:+@%") ==
          std::string::npos)
    return text;
  std::string q = "'";
  for (char c : text) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

int runSweep(const std::vector<std::string>& args, const std::string& self,
             const std::atomic<bool>& interrupted, const TrainInProcess& train) {
  SweepArgs a;
  Status st = parseSweep(args, &a);
  if (!st) {
    std::fprintf(stderr, "graphvae: %s\n", st.message.c_str());
    return 2;
  }
  if (a.help) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (!a.collect.empty()) return collect(a.collect, self);
  Plan plan;
  st = makePlan(a, &plan);
  if (!st) {
    std::fprintf(stderr, "graphvae: %s\n", st.message.c_str());
    return 2;
  }
  if (a.slurm) return writeSlurm(a, plan, self);
  if (a.task_index >= 0) return runTask(a, plan, interrupted, train);
  return runLocal(a, plan, self, interrupted);
}

}  // namespace gvae::cli
