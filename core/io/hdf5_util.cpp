// Shared internals of the run-file reader and writer: the HDF5 lock, error text, types.
#include "core/io/hdf5_util.h"

#include <cerrno>
#include <cstring>

namespace gvae::detail {
namespace {

herr_t keepInnermost(unsigned n, const H5E_error2_t* error, void* out) {
  if (n == 0 && error->desc != nullptr) *static_cast<std::string*>(out) = error->desc;
  return 0;
}

}  // namespace

std::mutex& hdf5Mutex() {
  static std::mutex mutex;
  return mutex;
}

// ---------------------------------------------------------------------------------- errors

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

Hdf5Datatype stringType() {
  Hdf5Datatype type(H5Tcopy(H5T_C_S1));
  if (!type || H5Tset_size(type.get(), H5T_VARIABLE) < 0 ||
      H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0) {
    return Hdf5Datatype();
  }
  return type;
}

Hdf5Dataspace makeSpace(const std::vector<hsize_t>& dims) {
  if (dims.empty()) return Hdf5Dataspace(H5Screate(H5S_SCALAR));
  return Hdf5Dataspace(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
}

std::string datasetName(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    if (c == '/') c = '|';
  }
  return out;
}

}  // namespace gvae::detail
