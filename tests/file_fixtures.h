// Test helpers that write the files readers are tested on: raw bytes, gzip, NPY, IDX and
// IAM-OnDB XML (shared by the IDX, NPY, strokes, stroke-dataset and fuzz tests).
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

/// A raw IDX file: big-endian magic and sizes, then the payload.
inline std::string idxBytes(uint32_t magic, const std::vector<uint32_t>& dims,
                            const std::string& payload) {
  std::string out;
  auto put32 = [&out](uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<char>((v >> shift) & 0xff));
  };
  put32(magic);
  for (uint32_t d : dims) put32(d);
  return out + payload;
}

/// A lineStrokes file: two strokes, attribute order and quoting varied, comments around.
inline const char* const kIamGood = R"(<?xml version="1.0" encoding="ISO-8859-1"?>
<!-- a comment holding <Point x="9" y="9"/> -->
<WhiteboardCaptureSession>
  <WhiteboardDescription>
    <DiagonallyOppositeCoords x="6512" y="1376"/>
  </WhiteboardDescription>
  <StrokeSet>
    <Stroke colour="black" start_time="769.05" end_time="769.64">
      <Point x="100" y="200" time="769.05"/>
      <Point time='769.06' y='190' x='103'/>
      <Point
         x = "107" y="195"   time="769.07" />
    </Stroke>
    <Stroke colour="black">
      <Point x="120" y="210" time="770.0"></Point>
      <Point y="205" x="125.5"/>
    </Stroke>
  </StrokeSet>
</WhiteboardCaptureSession>
)";

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
