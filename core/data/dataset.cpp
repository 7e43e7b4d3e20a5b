// Loads sprites or MNIST into contiguous device tensors; binarization; shuffled batch indices.
#include "core/data/dataset.h"

#include "core/data/mnist.h"
#include "core/data/sprites.h"

namespace gvae {
namespace {

ImageSet slice(const ImageSet& s, int64_t start, int64_t length) {
  return {s.images.narrow(0, start, length).clone(), s.labels.narrow(0, start, length).clone()};
}

torch::Tensor binarizeFixed(const torch::Tensor& grey, const std::string& mode) {
  if (mode == "threshold") return (grey > 0.5).to(torch::kFloat);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(kSpritesSeed);
  return torch::bernoulli(grey.to(torch::kCPU), gen).to(grey.device());
}

}  // namespace

Status loadDataSplits(const RunConfig& config, torch::Device device, DataSplits* out) {
  DataSplits d;
  if (config.dataset == "sprites") {
    SpriteSet s = generateSprites({config.sprites_count, kSpritesSeed});
    ImageSet all;
    all.images = torch::from_blob(s.pixels.data(), {s.count, 784}, torch::kUInt8).to(torch::kFloat);
    all.labels = torch::from_blob(s.labels.data(), {s.count}, torch::kInt64).clone();
    const int64_t n_valid = s.count / 10, n_test = s.count / 10;
    const int64_t n_train = s.count - n_valid - n_test;
    d.train = slice(all, 0, n_train);
    d.valid = slice(all, n_train, n_valid);
    d.test = slice(all, n_train + n_valid, n_test);
  } else if (config.dataset == "mnist") {
    Status st = loadMnist(config.data_dir, &d);
    if (!st) return st;
  } else {
    return Status::Error("unknown dataset '" + config.dataset + "'");
  }
  for (ImageSet* set : {&d.train, &d.valid, &d.test}) {
    set->images = set->images.to(device).contiguous();
    set->labels = set->labels.to(device);
  }
  if (config.binarize == "threshold") d.train.images = binarizeFixed(d.train.images, "threshold");
  d.valid.images = binarizeFixed(d.valid.images, config.binarize);
  d.test.images = binarizeFixed(d.test.images, config.binarize);
  *out = std::move(d);
  return Status::Ok();
}

torch::Tensor binarizeTrain(const torch::Tensor& train, const std::string& mode) {
  return mode == "threshold" ? train : torch::bernoulli(train);
}

std::vector<torch::Tensor> epochBatches(int64_t n, int64_t batch, torch::Device device) {
  auto perm = torch::randperm(n, torch::TensorOptions().dtype(torch::kLong)).to(device);
  std::vector<torch::Tensor> out;
  for (int64_t start = 0; start + batch <= n; start += batch)
    out.push_back(perm.narrow(0, start, batch));
  return out;
}

}  // namespace gvae
