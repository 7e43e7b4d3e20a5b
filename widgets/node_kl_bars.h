// NodeKlBars: validation KL per latent node as bars, collapsed nodes (KL below a threshold) in red.
#pragma once

#include <QSize>
#include <QWidget>
#include <vector>

#include "widgets/figure.h"

class QCPBars;
class QCPItemStraightLine;
class QCPTextElement;
class QCustomPlot;

namespace gvae {

/// Bars of the validation KL of each latent node z_1..z_N; a node whose KL is below the collapse
/// threshold is drawn red (the others blue), so a posterior collapse is seen at once.
/// GUI thread only.
class NodeKlBars : public QWidget, public Figure {
  Q_OBJECT

 public:
  /// Default collapse threshold in nats.
  static constexpr double kDefaultCollapseThreshold = 0.05;

  explicit NodeKlBars(QWidget* parent = nullptr);

  /// Shows `kl[i]` (nats) as the bar of node z_{i+1}; replaces the previous values.
  void setNodeKl(const std::vector<double>& kl);
  const std::vector<double>& nodeKl() const { return kl_; }
  /// Nodes with KL below `nats` count as collapsed.
  void setCollapseThreshold(double nats);
  double collapseThreshold() const { return threshold_; }
  /// Number of collapsed nodes (red bars).
  int collapsedCount() const { return collapsedCount_; }

  /// The plot, for tests.
  QCustomPlot* plot() const { return plot_; }
  /// Bars of the collapsed nodes (red) and of the others (blue), for tests.
  QCPBars* collapsedBars() const { return collapsedBars_; }
  QCPBars* activeBars() const { return activeBars_; }

  QString figureName() const override { return QStringLiteral("node_kl"); }
  QSize figureSize() const override;
  void paintFigure(QPainter* painter, const QRect& rect) override;

 private:
  void rebuild();
  /// Node labels stand upright when there are many nodes or too little width per bar.
  void orientLabels();

  QCustomPlot* plot_ = nullptr;
  QCPBars* activeBars_ = nullptr;
  QCPBars* collapsedBars_ = nullptr;
  QCPItemStraightLine* thresholdLine_ = nullptr;
  QCPTextElement* title_ = nullptr;
  std::vector<double> kl_;
  double threshold_ = kDefaultCollapseThreshold;
  int collapsedCount_ = 0;
  QSize least_;  // the plot's least size the layout was last told of
};

}  // namespace gvae
