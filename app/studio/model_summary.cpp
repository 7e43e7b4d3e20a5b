#include "app/studio/model_summary.h"

#include <QCoreApplication>

#include "core/models/model_registry.h"

namespace gvae {

QString modelSummary(const ModelInfo& model) {
  return QCoreApplication::translate("ModelRegistry", model.summary.c_str());
}

}  // namespace gvae
