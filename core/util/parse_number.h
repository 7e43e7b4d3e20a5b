// parseNumber: strict text-to-number conversion shared by the CLI flags and run-file config.
#pragma once

#include <string>
#include <type_traits>

namespace gvae {

/// Parses all of `text` as a T (floating, signed or unsigned integer, or bool as 0/1); false on
/// empty text, trailing characters, overflow, or a minus sign for an unsigned T.
template <typename T>
bool parseNumber(const std::string& text, T* out) {
  try {
    size_t used = 0;
    if constexpr (std::is_floating_point_v<T>) {
      *out = static_cast<T>(std::stod(text, &used));
    } else if constexpr (std::is_unsigned_v<T>) {
      if (text.find('-') != std::string::npos) return false;
      *out = static_cast<T>(std::stoull(text, &used));
    } else {
      *out = static_cast<T>(std::stoll(text, &used));
    }
    return used == text.size();
  } catch (...) {
    return false;
  }
}

}  // namespace gvae
