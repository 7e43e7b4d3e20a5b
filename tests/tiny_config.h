// Test helper: a run small enough to train in seconds on one thread (shared by the core and app
// tests).
#pragma once

#include <cstdint>
#include <string>

#include "core/models/model_registry.h"
#include "core/training/run_config.h"

/// `model` on 1,200 embedded sprites (960 training images: 30 steps of 32 per epoch), on
/// 1,200 embedded pen-stroke glyphs for recurrent-graph, or on the embedded graph (1,000 nodes)
/// for the graph auto-encoders; N = 3 nodes of N' = 2, tiny MLPs, CPU, one thread.
inline gvae::RunConfig tinyConfig(const std::string& model = "graph", int64_t epochs = 3,
                                  uint64_t seed = 42) {
  gvae::RunConfig c;
  c.model = model;
  c.dataset = gvae::defaultDataset(model);
  c.sprites_count = 1200;
  c.nodes = 3;
  c.node_dim = 2;
  c.encoder_hidden = {64, 32};
  c.decoder_hidden = {32, 64};
  c.head_hidden = 16;
  c.batch = 32;
  c.epochs = epochs;
  c.threads = 1;
  c.device = "cpu";
  c.log_every = 5;
  c.seed = seed;
  if (c.dataset == "strokes") {  // pen strokes: 1,200 embedded glyphs cut at 40 steps
    c.strokes_count = 1200;
    c.max_steps = 40;
  }
  return c;
}
