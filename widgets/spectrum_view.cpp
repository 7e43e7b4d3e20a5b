// SpectrumView: PCA spectrum of the posterior means and the active-unit count.
#include "widgets/spectrum_view.h"

#include <qcustomplot.h>

#include <QResizeEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <functional>

#include "widgets/figure_export.h"
#include "widgets/legend_fit.h"

namespace gvae {
namespace {

constexpr QSize kSpectrumFigureSize(560, 400);
// The log axis spans at most this many decades below the largest value: collapsed units have
// variances near 1e-9 that would otherwise squeeze the informative part.
constexpr double kMaxDecades = 6.0;

std::vector<double> sortedDescending(std::vector<double> values) {
  std::sort(values.begin(), values.end(), std::greater<double>());
  return values;
}

/// Log ticks labelled in the C locale: QCustomPlot draws "1e-02" as 10⁻² but leaves the German
/// locale's "1E-02" as it is. Powers of ten have no decimal separator to localize.
class PowersOfTenTicker : public QCPAxisTickerLog {
 protected:
  QString getTickLabel(double tick, const QLocale&, QChar format, int precision) override {
    return QCPAxisTickerLog::getTickLabel(tick, QLocale::c(), format, precision);
  }
};

}  // namespace

SpectrumView::SpectrumView(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);

  plot_->plotLayout()->insertRow(0);
  QFont title_font = font();
  title_font.setBold(true);
  title_ = new QCPTextElement(plot_, QString(), title_font);
  plot_->plotLayout()->addElement(0, 0, title_);

  plot_->xAxis->setLabel(tr("component / unit, sorted"));
  auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
  ticker->setTickStep(1.0);
  ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  plot_->xAxis->setTicker(ticker);
  plot_->xAxis->grid()->setVisible(false);
  plot_->yAxis->setLabel(tr("variance"));
  plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
  plot_->yAxis->setTicker(QSharedPointer<PowersOfTenTicker>::create());
  plot_->yAxis->setNumberFormat(QStringLiteral("eb"));
  plot_->yAxis->setNumberPrecision(0);

  bars_ = new QCPBars(plot_->xAxis, plot_->yAxis);
  bars_->setName(tr("PCA eigenvalue"));
  bars_->setWidth(0.8);
  bars_->setPen(Qt::NoPen);
  bars_->setBrush(QColor(31, 119, 180, 170));

  variance_ = plot_->addGraph();
  variance_->setName(tr("per-unit variance"));
  variance_->setLineStyle(QCPGraph::lsNone);
  variance_->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(255, 127, 14), 1.5), Qt::white, 6));

  threshold_ = plot_->addGraph();
  threshold_->setPen(QPen(QColor(214, 39, 40), 1.5, Qt::DashLine));

  // The legend gets a row of its own under the axes: inside, it covered the largest
  // eigenvalues, the ones a reader looks at first.
  plot_->legend->setVisible(true);
  plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  plot_->legend->setBorderPen(Qt::NoPen);
  const int legend_row = plot_->plotLayout()->rowCount();
  plot_->plotLayout()->addElement(legend_row, 0, plot_->legend);
  plot_->plotLayout()->setRowStretchFactor(legend_row, 0.001);
  clear();
}

SpectrumView::~SpectrumView() = default;

void SpectrumView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  // One row when it fits, else as many items per row as the width holds (the names were cut).
  fitLegend(plot_->legend, plot_->width() - 8);
  // About one decade label per 28 pixels of height (eight labels overlapped in 60 pixels).
  plot_->yAxis->ticker()->setTickCount(std::clamp(plot_->height() / 56, 2, 6));
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void SpectrumView::setStatistics(const std::vector<double>& eigenvalues,
                                 const std::vector<double>& unitVariance, int activeUnits,
                                 double threshold) {
  const std::vector<double> eig = sortedDescending(eigenvalues);
  const std::vector<double> var = sortedDescending(unitVariance);
  const int units = static_cast<int>(var.empty() ? eig.size() : var.size());
  const int count = static_cast<int>(std::max(eig.size(), var.size()));
  if (count == 0) {
    clear();
    return;
  }

  // Log range: from the smallest positive value (or the threshold) to the largest, rounded out
  // to whole decades and limited to kMaxDecades.
  double top = threshold > 0 ? threshold : 0.0, bottom = top > 0 ? top : HUGE_VAL;
  for (const std::vector<double>* values : {&eig, &var}) {
    for (double v : *values) {
      if (!std::isfinite(v) || v <= 0) continue;
      top = std::max(top, v);
      bottom = std::min(bottom, v);
    }
  }
  if (top <= 0) top = 1.0;
  bottom = std::max(std::min(bottom, top), top * std::pow(10.0, -kMaxDecades));
  const double lower = std::pow(10.0, std::floor(std::log10(bottom)));
  const double upper = std::pow(10.0, std::ceil(std::log10(top * 1.5)));  // air above the top
  const auto clamped = [lower](double v) { return std::isfinite(v) && v > lower ? v : lower; };

  QVector<double> keys, values;
  for (size_t i = 0; i < eig.size(); ++i) {
    keys.push_back(static_cast<double>(i + 1));
    values.push_back(clamped(eig[i]));
  }
  bars_->setData(keys, values, true);
  bars_->setBaseValue(lower);  // log axes have no zero
  keys.clear();
  values.clear();
  for (size_t i = 0; i < var.size(); ++i) {
    keys.push_back(static_cast<double>(i + 1));
    values.push_back(clamped(var[i]));
  }
  variance_->setData(keys, values, true);

  const QCPRange x_range(0.4, count + 0.6);
  if (threshold > 0) {
    threshold_->setData(QVector<double>{x_range.lower, x_range.upper},
                        QVector<double>{threshold, threshold}, true);
    threshold_->setName(tr("active: variance > %1").arg(locale().toString(threshold)));
    threshold_->addToLegend();
  } else {
    threshold_->data()->clear();
    threshold_->removeFromLegend();
  }

  plot_->xAxis->setRange(x_range);
  plot_->yAxis->setRange(lower, upper);
  title_->setText(tr("%1 of %2 units active").arg(activeUnits).arg(units));
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void SpectrumView::clear() {
  bars_->data()->clear();
  variance_->data()->clear();
  threshold_->data()->clear();
  threshold_->removeFromLegend();
  plot_->xAxis->setRange(0, 1);
  plot_->yAxis->setRange(1e-3, 1);
  title_->setText(tr("No latent statistics yet"));
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString SpectrumView::title() const { return title_->text(); }

int SpectrumView::barCount() const { return bars_->dataCount(); }

QString SpectrumView::figureName() const { return QStringLiteral("pca"); }

QSize SpectrumView::figureSize() const { return shownSizeOr(this, kSpectrumFigureSize); }

void SpectrumView::paintFigure(QPainter* painter, const QRect& rect) {
  paintCustomPlot(plot_, painter, rect);
}

}  // namespace gvae
