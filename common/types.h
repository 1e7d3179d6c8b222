// Core identifiers and scalar types shared by the indexer and the query engine.
#pragma once

#include <cstdint>
#include <limits>

namespace sagasu {

// Dense internal document number, assigned by the index writer in increasing
// order. Never reused within one index. External ids map to DocNum in the
// `ids` column family (see storage/keys.h).
using DocNum = std::uint32_t;
inline constexpr DocNum kNoDoc = std::numeric_limits<DocNum>::max();

// Position of a token within a document's token stream (token ordinal, not a
// byte offset). Title tokens come first, body tokens after a gap.
using Position = std::uint32_t;

// Relevance score.
using Score = float;

// Byte offset into a UTF-8 string. Offsets in sagasu always count bytes.
using ByteOffset = std::uint32_t;

}  // namespace sagasu
