// Tests of training: ELBO rises, thread controls, NaN guard, resume continuity, gate commands.
#include <torch/types.h>

#include <QtTest/QtTest>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

#include "core/io/run_file.h"
#include "core/models/model_registry.h"
#include "core/training/divergence_guard.h"
#include "core/training/mailbox.h"
#include "core/training/session.h"
#include "core/training/trainer.h"
#include "tests/tiny_config.h"
#include "tests/training_fixture.h"

using namespace gvae;

namespace {

// A run long enough to be controlled while it trains, publishing every step.
RunConfig endlessConfig() {
  RunConfig c = tinyConfig();
  c.epochs = 1000;
  c.log_every = 1;
  return c;
}

}  // namespace

class TstTrainer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void trainingRaisesElbo_data();
  void trainingRaisesElbo();
  void pauseResumeStopFromAnotherThread();
  void nanBatchIsSkipped();
  void divergenceGuardPolicy();
  void rollbackKeepsTheUsersGateFreezes();
  void resumeContinuesLikeUninterrupted_data();
  void resumeContinuesLikeUninterrupted();
  void gateCommandsReachTheRunningTrainer();
  void gatesFreezeWhenConverged();
  void klObjectiveSchedules();
  void importanceWeightedTraining();
  void deterministicForFixedSeed();
  void badConfigFails();
  void mailboxUnderTwoWriters();
  void mailboxWaitWakesOnPost();
  void followShowsEverythingAndStops();
  void snapshotsReachTheirSinkDirectly();
};

void TstTrainer::trainingRaisesElbo_data() {
  QTest::addColumn<QString>("model");
  for (const auto& m : modelNames()) QTest::newRow(m.c_str()) << QString::fromStdString(m);
}

void TstTrainer::trainingRaisesElbo() {
  QFETCH(QString, model);
  RunConfig c = tinyConfig(model.toStdString());
  c.epochs = 10;  // 300 steps
  c.warmup_epochs = 0;
  Collected got = trainToEnd(c);
  QCOMPARE(got.latest.state, TrainerState::kFinished);
  QCOMPARE(got.epochs.size(), size_t(10));
  if (model == QLatin1String("recurrent-graph")) {
    // Validation evaluates hard gates (round(mu)); while the 12 gates hover at 0.5 a gate that
    // crosses it switches a recurrent input fully on or off and the validation ELBO jumps, so
    // the sequence model is judged on the training bound it optimizes (averaged over 5 logs).
    auto mean = [](auto first, auto last) {
      double sum = 0;
      for (auto it = first; it != last; ++it) sum += it->elbo;
      return sum / double(last - first);
    };
    const double before = mean(got.steps.begin(), got.steps.begin() + 5);
    const double after = mean(got.steps.end() - 5, got.steps.end());
    QVERIFY2(after > before + 5,
             qPrintable(QStringLiteral("train ELBO %1 -> %2").arg(before).arg(after)));
  } else {
    QVERIFY2(got.epochs.back().valid_elbo > got.epochs.front().valid_elbo + 5,
             qPrintable(QStringLiteral("valid ELBO %1 -> %2")
                            .arg(got.epochs.front().valid_elbo)
                            .arg(got.epochs.back().valid_elbo)));
  }
  QVERIFY(got.steps.size() >= 50);
  const bool ggm = model.startsWith(QLatin1String("ggm-"));
  QCOMPARE(got.epochs.back().node_kl.size(), size_t(ggm ? 1 : 3));  // GGM: one joint posterior
  const bool has_gates = findModel(model.toStdString())->gates != GateKind::kNone;
  // recurrent-graph: 3 gates within a step and 3 x 3 from the previous step.
  const size_t gates = model == QLatin1String("recurrent-graph") ? 12 : 3;
  QCOMPARE(got.epochs.back().gate_mu.size(), has_gates ? gates : size_t(0));
  for (const auto& e : got.epochs)
    QVERIFY(std::isfinite(e.valid_elbo) && e.samples_per_s > 0 && e.grad_norm > 0 &&
            std::isfinite(e.grad_norm));
}

void TstTrainer::pauseResumeStopFromAnotherThread() {
  QTemporaryDir dir;
  RunConfig c = endlessConfig();
  c.out_path = dir.filePath(QStringLiteral("stopped.h5")).toStdString();
  Trainer t(c);
  Collected got;
  t.start();
  QTRY_VERIFY_WITH_TIMEOUT((got.take(t.mailbox()), got.steps.size() >= 3), 30000);
  std::thread controller([&] { t.pause(); });
  controller.join();
  QTRY_VERIFY_WITH_TIMEOUT((got.take(t.mailbox()), got.latest.state == TrainerState::kPaused),
                           10000);
  got.take(t.mailbox());
  const size_t at_pause = got.steps.size();
  QTest::qWait(300);
  got.take(t.mailbox());
  QCOMPARE(got.steps.size(), at_pause);  // nothing trains while paused
  std::thread([&] { t.resume(); }).join();
  QTRY_VERIFY_WITH_TIMEOUT((got.take(t.mailbox()), got.steps.size() > at_pause + 3), 10000);
  std::thread([&] { t.requestStop(); }).join();
  QTRY_COMPARE_WITH_TIMEOUT(t.state(), TrainerState::kStopped, 10000);
  t.wait();
  // The stopped run's file holds its last complete epoch and the steps trained since.
  RunRecord rec;
  QVERIFY(readRunFile(c.out_path, &rec, true).ok);
  QCOMPARE(rec.checkpoint->epoch, static_cast<int64_t>(rec.epochs.size()));
  QVERIFY(!rec.steps.empty());
}

void TstTrainer::nanBatchIsSkipped() {
  RunConfig c = tinyConfig();
  std::unique_ptr<TrainingSession> s;
  QVERIFY(TrainingSession::create(c, &s).ok);
  auto x = s->data().train.images.narrow(0, 0, 32).gt(0.5).to(torch::kFloat);
  std::vector<torch::Tensor> before;
  for (auto& p : s->model().parameters()) before.push_back(p.detach().clone());
  auto poisoned = x.clone();
  poisoned[3][100] = std::numeric_limits<float>::quiet_NaN();
  StepOutcome bad = s->step(poisoned, 1.0, 1.0);
  QVERIFY(bad.skipped);
  auto params = s->model().parameters();
  for (size_t k = 0; k < params.size(); ++k) QVERIFY(torch::equal(params[k], before[k]));
  QCOMPARE(s->optimizer().steps(), int64_t(0));
  StepOutcome good = s->step(x, 1.0, 1.0);
  QVERIFY(!good.skipped);
  QVERIFY(std::isfinite(good.elbo_sum.item<double>()));
  QVERIFY(!torch::equal(s->model().parameters()[0], before[0]));
}

void TstTrainer::rollbackKeepsTheUsersGateFreezes() {
  std::unique_ptr<TrainingSession> s;
  QVERIFY(TrainingSession::create(tinyConfig(), &s).ok);
  Checkpoint before = s->checkpoint(0, 0);  // all gates free
  auto weight0 = s->model().parameters()[0].detach().clone();
  auto x = s->data().train.images.narrow(0, 0, 32);
  QVERIFY(!s->step(x, 1.0, 1.0).skipped);
  s->model().gates()->freeze(1, 1.0);  // the user's decision after the checkpoint
  QVERIFY(s->restore(before, /*keep_gate_states=*/true).ok);
  QVERIFY(torch::equal(s->model().parameters()[0], weight0));  // weights rolled back
  QCOMPARE(int(s->model().gates()->frozenCodes()[1]), 1);      // the freeze kept
  QVERIFY(s->restore(before).ok);                              // resume semantics
  QCOMPARE(int(s->model().gates()->frozenCodes()[1]), -1);
}

void TstTrainer::divergenceGuardPolicy() {
  DivergenceGuard g(3, 2);
  using A = DivergenceGuard::Action;
  QCOMPARE(g.onStep(true), A::kContinue);
  QCOMPARE(g.onStep(false), A::kContinue);  // a good step resets the run
  QCOMPARE(g.onStep(true), A::kContinue);
  QCOMPARE(g.onStep(true), A::kContinue);
  QCOMPARE(g.onStep(true), A::kRollback);
  for (int k = 0; k < 2; ++k) g.onStep(true);
  QCOMPARE(g.onStep(true), A::kRollback);
  for (int k = 0; k < 2; ++k) g.onStep(true);
  QCOMPARE(g.onStep(true), A::kFail);
  QCOMPARE(g.skipped(), int64_t(10));
  g.newEpoch();
  QCOMPARE(g.skipped(), int64_t(0));
}

void TstTrainer::resumeContinuesLikeUninterrupted_data() {
  QTest::addColumn<QString>("model");
  QTest::newRow("graph") << QStringLiteral("graph");
  QTest::newRow("lstm") << QStringLiteral("lstm");
  QTest::newRow("graph-iaf") << QStringLiteral("graph-iaf");
  QTest::newRow("ggm-grid") << QStringLiteral("ggm-grid");
  QTest::newRow("recurrent-graph") << QStringLiteral("recurrent-graph");
}

void TstTrainer::resumeContinuesLikeUninterrupted() {
  QFETCH(QString, model);
  QTemporaryDir dir;
  RunConfig whole = tinyConfig(model.toStdString());
  whole.epochs = 4;
  whole.out_path = dir.filePath(QStringLiteral("whole.h5")).toStdString();
  QCOMPARE(trainToEnd(whole).latest.state, TrainerState::kFinished);
  RunConfig part = whole;
  part.epochs = 2;
  part.out_path = dir.filePath(QStringLiteral("part.h5")).toStdString();
  QCOMPARE(trainToEnd(part).latest.state, TrainerState::kFinished);
  part.epochs = 4;
  Collected resumed = trainToEnd(part, /*resume=*/true);
  QCOMPARE(resumed.latest.state, TrainerState::kFinished);
  QVERIFY(resumed.hasEvent("resume"));
  RunRecord ra, rb;
  QVERIFY(readRunFile(whole.out_path, &ra).ok);
  QVERIFY(readRunFile(part.out_path, &rb).ok);
  QCOMPARE(rb.epochs.size(), size_t(4));
  for (size_t e = 0; e < 4; ++e) {
    QCOMPARE(rb.epochs[e].valid_elbo, ra.epochs[e].valid_elbo);
    QCOMPARE(rb.epochs[e].train_elbo, ra.epochs[e].train_elbo);
    QCOMPARE(rb.epochs[e].gate_mu, ra.epochs[e].gate_mu);
  }
  QCOMPARE(rb.checkpoint->epoch, int64_t(4));
  QCOMPARE(rb.checkpoint->model.size(), ra.checkpoint->model.size());
  for (size_t k = 0; k < ra.checkpoint->model.size(); ++k)
    QCOMPARE(rb.checkpoint->model[k].values, ra.checkpoint->model[k].values);
}

void TstTrainer::gateCommandsReachTheRunningTrainer() {
  Trainer t(endlessConfig());
  Collected got;
  t.start();
  QTRY_VERIFY_WITH_TIMEOUT((got.take(t.mailbox()), got.steps.size() >= 2), 30000);
  t.freezeGate(2, 1, true);  // gates: 0 = (3,2), 1 = (2,1), 2 = (3,1)
  t.freezeGate(3, 1, false);
  QTRY_VERIFY_WITH_TIMEOUT(
      (got.take(t.mailbox()), got.latest.gate_frozen.size() == 3 &&
                                  got.latest.gate_frozen[1] == 1 && got.latest.gate_frozen[2] == 0),
      10000);
  QCOMPARE(got.latest.gate_mu[1], 1.0);
  t.unfreezeGate(2, 1);
  t.freezeGate(1, 3, true);  // not an edge: refused
  QTRY_VERIFY_WITH_TIMEOUT(
      (got.take(t.mailbox()), got.hasEvent("refused") && got.latest.gate_frozen[1] == -1), 10000);
  QVERIFY(got.hasEvent("freeze") && got.hasEvent("unfreeze"));
  t.requestStop();
  t.wait();

  Trainer ladder(tinyConfig("ladder"));
  Collected lg;
  ladder.start();
  ladder.freezeGate(3, 1, true);
  QTRY_VERIFY_WITH_TIMEOUT((lg.take(ladder.mailbox()), lg.hasEvent("refused")), 30000);
  ladder.requestStop();
}

void TstTrainer::gatesFreezeWhenConverged() {
  // Automatic: eps 0.499 counts every gate that moved off 0.5 as converged; patience 2 epochs.
  QTemporaryDir dir;
  RunConfig c = tinyConfig();
  c.epochs = 3;
  c.auto_freeze_eps = 0.499;
  c.auto_freeze_patience = 2;
  c.out_path = dir.filePath(QStringLiteral("auto.h5")).toStdString();
  Collected got = trainToEnd(c);
  QCOMPARE(got.latest.state, TrainerState::kFinished);
  for (int8_t code : got.epochs[0].gate_frozen) QCOMPARE(int(code), -1);  // patience not reached
  const EpochMetrics& second = got.epochs[1];
  int frozen = 0;
  for (size_t g = 0; g < second.gate_frozen.size(); ++g) {
    if (second.gate_frozen[g] < 0) continue;
    ++frozen;
    // Frozen to the value its mean was converging to.
    QCOMPARE(double(second.gate_frozen[g]), std::round(got.epochs[0].gate_mu[g]));
  }
  QVERIFY(frozen > 0);
  RunRecord rec;
  QVERIFY(readRunFile(c.out_path, &rec, false).ok);
  bool logged = false;
  for (const auto& e : rec.events)
    logged |= e.kind == "freeze" && e.message.find("auto") != std::string::npos;
  QVERIFY(logged);  // events reach the run file

  // Manual: freeze every converged gate of a running trainer at once. A tolerance nothing meets
  // says so instead of staying silent; one that every gate meets counts them.
  Trainer t(endlessConfig());
  Collected live;
  t.start();
  QTRY_VERIFY_WITH_TIMEOUT((live.take(t.mailbox()), live.steps.size() >= 2), 30000);
  auto said = [&live](const std::string& text) {
    for (const auto& e : live.events)
      if (e.kind == "freeze" && e.message.find(text) != std::string::npos) return true;
    return false;
  };
  t.freezeConverged(1e-9);
  QTRY_VERIFY_WITH_TIMEOUT((live.take(t.mailbox()), said("nothing frozen")), 10000);
  t.freezeConverged(0.4999);
  QTRY_VERIFY_WITH_TIMEOUT((live.take(t.mailbox()), said("3 converged gates")), 10000);
  QTRY_VERIFY_WITH_TIMEOUT((live.take(t.mailbox()),
                            !live.latest.gate_frozen.empty() && live.latest.gate_frozen[0] >= 0 &&
                                live.latest.gate_frozen[1] >= 0 && live.latest.gate_frozen[2] >= 0),
                           10000);
  t.requestStop();
}

void TstTrainer::klObjectiveSchedules() {
  RunConfig c = tinyConfig();  // graph: 10 warm-up epochs by default
  c.beta = 2.0;
  QCOMPARE(klWeight(0.0, c), 0.0);
  QCOMPARE(klWeight(5.0, c), 1.0);
  QCOMPARE(klWeight(30.0, c), 2.0);
  auto node_kl = torch::tensor({0.1, 2.0});
  QVERIFY(std::abs(klObjective(node_kl, 5.0, c).item<double>() - 1.0 * 2.1) < 1e-6);
  c.free_bits = 0.5;  // nodes below half a nat cost half a nat
  QVERIFY(std::abs(klObjective(node_kl, 5.0, c).item<double>() - 2.5) < 1e-6);
  c.free_bits = 0;
  c.capacity_max = 10;  // Burgess et al.: beta |KL - C|, C = 10 * progress / 20
  c.capacity_epochs = 20;
  QCOMPARE(klWeight(0.0, c), 2.0);  // the capacity replaces the warm-up ramp
  QVERIFY(std::abs(klObjective(node_kl, 10.0, c).item<double>() - 2.0 * 2.9) < 1e-6);
  QVERIFY(std::abs(klObjective(node_kl, 40.0, c).item<double>() - 2.0 * 7.9) < 1e-6);
  RunConfig iw = tinyConfig();
  iw.iw_train = 5;
  iw.free_bits = 1;
  QVERIFY(!iw.validate().ok);  // the IW bound has no KL term to free
}

void TstTrainer::importanceWeightedTraining() {
  RunConfig c = tinyConfig();
  c.iw_train = 5;
  c.epochs = 6;
  c.warmup_epochs = 0;
  Collected got = trainToEnd(c);
  QCOMPARE(got.latest.state, TrainerState::kFinished);
  QVERIFY2(got.epochs.back().valid_elbo > got.epochs.front().valid_elbo + 3,
           qPrintable(QStringLiteral("valid ELBO %1 -> %2")
                          .arg(got.epochs.front().valid_elbo)
                          .arg(got.epochs.back().valid_elbo)));
  QVERIFY(std::isfinite(got.epochs.back().train_elbo));  // the 5-sample bound
  QVERIFY(std::isnan(got.epochs.back().train_nll));      // not defined for the IW bound
}

void TstTrainer::deterministicForFixedSeed() {
  Collected a = trainToEnd(tinyConfig()), b = trainToEnd(tinyConfig());
  QCOMPARE(a.steps.size(), b.steps.size());
  for (size_t k = 0; k < a.steps.size(); ++k) QCOMPARE(a.steps[k].elbo, b.steps[k].elbo);
  QCOMPARE(a.epochs.back().valid_elbo, b.epochs.back().valid_elbo);
}

void TstTrainer::badConfigFails() {
  RunConfig c = tinyConfig();
  c.dataset = "mnist";
  c.data_dir = "/nonexistent/mnist";
  Trainer t(c);
  t.start();
  t.wait();
  QCOMPARE(t.state(), TrainerState::kFailed);
  QVERIFY2(t.errorMessage().find("/nonexistent/mnist") != std::string::npos,
           t.errorMessage().c_str());
  Collected got;
  got.take(t.mailbox());  // the failure is published too, for readers of the mailbox
  QCOMPARE(got.latest.state, TrainerState::kFailed);
  QCOMPARE(got.latest.message, t.errorMessage());
}

void TstTrainer::mailboxUnderTwoWriters() {
  Mailbox box;
  std::atomic<int> notifications{0};
  box.setNotifier([&] { ++notifications; });
  constexpr int kPerWriter = 20000;
  auto writer = [&](int id) {
    for (int k = 0; k < kPerWriter; ++k) {
      box.post(StepMetrics{k, id, double(k), 0, 0});
      if (k % 100 == 0) box.post(LiveStatus{});
    }
  };
  std::thread w1(writer, 1), w2(writer, 2);
  size_t total = 0;
  int drains = 0;
  std::vector<int64_t> last{-1, -1, -1};
  bool ordered = true;
  auto consume = [&] {
    MailboxContents c = box.drain();
    ++drains;
    for (const auto& s : c.steps) {
      ordered &= s.step > last[s.epoch];
      last[s.epoch] = s.step;
    }
    total += c.steps.size();
  };
  while (total < 2 * kPerWriter) consume();
  w1.join();
  w2.join();
  consume();
  QCOMPARE(total, size_t(2 * kPerWriter));  // none lost
  QVERIFY(ordered);                         // each writer's points arrive in order
  QVERIFY(notifications <= drains + 1);     // at most one notification per drain cycle
  QVERIFY(notifications >= 1);
}

// waitAndDrain sleeps until a post, not for its whole limit: a limit of two minutes that
// was not cut short would take the test past the bound below.
void TstTrainer::mailboxWaitWakesOnPost() {
  Mailbox box;
  QVERIFY(box.waitAndDrain(std::chrono::milliseconds(20)).empty());  // nothing: times out
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    box.post(StepMetrics{7, 1, 0, 0, 0});
  });
  QElapsedTimer clock;
  clock.start();
  MailboxContents got = box.waitAndDrain(std::chrono::minutes(2));
  writer.join();
  QVERIFY2(clock.elapsed() < 30000, "waitAndDrain did not wake on the post");
  QCOMPARE(got.steps.size(), size_t{1});
  QCOMPARE(got.steps[0].step, int64_t{7});
  QVERIFY(box.drain().empty());  // it took the post
}

// Trainer::follow: every step reaches `show` once and in order, a stop request ends the run,
// and the last batch shown carries the final state (the one test hasEnded says).
void TstTrainer::followShowsEverythingAndStops() {
  Trainer t(endlessConfig());
  t.start();
  std::vector<int64_t> steps;
  std::optional<LiveStatus> last;
  const TrainerState end = t.follow(
      [&](const MailboxContents& m) {
        for (const StepMetrics& s : m.steps) steps.push_back(s.step);
        if (m.latest) last = *m.latest;
      },
      [&] { return steps.size() >= 5; }, std::chrono::milliseconds(20));
  QCOMPARE(end, TrainerState::kStopped);
  QVERIFY(hasEnded(end) && !isActive(end));
  QVERIFY(last && last->state == TrainerState::kStopped);
  QVERIFY(steps.size() >= 5);
  for (size_t k = 1; k < steps.size(); ++k) QVERIFY(steps[k] > steps[k - 1]);
  QVERIFY(t.mailbox().drain().empty());  // nothing left behind
  for (TrainerState s : {TrainerState::kLoading, TrainerState::kRunning, TrainerState::kPaused})
    QVERIFY(isActive(s) && !hasEnded(s));
}

// A snapshot goes to its sink on the training thread, without a reader draining the mailbox.
void TstTrainer::snapshotsReachTheirSinkDirectly() {
  Trainer t(endlessConfig());
  std::mutex mutex;
  std::shared_ptr<const ModelSnapshot> got;
  std::thread::id on;
  t.setSnapshotSink([&](std::shared_ptr<const ModelSnapshot> s) {
    std::lock_guard<std::mutex> lock(mutex);
    got = std::move(s);
    on = std::this_thread::get_id();
  });
  const auto received = [&] {
    std::lock_guard<std::mutex> lock(mutex);
    return got != nullptr;
  };
  t.start();
  t.requestSnapshot();
  QTRY_VERIFY_WITH_TIMEOUT(received(), 30000);
  t.requestStop();
  t.wait();
  std::lock_guard<std::mutex> lock(mutex);
  QVERIFY(on != std::this_thread::get_id());
  QVERIFY(!got->weights.model.empty());
  QVERIFY(!got->config.empty());
}

QTEST_GUILESS_MAIN(TstTrainer)
#include "tst_trainer.moc"
