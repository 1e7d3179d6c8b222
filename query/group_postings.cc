#include "query/group_postings.h"

#include <algorithm>

namespace sagasu {

namespace {

// One place where a form begins in the current document.
struct Hit {
  Position position;
  format::Field field;
  bool operator<(const Hit& o) const { return position < o.position; }
  bool operator==(const Hit& o) const { return position == o.position; }
};

// The field of the i-th position of the cursor's document: positions are
// the title's, then the body's, then the meta field's.
format::Field FieldOf(const TermCursor& c, std::size_t i) {
  std::size_t end = 0;
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    end += c.tf(static_cast<format::Field>(f));
    if (i < end) return static_cast<format::Field>(f);
  }
  return format::kFieldMeta;
}

// One form's cursors (one per term, at `offsets`), kept at a document every
// term of the form is in; whether the form begins there takes the phrase
// check of AppendHits.
class FormWalk {
 public:
  FormWalk(const std::vector<std::shared_ptr<const TermRuns>>& runs, const std::vector<Position>& offsets)
      : offsets_(offsets) {
    for (const auto& r : runs) cursors_.push_back(std::make_unique<TermCursor>(r, 0.0f, nullptr));
    Align();
  }

  DocNum doc() const { return cursors_[0]->doc(); }
  // A form of one term begins wherever that term occurs.
  bool one_term() const { return cursors_.size() == 1; }
  TermCursor& first() { return *cursors_[0]; }
  void Next() {
    cursors_[0]->Next();
    Align();
  }

  // Appends where the form begins in doc(), in position order.
  void AppendHits(std::vector<Hit>* hits) {
    TermCursor& first = *cursors_[0];
    const Position* b = first.positions_begin();
    const Position* e = first.positions_end();
    for (const Position* p = b; p != e; ++p) {
      bool phrase = true;
      for (std::size_t i = 1; i < cursors_.size() && phrase; ++i) {
        phrase = std::binary_search(cursors_[i]->positions_begin(), cursors_[i]->positions_end(), *p + offsets_[i]);
      }
      if (phrase) hits->push_back(Hit{*p, FieldOf(first, static_cast<std::size_t>(p - b))});
    }
  }

  Status status() const {
    for (const auto& c : cursors_) SAGASU_RETURN_IF_ERROR(c->status());
    return Status::OK();
  }

 private:
  // Leapfrogs the first cursor to a document every term is in (or the end).
  void Align() {
    TermCursor& first = *cursors_[0];
    while (first.doc() != kNoDoc) {
      const DocNum d = first.doc();
      bool all = true;
      for (std::size_t i = 1; i < cursors_.size(); ++i) {
        cursors_[i]->NextGEQ(d);
        if (cursors_[i]->doc() == d) continue;
        all = false;
        first.NextGEQ(cursors_[i]->doc());  // kNoDoc ends the walk
        break;
      }
      if (all) return;
    }
  }

  const std::vector<Position>& offsets_;
  std::vector<std::unique_ptr<TermCursor>> cursors_;
};

// The positions of a group whose forms are one term each: where each form
// holds the document, merged, a position once (as GroupPostings counts
// them). A reader keeps one cursor per form, moving forward.
class FormPositions final : public PositionSource {
 public:
  explicit FormPositions(std::vector<std::shared_ptr<const TermRuns>> forms) : forms_(std::move(forms)) {}

  std::unique_ptr<Reader> NewReader() const override { return std::make_unique<FormReader>(forms_); }
  // The forms' runs' encoded bytes.
  std::uint64_t bytes() const {
    std::uint64_t n = 0;
    for (const auto& f : forms_) {
      for (const auto& run : *f) n += run->reader.byte_size() + sizeof(TermRun);
    }
    return n;
  }

 private:
  class FormReader final : public Reader {
   public:
    explicit FormReader(const std::vector<std::shared_ptr<const TermRuns>>& forms) {
      for (const auto& f : forms) cursors_.push_back(std::make_unique<TermCursor>(f, 0.0f, nullptr));
    }
    Status Positions(DocNum doc, std::vector<Position>* out) override {
      out->clear();
      std::size_t holding = 0;
      for (auto& c : cursors_) {
        c->NextGEQ(doc);
        if (c->doc() != doc) continue;
        out->insert(out->end(), c->positions_begin(), c->positions_end());
        SAGASU_RETURN_IF_ERROR(c->status());
        ++holding;
      }
      if (holding > 1) {
        std::sort(out->begin(), out->end());
        out->erase(std::unique(out->begin(), out->end()), out->end());
      }
      return Status::OK();
    }

   private:
    std::vector<std::unique_ptr<TermCursor>> cursors_;
  };

  std::vector<std::shared_ptr<const TermRuns>> forms_;
};

}  // namespace

namespace {

// The bytes a group's postings hold: its runs' and, for positions looked
// up in the forms, the forms' runs'.
std::uint64_t HeldBytes(const TermRuns& runs) {
  std::uint64_t n = 0;
  for (const auto& run : runs) {
    n += run->reader.byte_size() + sizeof(TermRun);
    if (const auto* forms = dynamic_cast<const FormPositions*>(run->positions.get())) n += forms->bytes();
  }
  return n;
}

// One key per group: each form's terms and offsets.
std::string GroupKey(const std::vector<TermSequence>& forms) {
  std::string key;
  for (const TermSequence& f : forms) {
    for (std::size_t i = 0; i < f.terms.size(); ++i) {
      key += f.terms[i];
      key += '\x1f';
      key += std::to_string(f.offsets[i]);
      key += '\x1f';
    }
    key += '\x1e';
  }
  return key;
}

}  // namespace

Status GroupCache::Get(const std::vector<TermSequence>& forms, std::shared_ptr<const TermRuns>* out) {
  std::string key = GroupKey(forms);
  {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      *out = it->second->runs;
      return Status::OK();
    }
  }
  std::shared_ptr<const TermRuns> runs;
  SAGASU_RETURN_IF_ERROR(GroupPostings(snapshot_, forms, &runs));
  const std::uint64_t bytes = HeldBytes(*runs) + key.size() + sizeof(Entry);
  *out = runs;
  if (bytes > capacity_) return Status::OK();
  std::lock_guard lock(mu_);
  if (index_.count(key)) return Status::OK();  // another query merged it meanwhile
  lru_.push_front(Entry{key, std::move(runs), bytes});
  index_.emplace(std::move(key), lru_.begin());
  bytes_ += bytes;
  while (bytes_ > capacity_) {
    bytes_ -= lru_.back().bytes;
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
  return Status::OK();
}

std::size_t GroupCache::size() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

std::uint64_t GroupCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

Status GroupPostings(const Snapshot& snapshot, const std::vector<TermSequence>& forms,
                     std::shared_ptr<const TermRuns>* out, const std::shared_ptr<PostingsScan>& scan) {
  // Every form's terms' runs; a form with a term in no run matches nowhere.
  std::vector<std::vector<std::shared_ptr<const TermRuns>>> present;
  std::vector<const TermSequence*> present_forms;
  for (const TermSequence& form : forms) {
    std::vector<std::shared_ptr<const TermRuns>> runs;
    for (const std::string& t : form.terms) {
      auto r = std::make_shared<TermRuns>();
      SAGASU_RETURN_IF_ERROR(snapshot.ReadTerm(format::kStreamWords, t, r.get(), scan));
      if (r->empty()) break;
      runs.push_back(std::move(r));
    }
    if (runs.size() != form.terms.size()) continue;
    present.push_back(std::move(runs));
    present_forms.push_back(&form);
  }
  if (present.empty()) {
    *out = std::make_shared<TermRuns>();
    return Status::OK();
  }
  if (present.size() == 1 && present[0].size() == 1) {
    *out = present[0][0];
    return Status::OK();
  }

  // The forms' documents in one ascending walk: each document's hits are
  // gathered from the forms there and merged by position, so no list of
  // every hit is sorted.
  // With every form one term, positions stay where they are: the merged
  // run holds documents and counts, and a cursor that asks for a
  // document's positions gets them from the forms (FormPositions), which
  // few stages do for few documents. A form of several terms is a phrase
  // found through positions, so its group is merged with them.
  const bool one_term_forms =
      std::all_of(present.begin(), present.end(), [](const auto& runs) { return runs.size() == 1; });
  std::vector<FormWalk> walks;
  walks.reserve(present.size());
  for (std::size_t f = 0; f < present.size(); ++f) walks.emplace_back(present[f], present_forms[f]->offsets);
  PostingRunBuilder builder(0, PostingRunBuilder::Bounds::kMaxima);
  std::vector<Hit> hits;
  std::vector<Position> positions;
  for (;;) {
    DocNum d = kNoDoc;
    for (const auto& w : walks) d = std::min(d, w.doc());
    if (d == kNoDoc) break;
    const bool live = snapshot.IsLive(d);
    FormWalk* only = nullptr;  // the one form here, when just one is
    std::size_t forms_here = 0;
    for (auto& w : walks) {
      if (w.doc() != d) continue;
      only = forms_here++ == 0 ? &w : nullptr;
    }
    if (live && only != nullptr && one_term_forms) {
      builder.AddWithoutPositions(d, only->first().tf(), snapshot.len(d));
      only->Next();
      continue;
    }
    if (live && only != nullptr && only->one_term()) {
      // One term's occurrences as they are: its stored positions are copied.
      const std::string_view bytes = only->first().position_bytes();
      if (!bytes.empty()) builder.AddEncoded(d, only->first().tf(), snapshot.len(d), bytes);
      only->Next();
      continue;
    }
    hits.clear();
    for (auto& w : walks) {
      if (w.doc() != d) continue;
      if (live) w.AppendHits(&hits);
      w.Next();
    }
    if (hits.empty()) continue;
    if (forms_here > 1) {
      std::sort(hits.begin(), hits.end());
      hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
    }
    FieldCounts tf{};
    positions.clear();
    for (const Hit& h : hits) {
      ++tf[h.field];
      positions.push_back(h.position);
    }
    if (one_term_forms) {
      builder.AddWithoutPositions(d, tf, snapshot.len(d));
    } else {
      builder.Add(d, tf, snapshot.len(d), positions);
    }
  }
  for (const auto& w : walks) SAGASU_RETURN_IF_ERROR(w.status());
  if (builder.doc_count() == 0) {
    *out = std::make_shared<TermRuns>();
    return Status::OK();
  }
  auto run = std::make_unique<TermRun>();
  run->value = builder.Finish();
  SAGASU_RETURN_IF_ERROR(run->reader.Init(run->value, 0));
  if (one_term_forms) {
    std::vector<std::shared_ptr<const TermRuns>> forms;
    for (auto& runs : present) forms.push_back(std::move(runs[0]));
    run->positions = std::make_shared<FormPositions>(std::move(forms));
  }
  auto runs = std::make_shared<TermRuns>();
  runs->push_back(std::move(run));
  *out = std::move(runs);
  return Status::OK();
}

}  // namespace sagasu
