// SHA-256 (FIPS 180-4): the whole-file digest of run files, checkable with `sha256sum`.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace gvae {

/// Incremental SHA-256: update() with the bytes in order, then hex() once.
///
///   Sha256 h;
///   h.update(data, size);
///   std::string digest = h.hex();  // 64 lowercase hex digits, as sha256sum prints
class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t size);
  /// Finishes the hash; the object must not be updated afterwards.
  std::array<uint8_t, 32> digest();
  std::string hex();

 private:
  void block(const uint8_t* p);
  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_ = 0;
};

/// SHA-256 of `size` bytes at `data`, as 64 lowercase hex digits.
std::string sha256Hex(const void* data, size_t size);

}  // namespace gvae
