// Checks that raw bytes are text we can index: not empty, not binary, UTF-8.
#pragma once

#include <string_view>

#include "common/status.h"

namespace sagasu {

// Returns OK when `bytes` is non-empty (not only whitespace), contains no NUL
// byte and is valid UTF-8. Otherwise InvalidArgument "<origin>: <reason>",
// where the reason names the byte offset of the offending byte.
Status CheckText(std::string_view bytes, std::string_view origin);

// Removes a leading UTF-8 byte order mark, if any.
std::string_view StripBom(std::string_view bytes);

}  // namespace sagasu
