// IndexWriter: builds and updates an index directory. A facade over the
// indexing stages, one file each:
//   indexer/pipeline.h      IndexPaths: reader -> bounded queue -> workers
//                           (hash, parse, skip unchanged, analyze, accumulate)
//                           -> flusher committing full accumulators -> final run
//   indexer/change_set.h    what is added, replaced, unchanged, duplicate or gone
//   indexer/accumulator.h   in-memory postings of documents not yet written
//   indexer/run_writer.h    one commit: accumulators -> one run, one Batch
//   indexer/merge_policy.h  when IndexPaths merges runs by itself
//   indexer/run_merger.h    the merge (Optimize)
//
// Every commit is one storage Batch (synced WAL): documents, postings,
// facets, ids, the deleted set and the statistics change together or not at
// all. A process killed at any moment leaves the index at its last commit.
//
// Not thread-safe: one IndexWriter per index, used from one thread (it runs
// its own worker threads). RocksDB's lock keeps other processes out.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/document.h"
#include "common/status.h"
#include "indexer/reanalyzer.h"
#include "indexer/sources/source.h"
#include "storage/records.h"

namespace sagasu {

struct IndexWriterOptions {
  // Tokenizer threads. Default: 0 = all cores.
  int threads = 0;
  // In-memory postings and stored text before a run is written and committed.
  // Default: 512 MiB. Peak memory stays below about twice this. Optimize()
  // writes in batches of MergeBatchBytes(memory_budget) (run_merger.h).
  std::uint64_t memory_budget = 512ull << 20;
  // Which files directories contribute, and size limits.
  SourceOptions source;
  // fsync every commit. Default: true.
  bool sync = true;
  // IndexPaths removes stored documents no input produced (IndexOptions::prune).
  bool prune = false;
  // What Open does with an index built with another analyzer
  // (indexer/reanalyzer.h). Default: kChanged = re-analyze the documents a
  // user dictionary or folding rule change affects.
  ReanalyzeMode reanalyze = ReanalyzeMode::kChanged;
  // Called by Open while it re-analyzes: documents scanned, of total.
  std::function<void(std::uint64_t, std::uint64_t)> on_reanalyze_progress;
};

// Progress and the report are the public IndexProgress and IndexPathsReport
// (include/sagasu/types.h).

// CommitTiming, IndexTimings and MergeReport are public too (sagasu/types.h).

class IndexWriter {
 public:
  // Opens or creates the index at `dir`. An index built with another
  // analyzer is brought to this one first (options.reanalyze,
  // indexer/reanalyzer.h; see reanalysis()). Fails with InvalidArgument when
  // the index has another format, or another analyzer that options.reanalyze
  // does not take; IOError when another process is writing it.
  static Status Open(const std::string& dir, const AnalyzerOptions& analyzer_options,
                     const IndexWriterOptions& options, std::unique_ptr<IndexWriter>* out);
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Indexes PATHs (directories, post files, .jsonl files, "-" for stdin) and
  // commits. Inputs that fail are passed to `on_error` (serialized, from any
  // thread) and counted; the rest go on. `on_progress` is called from the
  // calling thread about five times a second. Returns non-OK only when the
  // index could not be written (the index then stays at its last commit).
  // Where the time went is added to *timings (may be null), also on error
  // for the commits that were made.
  Status IndexPaths(const std::vector<std::string>& paths, const std::function<void(const Status&)>& on_error,
                    const std::function<void(const IndexProgress&)>& on_progress, IndexPathsReport* report,
                    IndexTimings* timings = nullptr);

  // Adds `doc`, replacing any document with the same id, on the calling
  // thread. Visible to readers after Commit(). InvalidArgument for an empty id;
  // Aborted "<id>: ..." when the analyzer left part of the text out (the
  // document is added without it).
  Status Add(const Article& doc);

  // Deletes documents by external id. Ids not in the index are appended to
  // *not_found (may be null) and are not an error. Visible after Commit().
  Status Delete(const std::vector<std::string>& ids, std::vector<std::string>* not_found);

  // Writes what Add/Delete buffered as one atomic commit.
  Status Commit();

  // Merges every term's runs into one and drops the postings and stored text
  // of deleted or replaced versions (indexer/run_merger.h). IndexPaths does
  // this by itself when the index holds more than kAutoMergeRuns runs or
  // more than a quarter of its versions are deleted.
  Status Optimize(MergeReport* report);
  static constexpr std::uint64_t kAutoMergeRuns = 16;

  // Writes a consistent copy of the index as of its latest commit into the
  // new directory `dest` (IndexDb::Checkpoint): safe while another thread
  // commits through this writer; *at (may be null) receives the commit the
  // copy holds.
  Status Checkpoint(const std::string& dest, CommitRecord* at) const;

  const Analyzer& analyzer() const;
  // What Open re-analyzed (done is false when the analyzer had not changed).
  const ReanalysisReport& reanalysis() const;

 private:
  class Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sagasu
