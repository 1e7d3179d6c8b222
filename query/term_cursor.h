// TermCursor: walks one term's postings across all its runs, in DocNum
// order, decoding one block at a time and skipping blocks by their skip
// entries. Not thread-safe; one per query.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/snapshot.h"
#include "query/bm25.h"

namespace sagasu {

// The runs of one term, read once per query and shared by its cursors
// (scoring, required-clause checks, counting, proximity). Immutable.
using TermRuns = std::vector<std::unique_ptr<TermRun>>;

// A term's document frequency: its runs' document counts summed (deleted
// versions included).
inline double DocCount(const TermRuns& runs) {
  double n = 0;
  for (const auto& run : runs) n += static_cast<double>(run->reader.doc_count());
  return n;
}

class TermCursor {
 public:
  // Walks the runs of one term (Snapshot::ReadTerm). `idf` and `scorer`
  // compute block bounds; pass scorer == nullptr for a match-only cursor.
  TermCursor(std::shared_ptr<const TermRuns> runs, float idf, const Bm25F* scorer);

  // Current document, or kNoDoc at the end.
  DocNum doc() const { return doc_; }
  void Next();
  // Moves to the first document >= target.
  void NextGEQ(DocNum target);

  // Term frequencies of the current document, by format::Field.
  FieldCounts tf() const {
    if (pending_) Decode();
    return tf_.At(pos_);
  }
  std::uint32_t tf(format::Field f) const {
    if (pending_) Decode();
    return tf_.tf[f][pos_];
  }
  // Positions of the current document, field by field (title, body, meta).
  const Position* positions_begin();
  const Position* positions_end();
  // The same positions as stored (PostingRunReader::DocPositionBytes), for
  // copying into another run without decoding; empty when the block is
  // damaged (status() says so).
  std::string_view position_bytes();

  float idf() const { return idf_; }
  // Document frequency summed over runs (deleted versions included).
  std::uint64_t df() const { return df_; }
  // Upper bound of this term's score over all its documents.
  float max_score() const { return max_score_; }
  // The score bound of the block that would hold `target` (the first block
  // whose last doc >= target), without moving or decoding; 0 past the end.
  // With `block_last`, also that block's last document (kNoDoc past the
  // end): the bound holds for every document from target up to it.
  // REQUIRES: target >= doc(). Used by block-max checks.
  float ShallowBound(DocNum target, DocNum* block_last = nullptr);

  Status status() const { return status_; }

 private:
  bool LoadBlock(std::size_t run, std::size_t block);
  // Decodes the pending block (the first, which the constructor only
  // peeked at for its first document).
  void Decode() const;
  void SeekBlock(DocNum target);

  std::shared_ptr<const TermRuns> shared_;
  const TermRuns& runs_;
  float idf_;
  std::uint64_t df_ = 0;
  float max_score_ = 0;
  std::vector<float> block_bounds_;      // flattened over runs
  std::vector<std::size_t> run_offset_;  // first flat block of each run
  std::size_t run_ = 0, block_ = 0, flat_block_ = 0;
  std::size_t pos_ = 0, n_ = 0;
  bool pending_ = false;      // the current block is not decoded yet (n_ == 0)
  DocNum block_last_ = 0;     // the current block's last document
  DocNum doc_ = kNoDoc;
  DocNum docs_[kBlockSize];
  BlockFreqs tf_;
  bool positions_loaded_ = false;
  PostingRunReader::PositionsProgress progress_;  // of the current block
  static constexpr std::size_t kNoPositions = ~std::size_t{0};
  std::size_t positions_doc_ = kNoPositions;  // the block's document positions_ holds
  std::vector<Position> positions_;
  // A run without positions (TermRun::positions): its reader, of run
  // source_run_, and position_bytes() encoded from it.
  std::unique_ptr<PositionSource::Reader> source_reader_;
  std::size_t source_run_ = 0;
  std::string position_bytes_;
  Status status_;
};

}  // namespace sagasu
