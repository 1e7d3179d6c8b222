// IndexDb: the RocksDB database behind one index directory, with its column
// families (common/keys.h), format and analyzer checks. Internal: the public
// API (Searcher, IndexWriter) hides RocksDB.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <rocksdb/db.h>

#include "common/status.h"
#include "indexer/index_format.h"

namespace sagasu {

enum class Family { kMeta = 0, kIds, kDocs, kDocInfo, kPostings, kFacets, kCount };

// Converts a RocksDB status, adding `context` ("open /path/db").
Status FromRocks(const rocksdb::Status& s, std::string_view context);

class IndexDb {
 public:
  enum class Mode { kReadOnly, kReadWrite };

  // Opens (kReadWrite: creating if missing) the index at `dir`.
  // The analyzer fingerprint stored in the index must equal `fingerprint`;
  // a new index records it. Errors: NotFound (no index at dir, read-only),
  // InvalidArgument (another format version or analyzer), IOError.
  static Status Open(const std::string& dir, Mode mode, const std::string& fingerprint,
                     const std::string& analyzer_description, std::unique_ptr<IndexDb>* out);

  ~IndexDb();

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* cf(Family f) const { return handles_[static_cast<int>(f)]; }
  const std::string& dir() const { return dir_; }
  Mode mode() const { return mode_; }

  // Reads meta/stats and meta/deleted through `snapshot` (may be null).
  Status ReadStats(const rocksdb::Snapshot* snapshot, IndexStats* stats, std::string* deleted_bitmap) const;

  static const char* FamilyName(Family f);

  // Writes the memtables of every family to SST files, so that read-only
  // openers need not replay the write-ahead log. Call after a batch of commits.
  Status FlushAll() const;

 private:
  IndexDb() = default;
  std::string dir_;
  Mode mode_ = Mode::kReadOnly;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace sagasu
