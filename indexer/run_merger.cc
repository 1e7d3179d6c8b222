#include "indexer/run_merger.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "storage/keys.h"
#include "storage/db.h"
#include "storage/posting_codec.h"

namespace sagasu {

namespace {

constexpr std::size_t kMaxBatchBytes = 16 << 20;

Status WriteBatchIfLarge(const IndexDb& db, Batch* batch, bool sync, std::size_t batch_bytes, bool force) {
  if (batch->count() == 0 || (!force && batch->bytes() < batch_bytes)) return Status::OK();
  Status s = db.Write(batch, sync).WithContext("merge runs");
  batch->Clear();
  return s;
}

// Whether a single run holds a document of `deleted`.
Status HoldsDeleted(const PostingRunReader& reader, const Roaring& deleted, bool* any) {
  *any = false;
  if (deleted.isEmpty()) return Status::OK();
  DocNum docs[kBlockSize];
  BlockFreqs tf;
  for (std::size_t b = 0; b < reader.block_count(); ++b) {
    SAGASU_RETURN_IF_ERROR(reader.DecodeBlock(b, docs, &tf));
    for (std::uint32_t i = 0; i < reader.block(b).doc_count; ++i) {
      if (deleted.contains(docs[i])) {
        *any = true;
        return Status::OK();
      }
    }
  }
  return Status::OK();
}

// Re-encodes the live postings of `readers` (runs in DocNum order) into one
// run. Positions are copied as stored (deltas from 0 per document), not
// decoded.
Status MergePostings(const std::vector<PostingRunReader>& readers, const std::vector<DocInfo>& infos,
                     const Roaring& deleted, PostingRunBuilder* builder, std::uint64_t* dropped) {
  DocNum docs[kBlockSize];
  BlockFreqs tf;
  for (const auto& reader : readers) {
    for (std::size_t b = 0; b < reader.block_count(); ++b) {
      SAGASU_RETURN_IF_ERROR(reader.DecodeBlock(b, docs, &tf));
      PostingRunReader::PositionsProgress progress;
      for (std::uint32_t i = 0; i < reader.block(b).doc_count; ++i) {
        std::string_view positions;
        SAGASU_RETURN_IF_ERROR(reader.DocPositionBytes(b, tf, i, &progress, &positions));
        progress = {i + 1, progress.bytes + positions.size()};
        if (deleted.contains(docs[i]) || docs[i] >= infos.size()) {
          ++*dropped;
          continue;
        }
        builder->AddEncoded(docs[i], tf.At(i), infos[docs[i]].len, positions);
      }
    }
  }
  return Status::OK();
}

// Merges the runs of one prefix into `batch` (see MergeAllPostings).
Status MergeTerm(std::string_view prefix, const std::vector<RunValue>& runs, const std::vector<DocInfo>& infos,
                 const Roaring& deleted, Batch* batch, MergeReport* report) {
  report->runs_before += runs.size();
  std::vector<PostingRunReader> readers(runs.size());
  for (std::size_t g = 0; g < runs.size(); ++g) SAGASU_RETURN_IF_ERROR(readers[g].Init(runs[g].value, runs[g].first));
  if (runs.size() == 1) {
    bool any_deleted;
    SAGASU_RETURN_IF_ERROR(HoldsDeleted(readers[0], deleted, &any_deleted));
    if (!any_deleted) {
      ++report->runs_after;
      return Status::OK();
    }
  }
  PostingRunBuilder builder(runs[0].first);
  SAGASU_RETURN_IF_ERROR(MergePostings(readers, infos, deleted, &builder, &report->postings_dropped));
  for (std::size_t g = 1; g < runs.size(); ++g) batch->DeletePostingsRun(prefix, runs[g].first);
  if (builder.doc_count() == 0) {
    batch->DeletePostingsRun(prefix, runs[0].first);
  } else {
    batch->PutPostingsRun(prefix, runs[0].first, builder.Finish());
    ++report->runs_after;
  }
  ++report->terms_rewritten;
  return Status::OK();
}

// Threads a merge of postings shares its key ranges out to.
unsigned MergeThreads() { return std::clamp(std::thread::hardware_concurrency(), 1u, 4u); }

// Every term's runs become one run keyed by the first; a single run is
// rewritten only if it holds deleted documents. The prefixes are cut into
// key ranges of about equal bytes, one per thread (MergeThreads), each
// read and written as a merge of its own: its batches of whole terms, a
// share of `batch_bytes` each. On an error the other ranges stop at their
// next term; what was written stays (whole terms, as after a crash).
Status MergeAllPostings(const IndexDb& db, const IndexStats& stats, const std::vector<DocInfo>& infos,
                        const Roaring& deleted, bool sync, std::size_t batch_bytes, MergeReport* report) {
  std::vector<std::string> bounds;
  SAGASU_RETURN_IF_ERROR(db.SplitPostings(MergeThreads(), &bounds));
  const std::size_t parts = bounds.size() + 1;
  std::vector<MergeReport> reports(parts);
  std::vector<Status> results(parts);
  std::atomic<std::size_t> first_failed{parts};  // the range whose error stopped the others
  const auto merge = [&](std::size_t i) {
    const std::string_view from = i == 0 ? std::string_view() : bounds[i - 1];
    const std::string_view to = i + 1 < parts ? std::string_view(bounds[i]) : std::string_view();
    Batch batch = db.NewBatch();
    Status s = db.ForEachPostings(
        stats.next_doc,
        [&](std::string_view prefix, std::vector<RunValue>& runs) {
          if (first_failed.load(std::memory_order_relaxed) < parts) return Status::Aborted("another range failed");
          SAGASU_RETURN_IF_ERROR(MergeTerm(prefix, runs, infos, deleted, &batch, &reports[i]));
          return WriteBatchIfLarge(db, &batch, sync, batch_bytes / parts, false);
        },
        from, to);
    if (s.ok()) s = WriteBatchIfLarge(db, &batch, sync, batch_bytes / parts, true);
    if (!s.ok()) {
      std::size_t none = parts;
      first_failed.compare_exchange_strong(none, i);
    }
    results[i] = std::move(s);
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < parts; ++i) threads.emplace_back(merge, i);
  merge(0);
  for (auto& t : threads) t.join();
  for (const MergeReport& r : reports) {
    report->runs_before += r.runs_before;
    report->runs_after += r.runs_after;
    report->terms_rewritten += r.terms_rewritten;
    report->postings_dropped += r.postings_dropped;
  }
  return first_failed < parts ? results[first_failed] : Status::OK();
}

// Facets: one bitmap per value, live documents only.
Status MergeAllFacets(const IndexDb& db, const IndexStats& stats, const Roaring& deleted, bool sync,
                      std::size_t batch_bytes, Batch* batch) {
  return db.ForEachFacet(stats.next_doc, [&](std::string_view prefix, std::vector<RunValue>& runs) {
    Roaring merged;
    for (const auto& run : runs) {
      Roaring bitmap;
      SAGASU_RETURN_IF_ERROR(DecodeBitmap(run.value, &bitmap).WithContext("facets"));
      merged |= bitmap;
    }
    merged -= deleted;
    if (runs.size() == 1 && deleted.isEmpty()) return Status::OK();
    for (std::size_t g = 1; g < runs.size(); ++g) batch->DeleteFacetRun(prefix, runs[g].first);
    if (merged.isEmpty()) {
      batch->DeleteFacetRun(prefix, runs[0].first);
    } else {
      batch->PutFacetRun(prefix, runs[0].first, merged);
    }
    return WriteBatchIfLarge(db, batch, sync, batch_bytes, false);
  });
}

Status MergeAndCompact(const IndexDb& db, const IndexStats& stats, const std::vector<DocInfo>& infos,
                       const Roaring& deleted, bool sync, std::size_t batch_bytes, MergeReport* report) {
  SAGASU_RETURN_IF_ERROR(MergeAllPostings(db, stats, infos, deleted, sync, batch_bytes, report));
  Batch batch = db.NewBatch();
  SAGASU_RETURN_IF_ERROR(MergeAllFacets(db, stats, deleted, sync, batch_bytes, &batch));
  // Stored text of deleted versions is no longer needed.
  for (DocNum d : deleted) {
    if (d >= stats.next_doc) break;
    batch.DeleteDocument(d);
    ++report->documents_purged;
  }
  SAGASU_RETURN_IF_ERROR(WriteBatchIfLarge(db, &batch, sync, batch_bytes, true));
  SAGASU_RETURN_IF_ERROR(db.FlushAll());
  // Compact so that the space of the old runs is given back.
  return db.CompactAll();
}

}  // namespace

std::size_t MergeBatchBytes(std::uint64_t memory_budget) {
  return static_cast<std::size_t>(std::min<std::uint64_t>(memory_budget / 8, kMaxBatchBytes));
}

Status MergeRuns(const IndexDb& db, const IndexStats& stats, const Roaring& deleted, bool sync,
                 std::size_t batch_bytes, MergeReport* report) {
  const auto start = std::chrono::steady_clock::now();
  MergeReport local;
  if (!report) report = &local;
  *report = MergeReport();

  // Field lengths of every document, for the block maxima.
  std::vector<DocInfo> infos(stats.next_doc);
  SAGASU_RETURN_IF_ERROR(db.ForEachDocInfoRun([&](DocNum first, std::vector<DocInfo>& run) {
    for (std::size_t i = 0; i < run.size() && first + i < infos.size(); ++i) infos[first + i] = run[i];
    return Status::OK();
  }));

  // Compacted once, at the end (IndexDb::PauseCompactions); RocksDB's own
  // compactions resume after it, also when the merge fails.
  SAGASU_RETURN_IF_ERROR(db.PauseCompactions(true));
  Status merged = MergeAndCompact(db, stats, infos, deleted, sync, batch_bytes, report);
  const Status resumed = db.PauseCompactions(false);
  SAGASU_RETURN_IF_ERROR(merged);
  SAGASU_RETURN_IF_ERROR(resumed);
  report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Status::OK();
}

}  // namespace sagasu
