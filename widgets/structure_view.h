// StructureView: the node x factor R^2 grid of a structure report, with the alignment marked.
#pragma once

#include <string>
#include <vector>

#include "core/training/progress.h"
#include "widgets/value_grid.h"

namespace gvae {

/// A grid of R^2 values, one row per latent node (z_N on top, as in the DAG) and one column per
/// generative factor, white (0 or below) to green (1), each value printed; the cells of the best
/// one-to-one alignment are outlined, and the alignment's verdict is written under the grid.
/// GUI thread only.
class StructureView : public ValueGrid {
  Q_OBJECT
 public:
  explicit StructureView(QWidget* parent = nullptr);
  /// Shows the report's factor names, R^2 and alignment (a report without factors clears).
  void setReport(const StructureReport& report);
  void clear();
  /// Rows (nodes) and columns (factors) shown.
  int nodes() const { return rowCount(); }
  int factors() const { return columnCount(); }
  /// R^2 of node `node` (0-based: z1 is 0) and factor `column`; NaN outside the grid.
  double r2(int node, int column) const;
  /// Whether cell (node, column) is the factor's aligned node.
  bool aligned(int node, int column) const;
  /// The cell under `pos` (widget coordinates) as its node (0-based) and factor, or false.
  bool cellAt(const QPoint& pos, int* node, int* column) const;
};

}  // namespace gvae
