// graphvae: the headless CLI. Trains and evaluates runs with core only (no Qt), for scripts
// and GPU boxes. Every failure exits non-zero with one line naming the file and the problem.
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/cli_args.h"
#include "app/cli/progress_printer.h"
#include "core/eval/comparison.h"
#include "core/eval/evaluator.h"
#include "core/eval/structure.h"
#include "core/io/run_file.h"
#include "core/io/run_file_inspector.h"
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
int trainWithProgress(const gvae::RunConfig& config, bool resume, bool json) {
  gvae::Trainer trainer(config);
  gvae::cli::ProgressPrinter printer(json, ::isatty(STDOUT_FILENO), stdout);
  trainer.start(resume);
  trainer.follow([&printer](const gvae::MailboxContents& m) { printer.show(m); },
                 [] { return g_interrupted.load(); });
  printer.finishLine();
  switch (trainer.state()) {
    case gvae::TrainerState::kFailed:
      return fail(trainer.errorMessage());
    case gvae::TrainerState::kStopped:
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
  if (a.resume && !fileExists(a.config.out_path))
    return fail(a.config.out_path + ": no such run file to resume");
  if (!a.resume && !a.force && fileExists(a.config.out_path))
    return fail(a.config.out_path +
                ": exists; add --resume to continue it or --force to replace it");
  catchSignals();
  return trainWithProgress(a.config, a.resume, a.json);
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

/// Files without a valid digest are parsed by this same executable in a child process first.
void useChildForUntrustedFiles() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) gvae::setRunFileInspector(self.string());
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
    if (command == "eval") return runEval(args);
    if (command == "compare") return runCompare(args);
    if (command == "structure") return runStructure(args);
  } catch (const std::exception& e) {  // last line of defence: a message, never a stack trace
    return fail(std::string("internal error: ") + e.what());
  }
  return fail("unknown command '" + command + "' (see graphvae --help)", 2);
}
