// Precompiled header for core's LibTorch translation units (never included by hand).
#pragma once
#include <torch/nn.h>
#include <torch/optim.h>
#include <torch/types.h>
