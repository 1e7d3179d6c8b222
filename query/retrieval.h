// Retrieval: the algorithms that find a plan's candidates, one per file in
// query/retrieval/. Each gives the documents Matcher::Accept takes, in no
// particular order, with BM25F scores summed in query-term order, so every
// algorithm gives a document the same bits and the DocNum tie-break holds
// (tests/query/retrieval_test.cc checks each against exhaustive scoring).
//
//   exhaustive.cc   every document any scoring term matches
//   maxscore.cc     the best k by BM25F: block-max MaxScore
//   filter_only.cc  a query without scoring terms: every filtered document
#pragma once

#include <cstddef>
#include <vector>

#include "common/status.h"
#include "query/candidate.h"
#include "query/plan.h"

namespace sagasu {

// Every accepted document that holds some scoring term, scored.
Status RetrieveExhaustive(const QueryPlan& plan, std::vector<Candidate>* out);

// The best `k` accepted documents by BM25F (by Better), scored exactly as
// RetrieveExhaustive scores them; fewer when fewer match.
Status RetrieveTopK(const QueryPlan& plan, std::size_t k, std::vector<Candidate>* out);

// Every accepted document, score 0. REQUIRES: plan.filtered().
Status RetrieveFiltered(const QueryPlan& plan, std::vector<Candidate>* out);

}  // namespace sagasu
