// Adam update, gradient clipping and conversion of state to and from named arrays.
#include "core/training/adam.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <functional>
#include <map>

#include "core/models/fused_kernels.h"

namespace gvae {

Adam::Adam(std::vector<std::pair<std::string, torch::Tensor>> params, double lr, double beta1,
           double beta2, double eps)
    : params_(std::move(params)), lr_(lr), beta1_(beta1), beta2_(beta2), eps_(eps) {
  for (auto& [name, p] : params_) {
    exp_avg_.push_back(torch::zeros_like(p));
    exp_avg_sq_.push_back(torch::zeros_like(p));
    lr_scale_.push_back(1.0);
  }
}

void Adam::setLrScale(const std::string& prefix, double scale) {
  for (size_t k = 0; k < params_.size(); ++k)
    if (params_[k].first.rfind(prefix, 0) == 0) lr_scale_[k] = scale;
}

void Adam::step(double grad_scale) {
  torch::NoGradGuard no_grad;
  ++step_;
  const double bc1 = 1.0 - std::pow(beta1_, static_cast<double>(step_));
  const double bc2 = 1.0 - std::pow(beta2_, static_cast<double>(step_));
  const double inv_sqrt_bc2 = 1.0 / std::sqrt(bc2);
  for (size_t k = 0; k < params_.size(); ++k) {
    const double step_size = lr_ * lr_scale_[k] / bc1;
    auto& p = params_[k].second;
    const auto& g = p.grad();
    if (!g.defined()) continue;
    auto& m = exp_avg_[k];
    auto& v = exp_avg_sq_[k];
    const bool fused = p.device().is_cpu() && p.scalar_type() == torch::kFloat &&
                       g.scalar_type() == torch::kFloat && p.is_contiguous() && g.is_contiguous();
    if (fused) {
      const AdamCoefficients c{static_cast<float>(beta1_),       static_cast<float>(beta2_),
                               static_cast<float>(grad_scale),   static_cast<float>(step_size),
                               static_cast<float>(inv_sqrt_bc2), static_cast<float>(eps_)};
      float *P = p.data_ptr<float>(), *M = m.data_ptr<float>(), *V = v.data_ptr<float>();
      const float* G = g.data_ptr<float>();
      at::parallel_for(0, p.numel(), 1 << 14,
                       [&](int64_t begin, int64_t end) { adamUpdate(begin, end, c, P, G, M, V); });
    } else {
      auto gs = g * grad_scale;
      m.mul_(beta1_).add_(gs, 1.0 - beta1_);
      v.mul_(beta2_).addcmul_(gs, gs, 1.0 - beta2_);
      p.addcdiv_(m, (v.sqrt() * inv_sqrt_bc2).add_(eps_), -step_size);
    }
  }
}

void Adam::zeroGrad() {
  for (auto& [name, p] : params_)
    if (p.grad().defined()) p.mutable_grad().reset();
}

torch::Tensor Adam::gradNorm() const {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> grads;
  bool fused = true;
  for (const auto& [name, p] : params_) {
    const auto& g = p.grad();
    if (!g.defined()) continue;
    grads.push_back(g);
    fused &= g.device().is_cpu() && g.scalar_type() == torch::kFloat && g.is_contiguous();
  }
  if (grads.empty()) return torch::zeros({});
  if (!fused) {
    std::vector<torch::Tensor> norms;
    for (const auto& g : grads) norms.push_back(g.norm());
    return torch::stack(norms).norm();
  }
  // One pass over the gradients in place of a norm op per parameter.
  double total = 0;
  for (const auto& g : grads) {
    const float* G = g.data_ptr<float>();
    total += at::parallel_reduce(
        int64_t{0}, g.numel(), int64_t{1} << 15, 0.0,
        [&](int64_t begin, int64_t end, double acc) { return acc + sumOfSquares(begin, end, G); },
        std::plus<double>());
  }
  return torch::tensor(std::sqrt(total), torch::kDouble);
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
