// Reader for NumPy's NPY format (v1.0 / v2.0, little-endian numbers, no pickle), gzipped or
// plain. Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/status.h"

namespace gvae {

/// An NPY array in C order. Integer dtypes fill `ints`, floating ones `floats`; the other
/// vector stays empty.
struct NpyArray {
  std::vector<int64_t> shape;  // empty for a 0-d (scalar) array
  std::string descr;           // "<i2", "<i4", "<i8", "<f4" or "<f8"
  bool floating = false;       // true: the values are in `floats`
  std::vector<int64_t> ints;   // [product(shape)] values (integer dtypes)
  std::vector<double> floats;  // [product(shape)] values (floating dtypes)

  /// Number of elements: the product of `shape` (1 for a scalar).
  int64_t count() const;
  /// Element `i` (C order) as a double, whatever the dtype.
  double at(int64_t i) const {
    return floating ? floats[static_cast<size_t>(i)]
                    : static_cast<double>(ints[static_cast<size_t>(i)]);
  }
};

/// Reads the NPY file `path` (gzip is detected from its content, not its name).
/// Accepted: format versions 1.0 and 2.0; a header dict with exactly the keys 'descr',
/// 'fortran_order' and 'shape'; dtypes <i2 <i4 <i8 <f4 <f8; fortran_order False.
/// Refused with a Status naming the file and the problem: bad magic, unsupported version,
/// truncated header, a header that is not a dict or has missing, repeated or unknown keys,
/// object (pickle) or structured dtypes, big-endian or other dtypes, fortran_order True,
/// a payload shorter than the shape says, trailing bytes, a truncated or corrupt gzip stream.
/// Memory grows only with the bytes actually present. On error `out` is left empty.
/// Never throws on any file content.
Status readNpyFile(const std::string& path, NpyArray* out);

/// A shape as numpy prints it, for messages: "(3,)", "(2, 5)".
std::string npyShapeText(const std::vector<int64_t>& shape);

}  // namespace gvae
