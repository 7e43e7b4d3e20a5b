// MNIST loader: four IDX files -> one contiguous float tensor per split, labels checked.
#include "core/data/mnist.h"

#include <sys/stat.h>
#include <torch/types.h>

#include <algorithm>

#include "core/data/byte_source.h"
#include "core/data/idx_reader.h"

namespace gvae {
namespace {

constexpr int64_t kSide = 28;
constexpr int64_t kPixels = kSide * kSide;
constexpr int64_t kTrainCount = 60000;
constexpr int64_t kTestCount = 10000;
constexpr int64_t kValidCount = 10000;

/// Finds `name` or `name`.gz in `dir`; the plain file wins when both are there (no inflating).
Status findFile(const std::string& dir, const std::string& name, std::string* path) {
  const std::string base = dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
  for (const std::string& candidate : {base, base + ".gz"}) {
    if (isRegularFile(candidate)) {
      *path = candidate;
      return Status::Ok();
    }
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::Error(dir + ": no such directory (expected the four MNIST IDX files in it)");
  }
  return Status::Error(
      dir + ": neither " + name + " nor " + name + ".gz found (MNIST's files: " +
      "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, " +
      "t10k-labels-idx1-ubyte, each gzipped or not)");
}

/// [n * 784] bytes -> [n, 784] float32 in [0, 1]: one conversion, no per-sample copies.
torch::Tensor toImages(const uint8_t* pixels, int64_t n) {
  auto bytes = torch::from_blob(const_cast<uint8_t*>(pixels), {n, kPixels}, torch::kUInt8);
  return bytes.to(torch::kFloat32).div_(255.0);
}

/// [n] bytes -> [n] int64.
torch::Tensor toLabels(const uint8_t* labels, int64_t n) {
  return torch::from_blob(const_cast<uint8_t*>(labels), {n}, torch::kUInt8).to(torch::kInt64);
}

/// The paths of one images/labels pair.
struct PairFiles {
  std::string images, labels;
};

/// Finds both files of a pair in `dir`.
Status findPair(const std::string& dir, const std::string& images_name,
                const std::string& labels_name, PairFiles* files) {
  Status st = findFile(dir, images_name, &files->images);
  return st ? findFile(dir, labels_name, &files->labels) : st;
}

/// Reads one images/labels pair and checks it against MNIST's shape and `count`.
Status readPair(const PairFiles& files, int64_t count, IdxArray* images, IdxArray* labels) {
  Status st = readIdxFile(files.images, kIdxImagesMagic, images);
  if (!st) return st;
  st = readIdxFile(files.labels, kIdxLabelsMagic, labels);
  if (!st) return st;

  const std::vector<int64_t>& d = images->dims;  // 3 dims: guaranteed by the magic number
  if (d[1] != kSide || d[2] != kSide) {
    return Status::Error(files.images + ": images are " + std::to_string(d[1]) + " x " +
                         std::to_string(d[2]) + " pixels, MNIST's are 28 x 28");
  }
  const int64_t n_images = d[0];
  const int64_t n_labels = labels->dims[0];
  if (n_images != n_labels) {
    return Status::Error("image and label counts disagree: " + files.images + " has " +
                         std::to_string(n_images) + " images, " + files.labels + " has " +
                         std::to_string(n_labels) + " labels");
  }
  const auto bad = std::find_if(labels->data.begin(), labels->data.end(),
                                [](uint8_t label) { return label > 9; });
  if (bad != labels->data.end()) {
    return Status::Error(files.labels + ": label " + std::to_string(*bad) + " at index " +
                         std::to_string(bad - labels->data.begin()) +
                         " is outside the digits 0..9");
  }
  if (n_images != count) {
    return Status::Error(files.images + ": " + std::to_string(n_images) +
                         " images, MNIST's file has " + std::to_string(count) +
                         " (an incomplete or foreign file?)");
  }
  return Status::Ok();
}

}  // namespace

Status loadMnist(const std::string& dir, DataSplits* out, bool validation_only) {
  // Find all four files before reading any: a missing one is reported without a slow inflate.
  PairFiles train_files, test_files;
  Status st = findPair(dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", &train_files);
  if (!st) return st;
  if (!validation_only) {
    st = findPair(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", &test_files);
    if (!st) return st;
  }

  IdxArray train_images, train_labels, test_images, test_labels;
  st = readPair(train_files, kTrainCount, &train_images, &train_labels);
  if (!st) return st;
  if (!validation_only) {
    st = readPair(test_files, kTestCount, &test_images, &test_labels);
    if (!st) return st;
  }

  // Each split converts its own byte range, so each owns one contiguous [n, 784] tensor.
  constexpr int64_t kTrainKept = kTrainCount - kValidCount;
  DataSplits splits;
  splits.width = kSide;
  splits.height = kSide;
  splits.valid.images = toImages(train_images.data.data() + kTrainKept * kPixels, kValidCount);
  splits.valid.labels = toLabels(train_labels.data.data() + kTrainKept, kValidCount);
  if (!validation_only) {
    splits.train.images = toImages(train_images.data.data(), kTrainKept);
    splits.train.labels = toLabels(train_labels.data.data(), kTrainKept);
    splits.test.images = toImages(test_images.data.data(), kTestCount);
    splits.test.labels = toLabels(test_labels.data.data(), kTestCount);
  }
  *out = std::move(splits);
  return Status::Ok();
}

}  // namespace gvae
