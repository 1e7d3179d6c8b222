#include "storage/db.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/cache.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>

#include "storage/keys.h"

namespace sagasu {

Status FromRocks(const rocksdb::Status& s, std::string_view context) {
  if (s.ok()) return Status::OK();
  std::string msg(context);
  msg += ": ";
  msg += s.ToString();
  if (s.IsNotFound()) return Status::NotFound(std::move(msg));
  if (s.IsCorruption()) return Status::Corruption(std::move(msg));
  if (s.IsInvalidArgument()) return Status::InvalidArgument(std::move(msg));
  if (s.IsNotSupported()) return Status::NotSupported(std::move(msg));
  return Status::IOError(std::move(msg));
}

const char* IndexDb::FamilyName(Family f) {
  switch (f) {
    case Family::kMeta: return keys::kCfMeta;
    case Family::kIds: return keys::kCfIds;
    case Family::kDocs: return keys::kCfDocs;
    case Family::kDocInfo: return keys::kCfDocInfo;
    case Family::kPostings: return keys::kCfPostings;
    case Family::kFacets: return keys::kCfFacets;
    case Family::kCount: break;
  }
  return "?";
}

namespace {

std::mutex block_cache_mu;
std::shared_ptr<rocksdb::Cache> block_cache;  // guarded by block_cache_mu

// Created at the first use, with `bytes` (0: the default); later requests
// only raise it.
std::shared_ptr<rocksdb::Cache> SharedBlockCache(std::uint64_t bytes) {
  std::lock_guard<std::mutex> lock(block_cache_mu);
  if (!block_cache) {
    block_cache = rocksdb::NewLRUCache(bytes != 0 ? bytes : IndexDb::DefaultBlockCacheBytes());
  } else if (bytes > block_cache->GetCapacity()) {
    block_cache->SetCapacity(bytes);
  }
  return block_cache;
}

}  // namespace

std::uint64_t IndexDb::DefaultBlockCacheBytes() {
  std::uint64_t memory = 0;
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) memory = static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
  // A container's limit (cgroup v2): "max" or a byte count.
  if (std::ifstream in("/sys/fs/cgroup/memory.max"); in) {
    std::string limit;
    if (in >> limit && limit != "max") {
      char* end = nullptr;
      const unsigned long long n = std::strtoull(limit.c_str(), &end, 10);
      if (end != limit.c_str() && *end == '\0' && n > 0 && (memory == 0 || n < memory)) memory = n;
    }
  }
  constexpr std::uint64_t kMin = 256ull << 20, kMax = 8ull << 30;
  return std::clamp<std::uint64_t>(memory / 4, kMin, kMax);
}

void IndexDb::ReserveBlockCache(std::uint64_t bytes) { SharedBlockCache(bytes); }

std::uint64_t IndexDb::BlockCacheCapacity() { return SharedBlockCache(0)->GetCapacity(); }

namespace {

rocksdb::ColumnFamilyOptions FamilyOptions(Family f, const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  t.cache_index_and_filter_blocks = false;
  // XXH3 block checksums: Debian's RocksDB computes CRC32c without SSE4.2.
  t.checksum = rocksdb::kXXH3;
  switch (f) {
    case Family::kDocs:
      // Stored text, read only for the few hits shown: ZSTD at every level
      // (an index is mostly written once and read from the block cache).
      o.compression = rocksdb::kZSTD;
      t.block_size = 32 * 1024;
      o.write_buffer_size = 128 << 20;
      break;
    case Family::kPostings:
      // Varint postings, the n-gram stream's positions above all, compress a
      // quarter further with ZSTD than with LZ4 (1.88 -> 1.46 bytes per text
      // byte on the livedoor archive); hot blocks sit uncompressed in the
      // block cache, so queries pay for it once per block.
      // (A merge writes LZ4 above the last level while it runs: see
      // IndexDb::PauseCompactions.)
      o.compression = rocksdb::kZSTD;
      o.bottommost_compression = rocksdb::kZSTD;
      t.block_size = 16 * 1024;
      // Point look-ups by term prefix: a prefix bloom would need a fixed
      // prefix length; whole-key blooms do not help Seek. Rely on the index.
      o.write_buffer_size = 256 << 20;
      break;
    case Family::kIds:
      // Point look-ups on every indexed document: bloom filter.
      t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
      o.compression = rocksdb::kLZ4Compression;
      o.write_buffer_size = 32 << 20;
      break;
    default:
      o.compression = rocksdb::kLZ4Compression;
      o.write_buffer_size = 16 << 20;
      break;
  }
  o.max_write_buffer_number = 3;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  return o;
}

// Free bytes for an unprivileged writer on the file system of `dir`
// (UINT64_MAX when unknown).
std::uint64_t FreeBytes(const std::string& dir) {
  struct statvfs st;
  if (statvfs(dir.c_str(), &st) != 0) return UINT64_MAX;
  return static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
}

// RocksDB's flush and compaction threads while indexing: MeCab has the cores.
constexpr int kBackgroundJobs = 2;

std::string Mib(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

// Room every commit keeps on the disk beyond its own bytes: the MANIFEST,
// OPTIONS and LOG files RocksDB writes beside it.
constexpr std::uint64_t kSpareBytes = 4 << 20;

// Bytes written between two flushes started by IndexDb::WriteLocked.
constexpr std::uint64_t kFlushEveryBytes = 64 << 20;

bool IsTableFile(const std::string& name) { return name.size() > 4 && name.ends_with(".sst"); }

// The data files RocksDB must not delete before the index passed its check:
// table files, write-ahead logs, MANIFESTs.
bool IsGuarded(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  return IsTableFile(name) || name.ends_with(".log") || name.ends_with(".blob") || name.starts_with("MANIFEST-");
}

// Read options for a scan that stops below the commit markers (storage/keys.h).
rocksdb::ReadOptions BelowMarkers(rocksdb::ReadOptions ro = rocksdb::ReadOptions()) {
  static const std::string upper(keys::kMarkerPrefix);
  static const rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  return ro;
}

}  // namespace

// A file system that ignores deletions of data files until Release(): a
// writer's DB::Open deletes every table file its MANIFEST does not list,
// and a MANIFEST that lost its tail does not list the newest ones.
class DeletionGuard : public rocksdb::FileSystemWrapper {
 public:
  explicit DeletionGuard(const std::shared_ptr<rocksdb::FileSystem>& target) : FileSystemWrapper(target) {}
  const char* Name() const override { return "SagasuDeletionGuard"; }
  rocksdb::IOStatus DeleteFile(const std::string& path, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override {
    if (held_.load() && IsGuarded(path)) return rocksdb::IOStatus::OK();  // left for a later, checked open
    return FileSystemWrapper::DeleteFile(path, options, dbg);
  }
  void Release() { held_.store(false); }

 private:
  std::atomic<bool> held_{true};
};

IndexDb::~IndexDb() {
  for (auto* h : handles_) {
    if (db_ && h) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  }
  if (db_) db_->Close().PermitUncheckedError();
  db_.reset();  // before env_
}

namespace {

// The commit file (keys::kCommitFileName):
//   sagasu-commit 1
//   generation G
//   table NAME BYTES        (one line per live table file)
//   checksum X              (XXH3-like FNV-1a 64 of the lines before, hex)
std::uint64_t Fnv64(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Reads the commit file of `dir`: *generation 0 when there is none.
Status ReadCommitFile(const std::string& dir, std::uint64_t* generation, std::vector<std::string>* tables) {
  *generation = 0;
  tables->clear();
  const std::filesystem::path path = std::filesystem::path(dir) / keys::kCommitFileName;
  std::ifstream in(path);
  if (!in) return Status::OK();
  std::string body, line;
  std::uint64_t gen = 0, sum = 0;
  bool have_sum = false, have_head = false;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string word;
    ls >> word;
    if (word == "checksum") {
      ls >> std::hex >> sum;
      have_sum = !ls.fail();
      break;
    }
    body += line + "\n";
    if (word == "sagasu-commit") have_head = true;
    if (word == "generation") ls >> gen;
    if (word == "table") {
      std::string name;
      ls >> name;
      tables->push_back(name);
    }
  }
  if (!have_head || !have_sum || sum != Fnv64(body)) {
    return Status::Corruption("the commit file " + path.string() + " is damaged (its checksum does not match)");
  }
  *generation = gen;
  return Status::OK();
}

std::string DamagedAdvice(const std::string& dir) {
  return ". Its files were left as they are. Run `sagasu check --db " + dir +
         "` for details; rebuild the index into a new --db, or restore it from a backup";
}

}  // namespace

namespace {

// Writes the commit file of `dir` (generation and table files, name and
// bytes) atomically: a temporary file, fsync, rename, fsync of the directory.
Status WriteCommitFileTo(const std::string& dir, std::uint64_t generation,
                         const std::vector<std::pair<std::string, std::uint64_t>>& tables) {
  std::string body = "sagasu-commit 1\ngeneration " + std::to_string(generation) + "\n";
  for (const auto& [name, bytes] : tables) body += "table " + name + " " + std::to_string(bytes) + "\n";
  char sum[40];
  std::snprintf(sum, sizeof sum, "checksum %016llx\n", static_cast<unsigned long long>(Fnv64(body)));
  body += sum;
  const std::string path = (std::filesystem::path(dir) / keys::kCommitFileName).string();
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("write " + tmp + ": " + std::strerror(errno));
  const bool ok = ::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size()) && ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::IOError("write " + path + ": " + std::strerror(ok ? errno : err));
  }
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::OK();
}

}  // namespace

Status IndexDb::WriteCommitFile() const {
  std::vector<rocksdb::LiveFileMetaData> files;
  db_->GetLiveFilesMetaData(&files);
  std::vector<std::pair<std::string, std::uint64_t>> tables;
  for (const auto& f : files) tables.emplace_back(std::filesystem::path(f.name).filename().string(), f.size);
  return WriteCommitFileTo(dir_, commit_.generation, tables);
}

Status IndexDb::Open(const std::string& dir, Mode mode, const std::string& fingerprint,
                     const std::string& analyzer_description, std::unique_ptr<IndexDb>* out,
                     std::string_view user_dic_entries, std::string* stored_fingerprint) {
  if (stored_fingerprint && mode != Mode::kReadWrite) {
    return Status::InvalidArgument("[storage] a changed analyzer can only be taken by a writer");
  }
  const bool exists = std::filesystem::exists(std::filesystem::path(dir) / "CURRENT");
  const bool read_only = mode != Mode::kReadWrite;
  if (!exists && read_only) {
    return Status::NotFound("no index at " + dir + " (build one with `sagasu index --db " + dir + " PATH...`)");
  }
  if (!exists && std::filesystem::exists(dir) && !std::filesystem::is_directory(dir)) {
    return Status::InvalidArgument(dir + " exists and is not a directory");
  }

  std::unique_ptr<IndexDb> idx(new IndexDb());
  idx->dir_ = dir;
  // Read before the database: a flush it names is then in the MANIFEST this open reads.
  if (exists) {
    SAGASU_RETURN_IF_ERROR(ReadCommitFile(dir, &idx->recorded_generation_, &idx->recorded_tables_)
                               .WithContext("index " + dir + " is damaged")
                               .WithContext(DamagedAdvice(dir)));
  }

  const std::shared_ptr<rocksdb::Cache> cache = SharedBlockCache(0);
  rocksdb::DBOptions dbo;
  // A family or a whole index that is missing from an existing directory is
  // damage, not something to create afresh.
  dbo.create_if_missing = !exists;
  dbo.create_missing_column_families = !exists;
  dbo.paranoid_checks = true;
  // No preallocation: RocksDB reserves 1.1 x the largest write buffer for
  // each write-ahead log and 1.1 x the target file size for each table file,
  // so a 30-byte post needed 290 MB free and a full disk aborted the process.
  dbo.allow_fallocate = false;
  dbo.manifest_preallocation_size = 64 << 10;
  dbo.max_background_jobs = kBackgroundJobs;
  dbo.keep_log_file_num = 3;
  dbo.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  // A read-only opener keeps every table file open from the start: a writer
  // compacting in another process may delete files it has not opened yet.
  dbo.max_open_files = read_only ? -1 : 512;
  if (!read_only) {
    idx->guard_ = std::make_shared<DeletionGuard>(rocksdb::FileSystem::Default());
    idx->env_ = rocksdb::NewCompositeEnv(idx->guard_);
    dbo.env = idx->env_.get();
  }

  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  cfs.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (int i = 0; i < static_cast<int>(Family::kCount); ++i) {
    Family f = static_cast<Family>(i);
    cfs.emplace_back(FamilyName(f), FamilyOptions(f, cache));
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status rs = read_only ? rocksdb::DB::OpenForReadOnly(dbo, dir, cfs, &handles, &raw)
                                 : rocksdb::DB::Open(dbo, dir, cfs, &handles, &raw);
  if (!rs.ok()) {
    if (rs.IsIOError() && rs.ToString().find("lock") != std::string::npos) {
      return Status::IOError("index " + dir + " is being written by another process: " + rs.ToString());
    }
    // The directory holds an index (CURRENT) that RocksDB cannot read back:
    // a family or a table file is missing, or a file is damaged.
    if (exists && (rs.IsCorruption() || rs.IsInvalidArgument() || rs.IsNotFound() || rs.IsPathNotFound())) {
      return Status::Corruption("index " + dir + " is damaged: " + rs.ToString() + DamagedAdvice(dir));
    }
    return FromRocks(rs, "open index " + dir);
  }
  idx->db_.reset(raw);
  if (!read_only) {
    // Table files a writer killed mid-commit left unadded (NewPostingsTable):
    // this process holds the lock, so no other writer is making them.
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
      const std::string name = e.path().filename().string();
      if (name.starts_with("ingest-") && name.ends_with(".tmp")) std::filesystem::remove(e.path(), ec);
    }
  }
  // handles[0] is the default family; ours follow in Family order.
  raw->DestroyColumnFamilyHandle(handles[0]).PermitUncheckedError();
  idx->handles_.assign(handles.begin() + 1, handles.end());

  // Format and analyzer checks.
  std::string version, stored_fp;
  rocksdb::Status vs = raw->Get(rocksdb::ReadOptions(), idx->cf(Family::kMeta),
                                std::string(keys::kMetaFormatVersion), &version);
  if (vs.IsNotFound()) {
    if (idx->recorded_generation_ > 0) {
      return Status::Corruption("index " + dir + " is damaged: it holds no commit, but its commit file records " +
                                std::to_string(idx->recorded_generation_) + DamagedAdvice(dir));
    }
    if (read_only) {
      return Status::NotFound("index " + dir +
                              " was never committed (its first `sagasu index` run was interrupted); run it again");
    }
    Batch b = idx->NewBatch();
    b.batch_.Put(idx->cf(Family::kMeta), std::string(keys::kMetaFormatVersion), std::to_string(keys::kFormatVersion))
        .PermitUncheckedError();
    b.batch_.Put(idx->cf(Family::kMeta), std::string(keys::kMetaAnalyzer), fingerprint).PermitUncheckedError();
    b.batch_.Put(idx->cf(Family::kMeta), std::string(keys::kMetaAnalyzerDescription), analyzer_description)
        .PermitUncheckedError();
    b.batch_.Put(idx->cf(Family::kMeta), std::string(keys::kMetaUserDicEntries), user_dic_entries)
        .PermitUncheckedError();
    b.PutStats(IndexStats{});
    if (stored_fingerprint) *stored_fingerprint = fingerprint;
    SAGASU_RETURN_IF_ERROR(idx->Write(&b, /*sync=*/true).WithContext("initialize index " + dir));
  } else {
    SAGASU_RETURN_IF_ERROR(FromRocks(vs, "read format version of " + dir));
    if (version != std::to_string(keys::kFormatVersion)) {
      return Status::InvalidArgument("index " + dir + " has format version " + version + ", this sagasu reads " +
                                     std::to_string(keys::kFormatVersion) + "; rebuild the index");
    }
    if (mode == Mode::kInspect) {
      *out = std::move(idx);
      return Status::OK();
    }
    SAGASU_RETURN_IF_ERROR(FromRocks(
        raw->Get(rocksdb::ReadOptions(), idx->cf(Family::kMeta), std::string(keys::kMetaAnalyzer), &stored_fp),
        "read analyzer of " + dir));
    if (stored_fingerprint) *stored_fingerprint = stored_fp;
    if (stored_fp != fingerprint && !stored_fingerprint) {
      std::string desc;
      raw->Get(rocksdb::ReadOptions(), idx->cf(Family::kMeta), std::string(keys::kMetaAnalyzerDescription), &desc)
          .PermitUncheckedError();
      return Status::InvalidArgument("index " + dir + " was built with another analyzer or dictionary (" + desc +
                                     "); open it with the same --dicdir/--user-dic/--no-fold, or bring it to these with `sagasu index --db " + dir +
                                     "` (a changed user dictionary or folding rule re-analyzes the documents it "
                                     "affects; --reanalyze all re-analyzes every one)");
    }
    // The commit records must agree with every family and the commit file
    // before anything may be deleted.
    IntegrityReport report;
    SAGASU_RETURN_IF_ERROR(idx->VerifyCommits(&report));
    if (!report.whole) {
      std::string what;
      for (const auto& p : report.problems) what += (what.empty() ? "" : "; ") + p;
      return Status::Corruption("index " + dir + " is damaged: " + what + DamagedAdvice(dir));
    }
  }
  if (idx->guard_) {
    // Checked: RocksDB may now delete what it holds obsolete; a forced
    // EnableFileDeletions scans the directory for what Open held back.
    idx->guard_->Release();
    idx->db_->DisableFileDeletions().PermitUncheckedError();
    idx->db_->EnableFileDeletions(/*force=*/true).PermitUncheckedError();
  }
  *out = std::move(idx);
  return Status::OK();
}

Status IndexDb::VerifyCommits(IntegrityReport* report) const {
  report->recorded_generation = recorded_generation_;
  std::string v;
  rocksdb::Status gs = db_->Get(rocksdb::ReadOptions(), cf(Family::kMeta), std::string(keys::kMetaCommit), &v);
  if (gs.IsNotFound()) {
    report->Problem("meta holds no commit record");
    return Status::OK();
  }
  SAGASU_RETURN_IF_ERROR(FromRocks(gs, "read commit record of " + dir_));
  CommitRecord rec;
  if (Status s = CommitRecord::Decode(v, &rec); !s.ok()) {
    report->Problem("meta: " + s.message());
    return Status::OK();
  }
  report->commit = rec;
  {
    std::lock_guard<std::mutex> lock(write_mu_);
    commit_ = rec;
  }
  IndexStats stats;
  if (Status s = ReadStats(&stats, nullptr); !s.ok()) {
    report->Problem("meta: statistics unreadable: " + s.message());
  } else if (stats.live_docs != rec.live_docs || stats.next_doc != rec.next_doc) {
    report->Problem("the statistics (" + std::to_string(stats.live_docs) + " documents) disagree with the commit record (" +
                    std::to_string(rec.live_docs) + ")");
  }
  if (recorded_generation_ > rec.generation) {
    report->Problem("the index holds commit " + std::to_string(rec.generation) + " but commit " +
                    std::to_string(recorded_generation_) +
                    " was on disk (its commit file says so): the MANIFEST lost its latest edits");
  }
  // Every family but meta holds the markers of the last kKeptMarkers generations.
  const std::uint64_t lo = rec.generation > keys::kKeptMarkers ? rec.generation - keys::kKeptMarkers + 1 : 1;
  for (int i = 0; i < static_cast<int>(Family::kCount); ++i) {
    const Family f = static_cast<Family>(i);
    if (f == Family::kMeta) continue;
    rocksdb::ReadOptions ro;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(f)));
    std::uint64_t expect = lo, missing = 0, extra = 0, bad = 0;
    for (it->Seek(std::string(keys::kMarkerPrefix)); it->Valid(); it->Next()) {
      std::uint64_t g;
      if (!keys::MarkerGenerationOf(std::string_view(it->key().data(), it->key().size()), &g)) {
        ++bad;
        continue;
      }
      CommitRecord m;
      if (!CommitRecord::Decode(std::string_view(it->value().data(), it->value().size()), &m).ok() ||
          m.generation != g || (g == rec.generation && !(m == rec))) {
        ++bad;
      }
      if (g < expect || g > rec.generation) {
        ++extra;
        continue;
      }
      missing += g - expect;
      expect = g + 1;
    }
    SAGASU_RETURN_IF_ERROR(FromRocks(it->status(), std::string("read commit markers of ") + FamilyName(f)));
    if (rec.generation >= expect) missing += rec.generation - expect + 1;
    if (missing || extra || bad) {
      report->Problem(std::string("family ") + FamilyName(f) + " is not at commit " + std::to_string(rec.generation) +
                      " (" + std::to_string(missing) + " commit markers missing, " + std::to_string(extra) +
                      " that should be gone, " + std::to_string(bad) + " malformed): its newest table files are lost");
    }
  }
  // Table files in the directory that the MANIFEST does not list.
  std::vector<rocksdb::LiveFileMetaData> live;
  db_->GetLiveFilesMetaData(&live);
  std::set<std::string> live_names;
  for (const auto& f : live) {
    live_names.insert(std::filesystem::path(f.name).filename().string());
    ++report->table_files;
    report->table_bytes += f.size;
  }
  const std::set<std::string> recorded(recorded_tables_.begin(), recorded_tables_.end());
  std::uint64_t lost = 0, lost_bytes = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    if (!IsTableFile(name) || live_names.count(name)) continue;
    std::error_code file_ec;
    const std::uint64_t size = e.file_size(file_ec);
    if (file_ec) continue;  // removed since the listing (file_size says -1)
    ++report->stray_files;
    report->stray_bytes += size;
    if (recorded.count(name)) ++lost, lost_bytes += size;
  }
  if (lost > 0 && !report->whole) {
    report->problems.back() += "; " + std::to_string(lost) + " table files (" + Mib(lost_bytes) +
                               ") that were part of the index are in the directory but not in its MANIFEST";
  }
  return Status::OK();
}

Status IndexDb::ReadStats(IndexStats* stats, Roaring* deleted) const {
  std::string v;
  SAGASU_RETURN_IF_ERROR(FromRocks(db_->Get(rocksdb::ReadOptions(), cf(Family::kMeta), std::string(keys::kMetaStats), &v),
                                   "read stats of " + dir_));
  SAGASU_RETURN_IF_ERROR(IndexStats::Decode(v, stats));
  if (!deleted) return Status::OK();
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(Family::kMeta), std::string(keys::kMetaDeleted), &v);
  *deleted = Roaring();
  if (s.IsNotFound()) return Status::OK();
  SAGASU_RETURN_IF_ERROR(FromRocks(s, "read deleted set of " + dir_));
  return DecodeBitmap(v, deleted).WithContext("index " + dir_ + ": deleted set");
}

std::string IndexDb::AnalyzerDescription() const {
  std::string desc;
  db_->Get(rocksdb::ReadOptions(), cf(Family::kMeta), std::string(keys::kMetaAnalyzerDescription), &desc)
      .PermitUncheckedError();  // informative only
  return desc;
}

Status IndexDb::ReadUserDicEntries(std::string* out) const {
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(Family::kMeta), std::string(keys::kMetaUserDicEntries), out);
  if (s.IsNotFound()) return Status::NotFound("index " + dir_ + " records no user dictionary entries");
  return FromRocks(s, "read user dictionary entries of " + dir_);
}

Status IndexDb::GetId(std::string_view id, IdRecord* out) const {
  std::string v;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(Family::kIds), rocksdb::Slice(id.data(), id.size()), &v);
  if (s.IsNotFound()) return Status::NotFound("no document with id '" + std::string(id) + "'");
  SAGASU_RETURN_IF_ERROR(FromRocks(s, "look up id " + std::string(id)));
  return IdRecord::Decode(v, out).WithContext("id " + std::string(id));
}

Status IndexDb::GetIds(const std::vector<std::string_view>& ids, std::vector<IdRecord>* out,
                       std::vector<bool>* found) const {
  out->assign(ids.size(), IdRecord{});
  found->assign(ids.size(), false);
  if (ids.empty()) return Status::OK();
  std::vector<rocksdb::Slice> id_keys;
  id_keys.reserve(ids.size());
  for (std::string_view id : ids) id_keys.emplace_back(id.data(), id.size());
  std::vector<rocksdb::PinnableSlice> values(ids.size());
  std::vector<rocksdb::Status> statuses(ids.size());
  db_->MultiGet(rocksdb::ReadOptions(), cf(Family::kIds), ids.size(), id_keys.data(), values.data(), statuses.data());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    SAGASU_RETURN_IF_ERROR(FromRocks(statuses[i], "look up id " + std::string(ids[i])));
    SAGASU_RETURN_IF_ERROR(IdRecord::Decode(std::string_view(values[i].data(), values[i].size()), &(*out)[i])
                               .WithContext("id " + std::string(ids[i])));
    (*found)[i] = true;
  }
  return Status::OK();
}

Status IndexDb::ForEachId(const std::function<Status(std::string_view, const IdRecord&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(BelowMarkers(), cf(Family::kIds)));
  IdRecord rec;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view id(it->key().data(), it->key().size());
    SAGASU_RETURN_IF_ERROR(IdRecord::Decode(std::string_view(it->value().data(), it->value().size()), &rec)
                               .WithContext("id " + std::string(id)));
    SAGASU_RETURN_IF_ERROR(fn(id, rec));
  }
  return FromRocks(it->status(), "scan ids of " + dir_);
}

Status IndexDb::GetDocument(DocNum doc, Article* out) const {
  std::string v;
  SAGASU_RETURN_IF_ERROR(FromRocks(db_->Get(rocksdb::ReadOptions(), cf(Family::kDocs), keys::DocKey(doc), &v),
                                   "read document " + std::to_string(doc)));
  return DecodeStoredDoc(v, out);
}

Status IndexDb::ForEachDocInfoRun(const std::function<Status(DocNum, std::vector<DocInfo>&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(BelowMarkers(), cf(Family::kDocInfo)));
  std::vector<DocInfo> run;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    DocNum first;
    if (!keys::DocNumOf(std::string_view(it->key().data(), it->key().size()), &first)) {
      return Status::Corruption("docinfo: bad key in " + dir_);
    }
    SAGASU_RETURN_IF_ERROR(DecodeDocInfoRun(std::string_view(it->value().data(), it->value().size()), &run));
    SAGASU_RETURN_IF_ERROR(fn(first, run));
  }
  return FromRocks(it->status(), "read docinfo of " + dir_);
}

Status IndexDb::FindDocInfo(DocNum doc, DocInfo* out) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(BelowMarkers(), cf(Family::kDocInfo)));
  it->SeekForPrev(keys::DocKey(doc));
  DocNum first;
  if (!it->Valid() || !keys::DocNumOf(std::string_view(it->key().data(), it->key().size()), &first)) {
    SAGASU_RETURN_IF_ERROR(FromRocks(it->status(), "read docinfo of " + dir_));
    return Status::Corruption("docinfo: no run holds doc " + std::to_string(doc));
  }
  std::vector<DocInfo> infos;
  SAGASU_RETURN_IF_ERROR(DecodeDocInfoRun(std::string_view(it->value().data(), it->value().size()), &infos));
  if (doc - first >= infos.size()) return Status::Corruption("docinfo: doc " + std::to_string(doc) + " out of run");
  *out = infos[doc - first];
  return Status::OK();
}

Status IndexDb::CountRuns(DocNum from, std::uint64_t* runs) const {
  *runs = 0;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(BelowMarkers(), cf(Family::kDocInfo)));
  for (it->Seek(keys::DocKey(from)); it->Valid(); it->Next()) ++*runs;
  return FromRocks(it->status(), "count runs of " + dir_);
}

// The upper bound is set again before each Seek (as MyRocks moves the bound
// of a reused iterator): the table iterator then stops at a term's last run
// by the index's separator key, without loading the block after it.
class PostingsScan {
 public:
  std::string upper;
  rocksdb::Slice upper_slice;
  std::unique_ptr<rocksdb::Iterator> it;
};

std::shared_ptr<PostingsScan> IndexDb::NewPostingsScan() const {
  auto scan = std::make_shared<PostingsScan>();
  rocksdb::ReadOptions ro;
  ro.pin_data = true;
  ro.iterate_upper_bound = &scan->upper_slice;
  scan->it.reset(db_->NewIterator(ro, cf(Family::kPostings)));
  return scan;
}

namespace {

// The runs of `prefix` below `limit`, from it.Seek(prefix) to the first key
// of another prefix.
Status CollectRuns(rocksdb::Iterator& it, std::string_view prefix, DocNum limit, std::vector<RunView>* runs) {
  for (it.Seek(rocksdb::Slice(prefix.data(), prefix.size())); it.Valid(); it.Next()) {
    DocNum first;
    if (!keys::RunFirstOf(std::string_view(it.key().data(), it.key().size()), prefix, &first)) break;
    if (first >= limit) continue;  // not committed
    runs->push_back(RunView{first, std::string_view(it.value().data(), it.value().size())});
  }
  return FromRocks(it.status(), "read postings");
}

}  // namespace

Status IndexDb::ReadPostings(std::string_view prefix, DocNum limit, std::vector<RunView>* runs,
                             std::shared_ptr<const void>* pin, const std::shared_ptr<PostingsScan>& scan) const {
  runs->clear();
  if (scan) {
    scan->upper.assign(prefix);
    scan->upper.back() = '\x01';  // a prefix ends in 0x00: the next byte bounds the scan
    scan->upper_slice = rocksdb::Slice(scan->upper);
    SAGASU_RETURN_IF_ERROR(CollectRuns(*scan->it, prefix, limit, runs));
    *pin = scan;
    return Status::OK();
  }
  // The bound and the iterator live as long as the pin: blocks stay pinned
  // (ReadOptions::pin_data) until the last TermRun reading them is gone.
  struct Pinned {
    std::string upper;
    rocksdb::Slice upper_slice;
    std::unique_ptr<rocksdb::Iterator> it;
  };
  auto p = std::make_shared<Pinned>();
  p->upper = std::string(prefix);
  p->upper.back() = '\x01';  // a prefix ends in 0x00: the next byte bounds the scan
  p->upper_slice = rocksdb::Slice(p->upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &p->upper_slice;
  ro.pin_data = true;
  p->it.reset(db_->NewIterator(ro, cf(Family::kPostings)));
  SAGASU_RETURN_IF_ERROR(CollectRuns(*p->it, prefix, limit, runs));
  *pin = std::move(p);
  return Status::OK();
}

Status IndexDb::ScanTermPrefix(format::Stream stream, std::string_view prefix, DocNum limit, std::size_t max_runs,
                               const std::function<void(std::string_view, std::uint32_t)>& fn,
                               bool* truncated) const {
  *truncated = false;
  std::string lower(1, static_cast<char>(stream));
  lower.append(prefix);
  // Every key that begins with `lower` sorts below `lower` with its last
  // byte raised (never 0xFF: UTF-8 and stream bytes).
  std::string upper = lower;
  upper.back() = static_cast<char>(static_cast<unsigned char>(upper.back()) + 1);
  rocksdb::ReadOptions ro;
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(Family::kPostings)));
  std::size_t visited = 0;
  for (it->Seek(lower); it->Valid(); it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    char tag;
    std::string_view term;
    DocNum first;
    if (!keys::SplitRunKey(key, &tag, &term, &first)) {
      return Status::Corruption("postings: bad key in " + dir_);
    }
    if (first >= limit) continue;  // not committed
    if (visited++ == max_runs) {
      *truncated = true;
      break;
    }
    Decoder d(it->value().data(), it->value().data() + it->value().size());
    std::uint32_t n = 0;
    if (!d.GetVarint32(&n)) return Status::Corruption("postings: bad run of '" + std::string(term) + "' in " + dir_);
    fn(term, n);
  }
  return FromRocks(it->status(), "scan postings of " + dir_);
}

Status IndexDb::ForEachRunGroup(Family f, DocNum limit,
                                const std::function<Status(std::string_view, std::vector<RunValue>&)>& fn,
                                std::string_view from, std::string_view to) const {
  const rocksdb::Snapshot* snap = db_->GetSnapshot();
  rocksdb::ReadOptions ro = BelowMarkers();
  const rocksdb::Slice to_slice(to.data(), to.size());
  if (!to.empty()) ro.iterate_upper_bound = &to_slice;  // below the markers too
  ro.snapshot = snap;
  // A merge reads every block once: kept in the block cache, they would
  // only grow it to its cap (memory on top of the writer's budget) and push
  // out what queries read.
  ro.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(f)));
  std::string prefix;
  std::vector<RunValue> group;
  Status s;
  if (from.empty()) {
    it->SeekToFirst();
  } else {
    it->Seek(rocksdb::Slice(from.data(), from.size()));
  }
  for (; s.ok() && it->Valid(); it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    if (key.size() <= keys::kRunSuffixBytes + 1) {
      s = Status::Corruption(std::string(FamilyName(f)) + ": bad key in " + dir_);
      break;
    }
    const std::string_view p = keys::RunPrefixOf(key);
    DocNum first;
    keys::RunFirstOf(key, p, &first);
    if (first >= limit) continue;  // not committed
    if (p != prefix) {
      if (!group.empty()) s = fn(prefix, group);
      group.clear();
      prefix.assign(p);
    }
    group.push_back(RunValue{first, it->value().ToString()});
  }
  if (s.ok() && !group.empty()) s = fn(prefix, group);
  if (s.ok()) s = FromRocks(it->status(), std::string("scan ") + FamilyName(f) + " of " + dir_);
  it.reset();
  db_->ReleaseSnapshot(snap);
  return s;
}

Status IndexDb::ForEachPostings(DocNum limit,
                                const std::function<Status(std::string_view, std::vector<RunValue>&)>& fn,
                                std::string_view from, std::string_view to) const {
  return ForEachRunGroup(Family::kPostings, limit, fn, from, to);
}

Status IndexDb::SplitPostings(std::size_t n, std::vector<std::string>* bounds) const {
  bounds->clear();
  if (n < 2) return Status::OK();
  // Bytes on disk below a key, as RocksDB estimates them from the table
  // files' indexes (a block's worth of precision).
  const std::string first;
  const auto below = [&](const std::string& key, std::uint64_t* size) {
    rocksdb::Range range(first, key);
    return FromRocks(
        db_->GetApproximateSizes(rocksdb::SizeApproximationOptions{}, cf(Family::kPostings), &range, 1, size),
        "size postings of " + dir_);
  };
  const auto key_of = [](std::uint64_t v) {
    std::string k(8, '\0');
    for (int b = 0; b < 8; ++b) k[b] = static_cast<char>(v >> (56 - 8 * b));
    return k;
  };
  std::uint64_t total = 0;
  SAGASU_RETURN_IF_ERROR(below(std::string(keys::kMarkerPrefix), &total));
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(BelowMarkers(), cf(Family::kPostings)));
  for (std::size_t k = 1; k < n; ++k) {
    // The least 8-byte key with a k-th share of the bytes below it, found
    // by bisecting the key space; the bound is the prefix of the first run
    // at or after it, so that no prefix is cut.
    const std::uint64_t target = total / n * k;
    std::uint64_t lo = 0, hi = ~std::uint64_t{0};
    while (lo < hi) {
      const std::uint64_t mid = lo + (hi - lo) / 2;
      std::uint64_t size = 0;
      SAGASU_RETURN_IF_ERROR(below(key_of(mid), &size));
      if (size < target) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    it->Seek(key_of(lo));
    if (!it->Valid()) break;
    const std::string_view key(it->key().data(), it->key().size());
    if (key.size() <= keys::kRunSuffixBytes + 1) return Status::Corruption("postings: bad key in " + dir_);
    std::string prefix(keys::RunPrefixOf(key));
    if (!bounds->empty() && prefix <= bounds->back()) continue;
    bounds->push_back(std::move(prefix));
  }
  return FromRocks(it->status(), "split postings of " + dir_);
}

Status IndexDb::ForEachFacet(DocNum limit,
                             const std::function<Status(std::string_view, std::vector<RunValue>&)>& fn) const {
  return ForEachRunGroup(Family::kFacets, limit, fn);
}

Status IndexDb::CountPostings(std::map<format::Stream, StreamCounts>* streams) const {
  streams->clear();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(BelowMarkers(), cf(Family::kPostings)));
  std::string last;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    if (key.size() <= keys::kRunSuffixBytes + 1) continue;
    StreamCounts& c = (*streams)[static_cast<format::Stream>(key[0])];
    const std::string_view prefix = keys::RunPrefixOf(key);
    if (prefix != last) {
      ++c.terms;
      last.assign(prefix);
    }
    Decoder d(it->value().data(), it->value().data() + it->value().size());
    std::uint32_t n = 0;
    if (d.GetVarint32(&n)) c.postings += n;
    c.value_bytes += it->value().size();
  }
  SAGASU_RETURN_IF_ERROR(FromRocks(it->status(), "scan postings of " + dir_));
  for (auto& [stream, c] : *streams) {
    const std::string lo(1, static_cast<char>(stream)), hi(1, static_cast<char>(stream + 1));
    rocksdb::Range range(lo, hi);
    std::uint64_t size = 0;
    SAGASU_RETURN_IF_ERROR(FromRocks(db_->GetApproximateSizes(rocksdb::SizeApproximationOptions{}, cf(Family::kPostings),
                                                              &range, 1, &size),
                                     "size postings of " + dir_));
    c.disk_bytes = size;
  }
  return Status::OK();
}

Status IndexDb::Write(Batch* batch, bool sync) const {
  std::lock_guard<std::mutex> lock(write_mu_);
  return WriteLocked(batch, sync);
}

Status IndexDb::WriteLocked(Batch* batch, bool sync) const {
  // Refuse a commit the disk cannot take, before writing a byte: the
  // write-ahead log and the table file a flush makes of it each hold the batch.
  const std::uint64_t need = 2 * static_cast<std::uint64_t>(batch->bytes()) + kSpareBytes;
  if (const std::uint64_t free = FreeBytes(dir_); free < need) {
    return Status::IOError("commit to " + dir_ + ": not enough space on its disk (" + Mib(free) + " free, this commit needs about " +
                           Mib(need) + "); the index stays at its last commit");
  }
  CommitRecord rec = commit_;
  ++rec.generation;
  if (batch->has_stats_) {
    rec.live_docs = batch->stats_.live_docs;
    rec.next_doc = batch->stats_.next_doc;
  }
  const std::string value = rec.Encode();
  auto& wb = batch->batch_;
  SAGASU_RETURN_IF_ERROR(FromRocks(wb.Put(cf(Family::kMeta), std::string(keys::kMetaCommit), value), "commit record"));
  for (int i = 0; i < static_cast<int>(Family::kCount); ++i) {
    const Family f = static_cast<Family>(i);
    if (f == Family::kMeta) continue;
    SAGASU_RETURN_IF_ERROR(FromRocks(wb.Put(cf(f), keys::MarkerKey(rec.generation), value), "commit marker"));
    if (rec.generation > keys::kKeptMarkers) {
      SAGASU_RETURN_IF_ERROR(
          FromRocks(wb.Delete(cf(f), keys::MarkerKey(rec.generation - keys::kKeptMarkers)), "commit marker"));
    }
  }
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  SAGASU_RETURN_IF_ERROR(FromRocks(db_->Write(wo, &wb), "commit to " + dir_));
  commit_ = rec;
  // Lost table files always hold a marker still expected (storage/keys.h).
  // The write is committed whatever the flush does: a failed flush is tried
  // again at the next write, or by FlushAll.
  //
  // Every kFlushEveryBytes written, the memtables are written out while the
  // writer goes on: a long run's commits (and a merge, which writes the
  // whole index again) would otherwise fill several 256 MiB memtables on
  // top of the writer's memory budget.
  unscheduled_bytes_ += wb.GetDataSize();
  if (++unflushed_writes_ >= keys::kKeptMarkers / 2) {
    FlushLocked().PermitUnchecked();
  } else if (unscheduled_bytes_ >= kFlushEveryBytes) {
    ScheduleFlushLocked();
  }
  return Status::OK();
}

Status IndexDb::FlushAll() const {
  std::lock_guard<std::mutex> lock(write_mu_);
  return FlushLocked();
}

void IndexDb::ScheduleFlushLocked() const {
  rocksdb::FlushOptions fo;
  fo.wait = false;
  fo.allow_write_stall = true;
  // A failure (TryAgain when writes are stopped: RocksDB is flushing
  // already) leaves the memtables to RocksDB's own flushes and FlushAll.
  db_->Flush(fo, handles_).PermitUncheckedError();
  unscheduled_bytes_ = 0;
}

Status IndexDb::FlushLocked() const {
  rocksdb::FlushOptions fo;
  fo.wait = true;
  SAGASU_RETURN_IF_ERROR(FromRocks(db_->Flush(fo, handles_), "flush " + dir_));
  unflushed_writes_ = 0;
  unscheduled_bytes_ = 0;
  return WriteCommitFile();
}

Status IndexDb::Checkpoint(const std::string& dest, CommitRecord* at) const {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(dest, ec);
  if (fs::is_symlink(st) || (fs::exists(st) && !fs::is_directory(st))) {
    return Status::InvalidArgument("snapshot " + dir_ + ": " + dest + " exists and is not a directory");
  }
  if (fs::is_directory(st) && !fs::is_empty(dest, ec)) {
    return Status::InvalidArgument("snapshot " + dir_ + ": " + dest +
                                   " exists and is not empty (give a new directory, or an empty one)");
  }
  // RocksDB wants an absolute path; the copy is built under another name
  // and renamed (over an empty `dest` too), so `dest` never holds half a copy.
  fs::path target_path = fs::absolute(dest, ec).lexically_normal();
  if (ec) return Status::IOError("snapshot " + dir_ + ": " + dest + ": " + ec.message());
  if (!target_path.has_filename()) target_path = target_path.parent_path();  // "dest/"
  const std::string target = target_path.string();
  if (const fs::path parent = fs::path(target).parent_path(); !fs::is_directory(parent, ec)) {
    return Status::InvalidArgument("snapshot " + dir_ + ": the directory " + parent.string() + " of " + dest +
                                   " does not exist");
  }
  const std::string staging = target + ".sagasu-snapshot-tmp";
  fs::remove_all(staging, ec);  // left by a snapshot that was killed
  CommitRecord rec;
  Status s;
  {
    std::lock_guard<std::mutex> lock(write_mu_);
    s = CheckpointLocked(staging);
    rec = commit_;
  }
  if (s.ok() && ::rename(staging.c_str(), target.c_str()) != 0) {
    s = Status::IOError("snapshot " + dir_ + ": rename " + staging + " to " + target + ": " + std::strerror(errno));
  }
  if (!s.ok()) {
    fs::remove_all(staging, ec);
    return s;
  }
  const int dfd = ::open(fs::path(target).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  if (at) *at = rec;
  return Status::OK();
}

Status IndexDb::CheckpointLocked(const std::string& staging) const {
  // The commit file of the source names this generation once flushed; the
  // copy gets one naming the same generation and the copy's own table files.
  SAGASU_RETURN_IF_ERROR(FlushLocked());
  rocksdb::Checkpoint* raw = nullptr;
  SAGASU_RETURN_IF_ERROR(FromRocks(rocksdb::Checkpoint::Create(db_.get(), &raw), "snapshot " + dir_));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  SAGASU_RETURN_IF_ERROR(FromRocks(checkpoint->CreateCheckpoint(staging), "snapshot " + dir_ + " into " + staging));
  std::vector<std::pair<std::string, std::uint64_t>> tables;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(staging, ec)) {
    const std::string name = e.path().filename().string();
    if (IsTableFile(name)) tables.emplace_back(name, e.file_size(ec));
  }
  if (ec) return Status::IOError("snapshot " + dir_ + ": list " + staging + ": " + ec.message());
  std::sort(tables.begin(), tables.end());
  return WriteCommitFileTo(staging, commit_.generation, tables);
}

// Every postings table file in one compaction into the deepest level that
// holds any. CompactRange compacts level by level, writing the first
// level's data again at each level on its way down: after a merge (its
// batches flushed to the first level) that took 14.7 s at 10x, this 10.0.
rocksdb::Status IndexDb::CompactPostingsAtOnce(unsigned threads) const {
  rocksdb::ColumnFamilyMetaData meta;
  db_->GetColumnFamilyMetaData(cf(Family::kPostings), &meta);
  std::vector<std::string> files;
  int deepest = 0;
  for (const auto& level : meta.levels) {
    for (const auto& file : level.files) {
      files.push_back(file.db_path + "/" + file.name);
      deepest = std::max(deepest, level.level);
    }
  }
  if (files.empty()) return rocksdb::Status::OK();
  rocksdb::CompactionOptions co;
  co.compression = rocksdb::kZSTD;
  co.max_subcompactions = threads;
  co.output_file_size_limit = 64 << 20;  // RocksDB's own target size: later compactions rewrite what they overlap
  return db_->CompactFiles(co, cf(Family::kPostings), files, deepest);
}

Status IndexDb::CompactAll() const {
  std::uint64_t bytes = 0;
  for (Family f : {Family::kPostings, Family::kDocs}) {
    rocksdb::ColumnFamilyMetaData meta;
    db_->GetColumnFamilyMetaData(cf(f), &meta);
    bytes += meta.size;
  }
  if (const std::uint64_t free = FreeBytes(dir_); free < bytes + kSpareBytes) {
    return Status::IOError("compact " + dir_ + ": not enough space on its disk (" + Mib(free) + " free, rewriting needs about " +
                           Mib(bytes + kSpareBytes) + "); the index stays as it is, unmerged");
  }
  // Split by key range over the cores: one thread alone took as long as the
  // merge before it (16 of 34 s for `sagasu optimize` at 10x, the other core
  // idle). Subcompactions take their threads from the background pool, so it
  // grows for the compaction and shrinks back after.
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  rocksdb::CompactRangeOptions co;
  co.max_subcompactions = threads;
  SAGASU_RETURN_IF_ERROR(FromRocks(db_->SetDBOptions({{"max_background_jobs", std::to_string(kBackgroundJobs + threads)}}),
                                   "compact " + dir_));
  rocksdb::Status rs = CompactPostingsAtOnce(threads);
  if (!rs.ok()) rs = db_->CompactRange(co, cf(Family::kPostings), nullptr, nullptr);
  if (rs.ok()) rs = db_->CompactRange(co, cf(Family::kDocs), nullptr, nullptr);
  const rocksdb::Status restore = db_->SetDBOptions({{"max_background_jobs", std::to_string(kBackgroundJobs)}});
  SAGASU_RETURN_IF_ERROR(FromRocks(rs, "compact " + dir_));
  SAGASU_RETURN_IF_ERROR(FromRocks(restore, "compact " + dir_));
  std::lock_guard<std::mutex> lock(write_mu_);
  return WriteCommitFile();
}

Status IndexDb::PauseCompactions(bool pause) const {
  for (Family f : {Family::kPostings, Family::kDocs}) {
    std::unordered_map<std::string, std::string> options = {{"disable_auto_compactions", pause ? "true" : "false"}};
    // The merge's batches above the last level (flushed, then compacted
    // once more on their way down) are LZ4 while paused; the last level
    // stays ZSTD (bottommost_compression).
    if (f == Family::kPostings) options["compression"] = pause ? "kLZ4Compression" : "kZSTD";
    SAGASU_RETURN_IF_ERROR(FromRocks(db_->SetOptions(cf(f), options),
                                     std::string(pause ? "pause" : "resume") + " compactions of " + dir_));
  }
  return Status::OK();
}

Status IndexDb::Verify(bool full, IntegrityReport* report) const {
  *report = IntegrityReport();
  SAGASU_RETURN_IF_ERROR(VerifyCommits(report));
  if (!full) return Status::OK();
  // Every block of every table file against its checksum.
  rocksdb::Status cs = db_->VerifyChecksum();
  report->checksums_verified = true;
  if (!cs.ok()) {
    std::string msg = cs.ToString();
    report->Problem("a table file is damaged: " + msg);
  }
  // The stored counts against the data.
  IndexStats stats;
  Roaring deleted;
  if (Status s = ReadStats(&stats, &deleted); !s.ok()) {
    report->Problem("statistics unreadable: " + s.message());
    return Status::OK();
  }
  std::uint64_t bad_ids = 0;
  Status s = ForEachId([&](std::string_view, const IdRecord& rec) {
    ++report->ids;
    if (rec.doc >= stats.next_doc || deleted.contains(rec.doc)) ++bad_ids;
    return Status::OK();
  });
  if (!s.ok()) report->Problem("ids: " + s.message());
  if (bad_ids) report->Problem(std::to_string(bad_ids) + " ids point at no live document");
  if (report->ids != stats.live_docs) {
    report->Problem("the statistics count " + std::to_string(stats.live_docs) + " documents, the ids " +
                    std::to_string(report->ids));
  }
  {
    rocksdb::ReadOptions ro;
    const std::string upper(keys::kMarkerPrefix);
    rocksdb::Slice upper_slice(upper);
    ro.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(Family::kDocs)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++report->documents;
    if (!it->status().ok()) report->Problem("docs: " + it->status().ToString());
  }
  if (report->documents < stats.live_docs) {
    report->Problem("the statistics count " + std::to_string(stats.live_docs) + " documents, the stored texts " +
                    std::to_string(report->documents));
  }
  std::uint64_t covered = 0;
  DocNum expect = 0;
  bool gap = false;
  s = ForEachDocInfoRun([&](DocNum first, std::vector<DocInfo>& run) {
    if (first != expect) gap = true;
    expect = first + static_cast<DocNum>(run.size());
    covered += run.size();
    return Status::OK();
  });
  if (!s.ok()) report->Problem("docinfo: " + s.message());
  if (gap || expect != stats.next_doc) {
    report->Problem("the document infos cover " + std::to_string(covered) + " of " + std::to_string(stats.next_doc) +
                    " document versions");
  }
  return Status::OK();
}

Status IndexDb::FamilySizes(std::map<std::string, std::uint64_t>* family_bytes, std::uint64_t* total_bytes) const {
  *total_bytes = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_, ec)) {
    std::error_code file_ec;  // a file removed since the listing: skipped
    if (!entry.is_regular_file(file_ec)) continue;
    const std::uintmax_t size = entry.file_size(file_ec);
    if (!file_ec) *total_bytes += size;
  }
  for (int i = 0; i < static_cast<int>(Family::kCount); ++i) {
    rocksdb::ColumnFamilyMetaData meta;
    db_->GetColumnFamilyMetaData(cf(static_cast<Family>(i)), &meta);
    (*family_bytes)[FamilyName(static_cast<Family>(i))] = meta.size;
  }
  return Status::OK();
}

namespace {
std::string RunKey(std::string_view prefix, DocNum first) {
  std::string k(prefix);
  PutFixed32BE(&k, first);
  return k;
}
}  // namespace

// ---- PostingsTable

PostingsTable::~PostingsTable() {
  if (writer_) {
    writer_.reset();
    std::error_code ec;
    std::filesystem::remove(path_, ec);  // not ingested (a failed commit): nothing refers to it
  }
}

Status PostingsTable::Add(std::string_view prefix, DocNum first, std::string_view value) {
  SAGASU_RETURN_IF_ERROR(
      FromRocks(writer_->Put(RunKey(prefix, first), rocksdb::Slice(value.data(), value.size())), "write " + path_));
  empty_ = false;
  return Status::OK();
}

Status IndexDb::NewPostingsTable(std::unique_ptr<PostingsTable>* out) const {
  static std::atomic<std::uint64_t> serial{0};
  std::unique_ptr<PostingsTable> t(new PostingsTable());
  t->path_ = dir_ + "/ingest-" + std::to_string(::getpid()) + "-" + std::to_string(serial++) + ".tmp";
  rocksdb::Options options(db_->GetDBOptions(), db_->GetOptions(cf(Family::kPostings)));
  // The pages stay cached: queries read them next (the default drops them).
  t->writer_ = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), options, cf(Family::kPostings),
                                                        /*invalidate_page_cache=*/false);
  SAGASU_RETURN_IF_ERROR(FromRocks(t->writer_->Open(t->path_), "create " + t->path_));
  *out = std::move(t);
  return Status::OK();
}

Status IndexDb::IngestPostings(std::vector<std::unique_ptr<PostingsTable>>* tables) const {
  std::vector<std::string> files;
  for (auto& t : *tables) {
    if (t->empty_) continue;
    SAGASU_RETURN_IF_ERROR(FromRocks(t->writer_->Finish(), "write " + t->path_));
    files.push_back(t->path_);
  }
  if (!files.empty()) {
    rocksdb::IngestExternalFileOptions io;
    io.move_files = true;
    io.snapshot_consistency = false;
    io.allow_blocking_flush = true;
    SAGASU_RETURN_IF_ERROR(
        FromRocks(db_->IngestExternalFile(cf(Family::kPostings), files, io), "add postings to " + dir_));
  }
  for (auto& t : *tables) {
    if (!t->empty_) t->writer_.reset();  // ingested: the index owns the file now
  }
  tables->clear();
  return Status::OK();
}

Status IndexDb::MarkPendingRun(DocNum first, DocNum count) const {
  std::string v;
  PutFixed32BE(&v, first);
  PutFixed32BE(&v, count);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  std::lock_guard<std::mutex> lock(write_mu_);
  return FromRocks(db_->Put(wo, cf(Family::kMeta), std::string(keys::kMetaPendingRun), v), "commit to " + dir_);
}

Status IndexDb::ReadPendingRun(bool* present, DocNum* first, DocNum* count) const {
  std::string v;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(Family::kMeta), std::string(keys::kMetaPendingRun), &v);
  *present = !s.IsNotFound();
  if (!*present) return Status::OK();
  SAGASU_RETURN_IF_ERROR(FromRocks(s, "read pending run of " + dir_));
  if (v.size() != 8) return Status::Corruption("index " + dir_ + ": malformed pending run record");
  *first = DecodeFixed32BE(v.data());
  *count = DecodeFixed32BE(v.data() + 4);
  return Status::OK();
}

// ---- Batch

void Batch::ClearPendingRun() {
  batch_.Delete(db_->cf(Family::kMeta), std::string(keys::kMetaPendingRun)).PermitUncheckedError();
}

void Batch::PutId(std::string_view id, const IdRecord& record) {
  batch_.Put(db_->cf(Family::kIds), rocksdb::Slice(id.data(), id.size()), record.Encode()).PermitUncheckedError();
}
void Batch::DeleteId(std::string_view id) {
  batch_.Delete(db_->cf(Family::kIds), rocksdb::Slice(id.data(), id.size())).PermitUncheckedError();
}
void Batch::PutDocument(DocNum doc, std::string_view stored) {
  batch_.Put(db_->cf(Family::kDocs), keys::DocKey(doc), rocksdb::Slice(stored.data(), stored.size()))
      .PermitUncheckedError();
}
void Batch::DeleteDocument(DocNum doc) { batch_.Delete(db_->cf(Family::kDocs), keys::DocKey(doc)).PermitUncheckedError(); }
void Batch::PutDocInfoRun(DocNum first, const std::vector<DocInfo>& infos) {
  batch_.Put(db_->cf(Family::kDocInfo), keys::DocKey(first), EncodeDocInfoRun(infos)).PermitUncheckedError();
}
void Batch::PutPostingsRun(std::string_view prefix, DocNum first, std::string_view value) {
  batch_.Put(db_->cf(Family::kPostings), RunKey(prefix, first), rocksdb::Slice(value.data(), value.size()))
      .PermitUncheckedError();
}
void Batch::DeletePostingsRun(std::string_view prefix, DocNum first) {
  batch_.Delete(db_->cf(Family::kPostings), RunKey(prefix, first)).PermitUncheckedError();
}
void Batch::PutFacetRun(std::string_view prefix, DocNum first, Roaring& bitmap) {
  batch_.Put(db_->cf(Family::kFacets), RunKey(prefix, first), EncodeBitmap(bitmap)).PermitUncheckedError();
}
void Batch::DeleteFacetRun(std::string_view prefix, DocNum first) {
  batch_.Delete(db_->cf(Family::kFacets), RunKey(prefix, first)).PermitUncheckedError();
}
void Batch::PutStats(const IndexStats& stats) {
  has_stats_ = true;
  stats_ = stats;
  batch_.Put(db_->cf(Family::kMeta), std::string(keys::kMetaStats), stats.Encode()).PermitUncheckedError();
}
void Batch::PutDeleted(Roaring& deleted) {
  batch_.Put(db_->cf(Family::kMeta), std::string(keys::kMetaDeleted), EncodeBitmap(deleted)).PermitUncheckedError();
}

void Batch::PutAnalyzer(std::string_view fingerprint, std::string_view description,
                        std::string_view user_dic_entries) {
  batch_.Put(db_->cf(Family::kMeta), std::string(keys::kMetaAnalyzer), fingerprint).PermitUncheckedError();
  batch_.Put(db_->cf(Family::kMeta), std::string(keys::kMetaAnalyzerDescription), description).PermitUncheckedError();
  batch_.Put(db_->cf(Family::kMeta), std::string(keys::kMetaUserDicEntries), user_dic_entries).PermitUncheckedError();
}

}  // namespace sagasu
