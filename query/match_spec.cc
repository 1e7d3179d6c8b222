#include "query/match_spec.h"

#include <algorithm>

namespace sagasu {

MatchSpec MatchSpecFor(const QueryPlan& plan, const Candidate& c, format::Field field) {
  (void)c;
  MatchSpec spec;
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
