// Checks that raw bytes are text we can index: not empty, not binary, UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "common/status.h"

namespace sagasu {

// Returns the byte offset of the first byte that does not start a valid UTF-8
// sequence (overlong forms, surrogates and code points above U+10FFFF are
// invalid), or nullopt when `bytes` is valid UTF-8.
std::optional<size_t> FindInvalidUtf8(std::string_view bytes);

// Returns OK when `bytes` is non-empty (not only whitespace), contains no NUL
// byte and is valid UTF-8. Otherwise InvalidArgument "<origin>: <reason>",
// where the reason names the byte offset of the offending byte.
Status CheckText(std::string_view bytes, std::string_view origin);

// Removes a leading UTF-8 byte order mark, if any.
std::string_view StripBom(std::string_view bytes);

// `s` without leading and trailing ASCII whitespace.
std::string_view TrimAscii(std::string_view s);

}  // namespace sagasu
