// Run merging: rewrites each term's postings runs (and each facet value's
// bitmaps) into one, dropping documents that were deleted or replaced.
//
// Why: every commit writes a run, so an index built under a small
// --memory-budget, or updated often, holds many runs per term; a query then
// opens a cursor per run, and deleted versions still count in document
// frequencies. Merging restores one run per term and exact statistics.
//
// Safety: terms are rewritten in WriteBatches of whole terms, each atomic;
// at any moment every term reads either its old runs or its merged run, both
// holding the same live postings, so a crash mid-merge loses nothing (and a
// later merge finishes the job). The batches are at most `batch_bytes` (plus
// one term), so a merge's memory follows the writer's memory budget.
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
