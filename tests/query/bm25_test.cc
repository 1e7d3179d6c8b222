// BM25F numbers against hand computation, and the bound contract MaxScore
// relies on.
#include "query/bm25.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace sagasu {
namespace {

TEST(Bm25F, IdfByHand) {
  const Bm25F s(RankingOptions(), CollectionStats{100, 5, 100});
  EXPECT_NEAR(s.Idf(10), std::log(1.0 + 90.5 / 10.5), 1e-6);
  EXPECT_NEAR(s.Idf(1), std::log(1.0 + 99.5 / 1.5), 1e-6);
  // Always positive, even for a term in every document.
  EXPECT_GT(s.Idf(100), 0.0f);
  EXPECT_NEAR(s.Idf(100), std::log(1.0 + 0.5 / 100.5), 1e-6);
  // Deleted versions still counted in df (until a merge) cannot push it
  // below that.
  EXPECT_EQ(s.Idf(130), s.Idf(100));
  EXPECT_GT(s.Idf(130), 0.0f);
  // Rarer terms weigh more.
  EXPECT_GT(s.Idf(2), s.Idf(20));
}

TEST(Bm25F, ScoreByHand) {
  const RankingOptions p;  // k1 1.2, b_body 0.75, b_title 0.5, title weight 2.5
  const CollectionStats st{100, 5, 100};
  const Bm25F s(p, st);
  const double idf = std::log(1.0 + (100 - 10 + 0.5) / (10 + 0.5));
  // Title tf 1 (title length 4), body tf 3 (body length 200).
  const double tf_title = 2.5 * 1 / (1 - 0.5 + 0.5 * 4.0 / 5.0);
  const double tf_body = 3 / (1 - 0.75 + 0.75 * 200.0 / 100.0);
  const double tf = tf_title + tf_body;
  const double want = idf * tf * (1.2 + 1) / (tf + 1.2);
  EXPECT_NEAR(s.PseudoTf(1, 3, 4, 200), tf, 1e-5);
  EXPECT_NEAR(s.Score(static_cast<float>(idf), 1, 3, 4, 200), want, 1e-5);
  // Body only: 2 occurrences in an average-length body.
  const double tf2 = 2.0;
  EXPECT_NEAR(s.Score(static_cast<float>(idf), 0, 2, 5, 100), idf * tf2 * 2.2 / (tf2 + 1.2), 1e-5);
  // No occurrence: zero.
  EXPECT_EQ(s.Score(static_cast<float>(idf), 0, 0, 5, 100), 0.0f);
}

TEST(Bm25F, CustomParamsByHand) {
  RankingOptions p;
  p.k1 = 2.0f;
  p.b_body = 0.0f;  // no length normalization
  p.b_title = 1.0f;
  p.title_weight = 1.0f;
  const Bm25F s(p, CollectionStats{1000, 8, 300});
  const double idf = std::log(1.0 + (1000 - 3 + 0.5) / 3.5);
  // Title: 2 occurrences in a title twice the average (b 1: divided by 2);
  // body: 5 occurrences, no normalization.
  const double tf = 1.0 * 2 / (1 - 1.0 + 1.0 * 16 / 8.0) + 5.0 / 1.0;
  EXPECT_NEAR(s.Score(static_cast<float>(idf), 2, 5, 16, 5000), idf * tf * 3.0 / (tf + 2.0), 1e-4);
}

TEST(Bm25F, TitleOccurrenceOutweighsBodyOccurrence) {
  const Bm25F s(RankingOptions(), CollectionStats{100, 5, 100});
  const float idf = s.Idf(5);
  EXPECT_GT(s.Score(idf, 1, 0, 5, 100), s.Score(idf, 0, 1, 5, 100));
}

// Bound(max tf, min len) >= Score of every posting it bounds, over random
// blocks and random collection statistics.
TEST(Bm25F, BoundIsAnUpperBoundRandomized) {
  std::mt19937 rng(20240601);
  std::uniform_real_distribution<float> k1(0.0f, 3.0f), b(0.0f, 1.0f), w(0.0f, 5.0f);
  std::uniform_int_distribution<int> len_title(0, 40), len_body(0, 5000), tf_small(0, 6), df(1, 5000);
  for (int trial = 0; trial < 2000; ++trial) {
    RankingOptions p;
    p.k1 = k1(rng);
    p.b_body = b(rng);
    p.b_title = b(rng);
    p.title_weight = w(rng);
    const CollectionStats st{10000, 1 + std::uniform_real_distribution<double>(0, 20)(rng),
                             1 + std::uniform_real_distribution<double>(0, 2000)(rng)};
    const Bm25F s(p, st);
    const float idf = s.Idf(df(rng));
    struct Posting {
      std::uint32_t tft, tfb, lt, lb;
    };
    std::vector<Posting> block(1 + trial % 128);
    std::uint32_t max_tft = 0, max_tfb = 0, min_lt = ~0u, min_lb = ~0u;
    for (auto& po : block) {
      po.lt = static_cast<std::uint32_t>(len_title(rng));
      po.lb = static_cast<std::uint32_t>(len_body(rng));
      po.tft = std::min<std::uint32_t>(po.lt, static_cast<std::uint32_t>(tf_small(rng)));
      po.tfb = std::min<std::uint32_t>(po.lb, static_cast<std::uint32_t>(tf_small(rng) * (trial % 7 + 1)));
      if (po.tft + po.tfb == 0) po.tfb = po.lb > 0 ? 1 : 0;
      max_tft = std::max(max_tft, po.tft);
      max_tfb = std::max(max_tfb, po.tfb);
      min_lt = std::min(min_lt, po.lt);
      min_lb = std::min(min_lb, po.lb);
    }
    const float bound = s.Bound(idf, max_tft, max_tfb, min_lt, min_lb);
    for (const auto& po : block) {
      const float score = s.Score(idf, po.tft, po.tfb, po.lt, po.lb);
      ASSERT_GE(bound, score) << "trial " << trial << " tf " << po.tft << "/" << po.tfb << " len " << po.lt << "/"
                              << po.lb << " k1 " << p.k1;
    }
  }
}

}  // namespace
}  // namespace sagasu
