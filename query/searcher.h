// Searcher: runs queries against one index directory.
//
// A Searcher is a read-only snapshot of the index taken when it was opened:
// commits made later by a writer are not seen until a new Searcher is opened.
// Thread-safe: share one Searcher between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/status.h"
#include "common/types.h"
#include "query/bm25.h"
#include "query/snippet.h"

namespace sagasu {

struct SearchOptions {
  // The analyzer must match the one the index was built with.
  AnalyzerOptions analyzer;
  // Ranking parameters (query/bm25.h states meaning and defaults).
  RankingOptions bm25;
};

struct SearchRequest {
  // Query text (syntax: query/query_parser.h). May be empty when filters are given.
  std::string query;
  // Filters in addition to those in the query text. Tags: a document must
  // carry all of them, or any of them with tags_any. Categories and authors:
  // any. Filters narrow the matches and never change scores.
  std::vector<std::string> tags;
  bool tags_any = false;
  std::vector<std::string> categories;
  std::vector<std::string> authors;
  std::optional<std::int64_t> since;  // inclusive, seconds since the epoch
  std::optional<std::int64_t> until;  // inclusive
  enum class Sort { kScore, kDateDesc, kDateAsc };
  Sort sort = Sort::kScore;
  std::size_t offset = 0;
  std::size_t limit = 10;
  // Fill Hit::snippet and title highlights. Default: true.
  bool snippets = true;
  std::size_t snippet_chars = 120;
  // Count every match (total) and facets over all of them. Costs a pass
  // over all matching postings. Default: true.
  bool count_total = true;
  bool facets = true;
  // Fill Hit::explanation. Default: false.
  bool explain = false;
  // Score every candidate instead of pruning (for tests). Default: false.
  bool exhaustive = false;
  // Load stored fields of hits (title, url, tags...). Default: true.
  bool load_documents = true;
};

struct Hit {
  DocNum doc = kNoDoc;
  std::string id;
  std::string title;
  std::string url;
  std::string author;
  std::optional<std::int64_t> date;
  std::vector<std::string> tags;
  std::vector<std::string> categories;
  Score score = 0;
  // The term-proximity part of score (query/bm25.h); the rest is BM25F.
  float proximity = 0;
  Highlighted title_highlighted;
  Highlighted snippet;
  std::vector<TermExplanation> explanation;
};

struct FacetCount {
  std::string value;
  std::uint64_t count = 0;
};

struct SearchResults {
  // Matching documents (after filters). Exact when count_total was set,
  // else a lower bound (the number of hits found).
  std::uint64_t total = 0;
  bool total_exact = false;
  std::vector<Hit> hits;
  std::vector<FacetCount> tag_facets;       // by count desc, then value
  std::vector<FacetCount> category_facets;
  std::vector<std::string> warnings;        // e.g. unbalanced quote
  std::vector<std::string> query_terms;     // the analyzed terms, for display
  double seconds = 0;
};

class Searcher {
 public:
  // Opens the index at `dir` read-only. NotFound when there is none;
  // InvalidArgument when it was built with another analyzer or format.
  static Status Open(const std::string& dir, const SearchOptions& options, std::unique_ptr<Searcher>* out);
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Runs `request`. InvalidArgument for a query that does not parse (unknown
  // field, bad date, invalid UTF-8, too long); an empty result is OK.
  Result<SearchResults> Search(const SearchRequest& request) const;

  // Live documents in the index.
  std::uint64_t document_count() const;

  class Impl;

 private:
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sagasu
