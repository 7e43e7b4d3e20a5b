// The judge and the queries of TELBO's evaluation (concepts.h).
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/data/attributes.h"
#include "core/data/image_set.h"
#include "core/data/splitmix.h"
#include "core/eval/concepts.h"
#include "core/models/latent_model.h"

namespace gvae {
namespace {

std::vector<int64_t> flat(const torch::Tensor& t) {
  auto c = t.to(torch::kCPU, torch::kLong).contiguous();
  return {c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()};
}

// The judge's predicted codes [n, K] of images [n, D].
torch::Tensor judgeImages(torch::nn::Sequential& net, const torch::Tensor& images,
                          const std::vector<int64_t>& sizes) {
  torch::NoGradGuard no_grad;
  auto logits = net->forward(images);
  std::vector<torch::Tensor> out;
  int64_t offset = 0;
  for (int64_t v : sizes) {
    out.push_back(logits.narrow(1, offset, v).argmax(1));
    offset += v;
  }
  return torch::stack(out, 1);
}

}  // namespace

ConceptReport conceptMetrics(LatentModelImpl& model, const DataSplits& data,
                             const ConceptOptions& o) {
  const std::vector<int64_t> sizes = model.attributeSizes();
  TORCH_CHECK(!sizes.empty() && data.train.attributes.defined() && data.test.attributes.defined(),
              "the concept metrics need a model and data with attributes");
  const auto K = static_cast<int64_t>(sizes.size());
  int64_t values = 0;
  for (int64_t v : sizes) values += v;
  torch::manual_seed(o.seed);
  const auto device = data.train.images.device();

  // The judge: 784-256-(sum of values) with a softmax per attribute.
  torch::nn::Sequential net(torch::nn::Linear(data.train.images.size(1), 256), torch::nn::ReLU(),
                            torch::nn::Linear(256, values));
  net->to(device);
  torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(1e-3));
  const int64_t n = data.train.size(), batch = 128;
  for (int64_t e = 0; e < o.judge_epochs; ++e) {
    auto perm = torch::randperm(n, torch::TensorOptions(torch::kLong).device(device));
    for (int64_t s = 0; s + batch <= n; s += batch) {
      auto rows = perm.narrow(0, s, batch);
      auto logits = net->forward(data.train.images.index_select(0, rows));
      auto codes = data.train.attributes.index_select(0, rows);
      torch::Tensor loss = torch::zeros({}, logits.options());
      int64_t offset = 0;
      for (int64_t k = 0; k < K; ++k) {
        loss = loss + torch::nll_loss(torch::log_softmax(logits.narrow(1, offset, sizes[k]), 1),
                                      codes.select(1, k));
        offset += sizes[k];
      }
      adam.zero_grad();
      loss.backward();
      adam.step();
    }
  }
  net->eval();
  ConceptReport r;
  r.samples_per_query = o.samples;
  for (const AttributeInfo& a : data.attribute_info) r.attribute_names.push_back(a.name);
  {
    auto hit =
        (judgeImages(net, data.test.images, sizes) == data.test.attributes).to(torch::kDouble);
    auto acc = hit.mean(0).to(torch::kCPU).contiguous();
    r.judge_accuracy.assign(acc.data_ptr<double>(), acc.data_ptr<double>() + acc.numel());
  }

  // Generated images of a query, judged: [S * K].
  torch::NoGradGuard no_grad;
  model.eval();
  const auto generate = [&](const std::vector<int64_t>& query) {
    auto codes = torch::tensor(query, torch::kLong).view({1, K}).repeat({o.samples, 1}).to(device);
    auto images = (model.decodeMean(model.sampleGivenAttributes(codes)) > 0.5).to(torch::kFloat);
    return flat(judgeImages(net, images, sizes));
  };
  const std::vector<int64_t> train = flat(data.train.attributes), test = flat(data.test.attributes);
  std::set<std::vector<int64_t>> seen;
  for (size_t i = 0; i + size_t(K) <= train.size(); i += size_t(K))
    seen.insert({train.begin() + long(i), train.begin() + long(i) + K});

  double sum = 0;
  std::set<std::vector<int64_t>> asked;
  for (size_t i = 0; i + size_t(K) <= test.size() && r.seen_queries < o.queries; i += size_t(K)) {
    std::vector<int64_t> q(test.begin() + long(i), test.begin() + long(i) + K);
    if (!seen.count(q) || !asked.insert(q).second) continue;
    sum += queryCorrectness(generate(q), q);
    ++r.seen_queries;
  }
  r.correctness = r.seen_queries ? sum / double(r.seen_queries) : std::nan("");

  const std::vector<int64_t> held = heldOutCombinations(data.attribute_info);
  sum = 0;
  for (size_t c = 0; c + size_t(K) <= held.size(); c += size_t(K)) {
    std::vector<int64_t> q(held.begin() + long(c), held.begin() + long(c) + K);
    sum += queryCorrectness(generate(q), q);
    ++r.held_out_queries;
  }
  r.compositionality = r.held_out_queries ? sum / double(r.held_out_queries) : std::nan("");

  // Partial queries: a test image's attributes, 1 to 3 kept; the truth of the others is their
  // distribution among the training images that match the kept ones.
  SplitMix64 rng(o.seed);
  double cover = 0, correct = 0;
  const int64_t n_test = static_cast<int64_t>(test.size()) / K;
  for (int64_t t = 0; t < 4 * o.queries && r.partial_queries < o.queries && n_test > 0; ++t) {
    const auto row = static_cast<int64_t>(rng.below(uint64_t(n_test)));
    std::vector<int64_t> q(test.begin() + row * K, test.begin() + (row + 1) * K);
    const auto keep = static_cast<int64_t>(1 + rng.below(3));
    std::vector<int64_t> order(static_cast<size_t>(K));
    for (int64_t k = 0; k < K; ++k) order[size_t(k)] = k;
    for (int64_t i = K - 1; i > 0; --i)
      std::swap(order[size_t(i)], order[rng.below(uint64_t(i + 1))]);
    for (int64_t i = keep; i < K; ++i) q[size_t(order[size_t(i)])] = -1;
    std::vector<std::vector<double>> truth(static_cast<size_t>(K));
    for (int64_t k = 0; k < K; ++k) truth[size_t(k)].assign(size_t(sizes[size_t(k)]), 0.0);
    int64_t matches = 0;
    for (size_t i = 0; i + size_t(K) <= train.size(); i += size_t(K)) {
      bool match = true;
      for (int64_t k = 0; k < K && match; ++k)
        match = q[size_t(k)] < 0 || train[i + size_t(k)] == q[size_t(k)];
      if (!match) continue;
      ++matches;
      for (int64_t k = 0; k < K; ++k) truth[size_t(k)][size_t(train[i + size_t(k)])] += 1;
    }
    if (matches == 0) continue;
    const std::vector<int64_t> judged = generate(q);
    cover += queryCoverage(judged, q, truth, sizes);
    correct += queryCorrectness(judged, q);
    ++r.partial_queries;
  }
  r.coverage = r.partial_queries ? cover / double(r.partial_queries) : std::nan("");
  r.abstract_correctness = r.partial_queries ? correct / double(r.partial_queries) : std::nan("");
  return r;
}

}  // namespace gvae
