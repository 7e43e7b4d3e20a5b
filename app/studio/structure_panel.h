// StructurePanel: the learned structure against the ground truth (sprites): the node x factor
// R^2 grid with its alignment, and the learned DAG beside the true one with wrong edges marked.
#pragma once

#include <QWidget>

#include "core/training/progress.h"

class QLabel;

namespace gvae {

class DagView;
class StructureView;

/// Shows a StructureReport (each epoch's, or a run file's /structure): the R^2 grid and the
/// alignment's verdict; when the alignment holds, one graph over the nodes with the learned
/// edges (mu > 0.5) and the true ones mapped through the alignment, correct edges in their
/// colours, extra ones red, missing ones dashed red, reversed ones orange, and SHD, precision
/// and recall above it. GUI thread only.
class StructurePanel : public QWidget {
  Q_OBJECT
 public:
  explicit StructurePanel(QWidget* parent = nullptr);
  void setReport(const StructureReport& report);
  void clear();
  StructureView* grid() const { return grid_; }
  DagView* dag() const { return dag_; }
  /// The comparison line ("SHD 1 · precision 1.00 · recall 0.75 …"), or why there is none.
  QString summary() const;

 private:
  StructureView* grid_;
  DagView* dag_;
  QLabel* summary_;
};

}  // namespace gvae
