// Precompiled header for the core tests: LibTorch first, then QtTest (built with QT_NO_KEYWORDS).
#pragma once
#include <torch/nn.h>
#include <torch/optim.h>
#include <torch/types.h>

#include <QtTest/QtTest>
