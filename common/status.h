// Status and Result<T> (defined in the public include/sagasu/status.h, which
// the engine shares with embedders) plus helpers for the engine's own code.
#pragma once

#include "sagasu/status.h"

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define SAGASU_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::sagasu::Status _st = (expr);              \
    if (!_st.ok()) return _st;                  \
  } while (0)
