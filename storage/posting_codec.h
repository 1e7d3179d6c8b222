// Postings runs: how one term's postings within one run of documents are laid
// out in a RocksDB value (see storage/keys.h for the key).
//
// A run is cut into blocks of up to kBlockSize documents. A skip table up
// front gives, per block, its last document, its sizes and the maxima needed
// to bound any BM25/BM25F score of the block (max term frequency per field,
// min field length), so a query can skip whole blocks (block-max pruning)
// without decoding them, and decode positions only for phrase checks and
// snippets.
//
//   run      := varint doc_count, varint block_count, skip[block_count], block*
//   skip     := varint last_doc_delta   (last doc - previous block's last doc,
//                                        or - run base for the first block)
//               varint docs_bytes, varint pos_bytes,
//               varint max_tf_title, varint max_tf_body,
//               varint min_len_title, varint min_len_body
//   block    := docs_bytes of: n x varint doc_delta (first: from the previous
//                              block's last doc, or from the run base),
//                              n x varint tf_title, n x varint tf_body
//               pos_bytes of:  per doc, tf_title + tf_body varint deltas of
//                              ascending positions (first from 0)
//
// Lengths are counted in terms. All integers are LEB128 varints.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/types.h"
#include "storage/format.h"

namespace sagasu {

using format::kBlockSize;

// Per-block summary stored in the skip table.
struct BlockInfo {
  DocNum last_doc = 0;
  std::uint32_t doc_count = 0;
  std::uint32_t max_tf_title = 0;
  std::uint32_t max_tf_body = 0;
  std::uint32_t min_len_title = 0;
  std::uint32_t min_len_body = 0;
  std::uint32_t docs_offset = 0;  // byte offset of the block in the run value
  std::uint32_t docs_bytes = 0;
  std::uint32_t pos_bytes = 0;
};

// Builds one postings run. Not thread-safe.
class PostingRunBuilder {
 public:
  // `run_base` is the run's first DocNum (the key suffix); every doc >= it.
  explicit PostingRunBuilder(DocNum run_base);

  // Adds one document. `positions` holds tf_title title positions followed by
  // the body positions, all ascending.
  // REQUIRES: doc > previous doc (or >= run_base for the first);
  //           positions.size() == tf_title + tf_body > 0.
  void Add(DocNum doc, std::uint32_t tf_title, std::uint32_t tf_body, std::uint32_t len_title,
           std::uint32_t len_body, std::span<const Position> positions);

  std::uint32_t doc_count() const { return doc_count_; }

  // Returns the encoded run. The builder may not be used afterwards.
  std::string Finish();

 private:
  void FlushBlock();

  DocNum base_;
  DocNum prev_block_last_;
  std::uint32_t doc_count_ = 0;
  // Current block.
  std::vector<DocNum> docs_;
  std::vector<std::uint32_t> tf_title_, tf_body_;
  std::uint32_t min_len_title_ = 0, min_len_body_ = 0;
  std::string positions_;
  Position last_pos_ = 0;
  // Finished blocks.
  std::string skips_;
  std::string blocks_;
  std::uint32_t block_count_ = 0;
};

// Read access to one encoded run. Holds views into the value; the caller keeps
// the bytes alive. Init validates the skip table; block decoding validates
// bounds as it goes and reports Corruption instead of reading out of range.
class PostingRunReader {
 public:
  Status Init(std::string_view value, DocNum run_base);

  std::uint32_t doc_count() const { return doc_count_; }
  std::size_t block_count() const { return blocks_.size(); }
  const BlockInfo& block(std::size_t i) const { return blocks_[i]; }
  const std::vector<BlockInfo>& blocks() const { return blocks_; }

  // Decodes block `b` into docs/tf arrays of size block(b).doc_count.
  Status DecodeBlock(std::size_t b, DocNum* docs, std::uint32_t* tf_title, std::uint32_t* tf_body) const;

  // Decodes the positions of block `b`; positions of its i-th doc are
  // (*positions)[(*offsets)[i] .. (*offsets)[i+1]).
  Status DecodePositions(std::size_t b, const std::uint32_t* tf_title, const std::uint32_t* tf_body,
                         std::vector<std::uint32_t>* offsets, std::vector<Position>* positions) const;

 private:
  std::string_view value_;
  DocNum base_ = 0;
  std::uint32_t doc_count_ = 0;
  std::vector<BlockInfo> blocks_;
};

}  // namespace sagasu
