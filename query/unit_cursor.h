// UnitCursor: the documents a QueryUnit (query_parser.h) matches, in DocNum
// order, with how often it occurs per field. A unit matches in three ways,
// whichever apply, and counts the most occurrences of any (so a prefix that
// is also a sequence does not count one occurrence twice):
//   - a phrase of grams: the bigrams of a sequence of two or more letters at
//     consecutive gram positions (common/analyzer/ngram.h), never a bag of
//     grams;
//   - any of several grams: the grams that begin with a one-letter sequence
//     (each occurrence of a letter begins exactly one gram);
//   - any of several words: the word terms that begin with a prefix.
// Not thread-safe; one per pass.
#pragma once

#include <memory>
#include <vector>

#include "common/status.h"
#include "query/term_cursor.h"
#include "storage/format.h"

namespace sagasu {

// One unit's postings (QueryPlan binds them): see the header comment.
struct UnitRuns {
  struct Step {
    std::shared_ptr<const TermRuns> runs;
    Position offset;
    // Whether a phrase check looks the step's positions up (PinningSteps);
    // every step is checked by document, the cheap part.
    bool pin = true;
  };
  std::vector<Step> phrase;                              // empty, or >= 2 steps
  std::vector<std::shared_ptr<const TermRuns>> any_gram;  // a one-letter sequence
  std::vector<std::shared_ptr<const TermRuns>> any_word;  // a prefix's words
  bool empty() const { return phrase.empty() && any_gram.empty() && any_word.empty(); }
};

// How a UnitCursor's any-parts merge their postings: in a heap up to
// `heap_cursors` of them, else in windows of `window` documents. Tests vary
// them; the defaults are the engine's.
struct UnitMerge {
  std::size_t heap_cursors = 16;
  DocNum window = 4096;
};

// Any of several postings (a one-letter sequence's grams, a prefix's
// words): the first document >= target that one of them holds, and the sum
// of their tfs there. A few cursors wait in a heap by document, and only
// those on the document reached move. Many (a one-letter unit has hundreds
// of grams, each on thousands of documents) are summed a window of
// documents at a time into an array, term by term (as Lucene's
// BooleanScorer does): a posting costs an addition, not a heap step. One
// part of a UnitCursor or UnitProbe.
class UnitAnyPart {
 public:
  UnitAnyPart(const std::vector<std::shared_ptr<const TermRuns>>& runs, UnitMerge merge);
  void NextGEQ(DocNum target);
  DocNum doc() const { return doc_; }
  const format::FieldCounts& tf() const { return tf_; }
  Status status() const;

 private:
  void Push(std::size_t i);
  // Sums the postings of the first window at or after `base` that holds
  // any into window_; false at the end.
  bool FillWindow(DocNum base);
  std::vector<std::unique_ptr<TermCursor>> cursors_;
  bool windowed_ = false;
  DocNum window_size_ = 0;
  DocNum window_base_ = 0;
  bool window_filled_ = false;
  std::vector<format::FieldCounts> window_;
  std::vector<std::pair<DocNum, std::size_t>> heap_;  // (doc, cursor), min-heap
  std::vector<std::size_t> on_doc_;                   // the cursors on doc_
  DocNum doc_ = kNoDoc;
  format::FieldCounts tf_{};
};

// The phrase part of a unit: its step cursors and their gram offsets.
struct UnitPhrase {
  explicit UnitPhrase(const UnitRuns& runs);
  // Counts the phrase's occurrences per field in the document every step
  // cursor is on; false when there is none.
  bool Occurrences(format::FieldCounts* tf);
  // Whether the phrase occurs at all in that document: stops at the first
  // occurrence (a match, not a count).
  bool Occurs();
  std::vector<std::unique_ptr<TermCursor>> steps;
  std::vector<Position> offsets;
  std::vector<std::size_t> pins;          // the steps whose positions are looked up (Step::pin)
  std::vector<std::size_t> rarest_first;  // step indexes by df: the first to leave a document
  Status status() const;

 private:
  // The pinned step with the fewest positions in the current document;
  // each occurrence is looked up from one of its positions.
  std::size_t Anchor() const;
  // Whether every pinned step holds the occurrence whose anchor step is at
  // `p` (the others then hold it too); sets *start to its first step's
  // position.
  bool OccursAt(std::size_t anchor, Position p, Position* start);
};

class UnitCursor {
 public:
  explicit UnitCursor(const UnitRuns& runs, UnitMerge merge = {});
  UnitCursor(const UnitCursor&) = delete;
  UnitCursor& operator=(const UnitCursor&) = delete;

  // The current document, kNoDoc at the end.
  DocNum doc() const { return doc_; }
  // Occurrences in the current document, by format::Field.
  const format::FieldCounts& tf() const { return tf_; }
  void Next() { NextGEQ(doc_ + 1); }
  void NextGEQ(DocNum target);
  // The first error of any postings cursor.
  Status status() const;

 private:
  // Moves the phrase part to its first match >= target.
  void PhraseGEQ(DocNum target);
  void Settle();

  UnitPhrase phrase_;
  UnitAnyPart grams_, words_;
  DocNum phrase_doc_ = kNoDoc;
  format::FieldCounts phrase_tf_{};
  DocNum doc_ = kNoDoc;
  format::FieldCounts tf_{};
};

// UnitProbe: a unit's occurrences in documents asked about one at a time,
// in ascending order. A UnitCursor finds the next match, and so checks the
// phrase in every document its grams share on the way; a probe checks the
// documents asked about and no other: what a required clause's check
// (Matcher) and a fallback driven by another clause need. Counts as
// UnitCursor counts. Not thread-safe; one per pass.
class UnitProbe {
 public:
  explicit UnitProbe(const UnitRuns& runs, UnitMerge merge = {});
  UnitProbe(const UnitProbe&) = delete;
  UnitProbe& operator=(const UnitProbe&) = delete;

  // The unit's occurrences in document d by field, all zero when it does
  // not match d. REQUIRES: d at least the last call's.
  const format::FieldCounts& At(DocNum d);
  // Whether the unit matches document d at all (in the title with
  // `title_only`): At(d) is not all zero there. Stops at the first part that
  // holds d, the any-parts first, and at the phrase's first occurrence.
  // REQUIRES: d at least the last call's.
  bool Matches(DocNum d, bool title_only);
  // At least At(d), per field, without reading positions: a phrase occurs
  // in a field at most as often as its first step does there and at most
  // as often as its rarest step does in all; any-parts count exactly. Zero
  // when a phrase step or every part lacks d. At(d) may follow for the same
  // d. REQUIRES: d at least the last call's.
  const format::FieldCounts& Bound(DocNum d);
  Status status() const;

 private:
  // Moves every phrase step to d; whether all are on it.
  bool PhraseOn(DocNum d);

  UnitPhrase phrase_;
  UnitAnyPart grams_, words_;
  format::FieldCounts tf_{};
};

}  // namespace sagasu
