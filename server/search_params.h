// The parameters of GET /search and their limits.
//
//   q          query text (syntax: SearchQuery::text), at most
//              max_query_bytes bytes; may be empty when a filter is given
//   tag        repeatable; a document must carry all of them, or any of
//              them with tag_mode=any
//   tag_mode   all (default) or any
//   category   repeatable; any of them
//   author     repeatable; any of them
//   since      YYYY, YYYY-MM, YYYY-MM-DD or a date-time; inclusive
//   until      same formats; inclusive (a month covers the whole month)
//   sort       score (default), date (newest first) or date-asc
//   page       1-based page number (default 1)
//   size       hits per page, 1..100 (default 10); page*size at most 10000
//
// The ranges are limits::kPageSize and limits::kLimit (<sagasu/limits.h>);
// sort names and date forms are the ones every front-end parses.
// Tracking parameters are ignored: utm_* (utm_source, utm_medium...) and any
// name starting with '_' (a cache buster such as _=1700000000). Any other
// parameter, a repeated single-valued one, or a value out of range is an
// InvalidArgument whose message names the parameter; *fault (when not null)
// then receives the error code and the parameter for the JSON error (README,
// "Errors"): unknown_parameter, query_too_long or invalid_parameter.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "sagasu/limits.h"
#include "sagasu/sagasu.h"

namespace sagasu {

inline constexpr std::size_t kMaxPageSize = static_cast<std::size_t>(limits::kPageSize.max);
inline constexpr std::size_t kMaxResultWindow = static_cast<std::size_t>(limits::kLimit.max);  // page * size
inline constexpr std::size_t kMaxFilterValues = static_cast<std::size_t>(limits::kFilterValues.max);
inline constexpr std::size_t kMaxFilterBytes = static_cast<std::size_t>(limits::kFilterBytes.max);

struct SearchParams {
  SearchQuery query;  // offset and limit set from page and size
  std::size_t page = 1;
  std::size_t size = 10;
};

// Which parameter an InvalidArgument is about, and the error code.
struct ParamFault {
  std::string code;   // unknown_parameter, query_too_long, invalid_parameter
  std::string param;  // the parameter's name ("page" when page*size is too far)
};

// Parses a query string's parameters (decoded; one entry per occurrence).
Result<SearchParams> ParseSearchParams(const std::multimap<std::string, std::string>& params,
                                       std::size_t max_query_bytes, ParamFault* fault = nullptr);

// Whether `name` is a tracking parameter /search ignores (utm_*, _*).
bool IsIgnoredParam(std::string_view name);

// The parameters that decide an answer, in one order whatever the order of
// the query string: name=value lines sorted by name, then value, without the
// ignored ones; names and values are length-prefixed, so no two parameter
// sets give the same text. For the ETag of /search.
std::string CanonicalSearchParams(const std::multimap<std::string, std::string>& params);

}  // namespace sagasu
