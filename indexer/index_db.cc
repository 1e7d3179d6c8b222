#include "indexer/index_db.h"

#include <filesystem>

#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>

#include "common/keys.h"

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

rocksdb::ColumnFamilyOptions FamilyOptions(Family f, const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  t.cache_index_and_filter_blocks = false;
  // XXH3 block checksums: Debian's RocksDB computes CRC32c without SSE4.2.
  t.checksum = rocksdb::kXXH3;
  switch (f) {
    case Family::kDocs:
      // Stored text, read only for the few hits shown: LZ4 when written (cheap
      // on the indexing path), ZSTD once compacted to the bottom level.
      o.compression = rocksdb::kLZ4Compression;
      o.bottommost_compression = rocksdb::kZSTD;
      t.block_size = 32 * 1024;
      o.write_buffer_size = 128 << 20;
      break;
    case Family::kPostings:
      // Varint postings compress a little further; LZ4 decodes fast.
      o.compression = rocksdb::kLZ4Compression;
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

}  // namespace

IndexDb::~IndexDb() {
  for (auto* h : handles_) {
    if (db_ && h) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  }
  if (db_) db_->Close().PermitUncheckedError();
}

Status IndexDb::Open(const std::string& dir, Mode mode, const std::string& fingerprint,
                     const std::string& analyzer_description, std::unique_ptr<IndexDb>* out) {
  const bool exists = std::filesystem::exists(std::filesystem::path(dir) / "CURRENT");
  if (!exists && mode == Mode::kReadOnly) {
    return Status::NotFound("no index at " + dir + " (build one with `sagasu index --db " + dir + " PATH...`)");
  }
  if (!exists && std::filesystem::exists(dir) && !std::filesystem::is_directory(dir)) {
    return Status::InvalidArgument(dir + " exists and is not a directory");
  }

  static std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(256 << 20);
  rocksdb::DBOptions dbo;
  dbo.create_if_missing = true;
  dbo.create_missing_column_families = true;
  dbo.max_background_jobs = 2;
  dbo.keep_log_file_num = 3;
  dbo.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  // A read-only opener keeps every table file open from the start: a writer
  // compacting in another process may delete files it has not opened yet.
  dbo.max_open_files = mode == Mode::kReadOnly ? -1 : 512;

  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  cfs.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (int i = 0; i < static_cast<int>(Family::kCount); ++i) {
    Family f = static_cast<Family>(i);
    cfs.emplace_back(FamilyName(f), FamilyOptions(f, cache));
  }

  std::unique_ptr<IndexDb> idx(new IndexDb());
  idx->dir_ = dir;
  idx->mode_ = mode;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status rs = mode == Mode::kReadOnly ? rocksdb::DB::OpenForReadOnly(dbo, dir, cfs, &handles, &raw)
                                               : rocksdb::DB::Open(dbo, dir, cfs, &handles, &raw);
  if (!rs.ok()) {
    if (rs.IsIOError() && rs.ToString().find("lock") != std::string::npos) {
      return Status::IOError("index " + dir + " is being written by another process: " + rs.ToString());
    }
    return FromRocks(rs, "open index " + dir);
  }
  idx->db_.reset(raw);
  // handles[0] is the default family; ours follow in Family order.
  raw->DestroyColumnFamilyHandle(handles[0]).PermitUncheckedError();
  idx->handles_.assign(handles.begin() + 1, handles.end());

  // Format and analyzer checks.
  std::string version, stored_fp;
  rocksdb::Status vs = raw->Get(rocksdb::ReadOptions(), idx->cf(Family::kMeta),
                                std::string(keys::kMetaFormatVersion), &version);
  if (vs.IsNotFound()) {
    if (mode == Mode::kReadOnly) {
      return Status::NotFound("index " + dir +
                              " was never committed (its first `sagasu index` run was interrupted); run it again");
    }
    rocksdb::WriteBatch b;
    b.Put(idx->cf(Family::kMeta), std::string(keys::kMetaFormatVersion), std::to_string(keys::kFormatVersion));
    b.Put(idx->cf(Family::kMeta), std::string(keys::kMetaAnalyzer), fingerprint);
    b.Put(idx->cf(Family::kMeta), std::string(keys::kMetaAnalyzerDescription), analyzer_description);
    b.Put(idx->cf(Family::kMeta), std::string(keys::kMetaStats), IndexStats{}.Encode());
    rocksdb::WriteOptions wo;
    wo.sync = true;
    SAGASU_RETURN_IF_ERROR(FromRocks(raw->Write(wo, &b), "initialize index " + dir));
  } else {
    SAGASU_RETURN_IF_ERROR(FromRocks(vs, "read format version of " + dir));
    if (version != std::to_string(keys::kFormatVersion)) {
      return Status::InvalidArgument("index " + dir + " has format version " + version + ", this sagasu reads " +
                                     std::to_string(keys::kFormatVersion) + "; rebuild the index");
    }
    SAGASU_RETURN_IF_ERROR(FromRocks(
        raw->Get(rocksdb::ReadOptions(), idx->cf(Family::kMeta), std::string(keys::kMetaAnalyzer), &stored_fp),
        "read analyzer of " + dir));
    if (stored_fp != fingerprint) {
      std::string desc;
      raw->Get(rocksdb::ReadOptions(), idx->cf(Family::kMeta), std::string(keys::kMetaAnalyzerDescription), &desc)
          .PermitUncheckedError();
      return Status::InvalidArgument("index " + dir + " was built with another analyzer or dictionary (" + desc +
                                     "); open it with the same --dicdir/--user-dic, or rebuild it into a new --db");
    }
  }
  *out = std::move(idx);
  return Status::OK();
}

Status IndexDb::ReadStats(const rocksdb::Snapshot* snapshot, IndexStats* stats, std::string* deleted_bitmap) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::string v;
  SAGASU_RETURN_IF_ERROR(FromRocks(db_->Get(ro, cf(Family::kMeta), std::string(keys::kMetaStats), &v),
                                   "read stats of " + dir_));
  SAGASU_RETURN_IF_ERROR(IndexStats::Decode(v, stats));
  if (deleted_bitmap) {
    rocksdb::Status s = db_->Get(ro, cf(Family::kMeta), std::string(keys::kMetaDeleted), deleted_bitmap);
    if (s.IsNotFound()) {
      deleted_bitmap->clear();
    } else {
      SAGASU_RETURN_IF_ERROR(FromRocks(s, "read deleted set of " + dir_));
    }
  }
  return Status::OK();
}

}  // namespace sagasu

namespace sagasu {

Status IndexDb::FlushAll() const {
  rocksdb::FlushOptions fo;
  fo.wait = true;
  return FromRocks(db_->Flush(fo, handles_), "flush " + dir_);
}

}  // namespace sagasu
