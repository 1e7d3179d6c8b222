#include "indexer/index_writer.h"

#include <chrono>

#include "indexer/accumulator.h"
#include "indexer/change_set.h"
#include "indexer/merge_policy.h"
#include "indexer/pipeline.h"
#include "indexer/reanalyzer.h"
#include "indexer/run_merger.h"
#include "indexer/run_writer.h"
#include "storage/db.h"
#include "storage/records.h"

namespace sagasu {

// Wires the stages: Pipeline for IndexPaths, an Accumulator for Add, the
// RunWriter for every commit, the merge policy and the run merger.
class IndexWriter::Impl {
 public:
  Status Init(const std::string& dir, const AnalyzerOptions& aopts, const IndexWriterOptions& options) {
    options_ = options;
    SAGASU_RETURN_IF_ERROR(Analyzer::Open(aopts, &analyzer_));
    std::string entries, stored_fingerprint;
    SAGASU_RETURN_IF_ERROR(EncodedUserDicEntries(*analyzer_, &entries));
    SAGASU_RETURN_IF_ERROR(IndexDb::Open(dir, IndexDb::Mode::kReadWrite, analyzer_->Fingerprint(),
                                         analyzer_->Describe(), &db_, entries, &stored_fingerprint));
    IndexStats stats;
    Roaring deleted;
    SAGASU_RETURN_IF_ERROR(db_->ReadStats(&stats, &deleted));
    runs_ = std::make_unique<RunWriter>(db_.get(), options_.sync, stats, std::move(deleted));
    SAGASU_RETURN_IF_ERROR(runs_->RecoverPendingRun());
    SAGASU_RETURN_IF_ERROR(Reanalyze(db_.get(), runs_.get(), *analyzer_, aopts, stored_fingerprint,
                                     options_.reanalyze, options_.sync, options_.on_reanalyze_progress, &reanalysis_));
    if (reanalysis_.reanalyzed > 0) {
      // A term's document frequency counts the replaced versions until a
      // merge drops them: merge now, so that scores equal a rebuild's.
      const auto merge_start = std::chrono::steady_clock::now();
      SAGASU_RETURN_IF_ERROR(Optimize(nullptr));
      reanalysis_.merge_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - merge_start).count();
      reanalysis_.seconds += reanalysis_.merge_seconds;
    }
    session_ = analyzer_->NewSession();
    return Status::OK();
  }

  Status Checkpoint(const std::string& dest, CommitRecord* at) const { return db_->Checkpoint(dest, at); }
  const Analyzer& analyzer() const { return *analyzer_; }
  const ReanalysisReport& reanalysis() const { return reanalysis_; }

  Status IndexPaths(const std::vector<std::string>& paths, const std::function<void(const Status&)>& on_error,
                    const std::function<void(const IndexProgress&)>& on_progress, IndexPathsReport* report,
                    IndexTimings* timings);
  Status Add(const Article& doc);
  Status Delete(const std::vector<std::string>& ids, std::vector<std::string>* not_found);
  Status Commit();
  Status Optimize(MergeReport* report);

 private:
  IndexWriterOptions options_;
  std::unique_ptr<Analyzer> analyzer_;
  std::unique_ptr<IndexDb> db_;
  std::unique_ptr<RunWriter> runs_;
  // Buffered by Add()/Delete() until Commit().
  std::unique_ptr<AnalyzerSession> session_;
  std::unique_ptr<Accumulator> pending_;
  std::vector<Removal> pending_deletes_;
  AnalyzedDoc terms_;  // scratch for AnalyzeAndAdd
  ReanalysisReport reanalysis_;
};

Status IndexWriter::Impl::IndexPaths(const std::vector<std::string>& paths,
                                     const std::function<void(const Status&)>& on_error,
                                     const std::function<void(const IndexProgress&)>& on_progress,
                                     IndexPathsReport* report, IndexTimings* timings) {
  using Clock = std::chrono::steady_clock;
  auto secs = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
  const auto start = Clock::now();
  IndexPathsReport local_report;
  if (!report) report = &local_report;
  IndexTimings local_timings;
  if (!timings) timings = &local_timings;

  std::unique_ptr<InputReader> reader;
  SAGASU_RETURN_IF_ERROR(InputReader::Open(paths, options_.source, &reader));
  Pipeline pipeline(*db_, *analyzer_, options_, runs_.get());
  SAGASU_RETURN_IF_ERROR(pipeline.Run(reader.get(), on_error, on_progress, start, report, timings));
  const auto committed = Clock::now();
  SAGASU_RETURN_IF_ERROR(db_->FlushAll());
  const auto flushed = Clock::now();
  bool merge = false;
  SAGASU_RETURN_IF_ERROR(NeedsMerge(MergePolicy{.max_runs = IndexWriter::kAutoMergeRuns}, *db_, runs_->stats(),
                                    runs_->deleted(), &merge));
  if (merge) {
    report->merged = true;
    SAGASU_RETURN_IF_ERROR(Optimize(nullptr));
  }
  timings->flush_seconds = secs(committed, flushed);
  timings->merge_seconds = secs(flushed, Clock::now());
  pipeline.AddCounts(report);
  report->seconds = secs(start, Clock::now());
  return Status::OK();
}

Status IndexWriter::Impl::Add(const Article& doc) {
  if (doc.id.empty()) return Status::InvalidArgument("document has an empty id");
  if (!pending_) pending_ = std::make_unique<Accumulator>();
  PendingDoc pending;
  pending.id = doc.id;
  pending.stored = EncodeStoredDoc(doc);
  pending.content_hash = ContentHash(pending.stored);
  return AnalyzeAndAdd(session_.get(), doc, std::move(pending), &terms_, pending_.get()).WithContext(doc.id);
}

Status IndexWriter::Impl::Delete(const std::vector<std::string>& ids, std::vector<std::string>* not_found) {
  for (const auto& id : ids) {
    IdRecord rec;
    Status s = db_->GetId(id, &rec);
    if (s.IsNotFound()) {
      if (not_found) not_found->push_back(id);
      continue;
    }
    SAGASU_RETURN_IF_ERROR(s);
    // The version is read again at commit: a commit in between may replace it.
    pending_deletes_.push_back(Removal{id, kNoDoc});
  }
  return Status::OK();
}

Status IndexWriter::Impl::Commit() {
  std::vector<std::unique_ptr<Accumulator>> accs;
  if (pending_ && !pending_->empty()) accs.push_back(std::move(pending_));
  pending_.reset();
  std::vector<Removal> deletes = std::move(pending_deletes_);
  pending_deletes_.clear();
  if (accs.empty() && deletes.empty()) return Status::OK();
  SAGASU_RETURN_IF_ERROR(runs_->Commit(std::move(accs), deletes, nullptr, nullptr, nullptr));
  return db_->FlushAll();
}

Status IndexWriter::Impl::Optimize(MergeReport* report) {
  SAGASU_RETURN_IF_ERROR(MergeRuns(*db_, runs_->stats(), runs_->deleted(), options_.sync,
                                   MergeBatchBytes(options_.memory_budget), report));
  IndexStats next = runs_->stats();
  next.purged = runs_->deleted().cardinality();
  next.merged_upto = next.next_doc;
  Batch batch = db_->NewBatch();
  batch.PutStats(next);
  SAGASU_RETURN_IF_ERROR(db_->Write(&batch, options_.sync));
  runs_->set_stats(next);
  return Status::OK();
}

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::~IndexWriter() = default;

Status IndexWriter::Open(const std::string& dir, const AnalyzerOptions& analyzer_options,
                         const IndexWriterOptions& options, std::unique_ptr<IndexWriter>* out) {
  auto impl = std::make_unique<Impl>();
  SAGASU_RETURN_IF_ERROR(impl->Init(dir, analyzer_options, options));
  out->reset(new IndexWriter(std::move(impl)));
  return Status::OK();
}

Status IndexWriter::IndexPaths(const std::vector<std::string>& paths,
                               const std::function<void(const Status&)>& on_error,
                               const std::function<void(const IndexProgress&)>& on_progress, IndexPathsReport* report,
                               IndexTimings* timings) {
  return impl_->IndexPaths(paths, on_error, on_progress, report, timings);
}
Status IndexWriter::Add(const Article& doc) { return impl_->Add(doc); }
Status IndexWriter::Delete(const std::vector<std::string>& ids, std::vector<std::string>* not_found) {
  return impl_->Delete(ids, not_found);
}
Status IndexWriter::Commit() { return impl_->Commit(); }
Status IndexWriter::Optimize(MergeReport* report) { return impl_->Optimize(report); }
Status IndexWriter::Checkpoint(const std::string& dest, CommitRecord* at) const { return impl_->Checkpoint(dest, at); }
const Analyzer& IndexWriter::analyzer() const { return impl_->analyzer(); }
const ReanalysisReport& IndexWriter::reanalysis() const { return impl_->reanalysis(); }

}  // namespace sagasu
