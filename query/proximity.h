// The proximity stage (BM25TP; Rasolofo & Savoy 2003): after BM25F has
// ranked the candidates, the best RankingOptions::rerank_depth of them get
// a bonus for pairs of query terms that occur near each other, and are
// reordered. See query/bm25.h for kProximityWindow.
#pragma once

#include <vector>

#include "common/status.h"
#include "query/candidate.h"
#include "query/plan.h"

namespace sagasu {

// Sum of 1/d^2 over neighbouring occurrences of two terms at most
// kProximityWindow positions apart (positions ascending).
float PairProximity(const std::vector<Position>& a, const std::vector<Position>& b);

// Adds the proximity score to each candidate (Candidate::proximity, and to
// its score). Order of `cands` is kept.
Status AddProximity(const QueryPlan& plan, std::vector<Candidate>* cands);

}  // namespace sagasu
