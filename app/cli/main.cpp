// graphvae: the headless CLI. Trains and evaluates runs with core only (no Qt), for scripts
// and GPU boxes. Every failure exits non-zero with one line naming the file and the problem.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/cli_args.h"
#include "app/cli/processes.h"
#include "app/cli/progress_printer.h"
#include "app/cli/sweep.h"
#include "core/eval/comparison.h"
#include "core/eval/evaluator.h"
#include "core/eval/structure.h"
#include "core/io/run_file.h"
#include "core/io/run_file_inspector.h"
#include "core/training/distributed.h"
#include "core/training/trainer.h"

namespace {

std::atomic<bool> g_interrupted{false};
void onSignal(int) { g_interrupted = true; }

int fail(const std::string& message, int code = 1) {
  std::fprintf(stderr, "graphvae: %s\n", message.c_str());
  return code;
}

int printHelp(const std::string& text) {
  std::fputs(text.c_str(), stdout);
  return 0;
}

bool fileExists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

// Trains `config` with live progress until it finishes, fails or Ctrl-C stops it; returns the
// exit status (0, 1 or 130).
// With `dist` active, this process is one rank: only rank 0 shows progress; the others speak
// only to fail, their messages prefixed with their rank.
int trainWithProgress(const gvae::RunConfig& config, bool resume, bool json,
                      const gvae::DistributedSetup& dist = {}) {
  gvae::Trainer trainer(config);
  trainer.setDistributed(dist);
  const bool quiet = dist.rank != 0;
  gvae::cli::ProgressPrinter printer(json, ::isatty(STDOUT_FILENO), stdout);
  trainer.start(resume);
  trainer.follow(
      [&printer, quiet](const gvae::MailboxContents& m) {
        if (!quiet) printer.show(m);
      },
      [] { return g_interrupted.load(); });
  if (!quiet) printer.finishLine();
  const std::string who = dist.active() ? "[rank " + std::to_string(dist.rank) + "] " : "";
  switch (trainer.state()) {
    case gvae::TrainerState::kFailed:
      return fail(who + trainer.errorMessage());
    case gvae::TrainerState::kStopped:
      if (quiet) return 130;
      std::fprintf(stderr,
                   "graphvae: stopped; %s keeps every finished epoch (continue with --resume)\n",
                   config.out_path.c_str());
      return 130;
    default:
      return 0;
  }
}

void catchSignals() {
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int runTrain(const std::vector<std::string>& args) {
  gvae::cli::TrainArgs a;
  gvae::Status st = gvae::cli::parseTrain(args, &a);
  if (!st) return fail(st.message, 2);
  if (!a.help.empty()) return printHelp(a.help);
  gvae::DistributedSetup dist;
  st = gvae::distributedFromEnvironment(&dist);
  if (!st) return fail(st.message, 2);
  if (a.resume && !fileExists(a.config.out_path))
    return fail(a.config.out_path + ": no such run file to resume");
  // Rank 0 alone writes: another rank could see the file rank 0 has just begun.
  if (!a.resume && !a.force && dist.rank == 0 && fileExists(a.config.out_path))
    return fail(a.config.out_path +
                ": exists; add --resume to continue it or --force to replace it");
  catchSignals();
  return trainWithProgress(a.config, a.resume, a.json, dist);
}

// `graphvae launch`: P ranks of this executable's `train`, watched until all have ended.
int runLaunch(const std::vector<std::string>& args, const std::string& self) {
  gvae::cli::LaunchArgs a;
  gvae::Status st = gvae::cli::parseLaunch(args, &a);
  if (!st) return fail(st.message, 2);
  if (!a.help.empty()) return printHelp(a.help);
  const int port = a.port > 0 ? a.port : gvae::cli::freeLoopbackPort();
  if (port <= 0) return fail("launch: no free port on 127.0.0.1 for the rendezvous");
  catchSignals();
  std::vector<pid_t> pids;
  for (int r = 0; r < a.nprocs; ++r) {
    std::map<std::string, std::string> env{{"MASTER_ADDR", "127.0.0.1"},
                                           {"MASTER_PORT", std::to_string(port)},
                                           {"RANK", std::to_string(r)},
                                           {"LOCAL_RANK", std::to_string(r)},
                                           {"WORLD_SIZE", std::to_string(a.nprocs)},
                                           {"LOCAL_WORLD_SIZE", std::to_string(a.nprocs)}};
    if (a.timeout > 0) env["GRAPHVAE_DIST_TIMEOUT"] = std::to_string(a.timeout);
    if (a.sync_batch_norm) env["GRAPHVAE_SYNC_BATCH_NORM"] = "1";
    std::string error;
    const pid_t pid = gvae::cli::spawnChild(self, a.command, env, &error);
    if (pid < 0) {
      for (pid_t p : pids) ::kill(p, SIGTERM);
      return fail("launch: " + error);
    }
    pids.push_back(pid);
    std::fprintf(stderr, "graphvae launch: rank %d is pid %d (rendezvous 127.0.0.1:%d)\n", r,
                 static_cast<int>(pid), port);
  }
  auto rankOf = [&](pid_t p) {
    return static_cast<int>(std::find(pids.begin(), pids.end(), p) - pids.begin());
  };
  std::vector<pid_t> running = pids;
  int status = 0;
  bool forwarded = false;
  std::chrono::steady_clock::time_point deadline{};  // set by the first failure
  int last_signal = 0;
  while (!running.empty()) {
    if (g_interrupted && !forwarded) {  // Ctrl-C reached the ranks too; a SIGTERM may not have
      for (pid_t p : running) ::kill(p, SIGTERM);
      forwarded = true;
    }
    const auto now = std::chrono::steady_clock::now();
    if (deadline != std::chrono::steady_clock::time_point{} && now > deadline) {
      const int sig = last_signal == 0 ? SIGTERM : SIGKILL;
      for (pid_t p : running) {
        std::fprintf(stderr, "graphvae launch: rank %d (pid %d) still runs; sending %s\n",
                     rankOf(p), static_cast<int>(p), sig == SIGTERM ? "SIGTERM" : "SIGKILL");
        ::kill(p, sig);
      }
      last_signal = sig;
      deadline = now + std::chrono::seconds(5);
    }
    gvae::cli::ChildExit how;
    const pid_t done = gvae::cli::waitAny(running, std::chrono::milliseconds(200), &how);
    if (done < 0) continue;
    running.erase(std::find(running.begin(), running.end(), done));
    if (how.ok()) continue;
    const bool first = status == 0;
    if (first) status = how.shellStatus();
    if (how.shellStatus() == 130 && (g_interrupted || status == 130)) continue;  // stopped
    std::fprintf(stderr, "graphvae launch: rank %d (pid %d) %s\n", rankOf(done),
                 static_cast<int>(done), how.describe().c_str());
    if (first && !running.empty()) {
      std::fprintf(stderr,
                   "graphvae launch: the other ranks end on their own (their collectives "
                   "fail); any still running in 30 s are stopped\n");
      deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    }
  }
  return status;
}

int runCompare(const std::vector<std::string>& args) {
  gvae::cli::CompareArgs a;
  gvae::Status st = gvae::cli::parseCompare(args, &a);
  if (!st) return fail(st.message, 2);
  if (!a.help.empty()) return printHelp(a.help);
  catchSignals();
  int code = 0;
  std::vector<gvae::ComparisonRow> rows;
  auto train = [&](const gvae::RunConfig& c, bool resume) {
    if (!a.json) std::printf("== %s -> %s\n", c.model.c_str(), c.out_path.c_str());
    code = trainWithProgress(c, resume, a.json);
    return code == 0;
  };
  auto evaluated = [&](const gvae::ComparisonRow& row, const gvae::EvalReport& r,
                       const gvae::RunRecord&) {
    gvae::cli::ProgressPrinter(a.json, false, stdout)
        .printEval(r, a.out_dir + "/" + row.model + ".h5");
    rows.push_back(row);
  };
  a.eval.should_stop = [] { return g_interrupted.load(); };
  std::unique_ptr<gvae::cli::ProgressPrinter> bar;  // one per evaluation (its own clock)
  a.eval.progress = [&](int64_t done, int64_t total) {
    if (!bar)
      bar = std::make_unique<gvae::cli::ProgressPrinter>(a.json, ::isatty(STDOUT_FILENO), stdout);
    bar->showEvalProgress(done, total);
    if (done == total) {
      bar->finishLine();
      bar.reset();
    }
  };
  bool stopped = false;
  st = gvae::runComparison(a, train, evaluated, &stopped);
  if (bar) bar->finishLine();
  if (!st) return fail(st.message);
  if (stopped && code == 0) {  // Ctrl-C during an evaluation
    std::fprintf(stderr, "graphvae: stopped; the runs trained so far are kept in %s\n",
                 a.out_dir.c_str());
    return 130;
  }
  if (stopped) return code;
  if (!a.json) std::printf("\n%s", gvae::comparisonMarkdown(rows).c_str());
  return 0;
}

// A command on one run file (eval, structure): parse, then `analyze` with Ctrl-C and a progress
// bar on a terminal, then `print` the report. `what` names the work in the stop message.
template <class Args, class Report, class Parse, class Analyze, class Print>
int runOnRunFile(const std::vector<std::string>& args, Parse parse, Analyze analyze, Print print,
                 const char* what) {
  Args a;
  gvae::Status st = parse(args, &a);
  if (!st) return fail(st.message, 2);
  if (!a.help.empty()) return printHelp(a.help);
  catchSignals();
  a.options.should_stop = [] { return g_interrupted.load(); };
  gvae::cli::ProgressPrinter bar(a.json, ::isatty(STDOUT_FILENO), stdout);
  a.options.progress = [&](int64_t done, int64_t total) { bar.showEvalProgress(done, total); };
  Report report;
  st = analyze(a.path, a.options, &report);
  bar.finishLine();
  if (!st) return fail(st.message);
  if (report.stopped) {
    std::fprintf(stderr, "graphvae: %s stopped; %s is unchanged\n", what, a.path.c_str());
    return 130;
  }
  gvae::cli::ProgressPrinter printer(a.json, false, stdout);
  (printer.*print)(report, a.path);
  return 0;
}

int runEval(const std::vector<std::string>& args) {
  return runOnRunFile<gvae::cli::EvalArgs, gvae::EvalReport>(
      args, gvae::cli::parseEval, gvae::evaluateRun, &gvae::cli::ProgressPrinter::printEval,
      "evaluation");
}

int runStructure(const std::vector<std::string>& args) {
  return runOnRunFile<gvae::cli::StructureArgs, gvae::StructureReport>(
      args, gvae::cli::parseStructure, gvae::analyzeStructure,
      &gvae::cli::ProgressPrinter::printStructure, "analysis");
}

int runInspect(const std::vector<std::string>& args) {
  gvae::cli::InspectArgs a;
  gvae::Status st = gvae::cli::parseInspect(args, &a);
  if (!st) return fail(st.message, 2);
  if (!a.help.empty()) return printHelp(a.help);
  if (a.in_process) gvae::setRunFileInspector("");  // this process is the checker
  gvae::limitThisProcess(a.max_seconds, a.max_memory_mb);
  gvae::RunRecord record;
  gvae::RunFileFacts facts;
  gvae::cli::ProgressPrinter printer(a.json, false, stdout);
  try {
    st = gvae::readRunFile(a.path, &record, /*with_checkpoint=*/true, &facts);
  } catch (const std::bad_alloc&) {
    st = gvae::Status::Error("Cannot read run file '" + a.path + "': reading it needs more than " +
                             std::to_string(a.max_memory_mb) + " MB of memory (damaged sizes?)");
  }
  if (!st) {
    if (a.json) printer.printInspectionError(st.message, a.path);
    return fail(st.message);
  }
  printer.printInspection(record, facts, a.path);
  return 0;
}

std::string selfPath() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string() : self.string();
}

/// Files without a valid digest are parsed by this same executable in a child process first.
void useChildForUntrustedFiles() {
  const std::string self = selfPath();
  if (!self.empty()) gvae::setRunFileInspector(self);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(gvae::cli::usage().c_str(), args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  useChildForUntrustedFiles();
  try {
    if (command == "inspect") return runInspect(args);
    if (command == "train") return runTrain(args);
    if (command == "launch") return runLaunch(args, selfPath());
    if (command == "sweep") {
      catchSignals();
      return gvae::cli::runSweep(args, selfPath(), g_interrupted,
                                 [](const gvae::RunConfig& c, bool resume) {
                                   return trainWithProgress(c, resume, false);
                                 });
    }
    if (command == "eval") return runEval(args);
    if (command == "compare") return runCompare(args);
    if (command == "structure") return runStructure(args);
  } catch (const std::exception& e) {  // last line of defence: a message, never a stack trace
    return fail(std::string("internal error: ") + e.what());
  }
  return fail("unknown command '" + command + "' (see graphvae --help)", 2);
}
