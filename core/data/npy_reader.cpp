// NPY reader: magic, version, a strictly parsed header dict, then little-endian numbers.
#include "core/data/npy_reader.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>

#include "core/data/byte_source.h"

namespace gvae {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicBytes = 6;
constexpr uint64_t kMaxHeaderBytes = uint64_t{1} << 20;      // numpy's own headers are < 1 KiB
constexpr uint64_t kMaxNpyPayloadBytes = uint64_t{1} << 32;  // 4 GiB: surely a corrupt shape

/// A header value: a string, a bool, or a tuple of non-negative integers.
struct HeaderValue {
  enum class Kind { kString, kBool, kTuple } kind = Kind::kString;
  std::string text;
  bool flag = false;
  std::vector<int64_t> ints;
};

/// The header text with non-printable characters escaped, shortened for messages.
std::string quoteHeader(const std::string& h) {
  std::string out;
  for (char c : h.substr(0, 80)) {
    if (c >= 32 && c < 127) {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
      out += buf;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return "\"" + out + (h.size() > 80 ? "...\"" : "\"");
}

/// Recursive-descent parser for the Python dict literal numpy writes, e.g.
/// {'descr': '<i2', 'fortran_order': False, 'shape': (933430, 3), }
class HeaderParser {
 public:
  explicit HeaderParser(const std::string& text) : s_(text) {}

  /// Parses the whole header into `dict`; false with error() set on any deviation.
  bool parse(std::map<std::string, HeaderValue>* dict) {
    skipSpace();
    if (!eat('{')) return fail("header is not a dict (no '{'): " + quoteHeader(s_));
    skipSpace();
    while (!eat('}')) {
      if (pos_ >= s_.size()) return fail("header dict is not closed ('}' missing)");
      std::string key;
      HeaderValue value;
      if (!parseString(&key)) return fail("header dict key is not a quoted string");
      skipSpace();
      if (!eat(':')) return fail("header dict: ':' missing after key '" + key + "'");
      skipSpace();
      if (!parseValue(key, &value)) return false;
      if (!dict->emplace(key, value).second) return fail("header dict repeats key '" + key + "'");
      skipSpace();
      if (eat(',')) {
        skipSpace();
      } else if (pos_ >= s_.size()) {
        return fail("header dict is not closed ('}' missing)");
      } else if (peek() != '}') {
        return fail("header dict: ',' or '}' expected after the value of '" + key + "'");
      }
    }
    skipSpace();
    if (pos_ != s_.size()) return fail("unexpected text after the header dict");
    return true;
  }
  const std::string& error() const { return error_; }

 private:
  bool fail(const std::string& e) {
    if (error_.empty()) error_ = e;
    return false;
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool eat(char c) {
    if (peek() != c || pos_ >= s_.size()) return false;
    ++pos_;
    return true;
  }
  void skipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n')) ++pos_;
  }
  bool parseString(std::string* out) {
    const char q = peek();
    if (q != '\'' && q != '"') return false;
    const size_t end = s_.find(q, pos_ + 1);
    if (end == std::string::npos) return false;
    *out = s_.substr(pos_ + 1, end - pos_ - 1);
    if (out->find('\\') != std::string::npos) return false;  // no escapes in numpy's headers
    pos_ = end + 1;
    return true;
  }
  bool parseWord(const char* word) {
    const size_t n = std::strlen(word);
    if (s_.compare(pos_, n, word) != 0) return false;
    pos_ += n;
    return true;
  }
  bool parseInt(int64_t* out) {
    const size_t start = pos_;
    int64_t v = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      if (v > (INT64_MAX - 9) / 10) return false;
      v = v * 10 + (s_[pos_++] - '0');
    }
    if (pos_ == start) return false;
    if (peek() == 'L') ++pos_;  // Python 2 longs in old files: (3L, 4L)
    *out = v;
    return true;
  }
  bool parseValue(const std::string& key, HeaderValue* v) {
    if (peek() == '\'' || peek() == '"') {
      v->kind = HeaderValue::Kind::kString;
      if (parseString(&v->text)) return true;
      return fail("header dict: unterminated string for '" + key + "'");
    }
    if (parseWord("True") || parseWord("False")) {
      v->kind = HeaderValue::Kind::kBool;
      v->flag = s_[pos_ - 1] == 'e' && s_[pos_ - 4] == 'T';  // "True", not "False"
      return true;
    }
    if (peek() == '[') return fail("structured (record) dtype for '" + key + "' is not supported");
    if (!eat('(')) return fail("header dict: unreadable value for '" + key + "'");
    v->kind = HeaderValue::Kind::kTuple;
    skipSpace();
    bool trailing_comma = false;
    while (!eat(')')) {
      int64_t d = 0;
      if (!parseInt(&d)) return fail("header dict: '" + key + "' is not a tuple of integers");
      v->ints.push_back(d);
      skipSpace();
      trailing_comma = eat(',');
      skipSpace();
      if (!trailing_comma && peek() != ')')
        return fail("header dict: '" + key + "' is not a tuple of integers");
    }
    if (v->ints.size() == 1 && !trailing_comma)  // "(5)" is an int in Python, not a tuple
      return fail("header dict: '" + key + "' is not a tuple (one element needs a comma)");
    return true;
  }

  const std::string& s_;
  size_t pos_ = 0;
  std::string error_;
};

/// Checks the dtype; sets the element size and kind. The message says what is wrong.
bool checkDescr(const std::string& d, size_t* item_bytes, bool* floating, std::string* why) {
  static const std::map<std::string, std::pair<size_t, bool>> supported{{"<i2", {2, false}},
                                                                        {"<i4", {4, false}},
                                                                        {"<i8", {8, false}},
                                                                        {"<f4", {4, true}},
                                                                        {"<f8", {8, true}}};
  const auto it = supported.find(d);
  if (it != supported.end()) {
    *item_bytes = it->second.first;
    *floating = it->second.second;
    return true;
  }
  const std::string list = " (supported: <i2, <i4, <i8, <f4, <f8)";
  if (d.find('O') != std::string::npos) {
    *why = "object dtype '" + d + "' (pickled Python objects) is refused";
  } else if (!d.empty() && d[0] == '>' && d.size() > 1 && (d[1] == 'i' || d[1] == 'f')) {
    *why = "big-endian dtype '" + d + "' is not supported" + list;
  } else {
    *why = "unsupported dtype '" + d + "'" + list;
  }
  return false;
}

/// Little-endian bytes -> the value of one element.
uint64_t littleEndian(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  for (size_t k = 0; k < n; ++k) v |= uint64_t{p[k]} << (8 * k);
  return v;
}

void decode(const std::vector<uint8_t>& bytes, size_t item, bool floating, NpyArray* out) {
  const size_t n = bytes.size() / item;
  if (floating)
    out->floats.resize(n);
  else
    out->ints.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t u = littleEndian(&bytes[i * item], item);
    if (floating && item == 4) {
      float f;
      const auto u32 = static_cast<uint32_t>(u);
      std::memcpy(&f, &u32, 4);
      out->floats[i] = f;
    } else if (floating) {
      std::memcpy(&out->floats[i], &u, 8);
    } else {
      const unsigned shift = static_cast<unsigned>(64 - 8 * item);  // sign-extend
      out->ints[i] = static_cast<int64_t>(u << shift) >> shift;
    }
  }
}

}  // namespace

std::string npyShapeText(const std::vector<int64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

int64_t NpyArray::count() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

Status readNpyFile(const std::string& path, NpyArray* out) {
  auto fail = [&path, out](const std::string& problem) {
    *out = NpyArray{};
    return Status::Error(path + ": " + problem);
  };
  *out = NpyArray{};
  DataFile file;
  Status st = openDataFile(path, "an NPY file", &file);
  if (!st) return st;
  ByteSource* src = file.source.get();
  const std::string gz_note = file.gzip ? " (after gunzip)" : "";

  // Prelude: magic, major and minor version, header length (2 bytes in v1, 4 in v2).
  uint8_t prelude[12] = {};
  size_t got = src->read(prelude, 8);
  if (!src->error().empty()) return fail(src->error());
  if (got >= 1 && std::memcmp(prelude, kMagic, std::min(got, kMagicBytes)) != 0)
    return fail("not an NPY file (bad magic: it does not start with \\x93NUMPY)");
  if (got < 8)
    return fail("truncated header: the file" + gz_note + " has " + std::to_string(got) +
                " bytes, an NPY prelude needs 10");
  const int major = prelude[6], minor = prelude[7];
  if ((major != 1 && major != 2) || minor != 0)
    return fail("unsupported NPY format version " + std::to_string(major) + "." +
                std::to_string(minor) + " (1.0 and 2.0 are read)");
  const size_t len_bytes = major == 1 ? 2 : 4;
  got = src->read(prelude + 8, len_bytes);
  if (!src->error().empty()) return fail(src->error());
  const size_t prelude_bytes = 8 + len_bytes;
  if (got < len_bytes)
    return fail("truncated header: the file" + gz_note + " has " + std::to_string(8 + got) +
                " bytes, an NPY " + std::to_string(major) + ".0 prelude needs " +
                std::to_string(prelude_bytes));
  const uint64_t header_len = littleEndian(prelude + 8, len_bytes);
  if (header_len > kMaxHeaderBytes)
    return fail("absurd header length " + std::to_string(header_len) + " bytes");
  std::vector<uint8_t> header_bytes;
  got = readPayload(src, header_len, false, &header_bytes);
  if (!src->error().empty()) return fail(src->error());
  if (got < header_len)
    return fail("truncated header: the prelude promises a " + std::to_string(header_len) +
                "-byte header, the file" + gz_note + " has " + std::to_string(got) +
                " bytes after the prelude");
  const std::string header(header_bytes.begin(), header_bytes.end());

  // Header dict: exactly descr, fortran_order, shape.
  std::map<std::string, HeaderValue> dict;
  HeaderParser parser(header);
  if (!parser.parse(&dict)) return fail(parser.error());
  for (const auto& [key, value] : dict) {
    if (key != "descr" && key != "fortran_order" && key != "shape")
      return fail("header dict has an unknown key '" + key + "'");
  }
  for (const char* key : {"descr", "fortran_order", "shape"}) {
    if (!dict.count(key)) return fail(std::string("header dict has no '") + key + "' key");
  }
  const HeaderValue& descr = dict["descr"];
  const HeaderValue& order = dict["fortran_order"];
  const HeaderValue& shape = dict["shape"];
  if (descr.kind != HeaderValue::Kind::kString) return fail("'descr' is not a dtype string");
  if (order.kind != HeaderValue::Kind::kBool) return fail("'fortran_order' is not True or False");
  if (shape.kind != HeaderValue::Kind::kTuple) return fail("'shape' is not a tuple");
  size_t item = 0;
  bool floating = false;
  std::string why;
  if (!checkDescr(descr.text, &item, &floating, &why)) return fail(why);
  if (order.flag) return fail("fortran_order True (column-major data) is not supported");

  uint64_t total = item;
  for (int64_t d : shape.ints) {
    if (d != 0 && total > kMaxNpyPayloadBytes / static_cast<uint64_t>(d)) {
      return fail("absurd shape " + npyShapeText(shape.ints) + " (more than 4 GiB of data)");
    }
    total *= static_cast<uint64_t>(d);
  }
  const std::string what =
      " bytes of " + descr.text + " data for shape " + npyShapeText(shape.ints);

  // A plain file's size is known: reject truncation or trailing bytes before allocating.
  if (file.sized) {
    const uint64_t head = prelude_bytes + header_len;
    const uint64_t present = file.size > head ? file.size - head : 0;
    if (present < total)
      return fail("truncated payload: the header promises " + std::to_string(total) + what +
                  ", the file has " + std::to_string(present));
    if (present > total)
      return fail(std::to_string(present - total) + " trailing bytes after the " +
                  std::to_string(total) + what);
  }
  std::vector<uint8_t> payload;
  got = readPayload(src, total, file.sized, &payload);
  if (!src->error().empty())
    return fail(src->error() + ", after " + std::to_string(got) + " of the " +
                std::to_string(total) + what);
  if (got < total)
    return fail("truncated payload: the header promises " + std::to_string(total) + what +
                ", the file" + gz_note + " has " + std::to_string(got));
  bool capped = false;
  const uint64_t extra = countRemaining(src, &capped);
  if (extra > 0)
    return fail((capped ? "more than " : "") + std::to_string(extra) + " trailing bytes" + gz_note +
                " after the " + std::to_string(total) + what);
  if (!src->error().empty()) return fail(src->error());

  out->shape = shape.ints;
  out->descr = descr.text;
  out->floating = floating;
  decode(payload, item, floating, out);
  return Status::Ok();
}

}  // namespace gvae
