// fitLegend: wraps a QCustomPlot legend to the plot's room.
#include "widgets/legend_fit.h"

#include <qcustomplot.h>

#include <algorithm>
#include <vector>

namespace gvae {

bool fitLegend(QCPLegend* legend, int extent) {
  // itemCount() counts the grid's cells, empty ones included.
  std::vector<QSize> items;
  for (int i = 0; i < legend->itemCount(); ++i)
    if (QCPAbstractLegendItem* item = legend->item(i))
      items.push_back(item->minimumOuterSizeHint());
  const int count = static_cast<int>(items.size());
  if (count == 0) return false;
  const bool rows_first = legend->fillOrder() == QCPLayoutGrid::foRowsFirst;
  const QMargins m = legend->margins();
  int room = extent - (rows_first ? m.top() + m.bottom() : m.left() + m.right());
  int fit = 0;
  if (rows_first) {
    int row = 0;
    for (int i = 0; i < count; ++i)
      row = std::max(row, legend->item(i)->minimumOuterSizeHint().height());
    fit = row > 0 ? (room + legend->rowSpacing()) / (row + legend->rowSpacing()) : count;
  } else {
    for (int i = 0; i < count; ++i) {
      room -=
          legend->item(i)->minimumOuterSizeHint().width() + (i > 0 ? legend->columnSpacing() : 0);
      if (room < 0) break;
      ++fit;
    }
  }
  fit = std::clamp(fit, 1, count);
  if (fit == legend->wrap()) return false;
  legend->setWrap(fit);
  legend->setFillOrder(legend->fillOrder(), /*rearrange=*/true);
  return true;
}

}  // namespace gvae
