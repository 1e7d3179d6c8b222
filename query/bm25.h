// BM25F scoring (Robertson & Zaragoza, "The Probabilistic Relevance
// Framework: BM25 and Beyond", 2009, eq. 3.19-3.20): per-field term
// frequencies are length-normalized per field, weighted, summed into one
// pseudo-frequency, and saturated once:
//
//   tf'(t,d)  = sum_f  w_f * tf_f(t,d) / (1 - b_f + b_f * len_f(d) / avglen_f)
//   score     = sum_t  idf(t) * tf' * (k1 + 1) / (tf' + k1)
//   idf(t)    = ln(1 + (N - df + 0.5) / (df + 0.5))     (always positive)
//
// Fields are the title and the body.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "common/types.h"

namespace sagasu {

struct Bm25Params {
  // Term-frequency saturation, >= 0. Default: 1.2 (0 = binary).
  float k1 = 1.2f;
  // Length normalization of the body, in [0, 1]. Default: 0.75.
  float b_body = 0.75f;
  // Length normalization of the title, in [0, 1]. Default: 0.5 (titles are short).
  float b_title = 0.5f;
  // Weight of a title occurrence relative to a body occurrence, >= 0. Default: 2.5.
  float title_weight = 2.5f;
  // Term proximity (BM25TP, Rasolofo & Savoy, "Term Proximity Scoring for
  // Keyword-Based Retrieval Systems", ECIR 2003): documents among the best by
  // BM25F gain, for each pair of query terms, a saturated sum
  // of 1/d^2 over occurrences d <= kProximityWindow positions apart, times
  // the smaller idf of the pair. >= 0; 0 turns it off. Default: 0.5.
  float proximity_weight = 0.5f;
  // The proximity stage reorders the best this-many documents by BM25F;
  // ranks below keep BM25F order. Default: 10 (on the JSQuAD evaluation,
  // deeper reranking gave the same MRR@10 at a higher cost).
  std::uint32_t rerank_depth = 10;
};

// Occurrences farther apart than this many positions do not count as near.
// Positions count every word, particles included (analyzer.h).
inline constexpr std::uint32_t kProximityWindow = 5;

// Statistics a scorer needs; injected so that tests can give exact numbers.
struct CollectionStats {
  double docs = 0;           // live documents
  double avg_title_len = 0;  // in terms
  double avg_body_len = 0;
};

class Bm25F {
 public:
  Bm25F(const Bm25Params& p, const CollectionStats& s) : p_(p), s_(s) {
    inv_avg_title_ = s.avg_title_len > 0 ? 1.0f / static_cast<float>(s.avg_title_len) : 0.0f;
    inv_avg_body_ = s.avg_body_len > 0 ? 1.0f / static_cast<float>(s.avg_body_len) : 0.0f;
  }

  float Idf(double df) const {
    return static_cast<float>(std::log(1.0 + (s_.docs - df + 0.5) / (df + 0.5)));
  }

  // Pseudo-frequency tf' of one document.
  float PseudoTf(std::uint32_t tf_title, std::uint32_t tf_body, std::uint32_t len_title,
                 std::uint32_t len_body) const {
    float t = 0;
    if (tf_title) t += p_.title_weight * tf_title / (1.0f - p_.b_title + p_.b_title * len_title * inv_avg_title_);
    if (tf_body) t += tf_body / (1.0f - p_.b_body + p_.b_body * len_body * inv_avg_body_);
    return t;
  }

  float Saturate(float idf, float tf) const { return tf > 0 ? idf * tf * (p_.k1 + 1.0f) / (tf + p_.k1) : 0.0f; }

  float Score(float idf, std::uint32_t tf_title, std::uint32_t tf_body, std::uint32_t len_title,
              std::uint32_t len_body) const {
    return Saturate(idf, PseudoTf(tf_title, tf_body, len_title, len_body));
  }

  // An upper bound of Score over documents with tf <= max_tf and len >= min_len
  // (Score rises with tf and falls with length), inflated a little so that
  // rounding never puts a real score above its bound.
  float Bound(float idf, std::uint32_t max_tf_title, std::uint32_t max_tf_body, std::uint32_t min_len_title,
              std::uint32_t min_len_body) const {
    return Score(idf, max_tf_title, max_tf_body, min_len_title, min_len_body) * 1.0001f + 1e-6f;
  }

  const Bm25Params& params() const { return p_; }

 private:
  Bm25Params p_;
  CollectionStats s_;
  float inv_avg_title_, inv_avg_body_;
};

}  // namespace sagasu
