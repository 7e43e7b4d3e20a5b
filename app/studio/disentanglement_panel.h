// DisentanglementPanel: a run's disentanglement scores (graphvae eval --disentanglement) as a
// table, and the factor x latent matrix behind them (MI / H, or DCI's importance).
#pragma once

#include <QWidget>
#include <optional>

#include "core/eval/disentanglement.h"

class QComboBox;
class QLabel;
class QTableWidget;

namespace gvae {

class ValueGrid;

/// Shows a DisentanglementReport: the six scores with what each measures, and one factor x
/// latent grid, chosen in a box: the normalized mutual information MIG is built from, or DCI's
/// importance. Without a report it says how to get one. GUI thread only.
class DisentanglementPanel : public QWidget {
  Q_OBJECT
 public:
  explicit DisentanglementPanel(QWidget* parent = nullptr);
  /// `node_dim` names the latents z<node>.<component> when above 1.
  void setReport(const std::optional<DisentanglementReport>& report, int node_dim = 1);
  void clear() { setReport(std::nullopt); }
  /// 0: MI / H (default), 1: DCI importance.
  void showMatrix(int which);
  ValueGrid* grid() const { return grid_; }
  QTableWidget* scores() const { return table_; }
  /// The line above the table (what was fitted and scored, active latents), or how to measure.
  QString summary() const;

 private:
  void updateGrid();

  QTableWidget* table_;
  QComboBox* matrix_;
  ValueGrid* grid_;
  QLabel* summary_;
  std::optional<DisentanglementReport> report_;
  int node_dim_ = 1;
};

}  // namespace gvae
