// Collectors: what a query keeps of its matches. TopK holds the best k
// candidates while retrieval runs and tells it the score to beat;
// CollectMatches and CountFacets give the total and the facet counts over
// every match, whichever retrieval found the page.
#pragma once

#include <cstddef>
#include <queue>
#include <vector>

#include <roaring/roaring.hh>

#include "common/status.h"
#include "query/candidate.h"
#include "query/plan.h"

namespace sagasu {

class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) {}
  bool full() const { return heap_.size() >= k_; }
  // The k-th best score. REQUIRES: full() and k > 0.
  Score threshold() const { return heap_.top().score; }
  // The k-th best candidate. REQUIRES: full() and k > 0.
  const Candidate& worst() const { return heap_.top(); }
  void Push(const Candidate& c) {
    heap_.push(c);
    if (heap_.size() > k_) heap_.pop();
  }
  // The candidates kept, in no particular order; empties the queue.
  std::vector<Candidate> Take();

 private:
  std::size_t k_;
  std::priority_queue<Candidate, std::vector<Candidate>, WorseFirst> heap_;
};

// Every document the query matches (Matcher::Accept over the union of the
// scoring terms' postings and the scoring units' matches). The counting
// pass after a pruned retrieval. REQUIRES: plan.BindUnits().
Status CollectMatches(const QueryPlan& plan, Roaring* matching);

// Tag and category counts over `matching`, by count descending, then value.
void CountFacets(const Snapshot& snapshot, const Roaring& matching, std::vector<Facet>* tags,
                 std::vector<Facet>* categories);

}  // namespace sagasu
