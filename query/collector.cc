#include "query/collector.h"

#include <algorithm>

#include "query/retrieval.h"

namespace sagasu {

std::vector<Candidate> TopK::Take() {
  std::vector<Candidate> out;
  out.reserve(heap_.size());
  while (!heap_.empty()) {
    out.push_back(heap_.top());
    heap_.pop();
  }
  return out;
}

Status CollectMatches(const QueryPlan& plan, Roaring* matching) {
  Roaring any;
  for (const auto& t : plan.terms()) {
    auto c = QueryPlan::OpenMatching(t.runs);
    for (; c->doc() != kNoDoc; c->Next()) any.add(c->doc());
    SAGASU_RETURN_IF_ERROR(c->status());
  }
  SAGASU_RETURN_IF_ERROR(CollectUnitDocs(plan, &any));
  if (plan.filter()) any &= *plan.filter();
  Matcher matcher(plan);
  for (DocNum d : any) {
    if (matcher.Accept(d)) matching->add(d);
  }
  return matcher.status();
}

namespace {

void CountFacet(const Snapshot& snapshot, format::FacetKind kind, const Roaring& matching, std::vector<Facet>* out) {
  for (const auto& f : snapshot.facets(kind)) {
    const std::uint64_t n = f.docs.and_cardinality(matching);
    if (n) out->push_back({f.value, n});
  }
  std::sort(out->begin(), out->end(),
            [](const Facet& a, const Facet& b) { return a.count != b.count ? a.count > b.count : a.value < b.value; });
}

}  // namespace

void CountFacets(const Snapshot& snapshot, const Roaring& matching, std::vector<Facet>* tags,
                 std::vector<Facet>* categories) {
  CountFacet(snapshot, format::kFacetTag, matching, tags);
  CountFacet(snapshot, format::kFacetCategory, matching, categories);
}

}  // namespace sagasu
