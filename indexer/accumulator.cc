#include "indexer/accumulator.h"

#include <algorithm>

#include <xxhash.h>

#include "common/coding.h"

namespace sagasu {

std::size_t Accumulator::Hash::operator()(std::string_view s) const { return XXH3_64bits(s.data(), s.size()); }

void Accumulator::Add(PendingDoc doc, const std::vector<Term>& terms, Position body_start) {
  const std::uint32_t local = static_cast<std::uint32_t>(docs_.size());
  scratch_.clear();
  std::uint32_t title_len = 0;
  for (const Term& t : terms) {
    auto it = ids_.find(std::string_view(t.text));
    std::uint32_t id;
    if (it == ids_.end()) {
      id = static_cast<std::uint32_t>(postings_.size());
      auto [ins, ok] = ids_.emplace(t.text, id);
      names_.push_back(&ins->first);
      postings_.emplace_back();
      memory_ += t.text.size() + 96;
    } else {
      id = it->second;
    }
    scratch_.push_back((std::uint64_t{id} << 32) | t.position);
    if (t.position < body_start) ++title_len;
  }
  doc.info.title_len = title_len;
  doc.info.body_len = static_cast<std::uint32_t>(terms.size()) - title_len;
  std::sort(scratch_.begin(), scratch_.end());

  for (std::size_t i = 0; i < scratch_.size();) {
    const std::uint32_t id = static_cast<std::uint32_t>(scratch_[i] >> 32);
    std::size_t j = i;
    std::uint32_t tf_title = 0;
    while (j < scratch_.size() && (scratch_[j] >> 32) == id) {
      if (static_cast<Position>(scratch_[j]) < body_start) ++tf_title;
      ++j;
    }
    TermPostings& p = postings_[id];
    const std::size_t before = p.bytes.size();
    PutVarint32(&p.bytes, local - p.last_local);
    PutVarint32(&p.bytes, tf_title);
    PutVarint32(&p.bytes, static_cast<std::uint32_t>(j - i) - tf_title);
    Position prev = 0;
    for (std::size_t k = i; k < j; ++k) {
      const Position pos = static_cast<Position>(scratch_[k]);
      PutVarint32(&p.bytes, pos - prev);
      prev = pos;
    }
    p.last_local = local;
    ++p.df;
    memory_ += p.bytes.size() - before;
    i = j;
  }
  memory_ += doc.stored.size() + doc.id.size() + 128;
  docs_.push_back(std::move(doc));
}

bool AccumulatedPostingsReader::Next(std::uint32_t* local, std::uint32_t* tf_title, std::uint32_t* tf_body,
                                     std::vector<Position>* positions) {
  if (p_ >= end_) return false;
  Decoder d(p_, end_);
  local_ += d.Varint32Fast();
  *local = local_;
  *tf_title = d.Varint32Fast();
  *tf_body = d.Varint32Fast();
  positions->clear();
  Position pos = 0;
  for (std::uint32_t k = 0, n = *tf_title + *tf_body; k < n; ++k) {
    pos += d.Varint32Fast();
    positions->push_back(pos);
  }
  p_ = d.data();
  return true;
}

}  // namespace sagasu
