// Hits: the page's candidates made into SearchHits: stored fields, the
// highlighted title and snippet (query/snippet.h), and with
// SearchQuery::explain the per-term score breakdown.
#pragma once

#include <vector>

#include "common/status.h"
#include "query/candidate.h"
#include "query/plan.h"
#include "sagasu/types.h"

namespace sagasu {

// Appends a hit for each of page[query.offset...] to `out`.
Status MakeHits(const QueryPlan& plan, const SearchQuery& query, const std::vector<Candidate>& page,
                std::vector<SearchHit>* out);

}  // namespace sagasu
