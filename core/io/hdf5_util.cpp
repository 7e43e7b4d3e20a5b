// Shared internals of the run-file reader and writer: the HDF5 lock, error text, types.
#include "core/io/hdf5_util.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace gvae::detail {
namespace {

herr_t findNeedle(unsigned, const H5E_error2_t* error, void* data) {
  auto* search = static_cast<std::pair<const char*, bool>*>(data);
  if (error->desc != nullptr && std::strstr(error->desc, search->first) != nullptr)
    search->second = true;
  return 0;
}

herr_t keepInnermost(unsigned n, const H5E_error2_t* error, void* out) {
  if (n == 0 && error->desc != nullptr) *static_cast<std::string*>(out) = error->desc;
  return 0;
}

}  // namespace

std::mutex& hdf5Mutex() {
  static std::mutex mutex;
  return mutex;
}

// ---------------------------------------------------------------------------------- errors

std::string hdf5Detail() {
  std::string desc;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keepInnermost, &desc);
  const std::string key = "error message = '";
  const size_t begin = desc.find(key);
  if (begin != std::string::npos) {
    const size_t start = begin + key.size();
    return desc.substr(start, desc.find('\'', start) - start);
  }
  return desc.empty() ? "unknown HDF5 error" : desc;
}

bool hdf5StackMentions(const char* needle) {
  std::pair<const char*, bool> search{needle, false};
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, findNeedle, &search);
  return search.second;
}

Status h5Error(const std::string& what) { return Status::Error(what + ": " + hdf5Detail()); }

Status osError(const std::string& what) {
  const int error = errno;
  return Status::Error(what + ": " + std::strerror(error));
}

// ------------------------------------------------------------------------------ HDF5 types

Hdf5Datatype stringType(size_t size) {
  Hdf5Datatype type(H5Tcopy(H5T_C_S1));
  if (!type || H5Tset_size(type.get(), size > 0 ? size : 1) < 0 ||
      H5Tset_strpad(type.get(), H5T_STR_NULLPAD) < 0 ||
      H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0) {
    return Hdf5Datatype();
  }
  return type;
}

// ------------------------------------------------------------------------------ user block

namespace {
constexpr char kDigestMagic[] = "GraphVAE run file\n";
}

std::string digestHeader(const std::string& sha256_hex, uint64_t bytes) {
  std::string header = kDigestMagic + std::string("sha256 ") + sha256_hex + "\nbytes " +
                       std::to_string(bytes) + "\n";
  header.resize(kUserBlockBytes, '\0');
  return header;
}

bool parseDigestHeader(const char* block, size_t size, std::string* sha256_hex, uint64_t* bytes) {
  const std::string text(block, strnlen(block, std::min(size, kUserBlockBytes)));
  const std::string magic = kDigestMagic;
  if (text.compare(0, magic.size(), magic) != 0) return false;
  char hex[65] = {};
  unsigned long long n = 0;
  int used = 0;
  if (std::sscanf(text.c_str() + magic.size(), "sha256 %64[0-9a-f]\nbytes %llu\n%n", hex, &n,
                  &used) != 2 ||
      used == 0 || std::strlen(hex) != 64) {
    return false;
  }
  *sha256_hex = hex;
  *bytes = n;
  return true;
}

namespace {

uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

/// Bob Jenkins' lookup3 hashlittle, as HDF5 checksums its metadata (H5_checksum_lookup3).
uint32_t lookup3(const uint8_t* k, size_t length) {
  uint32_t a, b, c;
  a = b = c = 0xdeadbeef + static_cast<uint32_t>(length);
  const auto word = [](const uint8_t* p) {
    return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
  };
  while (length > 12) {
    a += word(k);
    b += word(k + 4);
    c += word(k + 8);
    a -= c, a ^= rotl(c, 4), c += b;
    b -= a, b ^= rotl(a, 6), a += c;
    c -= b, c ^= rotl(b, 8), b += a;
    a -= c, a ^= rotl(c, 16), c += b;
    b -= a, b ^= rotl(a, 19), a += c;
    c -= b, c ^= rotl(b, 4), b += a;
    length -= 12;
    k += 12;
  }
  if (length == 0) return c;
  uint8_t tail[12] = {};
  std::copy(k, k + length, tail);
  a += word(tail);
  b += word(tail + 4);
  c += word(tail + 8);
  c ^= b, c -= rotl(b, 14);
  a ^= c, a -= rotl(c, 11);
  b ^= a, b -= rotl(a, 25);
  c ^= b, c -= rotl(b, 16);
  a ^= c, a -= rotl(c, 4);
  b ^= a, b -= rotl(a, 14);
  c ^= b, c -= rotl(b, 24);
  return c;
}

}  // namespace

bool fixSuperblockChecksum(char* image, size_t size) {
  const auto* p = reinterpret_cast<const uint8_t*>(image);
  static const uint8_t signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  if (size < 12 || !std::equal(signature, signature + 8, p) || p[8] < 2) return false;
  // signature, version, sizes of offsets and lengths, flags, then four addresses
  const size_t covered = 12 + 4 * size_t{p[9]};
  if (size < covered + 4) return false;
  const uint32_t sum = lookup3(p, covered);
  for (int k = 0; k < 4; ++k) image[covered + k] = static_cast<char>(sum >> (8 * k));
  return true;
}

Hdf5Dataspace makeSpace(const std::vector<hsize_t>& dims) {
  if (dims.empty()) return Hdf5Dataspace(H5Screate(H5S_SCALAR));
  return Hdf5Dataspace(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
}

std::string datasetName(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    if (c == '/') c = '|';
  }
  return out;
}

}  // namespace gvae::detail
