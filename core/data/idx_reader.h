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
/// trailing bytes. Only unsigned-byte IDX (type 0x08) is read; the magic must equal
/// `expected_magic` exactly, which fixes the number of dimensions. Concatenated gzip members
/// count as one stream; other bytes after the gzip stream are an error. A header promising more
/// than 2 GiB is rejected as corrupt, and memory grows only with the bytes actually present.
/// On error `out` is left empty. Never throws on any file content.
Status readIdxFile(const std::string& path, uint32_t expected_magic, IdxArray* out);

}  // namespace gvae
