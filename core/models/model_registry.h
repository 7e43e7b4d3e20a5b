// The model registry: one row per model. Everything that depends on which model a run uses
// (validation, the CLI's usage, the run-setup panel, the DAG's note, compare's default list,
// the KL warm-up default, construction) reads it. Torch-free: the app includes it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gvae {

class LatentModelImpl;
struct DataSplits;
struct RunConfig;

/// What a model trains on.
enum class DataKind {
  kImages,   // [B, D] pixels in [0, 1] (sprites, mnist)
  kStrokes,  // packed pen-stroke sequences [B, 4T] (core/data/strokes.h)
  kGraph,    // one graph: node features and edges; rows are node ids (core/data/graph.h)
};

/// What the model's latent graph is.
enum class GateKind {
  kNone,     // no explicit graph between latent nodes (vae, lstm, ggm-*)
  kFixed,    // an explicit graph whose gates are fixed (ladder, fc)
  kLearned,  // Bernoulli gates learned with the model (graph, graph-iaf, recurrent-graph)
};

/// One row of the registry.
struct ModelInfo {
  std::string name;     // the value of --model
  std::string summary;  // one line for --help, the setup panel's tool tip and the DAG's note
  DataKind data = DataKind::kImages;
  GateKind gates = GateKind::kNone;
  double default_warmup = 0;     // KL warm-up epochs when warmup_epochs is -1 (auto)
  bool flows = false;            // inverse autoregressive flows on the posterior (*-iaf)
  bool compare_default = false;  // in `graphvae compare`'s default list (the paper's table)
  /// Builds the model for a validated config and inputs of `input_dim` features, on the CPU.
  std::shared_ptr<LatentModelImpl> (*make)(const RunConfig& config, int64_t input_dim) = nullptr;
  /// A discrete class y observed for --labels training examples (ssvae).
  bool labels = false;
  /// Options (run-file keys and values) this model starts from where the user sets none: the
  /// CLI applies them to flags not given, the workbench when the model is chosen. They include
  /// "dataset" unless the model trains on the default (the embedded sprites).
  std::vector<std::pair<std::string, std::string>> defaults = {};
  /// Generates discrete attributes beside the images (telbo): needs a dataset with attributes.
  bool attributes = false;
};

/// Every model, in the order the CLI and the workbench list them.
const std::vector<ModelInfo>& modelRegistry();
/// The row of `name`, or nullptr.
const ModelInfo* findModel(const std::string& name);
/// The names of every model, in registry order.
std::vector<std::string> modelNames();
/// "vae, ladder, ... or recurrent-graph": the choices for a message.
std::string modelChoices();
/// The model config.model names, built by its row (config validated), on the CPU.
std::shared_ptr<LatentModelImpl> makeModel(const RunConfig& config, int64_t input_dim);
/// As above for `data`'s inputs; a graph model is handed the graph (DataSplits::graph).
std::shared_ptr<LatentModelImpl> makeModel(const RunConfig& config, const DataSplits& data);
/// The dataset `model` trains on where none is named: its defaults' "dataset", else sprites.
std::string defaultDataset(const std::string& model);
/// Sets config.model's own defaults (ModelInfo::defaults) for every option whose run-file key
/// `given` does not claim: what `train` does for flags not given, and a sweep for each point.
void applyModelDefaults(RunConfig* config, const std::function<bool(const std::string&)>& given);

}  // namespace gvae
