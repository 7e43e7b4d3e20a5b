// CurvePlot: live ELBO / NLL / KL training and validation curves, with overlays of other runs.
#pragma once

#include <QString>
#include <QVector>
#include <QWidget>
#include <vector>

#include "core/training/progress.h"
#include "widgets/figure.h"

class QCheckBox;
class QComboBox;
class QCPAbstractLegendItem;
class QCPGraph;
class QCPItemText;
class QCPLegend;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QSlider;
class QWheelEvent;

namespace gvae {

/// Training curves of one run: "train" from StepMetrics (x = step) or EpochMetrics (x = epoch),
/// "validation" from EpochMetrics, plus dashed validation curves of other runs. Only the per-step
/// "train" curve is smoothed (EMA, raw trace drawn faint beneath): per-epoch points are averages
/// already and an EMA over them would only add lag. GUI thread only.
class CurvePlot : public QWidget, public Figure {
  Q_OBJECT

 public:
  /// Which quantity the y axis shows (nats per example).
  /// ELBO / NLL / KL: train and validation; τ and learning rate: the schedule, one point per
  /// epoch (on the step axis at the epoch's last step), no validation series. AUC / AP: a graph
  /// model's link prediction on the validation edges, no train series.
  enum class Metric { kElbo, kNll, kKl, kTau, kLearningRate, kGradNorm, kNodeKl, kAuc, kAp };
  /// What the x axis counts.
  enum class XAxis { kStep, kEpoch };

  explicit CurvePlot(QWidget* parent = nullptr);

  /// Appends training-batch points; cheap enough to call on every drained mailbox batch.
  void appendSteps(const std::vector<StepMetrics>& steps);
  /// Appends epoch summaries (validation points, and train points on the epoch x axis).
  void appendEpochs(const std::vector<EpochMetrics>& epochs);
  /// Drops this run's data (overlays stay) and resets the view.
  void clear();

  /// Draws the validation curve of another run, dashed, named `runName` in the legend;
  /// a second call with the same name replaces that overlay.
  void addOverlay(const QString& runName, const std::vector<EpochMetrics>& epochs);
  /// Removes every overlay.
  void clearOverlays();

  /// Selects the metric (also updates the combo box).
  void setMetric(Metric metric);
  Metric metric() const { return metric_; }
  /// Selects the x axis (also updates the combo box).
  void setXAxis(XAxis axis);
  XAxis xAxis() const { return xAxis_; }
  /// EMA weight in [0, 0.99] for the train series: s_t = w s_{t-1} + (1 - w) y_t, s_0 = y_0.
  void setSmoothing(double weight);
  double smoothing() const { return smoothing_; }
  /// The EMA weight applied: smoothing() on the step axis, 0 on the epoch axis.
  double effectiveSmoothing() const { return trainFromEpochs() ? 0.0 : smoothing_; }
  /// Logarithmic x axis on or off (also updates the check box).
  void setLogX(bool on);
  bool logX() const { return logX_; }

  /// The plot, for tests and for wiring.
  QCustomPlot* plot() const { return plot_; }
  /// Raw points of "train", "validation" or an overlay name for the current metric and x axis;
  /// -1 for an unknown series.
  int pointCount(const QString& series) const;
  /// The graph drawing the raw points of a series (nullptr if unknown).
  QCPGraph* rawGraph(const QString& series) const;
  /// The EMA-smoothed train graph.
  QCPGraph* smoothedTrainGraph() const { return train_.smooth; }
  /// Whether a series is currently shown (legend clicks toggle it).
  bool isSeriesVisible(const QString& series) const;

  QString figureName() const override { return QStringLiteral("curves"); }
  QSize figureSize() const override;
  void paintFigure(QPainter* painter, const QRect& rect) override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private Q_SLOTS:
  void onMetricChanged(int index);
  void onXAxisChanged(int index);
  void onSmoothingChanged(int value);
  void onLogXToggled(bool on);
  void onLegendClicked(QCPLegend* legend, QCPAbstractLegendItem* item, QMouseEvent* event);
  void onPlotMousePressed(QMouseEvent* event);
  void onPlotMouseMoved(QMouseEvent* event);
  void onPlotWheeled(QWheelEvent* event);
  void onPlotDoubleClicked(QMouseEvent* event);

 private:
  struct Series {
    QString name;
    QCPGraph* raw = nullptr;           // owned by plot_
    QCPGraph* smooth = nullptr;        // only for "train"
    std::vector<EpochMetrics> epochs;  // overlays keep their own data
    bool hidden = false;
  };

  QString hoverText(const QPointF& pos) const;
  void setupAxes();
  void rebuildGraphs();
  void rebuildSmoothed();
  /// τ, the learning rate (schedules) or the gradient norm: a per-epoch train scalar with no
  /// validation counterpart.
  bool trainOnlyMetric() const {
    return metric_ == Metric::kTau || metric_ == Metric::kLearningRate ||
           metric_ == Metric::kGradNorm;
  }
  /// Link prediction's AUC or AP: a validation series only.
  bool validationOnlyMetric() const { return metric_ == Metric::kAuc || metric_ == Metric::kAp; }
  /// The validation KL of each node: one line per node, no train or validation series.
  bool nodeMetric() const { return metric_ == Metric::kNodeKl; }
  /// The train series comes from EpochMetrics (epoch axis, or a per-epoch metric).
  bool trainFromEpochs() const {
    return xAxis_ == XAxis::kEpoch || trainOnlyMetric() || nodeMetric() || validationOnlyMetric();
  }
  /// Creates, fills or (for other metrics) removes the per-node lines.
  void fillNodeKl();
  /// The legend lists the series that have points, in the order train, validation, overlays,
  /// nodes, and hides when none has: entries for empty series (no run open, a metric without a
  /// train or validation series) told of curves that were not there.
  void syncLegend();
  /// Wraps the legend beside the axes into the columns the plot's height needs.
  void fitLegendToHeight();
  /// Legend labels of the overlays: what differs between their names, elided to the room.
  void relabelOverlays();
  /// The smoothing slider is live only where an EMA applies.
  void updateSmoothingControl();
  void appendTrainPoints(size_t from);
  void trainPoints(size_t from, QVector<double>* keys, QVector<double>* values) const;
  void appendSmoothed(const QVector<double>& keys, const QVector<double>& values);
  void fillValidation(Series& series, const std::vector<EpochMetrics>& epochs);
  /// The validation points of `epochs` for the current metric (none for a metric without them).
  void validationPoints(const std::vector<EpochMetrics>& epochs, QVector<double>* keys,
                        QVector<double>* values) const;
  double pick(double elbo, double nll, double kl) const;  // the current metric's value
  double epochKey(const EpochMetrics& e) const;
  static QCPGraph* legendGraph(const Series& series);
  void applyVisibility(Series& series);
  void refresh();
  void rescale();
  void resetView();
  std::vector<Series*> allSeries();
  std::vector<const Series*> allSeries() const;
  const Series* findSeries(const QString& name) const;
  QString xLabel() const;
  /// The y axis's label; `brief`: a shorter form for a short axis (the tooltip and the full
  /// label say the rest).
  QString metricLabel(bool brief = false) const;

  QCustomPlot* plot_ = nullptr;
  QComboBox* metricCombo_ = nullptr;
  QComboBox* xAxisCombo_ = nullptr;
  QSlider* smoothingSlider_ = nullptr;
  QLabel* smoothingLabel_ = nullptr;
  QCheckBox* logXCheck_ = nullptr;
  QCPItemText* emptyText_ = nullptr;  // why a metric shows nothing for this run

  Series train_;
  Series valid_;
  std::vector<Series> overlays_;
  std::vector<QCPGraph*> nodeGraphs_;  // Metric::kNodeKl: validation KL of z1..zN

  std::vector<StepMetrics> steps_;
  std::vector<EpochMetrics> epochs_;
  Metric metric_ = Metric::kElbo;
  XAxis xAxis_ = XAxis::kStep;
  double smoothing_ = 0.6;
  bool logX_ = false;
  double trainEma_ = 0;  // last smoothed train value, continued by the next append
  bool trainEmaValid_ = false;
  bool userMovedView_ = false;  // zoomed or panned since the last reset: appends keep the view
  QPoint pressPos_;
};

}  // namespace gvae
