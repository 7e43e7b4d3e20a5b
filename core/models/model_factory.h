// Builds the model a RunConfig names.
#pragma once

#include "core/models/latent_model.h"
#include "core/training/run_config.h"

namespace gvae {

/// A new model for `config` (validated) and inputs of `input_dim` features, on the CPU.
LatentModel makeModel(const RunConfig& config, int64_t input_dim);

}  // namespace gvae
