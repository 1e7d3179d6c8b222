// Every constant whose value is written into an index, in one place.
// Persistent: changing any value here changes what existing indexes mean, so
// it must come with a new kFormatVersion (an index of another version is
// refused at open with a message to rebuild it).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "common/types.h"

namespace sagasu::format {

// Version of everything below and of every encoding in storage/keys.h,
// storage/records.h and storage/posting_codec.h. Stored in meta/format_version.
inline constexpr std::uint32_t kFormatVersion = 6;  // 2: the meta field; 3: the n-gram stream;
                                                    // 4: commit records and markers;
                                                    // 5: the reading stream;
                                                    // 6: block impacts (posting_codec.h)

// Postings streams: the first byte of a postings key. More than one analyzed
// stream can index the same fields.
enum Stream : std::uint8_t {
  kStreamWords = 1,  // MeCab terms (common/analyzer)
  kStreamNgram = 2,  // character bigrams and run-final unigrams (common/analyzer/ngram.h);
                     // positions count code points of the normalized text
  kStreamReading = 3,  // reading bigrams and token-boundary grams "|c", "c|"
                       // (common/analyzer/reading.h); positions count reading
                       // characters, one more at each break
};

// Facet kinds: the first byte of a facet key.
enum FacetKind : char { kFacetTag = 't', kFacetCategory = 'c', kFacetAuthor = 'a' };

// Documents per postings block (storage/posting_codec.h).
inline constexpr std::uint32_t kBlockSize = 128;

// The fields a document's terms are indexed in, in the order their
// positions run: the title from 0, then the body (with the front matter's
// excerpt or description after it), then the meta field (tags, categories
// and the author). Each field starts kFieldGap positions after the last
// position of the one before. BM25F weights and normalizes them separately
// (query/bm25.h).
enum Field : std::uint8_t { kFieldTitle = 0, kFieldBody = 1, kFieldMeta = 2 };
inline constexpr std::size_t kFieldCount = 3;

// One number per field: term frequencies, lengths in terms, field starts.
using FieldCounts = std::array<std::uint32_t, kFieldCount>;

// Positions of the next field start this far after the last position of the
// previous one, so that no phrase (at most a few dozen terms, each a few
// positions apart) spans two fields. Costs one more varint byte per
// posting's first position in a field.
inline constexpr Position kFieldGap = 1024;

// Within the body and the meta field, each separately analyzed value (the
// excerpt after the body; one tag, category or author after another) starts
// this far after the previous one, beyond the proximity window, so that no
// phrase or proximity pair spans two values.
inline constexpr Position kValueGap = 16;

}  // namespace sagasu::format
