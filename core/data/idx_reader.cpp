// IDX reader: plain or gzip (detected from the first two bytes), every failure a named Status.
#include "core/data/idx_reader.h"

#include <cstdio>

#include "core/data/byte_source.h"

namespace gvae {
namespace {

/// Largest payload we accept: MNIST's biggest file is 47 MB, 2 GiB is surely a corrupt header.
constexpr uint64_t kMaxIdxPayloadBytes = uint64_t{1} << 31;
constexpr uint8_t kIdxTypeUbyte = 0x08;

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

}  // namespace

Status readIdxFile(const std::string& path, uint32_t expected_magic, IdxArray* out) {
  auto fail = [&path](const std::string& problem) { return Status::Error(path + ": " + problem); };
  *out = IdxArray{};
  if ((expected_magic >> 8) != kIdxTypeUbyte || (expected_magic & 0xff) == 0) {
    return fail("internal error: readIdxFile supports unsigned-byte IDX only, asked for " +
                hex32(expected_magic));
  }

  DataFile data_file;
  Status opened = openDataFile(path, "an IDX file", &data_file);
  if (!opened) return opened;
  const bool gzip = data_file.gzip;
  ByteSource* src = data_file.source.get();
  const char* gz_note = gzip ? " (after gunzip)" : "";

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
    if (total > kMaxIdxPayloadBytes) total = kMaxIdxPayloadBytes + 1;  // keep the bound sticky
  }
  if (total > kMaxIdxPayloadBytes) {
    out->dims.clear();
    return fail("absurd dimensions " + shape + " in the header (more than 2 GiB of data)");
  }

  // A plain file's size is known: reject truncation or trailing bytes before allocating.
  const char* noun = payloadNoun(magic);
  const bool sized = data_file.sized;
  if (sized) {
    const uint64_t size = data_file.size;
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

  got = readPayload(src, total, sized, &out->data);
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
  const uint64_t extra = countRemaining(src, &capped);
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
