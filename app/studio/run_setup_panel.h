// RunSetupPanel: the form that builds a RunConfig; every field refuses invalid values itself.
#pragma once

#include <QWidget>
#include <vector>

#include "core/training/run_config.h"

class QAbstractSpinBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace gvae {

struct RunOption;

/// Model, dataset, architecture, optimization, gate and machine settings. The number fields are
/// the option table's rows marked for the panel (core/training/run_options.h): their ranges (a
/// value outside cannot be typed), defaults and tool tips come from there, and a field that does
/// not apply to the chosen model or dataset is disabled. A data folder is checked as it is
/// chosen and a missing file is named beside the field. GUI thread only.
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
  /// Keeps the settings as entered in QSettings ("setup/<key>"), for the next launch.
  void saveSettings() const;
  /// Shows the settings kept by saveSettings(); the defaults when none are kept or they no
  /// longer parse (an option renamed or a range narrowed since).
  void restoreSettings();

 Q_SIGNALS:
  void changed();

 private:
  void onDatasetChanged();
  bool needsFolder() const;
  void onChooseFolder();
  void updateValidation();
  /// Enables the fields that apply to the chosen model and dataset.
  void updateApplicable();
  QString labelFor(const std::string& key) const;
  /// The user chose another model: the settings the previous model's registry row set go back
  /// to the table's defaults, the new model's defaults are applied (its dataset among them), and
  /// a dataset of the wrong kind becomes the model's.
  void onModelChosen();
  /// Sets the option `key` (a field, the dataset, or a setting without a field) to `value`.
  void setOption(const std::string& key, const std::string& value);

  /// A number field of the option table.
  struct Field {
    const RunOption* option;
    QAbstractSpinBox* box;
  };
  double fieldValue(const Field& f) const;
  void setFieldValue(const Field& f, const std::string& text);

  QComboBox* preset_;
  QComboBox* model_;
  QComboBox* dataset_;
  QLineEdit* data_dir_;
  QWidget* folder_row_;
  std::vector<Field> fields_;
  QComboBox* device_;
  QLabel* error_;
  bool editable_ = true;
  RunConfig base_;  // settings without a field (hidden sizes, ...) keep the last loaded values
  std::string model_shown_;  // the model whose defaults the fields hold
};

}  // namespace gvae
