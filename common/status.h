// Status, Result<T> and SAGASU_RETURN_IF_ERROR, defined in the public
// include/sagasu/status.h, which the engine shares with embedders.
#pragma once

#include "sagasu/status.h"
