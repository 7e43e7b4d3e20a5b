// setUpMatrixPlot: a QCustomPlot read as a matrix (the correlation heatmap, the gate matrix).
#pragma once

class QCPColorMap;
class QCustomPlot;

namespace gvae {

/// Text tickers on both axes (the caller sets their labels), no grid or sub-ticks, row 0 on
/// top as a matrix is read, and a colour map of crisp cells centred on whole coordinates,
/// owned by `plot`.
QCPColorMap* setUpMatrixPlot(QCustomPlot* plot);

}  // namespace gvae
