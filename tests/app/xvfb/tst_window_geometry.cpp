// The workbench under a real X server (run by in_xvfb.sh at 1366x768 and 1920x1080): the window
// opens inside the screen's available area, and in every named layout the visible docks lie
// inside the window, reach their minimum size and do not overlap, nor do the widgets that the
// docks' layouts place side by side.
#include <qcustomplot.h>

#include <QAbstractScrollArea>
#include <QDir>
#include <QDockWidget>
#include <QLayout>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QTranslator>
#include <QtTest/QtTest>

#include "app/studio/main_window.h"
#include "app/studio/training_panel.h"
#include "core/training/trainer.h"
#include "tests/tiny_config.h"
#include "widgets/heatmap_view.h"

using namespace gvae;

namespace {

QString describe(const QWidget* w) {
  const QRect g = w->geometry();
  return QStringLiteral("%1 '%2' at %3,%4 %5x%6")
      .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName())
      .arg(g.x())
      .arg(g.y())
      .arg(g.width())
      .arg(g.height());
}

// Whether `w` is placed by `layout` or one of its nested layouts.
bool placedBy(const QLayout* layout, const QWidget* w) {
  for (int i = 0; i < layout->count(); ++i) {
    QLayoutItem* item = layout->itemAt(i);
    if (item->widget() == w) return true;
    if (item->layout() && placedBy(item->layout(), w)) return true;
  }
  return false;
}

// Widgets that a layout places inside `parent`: each inside it, none over another; then the
// same inside each of them (and inside a scroll area's content).
void checkChildren(const QWidget* parent, QStringList* problems, int* checked) {
  std::vector<const QWidget*> placed;
  if (const QLayout* layout = parent->layout()) {
    for (const QWidget* c : parent->findChildren<QWidget*>(Qt::FindDirectChildrenOnly))
      if (c->isVisible() && !c->isWindow() && placedBy(layout, c)) placed.push_back(c);
  }
  *checked += int(placed.size());
  for (size_t a = 0; a < placed.size(); ++a) {
    const QRect r = placed[a]->geometry();
    if (!parent->rect().contains(r))
      *problems << QStringLiteral("%1 sticks out of %2").arg(describe(placed[a]), describe(parent));
    const int least = placed[a]->minimumSizeHint().width();
    if (r.width() < least)
      *problems
          << QStringLiteral("%1 is narrower than its least %2").arg(describe(placed[a])).arg(least);
    for (size_t b = a + 1; b < placed.size(); ++b)
      if (r.intersects(placed[b]->geometry()))
        *problems << QStringLiteral("%1 overlaps %2").arg(describe(placed[a]), describe(placed[b]));
    checkChildren(placed[a], problems, checked);
  }
  if (const auto* scroll = qobject_cast<const QScrollArea*>(parent); scroll && scroll->widget())
    checkChildren(scroll->widget(), problems, checked);
}

}  // namespace

class TstWindowGeometry : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void firstWindowUsesTheScreen();
  void trainingTextsKeepTheWindow();
  void layouts_data();
  void layouts();

 private:
  QTemporaryDir dir_;
  QString run_, recurrent_;
};

void TstWindowGeometry::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QSettings().clear();  // no window state of an earlier test
  QVERIFY(QGuiApplication::platformName() == QLatin1String("xcb"));
  RunConfig c = tinyConfig("graph", 1);
  c.nodes = 5;  // the default shape: ten gates, 80 units, traversals of 16 rows
  c.node_dim = 16;
  run_ = dir_.filePath(QStringLiteral("run.h5"));
  c.out_path = run_.toStdString();
  Trainer t(c);
  t.start();
  t.wait();
  QCOMPARE(t.state(), TrainerState::kFinished);
  // The handwriting model: 35 gates (the gate matrix, a Gates plot without legend), strokes.
  RunConfig r = tinyConfig("recurrent-graph", 1);
  r.nodes = 5;
  // As deep and long as a new run's own path: a label holding it once widened the window.
  QVERIFY(
      QDir().mkpath(dir_.filePath(QStringLiteral(".local/share/graphvae/graphvae-studio/runs"))));
  recurrent_ = dir_.filePath(QStringLiteral(
      ".local/share/graphvae/graphvae-studio/runs/recurrent-graph-strokes-20261205-032501.h5"));
  r.out_path = recurrent_.toStdString();
  Trainer tr(r);
  tr.start();
  tr.wait();
  QCOMPARE(tr.state(), TrainerState::kFinished);
}

void TstWindowGeometry::firstWindowUsesTheScreen() {
  MainWindow w;
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  const QRect avail = w.screen()->availableGeometry();
  QVERIFY2(avail.contains(w.frameGeometry()),
           qPrintable(QStringLiteral("window %1 outside the screen's %2")
                          .arg(describe(&w))
                          .arg(avail.width())));
  // A small screen is used whole, a large one mostly (not a fixed 1500 x 1050).
  QVERIFY(w.frameGeometry().width() >= 0.85 * avail.width());
  QVERIFY(w.frameGeometry().height() >= 0.85 * avail.height());
}

// The Training dock's texts while a run goes through every stage, long ones included: the
// window keeps its size and place. ("Epoch 4 of 10 · ETA 4 min 22 s · measuring each edge's
// importance…" once widened it by 90 pixels, past a 1366-pixel screen, for good.)
void TstWindowGeometry::trainingTextsKeepTheWindow() {
  MainWindow w;
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  auto* panel = w.findChild<TrainingPanel*>();
  QVERIFY(panel);
  QTest::qWait(200);
  const QRect before = w.frameGeometry();
  LiveStatus s;
  s.epoch = 1000;
  s.total_epochs = 1000;
  s.batches_per_epoch = 469;
  s.batch_in_epoch = 17;
  s.samples_per_s = 123456;
  s.tau = 0.5;
  s.lr = 1e-3;
  s.device = "cuda:0 (NVIDIA H200 NVL with a long product name)";
  s.threads = 16;
  QStringList seen;
  for (TrainerState state : {TrainerState::kLoading, TrainerState::kRunning, TrainerState::kPaused})
    for (const char* stage : {"data", "model", "file", "", "validate", "importance", "save"}) {
      s.state = state;
      s.stage = stage;
      s.last_epoch_wall_s = state == TrainerState::kRunning ? 360000 : 0;  // an ETA in days
      panel->setStatus(s, 128);
      QTest::qWait(20);
      seen << panel->etaText();
      QVERIFY2(w.frameGeometry() == before,
               qPrintable(QStringLiteral("'%1' moved the window %2x%3 to %4")
                              .arg(panel->etaText())
                              .arg(before.width())
                              .arg(before.height())
                              .arg(describe(&w))));
    }
  // The longest text was there to widen it.
  QVERIFY(std::any_of(seen.begin(), seen.end(), [](const QString& t) {
    return t.contains(TrainingPanel::stageText("importance")) && t.contains(QLatin1String("ETA"));
  }));
}

void TstWindowGeometry::layouts_data() {
  QTest::addColumn<QString>("name");
  QTest::addColumn<bool>("beforeShow");  // as --layout and a kept layout do, or from the menu
  QTest::addColumn<bool>("recurrent");   // the handwriting run instead of the sprites run
  QTest::addColumn<bool>("german");      // the German translation (longer texts) installed
  for (const QString& name : MainWindow::layoutNames()) {
    QTest::newRow(qPrintable(name + QStringLiteral(" before show")))
        << name << true << false << false;
    QTest::newRow(qPrintable(name + QStringLiteral(" from the menu")))
        << name << false << false << false;
    QTest::newRow(qPrintable(name + QStringLiteral(", handwriting")))
        << name << false << true << false;
    QTest::newRow(qPrintable(name + QStringLiteral(", German"))) << name << true << false << true;
  }
}

void TstWindowGeometry::layouts() {
  QFETCH(QString, name);
  QFETCH(bool, beforeShow);
  QFETCH(bool, recurrent);
  QFETCH(bool, german);
  QTranslator de;  // installed before the window is made, removed after it is gone
  if (german) {
    QVERIFY2(de.load(QStringLiteral(GRAPHVAE_DE_QM)), GRAPHVAE_DE_QM);
    QVERIFY(QCoreApplication::installTranslator(&de));
  }
  const auto uninstall = qScopeGuard([&de] { QCoreApplication::removeTranslator(&de); });
  MainWindow w;
  if (beforeShow) w.applyLayout(name);
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  // The layout first, then real content (labels, bars, a DAG, grids of the right sizes).
  if (!beforeShow) w.applyLayout(name);
  QCOMPARE(w.layoutName(), name);
  QSignalSpy loaded(&w, &MainWindow::runLoaded);
  w.openRun(recurrent ? recurrent_ : run_);
  QVERIFY(loaded.wait(30000));
  // Every view filled (a heatmap, grids of images, legends), then the docks settle.
  QVERIFY(w.waitForAnalysis(60000));
  QTest::qWait(300);

  QStringList problems;
  int checked = 0;  // widgets placed by the docks' layouts
  const QRect avail = w.screen()->availableGeometry();
  if (!avail.contains(w.frameGeometry()))
    problems << QStringLiteral("the window %1 leaves the screen").arg(describe(&w));
  std::vector<const QDockWidget*> shown;
  // A tabbed dock behind another stays "visible", moved out of the window: not shown.
  for (const QDockWidget* d : w.findChildren<QDockWidget*>())
    if (d->isVisible() && !d->isFloating() && !d->visibleRegion().isEmpty()) shown.push_back(d);
  QVERIFY2(shown.size() >= 4, qPrintable(QStringLiteral("%1 docks shown").arg(shown.size())));
  for (size_t a = 0; a < shown.size(); ++a) {
    const QDockWidget* d = shown[a];
    const QSize least = d->minimumSizeHint().expandedTo(d->minimumSize());
    if (!w.rect().contains(d->geometry()))
      problems << QStringLiteral("%1 leaves the window").arg(describe(d));
    if (d->width() < least.width() || d->height() < least.height())
      problems << QStringLiteral("%1 is below its minimum %2x%3")
                      .arg(describe(d))
                      .arg(least.width())
                      .arg(least.height());
    for (size_t b = a + 1; b < shown.size(); ++b)
      if (d->geometry().intersects(shown[b]->geometry()))
        problems << QStringLiteral("%1 overlaps %2").arg(describe(d), describe(shown[b]));
    if (d->widget()) {
      if (!d->rect().contains(d->widget()->geometry()))
        problems << QStringLiteral("%1 sticks out of %2").arg(describe(d->widget()), describe(d));
      checkChildren(d->widget(), &problems, &checked);
    }
  }
  // The tabs of tabbed docks show whole titles (QMainWindow's tab bars elide: "Trave…"), and
  // the first layout's nine analysis tabs all fit, without scrolling, on either screen.
  int tab_bars = 0;
  for (const QTabBar* bar : w.findChildren<QTabBar*>(Qt::FindDirectChildrenOnly)) {
    if (!bar->isVisible() || bar->count() == 0) continue;
    ++tab_bars;
    for (int i = 0; i < bar->count(); ++i)
      if (bar->tabRect(i).width() < bar->fontMetrics().horizontalAdvance(bar->tabText(i)))
        problems << QStringLiteral("the tab '%1' is %2 pixels wide, its title %3")
                        .arg(bar->tabText(i))
                        .arg(bar->tabRect(i).width())
                        .arg(bar->fontMetrics().horizontalAdvance(bar->tabText(i)));
    if (name == QLatin1String("training") && bar->count() >= 9 &&
        bar->tabRect(bar->count() - 1).right() >= bar->width())
      problems << QStringLiteral("the tab '%1' ends at %2, past its bar's %3 pixels")
                      .arg(bar->tabText(bar->count() - 1))
                      .arg(bar->tabRect(bar->count() - 1).right())
                      .arg(bar->width());
  }
  QVERIFY(tab_bars >= 1);
  // The correlation matrix's title whole (in a splitter, with an explicit least size below it).
  for (const HeatmapView* heatmap : w.findChildren<HeatmapView*>())
    if (!heatmap->visibleRegion().isEmpty() &&
        heatmap->width() < heatmap->minimumSizeHint().width())
      problems << QStringLiteral("%1 is narrower than its title, %2 pixels")
                      .arg(describe(heatmap))
                      .arg(heatmap->minimumSizeHint().width());
  // Every axis label of the plots on screen whole inside its plot (centred on its axis rect):
  // "validation ROC AUC (held-out edges)" and "latenter Knoten" were cut at both ends.
  for (QCustomPlot* plot : w.findChildren<QCustomPlot*>()) {
    if (plot->visibleRegion().isEmpty()) continue;
    plot->replot(QCustomPlot::rpImmediateRefresh);
    for (const QCPAxisRect* rect : plot->axisRects())
      for (const QCPAxis* axis : rect->axes()) {
        if (!axis->visible() || axis->label().isEmpty()) continue;
        const int half = QFontMetrics(axis->labelFont()).horizontalAdvance(axis->label()) / 2;
        const bool horizontal = axis->orientation() == Qt::Horizontal;
        const int center = horizontal ? rect->rect().center().x() : rect->rect().center().y();
        const int end = horizontal ? plot->width() : plot->height();
        if (center - half < 0 || center + half > end)
          problems << QStringLiteral("the axis label '%1' is cut in %2")
                          .arg(axis->label(), describe(plot->parentWidget()));
      }
  }
  if (!problems.isEmpty())
    for (const QDockWidget* d : shown)
      problems << QStringLiteral("  %1, least %2x%3")
                      .arg(describe(d))
                      .arg(d->minimumSizeHint().width())
                      .arg(d->minimumSizeHint().height());
  QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
  QVERIFY2(checked >= 15, qPrintable(QStringLiteral("only %1 widgets checked").arg(checked)));
  qInfo("%s: %d docks and %d widgets inside them checked", qPrintable(name), int(shown.size()),
        checked);
}

QTEST_MAIN(TstWindowGeometry)
#include "tst_window_geometry.moc"
