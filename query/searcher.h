// Searcher: runs queries against one index directory.
//
// A Searcher is a read-only snapshot of the index taken when it was opened:
// commits made later by a writer are not seen until a new Searcher is opened.
// Thread-safe: share one Searcher between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/analyzer/analyzer.h"
#include "common/status.h"
#include "common/types.h"
#include "query/bm25.h"
#include "sagasu/types.h"

namespace sagasu {

struct SearchOptions {
  // The analyzer must match the one the index was built with.
  AnalyzerOptions analyzer;
  // Ranking parameters (query/bm25.h states meaning and defaults).
  RankingOptions bm25;
  // Query-time synonyms (query/synonyms.h): "" = the built-in set
  // (dicts/synonyms.txt), "-" = none, else a file in the Solr synonym
  // format, read again when it changes (looked at once a second at most,
  // from Search). Default: "".
  std::string synonyms_file;
};

class Searcher {
 public:
  // Opens the index at `dir` read-only. NotFound when there is none;
  // InvalidArgument when it was built with another analyzer or format, or
  // when the synonyms file has a bad line (the message names file and
  // line); IOError when the synonyms file cannot be read.
  static Status Open(const std::string& dir, const SearchOptions& options, std::unique_ptr<Searcher>* out);
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Runs `query` (its fields: include/sagasu/types.h). InvalidArgument for
  // text that does not parse (unknown field, bad date, invalid UTF-8, too
  // long) and for limit > 10000 or offset > 1000000; an empty result is OK.
  Result<SearchResponse> Search(const SearchQuery& query) const;

  // Live documents in the index.
  std::uint64_t document_count() const;

  class Impl;

 private:
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sagasu
