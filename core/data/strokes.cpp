// Stroke sequences: Omniglot NPY loading, 80/10/10 splits, the scale, packing and unpacking.
#include "core/data/strokes.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/data/byte_source.h"
#include "core/data/npy_reader.h"
#include "core/data/splitmix.h"

namespace gvae {
namespace {

/// Finds `name`.npy or `name`.npy.gz in `dir` (the plain file wins: no inflating).
Status findNpy(const std::string& dir, const std::string& name, std::string* path) {
  const std::string base = dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
  for (const std::string& candidate : {base + ".npy", base + ".npy.gz"}) {
    if (isRegularFile(candidate)) {
      *path = candidate;
      return Status::Ok();
    }
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return Status::Error(dir + ": no such directory (expected the Omniglot stroke files in it)");
  return Status::Error(dir + ": neither " + name + ".npy nor " + name + ".npy.gz found");
}

/// Checks the offsets [N + 1] against P rows: start 0, increasing, end P.
Status checkOffsets(const std::string& file, const std::vector<int64_t>& off, int64_t rows) {
  if (off.size() < 2) return Status::Error(file + ": no drawings (fewer than 2 offsets)");
  if (off.front() != 0)
    return Status::Error(file + ": offsets must start at 0, the first is " +
                         std::to_string(off.front()));
  for (size_t i = 0; i + 1 < off.size(); ++i) {
    if (off[i + 1] < off[i])
      return Status::Error(file + ": offsets decrease at index " + std::to_string(i + 1) + " (" +
                           std::to_string(off[i]) + " then " + std::to_string(off[i + 1]) + ")");
    if (off[i + 1] == off[i])
      return Status::Error(file + ": drawing " + std::to_string(i) + " is empty (offsets " +
                           std::to_string(i) + " and " + std::to_string(i + 1) + " are both " +
                           std::to_string(off[i]) + ")");
  }
  if (off.back() != rows)
    return Status::Error(file + ": the last offset is " + std::to_string(off.back()) +
                         ", the strokes file has " + std::to_string(rows) + " rows");
  return Status::Ok();
}

}  // namespace

Status loadOmniglotStrokes(const std::string& dir, const std::string& split,
                           std::vector<StrokeSequence>* out) {
  if (split != "train" && split != "valid" && split != "test")
    return Status::Error("Omniglot strokes: unknown split '" + split + "' (train, valid, test)");
  std::string strokes_path, offsets_path;
  Status st = findNpy(dir, "omniglot_" + split + "_strokes", &strokes_path);
  if (!st) return st;
  st = findNpy(dir, "omniglot_" + split + "_offsets", &offsets_path);
  if (!st) return st;

  NpyArray strokes, offsets;
  st = readNpyFile(strokes_path, &strokes);
  if (!st) return st;
  st = readNpyFile(offsets_path, &offsets);
  if (!st) return st;
  if (strokes.shape.size() != 2 || strokes.shape[1] != 3)
    return Status::Error(strokes_path + ": shape " + npyShapeText(strokes.shape) +
                         ", expected (P, 3) rows of dx, dy, pen_lift");
  if (offsets.shape.size() != 1 || offsets.floating)
    return Status::Error(offsets_path + ": expected a 1-D integer array, got " + offsets.descr +
                         " of shape " + npyShapeText(offsets.shape));
  const int64_t rows = strokes.shape[0];
  st = checkOffsets(offsets_path, offsets.ints, rows);
  if (!st) return st;
  for (int64_t r = 0; r < rows; ++r) {
    const double dx = strokes.at(3 * r), dy = strokes.at(3 * r + 1), pen = strokes.at(3 * r + 2);
    if (pen != 0 && pen != 1)
      return Status::Error(strokes_path + ": row " + std::to_string(r) + " has pen_lift " +
                           std::to_string(pen) + ", expected 0 or 1");
    if (!std::isfinite(dx) || !std::isfinite(dy))
      return Status::Error(strokes_path + ": row " + std::to_string(r) + " is not finite");
  }

  const size_t n = offsets.ints.size() - 1;
  std::vector<StrokeSequence> seqs(n);
  for (size_t i = 0; i < n; ++i) {
    StrokeSequence& s = seqs[i];
    for (int64_t r = offsets.ints[i]; r < offsets.ints[i + 1]; ++r) {
      s.dx.push_back(static_cast<float>(strokes.at(3 * r)));
      s.dy.push_back(static_cast<float>(-strokes.at(3 * r + 1)));  // stored downwards
      s.pen.push_back(static_cast<uint8_t>(strokes.at(3 * r + 2)));
    }
  }
  *out = std::move(seqs);
  return Status::Ok();
}

StrokeSplits splitStrokes(std::vector<StrokeSequence> all, bool shuffle, uint64_t shuffle_seed) {
  if (shuffle) {
    SplitMix64 rng(SplitMix64::mix(shuffle_seed));
    for (size_t i = all.size(); i > 1; --i) std::swap(all[i - 1], all[rng.below(i)]);
  }
  const size_t n_valid = all.size() / 10, n_test = all.size() / 10;
  const size_t n_train = all.size() - n_valid - n_test;
  StrokeSplits s;
  auto move_range = [&all](size_t start, size_t count, std::vector<StrokeSequence>* to) {
    to->assign(std::make_move_iterator(all.begin() + start),
               std::make_move_iterator(all.begin() + start + count));
  };
  move_range(0, n_train, &s.train);
  move_range(n_train, n_valid, &s.valid);
  move_range(n_train + n_valid, n_test, &s.test);
  return s;
}

double strokeScale(const std::vector<StrokeSequence>& train) {
  // Two passes in a fixed order, in double: the same data gives the same bits.
  double sum = 0;
  int64_t n = 0;
  for (const StrokeSequence& s : train) {
    for (size_t t = 0; t < s.dx.size(); ++t) sum += double{s.dx[t]} + double{s.dy[t]};
    n += 2 * s.size();
  }
  if (n == 0) return 1.0;
  const double mean = sum / static_cast<double>(n);
  double sq = 0;
  for (const StrokeSequence& s : train) {
    for (size_t t = 0; t < s.dx.size(); ++t) {
      sq += (s.dx[t] - mean) * (s.dx[t] - mean) + (s.dy[t] - mean) * (s.dy[t] - mean);
    }
  }
  const double sd = std::sqrt(sq / static_cast<double>(n));
  return std::isfinite(sd) && sd > 0 ? sd : 1.0;
}

int64_t autoStrokeSteps(const std::vector<StrokeSequence>& train) {
  int64_t longest = 1;
  for (const StrokeSequence& s : train) longest = std::max(longest, s.size());
  return std::min(longest, kMaxAutoSteps);
}

Status packStrokes(const std::vector<StrokeSequence>& seqs, int64_t T, double scale,
                   ImageSet* out) {
  if (T < 1) return Status::Error("stroke packing: the length T must be at least 1");
  if (!(std::isfinite(scale) && scale > 0))
    return Status::Error("stroke packing: the scale must be finite and > 0, got " +
                         std::to_string(scale));
  const auto n = static_cast<int64_t>(seqs.size());
  auto images = torch::zeros({n, 4 * T}, torch::kFloat32);  // [n, 4T]
  auto labels = torch::empty({n}, torch::kInt64);           // [n]
  float* x = images.data_ptr<float>();
  int64_t* y = labels.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    const StrokeSequence& s = seqs[static_cast<size_t>(i)];
    const std::string which = "stroke sequence " + std::to_string(i);
    if (s.dy.size() != s.dx.size() || s.pen.size() != s.dx.size())
      return Status::Error(which + ": dx, dy and pen have different lengths");
    if (s.dx.empty()) return Status::Error(which + " has no steps");
    const int64_t len = std::min(s.size(), T);
    float* row = x + i * 4 * T;
    for (int64_t t = 0; t < len; ++t) {
      const float dx = s.dx[static_cast<size_t>(t)], dy = s.dy[static_cast<size_t>(t)];
      if (!std::isfinite(dx) || !std::isfinite(dy))
        return Status::Error(which + ": step " + std::to_string(t) + " is not finite");
      row[4 * t] = static_cast<float>(dx / scale);
      row[4 * t + 1] = static_cast<float>(dy / scale);
      row[4 * t + 2] = s.pen[static_cast<size_t>(t)] ? 1.0f : 0.0f;
      row[4 * t + 3] = 1.0f;
    }
    if (s.size() > T) row[4 * (T - 1) + 2] = 1.0f;  // a cut drawing ends with a pen lift
    y[i] = s.label;
  }
  out->images = images;
  out->labels = labels;
  return Status::Ok();
}

std::vector<StrokeSequence> unpackStrokes(const torch::Tensor& packed, double scale) {
  TORCH_CHECK(packed.dim() == 2 && packed.size(1) % 4 == 0, "unpackStrokes: expected [n, 4T], got ",
              packed.sizes());
  const auto cpu = packed.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  const int64_t n = cpu.size(0), T = cpu.size(1) / 4;
  const float* x = cpu.data_ptr<float>();
  std::vector<StrokeSequence> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const float* row = x + i * 4 * T;
    StrokeSequence& s = out[static_cast<size_t>(i)];
    for (int64_t t = 0; t < T && row[4 * t + 3] >= 0.5f; ++t) {
      s.dx.push_back(static_cast<float>(row[4 * t] * scale));
      s.dy.push_back(static_cast<float>(row[4 * t + 1] * scale));
      s.pen.push_back(row[4 * t + 2] >= 0.5f ? 1 : 0);
    }
  }
  return out;
}

}  // namespace gvae
