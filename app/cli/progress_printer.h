// Prints training progress: a live bar with ETA on a terminal, plain lines otherwise, or JSON.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include "core/eval/evaluator.h"
#include "core/eval/structure.h"
#include "core/io/run_file.h"
#include "core/training/mailbox.h"

namespace gvae::cli {

class ProgressPrinter {
 public:
  ProgressPrinter(bool json, bool terminal, std::FILE* out);
  /// Prints what a drain of the trainer's mailbox brought.
  void show(const MailboxContents& c);
  /// Ends a live bar line, if one is shown.
  void finishLine();
  void printEval(const EvalReport& r, const std::string& path);
  /// The edge importances of `graphvae structure`: a table, or one JSON object.
  void printStructure(const StructureReport& r, const std::string& path);
  /// What `graphvae inspect` found in a run file that reads: a summary, or one JSON object.
  void printInspection(const RunRecord& r, const RunFileFacts& facts, const std::string& path);
  /// `graphvae inspect --json` on a refused file: {"file", "ok": false, "error"}.
  void printInspectionError(const std::string& error, const std::string& path);
  /// A live bar for a running evaluation (terminal only, at most ten updates a second).
  void showEvalProgress(int64_t done, int64_t total);

 private:
  void showEpoch(const EpochMetrics& m);
  void printGroundTruth(const StructureReport& r);
  void showBar(const LiveStatus& s);
  bool json_, terminal_;
  std::FILE* out_;
  bool bar_shown_ = false;
  int64_t first_batch_ = -1;  // batches done when the clock started (resume, loading)
  std::chrono::steady_clock::time_point t0_;
  double last_elbo_ = 0;
  std::chrono::steady_clock::time_point eval_t0_, eval_shown_;
  int64_t eval_done_ = -1;  // images done at the evaluation bar's start
};

}  // namespace gvae::cli
