// Node <-> factor alignment by held-out R^2, DAG comparison and factor orders (ground_truth.h).
#include "core/eval/ground_truth.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "core/eval/linear_fit.h"

namespace gvae {
namespace {

using Edge = std::pair<int, int>;

using linfit::columns;
using linfit::Matrix;

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

// Rows of cost [rows x cols] (rows <= cols, finite) matched to distinct columns at the least
// total cost: the Hungarian algorithm with potentials, O(rows^2 cols). Column of each row.
std::vector<int64_t> minCostAssignment(const Matrix& cost) {
  const int64_t n = cost.rows, m = cost.cols;
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1, 0.0), v(m + 1, 0.0);
  std::vector<int64_t> row_of(m + 1, 0), way(m + 1, 0);  // 1-based; column 0 is a sentinel
  for (int64_t i = 1; i <= n; ++i) {
    row_of[0] = i;
    int64_t j0 = 0;
    std::vector<double> min_slack(m + 1, inf);
    std::vector<bool> used(m + 1, false);
    do {  // grow an alternating tree from row i until it reaches a free column
      used[j0] = true;
      const int64_t i0 = row_of[j0];
      double delta = inf;
      int64_t j1 = 0;
      for (int64_t j = 1; j <= m; ++j) {
        if (used[j]) continue;
        const double slack = cost(i0 - 1, j - 1) - u[i0] - v[j];
        if (slack < min_slack[j]) {
          min_slack[j] = slack;
          way[j] = j0;
        }
        if (min_slack[j] < delta) {
          delta = min_slack[j];
          j1 = j;
        }
      }
      for (int64_t j = 0; j <= m; ++j) {
        if (used[j]) {
          u[row_of[j]] += delta;
          v[j] -= delta;
        } else {
          min_slack[j] -= delta;
        }
      }
      j0 = j1;
    } while (row_of[j0] != 0);
    do {  // flip the augmenting path
      const int64_t j1 = way[j0];
      row_of[j0] = row_of[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<int64_t> col_of_row(n, -1);
  for (int64_t j = 1; j <= m; ++j)
    if (row_of[j] != 0) col_of_row[row_of[j] - 1] = j - 1;
  return col_of_row;
}

std::string fixed2(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

std::string nodeName(int64_t k) { return "z" + std::to_string(k + 1); }

// "a", "a and b", "a, b and c".
std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return out;
}

// Orders NaN first, so a NaN is the weakest point.
double weakness(double x) { return std::isnan(x) ? -std::numeric_limits<double>::infinity() : x; }

// Sets holds and verdict of an alignment whose r2 and node_of_factor are filled.
void judge(Alignment& a, const std::vector<FactorInfo>& factors, const AlignmentCriteria& c) {
  const std::string refusal = "The nodes do not align with the factors: ";
  a.holds = false;
  if (a.factors == 0) {
    a.verdict = "There are no factors to align.";
    return;
  }
  std::vector<std::string> unassigned;
  for (int64_t f = 0; f < a.factors; ++f)
    if (a.node_of_factor[f] < 0) unassigned.push_back(factors[f].name);
  if (!unassigned.empty()) {
    a.verdict = refusal +
                (a.nodes == 1 ? "there is only 1 node"
                              : "there are only " + std::to_string(a.nodes) + " nodes") +
                " for " + std::to_string(a.factors) + " factors, so " + joinNames(unassigned) +
                (unassigned.size() == 1 ? " has" : " have") + " no node.";
    return;
  }
  const double inf = std::numeric_limits<double>::infinity();
  int64_t weakest_r2 = 0, weakest_margin = 0;
  std::vector<double> aligned(a.factors), margin(a.factors, inf);
  std::vector<int64_t> rival(a.factors, -1);  // the best other node
  for (int64_t f = 0; f < a.factors; ++f) {
    const int64_t node = a.node_of_factor[f];
    aligned[f] = a.r2[node * a.factors + f];
    for (int64_t k = 0; k < a.nodes; ++k) {
      if (k == node) continue;
      const double gap = aligned[f] - a.r2[k * a.factors + f];
      if (rival[f] < 0 || weakness(gap) < weakness(margin[f])) {
        margin[f] = gap;
        rival[f] = k;
      }
    }
    if (weakness(aligned[f]) < weakness(aligned[weakest_r2])) weakest_r2 = f;
    if (weakness(margin[f]) < weakness(margin[weakest_margin])) weakest_margin = f;
  }
  if (!(aligned[weakest_r2] >= c.min_r2)) {
    const int64_t f = weakest_r2;
    a.verdict = refusal + factors[f].name + " is predicted poorly by its node " +
                nodeName(a.node_of_factor[f]) + " (R^2 " + fixed2(aligned[f]) + ", below " +
                fixed2(c.min_r2) + ").";
    return;
  }
  if (!(margin[weakest_margin] >= c.min_margin)) {
    const int64_t f = weakest_margin;
    const double rival_r2 = a.r2[rival[f] * a.factors + f];
    const bool better = !(rival_r2 <= aligned[f]);
    a.verdict = refusal + factors[f].name + " is predicted " +
                (better ? "better by " : "nearly as well by ") + nodeName(rival[f]) + " (R^2 " +
                fixed2(rival_r2) + (better ? ") than by its node " : ") as by its node ") +
                nodeName(a.node_of_factor[f]) + " (" + fixed2(aligned[f]) + ").";
    return;
  }
  a.holds = true;
  const double best = *std::max_element(aligned.begin(), aligned.end());
  const std::string range = fixed2(aligned[weakest_r2]) +
                            (fixed2(best) == fixed2(aligned[weakest_r2]) ? "" : "-" + fixed2(best));
  a.verdict =
      "Each factor is predicted best by its own node (R^2 " + range +
      (a.nodes == 1 ? "; there is no other node)."
                    : ", at least " + fixed2(margin[weakest_margin]) + " above any other node).");
}

std::map<std::string, int64_t> indexOfNames(const std::vector<FactorInfo>& factors) {
  std::map<std::string, int64_t> index;
  for (size_t f = 0; f < factors.size(); ++f) index.emplace(factors[f].name, f);
  return index;
}

}  // namespace

Alignment alignFactors(const std::vector<double>& means_fit, const std::vector<double>& factors_fit,
                       const std::vector<double>& means_score,
                       const std::vector<double>& factors_score, int64_t nodes, int64_t node_dim,
                       const std::vector<FactorInfo>& factors, const AlignmentCriteria& criteria) {
  require(nodes >= 1 && node_dim >= 1, "alignFactors: nodes and node_dim must be positive");
  const int64_t k_count = static_cast<int64_t>(factors.size()), width = nodes * node_dim;
  const auto [n_fit, n_score] = linfit::checkSplits(means_fit, factors_fit, means_score,
                                                    factors_score, width, factors, "alignFactors");

  Alignment a;
  a.nodes = nodes;
  a.factors = k_count;
  a.r2.assign(static_cast<size_t>(nodes * k_count), 0.0);
  for (int64_t f = 0; f < k_count; ++f) {
    const Matrix y_fit =
        linfit::factorTargets(factors_fit, n_fit, k_count, f, factors[f], "alignFactors");
    const Matrix y_score =
        linfit::factorTargets(factors_score, n_score, k_count, f, factors[f], "alignFactors");
    for (int64_t k = 0; k < nodes; ++k) {
      const linfit::RidgeFit fit =
          linfit::ridgeFit(columns(means_fit, n_fit, width, k * node_dim, node_dim), y_fit);
      a.r2[k * k_count + f] = linfit::pooledR2(
          y_score,
          linfit::predict(fit, columns(means_score, n_score, width, k * node_dim, node_dim)));
    }
  }

  // The smaller side is matched completely; a non-finite R^2 counts as a hopeless one.
  const bool by_factor = k_count <= nodes;
  Matrix cost(by_factor ? k_count : nodes, by_factor ? nodes : k_count);
  for (int64_t k = 0; k < nodes; ++k) {
    for (int64_t f = 0; f < k_count; ++f) {
      const double r2 = a.r2[k * k_count + f];
      const double c = std::isfinite(r2) ? -std::max(r2, -1e9) : 1e9;
      (by_factor ? cost(f, k) : cost(k, f)) = c;
    }
  }
  const std::vector<int64_t> match = minCostAssignment(cost);
  a.node_of_factor.assign(static_cast<size_t>(k_count), -1);
  for (size_t row = 0; row < match.size(); ++row) {
    if (by_factor)
      a.node_of_factor[row] = static_cast<int>(match[row]);
    else
      a.node_of_factor[match[row]] = static_cast<int>(row);
  }
  judge(a, factors, criteria);
  return a;
}

DagComparison compareDags(const NodeEdges& learned, const NodeEdges& truth) {
  const std::set<Edge> l(learned.begin(), learned.end()), t(truth.begin(), truth.end());
  const auto reverse = [](const Edge& e) { return Edge{e.second, e.first}; };
  const auto only_learned = [&](const Edge& e) { return l.count(e) && !t.count(e); };
  const auto only_true = [&](const Edge& e) { return t.count(e) && !l.count(e); };
  DagComparison out;
  std::set<Edge> pairs;  // unordered node pairs touched by either graph, as (min, max)
  for (const Edge& e : l) {
    if (t.count(e))
      out.correct.push_back(e);
    else if (only_true(reverse(e)))
      out.reversed.push_back(e);
    else
      out.extra.push_back(e);
    pairs.insert(std::minmax(e.first, e.second));
  }
  for (const Edge& e : t) {
    if (!l.count(e) && !only_learned(reverse(e))) out.missing.push_back(e);
    pairs.insert(std::minmax(e.first, e.second));
  }
  for (const Edge& p : pairs)
    if (l.count(p) != t.count(p) || l.count(reverse(p)) != t.count(reverse(p))) ++out.shd;
  const auto ratio = [](size_t num, size_t den) {
    return den == 0 ? 1.0 : static_cast<double>(num) / static_cast<double>(den);
  };
  out.precision = ratio(out.correct.size(), l.size());
  out.recall = ratio(out.correct.size(), t.size());
  return out;
}

NodeEdges mapFactorDag(const std::vector<std::pair<std::string, std::string>>& factor_edges,
                       const std::vector<FactorInfo>& factors,
                       const std::vector<int>& node_of_factor) {
  require(node_of_factor.size() == factors.size(),
          "mapFactorDag: node_of_factor and factors differ in size");
  const std::map<std::string, int64_t> index = indexOfNames(factors);
  const auto node = [&](const std::string& name) {
    const auto it = index.find(name);
    require(it != index.end(), "mapFactorDag: unknown factor " + name);
    return node_of_factor[it->second];
  };
  NodeEdges edges;
  for (const auto& [parent, child] : factor_edges) {
    const int from = node(parent), to = node(child);
    if (from >= 0 && to >= 0) edges.emplace_back(from + 1, to + 1);
  }
  return edges;
}

std::vector<std::string> rootFirstFactorOrder(
    const std::vector<std::pair<std::string, std::string>>& factor_edges,
    const std::vector<FactorInfo>& factors) {
  const std::map<std::string, int64_t> index = indexOfNames(factors);
  std::vector<int> parents_left(factors.size(), 0);
  std::vector<std::vector<int64_t>> children(factors.size());
  for (const auto& [parent, child] : factor_edges) {
    const auto p = index.find(parent), c = index.find(child);
    if (p == index.end() || c == index.end()) return {};
    children[p->second].push_back(c->second);
    ++parents_left[c->second];
  }
  // Kahn's algorithm, always taking the first listed factor whose parents are all placed.
  std::vector<bool> placed(factors.size(), false);
  std::vector<std::string> order;
  while (order.size() < factors.size()) {
    size_t f = 0;
    while (f < factors.size() && (placed[f] || parents_left[f] > 0)) ++f;
    if (f == factors.size()) return {};  // every remaining factor waits on another: a cycle
    placed[f] = true;
    order.push_back(factors[f].name);
    for (int64_t c : children[f]) --parents_left[c];
  }
  return order;
}

}  // namespace gvae
