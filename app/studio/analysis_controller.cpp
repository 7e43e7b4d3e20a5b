// AnalysisController: newest-request-wins queue in front of an Analyzer on a worker thread.
#include "app/studio/analysis_controller.h"

#include <QMetaObject>

#include "widgets/image_grid_view.h"

namespace gvae {

/// Lives on the analysis thread; owns the Analyzer (LibTorch stays on this thread).
class AnalysisWorker : public QObject {
 public:
  explicit AnalysisWorker(AnalysisController* owner) : owner_(owner) {}
  void process();

 private:
  void load(const AnalysisSource& source);
  void emitGrid(const QString& kind, const ImageGrid& grid);

  AnalysisController* owner_;
  std::unique_ptr<Analyzer> analyzer_;
  std::vector<std::pair<std::string, std::string>> config_;
  std::string data_dir_;
};

namespace {

QStringList toStringList(const std::vector<std::string>& v) {
  QStringList out;
  for (const auto& s : v) out << QString::fromStdString(s);
  return out;
}

}  // namespace

void AnalysisWorker::emitGrid(const QString& kind, const ImageGrid& grid) {
  GridResult r;
  r.kind = kind;
  r.image = ImageGridView::toImage(grid);  // QImage is safe to build off the GUI thread
  r.rows = grid.rows;
  r.cols = grid.cols;
  r.row_labels = toStringList(grid.row_labels);
  r.col_labels = toStringList(grid.col_labels);
  if (grid.strokes) r.strokes = std::make_shared<const ImageGrid>(grid);
  r.queries = grid.queries;
  if (grid.not_decoded)
    r.note = AnalysisController::tr(
        "A graph auto-encoder decodes edges, not images: its embedding is in Latent analysis, "
        "its link prediction in Link prediction.");
  Q_EMIT owner_->gridReady(r);
}

void AnalysisWorker::load(const AnalysisSource& source) {
  if (!analyzer_ || source.config != config_ || source.data_dir != data_dir_) {
    analyzer_.reset();
    std::unique_ptr<Analyzer> a;
    Status st = Analyzer::create(source.config, source.data_dir, /*threads=*/1, &a);
    if (!st) throw std::runtime_error(st.message);
    analyzer_ = std::move(a);
    config_ = source.config;
    data_dir_ = source.data_dir;
  }
  Status st = analyzer_->setWeights(*source.weights);
  if (!st) {
    analyzer_.reset();
    throw std::runtime_error(st.message);
  }
  {
    std::lock_guard<std::mutex> lock(owner_->mutex_);
    owner_->nodes_ = static_cast<int>(analyzer_->nodes());
    owner_->node_dim_ = static_cast<int>(analyzer_->nodeDim());
    owner_->image_count_ = analyzer_->imageCount();
  }
  Q_EMIT owner_->sourceLoaded(static_cast<int>(analyzer_->nodes()),
                              static_cast<int>(analyzer_->nodeDim()), analyzer_->imageCount());
}

void AnalysisWorker::process() {
  for (;;) {
    AnalysisController::Pending todo;
    {
      std::lock_guard<std::mutex> lock(owner_->mutex_);
      std::swap(todo, owner_->pending_);
    }
    const bool nothing = !todo.source && !todo.samples && !todo.reconstructions &&
                         !todo.traversal && !todo.latents && !todo.inputs;
    if (nothing) return;
    // An uncaught exception here would call std::terminate: every failure becomes a message,
    // and one failed request does not keep the others from being answered.
    auto attempt = [this](auto&& work) {
      try {
        work();
      } catch (const std::exception& e) {
        Q_EMIT owner_->failed(QString::fromStdString(e.what()));
      }
    };
    if (todo.source) attempt([&] { load(*todo.source); });
    if (!analyzer_) continue;  // requests wait for a source
    if (todo.samples)
      attempt([&] {
        emitGrid(QStringLiteral("samples"),
                 analyzer_->samples(todo.samples->first.first, todo.samples->first.second,
                                    todo.samples->second));
      });
    if (todo.reconstructions)
      attempt([&] {
        emitGrid(QStringLiteral("reconstructions"),
                 analyzer_->reconstructions(todo.reconstructions->first.first,
                                            todo.reconstructions->first.second,
                                            todo.reconstructions->second));
      });
    if (todo.traversal)
      attempt(
          [&] { emitGrid(QStringLiteral("traversal"), analyzer_->traversal(*todo.traversal)); });
    if (todo.inputs)
      attempt([&] { emitGrid(QStringLiteral("inputs"), analyzer_->inputs(*todo.inputs)); });
    if (todo.latents)
      attempt([&] {
        Q_EMIT owner_->latentsReady(
            std::make_shared<const LatentAnalysis>(analyzer_->latents(*todo.latents)));
      });
  }
}

AnalysisController::AnalysisController(QObject* parent) : QObject(parent) {
  qRegisterMetaType<GridResult>();
  qRegisterMetaType<std::shared_ptr<const LatentAnalysis>>();
  thread_.setObjectName(QStringLiteral("analysis"));
  worker_ = new AnalysisWorker(this);
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_.start();
}

AnalysisController::~AnalysisController() {
  thread_.quit();
  thread_.wait();
}

void AnalysisController::schedule() {
  QMetaObject::invokeMethod(
      worker_, [w = worker_] { w->process(); }, Qt::QueuedConnection);
}

void AnalysisController::setSource(AnalysisSource source) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_ = last_;  // every view that asked before follows the new weights
    pending_.source = std::move(source);
  }
  schedule();
}

void AnalysisController::requestSamples(int rows, int cols, quint64 seed) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.samples = last_.samples = std::make_pair(std::make_pair(rows, cols), seed);
  }
  schedule();
}

void AnalysisController::requestReconstructions(int rows, int pairs, qint64 first) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.reconstructions = last_.reconstructions =
        std::make_pair(std::make_pair(rows, pairs), first);
  }
  schedule();
}

void AnalysisController::requestTraversal(const TraversalRequest& request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.traversal = last_.traversal = request;
  }
  schedule();
}

void AnalysisController::requestLatents(qint64 n) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.latents = last_.latents = n;
  }
  schedule();
}

void AnalysisController::requestInputs(const std::vector<int64_t>& indices) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.inputs = last_.inputs = indices;
  }
  schedule();
}

qint64 AnalysisController::imageCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return image_count_;
}
int AnalysisController::nodes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return nodes_;
}
int AnalysisController::nodeDim() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return node_dim_;
}

}  // namespace gvae
