// Retrieval: the algorithms that find a plan's candidates, one per file in
// query/retrieval/. Each gives the documents Matcher::Accept takes, in no
// particular order, with BM25F scores summed in query-term order, so every
// algorithm gives a document the same bits and the DocNum tie-break holds
// (tests/query/retrieval_test.cc checks each against exhaustive scoring).
//
//   exhaustive.cc   every document any scoring term matches
//   maxscore.cc     the best k by BM25F: block-max MaxScore
//   conjunctive.cc  the best k of a query of required clauses only
//   filter_only.cc  a query without scoring terms: every filtered document
//   fallback.cc     the second tier: documents only query units match
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
// RetrieveExhaustive scores them; fewer when fewer match (none without
// scoring terms). Conjunctive retrieval when the query is conjunctive, else
// MaxScore.
Status RetrieveTopK(const QueryPlan& plan, std::size_t k, std::vector<Candidate>* out);
// The same by block-max MaxScore (maxscore.cc), whatever the query.
Status RetrieveMaxScore(const QueryPlan& plan, std::size_t k, std::vector<Candidate>* out);
// Whether every scoring term is in a required clause (conjunctive.cc).
bool IsConjunctive(const QueryPlan& plan);
// The same as RetrieveTopK, visiting only the documents the cheapest
// required clause could match. InvalidArgument unless IsConjunctive(plan).
Status RetrieveConjunctive(const QueryPlan& plan, std::size_t k, std::vector<Candidate>* out);

// Every accepted document that a scoring unit (plan.scoring_units()) matches
// and no scoring term does, tier 1 (tier 2 when only reading units match
// it), scored by the units' BM25F with each
// unit's df counted over the live documents it matches. REQUIRES:
// plan.BindUnits().
Status RetrieveFallback(const QueryPlan& plan, std::vector<Candidate>* out);
// The best `k` of those by Better (the same candidates, score bits and
// tiers as the first k of RetrieveFallback), for a page that needs no total:
// a walk driven by a required clause (with none, by every unit) reads a
// document's positions only when the units' counts bounded without them
// could beat the k-th (UnitProbe::Bound). *every tells whether *out holds every match.
// REQUIRES: plan.BindUnits(), k > 0.
Status RetrieveFallbackTopK(const QueryPlan& plan, std::size_t k, std::vector<Candidate>* out, bool* every);

// Adds every document some scoring unit matches (not checked) to *docs,
// reading positions only in those *docs does not hold yet (a term's or an
// earlier unit's): the counting pass (CollectMatches) puts the terms'
// documents in first. REQUIRES: plan.BindUnits().
Status CollectUnitDocs(const QueryPlan& plan, Roaring* docs);

// Every accepted document, score 0. REQUIRES: plan.filtered().
Status RetrieveFiltered(const QueryPlan& plan, std::vector<Candidate>* out);

}  // namespace sagasu
