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
  };
  std::vector<Step> phrase;                              // empty, or >= 2 steps
  std::vector<std::shared_ptr<const TermRuns>> any_gram;  // a one-letter sequence
  std::vector<std::shared_ptr<const TermRuns>> any_word;  // a prefix's words
  bool empty() const { return phrase.empty() && any_gram.empty() && any_word.empty(); }
};

class UnitCursor {
 public:
  explicit UnitCursor(const UnitRuns& runs);
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
  // Counts the phrase's occurrences per field in the document all step
  // cursors are on; false when there is none.
  bool PhraseOccurrences(format::FieldCounts* tf);
  // Moves every cursor of an any-part to >= target; the part's doc and tf.
  static void AnyGEQ(std::vector<std::unique_ptr<TermCursor>>& cursors, DocNum target, DocNum* doc,
                     format::FieldCounts* tf);
  void Settle();

  std::vector<std::unique_ptr<TermCursor>> steps_;
  std::vector<Position> offsets_;
  std::vector<std::unique_ptr<TermCursor>> grams_, words_;
  DocNum phrase_doc_ = kNoDoc, grams_doc_ = kNoDoc, words_doc_ = kNoDoc;
  format::FieldCounts phrase_tf_{}, grams_tf_{}, words_tf_{};
  DocNum doc_ = kNoDoc;
  format::FieldCounts tf_{};
};

}  // namespace sagasu
