#include "indexer/accumulator.h"

#include <algorithm>
#include <cstring>

#include <xxhash.h>

#include "common/coding.h"

namespace sagasu {

Accumulator::Accumulator() : slots_(1 << 12), gram_slots_(1 << 12) {}

namespace {

// The packed key of a gram and its slot hash.
std::uint64_t GramKey(const Gram& g) {
  std::uint64_t key = 0;
  std::memcpy(&key, g.bytes, g.size);
  return key;
}

std::uint64_t GramHash(std::uint64_t key, format::Stream stream, std::uint8_t size) {
  std::uint64_t h = (key ^ (std::uint64_t{static_cast<std::uint8_t>(stream)} << 56) ^ size) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}

}  // namespace

void Accumulator::ReleasePayload() {
  std::vector<Slot>().swap(slots_);
  std::vector<GramSlot>().swap(gram_slots_);
  gram_terms_ = 0;
  std::vector<std::string>().swap(names_);
  std::vector<TermPostings>().swap(postings_);
  ReleaseStored();
  memory_ = docs_.size() * sizeof(PendingDoc);
}

void Accumulator::GrowGrams() {
  std::vector<GramSlot> old(gram_slots_.size() * 2);
  old.swap(gram_slots_);
  const std::size_t mask = gram_slots_.size() - 1;
  for (const GramSlot& s : old) {
    if (s.id == kEmpty) continue;
    std::size_t i = GramHash(s.key, static_cast<format::Stream>(s.stream), s.size) & mask;
    while (gram_slots_[i].id != kEmpty) i = (i + 1) & mask;
    gram_slots_[i] = s;
  }
  memory_ += (gram_slots_.size() - old.size()) * sizeof(GramSlot);
}

std::uint32_t Accumulator::InternGram(format::Stream stream, const Gram& gram) {
  const std::uint64_t key = GramKey(gram);
  const auto st = static_cast<std::uint8_t>(stream);
  const std::size_t mask = gram_slots_.size() - 1;
  std::size_t i = GramHash(key, stream, gram.size) & mask;
  for (;; i = (i + 1) & mask) {
    const GramSlot& s = gram_slots_[i];
    if (s.id == kEmpty) break;
    if (s.key == key && s.stream == st && s.size == gram.size) return s.id;
  }
  const auto id = static_cast<std::uint32_t>(names_.size());
  gram_slots_[i] = GramSlot{key, id, st, gram.size};
  std::string& name = names_.emplace_back();
  name.reserve(gram.size + 1);
  name.push_back(static_cast<char>(stream));
  name.append(gram.text());
  postings_.emplace_back();
  memory_ += name.size() + sizeof(std::string) + sizeof(TermPostings) + 16;
  if (++gram_terms_ * 2 > gram_slots_.size()) GrowGrams();  // load factor <= 1/2
  return id;
}

// Gram occurrences are most of a document's (two per letter: its n-grams
// and its reading grams), and their table outgrows the cache early in a
// run: the slot of the gram kPrefetch ahead is fetched while this one is
// probed, so that their misses overlap instead of following each other.
void Accumulator::InternGrams(format::Stream stream, const std::vector<Gram>& grams) {
  constexpr std::size_t kPrefetch = 8;
  const std::size_t n = grams.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kPrefetch < n) {
      const Gram& ahead = grams[i + kPrefetch];
      __builtin_prefetch(&gram_slots_[GramHash(GramKey(ahead), stream, ahead.size) & (gram_slots_.size() - 1)]);
    }
    occurrences_.push_back({InternGram(stream, grams[i]), grams[i].position});
  }
}

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
  if ((names_.size() - gram_terms_) * 2 > slots_.size()) Grow();  // load factor <= 1/2 (word terms)
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
// word positions and, when `out` is set, in gram and reading positions too.
class FieldValues {
 public:
  FieldValues(AnalyzerSession* session, Position start, std::vector<Term>* terms, AnalyzedDoc* out,
              format::Field field)
      : session_(session), terms_(terms), out_(out), next_(start) {
    if (out_) {
      next_gram_ = out_->gram_starts[field];
      next_reading_ = out_->reading_starts[field];
    }
  }
  void Add(std::string_view value) {
    if (value.empty()) return;
    const Position gap = any_ ? format::kValueGap : 0;
    if (out_ == nullptr) {
      next_ = session_->Analyze(value, next_ + gap, /*with_offsets=*/false, terms_);
    } else {
      next_ = session_->AnalyzeWithReading(value, next_ + gap, /*with_offsets=*/false, terms_,
                                           &out_->reading_scratch);
      next_gram_ = AppendGrams(session_->normalized(), next_gram_ + gap, &out_->grams);
      next_reading_ = AppendReadingGrams(out_->reading_scratch, next_reading_ + gap, &out_->readings);
    }
    any_ = true;
  }
  void Add(const std::vector<std::string>& values) {
    for (const auto& v : values) Add(v);
  }
  // The position after the last value's terms, grams and reading grams.
  Position end() const { return next_; }
  Position gram_end() const { return next_gram_; }
  Position reading_end() const { return next_reading_; }

 private:
  AnalyzerSession* session_;
  std::vector<Term>* terms_;
  AnalyzedDoc* out_;
  Position next_;
  Position next_gram_ = 0;
  Position next_reading_ = 0;
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
  occurrences_.clear();
  doc.info.len = {};
  for (const Term& t : a.terms) {
    occurrences_.push_back({Intern(format::kStreamWords, t.text), t.position});
    ++doc.info.len[FieldOf(t.position, a.starts)];
  }
  InternGrams(format::kStreamNgram, a.grams);
  InternGrams(format::kStreamReading, a.readings);
  AppendPostings(local, a);
  memory_ += doc.stored.size() + doc.id.size() + 128;
  docs_.push_back(std::move(doc));
}

void Accumulator::AppendPostings(std::uint32_t local, const AnalyzedDoc& a) {
  // Counting sort by term: how many occurrences each term has, where its
  // positions start in grouped_, then each position in its place.
  if (count_.size() < names_.size()) count_.resize(names_.size(), 0);
  touched_.clear();
  for (const Occurrence& o : occurrences_) {
    if (count_[o.id]++ == 0) touched_.push_back(o.id);
  }
  std::uint32_t offset = 0;
  for (std::uint32_t id : touched_) {
    const std::uint32_t n = count_[id];
    count_[id] = offset;
    offset += n;
  }
  grouped_.resize(occurrences_.size());
  for (const Occurrence& o : occurrences_) grouped_[count_[o.id]++] = o.position;
  // count_[id] is now the end of the term's positions; each term's start is
  // the end of the one before it in touched_.
  std::uint32_t start = 0;
  // A term's postings and then the end of its bytes are each a likely cache
  // miss: both are fetched ahead (the record kFar terms ahead, the bytes it
  // points at kNear ahead), so the misses overlap.
  constexpr std::size_t kFar = 16, kNear = 8;
  const std::size_t touched = touched_.size();
  for (std::size_t k = 0; k < touched; ++k) {
    if (k + kFar < touched) __builtin_prefetch(&postings_[touched_[k + kFar]]);
    if (k + kNear < touched) {
      const std::string& bytes = postings_[touched_[k + kNear]].bytes;
      __builtin_prefetch(bytes.data() + bytes.size(), 1);
    }
    const std::uint32_t id = touched_[k];
    const std::uint32_t end = count_[id];
    count_[id] = 0;
    Position* b = grouped_.data() + start;
    Position* e = grouped_.data() + end;
    // Each stream gives its positions in order; a term met out of order
    // (never so far) is sorted rather than trusted.
    if (!std::is_sorted(b, e)) std::sort(b, e);
    const format::Stream st = stream(id);
    const FieldCounts& starts = st == format::kStreamWords   ? a.starts
                                : st == format::kStreamNgram ? a.gram_starts
                                                             : a.reading_starts;
    AppendPosting(id, local, starts, b, e);
    start = end;
  }
}

void Accumulator::AppendPosting(std::uint32_t id, std::uint32_t local, const FieldCounts& starts,
                                const Position* begin, const Position* end) {
  FieldCounts tf{};
  for (const Position* p = begin; p != end; ++p) ++tf[FieldOf(*p, starts)];
  // Varints written straight into a buffer of their largest size.
  encoded_.resize(5 * (static_cast<std::size_t>(end - begin) + 1 + format::kFieldCount));
  char* out = encoded_.data();
  auto put = [&out](std::uint32_t v) {
    while (v >= 0x80) {
      *out++ = static_cast<char>(v | 0x80);
      v >>= 7;
    }
    *out++ = static_cast<char>(v);
  };
  TermPostings& postings = postings_[id];
  put(local - postings.last_local);
  for (std::uint32_t n : tf) put(n);
  Position prev = 0;
  for (const Position* p = begin; p != end; ++p) {
    put(*p - prev);
    prev = *p;
  }
  encoded_.resize(static_cast<std::size_t>(out - encoded_.data()));
  postings.bytes.append(encoded_);
  postings.last_local = local;
  memory_ += encoded_.size();
}

namespace {

// The one layout of fields: see AnalyzeFields and AnalyzeDoc. `out` may
// be null (words only); else its grams and readings are filled and its
// gram and reading starts set.
void LayOutFields(AnalyzerSession* session, const Article& doc, std::vector<Term>* terms, FieldCounts* starts,
                  AnalyzedDoc* out) {
  terms->clear();
  *starts = {};
  if (out) out->gram_starts = out->reading_starts = {};
  auto next_field = [&](const FieldValues& v, format::Field f) {
    (*starts)[f] = v.end() + kFieldGap;
    if (out) {
      out->gram_starts[f] = v.gram_end() + kFieldGap;
      out->reading_starts[f] = v.reading_end() + kFieldGap;
    }
  };
  FieldValues title(session, 0, terms, out, format::kFieldTitle);
  title.Add(doc.title);
  next_field(title, format::kFieldBody);
  FieldValues body(session, (*starts)[format::kFieldBody], terms, out, format::kFieldBody);
  body.Add(doc.body);
  body.Add(doc.excerpt);
  next_field(body, format::kFieldMeta);
  FieldValues meta(session, (*starts)[format::kFieldMeta], terms, out, format::kFieldMeta);
  meta.Add(doc.tags);
  meta.Add(doc.categories);
  meta.Add(doc.author);
}

}  // namespace

FieldCounts AnalyzeFields(AnalyzerSession* session, const Article& doc, std::vector<Term>* terms) {
  FieldCounts starts;
  LayOutFields(session, doc, terms, &starts, nullptr);
  return starts;
}

void AnalyzeDoc(AnalyzerSession* session, const Article& doc, AnalyzedDoc* out) {
  out->grams.clear();
  out->readings.clear();
  LayOutFields(session, doc, &out->terms, &out->starts, out);
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
