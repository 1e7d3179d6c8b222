// RunWriter: turns accumulators into one run and commits it, in one storage
// Batch (synced WAL): the documents, their ids, doc info, facets, postings,
// the removed ids, the deleted set and the statistics change together or not
// at all. A process killed at any moment leaves the index at its last commit.
//
// A commit, step by step:
//   1. number the documents base, base+1, ... in accumulator order and
//      resolve their ids: added, replacing a stored version, replacing an
//      earlier document of the same run, or superseded (written deleted)
//   2. stored documents, the doc-info run and the facet bitmaps
//   3. postings: every term of every accumulator, encoded on all cores;
//      a commit of at least kTableBytes writes them as table files, one per core,
//      added to the index before the batch (no write-ahead log, memtable
//      or flush for the bulk of a build's bytes). Readers skip runs at or
//      above the committed next_doc, so the batch still decides what is
//      committed; a pending-run record, cleared by the batch, tells the
//      next commit or writer to turn the numbers of a commit that never
//      landed into deleted documents (RecoverPendingRun)
//   4. removals (ids gone or deleted)
//   5. the replaced and removed versions join the deleted set; statistics
//
// Not thread-safe: one committing thread at a time. It owns the writer's
// view of the committed statistics and deleted set.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <roaring/roaring.hh>

#include "common/status.h"
#include "indexer/accumulator.h"
#include "indexer/index_writer.h"
#include "storage/db.h"
#include "storage/records.h"

namespace sagasu {

class ChangeSet;

// An id to remove in a commit, and the version it points at when known.
struct Removal {
  std::string id;
  DocNum doc = kNoDoc;  // kNoDoc: look the id up at commit; absent ids are skipped
};

class RunWriter {
 public:
  // `stats` and `deleted` are the index's committed state.
  // A commit of at least `table_bytes` of accumulated postings writes them
  // as table files (IndexDb::NewPostingsTable) on all cores, added to the
  // index ahead of its batch; a smaller one puts them in the batch. Each
  // table lands in the first level of RocksDB's tree, whose compactions
  // rewrite the level below: small tables from frequent commits (a small
  // --memory-budget) would rewrite it far more often than the memtable
  // flushes that gather several commits' batches (IndexDb::Write, every
  // 64 MiB).
  static constexpr std::uint64_t kTableBytes = 64 << 20;
  RunWriter(const IndexDb* db, bool sync, IndexStats stats, Roaring deleted, std::uint64_t table_bytes = kTableBytes);

  // Writes the documents of `accs` as one run and applies `removals` (an id
  // also added by this run is kept). `changes` (may be null) tells documents
  // that lost their id to a later input of the same IndexPaths run: they
  // take their number but are written deleted. Adds the counts to *report
  // and the commit's timing to *timings (either may be null). `also` (may
  // be empty) adds its own puts to the commit's batch (a re-analysis: the
  // new analyzer). On error nothing is written and the in-memory state stays
  // at the last commit.
  Status Commit(std::vector<std::unique_ptr<Accumulator>> accs, const std::vector<Removal>& removals,
                const ChangeSet* changes, IndexPathsReport* report, std::vector<CommitTiming>* timings,
                const std::function<void(Batch*)>& also = {});

  // Finishes a commit whose process died after its postings went into the
  // index as table files but before its batch (IndexDb::MarkPendingRun):
  // its document numbers become deleted documents, so that no later run
  // takes them. Call once after opening; OK when nothing is pending.
  Status RecoverPendingRun();

  // For tests: runs after a commit's tables were added and before its
  // batch is written; an error fails the commit there, as a failed write
  // or a killed process would.
  void SetAfterTablesHook(std::function<Status()> hook) { after_tables_ = std::move(hook); }

  const IndexStats& stats() const { return stats_; }
  const Roaring& deleted() const { return deleted_; }
  // After a merge (which changes purged and merged_upto).
  void set_stats(const IndexStats& stats) { stats_ = stats; }

 private:
  struct Run;
  struct TermRefs;
  using Clock = std::chrono::steady_clock;

  Status CommitSteps(const std::vector<Removal>& removals, const ChangeSet* changes, Run* run, CommitTiming* timing,
                     const std::function<void(Batch*)>& also);
  Status ResolveIds(const ChangeSet* changes, Run* run);
  void WriteDocuments(Run* run);
  TermRefs SortTerms(const Run& run) const;
  Status WritePostings(const TermRefs& terms, Run* run);
  Status ResolveRemovals(const std::vector<Removal>& removals, Run* run);
  Status WriteStats(Run* run);
  // Marks `doc` deleted and takes it out of the statistics. `info` is its
  // DocInfo if known, else it is read from the index.
  Status MarkDeleted(DocNum doc, const DocInfo* info);

  const IndexDb* db_;
  bool sync_;
  std::uint64_t table_bytes_;
  IndexStats stats_;
  Roaring deleted_;
  // A commit marked its run pending and failed before its batch landed:
  // the next Commit recovers first.
  bool pending_ = false;
  std::function<Status()> after_tables_;
};

}  // namespace sagasu
