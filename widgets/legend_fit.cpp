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
    for (const QSize& item : items) row = std::max(row, item.height());
    fit = row > 0 ? (room + legend->rowSpacing()) / (row + legend->rowSpacing()) : count;
  } else {
    // The most items per row whose columns fit side by side; a column is as wide as its widest
    // item in any row (the estimate from the first row alone cut off "per-unit variance").
    for (fit = count; fit > 1; --fit) {
      std::vector<int> column(static_cast<size_t>(fit), 0);
      for (int i = 0; i < count; ++i)
        column[static_cast<size_t>(i % fit)] =
            std::max(column[static_cast<size_t>(i % fit)], items[static_cast<size_t>(i)].width());
      int width = (fit - 1) * legend->columnSpacing();
      for (int w : column) width += w;
      if (width <= room) break;
    }
  }
  fit = std::clamp(fit, 1, count);
  if (fit == legend->wrap()) return false;
  legend->setWrap(fit);
  legend->setFillOrder(legend->fillOrder(), /*rearrange=*/true);
  return true;
}

}  // namespace gvae
