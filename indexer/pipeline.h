// Pipeline: one IndexPaths run, as a bounded pipeline.
//
//   calling thread: InputReader walks PATHs -> bounded queue of RawInput
//   N workers:      hash, parse (indexer/sources), skip unchanged, analyze
//                   (MeCab), accumulate postings in a worker-local Accumulator
//   flusher thread: when a worker's accumulator outgrows its share of the
//                   memory budget, commits it as one run (RunWriter)
//   at the end:     the workers' remaining accumulators are committed as one
//                   run; documents whose files disappeared from an indexed
//                   directory are removed in the same commit.
//
// What is added, replaced, unchanged, duplicate or gone is decided by the
// ChangeSet (indexer/change_set.h). Peak memory: one accumulator per worker
// and one waiting for the flusher, each at most its share of the budget.
//
// Single use: construct, Run once, read the counts. Run starts and joins its
// own threads; the caller's RunWriter must not be used meanwhile.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/status.h"
#include "indexer/accumulator.h"
#include "indexer/change_set.h"
#include "indexer/index_writer.h"
#include "indexer/run_writer.h"
#include "indexer/sources/source.h"

namespace sagasu {

class IndexDb;

class Pipeline {
 public:
  using Clock = std::chrono::steady_clock;
  using ErrorFn = std::function<void(const Status&)>;
  using ProgressFn = std::function<void(const IndexProgress&)>;

  // `db`, `analyzer`, `options` and `writer` outlive the pipeline.
  Pipeline(const IndexDb& db, const Analyzer& analyzer, const IndexWriterOptions& options, RunWriter* writer);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Indexes every input of `reader` and commits, the final run included.
  // Input errors go to `on_error` (serialized, from any thread), and so do
  // inputs indexed with a part of their text left out; `on_progress`
  // is called from the calling thread about five times a second, with the
  // time since `start`. Commit counts are added to *report and timings to
  // *timings as they happen; the input counts with AddCounts. Returns non-OK
  // when a commit failed (the index then stays at its last commit).
  // REQUIRES: called once; report and timings not null.
  Status Run(InputReader* reader, const ErrorFn& on_error, const ProgressFn& on_progress, Clock::time_point start,
             IndexPathsReport* report, IndexTimings* timings);

  // Adds the unchanged and failed inputs and the bytes read to *report.
  void AddCounts(IndexPathsReport* report) const;

 private:
  struct Item {
    std::uint64_t seq = 0;  // input order
    RawInput in;
  };
  // The reader-to-workers queue: Push blocks while full, Pop while empty.
  class Queue {
   public:
    explicit Queue(std::size_t capacity) : capacity_(capacity) {}
    void Push(Item item);
    bool Pop(Item* out);  // false when closed and drained
    void Close();

   private:
    std::mutex mu_;
    std::condition_variable not_full_, not_empty_;
    std::deque<Item> items_;
    std::size_t capacity_;
    bool closed_ = false;
  };
  // What one worker thread owns.
  struct Worker {
    std::unique_ptr<AnalyzerSession> session;
    std::unique_ptr<Accumulator> acc;
    AnalyzedDoc terms;  // scratch for AnalyzeAndAdd
  };

  // Calling thread.
  void ReadInputs();
  void ReportProgress() const;
  // Workers.
  void WorkLoop(std::size_t w);
  void Process(Item& item, Worker* worker);
  void ReportError(const Status& s);
  // An input that was indexed with a part left out: passed to on_error, not
  // counted as failed.
  void ReportWarning(const Status& s);
  // Flusher.
  void FlushLoop();
  void Submit(std::unique_ptr<Accumulator> acc);
  void StopFlusher();
  // The final run: the workers' accumulators and the ids gone.
  Status CommitFinal();
  Status CollectGone(std::vector<Removal>* gone);
  bool PruneAllowed();
  // Whether the parsed post is published; if not, counts it and withdraws its id.
  bool Published(const RawInput& in, const Article& post, const PostMeta& meta);

  const IndexDb& db_;
  const Analyzer& analyzer_;
  const IndexWriterOptions& options_;
  RunWriter* writer_;
  std::size_t threads_;
  std::uint64_t share_;  // memory budget of one accumulator

  // Set by Run.
  InputReader* reader_ = nullptr;
  const ErrorFn* on_error_ = nullptr;
  const ProgressFn* on_progress_ = nullptr;
  Clock::time_point start_;
  IndexPathsReport* report_ = nullptr;
  IndexTimings* timings_ = nullptr;

  ChangeSet changes_;
  Queue queue_;
  std::vector<std::unique_ptr<Accumulator>> final_accs_;  // one per worker
  std::atomic<std::uint64_t> done_{0}, failed_{0}, unchanged_{0}, unpublished_{0}, bytes_done_{0};
  PublishOptions publish_;  // options_.source.publish with the run's `now`
  std::uint64_t bytes_read_ = 0;  // calling thread
  std::mutex error_mu_;

  // The flusher holds at most one waiting accumulator (memory bound).
  std::mutex flush_mu_;
  std::condition_variable flush_cv_;
  std::unique_ptr<Accumulator> flush_slot_;
  bool flush_stop_ = false;
  Status flush_status_;  // the first failed commit; written by the flusher only
  std::thread flusher_;
};

}  // namespace sagasu
