// Shared internals of the run-file reader and writer: the HDF5 lock, error text, types, columns.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "core/io/hdf5_handle.h"
#include "core/training/progress.h"
#include "core/util/status.h"

/// Returns the Status of `expr` from the enclosing function when it is an error.
#define GVAE_TRY(expr)                                                    \
  do {                                                                    \
    if (Status try_status_ = (expr); !try_status_.ok) return try_status_; \
  } while (0)

namespace gvae::detail {

/// Root attribute "format" of every run file; anything else is a foreign HDF5 file.
inline constexpr char kFormat[] = "graphvae-run";

/// Bytes before the HDF5 superblock of a schema-2 file (the HDF5 user block, which HDF5 skips):
/// a text header with the SHA-256 of everything after it and the file's size (digestHeader).
inline constexpr size_t kUserBlockBytes = 512;

/// The user block of a file of `bytes` bytes whose content after the user block hashes to
/// `sha256_hex`: "GraphVAE run file\nsha256 <hex>\nbytes <n>\n", NUL-padded to kUserBlockBytes.
std::string digestHeader(const std::string& sha256_hex, uint64_t bytes);

/// Parses a user block written by digestHeader; false when `block` holds none (schema 1, a
/// foreign file, or a damaged header).
bool parseDigestHeader(const char* block, size_t size, std::string* sha256_hex, uint64_t* bytes);

/// Recomputes the checksum of the version-2/3 superblock at the start of `image` (HDF5's
/// Jenkins lookup3). HDF5 1.10's H5Fget_file_image clears the superblock's "open for writing"
/// flag in the copy it returns but keeps the checksum of the flagged superblock, so the image
/// would not open. False when `image` does not start with such a superblock.
bool fixSuperblockChecksum(char* image, size_t size);

/// Columns of /structure/importance: mu, then (off, off SE, on, on SE) relaxed, then sampled.
inline constexpr size_t kStructureColumns = 9;

/// The one lock around every HDF5 call in the process: the default HDF5 build is not
/// thread-safe, and run files are written from the training thread while the GUI may read.
std::mutex& hdf5Mutex();

// ---------------------------------------------------------------------------------- errors

/// The most specific message on HDF5's error stack; for OS failures only the strerror text HDF5
/// embeds ("..., errno = 28, error message = 'No space left on device', ...").
/// Call it right after the failing call: the next HDF5 call clears the stack.
std::string hdf5Detail();

/// True when any message on HDF5's error stack contains `needle` (e.g. "Fletcher32").
bool hdf5StackMentions(const char* needle);

/// "`what`: <hdf5Detail()>".
Status h5Error(const std::string& what);

/// "`what`: <strerror(errno)>"; call it right after the failing system call.
Status osError(const std::string& what);

// ------------------------------------------------------------------------------ HDF5 types

/// HDF5 types of T: the native in-memory type and the little-endian type it is stored as.
template <class T>
struct Hdf5Types;
template <>
struct Hdf5Types<double> {
  static hid_t mem() { return H5T_NATIVE_DOUBLE; }
  static hid_t file() { return H5T_IEEE_F64LE; }
};
template <>
struct Hdf5Types<float> {
  static hid_t mem() { return H5T_NATIVE_FLOAT; }
  static hid_t file() { return H5T_IEEE_F32LE; }
};
template <>
struct Hdf5Types<int64_t> {
  static hid_t mem() { return H5T_NATIVE_INT64; }
  static hid_t file() { return H5T_STD_I64LE; }
};
template <>
struct Hdf5Types<int32_t> {
  static hid_t mem() { return H5T_NATIVE_INT32; }
  static hid_t file() { return H5T_STD_I32LE; }
};
template <>
struct Hdf5Types<int8_t> {
  static hid_t mem() { return H5T_NATIVE_INT8; }
  static hid_t file() { return H5T_STD_I8LE; }
};
template <class T>
hid_t memType() {
  return Hdf5Types<T>::mem();
}
template <class T>
hid_t fileType() {
  return Hdf5Types<T>::file();
}

/// Fixed-length UTF-8 string type of `size` bytes (at least 1), NUL-padded: what schema 2
/// writes (h5py reads it as bytes). Invalid on failure.
Hdf5Datatype stringType(size_t size);

/// Dataspace of `dims`; no dimensions gives a scalar (0-d) dataspace.
Hdf5Dataspace makeSpace(const std::vector<hsize_t>& dims);

/// A dataset name for a parameter path: '/' would make HDF5 groups, so it becomes '|'.
std::string datasetName(const std::string& name);

// --------------------------------------------------------------------------------- columns

/// One 1-D dataset per struct field, e.g. /metrics/epoch/valid_elbo <- EpochMetrics::valid_elbo.
template <class Row, class T>
struct Column {
  const char* name;
  T Row::*field;
};

inline constexpr Column<EpochMetrics, int64_t> kEpochInts[] = {
    {"epoch", &EpochMetrics::epoch},
    {"step", &EpochMetrics::step},
    {"skipped_steps", &EpochMetrics::skipped_steps}};
inline constexpr Column<EpochMetrics, double> kEpochReals[] = {
    {"train_elbo", &EpochMetrics::train_elbo},
    {"train_nll", &EpochMetrics::train_nll},
    {"train_kl", &EpochMetrics::train_kl},
    {"valid_elbo", &EpochMetrics::valid_elbo},
    {"valid_nll", &EpochMetrics::valid_nll},
    {"valid_kl", &EpochMetrics::valid_kl},
    {"tau", &EpochMetrics::tau},
    {"lr", &EpochMetrics::lr},
    {"kl_weight", &EpochMetrics::kl_weight},
    {"seconds", &EpochMetrics::seconds},
    {"samples_per_s", &EpochMetrics::samples_per_s}};
/// Columns added after the first run files: read as NaN where a file lacks them.
inline constexpr Column<EpochMetrics, double> kEpochLaterReals[] = {
    {"grad_norm", &EpochMetrics::grad_norm},
    {"valid_auc", &EpochMetrics::valid_auc},
    {"valid_ap", &EpochMetrics::valid_ap}};
inline constexpr Column<StepMetrics, int64_t> kStepInts[] = {{"step", &StepMetrics::step},
                                                             {"epoch", &StepMetrics::epoch}};
inline constexpr Column<StepMetrics, double> kStepReals[] = {
    {"elbo", &StepMetrics::elbo}, {"nll", &StepMetrics::nll}, {"kl", &StepMetrics::kl}};
inline constexpr Column<TrainingEvent, int64_t> kEventInts[] = {{"step", &TrainingEvent::step},
                                                                {"epoch", &TrainingEvent::epoch}};
inline constexpr Column<TrainingEvent, std::string> kEventStrings[] = {
    {"kind", &TrainingEvent::kind}, {"message", &TrainingEvent::message}};

}  // namespace gvae::detail
