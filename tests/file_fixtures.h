// Test helpers that write the files readers are tested on: raw bytes, gzip, NPY (shared by the
// IDX, NPY, strokes and stroke-dataset tests).
#pragma once

#include <zlib.h>

#include <QFile>
#include <QString>
#include <cstdint>
#include <string>
#include <vector>

/// `v` as `bytes` little-endian bytes.
inline std::string littleEndian(uint64_t v, int bytes) {
  std::string out;
  for (int k = 0; k < bytes; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
  return out;
}

/// The header dictionary of an NPY file.
inline std::string npyDict(const std::string& descr, const std::string& shape,
                           bool fortran = false) {
  return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
         ", 'shape': " + shape + ", }";
}

/// An NPY file: magic, version, header length, the dict padded to 64 bytes, then the data.
inline std::string npyFile(const std::string& header_dict, const std::string& data, int major = 1,
                           int minor = 0) {
  const int len_bytes = major == 1 ? 2 : 4;
  std::string header = header_dict;
  const size_t used = 8 + len_bytes + header.size() + 1;
  header.append((64 - used % 64) % 64, ' ');
  header += '\n';
  return std::string("\x93NUMPY", 6) + static_cast<char>(major) + static_cast<char>(minor) +
         littleEndian(header.size(), len_bytes) + header + data;
}

/// An NPY v1.0 file of integers in dtype `descr` (<i2, <i4 or <i8) with shape text `shape`.
inline std::string npyInts(const std::string& descr, const std::string& shape,
                           const std::vector<int64_t>& values) {
  std::string data;
  for (int64_t x : values) data += littleEndian(static_cast<uint64_t>(x), descr[2] - '0');
  return npyFile(npyDict(descr, shape), data);
}

inline bool writeFile(const QString& path, const std::string& bytes) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write(bytes.data(), static_cast<qint64>(bytes.size())) ==
                                             static_cast<qint64>(bytes.size());
}

inline std::string readWholeFile(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  const QByteArray all = f.readAll();
  return std::string(all.constData(), static_cast<size_t>(all.size()));
}

/// Writes `bytes` gzipped with zlib's own gzip writer; mode "ab" appends a second member,
/// "wb1" compresses fast.
inline bool writeGzip(const QString& path, const std::string& bytes, const char* mode = "wb") {
  gzFile gz = gzopen(QFile::encodeName(path).constData(), mode);
  if (!gz) return false;
  const int written = gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size()));
  return gzclose(gz) == Z_OK && written == static_cast<int>(bytes.size());
}

inline QString qs(const std::string& s) { return QString::fromStdString(s); }
