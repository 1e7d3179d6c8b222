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

std::uint32_t Accumulator::Intern(format::Stream stream, std::string_view term) {
  const std::uint64_t h = XXH3_64bits_withSeed(term.data(), term.size(), stream);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  for (;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.id == kEmpty) break;
    if (s.hash == h) {
      const std::string& n = names_[s.id];
      if (n.size() == term.size() + 1 && n[0] == static_cast<char>(stream) &&
          std::string_view(n).substr(1) == term) {
        return s.id;
      }
    }
  }
  const auto id = static_cast<std::uint32_t>(names_.size());
  slots_[i] = Slot{h, id};
  std::string& name = names_.emplace_back();
  name.reserve(term.size() + 1);
  name.push_back(static_cast<char>(stream));
  name.append(term);
  postings_.emplace_back();
  memory_ += name.size() + sizeof(std::string) + sizeof(TermPostings) + 16;
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

// Analyzes the values of one field one after another, kValueGap apart, in
// word positions and, when `grams` is set, in gram positions too.
class FieldValues {
 public:
  FieldValues(AnalyzerSession* session, Position start, Position gram_start, std::vector<Term>* terms,
              std::vector<Gram>* grams)
      : session_(session), terms_(terms), grams_(grams), next_(start), next_gram_(gram_start) {}
  void Add(std::string_view value) {
    if (value.empty()) return;
    next_ = session_->Analyze(value, any_ ? next_ + format::kValueGap : next_, /*with_offsets=*/false, terms_);
    if (grams_) next_gram_ = AppendGrams(session_->normalized(), any_ ? next_gram_ + format::kValueGap : next_gram_, grams_);
    any_ = true;
  }
  void Add(const std::vector<std::string>& values) {
    for (const auto& v : values) Add(v);
  }
  // The position after the last value's terms, and after its grams.
  Position end() const { return next_; }
  Position gram_end() const { return next_gram_; }

 private:
  AnalyzerSession* session_;
  std::vector<Term>* terms_;
  std::vector<Gram>* grams_;
  Position next_;
  Position next_gram_;
  bool any_ = false;
};

}  // namespace

void Accumulator::Add(PendingDoc doc, const std::vector<Term>& terms, const FieldCounts& field_starts) {
  AnalyzedDoc a;
  a.terms = terms;
  a.starts = field_starts;
  Add(std::move(doc), a);
}

void Accumulator::Add(PendingDoc doc, const AnalyzedDoc& a) {
  const std::uint32_t local = static_cast<std::uint32_t>(docs_.size());
  scratch_.clear();
  doc.info.len = {};
  for (const Term& t : a.terms) {
    const std::uint32_t id = Intern(format::kStreamWords, t.text);
    scratch_.push_back((std::uint64_t{id} << 32) | t.position);
    ++doc.info.len[FieldOf(t.position, a.starts)];
  }
  for (const Gram& g : a.grams) {
    const std::uint32_t id = Intern(format::kStreamNgram, g.text());
    scratch_.push_back((std::uint64_t{id} << 32) | g.position);
  }
  std::sort(scratch_.begin(), scratch_.end());
  AppendPostings(local, a.starts, a.gram_starts);
  memory_ += doc.stored.size() + doc.id.size() + 128;
  docs_.push_back(std::move(doc));
}

void Accumulator::AppendPostings(std::uint32_t local, const FieldCounts& word_starts, const FieldCounts& gram_starts) {
  for (std::size_t i = 0; i < scratch_.size();) {
    const std::uint32_t id = static_cast<std::uint32_t>(scratch_[i] >> 32);
    const FieldCounts& starts = stream(id) == format::kStreamWords ? word_starts : gram_starts;
    std::size_t j = i;
    FieldCounts tf{};
    for (; j < scratch_.size() && (scratch_[j] >> 32) == id; ++j) {
      ++tf[FieldOf(static_cast<Position>(scratch_[j]), starts)];
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
}

namespace {

// The one layout of fields: see AnalyzeFields and AnalyzeDoc. `grams` may
// be null (words only).
void LayOutFields(AnalyzerSession* session, const Article& doc, std::vector<Term>* terms, FieldCounts* starts,
                  std::vector<Gram>* grams, FieldCounts* gram_starts) {
  terms->clear();
  *starts = {};
  *gram_starts = {};
  FieldValues title(session, 0, 0, terms, grams);
  title.Add(doc.title);
  (*starts)[format::kFieldBody] = title.end() + kFieldGap;
  (*gram_starts)[format::kFieldBody] = title.gram_end() + kFieldGap;
  FieldValues body(session, (*starts)[format::kFieldBody], (*gram_starts)[format::kFieldBody], terms, grams);
  body.Add(doc.body);
  body.Add(doc.excerpt);
  (*starts)[format::kFieldMeta] = body.end() + kFieldGap;
  (*gram_starts)[format::kFieldMeta] = body.gram_end() + kFieldGap;
  FieldValues meta(session, (*starts)[format::kFieldMeta], (*gram_starts)[format::kFieldMeta], terms, grams);
  meta.Add(doc.tags);
  meta.Add(doc.categories);
  meta.Add(doc.author);
}

}  // namespace

FieldCounts AnalyzeFields(AnalyzerSession* session, const Article& doc, std::vector<Term>* terms) {
  FieldCounts starts, gram_starts;
  LayOutFields(session, doc, terms, &starts, nullptr, &gram_starts);
  return starts;
}

void AnalyzeDoc(AnalyzerSession* session, const Article& doc, AnalyzedDoc* out) {
  out->grams.clear();
  LayOutFields(session, doc, &out->terms, &out->starts, &out->grams, &out->gram_starts);
}

Status AnalyzeAndAdd(AnalyzerSession* session, Article doc, PendingDoc pending, AnalyzedDoc* scratch,
                     Accumulator* acc) {
  AnalyzeDoc(session, doc, scratch);
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
  acc->Add(std::move(pending), *scratch);
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
