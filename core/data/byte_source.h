// Sequential bytes of a data file, plain or gzipped (detected from its content). Torch-free.
// Shared by the IDX and NPY readers so both report truncated or damaged gzip streams alike.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/util/status.h"

namespace gvae {

/// Sequential bytes from a file, plain or gunzipped. read() returns fewer bytes than asked only
/// at the end of the data or on an error; error() is empty unless something went wrong
/// (a gzip stream that stops before its end, corrupt deflate data, bytes after the stream).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual size_t read(uint8_t* out, size_t n) = 0;
  const std::string& error() const { return error_; }

 protected:
  std::string error_;
};

/// Closes a std::FILE.
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

/// An open data file and its byte source. `sized`: a plain regular file, whose byte count
/// `size` is known before reading (so truncation can be reported before allocating).
struct DataFile {
  std::unique_ptr<std::FILE, FileCloser> file;
  std::unique_ptr<ByteSource> source;
  bool gzip = false;
  bool sized = false;
  uint64_t size = 0;
};

/// Opens `path` for reading: gzip is detected from the first two bytes; concatenated gzip
/// members count as one stream. Errors start with the path: missing file, a directory (the
/// message says it is "not `kind`", e.g. "an IDX file"), unreadable.
Status openDataFile(const std::string& path, const std::string& kind, DataFile* out);

/// True when `path` names a regular file (not a directory, not missing).
bool isRegularFile(const std::string& path);

/// Reads `total` bytes into `data` and returns how many arrived. Unless the size is known to be
/// there (`trusted`), the buffer grows geometrically, so a corrupt header promising gigabytes
/// costs memory only in proportion to the bytes actually present.
size_t readPayload(ByteSource* src, uint64_t total, bool trusted, std::vector<uint8_t>* data);

/// Counts the bytes left in `src` (up to 1 GiB: beyond it `*capped` is set and the count is
/// only a lower bound). For gzip this runs the stream to its end, checking the CRC.
uint64_t countRemaining(ByteSource* src, bool* capped);

}  // namespace gvae
