// Every constant whose value is written into an index, in one place.
// Persistent: changing any value here changes what existing indexes mean, so
// it must come with a new kFormatVersion (an index of another version is
// refused at open with a message to rebuild it).
#pragma once

#include <cstdint>

#include "common/types.h"

namespace sagasu::format {

// Version of everything below and of every encoding in storage/keys.h,
// storage/records.h and storage/posting_codec.h. Stored in meta/format_version.
inline constexpr std::uint32_t kFormatVersion = 1;

// Postings streams: the first byte of a postings key. More than one analyzed
// stream can index the same fields.
enum Stream : std::uint8_t {
  kStreamWords = 1,  // MeCab terms (common/analyzer)
  // kStreamNgram = 2, kStreamReading = 3: reserved.
};

// Facet kinds: the first byte of a facet key.
enum FacetKind : char { kFacetTag = 't', kFacetCategory = 'c', kFacetAuthor = 'a' };

// Documents per postings block (storage/posting_codec.h).
inline constexpr std::uint32_t kBlockSize = 128;

// Body positions start this far after the last title position, so that no
// phrase (at most a few dozen terms, each a few positions apart) spans the
// two fields. Costs one more varint byte per posting's first body position.
inline constexpr Position kFieldGap = 1024;

}  // namespace sagasu::format
