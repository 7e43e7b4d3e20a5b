// The run-file inspector: a child process that parses a file this process cannot trust yet (no
// valid digest: schema 1, a foreign or a damaged file), so that a crash or a hang of the HDF5
// library on its bytes becomes an error message instead of taking the caller down.
#pragma once

#include <cstdint>
#include <string>

#include "core/util/status.h"

namespace gvae {

/// Limits of the child: wall-clock seconds (then it is killed) and the memory its reading may
/// take in MB (RLIMIT_DATA beyond the program's own); memory_mb = 0: 1 GB plus four times the
/// file's size.
struct InspectorLimits {
  double seconds = 60;
  int64_t memory_mb = 0;
};

/// From now on readRunFile hands files without a valid digest to
/// `executable inspect FILE --json --max-seconds S --max-memory-mb M` first (the graphvae CLI).
/// Empty `executable` (the default): such files are parsed in this process. Thread-safe.
void setRunFileInspector(const std::string& executable, InspectorLimits limits = {});
std::string runFileInspector();

/// Runs the inspector on `path`. Ok: the child read the file; `*sha256` is the SHA-256 of the
/// bytes it read. Else an error naming the file: the child's verdict, or that it crashed
/// (with the signal), ran out of time or memory, or could not be started.
Status inspectInChild(const std::string& path, std::string* sha256);

/// The child's side: limits this process to `seconds` of CPU time and to `memory_mb` MB of data
/// beyond what it has now (RLIMIT_DATA; 0: no limit). Not under sanitizers, whose shadow memory
/// a data limit would refuse.
void limitThisProcess(double seconds, int64_t memory_mb);

}  // namespace gvae
