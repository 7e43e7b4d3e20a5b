// Plain and gzip byte sources (zlib inflate, truncation reported) and the payload helpers.
#include "core/data/byte_source.h"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace gvae {
namespace {

constexpr size_t kChunkBytes = size_t{1} << 18;

class PlainSource : public ByteSource {
 public:
  explicit PlainSource(std::FILE* f) : f_(f) {}
  size_t read(uint8_t* out, size_t n) override {
    const size_t got = std::fread(out, 1, n, f_);
    if (got < n && std::ferror(f_)) error_ = std::string("read error: ") + std::strerror(errno);
    return got;
  }

 private:
  std::FILE* f_;
};

/// Inflates one or more concatenated gzip members. Unlike gzread(), it reports a stream that
/// stops before its end (a truncated download) instead of returning short data silently.
class GzipSource : public ByteSource {
 public:
  explicit GzipSource(std::FILE* f) : f_(f), in_(kChunkBytes) {
    if (inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) {  // 16+: gzip wrapper, CRC checked
      error_ = "cannot initialise zlib";
    } else {
      initialised_ = true;
    }
  }
  ~GzipSource() override {
    if (initialised_) inflateEnd(&zs_);
  }

  size_t read(uint8_t* out, size_t n) override {
    size_t produced = 0;
    while (produced < n && error_.empty() && !finished_) {
      const auto want = static_cast<uInt>(std::min<size_t>(n - produced, kChunkBytes * 64));
      zs_.next_out = out + produced;
      zs_.avail_out = want;
      step();
      produced += want - zs_.avail_out;
    }
    return produced;
  }

 private:
  /// Ensures at least `min` input bytes are buffered unless the file ends first.
  void fill(size_t min) {
    if (zs_.avail_in >= min || eof_) return;
    if (zs_.avail_in > 0) std::memmove(in_.data(), zs_.next_in, zs_.avail_in);
    zs_.next_in = in_.data();
    while (zs_.avail_in < min && !eof_) {
      const size_t got = std::fread(in_.data() + zs_.avail_in, 1, in_.size() - zs_.avail_in, f_);
      zs_.avail_in += static_cast<uInt>(got);
      if (got == 0) {
        if (std::ferror(f_)) error_ = std::string("read error: ") + std::strerror(errno);
        eof_ = true;
      }
    }
  }

  /// One inflate() call (or a move to the next member) into the output window set by read().
  void step() {
    if (member_ended_) {
      fill(2);
      if (!error_.empty()) return;
      if (zs_.avail_in == 0) {
        finished_ = true;
        return;
      }
      if (zs_.avail_in < 2 || zs_.next_in[0] != 0x1f || zs_.next_in[1] != 0x8b) {
        error_ = "unexpected bytes after the end of the gzip stream";
        return;
      }
      inflateReset(&zs_);
      member_ended_ = false;
    }
    fill(1);
    if (!error_.empty()) return;
    const int ret = inflate(&zs_, Z_NO_FLUSH);
    if (ret == Z_STREAM_END) {
      member_ended_ = true;
    } else if (ret == Z_BUF_ERROR && zs_.avail_in == 0 && eof_) {
      error_ = "gzip stream ends early (truncated download?)";
    } else if (ret == Z_MEM_ERROR) {
      error_ = "out of memory while decompressing";
    } else if (ret != Z_OK) {
      error_ = std::string("corrupt gzip data (") + (zs_.msg ? zs_.msg : "no progress") + ")";
    }
  }

  std::FILE* f_;
  std::vector<uint8_t> in_;
  z_stream zs_{};
  bool initialised_ = false;
  bool eof_ = false;           // the file has no more compressed bytes
  bool member_ended_ = false;  // the current gzip member is complete (CRC checked)
  bool finished_ = false;      // every member complete, nothing after them
};

}  // namespace

bool isRegularFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Status openDataFile(const std::string& path, const std::string& kind, DataFile* out) {
  auto fail = [&path](const std::string& problem) { return Status::Error(path + ": " + problem); };
  *out = DataFile{};
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return fail(errno == ENOENT ? "no such file" : std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return fail("is a directory, not " + kind);
  DataFile f;
  f.file.reset(std::fopen(path.c_str(), "rb"));
  if (!f.file) return fail(std::string("cannot open: ") + std::strerror(errno));

  uint8_t sniff[2] = {0, 0};
  const size_t sniffed = std::fread(sniff, 1, 2, f.file.get());
  if (std::ferror(f.file.get()) || std::fseek(f.file.get(), 0, SEEK_SET) != 0) {
    return fail(std::string("read error: ") + std::strerror(errno));
  }
  f.gzip = sniffed == 2 && sniff[0] == 0x1f && sniff[1] == 0x8b;
  if (f.gzip) {
    f.source = std::make_unique<GzipSource>(f.file.get());
  } else {
    f.source = std::make_unique<PlainSource>(f.file.get());
  }
  if (!f.source->error().empty()) return fail(f.source->error());
  f.sized = !f.gzip && S_ISREG(st.st_mode);
  f.size = static_cast<uint64_t>(st.st_size);
  *out = std::move(f);
  return Status::Ok();
}

size_t readPayload(ByteSource* src, uint64_t total, bool trusted, std::vector<uint8_t>* data) {
  size_t have = 0;
  while (have < total) {
    const uint64_t grown = std::max<uint64_t>(uint64_t{have} * 2, uint64_t{kChunkBytes} * 16);
    const auto target = static_cast<size_t>(std::min<uint64_t>(total, trusted ? total : grown));
    data->resize(target);
    const size_t got = src->read(data->data() + have, target - have);
    have += got;
    if (have < target) break;
  }
  data->resize(have);
  return have;
}

uint64_t countRemaining(ByteSource* src, bool* capped) {
  constexpr uint64_t kCap = uint64_t{1} << 30;
  std::vector<uint8_t> buf(kChunkBytes);
  uint64_t count = 0;
  *capped = false;
  while (true) {
    const size_t got = src->read(buf.data(), buf.size());
    count += got;
    if (got < buf.size()) return count;
    if (count >= kCap) {
      *capped = true;
      return count;
    }
  }
}

}  // namespace gvae
