// ChangeSet: the rules that decide what one IndexPaths run changes, in one
// place. For every input the run parses:
//
//   unchanged  its id is stored with the same content hash, root and path:
//              skipped before analysis
//   added      its id is not in the index
//   replaced   its id is in the index with another hash, root or path
//              (edited, or a post with a front matter `id:` that moved)
//   duplicate  another input of this run carries the same id: the last one
//              in input order keeps it (as a site generator would overwrite
//              the page); the other is reported and not indexed, or, when it
//              was already accumulated, written deleted ("superseded")
//
// and, after the last input, for every stored id under an indexed directory:
//
//   gone       its file is no longer listed under that directory
//   renamed    its file is still there but now carries another id (same
//              file, new id): the old id is gone
//
// The decisions are pure functions over records (ClassifyInput,
// ResolveDuplicate, ClassifyStored); ChangeSet holds what one run has seen so
// far and applies them. Thread-safe: the reader thread lists files, workers
// claim ids, the flusher asks about superseded documents, all at once.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/string_arena.h"
#include "common/types.h"
#include "storage/records.h"

namespace sagasu {

// The content hash recorded in IdRecord::content_hash: XXH3-64 of `bytes`.
// IndexPaths hashes an input's raw bytes (so that an unchanged file is
// skipped before it is parsed); IndexWriter::Add hashes the encoded stored
// document (storage/records.h EncodeStoredDoc), having no file.
std::uint64_t ContentHash(std::string_view bytes);

// What an input does to its id, given the record the id has now.
enum class InputChange { kAdded, kReplaced, kUnchanged };

// `current` is the stored record of the input's id, or null when the id is
// not in the index. `root` and `path` say where the input was found
// (RawInput::root and default_id; "" for inputs not under a directory).
InputChange ClassifyInput(const IdRecord* current, std::uint64_t hash, std::string_view root, std::string_view path);

// One input claiming an id: its position in input order and its origin
// ("posts/a.md"), for messages.
struct IdClaim {
  std::uint64_t seq = 0;
  std::string origin;
};

// Two inputs of one run carry the same id. The later one in input order
// keeps it; `message` reports the other ("a.md: duplicate id 'x' (also in
// b.md, which is kept)").
struct DuplicateVerdict {
  bool incoming_wins = false;
  std::string message;
};
DuplicateVerdict ResolveDuplicate(std::string_view id, const IdClaim& holder, const IdClaim& incoming);

// What became of a stored id after every input of a run was seen.
enum class StoredChange {
  kKept,         // not under an indexed directory, or its file still carries it
  kFileMissing,  // gone: its file is no longer listed
  kIdChanged,    // gone: its file now carries another id (renamed)
};

// What one run saw of the indexed directories: root -> each relative path
// listed under it -> the id the file at that path parsed to ("" when it
// parsed to none: it failed, or is not published). The views are into
// storage the holder keeps (ChangeSet's arena).
struct DirectoryListing {
  std::map<std::string, std::unordered_map<std::string_view, std::string_view>, std::less<>> listed;
};

// `id` is stored with `record`; `listing` is what the run saw.
StoredChange ClassifyStored(std::string_view id, const IdRecord& record, const DirectoryListing& listing);

class ChangeSet {
 public:
  // ---- reader thread
  // `root` is an indexed directory: its ids can be gone at the end.
  void AddRoot(const std::string& root);
  // A file at `path` under `root` was listed (even if it cannot be read).
  // Ignored when either is empty.
  void AddListed(const std::string& root, const std::string& path);

  // ---- workers
  // The input `claim` (found at `path` under `root`, both "" when not under a
  // directory) parsed to `id`. Records it and resolves a duplicate:
  // returns true when the input should be indexed; *duplicate is set to the
  // message to report when another input has the same id ("" otherwise).
  bool Claim(const std::string& id, const IdClaim& claim, const std::string& root, const std::string& path,
             std::string* duplicate);

  // ---- commits
  // Whether the accumulated input `seq` with `id` lost its id to a later
  // input (then it is written deleted).
  bool Superseded(std::string_view id, std::uint64_t seq) const;
  // Whether more than one input claimed `id`: then the record a worker looked
  // up for it may have been replaced by a commit since, and must be read again.
  bool Contested(std::string_view id) const;

  // ---- after the last input
  // Whether any directory is indexed (else nothing can be gone).
  bool has_roots() const;
  // Whether some input of this run parsed to `id` (for IndexOptions::prune).
  bool Produced(std::string_view id) const;
  // An input parsed to `id` but is not published (a draft, future,
  // expired): a stored `id` no other input produced is gone.
  void Withdraw(const std::string& id);
  // Records that the input at `origin` is served at `url`; returns the
  // origin of an earlier input with the same URL, or "".
  std::string ClaimUrl(const std::string& url, const std::string& origin);
  bool Withdrawn(std::string_view id) const;
  bool has_withdrawn() const;
  // ClassifyStored over what this run saw.
  StoredChange Classify(std::string_view id, const IdRecord& record) const;

 private:
  // A run keeps a record of every input it parses (736,700 at 100x), so
  // the records are small: their strings are copies in arena_, and the
  // maps hold views of them.
  struct Holder {
    std::uint64_t seq = 0;    // IdClaim::seq
    std::string_view origin;  // IdClaim::origin
    bool contested = false;
  };
  mutable std::mutex mu_;
  StringArena arena_;
  DirectoryListing listing_;
  // id -> the input that holds it now.
  std::unordered_map<std::string_view, Holder> holders_;
  std::unordered_set<std::string_view> withdrawn_;
  std::unordered_map<std::string_view, std::string_view> urls_;  // url -> origin
};

}  // namespace sagasu
