// GatePlot: Bernoulli gate means μ_ij of every DAG edge against epoch, frozen stretches dashed.
#include "widgets/gate_plot.h"

#include <qcustomplot.h>

#include <QMouseEvent>
#include <QResizeEvent>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cstdlib>

#include "widgets/edge_palette.h"
#include "widgets/figure_export.h"
#include "widgets/legend_fit.h"
#include "widgets/plot_fit.h"

namespace gvae {
namespace {

constexpr double kFreeWidth = 1.5;
constexpr double kFrozenWidth = 3;
constexpr int kLegendRows = 16;  // more edges than this: the legend wraps into further columns

/// "z₃→z₁" for a self gate (i, j), "z₃(t−1)→z₁" for a recurrent gate (-3, 1).
QString edgeLabel(const std::pair<int, int>& pair) {
  QString tail = nodeLabel(std::abs(pair.first));
  if (pair.first < 0) tail += QStringLiteral("(t−1)");
  return tail % QStringLiteral("→") % nodeLabel(pair.second);
}

}  // namespace

GatePlot::GatePlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  plot_->setMinimumHeight(120);  // the trajectories and the legend of ten edges stay readable

  plot_->xAxis->setLabel(tr("epoch"));
  plot_->yAxis->setLabel(tr("gate mean μ"));
  plot_->yAxis->setRange(-0.02, 1.02);
  auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
  ticker->setTickStep(1);
  ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);  // whole epochs only
  plot_->xAxis->setTicker(ticker);
  plot_->xAxis->setRange(1, 2);

  plot_->plotLayout()->insertRow(0);
  plot_->plotLayout()->addElement(0, 0,
                                  new QCPTextElement(plot_, tr("Gate means (dashed: frozen)"),
                                                     QFont(font().family(), font().pointSize())));
  // The legend sits right of the axes so it never hides gates near μ = 1.
  auto* legendColumn = new QCPLayoutGrid;
  legendColumn_ = legendColumn;
  plot_->plotLayout()->addElement(1, 1, legendColumn);
  legendColumn->setMargins(QMargins(0, 0, 6, 0));  // the frame's right edge stays on the widget
  plot_->plotLayout()->setColumnStretchFactor(1, 0.001);
  legendColumn->addElement(0, 0, plot_->legend);
  legendColumn->addElement(1, 0, new QCPLayoutElement(plot_));  // spacer: legend stays compact
  legendColumn->setRowStretchFactor(0, 0.001);
  plot_->legend->setFillOrder(QCPLayoutGrid::foRowsFirst);
  plot_->legend->setWrap(kLegendRows);
  plot_->legend->setVisible(false);

  emptyText_ = addEmptyNote(plot_, tr("No learned gates in this model"));
  plot_->setMouseTracking(true);
  connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
    const QString text = hoverText(event->position());
    if (text.isEmpty())
      QToolTip::hideText();
    else
      QToolTip::showText(event->globalPosition().toPoint(), text, plot_);
  });
}

GatePlot::~GatePlot() {
  // The legend column goes back into the layout, which deletes it with the plot.
  QCPLayoutGrid* layout = plot_->plotLayout();
  if (!(layout->columnCount() > 1 && layout->element(1, 1) == legendColumn_))
    layout->addElement(1, 1, legendColumn_);
}

void GatePlot::setGatePairs(const std::vector<std::pair<int, int>>& pairs) {
  plot_->clearGraphs();
  edges_.clear();
  hasEpochs_ = false;
  for (size_t g = 0; g < pairs.size(); ++g) {
    const QColor color = edgeColor(int(g));
    Edge edge;
    edge.free = plot_->addGraph();
    edge.free->setPen(QPen(color, kFreeWidth));
    edge.free->setName(edgeLabel(pairs[g]));
    edge.frozen = plot_->addGraph();
    edge.frozen->setPen(QPen(color, kFrozenWidth, Qt::DashLine));
    edge.frozen->removeFromLegend();
    edges_.push_back(edge);
  }
  fitLegendToHeight();
  emptyText_->setVisible(pairs.empty());
  plot_->xAxis->setRange(1, 2);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void GatePlot::appendEpochs(const std::vector<EpochMetrics>& epochs) {
  if (edges_.empty() || epochs.empty()) return;
  if (!hasEpochs_ && epochs.front().epoch == 1) {
    // A run from its start: every gate begins free at kGateInitialMu, so that one epoch
    // already draws a line, not a lone point nobody sees.
    for (Edge& edge : edges_) appendPoint(edge, 0.0, kGateInitialMu, false);
    firstEpoch_ = 0;
    hasEpochs_ = true;
    lastEpoch_ = 0;
  }
  for (const EpochMetrics& e : epochs) {
    const double epoch = double(e.epoch);
    const size_t n = std::min(edges_.size(), e.gate_mu.size());
    for (size_t g = 0; g < n; ++g) {
      const bool frozen = g < e.gate_frozen.size() && e.gate_frozen[g] != kGateFree;
      appendPoint(edges_[g], epoch, e.gate_mu[g], frozen);
    }
    if (!hasEpochs_) firstEpoch_ = epoch;
    firstEpoch_ = std::min(firstEpoch_, epoch);
    lastEpoch_ = hasEpochs_ ? std::max(lastEpoch_, epoch) : epoch;
    hasEpochs_ = true;
  }
  updateXRange();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

int GatePlot::pointCount(int g) const {
  return g >= 0 && g < gateCount() ? edges_[size_t(g)].points : -1;
}

int GatePlot::frozenPointCount(int g) const {
  return g >= 0 && g < gateCount() ? edges_[size_t(g)].frozenPoints : -1;
}

QCPGraph* GatePlot::freeGraph(int g) const {
  return g >= 0 && g < gateCount() ? edges_[size_t(g)].free : nullptr;
}

QCPGraph* GatePlot::frozenGraph(int g) const {
  return g >= 0 && g < gateCount() ? edges_[size_t(g)].frozen : nullptr;
}

QSize GatePlot::figureSize() const {
  const QSize size = plot_->size();
  return size.width() >= 200 && size.height() >= 150 ? size : QSize(640, 400);
}

void GatePlot::paintFigure(QPainter* painter, const QRect& rect) {
  paintCustomPlot(plot_, painter, rect);
}

void GatePlot::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  fitLegendToHeight();
}

void GatePlot::fitLegendToHeight() {
  // The legend column runs beside the axis rect, under the title: as many rows as that holds.
  const int title = plot_->plotLayout()->element(0, 0)->minimumOuterSizeHint().height();
  fitLegend(plot_->legend, plot_->height() - title - 8);
  // More than kMaxLegendColumns columns would squeeze the plot to a strip (35 recurrent
  // gates): then no legend, and hovering a line names its gate.
  const bool shown = !edges_.empty() && plot_->legend->columnCount() <= kMaxLegendColumns;
  plot_->legend->setVisible(shown);
  // A hidden element keeps its room in a QCustomPlot layout: the column leaves the layout.
  QCPLayoutGrid* layout = plot_->plotLayout();
  const bool placed = layout->columnCount() > 1 && layout->element(1, 1) == legendColumn_;
  if (shown && !placed) {
    layout->addElement(1, 1, legendColumn_);
    layout->setColumnStretchFactor(1, 0.001);
  } else if (!shown && placed) {
    layout->take(legendColumn_);
    layout->simplify();
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool GatePlot::legendShown() const { return plot_->legend->visible(); }

QString GatePlot::hoverText(const QPointF& pos) const {
  double best = 6;  // pixels
  int best_gate = -1;
  double best_key = 0;
  for (size_t g = 0; g < edges_.size(); ++g)
    for (QCPGraph* graph : {edges_[g].free, edges_[g].frozen}) {
      QVariant details;
      const double d = graph->selectTest(pos, false, &details);
      if (d < 0 || d >= best) continue;
      const QCPDataSelection sel = details.value<QCPDataSelection>();
      if (sel.isEmpty()) continue;
      best = d;
      best_gate = static_cast<int>(g);
      best_key = graph->data()->at(sel.dataRange().begin())->key;
    }
  if (best_gate < 0) return {};
  const QCPGraph* graph = edges_[size_t(best_gate)].free;
  double mu = qQNaN();
  for (QCPGraph* g : {edges_[size_t(best_gate)].free, edges_[size_t(best_gate)].frozen}) {
    auto it = g->data()->findBegin(best_key, false);
    if (it != g->data()->constEnd() && it->key == best_key && !qIsNaN(it->value)) mu = it->value;
  }
  return tr("%1: μ = %2 at epoch %3")
      .arg(graph->name())
      .arg(locale().toString(mu, 'f', 3))
      .arg(best_key);
}

void GatePlot::appendPoint(Edge& edge, double epoch, double mu, bool frozen) {
  QCPGraph* target = frozen ? edge.frozen : edge.free;
  if (edge.points > 0 && frozen != edge.lastFrozen) {
    // The stretch being left runs on to this epoch, so solid and dashed meet without a gap.
    (edge.lastFrozen ? edge.frozen : edge.free)->addData(epoch, mu);
    // A NaN between the target's earlier stretch and this one keeps them from being joined.
    if (target->dataCount() > 0) target->addData(epoch - 0.5, qQNaN());
  }
  target->addData(epoch, mu);
  ++edge.points;
  if (frozen) ++edge.frozenPoints;
  edge.lastFrozen = frozen;
}

void GatePlot::updateXRange() {
  if (hasEpochs_) plot_->xAxis->setRange(firstEpoch_, std::max(lastEpoch_, firstEpoch_ + 1));
}

}  // namespace gvae
