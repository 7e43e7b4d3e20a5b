// RocView: a graph auto-encoder's link prediction, its ROC curve with AUC and AP.
#pragma once

#include <QString>
#include <QWidget>
#include <vector>

#include "widgets/figure.h"

class QCPGraph;
class QCPTextElement;
class QCustomPlot;

namespace gvae {

/// The ROC curve (true- against false-positive rate) of held-out edges against as many
/// non-edges, the chance diagonal, and the title "AUC 0.912 · AP 0.921 (263 edges)". GUI
/// thread only.
class RocView : public QWidget, public Figure {
  Q_OBJECT

 public:
  /// Shows `note` until setCurve().
  explicit RocView(QWidget* parent = nullptr);
  ~RocView() override;

  /// The curve's corners from (0, 0) to (1, 1) (LinkMetrics' fpr and tpr), its AUC and AP, the
  /// held-out edges it was measured on, and which ones ("validation", "test").
  void setCurve(const std::vector<double>& fpr, const std::vector<double>& tpr, double auc,
                double ap, long long edges, const QString& split);
  /// Removes the curve and shows `note` as the title.
  void clear(const QString& note);
  QString title() const;
  /// Points of the ROC curve shown (for tests).
  int pointCount() const;
  QCustomPlot* plot() const { return plot_; }

  /// "roc".
  QString figureName() const override;
  QSize figureSize() const override;
  void paintFigure(QPainter* painter, const QRect& rect) override;

 private:
  QCustomPlot* plot_ = nullptr;
  QCPGraph* curve_ = nullptr;
  QCPGraph* chance_ = nullptr;
  QCPTextElement* title_ = nullptr;
};

}  // namespace gvae
