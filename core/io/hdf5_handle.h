// RAII ownership of HDF5 identifiers and a scoped silencer of HDF5's automatic error printing.
#pragma once

// Debian installs the serial HDF5 headers under hdf5/serial/; CMake adds that directory for
// core, targets that only link core (the tests) find the header by its full path.
#if __has_include(<hdf5.h>)
#include <hdf5.h>
#else
#include <hdf5/serial/hdf5.h>
#endif

#include <utility>

namespace gvae {

/// Owns one HDF5 identifier and closes it with `Close` (H5Fclose, H5Dclose...) when destroyed.
/// An invalid identifier (negative, as returned by a failed H5*create/open) is never closed.
///
///   Hdf5File file(H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT));
///   if (!file) return error;
///   Hdf5Dataset data(H5Dopen2(file.get(), "/metrics/step/elbo", H5P_DEFAULT));
///
/// Declare handles innermost-last: they close in reverse order, the file after its objects.
/// Not thread-safe by itself; callers hold the process-wide HDF5 lock (see hdf5_util.h).
template <herr_t (*Close)(hid_t)>
class Hdf5Handle {
 public:
  Hdf5Handle() = default;
  explicit Hdf5Handle(hid_t id) : id_(id) {}
  ~Hdf5Handle() { close(); }

  Hdf5Handle(const Hdf5Handle&) = delete;
  Hdf5Handle& operator=(const Hdf5Handle&) = delete;
  Hdf5Handle(Hdf5Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Hdf5Handle& operator=(Hdf5Handle&& other) noexcept {
    if (this != &other) {
      close();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }

  /// The identifier, for passing to the C API; ownership stays here.
  hid_t get() const { return id_; }
  /// True when the identifier is valid (the call that produced it succeeded).
  bool valid() const { return id_ >= 0; }
  explicit operator bool() const { return valid(); }

  /// Closes now and returns the close status (check it for files: H5Fclose writes metadata).
  /// Closing an invalid handle is a no-op that succeeds.
  herr_t close() {
    if (id_ < 0) return 0;
    const herr_t result = Close(id_);
    id_ = H5I_INVALID_HID;
    return result;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using Hdf5File = Hdf5Handle<H5Fclose>;
using Hdf5Group = Hdf5Handle<H5Gclose>;
using Hdf5Dataset = Hdf5Handle<H5Dclose>;
using Hdf5Dataspace = Hdf5Handle<H5Sclose>;
using Hdf5Datatype = Hdf5Handle<H5Tclose>;
using Hdf5Attribute = Hdf5Handle<H5Aclose>;
using Hdf5PropertyList = Hdf5Handle<H5Pclose>;

/// Turns off HDF5's automatic printing of its error stack to stderr for the current scope and
/// restores the previous handler afterwards. Errors are still recorded on the stack, so callers
/// can read them with H5Ewalk2 and put them into a Status.
class Hdf5ErrorSilencer {
 public:
  Hdf5ErrorSilencer() {
    saved_ = H5Eget_auto2(H5E_DEFAULT, &func_, &client_data_) >= 0;
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~Hdf5ErrorSilencer() {
    if (saved_) H5Eset_auto2(H5E_DEFAULT, func_, client_data_);
  }
  Hdf5ErrorSilencer(const Hdf5ErrorSilencer&) = delete;
  Hdf5ErrorSilencer& operator=(const Hdf5ErrorSilencer&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* client_data_ = nullptr;
  bool saved_ = false;
};

}  // namespace gvae
