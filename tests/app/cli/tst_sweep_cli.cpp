// graphvae sweep as a user runs it: a grid on this machine two at once, a second call that
// skips, a stopped sweep resumed, the Slurm script and one task run by hand, --collect's tables
// and figure, and the usage errors.
#include <signal.h>

#include <QtTest/QtTest>

#include "core/eval/sweep.h"
#include "core/io/run_file.h"
#include "tests/cli_process.h"

using namespace gvae;

namespace {

using clitest::Result;
using clitest::run;

// Tiny runs: 400 sprites, 3 nodes of 2, small MLPs, one thread each.
QStringList trainOptions(int epochs) {
  return QStringLiteral(
             "--sprites-count 400 --batch 32 --encoder-hidden 32 --decoder-hidden 32 "
             "--head-hidden 8 --importance-n 0 --threads 1 --epochs %1")
      .arg(epochs)
      .split(QLatin1Char(' '));
}

const QString kGrid = QStringLiteral("model=vae,graph;nodes=2,4;nodes*node-dim=8");

QStringList sweep(const QString& dir, int epochs, const QStringList& extra = {}) {
  return QStringList{QStringLiteral("sweep"), QStringLiteral("--grid"), kGrid,
                     QStringLiteral("--out-dir"), dir}
         << extra << trainOptions(epochs);
}

std::vector<float> weights(const QString& path) {
  RunRecord r;
  if (!readRunFile(path.toStdString(), &r, true) || !r.checkpoint) return {};
  std::vector<float> all;
  for (const auto& a : r.checkpoint->model) all.insert(all.end(), a.values.begin(), a.values.end());
  return all;
}

}  // namespace

class TstSweepCli : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void gridTwoAtOnceThenSkips();
  void stoppedSweepResumes();
  void slurmScriptAndOneTaskByHand();
  void pointsStartFromTheirModelsDefaults();
  void collectWritesTablesAndFigure();
  void usageErrors_data();
  void usageErrors();

 private:
  QTemporaryDir dir_;
};

void TstSweepCli::gridTwoAtOnceThenSkips() {
  const QString out = dir_.filePath(QStringLiteral("grid"));
  Result r = run(sweep(out, 2, {QStringLiteral("--jobs"), QStringLiteral("2")}));
  QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
  QVERIFY2(r.out.contains(QStringLiteral("4 points in")) &&
               r.out.contains(QStringLiteral("4 to train")) &&
               r.out.contains(QStringLiteral("2 at once")),
           qPrintable(r.out));
  QCOMPARE(r.out.count(QStringLiteral(": finished in")), 4);
  for (const char* name : {"model=vae,nodes=2,node-dim=4", "model=vae,nodes=4,node-dim=2",
                           "model=graph,nodes=2,node-dim=4", "model=graph,nodes=4,node-dim=2"}) {
    RunRecord rec;
    const QString file = out + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".h5");
    QVERIFY2(readRunFile(file.toStdString(), &rec, false).ok, name);
    QCOMPARE(rec.epochs.size(), size_t{2});
    QVERIFY(QFile::exists(out + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".log")));
  }
  // --importance-n applies to graph only: dropped for the vae points, kept for the graph ones.
  RunRecord vae;
  QVERIFY(readRunFile((out + QStringLiteral("/model=vae,nodes=2,node-dim=4.h5")).toStdString(),
                      &vae, false)
              .ok);
  QCOMPARE(vae.configValue("model"), std::string("vae"));
  QCOMPARE(vae.configValue("node_dim"), std::string("4"));
  r = run(sweep(out, 2, {QStringLiteral("--jobs"), QStringLiteral("2")}));
  QCOMPARE(r.code, 0);
  QVERIFY2(r.out.contains(QStringLiteral("4 finished, 0 to resume, 0 to train")),
           qPrintable(r.out));
  QVERIFY(!r.out.contains(QStringLiteral("training")));
  // Another grid in the same folder is refused, naming the one it holds.
  r = run(QStringList{QStringLiteral("sweep"), QStringLiteral("--grid"), QStringLiteral("seed=1"),
                      QStringLiteral("--out-dir"), out});
  QCOMPARE(r.code, 2);
  QVERIFY2(r.err.contains(QStringLiteral("holds another sweep")), qPrintable(r.err));
}

// Ctrl-C (SIGINT to the sweep) stops its trainings, which keep their finished epochs; the same
// command resumes them.
void TstSweepCli::stoppedSweepResumes() {
  const QString out = dir_.filePath(QStringLiteral("stopped"));
  QProcess p;
  p.start(QStringLiteral(GRAPHVAE_CLI),
          sweep(out, 400, {QStringLiteral("--jobs"), QStringLiteral("2")}));
  QVERIFY(p.waitForStarted());
  // Wait until a run file holds an epoch.
  const QString first = out + QStringLiteral("/model=vae,nodes=2,node-dim=4.h5");
  QTRY_VERIFY_WITH_TIMEOUT(
      [&] {
        RunRecord r;
        return QFile::exists(first) && readRunFile(first.toStdString(), &r, false).ok &&
               !r.epochs.empty();
      }(),
      60000);
  ::kill(static_cast<pid_t>(p.processId()), SIGINT);
  QVERIFY(p.waitForFinished(60000));
  QCOMPARE(p.exitCode(), 130);
  QVERIFY(
      QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("run the same command")));
  RunRecord r;
  QVERIFY(readRunFile(first.toStdString(), &r, false).ok);
  const int64_t kept = r.epochs.back().epoch;
  QVERIFY(kept >= 1 && kept < 400);
  // The same command, with fewer epochs in mind, would be another sweep: the folder remembers.
  // Resumed runs continue from their last epoch (a grid of 400-epoch runs is then stopped again).
  p.start(QStringLiteral(GRAPHVAE_CLI),
          sweep(out, 400, {QStringLiteral("--jobs"), QStringLiteral("2")}));
  QVERIFY(p.waitForStarted());
  QString said;
  QTRY_VERIFY_WITH_TIMEOUT((said += QString::fromUtf8(p.readAllStandardOutput()),
                            said.contains(QStringLiteral("resuming from epoch"))),
                           60000);
  QVERIFY2(said.contains(QStringLiteral("to resume")), qPrintable(said));
  // It goes on from there: later epochs are added to the same file.
  QTRY_VERIFY_WITH_TIMEOUT(
      readRunFile(first.toStdString(), &r, false).ok && r.epochs.back().epoch > kept, 60000);
  ::kill(static_cast<pid_t>(p.processId()), SIGINT);
  QVERIFY(p.waitForFinished(60000));
  QVERIFY(readRunFile(first.toStdString(), &r, false).ok);
  QCOMPARE(r.epochs.front().epoch, int64_t{1});  // one history, not a new run
  bool resumed = false;
  for (const auto& e : r.events) resumed = resumed || e.kind == "resume";
  QVERIFY(resumed);
}

// The job array's script passes bash -n, has one task per point, and a task run by hand (the
// script itself, with SLURM_ARRAY_TASK_ID set) writes exactly the run file the local sweep does.
void TstSweepCli::slurmScriptAndOneTaskByHand() {
  const QString out = dir_.filePath(QStringLiteral("slurm"));
  Result r = run(sweep(out, 2,
                       {QStringLiteral("--slurm"), QStringLiteral("--sbatch-option"),
                        QStringLiteral("--time=00:10:00"), QStringLiteral("--sbatch-option"),
                        QStringLiteral("--cpus-per-task=1")}));
  QVERIFY2(r.code == 0, qPrintable(r.err));
  const QString script = out + QStringLiteral("/sweep.sbatch");
  QVERIFY2(r.out.contains(QStringLiteral("sbatch ")), qPrintable(r.out));
  QFile f(script);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QString text = QString::fromUtf8(f.readAll());
  QVERIFY2(text.contains(QStringLiteral("#SBATCH --array=0-3\n")), qPrintable(text));
  QVERIFY(text.contains(QStringLiteral("#SBATCH --time=00:10:00\n")));
  QVERIFY(text.contains(QStringLiteral("--task-index \"$SLURM_ARRAY_TASK_ID\"")));
  QProcess bash;
  bash.start(QStringLiteral("bash"), {QStringLiteral("-n"), script});
  QVERIFY(bash.waitForFinished());
  QCOMPARE(bash.exitCode(), 0);
  // Each index names its own point, in grid order.
  SweepGrid g;
  QVERIFY(parseSweepGrid(kGrid.toStdString(), &g).ok);
  const auto points = sweepPoints(g, nullptr);
  for (int k = 0; k < 4; ++k) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SLURM_ARRAY_TASK_ID"), QString::number(k));
    QProcess task;
    task.setProcessEnvironment(env);
    task.start(QStringLiteral("bash"), {script});
    QVERIFY(task.waitForFinished(120000));
    const QString said = QString::fromUtf8(task.readAllStandardOutput());
    QVERIFY2(task.exitCode() == 0, qPrintable(said + task.readAllStandardError()));
    QVERIFY2(said.startsWith(QStringLiteral("sweep task %1 of 4: %2 (missing)")
                                 .arg(k)
                                 .arg(QString::fromStdString(points[k].name))),
             qPrintable(said));
  }
  // The same files as the local sweep's (same settings, one thread each): bit for bit.
  const QString local = dir_.filePath(QStringLiteral("grid"));
  for (const auto& p : points) {
    const QString name = QString::fromStdString(p.name) + QStringLiteral(".h5");
    const auto a = weights(out + QLatin1Char('/') + name),
               b = weights(local + QLatin1Char('/') + name);
    QVERIFY(!a.empty());
    QVERIFY2(a == b, qPrintable(name));
  }
  // A finished task says so and does nothing; an index past the grid is refused.
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("SLURM_ARRAY_TASK_ID"), QStringLiteral("1"));
  QProcess again;
  again.setProcessEnvironment(env);
  again.start(QStringLiteral("bash"), {script});
  QVERIFY(again.waitForFinished(60000));
  QVERIFY(QString::fromUtf8(again.readAllStandardOutput()).contains(QStringLiteral("(finished)")));
  r = run(sweep(out, 2, {QStringLiteral("--task-index"), QStringLiteral("4")}));
  QCOMPARE(r.code, 2);
  QVERIFY(r.err.contains(QStringLiteral("the grid has 4 points")));
}

// A point of a model with its own defaults trains as `train --model` would (vgae: the embedded
// graph, one node of 16, its learning rate); the options given and the grid win over them, and
// nothing of one point's model leaks into another's.
void TstSweepCli::pointsStartFromTheirModelsDefaults() {
  const QString out = dir_.filePath(QStringLiteral("defaults"));
  for (const char* index : {"0", "1"}) {
    const Result r =
        run(QStringList{QStringLiteral("sweep"), QStringLiteral("--grid"),
                        QStringLiteral("model=vae,vgae;seed=3"), QStringLiteral("--out-dir"), out,
                        QStringLiteral("--task-index"), QLatin1String(index)}
            << trainOptions(1));
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
  }
  RunRecord vae, vgae;
  QVERIFY(
      readRunFile((out + QStringLiteral("/model=vae,seed=3.h5")).toStdString(), &vae, false).ok);
  QVERIFY(
      readRunFile((out + QStringLiteral("/model=vgae,seed=3.h5")).toStdString(), &vgae, false).ok);
  QCOMPARE(vgae.configValue("dataset"), std::string("sbm"));
  QCOMPARE(vgae.configValue("nodes"), std::string("1"));
  QCOMPARE(vgae.configValue("node_dim"), std::string("16"));
  QCOMPARE(vgae.configValue("lr"), std::string("0.01"));
  QCOMPARE(vgae.configValue("epochs"), std::string("1"));  // given: wins over vgae's 200
  QCOMPARE(vgae.configValue("batch"), std::string("32"));
  QCOMPARE(vgae.configValue("seed"), std::string("3"));
  QCOMPARE(vae.configValue("dataset"), std::string("sprites"));
  QCOMPARE(vae.configValue("nodes"), std::string("5"));
  QCOMPARE(vae.configValue("lr"), std::string("0.001"));
  QCOMPARE(vae.epochs.size(), size_t{1});
}

void TstSweepCli::collectWritesTablesAndFigure() {
  Result r = run({QStringLiteral("sweep"), QStringLiteral("--collect"), dir_.path()});
  QCOMPARE(r.code, 1);
  QVERIFY(r.err.contains(QStringLiteral("not a sweep folder (no sweep.json)")));
  const QString out = dir_.filePath(QStringLiteral("grid"));
  r = run({QStringLiteral("sweep"), QStringLiteral("--collect"), out});
  QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
  QVERIFY(r.out.contains(QStringLiteral("| model | nodes | node-dim | state |")));
  for (const char* file : {"sweep.md", "sweep.csv", "sweep.tex"})
    QVERIFY2(QFileInfo(out + QLatin1Char('/') + QLatin1String(file)).size() > 100, file);
  // The figure is drawn by the workbench beside the CLI; a build without it (the sanitizer
  // tree) says how to draw it instead.
  const QString studio =
      QFileInfo(QStringLiteral(GRAPHVAE_CLI)).dir().filePath(QStringLiteral("graphvae-studio"));
  if (!QFileInfo::exists(studio)) {
    QVERIFY2(r.out.contains(QStringLiteral("graphvae-studio --export-ablation")),
             qPrintable(r.out));
    return;
  }
  for (const char* file : {"ablation.png", "ablation.svg", "ablation.pdf"})
    QVERIFY2(QFileInfo(out + QLatin1Char('/') + QLatin1String(file)).size() > 100, file);
  QVERIFY(r.out.contains(QStringLiteral("best validation ELBO against N'")));
  QFile png(out + QStringLiteral("/ablation.png"));  // a PNG; its width from the IHDR chunk
  QVERIFY(png.open(QIODevice::ReadOnly));
  const QByteArray head = png.read(24);
  QVERIFY(head.startsWith("\x89PNG"));
  const int width =
      (uchar(head[16]) << 24) | (uchar(head[17]) << 16) | (uchar(head[18]) << 8) | uchar(head[19]);
  QVERIFY(width >= 600);
}

void TstSweepCli::usageErrors_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("said");
  QTest::newRow("no grid") << QStringList{QStringLiteral("--out-dir"), QStringLiteral("x")}
                           << "sweep needs --grid and --out-dir";
  QTest::newRow("out given") << QStringList{QStringLiteral("--grid"),    QStringLiteral("seed=1"),
                                            QStringLiteral("--out-dir"), QStringLiteral("x"),
                                            QStringLiteral("--out"),     QStringLiteral("a.h5")}
                             << "the sweep chooses each run's file";
  QTest::newRow("bad train option")
      << QStringList{QStringLiteral("--grid"),    QStringLiteral("seed=1"),
                     QStringLiteral("--out-dir"), QStringLiteral("x"),
                     QStringLiteral("--lr"),      QStringLiteral("-1")}
      << "--lr";
  QTest::newRow("grid value not applicable")
      << QStringList{QStringLiteral("--grid"), QStringLiteral("model=vae;edge-cost=0.1"),
                     QStringLiteral("--out-dir"), QStringLiteral("x")}
      << "edge-cost";
  QTest::newRow("bad jobs") << QStringList{QStringLiteral("--grid"),    QStringLiteral("seed=1"),
                                           QStringLiteral("--out-dir"), QStringLiteral("x"),
                                           QStringLiteral("--jobs"),    QStringLiteral("0")}
                            << "--jobs: bad value";
}

void TstSweepCli::usageErrors() {
  QFETCH(QStringList, args);
  QFETCH(QString, said);
  QTemporaryDir cwd;
  QProcess p;
  p.setWorkingDirectory(cwd.path());
  p.start(QStringLiteral(GRAPHVAE_CLI), QStringList{QStringLiteral("sweep")} << args);
  QVERIFY(p.waitForFinished(60000));
  QCOMPARE(p.exitCode(), 2);
  const QString err = QString::fromUtf8(p.readAllStandardError());
  QVERIFY2(err.contains(said), qPrintable(err));
  QVERIFY(!QDir(cwd.filePath(QStringLiteral("x"))).exists());  // nothing made before the check
}

QTEST_GUILESS_MAIN(TstSweepCli)
#include "tst_sweep_cli.moc"
