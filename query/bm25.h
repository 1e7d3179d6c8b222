// BM25F scoring (Robertson & Zaragoza, "The Probabilistic Relevance
// Framework: BM25 and Beyond", 2009, eq. 3.19-3.20): per-field term
// frequencies are length-normalized per field, weighted, summed into one
// pseudo-frequency, and saturated once:
//
//   tf'(t,d)  = sum_f  w_f * tf_f(t,d) / (1 - b_f + b_f * len_f(d) / avglen_f)
//   score     = sum_t  idf(t) * tf' * (k1 + 1) / (tf' + k1)
//   idf(t)    = ln(1 + (N - df + 0.5) / (df + 0.5))     (always positive)
//
// Fields are the title, the body and the meta field (format::Field); the
// body has weight 1.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "common/types.h"
#include "storage/format.h"
#include "sagasu/types.h"

namespace sagasu {

using format::FieldCounts;

// Parameters: sagasu::RankingOptions (include/sagasu/types.h) states their
// meaning, ranges and defaults.

// Occurrences farther apart than this many positions do not count as near.
// Positions count every word, particles included (analyzer.h).
inline constexpr std::uint32_t kProximityWindow = 5;

// Statistics a scorer needs; injected so that tests can give exact numbers.
struct CollectionStats {
  double docs = 0;                                // live documents
  std::array<double, format::kFieldCount> avg_len{};  // by format::Field, in terms
};

class Bm25F {
 public:
  Bm25F(const RankingOptions& p, const CollectionStats& s) : p_(p), s_(s) {
    weight_ = {p.title_weight, 1.0f, p.meta_weight};
    b_ = {p.b_title, p.b_body, p.b_meta};
    for (std::size_t f = 0; f < format::kFieldCount; ++f) {
      inv_avg_[f] = s.avg_len[f] > 0 ? 1.0f / static_cast<float>(s.avg_len[f]) : 0.0f;
    }
  }

  // `df` counts the postings of deleted versions until a merge drops them,
  // so it can exceed the live documents; it is capped there, or a term in
  // (nearly) every document would get a negative idf, and negative scores
  // break the bounds pruning relies on.
  float Idf(double df) const {
    df = std::min(df, s_.docs);
    return static_cast<float>(std::log(1.0 + (s_.docs - df + 0.5) / (df + 0.5)));
  }

  // Pseudo-frequency tf' of one document, from its term frequency and
  // length per field.
  float PseudoTf(const FieldCounts& tf, const FieldCounts& len) const {
    float t = 0;
    for (std::size_t f = 0; f < format::kFieldCount; ++f) {
      if (tf[f]) t += weight_[f] * tf[f] / (1.0f - b_[f] + b_[f] * len[f] * inv_avg_[f]);
    }
    return t;
  }

  float Saturate(float idf, float tf) const { return tf > 0 ? idf * tf * (p_.k1 + 1.0f) / (tf + p_.k1) : 0.0f; }

  float Score(float idf, const FieldCounts& tf, const FieldCounts& len) const {
    return Saturate(idf, PseudoTf(tf, len));
  }

  // An upper bound of Score over documents with tf <= max_tf and len >=
  // min_len in every field where tf > 0 (Score rises with tf and falls with
  // length), inflated a little so that rounding never puts a real score
  // above its bound.
  float Bound(float idf, const FieldCounts& max_tf, const FieldCounts& min_len) const {
    return Score(idf, max_tf, min_len) * 1.0001f + 1e-6f;
  }

  const RankingOptions& params() const { return p_; }

 private:
  RankingOptions p_;
  CollectionStats s_;
  std::array<float, format::kFieldCount> weight_, b_, inv_avg_;
};

}  // namespace sagasu
