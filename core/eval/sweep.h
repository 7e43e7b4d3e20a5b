// Sweeps: a grid of training settings ("model=vae,graph;nodes=2,4;nodes*node-dim=80;seed=1,2"),
// its points in a fixed order (so a job array's task index names one point), the folder's
// manifest, and the collected results as tables and the paper's Fig. 3 ablation. Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/training/run_config.h"
#include "core/util/status.h"

namespace gvae {

/// A parsed grid: axes separated by ';', each "KEY=V1,V2,..." over one training option (its
/// flag without "--", or its run-file key), or a tie "A*B=P1,P2,..." over products: B is then
/// P / A, with A given by its own axis.
struct SweepGrid {
  struct Axis {
    std::string key;       // run-file key (snake_case)
    std::string tied_key;  // non-empty: a tie; values are products of key and tied_key
    std::vector<std::string> values;
  };
  std::vector<Axis> axes;
  std::string text;  // as given
};

/// One training of the grid: its settings (run-file keys, in grid order) and its file stem
/// ("model=graph,nodes=4,node-dim=20,seed=1").
struct SweepPoint {
  int64_t index = 0;
  std::vector<std::pair<std::string, std::string>> settings;
  std::string name;
};

/// Parses `text`; an error names the axis and why (unknown option, empty values, a tie whose
/// first key has no axis of its own, a key given twice).
Status parseSweepGrid(const std::string& text, SweepGrid* out);

/// Every point in order (the last axis varies fastest). A tie that does not divide (nodes = 3
/// with nodes*node-dim = 80) leaves its combinations out; they are described in `skipped`.
std::vector<SweepPoint> sweepPoints(const SweepGrid& grid, std::vector<std::string>* skipped);

/// Sets the point's settings in `config` through the option table; an error names the
/// setting.
Status applySweepPoint(const SweepPoint& point, RunConfig* config);

/// What a sweep folder remembers (DIR/sweep.json): the grid and the train options given, so
/// that a later call, a Slurm task and --collect see the same points.
struct SweepManifest {
  std::string grid;
  std::vector<std::string> train_args;
  int64_t eval_iw_samples = 0;  // > 0: each finished run is evaluated with this many samples
};
Status writeSweepManifest(const std::string& dir, const SweepManifest& m);
/// An error names the folder when it holds no sweep.json or a damaged one.
Status readSweepManifest(const std::string& dir, SweepManifest* m);

/// The state of one point's run file in a sweep folder.
struct SweepRow {
  SweepPoint point;
  std::string file;   // DIR/<name>.h5
  std::string state;  // "finished" | "unfinished" | "missing" | "unreadable"
  std::string error;  // unreadable: why
  std::string model;
  int64_t nodes = 0, node_dim = 0, epochs_done = 0, epochs = 0;
  double final_valid_elbo = 0, best_valid_elbo = 0, test_ll = 0;  // NaN when absent
};

/// Reads the folder's manifest and every point's run file (no weights).
Status collectSweep(const std::string& dir, std::vector<SweepRow>* rows, SweepGrid* grid);

/// The state of the run file of `point` in `dir` (finished when it holds `epochs` epochs).
SweepRow sweepRow(const std::string& dir, const SweepPoint& point, int64_t epochs);

/// The rows as a table: "md" (Markdown), "csv" or "tex" (a LaTeX tabular): the grid's keys,
/// state, epochs, best and final validation ELBO and the test log-likelihood (nats).
std::string sweepTable(const std::vector<SweepRow>& rows, const SweepGrid& grid,
                       const std::string& format);

/// The paper's Fig. 3: for each model and latent size M = N x N', the log-likelihood against
/// N' (mean over the seeds and other settings, with their min and max).
struct AblationSeries {
  std::string model;
  int64_t latent = 0;  // M
  std::vector<double> node_dim, mean, lo, hi;
};
/// From the finished rows; `metric` says what the values are: "test log-likelihood" when every
/// finished row has one, else "best validation ELBO".
std::vector<AblationSeries> ablationSeries(const std::vector<SweepRow>& rows, std::string* metric);

}  // namespace gvae
