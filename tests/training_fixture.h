// Test helper: train a config on the trainer's thread and collect what it publishes (shared by
// the trainer and structure tests).
#pragma once

#include <string>
#include <vector>

#include "core/io/run_file.h"
#include "core/training/mailbox.h"
#include "core/training/trainer.h"

/// Everything a trainer published.
struct Collected {
  std::vector<gvae::StepMetrics> steps;
  std::vector<gvae::EpochMetrics> epochs;
  std::vector<gvae::TrainingEvent> events;
  gvae::LiveStatus latest;
  void take(gvae::Mailbox& m) {
    gvae::MailboxContents c = m.drain();
    steps.insert(steps.end(), c.steps.begin(), c.steps.end());
    epochs.insert(epochs.end(), c.epochs.begin(), c.epochs.end());
    events.insert(events.end(), c.events.begin(), c.events.end());
    if (c.latest) latest = *c.latest;
  }
  bool hasEvent(const std::string& kind) const {
    for (const auto& e : events)
      if (e.kind == kind) return true;
    return false;
  }
};

/// Trains `c` to its end on the trainer's thread; the result holds everything published, the
/// final state in latest.state and a failure's text in latest.message.
inline Collected trainToEnd(const gvae::RunConfig& c, bool resume = false) {
  gvae::Trainer t(c);
  t.start(resume);
  t.wait();
  Collected got;
  got.take(t.mailbox());
  return got;
}

/// Trains `whole` (whole.epochs epochs into whole.out_path) and, beside it in `part_path`, the
/// same run stopped after `first` epochs and resumed to the end; reads both files into `a`
/// (uninterrupted) and `b` (resumed). False when a training or a read failed.
inline bool trainWholeAndResumed(const gvae::RunConfig& whole, int64_t first,
                                 const std::string& part_path, gvae::RunRecord* a,
                                 gvae::RunRecord* b) {
  gvae::RunConfig part = whole;
  part.epochs = first;
  part.out_path = part_path;
  const auto finished = gvae::TrainerState::kFinished;
  if (trainToEnd(whole).latest.state != finished || trainToEnd(part).latest.state != finished)
    return false;
  part.epochs = whole.epochs;
  if (trainToEnd(part, /*resume=*/true).latest.state != finished) return false;
  return gvae::readRunFile(whole.out_path, a).ok && gvae::readRunFile(part_path, b).ok;
}
