#include "query/term_cursor.h"

#include <algorithm>
#include <span>

namespace sagasu {

TermCursor::TermCursor(std::shared_ptr<const TermRuns> runs, float idf, const Bm25F* scorer)
    : shared_(std::move(runs)), runs_(*shared_), idf_(idf) {
  for (const auto& r : runs_) {
    df_ += r->reader.doc_count();
    if (!scorer) continue;  // a match-only cursor has no bounds (ShallowBound gives 0)
    run_offset_.push_back(block_bounds_.size());
    std::vector<Impact> impacts;
    for (std::size_t b = 0; b < r->reader.block_count(); ++b) {
      const Status s = r->reader.BlockImpacts(b, &impacts);
      if (!s.ok() && status_.ok()) status_ = s;
      float bound = 0;
      for (const Impact& k : impacts) bound = std::max(bound, scorer->Bound(idf, k.tf, k.len));
      block_bounds_.push_back(bound);
      max_score_ = std::max(max_score_, bound);
    }
  }
  if (scorer) run_offset_.push_back(block_bounds_.size());
  // On the first document, its block not decoded yet: a cursor that is
  // first moved far ahead (a probe, a required clause's check) decodes only
  // the blocks it lands in.
  for (run_ = 0; run_ < runs_.size(); ++run_) {
    if (runs_[run_]->reader.block_count() > 0) {
      block_ = 0;
      flat_block_ = scorer ? run_offset_[run_] : 0;
      block_last_ = runs_[run_]->reader.block(0).last_doc;
      DocNum first = kNoDoc;
      const Status s = runs_[run_]->reader.FirstDoc(0, &first);
      if (!s.ok()) {
        status_ = s;
        first = kNoDoc;
      }
      doc_ = first;
      n_ = 0;
      pending_ = doc_ != kNoDoc;
      return;
    }
  }
  doc_ = kNoDoc;
}

bool TermCursor::LoadBlock(std::size_t run, std::size_t block) {
  run_ = run;
  block_ = block;
  pending_ = false;
  flat_block_ = run_offset_.empty() ? 0 : run_offset_[run] + block;
  const auto& reader = runs_[run]->reader;
  n_ = reader.block(block).doc_count;
  block_last_ = reader.block(block).last_doc;
  Status s = reader.DecodeBlock(block, docs_, &tf_);
  if (!s.ok()) {
    status_ = s;
    doc_ = kNoDoc;
    n_ = 0;
    return false;
  }
  pos_ = 0;
  positions_loaded_ = false;
  doc_ = n_ ? docs_[0] : kNoDoc;
  return true;
}

void TermCursor::Decode() const {
  // The block holds doc_ as its first document: decoding leaves it there.
  const_cast<TermCursor*>(this)->LoadBlock(run_, block_);
}

void TermCursor::Next() {
  if (doc_ == kNoDoc) return;
  if (pending_ && !LoadBlock(run_, block_)) return;
  if (++pos_ < n_) {
    doc_ = docs_[pos_];
    return;
  }
  // Next block, or the next run's first block.
  std::size_t run = run_, block = block_ + 1;
  while (run < runs_.size() && block >= runs_[run]->reader.block_count()) {
    ++run;
    block = 0;
  }
  if (run >= runs_.size()) {
    doc_ = kNoDoc;
    return;
  }
  LoadBlock(run, block);
}

void TermCursor::SeekBlock(DocNum target) {
  // Find the first (run, block) whose last doc >= target, from the current one.
  std::size_t run = run_, block = block_;
  while (run < runs_.size()) {
    const auto& blocks = runs_[run]->reader.blocks();
    if (!blocks.empty() && blocks.back().last_doc >= target) {
      auto it = std::lower_bound(blocks.begin() + static_cast<std::ptrdiff_t>(block), blocks.end(), target,
                                 [](const BlockInfo& b, DocNum t) { return b.last_doc < t; });
      block = static_cast<std::size_t>(it - blocks.begin());
      if (pending_ || run != run_ || block != block_) LoadBlock(run, block);
      return;
    }
    ++run;
    block = 0;
  }
  doc_ = kNoDoc;
  pending_ = false;
}

void TermCursor::NextGEQ(DocNum target) {
  if (doc_ == kNoDoc || doc_ >= target) return;
  if (block_last_ < target) {
    SeekBlock(target);
    if (doc_ == kNoDoc) return;
  } else if (pending_ && !LoadBlock(run_, block_)) {
    return;
  }
  // Within the block: docs are sorted.
  const DocNum* it = std::lower_bound(docs_ + pos_, docs_ + n_, target);
  pos_ = static_cast<std::size_t>(it - docs_);
  doc_ = docs_[pos_];
}

float TermCursor::ShallowBound(DocNum target, DocNum* block_last) {
  if (block_last) *block_last = kNoDoc;
  if (doc_ == kNoDoc) return 0.0f;
  if (block_last_ >= target) {
    if (block_last) *block_last = block_last_;
    return block_bounds_.empty() ? 0.0f : block_bounds_[flat_block_];
  }
  std::size_t run = run_, block = block_;
  while (run < runs_.size()) {
    const auto& blocks = runs_[run]->reader.blocks();
    if (!blocks.empty() && blocks.back().last_doc >= target) {
      auto it = std::lower_bound(blocks.begin() + static_cast<std::ptrdiff_t>(block), blocks.end(), target,
                                 [](const BlockInfo& b, DocNum t) { return b.last_doc < t; });
      if (block_last) *block_last = it->last_doc;
      if (block_bounds_.empty()) return 0.0f;
      return block_bounds_[run_offset_[run] + static_cast<std::size_t>(it - blocks.begin())];
    }
    ++run;
    block = 0;
  }
  return 0.0f;
}

// Positions are decoded for the current document only: a cursor that
// checks a few documents of a block (a phrase, a required clause) steps
// over the other documents' positions without decoding them.
const Position* TermCursor::positions_begin() {
  if (pending_) Decode();
  if (!positions_loaded_) {
    progress_ = {};
    positions_doc_ = kNoPositions;
    positions_loaded_ = true;
  }
  if (positions_doc_ != pos_) {
    positions_doc_ = pos_;
    if (status_.ok()) {
      const TermRun& run = *runs_[run_];
      if (run.positions && (!source_reader_ || source_run_ != run_)) {
        source_reader_ = run.positions->NewReader();
        source_run_ = run_;
      }
      Status s = run.positions ? source_reader_->Positions(doc_, &positions_)
                               : run.reader.DecodeDocPositions(block_, tf_, pos_, &progress_, &positions_);
      // A damaged block: the document has no positions.
      if (!s.ok()) {
        status_ = s;
        positions_.clear();
      }
    } else {
      positions_.clear();
    }
  }
  return positions_.data();
}

std::string_view TermCursor::position_bytes() {
  if (pending_) Decode();
  if (!positions_loaded_) {
    progress_ = {};
    positions_doc_ = kNoPositions;
    positions_loaded_ = true;
  }
  if (runs_[run_]->positions) {
    // Encoded from the source's positions, as a stored run holds them.
    const Position* b = positions_begin();
    position_bytes_.clear();
    AppendPositionDeltas(std::span<const Position>(b, positions_end()), &position_bytes_);
    return position_bytes_;
  }
  // positions_ may already hold this document, its bytes passed: start over.
  if (progress_.docs > pos_) progress_ = {};
  std::string_view bytes;
  if (status_.ok()) {
    Status s = runs_[run_]->reader.DocPositionBytes(block_, tf_, pos_, &progress_, &bytes);
    if (!s.ok()) status_ = s;
  }
  return bytes;
}

const Position* TermCursor::positions_end() { return positions_begin() + positions_.size(); }

}  // namespace sagasu
