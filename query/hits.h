// Hits: the page's candidates made into SearchHits: stored fields, the
// highlighted title and snippet (what matched: query/match_spec.h; where:
// query/highlight.h; cut and rendered: query/snippet.h), and with
// SearchQuery::explain the per-term score breakdown.
#pragma once

#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/status.h"
#include "query/candidate.h"
#include "query/plan.h"
#include "sagasu/types.h"

namespace sagasu {

// Appends a hit for each of page[query.offset...] to `out`. With
// SearchQuery::snippets, `session` analyzes the title and the body (or the
// excerpt when there is no body) of each hit once, for the highlights; it
// may be null otherwise.
Status MakeHits(const QueryPlan& plan, const SearchQuery& query, const std::vector<Candidate>& page,
                AnalyzerSession* session, std::vector<SearchHit>* out);

}  // namespace sagasu
