// MNIST from its four IDX files (gzipped or not), split 50k / 10k / 10k.
#pragma once

#include <string>

#include "core/data/image_set.h"
#include "core/util/status.h"

namespace gvae {

/// Loads train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-... from `dir`
/// (the plain file is used when both it and its .gz are there).
/// The 60k training images become train (first 50,000) and valid (last 10,000); the 10k test
/// set stays apart. Images are [n, 784] float32 in [0, 1] (pixel / 255), one contiguous tensor
/// per split; labels are [n] int64 in 0..9; width = height = 28.
/// The counts must be exactly MNIST's (60,000 and 10,000 images of 28 x 28): another count
/// means a partial or foreign file, and is an error rather than a silently different split.
/// Errors name the file and the problem, including image and label counts that disagree
/// (both files, both counts) and labels outside 0..9. `out` is untouched on error.
/// With `validation_only`, only the training files are read and only the valid split is filled.
Status loadMnist(const std::string& dir, DataSplits* out, bool validation_only = false);

}  // namespace gvae
