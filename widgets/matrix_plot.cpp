// setUpMatrixPlot: the axes and colour map shared by the matrix views.
#include "widgets/matrix_plot.h"

#include <qcustomplot.h>

namespace gvae {

QCPColorMap* setUpMatrixPlot(QCustomPlot* plot) {
  for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
    axis->grid()->setVisible(false);
    axis->setSubTicks(false);
    axis->setTickLengthIn(0);
    axis->setTickLengthOut(4);
    axis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
  }
  plot->yAxis->setRangeReversed(true);
  auto* map = new QCPColorMap(plot->xAxis, plot->yAxis);
  map->setInterpolate(false);
  map->setTightBoundary(false);
  return map;
}

}  // namespace gvae
