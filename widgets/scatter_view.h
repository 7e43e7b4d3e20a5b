// ScatterView: two posterior-mean units plotted against each other over a dataset split.
#pragma once

#include <QString>
#include <QWidget>
#include <vector>

#include "widgets/figure.h"

class QCPGraph;
class QCPLayoutGrid;
class QCustomPlot;
class QResizeEvent;

namespace gvae {

/// Scatter of posterior means, one small semi-transparent dot per example, so that density
/// shows where dots overlap. GUI thread only.
class ScatterView : public QWidget, public Figure {
  Q_OBJECT

 public:
  /// Empty until setPoints().
  explicit ScatterView(QWidget* parent = nullptr);
  ~ScatterView() override;

  /// Shows the points (x[i], y[i]) with axis labels ("z3.2", ...). Points with a non-finite
  /// coordinate are left out; when x and y differ in length, the extra values are ignored.
  /// With `classes` (one value 0..names.size()-1 per point, at most 10 names) each class gets
  /// its own colour and a legend entry.
  void setPoints(const QString& xLabel, const QString& yLabel, const std::vector<float>& x,
                 const std::vector<float>& y, const std::vector<int>& classes = {},
                 const QStringList& names = {});
  /// The classes coloured (0 when one colour).
  int classCount() const;
  /// Removes all points.
  void clear();
  /// Number of points shown.
  int pointCount() const;

  /// "scatter".
  QString figureName() const override;
  /// The on-screen size when shown, else a default.
  QSize figureSize() const override;
  /// Paints the plot laid out at `rect`, as vector primitives.
  void paintFigure(QPainter* painter, const QRect& rect) override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  /// Puts the legend in a column beside the axes and shows it, or takes it out of the layout.
  void placeLegend(bool beside);

  QCustomPlot* plot_ = nullptr;
  QCPLayoutGrid* side_ = nullptr;        // the legend above a spacer, beside the axes when shown
  QCPGraph* graph_ = nullptr;            // every point, or none when coloured by class
  std::vector<QCPGraph*> class_graphs_;  // one per class
};

}  // namespace gvae
