// Sweeps: grid parsing, point order, the folder's manifest, tables and the ablation series.
#include "core/eval/sweep.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/data/byte_source.h"
#include "core/io/run_file.h"
#include "core/training/run_options.h"
#include "core/util/parse_number.h"

namespace gvae {
namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string part; std::getline(s, part, sep);) out.push_back(part);
  if (!text.empty() && text.back() == sep) out.push_back("");
  return out;
}

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// The option named `name` (a flag without "--", the flag, or a run-file key).
const RunOption* optionNamed(const std::string& name) {
  if (const RunOption* o = findOptionByKey(name)) return o;
  const std::string flag = name.rfind("--", 0) == 0 ? name : "--" + name;
  return findOptionByFlag(flag);
}

std::string flagName(const std::string& key) {
  const RunOption* o = findOptionByKey(key);
  return o ? o->flag().substr(2) : key;
}

std::string twoDecimals(double v) {
  if (!std::isfinite(v)) return "";
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(2);
  s << v;
  return s.str();
}

}  // namespace

Status parseSweepGrid(const std::string& text, SweepGrid* out) {
  SweepGrid g;
  g.text = text;
  std::set<std::string> seen;
  for (const std::string& raw : split(text, ';')) {
    const std::string axis = trim(raw);
    if (axis.empty()) continue;
    const size_t eq = axis.find('=');
    if (eq == std::string::npos || eq == 0)
      return Status::Error("--grid: '" + axis +
                           "' is not KEY=V1,V2,... (axes are separated by ';')");
    SweepGrid::Axis a;
    const std::string lhs = trim(axis.substr(0, eq));
    std::vector<std::string> keys = split(lhs, '*');
    if (keys.size() > 2) return Status::Error("--grid: '" + lhs + "' ties more than two keys");
    for (std::string& k : keys) {
      const RunOption* o = optionNamed(trim(k));
      if (!o) return Status::Error("--grid: '" + trim(k) + "' is not a training option");
      if (keys.size() == 2 && o->type != OptionType::kInt)
        return Status::Error("--grid: the tie '" + lhs + "' needs whole-number options; " +
                             o->flag().substr(2) + " is not one");
      k = o->key;
    }
    a.key = keys[0];
    if (keys.size() == 2) a.tied_key = keys[1];
    for (const std::string& v : split(axis.substr(eq + 1), ',')) {
      const std::string value = trim(v);
      if (value.empty()) return Status::Error("--grid: '" + axis + "' has an empty value");
      if (!a.tied_key.empty()) {
        int64_t product = 0;
        if (!parseNumber(value, &product) || product <= 0)
          return Status::Error("--grid: '" + lhs + "=" + value +
                               "': a tie's values are positive whole numbers");
      } else {
        const RunOption* o = findOptionByKey(a.key);
        RunConfig probe;
        if (!o->set(probe, value) || !o->valueInRange(value))
          return Status::Error("--grid: " + o->flag().substr(2) + "=" + value + " is not valid (" +
                               o->rangeText() + ")");
      }
      a.values.push_back(value);
    }
    const std::string set_key = a.tied_key.empty() ? a.key : a.tied_key;
    if (!seen.insert(set_key).second)
      return Status::Error("--grid: " + flagName(set_key) + " is set by two axes");
    g.axes.push_back(a);
  }
  if (g.axes.empty()) return Status::Error("--grid: no axis (e.g. \"model=vae,graph;seed=1,2\")");
  for (const auto& a : g.axes)
    if (!a.tied_key.empty() && !seen.count(a.key))
      return Status::Error("--grid: the tie " + flagName(a.key) + "*" + flagName(a.tied_key) +
                           " needs an axis of its own for " + flagName(a.key));
  *out = g;
  return Status::Ok();
}

std::vector<SweepPoint> sweepPoints(const SweepGrid& grid, std::vector<std::string>* skipped) {
  std::vector<SweepPoint> points;
  size_t total = 1;
  for (const auto& a : grid.axes) total *= a.values.size();
  for (size_t k = 0; k < total; ++k) {
    std::vector<size_t> pick(grid.axes.size());
    size_t rest = k;
    for (size_t a = grid.axes.size(); a-- > 0;) {
      pick[a] = rest % grid.axes[a].values.size();
      rest /= grid.axes[a].values.size();
    }
    std::map<std::string, std::string> plain;
    for (size_t a = 0; a < grid.axes.size(); ++a)
      if (grid.axes[a].tied_key.empty()) plain[grid.axes[a].key] = grid.axes[a].values[pick[a]];
    SweepPoint p;
    bool fits = true;
    std::string why;
    for (size_t a = 0; a < grid.axes.size() && fits; ++a) {
      const SweepGrid::Axis& axis = grid.axes[a];
      if (axis.tied_key.empty()) {
        p.settings.emplace_back(axis.key, axis.values[pick[a]]);
        continue;
      }
      int64_t product = 0, first = 0;
      parseNumber(axis.values[pick[a]], &product);
      if (!parseNumber(plain[axis.key], &first) || first <= 0 || product % first != 0) {
        fits = false;
        why = flagName(axis.key) + "=" + plain[axis.key] + " with " + flagName(axis.key) + "*" +
              flagName(axis.tied_key) + "=" + axis.values[pick[a]] + ": not a divisor";
        break;
      }
      p.settings.emplace_back(axis.tied_key, std::to_string(product / first));
    }
    if (!fits) {
      if (skipped) skipped->push_back(why);
      continue;
    }
    p.index = static_cast<int64_t>(points.size());
    for (const auto& [key, value] : p.settings) {
      std::string v = value;
      std::replace(v.begin(), v.end(), '/', '_');
      p.name += (p.name.empty() ? "" : ",") + flagName(key) + "=" + v;
    }
    points.push_back(p);
  }
  return points;
}

Status applySweepPoint(const SweepPoint& point, RunConfig* config) {
  for (const auto& [key, value] : point.settings) {
    const RunOption* o = findOptionByKey(key);
    if (!o || !o->set(*config, value))
      return Status::Error("sweep point " + point.name + ": cannot set " + flagName(key) + " to " +
                           value);
  }
  return Status::Ok();
}

Status writeSweepManifest(const std::string& dir, const SweepManifest& m) {
  nlohmann::json j{{"format", "graphvae-sweep 1"},
                   {"grid", m.grid},
                   {"train_args", m.train_args},
                   {"eval_iw_samples", m.eval_iw_samples}};
  const std::string path = dir + "/sweep.json", tmp = path + ".tmp";
  {
    std::ofstream f(tmp);
    f << j.dump(2) << "\n";
    if (!f) return Status::Error(tmp + ": cannot write the sweep's manifest");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    return Status::Error(path + ": cannot write the sweep's manifest");
  return Status::Ok();
}

Status readSweepManifest(const std::string& dir, SweepManifest* m) {
  const std::string path = dir + "/sweep.json";
  std::ifstream f(path);
  if (!f) return Status::Error(dir + ": not a sweep folder (no sweep.json)");
  try {
    nlohmann::json j = nlohmann::json::parse(f);
    if (j.value("format", "") != "graphvae-sweep 1")
      return Status::Error(path + ": not a graphvae sweep manifest");
    m->grid = j.at("grid").get<std::string>();
    m->train_args = j.at("train_args").get<std::vector<std::string>>();
    m->eval_iw_samples = j.value("eval_iw_samples", int64_t{0});
  } catch (const std::exception& e) {
    return Status::Error(path + ": damaged sweep manifest (" + std::string(e.what()) + ")");
  }
  return Status::Ok();
}

SweepRow sweepRow(const std::string& dir, const SweepPoint& point, int64_t epochs) {
  SweepRow r;
  r.point = point;
  r.file = dir + "/" + point.name + ".h5";
  r.final_valid_elbo = r.best_valid_elbo = r.test_ll = std::nan("");
  if (!isRegularFile(r.file)) {
    r.state = "missing";
    return r;
  }
  RunRecord rec;
  Status st = readRunFile(r.file, &rec, /*with_checkpoint=*/false);
  if (!st) {
    r.state = "unreadable";
    r.error = st.message;
    return r;
  }
  r.model = rec.configValue("model");
  parseNumber(rec.configValue("nodes"), &r.nodes);
  parseNumber(rec.configValue("node_dim"), &r.node_dim);
  r.epochs = epochs > 0 ? epochs : 0;
  if (r.epochs == 0) parseNumber(rec.configValue("epochs"), &r.epochs);
  r.epochs_done = rec.epochs.empty() ? 0 : rec.epochs.back().epoch;
  r.best_valid_elbo = rec.bestValidElbo();
  if (!rec.epochs.empty()) r.final_valid_elbo = rec.epochs.back().valid_elbo;
  r.test_ll = rec.evalResult("test_ll");
  r.state = r.epochs_done >= r.epochs ? "finished" : "unfinished";
  return r;
}

Status collectSweep(const std::string& dir, std::vector<SweepRow>* rows, SweepGrid* grid) {
  SweepManifest m;
  Status st = readSweepManifest(dir, &m);
  if (!st) return st;
  st = parseSweepGrid(m.grid, grid);
  if (!st) return Status::Error(dir + "/sweep.json: " + st.message);
  rows->clear();
  for (const SweepPoint& p : sweepPoints(*grid, nullptr)) rows->push_back(sweepRow(dir, p, 0));
  return Status::Ok();
}

std::string sweepTable(const std::vector<SweepRow>& rows, const SweepGrid& grid,
                       const std::string& format) {
  std::vector<std::string> head;  // the grid's keys in axis order (a tie: its derived key)
  for (const auto& a : grid.axes) head.push_back(flagName(a.tied_key.empty() ? a.key : a.tied_key));
  const size_t keys = head.size();
  for (const char* h : {"state", "epochs", "best valid ELBO", "final valid ELBO", "test LL"})
    head.push_back(h);
  std::vector<std::vector<std::string>> body;
  for (const SweepRow& r : rows) {
    std::vector<std::string> cells;
    for (size_t k = 0; k < keys; ++k) {
      std::string v;
      for (const auto& [key, value] : r.point.settings)
        if (flagName(key) == head[k]) v = value;
      cells.push_back(v);
    }
    cells.push_back(r.state);
    cells.push_back(r.state == "missing" || r.state == "unreadable"
                        ? ""
                        : std::to_string(r.epochs_done) + "/" + std::to_string(r.epochs));
    cells.push_back(twoDecimals(r.best_valid_elbo));
    cells.push_back(twoDecimals(r.final_valid_elbo));
    cells.push_back(twoDecimals(r.test_ll));
    body.push_back(cells);
  }
  std::ostringstream s;
  if (format == "csv") {
    auto csv = [](const std::string& c) {
      return c.find_first_of(",\"") == std::string::npos ? c : "\"" + c + "\"";
    };
    for (size_t k = 0; k < head.size(); ++k) s << (k ? "," : "") << csv(head[k]);
    s << "\n";
    for (const auto& row : body) {
      for (size_t k = 0; k < row.size(); ++k) s << (k ? "," : "") << csv(row[k]);
      s << "\n";
    }
  } else if (format == "tex") {
    auto tex = [](std::string c) {
      std::string o;
      for (char ch : c)
        o += (ch == '_' || ch == '%' || ch == '&' || ch == '#') ? std::string("\\") + ch
                                                                : std::string(1, ch);
      return o;
    };
    s << "\\begin{tabular}{" << std::string(keys, 'l') << "l"
      << std::string(head.size() - keys - 1, 'r') << "}\n\\hline\n";
    for (size_t k = 0; k < head.size(); ++k) s << (k ? " & " : "") << tex(head[k]);
    s << " \\\\\n\\hline\n";
    for (const auto& row : body) {
      for (size_t k = 0; k < row.size(); ++k) s << (k ? " & " : "") << tex(row[k]);
      s << " \\\\\n";
    }
    s << "\\hline\n\\end{tabular}\n";
  } else {
    for (size_t k = 0; k < head.size(); ++k) s << "| " << head[k] << " ";
    s << "|\n";
    for (size_t k = 0; k < head.size(); ++k) s << (k < keys + 1 ? "|---" : "|---:");
    s << "|\n";
    for (const auto& row : body) {
      for (const auto& c : row) s << "| " << c << " ";
      s << "|\n";
    }
  }
  return s.str();
}

std::vector<AblationSeries> ablationSeries(const std::vector<SweepRow>& rows, std::string* metric) {
  bool all_ll = true, any = false;
  for (const SweepRow& r : rows)
    if (r.state == "finished") {
      any = true;
      all_ll = all_ll && std::isfinite(r.test_ll);
    }
  const bool use_ll = any && all_ll;
  if (metric) *metric = use_ll ? "test log-likelihood" : "best validation ELBO";
  // (model, M) -> N' -> values
  std::map<std::pair<std::string, int64_t>, std::map<int64_t, std::vector<double>>> groups;
  for (const SweepRow& r : rows) {
    if (r.state != "finished") continue;
    const double v = use_ll ? r.test_ll : r.best_valid_elbo;
    if (!std::isfinite(v)) continue;
    groups[{r.model, r.nodes * r.node_dim}][r.node_dim].push_back(v);
  }
  std::vector<AblationSeries> out;
  for (const auto& [key, by_dim] : groups) {
    AblationSeries s;
    s.model = key.first;
    s.latent = key.second;
    for (const auto& [dim, values] : by_dim) {
      double sum = 0;
      for (double v : values) sum += v;
      s.node_dim.push_back(static_cast<double>(dim));
      s.mean.push_back(sum / static_cast<double>(values.size()));
      s.lo.push_back(*std::min_element(values.begin(), values.end()));
      s.hi.push_back(*std::max_element(values.begin(), values.end()));
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace gvae
