// Accumulator: the in-memory postings of documents not yet written, filled by
// one worker thread. Documents are numbered locally 0, 1, 2, ... in the order
// they were added; the flush maps them to DocNums of the run.
//
// Terms of every postings stream (format::Stream) are kept side by side,
// each named by its stream byte and its text. Per term the postings are kept
// as a byte string of varints:
//   local_doc_delta, tf per field (format::Field), position deltas (sum of tf)
// which the flush re-encodes into blocks (storage/posting_codec.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/analyzer/ngram.h"
#include "common/analyzer/reading.h"
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

// A document's fields analyzed into every stream (AnalyzeDoc): the MeCab
// terms with the first position of each field, the character grams
// (common/analyzer/ngram.h) with the first gram position of each field, and
// the reading grams (common/analyzer/reading.h) with the first reading
// position of each field.
struct AnalyzedDoc {
  std::vector<Term> terms;
  FieldCounts starts{};
  std::vector<Gram> grams;
  FieldCounts gram_starts{};
  std::vector<Gram> readings;
  FieldCounts reading_starts{};
  ReadingText reading_scratch;  // one value's reading sequence
};

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
  // Adds a document with every stream: the word terms as above (they alone
  // count in doc.info.len), the grams into format::kStreamNgram, the grams
  // of field f from a.gram_starts[f], and the reading grams into
  // format::kStreamReading, those of field f from a.reading_starts[f].
  void Add(PendingDoc doc, const AnalyzedDoc& a);

  // Frees the term postings and the documents' stored bytes once a run has
  // copied them into its batch: docs() keeps the ids and what the commit
  // counts. term_count() is 0 after.
  void ReleasePayload();
  // Frees term i's postings once a run has encoded them (the commit frees
  // each term as it goes, so the accumulators shrink while the batch grows).
  // Its name stays. Safe beside calls for other terms from other threads.
  void ReleasePostings(std::size_t i) { std::string().swap(postings_[i].bytes); }
  // Frees the documents' stored bytes once a run's batch holds them.
  void ReleaseStored() {
    for (PendingDoc& d : docs_) std::string().swap(d.stored);
  }

  // Approximate heap bytes held.
  std::uint64_t memory() const { return memory_; }
  bool empty() const { return docs_.empty(); }
  std::size_t size() const { return docs_.size(); }

  std::vector<PendingDoc>& docs() { return docs_; }
  const std::vector<PendingDoc>& docs() const { return docs_; }
  // Term texts and their postings; term_text(i) in stream(i) names
  // postings(i). name(i) is the stream byte followed by the text, so names
  // sort as the postings keys do (storage/keys.h).
  std::size_t term_count() const { return postings_.size(); }
  std::string_view term_text(std::size_t i) const { return std::string_view(names_[i]).substr(1); }
  format::Stream stream(std::size_t i) const { return static_cast<format::Stream>(names_[i][0]); }
  std::string_view name(std::size_t i) const { return names_[i]; }
  const TermPostings& postings(std::size_t i) const { return postings_[i]; }

 private:
  // Open addressing with linear probing: one 16-byte slot per term holding
  // the term's hash and id, so that most probes touch one cache line.
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t id = kEmpty;
  };
  static constexpr std::uint32_t kEmpty = ~0u;
  std::uint32_t Intern(format::Stream stream, std::string_view term);
  void Grow();
  // Grams (at most 8 bytes) are interned by their bytes packed into a
  // 64-bit key, with no string hashing or comparison: one slot per gram
  // term of the n-gram and reading streams. Word terms use Intern.
  struct GramSlot {
    std::uint64_t key = 0;  // the gram's bytes, zero-padded
    std::uint32_t id = kEmpty;
    std::uint8_t stream = 0;
    std::uint8_t size = 0;
  };
  std::uint32_t InternGram(format::Stream stream, const Gram& gram);
  // Interns every gram of one stream into occurrences_, in order.
  void InternGrams(format::Stream stream, const std::vector<Gram>& grams);
  void GrowGrams();
  // Appends the postings of the document being added (occurrences_) to
  // each term's bytes; term `id`'s positions fall in fields by starts[id's stream].
  void AppendPostings(std::uint32_t local, const AnalyzedDoc& a);
  // Appends one term's posting of document `local` (its positions, ascending) to its bytes.
  void AppendPosting(std::uint32_t id, std::uint32_t local, const FieldCounts& starts, const Position* begin,
                     const Position* end);

  std::vector<Slot> slots_;
  std::vector<GramSlot> gram_slots_;
  std::size_t gram_terms_ = 0;
  std::vector<std::string> names_;
  std::vector<TermPostings> postings_;
  std::vector<PendingDoc> docs_;
  // The document being added: its occurrences (term id, position) in the
  // order the analyzer gave them, grouped by term with a counting pass
  // (no sort): count_ by term id (zero between documents), the terms in
  // order of first occurrence, and the positions term by term.
  struct Occurrence {
    std::uint32_t id;
    Position position;
  };
  std::vector<Occurrence> occurrences_;
  std::vector<std::uint32_t> count_;
  std::vector<std::uint32_t> touched_;
  std::vector<Position> grouped_;
  std::string encoded_;  // one posting, appended to its term at once
  std::uint64_t memory_ = 0;
};

// Analyzes the fields of `doc` into *terms (cleared first), field by field
// as format::Field lays them out: the title from position 0; the body, then
// the excerpt kValueGap after it; the tags, the categories and the author,
// each value kValueGap after the one before. Returns the first position of
// each field. The one definition of what is indexed where.
FieldCounts AnalyzeFields(AnalyzerSession* session, const Article& doc, std::vector<Term>* terms);

// AnalyzeFields, and the grams and the reading grams of the same texts
// (from the same MeCab pass) laid out the same way in their own positions
// (kFieldGap between fields, kValueGap between values). Clears *out first.
void AnalyzeDoc(AnalyzerSession* session, const Article& doc, AnalyzedDoc* out);

// Analyzes doc's fields (AnalyzeFields) with `session` and adds it to `acc`
// as `pending`, whose id,
// origin, content hash, seq, current version and stored text (EncodeStoredDoc)
// the caller has set; the date and facets are taken from `doc`. `scratch` is
// scratch space. Returns Aborted when the analyzer
// left part of the text out (AnalyzerSession::TakeChunkErrors); the document
// is added without that part.
Status AnalyzeAndAdd(AnalyzerSession* session, Article doc, PendingDoc pending, AnalyzedDoc* scratch,
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
