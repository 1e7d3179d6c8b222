// GroupPostings: the postings of a synonym group (query/synonyms.h) as ONE
// term's, so that BM25F and every stage after the plan (retrieval,
// required and excluded clauses, phrases, proximity, explain) treat the
// group as one term without knowing about synonyms.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "query/query_parser.h"
#include "query/term_cursor.h"
#include "storage/snapshot.h"

namespace sagasu {

// Reads the postings of every form of `forms` (word stream) and merges them
// into one in-memory run over the live documents: a document is in it when
// any form occurs in it (a form of several terms: as a phrase, at its
// terms' relative positions), and its positions in each field are the
// distinct positions where a form begins. So its tf counts an occurrence
// once whichever forms match there, and its df is the number of documents
// any form is in. When only one form occurs in the index and it is one
// term, that term's own runs are returned as they are (no merge). When
// every form is one term, the merged run holds documents and counts only
// and its TermRun names the forms as its PositionSource: a cursor asking
// for a document's positions gets the same merged positions, looked up
// then (building them for every document cost a query on a common word
// with synonyms a third of its time).
// Errors are those of reading postings (Corruption, IOError).
Status GroupPostings(const Snapshot& snapshot, const std::vector<TermSequence>& forms,
                     std::shared_ptr<const TermRuns>* out, const std::shared_ptr<PostingsScan>& scan = nullptr);

// Synonym groups merged once per snapshot. A Searcher keeps one beside its
// Snapshot: a group met in many queries (メール, 電子メール, email) is merged
// by the first and taken from memory by the next, as long as it stays
// among the most recently used groups within `capacity_bytes` (the merged
// runs' bytes and those of the forms' postings they keep). On a large
// archive the merge is most of a query with a common grouped word: it walks
// every document of every form. A group is read with iterators of its own,
// not a query's scan, so it pins only its own blocks. A group larger than
// the capacity is merged for each query and not kept. Thread-safe.
class GroupCache {
 public:
  static constexpr std::uint64_t kDefaultBytes = 64ull << 20;
  explicit GroupCache(const Snapshot& snapshot, std::uint64_t capacity_bytes = kDefaultBytes)
      : snapshot_(snapshot), capacity_(capacity_bytes) {}
  GroupCache(const GroupCache&) = delete;
  GroupCache& operator=(const GroupCache&) = delete;

  // GroupPostings(snapshot, forms), from memory when kept.
  Status Get(const std::vector<TermSequence>& forms, std::shared_ptr<const TermRuns>* out);

  std::size_t size() const;
  std::uint64_t bytes() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const TermRuns> runs;
    std::uint64_t bytes;
  };
  const Snapshot& snapshot_;
  const std::uint64_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::uint64_t bytes_ = 0;
};

}  // namespace sagasu
