// Tests of GraphVae and its gates: shapes, relaxation, IW bound, frozen gradients, ladder identity.
#include <torch/types.h>

#include <QtTest/QtTest>

#include "core/eval/metrics.h"
#include "core/models/graph_vae.h"

using namespace gvae;

namespace {
constexpr int64_t kD = 24;

GraphVae smallModel(Structure s) {
  return GraphVae(GraphVaeOptions()
                      .backbone(BackboneOptions()
                                    .input_dim(kD)
                                    .nodes(4)
                                    .node_dim(2)
                                    .encoder_hidden({32, 16})
                                    .decoder_hidden({16, 32})
                                    .head_hidden(8))
                      .structure(s));
}

torch::Tensor binaryData(int64_t n, uint64_t seed) {
  torch::manual_seed(seed);
  return (torch::rand({n, kD}) > 0.6).to(torch::kFloat);
}
}  // namespace

Q_DECLARE_METATYPE(Structure)

class TstGraphVae : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void shapes_data();
  void shapes();
  void gatesHitOneWithFrequencyMu();
  void importanceWeightedBound();
  void frozenGatesGetNoGradient();
  void ladderEqualsGraphWithChainFrozen();
  void fixedStructures();
};

void TstGraphVae::shapes_data() {
  QTest::addColumn<Structure>("structure");
  QTest::newRow("vae") << Structure::kIndependent;
  QTest::newRow("ladder") << Structure::kChain;
  QTest::newRow("fc") << Structure::kFull;
  QTest::newRow("graph") << Structure::kLearned;
  QTest::newRow("lstm") << Structure::kLstm;
}

void TstGraphVae::shapes() {
  QFETCH(Structure, structure);
  torch::manual_seed(1);
  auto model = smallModel(structure);
  auto x = binaryData(6, 2);
  ElboTerms t = model->elbo(x, {});
  QCOMPARE(t.nll.sizes().vec(), (std::vector<int64_t>{6}));
  QCOMPARE(t.node_kl.sizes().vec(), (std::vector<int64_t>{6, 4}));
  QVERIFY(torch::isfinite(t.elbo()).all().item<bool>());
  QVERIFY((t.node_kl >= -1e-5).all().item<bool>());
  QVERIFY(torch::allclose(t.kl, t.node_kl.sum(1)));
  QCOMPARE(model->logImportanceWeights(x, 3, {}).sizes().vec(), (std::vector<int64_t>{3, 6}));
  QCOMPARE(model->posteriorMean(x, {}).sizes().vec(), (std::vector<int64_t>{6, 8}));
  auto z = model->samplePrior(5, {});
  QCOMPARE(z.sizes().vec(), (std::vector<int64_t>{5, 8}));
  QCOMPARE(model->decode(z).sizes().vec(), (std::vector<int64_t>{5, kD}));
  PassOptions per_example;
  per_example.per_example_gates = true;
  QVERIFY(torch::isfinite(model->elbo(x, per_example).elbo()).all().item<bool>());
}

void TstGraphVae::gatesHitOneWithFrequencyMu() {
  torch::manual_seed(5);
  Gates gates(4);  // 6 gates
  std::vector<double> mu{0.1, 0.3, 0.5, 0.7, 0.9, 0.97};
  {
    torch::NoGradGuard no_grad;
    for (size_t g = 0; g < mu.size(); ++g) gates->weight[g].fill_(std::log(mu[g] / (1 - mu[g])));
  }
  auto c = gates->sample(GateMode::kRelaxed, 0.01, 40000);
  QVERIFY(((c < 0.01) | (c > 0.99)).to(torch::kFloat).mean().item<double>() >
          0.97);  // nearly binary
  auto freq = (c > 0.5).to(torch::kDouble).mean(0);
  for (size_t g = 0; g < mu.size(); ++g)
    QVERIFY2(std::abs(freq[g].item<double>() - mu[g]) < 0.01,
             qPrintable(QStringLiteral("gate %1: frequency %2, mu %3")
                            .arg(g)
                            .arg(freq[g].item<double>())
                            .arg(mu[g])));
  auto hard = gates->sample(GateMode::kHard, 1.0, 1);
  QCOMPARE(hard.sum().item<double>(), 3.0);  // mu 0.7, 0.9, 0.97
  QCOMPARE(gates->pairs().front(), (std::pair<int, int>{4, 3}));
  QCOMPARE(gates->index(2, 1), 3);  // child-major: (4,3) (3,2) (4,2) (2,1) (3,1) (4,1)
}

void TstGraphVae::importanceWeightedBound() {
  torch::manual_seed(11);
  auto model = smallModel(Structure::kLearned);
  model->eval();
  torch::NoGradGuard no_grad;
  auto x = binaryData(4, 12);
  PassOptions pass;
  pass.gates = GateMode::kHard;
  // E[log w] at K = 1 equals the ELBO (analytic KL) in expectation.
  const int64_t reps = 20000;
  auto x_rep = x.repeat({reps, 1});
  double elbo = model->elbo(x_rep, pass).elbo().view({reps, 4}).mean(0).mean().item<double>();
  double iw1 = model->logImportanceWeights(x, reps, pass).mean().item<double>();
  QVERIFY2(std::abs(elbo - iw1) < 0.05,
           qPrintable(QStringLiteral("ELBO %1 vs E[log w] %2").arg(elbo).arg(iw1)));
  // The K-sample bound is above the ELBO; chunking over K does not change it.
  auto ll = importanceWeightedLogLikelihood(*model, x, 500, pass, 64);
  auto per_example_elbo =
      model->elbo(x_rep, pass).elbo().view({reps, 4}).mean(0).to(torch::kDouble);
  QVERIFY((ll >= per_example_elbo).all().item<bool>());
  // One chunk: exactly logsumexp of the raw weights minus log K.
  torch::manual_seed(99);
  auto lw = model->logImportanceWeights(x, 300, pass).to(torch::kDouble);
  torch::manual_seed(99);
  auto single = importanceWeightedLogLikelihood(*model, x, 300, pass, 1 << 20);
  QVERIFY(torch::allclose(single, torch::logsumexp(lw, 0) - std::log(300.0)));
  // Chunks of 16 samples (max_rows 64 / 4 examples) merged by the running log-sum-exp equal
  // one log-sum-exp over the same weights drawn chunk by chunk from the same seed.
  torch::manual_seed(7);
  auto chunked = importanceWeightedLogLikelihood(*model, x, 300, pass, 64);
  torch::manual_seed(7);
  std::vector<torch::Tensor> parts;
  for (int64_t done = 0; done < 300; done += 16)
    parts.push_back(model->logImportanceWeights(x, std::min<int64_t>(16, 300 - done), pass));
  auto all = torch::cat(parts, 0).to(torch::kDouble);
  QCOMPARE(all.size(0), int64_t(300));
  QVERIFY(torch::allclose(chunked, torch::logsumexp(all, 0) - std::log(300.0)));
}

void TstGraphVae::frozenGatesGetNoGradient() {
  torch::manual_seed(4);
  auto model = smallModel(Structure::kLearned);
  auto* gates = model->gates();
  gates->freeze(0, 1.0);
  gates->freeze(3, 0.0);
  auto x = binaryData(16, 5);
  model->elbo(x, {}).elbo().mean().backward();
  auto grad = gates->weight.grad();
  QCOMPARE(grad[0].item<double>(), 0.0);
  QCOMPARE(grad[3].item<double>(), 0.0);
  QVERIFY(grad.abs().sum().item<double>() > 0);  // the free gates learn
  auto codes = gates->frozenCodes();
  QCOMPARE(int(codes[0]), 1);
  QCOMPARE(int(codes[3]), 0);
  QCOMPARE(int(codes[1]), -1);
  QCOMPARE(gates->mu()[0].item<double>(), 1.0);
  gates->unfreeze(0);
  QCOMPARE(int(gates->frozenCodes()[0]), -1);
}

void TstGraphVae::ladderEqualsGraphWithChainFrozen() {
  torch::manual_seed(8);
  auto ladder = smallModel(Structure::kChain);
  auto graph = smallModel(Structure::kLearned);
  {
    torch::NoGradGuard no_grad;
    auto src = ladder->named_parameters();
    for (auto& p : graph->named_parameters()) p.value().copy_(src[p.key()]);
  }
  auto* g = graph->gates();
  for (int64_t k = 0; k < g->count(); ++k)
    g->freeze(k, g->pairs()[k].first == g->pairs()[k].second + 1);
  QCOMPARE(g->frozenCodes(), ladder->gates()->frozenCodes());
  auto x = binaryData(8, 9);
  torch::manual_seed(100);
  auto a = ladder->elbo(x, {});
  torch::manual_seed(100);
  auto b = graph->elbo(x, {});
  QVERIFY(torch::allclose(a.elbo(), b.elbo()));
  QVERIFY(torch::allclose(a.node_kl, b.node_kl));
  QVERIFY(!ladder->gatesLearnable());
  QVERIFY(graph->gatesLearnable());
}

void TstGraphVae::fixedStructures() {
  auto fc = smallModel(Structure::kFull);
  for (auto code : fc->gates()->frozenCodes()) QCOMPARE(int(code), 1);
  auto vae = smallModel(Structure::kIndependent);
  QVERIFY(vae->gates() == nullptr);
  // The VAE's prior is N(0, I): its KL equals the closed form against the standard normal.
  torch::manual_seed(2);
  auto x = binaryData(3, 1);
  QVERIFY(torch::isfinite(vae->elbo(x, {}).kl).all().item<bool>());
}

QTEST_GUILESS_MAIN(TstGraphVae)
#include "tst_graph_vae.moc"
