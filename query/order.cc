#include "query/order.h"

#include <algorithm>

#include "query/proximity.h"

namespace sagasu {

PageShape ShapePage(const SearchQuery& query, const QueryPlan& plan) {
  const RankingOptions& p = plan.scorer().params();
  PageShape s;
  s.k = query.offset + query.limit;
  s.by_date = query.sort != SearchQuery::Sort::kScore || (plan.terms().empty() && !plan.has_scoring_units());
  s.ascending = query.sort == SearchQuery::Sort::kDateAsc;
  s.rerank = query.sort == SearchQuery::Sort::kScore && p.proximity_weight > 0 && plan.terms().size() >= 2 && s.k > 0;
  // The best `window` by BM25F are reordered with proximity; ranks below
  // keep BM25F order. Scores stay descending (the proximity share is >= 0
  // and only the top gets it) and every page agrees with every other.
  s.window = std::max<std::size_t>(1, p.rerank_depth);
  s.depth = s.rerank ? std::max(s.k, s.window) : s.k;
  return s;
}

namespace {

// The best `depth` by BM25F, the first `window` of them reordered with
// their proximity bonus.
Status Rerank(const QueryPlan& plan, const PageShape& shape, std::vector<Candidate>* ranked) {
  const std::size_t top = std::min(shape.depth, ranked->size());
  std::partial_sort(ranked->begin(), ranked->begin() + static_cast<std::ptrdiff_t>(top), ranked->end(), Better);
  ranked->resize(top);
  const auto head_end = ranked->begin() + static_cast<std::ptrdiff_t>(std::min(top, shape.window));
  std::vector<Candidate> head(ranked->begin(), head_end);
  SAGASU_RETURN_IF_ERROR(AddProximity(plan, &head));
  std::sort(head.begin(), head.end(), Better);
  std::copy(head.begin(), head.end(), ranked->begin());
  return Status::OK();
}

}  // namespace

Status OrderPage(const QueryPlan& plan, const PageShape& shape, std::vector<Candidate>* ranked) {
  const std::size_t keep = std::min(shape.k, ranked->size());
  const auto keep_end = ranked->begin() + static_cast<std::ptrdiff_t>(keep);
  if (shape.by_date) {
    const Snapshot& snapshot = plan.snapshot();
    const bool desc = !shape.ascending;
    std::partial_sort(ranked->begin(), keep_end, ranked->end(), [&](const Candidate& a, const Candidate& b) {
      const std::int64_t da = snapshot.date(a.doc), db = snapshot.date(b.doc);
      if (da == db) return Better(a, b);
      if (da == DocInfo::kNoDate) return false;
      if (db == DocInfo::kNoDate) return true;
      return desc ? da > db : da < db;
    });
  } else if (shape.rerank) {
    if (!ranked->empty()) SAGASU_RETURN_IF_ERROR(Rerank(plan, shape, ranked));
  } else {
    std::partial_sort(ranked->begin(), keep_end, ranked->end(), Better);
  }
  ranked->resize(std::min(keep, ranked->size()));
  return Status::OK();
}

}  // namespace sagasu
