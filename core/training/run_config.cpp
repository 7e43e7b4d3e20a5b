// RunConfig validation and its key/value form stored in run files; both read the option table.
#include "core/training/run_config.h"

#include <map>

#include "core/models/model_registry.h"
#include "core/training/run_options.h"

namespace gvae {

double RunConfig::effectiveWarmup() const {
  if (warmup_epochs >= 0) return warmup_epochs;
  const ModelInfo* m = findModel(model);
  return m ? m->default_warmup : 0.0;
}

Status RunConfig::validate() const {
  auto bad = [](const std::string& what) { return Status::Error("invalid option: " + what); };
  const ModelInfo* info = findModel(model);
  if (!info) return bad("--model '" + model + "' (choose " + modelChoices() + ")");
  for (const RunOption& o : runOptions()) {
    const std::string value = o.get(*this);
    if (o.valueInRange(value)) continue;
    if (o.type == OptionType::kChoice)
      return bad(o.flag() + " '" + value + "' (" + o.rangeText() + ")");
    if (o.type == OptionType::kIntList) return bad(o.flag() + " widths must be positive");
    return bad(o.flag() + " must be " + o.rangeText());
  }
  // Sequences need the sequence model and images the image models.
  const bool strokes = isStrokeDataset(dataset);
  if (info->data == DataKind::kStrokes && !strokes)
    return bad("--model " + model +
               " trains on pen strokes: choose --dataset strokes, omniglot-strokes or iam-ondb");
  if (info->data == DataKind::kImages && strokes)
    return bad("--dataset " + dataset + " holds pen-stroke sequences: train it with --model " +
               "recurrent-graph");
  const bool graph = isGraphDataset(dataset);
  if (info->data == DataKind::kGraph && !graph)
    return bad("--model " + model + " trains on a graph: choose --dataset sbm, cora or citeseer");
  if (info->data != DataKind::kGraph && graph)
    return bad("--dataset " + dataset + " is a graph: train it with --model gae or vgae");
  if (info->labels && datasetClasses(dataset) == 0)
    return bad("--model " + model + " needs class labels: choose --dataset sprites or mnist");
  if (info->attributes && !hasKnownFactors(dataset))
    return bad("--model " + model + " needs attributes: choose --dataset sprites");
  if (info->attributes && iw_train > 1)
    return bad("--model " + model + " trains its triple ELBO: not with --iw-train");
  if (info->labels && iw_train > 1)
    return bad("--model " + model +
               " trains its labelled and unlabelled bounds: not with --iw-train");
  if ((dataset == "mnist" || dataset == "omniglot-strokes" || dataset == "iam-ondb" ||
       dataset == "cora" || dataset == "citeseer") &&
      data_dir.empty())
    return bad("--dataset " + dataset + " needs --data-dir DIR");
  if (iw_train > 1 && (capacity_max > 0 || free_bits > 0))
    return bad(
        "--iw-train trains the importance-weighted bound: it has no KL term for "
        "--capacity-max or --free-bits");
  if (supervise_factors > 0 && iw_train > 1)
    return bad("--supervise-factors reads the sampled latents of the ELBO: not with --iw-train");
  return Status::Ok();
}

Status RunConfig::checkApplicable() const {
  for (const RunOption& o : runOptions())
    if (!o.appliesTo(*this) && o.get(*this) != o.defaultValue())
      return Status::Error("invalid option: " + o.flag() + " " + scopeText(o.scope) +
                           "; it does not apply to --model " + model + " on --dataset " + dataset);
  return Status::Ok();
}

RunConfig RunConfig::withApplicableOnly() const {
  RunConfig c = *this;
  const RunConfig defaults;
  for (const RunOption& o : runOptions())
    if (!o.appliesTo(c)) o.set(c, o.get(defaults));
  return c;
}

std::vector<std::pair<std::string, std::string>> RunConfig::toKeyValues() const {
  std::vector<std::pair<std::string, std::string>> kv;
  for (const RunOption& o : runOptions()) kv.emplace_back(o.key, o.get(*this));
  return kv;
}

Status RunConfig::fromKeyValues(const std::vector<std::pair<std::string, std::string>>& kv,
                                RunConfig* out) {
  RunConfig c;
  for (const auto& [key, value] : kv) {
    const RunOption* o = findOptionByKey(key);
    if (!o) continue;  // keys of other tools or later versions are kept aside
    if (!o->set(c, value))
      return Status::Error("config value '" + value + "' of '" + key + "' cannot be read");
  }
  *out = c;
  return Status::Ok();
}

}  // namespace gvae
