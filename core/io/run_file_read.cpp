// HDF5 run files, read side: every shape, type and attribute is checked before it is trusted.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/io/hdf5_handle.h"
#include "core/io/hdf5_util.h"
#include "core/io/run_file.h"
#include "core/io/run_file_inspector.h"
#include "core/util/sha256.h"

namespace gvae {
namespace detail {
namespace {

/// What the parse of the file at hand may trust; set by readRunFile under the HDF5 lock.
struct ReaderLimits {
  bool variable_strings = true;  // schema 1 wrote them; a file with a digest (schema 2) never
  uint64_t file_bytes = 0;       // no dataset can hold more than the file
};
ReaderLimits g_limits;  // guarded by hdf5Mutex()

/// Refuses an array that claims more bytes than the file has (a damaged shape would otherwise
/// make the reader allocate it).
Status checkFits(const std::string& path, uint64_t count, uint64_t element_bytes) {
  const uint64_t limit = g_limits.file_bytes + (uint64_t{1} << 20);
  if (element_bytes != 0 && count > limit / element_bytes) {
    return Status::Error("corrupt: " + path + " claims " + std::to_string(count) +
                         " values, more than the file of " + std::to_string(g_limits.file_bytes) +
                         " bytes can hold");
  }
  return Status::Ok();
}

/// The error of a failed H5Dread/H5Aread of `path`: a checksum verdict when HDF5 found one.
Status readError(const std::string& path) {
  if (hdf5StackMentions("Fletcher32")) return Status::Error("checksum mismatch in " + path);
  if (hdf5StackMentions("checksum"))
    return Status::Error("checksum mismatch in the metadata of " + path);
  return h5Error("corrupt: cannot read " + path);
}

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
  GVAE_TRY(checkFits(path, static_cast<uint64_t>(count), sizeof(T)));
  values->assign(static_cast<size_t>(count), T());
  if (count > 0 &&
      H5Dread(set.get(), memType<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values->data()) < 0) {
    return readError(path);
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

/// Refuses what is not a string, and variable-length strings where the file cannot have them.
Status checkStringType(hid_t stored, const std::string& what) {
  if (stored < 0 || H5Tget_class(stored) != H5T_STRING)
    return Status::Error("corrupt: " + what + " does not hold strings");
  if (H5Tis_variable_str(stored) > 0 && !g_limits.variable_strings)
    return Status::Error("corrupt: " + what +
                         " holds variable-length strings, which schema 2 never writes");
  return Status::Ok();
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
  GVAE_TRY(checkStringType(stored.get(), path));
  out->clear();
  const auto count = static_cast<size_t>(dims[0]);
  if (count == 0) return Status::Ok();
  Hdf5Datatype type = stringMemoryType(stored.get());
  if (!type) return h5Error("corrupt: cannot read " + path);
  GVAE_TRY(checkFits(path, count, stringBytes(type.get())));
  std::vector<char> buffer(count * stringBytes(type.get()));
  if (H5Dread(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0) {
    return readError(path);
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
  const std::string what = "attribute '" + name + "' of " + where;
  Hdf5Datatype stored(H5Aget_type(attr.get()));
  GVAE_TRY(checkStringType(stored.get(), what));
  Hdf5Datatype type = stringMemoryType(stored.get());
  if (!type) return h5Error("corrupt: cannot read " + what);
  GVAE_TRY(checkFits(what, 1, stringBytes(type.get())));
  std::vector<char> buffer(stringBytes(type.get()));
  if (H5Aread(attr.get(), type.get(), buffer.data()) < 0) return readError(what);
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

/// Reads one dataset per column into `rows`. `optional`: a column the file lacks (written
/// before it existed) is left NaN instead of failing.
template <class Row, class T, size_t K>
Status readColumns(hid_t file, const std::string& group, const Column<Row, T> (&columns)[K],
                   std::vector<Row>* rows, bool optional = false) {
  const auto count = static_cast<int64_t>(rows->size());
  for (const auto& column : columns) {
    if constexpr (std::is_floating_point_v<T>) {
      if (optional && !exists(file, group + "/" + column.name)) {
        for (Row& row : *rows) row.*column.field = std::nan("");
        continue;
      }
    }
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

/// Reads a group written by writeNamedAttributes: the names listed in `<path>/<list>`, in
/// order, with their attribute values. V: std::string or double.
template <class V>
Status readNamedAttributes(hid_t file, const std::string& path, const std::string& list,
                           std::vector<std::pair<std::string, V>>* items) {
  std::vector<std::string> names;
  Hdf5Group group;
  GVAE_TRY(readStrings(file, path + "/" + list, -1, &names));
  GVAE_TRY(openGroup(file, path, &group));
  for (const std::string& name : names) {
    V value{};
    if constexpr (std::is_same_v<V, std::string>) {
      GVAE_TRY(readStringAttribute(group.get(), path, name, &value));
    } else {
      GVAE_TRY(readNumberAttribute(group.get(), path, name, &value));
    }
    items->emplace_back(name, std::move(value));
  }
  return Status::Ok();
}

/// Reads every group of the layout from `file` (whose format and version are checked).
Status readContent(hid_t file, bool with_checkpoint, RunRecord* r) {
  GVAE_TRY(readNamedAttributes(file, "/config", "keys", &r->config));
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
  GVAE_TRY(readColumns(file, "/metrics/epoch", kEpochLaterReals, &r->epochs, /*optional=*/true));
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
  // Files from before eval_gates validated with hard gates.
  const std::string valid_gates = gates > 0 ? r->configValue("eval_gates", "hard") : "";
  for (EpochMetrics& e : r->epochs) e.valid_gates = valid_gates;
  if (exists(file, "/gates/importance")) {  // optional (per-epoch edge importance)
    std::vector<double> imp;
    GVAE_TRY(readArray(file, "/gates/importance", {epochs, gates, 2}, &imp));
    for (int64_t k = 0; k < epochs; ++k) {
      EpochMetrics& e = r->epochs[k];
      for (int64_t g = 0; g < gates; ++g) {
        const double relaxed = imp[(k * gates + g) * 2], sampled = imp[(k * gates + g) * 2 + 1];
        if (!std::isnan(relaxed)) e.importance_relaxed.push_back(relaxed);
        if (!std::isnan(sampled)) e.importance_sampled.push_back(sampled);
      }
      if (static_cast<int64_t>(e.importance_relaxed.size()) != gates) e.importance_relaxed.clear();
      if (static_cast<int64_t>(e.importance_sampled.size()) != gates) e.importance_sampled.clear();
    }
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
  if (exists(file, "/structure")) {
    StructureReport s;
    Hdf5Group group;
    GVAE_TRY(openGroup(file, "/structure", &group));
    GVAE_TRY(readNumberAttribute(group.get(), "/structure", "epoch", &s.epoch));
    GVAE_TRY(readNumberAttribute(group.get(), "/structure", "n", &s.n));
    GVAE_TRY(readNumberAttribute(group.get(), "/structure", "tau", &s.tau));
    std::vector<int32_t> edge_pairs;
    std::vector<int8_t> codes;
    std::vector<double> values;
    GVAE_TRY(readArray(file, "/structure/pairs", {-1, 2}, &edge_pairs, &dims));
    const int64_t G = dims[0];
    GVAE_TRY(readArray(file, "/structure/frozen", {G}, &codes));
    GVAE_TRY(readArray(file, "/structure/importance", {G, kStructureColumns}, &values));
    for (int64_t g = 0; g < G; ++g) {
      const double* v = values.data() + g * kStructureColumns;
      EdgeImportance e;
      e.from = edge_pairs[2 * g];
      e.to = edge_pairs[2 * g + 1];
      e.frozen = codes[g];
      e.mu = v[0];
      e.off_relaxed = v[1];
      e.off_relaxed_se = v[2];
      e.on_relaxed = v[3];
      e.on_relaxed_se = v[4];
      e.off_sampled = v[5];
      e.off_sampled_se = v[6];
      e.on_sampled = v[7];
      e.on_sampled_se = v[8];
      s.edges.push_back(e);
    }
    if (exists(file, "/structure/factor_names")) {
      int32_t aligned = 0;
      GVAE_TRY(readNumberAttribute(group.get(), "/structure", "aligned", &aligned));
      GVAE_TRY(readStringAttribute(group.get(), "/structure", "alignment_verdict",
                                   &s.alignment_verdict));
      s.aligned = aligned != 0;
      GVAE_TRY(readArray(file, "/structure/factor_r2", {-1, -1}, &s.factor_r2, &dims));
      const int64_t K = dims[1];
      GVAE_TRY(readStrings(file, "/structure/factor_names", K, &s.factor_names));
      std::vector<int32_t> nodes;
      GVAE_TRY(readArray(file, "/structure/node_of_factor", {K}, &nodes));
      s.node_of_factor.assign(nodes.begin(), nodes.end());
      for (auto [path, edges] : {std::pair{"/structure/learned_edges", &s.learned_edges},
                                 std::pair{"/structure/true_edges", &s.true_edges}}) {
        std::vector<int32_t> flat;
        GVAE_TRY(readArray(file, path, {-1, 2}, &flat, &dims));
        for (int64_t e = 0; e < dims[0]; ++e) edges->emplace_back(flat[2 * e], flat[2 * e + 1]);
      }
    }
    r->structure = std::move(s);
  }
  if (exists(file, "/eval"))
    GVAE_TRY(readNamedAttributes(file, "/eval", "names", &r->eval_results));
  if (exists(file, "/disentanglement")) {
    DisentanglementReport d;
    Hdf5Group group;
    GVAE_TRY(openGroup(file, "/disentanglement", &group));
    for (auto [name, value] : {std::pair{"active_latents", &d.active_latents},
                               std::pair{"n_fit", &d.n_fit}, std::pair{"n_score", &d.n_score}})
      GVAE_TRY(readNumberAttribute(group.get(), "/disentanglement", name, value));
    GVAE_TRY(readArray(file, "/disentanglement/mutual_information", {-1, -1}, &d.mutual_information,
                       &dims));
    d.latents = dims[0];
    const int64_t K = dims[1];
    GVAE_TRY(readStrings(file, "/disentanglement/factor_names", K, &d.factor_names));
    GVAE_TRY(readArray(file, "/disentanglement/importance", {d.latents, K}, &d.importance));
    GVAE_TRY(readArray(file, "/disentanglement/informativeness", {K}, &d.informativeness));
    for (const auto& [name, field] : disentanglementScoreFields()) d.*field = r->evalResult(name);
    r->disentanglement = std::move(d);
  }
  return Status::Ok();
}

}  // namespace
}  // namespace detail

double RunRecord::bestValidElbo() const {
  double best = std::nan("");
  for (const EpochMetrics& e : epochs)
    if (std::isfinite(e.valid_elbo) && !(e.valid_elbo <= best)) best = e.valid_elbo;
  return best;
}

double RunRecord::evalResult(const std::string& name) const {
  for (const auto& [key, value] : eval_results)
    if (key == name) return value;
  return std::nan("");
}

std::string RunRecord::configValue(const std::string& key, const std::string& fallback) const {
  for (const auto& [k, v] : config) {
    if (k == key) return v;
  }
  return fallback;
}

namespace {

/// Reads all of regular file `path` into `bytes`; an error text on failure.
std::string readAll(const std::string& path, std::vector<char>* bytes) {
  // Plain open first: "does not exist" / "Permission denied" are clearer than HDF5's verdict.
  // O_NONBLOCK: opening a FIFO must not hang.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return errno == ENOENT ? "file does not exist" : std::strerror(errno);
  struct stat info {};
  std::string error;
  if (::fstat(fd, &info) != 0) {
    error = std::strerror(errno);
  } else if (S_ISDIR(info.st_mode)) {
    error = "is a directory";
  } else if (!S_ISREG(info.st_mode)) {
    error = "not a regular file";
  } else {
    // One byte more than the size, so that the read seeing the end needs no reallocation.
    bytes->resize(static_cast<size_t>(info.st_size) + 1);
    size_t done = 0;
    while (error.empty()) {
      if (done == bytes->size()) bytes->resize(done + (size_t{1} << 20));  // it grew meanwhile
      const ssize_t n = ::read(fd, bytes->data() + done, bytes->size() - done);
      if (n > 0) {
        done += static_cast<size_t>(n);
      } else if (n == 0) {
        break;
      } else if (errno != EINTR) {
        error = std::strerror(errno);
      }
    }
    bytes->resize(done);
  }
  ::close(fd);
  return error;
}

/// Checks the digest header of `bytes`: "" when it matches, else the mismatch. `*present`
/// tells whether the file has a digest header at all.
std::string checkDigest(const std::vector<char>& bytes, bool* present) {
  std::string expected;
  uint64_t size = 0;
  *present = bytes.size() >= detail::kUserBlockBytes &&
             detail::parseDigestHeader(bytes.data(), detail::kUserBlockBytes, &expected, &size);
  if (!*present) return {};
  if (size != bytes.size()) {
    return "file digest mismatch: the file has " + std::to_string(bytes.size()) +
           " bytes, it was written with " + std::to_string(size) +
           (size > bytes.size() ? " (truncated)" : "");
  }
  const std::string actual =
      sha256Hex(bytes.data() + detail::kUserBlockBytes, bytes.size() - detail::kUserBlockBytes);
  if (actual != expected)
    return "file digest mismatch: its content changed after it was written (a damaged copy or "
           "disk)";
  return {};
}

}  // namespace

Status readRunFile(const std::string& path, RunRecord* record, bool with_checkpoint,
                   RunFileFacts* facts) {
  auto fail = [&path](const std::string& problem) {
    return Status::Error("Cannot read run file '" + path + "': " + problem);
  };
  std::vector<char> bytes;
  if (std::string error = readAll(path, &bytes); !error.empty()) return fail(error);
  if (bytes.empty()) return fail("empty file: not an HDF5 file or corrupt/truncated");
  RunFileFacts known;
  known.bytes = bytes.size();
  if (std::string mismatch = checkDigest(bytes, &known.digest_valid); !mismatch.empty())
    return fail(mismatch);
  if (facts != nullptr || (!known.digest_valid && !runFileInspector().empty()))
    known.sha256 = sha256Hex(bytes.data(), bytes.size());
  if (!known.digest_valid && !runFileInspector().empty()) {
    // Untrusted: a crash or a hang of HDF5 on these bytes must not take this process along.
    std::string child_sha256;
    if (Status s = inspectInChild(path, &child_sha256); !s) return s;
    if (child_sha256 != known.sha256) return fail("the file changed while it was being read");
    known.inspected = true;
  }

  std::lock_guard<std::mutex> lock(detail::hdf5Mutex());
  Hdf5ErrorSilencer silence;
  detail::g_limits = {!known.digest_valid, bytes.size()};
  const char* not_hdf5 = "not an HDF5 file or corrupt/truncated";
  // Parsed from the bytes read (and hashed) above: the HDF5 "core" driver opens them in memory.
  Hdf5PropertyList fapl(H5Pcreate(H5P_FILE_ACCESS));
  // STRONG: closing the file closes whatever a failed read left open inside it.
  if (!fapl || H5Pset_fapl_core(fapl.get(), size_t{1} << 20, /*backing_store=*/false) < 0 ||
      H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG) < 0 ||
      H5Pset_file_image(fapl.get(), bytes.data(), bytes.size()) < 0) {
    return fail("cannot hold the file in memory: " + detail::hdf5Detail());
  }
  bytes = std::vector<char>();  // the property list holds a copy
  // A name no file on disk has: the core driver refuses an image whose name exists on disk.
  Hdf5File file(H5Fopen("/proc/self/graphvae-run-file-image", H5F_ACC_RDONLY, fapl.get()));
  if (!file) return fail(not_hdf5);
  fapl.close();
  std::string format;
  const htri_t has_format = H5Aexists(file.get(), "format");
  if (has_format < 0) {  // the root group's own metadata does not read
    return fail(detail::hdf5StackMentions("checksum")
                    ? "checksum mismatch in the metadata of the root group"
                    : "corrupt: cannot read the root group: " + detail::hdf5Detail());
  }
  if (has_format == 0 || !detail::readStringAttribute(file.get(), "/", "format", &format) ||
      format != detail::kFormat) {
    return fail("not a GraphVAE run file (foreign HDF5 file)");
  }
  int64_t version = 0;
  if (Status s = detail::readNumberAttribute(file.get(), "/", "schema_version", &version); !s) {
    return fail(s.message);
  }
  if (version > kRunSchemaVersion) {
    return fail("written by a newer GraphVAE Studio (schema " + std::to_string(version) +
                ", this build reads up to " + std::to_string(kRunSchemaVersion) + ")");
  }
  if (version < 1) return fail("corrupt: invalid schema_version " + std::to_string(version));
  known.schema_version = version;
  RunRecord result;
  if (Status s = detail::readContent(file.get(), with_checkpoint, &result); !s) {
    return fail(s.message);
  }
  *record = std::move(result);
  if (facts != nullptr) *facts = known;
  return Status::Ok();
}

}  // namespace gvae
