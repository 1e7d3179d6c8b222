// The on-disk format of a sagasu index: one RocksDB database per index
// directory, one column family per key family. Everything here is persistent:
// do not change a name, a tag byte or an encoding without bumping
// kFormatVersion.
//
// Runs. Documents are written in runs: one flush of the index writer assigns
// a contiguous range of document numbers [first, first + n) and writes, for
// that range, one postings value per term, one facet bitmap per tag/category/
// author value and one doc-info record. Every per-run key ends in the run's
// first DocNum (big-endian), so a term's runs sort in document order and a
// reader concatenates them. Runs are never rewritten; deleting or updating a
// document marks its DocNum in the deleted bitmap (meta) and, for updates,
// writes the new version under a new DocNum.
//
// Column families
// ---------------
// "meta"      key: ASCII name           value: see kMeta* below.
// "ids"       key: external id (UTF-8)  value: IdRecord (indexer/index_format.h):
//                                         varint32 docnum, fixed64 content hash,
//                                         length-prefixed root directory ("" if none),
//                                         length-prefixed path relative to root
// "docs"      key: fixed32be docnum     value: StoredDoc (indexer/index_format.h):
//                                         the stored fields, ZSTD-compressed by RocksDB
// "docinfo"   key: fixed32be run first  value: DocInfoRun: varint32 n, then for each doc
//                                         varint32 title_len, varint32 body_len,
//                                         varsint64 date (INT64_MIN = none)
// "postings"  key: u8 stream, term bytes, 0x00, fixed32be run first
//                                       value: a postings run (indexer/posting_codec.h)
//             Streams allow more than one analyzed stream per field:
//             kStreamWords (MeCab terms) now; n-gram and reading streams later.
//             Terms never contain 0x00 (the analyzer strips control characters).
// "facets"    key: u8 kind ('t' tag, 'c' category, 'a' author), value bytes
//             (as given, case preserved), 0x00, fixed32be run first
//                                       value: roaring bitmap (portable format) of the
//                                         run's docnums that carry the value
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/coding.h"
#include "common/types.h"

namespace sagasu::keys {

// Bump when any encoding below changes. Persistent.
inline constexpr std::uint32_t kFormatVersion = 1;

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
inline constexpr std::string_view kMetaStats = "stats";                    // IndexStats
inline constexpr std::string_view kMetaDeleted = "deleted";                // roaring bitmap

// Postings streams. Persistent.
enum Stream : std::uint8_t {
  kStreamWords = 1,  // MeCab terms (common/analyzer)
  // kStreamNgram = 2, kStreamReading = 3: reserved.
};

// Facet kinds. Persistent.
enum FacetKind : char { kFacetTag = 't', kFacetCategory = 'c', kFacetAuthor = 'a' };

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
