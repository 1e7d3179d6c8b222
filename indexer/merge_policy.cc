#include "indexer/merge_policy.h"

#include <algorithm>

#include "storage/db.h"

namespace sagasu {

bool ShouldMerge(const MergePolicy& policy, std::uint64_t runs, const IndexStats& stats, std::uint64_t deleted) {
  const std::uint64_t unpurged = deleted - std::min(stats.purged, deleted);
  return runs > policy.max_runs || unpurged * policy.deleted_divisor > stats.next_doc;
}

Status NeedsMerge(const MergePolicy& policy, const IndexDb& db, const IndexStats& stats, const Roaring& deleted,
                  bool* merge) {
  std::uint64_t runs = 0;
  SAGASU_RETURN_IF_ERROR(db.CountRuns(stats.merged_upto, &runs));
  *merge = ShouldMerge(policy, runs, stats, deleted.cardinality());
  return Status::OK();
}

}  // namespace sagasu
