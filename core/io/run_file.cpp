// HDF5 run files: crash-safe atomic writes and validated reads (schema: docs/run_file_schema.md).
#include "core/io/run_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "core/io/hdf5_handle.h"

namespace gvae {
namespace {

#define GVAE_TRY(expr)                                                    \
  do {                                                                    \
    if (Status try_status_ = (expr); !try_status_.ok) return try_status_; \
  } while (0)

constexpr char kFormat[] = "graphvae-run";
constexpr char kWriter[] = "GraphVAE Studio";

/// The one lock around every HDF5 call in the process: the default HDF5 build is not
/// thread-safe, and run files are written from the training thread while the GUI may read.
std::mutex& hdf5Mutex() {
  static std::mutex mutex;
  return mutex;
}

/// Serializes the disk phase of writes: two threads of one process share the temp file name.
std::mutex& diskWriteMutex() {
  static std::mutex mutex;
  return mutex;
}

// ---------------------------------------------------------------------------------- errors

herr_t keepInnermost(unsigned n, const H5E_error2_t* error, void* out) {
  if (n == 0 && error->desc != nullptr) *static_cast<std::string*>(out) = error->desc;
  return 0;
}

/// The most specific message on HDF5's error stack; for OS failures only the strerror text HDF5
/// embeds ("..., errno = 28, error message = 'No space left on device', ...").
/// Call it right after the failing call: the next HDF5 call clears the stack.
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

Status h5Error(const std::string& what) { return Status::Error(what + ": " + hdf5Detail()); }

Status osError(const std::string& what) {
  const int error = errno;
  return Status::Error(what + ": " + std::strerror(error));
}

// ------------------------------------------------------------------------------ HDF5 types

template <class T>
hid_t memType();
template <>
hid_t memType<double>() {
  return H5T_NATIVE_DOUBLE;
}
template <>
hid_t memType<float>() {
  return H5T_NATIVE_FLOAT;
}
template <>
hid_t memType<int64_t>() {
  return H5T_NATIVE_INT64;
}
template <>
hid_t memType<int32_t>() {
  return H5T_NATIVE_INT32;
}
template <>
hid_t memType<int8_t>() {
  return H5T_NATIVE_INT8;
}

template <class T>
hid_t fileType();
template <>
hid_t fileType<double>() {
  return H5T_IEEE_F64LE;
}
template <>
hid_t fileType<float>() {
  return H5T_IEEE_F32LE;
}
template <>
hid_t fileType<int64_t>() {
  return H5T_STD_I64LE;
}
template <>
hid_t fileType<int32_t>() {
  return H5T_STD_I32LE;
}
template <>
hid_t fileType<int8_t>() {
  return H5T_STD_I8LE;
}

/// Variable-length UTF-8 string type (h5py reads it as str); invalid on failure.
Hdf5Datatype stringType() {
  Hdf5Datatype type(H5Tcopy(H5T_C_S1));
  if (!type || H5Tset_size(type.get(), H5T_VARIABLE) < 0 ||
      H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0) {
    return Hdf5Datatype();
  }
  return type;
}

/// Dataspace of `dims`; no dimensions gives a scalar (0-d) dataspace.
Hdf5Dataspace makeSpace(const std::vector<hsize_t>& dims) {
  if (dims.empty()) return Hdf5Dataspace(H5Screate(H5S_SCALAR));
  return Hdf5Dataspace(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
}

/// A dataset name for a parameter path: '/' would make HDF5 groups, so it becomes '|'.
std::string datasetName(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    if (c == '/') c = '|';
  }
  return out;
}

// --------------------------------------------------------------------------------- columns

/// One 1-D dataset per struct field, e.g. /metrics/epoch/valid_elbo <- EpochMetrics::valid_elbo.
template <class Row, class T>
struct Column {
  const char* name;
  T Row::*field;
};

const Column<EpochMetrics, int64_t> kEpochInts[] = {
    {"epoch", &EpochMetrics::epoch},
    {"step", &EpochMetrics::step},
    {"skipped_steps", &EpochMetrics::skipped_steps}};
const Column<EpochMetrics, double> kEpochReals[] = {
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
const Column<StepMetrics, int64_t> kStepInts[] = {{"step", &StepMetrics::step},
                                                  {"epoch", &StepMetrics::epoch}};
const Column<StepMetrics, double> kStepReals[] = {
    {"elbo", &StepMetrics::elbo}, {"nll", &StepMetrics::nll}, {"kl", &StepMetrics::kl}};
const Column<TrainingEvent, int64_t> kEventInts[] = {{"step", &TrainingEvent::step},
                                                     {"epoch", &TrainingEvent::epoch}};
const Column<TrainingEvent, std::string> kEventStrings[] = {{"kind", &TrainingEvent::kind},
                                                            {"message", &TrainingEvent::message}};

// -------------------------------------------------------------------------------- validate

/// Checks what the layout cannot represent (ragged rows, shape/value mismatches, duplicate
/// names) before any file is touched.
Status validate(const RunRecord& r) {
  const size_t gates = r.gate_pairs.size();
  const size_t nodes = r.epochs.empty() ? 0 : r.epochs.front().node_kl.size();
  for (size_t k = 0; k < r.epochs.size(); ++k) {
    const EpochMetrics& e = r.epochs[k];
    const std::string row =
        "epoch row " + std::to_string(k) + " (epoch " + std::to_string(e.epoch) + ") has ";
    if (e.gate_mu.size() != gates || e.gate_frozen.size() != gates) {
      return Status::Error(row + std::to_string(e.gate_mu.size()) + " gate means and " +
                           std::to_string(e.gate_frozen.size()) + " gate states, expected " +
                           std::to_string(gates) + " (one per gate pair)");
    }
    if (e.node_kl.size() != nodes) {
      return Status::Error(row + std::to_string(e.node_kl.size()) + " node KL values, expected " +
                           std::to_string(nodes) + " like the first epoch");
    }
  }
  auto unique = [](const auto& items, auto key, const std::string& what) -> Status {
    std::set<std::string> seen;
    for (const auto& item : items) {
      const std::string name = key(item);
      if (name.empty()) return Status::Error("empty " + what);
      if (!seen.insert(name).second) return Status::Error("duplicate " + what + " '" + name + "'");
    }
    return Status::Ok();
  };
  auto first = [](const auto& pair) { return pair.first; };
  GVAE_TRY(unique(r.config, first, "config key"));
  GVAE_TRY(unique(r.eval_results, first, "eval result name"));
  if (r.checkpoint) {
    auto path = [](const NamedArray& a) { return datasetName(a.name); };
    GVAE_TRY(unique(r.checkpoint->model, path, "checkpoint model array name"));
    GVAE_TRY(unique(r.checkpoint->optimizer, path, "checkpoint optimizer array name"));
    for (const auto* arrays : {&r.checkpoint->model, &r.checkpoint->optimizer}) {
      for (const NamedArray& a : *arrays) {
        size_t count = 1;
        for (int64_t d : a.shape) count *= d >= 0 ? static_cast<size_t>(d) : 0;
        bool bad_shape = a.shape.size() > H5S_MAX_RANK;
        for (int64_t d : a.shape) bad_shape = bad_shape || d < 0;
        if (bad_shape || count != a.values.size()) {
          std::string shape;
          for (int64_t d : a.shape) shape += (shape.empty() ? "" : ", ") + std::to_string(d);
          return Status::Error("checkpoint array '" + a.name + "' has " +
                               std::to_string(a.values.size()) + " values but shape [" + shape +
                               "]");
        }
      }
    }
  }
  if (r.latent_stats) {
    const auto& s = *r.latent_stats;
    const size_t m = s.dims >= 0 ? static_cast<size_t>(s.dims) : 0;
    if (s.dims < 0 || s.mean_correlation.size() != m * m || s.unit_variance.size() != m ||
        s.pca_eigenvalues.size() != m) {
      return Status::Error("latent statistics sizes do not match dims = " + std::to_string(s.dims));
    }
  }
  return Status::Ok();
}

// ----------------------------------------------------------------------------------- write

Status makeGroup(hid_t file, const std::string& path, Hdf5Group* group,
                 bool ordered_attributes = false) {
  Hdf5PropertyList gcpl(H5Pcreate(H5P_GROUP_CREATE));
  if (!gcpl) return h5Error("cannot create group properties");
  // Creation-order tracking lets h5py and `h5dump --sort_by=creation_order` list attributes
  // in key order; the authoritative order is still the stored key list.
  if (ordered_attributes &&
      H5Pset_attr_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0) {
    return h5Error("cannot set attribute order for " + path);
  }
  *group = Hdf5Group(H5Gcreate2(file, path.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT));
  if (!*group) return h5Error("cannot create group " + path);
  return Status::Ok();
}

Status writeAttribute(hid_t object, const std::string& where, const std::string& name,
                      hid_t file_type, hid_t mem_type, const void* value) {
  Hdf5Dataspace space(H5Screate(H5S_SCALAR));
  if (!space) return h5Error("cannot create dataspace");
  Hdf5Attribute attr(
      H5Acreate2(object, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT));
  if (!attr || H5Awrite(attr.get(), mem_type, value) < 0) {
    return h5Error("cannot write attribute '" + name + "' of " + where);
  }
  return Status::Ok();
}

Status writeStringAttribute(hid_t object, const std::string& where, const std::string& name,
                            const std::string& value) {
  Hdf5Datatype type = stringType();
  if (!type) return h5Error("cannot create string type");
  const char* text = value.c_str();
  return writeAttribute(object, where, name, type.get(), type.get(), &text);
}

template <class T>
Status writeNumberAttribute(hid_t object, const std::string& where, const std::string& name,
                            T value) {
  return writeAttribute(object, where, name, fileType<T>(), memType<T>(), &value);
}

/// Dataset at absolute `path` of shape `dims` ([] = scalar) from row-major `data`.
template <class T>
Status writeArray(hid_t file, const std::string& path, const std::vector<hsize_t>& dims,
                  const T* data) {
  Hdf5Dataspace space = makeSpace(dims);
  if (!space) return h5Error("cannot create dataspace for " + path);
  Hdf5Dataset set(H5Dcreate2(file, path.c_str(), fileType<T>(), space.get(), H5P_DEFAULT,
                             H5P_DEFAULT, H5P_DEFAULT));
  if (!set) return h5Error("cannot create " + path);
  if (H5Sget_simple_extent_npoints(space.get()) > 0 &&
      H5Dwrite(set.get(), memType<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
    return h5Error("cannot write " + path);
  }
  return Status::Ok();
}

template <class T>
Status writeVector(hid_t file, const std::string& path, const std::vector<T>& values) {
  return writeArray(file, path, {values.size()}, values.data());
}

Status writeStrings(hid_t file, const std::string& path, const std::vector<std::string>& values) {
  Hdf5Datatype type = stringType();
  Hdf5Dataspace space = makeSpace({values.size()});
  if (!type || !space) return h5Error("cannot create string type for " + path);
  Hdf5Dataset set(H5Dcreate2(file, path.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT,
                             H5P_DEFAULT));
  if (!set) return h5Error("cannot create " + path);
  std::vector<const char*> texts;
  for (const std::string& v : values) texts.push_back(v.c_str());
  if (!values.empty() &&
      H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()) < 0) {
    return h5Error("cannot write " + path);
  }
  return Status::Ok();
}

template <class Row, class T, size_t K>
Status writeColumns(hid_t file, const std::string& group, const std::vector<Row>& rows,
                    const Column<Row, T> (&columns)[K]) {
  for (const auto& column : columns) {
    std::vector<T> values;
    for (const Row& row : rows) values.push_back(row.*column.field);
    if constexpr (std::is_same_v<T, std::string>) {
      GVAE_TRY(writeStrings(file, group + "/" + column.name, values));
    } else {
      GVAE_TRY(writeVector(file, group + "/" + column.name, values));
    }
  }
  return Status::Ok();
}

Status writeArrays(hid_t file, const std::string& path, const std::vector<NamedArray>& arrays) {
  Hdf5Group group;
  GVAE_TRY(makeGroup(file, path, &group));
  std::vector<std::string> names;
  for (const NamedArray& a : arrays) {
    names.push_back(a.name);
    const std::vector<hsize_t> dims(a.shape.begin(), a.shape.end());
    GVAE_TRY(writeArray(file, path + "/" + datasetName(a.name), dims, a.values.data()));
  }
  return writeStrings(file, path + "_names", names);
}

/// Writes every group of the layout into the open file `file`.
Status writeContent(hid_t file, const RunRecord& r) {
  GVAE_TRY(writeStringAttribute(file, "/", "format", kFormat));
  GVAE_TRY(writeNumberAttribute<int32_t>(file, "/", "schema_version", kRunSchemaVersion));
  GVAE_TRY(writeStringAttribute(file, "/", "writer", kWriter));
  {
    Hdf5Group config;
    GVAE_TRY(makeGroup(file, "/config", &config, true));
    std::vector<std::string> keys;
    for (const auto& [key, value] : r.config) {
      keys.push_back(key);
      GVAE_TRY(writeStringAttribute(config.get(), "/config", key, value));
    }
    GVAE_TRY(writeStrings(file, "/config/keys", keys));
  }
  const size_t epochs = r.epochs.size(), gates = r.gate_pairs.size();
  const size_t nodes = epochs == 0 ? 0 : r.epochs.front().node_kl.size();
  std::vector<int32_t> pairs;
  std::vector<double> mu, node_kl;
  std::vector<int8_t> frozen;
  for (const auto& [i, j] : r.gate_pairs) pairs.insert(pairs.end(), {i, j});
  for (const EpochMetrics& e : r.epochs) {
    mu.insert(mu.end(), e.gate_mu.begin(), e.gate_mu.end());
    frozen.insert(frozen.end(), e.gate_frozen.begin(), e.gate_frozen.end());
    node_kl.insert(node_kl.end(), e.node_kl.begin(), e.node_kl.end());
  }
  Hdf5Group gates_group, nodes_group, metrics, epoch_group, step_group, events;
  GVAE_TRY(makeGroup(file, "/gates", &gates_group));
  GVAE_TRY(writeArray(file, "/gates/pairs", {gates, 2}, pairs.data()));
  GVAE_TRY(writeArray(file, "/gates/mu", {epochs, gates}, mu.data()));
  GVAE_TRY(writeArray(file, "/gates/frozen", {epochs, gates}, frozen.data()));
  GVAE_TRY(makeGroup(file, "/metrics", &metrics));
  GVAE_TRY(makeGroup(file, "/metrics/epoch", &epoch_group));
  GVAE_TRY(writeColumns(file, "/metrics/epoch", r.epochs, kEpochInts));
  GVAE_TRY(writeColumns(file, "/metrics/epoch", r.epochs, kEpochReals));
  GVAE_TRY(makeGroup(file, "/nodes", &nodes_group));
  GVAE_TRY(writeArray(file, "/nodes/kl", {epochs, nodes}, node_kl.data()));
  GVAE_TRY(makeGroup(file, "/metrics/step", &step_group));
  GVAE_TRY(writeColumns(file, "/metrics/step", r.steps, kStepInts));
  GVAE_TRY(writeColumns(file, "/metrics/step", r.steps, kStepReals));
  GVAE_TRY(makeGroup(file, "/events", &events));
  GVAE_TRY(writeColumns(file, "/events", r.events, kEventInts));
  GVAE_TRY(writeColumns(file, "/events", r.events, kEventStrings));
  if (r.checkpoint) {
    Hdf5Group group;
    GVAE_TRY(makeGroup(file, "/checkpoint", &group));
    GVAE_TRY(writeNumberAttribute(group.get(), "/checkpoint", "epoch", r.checkpoint->epoch));
    GVAE_TRY(writeNumberAttribute(group.get(), "/checkpoint", "step", r.checkpoint->step));
    GVAE_TRY(writeArrays(file, "/checkpoint/model", r.checkpoint->model));
    GVAE_TRY(writeArrays(file, "/checkpoint/optimizer", r.checkpoint->optimizer));
  }
  if (r.latent_stats) {
    const LatentStatistics& s = *r.latent_stats;
    const auto m = static_cast<hsize_t>(s.dims);
    Hdf5Group group;
    GVAE_TRY(makeGroup(file, "/latent_stats", &group));
    GVAE_TRY(writeStringAttribute(group.get(), "/latent_stats", "split", s.split));
    GVAE_TRY(writeNumberAttribute(group.get(), "/latent_stats", "dims", s.dims));
    GVAE_TRY(writeNumberAttribute(group.get(), "/latent_stats", "active_units", s.active_units));
    GVAE_TRY(writeArray(file, "/latent_stats/mean_correlation", {m, m}, s.mean_correlation.data()));
    GVAE_TRY(writeVector(file, "/latent_stats/unit_variance", s.unit_variance));
    GVAE_TRY(writeVector(file, "/latent_stats/pca_eigenvalues", s.pca_eigenvalues));
  }
  if (!r.eval_results.empty()) {
    Hdf5Group group;
    GVAE_TRY(makeGroup(file, "/eval", &group, true));
    std::vector<std::string> names;
    for (const auto& [name, value] : r.eval_results) {
      names.push_back(name);
      GVAE_TRY(writeNumberAttribute(group.get(), "/eval", name, value));
    }
    GVAE_TRY(writeStrings(file, "/eval/names", names));
  }
  return Status::Ok();
}

/// Builds the whole file in memory (HDF5 "core" driver, no backing store) and returns its bytes.
/// HDF5 never touches the disk: in HDF5 1.10 a failed disk write (full disk) leaves the file
/// half-closed and the library crashes at exit, so all disk I/O is ours (writeDurably).
Status buildImage(const std::string& name, const RunRecord& record, std::vector<char>* image) {
  size_t estimate = size_t{1} << 20;  // metadata, tables, strings
  if (record.checkpoint) {
    for (const auto* arrays : {&record.checkpoint->model, &record.checkpoint->optimizer}) {
      for (const NamedArray& a : *arrays) estimate += a.values.size() * sizeof(float);
    }
  }
  Hdf5PropertyList fapl(H5Pcreate(H5P_FILE_ACCESS));
  // Grow the buffer once; SEMI: closing fails instead of silently staying open if a handle leaked.
  if (!fapl || H5Pset_fapl_core(fapl.get(), estimate, /*backing_store=*/false) < 0 ||
      H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI) < 0) {
    return h5Error("cannot create file access properties");
  }
  Hdf5File file(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()));
  if (!file) return h5Error("cannot create the HDF5 file in memory");
  GVAE_TRY(writeContent(file.get(), record));
  if (H5Fflush(file.get(), H5F_SCOPE_LOCAL) < 0) return h5Error("cannot flush the HDF5 file");
  const ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
  if (size < 0) return h5Error("cannot get the HDF5 file image");
  image->resize(static_cast<size_t>(size));
  if (H5Fget_file_image(file.get(), image->data(), image->size()) != size) {
    return h5Error("cannot copy the HDF5 file image");
  }
  if (file.close() < 0) return h5Error("cannot close the HDF5 file");
  return Status::Ok();
}

/// Writes `bytes` to a new file `tmp` and fsyncs it; on failure `tmp` is removed.
Status writeDurably(const std::string& tmp, const std::vector<char>& bytes) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return osError("cannot create temporary file '" + tmp + "'");
  Status status;
  for (size_t done = 0; status && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n >= 0) {
      done += static_cast<size_t>(n);
    } else if (errno != EINTR) {
      status = osError("cannot write '" + tmp + "'");
    }
  }
  if (status && ::fsync(fd) != 0) status = osError("cannot sync '" + tmp + "' to disk");
  // close() can report a deferred write error (NFS, quotas): it counts as a failed write.
  if (::close(fd) != 0 && status) status = osError("cannot close '" + tmp + "'");
  if (!status) ::unlink(tmp.c_str());
  return status;
}

/// fsync of a directory, so that a rename inside it survives a power cut.
Status syncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return osError("cannot open directory '" + dir + "' to sync it");
  // Some file systems cannot sync directories (EINVAL); the file data is synced by then.
  Status status;
  if (::fsync(fd) != 0 && errno != EINVAL) status = osError("cannot sync directory '" + dir + "'");
  ::close(fd);
  return status;
}

std::string directoryOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// ------------------------------------------------------------------------------------ read

/// True when every link along absolute `path` exists (H5Lexists needs existing parents).
bool exists(hid_t file, const std::string& path) {
  for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    if (H5Lexists(file, path.substr(0, slash).c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
  }
}

Status openGroup(hid_t file, const std::string& path, Hdf5Group* group) {
  if (!exists(file, path)) return Status::Error("corrupt: missing group " + path);
  *group = Hdf5Group(H5Gopen2(file, path.c_str(), H5P_DEFAULT));
  if (!*group) return h5Error("corrupt: cannot open group " + path);
  return Status::Ok();
}

/// "corrupt: /metrics/epoch/valid_elbo has 3 rows, expected 5"; -1 in `expected`: any extent.
Status checkShape(const std::string& path, const std::vector<int64_t>& dims,
                  const std::vector<int64_t>& expected) {
  const std::string prefix = "corrupt: " + path + " has ";
  if (dims.size() != expected.size()) {
    return Status::Error(prefix + std::to_string(dims.size()) + " dimensions, expected " +
                         std::to_string(expected.size()));
  }
  for (size_t d = 0; d < dims.size(); ++d) {
    if (expected[d] >= 0 && dims[d] != expected[d]) {
      const std::string what = d == 0   ? " rows"
                               : d == 1 ? " columns"
                                        : " entries in dimension " + std::to_string(d);
      return Status::Error(prefix + std::to_string(dims[d]) + what + ", expected " +
                           std::to_string(expected[d]));
    }
  }
  return Status::Ok();
}

/// Opens dataset `path` and reports its shape ([] for a scalar).
Status openDataset(hid_t file, const std::string& path, Hdf5Dataset* set, Hdf5Dataspace* space,
                   std::vector<int64_t>* dims) {
  if (!exists(file, path)) return Status::Error("corrupt: missing dataset " + path);
  *set = Hdf5Dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT));
  if (!*set) return h5Error("corrupt: cannot open " + path);
  *space = Hdf5Dataspace(H5Dget_space(set->get()));
  const int rank = *space ? H5Sget_simple_extent_ndims(space->get()) : -1;
  std::vector<hsize_t> extent(rank > 0 ? rank : 0);
  if (rank < 0 ||
      (rank > 0 && H5Sget_simple_extent_dims(space->get(), extent.data(), nullptr) < 0)) {
    return h5Error("corrupt: cannot read the shape of " + path);
  }
  dims->assign(extent.begin(), extent.end());
  return Status::Ok();
}

/// Reads numeric dataset `path` as T, checking its shape against `expected` unless `any_shape`.
template <class T>
Status readArray(hid_t file, const std::string& path, const std::vector<int64_t>& expected,
                 std::vector<T>* values, std::vector<int64_t>* dims_out = nullptr,
                 bool any_shape = false) {
  Hdf5Dataset set;
  Hdf5Dataspace space;
  std::vector<int64_t> dims;
  GVAE_TRY(openDataset(file, path, &set, &space, &dims));
  if (!any_shape) GVAE_TRY(checkShape(path, dims, expected));
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0) return h5Error("corrupt: cannot read the size of " + path);
  values->assign(static_cast<size_t>(count), T());
  if (count > 0 &&
      H5Dread(set.get(), memType<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values->data()) < 0) {
    return h5Error("corrupt: cannot read " + path);
  }
  if (dims_out != nullptr) *dims_out = dims;
  return Status::Ok();
}

/// Memory type for reading strings stored as `stored` (variable or fixed length, any cset:
/// HDF5 does not convert between ASCII and UTF-8, so the memory type copies the stored cset).
Hdf5Datatype stringMemoryType(hid_t stored) {
  if (H5Tis_variable_str(stored) <= 0) return Hdf5Datatype(H5Tcopy(stored));
  Hdf5Datatype type(H5Tcopy(H5T_C_S1));
  const H5T_cset_t cset = H5Tget_cset(stored);
  if (!type || cset < 0 || H5Tset_size(type.get(), H5T_VARIABLE) < 0 ||
      H5Tset_cset(type.get(), cset) < 0) {
    return Hdf5Datatype();
  }
  return type;
}

/// Converts `count` strings read with `type` from `buffer` and frees variable-length memory.
void takeStrings(hid_t type, hid_t space, size_t count, std::vector<char>* buffer,
                 std::vector<std::string>* out) {
  if (H5Tis_variable_str(type) > 0) {
    auto* texts = reinterpret_cast<char**>(buffer->data());
    for (size_t i = 0; i < count; ++i) out->emplace_back(texts[i] != nullptr ? texts[i] : "");
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer->data());
  } else {
    const size_t size = H5Tget_size(type);
    for (size_t i = 0; i < count; ++i) {
      const char* text = buffer->data() + i * size;
      out->emplace_back(text, strnlen(text, size));
    }
  }
}

size_t stringBytes(hid_t type) {
  return H5Tis_variable_str(type) > 0 ? sizeof(char*) : H5Tget_size(type);
}

Status readStrings(hid_t file, const std::string& path, int64_t rows,
                   std::vector<std::string>* out) {
  Hdf5Dataset set;
  Hdf5Dataspace space;
  std::vector<int64_t> dims;
  GVAE_TRY(openDataset(file, path, &set, &space, &dims));
  GVAE_TRY(checkShape(path, dims, {rows}));
  Hdf5Datatype stored(H5Dget_type(set.get()));
  if (!stored || H5Tget_class(stored.get()) != H5T_STRING) {
    return Status::Error("corrupt: " + path + " does not hold strings");
  }
  out->clear();
  const auto count = static_cast<size_t>(dims[0]);
  if (count == 0) return Status::Ok();
  Hdf5Datatype type = stringMemoryType(stored.get());
  std::vector<char> buffer(type ? count * stringBytes(type.get()) : 0);
  if (!type || H5Dread(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0) {
    return h5Error("corrupt: cannot read " + path);
  }
  takeStrings(type.get(), space.get(), count, &buffer, out);
  return Status::Ok();
}

Status openAttribute(hid_t object, const std::string& where, const std::string& name,
                     Hdf5Attribute* attr, Hdf5Dataspace* space) {
  const std::string what = "attribute '" + name + "' of " + where;
  if (H5Aexists(object, name.c_str()) <= 0) return Status::Error("corrupt: missing " + what);
  *attr = Hdf5Attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT));
  if (*attr) *space = Hdf5Dataspace(H5Aget_space(attr->get()));
  if (!*attr || !*space) return h5Error("corrupt: cannot open " + what);
  if (H5Sget_simple_extent_npoints(space->get()) != 1) {
    return Status::Error("corrupt: " + what + " is not a single value");
  }
  return Status::Ok();
}

Status readStringAttribute(hid_t object, const std::string& where, const std::string& name,
                           std::string* out) {
  Hdf5Attribute attr;
  Hdf5Dataspace space;
  GVAE_TRY(openAttribute(object, where, name, &attr, &space));
  Hdf5Datatype stored(H5Aget_type(attr.get()));
  if (!stored || H5Tget_class(stored.get()) != H5T_STRING) {
    return Status::Error("corrupt: attribute '" + name + "' of " + where + " is not a string");
  }
  Hdf5Datatype type = stringMemoryType(stored.get());
  std::vector<char> buffer(type ? stringBytes(type.get()) : 0);
  if (!type || H5Aread(attr.get(), type.get(), buffer.data()) < 0) {
    return h5Error("corrupt: cannot read attribute '" + name + "' of " + where);
  }
  std::vector<std::string> texts;
  takeStrings(type.get(), space.get(), 1, &buffer, &texts);
  *out = texts.front();
  return Status::Ok();
}

template <class T>
Status readNumberAttribute(hid_t object, const std::string& where, const std::string& name,
                           T* out) {
  Hdf5Attribute attr;
  Hdf5Dataspace space;
  GVAE_TRY(openAttribute(object, where, name, &attr, &space));
  Hdf5Datatype stored(H5Aget_type(attr.get()));
  const H5T_class_t type_class = stored ? H5Tget_class(stored.get()) : H5T_NO_CLASS;
  if ((type_class != H5T_INTEGER && type_class != H5T_FLOAT) ||
      H5Aread(attr.get(), memType<T>(), out) < 0) {
    return h5Error("corrupt: cannot read attribute '" + name + "' of " + where + " as a number");
  }
  return Status::Ok();
}

/// Row count of a table: the length of its first column.
Status countRows(hid_t file, const std::string& path, size_t* rows) {
  Hdf5Dataset set;
  Hdf5Dataspace space;
  std::vector<int64_t> dims;
  GVAE_TRY(openDataset(file, path, &set, &space, &dims));
  GVAE_TRY(checkShape(path, dims, {-1}));
  *rows = static_cast<size_t>(dims[0]);
  return Status::Ok();
}

template <class Row, class T, size_t K>
Status readColumns(hid_t file, const std::string& group, const Column<Row, T> (&columns)[K],
                   std::vector<Row>* rows) {
  const auto count = static_cast<int64_t>(rows->size());
  for (const auto& column : columns) {
    std::vector<T> values;
    if constexpr (std::is_same_v<T, std::string>) {
      GVAE_TRY(readStrings(file, group + "/" + column.name, count, &values));
    } else {
      GVAE_TRY(readArray(file, group + "/" + column.name, {count}, &values));
    }
    for (size_t i = 0; i < values.size(); ++i) (*rows)[i].*column.field = std::move(values[i]);
  }
  return Status::Ok();
}

Status readArrays(hid_t file, const std::string& path, std::vector<NamedArray>* arrays) {
  std::vector<std::string> names;
  GVAE_TRY(readStrings(file, path + "_names", -1, &names));
  for (const std::string& name : names) {
    NamedArray a;
    a.name = name;
    GVAE_TRY(readArray(file, path + "/" + datasetName(name), {}, &a.values, &a.shape, true));
    arrays->push_back(std::move(a));
  }
  return Status::Ok();
}

/// Reads every group of the layout from `file` (whose format and version are checked).
Status readContent(hid_t file, bool with_checkpoint, RunRecord* r) {
  {
    std::vector<std::string> keys;
    Hdf5Group config;
    GVAE_TRY(readStrings(file, "/config/keys", -1, &keys));
    GVAE_TRY(openGroup(file, "/config", &config));
    for (const std::string& key : keys) {
      std::string value;
      GVAE_TRY(readStringAttribute(config.get(), "/config", key, &value));
      r->config.emplace_back(key, std::move(value));
    }
  }
  std::vector<int32_t> pairs;
  std::vector<int64_t> dims;
  GVAE_TRY(readArray(file, "/gates/pairs", {-1, 2}, &pairs, &dims));
  const int64_t gates = dims[0];
  for (int64_t g = 0; g < gates; ++g) r->gate_pairs.emplace_back(pairs[2 * g], pairs[2 * g + 1]);

  size_t rows = 0;
  GVAE_TRY(countRows(file, "/metrics/epoch/epoch", &rows));
  r->epochs.resize(rows);
  GVAE_TRY(readColumns(file, "/metrics/epoch", kEpochInts, &r->epochs));
  GVAE_TRY(readColumns(file, "/metrics/epoch", kEpochReals, &r->epochs));
  const auto epochs = static_cast<int64_t>(rows);
  std::vector<double> mu, node_kl;
  std::vector<int8_t> frozen;
  GVAE_TRY(readArray(file, "/gates/mu", {epochs, gates}, &mu));
  GVAE_TRY(readArray(file, "/gates/frozen", {epochs, gates}, &frozen));
  GVAE_TRY(readArray(file, "/nodes/kl", {epochs, -1}, &node_kl, &dims));
  const int64_t nodes = dims[1];
  for (int64_t k = 0; k < epochs; ++k) {
    EpochMetrics& e = r->epochs[k];
    e.gate_mu.assign(mu.begin() + k * gates, mu.begin() + (k + 1) * gates);
    e.gate_frozen.assign(frozen.begin() + k * gates, frozen.begin() + (k + 1) * gates);
    e.node_kl.assign(node_kl.begin() + k * nodes, node_kl.begin() + (k + 1) * nodes);
  }

  GVAE_TRY(countRows(file, "/metrics/step/step", &rows));
  r->steps.resize(rows);
  GVAE_TRY(readColumns(file, "/metrics/step", kStepInts, &r->steps));
  GVAE_TRY(readColumns(file, "/metrics/step", kStepReals, &r->steps));
  GVAE_TRY(countRows(file, "/events/step", &rows));
  r->events.resize(rows);
  GVAE_TRY(readColumns(file, "/events", kEventInts, &r->events));
  GVAE_TRY(readColumns(file, "/events", kEventStrings, &r->events));

  if (with_checkpoint && exists(file, "/checkpoint")) {
    Checkpoint c;
    Hdf5Group group;
    GVAE_TRY(openGroup(file, "/checkpoint", &group));
    GVAE_TRY(readNumberAttribute(group.get(), "/checkpoint", "epoch", &c.epoch));
    GVAE_TRY(readNumberAttribute(group.get(), "/checkpoint", "step", &c.step));
    GVAE_TRY(readArrays(file, "/checkpoint/model", &c.model));
    GVAE_TRY(readArrays(file, "/checkpoint/optimizer", &c.optimizer));
    r->checkpoint = std::move(c);
  }
  if (exists(file, "/latent_stats")) {
    LatentStatistics s;
    Hdf5Group group;
    GVAE_TRY(openGroup(file, "/latent_stats", &group));
    GVAE_TRY(readStringAttribute(group.get(), "/latent_stats", "split", &s.split));
    GVAE_TRY(readNumberAttribute(group.get(), "/latent_stats", "dims", &s.dims));
    GVAE_TRY(readNumberAttribute(group.get(), "/latent_stats", "active_units", &s.active_units));
    if (s.dims < 0) return Status::Error("corrupt: /latent_stats has negative dims");
    GVAE_TRY(
        readArray(file, "/latent_stats/mean_correlation", {s.dims, s.dims}, &s.mean_correlation));
    GVAE_TRY(readArray(file, "/latent_stats/unit_variance", {s.dims}, &s.unit_variance));
    GVAE_TRY(readArray(file, "/latent_stats/pca_eigenvalues", {s.dims}, &s.pca_eigenvalues));
    r->latent_stats = std::move(s);
  }
  if (exists(file, "/eval")) {
    std::vector<std::string> names;
    Hdf5Group group;
    GVAE_TRY(readStrings(file, "/eval/names", -1, &names));
    GVAE_TRY(openGroup(file, "/eval", &group));
    for (const std::string& name : names) {
      double value = 0;
      GVAE_TRY(readNumberAttribute(group.get(), "/eval", name, &value));
      r->eval_results.emplace_back(name, value);
    }
  }
  return Status::Ok();
}

}  // namespace

std::string RunRecord::configValue(const std::string& key, const std::string& fallback) const {
  for (const auto& [k, v] : config) {
    if (k == key) return v;
  }
  return fallback;
}

Status writeRunFile(const std::string& path, const RunRecord& record) {
  auto fail = [&path](const Status& s) {
    return Status::Error("Cannot write run file '" + path + "': " + s.message);
  };
  if (Status s = validate(record); !s) return fail(s);
  // Same directory as `path`, so rename() is atomic; the pid keeps two processes apart.
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  std::vector<char> image;
  {
    std::lock_guard<std::mutex> lock(hdf5Mutex());
    Hdf5ErrorSilencer silence;
    if (Status s = buildImage(tmp, record, &image); !s) return fail(s);
  }  // disk I/O below runs without the HDF5 lock: readers of other files are not held up
  std::lock_guard<std::mutex> lock(diskWriteMutex());
  Status status = writeDurably(tmp, image);
  image = std::vector<char>();
  if (status && std::rename(tmp.c_str(), path.c_str()) != 0) {
    status = osError("cannot rename '" + tmp + "' over it");
    ::unlink(tmp.c_str());
  }
  if (status) status = syncDirectory(directoryOf(path));
  return status ? status : fail(status);
}

Status readRunFile(const std::string& path, RunRecord* record, bool with_checkpoint) {
  auto fail = [&path](const std::string& problem) {
    return Status::Error("Cannot read run file '" + path + "': " + problem);
  };
  // Plain open first: "does not exist" / "Permission denied" are clearer than HDF5's verdict.
  // O_NONBLOCK: opening a FIFO must not hang.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int error = errno;
    return fail(error == ENOENT ? "file does not exist" : std::strerror(error));
  }
  struct stat info {};
  const bool stat_ok = ::fstat(fd, &info) == 0;
  ::close(fd);
  if (stat_ok && S_ISDIR(info.st_mode)) return fail("is a directory");
  if (stat_ok && !S_ISREG(info.st_mode)) return fail("not a regular file");

  std::lock_guard<std::mutex> lock(hdf5Mutex());
  Hdf5ErrorSilencer silence;
  const char* not_hdf5 = "not an HDF5 file or corrupt/truncated";
  if (H5Fis_hdf5(path.c_str()) <= 0) return fail(not_hdf5);
  Hdf5File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!file) return fail(not_hdf5);
  std::string format;
  if (H5Aexists(file.get(), "format") <= 0 ||
      !readStringAttribute(file.get(), "/", "format", &format) || format != kFormat) {
    return fail("not a GraphVAE run file (foreign HDF5 file)");
  }
  int64_t version = 0;
  if (Status s = readNumberAttribute(file.get(), "/", "schema_version", &version); !s) {
    return fail(s.message);
  }
  if (version > kRunSchemaVersion) {
    return fail("written by a newer GraphVAE Studio (schema " + std::to_string(version) +
                ", this build reads up to " + std::to_string(kRunSchemaVersion) + ")");
  }
  if (version < 1) return fail("corrupt: invalid schema_version " + std::to_string(version));
  RunRecord result;
  if (Status s = readContent(file.get(), with_checkpoint, &result); !s) return fail(s.message);
  *record = std::move(result);
  return Status::Ok();
}

#undef GVAE_TRY

}  // namespace gvae
