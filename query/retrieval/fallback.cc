// Fallback retrieval: the documents that match only through query units
// (query_parser.h: a word inside a longer word or across MeCab's
// boundaries through the n-gram stream, a prefix through the words it
// begins, a kana word through the reading stream), ranked below every
// whole-word match; those that only reading units match (the written form
// is not in them) rank below the rest, in tier 2. A page that needs no
// total takes the best k only (RetrieveFallbackTopK): driven by a
// required clause, or by every unit when none is required, it reads
// positions only in a document whose units' counts, bounded without them,
// could beat the k-th kept.
#include <algorithm>
#include <optional>

#include "query/collector.h"
#include "query/retrieval.h"

namespace sagasu {

namespace {

struct UnitMatch {
  DocNum doc;
  std::uint32_t unit;  // index into the scoring units
  FieldCounts tf;
};

// The required clause whose units drive a conjunctive walk, as an index
// into plan.checks(); none when the walk must visit every unit's matches.
// A fallback hit holds no scoring term, so each required clause matches it
// through one of its units: every hit is a match of any one required
// clause's units. The clause whose units are rarest drives when every df
// needs no walk (else every match must be counted).
std::optional<std::size_t> Driver(const QueryPlan& plan, const std::vector<std::size_t>& units,
                                  const std::vector<double>& df, const std::vector<bool>& counted) {
  if (!std::all_of(counted.begin(), counted.end(), [](bool b) { return b; })) return std::nullopt;
  std::optional<std::size_t> best;
  double best_df = 0;
  for (std::size_t c = 0; c < plan.checks().size(); ++c) {
    const PlanCheck& check = plan.checks()[c];
    if (check.clause->occur != Clause::Occur::kMust) continue;
    double sum = 0;
    for (std::size_t u : check.units) {
      const auto it = std::find(units.begin(), units.end(), u);
      if (it == units.end()) return std::nullopt;
      sum += df[it - units.begin()];
    }
    if (!best || sum < best_df) {
      best = c;
      best_df = sum;
    }
  }
  return best;
}

// With a driving clause (Driver), the documents its units could match are
// visited (with no required clause, those any unit could match): its
// phrase units' rarest grams and its any-parts (a one-letter sequence, a
// prefix). A document some scoring term holds is the first
// tier's and is passed over before any positions are read; elsewhere the
// driver's units are probed first, and every unit's counts are those of a
// document the driver's units match.
class DrivenWalk {
 public:
  // `driving`: the units of the driving clause, or every scoring unit
  // when no clause is required (a match holds one of them).
  DrivenWalk(const QueryPlan& plan, const std::vector<std::size_t>& units, const std::vector<std::size_t>& driving)
      : plan_(plan), units_(units), allowed_(plan), tf_(units.size()) {
    for (std::size_t u : driving) {
      const UnitRuns& runs = plan.units()[u].runs;
      if (!runs.phrase.empty()) {
        const auto rarest = std::min_element(runs.phrase.begin(), runs.phrase.end(), [](const auto& a, const auto& b) {
          return DocCount(*a.runs) < DocCount(*b.runs);
        });
        cover_.push_back(QueryPlan::OpenMatching(rarest->runs));
      }
      if (!runs.any_gram.empty()) parts_.push_back(std::make_unique<UnitAnyPart>(runs.any_gram, UnitMerge{}));
      if (!runs.any_word.empty()) parts_.push_back(std::make_unique<UnitAnyPart>(runs.any_word, UnitMerge{}));
    }
    drives_.assign(units.size(), false);
    for (std::size_t i = 0; i < units.size(); ++i) {
      probes_.push_back(std::make_unique<UnitProbe>(plan.units()[units[i]].runs));
      drives_[i] = std::find(driving.begin(), driving.end(), units[i]) != driving.end();
    }
    for (const auto& t : plan.terms()) words_.push_back(QueryPlan::OpenMatching(t.runs));
  }

  // The next document the driver's units could match that is live, in the
  // filter set and held by no scoring term; kNoDoc at the end.
  DocNum Next() {
    for (;;) {
      DocNum d = kNoDoc;
      for (const auto& c : cover_) d = std::min(d, c->doc());
      for (const auto& p : parts_) d = std::min(d, p->doc());
      if (d == kNoDoc) return d;
      // The filter drives too: the cover skips to the next document it allows.
      const DocNum a = allowed_.NextGEQ(d);
      if (a == kNoDoc) return a;
      if (a != d) {
        for (auto& c : cover_) c->NextGEQ(a);
        for (auto& p : parts_) p->NextGEQ(a);
        continue;
      }
      for (auto& c : cover_) c->NextGEQ(d + 1);
      for (auto& p : parts_) p->NextGEQ(d + 1);
      if (!plan_.snapshot().IsLive(d)) continue;
      bool whole_word = false;
      for (auto& w : words_) {
        w->NextGEQ(d);
        whole_word = whole_word || w->doc() == d;
      }
      if (!whole_word) return doc_ = d;
    }
  }

  // Each unit's occurrences in the current document (tf(i)); false when
  // the driver's units do not match it. With `bound`, upper bounds of them
  // read without positions (UnitProbe::Bound), and false only when the
  // driver's units cannot match; the exact counts may follow.
  bool Count(bool bound) {
    bool driven = false;
    for (std::size_t i = 0; i < units_.size(); ++i) {
      if (!drives_[i]) continue;
      tf_[i] = Probe(i, bound);
      driven = driven || (tf_[i][0] | tf_[i][1] | tf_[i][2]) != 0;
    }
    if (!driven) return false;
    for (std::size_t i = 0; i < units_.size(); ++i) {
      if (!drives_[i]) tf_[i] = Probe(i, bound);
    }
    return true;
  }
  const FieldCounts& tf(std::size_t i) const { return tf_[i]; }

  // Whether a unit other than a reading could match the current document
  // (bounds, no positions): if none can, it is a tier-2 candidate at best.
  bool WrittenCouldMatch() {
    for (std::size_t i = 0; i < units_.size(); ++i) {
      if (!plan_.units()[units_[i]].unit->reading.empty()) continue;
      const FieldCounts tf = Probe(i, /*bound=*/true);
      if ((tf[0] | tf[1] | tf[2]) != 0) return true;
    }
    return false;
  }

  Status status() const {
    for (const auto& c : cover_) SAGASU_RETURN_IF_ERROR(c->status());
    for (const auto& p : parts_) SAGASU_RETURN_IF_ERROR(p->status());
    for (const auto& p : probes_) SAGASU_RETURN_IF_ERROR(p->status());
    for (const auto& w : words_) SAGASU_RETURN_IF_ERROR(w->status());
    return Status::OK();
  }

 private:
  FieldCounts Probe(std::size_t i, bool bound) {
    UnitProbe& p = *probes_[i];
    return CountedTf(plan_.units()[units_[i]], bound ? p.Bound(doc_) : p.At(doc_));
  }

  const QueryPlan& plan_;
  const std::vector<std::size_t>& units_;
  AllowedDocs allowed_;
  std::vector<std::unique_ptr<TermCursor>> cover_;
  std::vector<std::unique_ptr<UnitAnyPart>> parts_;
  std::vector<std::unique_ptr<UnitProbe>> probes_;
  std::vector<bool> drives_;
  std::vector<std::unique_ptr<TermCursor>> words_;
  std::vector<FieldCounts> tf_;
  DocNum doc_ = kNoDoc;
};

Status CollectDrivenMatches(const QueryPlan& plan, const std::vector<std::size_t>& units, const PlanCheck& driver,
                            std::vector<UnitMatch>* matches) {
  DrivenWalk walk(plan, units, driver.units);
  for (DocNum d = walk.Next(); d != kNoDoc; d = walk.Next()) {
    if (!walk.Count(/*bound=*/false)) continue;
    for (std::uint32_t i = 0; i < units.size(); ++i) {
      const FieldCounts& tf = walk.tf(i);
      if ((tf[0] | tf[1] | tf[2]) != 0) matches->push_back({d, i, tf});
    }
  }
  return walk.status();
}

// The matches of the scoring units in the live documents the plan's filter
// set allows (all without one), in document order, and each unit's df over
// the archive, the filter aside (UnitDfWithoutWalk in query/plan.h). When
// every unit's df needs no walk, only the allowed documents are visited,
// and with a required clause only the documents its units could match
// (Driver, CollectDrivenMatches), less those a scoring term holds. Either
// way the documents RetrieveFallback can take get the same matches.
Status CollectUnitMatches(const QueryPlan& plan, const std::vector<std::size_t>& units,
                          std::vector<UnitMatch>* matches, std::vector<double>* df) {
  const Roaring* filter = plan.filter() ? &*plan.filter() : nullptr;
  df->assign(units.size(), 0);
  std::vector<bool> counted(units.size(), false);
  for (std::size_t i = 0; i < units.size(); ++i) {
    counted[i] = UnitDfWithoutWalk(plan.units()[units[i]], plan.snapshot().doc_limit(), &(*df)[i]);
  }
  const std::optional<std::size_t> driver = Driver(plan, units, *df, counted);
  if (driver) return CollectDrivenMatches(plan, units, plan.checks()[*driver], matches);
  // Every unit is walked.
  std::vector<std::unique_ptr<UnitCursor>> cursors;
  for (std::size_t u : units) cursors.push_back(std::make_unique<UnitCursor>(plan.units()[u].runs));
  const bool by_filter = filter != nullptr && std::all_of(counted.begin(), counted.end(), [](bool b) { return b; });
  AllowedDocs allowed_docs(plan);
  for (;;) {
    DocNum d = kNoDoc;
    for (auto& c : cursors) d = std::min(d, c->doc());
    if (d == kNoDoc) break;
    if (by_filter) {
      // Leap to the next allowed document.
      const DocNum a = allowed_docs.NextGEQ(d);
      if (a == kNoDoc) break;
      if (a != d) {
        for (auto& c : cursors) c->NextGEQ(a);
        continue;
      }
    }
    const bool live = plan.snapshot().IsLive(d);
    const bool allowed = filter == nullptr || filter->contains(d);
    for (std::uint32_t i = 0; i < units.size(); ++i) {
      UnitCursor& c = *cursors[i];
      if (c.doc() != d) continue;
      const FieldCounts tf = CountedTf(plan.units()[units[i]], c.tf());
      c.Next();
      if (live && (tf[0] | tf[1] | tf[2]) != 0) {
        if (!counted[i]) ++(*df)[i];
        if (allowed) matches->push_back({d, i, tf});
      }
    }
  }
  for (const auto& c : cursors) SAGASU_RETURN_IF_ERROR(c->status());
  return Status::OK();
}

}  // namespace

// A fallback hit holds no scoring term, so each required clause must match
// it through a unit: a required clause without units (a Latin word, say)
// leaves the second tier empty.
bool SomeRequiredClauseHasNoUnits(const QueryPlan& plan) {
  return std::any_of(plan.checks().begin(), plan.checks().end(), [](const PlanCheck& c) {
    return c.clause->occur == Clause::Occur::kMust && c.units.empty();
  });
}

Status RetrieveFallback(const QueryPlan& plan, std::vector<Candidate>* out) {
  if (SomeRequiredClauseHasNoUnits(plan)) return Status::OK();
  const std::vector<std::size_t> units = plan.scoring_units();
  std::vector<UnitMatch> matches;
  std::vector<double> df;
  SAGASU_RETURN_IF_ERROR(CollectUnitMatches(plan, units, &matches, &df));
  std::vector<float> idf(units.size());
  for (std::size_t i = 0; i < units.size(); ++i) idf[i] = plan.scorer().Idf(df[i]);
  // Whole-word matches are the first tier's: skip documents a scoring term holds.
  std::vector<std::unique_ptr<TermCursor>> words;
  for (const auto& t : plan.terms()) words.push_back(QueryPlan::OpenMatching(t.runs));
  Matcher matcher(plan);
  for (std::size_t i = 0; i < matches.size();) {
    const DocNum d = matches[i].doc;
    std::size_t j = i;
    float score = 0;
    bool written = false;  // some unit other than a reading matched
    for (; j < matches.size() && matches[j].doc == d; ++j) {
      score += plan.scorer().Score(idf[matches[j].unit], matches[j].tf, plan.snapshot().len(d));
      written = written || plan.units()[units[matches[j].unit]].unit->reading.empty();
    }
    i = j;
    bool whole_word = false;
    for (auto& w : words) {
      w->NextGEQ(d);
      whole_word = whole_word || w->doc() == d;
    }
    if (whole_word || !matcher.Accept(d)) continue;
    out->push_back({score, d, 0, static_cast<std::uint8_t>(written ? 1 : 2)});
  }
  for (const auto& w : words) SAGASU_RETURN_IF_ERROR(w->status());
  return matcher.status();
}

namespace {

// The second-tier candidate of the walk's document from its units' counts
// there, as RetrieveFallback scores it: the units that match in unit
// order, tier 1 when one of them is not a reading. From upper bounds of
// the counts, a candidate no worse than the document's.
Candidate UnitCandidate(const QueryPlan& plan, const std::vector<std::size_t>& units, const std::vector<float>& idf,
                        const DrivenWalk& walk, DocNum d) {
  float score = 0;
  bool written = false;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const FieldCounts& tf = walk.tf(i);
    if ((tf[0] | tf[1] | tf[2]) == 0) continue;
    score += plan.scorer().Score(idf[i], tf, plan.snapshot().len(d));
    written = written || plan.units()[units[i]].unit->reading.empty();
  }
  return {score, d, 0, static_cast<std::uint8_t>(written ? 1 : 2)};
}

}  // namespace

Status RetrieveFallbackTopK(const QueryPlan& plan, std::size_t k, std::vector<Candidate>* out, bool* every) {
  out->clear();
  *every = true;
  if (SomeRequiredClauseHasNoUnits(plan)) return Status::OK();
  const std::vector<std::size_t> units = plan.scoring_units();
  std::vector<double> df(units.size(), 0);
  std::vector<bool> counted(units.size(), false);
  for (std::size_t i = 0; i < units.size(); ++i) {
    counted[i] = UnitDfWithoutWalk(plan.units()[units[i]], plan.snapshot().doc_limit(), &df[i]);
  }
  const std::optional<std::size_t> driver = Driver(plan, units, df, counted);
  // No required clause and every df known without a walk: every unit drives.
  const bool any_unit_drives = !driver && std::all_of(counted.begin(), counted.end(), [](bool b) { return b; }) &&
                               std::none_of(plan.checks().begin(), plan.checks().end(), [](const PlanCheck& c) {
                                 return c.clause->occur == Clause::Occur::kMust;
                               });
  if (!driver && !any_unit_drives) {
    // Every match is walked (some df needs the walk): the best k of them.
    SAGASU_RETURN_IF_ERROR(RetrieveFallback(plan, out));
    if (out->size() > k) {
      std::nth_element(out->begin(), out->begin() + static_cast<std::ptrdiff_t>(k), out->end(), Better);
      out->resize(k);
      *every = false;
    }
    return Status::OK();
  }
  std::vector<float> idf(units.size());
  for (std::size_t i = 0; i < units.size(); ++i) idf[i] = plan.scorer().Idf(df[i]);
  DrivenWalk walk(plan, units, driver ? plan.checks()[*driver].units : units);
  Matcher matcher(plan);
  TopK top(k);
  for (DocNum d = walk.Next(); d != kNoDoc; d = walk.Next()) {
    if (top.full()) {
      // Positions are read only where the bound could beat the k-th; a
      // page of tier 1 takes no document that only readings could match.
      if (top.worst().tier == 1 && !walk.WrittenCouldMatch()) {
        *every = false;
        continue;
      }
      if (!walk.Count(/*bound=*/true)) continue;
      if (!Better(UnitCandidate(plan, units, idf, walk, d), top.worst())) {
        *every = false;
        continue;
      }
    }
    if (!walk.Count(/*bound=*/false)) continue;
    const Candidate c = UnitCandidate(plan, units, idf, walk, d);
    if (top.full() && !Better(c, top.worst())) {
      *every = false;
      continue;
    }
    if (!matcher.Accept(d)) continue;
    if (top.full()) *every = false;  // the k-th leaves
    top.Push(c);
  }
  *out = top.Take();
  SAGASU_RETURN_IF_ERROR(walk.status());
  return matcher.status();
}

namespace {

// Adds the documents of a unit's phrase that *docs lacks. The steps meet
// on a document rarest first, and one already in *docs is passed over as
// soon as the rarest step reaches it: no other step moves there and no
// position is read. Otherwise the phrase is looked for until it first
// occurs.
Status AddPhraseDocs(const UnitRuns& runs, Roaring* docs) {
  UnitPhrase phrase(runs);
  TermCursor* rarest = phrase.steps[phrase.rarest_first[0]].get();
  for (DocNum d = 0;;) {
    rarest->NextGEQ(d);
    d = rarest->doc();
    if (d == kNoDoc) break;
    if (docs->contains(d)) {
      ++d;
      continue;
    }
    bool aligned = true;
    for (std::size_t i : phrase.rarest_first) {
      TermCursor* c = phrase.steps[i].get();
      c->NextGEQ(d);
      if (c->doc() != d) {
        aligned = false;
        d = c->doc();
        break;
      }
    }
    if (d == kNoDoc) break;
    if (!aligned) continue;
    if (phrase.Occurs()) docs->add(d);
    ++d;
  }
  return phrase.status();
}

// Adds every document of each list (an any-part: any one of them matches).
Status AddAnyDocs(const std::vector<std::shared_ptr<const TermRuns>>& lists, Roaring* docs) {
  std::vector<DocNum> batch;
  for (const auto& runs : lists) {
    auto c = QueryPlan::OpenMatching(runs);
    batch.clear();
    for (; c->doc() != kNoDoc; c->Next()) batch.push_back(c->doc());
    docs->addMany(batch.size(), batch.data());
    SAGASU_RETURN_IF_ERROR(c->status());
  }
  return Status::OK();
}

}  // namespace

// Only the set counts here, not how often a unit occurs: a document some
// term or an earlier unit already put in *docs needs no look at its
// positions, and a phrase is looked for until its first occurrence.
Status CollectUnitDocs(const QueryPlan& plan, Roaring* docs) {
  for (std::size_t u : plan.scoring_units()) {
    const UnitRuns& runs = plan.units()[u].runs;
    if (!runs.phrase.empty()) SAGASU_RETURN_IF_ERROR(AddPhraseDocs(runs, docs));
    SAGASU_RETURN_IF_ERROR(AddAnyDocs(runs.any_gram, docs));
    SAGASU_RETURN_IF_ERROR(AddAnyDocs(runs.any_word, docs));
  }
  return Status::OK();
}

}  // namespace sagasu
