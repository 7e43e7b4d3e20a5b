// Tests of the graphvae CLI as a user runs it: exit codes, messages, JSON lines, resume, kill -9.
#include <signal.h>

#include <QJsonArray>
#include <QtTest/QtTest>

#include "core/eval/comparison_runner.h"
#include "core/eval/evaluator.h"
#include "core/io/run_file.h"
#include "tests/cli_process.h"
#include "tests/file_fixtures.h"

using namespace gvae;

namespace {

using clitest::Result;
using clitest::run;

// Settings of a run small enough for a test: 320 training sprites, a 3-node model, 1 thread.
QStringList tinySettings(int epochs) {
  return QStringLiteral(
             "--dataset sprites --sprites-count 400 --batch 32 --nodes 3 --node-dim 2 "
             "--threads 1 --epochs %1")
      .arg(epochs)
      .split(QLatin1Char(' '));
}

QStringList tinyTrain(const QString& out, int epochs) {
  return QStringList{QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral("graph"),
                     QStringLiteral("--out"), out}
         << tinySettings(epochs);
}

QList<QJsonObject> jsonLines(const QString& text) {
  QList<QJsonObject> objs;
  for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
    QJsonParseError e;
    auto doc = QJsonDocument::fromJson(line.toUtf8(), &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject()) {
      qWarning("not a JSON object: %s", qPrintable(line));
      return {};
    }
    objs.push_back(doc.object());
  }
  return objs;
}

}  // namespace

class TstCli : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void badUsage_data();
  void badUsage();
  void badFiles_data();
  void badFiles();
  void trainEvalResumeJson();
  void killedTrainingLeavesReadableFile();
  void compareWritesTablesAndResumes();
  void evaluationStopsWhenAsked();
  void comparisonStopsDuringEvaluation();
  void ctrlCStopsEval();
  void everyCommandAnswersHelp_data();
  void everyCommandAnswersHelp();
  void optionsThatDoNotApplyAreRefused();
  void structureReportsEveryEdge();
  void disentanglementIsScoredAndStored();
  void semiSupervisedRunReportsItsAccuracy();
  void graphAutoEncoderTrainsOnItsDefaultGraph();
  void telboReportsTheThreeCs();
  void inspectChecksAndSummarizes();

 private:
  // A copy of one tiny trained run (trained once, on first use) at `dir`/run.h5.
  QString trainedCopy(const QTemporaryDir& dir);
  QTemporaryDir trained_dir_;
  QString trained_;
};

void TstCli::badUsage_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("mentions");
  QTest::newRow("no command") << QStringList{} << QStringLiteral("Usage");
  QTest::newRow("unknown command") << QStringList{QStringLiteral("fly")} << QStringLiteral("fly");
  QTest::newRow("no --out") << QStringList{QStringLiteral("train")} << QStringLiteral("--out");
  QTest::newRow("bad model") << QStringList{QStringLiteral("train"), QStringLiteral("--model"),
                                            QStringLiteral("gan"), QStringLiteral("--out"),
                                            QStringLiteral("x.h5")}
                             << QStringLiteral("--model 'gan'");
  QTest::newRow("bad number") << QStringList{QStringLiteral("train"), QStringLiteral("--epochs"),
                                             QStringLiteral("ten"), QStringLiteral("--out"),
                                             QStringLiteral("x.h5")}
                              << QStringLiteral("--epochs");
  QTest::newRow("missing value") << QStringList{QStringLiteral("train"), QStringLiteral("--lr")}
                                 << QStringLiteral("--lr needs a value");
  QTest::newRow("unknown flag") << QStringList{QStringLiteral("eval"), QStringLiteral("r.h5"),
                                               QStringLiteral("--fast")}
                                << QStringLiteral("--fast");
  QTest::newRow("mnist without data")
      << QStringList{QStringLiteral("train"), QStringLiteral("--dataset"), QStringLiteral("mnist"),
                     QStringLiteral("--out"), QStringLiteral("x.h5")}
      << QStringLiteral("--data");
}

void TstCli::badUsage() {
  QFETCH(QStringList, args);
  QFETCH(QString, mentions);
  Result r = run(args);
  QCOMPARE(r.code, 2);
  QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
  if (!args.isEmpty()) QCOMPARE(r.err.count(QLatin1Char('\n')), 1);  // one line, no stack trace
}

void TstCli::badFiles_data() {
  QTest::addColumn<QString>("kind");
  QTest::newRow("missing run file") << QStringLiteral("missing");
  QTest::newRow("text file as run") << QStringLiteral("text");
  QTest::newRow("missing mnist folder") << QStringLiteral("mnist");
  QTest::newRow("resume missing") << QStringLiteral("resume");
}

void TstCli::badFiles() {
  QFETCH(QString, kind);
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("run.h5"));
  QStringList args;
  QString named = path;
  if (kind == QLatin1String("missing")) {
    args = {QStringLiteral("eval"), path};
  } else if (kind == QLatin1String("text")) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not HDF5\n");
    f.close();
    args = {QStringLiteral("eval"), path};
  } else if (kind == QLatin1String("mnist")) {
    named = dir.filePath(QStringLiteral("no-mnist-here"));
    args = {QStringLiteral("train"),
            QStringLiteral("--dataset"),
            QStringLiteral("mnist"),
            QStringLiteral("--data"),
            named,
            QStringLiteral("--epochs"),
            QStringLiteral("1"),
            QStringLiteral("--out"),
            path};
  } else {
    args = tinyTrain(path, 2);
    args << QStringLiteral("--resume");
  }
  Result r = run(args);
  QCOMPARE(r.code, 1);
  QVERIFY2(r.err.startsWith(QLatin1String("graphvae: ")) && r.err.contains(named),
           qPrintable(r.err));
  QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
}

void TstCli::trainEvalResumeJson() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("run.h5"));
  Result r = run(tinyTrain(path, 2) << QStringLiteral("--json"));
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QList<QJsonObject> lines = jsonLines(r.out);
  QList<QJsonObject> epochs;
  for (const auto& o : lines)
    if (o.value(QStringLiteral("event")).toString() == QLatin1String("epoch")) epochs.push_back(o);
  QCOMPARE(epochs.size(), 2);
  for (const char* key : {"epoch", "train_elbo", "valid_elbo", "valid_nll", "valid_kl", "seconds",
                          "samples_per_s", "grad_norm", "gates"})
    QVERIFY2(epochs[0].contains(QLatin1String(key)), key);
  QCOMPARE(epochs[1].value(QStringLiteral("gates")).toArray().size(), 3);
  QVERIFY(epochs[1].value(QStringLiteral("valid_auc")).isNull());  // not a graph model
  QVERIFY(epochs[1].value(QStringLiteral("valid_elbo")).toDouble() < 0);

  // An existing run is not overwritten by accident.
  Result again = run(tinyTrain(path, 2));
  QCOMPARE(again.code, 1);
  QVERIFY(again.err.contains(QStringLiteral("--resume")));

  Result ev =
      run({QStringLiteral("eval"), path, QStringLiteral("--iw-samples"), QStringLiteral("5"),
           QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--json")});
  QVERIFY2(ev.code == 0, qPrintable(ev.err));
  QList<QJsonObject> evl = jsonLines(ev.out);
  QCOMPARE(evl.size(), 1);
  for (const char* key : {"test_elbo", "test_nll", "test_kl", "test_ll", "iw_samples"})
    QVERIFY2(evl[0].contains(QLatin1String(key)), key);
  QCOMPARE(evl[0].value(QStringLiteral("iw_samples")).toInt(), 5);
  QVERIFY(evl[0].value(QStringLiteral("test_ll")).toDouble() >=
          evl[0].value(QStringLiteral("test_elbo")).toDouble() - 1.0);
  RunRecord rec;
  QVERIFY(readRunFile(path.toStdString(), &rec, false).ok);
  QVERIFY(rec.latent_stats.has_value());
  QCOMPARE(rec.latent_stats->dims, int64_t(6));

  Result res = run(tinyTrain(path, 3) << QStringLiteral("--resume") << QStringLiteral("--json"));
  QVERIFY2(res.code == 0, qPrintable(res.err));
  QList<QJsonObject> rl = jsonLines(res.out);
  int new_epochs = 0;
  for (const auto& o : rl)
    if (o.value(QStringLiteral("event")).toString() == QLatin1String("epoch")) {
      ++new_epochs;
      QCOMPARE(o.value(QStringLiteral("epoch")).toInt(), 3);
    }
  QCOMPARE(new_epochs, 1);  // --epochs is the total: only epoch 3 was missing
  QVERIFY(readRunFile(path.toStdString(), &rec, false).ok);
  QCOMPARE(rec.epochs.size(), size_t(3));
}

void TstCli::killedTrainingLeavesReadableFile() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("run.h5"));
  QProcess p;
  p.start(QStringLiteral(GRAPHVAE_CLI), tinyTrain(path, 500));
  QVERIFY(p.waitForStarted());
  RunRecord rec;
  QTRY_VERIFY_WITH_TIMEOUT(
      readRunFile(path.toStdString(), &rec, false).ok && rec.epochs.size() >= 2, 60000);
  QTest::qWait(150);  // land the kill somewhere inside a later epoch or write
  ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
  p.waitForFinished();
  Status st = readRunFile(path.toStdString(), &rec, true);
  QVERIFY2(st.ok, st.message.c_str());
  QVERIFY(rec.checkpoint.has_value());
  QCOMPARE(static_cast<int64_t>(rec.epochs.size()), rec.checkpoint->epoch);
  const int done = static_cast<int>(rec.epochs.size());
  Result res = run(tinyTrain(path, done + 1) << QStringLiteral("--resume"));
  QVERIFY2(res.code == 0, qPrintable(res.err));
  QVERIFY(readRunFile(path.toStdString(), &rec, false).ok);
  QCOMPARE(static_cast<int>(rec.epochs.size()), done + 1);
}

void TstCli::compareWritesTablesAndResumes() {
  QTemporaryDir dir;
  const QString out = dir.filePath(QStringLiteral("cmp/nested"));
  auto compare = [&](int epochs) {
    return run(QStringList{QStringLiteral("compare"), QStringLiteral("--out-dir"), out,
                           QStringLiteral("--models"), QStringLiteral("vae,graph"),
                           QStringLiteral("--iw-samples"), QStringLiteral("3")}
               << tinySettings(epochs));
  };
  Result r = compare(1);
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QFile csv(out + QStringLiteral("/results.csv"));
  QVERIFY(csv.open(QIODevice::ReadOnly));
  const QStringList lines =
      QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 3);
  QVERIFY(lines[0].startsWith(QLatin1String("model,epochs,test_elbo")));
  // The table holds what the evaluation stored in each run file.
  for (int row = 1; row <= 2; ++row) {
    const QStringList f = lines[row].split(QLatin1Char(','));
    RunRecord rec;
    QVERIFY(readRunFile((out + QLatin1Char('/') + f[0] + QStringLiteral(".h5")).toStdString(), &rec,
                        false)
                .ok);
    double stored = 0;
    for (const auto& [name, value] : rec.eval_results)
      if (name == "test_elbo") stored = value;
    QVERIFY(std::abs(f[2].toDouble() - stored) < 1e-5);
    QCOMPARE(f[1].toInt(), 1);
  }
  for (const char* name : {"/results.md", "/results.tex", "/curves.csv"})
    QVERIFY(QFile::exists(out + QLatin1String(name)));
  QFile tex(out + QStringLiteral("/results.tex"));
  QVERIFY(tex.open(QIODevice::ReadOnly) && tex.readAll().contains("\\begin{tabular}"));
  // A second call with a larger budget resumes each run instead of starting over.
  r = compare(2);
  QVERIFY2(r.code == 0, qPrintable(r.err));
  RunRecord rec;
  QVERIFY(readRunFile((out + QStringLiteral("/graph.h5")).toStdString(), &rec, false).ok);
  QCOMPARE(rec.epochs.size(), size_t(2));
  bool resumed = false;
  for (const auto& e : rec.events) resumed |= e.kind == "resume";
  QVERIFY(resumed);
  QFile curves(out + QStringLiteral("/curves.csv"));
  QVERIFY(curves.open(QIODevice::ReadOnly));
  QCOMPARE(QString::fromUtf8(curves.readAll()).count(QLatin1Char('\n')), 1 + 2 * 2);
}

namespace {
QByteArray fileBytes(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
}  // namespace

QString TstCli::trainedCopy(const QTemporaryDir& dir) {
  if (trained_.isEmpty()) {
    const QString path = trained_dir_.filePath(QStringLiteral("trained.h5"));
    Result r = run(tinyTrain(path, 1));
    if (r.code != 0) qWarning("training the shared run failed: %s", qPrintable(r.err));
    trained_ = path;
  }
  const QString copy = dir.filePath(QStringLiteral("run.h5"));
  QFile::copy(trained_, copy);
  return copy;
}

void TstCli::evaluationStopsWhenAsked() {
  QTemporaryDir dir;
  const QString path = trainedCopy(dir);
  QVERIFY(QFile::exists(path));
  const QByteArray before = fileBytes(path);
  EvalOptions o;
  o.iw_samples = 3;
  o.threads = 1;
  int polls = 0;
  o.should_stop = [&] { return ++polls >= 3; };  // inside the importance-weighted loop
  EvalReport report;
  Status st = evaluateRun(path.toStdString(), o, &report);
  QVERIFY2(st.ok, st.message.c_str());
  QVERIFY(report.stopped);
  QCOMPARE(polls, 3);
  QVERIFY(fileBytes(path) == before);    // nothing written
  o.should_stop = [] { return false; };  // never asked: the whole evaluation, stored
  std::vector<std::pair<int64_t, int64_t>> progress;
  o.progress = [&](int64_t done, int64_t total) { progress.emplace_back(done, total); };
  st = evaluateRun(path.toStdString(), o, &report);
  QVERIFY2(st.ok, st.message.c_str());
  QVERIFY(!report.stopped);
  // The log-likelihood comes with its standard error over the examples: positive, finite and
  // far smaller than the spread of single images' values.
  QVERIFY(std::isfinite(report.log_likelihood_se) && report.log_likelihood_se > 0);
  QVERIFY(report.log_likelihood_se < std::abs(report.log_likelihood));
  QVERIFY(!progress.empty());  // images done rise to the split's size
  for (size_t k = 1; k < progress.size(); ++k) QVERIFY(progress[k].first > progress[k - 1].first);
  QCOMPARE(progress.back(), std::make_pair(report.n, report.n));
  RunRecord rec;
  QVERIFY(readRunFile(path.toStdString(), &rec, false).ok);
  QVERIFY(!rec.eval_results.empty());
  bool stored = false;
  for (const auto& [name, value] : rec.eval_results)
    stored |= name == report.split + "_ll_se" && value == report.log_likelihood_se;
  QVERIFY(stored);
}

void TstCli::comparisonStopsDuringEvaluation() {
  QTemporaryDir dir;
  ComparisonPlan plan;
  plan.out_dir = dir.filePath(QStringLiteral("cmp")).toStdString();
  plan.models = {"vae", "graph"};
  plan.eval.iw_samples = 3;
  plan.eval.should_stop = [] { return true; };
  int trained = 0;
  auto train = [&](const RunConfig& c, bool) {
    ++trained;
    Result r = run(QStringList{QStringLiteral("train"), QStringLiteral("--model"),
                               QString::fromStdString(c.model), QStringLiteral("--out"),
                               QString::fromStdString(c.out_path)}
                   << tinySettings(1));
    return r.code == 0;
  };
  int evaluated = 0;
  bool stopped = false;
  Status st = runComparison(
      plan, train, [&](const ComparisonRow&, const EvalReport&, const RunRecord&) { ++evaluated; },
      &stopped);
  QVERIFY2(st.ok, st.message.c_str());
  QVERIFY(stopped);
  QCOMPARE(trained, 1);  // the first model trained and kept, its evaluation stopped, no second
  QCOMPARE(evaluated, 0);
  QVERIFY(QFile::exists(QString::fromStdString(plan.out_dir + "/vae.h5")));
  QVERIFY(!QFile::exists(QString::fromStdString(plan.out_dir + "/results.md")));
}

void TstCli::ctrlCStopsEval() {
  QTemporaryDir dir;
  const QString path = trainedCopy(dir);
  QVERIFY(QFile::exists(path));
  const QByteArray before = fileBytes(path);
  // K = 100,000 over the test images takes tens of seconds here; Ctrl-C after 3 s ends it
  // within one image.
  QProcess p;
  p.start(QStringLiteral(GRAPHVAE_CLI),
          {QStringLiteral("eval"), path, QStringLiteral("--iw-samples"), QStringLiteral("100000")});
  QVERIFY(p.waitForStarted());
  QTest::qWait(3000);
  QCOMPARE(p.state(), QProcess::Running);
  ::kill(static_cast<pid_t>(p.processId()), SIGINT);
  QVERIFY(p.waitForFinished(20000));
  QCOMPARE(p.exitStatus(), QProcess::NormalExit);
  QCOMPARE(p.exitCode(), 130);
  QVERIFY(p.readAllStandardError().contains("evaluation stopped"));
  QVERIFY(fileBytes(path) == before);
}

void TstCli::everyCommandAnswersHelp_data() {
  QTest::addColumn<QString>("command");
  QTest::addColumn<QStringList>("mentions");
  QTest::newRow("train") << QStringLiteral("train")
                         << QStringList{QStringLiteral("--edge-cost"),
                                        QStringLiteral("--warmup-epochs,--warmup"),
                                        QStringLiteral("recurrent-graph"),
                                        QStringLiteral("Gates options")};
  QTest::newRow("compare") << QStringLiteral("compare")
                           << QStringList{QStringLiteral("--models"),
                                          QStringLiteral("vae,ladder,fc,graph")};
  QTest::newRow("eval") << QStringLiteral("eval")
                        << QStringList{QStringLiteral("--gates"), QStringLiteral("--iw-samples")};
  QTest::newRow("inspect") << QStringLiteral("inspect")
                           << QStringList{QStringLiteral("--json"), QStringLiteral("child process"),
                                          QStringLiteral("--max-memory-mb")};
  QTest::newRow("launch") << QStringLiteral("launch")
                          << QStringList{QStringLiteral("--nprocs"),
                                         QStringLiteral("--sync-batch-norm"),
                                         QStringLiteral("WORLD_SIZE")};
  QTest::newRow("sweep") << QStringLiteral("sweep")
                         << QStringList{QStringLiteral("nodes*node-dim"), QStringLiteral("--slurm"),
                                        QStringLiteral("--task-index"),
                                        QStringLiteral("--collect")};
  QTest::newRow("structure") << QStringLiteral("structure")
                             << QStringList{QStringLiteral("--eval-n"),
                                            QStringLiteral("forced off")};
}

void TstCli::everyCommandAnswersHelp() {
  QFETCH(QString, command);
  QFETCH(QStringList, mentions);
  Result r = run({command, QStringLiteral("--help")});
  QCOMPARE(r.code, 0);
  QVERIFY(r.out.contains(QStringLiteral("Usage: graphvae ") + command));
  for (const QString& m : mentions) QVERIFY2(r.out.contains(m), qPrintable(m));
}

void TstCli::optionsThatDoNotApplyAreRefused() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("run.h5"));
  Result r =
      run({QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral("vae"),
           QStringLiteral("--edge-cost"), QStringLiteral("0.2"), QStringLiteral("--out"), path});
  QCOMPARE(r.code, 2);
  QVERIFY2(r.err.contains(QStringLiteral("--edge-cost")) &&
               r.err.contains(QStringLiteral("learned gates")),
           qPrintable(r.err));
  QVERIFY(!QFile::exists(path));
  r = run({QStringLiteral("train"), QStringLiteral("--gate-param"), QStringLiteral("sigmoid"),
           QStringLiteral("--out"), path});
  QCOMPARE(r.code, 2);
  QVERIFY2(r.err.contains(QStringLiteral("--gate-param 'sigmoid'")), qPrintable(r.err));
}

void TstCli::structureReportsEveryEdge() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("run.h5"));
  Result t = run(tinyTrain(path, 1) << QStringLiteral("--edge-cost") << QStringLiteral("0.1"));
  QVERIFY2(t.code == 0, qPrintable(t.err));
  Result r =
      run({QStringLiteral("structure"), path, QStringLiteral("--eval-n"), QStringLiteral("30"),
           QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--json")});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  QList<QJsonObject> lines = jsonLines(r.out);
  QCOMPARE(lines.size(), 1);
  const QJsonObject o = lines[0];
  QCOMPARE(o.value(QStringLiteral("event")).toString(), QStringLiteral("structure"));
  const QJsonArray edges = o.value(QStringLiteral("edges")).toArray();
  QCOMPARE(edges.size(), 3);
  for (const auto& e : edges)
    for (const char* key : {"from", "to", "mu", "frozen", "delta_elbo_relaxed",
                            "delta_elbo_sampled", "delta_elbo_relaxed_se"})
      QVERIFY2(e.toObject().contains(QLatin1String(key)), key);
  // Sprites have known factors: the alignment is judged (3 nodes cannot hold 5 factors), and
  // without an alignment there is no ground-truth score.
  const QJsonObject alignment = o.value(QStringLiteral("alignment")).toObject();
  QCOMPARE(alignment.value(QStringLiteral("factors")).toArray().size(), 5);
  QCOMPARE(alignment.value(QStringLiteral("r2")).toArray().size(), 3);
  QCOMPARE(alignment.value(QStringLiteral("holds")).toBool(), false);
  QVERIFY(alignment.value(QStringLiteral("verdict")).toString().contains(QStringLiteral("only 3")));
  QVERIFY(o.value(QStringLiteral("ground_truth")).isNull());
  RunRecord rec;
  QVERIFY(readRunFile(path.toStdString(), &rec, false).ok);
  QVERIFY(rec.structure.has_value());
  QCOMPARE(rec.structure->n, int64_t(30));
  // The text form is a table, one line per edge; a model without learned gates is refused.
  Result text = run({QStringLiteral("structure"), path, QStringLiteral("--eval-n"),
                     QStringLiteral("30"), QStringLiteral("--no-write")});
  QVERIFY(text.out.contains(QStringLiteral("z3 -> z2")));
  const QString fc = dir.filePath(QStringLiteral("fc.h5"));
  QStringList fc_args = tinyTrain(fc, 1);
  fc_args[2] = QStringLiteral("fc");
  QCOMPARE(run(fc_args).code, 0);
  Result refused = run({QStringLiteral("structure"), fc});
  QCOMPARE(refused.code, 1);
  QVERIFY2(refused.err.contains(QStringLiteral("no learned gates")), qPrintable(refused.err));
}

void TstCli::disentanglementIsScoredAndStored() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("run.h5"));
  Result t = run(tinyTrain(path, 1));
  QVERIFY2(t.code == 0, qPrintable(t.err));
  const QStringList eval = {QStringLiteral("eval"),         path,
                            QStringLiteral("--iw-samples"), QStringLiteral("2"),
                            QStringLiteral("--threads"),    QStringLiteral("1"),
                            QStringLiteral("--json")};
  Result r = run(QStringList(eval) << QStringLiteral("--disentanglement"));
  QVERIFY2(r.code == 0, qPrintable(r.err));
  const QList<QJsonObject> lines = jsonLines(r.out);
  QCOMPARE(lines.size(), 1);
  const QJsonObject o = lines[0];
  const QJsonObject dci = o.value(QStringLiteral("dci")).toObject();
  QCOMPARE(dci.size(), 3);
  const auto inUnitRange = [](const QJsonValue& v) {
    return v.isDouble() && v.toDouble() >= 0 && v.toDouble() <= 1;
  };
  for (const char* key : {"betavae", "mig"})
    QVERIFY2(inUnitRange(o.value(QLatin1String(key))), key);
  // FactorVAE is undefined (null) when no latent is active after one tiny epoch.
  const QJsonValue factorvae = o.value(QStringLiteral("factorvae"));
  QVERIFY(inUnitRange(factorvae) ||
          (factorvae.isNull() && o.value(QStringLiteral("active_latents")) == 0));
  for (const char* key : {"disentanglement", "completeness", "informativeness"})
    QVERIFY2(inUnitRange(dci.value(QLatin1String(key))), key);
  QCOMPARE(o.value(QStringLiteral("factors")).toArray().size(), 5);
  const QJsonArray mi = o.value(QStringLiteral("mutual_information")).toArray();
  QCOMPARE(mi.size(), 6);  // 3 nodes x 2 dimensions
  QCOMPARE(mi[0].toArray().size(), 5);

  // The file keeps the scores (in /eval) and the matrices; a plain evaluation replaces both.
  RunRecord rec;
  QVERIFY(readRunFile(path.toStdString(), &rec, false).ok);
  QVERIFY(rec.disentanglement.has_value());
  QCOMPARE(rec.disentanglement->betavae, o.value(QStringLiteral("betavae")).toDouble());
  QCOMPARE(rec.disentanglement->importance.size(), size_t(30));
  QCOMPARE(rec.disentanglement->factor_names.back(), std::string("y"));
  QCOMPARE(rec.evalResult("mig"), o.value(QStringLiteral("mig")).toDouble());
  QCOMPARE(run(eval).code, 0);
  QVERIFY(readRunFile(path.toStdString(), &rec, false).ok);
  QVERIFY(!rec.disentanglement.has_value());
  QVERIFY(std::isnan(rec.evalResult("mig")));

  // Data without known factors is refused, naming the file and the dataset.
  const QString strokes = dir.filePath(QStringLiteral("strokes.h5"));
  Result s =
      run({QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral("recurrent-graph"),
           QStringLiteral("--dataset"), QStringLiteral("strokes"),
           QStringLiteral("--strokes-count"), QStringLiteral("100"), QStringLiteral("--batch"),
           QStringLiteral("16"), QStringLiteral("--epochs"), QStringLiteral("1"),
           QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--out"), strokes});
  QVERIFY2(s.code == 0, qPrintable(s.err));
  Result refused = run({QStringLiteral("eval"), strokes, QStringLiteral("--iw-samples"),
                        QStringLiteral("2"), QStringLiteral("--disentanglement")});
  QCOMPARE(refused.code, 1);
  QVERIFY2(refused.err.contains(QStringLiteral("'strokes' has no known generative factors")) &&
               refused.err.contains(strokes),
           qPrintable(refused.err));
}

void TstCli::semiSupervisedRunReportsItsAccuracy() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("ss.h5"));
  QStringList train = tinyTrain(path, 1);
  train[2] = QStringLiteral("ssvae");
  Result t = run(QStringList(train) << QStringLiteral("--labels") << QStringLiteral("20"));
  QVERIFY2(t.code == 0, qPrintable(t.err));
  Result r = run({QStringLiteral("eval"), path, QStringLiteral("--iw-samples"), QStringLiteral("2"),
                  QStringLiteral("--json")});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  const QJsonObject o = jsonLines(r.out).value(0);
  const double accuracy = o.value(QStringLiteral("accuracy")).toDouble(-1);
  QVERIFY2(accuracy >= 0 && accuracy <= 1, qPrintable(r.out));
  // More labels than training examples, a class-less dataset, and --labels for another model
  // are refused with the reason.
  Result many = run(QStringList(train) << QStringLiteral("--labels") << QStringLiteral("5000")
                                       << QStringLiteral("--force"));
  QCOMPARE(many.code, 1);
  QVERIFY2(many.err.contains(QStringLiteral("--labels 5000")), qPrintable(many.err));
  Result strokes = run({QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral("ssvae"),
                        QStringLiteral("--dataset"), QStringLiteral("strokes"),
                        QStringLiteral("--out"), dir.filePath(QStringLiteral("x.h5"))});
  QCOMPARE(strokes.code, 2);
  Result other = run(tinyTrain(dir.filePath(QStringLiteral("g.h5")), 1)
                     << QStringLiteral("--labels") << QStringLiteral("20"));
  QCOMPARE(other.code, 2);
  QVERIFY2(other.err.contains(QStringLiteral("ssvae")), qPrintable(other.err));
}

// `train --model vgae` with no --dataset trains on the embedded graph with Kipf & Welling's
// settings (flags given still win); eval reports AUC / AP; graph and image data do not mix.
void TstCli::graphAutoEncoderTrainsOnItsDefaultGraph() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("v.h5"));
  Result t = run({QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral("vgae"),
                  QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--threads"),
                  QStringLiteral("1"), QStringLiteral("--lr"), QStringLiteral("0.02"),
                  QStringLiteral("--out"), path});
  QVERIFY2(t.code == 0, qPrintable(t.err));
  RunRecord rec;
  QVERIFY(readRunFile(path.toStdString(), &rec, false).ok);
  RunConfig c;
  QVERIFY(RunConfig::fromKeyValues(rec.config, &c).ok);
  QCOMPARE(c.dataset, std::string("sbm"));
  QCOMPARE(c.nodes * c.node_dim, int64_t(16));
  QCOMPARE(c.lr, 0.02);  // given on the command line: not the model's 0.01
  QCOMPARE(c.epochs, int64_t(3));
  // Every epoch measures link prediction on the validation edges, as eval does on them.
  QCOMPARE(rec.epochs.size(), size_t(3));
  for (const EpochMetrics& e : rec.epochs)
    QVERIFY2(e.valid_auc > 0 && e.valid_auc <= 1 && e.valid_ap > 0 && e.valid_ap <= 1,
             qPrintable(QStringLiteral("epoch %1: AUC %2 AP %3")
                            .arg(e.epoch)
                            .arg(e.valid_auc)
                            .arg(e.valid_ap)));
  QVERIFY2(t.out.contains(QStringLiteral("valid AUC")), qPrintable(t.out));
  Result valid = run({QStringLiteral("eval"), path, QStringLiteral("--split"),
                      QStringLiteral("valid"), QStringLiteral("--threads"), QStringLiteral("1"),
                      QStringLiteral("--no-write"), QStringLiteral("--json")});
  QVERIFY2(valid.code == 0, qPrintable(valid.err));
  const QJsonObject v = jsonLines(valid.out).value(0);
  QCOMPARE(v.value(QStringLiteral("auc")).toDouble(-1), rec.epochs.back().valid_auc);
  QCOMPARE(v.value(QStringLiteral("ap")).toDouble(-1), rec.epochs.back().valid_ap);
  Result r = run({QStringLiteral("eval"), path, QStringLiteral("--json")});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  const QJsonObject o = jsonLines(r.out).value(0);
  const double auc = o.value(QStringLiteral("auc")).toDouble(-1);
  const double ap = o.value(QStringLiteral("ap")).toDouble(-1);
  QVERIFY2(auc > 0.5 && auc <= 1 && ap > 0.5 && ap <= 1, qPrintable(r.out));
  QVERIFY(o.value(QStringLiteral("test_ll")).isNull());
  Result text = run({QStringLiteral("eval"), path});
  QVERIFY2(text.out.contains(QStringLiteral("AUC")), qPrintable(text.out));

  Result mixed = run({QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral("gae"),
                      QStringLiteral("--dataset"), QStringLiteral("sprites"),
                      QStringLiteral("--out"), dir.filePath(QStringLiteral("x.h5"))});
  QCOMPARE(mixed.code, 2);
  QVERIFY2(mixed.err.contains(QStringLiteral("trains on a graph")), qPrintable(mixed.err));
  Result images = run({QStringLiteral("train"), QStringLiteral("--dataset"), QStringLiteral("sbm"),
                       QStringLiteral("--out"), dir.filePath(QStringLiteral("x.h5"))});
  QCOMPARE(images.code, 2);
  QVERIFY2(images.err.contains(QStringLiteral("gae or vgae")), qPrintable(images.err));
  // Planetoid's pickles are refused, naming the folder and the files to bring instead.
  QVERIFY(writeFile(dir.filePath(QStringLiteral("ind.cora.x")), "\x80\x04"));
  Result pickles =
      run({QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral("gae"),
           QStringLiteral("--dataset"), QStringLiteral("cora"), QStringLiteral("--data-dir"),
           dir.path(), QStringLiteral("--out"), dir.filePath(QStringLiteral("c.h5"))});
  QCOMPARE(pickles.code, 1);
  QVERIFY2(pickles.err.contains(dir.path()) && pickles.err.contains(QStringLiteral("cora.content")),
           qPrintable(pickles.err));
}

// `train --model telbo` on the sprites; eval --json adds correctness, coverage and
// compositionality; a dataset without attributes is refused.
void TstCli::telboReportsTheThreeCs() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("t.h5"));
  QStringList train = tinyTrain(path, 1);
  train[2] = QStringLiteral("telbo");
  Result t = run(train);
  QVERIFY2(t.code == 0, qPrintable(t.err));
  Result r = run({QStringLiteral("eval"), path, QStringLiteral("--iw-samples"), QStringLiteral("2"),
                  QStringLiteral("--json")});
  QVERIFY2(r.code == 0, qPrintable(r.err));
  const QJsonObject o = jsonLines(r.out).value(0);
  for (const char* key : {"correctness", "coverage", "compositionality"}) {
    const double v = o.value(QLatin1String(key)).toDouble(-1);
    QVERIFY2(v >= 0 && v <= 1, qPrintable(r.out));
  }
  QCOMPARE(o.value(QStringLiteral("queries")).toObject().value(QStringLiteral("held_out")).toInt(),
           32);
  QCOMPARE(o.value(QStringLiteral("judge_accuracy")).toArray().size(), 5);
  Result mnist =
      run({QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral("telbo"),
           QStringLiteral("--dataset"), QStringLiteral("mnist"), QStringLiteral("--data-dir"),
           dir.path(), QStringLiteral("--out"), dir.filePath(QStringLiteral("m.h5"))});
  QCOMPARE(mnist.code, 2);
  QVERIFY2(mnist.err.contains(QStringLiteral("needs attributes")), qPrintable(mnist.err));
}

void TstCli::inspectChecksAndSummarizes() {
  QTemporaryDir dir;
  const QString path = trainedCopy(dir);
  // A file this build wrote: digest valid, read here, no child.
  Result r = run({QStringLiteral("inspect"), path, QStringLiteral("--json")});
  QCOMPARE(r.code, 0);
  QList<QJsonObject> out = jsonLines(r.out);
  QCOMPARE(out.size(), 1);
  QCOMPARE(out[0][QStringLiteral("ok")].toBool(), true);
  QCOMPARE(out[0][QStringLiteral("digest")].toString(), QStringLiteral("valid"));
  QCOMPARE(out[0][QStringLiteral("inspected_in_child")].toBool(), false);
  QCOMPARE(out[0][QStringLiteral("schema_version")].toInt(), 2);
  QCOMPARE(out[0][QStringLiteral("epochs")].toInt(), 1);
  QCOMPARE(out[0][QStringLiteral("config")].toObject()[QStringLiteral("model")].toString(),
           QStringLiteral("graph"));
  QVERIFY(out[0][QStringLiteral("checkpoint")].toObject()[QStringLiteral("arrays")].toInt() > 0);
  // A schema-1 file: checked in a child first, then summarized.
  r = run({QStringLiteral("inspect"), QStringLiteral(GRAPHVAE_TEST_DATA "/run_schema1.h5"),
           QStringLiteral("--json")});
  QCOMPARE(r.code, 0);
  out = jsonLines(r.out);
  QCOMPARE(out.size(), 1);
  QCOMPARE(out[0][QStringLiteral("digest")].toString(), QStringLiteral("none"));
  QCOMPARE(out[0][QStringLiteral("inspected_in_child")].toBool(), true);
  // A damaged copy: refused with the reason, on stderr and (with --json) as JSON.
  {
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.seek(f.size() / 2));
    QVERIFY(f.write("\x01\x02\x03", 3) == 3);
  }
  r = run({QStringLiteral("inspect"), path, QStringLiteral("--json")});
  QCOMPARE(r.code, 1);
  out = jsonLines(r.out);
  QCOMPARE(out.size(), 1);
  QCOMPARE(out[0][QStringLiteral("ok")].toBool(), false);
  QVERIFY2(
      out[0][QStringLiteral("error")].toString().contains(QStringLiteral("file digest mismatch")),
      qPrintable(r.out));
  QVERIFY2(r.err.contains(path) && r.err.contains(QStringLiteral("file digest mismatch")),
           qPrintable(r.err));
#ifndef GRAPHVAE_SANITIZER  // (sanitizer builds set no data limit: their shadow memory)
  // The child's memory limit holds: 1 MB is too little for the fixture, 64 MB enough.
  const QString fixture = QStringLiteral(GRAPHVAE_TEST_DATA "/run_schema1.h5");
  r = run({QStringLiteral("inspect"), fixture, QStringLiteral("--in-process"),
           QStringLiteral("--max-memory-mb"), QStringLiteral("1")});
  QCOMPARE(r.code, 1);
  // (std::bad_alloc in our code, or HDF5's own allocation failing, by where the budget ends)
  QVERIFY2(r.err.contains(fixture) &&
               (r.err.contains(QStringLiteral("needs more than 1 MB of memory")) ||
                r.err.contains(QStringLiteral("cannot hold the file in memory"))),
           qPrintable(r.err));
  r = run({QStringLiteral("inspect"), fixture, QStringLiteral("--in-process"),
           QStringLiteral("--max-memory-mb"), QStringLiteral("64")});
  QCOMPARE(r.code, 0);
#endif
  // The human summary names the file and its digest.
  r = run({QStringLiteral("inspect"), QStringLiteral(GRAPHVAE_TEST_DATA "/run_schema1.h5")});
  QCOMPARE(r.code, 0);
  QVERIFY2(r.out.contains(QStringLiteral("schema 1")) && r.out.contains(QStringLiteral("sha256 ")),
           qPrintable(r.out));
}

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
