// Accumulator: the in-memory postings of documents not yet written, filled by
// one worker thread. Documents are numbered locally 0, 1, 2, ... in the order
// they were added; the flush maps them to DocNums of the run.
//
// Per term the postings are kept as a byte string of varints:
//   local_doc_delta, tf per field (format::Field), position deltas (sum of tf)
// which the flush re-encodes into blocks (storage/posting_codec.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/document.h"
#include "storage/format.h"
#include "storage/records.h"

namespace sagasu {

// A document waiting in an accumulator.
struct PendingDoc {
  std::string id;
  std::string root;   // IdRecord::root
  std::string path;   // IdRecord::path
  std::uint64_t content_hash = 0;
  std::uint64_t seq = 0;  // input order within one IndexPaths run
  // The version `id` had when the input was classified (kNoDoc: none), valid
  // when current_known; otherwise the commit looks it up.
  bool current_known = false;
  DocNum current = kNoDoc;
  std::string stored;  // EncodeStoredDoc()
  DocInfo info;
  std::vector<std::string> tags;
  std::vector<std::string> categories;
  std::string author;
};

using format::FieldCounts;
using format::kFieldGap;

class Accumulator {
 public:
  struct TermPostings {
    std::string bytes;
    std::uint32_t last_local = 0;
  };

  Accumulator();

  // Adds a document whose fields have been analyzed into `terms`, field by
  // field: the terms of field f have positions from field_starts[f] (and
  // below field_starts[f + 1]). Fills doc.info.len. Not thread-safe.
  void Add(PendingDoc doc, const std::vector<Term>& terms, const FieldCounts& field_starts);

  // Approximate heap bytes held.
  std::uint64_t memory() const { return memory_; }
  bool empty() const { return docs_.empty(); }
  std::size_t size() const { return docs_.size(); }

  std::vector<PendingDoc>& docs() { return docs_; }
  const std::vector<PendingDoc>& docs() const { return docs_; }
  // Term texts and their postings; term_text(i) names postings(i).
  std::size_t term_count() const { return postings_.size(); }
  std::string_view term_text(std::size_t i) const { return names_[i]; }
  const TermPostings& postings(std::size_t i) const { return postings_[i]; }

 private:
  // Open addressing with linear probing: one 16-byte slot per term holding
  // the term's hash and id, so that most probes touch one cache line.
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t id = kEmpty;
  };
  static constexpr std::uint32_t kEmpty = ~0u;
  std::uint32_t Intern(std::string_view term);
  void Grow();

  std::vector<Slot> slots_;
  std::vector<std::string> names_;
  std::vector<TermPostings> postings_;
  std::vector<PendingDoc> docs_;
  std::vector<std::uint64_t> scratch_;  // (term id << 32 | position), per document
  std::uint64_t memory_ = 0;
};

// Analyzes the fields of `doc` into *terms (cleared first), field by field
// as format::Field lays them out: the title from position 0; the body, then
// the excerpt kValueGap after it; the tags, the categories and the author,
// each value kValueGap after the one before. Returns the first position of
// each field. The one definition of what is indexed where.
FieldCounts AnalyzeFields(AnalyzerSession* session, const Article& doc, std::vector<Term>* terms);

// Analyzes doc's fields (AnalyzeFields) with `session` and adds it to `acc`
// as `pending`, whose id,
// origin, content hash, seq, current version and stored text (EncodeStoredDoc)
// the caller has set; the date and facets are taken from `doc`. `terms` is
// scratch space. Returns Aborted when the analyzer
// left part of the text out (AnalyzerSession::TakeChunkErrors); the document
// is added without that part.
Status AnalyzeAndAdd(AnalyzerSession* session, Article doc, PendingDoc pending, std::vector<Term>* terms,
                   Accumulator* acc);

// Decodes one term's accumulated postings. Trusted input (written above).
class AccumulatedPostingsReader {
 public:
  explicit AccumulatedPostingsReader(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}
  // Reads the next document: local number, frequencies and positions.
  bool Next(std::uint32_t* local, FieldCounts* tf, std::vector<Position>* positions);

 private:
  const char* p_;
  const char* end_;
  std::uint32_t local_ = 0;
};

}  // namespace sagasu
