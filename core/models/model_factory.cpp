// Model construction from a RunConfig: every model name maps to one options set.
#include "core/models/model_factory.h"

#include "core/models/graph_vae.h"

namespace gvae {

LatentModel makeModel(const RunConfig& config, int64_t input_dim) {
  Structure s = Structure::kLearned;
  if (config.model == "vae")
    s = Structure::kIndependent;
  else if (config.model == "ladder")
    s = Structure::kChain;
  else if (config.model == "fc")
    s = Structure::kFull;
  else if (config.model == "lstm")
    s = Structure::kLstm;
  else
    TORCH_CHECK(config.model == "graph", "unknown model ", config.model);
  auto options = GraphVaeOptions()
                     .input_dim(input_dim)
                     .nodes(config.nodes)
                     .node_dim(config.node_dim)
                     .encoder_hidden(config.encoder_hidden)
                     .decoder_hidden(config.decoder_hidden)
                     .head_hidden(config.head_hidden)
                     .logvar_bound(config.logvar_bound)
                     .structure(s);
  return std::make_shared<GraphVaeImpl>(options);
}

}  // namespace gvae
