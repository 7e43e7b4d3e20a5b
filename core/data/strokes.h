// Pen-stroke sequences: loaders (Omniglot strokes, IAM-OnDB lineStrokes XML), the embedded
// generated glyph set, and the packed [n, 4T] tensor form that the trainer batches like images.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/image_set.h"
#include "core/util/status.h"

namespace gvae {

/// One drawing in raw units: step t moves the pen by (dx[t], dy[t]) from the previous point
/// (the first step from the drawing's origin), y growing upwards; pen[t] = 1 when the pen lifts
/// after point t (the end of a stroke). dx, dy and pen have the same length.
struct StrokeSequence {
  std::vector<float> dx, dy;
  std::vector<uint8_t> pen;
  int64_t label = 0;  // glyph class where known, else 0
  int64_t size() const { return static_cast<int64_t>(dx.size()); }
};

/// Train / validation / test sequences of one dataset.
struct StrokeSplits {
  std::vector<StrokeSequence> train, valid, test;
};

/// Number of glyph classes of generateStrokes() (labels 0..kStrokeGlyphClasses - 1).
constexpr int64_t kStrokeGlyphClasses = 7;
/// Longest padded length chosen automatically (max_steps = 0).
constexpr int64_t kMaxAutoSteps = 200;

/// Reads omniglot_{split}_strokes.npy[.gz] (integer [P, 3] rows dx, dy, pen_lift; y downwards
/// as stored, flipped here) and omniglot_{split}_offsets.npy[.gz] ([N + 1] integers: drawing i
/// is rows off[i] .. off[i+1]) from `dir`; `split` is train, valid or test. Offsets must start
/// at 0, never decrease, end at P, and give no empty drawing; pen values must be 0 or 1.
/// Labels are 0. Errors name the file and the problem; `out` is untouched on error.
Status loadOmniglotStrokes(const std::string& dir, const std::string& split,
                           std::vector<StrokeSequence>* out);

/// Reads every *.xml file under `dir` (recursively, sorted by path) in IAM-OnDB's lineStrokes
/// format: <StrokeSet> holding <Stroke> elements of <Point x=".." y=".." .../>; one sequence per
/// file (a text line) starting at its first point (step 0 = (0, 0)), y flipped to grow upwards,
/// pen = 1 at the last point of each stroke. Errors name the file and line: no StrokeSet, no
/// points, a missing or non-numeric coordinate, malformed or truncated XML; a folder without
/// XML files is an error too. Labels are 0. `out` is untouched on error.
Status loadIamOnDb(const std::string& dir, std::vector<StrokeSequence>* out);

/// The embedded dataset: `count` handwriting-like glyphs drawn by parametric pen paths with
/// random size, slant, rotation, stretch and per-point noise; label = glyph class (see
/// docs/strokes.md). Deterministic: the same (count, seed) gives the same bytes on every
/// machine, and a smaller count gives a prefix of a larger one. Throws on count < 0.
std::vector<StrokeSequence> generateStrokes(int64_t count, uint64_t seed);

/// Splits 80/10/10 in order (valid and test get count / 10 each), after a Fisher-Yates shuffle
/// with `shuffle_seed` when `shuffle` is set (deterministic on every machine).
StrokeSplits splitStrokes(std::vector<StrokeSequence> all, bool shuffle, uint64_t shuffle_seed);

/// Standard deviation of all dx and dy values of `train` together (one number for both axes,
/// so normalizing keeps the aspect ratio); 1 when there is no spread.
double strokeScale(const std::vector<StrokeSequence>& train);

/// Longest sequence of `train`, capped at kMaxAutoSteps (at least 1).
int64_t autoStrokeSteps(const std::vector<StrokeSequence>& train);

/// Packs sequences into out->images [n, 4T] float32 (CPU): step t of sequence i is
/// images[i][4t .. 4t+3] = (dx / scale, dy / scale, pen, mask), mask 1 for a real step; padding
/// steps are all zero. A sequence longer than T is cut at T and its last kept step gets pen 1.
/// out->labels: [n] int64. Errors on T < 1, a scale that is not finite and > 0, sequences with
/// unequal dx/dy/pen lengths, no steps, or non-finite values.
Status packStrokes(const std::vector<StrokeSequence>& seqs, int64_t T, double scale, ImageSet* out);

/// Inverse of packStrokes: [n, 4T] -> n sequences in raw units (times `scale`); each stops at
/// its first step with mask < 0.5, pen is (pen >= 0.5). Labels are 0. Any device and float
/// dtype; throws when the tensor is not [n, 4T].
std::vector<StrokeSequence> unpackStrokes(const torch::Tensor& packed, double scale);

}  // namespace gvae
