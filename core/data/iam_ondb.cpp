// IAM-OnDB lineStrokes XML: parsed with pugixml, then walked for the strokes' points.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <pugixml.hpp>
#include <utility>

#include "core/data/strokes.h"
#include "core/util/parse_number.h"

namespace gvae {
namespace {

/// 1-based line of byte `offset` of `text`.
int64_t lineAt(const std::string& text, ptrdiff_t offset) {
  const auto end = text.begin() + std::clamp<ptrdiff_t>(offset, 0, text.size());
  return 1 + std::count(text.begin(), end, '\n');
}

/// The markup around byte `offset`: from the '<' before it to the next '>', at most 60
/// characters, anything but printable ASCII shown as '?' (the file may be damaged).
std::string tagAround(const std::string& text, ptrdiff_t offset) {
  const size_t at = std::min<size_t>(std::max<ptrdiff_t>(offset, 0), text.size());
  size_t open = text.rfind('<', at);
  if (open == std::string::npos) open = 0;
  std::string tag;
  for (size_t i = open; i < text.size() && tag.size() < 60; ++i) {
    const char c = text[i];
    tag += (c >= 0x20 && c < 0x7f) ? c : (c == '\n' || c == '\t') ? ' ' : '?';
    if (c == '>') break;
  }
  return tag;
}

/// pugixml's parse error in our words: what failed, where, and "truncated" when the text ends
/// first. `doc` holds what was parsed before the error.
std::string parseProblem(const pugi::xml_parse_result& r, const pugi::xml_document& doc,
                         const std::string& text) {
  const bool at_end = r.offset >= static_cast<ptrdiff_t>(text.size()) - 1;
  const pugi::xml_node root = doc.document_element();
  if (at_end && r.status == pugi::status_end_element_mismatch && root)
    return "line " + std::to_string(lineAt(text, r.offset)) + ": truncated: <" + root.name() +
           "> opened at line " + std::to_string(lineAt(text, root.offset_debug())) +
           " is not closed";
  std::string what;
  switch (r.status) {
    case pugi::status_end_element_mismatch:
      what = tagAround(text, r.offset) + " does not close the element open there";
      break;
    case pugi::status_bad_attribute:
      what = "malformed attribute (values need quotes) in " + tagAround(text, r.offset);
      break;
    case pugi::status_bad_comment:
      what = "a comment is never closed or is malformed";
      break;
    default:
      what = std::string(r.description()) + " near " + tagAround(text, r.offset);
  }
  if (at_end) what = "truncated: " + what;
  return "line " + std::to_string(lineAt(text, r.offset)) + ": " + what;
}

/// A coordinate attribute of a <Point>: present, a finite number.
bool readCoordinate(const pugi::xml_node& point, const char* key, double* v, std::string* why) {
  const pugi::xml_attribute a = point.attribute(key);
  if (!a) {
    *why = "<Point> without a " + std::string(key) + " attribute";
    return false;
  }
  if (!parseNumber(a.value(), v) || !std::isfinite(*v)) {
    *why = "<Point> " + std::string(key) + "=\"" + a.value() + "\" is not a number";
    return false;
  }
  return true;
}

/// Parses one lineStrokes file into a sequence (step 0 at the first point, y upwards): the
/// <Point>s of every <Stroke> of every <StrokeSet>, the pen lifted after each stroke's last one.
Status parseLineStrokes(const std::string& path, const std::string& text, StrokeSequence* out) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
  if (!parsed && parsed.status != pugi::status_no_document_element)  // empty: no <StrokeSet>
    return Status::Error(path + ": " + parseProblem(parsed, doc, text));
  const int64_t last_line = lineAt(text, static_cast<ptrdiff_t>(text.size()));
  const pugi::xpath_node_set sets = doc.select_nodes("//StrokeSet");
  if (sets.empty())
    return Status::Error(path + ": line " + std::to_string(last_line) +
                         ": no <StrokeSet> (not a lineStrokes file?)");
  double prev_x = 0, prev_y = 0;
  StrokeSequence seq;
  for (const pugi::xpath_node& set : sets) {
    for (const pugi::xml_node stroke : set.node().children("Stroke")) {
      const size_t stroke_start = seq.pen.size();
      for (const pugi::xml_node point : stroke.children("Point")) {
        double x = 0, y = 0;
        std::string why;
        if (!readCoordinate(point, "x", &x, &why) || !readCoordinate(point, "y", &y, &why))
          return Status::Error(path + ": line " +
                               std::to_string(lineAt(text, point.offset_debug())) + ": " + why);
        const bool first = seq.dx.empty();
        seq.dx.push_back(first ? 0.0f : static_cast<float>(x - prev_x));
        seq.dy.push_back(first ? 0.0f : static_cast<float>(prev_y - y));  // y grows downwards
        seq.pen.push_back(0);
        prev_x = x;
        prev_y = y;
      }
      if (seq.pen.size() > stroke_start) seq.pen.back() = 1;  // the pen lifts after a stroke
    }
  }
  if (seq.dx.empty())
    return Status::Error(path + ": line " + std::to_string(last_line) +
                         ": the <StrokeSet> holds no <Point>");
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
