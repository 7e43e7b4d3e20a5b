// Tests of the inverse autoregressive flow: MADE masks, log-determinant, IAF models.
#include <torch/autograd.h>
#include <torch/linalg.h>
#include <torch/types.h>

#include <QtTest/QtTest>

#include "core/models/graph_vae.h"
#include "core/models/iaf.h"

using namespace gvae;

class TstIaf : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void madeIsAutoregressive_data();
  void madeIsAutoregressive();
  void logDetEqualsJacobian_data();
  void logDetEqualsJacobian();
  void iafModels_data();
  void iafModels();
};

void TstIaf::madeIsAutoregressive_data() {
  QTest::addColumn<int>("d");
  QTest::newRow("d=1") << 1;
  QTest::newRow("d=5") << 5;
  QTest::newRow("d=16") << 16;
}

void TstIaf::madeIsAutoregressive() {
  QFETCH(int, d);
  torch::manual_seed(1);
  Made made(d, 3, 24);
  auto z = torch::randn({1, d}, torch::requires_grad());
  auto h = torch::randn({1, 3}, torch::requires_grad());
  auto [m, s] = made->forward(z, h);
  bool context_used = false;
  for (int i = 0; i < d; ++i) {
    for (const auto& out : {m, s}) {
      auto grads = torch::autograd::grad({out[0][i]}, {z, h}, {}, true, false, true);
      // Output i may depend on inputs 0..i-1 only: the gradient w.r.t. inputs >= i is zero.
      if (grads[0].defined())
        QVERIFY2(grads[0][0].narrow(0, i, d - i).abs().max().item<double>() == 0.0,
                 qPrintable(QStringLiteral("output %1 sees input >= %1").arg(i)));
      context_used |= grads[1].defined() && grads[1].abs().sum().item<double>() > 0;
    }
  }
  QVERIFY(context_used);
}

void TstIaf::logDetEqualsJacobian_data() {
  QTest::addColumn<int>("steps");
  QTest::newRow("1 step") << 1;
  QTest::newRow("2 steps (reversed order)") << 2;
  QTest::newRow("3 steps") << 3;
}

void TstIaf::logDetEqualsJacobian() {
  QFETCH(int, steps);
  torch::manual_seed(2);
  const int64_t d = 4;
  Iaf flow(d, 3, steps, 16);
  auto z0 = torch::randn({1, d}, torch::TensorOptions().dtype(torch::kDouble)).requires_grad_();
  flow->to(torch::kDouble);
  auto h = torch::randn({1, 3}, torch::TensorOptions().dtype(torch::kDouble));
  auto [zt, log_det] = flow->forward(z0, h);
  std::vector<torch::Tensor> rows;
  for (int64_t i = 0; i < d; ++i)
    rows.push_back(torch::autograd::grad({zt[0][i]}, {z0}, {}, true)[0][0]);
  auto jacobian = torch::stack(rows);  // [d, d]: row i = d z_T[i] / d z_0
  auto [sign, logabsdet] = torch::linalg::slogdet(jacobian);
  QVERIFY2(std::abs(logabsdet.item<double>() - log_det[0].item<double>()) < 1e-9,
           qPrintable(QStringLiteral("autograd %1, flow %2")
                          .arg(logabsdet.item<double>())
                          .arg(log_det[0].item<double>())));
  QCOMPARE(sign.item<double>(), 1.0);
}

void TstIaf::iafModels_data() {
  QTest::addColumn<int>("structure");
  QTest::newRow("vae-iaf") << int(Structure::kIndependent);
  QTest::newRow("graph-iaf") << int(Structure::kLearned);
}

void TstIaf::iafModels() {
  QFETCH(int, structure);
  torch::manual_seed(3);
  GraphVae model(GraphVaeOptions()
                     .backbone(BackboneOptions()
                                   .input_dim(20)
                                   .nodes(3)
                                   .node_dim(2)
                                   .encoder_hidden({16})
                                   .decoder_hidden({16})
                                   .head_hidden(8))
                     .structure(static_cast<Structure>(structure))
                     .flow_steps(2)
                     .made_hidden(8));
  auto x = (torch::rand({6, 20}) > 0.5).to(torch::kFloat);
  ElboTerms t = model->elbo(x, {});
  QVERIFY(torch::isfinite(t.elbo()).all().item<bool>());
  QCOMPARE(t.node_kl.sizes().vec(), (std::vector<int64_t>{6, 3}));
  t.elbo().mean().backward();
  bool flow_learns = false;
  for (const auto& p : model->named_parameters())
    if (p.key().rfind("flows.", 0) == 0 && p.value().grad().defined())
      flow_learns |= p.value().grad().abs().sum().item<double>() > 0;
  QVERIFY(flow_learns);
  // The Monte-Carlo KL is unbiased: averaged over many samples it is E[log q - log p] >= 0.
  model->eval();
  torch::NoGradGuard no_grad;
  PassOptions hard;
  hard.gates = GateMode::kHard;
  auto many = x.repeat({2000, 1});
  QVERIFY(model->elbo(many, hard).kl.mean().item<double>() > 0);
  QCOMPARE(model->logImportanceWeights(x, 4, hard).sizes().vec(), (std::vector<int64_t>{4, 6}));
}

QTEST_GUILESS_MAIN(TstIaf)
#include "tst_iaf.moc"
