// AblationPlot: the paper's Fig. 3 from a sweep: log-likelihood against N' for each fixed
// latent size M = N x N', one line per model and M, with the spread over seeds.
#pragma once

#include <QWidget>
#include <vector>

#include "core/eval/sweep.h"
#include "widgets/figure.h"

class QCustomPlot;
class QCPTextElement;

namespace gvae {

/// One line per (model, M): the mean over the runs at each N' with a bar from their minimum to
/// their maximum (seeds). GUI thread only.
class AblationPlot : public QWidget, public Figure {
  Q_OBJECT

 public:
  explicit AblationPlot(QWidget* parent = nullptr);

  /// Replaces the lines; `metric` names the y axis ("test log-likelihood", ...), `title` the
  /// sweep.
  void setSeries(const std::vector<AblationSeries>& series, const QString& metric,
                 const QString& title);
  int lineCount() const;
  QCustomPlot* plot() const { return plot_; }

  QString figureName() const override { return QStringLiteral("ablation"); }
  QSize figureSize() const override;
  void paintFigure(QPainter* painter, const QRect& rect) override;

 private:
  QCustomPlot* plot_ = nullptr;
  QCPTextElement* title_ = nullptr;
};

}  // namespace gvae
