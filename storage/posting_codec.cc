#include "storage/posting_codec.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>

#include "common/coding.h"

namespace sagasu {

void AppendPositionDeltas(std::span<const Position> positions, std::string* out) {
  Position prev = 0;
  for (Position p : positions) {
    assert(p >= prev);
    PutVarint32(out, p - prev);
    prev = p;
  }
}

PostingRunBuilder::PostingRunBuilder(DocNum run_base, Bounds bounds)
    : base_(run_base), prev_block_last_(run_base), bounds_(bounds) {
  docs_.reserve(kBlockSize);
  tf_.reserve(kBlockSize);
}

void PostingRunBuilder::Add(DocNum doc, const FieldCounts& tf, const FieldCounts& len,
                            std::span<const Position> positions) {
  assert(positions.size() == std::size_t{tf[0]} + tf[1] + tf[2] && !positions.empty());
  AppendPositionDeltas(positions, &positions_);
  Push(doc, tf, len);
}

void PostingRunBuilder::AddEncoded(DocNum doc, const FieldCounts& tf, const FieldCounts& len,
                                   std::string_view positions) {
  assert(!positions.empty() && (static_cast<unsigned char>(positions.back()) & 0x80) == 0);
  positions_.append(positions);
  Push(doc, tf, len);
}

void PostingRunBuilder::AddWithoutPositions(DocNum doc, const FieldCounts& tf, const FieldCounts& len) {
  Push(doc, tf, len);
}

void PostingRunBuilder::Push(DocNum doc, const FieldCounts& tf, const FieldCounts& len) {
  assert(docs_.empty() ? (doc_count_ == 0 ? doc >= base_ : doc > prev_block_last_) : doc > docs_.back());
  docs_.push_back(doc);
  tf_.push_back(tf);
  lens_.push_back(len);
  ++doc_count_;
  if (docs_.size() == kBlockSize) FlushBlock();
}

void PostingRunBuilder::FlushBlock() {
  if (docs_.empty()) return;
  std::string docs_section;
  DocNum prev = prev_block_last_;
  for (DocNum d : docs_) {
    PutVarint32(&docs_section, d - prev);
    prev = d;
  }
  BlockInfo info;
  for (std::size_t i = 0; i < docs_.size(); ++i) {
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      if (tf_[i][f] == 0) continue;
      const bool first = !(info.fields & (1u << f));
      info.fields |= static_cast<std::uint8_t>(1u << f);
      info.max_tf[f] = std::max(info.max_tf[f], tf_[i][f]);
      info.min_len[f] = first ? lens_[i][f] : std::min(info.min_len[f], lens_[i][f]);
    }
  }
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    if (!(info.fields & (1u << f))) continue;
    for (const auto& t : tf_) PutVarint32(&docs_section, t[f]);
  }
  PutVarint32(&skips_, docs_.back() - prev_block_last_);
  PutVarint32(&skips_, static_cast<std::uint32_t>(docs_section.size()));
  PutVarint32(&skips_, static_cast<std::uint32_t>(positions_.size()));
  skips_.push_back(static_cast<char>(info.fields));
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    if (!(info.fields & (1u << f))) continue;
    PutVarint32(&skips_, info.max_tf[f]);
    PutVarint32(&skips_, info.min_len[f]);
  }
  PutImpacts(info);
  blocks_ += docs_section;
  blocks_ += positions_;
  prev_block_last_ = docs_.back();
  ++block_count_;
  docs_.clear();
  tf_.clear();
  lens_.clear();
  positions_.clear();
}

namespace {

// Whether every document (tf, len) scores at most as `a` does under any
// BM25F parameters: at least its tf in every field and at most its length
// in every field where it holds the term (Bm25F::Score rises with tf and
// falls with length; a field without the term adds nothing).
bool Covers(const Impact& a, const FieldCounts& tf, const FieldCounts& len) {
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    if (tf[f] == 0) continue;
    if (a.tf[f] < tf[f] || a.len[f] > len[f]) return false;
  }
  return true;
}

// A score-like order for choosing which impacts to keep whole: a field's
// occurrences per term of its length, title first. Any order keeps the
// bounds safe; this one keeps the likely best documents exact.
float Weight(const FieldCounts& tf, const FieldCounts& len) {
  static constexpr float kFieldWeight[kFieldCount] = {2.5f, 1.0f, 1.5f};
  float w = 0;
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    if (tf[f] != 0) w += kFieldWeight[f] * static_cast<float>(tf[f]) / static_cast<float>(len[f] + 8);
  }
  return w;
}

}  // namespace

void PostingRunBuilder::PutImpacts(const BlockInfo& info) {
  if (bounds_ == Bounds::kMaxima) {
    PutVarint32(&skips_, 0);
    return;
  }
  // The documents no other document covers (the first of equal ones), in
  // one pass: a document covered by a kept one is dropped, one that covers
  // kept ones replaces them.
  impacts_.clear();
  for (std::size_t i = 0; i < docs_.size(); ++i) {
    bool covered = false;
    for (const Impact& k : impacts_) {
      if (Covers(k, tf_[i], lens_[i])) {
        covered = true;
        break;
      }
    }
    if (covered) continue;
    const Impact mine{tf_[i], lens_[i]};
    std::erase_if(impacts_, [&](const Impact& k) { return Covers(mine, k.tf, k.len); });
    impacts_.push_back(mine);
  }
  // One that covers every document is the block's maxima: 0 says so.
  if (impacts_.size() == 1) {
    PutVarint32(&skips_, 0);
    return;
  }
  if (impacts_.size() > kMaxImpacts) {
    // The likely best kMaxImpacts - 1 stay exact; one impact covers the rest
    // (their highest tf and lowest length per field).
    std::sort(impacts_.begin(), impacts_.end(),
              [](const Impact& x, const Impact& y) { return Weight(x.tf, x.len) > Weight(y.tf, y.len); });
    Impact& rest = impacts_[kMaxImpacts - 1];
    for (std::size_t j = kMaxImpacts; j < impacts_.size(); ++j) {
      for (std::size_t f = 0; f < kFieldCount; ++f) {
        if (impacts_[j].tf[f] == 0) continue;
        rest.len[f] = rest.tf[f] == 0 ? impacts_[j].len[f] : std::min(rest.len[f], impacts_[j].len[f]);
        rest.tf[f] = std::max(rest.tf[f], impacts_[j].tf[f]);
      }
    }
    impacts_.resize(kMaxImpacts);
  }
  PutVarint32(&skips_, static_cast<std::uint32_t>(impacts_.size()));
  for (const Impact& k : impacts_) {
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      if (!(info.fields & (1u << f))) continue;
      PutVarint32(&skips_, k.tf[f]);
      PutVarint32(&skips_, k.tf[f] == 0 ? 0 : k.len[f]);
    }
  }
}

std::string PostingRunBuilder::Finish() {
  FlushBlock();
  std::string out;
  out.reserve(skips_.size() + blocks_.size() + 10);
  PutVarint32(&out, doc_count_);
  PutVarint32(&out, block_count_);
  out += skips_;
  out += blocks_;
  return out;
}

namespace {

const char* SkipVarints(const char* p, const char* end, std::uint64_t n);

constexpr unsigned kAllFields = (1u << kFieldCount) - 1;

// The field mask and per-field bounds of one skip entry.
bool ReadFieldBounds(Decoder* in, BlockInfo* b) {
  std::uint8_t fields;
  if (!in->GetByte(&fields) || fields == 0 || (fields & ~kAllFields)) return false;
  b->fields = fields;
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    if (!(fields & (1u << f))) continue;
    if (!in->GetVarint32(&b->max_tf[f]) || !in->GetVarint32(&b->min_len[f]) || b->max_tf[f] == 0) return false;
  }
  return true;
}

}  // namespace

Status PostingRunReader::Init(std::string_view value, DocNum run_base) {
  value_ = value;
  base_ = run_base;
  blocks_.clear();
  Decoder in(value);
  std::uint32_t nblocks;
  if (!in.GetVarint32(&doc_count_) || !in.GetVarint32(&nblocks) || nblocks > doc_count_ ||
      doc_count_ > nblocks * kBlockSize) {
    return Status::Corruption("postings run: bad header");
  }
  blocks_.resize(nblocks);
  DocNum last = base_;
  std::uint64_t total_docs = 0;
  for (auto& b : blocks_) {
    std::uint32_t delta, impacts;
    if (!in.GetVarint32(&delta) || !in.GetVarint32(&b.docs_bytes) || !in.GetVarint32(&b.pos_bytes) ||
        !ReadFieldBounds(&in, &b) || !in.GetVarint32(&impacts) || impacts > kMaxImpacts) {
      return Status::Corruption("postings run: truncated skip table");
    }
    b.impact_count = static_cast<std::uint8_t>(impacts);
    b.impacts_offset = static_cast<std::uint32_t>(in.data() - value.data());
    const char* after = SkipVarints(in.data(), in.data() + in.remaining(),
                                    std::uint64_t{impacts} * 2 * static_cast<unsigned>(std::popcount(b.fields)));
    if (after == nullptr) return Status::Corruption("postings run: truncated skip table");
    in.Skip(static_cast<std::size_t>(after - in.data()));
    if (static_cast<std::uint64_t>(last) + delta > kNoDoc) return Status::Corruption("postings run: doc overflow");
    last += delta;
    b.last_doc = last;
  }
  std::uint64_t offset = static_cast<std::uint64_t>(in.data() - value.data());
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    auto& b = blocks_[i];
    b.docs_offset = static_cast<std::uint32_t>(offset);
    offset += std::uint64_t{b.docs_bytes} + b.pos_bytes;
    b.doc_count = (i + 1 < blocks_.size()) ? kBlockSize : doc_count_ - static_cast<std::uint32_t>(total_docs);
    total_docs += b.doc_count;
  }
  if (offset != value.size()) return Status::Corruption("postings run: size mismatch");
  return Status::OK();
}

Status PostingRunReader::DecodeBlock(std::size_t b, DocNum* docs, BlockFreqs* tf) const {
  const BlockInfo& info = blocks_[b];
  Decoder in(value_.data() + info.docs_offset, value_.data() + info.docs_offset + info.docs_bytes);
  DocNum prev = b == 0 ? base_ : blocks_[b - 1].last_doc;
  const std::uint32_t n = info.doc_count;
  static_assert(sizeof(DocNum) == sizeof(std::uint32_t));
  if (!in.GetVarint32Array(docs, n)) return Status::Corruption("postings block: truncated docs");
  for (std::uint32_t i = 0; i < n; ++i) docs[i] = (prev += docs[i]);
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    std::uint32_t* out = tf->tf[f];
    if (!(info.fields & (1u << f))) {
      std::fill(out, out + n, 0u);
      continue;
    }
    if (!in.GetVarint32Array(out, n)) return Status::Corruption("postings block: truncated tf");
  }
  if (n > 0 && docs[n - 1] != info.last_doc) return Status::Corruption("postings block: last doc mismatch");
  return Status::OK();
}

Status PostingRunReader::FirstDoc(std::size_t b, DocNum* doc) const {
  const BlockInfo& info = blocks_[b];
  Decoder in(value_.data() + info.docs_offset, value_.data() + info.docs_offset + info.docs_bytes);
  std::uint32_t delta;
  if (info.doc_count == 0 || !in.GetVarint32(&delta)) return Status::Corruption("postings block: truncated docs");
  const DocNum prev = b == 0 ? base_ : blocks_[b - 1].last_doc;
  if (delta > info.last_doc - prev) return Status::Corruption("postings block: first doc past the last");
  *doc = prev + delta;
  return Status::OK();
}

namespace {

// Appends `n` delta-coded positions (one document's) from `in`.
Status AppendDocPositions(Decoder* in, std::uint64_t n, std::vector<Position>* positions) {
  if (n > in->remaining()) return Status::Corruption("postings block: bad position count");
  const std::size_t at = positions->size();
  positions->resize(at + n);
  Position* out = positions->data() + at;
  static_assert(sizeof(Position) == sizeof(std::uint32_t));
  if (!in->GetVarint32Array(out, n)) {
    positions->resize(at);
    return Status::Corruption("postings block: truncated positions");
  }
  Position pos = 0;
  for (std::uint64_t j = 0; j < n; ++j) out[j] = (pos += out[j]);
  return Status::OK();
}


// Steps over `n` varints from p (at most to end): each ends in a byte below
// 0x80, so eight bytes at a time count their ends. Returns the byte after
// the n-th, or nullptr when the range holds fewer.
const char* SkipVarints(const char* p, const char* end, std::uint64_t n) {
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  while (n >= 8 && end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    // The bytes below 0x80, counted by summing their (moved) high bits in
    // the top byte: no popcount instruction in baseline x86-64.
    const std::uint64_t ends = (((~w & kHigh) >> 7) * 0x0101010101010101ull) >> 56;
    if (ends > n) break;
    n -= ends;
    p += 8;
  }
  for (; n > 0 && p < end; ++p) {
    if ((static_cast<unsigned char>(*p) & 0x80) == 0) --n;
  }
  return n == 0 ? p : nullptr;
}

}  // namespace

Status PostingRunReader::DecodePositions(std::size_t b, const BlockFreqs& tf, std::vector<std::uint32_t>* offsets,
                                         std::vector<Position>* positions) const {
  const BlockInfo& info = blocks_[b];
  const char* start = value_.data() + info.docs_offset + info.docs_bytes;
  Decoder in(start, start + info.pos_bytes);
  offsets->clear();
  positions->clear();
  offsets->push_back(0);
  for (std::uint32_t i = 0; i < info.doc_count; ++i) {
    SAGASU_RETURN_IF_ERROR(AppendDocPositions(&in, tf.Total(i), positions));
    offsets->push_back(static_cast<std::uint32_t>(positions->size()));
  }
  return Status::OK();
}

Status PostingRunReader::FindDocPositions(std::size_t b, const BlockFreqs& tf, std::size_t doc,
                                          const PositionsProgress& progress, const char** begin,
                                          const char** block_begin, const char** block_end) const {
  const BlockInfo& info = blocks_[b];
  if (progress.bytes > info.pos_bytes || progress.docs > doc || doc >= info.doc_count) {
    return Status::Corruption("postings block: bad position progress");
  }
  *block_begin = value_.data() + info.docs_offset + info.docs_bytes;
  *block_end = *block_begin + info.pos_bytes;
  std::uint64_t skip = 0;
  for (std::size_t i = progress.docs; i < doc; ++i) skip += tf.Total(i);
  *begin = SkipVarints(*block_begin + progress.bytes, *block_end, skip);
  if (*begin == nullptr) return Status::Corruption("postings block: truncated positions");
  return Status::OK();
}

Status PostingRunReader::DecodeDocPositions(std::size_t b, const BlockFreqs& tf, std::size_t doc,
                                            PositionsProgress* progress, std::vector<Position>* positions) const {
  positions->clear();
  const char *p, *start, *end;
  SAGASU_RETURN_IF_ERROR(FindDocPositions(b, tf, doc, *progress, &p, &start, &end));
  Decoder in(p, end);
  SAGASU_RETURN_IF_ERROR(AppendDocPositions(&in, tf.Total(doc), positions));
  progress->docs = doc + 1;
  progress->bytes = static_cast<std::size_t>(in.data() - start);
  return Status::OK();
}

Status PostingRunReader::DocPositionBytes(std::size_t b, const BlockFreqs& tf, std::size_t doc,
                                          PositionsProgress* progress, std::string_view* bytes) const {
  *bytes = {};
  const char *p, *start, *end;
  SAGASU_RETURN_IF_ERROR(FindDocPositions(b, tf, doc, *progress, &p, &start, &end));
  const std::uint32_t n = tf.Total(doc);
  const char* q = n == 0 ? nullptr : SkipVarints(p, end, n);
  if (q == nullptr) return Status::Corruption("postings block: truncated positions");
  progress->docs = doc;
  progress->bytes = static_cast<std::size_t>(p - start);
  *bytes = std::string_view(p, static_cast<std::size_t>(q - p));
  return Status::OK();
}

}  // namespace sagasu

namespace sagasu {

Status PostingRunReader::BlockImpacts(std::size_t b, std::vector<Impact>* out) const {
  const BlockInfo& info = blocks_[b];
  out->clear();
  if (info.impact_count == 0) {
    out->push_back({info.max_tf, info.min_len});
    return Status::OK();
  }
  Decoder in(value_.data() + info.impacts_offset, value_.data() + info.docs_offset);
  for (std::uint32_t i = 0; i < info.impact_count; ++i) {
    Impact& k = out->emplace_back();
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      if (!(info.fields & (1u << f))) continue;
      if (!in.GetVarint32(&k.tf[f]) || !in.GetVarint32(&k.len[f])) {
        out->assign(1, Impact{info.max_tf, info.min_len});
        return Status::Corruption("postings run: truncated impacts");
      }
      // An impact bounds documents of the block: never above its maxima.
      if (k.tf[f] > info.max_tf[f] || (k.tf[f] != 0 && k.len[f] < info.min_len[f])) {
        out->assign(1, Impact{info.max_tf, info.min_len});
        return Status::Corruption("postings run: impact beyond the block's maxima");
      }
    }
  }
  return Status::OK();
}

}  // namespace sagasu
