// RunConfig validation and its key/value form stored in run files.
#include "core/training/run_config.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>

#include "core/util/parse_number.h"

namespace gvae {
namespace {

std::string joinInts(const std::vector<int64_t>& v) {
  std::ostringstream s;
  for (size_t i = 0; i < v.size(); ++i) s << (i ? "," : "") << v[i];
  return s.str();
}

std::string fmt(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

bool parseInts(const std::string& text, std::vector<int64_t>* out) {
  out->clear();
  std::stringstream s(text);
  std::string part;
  int64_t v = 0;
  while (std::getline(s, part, ',')) {
    if (!parseNumber(part, &v)) return false;
    out->push_back(v);
  }
  return !out->empty();
}

// One table describes every field once: its key, how to print it, how to parse it.
struct Field {
  const char* key;
  std::function<std::string(const RunConfig&)> get;
  std::function<bool(RunConfig&, const std::string&)> set;
};

template <typename T>
Field numberField(const char* key, T RunConfig::*member) {
  return {key,
          [member](const RunConfig& c) {
            if constexpr (std::is_floating_point_v<T>)
              return fmt(c.*member);
            else
              return std::to_string(c.*member);
          },
          [member](RunConfig& c, const std::string& v) { return parseNumber(v, &(c.*member)); }};
}

Field stringField(const char* key, std::string RunConfig::*member) {
  return {key, [member](const RunConfig& c) { return c.*member; },
          [member](RunConfig& c, const std::string& v) {
            c.*member = v;
            return true;
          }};
}

Field intsField(const char* key, std::vector<int64_t> RunConfig::*member) {
  return {key, [member](const RunConfig& c) { return joinInts(c.*member); },
          [member](RunConfig& c, const std::string& v) { return parseInts(v, &(c.*member)); }};
}

const std::vector<Field>& fields() {
  static const std::vector<Field> f{
      stringField("model", &RunConfig::model),
      stringField("dataset", &RunConfig::dataset),
      stringField("data_dir", &RunConfig::data_dir),
      stringField("binarize", &RunConfig::binarize),
      numberField("sprites_count", &RunConfig::sprites_count),
      numberField("strokes_count", &RunConfig::strokes_count),
      numberField("max_steps", &RunConfig::max_steps),
      numberField("stroke_scale", &RunConfig::stroke_scale),
      numberField("nodes", &RunConfig::nodes),
      numberField("node_dim", &RunConfig::node_dim),
      intsField("encoder_hidden", &RunConfig::encoder_hidden),
      intsField("decoder_hidden", &RunConfig::decoder_hidden),
      numberField("head_hidden", &RunConfig::head_hidden),
      numberField("logvar_bound", &RunConfig::logvar_bound),
      numberField("flow_steps", &RunConfig::flow_steps),
      numberField("made_hidden", &RunConfig::made_hidden),
      numberField("epochs", &RunConfig::epochs),
      numberField("batch", &RunConfig::batch),
      numberField("lr", &RunConfig::lr),
      numberField("grad_clip", &RunConfig::grad_clip),
      numberField("beta", &RunConfig::beta),
      numberField("warmup_epochs", &RunConfig::warmup_epochs),
      numberField("free_bits", &RunConfig::free_bits),
      numberField("capacity_max", &RunConfig::capacity_max),
      numberField("capacity_epochs", &RunConfig::capacity_epochs),
      numberField("iw_train", &RunConfig::iw_train),
      numberField("tau", &RunConfig::tau),
      numberField("tau_min", &RunConfig::tau_min),
      numberField("tau_decay", &RunConfig::tau_decay),
      numberField("per_example_gates", &RunConfig::per_example_gates),
      numberField("auto_freeze_eps", &RunConfig::auto_freeze_eps),
      numberField("auto_freeze_patience", &RunConfig::auto_freeze_patience),
      numberField("seed", &RunConfig::seed),
      stringField("device", &RunConfig::device),
      numberField("threads", &RunConfig::threads),
      numberField("log_every", &RunConfig::log_every),
  };
  return f;
}

}  // namespace

double RunConfig::effectiveWarmup() const {
  if (warmup_epochs >= 0) return warmup_epochs;
  // Warm-up is for hierarchical models (models.md); single-node posteriors train without it.
  const bool single = model == "vae" || model == "vae-iaf" || model.rfind("ggm-", 0) == 0;
  return single ? 0.0 : 10.0;
}

Status RunConfig::validate() const {
  auto bad = [](const std::string& what) { return Status::Error("invalid option: " + what); };
  if (std::find(modelNames().begin(), modelNames().end(), model) == modelNames().end())
    return bad("--model '" + model +
               "' (choose vae, ladder, fc, graph, lstm, vae-iaf, graph-iaf, ggm-chain, ggm-grid or "
               "recurrent-graph)");
  if (dataset != "sprites" && dataset != "mnist" && !isStrokeDataset(dataset))
    return bad("--dataset '" + dataset +
               "' (choose sprites, mnist, strokes, omniglot-strokes or iam-ondb)");
  // Sequences need the sequence model and images the image models.
  if (model == "recurrent-graph" && !isStrokeDataset(dataset))
    return bad(
        "--model recurrent-graph trains on pen strokes: choose --dataset strokes, "
        "omniglot-strokes or iam-ondb");
  if (model != "recurrent-graph" && isStrokeDataset(dataset))
    return bad("--dataset " + dataset +
               " holds pen-stroke sequences: train it with --model "
               "recurrent-graph");
  if ((dataset == "mnist" || dataset == "omniglot-strokes" || dataset == "iam-ondb") &&
      data_dir.empty())
    return bad("--dataset " + dataset + " needs --data DIR");
  if (binarize != "threshold" && binarize != "stochastic")
    return bad("--binarize '" + binarize + "' (choose threshold or stochastic)");
  if (device != "auto" && device != "cpu" && device != "cuda")
    return bad("--device '" + device + "' (choose auto, cpu or cuda)");
  if (nodes < 1 || nodes > 64) return bad("--nodes must be in 1..64");
  if (node_dim < 1 || node_dim > 4096) return bad("--node-dim must be in 1..4096");
  if (epochs < 1) return bad("--epochs must be at least 1");
  if (batch < 2) return bad("--batch must be at least 2 (batch normalization)");
  if (!(lr > 0 && lr < 10)) return bad("--lr must be in (0, 10)");
  if (!(tau > 0) || !(tau_min > 0) || !(tau_decay > 0 && tau_decay <= 1))
    return bad("--tau, tau_min must be > 0 and tau_decay in (0, 1]");
  if (!(beta >= 0)) return bad("--beta must be >= 0");
  if (!(free_bits >= 0)) return bad("--free-bits must be >= 0");
  if (!(capacity_max >= 0) || !(capacity_epochs > 0))
    return bad("--capacity must be >= 0 and --capacity-epochs > 0");
  if (iw_train < 1 || iw_train > 1000) return bad("--iw-train must be in 1..1000");
  if (iw_train > 1 && (capacity_max > 0 || free_bits > 0))
    return bad(
        "--iw-train trains the importance-weighted bound: it has no KL term for "
        "--capacity or --free-bits");
  if (!(grad_clip > 0)) return bad("grad_clip must be > 0");
  if (!(logvar_bound > 0)) return bad("logvar_bound must be > 0");
  if (threads < 0 || threads > 1024) return bad("--threads must be in 0..1024");
  if (log_every < 1) return bad("log_every must be at least 1");
  if (flow_steps < 1 || flow_steps > 64 || made_hidden < 1)
    return bad("--flow-steps must be in 1..64 and --made-hidden at least 1");
  if (sprites_count < 100) return bad("sprites_count must be at least 100");
  if (strokes_count < 100) return bad("strokes_count must be at least 100");
  if (max_steps < 0 || max_steps > 10000) return bad("--max-steps must be in 0..10000");
  if (!(stroke_scale >= 0) || !std::isfinite(stroke_scale))
    return bad("--stroke-scale must be >= 0 and finite (0: computed from the training data)");
  if (auto_freeze_eps < 0 || auto_freeze_eps >= 0.5 || auto_freeze_patience < 1)
    return bad("auto-freeze eps must be in [0, 0.5) and patience >= 1");
  for (auto h : encoder_hidden)
    if (h < 1) return bad("encoder_hidden widths must be positive");
  for (auto h : decoder_hidden)
    if (h < 1) return bad("decoder_hidden widths must be positive");
  if (encoder_hidden.empty() || decoder_hidden.empty() || head_hidden < 1)
    return bad("hidden layer widths must be given");
  return Status::Ok();
}

std::vector<std::pair<std::string, std::string>> RunConfig::toKeyValues() const {
  std::vector<std::pair<std::string, std::string>> kv;
  for (const auto& f : fields()) kv.emplace_back(f.key, f.get(*this));
  return kv;
}

Status RunConfig::fromKeyValues(const std::vector<std::pair<std::string, std::string>>& kv,
                                RunConfig* out) {
  RunConfig c;
  std::map<std::string, const Field*> by_key;
  for (const auto& f : fields()) by_key[f.key] = &f;
  for (const auto& [key, value] : kv) {
    auto it = by_key.find(key);
    if (it == by_key.end()) continue;  // keys of other tools or later versions are kept aside
    if (!it->second->set(c, value))
      return Status::Error("config value '" + value + "' of '" + key + "' cannot be read");
  }
  *out = c;
  return Status::Ok();
}

}  // namespace gvae
