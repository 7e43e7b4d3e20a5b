// Tests of learning and measuring a sparse structure: edge importance, the edge cost, the gate
// parameterizations and estimators, the validation gate setting, and their run-file round trip.
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>

#include <QtTest/QtTest>
#include <cmath>

#include "core/data/dataset.h"
#include "core/eval/edge_importance.h"
#include "core/eval/evaluator.h"
#include "core/eval/metrics.h"
#include "core/eval/structure.h"
#include "core/io/run_file.h"
#include "core/models/graph_vae.h"
#include "core/training/adam.h"
#include "core/training/run_options.h"
#include "core/training/session.h"
#include "tests/tiny_config.h"
#include "tests/training_fixture.h"

using namespace gvae;

namespace {

// A 3-node Graph VAE on 12 binary features whose child z1 reads no input from z3: the first
// layer of z1's top-down network has zero weights on z3's inputs.
GraphVae modelIgnoringZ3ForZ1() {
  torch::manual_seed(5);
  GraphVae m(GraphVaeOptions().backbone(BackboneOptions()
                                            .input_dim(12)
                                            .nodes(3)
                                            .node_dim(2)
                                            .encoder_hidden({16})
                                            .decoder_hidden({16})
                                            .head_hidden(8)));
  // Parameters by name: top_down.<n-1>.0 is the first Linear of node n's prior; its inputs are
  // the parents z_{n+1..N} in order, N' columns each. For z1 the parents are z2, z3.
  for (auto& p : m->named_parameters()) {
    if (p.key() == "top_down.0.0.weight") {
      torch::NoGradGuard no_grad;
      p.value().narrow(1, 2, 2).zero_();  // the columns of z3
    }
  }
  return m;
}

torch::Tensor data(int64_t n, uint64_t seed) {
  torch::manual_seed(seed);
  return (torch::rand({n, 12}) > 0.5).to(torch::kFloat);
}

// graphvae structure's options for `n` validation examples on one CPU thread.
StructureOptions onCpu(int64_t n) {
  StructureOptions o;
  o.eval_n = n;
  o.device = "cpu";
  o.threads = 1;
  return o;
}

const EdgeImportance& edge(const std::vector<EdgeImportance>& edges, int from, int to) {
  for (const auto& e : edges)
    if (e.from == from && e.to == to) return e;
  throw std::runtime_error("no such edge");
}

}  // namespace

class TstStructure : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void edgeWhoseParentIsIgnoredHasNoImportance();
  void meanAndStandardErrorByHand();
  void importanceLeavesTheGatesAsTheyWere();
  void edgeCostDrivesUselessEdgesOff();
  void edgeCostReachesTraining();
  void probGatesStayInTheirClamp();
  void straightThroughDrawsBinaryGates();
  void gateLearningRateOfItsOwn();
  void sparseOptionsRefusedWhereTheyDoNotApply_data();
  void sparseOptionsRefusedWhereTheyDoNotApply();
  void sparseRunResumesBitForBit();
  void validationNamesItsGateSetting();
  void hardEvalSaysWhenItRoundsUnconvergedGates();
  void structureReportRoundTripsThroughTheRunFile();
  void supervisionTouchesOnlyLabelledRows();
  void supervisedFactorsFollowTheRootFirstOrder();
  void supervisedRunTrainsItsHeads();
};

void TstStructure::edgeWhoseParentIsIgnoredHasNoImportance() {
  GraphVae m = modelIgnoringZ3ForZ1();
  ImportanceOptions o;
  o.tau = 0.5;
  o.batch = 64;  // two batches of noise
  auto edges = edgeImportance(*m, data(100, 1), o);
  QCOMPARE(edges.size(), size_t(3));
  // z3 -> z1 carries nothing z1's prior reads: the ELBO does not move, in either setting.
  const EdgeImportance& ignored = edge(edges, 3, 1);
  for (double d :
       {ignored.off_relaxed, ignored.on_relaxed, ignored.off_sampled, ignored.on_sampled})
    QVERIFY2(std::abs(d) < 1e-6, qPrintable(QString::number(d)));
  // The other edges do change it, and their standard errors are real.
  const EdgeImportance& used = edge(edges, 2, 1);
  QVERIFY(std::abs(used.off_relaxed) > 1e-4);
  QVERIFY(used.off_relaxed_se > 0 && std::isfinite(used.off_relaxed_se));
  QVERIFY(std::abs(used.off_relaxed) > 0 || std::abs(used.off_sampled) > 0);
  QCOMPARE(used.mu, 0.5);
}

void TstStructure::meanAndStandardErrorByHand() {
  // 1, 2, 3, 4: mean 2.5, sample variance 5/3, standard error sqrt(5/3) / 2.
  const auto [mean, se] = meanAndSe(torch::tensor({1.0, 2.0, 3.0, 4.0}, torch::kDouble));
  QCOMPARE(mean, 2.5);
  QVERIFY(std::abs(se - std::sqrt(5.0 / 3.0) / 2.0) < 1e-12);
  QCOMPARE(meanAndSe(torch::tensor({7.0}, torch::kDouble)).second, 0.0);  // one example
}

void TstStructure::importanceLeavesTheGatesAsTheyWere() {
  GraphVae m = modelIgnoringZ3ForZ1();
  m->gates()->freeze(m->gates()->index(3, 2), 1.0);
  auto before = m->gates()->frozen.clone();
  ImportanceOptions o;
  o.with_on = false;
  auto edges = edgeImportance(*m, data(40, 2), o);
  QVERIFY(torch::equal(before, m->gates()->frozen));
  QCOMPARE(int(edge(edges, 3, 2).frozen), 1);
  QVERIFY(std::isnan(edges[0].on_relaxed));  // not measured without with_on
  // Stopping early gives nothing and restores the gates too.
  o.should_stop = [] { return true; };
  QVERIFY(edgeImportance(*m, data(40, 2), o).empty());
  QVERIFY(torch::equal(before, m->gates()->frozen));
}

// A synthetic objective over two gates, optimized as training optimizes them: relaxed samples,
// Adam, plus edgeCostTerm. Gate 0 earns 2 nats when on; gate 1 earns nothing.
void TstStructure::edgeCostDrivesUselessEdgesOff() {
  torch::manual_seed(3);
  Gates gates(3);                   // three gates: (3,2) [index 0], (2,1) [1], (3,1) [2]
  struct Model : LatentModelImpl {  // only gates() and gatesLearnable() are used
    explicit Model(Gates g) : g_(register_module("gates", g)) {}
    int64_t nodes() const override { return 3; }
    int64_t nodeDim() const override { return 1; }
    ElboTerms elbo(const torch::Tensor&, const PassOptions&) override { return {}; }
    torch::Tensor logImportanceWeights(const torch::Tensor&, int64_t, const PassOptions&) override {
      return {};
    }
    torch::Tensor posteriorMean(const torch::Tensor&, const PassOptions&) override { return {}; }
    torch::Tensor samplePrior(int64_t, const PassOptions&) override { return {}; }
    torch::Tensor decode(const torch::Tensor&) override { return {}; }
    void initOutputBias(const torch::Tensor&) override {}
    GatesImpl* gates() override { return g_.get(); }
    bool gatesLearnable() const override { return true; }
    Gates g_;
  } model(gates);
  RunConfig c;
  c.edge_cost = 0.2;
  const double warm = c.effectiveWarmup();
  QVERIFY(warm > 0);
  const double after = warm + 1;  // past the KL warm-up: the full price
  Adam opt(model.named_parameters().pairs(), 0.05);
  for (int step = 0; step < 600; ++step) {
    auto g = gates->sample(GateMode::kRelaxed, 0.5, 64);  // [64, 3]
    auto loss = -2.0 * g.select(1, 0).mean() + edgeCostTerm(model, c, after);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    gates->project();
  }
  auto mu = gates->mu();
  QVERIFY2(mu[0].item<double>() > 0.9, qPrintable(QString::number(mu[0].item<double>())));
  QVERIFY2(mu[1].item<double>() < 0.1, qPrintable(QString::number(mu[1].item<double>())));
  QVERIFY2(mu[2].item<double>() < 0.1, qPrintable(QString::number(mu[2].item<double>())));
  // Frozen gates are free of charge.
  gates->freeze(0, 1.0);
  const double expected = 0.2 * (mu[1].item<double>() + mu[2].item<double>());
  QVERIFY(std::abs(edgeCostTerm(model, c, after).item<double>() - expected) < 1e-6);
  // The price rises with the KL warm-up: nothing at the start, half of it halfway.
  QVERIFY(std::abs(edgeCostTerm(model, c, 0).item<double>()) < 1e-12);
  QVERIFY(std::abs(edgeCostTerm(model, c, warm / 2).item<double>() - expected / 2) < 1e-6);
  c.edge_cost = 0;
  QVERIFY(!edgeCostTerm(model, c, after).defined());
}

void TstStructure::edgeCostReachesTraining() {
  RunConfig c = tinyConfig("graph", 3);
  c.edge_cost = 5;  // far above what any edge is worth here
  c.gate_lr = 0.05;
  c.importance_n = 0;
  Collected got = trainToEnd(c);
  QCOMPARE(got.latest.state, TrainerState::kFinished);
  for (double mu : got.epochs.back().gate_mu) QVERIFY2(mu < 0.2, qPrintable(QString::number(mu)));
  RunConfig free = c;
  free.edge_cost = 0;
  free.gate_lr = 0;  // the weights' 1e-3: the gates barely leave 0.5 in 90 steps
  Collected base = trainToEnd(free);
  for (double mu : base.epochs.back().gate_mu) QVERIFY(mu > 0.3);
}

void TstStructure::probGatesStayInTheirClamp() {
  Gates gates(3, GateParam::kProb);
  QCOMPARE(gates->named_parameters().size(), size_t(1));
  QCOMPARE(gates->named_parameters().begin()->key(), std::string("probs"));
  QCOMPARE(gates->mu()[0].item<double>(), 0.5);
  {
    torch::NoGradGuard no_grad;
    gates->weight.copy_(torch::tensor({kGateProbMin, 1.0 - kGateProbMin, 0.3}));
  }
  Adam opt(gates->named_parameters().pairs(), 0.5);  // huge steps: straight past the clamp
  for (int step = 0; step < 20; ++step) {
    for (bool st : {false, true}) {
      auto c = gates->sample(GateMode::kRelaxed, 0.1, 16, st);
      QVERIFY(torch::isfinite(c).all().item<bool>());
      // Pushes gate 0 down and gate 1 up, past their clamps.
      auto loss = c.select(1, 0).sum() - c.select(1, 1).sum() + gates->freeMu().sum();
      opt.zeroGrad();
      loss.backward();
      QVERIFY(torch::isfinite(gates->weight.grad()).all().item<bool>());
      opt.step();
      gates->project();
    }
    auto mu = gates->mu();
    QVERIFY(mu.min().item<float>() >= float(kGateProbMin));  // float32 storage
    QVERIFY(mu.max().item<float>() <= float(1.0 - kGateProbMin));
  }
  QVERIFY(torch::isfinite(gates->theta()).all().item<bool>());
  QCOMPARE(gates->mu()[0].item<float>(), float(kGateProbMin));
}

void TstStructure::straightThroughDrawsBinaryGates() {
  torch::manual_seed(9);
  Gates gates(4);
  {
    torch::NoGradGuard no_grad;
    gates->weight.fill_(std::log(0.2 / 0.8));  // mu = 0.2
  }
  auto c = gates->sample(GateMode::kRelaxed, 1.0, 20000, /*straight_through=*/true);
  QVERIFY(((c == 0) | (c == 1)).all().item<bool>());
  QVERIFY(std::abs(c.mean().item<double>() - 0.2) < 0.01);  // exact Bernoulli(mu) draws
  c.sum().backward();                                       // the relaxed gradient reaches theta
  QVERIFY(gates->weight.grad().abs().min().item<double>() > 0);
}

void TstStructure::gateLearningRateOfItsOwn() {
  // Same gradient, learning rates 1e-3 (weights) and 0.1 (gates): the gates move 100x as far.
  auto w = torch::zeros({1}, torch::requires_grad());
  auto g = torch::zeros({1}, torch::requires_grad());
  Adam opt({{"decoder.w", w}, {"gates.logits", g}}, 1e-3);
  opt.setLrScale("gates.", 100);
  (w + g).sum().backward();
  opt.step();
  QVERIFY(std::abs(g.item<double>() / w.item<double>() - 100.0) < 1e-3);
}

void TstStructure::sparseOptionsRefusedWhereTheyDoNotApply_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("value");
  QTest::newRow("edge cost") << "edge_cost"
                             << "0.2";
  QTest::newRow("gate param") << "gate_param"
                              << "prob";
  QTest::newRow("gate lr") << "gate_lr"
                           << "0.01";
  QTest::newRow("estimator") << "gate_estimator"
                             << "straight-through";
  QTest::newRow("per example") << "per_example_gates"
                               << "1";
  QTest::newRow("eval gates") << "eval_gates"
                              << "hard";
}

void TstStructure::sparseOptionsRefusedWhereTheyDoNotApply() {
  QFETCH(QString, key);
  QFETCH(QString, value);
  const RunOption* o = findOptionByKey(key.toStdString());
  QVERIFY(o);
  for (const char* model : {"graph", "graph-iaf", "recurrent-graph", "vae", "fc", "lstm"}) {
    RunConfig c;
    c.model = model;
    if (c.model == "recurrent-graph") c.dataset = "strokes";
    QVERIFY(o->set(c, value.toStdString()));
    QVERIFY(c.validate().ok);
    Status st = c.checkApplicable();
    const bool learned =
        c.model == "graph" || c.model == "graph-iaf" || c.model == "recurrent-graph";
    QCOMPARE(st.ok, learned);
    if (!learned) {
      QVERIFY2(st.message.find(o->flag()) != std::string::npos, st.message.c_str());
      QVERIFY(st.message.find("learned gates") != std::string::npos);
      QCOMPARE(o->get(c.withApplicableOnly()), o->defaultValue());  // compare drops it
    }
  }
}

void TstStructure::sparseRunResumesBitForBit() {
  QTemporaryDir dir;
  RunConfig whole = tinyConfig("graph", 3);
  whole.edge_cost = 0.3;
  whole.gate_param = "prob";
  whole.gate_lr = 0.01;
  whole.gate_estimator = "straight-through";
  whole.per_example_gates = true;
  whole.importance_n = 64;
  whole.out_path = dir.filePath(QStringLiteral("whole.h5")).toStdString();
  RunRecord ra, rb;
  QVERIFY(trainWholeAndResumed(whole, 2, dir.filePath(QStringLiteral("part.h5")).toStdString(), &ra,
                               &rb));
  RunConfig back;
  QVERIFY(RunConfig::fromKeyValues(rb.config, &back).ok);
  QCOMPARE(back.edge_cost, 0.3);
  QCOMPARE(back.gate_param, std::string("prob"));
  QCOMPARE(back.gate_lr, 0.01);
  QCOMPARE(back.gate_estimator, std::string("straight-through"));
  QVERIFY(back.per_example_gates);
  QCOMPARE(rb.epochs.size(), size_t(3));
  for (size_t e = 0; e < 3; ++e) {
    QCOMPARE(rb.epochs[e].valid_elbo, ra.epochs[e].valid_elbo);
    QCOMPARE(rb.epochs[e].gate_mu, ra.epochs[e].gate_mu);
    QCOMPARE(rb.epochs[e].importance_relaxed, ra.epochs[e].importance_relaxed);
    QCOMPARE(rb.epochs[e].importance_sampled.size(), size_t(3));
  }
  for (size_t k = 0; k < ra.checkpoint->model.size(); ++k)
    QCOMPARE(rb.checkpoint->model[k].values, ra.checkpoint->model[k].values);
  // The probabilities are what the checkpoint holds for these gates, inside their clamp.
  bool found = false;
  for (const auto& a : rb.checkpoint->model)
    if (a.name == "gates.probs") {
      found = true;
      for (float p : a.values) QVERIFY(p >= float(kGateProbMin) && p <= float(1 - kGateProbMin));
    }
  QVERIFY(found);
}

void TstStructure::validationNamesItsGateSetting() {
  QTemporaryDir dir;
  RunConfig c = tinyConfig("graph", 2);
  c.importance_n = 0;
  c.out_path = dir.filePath(QStringLiteral("run.h5")).toStdString();
  Collected got = trainToEnd(c);
  QCOMPARE(got.epochs.back().valid_gates, std::string("sampled"));
  QVERIFY(got.epochs.back().importance_relaxed.empty());
  RunRecord r;
  QVERIFY(readRunFile(c.out_path, &r).ok);
  QCOMPARE(r.epochs.back().valid_gates, std::string("sampled"));
  // A run file from before eval_gates validated with hard gates.
  for (auto& [k, v] : r.config)
    if (k == "eval_gates") k = "removed";
  QVERIFY(writeRunFile(c.out_path, r).ok);
  QVERIFY(readRunFile(c.out_path, &r).ok);
  QCOMPARE(r.epochs.back().valid_gates, std::string("hard"));
  // Resumed, such a run keeps validating with hard gates: its curve stays one setting.
  c.epochs = 3;
  Collected resumed = trainToEnd(c, /*resume=*/true);
  QCOMPARE(resumed.latest.state, TrainerState::kFinished);
  QCOMPARE(resumed.epochs.back().valid_gates, std::string("hard"));
  QVERIFY(readRunFile(c.out_path, &r).ok);
  QCOMPARE(r.configValue("eval_gates"), std::string("hard"));
  // Models without gates name none.
  Collected vae = trainToEnd(tinyConfig("vae", 1));
  QCOMPARE(vae.epochs.back().valid_gates, std::string());
}

void TstStructure::hardEvalSaysWhenItRoundsUnconvergedGates() {
  QTemporaryDir dir;
  RunConfig c = tinyConfig("graph", 1);
  c.importance_n = 0;
  c.out_path = dir.filePath(QStringLiteral("run.h5")).toStdString();
  QCOMPARE(trainToEnd(c).latest.state, TrainerState::kFinished);  // mu near 0.5 after 1 epoch
  EvalOptions o;
  o.iw_samples = 2;
  o.eval_n = 50;
  o.device = "cpu";
  o.threads = 1;
  o.write_back = false;
  EvalReport sampled, hard;
  QVERIFY(evaluateRun(c.out_path, o, &sampled).ok);  // default: the run's eval_gates
  QVERIFY(sampled.gate_setting.find("sampled") != std::string::npos);
  QCOMPARE(sampled.unconverged_rounded, int64_t(0));
  o.gates = "hard";
  QVERIFY(evaluateRun(c.out_path, o, &hard).ok);
  QVERIFY(hard.gate_setting.find("hard") != std::string::npos);
  QCOMPARE(hard.unconverged_rounded, int64_t(3));
  o.gates = "relaxed";
  EvalReport relaxed;
  QVERIFY(evaluateRun(c.out_path, o, &relaxed).ok);
  QVERIFY(relaxed.gate_setting.find("relaxed (tau = ") != std::string::npos);
  o.gates = "rounded";
  QVERIFY(!evaluateRun(c.out_path, o, &relaxed).ok);
}

void TstStructure::structureReportRoundTripsThroughTheRunFile() {
  QTemporaryDir dir;
  RunConfig c = tinyConfig("graph", 1);
  c.out_path = dir.filePath(QStringLiteral("run.h5")).toStdString();
  QCOMPARE(trainToEnd(c).latest.state, TrainerState::kFinished);
  StructureOptions o = onCpu(60);
  StructureReport rep;
  QVERIFY(analyzeStructure(c.out_path, o, &rep).ok);
  QCOMPARE(rep.edges.size(), size_t(3));
  QCOMPARE(rep.n, int64_t(60));
  QCOMPARE(rep.epoch, int64_t(1));
  RunRecord r;
  QVERIFY(readRunFile(c.out_path, &r).ok);
  QVERIFY(r.structure.has_value());
  QCOMPARE(r.structure->edges.size(), size_t(3));
  for (size_t g = 0; g < 3; ++g) {
    QCOMPARE(r.structure->edges[g].from, rep.edges[g].from);
    QCOMPARE(r.structure->edges[g].off_sampled, rep.edges[g].off_sampled);
    QCOMPARE(r.structure->edges[g].on_relaxed_se, rep.edges[g].on_relaxed_se);
  }
  QCOMPARE(r.epochs.back().importance_relaxed.size(), size_t(3));  // per epoch, by default
  // The same seed measures the same values; a model without learned gates is refused.
  StructureReport again;
  o.write_back = false;
  QVERIFY(analyzeStructure(c.out_path, o, &again).ok);
  QCOMPARE(again.edges[1].off_relaxed, rep.edges[1].off_relaxed);
  RunConfig v = tinyConfig("fc", 1);
  v.out_path = dir.filePath(QStringLiteral("fc.h5")).toStdString();
  QCOMPARE(trainToEnd(v).latest.state, TrainerState::kFinished);
  Status st = analyzeStructure(v.out_path, o, &again);
  QVERIFY(!st.ok);
  QVERIFY2(st.message.find("no learned gates") != std::string::npos, st.message.c_str());
}

void TstStructure::supervisionTouchesOnlyLabelledRows() {
  torch::manual_seed(4);
  // Factor columns: 0 categorical (3 classes) on node 1, 1 continuous on node 0; N' = 2.
  auto train = torch::tensor({{0.f, 1.f}, {1.f, 3.f}, {2.f, 5.f}, {1.f, 7.f}});
  FactorHeads heads(std::vector<SupervisedFactor>{{0, 1, {"kind", 3}}, {1, 0, {"size", 0}}}, 2,
                    train);
  auto z = torch::randn({4, 4}, torch::requires_grad());
  auto labelled = torch::tensor({false, true, false, true});
  auto nll = heads->negLogLikelihood(z, train, labelled);
  QCOMPARE(nll[0].item<float>(), 0.f);
  QCOMPARE(nll[2].item<float>(), 0.f);
  QVERIFY(nll[1].item<float>() > 0 && nll[3].item<float>() > 0);
  nll.sum().backward();
  auto g = z.grad().abs().sum(1);
  QCOMPARE(g[0].item<float>(), 0.f);
  QCOMPARE(g[2].item<float>(), 0.f);
  QVERIFY(g[1].item<float>() > 0 && g[3].item<float>() > 0);
  // Only the supervised nodes' columns get gradient: node 0 (cols 0-1) and node 1 (cols 2-3).
  auto all = heads->negLogLikelihood(z, train, torch::ones({4}, torch::kBool));
  QVERIFY(std::isfinite(all.sum().item<double>()));
}

void TstStructure::supervisedFactorsFollowTheRootFirstOrder() {
  RunConfig c = tinyConfig("graph");
  DataSplits data;
  QVERIFY(loadDataSplits(c, torch::kCPU, &data).ok);
  QCOMPARE(data.train.factors.size(1), int64_t(5));
  QCOMPARE(data.valid.factors.size(0), data.valid.size());
  c.supervise_factors = 0.5;
  std::vector<SupervisedFactor> f;
  QVERIFY(supervisedFactors(c, data, 5, &f).ok);
  QCOMPARE(f.size(), size_t(5));
  // shape on the root z5, then scale, rotation, x, y: every true edge goes down the indices.
  const char* names[] = {"shape", "scale", "rotation", "x", "y"};
  for (int k = 0; k < 5; ++k) {
    QCOMPARE(f[k].info.name, std::string(names[k]));
    QCOMPARE(f[k].node, int64_t(4 - k));
  }
  c.factor_order = "y,x";
  QVERIFY(supervisedFactors(c, data, 3, &f).ok);
  QCOMPARE(f.size(), size_t(2));
  QCOMPARE(f[0].column, int64_t(4));
  QCOMPARE(f[0].node, int64_t(2));
  for (const char* bad : {"y,colour", "x,x"}) {
    c.factor_order = bad;
    Status st = supervisedFactors(c, data, 5, &f);
    QVERIFY(!st.ok);
    QVERIFY2(st.message.find("--factor-order") != std::string::npos, st.message.c_str());
  }
  c.factor_order.clear();  // five factors need five nodes
  Status st = supervisedFactors(c, data, 3, &f);
  QVERIFY(!st.ok && st.message.find("3 latent nodes") != std::string::npos);
}

void TstStructure::supervisedRunTrainsItsHeads() {
  QTemporaryDir dir;
  RunConfig c = tinyConfig("graph", 2);
  c.nodes = 5;
  c.supervise_factors = 0.25;
  c.supervise_weight = 5;
  c.importance_n = 0;
  c.out_path = dir.filePath(QStringLiteral("sup.h5")).toStdString();
  std::unique_ptr<TrainingSession> s;
  QVERIFY(TrainingSession::create(c, &s).ok);
  QVERIFY(s->factorHeads());
  QCOMPARE(s->labelled().sum().item<int64_t>(),
           std::llround(0.25 * static_cast<double>(s->data().train.size())));
  QCOMPARE(trainToEnd(c).latest.state, TrainerState::kFinished);
  RunRecord r;
  QVERIFY(readRunFile(c.out_path, &r).ok);
  bool heads = false;
  for (const auto& a : r.checkpoint->model) heads |= a.name == "supervision.heads.0.weight";
  QVERIFY(heads);
  // The structure report names the sprites' factors and judges the alignment.
  StructureOptions o = onCpu(40);
  StructureReport rep;
  QVERIFY(analyzeStructure(c.out_path, o, &rep).ok);
  QCOMPARE(rep.factor_names.size(), size_t(5));
  QCOMPARE(rep.factor_r2.size(), size_t(25));
  QCOMPARE(rep.node_of_factor.size(), size_t(5));
  QVERIFY(!rep.alignment_verdict.empty());
  QVERIFY(readRunFile(c.out_path, &r).ok);
  QCOMPARE(r.structure->factor_r2, rep.factor_r2);
  QCOMPARE(r.structure->alignment_verdict, rep.alignment_verdict);
  QCOMPARE(r.structure->aligned, rep.aligned);
  // Supervision needs factors: the embedded strokes have none.
  RunConfig strokes = tinyConfig("recurrent-graph");
  strokes.supervise_factors = 0.5;
  QVERIFY(!strokes.checkApplicable().ok);
}

QTEST_GUILESS_MAIN(TstStructure)
#include "tst_structure.moc"
