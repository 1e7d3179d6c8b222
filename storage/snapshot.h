// Snapshot: a consistent read-only view of an index directory, with the
// per-document numbers every query needs kept in memory (field lengths,
// dates, liveness, facet bitmaps). Postings and stored documents are read
// from the database on demand. Opened from the analyzer fingerprint the
// index must carry, not from an analyzer: storage knows nothing of text.
//
// Thread-safe after Open: all methods are const.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <roaring/roaring.hh>

#include "common/document.h"
#include "storage/format.h"
#include "common/status.h"
#include "storage/records.h"
#include "storage/posting_codec.h"

namespace sagasu {

class IndexDb;
class PostingsScan;

// Where a run built without positions (PostingRunBuilder::
// AddWithoutPositions) gets a document's: a run merged at query time whose
// positions are looked up in its sources only for the few documents a
// stage asks about. Thread-safe; each reader is one cursor's.
class PositionSource {
 public:
  class Reader {
   public:
    virtual ~Reader() = default;
    // Document `doc`'s positions, ascending, field by field (title, body,
    // meta); as many per field as the run's tf there. REQUIRES: doc at
    // least the last call's.
    virtual Status Positions(DocNum doc, std::vector<Position>* out) = 0;
  };
  virtual ~PositionSource() = default;
  virtual std::unique_ptr<Reader> NewReader() const = 0;
};

// One run of one term's postings, with its bytes owned.
struct TermRun {
  std::string value;                // the run's bytes when it owns them
  std::shared_ptr<const void> pin;  // else what keeps them in memory (IndexDb::ReadPostings)
  PostingRunReader reader;          // views into `value` or the pinned block; do not copy a TermRun
  // Set when the run stores no positions: they come from here.
  std::shared_ptr<const PositionSource> positions;
  TermRun() = default;
  TermRun(const TermRun&) = delete;
  TermRun& operator=(const TermRun&) = delete;
};

// Live documents carrying one facet value.
struct FacetValue {
  std::string value;     // as written in the documents
  Roaring docs;  // live docs only
};

class Snapshot {
 public:
  // Opens `dir` read-only. The index must have been built by an analyzer
  // with this `fingerprint` (Analyzer::Fingerprint; InvalidArgument
  // otherwise). NotFound when there is no index.
  static Status Open(const std::string& dir, const std::string& fingerprint, std::unique_ptr<Snapshot>* out);
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  const IndexStats& stats() const { return stats_; }
  const std::string& dir() const { return dir_; }

  // Document numbers run below doc_limit(); some are deleted.
  DocNum doc_limit() const { return stats_.next_doc; }
  bool IsLive(DocNum d) const { return d < stats_.next_doc && ((live_[d >> 6] >> (d & 63)) & 1); }
  // A document's field lengths (what scoring reads for every candidate) and
  // date, kept apart: 12 bytes per document in one array, not 24 with the
  // date, so more of them stay in the cache at a large archive's scale.
  const format::FieldCounts& len(DocNum d) const { return lens_[d]; }
  std::int64_t date(DocNum d) const { return dates_[d]; }
  // Mean length of `field` (format::Field) over live documents, in terms.
  double avg_len(format::Field field) const;

  // Reads every run of `term` in `stream`, in document order. An unknown term
  // gives no runs and OK.
  // With `scan` (NewPostingsScan: one per query), every read shares one
  // iterator instead of opening its own.
  Status ReadTerm(format::Stream stream, std::string_view term, std::vector<std::unique_ptr<TermRun>>* runs,
                  const std::shared_ptr<PostingsScan>& scan = nullptr) const;
  std::shared_ptr<PostingsScan> NewPostingsScan() const;

  // The terms of `stream` that begin with `prefix`, at most `max_terms`:
  // those in the most documents (then in key order), found among the first
  // `max_runs` runs in key order. *truncated tells whether either bound left
  // terms out. What keeps a one-character prefix from walking the whole
  // dictionary on every keystroke.
  Status ExpandPrefix(format::Stream stream, std::string_view prefix, std::size_t max_terms, std::size_t max_runs,
                      std::vector<std::string>* terms, bool* truncated) const;

  // Stored fields of a document. NotFound if `doc` is not live.
  Status GetDocument(DocNum doc, Article* out) const;
  // The live DocNum of an external id. NotFound if absent.
  Status Lookup(std::string_view id, DocNum* doc) const;

  // Facet values by kind ('t', 'c', 'a'), sorted by value.
  const std::vector<FacetValue>& facets(format::FacetKind kind) const;
  // The live docs with exactly the facet value `value`, or null.
  const Roaring* FacetDocs(format::FacetKind kind, std::string_view value) const;

  // Iterates every live stored id (for `stats` and tests): id, DocNum.
  Status ForEachId(const std::function<void(std::string_view, DocNum)>& fn) const;

  // Approximate bytes per column family, and distinct-term / posting counts
  // (scans the postings; for `sagasu stats`).
  struct Sizes {
    std::map<std::string, std::uint64_t> family_bytes;
    std::uint64_t total_bytes = 0;
    std::uint64_t distinct_terms = 0;  // over every stream
    std::uint64_t postings = 0;
    struct Stream {
      format::Stream stream;
      std::uint64_t terms = 0, postings = 0, value_bytes = 0, disk_bytes = 0;
    };
    std::vector<Stream> streams;  // in stream order
  };
  Status ComputeSizes(Sizes* out) const;

  const std::string& analyzer_description() const { return analyzer_description_; }

 private:
  Snapshot() = default;
  Status Load();
  Status LoadFacets();

  std::string dir_;
  std::unique_ptr<IndexDb> db_;
  IndexStats stats_;
  std::string analyzer_description_;
  Roaring deleted_;
  std::vector<std::uint64_t> live_;
  std::vector<format::FieldCounts> lens_;
  std::vector<std::int64_t> dates_;
  std::vector<FacetValue> facets_[3];
};

}  // namespace sagasu
