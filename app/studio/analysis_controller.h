// AnalysisController: runs the Analyzer on its own thread so decoding and statistics never block
// the window; the GUI asks for images and statistics and receives ready QImages and values.
#pragma once

#include <QImage>
#include <QObject>
#include <QStringList>
#include <QThread>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/analysis/analyzer.h"

namespace gvae {

/// What the analysis decodes from: a run's settings and a set of weights.
struct AnalysisSource {
  std::vector<std::pair<std::string, std::string>> config;
  std::shared_ptr<const Checkpoint> weights;
  std::string data_dir;  // overrides the run's data folder when not empty
};

/// A decoded grid ready for an ImageGridView (built off the GUI thread).
struct GridResult {
  QString kind;  // "samples", "reconstructions", "traversal", "inputs"
  QImage image;
  int rows = 0, cols = 0;
  QStringList row_labels, col_labels;
  std::shared_ptr<const ImageGrid> strokes;  // set for pen-stroke sequences (drawn as paths)
  QString note;          // an empty grid's reason (a graph model decodes no images)
  bool queries = false;  // rows answer attribute queries (telbo)
};

class AnalysisWorker;

/// GUI-thread facade. Each request kind keeps only its newest request (older ones are dropped
/// unanswered); a new source re-runs the newest request of every kind, so the open views follow
/// the training.
class AnalysisController : public QObject {
  Q_OBJECT
 public:
  explicit AnalysisController(QObject* parent = nullptr);
  ~AnalysisController() override;  // quits and joins the worker thread

  void setSource(AnalysisSource source);
  void requestSamples(int rows, int cols, quint64 seed);
  void requestReconstructions(int rows, int pairs, qint64 first);
  void requestTraversal(const TraversalRequest& request);
  void requestLatents(qint64 n);
  void requestInputs(const std::vector<int64_t>& indices);
  /// Validation images available for picking (0 until a source is loaded).
  qint64 imageCount() const;
  int nodes() const;
  int nodeDim() const;

 Q_SIGNALS:
  void gridReady(const gvae::GridResult& result);
  void latentsReady(std::shared_ptr<const gvae::LatentAnalysis> analysis);
  /// A source was loaded: the model's shape, for the views' choosers.
  void sourceLoaded(int nodes, int nodeDim, qint64 imageCount);
  void failed(const QString& message);

 private:
  friend class AnalysisWorker;
  struct Pending {
    std::optional<AnalysisSource> source;
    std::optional<std::pair<std::pair<int, int>, quint64>> samples;
    std::optional<std::pair<std::pair<int, int>, qint64>> reconstructions;
    std::optional<TraversalRequest> traversal;
    std::optional<qint64> latents;
    std::optional<std::vector<int64_t>> inputs;
  };
  void schedule();

  mutable std::mutex mutex_;  // guards pending_, last_, the model shape
  Pending pending_;           // not yet computed
  Pending last_;              // newest request of each kind, re-run on a new source
  int nodes_ = 0, node_dim_ = 0;
  qint64 image_count_ = 0;
  QThread thread_;
  AnalysisWorker* worker_ = nullptr;
};

}  // namespace gvae

Q_DECLARE_METATYPE(gvae::GridResult)
Q_DECLARE_METATYPE(std::shared_ptr<const gvae::LatentAnalysis>)
