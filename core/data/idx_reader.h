// Reader for the IDX format of MNIST (big-endian header), gzipped or plain. Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/status.h"

namespace gvae {

/// Magic numbers of the two IDX files MNIST uses (unsigned bytes, 3 or 1 dimensions).
constexpr uint32_t kIdxImagesMagic = 0x00000803;
constexpr uint32_t kIdxLabelsMagic = 0x00000801;

/// An IDX array of unsigned bytes: dims[0] is the item count.
struct IdxArray {
  std::vector<int64_t> dims;
  std::vector<uint8_t> data;  // product(dims) bytes, row-major
};

/// Reads `path` (gzip is detected from its content, not its name). Errors name the file and
/// the problem: missing, wrong magic, truncated header or payload, gzip stream ending early,
/// trailing bytes.
Status readIdxFile(const std::string& path, uint32_t expected_magic, IdxArray* out);

}  // namespace gvae
