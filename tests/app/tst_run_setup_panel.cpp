// Tests of the run-setup panel: its defaults, and fields, ranges and scopes from the option table.
#include <qcustomplot.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSpinBox>
#include <QTranslator>
#include <QtTest/QtTest>

#include "app/studio/analysis_panels.h"
#include "app/studio/model_summary.h"
#include "app/studio/run_setup_panel.h"
#include "core/models/model_registry.h"
#include "core/training/run_config.h"
#include "core/training/run_options.h"
#include "widgets/scatter_view.h"

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
  void presetsLoadAWholeSetup();
  void choosingAModelAppliesItsDefaults();
  void coreTextsInTheUsersLanguage();
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
  auto* model = p.findChild<QComboBox*>(QStringLiteral("model"));
  model->setCurrentText(QStringLiteral("graph"));
  QVERIFY(tau->isEnabled());
  QCOMPARE(p.config().tau, 0.5);
}

void TstRunSetupPanel::presetsLoadAWholeSetup() {
  RunSetupPanel p;
  auto* strokes = qobject_cast<QSpinBox*>(field(p, QStringLiteral("--strokes-count")));
  auto* steps = qobject_cast<QSpinBox*>(field(p, QStringLiteral("--max-steps")));
  QVERIFY(strokes && steps);
  QVERIFY(!strokes->isEnabled() && !steps->isEnabled());  // the sprites have no strokes
  auto* preset = p.findChild<QComboBox*>(QStringLiteral("preset"));
  QVERIFY(preset && preset->count() >= 4);
  int quick = -1;
  for (int i = 0; i < preset->count(); ++i)
    if (preset->itemText(i).startsWith(QStringLiteral("Quick handwriting"))) quick = i;
  QVERIFY(quick > 0);
  preset->setCurrentIndex(quick);
  Q_EMIT preset->activated(quick);
  QCOMPARE(preset->currentIndex(), 0);  // a chooser: it shows "Choose a preset…" again
  RunConfig c = p.config();
  QCOMPARE(QString::fromStdString(c.model), QStringLiteral("recurrent-graph"));
  QCOMPARE(QString::fromStdString(c.dataset), QStringLiteral("strokes"));
  QCOMPARE(c.strokes_count, int64_t(1200));
  QCOMPARE(c.max_steps, int64_t(40));
  QCOMPARE(c.epochs, int64_t(3));
  QVERIFY(strokes->isEnabled() && steps->isEnabled());
  QVERIFY(p.validationError().isEmpty());
  steps->setValue(60);  // the fields edit what a preset loaded
  QCOMPARE(p.config().max_steps, int64_t(60));
  // The first preset is the embedded default.
  Q_EMIT preset->activated(1);
  QCOMPARE(p.config().toKeyValues(), RunConfig().toKeyValues());
}

// Choosing a graph model brings its embedded graph and Kipf & Welling's settings; choosing an
// image model again restores the defaults and a dataset of its kind.
// The core's texts the workbench shows follow the translation: the models' summaries (the model
// chooser's tips, the DAG's note: in German it read "Variational graph auto-encoder: ...: kein
// expliziter Graph ...") and the sprites' shapes.
void TstRunSetupPanel::coreTextsInTheUsersLanguage() {
  QTranslator de;
  QVERIFY2(de.load(QStringLiteral(GRAPHVAE_DE_QM)), GRAPHVAE_DE_QM);
  QVERIFY(QCoreApplication::installTranslator(&de));
  const auto uninstall = qScopeGuard([&de] { QCoreApplication::removeTranslator(&de); });
  RunSetupPanel panel;
  auto* models = panel.findChild<QComboBox*>(QStringLiteral("model"));
  QVERIFY(models);
  QCOMPARE(models->count(), int(modelRegistry().size()));
  for (const ModelInfo& m : modelRegistry()) {
    const int row = models->findText(QString::fromStdString(m.name));
    QVERIFY(row >= 0);
    const QString tip = models->itemData(row, Qt::ToolTipRole).toString();
    QCOMPARE(tip, modelSummary(m));
    QVERIFY2(tip != QString::fromStdString(m.summary), qPrintable(tip));  // translated
  }
  QCOMPARE(modelSummary(*findModel("vae")),
           QStringLiteral("VAE: unabhängige Gauß-Knoten, Prior N(0, I)"));
  // The sprites' shapes in the scatter's legend (they read "square", "ellipse", ...).
  LatentPanel latents;
  auto a = std::make_shared<LatentAnalysis>();
  a->n = 4, a->dims = 2, a->node_dim = 2;
  a->means = {0, 1, 1, 0, 2, 2, 3, 1};
  a->labels = {0, 1, 2, 3};
  a->class_names = datasetClassNames("sprites");
  a->stats = LatentStatistics{"valid", 2, {1, 0, 0, 1}, {1, 1}, {1.5, 0.5}, 2};
  latents.setAnalysis(a);
  auto* scatter = latents.findChild<ScatterView*>();
  QVERIFY(scatter);
  QStringList shapes;
  QCPLegend* legend = scatter->findChild<QCustomPlot*>()->legend;
  for (int i = 0; i < legend->itemCount(); ++i)
    if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
      shapes << item->plottable()->name();
  QCOMPARE(shapes, (QStringList{QStringLiteral("Quadrat"), QStringLiteral("Ellipse"),
                                QStringLiteral("Dreieck"), QStringLiteral("Kreuz")}));
  QCoreApplication::removeTranslator(&de);
  QCOMPARE(modelSummary(*findModel("vae")), QString::fromStdString(findModel("vae")->summary));
}

void TstRunSetupPanel::choosingAModelAppliesItsDefaults() {
  RunSetupPanel p;
  auto* model = p.findChild<QComboBox*>(QStringLiteral("model"));
  const auto choose = [model](const char* name) {
    model->setCurrentText(QString::fromLatin1(name));
    Q_EMIT model->activated(model->currentIndex());
  };
  choose("vgae");
  RunConfig c = p.config();
  QCOMPARE(QString::fromStdString(c.dataset), QStringLiteral("sbm"));
  QCOMPARE(c.nodes, int64_t(1));
  QCOMPARE(c.node_dim, int64_t(16));
  QCOMPARE(c.lr, 0.01);
  QCOMPARE(c.epochs, int64_t(200));
  QVERIFY(field(p, QStringLiteral("--gcn-hidden"))->isEnabled());
  QVERIFY2(p.validationError().isEmpty(), qPrintable(p.validationError()));
  choose("gae");  // the same defaults: a changed field stays as it is
  QCOMPARE(p.config().epochs, int64_t(200));
  choose("vae");
  c = p.config();
  const RunConfig d;
  QCOMPARE(QString::fromStdString(c.dataset), QStringLiteral("sprites"));
  QCOMPARE(c.nodes, d.nodes);
  QCOMPARE(c.lr, d.lr);
  QCOMPARE(c.epochs, d.epochs);
  QVERIFY(!field(p, QStringLiteral("--gcn-hidden"))->isEnabled());
  choose("recurrent-graph");
  QCOMPARE(QString::fromStdString(p.config().dataset), QStringLiteral("strokes"));
  QVERIFY(p.validationError().isEmpty());
}

QTEST_MAIN(TstRunSetupPanel)
#include "tst_run_setup_panel.moc"
