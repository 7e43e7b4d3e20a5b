// ScatterView: two posterior-mean units plotted against each other over a dataset split.
#include "widgets/scatter_view.h"

#include <qcustomplot.h>

#include <QResizeEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "widgets/figure_export.h"
#include "widgets/legend_fit.h"
#include "widgets/plot_fit.h"

namespace gvae {
namespace {

constexpr QSize kScatterFigureSize(480, 440);
// Semi-transparent: thousands of overlapping dots still show the density.
const QColor kDotColor(31, 119, 180, 80);
constexpr double kDotSize = 4.0;

}  // namespace

ScatterView::ScatterView(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);

  graph_ = plot_->addGraph();
  graph_->setLineStyle(QCPGraph::lsNone);
  // ssDisc fills with the pen color.
  graph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, kDotColor, kDotSize));
  graph_->setAdaptiveSampling(false);  // every dot counts for the density
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  // The classes' legend is a column of its own beside the axes (inside, it hid the dots), shown
  // only when the points are coloured by class; it wraps to the plot's height.
  plot_->legend->setFillOrder(QCPLayoutGrid::foRowsFirst);
  plot_->legend->setBorderPen(Qt::NoPen);
  plot_->legend->setIconSize(10, 10);
  // The legend sits at the top of a side column (a spacer below takes the rest of the height,
  // else its rows spread over the whole plot). The column is out of the layout until needed: a
  // hidden element still takes its minimum size there.
  side_ = new QCPLayoutGrid;
  side_->addElement(0, 0, plot_->legend);  // takes it out of the axis rect's inset layout
  side_->addElement(1, 0, new QCPLayoutElement(plot_));
  side_->setRowStretchFactor(0, 0.001);
  side_->setRowStretchFactor(1, 1);
  plot_->axisRect()->insetLayout()->simplify();
  plot_->legend->setVisible(false);
  // Beside the matrix the plot may be 150 pixels wide: "-3.532.521.510.5" without this.
  connect(plot_, &QCustomPlot::afterLayout, this, [this] {
    const bool x = spaceTicks(plot_->xAxis, 6), y = spaceTicks(plot_->yAxis, 6);
    if (x || y) plot_->replot(QCustomPlot::rpQueuedReplot);
  });
}

void ScatterView::placeLegend(bool beside) {
  QCPLayoutGrid* layout = plot_->plotLayout();
  const bool placed = layout->columnCount() > 1;
  if (beside && !placed) {
    layout->addElement(0, 1, side_);
    layout->setColumnStretchFactor(1, 0.001);
  } else if (!beside && placed) {
    layout->take(side_);
    layout->simplify();
  }
  plot_->legend->setVisible(beside);
}

void ScatterView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (fitLegend(plot_->legend, plot_->height() - 8)) plot_->replot(QCustomPlot::rpQueuedReplot);
}

// QCustomPlot deletes the layout's elements: the side column (with the legend) goes back into it
// to be deleted too.
ScatterView::~ScatterView() { placeLegend(true); }

void ScatterView::setPoints(const QString& xLabel, const QString& yLabel,
                            const std::vector<float>& x, const std::vector<float>& y,
                            const std::vector<int>& classes, const QStringList& names) {
  const size_t n = std::min(x.size(), y.size());
  const bool coloured = !names.isEmpty() && names.size() <= 10 && classes.size() >= n;
  for (QCPGraph* g : class_graphs_) plot_->removeGraph(g);
  class_graphs_.clear();
  // tab10, semi-transparent like the single colour.
  static const QColor kClassColors[] = {
      {31, 119, 180}, {255, 127, 14},  {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
      {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
  if (coloured) {
    for (int c = 0; c < names.size(); ++c) {
      QCPGraph* g = plot_->addGraph();
      g->setLineStyle(QCPGraph::lsNone);
      QColor color = kClassColors[c];
      color.setAlpha(110);
      g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, kDotSize));
      g->setAdaptiveSampling(false);
      g->setName(names[c]);
      class_graphs_.push_back(g);
    }
  }
  std::vector<QVector<double>> keys(coloured ? names.size() : 1), values(keys.size());
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    const int c = coloured ? classes[i] : 0;
    if (c < 0 || c >= static_cast<int>(keys.size())) continue;
    keys[c].push_back(x[i]);
    values[c].push_back(y[i]);
  }
  // Sorted by x by setData; the order of the dots does not matter.
  graph_->setData(coloured ? QVector<double>() : keys[0], coloured ? QVector<double>() : values[0]);
  for (size_t c = 0; c < class_graphs_.size(); ++c) class_graphs_[c]->setData(keys[c], values[c]);
  graph_->removeFromLegend();
  placeLegend(coloured);
  fitLegend(plot_->legend, plot_->height() - 8);
  plot_->xAxis->setLabel(xLabel);
  plot_->yAxis->setLabel(yLabel);
  if (pointCount() > 0) {
    plot_->rescaleAxes();
    // A little air around the outermost dots.
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
      const QCPRange range = axis->range();
      const double margin = range.size() > 0 ? 0.05 * range.size() : 1.0;
      axis->setRange(range.lower - margin, range.upper + margin);
    }
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

int ScatterView::classCount() const { return static_cast<int>(class_graphs_.size()); }

void ScatterView::clear() { setPoints(QString(), QString(), {}, {}); }

int ScatterView::pointCount() const {
  int count = graph_->dataCount();
  for (const QCPGraph* g : class_graphs_) count += g->dataCount();
  return count;
}

QString ScatterView::figureName() const { return QStringLiteral("scatter"); }

QSize ScatterView::figureSize() const { return shownSizeOr(this, kScatterFigureSize); }

void ScatterView::paintFigure(QPainter* painter, const QRect& rect) {
  paintCustomPlot(plot_, painter, rect);
}

}  // namespace gvae
