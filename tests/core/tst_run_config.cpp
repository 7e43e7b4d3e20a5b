// Tests of RunConfig: key/value round trip through the run file form, strict parsing, validation.
#include <QtTest/QtTest>

#include "core/training/run_config.h"
#include "core/util/parse_number.h"

using namespace gvae;

class TstRunConfig : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void roundTrip();
  void parseNumberIsStrict();
  void validateNamesTheOption_data();
  void validateNamesTheOption();
};

void TstRunConfig::roundTrip() {
  RunConfig c;
  c.model = "ladder";
  c.dataset = "mnist";
  c.data_dir = "/data/mnist dir";
  c.binarize = "stochastic";
  c.nodes = 7;
  c.node_dim = 3;
  c.encoder_hidden = {300, 20};
  c.lr = 0.1 + 0.2;  // not exactly representable: must survive the text form bit for bit
  c.tau_decay = 0.97;
  c.per_example_gates = true;
  c.seed = 18446744073709551615ULL;
  c.warmup_epochs = 2.5;
  RunConfig back;
  QVERIFY(RunConfig::fromKeyValues(c.toKeyValues(), &back).ok);
  QCOMPARE(back.toKeyValues(), c.toKeyValues());
  QCOMPARE(back.lr, c.lr);
  QCOMPARE(back.seed, c.seed);
  QCOMPARE(back.encoder_hidden, c.encoder_hidden);
  QVERIFY(back.per_example_gates);
  // Unknown keys (other tools, later versions) are ignored; unreadable values are errors.
  auto kv = c.toKeyValues();
  kv.emplace_back("written_by_a_later_version", "x");
  QVERIFY(RunConfig::fromKeyValues(kv, &back).ok);
  kv.emplace_back("nodes", "five");
  Status st = RunConfig::fromKeyValues(kv, &back);
  QVERIFY(!st.ok);
  QVERIFY(st.message.find("nodes") != std::string::npos);
}

void TstRunConfig::parseNumberIsStrict() {
  int64_t i = 0;
  double d = 0;
  uint64_t u = 0;
  QVERIFY(parseNumber("42", &i) && i == 42);
  QVERIFY(parseNumber("-3.5e-2", &d) && d == -3.5e-2);
  QVERIFY(!parseNumber("42x", &i));
  QVERIFY(!parseNumber("", &i));
  QVERIFY(!parseNumber("-1", &u));
  QVERIFY(!parseNumber("99999999999999999999999", &i));
}

void TstRunConfig::validateNamesTheOption_data() {
  QTest::addColumn<QString>("field");
  QTest::addColumn<QString>("mentions");
  QTest::newRow("model") << "model"
                         << "--model";
  QTest::newRow("dataset") << "dataset"
                           << "--dataset";
  QTest::newRow("mnist without data") << "mnist"
                                      << "--data";
  QTest::newRow("epochs") << "epochs"
                          << "--epochs";
  QTest::newRow("batch") << "batch"
                         << "--batch";
  QTest::newRow("lr") << "lr"
                      << "--lr";
  QTest::newRow("tau") << "tau"
                       << "--tau";
  QTest::newRow("device") << "device"
                          << "--device";
  QTest::newRow("auto-freeze") << "freeze"
                               << "auto-freeze";
}

void TstRunConfig::validateNamesTheOption() {
  QFETCH(QString, field);
  QFETCH(QString, mentions);
  RunConfig c;
  QVERIFY(c.validate().ok);
  if (field == "model") c.model = "gan";
  if (field == "dataset") c.dataset = "cifar";
  if (field == "mnist") c.dataset = "mnist";
  if (field == "epochs") c.epochs = 0;
  if (field == "batch") c.batch = 1;
  if (field == "lr") c.lr = -1;
  if (field == "tau") c.tau = 0;
  if (field == "device") c.device = "tpu";
  if (field == "freeze") c.auto_freeze_eps = 0.7;
  Status st = c.validate();
  QVERIFY(!st.ok);
  QVERIFY2(st.message.find(mentions.toStdString()) != std::string::npos, st.message.c_str());
}

QTEST_GUILESS_MAIN(TstRunConfig)
#include "tst_run_config.moc"
