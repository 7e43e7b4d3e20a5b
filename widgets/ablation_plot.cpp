// AblationPlot: log-likelihood against N' per fixed M, with the seeds' spread.
#include "widgets/ablation_plot.h"

#include <qcustomplot.h>

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "widgets/figure_export.h"

namespace gvae {
namespace {

// Tableau's first colours; a model keeps its colour, each M its marker.
const QColor kColors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                          QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                          QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b)};
const QCPScatterStyle::ScatterShape kShapes[] = {
    QCPScatterStyle::ssCircle,  QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
    QCPScatterStyle::ssDiamond, QCPScatterStyle::ssCross,  QCPScatterStyle::ssStar};

}  // namespace

AblationPlot::AblationPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  title_ = new QCPTextElement(plot_, QString(), QFont(font().family(), font().pointSize()));
  plot_->plotLayout()->insertRow(0);
  plot_->plotLayout()->addElement(0, 0, title_);
  plot_->xAxis->setLabel(tr("N' (dimensions per latent node)"));
  plot_->xAxis->setScaleType(QCPAxis::stLogarithmic);
  auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
  ticker->setLogBase(2);
  plot_->xAxis->setTicker(ticker);
  plot_->xAxis->setNumberFormat(QStringLiteral("g"));
  // The legend in a column right of the axes: inside, it hid the lines at the largest N'.
  plot_->legend->setVisible(true);
  plot_->axisRect()->insetLayout()->take(plot_->legend);
  plot_->axisRect()->insetLayout()->simplify();
  auto* side = new QCPLayoutGrid;
  plot_->plotLayout()->addElement(1, 1, side);
  side->addElement(0, 0, plot_->legend);
  side->addElement(1, 0, new QCPLayoutElement(plot_));  // keeps the legend at the top
  side->setRowStretchFactor(0, 0.01);
  plot_->plotLayout()->setColumnStretchFactor(1, 0.01);
  side->setMargins(QMargins(0, 8, 8, 0));
  setSeries({}, tr("log-likelihood"), QString());
}

void AblationPlot::setSeries(const std::vector<AblationSeries>& series, const QString& metric,
                             const QString& title) {
  plot_->clearPlottables();
  std::vector<std::string> models;
  std::vector<int64_t> sizes;
  for (const auto& s : series) {
    if (std::find(models.begin(), models.end(), s.model) == models.end()) models.push_back(s.model);
    if (std::find(sizes.begin(), sizes.end(), s.latent) == sizes.end()) sizes.push_back(s.latent);
  }
  double xlo = 1, xhi = 2, ylo = 0, yhi = 0;
  bool any = false;
  for (const auto& s : series) {
    const size_t m = std::find(models.begin(), models.end(), s.model) - models.begin();
    const size_t z = std::find(sizes.begin(), sizes.end(), s.latent) - sizes.begin();
    const QColor color = kColors[m % std::size(kColors)];
    auto* g = plot_->addGraph();
    g->setName(tr("%1, M = %2").arg(QString::fromStdString(s.model)).arg(s.latent));
    g->setPen(QPen(color, 2, z % 2 ? Qt::DashLine : Qt::SolidLine));
    g->setScatterStyle(QCPScatterStyle(kShapes[z % std::size(kShapes)], color, 8));
    QVector<double> x(s.node_dim.begin(), s.node_dim.end()), y(s.mean.begin(), s.mean.end());
    g->setData(x, y, true);
    auto* bars = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
    bars->removeFromLegend();
    bars->setDataPlottable(g);
    bars->setPen(QPen(color, 1));
    QVector<double> below, above;
    for (size_t k = 0; k < s.mean.size(); ++k) {
      below.append(s.mean[k] - s.lo[k]);
      above.append(s.hi[k] - s.mean[k]);
      const double lo = s.lo[k], hi = s.hi[k];
      if (!any) {
        xlo = xhi = s.node_dim[k];
        ylo = lo;
        yhi = hi;
        any = true;
      }
      xlo = std::min(xlo, s.node_dim[k]);
      xhi = std::max(xhi, s.node_dim[k]);
      ylo = std::min(ylo, lo);
      yhi = std::max(yhi, hi);
    }
    bars->setData(below, above);
  }
  plot_->yAxis->setLabel(metric + tr(" (nats)"));
  plot_->xAxis->setRange(xlo / 1.4, xhi * 1.4);
  const double pad = std::max(0.5, 0.08 * (yhi - ylo));
  plot_->yAxis->setRange(ylo - pad, yhi + pad);
  plot_->legend->setVisible(!series.empty());
  title_->setText(
      series.empty()
          ? tr("No finished run in this sweep yet")
          : tr("%1 against N' at fixed M = N × N'%2")
                .arg(metric, title.isEmpty() ? QString() : QStringLiteral("\n") + title));
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

int AblationPlot::lineCount() const { return plot_->graphCount(); }

QSize AblationPlot::figureSize() const {
  const QSize size = plot_->size();
  return size.width() >= 300 && size.height() >= 200 ? size : QSize(720, 480);
}

void AblationPlot::paintFigure(QPainter* painter, const QRect& rect) {
  paintCustomPlot(plot_, painter, rect);
}

}  // namespace gvae
