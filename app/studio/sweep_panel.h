// SweepPanel: a sweep folder (graphvae sweep) in the workbench: its points' states and the
// paper's Fig. 3 ablation (log-likelihood against N' per latent size M). Its runs go to the
// Runs dock, where they can be opened and their curves overlaid.
#pragma once

#include <QWidget>
#include <vector>

#include "core/eval/sweep.h"

class QLabel;
class QPushButton;

namespace gvae {

class AblationPlot;

/// GUI thread only; the folder is read on a pool thread.
class SweepPanel : public QWidget {
  Q_OBJECT

 public:
  explicit SweepPanel(QWidget* parent = nullptr);

  /// Reads `dir` (its sweep.json and run files) in the background; loaded() follows.
  void openFolder(const QString& dir);
  QString folder() const { return folder_; }
  const std::vector<SweepRow>& rows() const { return rows_; }
  AblationPlot* plot() const { return plot_; }
  QLabel* summary() const { return summary_; }

 Q_SIGNALS:
  /// A folder was chosen (the window lists its runs).
  void folderOpened(const QString& dir);
  /// The folder was read: the figure and summary show it (or the error).
  void loaded();

 private:
  void chooseFolder();
  void show(const Status& st, std::vector<SweepRow> rows, const SweepGrid& grid);

  QString folder_;
  std::vector<SweepRow> rows_;
  QLabel* path_ = nullptr;
  QLabel* summary_ = nullptr;
  QPushButton* refresh_ = nullptr;
  AblationPlot* plot_ = nullptr;
  int generation_ = 0;  // a newer read supersedes an older one still running
};

}  // namespace gvae
