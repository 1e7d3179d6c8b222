// Candidate: a document retrieval found, with its score so far. The order
// between candidates is the engine's one tie-break rule.
#pragma once

#include "common/types.h"

namespace sagasu {

struct Candidate {
  Score score;
  DocNum doc;
  float proximity = 0;  // the proximity part of score (query/proximity.h)
};

// Higher score first; on equal scores the lower DocNum (the older document)
// first. The tie-break makes results deterministic.
inline bool Better(const Candidate& a, const Candidate& b) {
  return a.score != b.score ? a.score > b.score : a.doc < b.doc;
}

// Orders a top-k heap: the worst candidate on top.
struct WorseFirst {
  bool operator()(const Candidate& a, const Candidate& b) const { return Better(a, b); }
};

}  // namespace sagasu
