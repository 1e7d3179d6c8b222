// Run merging: rewrites each term's postings runs (and each facet value's
// bitmaps) into one, dropping documents that were deleted or replaced.
//
// Why: every commit writes a run, so an index built under a small
// --memory-budget, or updated often, holds many runs per term; a query then
// opens a cursor per run, and deleted versions still count in document
// frequencies. Merging restores one run per term and exact statistics.
//
// Safety: the merged postings (and the deletions of the runs they replace)
// are written to table files and added to the index all at once, after the
// last term: every term reads either its old runs or its merged run, both
// holding the same live postings, so a crash mid-merge loses nothing (a
// later merge does the job again; the open that follows removes the
// unfinished files). Facets and the stored texts of deleted versions go in
// WriteBatches of at most `batch_bytes`, so a merge's memory follows the
// writer's memory budget, not the index's size.
#pragma once

#include <cstddef>
#include <cstdint>

#include <roaring/roaring.hh>

#include "common/status.h"
#include "sagasu/types.h"
#include "storage/records.h"

namespace sagasu {

class IndexDb;

// MergeReport (what a merge did) is the public one in sagasu/types.h.

// Merges all runs. `deleted` is the committed deleted set; `stats` the
// committed statistics; each WriteBatch is written once it holds
// `batch_bytes` (MergeBatchBytes). Must run with the index open for writing
// (no other writer).
Status MergeRuns(const IndexDb& db, const IndexStats& stats, const Roaring& deleted, bool sync,
                 std::size_t batch_bytes, MergeReport* report);

// The merge batch size for a writer's memory budget: an eighth of it, at
// most 16 MiB (larger batches save nothing measurable).
std::size_t MergeBatchBytes(std::uint64_t memory_budget);

}  // namespace sagasu
