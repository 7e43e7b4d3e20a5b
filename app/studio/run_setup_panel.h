// RunSetupPanel: the form that builds a RunConfig; every field refuses invalid values itself.
#pragma once

#include <QWidget>

#include "core/training/run_config.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace gvae {

/// Model, dataset, architecture, optimization, gate and machine settings. Spin boxes carry the
/// valid ranges (a value outside cannot be typed); a data folder is checked as it is chosen
/// and a missing file is named beside the field. GUI thread only.
class RunSetupPanel : public QWidget {
  Q_OBJECT
 public:
  explicit RunSetupPanel(QWidget* parent = nullptr);

  /// The settings as entered (out_path is left empty: the window chooses it).
  RunConfig config() const;
  /// Shows `config` in the fields.
  void setConfig(const RunConfig& config);
  /// Empty when the settings can start a run, else the reason (also shown in the panel).
  QString validationError() const;
  /// Disables editing while a run is active.
  void setEditable(bool editable);

 Q_SIGNALS:
  void changed();

 private:
  void onDatasetChanged();
  bool needsFolder() const;
  void onChooseFolder();
  void updateValidation();

  QComboBox* model_;
  QComboBox* dataset_;
  QLineEdit* data_dir_;
  QWidget* folder_row_;
  QSpinBox *nodes_, *node_dim_, *batch_, *epochs_, *seed_, *threads_;
  QDoubleSpinBox *lr_, *tau_, *tau_min_, *tau_decay_, *beta_, *warmup_;
  QComboBox* device_;
  QLabel* error_;
  RunConfig base_;  // settings without a field (hidden sizes, ...) keep the last loaded values
};

}  // namespace gvae
