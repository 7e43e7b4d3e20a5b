// ScatterView: two posterior-mean units plotted against each other over a dataset split.
#include "widgets/scatter_view.h"

#include <qcustomplot.h>

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "widgets/figure_export.h"

namespace gvae {
namespace {

constexpr QSize kDefaultFigureSize(480, 440);
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
}

ScatterView::~ScatterView() = default;

void ScatterView::setPoints(const QString& xLabel, const QString& yLabel,
                            const std::vector<float>& x, const std::vector<float>& y) {
  const size_t n = std::min(x.size(), y.size());
  QVector<double> keys, values;
  keys.reserve(static_cast<int>(n));
  values.reserve(static_cast<int>(n));
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    keys.push_back(x[i]);
    values.push_back(y[i]);
  }
  graph_->setData(keys, values);  // sorts by x; the order of the dots does not matter
  plot_->xAxis->setLabel(xLabel);
  plot_->yAxis->setLabel(yLabel);
  if (!keys.isEmpty()) {
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

void ScatterView::clear() { setPoints(QString(), QString(), {}, {}); }

int ScatterView::pointCount() const { return graph_->dataCount(); }

QString ScatterView::figureName() const { return QStringLiteral("scatter"); }

QSize ScatterView::figureSize() const {
  return isVisible() && !size().isEmpty() ? size() : kDefaultFigureSize;
}

void ScatterView::paintFigure(QPainter* painter, const QRect& rect) {
  paintCustomPlot(plot_, painter, rect);
}

}  // namespace gvae
