// IndexDb: the RocksDB database behind one index directory, with its column
// families (storage/keys.h), format and analyzer checks, and typed access to
// each family: ids, stored documents, doc-info runs, postings runs, facet
// runs and meta. Internal: the only code that includes RocksDB is storage/;
// indexer/ and query/ read and write through these methods and Batch.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/sst_file_writer.h>

#include "common/status.h"
#include "storage/records.h"

namespace sagasu {

enum class Family { kMeta = 0, kIds, kDocs, kDocInfo, kPostings, kFacets, kCount };

// Converts a RocksDB status, adding `context` ("open /path/db").
Status FromRocks(const rocksdb::Status& s, std::string_view context);

class IndexDb;

// Postings runs written straight to a table file, in key order, by one
// thread: a large commit's postings skip the write-ahead log, the memtable
// and its flush (IndexDb::NewPostingsTable, IndexDb::IngestPostings).
class PostingsTable {
 public:
  ~PostingsTable();
  // REQUIRES: (prefix, first) above every run added before.
  Status Add(std::string_view prefix, DocNum first, std::string_view value);

 private:
  friend class IndexDb;
  PostingsTable() = default;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;
  std::string path_;
  bool empty_ = true;
};

// One postings iterator that several ReadPostings calls of one reader (a
// query) share: created once, its blocks pinned until the last run read
// through it is released. Not thread-safe.
class PostingsScan;

// One atomic commit: puts and deletes across families, written by
// IndexDb::Write all together or not at all.
class Batch {
 public:
  void PutId(std::string_view id, const IdRecord& record);
  void DeleteId(std::string_view id);
  void PutDocument(DocNum doc, std::string_view stored);  // EncodeStoredDoc()
  void DeleteDocument(DocNum doc);
  void PutDocInfoRun(DocNum first, const std::vector<DocInfo>& infos);
  // A run key is its prefix (keys::PostingsPrefix / FacetPrefix) and the run's first DocNum.
  void PutPostingsRun(std::string_view prefix, DocNum first, std::string_view value);
  void DeletePostingsRun(std::string_view prefix, DocNum first);
  void PutFacetRun(std::string_view prefix, DocNum first, Roaring& bitmap);
  void DeleteFacetRun(std::string_view prefix, DocNum first);
  // Ends the pending run IndexDb::MarkPendingRun recorded.
  void ClearPendingRun();
  // The new statistics; IndexDb::Write records their counts in the commit record.
  void PutStats(const IndexStats& stats);
  void PutDeleted(Roaring& deleted);
  // A new analyzer: its fingerprint, description and user dictionary
  // entries (after a re-analysis, in the commit that holds its documents).
  void PutAnalyzer(std::string_view fingerprint, std::string_view description, std::string_view user_dic_entries);

  std::size_t bytes() const { return batch_.GetDataSize(); }
  std::size_t count() const { return static_cast<std::size_t>(batch_.Count()); }
  void Clear() { batch_.Clear(); }
  // Reserves room for about `bytes` of puts in an empty batch, so that a
  // large commit's batch is not grown by doubling (which holds the old and
  // the new buffer at once). No effect on a batch that holds puts.
  void Reserve(std::size_t bytes) {
    if (batch_.Count() == 0) batch_ = rocksdb::WriteBatch(bytes);
  }

 private:
  friend class IndexDb;
  explicit Batch(const IndexDb* db) : db_(db) {}
  const IndexDb* db_;
  rocksdb::WriteBatch batch_;
  bool has_stats_ = false;
  IndexStats stats_;
};

class DeletionGuard;

// What IndexDb::Verify found.
struct IntegrityReport {
  bool whole = true;
  std::vector<std::string> problems;  // one sentence each, empty when whole
  CommitRecord commit;                // meta/"commit" (zero when unreadable)
  std::uint64_t recorded_generation = 0;  // from the commit file; 0 when there is none
  std::uint64_t table_files = 0, table_bytes = 0;  // live table files
  std::uint64_t stray_files = 0, stray_bytes = 0;  // table files in the directory the MANIFEST does not list
  std::uint64_t ids = 0, documents = 0;            // counted by a full check
  bool checksums_verified = false;
  void Problem(std::string what) {
    whole = false;
    problems.push_back(std::move(what));
  }
};

// The runs of one postings or facet prefix, in DocNum order, bytes owned.
struct RunValue {
  DocNum first = 0;
  std::string value;
};

// A run read in place for a query: `value` points into a block that the
// pin ReadPostings gives out keeps in memory (no copy of the postings).
struct RunView {
  DocNum first = 0;
  std::string_view value;
};

class IndexDb {
 public:
  // kInspect: read-only, for `sagasu check`: neither the analyzer nor the
  // commit records are checked at open (Verify does the latter).
  enum class Mode { kReadOnly, kReadWrite, kInspect };

  // Opens (kReadWrite: creating if missing) the index at `dir`.
  // The analyzer fingerprint stored in the index must equal `fingerprint`;
  // a new index records it, with `user_dic_entries`
  // (common/analyzer/user_dic_entries.h, "" for none). When
  // `stored_fingerprint` is not null (kReadWrite only) another fingerprint
  // is no error: it is returned there (the caller re-analyzes and commits
  // the new one with Batch::PutAnalyzer) and the index opens all the same. The commit records (storage/keys.h) must agree
  // with what the families hold and with the commit file; a writer deletes
  // no file before they do. Errors: NotFound (no index at dir, read-only),
  // InvalidArgument (another format version or analyzer), Corruption (the
  // index is damaged: the message says what disagrees), IOError.
  // The block cache every IndexDb of the process shares: created with
  // `bytes` by the first call or open (0: DefaultBlockCacheBytes), raised
  // by a later call asking for more, never lowered (another open index may
  // need it).
  static void ReserveBlockCache(std::uint64_t bytes);
  static std::uint64_t BlockCacheCapacity();
  // A quarter of the memory this process may use (physical memory, or the
  // cgroup v2 limit when lower), in [256 MiB, 8 GiB].
  static std::uint64_t DefaultBlockCacheBytes();

  static Status Open(const std::string& dir, Mode mode, const std::string& fingerprint,
                     const std::string& analyzer_description, std::unique_ptr<IndexDb>* out,
                     std::string_view user_dic_entries = {}, std::string* stored_fingerprint = nullptr);

  ~IndexDb();

  // Raw access, for storage/ only.
  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* cf(Family f) const { return handles_[static_cast<int>(f)]; }
  const std::string& dir() const { return dir_; }

  // ---- integrity
  // Checks the commit records against the families, the commit file and the
  // table files in the directory; with `full`, also every table file's block
  // checksums and the stored counts against the data (reads everything).
  // Fills *report; returns OK when the check could run (whole or not).
  Status Verify(bool full, IntegrityReport* report) const;

  // ---- meta
  // The committed statistics and deleted set (deleted may be null).
  Status ReadStats(IndexStats* stats, Roaring* deleted) const;
  // The analyzer description recorded at creation ("" if unreadable).
  std::string AnalyzerDescription() const;
  // The user dictionary entries recorded with the analyzer (meta
  // "user_dic_entries"); NotFound when the index records none (built before
  // sagasu recorded them).
  Status ReadUserDicEntries(std::string* out) const;

  // ---- ids
  // The record of `id`; NotFound when absent.
  Status GetId(std::string_view id, IdRecord* out) const;
  // Records of many ids at once: (*found)[i] tells whether ids[i] exists.
  Status GetIds(const std::vector<std::string_view>& ids, std::vector<IdRecord>* out, std::vector<bool>* found) const;
  // Calls fn(id, record) for every stored id in id order; stops at fn's first error.
  Status ForEachId(const std::function<Status(std::string_view, const IdRecord&)>& fn) const;

  // ---- docs
  Status GetDocument(DocNum doc, Article* out) const;

  // ---- docinfo
  // Calls fn(first, infos) for every doc-info run in DocNum order.
  Status ForEachDocInfoRun(const std::function<Status(DocNum, std::vector<DocInfo>&)>& fn) const;
  // The DocInfo of one document (the run that holds it).
  Status FindDocInfo(DocNum doc, DocInfo* out) const;
  // Number of runs (commits that wrote documents) starting at or after `from`.
  Status CountRuns(DocNum from, std::uint64_t* runs) const;

  // ---- postings
  // The runs of one postings prefix (keys::PostingsPrefix) below `limit`
  // (runs at or above it were written after the committed stats).
  // The values stay valid while *pin (the iterator that read them, with
  // its blocks pinned) lives.
  // With `scan`, reads through its iterator (the pin is the scan).
  Status ReadPostings(std::string_view prefix, DocNum limit, std::vector<RunView>* runs,
                      std::shared_ptr<const void>* pin, const std::shared_ptr<PostingsScan>& scan = nullptr) const;
  std::shared_ptr<PostingsScan> NewPostingsScan() const;
  // Calls fn(prefix, runs) for every postings prefix from `from` up to (not
  // including) `to` (empty: from the first, to the last), with its runs
  // below `limit`, over a consistent view taken at the call (the callback
  // may write). Stops at fn's first error.
  Status ForEachPostings(DocNum limit, const std::function<Status(std::string_view, std::vector<RunValue>&)>& fn,
                         std::string_view from = {}, std::string_view to = {}) const;
  // Up to n - 1 ascending postings prefixes that cut the postings into n
  // ranges of about the same bytes on disk (as RocksDB estimates them; a
  // prefix whose runs alone hold more than a share makes fewer ranges):
  // ranges of whole prefixes for ForEachPostings, to share a merge out
  // over threads.
  Status SplitPostings(std::size_t n, std::vector<std::string>* bounds) const;
  // Calls fn(term, doc_count) for each run below `limit` of the terms of
  // `stream` that begin with `prefix` (bytes), in key order, at most
  // `max_runs` runs; *truncated tells whether runs were left unvisited.
  Status ScanTermPrefix(format::Stream stream, std::string_view prefix, DocNum limit, std::size_t max_runs,
                        const std::function<void(std::string_view, std::uint32_t)>& fn, bool* truncated) const;
  // Per postings stream (format::Stream): distinct terms, the documents
  // their runs list, the bytes of those runs as encoded, and the table-file
  // bytes of the stream's key range on disk (RocksDB's estimate, after
  // compression). For stats.
  struct StreamCounts {
    std::uint64_t terms = 0, postings = 0, value_bytes = 0, disk_bytes = 0;
  };
  Status CountPostings(std::map<format::Stream, StreamCounts>* streams) const;

  // ---- facets
  // Calls fn(prefix, runs) for every facet prefix (kind byte, value, 0x00),
  // runs below `limit`, bitmaps in their stored bytes.
  Status ForEachFacet(DocNum limit, const std::function<Status(std::string_view, std::vector<RunValue>&)>& fn) const;

  // ---- writing
  Batch NewBatch() const { return Batch(this); }
  // Writes `batch` atomically with its commit record and markers (one
  // generation); with `sync`, after the WAL reached the disk. IOError, and
  // nothing written, when the disk has less free space than about twice the
  // batch (the write-ahead log and the table file it becomes).
  Status Write(Batch* batch, bool sync) const;

  // A table for postings runs of a commit that IngestPostings adds to the
  // index; its runs must lie at or above the committed next_doc (readers
  // skip them until the commit that counts their documents).
  Status NewPostingsTable(std::unique_ptr<PostingsTable>* out) const;
  // Adds the tables' runs to the postings family (their files move into
  // the index), all or none, before the Write of the commit that counts
  // their documents. Key ranges of the tables must not overlap.
  Status IngestPostings(std::vector<std::unique_ptr<PostingsTable>>* tables) const;
  // Records, durably, that the documents [first, first + count) have
  // postings in the index ahead of their commit (whose batch clears it with
  // Batch::ClearPendingRun). *present false when no run is pending.
  Status MarkPendingRun(DocNum first, DocNum count) const;
  Status ReadPendingRun(bool* present, DocNum* first, DocNum* count) const;

  // Writes the memtables of every family to SST files, so that read-only
  // openers need not replay the write-ahead log, then records the
  // generation in the commit file. Call after a batch of commits.
  Status FlushAll() const;
  // Writes a consistent copy of the index as of its latest commit into the
  // new directory `dest` (a RocksDB checkpoint: table files hard-linked when
  // `dest` is on the same file system, copied otherwise; the MANIFEST and
  // options copied), with a commit file of its own, so that the copy opens
  // and passes Verify whole. Flushes first, so the copy needs no write-ahead
  // log replay. Writes through this handle wait until the copy is made; a
  // commit in progress is either all in it or not at all. `dest` appears
  // whole or not at all (built beside it under another name and renamed).
  // REQUIRES: a kReadWrite handle. InvalidArgument when `dest` exists and
  // is not an empty directory, or its parent directory is missing. Fills *at
  // (may be null) with the commit the copy holds. IOError when it cannot be
  // written.
  Status Checkpoint(const std::string& dest, CommitRecord* at) const;

  // Compacts postings and stored documents so that deleted values give their
  // space back. IOError, before starting, when the disk has less free space
  // than those families take (a compaction rewrites them).
  Status CompactAll() const;
  // Stops (pause) or restarts RocksDB's own compactions of postings and
  // stored documents. A merge rewrites the postings whole: compacted as
  // they are written, its batches would pass through every level (each
  // pass compressing them again, and writes stalling while the first level
  // waits), to be compacted once more by CompactAll. While paused, postings
  // written above the last level are LZ4, not ZSTD: CompactAll moves them
  // all to the last level, ZSTD again.
  Status PauseCompactions(bool pause) const;

  // Bytes on disk per column family, and in the whole directory.
  Status FamilySizes(std::map<std::string, std::uint64_t>* family_bytes, std::uint64_t* total_bytes) const;

  static const char* FamilyName(Family f);

 private:
  IndexDb() = default;
  friend class Batch;
  Status ForEachRunGroup(Family f, DocNum limit,
                         const std::function<Status(std::string_view, std::vector<RunValue>&)>& fn,
                         std::string_view from = {}, std::string_view to = {}) const;
  Status VerifyCommits(IntegrityReport* report) const;
  Status WriteCommitFile() const;
  rocksdb::Status CompactPostingsAtOnce(unsigned threads) const;
  Status CheckpointLocked(const std::string& staging) const;
  Status WriteLocked(Batch* batch, bool sync) const;
  Status FlushLocked() const;
  // Starts writing the memtables of every family to SST files without
  // waiting (the commit file is rewritten by the next FlushLocked).
  void ScheduleFlushLocked() const;
  std::string dir_;
  // The file system wrapper that holds back file deletions until the index
  // passed its check, and the Env on it; both outlive db_.
  std::shared_ptr<DeletionGuard> guard_;
  std::unique_ptr<rocksdb::Env> env_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  // The commit record of the last write, and writes since the last flush.
  mutable std::mutex write_mu_;
  mutable CommitRecord commit_;
  mutable std::uint64_t unflushed_writes_ = 0;
  mutable std::uint64_t unscheduled_bytes_ = 0;  // written since the last flush started
  // The commit file as read before the database was opened.
  std::uint64_t recorded_generation_ = 0;
  std::vector<std::string> recorded_tables_;
};

}  // namespace sagasu
