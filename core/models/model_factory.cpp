// Model construction from a RunConfig: every model name maps to one options set.
#include "core/models/model_factory.h"

#include "core/models/ggm_vae.h"
#include "core/models/graph_vae.h"
#include "core/models/recurrent_graph_vae.h"

namespace gvae {

LatentModel makeModel(const RunConfig& config, int64_t input_dim) {
  if (config.model == "recurrent-graph") {
    TORCH_CHECK(input_dim % 4 == 0, "recurrent-graph needs packed stroke sequences");
    return std::make_shared<RecurrentGraphVaeImpl>(RecurrentGraphVaeOptions()
                                                       .steps(input_dim / 4)
                                                       .nodes(config.nodes)
                                                       .node_dim(config.node_dim)
                                                       .hidden(config.head_hidden)
                                                       .logvar_bound(config.logvar_bound));
  }
  if (config.model == "ggm-chain" || config.model == "ggm-grid")
    return std::make_shared<GgmVaeImpl>(
        GgmVaeOptions()
            .input_dim(input_dim)
            .nodes(config.nodes)
            .node_dim(config.node_dim)
            .encoder_hidden(config.encoder_hidden)
            .decoder_hidden(config.decoder_hidden)
            .logvar_bound(config.logvar_bound)
            .pattern(config.model == "ggm-grid" ? GgmPattern::kGrid : GgmPattern::kChain));
  const bool flows = config.model == "vae-iaf" || config.model == "graph-iaf";
  Structure s = Structure::kLearned;
  if (config.model == "vae" || config.model == "vae-iaf")
    s = Structure::kIndependent;
  else if (config.model == "ladder")
    s = Structure::kChain;
  else if (config.model == "fc")
    s = Structure::kFull;
  else if (config.model == "lstm")
    s = Structure::kLstm;
  else
    TORCH_CHECK(config.model == "graph" || config.model == "graph-iaf", "unknown model ",
                config.model);
  auto options = GraphVaeOptions()
                     .input_dim(input_dim)
                     .nodes(config.nodes)
                     .node_dim(config.node_dim)
                     .encoder_hidden(config.encoder_hidden)
                     .decoder_hidden(config.decoder_hidden)
                     .head_hidden(config.head_hidden)
                     .logvar_bound(config.logvar_bound)
                     .structure(s)
                     .flow_steps(flows ? config.flow_steps : 0)
                     .made_hidden(config.made_hidden);
  return std::make_shared<GraphVaeImpl>(options);
}

}  // namespace gvae
