// Tests of the run-setup panel: its defaults, and fields, ranges and scopes from the option table.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSpinBox>
#include <QtTest/QtTest>

#include "app/studio/run_setup_panel.h"
#include "core/training/run_options.h"

using namespace gvae;

namespace {

// The spin box whose tool tip starts with `flag` (tool tips are "--flag: help").
QAbstractSpinBox* field(RunSetupPanel& p, const QString& flag) {
  for (auto* box : p.findChildren<QAbstractSpinBox*>())
    if (box->toolTip().startsWith(flag + QLatin1Char(':'))) return box;
  return nullptr;
}

}  // namespace

class TstRunSetupPanel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void defaultsAreTheDefaultConfig();
  void fieldsComeFromTheOptionTable();
  void fieldsThatDoNotApplyAreDisabledAndNotSent();
};

void TstRunSetupPanel::defaultsAreTheDefaultConfig() {
  RunSetupPanel p;
  const RunConfig c = p.config();
  QCOMPARE(c.model, std::string("graph"));
  QCOMPARE(c.dataset, std::string("sprites"));
  QCOMPARE(c.toKeyValues(), RunConfig().toKeyValues());
  QVERIFY2(p.validationError().isEmpty(), qPrintable(p.validationError()));
}

void TstRunSetupPanel::fieldsComeFromTheOptionTable() {
  RunSetupPanel p;
  int panel_rows = 0;
  for (const RunOption& o : runOptions()) {
    if (!o.in_panel) continue;
    ++panel_rows;
    QAbstractSpinBox* box = field(p, QString::fromStdString(o.flag()));
    QVERIFY2(box, o.key.c_str());
    QVERIFY(box->toolTip().contains(QString::fromStdString(o.help)));
    if (auto* s = qobject_cast<QSpinBox*>(box)) {
      if (std::isfinite(o.hi) && o.hi < 1e9) QCOMPARE(double(s->maximum()), o.hi);
      if (std::isfinite(o.lo)) QCOMPARE(double(s->minimum()), o.lo);
    }
  }
  QVERIFY(panel_rows >= 10);
  // A value outside the table's range cannot be entered.
  auto* nodes = qobject_cast<QSpinBox*>(field(p, QStringLiteral("--nodes")));
  nodes->setValue(1000);
  QCOMPARE(p.config().nodes, int64_t(64));
}

void TstRunSetupPanel::fieldsThatDoNotApplyAreDisabledAndNotSent() {
  RunSetupPanel p;
  auto* tau = qobject_cast<QDoubleSpinBox*>(field(p, QStringLiteral("--tau")));
  QVERIFY(tau->isEnabled());
  tau->setValue(0.5);
  QCOMPARE(p.config().tau, 0.5);
  RunConfig vae;
  vae.model = "vae";
  p.setConfig(vae);
  QVERIFY(!tau->isEnabled());
  QVERIFY(tau->toolTip().contains(QStringLiteral("learned gates")));
  tau->setValue(0.5);  // a value left in a disabled field is not the run's
  QCOMPARE(p.config().tau, RunConfig().tau);
  QVERIFY(p.validationError().isEmpty());
  auto* model = p.findChild<QComboBox*>();
  model->setCurrentText(QStringLiteral("graph"));
  QVERIFY(tau->isEnabled());
  QCOMPARE(p.config().tau, 0.5);
}

QTEST_MAIN(TstRunSetupPanel)
#include "tst_run_setup_panel.moc"
