#include "query/group_postings.h"

#include <algorithm>
#include <tuple>

namespace sagasu {

namespace {

// One place where a form begins.
struct Hit {
  DocNum doc;
  Position position;
  format::Field field;
  bool operator<(const Hit& o) const { return std::tie(doc, position) < std::tie(o.doc, o.position); }
  bool operator==(const Hit& o) const { return doc == o.doc && position == o.position; }
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

// Appends where the form with these cursors (one per term, at `offsets`)
// begins, in live documents.
Status CollectForm(const Snapshot& snapshot, const std::vector<std::unique_ptr<TermCursor>>& cursors,
                   const std::vector<Position>& offsets, std::vector<Hit>* hits) {
  TermCursor& first = *cursors[0];
  while (first.doc() != kNoDoc) {
    // Leapfrog to a document every term is in.
    DocNum d = first.doc();
    bool all = true;
    for (std::size_t i = 1; i < cursors.size(); ++i) {
      cursors[i]->NextGEQ(d);
      if (cursors[i]->doc() != d) {
        all = false;
        if (cursors[i]->doc() == kNoDoc) return Status::OK();
        first.NextGEQ(cursors[i]->doc());
        break;
      }
    }
    if (!all) continue;
    if (snapshot.IsLive(d)) {
      const Position* b = first.positions_begin();
      const Position* e = first.positions_end();
      for (const Position* p = b; p != e; ++p) {
        bool phrase = true;
        for (std::size_t i = 1; i < cursors.size() && phrase; ++i) {
          phrase = std::binary_search(cursors[i]->positions_begin(), cursors[i]->positions_end(), *p + offsets[i]);
        }
        if (phrase) hits->push_back(Hit{d, *p, FieldOf(first, static_cast<std::size_t>(p - b))});
      }
    }
    first.Next();
  }
  for (const auto& c : cursors) SAGASU_RETURN_IF_ERROR(c->status());
  return Status::OK();
}

}  // namespace

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
  std::vector<Hit> hits;
  for (std::size_t f = 0; f < present.size(); ++f) {
    std::vector<std::unique_ptr<TermCursor>> cursors;
    for (const auto& runs : present[f]) cursors.push_back(std::make_unique<TermCursor>(runs, 0.0f, nullptr));
    SAGASU_RETURN_IF_ERROR(CollectForm(snapshot, cursors, present_forms[f]->offsets, &hits));
  }
  std::sort(hits.begin(), hits.end());
  hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  if (hits.empty()) {
    *out = std::make_shared<TermRuns>();
    return Status::OK();
  }

  PostingRunBuilder builder(0);
  std::vector<Position> positions;
  for (std::size_t i = 0; i < hits.size();) {
    const DocNum d = hits[i].doc;
    FieldCounts tf{};
    positions.clear();
    for (; i < hits.size() && hits[i].doc == d; ++i) {
      ++tf[hits[i].field];
      positions.push_back(hits[i].position);
    }
    builder.Add(d, tf, snapshot.info(d).len, positions);
  }
  auto run = std::make_unique<TermRun>();
  run->value = builder.Finish();
  SAGASU_RETURN_IF_ERROR(run->reader.Init(run->value, 0));
  auto runs = std::make_shared<TermRuns>();
  runs->push_back(std::move(run));
  *out = std::move(runs);
  return Status::OK();
}

}  // namespace sagasu
