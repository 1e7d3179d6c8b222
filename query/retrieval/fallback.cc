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

// The matches of the scoring units in the live documents the plan's filter
// set allows (all without one), in document order, and each unit's df over
// the archive, the filter aside (UnitDfWithoutWalk in query/plan.h). When
// every unit's df needs no walk, only the allowed documents are visited,
// and with a required clause only the documents its units match (Driver):
// the other units are probed there, not walked. Either way the documents
// Matcher::Accept can take get the same matches.
Status CollectUnitMatches(const QueryPlan& plan, const std::vector<std::size_t>& units,
                          std::vector<UnitMatch>* matches, std::vector<double>* df) {
  const Roaring* filter = plan.filter() ? &*plan.filter() : nullptr;
  df->assign(units.size(), 0);
  std::vector<bool> counted(units.size(), false);
  for (std::size_t i = 0; i < units.size(); ++i) {
    counted[i] = UnitDfWithoutWalk(plan.units()[units[i]], plan.snapshot().doc_limit(), &(*df)[i]);
  }
  const std::optional<std::size_t> driver = Driver(plan, units, *df, counted);
  // Walked units have a cursor; probed ones (with a driver) a probe.
  std::vector<std::unique_ptr<UnitCursor>> cursors(units.size());
  std::vector<std::unique_ptr<UnitProbe>> probes(units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    const auto& drivers = driver ? plan.checks()[*driver].units : units;
    if (std::find(drivers.begin(), drivers.end(), units[i]) != drivers.end()) {
      cursors[i] = std::make_unique<UnitCursor>(plan.units()[units[i]].runs);
    } else {
      probes[i] = std::make_unique<UnitProbe>(plan.units()[units[i]].runs);
    }
  }
  const bool by_filter = filter != nullptr && std::all_of(counted.begin(), counted.end(), [](bool b) { return b; });
  std::optional<Roaring::const_iterator> allowed_it;
  if (by_filter) allowed_it.emplace(filter->begin());
  for (;;) {
    DocNum d = kNoDoc;
    for (auto& c : cursors) {
      if (c) d = std::min(d, c->doc());
    }
    if (d == kNoDoc) break;
    if (by_filter && !filter->contains(d)) {
      // Leap to the next allowed document.
      allowed_it->equalorlarger(d);
      if (*allowed_it == filter->end()) break;
      for (auto& c : cursors) {
        if (c) c->NextGEQ(**allowed_it);
      }
      continue;
    }
    const bool live = plan.snapshot().IsLive(d);
    const bool allowed = filter == nullptr || filter->contains(d);
    for (std::uint32_t i = 0; i < units.size(); ++i) {
      FieldCounts tf{};
      if (cursors[i]) {
        UnitCursor& c = *cursors[i];
        if (c.doc() != d) continue;
        tf = CountedTf(plan.units()[units[i]], c.tf());
        c.Next();
      } else if (live && allowed) {
        tf = CountedTf(plan.units()[units[i]], probes[i]->At(d));
      }
      if (live && (tf[0] | tf[1] | tf[2]) != 0) {
        if (!counted[i]) ++(*df)[i];
        if (allowed) matches->push_back({d, i, tf});
      }
    }
  }
  for (const auto& c : cursors) {
    if (c) SAGASU_RETURN_IF_ERROR(c->status());
  }
  for (const auto& p : probes) {
    if (p) SAGASU_RETURN_IF_ERROR(p->status());
  }
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
