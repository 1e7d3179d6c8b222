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
#include "sagasu/types.h"

namespace sagasu {

// Parameters: sagasu::RankingOptions (include/sagasu/types.h) states their
// meaning, ranges and defaults.

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
  Bm25F(const RankingOptions& p, const CollectionStats& s) : p_(p), s_(s) {
    inv_avg_title_ = s.avg_title_len > 0 ? 1.0f / static_cast<float>(s.avg_title_len) : 0.0f;
    inv_avg_body_ = s.avg_body_len > 0 ? 1.0f / static_cast<float>(s.avg_body_len) : 0.0f;
  }

  // `df` counts the postings of deleted versions until a merge drops them,
  // so it can exceed the live documents; it is capped there, or a term in
  // (nearly) every document would get a negative idf, and negative scores
  // break the bounds pruning relies on.
  float Idf(double df) const {
    df = std::min(df, s_.docs);
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

  const RankingOptions& params() const { return p_; }

 private:
  RankingOptions p_;
  CollectionStats s_;
  float inv_avg_title_, inv_avg_body_;
};

}  // namespace sagasu
