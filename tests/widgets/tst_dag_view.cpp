// Tests of the DAG layout, DagView (hit testing, freeze menu, sampling, figure, recurrent gates of
// sequence models) and DagPanel.
#include <QApplication>
#include <QBuffer>
#include <QDoubleSpinBox>
#include <QHelpEvent>
#include <QImage>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSvgGenerator>
#include <QTest>
#include <QToolTip>
#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "figure_test_util.h"
#include "widgets/dag_layout.h"
#include "widgets/dag_panel.h"
#include "widgets/dag_view.h"
#include "widgets/edge_palette.h"

using gvae::DagGeometry;
using gvae::DagPanel;
using gvae::DagView;
using Pairs = std::vector<std::pair<int, int>>;

namespace {

// Every pair i > j of N nodes, ordered by i then j: the gate order of a full Graph VAE.
Pairs allPairs(int nodes) {
  Pairs pairs;
  for (int i = 2; i <= nodes; ++i)
    for (int j = 1; j < i; ++j) pairs.emplace_back(i, j);
  return pairs;
}

// A sequence model's gates: the self pairs i > j, then the recurrent pairs (-i, j) child-major
// (j = 1..N, i = 1..N), as RecurrentGraphVae orders them.
Pairs sequencePairs(int nodes) {
  Pairs pairs = allPairs(nodes);
  for (int j = 1; j <= nodes; ++j)
    for (int i = 1; i <= nodes; ++i) pairs.emplace_back(-i, j);
  return pairs;
}

// Index of `pair` in `pairs` (-1 if absent).
int gateOf(const Pairs& pairs, std::pair<int, int> pair) {
  const auto it = std::find(pairs.begin(), pairs.end(), pair);
  return it == pairs.end() ? -1 : int(it - pairs.begin());
}

// Number of pixels that differ from `background`.
// The tool tip the view shows when the mouse rests at `pos` (empty when none).
QString toolTipAt(gvae::DagView& view, const QPoint& pos) {
  QTest::mouseMove(&view, pos);
  QHelpEvent help(QEvent::ToolTip, pos, view.mapToGlobal(pos));
  QApplication::sendEvent(&view, &help);
  if (!QTest::qWaitFor([] { return QToolTip::isVisible(); })) return {};
  const QString text = QToolTip::text();
  QToolTip::hideText();
  return text;
}

int inkedPixels(const QImage& image, QRgb background) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) n += image.pixel(x, y) != background ? 1 : 0;
  return n;
}

}  // namespace

class TstDagView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void layoutDag_data();
  void layoutDag();
  void layoutFallback();
  void layoutFromThreads();
  void clickOpensMenu_data();
  void clickOpensMenu();
  void clickEmptySpace();
  void hoverToolTip();
  void sampleStructure_data();
  void sampleStructure();
  void nodesOnly();
  void dotContainsEveryEdge();
  void paintFigure();
  void panelButtons();
  void layoutRecurrent_data();
  void layoutRecurrent();
  void layoutRecurrentFallback();
  void imageLayoutsHaveNoPreviousStep();
  void clickRecurrentEdge_data();
  void clickRecurrentEdge();
  void recurrentToolTip();
  void sampleRecurrent();
  void dotWritesPreviousStep();
  void paintRecurrentFigure();
  void widthByImportance();
  void marksColourByVerdict();
  void cleanup();

 private:
  void showView(DagView* view, int nodes);
  void showView(DagView* view, int nodes, const Pairs& pairs);
  // Clicks the anchor of `gate` (which must lie in the view and hit that gate) and waits for
  // the freeze menu; *menu is that menu, or null after a failed check.
  void clickEdge(DagView* view, int gate, QMenu** menu);
};

void TstDagView::cleanup() {
  while (QWidget* popup = QApplication::activePopupWidget()) popup->close();
}

void TstDagView::clickEdge(DagView* view, int gate, QMenu** menu) {
  *menu = nullptr;
  const QPointF anchor = view->edgeAnchor(gate);
  QVERIFY(view->rect().contains(anchor.toPoint()));
  QCOMPARE(view->edgeAt(anchor), gate);
  QTest::mouseClick(view, Qt::LeftButton, {}, anchor.toPoint());
  QTRY_VERIFY(qobject_cast<QMenu*>(QApplication::activePopupWidget()));
  *menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
}

void TstDagView::showView(DagView* view, int nodes) { showView(view, nodes, allPairs(nodes)); }

void TstDagView::showView(DagView* view, int nodes, const Pairs& pairs) {
  view->resize(640, 520);
  view->setGraph(nodes, pairs);
  view->setGates(std::vector<double>(pairs.size(), 0.5), std::vector<int8_t>(pairs.size(), -1));
  view->show();
  QVERIFY(QTest::qWaitForWindowExposed(view));
}

void TstDagView::layoutDag_data() {
  QTest::addColumn<int>("nodes");
  QTest::addColumn<Pairs>("pairs");
  QTest::newRow("N=5 all 10 pairs") << 5 << allPairs(5);
  QTest::newRow("N=3 all pairs") << 3 << allPairs(3);
  QTest::newRow("N=8 all pairs") << 8 << allPairs(8);
  QTest::newRow("N=4 chain") << 4 << Pairs{{4, 3}, {3, 2}, {2, 1}};
}

void TstDagView::layoutDag() {
  QFETCH(int, nodes);
  QFETCH(Pairs, pairs);
  const DagGeometry geo = gvae::layoutDag(nodes, pairs);
  QVERIFY2(geo.from_graphviz, "Graphviz failed: the circle fallback was used");
  QCOMPARE(int(geo.node_pos.size()), nodes);
  QCOMPARE(geo.edges.size(), pairs.size());
  QVERIFY(!geo.node_size.isEmpty());
  std::set<std::pair<double, double>> distinct;
  for (const QPointF& p : geo.node_pos) {
    QVERIFY(geo.bounds.contains(p));
    distinct.emplace(p.x(), p.y());
  }
  QCOMPARE(int(distinct.size()), nodes);
  for (size_t g = 0; g < pairs.size(); ++g) {
    const DagGeometry::Edge& e = geo.edges[g];
    QCOMPARE(e.gate, int(g));
    QVERIFY(!e.path.isEmpty());
    QVERIFY(e.path.length() > 1.0);
    QCOMPARE(e.arrow_head.size(), 4);
    for (double t : {0.0, 0.25, 0.5, 0.75, 1.0})  // (a straight edge has a zero-width box)
      QVERIFY(geo.bounds.adjusted(-1, -1, 1, 1).contains(e.path.pointAtPercent(t)));
    QVERIFY(geo.bounds.contains(e.label_pos));
    // Edges point from the higher index down to the lower one: tail above head.
    const auto [i, j] = pairs[g];
    QVERIFY(geo.node_pos[size_t(i - 1)].y() < geo.node_pos[size_t(j - 1)].y());
    // The curve starts near its tail and the arrow ends near its head.
    const double r = geo.node_size.width();
    QVERIFY(QLineF(e.path.pointAtPercent(0), geo.node_pos[size_t(i - 1)]).length() < r);
    QVERIFY(QLineF(e.arrow_head.first(), geo.node_pos[size_t(j - 1)]).length() < r);
  }
}

void TstDagView::layoutFallback() {
  const DagGeometry circle = gvae::layoutDagCircle(5, allPairs(5));
  QVERIFY(!circle.from_graphviz);
  QCOMPARE(int(circle.node_pos.size()), 5);
  QVERIFY(circle.node_pos[4].y() < circle.node_pos[0].y());  // z_5 on top
  for (const DagGeometry::Edge& e : circle.edges) QVERIFY(!e.path.isEmpty());
  // Invalid pairs keep their slot with an empty path; nothing crashes.
  const DagGeometry bad = gvae::layoutDag(3, Pairs{{3, 1}, {0, 1}, {7, 2}, {2, 2}});
  QCOMPARE(int(bad.edges.size()), 4);
  QVERIFY(!bad.edges[0].path.isEmpty());
  for (int g = 1; g < 4; ++g) QVERIFY(bad.edges[size_t(g)].path.isEmpty());
  const DagGeometry none = gvae::layoutDag(0, Pairs{{2, 1}});
  QVERIFY(none.node_pos.empty());
  QCOMPARE(int(none.edges.size()), 1);
}

void TstDagView::layoutFromThreads() {
  // cgraph is not thread-safe: layoutDag serializes it, so concurrent callers all succeed.
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&ok, t] {
      for (int k = 0; k < 5; ++k) {
        const int nodes = 3 + (t + k) % 4;
        const DagGeometry geo = gvae::layoutDag(nodes, allPairs(nodes));
        if (geo.from_graphviz && int(geo.node_pos.size()) == nodes) ++ok;
      }
    });
  for (std::thread& thread : threads) thread.join();
  QCOMPARE(ok.load(), 20);
}

void TstDagView::clickOpensMenu_data() {
  QTest::addColumn<int>("gate");
  for (int g : {0, 3, 5, 9}) QTest::newRow(qPrintable(QStringLiteral("gate %1").arg(g))) << g;
}

void TstDagView::clickOpensMenu() {
  QFETCH(int, gate);
  DagView view;
  showView(&view, 5);
  QSignalSpy spy(&view, &DagView::freezeRequested);
  QMenu* menu = nullptr;
  clickEdge(&view, gate, &menu);
  QVERIFY(menu);
  for (const char* name : {"freezeOn", "freezeOff", "unfreeze"})
    QVERIFY2(menu->findChild<QAction*>(QLatin1String(name)), name);
  QVERIFY(!menu->findChild<QAction*>(QStringLiteral("unfreeze"))->isEnabled());  // already free
  // The section title (the edge and its mean) fits: the menu is at least as wide as its text.
  const QAction* title = menu->actions().constFirst();
  QVERIFY(title->isSeparator() && title->text().contains(QStringLiteral("μ = ")));
  QFont bold = menu->font();
  bold.setBold(true);
  QVERIFY2(menu->width() > QFontMetrics(bold).horizontalAdvance(title->text()) + 16,
           qPrintable(QStringLiteral("%1 px for %2").arg(menu->width()).arg(title->text())));
  menu->findChild<QAction*>(QStringLiteral("freezeOff"))->trigger();
  QCOMPARE(spy.count(), 1);
  const auto [i, j] = allPairs(5)[size_t(gate)];
  QCOMPARE(spy.at(0).at(0).toInt(), i);
  QCOMPARE(spy.at(0).at(1).toInt(), j);
  QCOMPARE(spy.at(0).at(2).toInt(), 0);
}

void TstDagView::clickEmptySpace() {
  DagView view;
  showView(&view, 5);
  const QPoint corner(3, 3);
  QCOMPARE(view.edgeAt(corner), -1);
  QTest::mouseClick(&view, Qt::LeftButton, {}, corner);
  QTest::qWait(50);
  QVERIFY(!QApplication::activePopupWidget());
  QCOMPARE(view.edgeAt(QPointF(-50, -50)), -1);
}

void TstDagView::hoverToolTip() {
  DagView view;
  showView(&view, 5);
  std::vector<double> mu(10, 0.5);
  std::vector<int8_t> frozen(10, -1);
  mu[2] = 0.734;
  frozen[2] = 1;
  view.setGates(mu, frozen);
  const QPoint pos = view.edgeAnchor(2).toPoint();
  QCOMPARE(toolTipAt(view, pos), QStringLiteral("z3→z2 μ=0.73, frozen to 1"));
}

void TstDagView::sampleStructure_data() {
  QTest::addColumn<double>("mu");
  QTest::addColumn<QList<int>>("frozenOn");
  QTest::addColumn<QList<int>>("frozenOff");
  QTest::addColumn<QList<int>>("expected");
  QList<int> all;
  for (int g = 0; g < 10; ++g) all << g;
  QTest::newRow("mu 0: none") << 0.0 << QList<int>{} << QList<int>{} << QList<int>{};
  QTest::newRow("mu 1: all") << 1.0 << QList<int>{} << QList<int>{} << all;
  QTest::newRow("mu 0, frozen on kept")
      << 0.0 << QList<int>{2, 7} << QList<int>{} << QList<int>{2, 7};
  QTest::newRow("mu 1, frozen off kept")
      << 1.0 << QList<int>{} << QList<int>{0, 9} << QList<int>{1, 2, 3, 4, 5, 6, 7, 8};
}

void TstDagView::sampleStructure() {
  QFETCH(double, mu);
  QFETCH(QList<int>, frozenOn);
  QFETCH(QList<int>, frozenOff);
  QFETCH(QList<int>, expected);
  DagView view;
  view.setGraph(5, allPairs(5));
  std::vector<int8_t> frozen(10, -1);
  for (int g : frozenOn) frozen[size_t(g)] = 1;
  for (int g : frozenOff) frozen[size_t(g)] = 0;
  view.setGates(std::vector<double>(10, mu), frozen);
  QSignalSpy mode(&view, &DagView::sampleModeChanged);
  QVERIFY(!view.showingSample());
  for (quint32 seed : {1u, 42u, 123456u}) {
    view.sampleStructure(seed);
    QVERIFY(view.showingSample());
    const std::vector<int> got = view.sampledEdges();
    QCOMPARE(QList<int>(got.begin(), got.end()), expected);
    for (int g = 0; g < 10; ++g)  // hidden edges are not clickable
      if (!expected.contains(g)) QVERIFY(view.edgeAt(view.edgeAnchor(g)) != g);
  }
  QCOMPARE(mode.count(), 1);
  view.showMeans();
  QVERIFY(!view.showingSample());
  QVERIFY(view.sampledEdges().empty());
  QCOMPARE(mode.count(), 2);
}

void TstDagView::nodesOnly() {
  DagView view;
  view.resize(300, 300);
  view.setGraph(4, {});
  view.setGates({}, {});
  QCOMPARE(int(view.geometry().node_pos.size()), 4);
  QVERIFY(view.geometry().edges.empty());
  QCOMPARE(view.edgeAt(QPointF(150, 150)), -1);
  QCOMPARE(view.edgeAnchor(0), QPointF());
  QImage image(300, 300, QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  view.paintFigure(&painter, image.rect());
  painter.end();
  QVERIFY(inkedPixels(image, qRgb(255, 255, 255)) > 200);
}

void TstDagView::dotContainsEveryEdge() {
  const Pairs pairs = allPairs(5);
  std::vector<double> mu(pairs.size(), 0.25);
  std::vector<int8_t> frozen(pairs.size(), -1);
  frozen[1] = 0;
  frozen[4] = 1;
  const QString dot = gvae::dagToDot(5, pairs, mu, frozen);
  QVERIFY(dot.startsWith(QLatin1String("digraph")));
  for (const auto& [i, j] : pairs)
    QVERIFY2(dot.contains(QStringLiteral("z%1 -> z%2 [").arg(i).arg(j)), qPrintable(dot));
  for (int k = 1; k <= 5; ++k) QVERIFY(dot.contains(QStringLiteral("z%1 [label=").arg(k)));
  QCOMPARE(dot.count(QLatin1String("style=dashed")), 1);
  QCOMPARE(dot.count(QLatin1String("style=bold")), 1);
  QVERIFY(dot.contains(QLatin1String("penwidth=1.50")));  // 0.5 + 4 * 0.25
}

void TstDagView::paintFigure() {
  DagView view;
  view.setGraph(5, allPairs(5));
  std::vector<double> mu(10, 1.0);
  view.setGates(mu, std::vector<int8_t>(10, -1));
  QCOMPARE(view.figureName(), QStringLiteral("dag"));
  QVERIFY(!view.figureSize().isEmpty());
  QImage image(view.figureSize(), QImage::Format_ARGB32);
  image.fill(Qt::transparent);
  QPainter painter(&image);
  view.paintFigure(&painter, image.rect());
  painter.end();
  QVERIFY(inkedPixels(image, qRgb(255, 255, 255)) > 500);
  // Edge 0 is drawn in its palette color somewhere.
  const QRgb c0 = gvae::edgeColor(0).rgb();
  bool found = false;
  for (int y = 0; y < image.height() && !found; ++y)
    for (int x = 0; x < image.width() && !found; ++x) found = image.pixel(x, y) == c0;
  QVERIFY(found);

  // SVG export stays vector: paths, no embedded bitmap.
  const QByteArray svg = svgOf(view);
  QVERIFY(svg.contains("<path"));
  QVERIFY(!svg.contains("<image"));
}

void TstDagView::panelButtons() {
  DagPanel panel;
  panel.view()->setGraph(5, allPairs(5));
  panel.view()->setGates(std::vector<double>(10, 1.0), std::vector<int8_t>(10, -1));
  auto* spin = panel.findChild<QDoubleSpinBox*>(QStringLiteral("epsSpin"));
  QVERIFY(spin);
  QCOMPARE(spin->value(), 0.05);
  spin->setValue(0.12);
  QSignalSpy converged(&panel, &DagPanel::freezeConvergedRequested);
  auto* freeze = panel.findChild<QPushButton*>(QStringLiteral("freezeConverged"));
  QVERIFY(freeze && freeze->toolTip().contains(QStringLiteral("round(μ)")));
  QTest::mouseClick(freeze, Qt::LeftButton);
  QCOMPARE(converged.count(), 1);
  QCOMPARE(converged.at(0).at(0).toDouble(), 0.12);

  auto* sample = panel.findChild<QPushButton*>(QStringLiteral("sampleStructure"));
  auto* means = panel.findChild<QPushButton*>(QStringLiteral("showMeans"));
  QVERIFY(sample && means && !means->isEnabled());
  QTest::mouseClick(sample, Qt::LeftButton);
  QVERIFY(panel.view()->showingSample());
  QCOMPARE(int(panel.view()->sampledEdges().size()), 10);
  QVERIFY(means->isEnabled());
  QTest::mouseClick(means, Qt::LeftButton);
  QVERIFY(!panel.view()->showingSample());
  QVERIFY(!means->isEnabled());

  QSignalSpy forwarded(&panel, &DagPanel::freezeRequested);
  Q_EMIT panel.view()->freezeRequested(3, 1, 1);
  QCOMPARE(forwarded.count(), 1);
  QCOMPARE(forwarded.at(0).at(2).toInt(), 1);
}

void TstDagView::layoutRecurrent_data() {
  QTest::addColumn<int>("nodes");
  QTest::addColumn<Pairs>("pairs");
  QTest::newRow("N=3 3 self + 9 recurrent") << 3 << sequencePairs(3);
  QTest::newRow("N=5 10 self + 25 recurrent") << 5 << sequencePairs(5);
  QTest::newRow("N=4 sparse") << 4 << Pairs{{4, 1}, {-2, 1}, {-4, 4}, {3, 2}, {-1, 3}};
  QTest::newRow("N=2 recurrent only") << 2 << Pairs{{-1, 1}, {-2, 1}, {-1, 2}, {-2, 2}};
}

void TstDagView::layoutRecurrent() {
  QFETCH(int, nodes);
  QFETCH(Pairs, pairs);
  const DagGeometry geo = gvae::layoutDag(nodes, pairs);
  QVERIFY2(geo.from_graphviz, "Graphviz failed: the circle fallback was used");
  QCOMPARE(int(geo.node_pos.size()), nodes);
  QCOMPARE(int(geo.prev_pos.size()), nodes);
  const double d = geo.node_size.width();
  std::set<std::pair<double, double>> distinct;
  for (const auto* positions : {&geo.node_pos, &geo.prev_pos})
    for (const QPointF& p : *positions) {
      QVERIFY(geo.bounds.contains(p));
      distinct.emplace(p.x(), p.y());
    }
  QCOMPARE(int(distinct.size()), 2 * nodes);
  // The previous step is one row above every current node, z_1^{t-1} on the left, and no
  // previous-step node overlaps a current one.
  for (int k = 0; k < nodes; ++k) {
    QCOMPARE(geo.prev_pos[size_t(k)].y(), geo.prev_pos[0].y());
    if (k > 0) QVERIFY(geo.prev_pos[size_t(k)].x() > geo.prev_pos[size_t(k - 1)].x());
    for (const QPointF& current : geo.node_pos) {
      QVERIFY(current.y() > geo.prev_pos[size_t(k)].y() + d / 2);
      QVERIFY(QLineF(current, geo.prev_pos[size_t(k)]).length() >= d);
    }
  }
  QCOMPARE(geo.edges.size(), pairs.size());
  for (size_t g = 0; g < pairs.size(); ++g) {
    const DagGeometry::Edge& e = geo.edges[g];
    QCOMPARE(e.gate, int(g));
    QVERIFY(!e.path.isEmpty());
    QCOMPARE(e.arrow_head.size(), 4);
    const auto [i, j] = pairs[g];
    const QPointF tail = i > 0 ? geo.node_pos[size_t(i - 1)] : geo.prev_pos[size_t(-i - 1)];
    QVERIFY(QLineF(e.path.pointAtPercent(0), tail).length() < d);
    QVERIFY(QLineF(e.arrow_head.first(), geo.node_pos[size_t(j - 1)]).length() < d);
  }
}

void TstDagView::layoutRecurrentFallback() {
  const Pairs pairs = sequencePairs(3);
  const DagGeometry circle = gvae::layoutDagCircle(3, pairs);
  QVERIFY(!circle.from_graphviz);
  QCOMPARE(int(circle.prev_pos.size()), 3);
  for (const QPointF& prev : circle.prev_pos)
    for (const QPointF& current : circle.node_pos) QVERIFY(prev.y() < current.y());
  for (const DagGeometry::Edge& e : circle.edges) QVERIFY(!e.path.isEmpty());
  // Out-of-range recurrent pairs keep their slot with an empty path.
  const DagGeometry bad = gvae::layoutDag(3, Pairs{{-1, 1}, {-4, 1}, {-2, 0}, {-2, 4}});
  QVERIFY(bad.from_graphviz);
  QVERIFY(!bad.edges[0].path.isEmpty());
  for (int g = 1; g < 4; ++g) QVERIFY(bad.edges[size_t(g)].path.isEmpty());
  QVERIFY(gvae::layoutDag(3, Pairs{{-4, 1}, {3, 1}}).prev_pos.empty());  // no valid recurrent
}

void TstDagView::imageLayoutsHaveNoPreviousStep() {
  for (int nodes : {3, 5}) {
    QVERIFY(gvae::layoutDag(nodes, allPairs(nodes)).prev_pos.empty());
    QVERIFY(gvae::layoutDagCircle(nodes, allPairs(nodes)).prev_pos.empty());
  }
  QVERIFY(!gvae::dagToDot(5, allPairs(5), {}, {}).contains(QLatin1String("_prev")));
}

void TstDagView::clickRecurrentEdge_data() {
  QTest::addColumn<int>("i");
  QTest::addColumn<int>("j");
  QTest::newRow("z2(t-1) -> z1") << -2 << 1;
  QTest::newRow("z3(t-1) -> z3") << -3 << 3;
  QTest::newRow("z1(t-1) -> z2") << -1 << 2;
  QTest::newRow("self z3 -> z1") << 3 << 1;
}

void TstDagView::clickRecurrentEdge() {
  QFETCH(int, i);
  QFETCH(int, j);
  const Pairs pairs = sequencePairs(3);
  const int gate = gateOf(pairs, {i, j});
  QVERIFY(gate >= 0);
  DagView view;
  showView(&view, 3, pairs);
  QCOMPARE(int(view.geometry().edges.size()), 12);
  for (const DagGeometry::Edge& e : view.geometry().edges) QVERIFY(!e.path.isEmpty());
  QSignalSpy spy(&view, &DagView::freezeRequested);
  QMenu* menu = nullptr;
  clickEdge(&view, gate, &menu);
  QVERIFY(menu);
  QAction* on = menu->findChild<QAction*>(QStringLiteral("freezeOn"));
  QVERIFY(on && on->isEnabled());
  on->trigger();
  QCOMPARE(spy.count(), 1);
  QCOMPARE(spy.at(0).at(0).toInt(), i);  // negative for a recurrent gate
  QCOMPARE(spy.at(0).at(1).toInt(), j);
  QCOMPARE(spy.at(0).at(2).toInt(), 1);
}

void TstDagView::recurrentToolTip() {
  const Pairs pairs = sequencePairs(3);
  const int gate = gateOf(pairs, {-3, 1});
  DagView view;
  showView(&view, 3, pairs);
  std::vector<double> mu(pairs.size(), 0.5);
  mu[size_t(gate)] = 0.25;
  view.setGates(mu, std::vector<int8_t>(pairs.size(), -1));
  const QPoint pos = view.edgeAnchor(gate).toPoint();
  QCOMPARE(view.edgeAt(pos), gate);
  QCOMPARE(toolTipAt(view, pos), QStringLiteral("z3(t−1)→z1 μ=0.25, free"));
}

void TstDagView::sampleRecurrent() {
  const Pairs pairs = sequencePairs(3);
  DagView view;
  view.setGraph(3, pairs);
  std::vector<int8_t> frozen(pairs.size(), -1);
  const int off = gateOf(pairs, {-1, 1}), on = gateOf(pairs, {-2, 3});
  frozen[size_t(off)] = 0;
  frozen[size_t(on)] = 1;
  std::vector<double> mu(pairs.size(), 1.0);
  mu[size_t(on)] = 0.0;
  view.setGates(mu, frozen);
  view.sampleStructure(7);
  std::vector<int> expected;
  for (int g = 0; g < int(pairs.size()); ++g)
    if (g != off) expected.push_back(g);
  QCOMPARE(view.sampledEdges(), expected);
  QVERIFY(view.edgeAt(view.edgeAnchor(off)) != off);  // hidden, not clickable
}

void TstDagView::dotWritesPreviousStep() {
  const Pairs pairs = sequencePairs(3);
  std::vector<int8_t> frozen(pairs.size(), -1);
  frozen[size_t(gateOf(pairs, {-2, 1}))] = 1;
  frozen[size_t(gateOf(pairs, {-3, 2}))] = 0;
  const QString dot = gvae::dagToDot(3, pairs, std::vector<double>(pairs.size(), 0.5), frozen);
  for (int k = 1; k <= 3; ++k)
    QVERIFY2(dot.contains(QStringLiteral("z%1_prev [label=").arg(k)), qPrintable(dot));
  QVERIFY(dot.contains(QStringLiteral("(t−1)")));
  QVERIFY(dot.contains(QLatin1String("rank=source")));
  for (const auto& [i, j] : pairs) {
    const QString edge = i > 0 ? QStringLiteral("  z%1 -> z%2 [").arg(i).arg(j)
                               : QStringLiteral("  z%1_prev -> z%2 [").arg(-i).arg(j);
    QVERIFY2(dot.contains(edge), qPrintable(edge));
  }
  QCOMPARE(dot.count(QLatin1String("arrowhead=empty")), 9);
  QCOMPARE(dot.count(QLatin1String("style=\"dotted,bold\"")), 1);
  QVERIFY(dot.contains(QLatin1String("color=\"grey60\", style=dotted")));
  QCOMPARE(dot.count(QLatin1String("style=dashed")), 3);  // the three previous-step nodes
}

void TstDagView::paintRecurrentFigure() {
  const Pairs pairs = sequencePairs(3);
  DagView view;
  view.setGraph(3, pairs);
  view.setGates(std::vector<double>(pairs.size(), 1.0), std::vector<int8_t>(pairs.size(), -1));
  QImage image(view.figureSize(), QImage::Format_ARGB32);
  image.fill(Qt::transparent);
  QPainter painter(&image);
  view.paintFigure(&painter, image.rect());
  painter.end();
  QVERIFY(inkedPixels(image, qRgb(255, 255, 255)) > 1000);
  // The legend line sits below the drawing: ink in the bottom strip, centered.
  const int strip = QFontMetrics(view.font()).height() + 6;
  QVERIFY(inkedPixels(image.copy(0, image.height() - strip, image.width(), strip),
                      qRgb(255, 255, 255)) > 50);

  const QByteArray svg = svgOf(view);
  QVERIFY(svg.contains("<path"));
  QVERIFY(!svg.contains("<image"));
}

void TstDagView::widthByImportance() {
  DagView view;
  showView(&view, 3);  // gates (3,2), (2,1), (3,1)
  view.setGates({0.9, 0.9, 0.9}, std::vector<int8_t>(3, -1));
  // Forcing (3,2) off costs 2 nats, (2,1) 0.5, and (3,1) nothing.
  view.setImportance({-2.0, -0.5, 0.01}, {-1.5, -0.4, 0.0});
  const QPoint pos = view.edgeAnchor(0).toPoint();
  QVERIFY2(toolTipAt(view, pos).contains(QStringLiteral("-2.00 nats (relaxed gates), -1.50")),
           qPrintable(toolTipAt(view, pos)));
  auto render = [&view] {
    QImage image(view.figureSize(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    view.paintFigure(&painter, image.rect());
    return image;
  };
  // Edge 2's colour covers fewer pixels by importance (0 nats: thinnest, faint) than by mu.
  auto edgeInk = [](const QImage& image, int g) {
    const QColor c = gvae::edgeColor(g);
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
      for (int x = 0; x < image.width(); ++x) {
        const QColor p = image.pixelColor(x, y);
        n += std::abs(p.hue() - c.hue()) < 6 && p.saturation() > 40;
      }
    return n;
  };
  const QImage by_mu = render();
  view.setWidthByImportance(true);
  QVERIFY(view.widthByImportance());
  const QImage by_importance = render();
  QVERIFY(by_mu != by_importance);
  QVERIFY2(
      edgeInk(by_importance, 2) < edgeInk(by_mu, 2),
      qPrintable(QStringLiteral("%1 vs %2").arg(edgeInk(by_importance, 2)).arg(edgeInk(by_mu, 2))));
  // Without measured importances the view keeps drawing by mu.
  view.setImportance({}, {});
  QVERIFY(render() == by_mu);
}
void TstDagView::marksColourByVerdict() {
  // A comparison with a true DAG: the colour of an edge says only how it compares. A correct
  // edge whose palette colour is orange (the reversed mark's) must not be drawn orange.
  DagView view;
  view.setGraph(5, {{5, 4}, {5, 3}, {2, 1}, {4, 3}});
  view.setGates(std::vector<double>(4, 1.0), std::vector<int8_t>(4, -1));
  view.setEdgeMarks(
      {DagView::kEdgeAsIs, DagView::kEdgeAsIs, DagView::kEdgeAsIs, DagView::kEdgeExtra});
  QImage image(view.figureSize(), QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  view.paintFigure(&painter, image.rect());
  painter.end();
  auto ink = [&image](const QColor& c) {
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
      for (int x = 0; x < image.width(); ++x) n += image.pixelColor(x, y) == c;
    return n;
  };
  for (int g = 0; g < 3; ++g) QCOMPARE(ink(gvae::edgeColor(g)), 0);
  QVERIFY(ink(QColor(40, 40, 40)) > 50);   // the three correct edges
  QVERIFY(ink(QColor(200, 30, 30)) > 20);  // the extra one
  QCOMPARE(ink(QColor(230, 140, 0)), 0);   // nothing is reversed
}
QTEST_MAIN(TstDagView)
#include "tst_dag_view.moc"
