// MNIST from its four IDX files (gzipped or not), split 50k / 10k / 10k.
#pragma once

#include <string>

#include "core/data/image_set.h"
#include "core/util/status.h"

namespace gvae {

/// Loads train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-... from `dir`.
/// The 60k training images become train (first 50,000) and valid (last 10,000); the 10k test
/// set stays apart. Images are [n, 784] float32 in [0, 1]. Errors name the file and the
/// problem, including image and label counts that disagree.
Status loadMnist(const std::string& dir, DataSplits* out);

}  // namespace gvae
