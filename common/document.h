// The document model and its date helpers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sagasu/types.h"

namespace sagasu {

// The document model is the public sagasu::Article (include/sagasu/types.h):
// what a source produces and what the index stores. Text fields are valid
// UTF-8 (sources reject anything else).

// Field-by-field equality (tests compare parsed articles).
bool operator==(const Article& a, const Article& b);

// FormatDate (seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ") is declared
// in the public sagasu/types.h.

// Parses "2025-11-30", "2025-11-30 16:39:09 +0000", "2012-03-06T13:00:00+0900",
// "2012-03-06T13:00:00+09:00", "2012-03-06T13:00:00Z", "2012/03/06 13:00" into
// seconds since the epoch (UTC). Returns nullopt on anything else.
std::optional<std::int64_t> ParseDate(std::string_view text);

}  // namespace sagasu
