// Adam update, gradient clipping and conversion of state to and from named arrays.
#include "core/training/adam.h"

#include <cmath>
#include <map>

namespace gvae {

Adam::Adam(std::vector<std::pair<std::string, torch::Tensor>> params, double lr, double beta1,
           double beta2, double eps)
    : params_(std::move(params)), lr_(lr), beta1_(beta1), beta2_(beta2), eps_(eps) {
  for (auto& [name, p] : params_) {
    exp_avg_.push_back(torch::zeros_like(p));
    exp_avg_sq_.push_back(torch::zeros_like(p));
  }
}

void Adam::step() {
  torch::NoGradGuard no_grad;
  ++step_;
  const double bc1 = 1.0 - std::pow(beta1_, static_cast<double>(step_));
  const double bc2 = 1.0 - std::pow(beta2_, static_cast<double>(step_));
  for (size_t k = 0; k < params_.size(); ++k) {
    auto& p = params_[k].second;
    const auto& g = p.grad();
    if (!g.defined()) continue;
    exp_avg_[k].mul_(beta1_).add_(g, 1.0 - beta1_);
    exp_avg_sq_[k].mul_(beta2_).addcmul_(g, g, 1.0 - beta2_);
    auto denom = (exp_avg_sq_[k].sqrt() / std::sqrt(bc2)).add_(eps_);
    p.addcdiv_(exp_avg_[k], denom, -lr_ / bc1);
  }
}

void Adam::zeroGrad() {
  for (auto& [name, p] : params_)
    if (p.grad().defined()) p.mutable_grad().zero_();
}

torch::Tensor Adam::clipGradNorm(double max_norm) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> norms;
  for (auto& [name, p] : params_)
    if (p.grad().defined()) norms.push_back(p.grad().norm().to(torch::kFloat));
  if (norms.empty()) return torch::zeros({});
  auto total = torch::stack(norms).norm();
  auto scale = (max_norm / (total + 1e-6)).clamp_max(1.0);
  for (auto& [name, p] : params_)
    if (p.grad().defined()) p.mutable_grad().mul_(scale);
  return total;
}

std::vector<NamedArray> Adam::state() const {
  std::vector<NamedArray> out;
  for (size_t k = 0; k < params_.size(); ++k) {
    out.push_back(toNamedArray(params_[k].first + "/exp_avg", exp_avg_[k]));
    out.push_back(toNamedArray(params_[k].first + "/exp_avg_sq", exp_avg_sq_[k]));
  }
  out.push_back({"step", {1}, {static_cast<float>(step_)}});
  return out;
}

Status Adam::loadState(const std::vector<NamedArray>& arrays) {
  std::map<std::string, const NamedArray*> by_name;
  for (const auto& a : arrays) by_name[a.name] = &a;
  auto step = by_name.find("step");
  if (step == by_name.end() || step->second->values.size() != 1)
    return Status::Error("optimizer state has no step count");
  for (size_t k = 0; k < params_.size(); ++k) {
    for (auto [suffix, dst] :
         {std::pair{"/exp_avg", exp_avg_[k]}, {"/exp_avg_sq", exp_avg_sq_[k]}}) {
      auto it = by_name.find(params_[k].first + suffix);
      if (it == by_name.end())
        return Status::Error("optimizer state lacks " + params_[k].first + suffix);
      Status st = copyFromNamedArray(*it->second, dst);
      if (!st) return st;
    }
  }
  step_ = static_cast<int64_t>(step->second->values[0]);
  return Status::Ok();
}

NamedArray toNamedArray(const std::string& name, const torch::Tensor& t) {
  auto cpu = t.detach().to(torch::kCPU, torch::kFloat).contiguous();
  NamedArray a;
  a.name = name;
  a.shape.assign(cpu.sizes().begin(), cpu.sizes().end());
  a.values.assign(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
  return a;
}

Status copyFromNamedArray(const NamedArray& a, torch::Tensor dst) {
  std::vector<int64_t> want(dst.sizes().begin(), dst.sizes().end());
  auto shape = a.shape;
  if (want.empty() && shape == std::vector<int64_t>{1}) shape.clear();  // 0-d stored as [1]
  if (shape != want || static_cast<int64_t>(a.values.size()) != dst.numel())
    return Status::Error("checkpoint array '" + a.name + "' has the wrong shape for this model");
  torch::NoGradGuard no_grad;
  auto src = torch::from_blob(const_cast<float*>(a.values.data()), dst.sizes(), torch::kFloat);
  dst.copy_(src);
  return Status::Ok();
}

}  // namespace gvae
