// Ordering: from the retrieved candidates to the first offset + limit in
// page order, by score (with the proximity stage over the best
// rerank_depth) or by date.
#pragma once

#include <cstddef>
#include <vector>

#include "common/status.h"
#include "query/candidate.h"
#include "query/plan.h"
#include "sagasu/types.h"

namespace sagasu {

struct PageShape {
  std::size_t k = 0;           // offset + limit: candidates the page needs
  bool by_date = false;        // date order (asked for, or no scoring terms)
  bool ascending = false;      // oldest first (with by_date)
  bool rerank = false;         // the proximity stage applies
  std::size_t window = 1;      // candidates the proximity stage reorders
  std::size_t depth = 0;       // candidates retrieval must keep
};

PageShape ShapePage(const SearchQuery& query, const QueryPlan& plan);

// Keeps the first shape.k of `ranked` in page order. Undated documents come
// last in date order either way; ties fall back to Better.
Status OrderPage(const QueryPlan& plan, const PageShape& shape, std::vector<Candidate>* ranked);

}  // namespace sagasu
