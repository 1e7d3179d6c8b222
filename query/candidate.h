// Candidate: a document retrieval found, with its score so far. The order
// between candidates is the engine's one tie-break rule.
#pragma once

#include "common/types.h"

namespace sagasu {

struct Candidate {
  Score score;
  DocNum doc;
  float proximity = 0;  // the proximity part of score (query/proximity.h)
  // 0: a whole-word match; 1: matched only through query units (a part of
  // a longer word, a prefix: retrieval/fallback.cc), ranked below tier 0;
  // 2: matched only through reading units (a kana query's reading, not its
  // written form), ranked below tier 1.
  std::uint8_t tier = 0;
};

// The lower tier first, then the higher score; on equal scores the lower
// DocNum (the older document) first. The tie-break makes results
// deterministic.
inline bool Better(const Candidate& a, const Candidate& b) {
  if (a.tier != b.tier) return a.tier < b.tier;
  return a.score != b.score ? a.score > b.score : a.doc < b.doc;
}

// Orders a top-k heap: the worst candidate on top.
struct WorseFirst {
  bool operator()(const Candidate& a, const Candidate& b) const { return Better(a, b); }
};

}  // namespace sagasu
