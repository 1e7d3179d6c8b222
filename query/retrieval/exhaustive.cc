// Exhaustive retrieval: a document-at-a-time union of the scoring terms'
// postings. Used for date order (every match is needed), by
// SearchQuery::exhaustive, and as the reference the pruned algorithm is
// tested against.
#include "query/retrieval.h"

#include <algorithm>

namespace sagasu {

Status RetrieveExhaustive(const QueryPlan& plan, std::vector<Candidate>* out) {
  std::vector<std::unique_ptr<TermCursor>> cursors = plan.OpenScoringAll();
  Matcher matcher(plan);
  for (;;) {
    DocNum d = kNoDoc;
    for (auto& c : cursors) d = std::min(d, c->doc());
    if (d == kNoDoc) break;
    float score = 0;
    for (auto& c : cursors) {
      if (c->doc() == d) {
        score += plan.ScoreAt(*c, d);
        c->Next();
      }
    }
    if (matcher.Accept(d)) out->push_back({score, d});
  }
  for (const auto& c : cursors) SAGASU_RETURN_IF_ERROR(c->status());
  return matcher.status();
}

}  // namespace sagasu
