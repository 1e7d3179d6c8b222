// When to merge runs (indexer/run_merger.h) after an IndexPaths run: when a
// query would open too many cursors per term, or when deleted versions make
// up too much of the postings and the document frequencies.
#pragma once

#include <cstdint>

#include <roaring/roaring.hh>

#include "common/status.h"
#include "storage/records.h"

namespace sagasu {

class IndexDb;

struct MergePolicy {
  // Merge when more runs than this were written since the last merge.
  // Default: 16 (IndexWriter::kAutoMergeRuns).
  std::uint64_t max_runs = 16;
  // Merge when more than 1/deleted_divisor of all versions are deleted and
  // still hold postings (not purged by a merge). Default: 4, a quarter.
  std::uint64_t deleted_divisor = 4;
};

// The pure rule: `runs` written since the last merge, `stats` and the
// number of `deleted` versions committed.
bool ShouldMerge(const MergePolicy& policy, std::uint64_t runs, const IndexStats& stats, std::uint64_t deleted);

// Reads the run count from `db` and applies ShouldMerge.
Status NeedsMerge(const MergePolicy& policy, const IndexDb& db, const IndexStats& stats, const Roaring& deleted,
                  bool* merge);

}  // namespace sagasu
