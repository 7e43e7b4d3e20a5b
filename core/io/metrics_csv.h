// A run's metrics as CSV for spreadsheets and plotting scripts: every per-epoch scalar, and the
// per-step train curve. Torch-free.
#pragma once

#include <string>

#include "core/io/run_file.h"

namespace gvae {

/// One row per epoch of `run`, columns in this order: epoch, step, train_elbo, train_nll,
/// train_kl, valid_elbo, valid_nll, valid_kl, valid_gates, tau, lr, kl_weight, seconds,
/// samples_per_s, grad_norm, skipped_steps, then for a graph model valid_auc and valid_ap
/// (link prediction on the validation edges), then kl_z1..kl_zN (validation KL per node), then per
/// gate g (RunRecord::gate_pairs order, named zI_zJ, or zIprev_zJ for a recurrent gate): mu_<g>,
/// frozen_<g> (-1 free, 0 / 1 frozen), off_relaxed_<g> and off_sampled_<g> (ELBO change with
/// the gate forced off; empty when not measured). A value missing from an epoch is empty;
/// numbers use '.' and up to 9 significant digits, NaN and infinities are written as such.
std::string epochMetricsCsv(const RunRecord& run);

/// One row per logged step: step, epoch, elbo, nll, kl (train batches, nats per example).
std::string stepMetricsCsv(const RunRecord& run);

}  // namespace gvae
