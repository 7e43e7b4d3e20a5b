#include "widgets/plot_least_size.h"

#include <qcustomplot.h>

namespace gvae {

QSize leastSize(const QCustomPlot* plot) {
  return static_cast<const QWidget*>(plot)->minimumSizeHint();
}

void updateWhenLeastSizeChanges(const QCustomPlot* plot, QSize* last, QWidget* owner) {
  const QSize least = leastSize(plot);
  if (least == *last) return;
  *last = least;
  owner->updateGeometry();
}

}  // namespace gvae
