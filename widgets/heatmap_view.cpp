// HeatmapView: correlation matrix of the posterior means between latent units (QCPColorMap).
#include "widgets/heatmap_view.h"

#include <qcustomplot.h>

#include <QMouseEvent>
#include <QResizeEvent>
#include <QToolTip>
#include <QWheelEvent>
#include <cmath>
#include <limits>

#include "widgets/figure_export.h"
#include "widgets/matrix_plot.h"
#include "widgets/plot_fit.h"

namespace gvae {
namespace {

constexpr QSize kHeatmapFigureSize(520, 460);
// At most this many tick labels per axis when every unit is its own node.
constexpr int kMaxUnitTicks = 20;

// Diverging blue - white - red, so that r = 0 reads as "nothing" and the sign as the hue.
QCPColorGradient correlationGradient() {
  QCPColorGradient gradient;
  gradient.clearColorStops();
  gradient.setColorInterpolation(QCPColorGradient::ciRGB);
  gradient.setColorStopAt(0.0, QColor(5, 48, 97));
  gradient.setColorStopAt(0.2, QColor(33, 102, 172));
  gradient.setColorStopAt(0.4, QColor(146, 197, 222));
  gradient.setColorStopAt(0.5, QColor(255, 255, 255));
  gradient.setColorStopAt(0.6, QColor(244, 165, 130));
  gradient.setColorStopAt(0.8, QColor(178, 24, 43));
  gradient.setColorStopAt(1.0, QColor(103, 0, 31));
  gradient.setNanHandling(QCPColorGradient::nhNanColor);
  gradient.setNanColor(QColor(200, 200, 200));
  return gradient;
}

// 1, 2, 5, 10, 20, 50, ... : the smallest step giving at most kMaxUnitTicks ticks.
int unitTickStep(int dims) {
  for (int decade = 1;; decade *= 10) {
    for (int factor : {1, 2, 5}) {
      const int step = factor * decade;
      if (dims / step < kMaxUnitTicks) return step;
    }
  }
}

}  // namespace

HeatmapView::HeatmapView(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  // plot_ is placed by placePlot(), not a layout: its axis rect is kept square.
  plot_->setMouseTracking(true);

  QCPAxisRect* rect = plot_->axisRect();
  map_ = setUpMatrixPlot(plot_);  // row 0 on top, as a matrix is read

  scale_ = new QCPColorScale(plot_);
  plot_->plotLayout()->addElement(0, 1, scale_);
  scale_->setType(QCPAxis::atRight);
  scale_->axis()->setLabel(tr("r"));
  map_->setColorScale(scale_);  // the scale's gradient and range apply to the map from now on
  scale_->setGradient(correlationGradient());
  scale_->setDataRange(QCPRange(-1.0, 1.0));  // fixed: colors compare across snapshots
  auto* margins = new QCPMarginGroup(plot_);
  rect->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
  scale_->setMarginGroup(QCP::msTop | QCP::msBottom, margins);

  plot_->plotLayout()->insertRow(0);
  QFont title_font = font();
  title_font.setBold(true);
  title_ = new QCPTextElement(plot_, tr("Correlation of posterior means"), title_font);
  plot_->plotLayout()->addElement(0, 0, title_);

  // Square cells whatever the widget's shape: after each layout the axis with room to spare
  // widens its range (a 900 x 170 dock had squeezed the 80 x 80 matrix into flat strips).
  connect(plot_, &QCustomPlot::afterLayout, this, &HeatmapView::keepCellsSquare);
  // Wheel zoom and drag pan, both axes alike so cells stay square (done here: QCustomPlot's own
  // range interactions swallow the hover tooltips); double-click shows the whole again.
  connect(plot_, &QCustomPlot::mouseWheel, this, &HeatmapView::onWheel);
  connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this] { resetZoom(); });
  connect(plot_, &QCustomPlot::mouseMove, this, &HeatmapView::onMouseMove);
  connect(plot_, &QCustomPlot::mousePress, this, &HeatmapView::onMousePress);
  connect(plot_, &QCustomPlot::mouseRelease, this, &HeatmapView::onMouseRelease);
  updateAxes();
}

HeatmapView::~HeatmapView() = default;

void HeatmapView::setCorrelation(int dims, const std::vector<double>& corr, int node_dim) {
  if (dims <= 0 || corr.size() != static_cast<size_t>(dims) * static_cast<size_t>(dims)) {
    clear();
    return;
  }
  dims_ = dims;
  node_dim_ = std::max(1, node_dim);
  corr_ = corr;
  QCPColorMapData* data = map_->data();
  data->setSize(dims_, dims_);
  // Cell centers at integer coordinates: cell (a, b) covers [b - 0.5, b + 0.5] x [a - 0.5, ...].
  data->setRange(QCPRange(0, dims_ - 1), QCPRange(0, dims_ - 1));
  for (int a = 0; a < dims_; ++a) {
    for (int b = 0; b < dims_; ++b) {
      data->setCell(b, a, corr_[static_cast<size_t>(a) * dims_ + b]);
    }
  }
  updateAxes();
}

void HeatmapView::clear() {
  dims_ = 0;
  node_dim_ = 1;
  corr_.clear();
  map_->data()->clear();
  updateAxes();
}

double HeatmapView::correlation(int a, int b) const {
  if (a < 0 || b < 0 || a >= dims_ || b >= dims_) return std::numeric_limits<double>::quiet_NaN();
  return corr_[static_cast<size_t>(a) * dims_ + b];
}

QString HeatmapView::unitName(int u) const {
  if (node_dim_ <= 1) return QStringLiteral("z%1").arg(u + 1);
  return QStringLiteral("z%1.%2").arg(u / node_dim_ + 1).arg(u % node_dim_ + 1);
}

QString HeatmapView::cellText(int a, int b) const {
  const double r = correlation(a, b);
  if (std::isnan(r)) {
    return tr("%1 × %2: r undefined (constant unit)").arg(unitName(a), unitName(b));
  }
  return tr("%1 × %2: r = %3").arg(unitName(a), unitName(b)).arg(locale().toString(r, 'f', 2));
}

bool HeatmapView::cellAt(const QPoint& pos, int* a, int* b) const {
  const QPoint p = plot_->mapFrom(this, pos);
  if (dims_ == 0 || !plot_->axisRect()->rect().contains(p)) return false;
  const int column = static_cast<int>(std::floor(plot_->xAxis->pixelToCoord(p.x()) + 0.5));
  const int row = static_cast<int>(std::floor(plot_->yAxis->pixelToCoord(p.y()) + 0.5));
  if (row < 0 || column < 0 || row >= dims_ || column >= dims_) return false;
  *a = row;
  *b = column;
  return true;
}

QPoint HeatmapView::cellCenter(int a, int b) const {
  const QPointF p(plot_->xAxis->coordToPixel(b), plot_->yAxis->coordToPixel(a));
  return plot_->mapTo(this, p.toPoint());
}

QString HeatmapView::figureName() const { return QStringLiteral("correlation"); }

void HeatmapView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  placePlot();
}

QRect HeatmapView::squareRect(const QRect& area) const {
  // The matrix square as large as fits beside the title, labels and colour scale (their room
  // measured at the last layout), centred.
  const int side =
      std::max(40, std::min(area.width() - extra_.width(), area.height() - extra_.height()));
  // At least as wide as the title (in German it was cut at both ends above a short matrix);
  // the cells stay square, the axis rect gets room beside them.
  QRect r(0, 0, std::min(area.width(), std::max(side + extra_.width(), leastSize(plot_).width())),
          std::min(area.height(), side + extra_.height()));
  r.moveCenter(area.center());
  return r;
}

void HeatmapView::placePlot() { plot_->setGeometry(squareRect(rect())); }

QSize HeatmapView::figureSize() const { return shownSizeOr(this, kHeatmapFigureSize); }

void HeatmapView::paintFigure(QPainter* painter, const QRect& rect) {
  painting_figure_ = true;  // the export's layout says nothing about the screen's room
  paintCustomPlot(plot_, painter, rect);
  painting_figure_ = false;
}

void HeatmapView::resetZoom() {
  zoomed_ = false;
  for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) axis->setRange(-0.5, std::max(dims_, 1) - 0.5);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

QSize HeatmapView::minimumSizeHint() const { return leastSize(plot_); }

void HeatmapView::keepCellsSquare() {
  updateWhenLeastSizeChanges(plot_, &least_, this);
  const QRect r = plot_->axisRect()->rect();
  if (r.width() <= 0 || r.height() <= 0) return;
  // What the plot needs around its axis rect; when that changed, the plot is placed anew.
  const QSize extra = plot_->viewport().size() - r.size();
  if (!painting_figure_ && (std::abs(extra.width() - extra_.width()) > 4 ||
                            std::abs(extra.height() - extra_.height()) > 4)) {
    extra_ = extra;
    QMetaObject::invokeMethod(this, &HeatmapView::placePlot, Qt::QueuedConnection);
  }
  if (!zoomed_)
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis})
      axis->setRange(-0.5, std::max(dims_, 1) - 0.5);
  // Widen the axis whose units would be drawn larger; the other keeps its range.
  const double x_px = r.width() / plot_->xAxis->range().size();
  const double y_px = r.height() / plot_->yAxis->range().size();
  if (x_px > y_px)
    plot_->xAxis->setScaleRatio(plot_->yAxis, 1.0);
  else
    plot_->yAxis->setScaleRatio(plot_->xAxis, 1.0);
}

void HeatmapView::onWheel(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps == 0 || dims_ == 0) return;
  const QPointF p = event->position();
  const double factor = std::pow(0.85, steps);  // wheel up: closer
  plot_->xAxis->scaleRange(factor, plot_->xAxis->pixelToCoord(p.x()));
  plot_->yAxis->scaleRange(factor, plot_->yAxis->pixelToCoord(p.y()));
  zoomed_ = true;
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::onMouseMove(QMouseEvent* event) {
  if ((event->buttons() & Qt::LeftButton) && drag_from_) {  // a drag pans
    const QPointF p = event->position();
    const QPointF from = *drag_from_;
    plot_->xAxis->moveRange(plot_->xAxis->pixelToCoord(from.x()) -
                            plot_->xAxis->pixelToCoord(p.x()));
    plot_->yAxis->moveRange(plot_->yAxis->pixelToCoord(from.y()) -
                            plot_->yAxis->pixelToCoord(p.y()));
    drag_from_ = p;
    zoomed_ = true;
    plot_->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  int a = -1, b = -1;
  if (!cellAt(plot_->mapTo(this, event->position().toPoint()), &a, &b)) {
    if (hover_a_ >= 0) QToolTip::hideText();
    hover_a_ = hover_b_ = -1;
    return;
  }
  if (a == hover_a_ && b == hover_b_) return;
  hover_a_ = a;
  hover_b_ = b;
  QToolTip::showText(event->globalPosition().toPoint(), cellText(a, b), plot_);
}

void HeatmapView::onMousePress(QMouseEvent* event) {
  press_a_ = press_b_ = -1;
  if (event->button() != Qt::LeftButton) return;
  drag_from_ = event->position();
  cellAt(plot_->mapTo(this, event->position().toPoint()), &press_a_, &press_b_);
}

void HeatmapView::onMouseRelease(QMouseEvent* event) {
  drag_from_.reset();
  int a = -1, b = -1;
  const bool same_cell = event->button() == Qt::LeftButton && press_a_ >= 0 &&
                         cellAt(plot_->mapTo(this, event->position().toPoint()), &a, &b) &&
                         a == press_a_ && b == press_b_;
  press_a_ = press_b_ = -1;
  if (same_cell) Q_EMIT cellClicked(a, b);
}

void HeatmapView::updateAxes() {
  // Ticks: one per node (at its center) when nodes have components, else every few units.
  QMap<double, QString> ticks;
  if (node_dim_ > 1) {
    for (int start = 0; start < dims_; start += node_dim_) {
      const int last = std::min(start + node_dim_, dims_) - 1;
      ticks.insert(0.5 * (start + last), QStringLiteral("z%1").arg(start / node_dim_ + 1));
    }
  } else if (dims_ > 0) {
    const int step = unitTickStep(dims_);
    ticks.insert(0, unitName(0));
    for (int u = step - 1; u < dims_; u += step) ticks.insert(u, unitName(u));
  }
  for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
    qSharedPointerCast<QCPAxisTickerText>(axis->ticker())->setTicks(ticks);
    if (!zoomed_) axis->setRange(-0.5, std::max(dims_, 1) - 0.5);  // a zoom survives new data
  }
  plot_->xAxis->setTickLabelRotation(ticks.size() > 12 ? 90 : 0);

  // Thin lines between nodes.
  plot_->clearItems();
  const QPen separator(QColor(0, 0, 0, 110), 0);
  for (int start = node_dim_; node_dim_ > 1 && start < dims_; start += node_dim_) {
    const double at = start - 0.5;
    for (bool vertical : {true, false}) {
      auto* line = new QCPItemLine(plot_);
      line->setPen(separator);
      line->setClipToAxisRect(true);
      line->start->setCoords(vertical ? at : -0.5, vertical ? -0.5 : at);
      line->end->setCoords(vertical ? at : dims_ - 0.5, vertical ? dims_ - 0.5 : at);
    }
  }
  map_->setVisible(dims_ > 0);
  keepCellsSquare();  // with the current layout at once; afterLayout corrects it if it changes
  // Lay out now (mouse mapping depends on it); the repaint is coalesced by the event loop.
  plot_->replot(QCustomPlot::rpQueuedRefresh);
}

}  // namespace gvae
