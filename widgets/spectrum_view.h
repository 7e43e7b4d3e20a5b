// SpectrumView: PCA spectrum of the posterior means and the active-unit count.
#pragma once

#include <QString>
#include <QWidget>
#include <vector>

#include "widgets/figure.h"

class QCPBars;
class QCPGraph;
class QCPTextElement;
class QCustomPlot;

namespace gvae {

/// PCA eigenvalues of the posterior means as bars (descending), the per-unit variances
/// (sorted, dots) and the activity threshold as a dashed line, on a log scale; the title counts
/// the active units ("12 of 80 units active"). GUI thread only.
class SpectrumView : public QWidget, public Figure {
  Q_OBJECT

 public:
  /// Empty until setStatistics().
  explicit SpectrumView(QWidget* parent = nullptr);
  ~SpectrumView() override;

  /// Shows LatentStatistics: pca_eigenvalues, unit_variance, active_units; a unit is active
  /// when its variance exceeds `threshold`. Values are sorted here; values at or below zero
  /// sit at the bottom of the log axis.
  void setStatistics(const std::vector<double>& eigenvalues,
                     const std::vector<double>& unitVariance, int activeUnits,
                     double threshold = 0.01);
  /// Removes the statistics.
  void clear();
  /// The title, e.g. "12 of 80 units active".
  QString title() const;
  /// Number of bars (eigenvalues) shown.
  int barCount() const;
  /// The underlying plot (for tests).
  QCustomPlot* plot() const { return plot_; }

  /// "pca".
  QString figureName() const override;
  /// The on-screen size when shown, else a default.
  QSize figureSize() const override;
  /// Paints the plot laid out at `rect`, as vector primitives.
  void paintFigure(QPainter* painter, const QRect& rect) override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  QCustomPlot* plot_ = nullptr;
  QCPBars* bars_ = nullptr;
  QCPGraph* variance_ = nullptr;
  QCPGraph* threshold_ = nullptr;
  QCPTextElement* title_ = nullptr;
};

}  // namespace gvae
