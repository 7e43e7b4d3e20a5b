// The analysis docks: latent statistics (correlation, scatter, PCA), traversal, samples and
// reconstructions. They turn user choices into requests and show the results they receive.
#pragma once

#include <QWidget>
#include <memory>

#include "app/studio/analysis_controller.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class QSplitter;

namespace gvae {

class HeatmapView;
class ImageGridView;
class ScatterView;
class SpectrumView;

/// Correlation heatmap of posterior means; a click on a cell shows the scatter of that pair;
/// PCA eigenvalues and active units. GUI thread only.
class LatentPanel : public QWidget {
  Q_OBJECT
 public:
  explicit LatentPanel(QWidget* parent = nullptr);
  void setAnalysis(std::shared_ptr<const LatentAnalysis> analysis);
  void clear();
  HeatmapView* heatmap() const { return heatmap_; }
  ScatterView* scatter() const { return scatter_; }
  SpectrumView* spectrum() const { return spectrum_; }
  /// Shows the scatter of units a and b (0-based).
  void showPair(int a, int b);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  QSplitter* split_;
  bool user_split_ = false;  // the user moved the handle: keep their split
  HeatmapView* heatmap_;
  ScatterView* scatter_;
  SpectrumView* spectrum_;
  std::shared_ptr<const LatentAnalysis> analysis_;
  int pair_a_ = 0, pair_b_ = 1;
};

/// Node / dimension / range / steps / base choosers and the decoded grid, one row per dimension.
class TraversalPanel : public QWidget {
  Q_OBJECT
 public:
  explicit TraversalPanel(QWidget* parent = nullptr);
  /// Adapts the choosers to the model (1..nodes, 1..nodeDim, 0..images-1).
  void setModelShape(int nodes, int node_dim, qint64 images);
  TraversalRequest request() const;
  void showGrid(const GridResult& result);
  void showInput(const GridResult& result);
  ImageGridView* grid() const { return grid_; }
  void setRequest(const TraversalRequest& r);

 Q_SIGNALS:
  void traversalRequested(const gvae::TraversalRequest& request);
  void inputRequested(qint64 index);

 private:
  void onChanged();
  QSpinBox *node_, *steps_, *input_;
  QComboBox *dim_, *base_;
  QDoubleSpinBox* range_;
  ImageGridView *grid_, *input_view_;
};

/// Prior samples and inputs beside their reconstructions.
class SamplesPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SamplesPanel(QWidget* parent = nullptr);
  void showGrid(const GridResult& result);
  ImageGridView* samples() const { return samples_; }
  ImageGridView* reconstructions() const { return reconstructions_; }
  quint64 seed() const { return seed_; }

 Q_SIGNALS:
  void samplesRequested(int rows, int cols, quint64 seed);
  void reconstructionsRequested(int rows, int pairs, qint64 first);

 private:
  ImageGridView *samples_, *reconstructions_;
  quint64 seed_ = 1;
  qint64 first_ = 0;
};

}  // namespace gvae
