#include "storage/db.h"

#include <filesystem>

#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>

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
      o.compression = rocksdb::kZSTD;
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
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(Family::kIds)));
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
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(Family::kDocInfo)));
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
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(Family::kDocInfo)));
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
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(Family::kDocInfo)));
  for (it->Seek(keys::DocKey(from)); it->Valid(); it->Next()) ++*runs;
  return FromRocks(it->status(), "count runs of " + dir_);
}

Status IndexDb::ReadPostings(std::string_view prefix, DocNum limit, std::vector<RunValue>* runs) const {
  runs->clear();
  rocksdb::ReadOptions ro;
  std::string upper(prefix);
  upper.back() = '\x01';  // a prefix ends in 0x00: the next byte bounds the scan
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(Family::kPostings)));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
    DocNum first;
    if (!keys::RunFirstOf(std::string_view(it->key().data(), it->key().size()), prefix, &first)) break;
    if (first >= limit) continue;  // not committed
    runs->push_back(RunValue{first, it->value().ToString()});
  }
  return FromRocks(it->status(), "read postings");
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
                                const std::function<Status(std::string_view, std::vector<RunValue>&)>& fn) const {
  const rocksdb::Snapshot* snap = db_->GetSnapshot();
  rocksdb::ReadOptions ro;
  ro.snapshot = snap;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(f)));
  std::string prefix;
  std::vector<RunValue> group;
  Status s;
  for (it->SeekToFirst(); s.ok() && it->Valid(); it->Next()) {
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
                                const std::function<Status(std::string_view, std::vector<RunValue>&)>& fn) const {
  return ForEachRunGroup(Family::kPostings, limit, fn);
}

Status IndexDb::ForEachFacet(DocNum limit,
                             const std::function<Status(std::string_view, std::vector<RunValue>&)>& fn) const {
  return ForEachRunGroup(Family::kFacets, limit, fn);
}

Status IndexDb::CountPostings(std::map<format::Stream, StreamCounts>* streams) const {
  streams->clear();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(Family::kPostings)));
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
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  return FromRocks(db_->Write(wo, &batch->batch_), "commit to " + dir_);
}

Status IndexDb::FlushAll() const {
  rocksdb::FlushOptions fo;
  fo.wait = true;
  return FromRocks(db_->Flush(fo, handles_), "flush " + dir_);
}

Status IndexDb::CompactAll() const {
  rocksdb::CompactRangeOptions co;
  SAGASU_RETURN_IF_ERROR(FromRocks(db_->CompactRange(co, cf(Family::kPostings), nullptr, nullptr), "compact " + dir_));
  return FromRocks(db_->CompactRange(co, cf(Family::kDocs), nullptr, nullptr), "compact " + dir_);
}

Status IndexDb::FamilySizes(std::map<std::string, std::uint64_t>* family_bytes, std::uint64_t* total_bytes) const {
  *total_bytes = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_, ec)) {
    if (entry.is_regular_file(ec)) *total_bytes += entry.file_size(ec);
  }
  for (int i = 0; i < static_cast<int>(Family::kCount); ++i) {
    rocksdb::ColumnFamilyMetaData meta;
    db_->GetColumnFamilyMetaData(cf(static_cast<Family>(i)), &meta);
    (*family_bytes)[FamilyName(static_cast<Family>(i))] = meta.size;
  }
  return Status::OK();
}

// ---- Batch

namespace {
std::string RunKey(std::string_view prefix, DocNum first) {
  std::string k(prefix);
  PutFixed32BE(&k, first);
  return k;
}
}  // namespace

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
  batch_.Put(db_->cf(Family::kMeta), std::string(keys::kMetaStats), stats.Encode()).PermitUncheckedError();
}
void Batch::PutDeleted(Roaring& deleted) {
  batch_.Put(db_->cf(Family::kMeta), std::string(keys::kMetaDeleted), EncodeBitmap(deleted)).PermitUncheckedError();
}

}  // namespace sagasu
