// Value encodings of the non-postings column families (keys: storage/keys.h).
// Persistent: change only together with format::kFormatVersion.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <roaring/roaring.hh>

#include "common/document.h"
#include "common/status.h"
#include "common/types.h"
#include "storage/format.h"

namespace sagasu {

// "ids" value: where an external id lives now.
struct IdRecord {
  DocNum doc = kNoDoc;
  std::uint64_t content_hash = 0;
  std::string root;  // indexed directory the post was found under, or ""
  std::string path;  // the post's path relative to root (with extension), or ""

  std::string Encode() const;
  static Status Decode(std::string_view in, IdRecord* out);
};

// "docs" value: the stored fields of one document.
std::string EncodeStoredDoc(const Article& doc);
Status DecodeStoredDoc(std::string_view in, Article* out);

// Per-document numbers a query needs for every candidate, kept in memory by
// readers: field lengths in terms (by format::Field) and the date.
struct DocInfo {
  format::FieldCounts len{};
  std::int64_t date = kNoDate;
  static constexpr std::int64_t kNoDate = std::numeric_limits<std::int64_t>::min();
};

// "docinfo" value: DocInfo of a run's documents, in DocNum order.
std::string EncodeDocInfoRun(const std::vector<DocInfo>& infos);
Status DecodeDocInfoRun(std::string_view in, std::vector<DocInfo>* out);

// "meta"/"stats": collection statistics over live (not deleted) documents.
struct IndexStats {
  DocNum next_doc = 0;            // first DocNum the next run will use
  std::uint64_t live_docs = 0;
  std::array<std::uint64_t, format::kFieldCount> total_len{};  // by format::Field, in terms
  std::uint64_t commits = 0;      // increases with every commit
  std::uint64_t purged = 0;       // deleted versions whose postings a merge removed
  DocNum merged_upto = 0;         // runs below this DocNum were merged into one

  std::string Encode() const;
  static Status Decode(std::string_view in, IndexStats* out);
};

// meta/"commit" and the value of every commit marker (storage/keys.h): what
// one write left behind. Encoded as fixed64 generation, fixed64 live_docs,
// fixed32 next_doc, fixed64 checksum (XXH3-64 of the bytes before it).
struct CommitRecord {
  std::uint64_t generation = 0;  // 1 for the first write, one more for each
  std::uint64_t live_docs = 0;   // IndexStats::live_docs after the write
  DocNum next_doc = 0;           // IndexStats::next_doc after the write

  std::string Encode() const;
  // Corruption when `in` is not one record or its checksum does not match.
  static Status Decode(std::string_view in, CommitRecord* out);
  bool operator==(const CommitRecord&) const = default;
};

// "facets" and meta/"deleted" values: a roaring bitmap in the portable
// format, run-optimized first.
std::string EncodeBitmap(Roaring& bitmap);
// Reads a bitmap written by EncodeBitmap; Corruption when malformed.
Status DecodeBitmap(std::string_view in, Roaring* out);

}  // namespace sagasu
