// IDX reader: plain or gzip (detected from the first two bytes), every failure a named Status.
#include "core/data/idx_reader.h"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace gvae {
namespace {

/// Largest payload we accept: MNIST's biggest file is 47 MB, 2 GiB is surely a corrupt header.
constexpr uint64_t kMaxPayloadBytes = uint64_t{1} << 31;
constexpr uint8_t kIdxTypeUbyte = 0x08;
constexpr size_t kChunkBytes = size_t{1} << 18;

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(v));
  return buf;
}

/// What a magic number means, for error messages ("an IDX image file").
std::string describeMagic(uint32_t magic) {
  if (magic == kIdxImagesMagic) return "an IDX image file";
  if (magic == kIdxLabelsMagic) return "an IDX label file";
  const uint32_t type = (magic >> 8) & 0xff;
  const bool known_type =
      type == 0x08 || type == 0x09 || type == 0x0b || type == 0x0c || type == 0x0d || type == 0x0e;
  if ((magic >> 16) == 0 && known_type) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "an IDX file of type 0x%02x with %u dimensions",
                  static_cast<unsigned>(type), static_cast<unsigned>(magic & 0xff));
    return buf;
  }
  return "not an IDX file";
}

/// The payload's name in truncation messages: "pixels" for images, "labels" for labels.
const char* payloadNoun(uint32_t magic) {
  if (magic == kIdxImagesMagic) return "pixels";
  if (magic == kIdxLabelsMagic) return "labels";
  return "data";
}

uint32_t bigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

/// Sequential bytes from a file, plain or gunzipped. read() returns fewer bytes than asked only
/// at the end of the data or on an error; error() is empty unless something went wrong.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual size_t read(uint8_t* out, size_t n) = 0;
  const std::string& error() const { return error_; }

 protected:
  std::string error_;
};

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

/// Reads `total` bytes into `data`. Unless the size is known to be there (`trusted`), the buffer
/// grows geometrically, so a corrupt header promising gigabytes costs memory only in proportion
/// to the bytes actually present.
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

/// Counts the bytes left in `src` (up to a cap: beyond it the count is only a lower bound).
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

}  // namespace

Status readIdxFile(const std::string& path, uint32_t expected_magic, IdxArray* out) {
  auto fail = [&path](const std::string& problem) { return Status::Error(path + ": " + problem); };
  *out = IdxArray{};
  if ((expected_magic >> 8) != kIdxTypeUbyte || (expected_magic & 0xff) == 0) {
    return fail("internal error: readIdxFile supports unsigned-byte IDX only, asked for " +
                hex32(expected_magic));
  }

  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return fail(errno == ENOENT ? "no such file" : std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return fail("is a directory, not an IDX file");
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) return fail(std::string("cannot open: ") + std::strerror(errno));

  uint8_t sniff[2] = {0, 0};
  const size_t sniffed = std::fread(sniff, 1, 2, file.get());
  if (std::ferror(file.get()) || std::fseek(file.get(), 0, SEEK_SET) != 0) {
    return fail(std::string("read error: ") + std::strerror(errno));
  }
  const bool gzip = sniffed == 2 && sniff[0] == 0x1f && sniff[1] == 0x8b;
  std::unique_ptr<ByteSource> src;
  if (gzip) {
    src = std::make_unique<GzipSource>(file.get());
  } else {
    src = std::make_unique<PlainSource>(file.get());
  }
  const char* gz_note = gzip ? " (after gunzip)" : "";
  if (!src->error().empty()) return fail(src->error());

  // Header: magic, then one big-endian uint32 per dimension.
  uint8_t head[4];
  size_t got = src->read(head, 4);
  if (!src->error().empty()) return fail(src->error());
  if (got < 4) {
    return fail("truncated header: the file" + std::string(gz_note) + " has " +
                std::to_string(got) + " bytes, the header of " + describeMagic(expected_magic) +
                " needs " + std::to_string(4 + 4 * (expected_magic & 0xff)));
  }
  const uint32_t magic = bigEndian32(head);
  if (magic != expected_magic) {
    return fail("wrong magic number " + hex32(magic) + ", " + describeMagic(magic) + " (expected " +
                hex32(expected_magic) + ", " + describeMagic(expected_magic) + ")");
  }
  const size_t ndims = magic & 0xff;
  const size_t header_bytes = 4 + 4 * ndims;
  std::vector<uint8_t> dim_bytes(4 * ndims);
  got = src->read(dim_bytes.data(), dim_bytes.size());
  if (!src->error().empty()) return fail(src->error());
  if (got < dim_bytes.size()) {
    return fail("truncated header: the file" + std::string(gz_note) + " has " +
                std::to_string(4 + got) + " bytes, the header of " + describeMagic(magic) +
                " needs " + std::to_string(header_bytes));
  }

  uint64_t total = 1;
  std::string shape;
  for (size_t i = 0; i < ndims; ++i) {
    const uint32_t d = bigEndian32(&dim_bytes[4 * i]);
    out->dims.push_back(d);
    shape += (i ? " x " : "") + std::to_string(d);
    total *= d;  // cannot overflow: total <= 2^31 before, d < 2^32
    if (total > kMaxPayloadBytes) total = kMaxPayloadBytes + 1;  // keep the bound sticky
  }
  if (total > kMaxPayloadBytes) {
    out->dims.clear();
    return fail("absurd dimensions " + shape + " in the header (more than 2 GiB of data)");
  }

  // A plain file's size is known: reject truncation or trailing bytes before allocating.
  const char* noun = payloadNoun(magic);
  const bool sized = !gzip && S_ISREG(st.st_mode);
  if (sized) {
    const auto size = static_cast<uint64_t>(st.st_size);
    const uint64_t present = size > header_bytes ? size - header_bytes : 0;
    if (present < total) {
      out->dims.clear();
      return fail("truncated: header promises " + std::to_string(total) + " bytes of " + noun +
                  " (" + shape + "), file has " + std::to_string(present));
    }
    if (present > total) {
      out->dims.clear();
      return fail(std::to_string(present - total) + " trailing bytes after the " +
                  std::to_string(total) + " bytes of " + noun + " the header promises (" + shape +
                  ")");
    }
  }

  got = readPayload(src.get(), total, sized, &out->data);
  if (!src->error().empty() || got < total) {
    const std::string problem =
        !src->error().empty()
            ? src->error() + ", after " + std::to_string(got) + " of the " + std::to_string(total) +
                  " bytes of " + noun + " the header promises"
            : "truncated: header promises " + std::to_string(total) + " bytes of " + noun + " (" +
                  shape + "), file" + gz_note + " has " + std::to_string(got);
    *out = IdxArray{};
    return fail(problem);
  }

  // Nothing may follow the payload; for gzip this also runs the stream to its end (CRC check,
  // truncation inside the trailer).
  bool capped = false;
  const uint64_t extra = countRemaining(src.get(), &capped);
  if (!src->error().empty() || extra > 0) {
    *out = IdxArray{};
    if (extra > 0) {
      return fail((capped ? "more than " : "") + std::to_string(extra) + " trailing bytes" +
                  gz_note + " after the " + std::to_string(total) + " bytes of " + noun +
                  " the header promises (" + shape + ")");
    }
    return fail(src->error());
  }
  return Status::Ok();
}

}  // namespace gvae
