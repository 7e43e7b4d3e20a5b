// The option table: every setting of a training run declared once, with its key, flag, type,
// default, valid range, help text, the runs it applies to and where it shows in the workbench.
// The run file's /config, RunConfig::validate, the CLI's flags and --help, and the run-setup
// panel's fields and ranges all read it. Torch-free.
#pragma once

#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "core/training/run_config.h"

namespace gvae {

/// The value type of an option.
enum class OptionType {
  kInt,      // an integer (signed or unsigned field)
  kReal,     // a floating-point number
  kText,     // free text (a folder)
  kChoice,   // one of `choices`
  kIntList,  // comma-separated positive integers (layer widths)
  kSwitch,   // on or off: a bare flag on the command line, 0 / 1 in the run file
};

/// Groups of --help and of the run-setup panel, in display order.
enum class OptionSection { kData, kModel, kObjective, kOptimization, kGates, kMachine };

/// Which runs an option means something for; set to anything but its default elsewhere, it is
/// refused by RunConfig::validate with the reason.
enum class OptionScope {
  kAll,
  kImages,           // image datasets (binarization)
  kSprites,          // the embedded sprites
  kStrokes,          // pen-stroke datasets
  kEmbeddedStrokes,  // the embedded glyphs
  kLearnedGates,     // models whose gates are learned
  kFlows,            // models with inverse autoregressive flows
  kFactors,          // datasets with known generative factors (sprites)
  kLabels,           // models with a partially observed class (ssvae)
  kGraph,            // graph datasets (gae, vgae)
  kAttributes,       // models of images and attributes (telbo)
};

/// One option. Numbers must lie in [lo, hi] (or the open side where lo_open / hi_open).
struct RunOption {
  std::string key;  // run-file key, snake_case; the flag is "--" + key in kebab-case
  OptionType type = OptionType::kReal;
  std::string value_name;  // "N", "LR", ... in --help
  std::string help;        // one line for --help and the workbench's tool tip
  OptionSection section = OptionSection::kModel;
  OptionScope scope = OptionScope::kAll;
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false, hi_open = false;
  std::vector<std::string> choices;  // kChoice
  std::vector<std::string> aliases;  // earlier spellings of the flag, still accepted
  bool in_panel = false;             // a field of the workbench's run-setup panel
  int decimals = 3;                  // kReal in the panel
  std::function<std::string(const RunConfig&)> get;
  std::function<bool(RunConfig&, const std::string&)> set;

  /// "--" + key with '_' as '-'.
  std::string flag() const;
  /// The valid values as text: "in 1..64", "in (0, 10)", "one of: a, b, c", or "".
  std::string rangeText() const;
  /// Whether `value` lies in the range (numbers) or among the choices.
  bool valueInRange(const std::string& value) const;
  /// Whether the option means something for `config`'s model and dataset.
  bool appliesTo(const RunConfig& config) const;
  /// The value in a default RunConfig.
  std::string defaultValue() const;
};

/// Every option, in --help order.
const std::vector<RunOption>& runOptions();
/// The option with `key`, or whose flag or alias is `flag` ("--lr"), or nullptr.
const RunOption* findOptionByKey(const std::string& key);
const RunOption* findOptionByFlag(const std::string& flag);
/// Title of a section for --help and the panel ("Data", "Model", ...).
std::string sectionTitle(OptionSection section);
/// Why `scope` does not apply, e.g. "applies to models with learned gates".
std::string scopeText(OptionScope scope);

}  // namespace gvae
