// Filter-only retrieval: a query of filters alone (tag:, since:, ...) has no
// postings to walk; it visits the filter's documents, or every document
// number when only a date range narrows.
#include "query/retrieval.h"

namespace sagasu {

Status RetrieveFiltered(const QueryPlan& plan, std::vector<Candidate>* out) {
  Matcher matcher(plan);
  auto visit = [&](DocNum d) {
    if (matcher.Accept(d)) out->push_back({0.0f, d});
  };
  if (plan.filter()) {
    for (DocNum d : *plan.filter()) visit(d);
  } else {
    for (DocNum d = 0; d < plan.snapshot().doc_limit(); ++d) visit(d);
  }
  return matcher.status();
}

}  // namespace sagasu
