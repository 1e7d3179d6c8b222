// IndexWatcher: a read-only Index that follows its directory, reopened
// (Index::Reopen) when the directory changes.
//
// `dir` may be a symbolic link (read replicas: `current` -> releases/N,
// swapped atomically by the deploy, README "Serving more traffic: read
// replicas"): a link that points elsewhere is a change like any other, and
// the reopen opens the new target; the old target may be deleted once the
// swap is seen (the old view keeps its files open).
//
// An Index searches the commits that existed when it was opened or last
// reopened. The watcher checks the directory every `interval` (names, sizes
// and modification times of the RocksDB files: a commit appends to the
// write-ahead log, a flush or merge writes table files and the MANIFEST)
// and, once a change has been stable for one interval (so a running
// `sagasu index` is not reopened after every commit), reopens the Index. A
// search in flight keeps the view it started with until it is done (the
// Index guarantees that). A failed reopen keeps the old view and is retried
// at the next check.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "sagasu/sagasu.h"

namespace sagasu {

// What the watcher knows of the view the Index searches now.
struct IndexSnapshot {
  std::uint64_t generation = 0;   // 1 for the first, +1 per reopen
  std::uint64_t documents = 0;    // live documents
  std::string fingerprint;        // of the directory when it was opened
  std::string target;             // the directory `dir` resolved to then (symbolic links followed)
};

class IndexWatcher {
 public:
  // Opens `dir` read-only (options.mode is ignored); fails as Index::Open
  // does. With a zero interval the index is never reopened by itself.
  static Status Open(const std::string& dir, const IndexOptions& options, std::chrono::milliseconds interval,
                     std::unique_ptr<IndexWatcher>* out);
  ~IndexWatcher();  // stops the checking thread
  IndexWatcher(const IndexWatcher&) = delete;
  IndexWatcher& operator=(const IndexWatcher&) = delete;

  // The index; Search() on it uses the current view.
  const Index& index() const { return *index_; }

  // The current snapshot (never null).
  std::shared_ptr<const IndexSnapshot> Current() const;

  // Reopens now if the directory differs from the current snapshot's (for
  // a search that failed with an I/O error: a merge may have removed files
  // the old view had not opened yet). Returns the current snapshot, new or
  // not. Concurrent callers share one reopen.
  std::shared_ptr<const IndexSnapshot> ReloadIfChanged(std::uint64_t seen_generation);

  // A fingerprint of the index files in `dir` (empty when unreadable):
  // names, sizes and times, not the path, so that replicas serving copies
  // of one snapshot (rsync -a keeps times) agree on it.
  static std::string Fingerprint(const std::string& dir);
  // `dir` with every symbolic link resolved (empty when it cannot be).
  static std::string Target(const std::string& dir);

 private:
  IndexWatcher(std::string dir, std::chrono::milliseconds interval);
  // REQUIRES: reload_mu_ held.
  Status Reopen(const std::string& fingerprint, const std::string& target);
  // Whether `fingerprint` and `target` name another view than `snap`.
  static bool Differs(const IndexSnapshot& snap, const std::string& fingerprint, const std::string& target);
  void Loop();

  const std::string dir_;
  const std::chrono::milliseconds interval_;
  std::unique_ptr<Index> index_;
  std::atomic<std::shared_ptr<const IndexSnapshot>> current_;
  std::mutex reload_mu_;  // one reopen at a time
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace sagasu
