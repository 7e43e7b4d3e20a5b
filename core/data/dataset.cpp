// Loads sprites, MNIST or stroke sequences into contiguous device tensors; binarization of
// images; shuffled batch indices.
#include "core/data/dataset.h"

#include "core/data/graph.h"
#include "core/data/mnist.h"
#include "core/data/sprites.h"
#include "core/data/strokes.h"

namespace gvae {
namespace {

ImageSet slice(const ImageSet& s, int64_t start, int64_t length) {
  ImageSet out = s.narrow(start, length);
  out.images = out.images.clone();
  out.labels = out.labels.clone();
  if (out.factors.defined()) out.factors = out.factors.clone();
  if (out.attributes.defined()) out.attributes = out.attributes.clone();
  return out;
}

torch::Tensor binarizeFixed(const torch::Tensor& grey, const std::string& mode) {
  if (mode == "threshold") return (grey > 0.5).to(torch::kFloat);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(kSpritesSeed);
  return torch::bernoulli(grey.to(torch::kCPU), gen).to(grey.device());
}

/// The three splits of a stroke dataset as sequences (CPU, raw units).
Status loadStrokeSequences(const RunConfig& config, StrokeSplits* out) {
  if (config.dataset == "strokes") {
    *out = splitStrokes(generateStrokes(config.strokes_count, kStrokesSeed), false, 0);
    return Status::Ok();
  }
  if (config.dataset == "omniglot-strokes") {
    StrokeSplits s;
    for (auto [name, seqs] :
         {std::pair{"train", &s.train}, std::pair{"valid", &s.valid}, std::pair{"test", &s.test}}) {
      Status st = loadOmniglotStrokes(config.data_dir, name, seqs);
      if (!st) return st;
    }
    *out = std::move(s);
    return Status::Ok();
  }
  std::vector<StrokeSequence> all;
  Status st = loadIamOnDb(config.data_dir, &all);
  if (!st) return st;
  if (all.size() < 10)
    return Status::Error(config.data_dir + ": " + std::to_string(all.size()) +
                         " IAM-OnDB line files; an 80/10/10 split needs at least 10");
  *out = splitStrokes(std::move(all), true, kIamSplitSeed);
  return Status::Ok();
}

/// Stroke sequences packed as [n, 4T] (see strokes.h); T and the scale come from the config
/// when non-zero, else from the training split.
Status loadStrokeSplits(const RunConfig& config, bool validation_only, DataSplits* out) {
  StrokeSplits s;
  Status st = loadStrokeSequences(config, &s);
  if (!st) return st;
  DataSplits d;
  d.seq_len = config.max_steps > 0 ? config.max_steps : autoStrokeSteps(s.train);
  d.stroke_scale = config.stroke_scale > 0 ? config.stroke_scale : strokeScale(s.train);
  d.width = 4;
  d.height = d.seq_len;
  for (auto [seqs, set] : {std::pair{&s.train, &d.train}, std::pair{&s.valid, &d.valid},
                           std::pair{&s.test, &d.test}}) {
    if (validation_only && set != &d.valid) continue;
    st = packStrokes(*seqs, d.seq_len, d.stroke_scale, set);
    if (!st) return Status::Error(config.dataset + ": " + st.message);
  }
  *out = std::move(d);
  return Status::Ok();
}

torch::Tensor pairTensor(const std::vector<Edge>& edges) {
  std::vector<int64_t> flat;
  flat.reserve(2 * edges.size());
  for (const auto& [a, b] : edges) flat.insert(flat.end(), {a, b});
  return torch::tensor(flat, torch::kLong).view({-1, 2});
}

/// A graph dataset: every split's rows are the node ids; the edges are split (graph.h).
Status loadGraphSplits(const RunConfig& config, torch::Device device, DataSplits* out) {
  Graph g;
  if (config.dataset == "sbm") {
    SbmOptions o;
    o.seed = kSbmSeed;
    g = generateSbm(o);
  } else {
    Status st = readLinqsGraph(config.data_dir, config.dataset, &g);
    if (!st) return st;
  }
  EdgeSplit split;
  Status st = splitEdges(g, kGraphValidEdges, kGraphTestEdges, kGraphSplitSeed, &split);
  if (!st) return Status::Error(config.dataset + ": " + st.message);
  auto t = std::make_shared<GraphTensors>();
  const int64_t n = g.nodes;
  t->features = torch::from_blob(g.x.data(), {n, g.features}, torch::kFloat).to(device).clone();
  const auto entries = normalizedAdjacency(n, split.train);
  std::vector<int64_t> index(2 * entries.size());
  std::vector<float> values(entries.size());
  for (size_t k = 0; k < entries.size(); ++k) {
    index[k] = entries[k].row;
    index[entries.size() + k] = entries[k].col;
    values[k] = static_cast<float>(entries[k].value);
  }
  const auto nnz = static_cast<int64_t>(entries.size());
  t->propagation = torch::sparse_coo_tensor(torch::tensor(index, torch::kLong).view({2, nnz}),
                                            torch::tensor(values, torch::kFloat), {n, n})
                       .coalesce()
                       .to(device);
  auto target = torch::eye(n, torch::kFloat);
  auto pairs = pairTensor(split.train);
  target.index_put_({pairs.select(1, 0), pairs.select(1, 1)}, 1.0);
  target.index_put_({pairs.select(1, 1), pairs.select(1, 0)}, 1.0);
  const double present = static_cast<double>(n + 2 * static_cast<int64_t>(split.train.size()));
  t->pos_weight = (static_cast<double>(n) * static_cast<double>(n) - present) / present;
  t->target = target.to(device);
  t->valid_pos = pairTensor(split.valid_pos).to(device);
  t->valid_neg = pairTensor(split.valid_neg).to(device);
  t->test_pos = pairTensor(split.test_pos).to(device);
  t->test_neg = pairTensor(split.test_neg).to(device);
  t->train_edges = static_cast<int64_t>(split.train.size());
  DataSplits d;
  ImageSet nodes;
  nodes.images = torch::arange(n, torch::kFloat).view({n, 1});
  nodes.labels = torch::tensor(g.labels, torch::kLong);
  d.train = d.valid = d.test = nodes;
  d.width = g.features;
  d.height = 1;
  d.class_names = g.class_names;
  d.graph = std::move(t);
  *out = std::move(d);
  return Status::Ok();
}

/// loadDataSplits and loadValidationSplit.
Status loadSplits(const RunConfig& config, torch::Device device, bool validation_only,
                  DataSplits* out) {
  DataSplits d;
  if (config.dataset == "sprites") {
    const int64_t n_valid = config.sprites_count / 10, n_test = config.sprites_count / 10;
    const int64_t n_train = config.sprites_count - n_valid - n_test;
    // Sprite i does not depend on the others: the validation range can be made alone.
    const int64_t first = validation_only ? n_train : 0;
    const int64_t count = validation_only ? n_valid : config.sprites_count;
    SpriteSet s = generateSprites({count, kSpritesSeed, first});
    ImageSet all;
    all.images = torch::from_blob(s.pixels.data(), {s.count, 784}, torch::kUInt8).to(torch::kFloat);
    all.labels = torch::from_blob(s.labels.data(), {s.count}, torch::kInt64).clone();
    const auto k = static_cast<int64_t>(s.factor_names.size());
    all.factors = torch::from_blob(s.factors.data(), {s.count, k}, torch::kFloat).clone();
    all.attributes =
        torch::tensor(spritesAttributeCodes(s.factors), torch::kLong).view({s.count, -1});
    d.attribute_info = spritesAttributes();
    d.factor_info = spritesFactorInfo();
    d.factor_dag = spritesGroundTruthDag();
    if (validation_only) {
      d.valid = all;
    } else {
      d.train = slice(all, 0, n_train);
      d.valid = slice(all, n_train, n_valid);
      d.test = slice(all, n_train + n_valid, n_test);
    }
  } else if (config.dataset == "mnist") {
    Status st = loadMnist(config.data_dir, &d, validation_only);
    if (!st) return st;
  } else if (isStrokeDataset(config.dataset)) {
    Status st = loadStrokeSplits(config, validation_only, &d);
    if (!st) return st;
  } else if (isGraphDataset(config.dataset)) {
    Status st = loadGraphSplits(config, device, &d);
    if (!st) return st;
  } else {
    return Status::Error("unknown dataset '" + config.dataset + "'");
  }
  for (ImageSet* set : {&d.train, &d.valid, &d.test}) {
    if (!set->images.defined()) continue;
    set->images = set->images.to(device).contiguous();
    set->labels = set->labels.to(device);
    if (set->factors.defined()) set->factors = set->factors.to(device);
    if (set->attributes.defined()) set->attributes = set->attributes.to(device);
  }
  if (d.class_names.empty()) d.class_names = datasetClassNames(config.dataset);
  if (d.seq_len == 0 && !d.graph) {  // images; packed strokes and node ids pass through
    if (config.binarize == "threshold" && d.train.images.defined())
      d.train.images = binarizeFixed(d.train.images, "threshold");
    d.valid.images = binarizeFixed(d.valid.images, config.binarize);
    if (d.test.images.defined()) d.test.images = binarizeFixed(d.test.images, config.binarize);
  }
  *out = std::move(d);
  return Status::Ok();
}

}  // namespace

Status loadDataSplits(const RunConfig& config, torch::Device device, DataSplits* out) {
  return loadSplits(config, device, false, out);
}

Status loadValidationSplit(const RunConfig& config, torch::Device device, DataSplits* out) {
  return loadSplits(config, device, true, out);
}

torch::Tensor binarizeTrain(const torch::Tensor& train, const std::string& mode) {
  return mode == "threshold" ? train : torch::bernoulli(train);
}

torch::Tensor binarizeTrain(const torch::Tensor& train, const RunConfig& config) {
  return isStrokeDataset(config.dataset) || isGraphDataset(config.dataset)
             ? train
             : binarizeTrain(train, config.binarize);
}

std::vector<torch::Tensor> epochBatches(int64_t n, int64_t batch, torch::Device device) {
  auto perm = torch::randperm(n, torch::TensorOptions().dtype(torch::kLong)).to(device);
  std::vector<torch::Tensor> out;
  for (int64_t start = 0; start + batch <= n; start += batch)
    out.push_back(perm.narrow(0, start, batch));
  return out;
}

std::vector<Batch> lengthBucketedBatches(const torch::Tensor& lengths, int64_t batch,
                                         torch::Device device, int64_t chunk_batches) {
  const int64_t n = lengths.size(0);
  auto perm = torch::randperm(n, torch::TensorOptions().dtype(torch::kLong));
  auto len = lengths.to(torch::kCPU).index_select(0, perm);
  // Within chunks of chunk_batches * batch random sequences, sort by length and cut into
  // batches; then shuffle the batches. Batches hold sequences of similar length (little
  // padding to compute), and every epoch still mixes them differently.
  const int64_t chunk = batch * chunk_batches;
  std::vector<Batch> batches;
  for (int64_t start = 0; start < n; start += chunk) {
    const int64_t m = std::min(chunk, n - start);
    auto [sorted, order] = torch::sort(len.narrow(0, start, m), 0, /*descending=*/false);
    auto ids = perm.narrow(0, start, m).index_select(0, order);
    for (int64_t b = 0; b + batch <= m; b += batch)  // ascending: the last row is the longest
      batches.push_back({ids.narrow(0, b, batch), sorted[b + batch - 1].item<int64_t>()});
  }
  auto shuffle = torch::randperm(static_cast<int64_t>(batches.size()), torch::kLong);
  std::vector<Batch> out;
  for (int64_t i = 0; i < shuffle.size(0); ++i) {
    Batch b = batches[shuffle[i].item<int64_t>()];
    b.index = b.index.to(device);
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<Batch> trainingBatches(const DataSplits& data, const torch::Tensor& train_x,
                                   int64_t batch, torch::Device device) {
  const int64_t T = data.seq_len;
  if (T == 0) {
    std::vector<Batch> out;
    for (auto& index : epochBatches(train_x.size(0), batch, device)) out.push_back({index, 0});
    return out;
  }
  auto lengths = train_x.view({train_x.size(0), T, 4}).select(2, 3).sum(1);  // [n]
  return lengthBucketedBatches(lengths, batch, device);
}

torch::Tensor batchInputs(const torch::Tensor& train_x, const Batch& b) {
  auto x = train_x.index_select(0, b.index);
  return b.steps > 0 ? x.narrow(1, 0, 4 * b.steps) : x;
}

}  // namespace gvae
