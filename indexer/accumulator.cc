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

namespace {

// The field of a position, given the first position of each field.
std::size_t FieldOf(Position p, const FieldCounts& starts) {
  std::size_t f = 0;
  while (f + 1 < starts.size() && p >= starts[f + 1]) ++f;
  return f;
}

// Analyzes the values of one field one after another, kValueGap apart.
class FieldValues {
 public:
  FieldValues(AnalyzerSession* session, Position start, std::vector<Term>* terms)
      : session_(session), terms_(terms), next_(start) {}
  void Add(std::string_view value) {
    if (value.empty()) return;
    next_ = session_->Analyze(value, any_ ? next_ + format::kValueGap : next_, /*with_offsets=*/false, terms_);
    any_ = true;
  }
  void Add(const std::vector<std::string>& values) {
    for (const auto& v : values) Add(v);
  }
  // The position after the last value's terms.
  Position end() const { return next_; }

 private:
  AnalyzerSession* session_;
  std::vector<Term>* terms_;
  Position next_;
  bool any_ = false;
};

}  // namespace

void Accumulator::Add(PendingDoc doc, const std::vector<Term>& terms, const FieldCounts& field_starts) {
  const std::uint32_t local = static_cast<std::uint32_t>(docs_.size());
  scratch_.clear();
  doc.info.len = {};
  for (const Term& t : terms) {
    const std::uint32_t id = Intern(t.text);
    scratch_.push_back((std::uint64_t{id} << 32) | t.position);
    ++doc.info.len[FieldOf(t.position, field_starts)];
  }
  std::sort(scratch_.begin(), scratch_.end());

  for (std::size_t i = 0; i < scratch_.size();) {
    const std::uint32_t id = static_cast<std::uint32_t>(scratch_[i] >> 32);
    std::size_t j = i;
    FieldCounts tf{};
    for (; j < scratch_.size() && (scratch_[j] >> 32) == id; ++j) {
      ++tf[FieldOf(static_cast<Position>(scratch_[j]), field_starts)];
    }
    TermPostings& p = postings_[id];
    const std::size_t before = p.bytes.size();
    PutVarint32(&p.bytes, local - p.last_local);
    for (std::uint32_t n : tf) PutVarint32(&p.bytes, n);
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

FieldCounts AnalyzeFields(AnalyzerSession* session, const Article& doc, std::vector<Term>* terms) {
  terms->clear();
  FieldCounts starts{};
  const Position title_end = session->Analyze(doc.title, 0, /*with_offsets=*/false, terms);
  starts[format::kFieldBody] = title_end + kFieldGap;
  FieldValues body(session, starts[format::kFieldBody], terms);
  body.Add(doc.body);
  body.Add(doc.excerpt);
  starts[format::kFieldMeta] = body.end() + kFieldGap;
  FieldValues meta(session, starts[format::kFieldMeta], terms);
  meta.Add(doc.tags);
  meta.Add(doc.categories);
  meta.Add(doc.author);
  return starts;
}

Status AnalyzeAndAdd(AnalyzerSession* session, Article doc, PendingDoc pending, std::vector<Term>* terms,
                     Accumulator* acc) {
  const FieldCounts starts = AnalyzeFields(session, doc, terms);
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
  acc->Add(std::move(pending), *terms, starts);
  return status;
}

bool AccumulatedPostingsReader::Next(std::uint32_t* local, FieldCounts* tf, std::vector<Position>* positions) {
  if (p_ >= end_) return false;
  Decoder d(p_, end_);
  local_ += d.Varint32Fast();
  *local = local_;
  std::uint32_t n = 0;
  for (std::uint32_t& t : *tf) n += (t = d.Varint32Fast());
  positions->clear();
  Position pos = 0;
  for (std::uint32_t k = 0; k < n; ++k) {
    pos += d.Varint32Fast();
    positions->push_back(pos);
  }
  p_ = d.data();
  return true;
}

}  // namespace sagasu
