// Bernoulli gates with the binary Concrete relaxation, freezing and hard/sampled evaluation.
#include "core/models/gates.h"

#include <algorithm>

#include "core/models/noise.h"
#include "core/training/progress.h"
#include "core/training/run_config.h"

namespace gvae {

namespace {

// Child j = N-1..1, then parent i = j+1..N: the parents of one child are contiguous.
std::vector<std::pair<int, int>> dagPairs(int64_t nodes) {
  std::vector<std::pair<int, int>> pairs;
  for (int j = static_cast<int>(nodes) - 1; j >= 1; --j)
    for (int i = j + 1; i <= nodes; ++i) pairs.emplace_back(i, j);
  return pairs;
}

}  // namespace

GateParam gateParamOf(const RunConfig& config) {
  return config.gate_param == "prob" ? GateParam::kProb : GateParam::kLogit;
}

GatesImpl::GatesImpl(int64_t nodes, GateParam param)
    : GatesImpl(nodes, dagPairs(std::max<int64_t>(nodes, 1)), param) {}

GatesImpl::GatesImpl(int64_t nodes, std::vector<std::pair<int, int>> pairs, GateParam param)
    : param_(param), nodes_(nodes), pairs_(std::move(pairs)) {
  TORCH_CHECK(nodes >= 1, "a DAG needs at least one node");
  // The parameter's name says what it holds, so a checkpoint of one kind never loads as the
  // other; both start at mu = kGateInitialMu (sigmoid(0) = 0.5), where gate plots begin.
  weight = param == GateParam::kLogit
               ? register_parameter("logits", torch::zeros({count()}))
               : register_parameter("probs", torch::full({count()}, kGateInitialMu));
  frozen = register_buffer("frozen", torch::full({count()}, -1.0));
}

torch::Tensor GatesImpl::theta() const {
  if (param_ == GateParam::kLogit) return weight;
  auto p = weight.clamp(kGateProbMin, 1.0 - kGateProbMin);
  return torch::log(p) - torch::log1p(-p);
}

torch::Tensor GatesImpl::freeMu() const {
  auto m = param_ == GateParam::kLogit ? torch::sigmoid(weight)
                                       : weight.clamp(kGateProbMin, 1.0 - kGateProbMin);
  return m * (frozen < 0).to(m.scalar_type());
}

void GatesImpl::project() {
  if (param_ != GateParam::kProb) return;
  torch::NoGradGuard no_grad;
  weight.clamp_(kGateProbMin, 1.0 - kGateProbMin);
}

int64_t GatesImpl::index(int i, int j) const {
  for (size_t g = 0; g < pairs_.size(); ++g)
    if (pairs_[g].first == i && pairs_[g].second == j) return static_cast<int64_t>(g);
  return -1;
}

torch::Tensor GatesImpl::sample(GateMode mode, double tau, int64_t rows, bool straight_through) {
  auto theta = this->theta().unsqueeze(0).expand({rows, count()});
  torch::Tensor c;
  switch (mode) {
    case GateMode::kRelaxed: {
      // g1 - g2 of two Gumbel(0,1) variables is Logistic(0,1): log u - log(1 - u).
      auto u = randLike(theta).clamp(1e-6, 1.0 - 1e-6);
      auto noisy = theta + torch::log(u) - torch::log1p(-u);
      c = torch::sigmoid(noisy / tau);
      // P(theta + L > 0) = sigmoid(theta): the hard value is an exact Bernoulli(mu) draw.
      if (straight_through) c = (noisy > 0).to(c.scalar_type()) + (c - c.detach());
      break;
    }
    case GateMode::kHard:
      c = (theta > 0).to(theta.scalar_type());
      break;
    case GateMode::kSampled:
      c = gvae::bernoulli(torch::sigmoid(theta.detach()));
      break;
  }
  auto is_frozen = (frozen >= 0).unsqueeze(0);
  // where() routes no gradient to theta for frozen entries.
  return torch::where(is_frozen, frozen.unsqueeze(0).expand_as(c), c);
}

torch::Tensor GatesImpl::mu() const {
  auto m = param_ == GateParam::kLogit ? torch::sigmoid(weight.detach())
                                       : weight.detach().clamp(kGateProbMin, 1.0 - kGateProbMin);
  return torch::where(frozen >= 0, frozen, m);
}

std::vector<int8_t> GatesImpl::frozenCodes() const {
  auto f = frozen.to(torch::kCPU);
  std::vector<int8_t> out(count());
  auto acc = f.accessor<float, 1>();
  for (int64_t g = 0; g < count(); ++g) out[g] = static_cast<int8_t>(acc[g]);
  return out;
}

void GatesImpl::freeze(int64_t gate, double value) {
  TORCH_CHECK(gate >= 0 && gate < count(), "gate index out of range");
  TORCH_CHECK(value == 0.0 || value == 1.0, "a gate freezes to 0 or 1");
  torch::NoGradGuard no_grad;
  frozen[gate].fill_(value);
}

void GatesImpl::unfreeze(int64_t gate) {
  TORCH_CHECK(gate >= 0 && gate < count(), "gate index out of range");
  torch::NoGradGuard no_grad;
  frozen[gate].fill_(-1.0);
}

std::vector<int64_t> GatesImpl::freezeConverged(double eps) {
  auto m = mu().to(torch::kCPU);
  auto codes = frozenCodes();
  std::vector<int64_t> done;
  for (int64_t g = 0; g < count(); ++g) {
    if (codes[g] >= 0) continue;  // already frozen
    double v = m[g].item<double>();
    if (v < eps) {
      freeze(g, 0.0);
      done.push_back(g);
    } else if (v > 1.0 - eps) {
      freeze(g, 1.0);
      done.push_back(g);
    }
  }
  return done;
}

}  // namespace gvae
