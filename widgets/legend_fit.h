// Legends that wrap to the room their plot has, instead of squeezing it or being clipped.
#pragma once

class QCPLegend;

namespace gvae {

/// Wraps `legend` so that its items fit into `extent` pixels: with rows-first fill (a column
/// beside the axes) after as many rows as fit in `extent` of height, with columns-first fill
/// (a row under the axes) after as many items as fit in `extent` of width. At least one row or
/// column. True when the wrap changed (the caller replots).
bool fitLegend(QCPLegend* legend, int extent);

}  // namespace gvae
