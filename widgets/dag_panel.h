// DagPanel: the DAG view with its toolbar (ε, "Freeze converged", "Sample a structure", "Show μ").
#pragma once

#include <QWidget>
#include <cstdint>
#include <utility>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace gvae {

class DagView;
class GateMatrixView;

/// A DagView under two toolbar rows: an ε spin box and "Freeze converged" (asks to freeze every
/// free gate with |μ − round(μ)| < ε), edge width by μ or by importance, "Sample a structure"
/// and "Show μ". Owns no training
/// state: requests leave as signals. GUI thread only.
class DagPanel : public QWidget {
  Q_OBJECT

 public:
  /// The panel with an empty view and ε = 0.05.
  explicit DagPanel(QWidget* parent = nullptr);

  /// The view (owned by the panel).
  DagView* view() const { return view_; }
  /// The gate matrix shown instead of the graph (owned by the panel).
  GateMatrixView* matrix() const { return matrix_; }
  /// The graph of both views; more than kMatrixAbove gates show the matrix, else the graph.
  void setGraph(int nodes, const std::vector<std::pair<int, int>>& pairs);
  /// μ and frozen codes of every gate, for both views.
  void setGates(const std::vector<double>& mu, const std::vector<int8_t>& frozen);
  bool showingMatrix() const;
  void showMatrix(bool matrix);
  static constexpr int kMatrixAbove = 15;
  /// The ε of "Freeze converged", in [0.001, 0.49].
  double epsilon() const;
  /// Sets ε (clamped to the spin box range).
  void setEpsilon(double eps);
  /// A line above the graph saying what the structure is (e.g. that a model has no explicit
  /// graph, or that its gates are fixed); `controls` false disables freezing and sampling.
  void setNote(const QString& note, bool controls);
  QString note() const;

 Q_SIGNALS:
  /// The user asked to freeze every free gate whose mean is within `eps` of 0 or 1.
  void freezeConvergedRequested(double eps);
  /// Forwarded from the view: freeze gate z_i -> z_j to `state` (1, 0) or free it (-1).
  void freezeRequested(int i, int j, int state);

 private Q_SLOTS:
  void onFreezeConvergedClicked();
  void onSampleClicked();
  void onSampleModeChanged(bool showingSample);

 private:
  DagView* view_ = nullptr;
  GateMatrixView* matrix_ = nullptr;
  QStackedWidget* stack_ = nullptr;
  QComboBox* shown_ = nullptr;
  QDoubleSpinBox* eps_spin_ = nullptr;
  QPushButton* freeze_button_ = nullptr;
  QPushButton* sample_button_ = nullptr;
  QPushButton* means_button_ = nullptr;
  QComboBox* width_by_ = nullptr;
  QLabel* note_ = nullptr;
};

}  // namespace gvae
