// Postings runs: how one term's postings within one run of documents are laid
// out in a RocksDB value (see storage/keys.h for the key).
//
// A run is cut into blocks of up to kBlockSize documents. A skip table up
// front gives, per block, its last document, its sizes and the maxima needed
// to bound any BM25/BM25F score of the block (max term frequency per field,
// min field length), so a query can skip whole blocks (block-max pruning)
// without decoding them, and decode positions only for phrase checks and
// snippets. The maxima of different documents add up to a bound no
// document reaches (a short title holding the term and a long body holding
// it often), so each block also keeps its impacts, as Lucene does: the
// (tf, length) of each document no other one beats in every field, the best
// first, at most kMaxImpacts (the last then covers the rest). The best
// impact's score is the block's best score under any BM25F parameters. A field in which no document of the block holds the term
// (most blocks have no title or meta occurrence) costs nothing beyond one
// bit of the block's field mask.
//
//   run      := varint doc_count, varint block_count, skip[block_count], block*
//   skip     := varint last_doc_delta   (last doc - previous block's last doc,
//                                        or - run base for the first block)
//               varint docs_bytes, varint pos_bytes,
//               byte fields             (bit f: some doc has tf in field f > 0)
//               per field f in fields:  varint max_tf[f], varint min_len[f]
//                                       (min over the docs with tf[f] > 0)
//               varint impact_count     (0: the maxima above are the one
//                                        impact; at most kMaxImpacts)
//               impact_count x per field f in fields: varint tf[f],
//                                       varint len[f] (0 where tf[f] is 0)
//   block    := docs_bytes of: n x varint doc_delta (first: from the previous
//                              block's last doc, or from the run base),
//                              per field f in fields: n x varint tf[f]
//               pos_bytes of:  per doc, sum_f tf[f] varint deltas of
//                              ascending positions (first from 0): the
//                              title's, then the body's, then the meta field's
//
// Fields: format::Field. Lengths are counted in terms. All integers are
// LEB128 varints.
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

using format::FieldCounts;
using format::kBlockSize;
using format::kFieldCount;

// A document's term frequency and length per field, or a bound of several
// documents' (tf no lower and length no higher in each field where the
// term occurs): what a block-max bound is computed from.
struct Impact {
  FieldCounts tf{};
  FieldCounts len{};
};
inline constexpr std::size_t kMaxImpacts = 8;

// Per-block summary stored in the skip table.
struct BlockInfo {
  DocNum last_doc = 0;
  std::uint32_t doc_count = 0;
  std::uint8_t fields = 0;  // bit f set: some document holds the term in field f
  // Per field, over the documents holding the term in it (0 for the others).
  FieldCounts max_tf{};
  FieldCounts min_len{};
  std::uint8_t impact_count = 0;     // 0: {max_tf, min_len} is the one impact
  std::uint32_t impacts_offset = 0;  // byte offset of the impacts in the run value
  std::uint32_t docs_offset = 0;  // byte offset of the block in the run value
  std::uint32_t docs_bytes = 0;
  std::uint32_t pos_bytes = 0;
};

// Term frequencies of one decoded block, by field, then by document.
struct BlockFreqs {
  std::uint32_t tf[kFieldCount][kBlockSize];

  FieldCounts At(std::size_t i) const {
    FieldCounts out;
    for (std::size_t f = 0; f < kFieldCount; ++f) out[f] = tf[f][i];
    return out;
  }
  std::uint32_t Total(std::size_t i) const {
    std::uint32_t n = 0;
    for (std::size_t f = 0; f < kFieldCount; ++f) n += tf[f][i];
    return n;
  }
};

// Appends one document's ascending positions as a run stores them: varint
// deltas, the first from 0 (PostingRunReader::DocPositionBytes gives them
// back so).
void AppendPositionDeltas(std::span<const Position> positions, std::string* out);

// Builds one postings run. Not thread-safe.
class PostingRunBuilder {
 public:
  // What bounds a block's scores: its impacts, or only its maxima (cheaper
  // to build, looser: for a run built at query time and read once).
  enum class Bounds { kImpacts, kMaxima };
  // `run_base` is the run's first DocNum (the key suffix); every doc >= it.
  explicit PostingRunBuilder(DocNum run_base, Bounds bounds = Bounds::kImpacts);

  // Adds one document: its term frequency and length per field, and the
  // positions of the term, field by field, all ascending.
  // REQUIRES: doc > previous doc (or >= run_base for the first);
  //           positions.size() == sum of tf > 0.
  void Add(DocNum doc, const FieldCounts& tf, const FieldCounts& len, std::span<const Position> positions);
  // Adds one document whose positions are already encoded as Add encodes
  // them (PostingRunReader::DocPositionBytes of another run): `positions`
  // holds sum-of-tf varints. Same REQUIRES as Add.
  void AddEncoded(DocNum doc, const FieldCounts& tf, const FieldCounts& len, std::string_view positions);
  // Adds one document without its positions. A run built so has none for
  // any document (every block's pos_bytes is 0; do not mix with Add): the
  // reader's position calls fail on it, and its TermRun names a
  // PositionSource instead (storage/snapshot.h).
  void AddWithoutPositions(DocNum doc, const FieldCounts& tf, const FieldCounts& len);

  std::uint32_t doc_count() const { return doc_count_; }

  // Returns the encoded run. The builder may not be used afterwards.
  std::string Finish();

 private:
  // Adds a document's entry (its positions appended already).
  void Push(DocNum doc, const FieldCounts& tf, const FieldCounts& len);
  void FlushBlock();
  // Appends the current block's impacts to the skip table.
  void PutImpacts(const BlockInfo& info);

  DocNum base_;
  DocNum prev_block_last_;
  std::uint32_t doc_count_ = 0;
  // Current block.
  std::vector<DocNum> docs_;
  std::vector<FieldCounts> tf_, lens_;
  std::string positions_;
  Bounds bounds_;
  std::vector<Impact> impacts_;  // PutImpacts' scratch
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
  // The run's encoded bytes (the value Init was given).
  std::size_t byte_size() const { return value_.size(); }
  std::size_t block_count() const { return blocks_.size(); }
  const BlockInfo& block(std::size_t i) const { return blocks_[i]; }
  const std::vector<BlockInfo>& blocks() const { return blocks_; }

  // Decodes block `b`: its block(b).doc_count documents into docs[] and
  // their frequencies into *tf (0 in the fields the block lacks).
  Status DecodeBlock(std::size_t b, DocNum* docs, BlockFreqs* tf) const;
  // The impacts of block b (see the header comment): at least one, and
  // every document of the block scores at most as one of them does. On
  // damage, Corruption and the block's maxima as the one impact.
  Status BlockImpacts(std::size_t b, std::vector<Impact>* out) const;
  // The first document of block b, from its first varint alone (a cursor
  // that may never read the block knows where it starts).
  Status FirstDoc(std::size_t b, DocNum* doc) const;

  // Decodes the positions of block `b` given its frequencies; positions of
  // its i-th doc are (*positions)[(*offsets)[i] .. (*offsets)[i+1]).
  Status DecodePositions(std::size_t b, const BlockFreqs& tf, std::vector<std::uint32_t>* offsets,
                         std::vector<Position>* positions) const;

  // How far DecodeDocPositions got in one block: documents passed and
  // position bytes read. Value-initialized for a fresh block.
  struct PositionsProgress {
    std::size_t docs = 0;
    std::size_t bytes = 0;
  };
  // The positions of one document of block `b`, for a cursor that only
  // moves forward: the positions of documents progress->docs .. doc - 1 are
  // stepped over (their varints counted, not decoded) and document `doc`'s
  // replace *positions, as DecodePositions would give them. REQUIRES: for
  // a fresh block *progress = {}; progress->docs <= doc < block(b).doc_count.
  Status DecodeDocPositions(std::size_t b, const BlockFreqs& tf, std::size_t doc, PositionsProgress* progress,
                            std::vector<Position>* positions) const;
  // The same document's positions as stored (its sum-of-tf varints,
  // deltas from 0), without decoding them: what PostingRunBuilder::
  // AddEncoded copies. Leaves *progress at the document's start, so
  // DecodeDocPositions may still decode it. Same REQUIRES.
  Status DocPositionBytes(std::size_t b, const BlockFreqs& tf, std::size_t doc, PositionsProgress* progress,
                          std::string_view* bytes) const;

 private:
  // Where document `doc`'s positions begin in block `b`, stepping over those
  // of the documents from progress.docs; and the block's position bytes.
  Status FindDocPositions(std::size_t b, const BlockFreqs& tf, std::size_t doc, const PositionsProgress& progress,
                          const char** begin, const char** block_begin, const char** block_end) const;

  std::string_view value_;
  DocNum base_ = 0;
  std::uint32_t doc_count_ = 0;
  std::vector<BlockInfo> blocks_;
};

}  // namespace sagasu
