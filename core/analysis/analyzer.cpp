// Analyzer: a CPU copy of a run's model decoding samples, reconstructions and traversals.
#include "core/analysis/analyzer.h"

#include <torch/nn/module.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/data/dataset.h"
#include "core/eval/metrics.h"
#include "core/models/model_registry.h"
#include "core/models/noise.h"
#include "core/training/session.h"

namespace gvae {
namespace {

// Decoded means [rows * cols, H * W] -> an ImageGrid; for strokes, packed steps [.., 4T].
ImageGrid toGrid(const torch::Tensor& images, int rows, int cols, int64_t h, int64_t w,
                 bool strokes) {
  ImageGrid g;
  g.rows = rows;
  g.cols = cols;
  g.height = static_cast<int>(h);
  g.width = static_cast<int>(w);
  g.strokes = strokes;
  auto t = images.to(torch::kCPU, torch::kFloat);
  if (!strokes) t = t.clamp(0, 1);
  t = t.contiguous();
  TORCH_CHECK(t.numel() == static_cast<int64_t>(rows) * cols * h * w, "image grid size mismatch");
  g.pixels.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
  return g;
}

std::string signedOneDecimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f", v);
  return buf;
}

}  // namespace

struct Analyzer::Impl {
  RunConfig config;
  LatentModel model;
  ImageSet valid;
  int64_t height = 28, width = 28;
  int64_t seq_len = 0;  // > 0: packed stroke sequences of this many steps
  std::vector<std::string> class_names;
  std::vector<AttributeInfo> attributes;      // a model of attributes: the dataset's
  std::shared_ptr<const GraphTensors> graph;  // a graph model's data
  /// The empty grid a graph model answers with.
  static ImageGrid graphNote() {
    ImageGrid g;
    g.not_decoded = true;
    return g;
  }

  torch::Tensor decodeMeans(const torch::Tensor& z) { return model->decodeMean(z); }
  ImageGrid grid(const torch::Tensor& images, int rows, int cols) const {
    return toGrid(images, rows, cols, height, width, seq_len > 0);
  }
  /// Sequences: decoded steps [n, 4T] take the real lengths of `like` [m, 4T] (cycled), since
  /// the model draws every step; images pass through.
  torch::Tensor withLengths(const torch::Tensor& decoded, const torch::Tensor& like) const {
    if (seq_len == 0) return decoded;
    const int64_t n = decoded.size(0), m = like.size(0);
    auto masks = like.view({m, seq_len, 4}).select(2, 3);
    auto idx = torch::arange(n, torch::kLong).remainder(m);
    auto d = decoded.view({n, seq_len, 4}).clone();
    d.select(2, 3).copy_(masks.index_select(0, idx));
    return d.view({n, -1});
  }
  PassOptions hard() const {
    PassOptions p;
    p.gates = GateMode::kHard;
    return p;
  }
};

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}
Analyzer::~Analyzer() = default;

Status Analyzer::create(const std::vector<std::pair<std::string, std::string>>& config,
                        const std::string& data_dir, int threads, std::unique_ptr<Analyzer>* out) {
  RunConfig cfg;
  Status st = RunConfig::fromKeyValues(config, &cfg);
  if (!st) return st;
  if (!data_dir.empty()) cfg.data_dir = data_dir;
  cfg.device = "cpu";
  configureThreads(threads);
  DataSplits splits;
  st = loadValidationSplit(cfg, torch::Device(torch::kCPU), &splits);  // the views use no other
  if (!st) return st;
  std::unique_ptr<Analyzer> a(new Analyzer());
  a->impl_->config = cfg;
  a->impl_->valid = splits.valid;
  a->impl_->height = splits.height;
  a->impl_->width = splits.width;
  a->impl_->seq_len = splits.seq_len;
  a->impl_->class_names = splits.class_names;
  a->impl_->graph = splits.graph;
  a->impl_->model = makeModel(cfg, splits);
  if (!a->impl_->model->attributeSizes().empty()) a->impl_->attributes = splits.attribute_info;
  a->impl_->model->eval();
  *out = std::move(a);
  return Status::Ok();
}

Status Analyzer::setWeights(const Checkpoint& weights) {
  return loadModelState(*impl_->model, weights.model);
}

int64_t Analyzer::nodes() const { return impl_->model->nodes(); }
int64_t Analyzer::nodeDim() const { return impl_->model->nodeDim(); }
int64_t Analyzer::imageCount() const { return impl_->valid.size(); }

ImageGrid Analyzer::inputs(const std::vector<int64_t>& indices) const {
  if (impl_->graph) return Impl::graphNote();
  std::vector<int64_t> idx;
  for (int64_t i : indices) idx.push_back(std::clamp<int64_t>(i, 0, imageCount() - 1));
  auto x = impl_->valid.images.index_select(0, torch::tensor(idx, torch::kLong));
  return impl_->grid(x, 1, static_cast<int>(idx.size()));
}

ImageGrid Analyzer::samples(int rows, int cols, uint64_t seed) {
  if (impl_->graph) return Impl::graphNote();
  torch::NoGradGuard no_grad;
  ScopedNoise noise(seed);  // this thread's own generator: the trainer's stream stays untouched
  const int64_t n = static_cast<int64_t>(rows) * cols;
  if (!impl_->attributes.empty() && impl_->valid.attributes.defined()) return queryGrid(rows, cols);
  auto z = impl_->model->samplePrior(n, impl_->hard());
  if (const int64_t C = impl_->model->classes(); C > 0) {
    // One style z per column, the class fixed along each row (row r: class r mod C).
    const int64_t M = impl_->model->latentDim();
    auto style = z.narrow(0, 0, cols).narrow(1, 0, M).repeat({rows, 1});
    auto cls = torch::arange(rows, torch::TensorOptions(torch::kLong).device(z.device()))
                   .remainder(C)
                   .repeat_interleave(cols);
    z = torch::cat({style, torch::one_hot(cls, C).to(z.dtype())}, 1);
  }
  const std::vector<std::string>& names = impl_->class_names;
  auto like = impl_->valid.images.narrow(0, 0, std::min(n, imageCount()));
  ImageGrid g = impl_->grid(impl_->withLengths(impl_->decodeMeans(z), like), rows, cols);
  if (impl_->model->classes() > 0 && names.size() == size_t(impl_->model->classes()))
    for (int r = 0; r < rows; ++r) g.row_labels.push_back(names[size_t(r) % names.size()]);
  return g;
}

ImageGrid Analyzer::queryGrid(int rows, int cols) {
  // Row r asks for validation image r's attributes: all of them (a full query) on even rows,
  // only the first two (shape and scale: a partial query) on odd ones.
  const auto& attrs = impl_->attributes;
  const auto K = static_cast<int64_t>(attrs.size());
  rows = static_cast<int>(std::min<int64_t>(rows, imageCount()));
  auto codes = impl_->valid.attributes.narrow(0, 0, rows).to(torch::kCPU).clone();
  for (int r = 1; r < rows; r += 2) codes[r].narrow(0, 2, K - 2).fill_(-1);
  std::vector<std::string> labels;
  for (int r = 0; r < rows; ++r) {
    std::string label;
    for (int64_t k = 0; k < K; ++k) {
      const int64_t v = codes[r][k].item<int64_t>();
      label += (k ? " " : "") + (v < 0 ? std::string("·") : attrs[size_t(k)].values[size_t(v)]);
    }
    labels.push_back(label);
  }
  auto z = impl_->model->sampleGivenAttributes(codes.repeat_interleave(cols, 0));
  ImageGrid g = impl_->grid(impl_->decodeMeans(z), rows, cols);
  g.row_labels = std::move(labels);
  g.queries = true;
  return g;
}

ImageGrid Analyzer::reconstructions(int rows, int pairs, int64_t first) {
  if (impl_->graph) return Impl::graphNote();
  torch::NoGradGuard no_grad;
  pairs = static_cast<int>(std::min<int64_t>(pairs, imageCount()));  // tiny validation splits
  const int64_t n =
      std::min<int64_t>(static_cast<int64_t>(rows) * pairs, imageCount()) / pairs * pairs;
  first = std::clamp<int64_t>(first, 0, imageCount() - n);
  auto x = impl_->valid.images.narrow(0, first, n);
  auto recon =
      impl_->withLengths(impl_->decodeMeans(impl_->model->posteriorMeanPath(x, impl_->hard())), x);
  auto both = torch::stack({x, recon}, 1).reshape({2 * n, -1});  // input, reconstruction, ...
  ImageGrid g = impl_->grid(both, static_cast<int>(n / pairs), 2 * pairs);
  for (int c = 0; c < g.cols; ++c) g.col_labels.push_back(c % 2 == 0 ? "input" : "recon");
  return g;
}

ImageGrid Analyzer::traversal(const TraversalRequest& r) {
  if (impl_->graph) return Impl::graphNote();
  torch::NoGradGuard no_grad;
  const int64_t nd = nodeDim();
  TORCH_CHECK(r.steps >= 1, "traversal needs at least one step");
  // A request made for another model (a view's last choice) is clamped to this one.
  const int node = std::clamp<int>(r.node, 1, static_cast<int>(nodes()));
  const int dim = std::clamp<int>(r.dim, 0, static_cast<int>(nd));
  torch::Tensor base;  // [1, S * W], S = latentSteps() (1 for images), W = pathWidth()
  const int64_t index = std::clamp<int64_t>(r.input_index, 0, imageCount() - 1);
  auto x = impl_->valid.images.narrow(0, index, 1);  // also lends a sequence its length
  if (r.input_index >= 0) {
    base = impl_->model->posteriorMeanPath(x, impl_->hard());
  } else {
    ScopedNoise noise(r.seed);
    base = impl_->model->samplePrior(1, impl_->hard());
  }
  std::vector<int64_t> dims;
  if (dim > 0) {
    dims.push_back(dim - 1);
  } else {
    for (int64_t d = 0; d < nd; ++d) dims.push_back(d);
  }
  auto values = torch::linspace(-r.range, r.range, r.steps, base.options());  // [S]
  const int64_t rows = static_cast<int64_t>(dims.size());
  // The unit takes each value at every latent step (along a sequence's whole path).
  const int64_t S = impl_->model->latentSteps(), M = impl_->model->pathWidth();
  auto z = base.repeat({rows * r.steps, 1}).view({rows * r.steps, S, M});
  std::vector<std::string> row_labels;
  for (int64_t k = 0; k < rows; ++k) {
    const int64_t unit = (node - 1) * nd + dims[k];
    z.narrow(0, k * r.steps, r.steps).select(2, unit).copy_(values.unsqueeze(1).expand({-1, S}));
    row_labels.push_back("z" + std::to_string(node) + "." + std::to_string(dims[k] + 1));
  }
  auto decoded = impl_->decodeMeans(z.view({rows * r.steps, S * M}));
  ImageGrid g = impl_->grid(impl_->withLengths(decoded, x), static_cast<int>(rows), r.steps);
  g.row_labels = std::move(row_labels);
  auto v = values.to(torch::kDouble);
  for (int s = 0; s < r.steps; ++s) g.col_labels.push_back(signedOneDecimal(v[s].item<double>()));
  return g;
}

LatentAnalysis Analyzer::latents(int64_t n) {
  const int64_t count = n > 0 ? std::min(n, imageCount()) : imageCount();
  auto means = posteriorMeans(*impl_->model, impl_->valid.images.narrow(0, 0, count));
  LatentAnalysis a;
  a.stats = statisticsOfMeans(means, "valid");
  a.n = count;
  a.dims = means.size(1);
  a.node_dim = nodeDim();
  auto f = means.to(torch::kFloat).contiguous();
  a.means.assign(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
  a.class_names = impl_->class_names;
  if (!a.class_names.empty() && impl_->valid.labels.defined()) {
    auto labels = impl_->valid.labels.narrow(0, 0, count).to(torch::kCPU, torch::kInt).contiguous();
    a.labels.assign(labels.data_ptr<int>(), labels.data_ptr<int>() + count);
  }
  if (impl_->graph) a.link = linkPrediction(*impl_->model, *impl_->graph, /*test=*/false);
  return a;
}

}  // namespace gvae
