// A model's one-line summary as the workbench shows it: in the user's language.
#pragma once

#include <QString>

namespace gvae {

struct ModelInfo;

/// The registry's summary of `model` translated (context "ModelRegistry", marked in
/// core/models/model_registry.cpp), or the English text where no translation is loaded.
QString modelSummary(const ModelInfo& model);

}  // namespace gvae
