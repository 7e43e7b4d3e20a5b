// ImageSet: a whole image dataset in one contiguous tensor (plus labels).
#pragma once

#include <torch/types.h>

namespace gvae {

/// images: [n, D] float32 in [0, 1] (grey levels, binarized later); labels: [n] int64.
struct ImageSet {
  torch::Tensor images;
  torch::Tensor labels;
  int64_t size() const { return images.defined() ? images.size(0) : 0; }
};

/// Train / validation / test splits of one dataset.
struct DataSplits {
  ImageSet train, valid, test;
  int64_t width = 28, height = 28;
};

}  // namespace gvae
