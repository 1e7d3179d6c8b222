#include "storage/posting_codec.h"

#include <algorithm>
#include <cassert>

#include "common/coding.h"

namespace sagasu {

PostingRunBuilder::PostingRunBuilder(DocNum run_base) : base_(run_base), prev_block_last_(run_base) {
  docs_.reserve(kBlockSize);
  tf_title_.reserve(kBlockSize);
  tf_body_.reserve(kBlockSize);
}

void PostingRunBuilder::Add(DocNum doc, std::uint32_t tf_title, std::uint32_t tf_body, std::uint32_t len_title,
                            std::uint32_t len_body, std::span<const Position> positions) {
  assert(positions.size() == std::size_t{tf_title} + tf_body && !positions.empty());
  assert(docs_.empty() ? (doc_count_ == 0 ? doc >= base_ : doc > prev_block_last_) : doc > docs_.back());
  if (docs_.empty()) {
    min_len_title_ = len_title;
    min_len_body_ = len_body;
  } else {
    min_len_title_ = std::min(min_len_title_, len_title);
    min_len_body_ = std::min(min_len_body_, len_body);
  }
  docs_.push_back(doc);
  tf_title_.push_back(tf_title);
  tf_body_.push_back(tf_body);
  Position prev = 0;
  for (Position p : positions) {
    assert(p >= prev);
    PutVarint32(&positions_, p - prev);
    prev = p;
  }
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
  std::uint32_t max_tt = 0, max_tb = 0;
  for (auto t : tf_title_) {
    PutVarint32(&docs_section, t);
    max_tt = std::max(max_tt, t);
  }
  for (auto t : tf_body_) {
    PutVarint32(&docs_section, t);
    max_tb = std::max(max_tb, t);
  }
  PutVarint32(&skips_, docs_.back() - prev_block_last_);
  PutVarint32(&skips_, static_cast<std::uint32_t>(docs_section.size()));
  PutVarint32(&skips_, static_cast<std::uint32_t>(positions_.size()));
  PutVarint32(&skips_, max_tt);
  PutVarint32(&skips_, max_tb);
  PutVarint32(&skips_, min_len_title_);
  PutVarint32(&skips_, min_len_body_);
  blocks_ += docs_section;
  blocks_ += positions_;
  prev_block_last_ = docs_.back();
  ++block_count_;
  docs_.clear();
  tf_title_.clear();
  tf_body_.clear();
  positions_.clear();
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
    std::uint32_t delta;
    if (!in.GetVarint32(&delta) || !in.GetVarint32(&b.docs_bytes) || !in.GetVarint32(&b.pos_bytes) ||
        !in.GetVarint32(&b.max_tf_title) || !in.GetVarint32(&b.max_tf_body) || !in.GetVarint32(&b.min_len_title) ||
        !in.GetVarint32(&b.min_len_body)) {
      return Status::Corruption("postings run: truncated skip table");
    }
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

Status PostingRunReader::DecodeBlock(std::size_t b, DocNum* docs, std::uint32_t* tf_title,
                                     std::uint32_t* tf_body) const {
  const BlockInfo& info = blocks_[b];
  Decoder in(value_.data() + info.docs_offset, value_.data() + info.docs_offset + info.docs_bytes);
  DocNum prev = b == 0 ? base_ : blocks_[b - 1].last_doc;
  const std::uint32_t n = info.doc_count;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint32_t delta;
    if (!in.GetVarint32(&delta)) return Status::Corruption("postings block: truncated docs");
    prev += delta;
    docs[i] = prev;
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!in.GetVarint32(&tf_title[i])) return Status::Corruption("postings block: truncated tf");
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!in.GetVarint32(&tf_body[i])) return Status::Corruption("postings block: truncated tf");
  }
  if (n > 0 && docs[n - 1] != info.last_doc) return Status::Corruption("postings block: last doc mismatch");
  return Status::OK();
}

Status PostingRunReader::DecodePositions(std::size_t b, const std::uint32_t* tf_title, const std::uint32_t* tf_body,
                                         std::vector<std::uint32_t>* offsets,
                                         std::vector<Position>* positions) const {
  const BlockInfo& info = blocks_[b];
  const char* start = value_.data() + info.docs_offset + info.docs_bytes;
  Decoder in(start, start + info.pos_bytes);
  offsets->clear();
  positions->clear();
  offsets->push_back(0);
  for (std::uint32_t i = 0; i < info.doc_count; ++i) {
    const std::uint64_t tf = std::uint64_t{tf_title[i]} + tf_body[i];
    if (tf > in.remaining()) return Status::Corruption("postings block: bad position count");
    Position pos = 0;
    for (std::uint64_t j = 0; j < tf; ++j) {
      std::uint32_t delta;
      if (!in.GetVarint32(&delta)) return Status::Corruption("postings block: truncated positions");
      pos += delta;
      positions->push_back(pos);
    }
    offsets->push_back(static_cast<std::uint32_t>(positions->size()));
  }
  return Status::OK();
}

}  // namespace sagasu
