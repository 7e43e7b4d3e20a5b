// ImageGrid: decoded images laid out in rows and columns, as plain floats (the contract between
// the analysis thread and the views).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gvae {

/// rows x cols grayscale cells of height x width pixels, intensities in [0, 1].
struct ImageGrid {
  int rows = 0, cols = 0;
  int height = 0, width = 0;
  std::vector<float> pixels;            // [rows, cols, height, width] row-major
  std::vector<std::string> row_labels;  // optional, one per row ("z3.1", "input", ...)
  std::vector<std::string> col_labels;  // optional, one per column ("-3.0", ...)
  /// When true, each cell is a pen-stroke sequence of `height` steps of `width` = 4 floats
  /// (dx, dy, pen, mask), so `pixels` is laid out [rows, cols, height, 4]. dx, dy: offset from the
  /// previous point (y grows upwards); pen: probability that the pen lifts after this point (the
  /// line breaks after a point with pen >= 0.5); mask: 1 for real steps (steps with mask < 0.5
  /// are not drawn).
  bool strokes = false;  // cells hold pen-stroke sequences, not pixels
  /// An empty grid (rows 0) from a model that decodes no images (a graph model: edges).
  bool not_decoded = false;
  /// Each row answers an attribute query (telbo's samples), named by its row label.
  bool queries = false;

  float at(int r, int c, int y, int x) const {
    return pixels[((static_cast<size_t>(r) * cols + c) * height + y) * width + x];
  }
};

}  // namespace gvae
