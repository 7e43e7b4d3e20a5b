// The stochastic block model, the LINQS reader, the edge split and the GCN's normalization.
#include "core/data/graph.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/data/splitmix.h"

namespace gvae {
namespace {

Edge ordered(int64_t a, int64_t b) { return a < b ? Edge{a, b} : Edge{b, a}; }

void sortUnique(std::vector<Edge>* edges) {
  std::sort(edges->begin(), edges->end());
  edges->erase(std::unique(edges->begin(), edges->end()), edges->end());
}

// Opens `path` or says why not.
Status openText(const std::string& path, std::ifstream* in) {
  in->open(path);
  if (!*in) return Status::Error(path + ": cannot open (" + std::strerror(errno) + ")");
  return Status::Ok();
}

std::vector<std::string> tokens(const std::string& line) {
  std::istringstream s(line);
  std::vector<std::string> out;
  for (std::string t; s >> t;) out.push_back(t);
  return out;
}

std::string where(const std::string& path, int64_t line) {
  return path + ", line " + std::to_string(line) + ": ";
}

}  // namespace

Graph generateSbm(const SbmOptions& o) {
  SplitMix64 rng(o.seed);
  Graph g;
  g.nodes = o.classes * o.per_class;
  g.features = o.words;
  for (int64_t c = 0; c < o.classes; ++c) g.class_names.push_back("block " + std::to_string(c + 1));
  g.labels.resize(static_cast<size_t>(g.nodes));
  for (int64_t i = 0; i < g.nodes; ++i) g.labels[size_t(i)] = i / o.per_class;
  const int64_t own = o.words / o.classes;
  g.x.assign(static_cast<size_t>(g.nodes * g.features), 0.f);
  for (int64_t i = 0; i < g.nodes; ++i)
    for (int64_t w = 0; w < g.features; ++w) {
      const bool mine = w / own == g.labels[size_t(i)];
      g.x[size_t(i * g.features + w)] = rng.uniform() < (mine ? o.p_own : o.p_other) ? 1.f : 0.f;
    }
  for (int64_t a = 0; a < g.nodes; ++a)
    for (int64_t b = a + 1; b < g.nodes; ++b)
      if (rng.uniform() < (g.labels[size_t(a)] == g.labels[size_t(b)] ? o.p_in : o.p_out))
        g.edges.push_back({a, b});
  return g;
}

Status readLinqsGraph(const std::string& dir, const std::string& name, Graph* out,
                      int64_t* skipped) {
  namespace fs = std::filesystem;
  const std::string content = (fs::path(dir) / (name + ".content")).string();
  const std::string cites = (fs::path(dir) / (name + ".cites")).string();
  std::error_code ec;
  if (!fs::exists(content, ec) && fs::exists(fs::path(dir) / ("ind." + name + ".x"), ec))
    return Status::Error(dir + ": holds Planetoid's ind." + name +
                         ".* files, which are Python pickles; graphvae does not unpickle "
                         "files. Bring the original LINQS text files " +
                         name + ".content and " + name + ".cites instead");
  std::ifstream in;
  Status st = openText(content, &in);
  if (!st) return st;
  Graph g;
  std::map<std::string, int64_t> id_of, class_of;
  std::vector<std::string> class_of_node;
  int64_t line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    const auto t = tokens(line);
    if (t.empty()) continue;
    if (t.size() < 3)
      return Status::Error(where(content, line_no) +
                           "expected an id, word features and a class; found " +
                           std::to_string(t.size()) + " field(s)");
    const auto f = static_cast<int64_t>(t.size()) - 2;
    if (g.nodes == 0) g.features = f;
    if (f != g.features)
      return Status::Error(where(content, line_no) + std::to_string(f) + " features where line " +
                           "1 has " + std::to_string(g.features));
    if (!id_of.emplace(t[0], g.nodes).second)
      return Status::Error(where(content, line_no) + "node id '" + t[0] + "' appears twice");
    for (int64_t k = 1; k <= f; ++k) {
      char* end = nullptr;
      const float v = std::strtof(t[size_t(k)].c_str(), &end);
      if (end == t[size_t(k)].c_str() || *end != '\0' || !std::isfinite(v))
        return Status::Error(where(content, line_no) + "feature " + std::to_string(k) + " is '" +
                             t[size_t(k)] + "', not a number");
      g.x.push_back(v);
    }
    class_of_node.push_back(t.back());
    class_of.emplace(t.back(), 0);
    ++g.nodes;
  }
  if (in.bad()) return Status::Error(content + ": read error (" + std::strerror(errno) + ")");
  if (g.nodes == 0) return Status::Error(content + ": no nodes (an empty file)");
  for (auto& [cls, index] : class_of) {  // classes in sorted order, as names
    index = static_cast<int64_t>(g.class_names.size());
    g.class_names.push_back(cls);
  }
  for (const auto& cls : class_of_node) g.labels.push_back(class_of[cls]);

  std::ifstream cin;
  st = openText(cites, &cin);
  if (!st) return st;
  int64_t missing = 0;
  line_no = 0;
  for (std::string line; std::getline(cin, line);) {
    ++line_no;
    const auto t = tokens(line);
    if (t.empty()) continue;
    if (t.size() != 2)
      return Status::Error(where(cites, line_no) + "expected two node ids; found " +
                           std::to_string(t.size()) + " field(s)");
    const auto a = id_of.find(t[0]), b = id_of.find(t[1]);
    if (a == id_of.end() || b == id_of.end()) {
      ++missing;
      continue;
    }
    if (a->second != b->second) g.edges.push_back(ordered(a->second, b->second));
  }
  if (cin.bad()) return Status::Error(cites + ": read error (" + std::strerror(errno) + ")");
  sortUnique(&g.edges);
  if (g.edges.empty()) return Status::Error(cites + ": no citation joins two nodes of " + content);
  if (skipped) *skipped = missing;
  *out = std::move(g);
  return Status::Ok();
}

Status splitEdges(const Graph& graph, double valid, double test, uint64_t seed, EdgeSplit* out) {
  const auto e = static_cast<int64_t>(graph.edges.size());
  const auto n_test = static_cast<int64_t>(std::floor(test * static_cast<double>(e)));
  const auto n_valid = static_cast<int64_t>(std::floor(valid * static_cast<double>(e)));
  if (n_test < 1 || n_valid < 1 || n_test + n_valid >= e)
    return Status::Error("the graph has " + std::to_string(e) +
                         " edges: too few to hold out validation and test edges");
  const double pairs =
      0.5 * static_cast<double>(graph.nodes) * static_cast<double>(graph.nodes - 1);
  if (pairs - static_cast<double>(e) < 2.0 * static_cast<double>(n_test + n_valid))
    return Status::Error("the graph is too dense to sample as many non-edges as held-out edges");
  SplitMix64 rng(seed);
  std::vector<Edge> shuffled = graph.edges;
  for (int64_t i = e - 1; i > 0; --i)  // Fisher-Yates
    std::swap(shuffled[size_t(i)], shuffled[rng.below(uint64_t(i + 1))]);
  EdgeSplit s;
  s.test_pos.assign(shuffled.begin(), shuffled.begin() + n_test);
  s.valid_pos.assign(shuffled.begin() + n_test, shuffled.begin() + n_test + n_valid);
  s.train.assign(shuffled.begin() + n_test + n_valid, shuffled.end());
  std::sort(s.train.begin(), s.train.end());
  const std::set<Edge> present(graph.edges.begin(), graph.edges.end());
  std::set<Edge> taken;
  const auto negatives = [&](int64_t count, std::vector<Edge>* into) {
    while (static_cast<int64_t>(into->size()) < count) {
      const auto a = static_cast<int64_t>(rng.below(uint64_t(graph.nodes)));
      const auto b = static_cast<int64_t>(rng.below(uint64_t(graph.nodes)));
      if (a == b) continue;
      const Edge pair = ordered(a, b);
      if (present.count(pair) || !taken.insert(pair).second) continue;
      into->push_back(pair);
    }
  };
  negatives(n_test, &s.test_neg);
  negatives(n_valid, &s.valid_neg);
  *out = std::move(s);
  return Status::Ok();
}

std::vector<SparseEntry> normalizedAdjacency(int64_t nodes, const std::vector<Edge>& edges) {
  std::vector<double> degree(static_cast<size_t>(nodes), 1.0);  // the self-loop
  for (const auto& [a, b] : edges) {
    degree[size_t(a)] += 1;
    degree[size_t(b)] += 1;
  }
  std::vector<SparseEntry> out;
  out.reserve(2 * edges.size() + size_t(nodes));
  const auto scale = [&](int64_t a, int64_t b) {
    return 1.0 / std::sqrt(degree[size_t(a)] * degree[size_t(b)]);
  };
  for (const auto& [a, b] : edges) {
    out.push_back({a, b, scale(a, b)});
    out.push_back({b, a, scale(a, b)});
  }
  for (int64_t i = 0; i < nodes; ++i) out.push_back({i, i, scale(i, i)});
  std::sort(out.begin(), out.end(), [](const SparseEntry& p, const SparseEntry& q) {
    return p.row != q.row ? p.row < q.row : p.col < q.col;
  });
  return out;
}

}  // namespace gvae
