// NodeKlBars: validation KL per latent node as bars, collapsed nodes (KL below a threshold) in red.
#include "widgets/node_kl_bars.h"

#include <qcustomplot.h>

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "widgets/edge_palette.h"
#include "widgets/figure_export.h"
#include "widgets/plot_fit.h"

namespace gvae {
namespace {

const QColor kActiveColor(0x1f, 0x77, 0xb4);     // blue
const QColor kCollapsedColor(0xd6, 0x27, 0x28);  // red
constexpr int kRotateLabelsAbove = 20;           // more nodes than this: vertical tick labels

QCPBars* makeBars(QCustomPlot* plot, const QColor& color) {
  auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
  bars->setWidth(0.7);
  // A pen, so a collapsed node at 0 nats still shows as a red line on the baseline.
  bars->setPen(QPen(color.darker(120), 1.5));
  bars->setBrush(color);
  return bars;
}

}  // namespace

NodeKlBars::NodeKlBars(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);

  activeBars_ = makeBars(plot_, kActiveColor);
  activeBars_->setName(tr("active"));
  collapsedBars_ = makeBars(plot_, kCollapsedColor);
  collapsedBars_->setName(tr("collapsed"));
  thresholdLine_ = new QCPItemStraightLine(plot_);
  thresholdLine_->setPen(QPen(Qt::gray, 1, Qt::DashLine));
  title_ = new QCPTextElement(plot_, QString(), QFont(font().family(), font().pointSize()));
  plot_->plotLayout()->insertRow(0);
  plot_->plotLayout()->addElement(0, 0, title_);

  plot_->xAxis->setLabel(tr("latent node"));
  plot_->yAxis->setLabel(tr("KL (nats)"));
  plot_->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
  plot_->xAxis->grid()->setVisible(false);
  // The axes' width is known once laid out: re-orient the labels then (a resize replots).
  connect(plot_, &QCustomPlot::afterLayout, this, &NodeKlBars::orientLabels);
  rebuild();
}

void NodeKlBars::setNodeKl(const std::vector<double>& kl) {
  kl_ = kl;
  rebuild();
}

void NodeKlBars::setCollapseThreshold(double nats) {
  threshold_ = nats;
  rebuild();
}

void NodeKlBars::orientLabels() {
  updateWhenLeastSizeChanges(plot_, &least_, plot_);
  fitAxisLabel(plot_->xAxis, tr("latent node"), tr("node"));
  // Side by side, the labels of a narrow panel ran into each other ("z₁z₂z₃z₄z₅").
  const int n = std::max<int>(1, static_cast<int>(kl_.size()));
  const int label = QFontMetrics(plot_->xAxis->tickLabelFont()).horizontalAdvance(nodeLabel(n));
  const int per_bar = plot_->axisRect()->width() / n;
  const bool upright = kl_.size() > size_t(kRotateLabelsAbove) || per_bar < label + 6;
  const double rotation = upright ? -90 : 0;
  if (plot_->xAxis->tickLabelRotation() == rotation) return;
  plot_->xAxis->setTickLabelRotation(rotation);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

QSize NodeKlBars::figureSize() const {
  const QSize size = plot_->size();
  return size.width() >= 200 && size.height() >= 150 ? size : QSize(640, 320);
}

void NodeKlBars::paintFigure(QPainter* painter, const QRect& rect) {
  paintCustomPlot(plot_, painter, rect);
}

void NodeKlBars::rebuild() {
  QVector<double> activeKeys, activeValues, collapsedKeys, collapsedValues;
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  double top = 2 * threshold_;
  collapsedCount_ = 0;
  for (size_t i = 0; i < kl_.size(); ++i) {
    const double key = double(i + 1);
    const double value = kl_[i];
    ticker->addTick(key, nodeLabel(int(i + 1)));
    if (std::isfinite(value)) top = std::max(top, value);
    if (value < threshold_) {  // NaN is neither collapsed nor drawn
      ++collapsedCount_;
      collapsedKeys.append(key);
      collapsedValues.append(value);
    } else {
      activeKeys.append(key);
      activeValues.append(value);
    }
  }
  activeBars_->setData(activeKeys, activeValues, true);
  collapsedBars_->setData(collapsedKeys, collapsedValues, true);
  plot_->xAxis->setTicker(ticker);
  orientLabels();
  plot_->xAxis->setRange(0.4, std::max<double>(double(kl_.size()), 1) + 0.6);
  // The baseline sits a little below 0 so the red line of a zero-KL bar stays visible.
  plot_->yAxis->setRange(-0.02 * top, 1.08 * top);
  thresholdLine_->point1->setCoords(0, threshold_);
  thresholdLine_->point2->setCoords(1, threshold_);
  // Empty before a run's first epoch too: not "no latent nodes", and narrow (the title sets
  // the least width of the curves dock).
  title_->setText(kl_.empty() ? tr("KL per node\n(none yet)")
                              : tr("%1 of %2 collapsed\n(KL < %3)")
                                    .arg(collapsedCount_)
                                    .arg(kl_.size())
                                    .arg(locale().toString(threshold_)));
  title_->setTextColor(collapsedCount_ > 0 ? kCollapsedColor : QColor(Qt::black));
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace gvae
