// Sweeps without training: grids and their errors, ties, the order and names of points, the
// manifest, the states of run files, the tables and the ablation series (constructed files).
#include <QtTest/QtTest>
#include <cmath>

#include "core/eval/sweep.h"
#include "core/io/run_file.h"

using namespace gvae;

namespace {

std::vector<std::string> names(const std::vector<SweepPoint>& points) {
  std::vector<std::string> out;
  for (const auto& p : points) out.push_back(p.name);
  return out;
}

// A run file of `epochs_done` epochs (of `epochs`) whose validation ELBO is `elbo` at the last.
void writeRun(const std::string& path, const std::string& model, int nodes, int dim,
              int epochs_done, int epochs, double elbo, double test_ll = std::nan("")) {
  RunRecord r;
  r.config = {{"model", model},
              {"nodes", std::to_string(nodes)},
              {"node_dim", std::to_string(dim)},
              {"epochs", std::to_string(epochs)}};
  for (int e = 1; e <= epochs_done; ++e) {
    EpochMetrics m;
    m.epoch = e;
    m.valid_elbo = elbo - (epochs_done - e);  // improving: the last is the best
    r.epochs.push_back(m);
  }
  if (std::isfinite(test_ll)) r.eval_results = {{"test_ll", test_ll}};
  QVERIFY(writeRunFile(path, r).ok);
}

}  // namespace

class TstSweep : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void pointsInGridOrder();
  void tiesDeriveTheSecondKey();
  void badGridsAreNamed_data();
  void badGridsAreNamed();
  void pointsSetTheConfig();
  void manifestRoundTripAndDamage();
  void collectStatesTablesAndAblation();
};

void TstSweep::pointsInGridOrder() {
  SweepGrid g;
  QVERIFY(parseSweepGrid("model=vae,graph; nodes=2,4 ;seed=1,2,3", &g).ok);
  std::vector<std::string> skipped;
  const auto points = sweepPoints(g, &skipped);
  QCOMPARE(points.size(), size_t{12});
  QVERIFY(skipped.empty());
  // The last axis fastest; the index is the position (what a job array's task index names).
  QCOMPARE(points[0].name, std::string("model=vae,nodes=2,seed=1"));
  QCOMPARE(points[1].name, std::string("model=vae,nodes=2,seed=2"));
  QCOMPARE(points[3].name, std::string("model=vae,nodes=4,seed=1"));
  QCOMPARE(points[11].name, std::string("model=graph,nodes=4,seed=3"));
  for (size_t k = 0; k < points.size(); ++k) QCOMPARE(points[k].index, int64_t(k));
  auto n = names(points);
  std::sort(n.begin(), n.end());
  QVERIFY(std::unique(n.begin(), n.end()) == n.end());  // one file per point
  // Run-file keys and flags name the same option.
  SweepGrid h;
  QVERIFY(parseSweepGrid("node_dim=3;edge-cost=0.1", &h).ok);
  QCOMPARE(sweepPoints(h, nullptr)[0].name, std::string("node-dim=3,edge-cost=0.1"));
}

void TstSweep::tiesDeriveTheSecondKey() {
  SweepGrid g;
  QVERIFY(parseSweepGrid("nodes=2,3,4,5;nodes*node-dim=40,80", &g).ok);
  std::vector<std::string> skipped;
  const auto points = sweepPoints(g, &skipped);
  // 3 divides neither 40 nor 80: two combinations are left out and said.
  QCOMPARE(points.size(), size_t{6});
  QCOMPARE(skipped.size(), size_t{2});
  QVERIFY(skipped[0].find("nodes=3") != std::string::npos);
  QCOMPARE(points[0].name, std::string("nodes=2,node-dim=20"));
  QCOMPARE(points[1].name, std::string("nodes=2,node-dim=40"));
  QCOMPARE(points[5].name, std::string("nodes=5,node-dim=16"));
  for (const auto& p : points) {
    RunConfig c;
    QVERIFY(applySweepPoint(p, &c).ok);
    QVERIFY(c.nodes * c.node_dim == 40 || c.nodes * c.node_dim == 80);
  }
}

void TstSweep::badGridsAreNamed_data() {
  QTest::addColumn<QString>("grid");
  QTest::addColumn<QString>("named");
  QTest::newRow("unknown option") << "modle=vae"
                                  << "'modle' is not a training option";
  QTest::newRow("no equals") << "model"
                             << "is not KEY=V1,V2";
  QTest::newRow("empty value") << "seed=1,,2"
                               << "empty value";
  QTest::newRow("bad value") << "model=vea"
                             << "model=vea is not valid";
  QTest::newRow("out of range") << "nodes=0"
                                << "nodes=0 is not valid";
  QTest::newRow("twice") << "seed=1;seed=2"
                         << "seed is set by two axes";
  QTest::newRow("tie without axis") << "nodes*node-dim=80"
                                    << "needs an axis of its own for nodes";
  QTest::newRow("tie of reals") << "nodes=2;nodes*lr=1"
                                << "whole-number options";
  QTest::newRow("tie value") << "nodes=2;nodes*node-dim=x"
                             << "positive whole numbers";
  QTest::newRow("tie sets a set key") << "nodes=2;node-dim=3;nodes*node-dim=8"
                                      << "two axes";
  QTest::newRow("nothing") << " ; "
                           << "no axis";
}

void TstSweep::badGridsAreNamed() {
  QFETCH(QString, grid);
  QFETCH(QString, named);
  SweepGrid g;
  const Status st = parseSweepGrid(grid.toStdString(), &g);
  QVERIFY(!st.ok);
  QVERIFY2(st.message.find(named.toStdString()) != std::string::npos, st.message.c_str());
}

void TstSweep::pointsSetTheConfig() {
  SweepGrid g;
  QVERIFY(parseSweepGrid("model=graph-iaf;nodes=4;nodes*node-dim=12;beta=4", &g).ok);
  RunConfig c;
  QVERIFY(applySweepPoint(sweepPoints(g, nullptr).at(0), &c).ok);
  QCOMPARE(c.model, std::string("graph-iaf"));
  QCOMPARE(c.nodes, int64_t{4});
  QCOMPARE(c.node_dim, int64_t{3});
  QCOMPARE(c.beta, 4.0);
}

void TstSweep::manifestRoundTripAndDamage() {
  QTemporaryDir dir;
  const std::string d = dir.path().toStdString();
  SweepManifest m;
  QVERIFY(!readSweepManifest(d, &m).ok);  // not a sweep folder
  SweepManifest w{"model=vae;seed=1,2", {"--epochs", "3", "--data-dir", "a b"}, 100};
  QVERIFY(writeSweepManifest(d, w).ok);
  QVERIFY(readSweepManifest(d, &m).ok);
  QCOMPARE(m.grid, w.grid);
  QVERIFY(m.train_args == w.train_args);
  QCOMPARE(m.eval_iw_samples, int64_t{100});
  QFile f(dir.filePath(QStringLiteral("sweep.json")));
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write("{\"format\": \"graphvae-sweep 1\", \"grid\": ");
  f.close();
  const Status st = readSweepManifest(d, &m);
  QVERIFY(!st.ok);
  QVERIFY2(st.message.find("damaged sweep manifest") != std::string::npos, st.message.c_str());
}

// A folder with finished, unfinished, missing and unreadable points: states, tables (md, csv,
// tex), and the ablation: one series per (model, M), means and ranges over the seeds.
void TstSweep::collectStatesTablesAndAblation() {
  QTemporaryDir dir;
  const std::string d = dir.path().toStdString();
  const std::string grid = "model=graph;nodes=2,4;nodes*node-dim=8;seed=1,2";
  QVERIFY(writeSweepManifest(d, {grid, {"--epochs", "3"}, 0}).ok);
  // Points: nodes=2 (N'=4) seeds 1, 2; nodes=4 (N'=2) seeds 1, 2.
  writeRun(d + "/model=graph,nodes=2,node-dim=4,seed=1.h5", "graph", 2, 4, 3, 3, -100);
  writeRun(d + "/model=graph,nodes=2,node-dim=4,seed=2.h5", "graph", 2, 4, 3, 3, -102);
  writeRun(d + "/model=graph,nodes=4,node-dim=2,seed=1.h5", "graph", 4, 2, 1, 3, -110);
  QFile bad(QString::fromStdString(d + "/model=graph,nodes=4,node-dim=2,seed=2.h5"));
  QVERIFY(bad.open(QIODevice::WriteOnly));
  bad.write("not a run file");
  bad.close();
  std::vector<SweepRow> rows;
  SweepGrid g;
  QVERIFY(collectSweep(d, &rows, &g).ok);
  QCOMPARE(rows.size(), size_t{4});
  QCOMPARE(rows[0].state, std::string("finished"));
  QCOMPARE(rows[1].state, std::string("finished"));
  QCOMPARE(rows[2].state, std::string("unfinished"));
  QCOMPARE(rows[2].epochs_done, int64_t{1});
  QCOMPARE(rows[3].state, std::string("unreadable"));
  QVERIFY(!rows[3].error.empty());
  QCOMPARE(rows[0].best_valid_elbo, -100.0);
  QCOMPARE(sweepRow(d, sweepPoints(g, nullptr)[0], 5).state, std::string("unfinished"));
  QFile::remove(QString::fromStdString(rows[1].file));
  QVERIFY(collectSweep(d, &rows, &g).ok);
  QCOMPARE(rows[1].state, std::string("missing"));
  writeRun(rows[1].file, "graph", 2, 4, 3, 3, -102);
  QVERIFY(collectSweep(d, &rows, &g).ok);

  const std::string md = sweepTable(rows, g, "md");
  QVERIFY2(md.rfind("| model | nodes | node-dim | seed | state |", 0) == 0, md.c_str());
  QVERIFY(md.find("| graph | 2 | 4 | 1 | finished | 3/3 | -100.00 | -100.00 |  |") !=
          std::string::npos);
  QVERIFY(md.find("| unfinished | 1/3 |") != std::string::npos);
  const std::string csv = sweepTable(rows, g, "csv");
  QVERIFY(csv.find("model,nodes,node-dim,seed,state,epochs,best valid ELBO") == 0);
  QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), 5L);
  const std::string tex = sweepTable(rows, g, "tex");
  QVERIFY(tex.find("\\begin{tabular}{lllllrrrr}") == 0);
  QVERIFY(tex.find("best valid ELBO & final valid ELBO & test LL \\\\") != std::string::npos);

  // Only the finished runs count: N' = 4 with seeds at -100 and -102 (mean -101).
  std::string metric;
  auto series = ablationSeries(rows, &metric);
  QCOMPARE(metric, std::string("best validation ELBO"));
  QCOMPARE(series.size(), size_t{1});
  QCOMPARE(series[0].latent, int64_t{8});
  QCOMPARE(series[0].node_dim, std::vector<double>{4});
  QCOMPARE(series[0].mean[0], -101.0);
  QCOMPARE(series[0].lo[0], -102.0);
  QCOMPARE(series[0].hi[0], -100.0);
  // With every finished run evaluated, the test log-likelihood is what is drawn.
  writeRun(rows[0].file, "graph", 2, 4, 3, 3, -100, -95);
  writeRun(rows[1].file, "graph", 2, 4, 3, 3, -102, -97);
  QVERIFY(collectSweep(d, &rows, &g).ok);
  series = ablationSeries(rows, &metric);
  QCOMPARE(metric, std::string("test log-likelihood"));
  QCOMPARE(series[0].mean[0], -96.0);
}

QTEST_GUILESS_MAIN(TstSweep)
#include "tst_sweep.moc"
