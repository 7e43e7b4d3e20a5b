// Tests of the graph auto-encoders' data and math: the embedded block model, the LINQS reader on
// files made here (and its refusals), the 85/5/10 edge split, the GCN's normalized adjacency,
// AUC / AP on cases with known answers, the per-node ELBO, and a short training that predicts
// held-out links.
#include <torch/types.h>

#include <QtTest/QtTest>
#include <cmath>
#include <set>

#include "core/data/dataset.h"
#include "core/data/graph.h"
#include "core/eval/evaluator.h"
#include "core/eval/link_prediction.h"
#include "core/eval/metrics.h"
#include "core/models/gae.h"
#include "core/models/noise.h"
#include "core/training/session.h"
#include "core/training/trainer.h"
#include "tests/file_fixtures.h"
#include "tests/tiny_config.h"
#include "tests/training_fixture.h"

using namespace gvae;

namespace {

// A 5-node citation graph in the LINQS format: string ids, 3 word features, two classes.
const char* const kContent =
    "p31\t1\t0\t0\tTheory\n"
    "p7\t0\t1\t0\tNeural_Networks\n"
    "p12\t0\t1\t1\tNeural_Networks\n"
    "p5\t1\t1\t0\tTheory\n"
    "p99\t0\t0\t1\tTheory\n";
const char* const kCites =
    "p7 p31\n"
    "p31 p7\n"   // the same edge, cited back: counts once
    "p12 p12\n"  // a self-citation: dropped
    "p12 p5\n"
    "p99 p5\n"
    "p404 p5\n";  // an id absent from the content file: skipped and counted

Status readGraph(const QTemporaryDir& dir, const char* content, const char* cites, Graph* g,
                 int64_t* skipped = nullptr) {
  writeFile(dir.filePath(QStringLiteral("tiny.content")), content);
  writeFile(dir.filePath(QStringLiteral("tiny.cites")), cites);
  return readLinqsGraph(dir.path().toStdString(), "tiny", g, skipped);
}

// The embedded graph ("sbm") as the loader generates it.
Graph embeddedSbm() {
  SbmOptions o;
  o.seed = kSbmSeed;
  return generateSbm(o);
}

bool mentions(const Status& st, const std::string& what) {
  return !st.ok && st.message.find(what) != std::string::npos;
}

}  // namespace

class TstGraph : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void blockModelIsDeterministicWithBlocks() {
    const Graph a = embeddedSbm(), b = embeddedSbm();
    QCOMPARE(a.edges, b.edges);
    QCOMPARE(a.x, b.x);
    QCOMPARE(a.nodes, 1000);
    QCOMPARE(int64_t(a.class_names.size()), 5);
    int64_t within = 0;
    for (const auto& [i, j] : a.edges) {
      QVERIFY(i < j);
      within += a.labels[size_t(i)] == a.labels[size_t(j)];
    }
    // p_in * 5 * C(200, 2) = 2,985 expected within, p_out * C(1000, 2) * 4/5 ~ 599 across.
    const auto across = static_cast<int64_t>(a.edges.size()) - within;
    QVERIFY2(within > 2700 && within < 3300, qPrintable(QString::number(within)));
    QVERIFY2(across > 480 && across < 720, qPrintable(QString::number(across)));
    // A class's own words are more frequent in its nodes (p_own 0.15 against p_other 0.02).
    double own = 0, other = 0;
    for (int64_t w = 0; w < 20; ++w)
      for (int64_t i = 0; i < a.nodes; ++i)
        (a.labels[size_t(i)] == 0 ? own : other) += a.x[size_t(i * a.features + w)];
    QVERIFY(own / 200 > 4 * other / 800);
  }

  void readsLinqsFiles() {
    QTemporaryDir dir;
    Graph g;
    int64_t skipped = -1;
    Status st = readGraph(dir, kContent, kCites, &g, &skipped);
    QVERIFY2(st.ok, st.message.c_str());
    QCOMPARE(g.nodes, 5);
    QCOMPARE(g.features, 3);
    QCOMPARE(g.class_names, (std::vector<std::string>{"Neural_Networks", "Theory"}));
    QCOMPARE(g.labels, (std::vector<int64_t>{1, 0, 0, 1, 1}));
    QCOMPARE(g.x, (std::vector<float>{1, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1}));
    // p31 = 0, p7 = 1, p12 = 2, p5 = 3, p99 = 4.
    QCOMPARE(g.edges, (std::vector<Edge>{{0, 1}, {2, 3}, {3, 4}}));
    QCOMPARE(skipped, 1);
  }

  void refusesBadFilesNamingThem() {
    QTemporaryDir dir;
    Graph g;
    const std::string content = dir.filePath(QStringLiteral("tiny.content")).toStdString();
    QVERIFY(mentions(readGraph(dir, "p1\t1\t0\tA\np2\tA\n", kCites, &g),
                     content + ", line 2: expected an id"));
    QVERIFY(mentions(readGraph(dir, "p1\t1\t0\tA\np2\t1\t0\t1\tA\n", kCites, &g),
                     content + ", line 2: 3 features where line 1 has 2"));
    QVERIFY(mentions(readGraph(dir, "p1\t1\tx\tA\n", kCites, &g),
                     content + ", line 1: feature 2 is 'x', not a number"));
    QVERIFY(mentions(readGraph(dir, "p1\t1\tA\np1\t0\tB\n", kCites, &g),
                     content + ", line 2: node id 'p1' appears twice"));
    QVERIFY(mentions(readGraph(dir, "", kCites, &g), content + ": no nodes"));
    const std::string cites = dir.filePath(QStringLiteral("tiny.cites")).toStdString();
    QVERIFY(mentions(readGraph(dir, kContent, "p7 p31\np7\n", &g),
                     cites + ", line 2: expected two node ids"));
    QVERIFY(mentions(readGraph(dir, kContent, "p404 p5\n", &g), cites + ": no citation joins"));
    QVERIFY(mentions(readLinqsGraph(dir.path().toStdString(), "cora", &g),
                     dir.filePath(QStringLiteral("cora.content")).toStdString() + ": cannot open"));
    // Planetoid's pickles are refused, saying what to bring.
    writeFile(dir.filePath(QStringLiteral("ind.cora.x")), "\x80\x04\x95");
    const Status pickle = readLinqsGraph(dir.path().toStdString(), "cora", &g);
    QVERIFY(mentions(pickle, "Python pickles"));
    QVERIFY(mentions(pickle, "cora.content and cora.cites"));
  }

  void splitsEdgesEightyFiveFiveTen() {
    const Graph g = embeddedSbm();
    EdgeSplit a, b, c;
    QVERIFY(splitEdges(g, 0.05, 0.10, 1, &a).ok);
    QVERIFY(splitEdges(g, 0.05, 0.10, 1, &b).ok);
    QVERIFY(splitEdges(g, 0.05, 0.10, 2, &c).ok);
    QCOMPARE(a.test_pos, b.test_pos);  // the seed fixes the split
    QVERIFY(a.test_pos != c.test_pos);
    const auto E = static_cast<int64_t>(g.edges.size());
    QCOMPARE(int64_t(a.test_pos.size()), E / 10);
    QCOMPARE(int64_t(a.valid_pos.size()), E / 20);
    QCOMPARE(a.test_neg.size(), a.test_pos.size());
    QCOMPARE(a.valid_neg.size(), a.valid_pos.size());
    QCOMPARE(a.train.size() + a.valid_pos.size() + a.test_pos.size(), g.edges.size());
    std::set<Edge> all(g.edges.begin(), g.edges.end()), seen;
    for (const auto* part : {&a.train, &a.valid_pos, &a.test_pos})
      for (const Edge& e : *part) QVERIFY(seen.insert(e).second);  // disjoint, every edge once
    QCOMPARE(seen, all);
    std::set<Edge> negatives;
    for (const auto* part : {&a.valid_neg, &a.test_neg})
      for (const Edge& e : *part) {
        QVERIFY(e.first < e.second);
        QVERIFY(!all.count(e));               // a non-edge of the whole graph
        QVERIFY(negatives.insert(e).second);  // distinct, the two sets disjoint
      }
    Graph tiny;
    tiny.nodes = 3;
    tiny.edges = {{0, 1}, {1, 2}};
    QVERIFY(mentions(splitEdges(tiny, 0.05, 0.10, 1, &a), "too few"));
  }

  // D^-1/2 (A + I) D^-1/2 on the path 0 - 1 - 2: degrees with self-loops 2, 3, 2.
  void normalizesTheAdjacencySymmetrically() {
    const auto p = normalizedAdjacency(3, {{0, 1}, {1, 2}});
    std::vector<double> dense(9, 0.0);
    for (const auto& e : p) dense[size_t(e.row * 3 + e.col)] = e.value;
    const double s6 = 1 / std::sqrt(6.0);
    const std::vector<double> want{0.5, s6, 0, s6, 1.0 / 3, s6, 0, s6, 0.5};
    for (size_t k = 0; k < 9; ++k) QVERIFY(std::abs(dense[k] - want[k]) < 1e-12);
    QCOMPARE(p.size(), size_t(7));  // 2 x 2 edges + 3 self-loops, nothing else stored
    // Its largest eigenvalue is 1 (eigenvector D^1/2 1): propagation neither grows nor shrinks.
    auto m = torch::tensor(dense, torch::kDouble).view({3, 3});
    auto v = torch::tensor({std::sqrt(2.0), std::sqrt(3.0), std::sqrt(2.0)}, torch::kDouble);
    QVERIFY(torch::allclose(m.mv(v), v));
  }

  // The block model's ceiling: a predictor that knows every node's block and nothing else scores
  // a pair by P(edge | blocks). On the fixed test split that reaches the AUC the README states.
  void blockOracleBoundsTheEmbeddedGraph() {
    const Graph g = embeddedSbm();
    EdgeSplit s;
    QVERIFY(splitEdges(g, kGraphValidEdges, kGraphTestEdges, kGraphSplitSeed, &s).ok);
    const auto score = [&](const std::vector<Edge>& pairs) {
      std::vector<double> out;
      for (const auto& [a, b] : pairs) out.push_back(g.labels[size_t(a)] == g.labels[size_t(b)]);
      return out;
    };
    const LinkMetrics m = rankingMetrics(score(s.test_pos), score(s.test_neg));
    qInfo("block oracle on the test split: AUC %.4f AP %.4f", m.auc, m.ap);
    QVERIFY(m.auc > 0.78 && m.auc < 0.86);
  }

  void rankingMetricsOnKnownCases() {
    LinkMetrics m = rankingMetrics({0.9, 0.8}, {0.2, 0.1});
    QCOMPARE(m.auc, 1.0);
    QCOMPARE(m.ap, 1.0);
    m = rankingMetrics({0.1}, {0.9});
    QCOMPARE(m.auc, 0.0);
    QCOMPARE(m.ap, 0.5);                    // the edge is found at recall 1 with precision 1/2
    m = rankingMetrics({0.5, 0.5}, {0.5});  // all tied: chance, AP the share of edges
    QCOMPARE(m.auc, 0.5);
    QVERIFY(std::abs(m.ap - 2.0 / 3) < 1e-12);
    // Ranked +, -, +, -: AUC 3/4; AP = 1/2 * 1 + 1/2 * 2/3.
    m = rankingMetrics({0.9, 0.4}, {0.6, 0.1});
    QCOMPARE(m.auc, 0.75);
    QVERIFY(std::abs(m.ap - 5.0 / 6) < 1e-12);
    QCOMPARE(m.fpr, (std::vector<double>{0, 0, 0.5, 0.5, 1}));
    QCOMPARE(m.tpr, (std::vector<double>{0, 0.5, 0.5, 1, 1}));
    bool threw = false;
    try {
      rankingMetrics({}, {1});
    } catch (const std::invalid_argument&) {
      threw = true;
    }
    QVERIFY(threw);
  }

  // The loaded graph: the target is the training adjacency plus I, pos_weight balances it, the
  // held-out pairs never appear in it.
  void loadsTheGraphForTraining() {
    RunConfig c = tinyConfig("vgae");
    DataSplits d;
    QVERIFY(loadDataSplits(c, torch::kCPU, &d).ok);
    QVERIFY(d.graph);
    const GraphTensors& g = *d.graph;
    const int64_t n = g.target.size(0);
    QCOMPARE(d.train.size(), n);
    QCOMPARE(d.class_names.size(), size_t(5));
    QVERIFY(torch::equal(g.target, g.target.t()));
    QCOMPARE(g.target.diagonal().sum().item<double>(), double(n));
    const double present = g.target.sum().item<double>();
    QCOMPARE(present, double(n + 2 * g.train_edges));
    QVERIFY(std::abs(g.pos_weight - (double(n) * n - present) / present) < 1e-9);
    for (const auto& pairs : {g.valid_pos, g.test_pos, g.valid_neg, g.test_neg}) {
      auto held = g.target.index({pairs.select(1, 0), pairs.select(1, 1)});
      QCOMPARE(held.sum().item<double>(), 0.0);
    }
    // The propagation matrix is the normalization of the target's adjacency.
    auto a = g.target;
    auto dinv = a.sum(1).rsqrt();
    auto want = dinv.unsqueeze(1) * a * dinv.unsqueeze(0);
    QVERIFY(torch::allclose(g.propagation.to_dense(), want, 1e-6, 1e-7));
  }

  // A row's terms are its node's: the per-node weighted nll from the GCN's means by hand, the
  // KL analytic; the rows of every node sum to the graph's bound; --pos-weight 1 is exact.
  void perNodeBoundIsTheGraphsBound() {
    RunConfig c = tinyConfig("gae");
    std::unique_ptr<TrainingSession> s;
    QVERIFY(TrainingSession::create(c, &s).ok);
    auto& m = dynamic_cast<GaeImpl&>(s->model());
    const GraphTensors& g = *s->data().graph;
    torch::NoGradGuard no_grad;
    auto ids = s->data().train.images;
    ElboTerms all = m.elbo(ids, {});
    auto mu = m.encode().first;
    auto md = mu.to(torch::kDouble);
    auto p = torch::sigmoid(md.mm(md.t()));
    auto t = g.target.to(torch::kDouble);
    auto nll = -(g.pos_weight * t * p.log() + (1 - t) * (1 - p).log()).sum(1);
    QVERIFY(torch::allclose(all.nll.to(torch::kDouble), nll, 1e-4, 1e-2));
    QCOMPARE(all.kl.abs().sum().item<double>(), 0.0);  // gae: no posterior, no KL
    {
      RunConfig e = c;
      e.pos_weight = 1;
      std::unique_ptr<TrainingSession> es;
      QVERIFY(TrainingSession::create(e, &es).ok);
      auto& em = dynamic_cast<GaeImpl&>(es->model());
      auto emu = em.encode().first.to(torch::kDouble);
      auto ep = torch::sigmoid(emu.mm(emu.t()));
      auto exact = -(t * ep.log() + (1 - t) * (1 - ep).log()).sum(1);
      QVERIFY(torch::allclose(em.elbo(ids, {}).nll.to(torch::kDouble), exact, 1e-4, 1e-2));
    }
    // Minibatches of rows cover it: two halves add up to the whole.
    const int64_t n = ids.size(0);
    auto half = m.elbo(ids.narrow(0, 0, n / 2), {}).nll.sum() +
                m.elbo(ids.narrow(0, n / 2, n - n / 2), {}).nll.sum();
    QVERIFY(std::abs(half.item<double>() - all.nll.sum().item<double>()) <
            1e-4 * all.nll.sum().item<double>());

    RunConfig vc = tinyConfig("vgae");
    QVERIFY(TrainingSession::create(vc, &s).ok);
    auto& v = dynamic_cast<GaeImpl&>(s->model());
    auto [mean, logvar] = v.encode();
    auto kl = 0.5 * (mean.pow(2) + logvar.exp() - 1 - logvar).sum(1);
    ElboTerms vt = v.elbo(ids, {});
    QVERIFY(torch::allclose(vt.kl, kl, 1e-4, 1e-4));
    QVERIFY(torch::allclose(v.posteriorMean(ids, {}), mean));
  }

  // 40 epochs of the VGAE on the embedded graph predict held-out links well above chance, and
  // eval reports them (and no importance-weighted likelihood).
  void learnsToPredictLinks() {
    QTemporaryDir dir;
    RunConfig c = tinyConfig("vgae", 40);
    c.nodes = 1;
    c.node_dim = 16;
    c.lr = 0.01;
    c.out_path = dir.filePath(QStringLiteral("vgae.h5")).toStdString();
    QCOMPARE(trainToEnd(c).latest.state, TrainerState::kFinished);
    EvalOptions o;
    o.threads = 1;
    EvalReport r;
    Status st = evaluateRun(c.out_path, o, &r);
    QVERIFY2(st.ok, st.message.c_str());
    QVERIFY2(r.auc > 0.7 && r.ap > 0.65,
             qPrintable(QStringLiteral("AUC %1 AP %2").arg(r.auc).arg(r.ap)));
    QVERIFY(std::isnan(r.log_likelihood));
    RunRecord rec;
    QVERIFY(readRunFile(c.out_path, &rec).ok);
    bool stored = false;
    for (const auto& [key, value] : rec.eval_results) stored |= key == "auc" && value == r.auc;
    QVERIFY(stored);
  }
};

QTEST_GUILESS_MAIN(TstGraph)
#include "tst_graph.moc"
