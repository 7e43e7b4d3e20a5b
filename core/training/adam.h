// Adam with state we own, so checkpoints hold it as plain named arrays on every LibTorch version.
#pragma once

#include <torch/types.h>

#include <string>
#include <utility>
#include <vector>

#include "core/io/run_file.h"
#include "core/util/status.h"

namespace gvae {

/// Adam (Kingma & Ba) over named parameters; the same update as torch::optim::Adam.
///   Adam opt(model->named_parameters().pairs(), 1e-3);
///   opt.zeroGrad(); loss.backward();
///   double norm = opt.gradNorm().item<double>();
///   opt.step(std::min(1.0, 5.0 / (norm + 1e-6)));   // clipped to norm 5
class Adam {
 public:
  Adam(std::vector<std::pair<std::string, torch::Tensor>> params, double lr, double beta1 = 0.9,
       double beta2 = 0.999, double eps = 1e-8);

  /// One update with every gradient multiplied by `grad_scale` (gradient clipping). Contiguous
  /// float32 CPU tensors take a fused single pass (no temporaries); others use tensor ops.
  void step(double grad_scale = 1.0);
  /// Releases the gradients (like PyTorch's set_to_none): the next backward pass then hands its
  /// gradient buffers over instead of adding them into zeroed ones.
  void zeroGrad();
  /// Joint L2 norm of all gradients as a 0-d tensor (no host synchronisation on a GPU; on the
  /// CPU one pass over the float32 gradients).
  torch::Tensor gradNorm() const;

  double lr() const { return lr_; }
  /// Every parameter whose name starts with `prefix` steps at scale * lr() (a learning rate of
  /// its own that follows later changes of lr()).
  void setLrScale(const std::string& prefix, double scale);
  void setLr(double lr) { lr_ = lr; }
  int64_t steps() const { return step_; }

  /// State as "<param path>/exp_avg", "<param path>/exp_avg_sq" and "step".
  std::vector<NamedArray> state() const;
  Status loadState(const std::vector<NamedArray>& arrays);

 private:
  std::vector<std::pair<std::string, torch::Tensor>> params_;
  std::vector<torch::Tensor> exp_avg_, exp_avg_sq_;
  std::vector<double> lr_scale_;  // per parameter
  double lr_, beta1_, beta2_, eps_;
  int64_t step_ = 0;
};

/// Tensor <-> NamedArray (float32 on the CPU; integer buffers are converted).
NamedArray toNamedArray(const std::string& name, const torch::Tensor& t);
/// Copies `a` into `dst` (any device/dtype) after checking the shape; the error names `a`.
Status copyFromNamedArray(const NamedArray& a, torch::Tensor dst);

}  // namespace gvae
