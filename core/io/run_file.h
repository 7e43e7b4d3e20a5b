// One HDF5 file per run: config, metric tables, gate history, events, checkpoint, statistics.
// Schema: docs/run_file_schema.md. Torch-free: tensors are converted to NamedArray by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/eval/disentanglement.h"
#include "core/training/progress.h"
#include "core/util/status.h"

namespace gvae {

/// Schema version this build writes; files of a newer version are refused with a clear error.
constexpr int kRunSchemaVersion = 2;

/// A float32 array with its parameter path ("encoder.0.weight") and shape.
struct NamedArray {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> values;  // row-major, product(shape) elements
};

/// Model and optimizer state at the end of `epoch` (the point a resume continues from).
struct Checkpoint {
  int64_t epoch = 0;
  int64_t step = 0;
  std::vector<NamedArray> model;      // parameters and buffers by module path
  std::vector<NamedArray> optimizer;  // "<param path>/exp_avg", ".../exp_avg_sq", ".../step"
};

/// Statistics of the posterior means over a dataset split (see core/eval).
struct LatentStatistics {
  std::string split;                     // "valid" or "test"
  int64_t dims = 0;                      // M = N * N'
  std::vector<double> mean_correlation;  // [M*M] row-major correlation of E_q[z]
  std::vector<double> unit_variance;     // [M] Cov_x(E_q[z_u])
  std::vector<double> pca_eigenvalues;   // [M] descending
  int64_t active_units = 0;              // units with variance > 0.01
};

/// Everything a run file holds, in memory.
struct RunRecord {
  std::vector<std::pair<std::string, std::string>> config;  // ordered key -> value
  std::vector<std::pair<int, int>> gate_pairs;              // (i, j): edge z_i -> z_j, 1-based
  std::vector<EpochMetrics> epochs;
  std::vector<StepMetrics> steps;
  std::vector<TrainingEvent> events;
  std::optional<Checkpoint> checkpoint;
  std::optional<LatentStatistics> latent_stats;
  std::vector<std::pair<std::string, double>> eval_results;  // last `graphvae eval`, by name
  std::optional<StructureReport> structure;                  // last `graphvae structure`
  /// Last `graphvae eval --disentanglement`: its matrices live in /disentanglement, its scores
  /// in /eval (eval_results), from which readRunFile fills the report's scalars.
  std::optional<DisentanglementReport> disentanglement;

  /// Value of a config key, or `fallback` when absent.
  std::string configValue(const std::string& key, const std::string& fallback = {}) const;
  /// The highest finite validation ELBO of the epochs, or NaN without one.
  double bestValidElbo() const;
  /// A result of the last `graphvae eval` ("test_ll", ...), or NaN when absent.
  double evalResult(const std::string& name) const;
};

/// Writes `record` to `path` atomically: a temporary file beside it is written, flushed to
/// disk and renamed over `path`. On any failure (full disk, no permission) `path` is untouched.
/// Thread-safe (one process-wide HDF5 lock).
Status writeRunFile(const std::string& path, const RunRecord& record);

/// What readRunFile learned about a file besides its content.
struct RunFileFacts {
  uint64_t bytes = 0;
  int64_t schema_version = 0;
  bool digest_valid = false;  // its digest header matched; false: schema 1 or a damaged header
  bool inspected = false;     // untrusted: the inspector (a child process) parsed it first
  std::string sha256;         // of the whole file, as `sha256sum` prints it
};

/// Reads a run file. The file is read into memory once; its digest (schema 2) is checked
/// before anything is parsed, and every dataset's checksum as it is read. A file without a
/// valid digest is parsed by the run-file inspector in a child process first, when one is set
/// (setRunFileInspector). A missing, damaged, truncated or foreign file, or one of a newer
/// schema, gives an error naming the file and the problem ("file digest mismatch", "checksum
/// mismatch in /checkpoint/model/encoder.0.weight"). `with_checkpoint = false` skips the
/// weights. Thread-safe.
Status readRunFile(const std::string& path, RunRecord* record, bool with_checkpoint = true,
                   RunFileFacts* facts = nullptr);

}  // namespace gvae
