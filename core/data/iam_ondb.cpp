// IAM-OnDB lineStrokes XML: a small hand-written scanner (no XML library) and the loader.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

#include "core/data/strokes.h"
#include "core/util/parse_number.h"

namespace gvae {
namespace {

/// One tag of the document.
struct XmlTag {
  enum class Kind { kOpen, kClose, kEmpty } kind = Kind::kOpen;  // <a>, </a>, <a/>
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  int64_t line = 0;  // 1-based line of the '<'

  const std::string* attribute(const std::string& key) const {
    for (const auto& [k, v] : attributes)
      if (k == key) return &v;
    return nullptr;
  }
};

bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == ':' || c == '.' || c == '-' || static_cast<unsigned char>(c) >= 0x80;
}
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// Walks the tags of an XML text: skips character data, comments, processing instructions,
/// declarations and CDATA; reports malformed or truncated markup with its line.
class XmlScanner {
 public:
  explicit XmlScanner(const std::string& text) : s_(text) {}

  /// The next tag; false at the end of the text or on an error (then error() is set).
  bool next(XmlTag* tag) {
    while (true) {
      pos_ = s_.find('<', pos_);
      if (pos_ == std::string::npos) {
        pos_ = s_.size();
        return false;
      }
      const size_t start = pos_;
      if (skipSpecial()) {
        if (!error_.empty()) return false;
        continue;
      }
      return parseTag(start, tag);
    }
  }
  const std::string& error() const { return error_; }
  /// 1-based line of byte `pos` (positions must not go backwards between calls).
  int64_t lineAt(size_t pos) {
    for (; counted_ < pos && counted_ < s_.size(); ++counted_) line_ += s_[counted_] == '\n';
    return line_;
  }
  int64_t lastLine() { return lineAt(s_.size()); }

 private:
  bool fail(size_t at, const std::string& what) {
    error_ = "line " + std::to_string(lineAt(at)) + ": " + what;
    return false;
  }

  /// Skips "<?...?>", "<!--...-->", "<![CDATA[...]]>" and "<!...>"; true when one was there.
  bool skipSpecial() {
    static const std::pair<const char*, const char*> kinds[] = {
        {"<?", "?>"}, {"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<!", ">"}};
    for (const auto& [open, close] : kinds) {
      if (s_.compare(pos_, std::strlen(open), open) != 0) continue;
      const size_t end = s_.find(close, pos_ + std::strlen(open));
      if (end == std::string::npos) {
        fail(pos_, std::string("truncated: '") + open + "' is never closed");
        return true;  // the caller sees error()
      }
      pos_ = end + std::strlen(close);
      return true;
    }
    return false;
  }

  bool parseName(std::string* name) {
    const size_t start = pos_;
    while (pos_ < s_.size() && isNameChar(s_[pos_])) ++pos_;
    *name = s_.substr(start, pos_ - start);
    return !name->empty();
  }
  void skipSpace() {
    while (pos_ < s_.size() && isSpace(s_[pos_])) ++pos_;
  }

  bool parseTag(size_t start, XmlTag* tag) {
    *tag = XmlTag{};
    tag->line = lineAt(start);
    const std::string truncated = "truncated inside the tag that starts here";
    ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '/') {
      tag->kind = XmlTag::Kind::kClose;
      ++pos_;
    }
    if (!parseName(&tag->name))
      return pos_ >= s_.size() ? fail(start, truncated) : fail(start, "malformed tag");
    while (true) {
      const size_t before = pos_;
      skipSpace();
      if (pos_ >= s_.size()) return fail(start, truncated);
      const char c = s_[pos_];
      if (c == '>') {
        ++pos_;
        return true;
      }
      if (c == '/' && tag->kind == XmlTag::Kind::kOpen) {
        if (pos_ + 1 >= s_.size()) return fail(start, truncated);
        if (s_[pos_ + 1] != '>') return fail(pos_, "'/' not followed by '>' in <" + tag->name);
        pos_ += 2;
        tag->kind = XmlTag::Kind::kEmpty;
        return true;
      }
      if (tag->kind == XmlTag::Kind::kClose || pos_ == before)
        return fail(pos_, "malformed tag <" +
                              std::string(tag->kind == XmlTag::Kind::kClose ? "/" : "") +
                              tag->name + " (unexpected '" + std::string(1, c) + "')");
      std::string key, value;
      if (!parseName(&key)) return fail(pos_, "malformed attribute in <" + tag->name);
      skipSpace();
      if (pos_ >= s_.size()) return fail(start, truncated);
      if (s_[pos_] != '=') return fail(pos_, "attribute " + key + " has no '=' value");
      ++pos_;
      skipSpace();
      if (pos_ >= s_.size()) return fail(start, truncated);
      const char quote = s_[pos_];
      if (quote != '"' && quote != '\'')
        return fail(pos_, "attribute " + key + " of <" + tag->name + "> is not quoted");
      const size_t end = s_.find(quote, pos_ + 1);
      if (end == std::string::npos) return fail(start, truncated);
      value = s_.substr(pos_ + 1, end - pos_ - 1);
      if (value.find('<') != std::string::npos)
        return fail(pos_, "'<' inside attribute " + key + " (an unclosed quote?)");
      if (tag->attribute(key)) return fail(pos_, "attribute " + key + " is repeated");
      tag->attributes.emplace_back(std::move(key), std::move(value));
      pos_ = end + 1;
    }
  }

  const std::string& s_;
  size_t pos_ = 0;
  size_t counted_ = 0;
  int64_t line_ = 1;
  std::string error_;
};

/// A coordinate attribute of a <Point>: present, a finite number.
bool readCoordinate(const XmlTag& tag, const char* key, double* v, std::string* why) {
  const std::string* text = tag.attribute(key);
  if (!text) {
    *why = "<Point> without a " + std::string(key) + " attribute";
    return false;
  }
  if (!parseNumber(*text, v) || !std::isfinite(*v)) {
    *why = "<Point> " + std::string(key) + "=\"" + *text + "\" is not a number";
    return false;
  }
  return true;
}

/// Parses one lineStrokes file into a sequence (step 0 at the first point, y upwards).
Status parseLineStrokes(const std::string& path, const std::string& text, StrokeSequence* out) {
  auto fail = [&path](int64_t line, const std::string& what) {
    return Status::Error(path + ": line " + std::to_string(line) + ": " + what);
  };
  XmlScanner scanner(text);
  std::vector<std::pair<std::string, int64_t>> open;  // element names and lines, outermost first
  bool saw_stroke_set = false;
  double prev_x = 0, prev_y = 0;
  StrokeSequence seq;
  size_t stroke_start = 0;
  XmlTag tag;
  while (scanner.next(&tag)) {
    const std::string parent = open.empty() ? std::string() : open.back().first;
    if (tag.kind == XmlTag::Kind::kClose) {
      if (open.empty() || open.back().first != tag.name) {
        return fail(tag.line, "</" + tag.name + "> does not close " +
                                  (open.empty() ? std::string("any element")
                                                : "<" + parent + "> of line " +
                                                      std::to_string(open.back().second)));
      }
      open.pop_back();
      const std::string container = open.empty() ? std::string() : open.back().first;
      if (tag.name == "Stroke" && container == "StrokeSet" && seq.pen.size() > stroke_start)
        seq.pen.back() = 1;  // the pen lifts after a stroke's last point
      continue;
    }
    if (tag.name == "StrokeSet") saw_stroke_set = true;
    if (tag.name == "Stroke" && parent == "StrokeSet") {
      stroke_start = seq.pen.size();
      if (tag.kind == XmlTag::Kind::kEmpty) continue;
    }
    const bool in_stroke =
        parent == "Stroke" && open.size() >= 2 && open[open.size() - 2].first == "StrokeSet";
    if (tag.name == "Point" && in_stroke) {
      double x = 0, y = 0;
      std::string why;
      if (!readCoordinate(tag, "x", &x, &why) || !readCoordinate(tag, "y", &y, &why))
        return fail(tag.line, why);
      const bool first = seq.dx.empty();
      seq.dx.push_back(first ? 0.0f : static_cast<float>(x - prev_x));
      seq.dy.push_back(first ? 0.0f : static_cast<float>(prev_y - y));  // y grows downwards
      seq.pen.push_back(0);
      prev_x = x;
      prev_y = y;
    }
    if (tag.kind == XmlTag::Kind::kOpen) open.emplace_back(tag.name, tag.line);
  }
  if (!scanner.error().empty()) return Status::Error(path + ": " + scanner.error());
  if (!open.empty())
    return fail(scanner.lastLine(), "truncated: <" + open.back().first + "> opened at line " +
                                        std::to_string(open.back().second) + " is not closed");
  if (!saw_stroke_set) return fail(scanner.lastLine(), "no <StrokeSet> (not a lineStrokes file?)");
  if (seq.dx.empty()) return fail(scanner.lastLine(), "the <StrokeSet> holds no <Point>");
  *out = std::move(seq);
  return Status::Ok();
}

}  // namespace

Status loadIamOnDb(const std::string& dir, std::vector<StrokeSequence>* out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Status::Error(dir + ": no such directory (expected IAM-OnDB lineStrokes XML files)");
  std::vector<std::string> paths;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    const std::string ext = p.extension().string();
    if ((ext == ".xml" || ext == ".XML") && it->is_regular_file(ec)) paths.push_back(p.string());
  }
  if (ec) return Status::Error(dir + ": cannot list the folder: " + ec.message());
  if (paths.empty())
    return Status::Error(dir + ": no .xml files found (expected IAM-OnDB lineStrokes files)");
  std::sort(paths.begin(), paths.end());

  std::vector<StrokeSequence> seqs(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    std::ifstream file(paths[i], std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (!file.is_open() || file.bad()) return Status::Error(paths[i] + ": cannot read the file");
    Status st = parseLineStrokes(paths[i], text, &seqs[i]);
    if (!st) return st;
  }
  *out = std::move(seqs);
  return Status::Ok();
}

}  // namespace gvae
