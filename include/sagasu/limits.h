// The parameters a front-end takes from its user before it opens an index or
// runs a query: the range and default of every number, the names of the sort
// orders, and the date forms of since/until. One table, used by the command
// line, the HTTP server, the C API and Index itself (Index::Open and
// Index::Search return InvalidArgument naming the parameter when a value is
// outside it), so each front-end accepts the same values.
//
// Standard library only. C++17 or later.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sagasu/status.h"
#include "sagasu/types.h"

namespace sagasu {

// The inclusive range [min, max] of one numeric parameter, and its default.
struct ParamLimit {
  // The name of the field it limits (RankingOptions::k1 is "k1").
  std::string_view name;
  double min;
  double max;
  double default_value;

  // False for NaN.
  constexpr bool Contains(double v) const { return v >= min && v <= max; }
};

namespace limits {

// ---- RankingOptions (Index::Open returns InvalidArgument outside these).
inline constexpr ParamLimit kK1{"k1", 0, 100, 1.2};
inline constexpr ParamLimit kBBody{"b_body", 0, 1, 0.75};
inline constexpr ParamLimit kBTitle{"b_title", 0, 1, 0.5};
inline constexpr ParamLimit kTitleWeight{"title_weight", 0, 100, 2.5};
inline constexpr ParamLimit kMetaWeight{"meta_weight", 0, 100, 1.5};
inline constexpr ParamLimit kBMeta{"b_meta", 0, 1, 0.3};
inline constexpr ParamLimit kProximityWeight{"proximity_weight", 0, 100, 0.5};
inline constexpr ParamLimit kRerankDepth{"rerank_depth", 1, 10000, 10};

// ---- SearchQuery (Index::Search returns InvalidArgument outside these).
inline constexpr ParamLimit kLimit{"limit", 0, 10000, 10};
inline constexpr ParamLimit kOffset{"offset", 0, 1000000, 0};
inline constexpr ParamLimit kSnippetChars{"snippet_chars", 10, 10000, 120};
// Bytes of SearchQuery::text.
inline constexpr ParamLimit kQueryBytes{"text", 0, 16 * 1024, 0};

// ---- IndexOptions (writing).
inline constexpr ParamLimit kThreads{"threads", 0, 1024, 0};  // 0 = all cores
inline constexpr ParamLimit kMemoryBudget{"memory_budget", 1 << 20, 1e15, 512.0 * (1 << 20)};
// ---- IndexOptions (searching). 0 = the default (IndexOptions::cache_size).
inline constexpr ParamLimit kCacheSize{"cache_size", 0, 1e15, 0};

// ---- The HTTP server (`sagasu serve`, GET /search).
// Hits per page (parameter `size`); page * size stays within kLimit.max.
inline constexpr ParamLimit kPageSize{"size", 1, 100, 10};
// Longest accepted `q`, in bytes (ServerOptions::max_query_bytes).
inline constexpr ParamLimit kServerQueryBytes{"max_query_bytes", 1, kQueryBytes.max, 1024};
// Values of one repeatable filter parameter (tag, category, author), and
// bytes of each.
inline constexpr ParamLimit kFilterValues{"filter values", 0, 32, 0};
inline constexpr ParamLimit kFilterBytes{"filter bytes", 1, 256, 0};

}  // namespace limits

// OK when `limit` contains `value`; else InvalidArgument
// "<what>: <value> is out of range [<min>, <max>]", e.g. "--k1: 200 is out
// of range [0, 100]". `what` names the parameter as the user wrote it.
Status CheckLimit(const ParamLimit& limit, double value, std::string_view what);

// "[0, 100]", as in CheckLimit's message.
std::string RangeText(const ParamLimit& limit);

// ---- Sort orders: "score" (SearchQuery::Sort::kScore), "date" (kDateDesc,
// newest first), "date-asc" (kDateAsc).
inline constexpr std::string_view kSortNames = "score, date or date-asc";
// The order named `name`, or nullopt for any other text.
std::optional<SearchQuery::Sort> ParseSortName(std::string_view name);
// The name of `sort` ("score", "date", "date-asc").
std::string_view SortName(SearchQuery::Sort sort);

// ---- Dates of since/until filters: "2024", "2024-06", "2024-06-18" or a
// date-time ("2024-06-18T09:00:00+09:00"). A partial date covers the whole
// year, month or day: as a lower bound (until = false) its first second, as
// an upper bound (until = true) its last. Returns seconds since the epoch, or
// InvalidArgument "<what>: ..." naming the bad value. The same forms as
// since:/until: in query text.
Result<std::int64_t> ParseDateFilter(std::string_view text, bool until, std::string_view what);

}  // namespace sagasu
