// printableUtf8: text from a file (names, values, paths) made safe to show in a message.
#pragma once

#include <string>

namespace gvae {

/// `text` with every byte that is not part of a well-formed UTF-8 sequence, and every control
/// character but newline and tab, written as \xNN: always valid UTF-8, and a damaged file's
/// bytes show as what they are instead of breaking the message. Valid text passes unchanged.
inline std::string printableUtf8(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  const auto hex = [&out](unsigned char b) {
    static const char digits[] = "0123456789abcdef";
    out += "\\x";
    out += digits[b >> 4];
    out += digits[b & 15];
  };
  const auto cont = [&text](size_t k) {
    return k < text.size() && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80;
  };
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    size_t n = 0;  // length of a well-formed sequence starting here, 0 if none
    if (b < 0x80) {
      n = (b >= 0x20 && b != 0x7F) || b == '\n' || b == '\t' ? 1 : 0;
    } else if (b >= 0xC2 && b <= 0xDF) {
      n = cont(i + 1) ? 2 : 0;
    } else if (b >= 0xE0 && b <= 0xEF) {
      const auto b1 = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
      const bool ok1 = b == 0xE0   ? (b1 >= 0xA0 && b1 <= 0xBF)  // no overlong forms
                       : b == 0xED ? (b1 >= 0x80 && b1 <= 0x9F)  // no surrogates
                                   : cont(i + 1);
      n = ok1 && cont(i + 2) ? 3 : 0;
    } else if (b >= 0xF0 && b <= 0xF4) {
      const auto b1 = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
      const bool ok1 = b == 0xF0   ? (b1 >= 0x90 && b1 <= 0xBF)
                       : b == 0xF4 ? (b1 >= 0x80 && b1 <= 0x8F)  // up to U+10FFFF
                                   : cont(i + 1);
      n = ok1 && cont(i + 2) && cont(i + 3) ? 4 : 0;
    }
    if (n == 0) {
      hex(b);
      ++i;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  return out;
}

}  // namespace gvae
