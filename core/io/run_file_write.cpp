// HDF5 run files, write side: validation, in-memory image, crash-safe atomic replacement.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "core/io/hdf5_handle.h"
#include "core/io/hdf5_util.h"
#include "core/io/run_file.h"
#include "core/util/sha256.h"

namespace gvae {
namespace detail {
namespace {

constexpr char kWriter[] = "GraphVAE Studio";

/// Serializes the disk phase of writes: two threads of one process share the temp file name.
std::mutex& diskWriteMutex() {
  static std::mutex mutex;
  return mutex;
}

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
    for (const auto* imp : {&e.importance_relaxed, &e.importance_sampled})
      if (!imp->empty() && imp->size() != gates)
        return Status::Error(row + std::to_string(imp->size()) +
                             " edge importances, expected none or " + std::to_string(gates));
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
  if (r.structure && !r.structure->factor_names.empty()) {
    const StructureReport& s = *r.structure;
    const size_t K = s.factor_names.size();
    if (s.factor_r2.size() % K != 0 || s.node_of_factor.size() != K)
      return Status::Error("structure report: " + std::to_string(s.factor_r2.size()) +
                           " R^2 values and " + std::to_string(s.node_of_factor.size()) +
                           " aligned nodes for " + std::to_string(K) + " factors");
  }
  if (r.disentanglement) {
    const DisentanglementReport& d = *r.disentanglement;
    const size_t K = d.factor_names.size(), L = d.latents > 0 ? size_t(d.latents) : 0;
    if (K == 0 || L == 0 || d.mutual_information.size() != L * K || d.importance.size() != L * K ||
        d.informativeness.size() != K)
      return Status::Error("disentanglement report: matrices disagree with " + std::to_string(L) +
                           " latents and " + std::to_string(K) + " factors");
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
  Hdf5Datatype type = stringType(value.size());
  if (!type) return h5Error("cannot create string type");
  std::string padded = value;
  padded.resize(H5Tget_size(type.get()), '\0');
  return writeAttribute(object, where, name, type.get(), type.get(), padded.data());
}

template <class T>
Status writeNumberAttribute(hid_t object, const std::string& where, const std::string& name,
                            T value) {
  return writeAttribute(object, where, name, fileType<T>(), memType<T>(), &value);
}

/// Creation properties that give a dataset of `dims` (element size `bytes`) its checksum: a
/// non-empty array is chunked with the Fletcher-32 filter (HDF5 verifies it on every read); a
/// scalar is stored compact, inside its object header, which HDF5 checksums (file format of 1.10).
/// An empty dataset holds no data to check.
Status checksummedLayout(const std::string& path, const std::vector<hsize_t>& dims, size_t bytes,
                         Hdf5PropertyList* dcpl) {
  *dcpl = Hdf5PropertyList(H5Pcreate(H5P_DATASET_CREATE));
  if (!*dcpl) return h5Error("cannot create dataset properties for " + path);
  hsize_t count = 1;
  for (hsize_t d : dims) count *= d;
  if (dims.empty()) {
    if (H5Pset_layout(dcpl->get(), H5D_COMPACT) < 0) return h5Error("cannot lay out " + path);
  } else if (count > 0) {
    // A chunk holds at most 4 GB: larger arrays are cut into slabs of the first dimension of at
    // most 1 GB.
    std::vector<hsize_t> chunk = dims;
    const hsize_t row_bytes = count / dims[0] * bytes, limit = hsize_t{1} << 30;
    chunk[0] =
        std::max<hsize_t>(1, std::min<hsize_t>(dims[0], limit / std::max<hsize_t>(row_bytes, 1)));
    if (H5Pset_chunk(dcpl->get(), static_cast<int>(chunk.size()), chunk.data()) < 0 ||
        H5Pset_fletcher32(dcpl->get()) < 0) {
      return h5Error("cannot set the checksum of " + path);
    }
  }
  return Status::Ok();
}

/// Creates dataset `path` of shape `dims` and type `type`, checksummed.
Status createDataset(hid_t file, const std::string& path, const std::vector<hsize_t>& dims,
                     hid_t type, Hdf5Dataset* set, Hdf5Dataspace* space) {
  Hdf5PropertyList dcpl;
  GVAE_TRY(checksummedLayout(path, dims, H5Tget_size(type), &dcpl));
  *space = makeSpace(dims);
  if (!*space) return h5Error("cannot create dataspace for " + path);
  *set = Hdf5Dataset(
      H5Dcreate2(file, path.c_str(), type, space->get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT));
  if (!*set) return h5Error("cannot create " + path);
  return Status::Ok();
}

/// Dataset at absolute `path` of shape `dims` ([] = scalar) from row-major `data`.
template <class T>
Status writeArray(hid_t file, const std::string& path, const std::vector<hsize_t>& dims,
                  const T* data) {
  Hdf5Dataset set;
  Hdf5Dataspace space;
  GVAE_TRY(createDataset(file, path, dims, fileType<T>(), &set, &space));
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

/// 1-D dataset of fixed-length strings as long as the longest of `values` (NUL-padded).
Status writeStrings(hid_t file, const std::string& path, const std::vector<std::string>& values) {
  size_t width = 1;
  for (const std::string& v : values) width = std::max(width, v.size());
  Hdf5Datatype type = stringType(width);
  if (!type) return h5Error("cannot create string type for " + path);
  Hdf5Dataset set;
  Hdf5Dataspace space;
  GVAE_TRY(createDataset(file, path, {values.size()}, type.get(), &set, &space));
  std::vector<char> packed(values.size() * width, '\0');
  for (size_t i = 0; i < values.size(); ++i)
    std::copy(values[i].begin(), values[i].end(), packed.begin() + i * width);
  if (!values.empty() &&
      H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()) < 0) {
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

/// A group holding one attribute per item, plus the dataset `<path>/<list>` naming them in
/// order (attribute order is not kept by every HDF5 reader). V: std::string or double.
template <class V>
Status writeNamedAttributes(hid_t file, const std::string& path, const std::string& list,
                            const std::vector<std::pair<std::string, V>>& items) {
  Hdf5Group group;
  GVAE_TRY(makeGroup(file, path, &group, true));
  std::vector<std::string> names;
  for (const auto& [name, value] : items) {
    names.push_back(name);
    if constexpr (std::is_same_v<V, std::string>) {
      GVAE_TRY(writeStringAttribute(group.get(), path, name, value));
    } else {
      GVAE_TRY(writeNumberAttribute(group.get(), path, name, value));
    }
  }
  return writeStrings(file, path + "/" + list, names);
}

/// Writes every group of the layout into the open file `file`.
bool hasImportance(const RunRecord& r) {
  for (const EpochMetrics& e : r.epochs)
    if (!e.importance_relaxed.empty() || !e.importance_sampled.empty()) return true;
  return false;
}

Status writeContent(hid_t file, const RunRecord& r) {
  GVAE_TRY(writeStringAttribute(file, "/", "format", kFormat));
  GVAE_TRY(writeNumberAttribute<int32_t>(file, "/", "schema_version", kRunSchemaVersion));
  GVAE_TRY(writeStringAttribute(file, "/", "writer", kWriter));
  GVAE_TRY(writeNamedAttributes(file, "/config", "keys", r.config));
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
  if (hasImportance(r)) {  // optional: [E, G, 2] (relaxed, sampled), NaN where not computed
    std::vector<double> imp;
    for (const EpochMetrics& e : r.epochs)
      for (size_t g = 0; g < gates; ++g)
        for (const auto* v : {&e.importance_relaxed, &e.importance_sampled})
          imp.push_back(v->empty() ? std::nan("") : (*v)[g]);
    GVAE_TRY(writeArray(file, "/gates/importance", {epochs, gates, 2}, imp.data()));
  }
  GVAE_TRY(makeGroup(file, "/metrics", &metrics));
  GVAE_TRY(makeGroup(file, "/metrics/epoch", &epoch_group));
  GVAE_TRY(writeColumns(file, "/metrics/epoch", r.epochs, kEpochInts));
  GVAE_TRY(writeColumns(file, "/metrics/epoch", r.epochs, kEpochReals));
  GVAE_TRY(writeColumns(file, "/metrics/epoch", r.epochs, kEpochLaterReals));
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
  if (r.structure) {
    const StructureReport& s = *r.structure;
    const size_t G = s.edges.size();
    std::vector<int32_t> edge_pairs;
    std::vector<int8_t> codes;
    std::vector<double> values;
    for (const EdgeImportance& e : s.edges) {
      edge_pairs.insert(edge_pairs.end(), {e.from, e.to});
      codes.push_back(e.frozen);
      values.insert(values.end(),
                    {e.mu, e.off_relaxed, e.off_relaxed_se, e.on_relaxed, e.on_relaxed_se,
                     e.off_sampled, e.off_sampled_se, e.on_sampled, e.on_sampled_se});
    }
    Hdf5Group group;
    GVAE_TRY(makeGroup(file, "/structure", &group));
    GVAE_TRY(writeNumberAttribute(group.get(), "/structure", "epoch", s.epoch));
    GVAE_TRY(writeNumberAttribute(group.get(), "/structure", "n", s.n));
    GVAE_TRY(writeNumberAttribute(group.get(), "/structure", "tau", s.tau));
    GVAE_TRY(writeArray(file, "/structure/pairs", {G, 2}, edge_pairs.data()));
    GVAE_TRY(writeArray(file, "/structure/frozen", {G}, codes.data()));
    GVAE_TRY(writeArray(file, "/structure/importance", {G, kStructureColumns}, values.data()));
    if (!s.factor_names.empty()) {  // ground truth: alignment and, when it holds, both DAGs
      const size_t K = s.factor_names.size(), N = s.factor_r2.size() / K;
      std::vector<int32_t> nodes(s.node_of_factor.begin(), s.node_of_factor.end());
      GVAE_TRY(writeNumberAttribute<int32_t>(group.get(), "/structure", "aligned", s.aligned));
      GVAE_TRY(writeStringAttribute(group.get(), "/structure", "alignment_verdict",
                                    s.alignment_verdict));
      GVAE_TRY(writeStrings(file, "/structure/factor_names", s.factor_names));
      GVAE_TRY(writeArray(file, "/structure/factor_r2", {N, K}, s.factor_r2.data()));
      GVAE_TRY(writeArray(file, "/structure/node_of_factor", {K}, nodes.data()));
      for (auto [path, edges] : {std::pair{"/structure/learned_edges", &s.learned_edges},
                                 std::pair{"/structure/true_edges", &s.true_edges}}) {
        std::vector<int32_t> flat;
        for (const auto& [i, j] : *edges) flat.insert(flat.end(), {i, j});
        GVAE_TRY(writeArray(file, path, {edges->size(), 2}, flat.data()));
      }
    }
  }
  if (r.disentanglement) {
    const DisentanglementReport& d = *r.disentanglement;
    const auto L = static_cast<hsize_t>(d.latents), K = static_cast<hsize_t>(d.factor_names.size());
    Hdf5Group group;
    GVAE_TRY(makeGroup(file, "/disentanglement", &group));
    for (auto [name, value] : {std::pair{"active_latents", d.active_latents},
                               std::pair{"n_fit", d.n_fit}, std::pair{"n_score", d.n_score}})
      GVAE_TRY(writeNumberAttribute(group.get(), "/disentanglement", name, value));
    GVAE_TRY(writeStrings(file, "/disentanglement/factor_names", d.factor_names));
    GVAE_TRY(writeArray(file, "/disentanglement/mutual_information", {L, K},
                        d.mutual_information.data()));
    GVAE_TRY(writeArray(file, "/disentanglement/importance", {L, K}, d.importance.data()));
    GVAE_TRY(writeArray(file, "/disentanglement/informativeness", {K}, d.informativeness.data()));
  }
  if (!r.eval_results.empty())
    GVAE_TRY(writeNamedAttributes(file, "/eval", "names", r.eval_results));
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
  Hdf5PropertyList fapl(H5Pcreate(H5P_FILE_ACCESS)), fcpl(H5Pcreate(H5P_FILE_CREATE));
  // Grow the buffer once; SEMI: closing fails instead of silently staying open if a handle leaked.
  // The file format of HDF5 1.10 checksums the superblock and every object header (the
  // metadata) and indexes a one-chunk dataset without a B-tree; HDF5 1.10 and later read it.
  // The user block is left for the digest header.
  if (!fapl || !fcpl || H5Pset_fapl_core(fapl.get(), estimate, /*backing_store=*/false) < 0 ||
      H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI) < 0 ||
      H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V110, H5F_LIBVER_V110) < 0 ||
      H5Pset_userblock(fcpl.get(), kUserBlockBytes) < 0) {
    return h5Error("cannot create file properties");
  }
  Hdf5File file(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()));
  if (!file) return h5Error("cannot create the HDF5 file in memory");
  GVAE_TRY(writeContent(file.get(), record));
  if (H5Fflush(file.get(), H5F_SCOPE_LOCAL) < 0) return h5Error("cannot flush the HDF5 file");
  // The image starts at the superblock; the user block in front of it is ours to fill.
  const ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
  if (size < 0) return h5Error("cannot get the HDF5 file image");
  image->assign(kUserBlockBytes + static_cast<size_t>(size), '\0');
  if (H5Fget_file_image(file.get(), image->data() + kUserBlockBytes, size) != size) {
    return h5Error("cannot copy the HDF5 file image");
  }
  if (file.close() < 0) return h5Error("cannot close the HDF5 file");
  if (!fixSuperblockChecksum(image->data() + kUserBlockBytes, static_cast<size_t>(size)))
    return Status::Error("the HDF5 file image does not start with a superblock of version 2+");
  return Status::Ok();
}

/// Puts the digest of everything after the user block into the user block: the last change.
void sealImage(std::vector<char>* image) {
  const std::string header = digestHeader(
      sha256Hex(image->data() + kUserBlockBytes, image->size() - kUserBlockBytes), image->size());
  std::copy(header.begin(), header.end(), image->begin());
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

}  // namespace
}  // namespace detail

Status writeRunFile(const std::string& path, const RunRecord& record) {
  auto fail = [&path](const Status& s) {
    return Status::Error("Cannot write run file '" + path + "': " + s.message);
  };
  if (Status s = detail::validate(record); !s) return fail(s);
  // Same directory as `path`, so rename() is atomic; the pid keeps two processes apart.
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  std::vector<char> image;
  {
    std::lock_guard<std::mutex> lock(detail::hdf5Mutex());
    Hdf5ErrorSilencer silence;
    if (Status s = detail::buildImage(tmp, record, &image); !s) return fail(s);
  }  // hashing and disk I/O run without the HDF5 lock: readers of other files are not held up
  detail::sealImage(&image);
  std::lock_guard<std::mutex> lock(detail::diskWriteMutex());
  Status status = detail::writeDurably(tmp, image);
  image = std::vector<char>();
  if (status && std::rename(tmp.c_str(), path.c_str()) != 0) {
    status = detail::osError("cannot rename '" + tmp + "' over it");
    ::unlink(tmp.c_str());
  }
  if (status) status = detail::syncDirectory(detail::directoryOf(path));
  return status ? status : fail(status);
}

}  // namespace gvae
