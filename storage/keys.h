// The key schema of a sagasu index: one RocksDB database per index
// directory, one column family per key family. Everything here is persistent:
// do not change a name, a tag byte or an encoding without bumping
// format::kFormatVersion (storage/format.h).
//
// Runs. Documents are written in runs: one flush of the index writer assigns
// a contiguous range of document numbers [first, first + n) and writes, for
// that range, one postings value per term, one facet bitmap per tag/category/
// author value and one doc-info record. Every per-run key ends in the run's
// first DocNum (big-endian), so a term's runs sort in document order and a
// reader concatenates them. Deleting or updating a document marks its DocNum
// in the deleted bitmap (meta) and, for updates, writes the new version under
// a new DocNum; merging (indexer/run_merger.h) later rewrites a term's runs
// into one run keyed by the first run's DocNum and drops deleted versions.
//
// Column families
// ---------------
// "meta"      key: ASCII name           value: see kMeta* below.
// "ids"       key: external id (UTF-8)  value: IdRecord (storage/records.h):
//                                         varint32 docnum, fixed64 content hash,
//                                         length-prefixed root directory ("" if none),
//                                         length-prefixed path relative to root
// "docs"      key: fixed32be docnum     value: StoredDoc (storage/records.h):
//                                         the stored fields (LZ4 in RocksDB, ZSTD at the bottom level)
// "docinfo"   key: fixed32be run first  value: DocInfoRun: varint32 n, then for each doc
//                                         varint32 len per field (format::Field),
//                                         varsint64 date (INT64_MIN = none)
// "postings"  key: u8 stream, term bytes, 0x00, fixed32be run first
//                                       value: a postings run (storage/posting_codec.h)
//             Streams allow more than one analyzed stream per field:
//             kStreamWords (MeCab terms) and kStreamNgram (character grams,
//             common/analyzer/ngram.h, positions in code points); readings later.
//             Terms never contain 0x00 (the analyzer strips control characters).
// "facets"    key: u8 kind ('t' tag, 'c' category, 'a' author), value bytes
//             (as given, case preserved), 0x00, fixed32be run first
//                                       value: roaring bitmap (portable format) of the
//                                         run's docnums that carry the value
//
// Commit records (integrity). Every write (IndexDb::Write) is one
// *generation*: it puts meta/"commit", a CommitRecord (storage/records.h:
// generation, live documents, next DocNum, checksum), and in every other
// family a *marker*: key kMarkerPrefix + fixed64be generation, value the same
// CommitRecord; it deletes the marker kKeptMarkers generations back. So each
// family holds exactly the markers of the last kKeptMarkers generations,
// and a family whose latest table files were lost (a MANIFEST that lost its
// tail: RocksDB then opens an older version of that family) lacks some, or
// has one that was deleted, and is caught at open. The writer flushes every
// family at least every kKeptMarkers / 2 generations, so lost files always
// held a marker that is still expected. Marker keys begin with five 0xFF
// bytes: no other key does (ids are UTF-8, which has no 0xFF; docs and
// docinfo keys are four bytes; postings and facet keys begin with a stream
// or kind byte), and every scan of a family stops below kMarkerPrefix.
//
// Outside RocksDB, the file kCommitFileName in the index directory records
// the generation of the last flush and the table files it left, written
// atomically after every IndexDb::FlushAll (storage/db.cc). An index that
// opens at an older generation than that file names has lost commits that
// were on disk: a MANIFEST cut back to an older, self-consistent state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/coding.h"
#include "common/types.h"
#include "storage/format.h"

namespace sagasu::keys {

using format::kFormatVersion;
using format::Stream;
using format::kStreamWords;
using format::kStreamNgram;
using format::FacetKind;
using format::kFacetTag;
using format::kFacetCategory;
using format::kFacetAuthor;

inline constexpr const char* kCfMeta = "meta";
inline constexpr const char* kCfIds = "ids";
inline constexpr const char* kCfDocs = "docs";
inline constexpr const char* kCfDocInfo = "docinfo";
inline constexpr const char* kCfPostings = "postings";
inline constexpr const char* kCfFacets = "facets";

// meta keys. Persistent.
inline constexpr std::string_view kMetaFormatVersion = "format_version";  // decimal ASCII
inline constexpr std::string_view kMetaAnalyzer = "analyzer";              // fingerprint string
inline constexpr std::string_view kMetaAnalyzerDescription = "analyzer_description";
// The analyzer's user dictionary entries, per surface a hash of its tokens
// (common/analyzer/user_dic_entries.h EncodeUserDicEntries); absent in
// indexes built before it was recorded. Written with kMetaAnalyzer.
inline constexpr std::string_view kMetaUserDicEntries = "user_dic_entries";
inline constexpr std::string_view kMetaStats = "stats";                    // IndexStats
inline constexpr std::string_view kMetaDeleted = "deleted";                // roaring bitmap
inline constexpr std::string_view kMetaCommit = "commit";                  // CommitRecord of the last write
// A commit whose postings were added as table files (IndexDb::
// IngestPostings) before its batch: the first DocNum and the count of its
// documents, fixed32 big-endian each. Written before the tables are added,
// removed by the commit's batch: present only when that batch never landed,
// and then those runs lie at or above next_doc (RunWriter::RecoverPendingRun).
inline constexpr std::string_view kMetaPendingRun = "pending_run";

// Commit markers (see above). Persistent.
inline constexpr std::string_view kMarkerPrefix = "\xff\xff\xff\xff\xff";
inline constexpr std::uint64_t kKeptMarkers = 64;
inline constexpr const char* kCommitFileName = "SAGASU-COMMIT";

inline std::string MarkerKey(std::uint64_t generation) {
  std::string k(kMarkerPrefix);
  PutFixed32BE(&k, static_cast<std::uint32_t>(generation >> 32));
  PutFixed32BE(&k, static_cast<std::uint32_t>(generation));
  return k;
}

// The generation of a marker key; false when `key` is not one.
inline bool MarkerGenerationOf(std::string_view key, std::uint64_t* generation) {
  if (key.size() != kMarkerPrefix.size() + 8 || key.substr(0, kMarkerPrefix.size()) != kMarkerPrefix) return false;
  *generation = (std::uint64_t{DecodeFixed32BE(key.data() + kMarkerPrefix.size())} << 32) |
                DecodeFixed32BE(key.data() + kMarkerPrefix.size() + 4);
  return true;
}

inline std::string DocKey(DocNum doc) {
  std::string k;
  PutFixed32BE(&k, doc);
  return k;
}

// Prefix shared by all runs of one term.
inline std::string PostingsPrefix(Stream stream, std::string_view term) {
  std::string k;
  k.reserve(term.size() + 2);
  k.push_back(static_cast<char>(stream));
  k.append(term);
  k.push_back('\0');
  return k;
}

inline std::string PostingsKey(Stream stream, std::string_view term, DocNum run_first) {
  std::string k = PostingsPrefix(stream, term);
  PutFixed32BE(&k, run_first);
  return k;
}

inline std::string FacetPrefix(FacetKind kind, std::string_view value) {
  std::string k;
  k.push_back(static_cast<char>(kind));
  k.append(value);
  k.push_back('\0');
  return k;
}

inline std::string FacetKey(FacetKind kind, std::string_view value, DocNum run_first) {
  std::string k = FacetPrefix(kind, value);
  PutFixed32BE(&k, run_first);
  return k;
}

// The run key suffix: a fixed32be DocNum after the 0x00 that ends the prefix.
inline constexpr std::size_t kRunSuffixBytes = 4;

// The part of a run key that all runs of one term (or facet value) share.
// REQUIRES: key.size() > kRunSuffixBytes.
inline std::string_view RunPrefixOf(std::string_view key) { return key.substr(0, key.size() - kRunSuffixBytes); }

// The run's first DocNum, from a key that starts with `prefix`; false when
// the key is not exactly one run key of that prefix.
inline bool RunFirstOf(std::string_view key, std::string_view prefix, DocNum* run_first) {
  if (key.size() != prefix.size() + kRunSuffixBytes || key.substr(0, prefix.size()) != prefix) return false;
  *run_first = DecodeFixed32BE(key.data() + prefix.size());
  return true;
}

// A doc or docinfo key (fixed32be DocNum); false when malformed.
inline bool DocNumOf(std::string_view key, DocNum* doc) {
  if (key.size() != 4) return false;
  *doc = DecodeFixed32BE(key.data());
  return true;
}

// Splits a postings or facet key into (prefix byte, value, run first).
// Returns false for a malformed key.
inline bool SplitRunKey(std::string_view key, char* tag, std::string_view* value, DocNum* run_first) {
  if (key.size() < 6 || key[key.size() - 5] != '\0') return false;
  *tag = key[0];
  *value = key.substr(1, key.size() - 6);
  *run_first = DecodeFixed32BE(key.data() + key.size() - 4);
  return true;
}

}  // namespace sagasu::keys
