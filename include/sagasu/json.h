// The JSON sagasu writes: one shape for each result, shared by
// `sagasu ... --json`, the HTTP server (GET /search) and the C API
// (sagasu_search_json, sagasu_index_paths), so a program that reads one
// reads them all. Text is UTF-8; a byte that is not (stored text always is)
// becomes U+FFFD rather than an error.
//
// Standard library only. C++17 or later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sagasu/types.h"

namespace sagasu {

// The version of these shapes, written as "version" in every object below
// (not in the token array of TextAnalysisToJson). Fields may be added
// within a version; a field renamed, removed or changed in meaning makes a
// new one. Numbers are rounded: scores to 3 decimals, explain figures
// (idf, per-term score, proximity) to 4 significant digits, seconds to the
// millisecond, took_ms to 0.01, mb_per_second to 0.1, average term counts
// to 0.01.
inline constexpr int kJsonVersion = 1;

// What the caller knows about a response that SearchResponse does not hold.
struct SearchJsonOptions {
  // The query text as given ("query").
  std::string_view query;
  // SearchQuery::offset and limit: ranks start at offset + 1; "page" is
  // offset / page_size + 1 and "pages" the pages of page_size hits.
  std::size_t offset = 0;
  std::size_t page_size = 10;
  // Write each hit's "explain" and "proximity" (SearchQuery::explain).
  bool explain = false;
  // The server's index generation ("generation"); omitted when unset.
  std::optional<std::uint64_t> generation;
  // Spaces per level; -1 writes one line.
  int indent = -1;
};

// A search response:
//   {"version": 1, "query": "梅雨 北海道", "terms": ["梅雨", "北海道"],
//    "total": 5, "total_exact": true, "offset": 0, "page": 1, "size": 10, "pages": 1,
//    "hits": [{"rank": 1, "id", "title", "title_highlighted", "url",
//              "date": "2024-06-18T00:30:00Z" or null, "tags": [..], "categories": [..],
//              "author", "excerpt" (front matter excerpt/description, as written),
//              "score": 12.345, "snippet",
//              // with explain:
//              "proximity": 0.8, "explain": [{"term", "df", "idf", "tf_title", "tf_body",
//                                              "tf_meta", "title_len", "body_len",
//                                              "meta_len", "score"}]}],
//    "facets": {"tags": [{"value", "count"}], "categories": [..]},
//    "warnings": [..],        // only when there are any
//    "generation": 3,         // only from the server
//    "took_ms": 1.25}
// title_highlighted and snippet are HTML-escaped with <mark> around matches;
// score is rounded to 3 decimals and took_ms to 2.
std::string SearchResponseToJson(const SearchResponse& response, const SearchJsonOptions& options);

// IndexPaths' report:
//   {"db", "added", "updated", "unchanged", "removed", "failed", "bytes",
//    "commits", "merged", "seconds", "mb_per_second", "version": 1, "errors": [..]}
// "db" only when `db` is not empty, "errors" only when `errors` is not null.
// With `reanalysis` (not null, done), also
//   "reanalysis": {"reason", "all", "documents", "reanalyzed", "seconds", "merge_seconds",
//                  "changed_surfaces": [..], "ids": [..]}
std::string IndexPathsReportToJson(const IndexPathsReport& report, std::string_view db,
                                   const std::vector<std::string>* errors, int indent = -1,
                                   const ReanalysisReport* reanalysis = nullptr);

// Index statistics:
//   {"version": 1, "db", "documents", "document_versions", "commits", "distinct_terms", "postings",
//    "avg_title_terms", "avg_body_terms", "avg_meta_terms", "tags", "categories", "bytes",
//    "column_family_bytes": {"docs": N, ...}, "analyzer"}
std::string IndexStatisticsToJson(const IndexStatistics& statistics, int indent = -1);
// {"version": 1, "db", "whole", "problems": [...], "generation", "recorded_generation",
//  "documents", "ids", "stored_documents", "table_files", "table_bytes",
//  "stray_files", "stray_bytes", "checksums_verified"}
std::string IndexCheckReportToJson(const IndexCheckReport& report, int indent = -1);

// A text's analysis. Terms:
//   {"version": 1, "text", "normalized", "terms": [{"term", "position", "begin", "end", "original"}]}
// With `tokens`, the tokens instead, as an array:
//   [{"surface", "base", "pos", "reading", "begin", "end", "term" (null when not a term),
//     "original"}]
// "original" is the byte range [begin, end) of the input.
std::string TextAnalysisToJson(const TextAnalysis& analysis, bool tokens, int indent = -1);

// Optimize's report:
//   {"terms_rewritten", "runs_before", "runs_after", "postings_dropped",
//    "documents_purged", "seconds", "version": 1}
std::string MergeReportToJson(const MergeReport& report, int indent = -1);

}  // namespace sagasu
