// Status: the result of an operation a user can make fail (bad file, bad option, diverged run).
#pragma once

#include <string>
#include <utility>

#include "core/util/printable.h"

namespace gvae {

/// Result of a user-caused failure. `message` names the file or option and the problem, in
/// valid UTF-8: bytes of a damaged file quoted in it show as \xNN (printableUtf8).
/// Broken invariants throw instead (TORCH_CHECK); a Status is for what the user can fix.
struct Status {
  bool ok = true;
  std::string message;

  static Status Ok() { return {}; }
  static Status Error(const std::string& msg) { return {false, printableUtf8(msg)}; }
  explicit operator bool() const { return ok; }
};

}  // namespace gvae
