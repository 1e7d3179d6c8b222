#include "query/match_spec.h"

#include <algorithm>

namespace sagasu {

namespace {

// The units a hit matched through: every scoring unit for a hit of the
// second tier (it matched through nothing else), the units of required
// clauses for a whole-word hit (they may be what satisfied the clause). A
// title: unit counts in the title only.
void AddUnits(const QueryPlan& plan, const Candidate& c, format::Field field, MatchSpec* spec) {
  for (const PlanUnit& u : plan.units()) {
    if (!u.scoring || !u.bound) continue;
    if (c.tier == 0 && u.clause->occur != Clause::Occur::kMust) continue;
    if (u.clause->title_only && field != format::kFieldTitle) continue;
    if (!u.unit->sequence.empty()) spec->sequences.push_back(u.unit->sequence);
    // A prefix matched through the words it expanded to, and only those.
    spec->terms.insert(spec->terms.end(), u.expanded.begin(), u.expanded.end());
  }
}

}  // namespace

MatchSpec MatchSpecFor(const QueryPlan& plan, const Candidate& c, format::Field field) {
  MatchSpec spec;
  AddUnits(plan, c, field, &spec);
  if (c.tier != 0) return spec;
  for (const PlanTerm& t : plan.terms()) {
    if (t.stream != format::kStreamWords) continue;
    bool marked = field == format::kFieldTitle;
    for (const Clause& clause : plan.parsed().clauses) {
      if (marked) break;
      if (clause.occur == Clause::Occur::kMustNot || clause.title_only) continue;
      marked = std::any_of(clause.terms.begin(), clause.terms.end(),
                           [&](const QueryTerm& q) { return q.text == t.text; });
    }
    if (marked) spec.terms.push_back(t.text);
  }
  return spec;
}

}  // namespace sagasu
