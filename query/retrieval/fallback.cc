// Fallback retrieval: the documents that match only through query units
// (query_parser.h: a word inside a longer word or across MeCab's
// boundaries through the n-gram stream, a prefix through the words it
// begins, a kana word through the reading stream), ranked below every
// whole-word match; those that only reading units match (the written form
// is not in them) rank below the rest, in tier 2.
#include <algorithm>
#include <optional>

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
// visited: its phrase units' rarest grams and its any-parts (a one-letter
// sequence, a prefix). A document some scoring term holds is the first
// tier's and is passed over before any positions are read; elsewhere every
// unit is probed, and the matches of a document the driver's units match
// are kept, in document order.
Status CollectDrivenMatches(const QueryPlan& plan, const std::vector<std::size_t>& units, const PlanCheck& driver,
                            std::vector<UnitMatch>* matches) {
  const Roaring* filter = plan.filter() ? &*plan.filter() : nullptr;
  std::vector<std::unique_ptr<TermCursor>> cover;
  std::vector<std::unique_ptr<UnitAnyPart>> parts;
  for (std::size_t u : driver.units) {
    const UnitRuns& runs = plan.units()[u].runs;
    if (!runs.phrase.empty()) {
      const auto rarest = std::min_element(runs.phrase.begin(), runs.phrase.end(), [](const auto& a, const auto& b) {
        return DocCount(*a.runs) < DocCount(*b.runs);
      });
      cover.push_back(QueryPlan::OpenMatching(rarest->runs));
    }
    if (!runs.any_gram.empty()) parts.push_back(std::make_unique<UnitAnyPart>(runs.any_gram, UnitMerge{}));
    if (!runs.any_word.empty()) parts.push_back(std::make_unique<UnitAnyPart>(runs.any_word, UnitMerge{}));
  }
  std::vector<std::unique_ptr<UnitProbe>> probes;
  std::vector<bool> drives(units.size(), false);
  for (std::size_t i = 0; i < units.size(); ++i) {
    probes.push_back(std::make_unique<UnitProbe>(plan.units()[units[i]].runs));
    drives[i] = std::find(driver.units.begin(), driver.units.end(), units[i]) != driver.units.end();
  }
  std::vector<std::unique_ptr<TermCursor>> words;
  for (const auto& t : plan.terms()) words.push_back(QueryPlan::OpenMatching(t.runs));
  std::vector<FieldCounts> tf(units.size());
  for (;;) {
    DocNum d = kNoDoc;
    for (const auto& c : cover) d = std::min(d, c->doc());
    for (const auto& p : parts) d = std::min(d, p->doc());
    if (d == kNoDoc) break;
    for (auto& c : cover) c->NextGEQ(d + 1);
    for (auto& p : parts) p->NextGEQ(d + 1);
    if (!plan.snapshot().IsLive(d) || (filter != nullptr && !filter->contains(d))) continue;
    bool whole_word = false;
    for (auto& w : words) {
      w->NextGEQ(d);
      whole_word = whole_word || w->doc() == d;
    }
    if (whole_word) continue;
    bool driven = false;
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (!drives[i]) continue;
      tf[i] = CountedTf(plan.units()[units[i]], probes[i]->At(d));
      driven = driven || (tf[i][0] | tf[i][1] | tf[i][2]) != 0;
    }
    if (!driven) continue;
    for (std::uint32_t i = 0; i < units.size(); ++i) {
      if (!drives[i]) tf[i] = CountedTf(plan.units()[units[i]], probes[i]->At(d));
      if ((tf[i][0] | tf[i][1] | tf[i][2]) != 0) matches->push_back({d, i, tf[i]});
    }
  }
  for (const auto& c : cover) SAGASU_RETURN_IF_ERROR(c->status());
  for (const auto& p : parts) SAGASU_RETURN_IF_ERROR(p->status());
  for (const auto& p : probes) SAGASU_RETURN_IF_ERROR(p->status());
  for (const auto& w : words) SAGASU_RETURN_IF_ERROR(w->status());
  return Status::OK();
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
  std::optional<Roaring::const_iterator> allowed_it;
  if (by_filter) allowed_it.emplace(filter->begin());
  for (;;) {
    DocNum d = kNoDoc;
    for (auto& c : cursors) d = std::min(d, c->doc());
    if (d == kNoDoc) break;
    if (by_filter && !filter->contains(d)) {
      // Leap to the next allowed document.
      allowed_it->equalorlarger(d);
      if (*allowed_it == filter->end()) break;
      for (auto& c : cursors) c->NextGEQ(**allowed_it);
      continue;
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
      score += plan.scorer().Score(idf[matches[j].unit], matches[j].tf, plan.snapshot().info(d).len);
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

Status CollectUnitDocs(const QueryPlan& plan, Roaring* docs) {
  for (std::size_t u : plan.scoring_units()) {
    UnitCursor c(plan.units()[u].runs);
    for (; c.doc() != kNoDoc; c.Next()) docs->add(c.doc());
    SAGASU_RETURN_IF_ERROR(c.status());
  }
  return Status::OK();
}

}  // namespace sagasu
