// The registry's rows. A new model adds its own files, one row here, and its tests.
#include "core/models/model_registry.h"

#include "core/data/image_set.h"
#include "core/models/gae.h"
#include "core/models/ggm_vae.h"
#include "core/models/graph_vae.h"
#include "core/models/recurrent_graph_vae.h"
#include "core/models/ssvae.h"
#include "core/models/telbo.h"
#include "core/training/run_config.h"
#include "core/training/run_options.h"
#include "core/util/translatable.h"

namespace gvae {

// One central table rather than self-registering statics: the linker drops an object file of a
// static library that nothing references, and its registration with it.
const std::vector<ModelInfo>& modelRegistry() {
  using C = const RunConfig&;
  // Kipf & Welling's settings: 16 latent dimensions, a GCN of width 32, Adam at 0.01 for 200
  // full-graph steps (here: 200 epochs of minibatches of node rows, the whole graph encoded each).
  const std::vector<std::pair<std::string, std::string>> kGraphDefaults{
      {"dataset", "sbm"}, {"nodes", "1"}, {"node_dim", "16"}, {"lr", "0.01"}, {"epochs", "200"}};
  static const std::vector<ModelInfo> rows{
      {"vae",
       GVAE_TRANSLATE_NOOP("ModelRegistry", "VAE: independent Gaussian nodes, N(0, I) prior"),
       DataKind::kImages, GateKind::kNone, 0, false, true,
       [](C c, int64_t d) { return makeGraphVae(c, d, Structure::kIndependent, false); }},
      {"ladder",
       GVAE_TRANSLATE_NOOP("ModelRegistry",
                           "Ladder VAE: a fixed chain z_N -> ... -> z_1 of top-down priors"),
       DataKind::kImages, GateKind::kFixed, 10, false, true,
       [](C c, int64_t d) { return makeGraphVae(c, d, Structure::kChain, false); }},
      {"fc", GVAE_TRANSLATE_NOOP("ModelRegistry", "FC-VAE: every edge z_i -> z_j (i > j) fixed on"),
       DataKind::kImages, GateKind::kFixed, 10, false, true,
       [](C c, int64_t d) { return makeGraphVae(c, d, Structure::kFull, false); }},
      {"graph",
       GVAE_TRANSLATE_NOOP("ModelRegistry",
                           "Graph VAE: the latent DAG's Bernoulli gates learned with the model"),
       DataKind::kImages, GateKind::kLearned, 10, false, true,
       [](C c, int64_t d) { return makeGraphVae(c, d, Structure::kLearned, false); }},
      {"lstm",
       GVAE_TRANSLATE_NOOP(
           "ModelRegistry",
           "GraphLSTMVAE: one LSTM over z_N..z_1 predicts every prior; no explicit graph"),
       DataKind::kImages, GateKind::kNone, 10, false, false,
       [](C c, int64_t d) { return makeGraphVae(c, d, Structure::kLstm, false); }},
      {"vae-iaf",
       GVAE_TRANSLATE_NOOP("ModelRegistry",
                           "VAE with inverse autoregressive flows on the posterior"),
       DataKind::kImages, GateKind::kNone, 0, true, false,
       [](C c, int64_t d) { return makeGraphVae(c, d, Structure::kIndependent, true); }},
      {"graph-iaf",
       GVAE_TRANSLATE_NOOP("ModelRegistry",
                           "Graph VAE with inverse autoregressive flows after each node"),
       DataKind::kImages, GateKind::kLearned, 10, true, false,
       [](C c, int64_t d) { return makeGraphVae(c, d, Structure::kLearned, true); }},
      {"ggm-chain",
       GVAE_TRANSLATE_NOOP("ModelRegistry",
                           "Gaussian graphical posterior with a chain (tridiagonal) precision"),
       DataKind::kImages, GateKind::kNone, 0, false, false,
       [](C c, int64_t d) { return makeGgmVae(c, d, GgmPattern::kChain); }},
      {"ggm-grid",
       GVAE_TRANSLATE_NOOP(
           "ModelRegistry",
           "Gaussian graphical posterior with a 2-D grid (block-tridiagonal) precision"),
       DataKind::kImages, GateKind::kNone, 0, false, false,
       [](C c, int64_t d) { return makeGgmVae(c, d, GgmPattern::kGrid); }},
      {"recurrent-graph",
       GVAE_TRANSLATE_NOOP(
           "ModelRegistry",
           "RecurrentGraphVAE on pen strokes: self and recurrent gates shared over time"),
       DataKind::kStrokes,
       GateKind::kLearned,
       10,
       false,
       false,
       [](C c, int64_t d) { return makeRecurrentGraphVae(c, d); },
       false,
       {{"dataset", "strokes"}}},
      {"ssvae",
       GVAE_TRANSLATE_NOOP("ModelRegistry",
                           "Semi-supervised VAE: a class y observed for --labels examples, "
                           "classifier q(y|x), style z"),
       DataKind::kImages, GateKind::kNone, 0, false, false,
       [](C c, int64_t d) { return makeSsVae(c, d); }, true},
      {"telbo",
       GVAE_TRANSLATE_NOOP("ModelRegistry",
                           "TELBO: images and attributes, product-of-experts inference, the triple "
                           "ELBO; images from "
                           "attribute queries"),
       DataKind::kImages,
       GateKind::kNone,
       0,
       false,
       false,
       [](C c, int64_t d) { return makeTelbo(c, d); },
       false,
       {},
       true},
      {"gae",
       GVAE_TRANSLATE_NOOP(
           "ModelRegistry",
           "Graph auto-encoder: a GCN encoder and an inner-product decoder, for link prediction"),
       DataKind::kGraph, GateKind::kNone, 0, false, false,
       [](C c, int64_t d) { return makeGae(c, d, false); }, false, kGraphDefaults},
      {"vgae",
       GVAE_TRANSLATE_NOOP(
           "ModelRegistry",
           "Variational graph auto-encoder: a Gaussian per node from the GCN, for link prediction"),
       DataKind::kGraph, GateKind::kNone, 0, false, false,
       [](C c, int64_t d) { return makeGae(c, d, true); }, false, kGraphDefaults},
  };
  return rows;
}

const ModelInfo* findModel(const std::string& name) {
  for (const ModelInfo& m : modelRegistry())
    if (m.name == name) return &m;
  return nullptr;
}

std::shared_ptr<LatentModelImpl> makeModel(const RunConfig& config, int64_t input_dim) {
  const ModelInfo* m = findModel(config.model);
  TORCH_CHECK(m, "unknown model ", config.model);
  return m->make(config, input_dim);
}

std::shared_ptr<LatentModelImpl> makeModel(const RunConfig& config, const DataSplits& data) {
  if (!data.graph) return makeModel(config, data.valid.images.size(1));
  auto model = makeModel(config, data.graph->features.size(1));
  model->setGraph(data.graph);
  return model;
}

std::string defaultDataset(const std::string& model) {
  if (const ModelInfo* m = findModel(model))
    for (const auto& [key, value] : m->defaults)
      if (key == "dataset") return value;
  return "sprites";
}

void applyModelDefaults(RunConfig* config, const std::function<bool(const std::string&)>& given) {
  const ModelInfo* m = findModel(config->model);
  if (!m) return;  // validate() names the unknown model
  for (const auto& [key, value] : m->defaults) {
    const RunOption* o = findOptionByKey(key);
    if (o && !given(key)) o->set(*config, value);
  }
}

std::vector<std::string> modelNames() {
  std::vector<std::string> names;
  for (const ModelInfo& m : modelRegistry()) names.push_back(m.name);
  return names;
}

std::string modelChoices() {
  const auto& rows = modelRegistry();
  std::string s;
  for (size_t i = 0; i < rows.size(); ++i)
    s += (i == 0 ? "" : i + 1 == rows.size() ? " or " : ", ") + rows[i].name;
  return s;
}

}  // namespace gvae
