// Data-parallel training as a user runs it: `graphvae launch` against one process with the
// same global batch, a rank killed or hung, a 2-rank run resumed on 1.
#include <signal.h>

#include <QtTest/QtTest>
#include <cmath>
#include <cstring>

#include "app/cli/processes.h"
#include "core/io/run_file.h"
#include "tests/cli_process.h"

using namespace gvae;

namespace {

// 2,500 embedded sprites: 2,000 training images, 20 steps of a global batch of 100.
QStringList settings(int epochs) {
  return QStringLiteral(
             "--model graph --dataset sprites --sprites-count 2500 --nodes 3 --node-dim 2 "
             "--encoder-hidden 64,32 --decoder-hidden 32,64 --head-hidden 16 --threads 1 "
             "--importance-n 0 --epochs %1")
      .arg(epochs)
      .split(QLatin1Char(' '));
}

using clitest::Result;
using clitest::run;

const NamedArray* find(const Checkpoint& c, const std::string& name) {
  for (const auto& a : c.model)
    if (a.name == name) return &a;
  return nullptr;
}

// "encoder.3.bias": the bias of a Linear of the MLP stacks (Linear, BatchNorm, ELU, ...).
bool feedsBatchNorm(const std::string& name) {
  for (const char* stack : {"encoder.", "decoder."}) {
    if (name.rfind(stack, 0) != 0) continue;
    const std::string rest = name.substr(std::strlen(stack));
    const size_t dot = rest.find('.');
    if (dot == std::string::npos || rest.substr(dot) != ".bias") return false;
    return std::stoi(rest.substr(0, dot)) % 3 == 0;
  }
  return false;
}

// One rank of a 2-rank group started by hand, as torchrun would.
std::unique_ptr<QProcess> startRank(int rank, int port, const QStringList& args,
                                    const QString& timeout = {}) {
  auto p = std::make_unique<QProcess>();
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
  env.insert(QStringLiteral("RANK"), QString::number(rank));
  env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
  env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
  if (!timeout.isEmpty()) env.insert(QStringLiteral("GRAPHVAE_DIST_TIMEOUT"), timeout);
  p->setProcessEnvironment(env);
  p->start(QStringLiteral(GRAPHVAE_CLI), args);
  return p;
}

}  // namespace

class TstDistributed : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void twoRanksEqualOneProcessWithTheGlobalBatch();
  void resumeFromTwoRanksOnOne();
  void aDeadRankEndsTheOther_data();
  void aDeadRankEndsTheOther();
  void launchReportsAFailedRank();
  void launchUsage();

 private:
  QTemporaryDir dir_;
};

// After 20 steps, every weight of 2 ranks x 50 equals that of one process x 100 (same seed,
// same data order, the same noise per example, batch norms over the global batch).
void TstDistributed::twoRanksEqualOneProcessWithTheGlobalBatch() {
  const QString two = dir_.filePath(QStringLiteral("two.h5"));
  const QString one = dir_.filePath(QStringLiteral("one.h5"));
  Result r = run(QStringList{QStringLiteral("launch"), QStringLiteral("--nprocs"),
                             QStringLiteral("2"), QStringLiteral("--sync-batch-norm"),
                             QStringLiteral("--"), QStringLiteral("train"), QStringLiteral("--out"),
                             two, QStringLiteral("--batch"), QStringLiteral("50")}
                 << settings(1));
  QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
  QVERIFY2(r.out.contains(QStringLiteral("global batch 100 = 2 x 50; batch norms over the "
                                         "global batch")),
           qPrintable(r.out));
  // Only rank 0 reports: one epoch line, not two.
  QCOMPARE(r.out.count(QStringLiteral("epoch   1")), 1);
  r = run(QStringList{QStringLiteral("train"), QStringLiteral("--out"), one,
                      QStringLiteral("--batch"), QStringLiteral("100")}
          << settings(1));
  QVERIFY2(r.code == 0, qPrintable(r.err));
  RunRecord a, b;
  QVERIFY(readRunFile(two.toStdString(), &a, true).ok);
  QVERIFY(readRunFile(one.toStdString(), &b, true).ok);
  QCOMPARE(a.checkpoint->step, int64_t{20});
  QCOMPARE(b.checkpoint->step, int64_t{20});
  double worst = 0, loose = 0;
  std::string worst_name;
  int compared = 0;
  for (const auto& x : b.checkpoint->model) {
    const NamedArray* y = find(*a.checkpoint, x.name);
    QVERIFY2(y, x.name.c_str());
    QCOMPARE(y->shape, x.shape);
    if (x.values.empty()) continue;
    // The bias of a layer that feeds a batch norm has no effect and a gradient of 0 up to
    // rounding, which Adam turns into steps of up to lr either way; the running mean after it
    // carries that bias. Both can only be held to lr x steps.
    if (feedsBatchNorm(x.name) || x.name.find("running_mean") != std::string::npos) {
      for (size_t k = 0; k < x.values.size(); ++k)
        loose = std::max(loose, double(std::abs(x.values[k] - y->values[k])));
      continue;
    }
    for (size_t k = 0; k < x.values.size(); ++k) {
      const double d = std::abs(x.values[k] - y->values[k]) / (1.0 + std::abs(x.values[k]));
      if (d > worst) {
        worst = d;
        worst_name = x.name;
      }
    }
    ++compared;
  }
  QVERIFY(compared > 10);
  qInfo("largest relative difference after 20 steps: %.3g (%s)", worst, worst_name.c_str());
  QVERIFY2(worst < 1e-4, worst_name.c_str());
  qInfo("largest difference of the biases before batch norms and running means: %.3g", loose);
  QVERIFY(loose <= 20 * 1e-3);
  // The training curves agree too (the same examples, the same noise).
  QCOMPARE(a.epochs.size(), b.epochs.size());
  QVERIFY(std::abs(a.epochs[0].train_elbo - b.epochs[0].train_elbo) < 1e-2);
}

// The checkpoint of 2 ranks continues in one process (a global batch of its own).
void TstDistributed::resumeFromTwoRanksOnOne() {
  const QString two = dir_.filePath(QStringLiteral("two.h5"));
  QVERIFY(QFile::exists(two));
  Result r = run(
      QStringList{QStringLiteral("train"), QStringLiteral("--out"), two, QStringLiteral("--resume")}
      << settings(2));
  QVERIFY2(r.code == 0, qPrintable(r.err));
  RunRecord rec;
  QVERIFY(readRunFile(two.toStdString(), &rec, true).ok);
  QCOMPARE(rec.epochs.size(), size_t{2});
  QCOMPARE(rec.checkpoint->step, int64_t{60});  // 20 steps of 100, then 40 of 50
  bool distributed = false, resumed = false;
  for (const auto& e : rec.events) {
    distributed = distributed || e.kind == "distributed";
    resumed = resumed || e.kind == "resume";
  }
  QVERIFY(distributed && resumed);
}

void TstDistributed::aDeadRankEndsTheOther_data() {
  QTest::addColumn<int>("signal");
  QTest::newRow("killed") << int(SIGKILL);
  QTest::newRow("hung") << int(SIGSTOP);
}

// Rank 1 is killed (its sockets close) or stopped (silent: the collective's timeout, 5 s here):
// rank 0 ends with a message naming rank 1, and its file keeps the last finished epoch.
void TstDistributed::aDeadRankEndsTheOther() {
  QFETCH(int, signal);
  const QString out = dir_.filePath(QStringLiteral("dead%1.h5").arg(signal));
  const int port = gvae::cli::freeLoopbackPort();
  const QStringList args =
      QStringList{QStringLiteral("train"),   QStringLiteral("--out"), out,
                  QStringLiteral("--batch"), QStringLiteral("50"),    QStringLiteral("--json")}
      << settings(500);
  auto r0 = startRank(0, port, args, QStringLiteral("5"));
  auto r1 = startRank(1, port, args, QStringLiteral("5"));
  // Wait for rank 0's first finished epoch.
  QString seen;
  QTRY_VERIFY_WITH_TIMEOUT((seen += QString::fromUtf8(r0->readAllStandardOutput()),
                            seen.contains(QStringLiteral("\"valid_elbo\""))),
                           60000);
  const auto t0 = std::chrono::steady_clock::now();
  ::kill(static_cast<pid_t>(r1->processId()), signal);
  QVERIFY(r0->waitForFinished(60000));
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const QString err = QString::fromUtf8(r0->readAllStandardError());
  QCOMPARE(r0->exitCode(), 1);
  QVERIFY2(
      err.contains(QStringLiteral("rank 1")) && err.contains(QStringLiteral("stopped answering")),
      qPrintable(err));
  qInfo("rank 0 ended %.1f s after rank 1 got signal %d", waited, signal);
  QVERIFY(waited < 30);
  if (signal == SIGSTOP) ::kill(static_cast<pid_t>(r1->processId()), SIGKILL);
  r1->waitForFinished(10000);
  RunRecord rec;
  QVERIFY(readRunFile(out.toStdString(), &rec, true).ok);
  QVERIFY(rec.checkpoint->epoch >= 1);
  QCOMPARE(rec.events.back().kind, std::string("error"));
}

// launch names the rank that failed and exits with its status.
void TstDistributed::launchReportsAFailedRank() {
  // A rank that cannot start its training: a resume of a file that does not exist.
  Result r = run(QStringList{QStringLiteral("launch"), QStringLiteral("--nprocs"),
                             QStringLiteral("2"), QStringLiteral("--timeout"), QStringLiteral("5"),
                             QStringLiteral("--"), QStringLiteral("train"), QStringLiteral("--out"),
                             dir_.filePath(QStringLiteral("none.h5")), QStringLiteral("--resume")}
                 << settings(1));
  QCOMPARE(r.code, 1);
  QVERIFY2(r.err.contains(QStringLiteral("no such run file to resume")), qPrintable(r.err));
  QVERIFY2(r.err.contains(QStringLiteral("graphvae launch: rank 0 (pid")), qPrintable(r.err));
  QVERIFY(r.err.contains(QStringLiteral("exited with status 1")));
}

void TstDistributed::launchUsage() {
  Result r = run({QStringLiteral("launch"), QStringLiteral("--nprocs"), QStringLiteral("2")});
  QCOMPARE(r.code, 2);
  QVERIFY(r.err.contains(QStringLiteral("launch needs the command after --")));
  r = run({QStringLiteral("launch"), QStringLiteral("--nprocs"), QStringLiteral("2"),
           QStringLiteral("--"), QStringLiteral("eval"), QStringLiteral("x.h5")});
  QCOMPARE(r.code, 2);
  QVERIFY(r.err.contains(QStringLiteral("launch runs `train` only")));
  r = run({QStringLiteral("launch"), QStringLiteral("--help")});
  QCOMPARE(r.code, 0);
  QVERIFY(r.out.contains(QStringLiteral("--nprocs")));
}

QTEST_GUILESS_MAIN(TstDistributed)
#include "tst_distributed.moc"
