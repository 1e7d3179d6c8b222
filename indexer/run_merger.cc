#include "indexer/run_merger.h"

#include <chrono>
#include <string>
#include <vector>

#include <rocksdb/write_batch.h>

#include "common/keys.h"
#include "indexer/index_db.h"
#include "indexer/posting_codec.h"

namespace sagasu {

namespace {

constexpr std::size_t kBatchBytes = 16 << 20;

Status WriteBatchIfLarge(const IndexDb& db, rocksdb::WriteBatch* batch, bool sync, bool force) {
  if (batch->Count() == 0 || (!force && batch->GetDataSize() < kBatchBytes)) return Status::OK();
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  Status s = FromRocks(db.db()->Write(wo, batch), "merge runs in " + db.dir());
  batch->Clear();
  return s;
}

}  // namespace

Status CountRuns(const IndexDb& db, DocNum from, std::uint64_t* runs) {
  *runs = 0;
  std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(rocksdb::ReadOptions(), db.cf(Family::kDocInfo)));
  for (it->Seek(keys::DocKey(from)); it->Valid(); it->Next()) ++*runs;
  return FromRocks(it->status(), "count runs of " + db.dir());
}

Status MergeRuns(const IndexDb& db, const IndexStats& stats, const Roaring& deleted, bool sync,
                 MergeReport* report) {
  const auto start = std::chrono::steady_clock::now();
  MergeReport local;
  if (!report) report = &local;
  *report = MergeReport();

  // Field lengths of every document, for the block maxima.
  std::vector<DocInfo> infos(stats.next_doc);
  {
    std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(rocksdb::ReadOptions(), db.cf(Family::kDocInfo)));
    std::vector<DocInfo> run;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const DocNum first = DecodeFixed32BE(it->key().data());
      SAGASU_RETURN_IF_ERROR(DecodeDocInfoRun(std::string_view(it->value().data(), it->value().size()), &run));
      for (std::size_t i = 0; i < run.size() && first + i < infos.size(); ++i) infos[first + i] = run[i];
    }
    SAGASU_RETURN_IF_ERROR(FromRocks(it->status(), "read docinfo"));
  }

  rocksdb::WriteBatch batch;
  // Postings: keys of one term are adjacent (prefix = stream, term, 0x00).
  {
    const rocksdb::Snapshot* snap = db.db()->GetSnapshot();
    rocksdb::ReadOptions ro;
    ro.snapshot = snap;
    std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(ro, db.cf(Family::kPostings)));
    struct Old {
      std::string key;
      std::string value;
      DocNum base;
    };
    std::vector<Old> group;
    std::vector<DocNum> docs(kBlockSize);
    std::vector<std::uint32_t> tt(kBlockSize), tb(kBlockSize), offsets;
    std::vector<Position> positions;
    auto flush_group = [&]() -> Status {
      if (group.empty()) return Status::OK();
      report->runs_before += group.size();
      bool any_deleted = false;
      std::vector<PostingRunReader> readers(group.size());
      for (std::size_t g = 0; g < group.size(); ++g) {
        SAGASU_RETURN_IF_ERROR(readers[g].Init(group[g].value, group[g].base));
      }
      if (group.size() == 1 && !deleted.isEmpty()) {
        // A single run needs rewriting only if it holds deleted documents.
        for (std::size_t b = 0; b < readers[0].block_count() && !any_deleted; ++b) {
          SAGASU_RETURN_IF_ERROR(readers[0].DecodeBlock(b, docs.data(), tt.data(), tb.data()));
          for (std::uint32_t i = 0; i < readers[0].block(b).doc_count; ++i) {
            if (deleted.contains(docs[i])) {
              any_deleted = true;
              break;
            }
          }
        }
      }
      if (group.size() == 1 && !any_deleted) {
        ++report->runs_after;
        group.clear();
        return Status::OK();
      }
      PostingRunBuilder builder(group[0].base);
      for (std::size_t g = 0; g < group.size(); ++g) {
        for (std::size_t b = 0; b < readers[g].block_count(); ++b) {
          SAGASU_RETURN_IF_ERROR(readers[g].DecodeBlock(b, docs.data(), tt.data(), tb.data()));
          SAGASU_RETURN_IF_ERROR(readers[g].DecodePositions(b, tt.data(), tb.data(), &offsets, &positions));
          for (std::uint32_t i = 0; i < readers[g].block(b).doc_count; ++i) {
            if (deleted.contains(docs[i]) || docs[i] >= infos.size()) {
              ++report->postings_dropped;
              continue;
            }
            const DocInfo& info = infos[docs[i]];
            builder.Add(docs[i], tt[i], tb[i], info.title_len, info.body_len,
                        std::span<const Position>(positions.data() + offsets[i], offsets[i + 1] - offsets[i]));
          }
        }
      }
      const std::string& first_key = group[0].key;
      for (std::size_t g = 1; g < group.size(); ++g) batch.Delete(db.cf(Family::kPostings), group[g].key);
      if (builder.doc_count() == 0) {
        batch.Delete(db.cf(Family::kPostings), first_key);
      } else {
        batch.Put(db.cf(Family::kPostings), first_key, builder.Finish());
        ++report->runs_after;
      }
      ++report->terms_rewritten;
      group.clear();
      return WriteBatchIfLarge(db, &batch, sync, false);
    };
    std::string prefix;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const rocksdb::Slice k = it->key();
      if (k.size() < 6) continue;
      const std::string_view p(k.data(), k.size() - 4);
      const DocNum base = DecodeFixed32BE(k.data() + k.size() - 4);
      if (base >= stats.next_doc) continue;  // not committed
      if (p != prefix) {
        Status s = flush_group();
        if (!s.ok()) {
          db.db()->ReleaseSnapshot(snap);
          return s;
        }
        prefix.assign(p);
      }
      group.push_back(Old{k.ToString(), it->value().ToString(), base});
    }
    Status s = flush_group();
    Status is = FromRocks(it->status(), "scan postings");
    it.reset();
    db.db()->ReleaseSnapshot(snap);
    SAGASU_RETURN_IF_ERROR(s);
    SAGASU_RETURN_IF_ERROR(is);
  }

  // Facets: one bitmap per value, live documents only.
  {
    std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(rocksdb::ReadOptions(), db.cf(Family::kFacets)));
    std::string prefix, first_key;
    Roaring merged;
    std::size_t count = 0;
    auto flush_facet = [&] {
      if (count == 0) return;
      merged -= deleted;
      if (count > 1 || !deleted.isEmpty()) {
        if (merged.isEmpty()) {
          batch.Delete(db.cf(Family::kFacets), first_key);
        } else {
          batch.Put(db.cf(Family::kFacets), first_key, EncodeBitmap(merged));
        }
      }
      merged = Roaring();
      count = 0;
    };
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const rocksdb::Slice k = it->key();
      if (k.size() < 6) continue;
      const std::string_view p(k.data(), k.size() - 4);
      if (DecodeFixed32BE(k.data() + k.size() - 4) >= stats.next_doc) continue;
      if (p != prefix) {
        flush_facet();
        prefix.assign(p);
        first_key = k.ToString();
      } else {
        batch.Delete(db.cf(Family::kFacets), k);
      }
      try {
        merged |= Roaring::readSafe(it->value().data(), it->value().size());
      } catch (const std::exception& e) {
        return Status::Corruption(std::string("facets: bad bitmap: ") + e.what());
      }
      ++count;
    }
    flush_facet();
    SAGASU_RETURN_IF_ERROR(FromRocks(it->status(), "scan facets"));
  }

  // Stored text of deleted versions is no longer needed.
  for (DocNum d : deleted) {
    if (d >= stats.next_doc) break;
    batch.Delete(db.cf(Family::kDocs), keys::DocKey(d));
    ++report->documents_purged;
  }
  SAGASU_RETURN_IF_ERROR(WriteBatchIfLarge(db, &batch, sync, true));
  SAGASU_RETURN_IF_ERROR(db.FlushAll());
  // Compact so that the space of the old runs is given back.
  rocksdb::CompactRangeOptions co;
  SAGASU_RETURN_IF_ERROR(FromRocks(db.db()->CompactRange(co, db.cf(Family::kPostings), nullptr, nullptr), "compact"));
  SAGASU_RETURN_IF_ERROR(FromRocks(db.db()->CompactRange(co, db.cf(Family::kDocs), nullptr, nullptr), "compact"));
  report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Status::OK();
}

}  // namespace sagasu
