#include "indexer/accumulator.h"

#include <algorithm>

#include <xxhash.h>

#include "common/coding.h"

namespace sagasu {

Accumulator::Accumulator() : slots_(1 << 12) {}

void Accumulator::Grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.id == kEmpty) continue;
    std::size_t i = s.hash & mask;
    while (slots_[i].id != kEmpty) i = (i + 1) & mask;
    slots_[i] = s;
  }
  memory_ += (slots_.size() - old.size()) * sizeof(Slot);
}

std::uint32_t Accumulator::Intern(std::string_view term) {
  const std::uint64_t h = XXH3_64bits(term.data(), term.size());
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  for (;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.id == kEmpty) break;
    if (s.hash == h && names_[s.id] == term) return s.id;
  }
  const auto id = static_cast<std::uint32_t>(names_.size());
  slots_[i] = Slot{h, id};
  names_.emplace_back(term);
  postings_.emplace_back();
  memory_ += term.size() + sizeof(std::string) + sizeof(TermPostings) + 16;
  if (names_.size() * 2 > slots_.size()) Grow();  // load factor <= 1/2
  return id;
}

void Accumulator::Add(PendingDoc doc, const std::vector<Term>& terms, Position body_start) {
  const std::uint32_t local = static_cast<std::uint32_t>(docs_.size());
  scratch_.clear();
  std::uint32_t title_len = 0;
  for (const Term& t : terms) {
    const std::uint32_t id = Intern(t.text);
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
    memory_ += p.bytes.size() - before;
    i = j;
  }
  memory_ += doc.stored.size() + doc.id.size() + 128;
  docs_.push_back(std::move(doc));
}

Status AnalyzeAndAdd(AnalyzerSession* session, Article doc, PendingDoc pending, std::vector<Term>* terms,
                     Accumulator* acc) {
  terms->clear();
  const Position title_end = session->Analyze(doc.title, 0, /*with_offsets=*/false, terms);
  const Position body_start = title_end + kFieldGap;
  session->Analyze(doc.body, body_start, /*with_offsets=*/false, terms);
  pending.info.date = doc.date ? *doc.date : DocInfo::kNoDate;
  pending.tags = std::move(doc.tags);
  pending.categories = std::move(doc.categories);
  pending.author = std::move(doc.author);
  const std::vector<Status> lost = session->TakeChunkErrors();
  Status status;
  if (!lost.empty()) {
    status = Status::Aborted(std::to_string(lost.size()) + " part(s) of the text were not indexed: " +
                             lost.front().message());
  }
  acc->Add(std::move(pending), *terms, body_start);
  return status;
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
