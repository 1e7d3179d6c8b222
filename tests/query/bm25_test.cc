// BM25F numbers against hand computation, and the bound contract MaxScore
// relies on.
#include "query/bm25.h"
#include "storage/posting_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace sagasu {
namespace {

// Ranking parameters drawn over their whole useful ranges.
RankingOptions RandomRanking(std::mt19937& rng) {
  std::uniform_real_distribution<float> k1(0.0f, 3.0f), b(0.0f, 1.0f), w(0.0f, 5.0f);
  RankingOptions p;
  p.k1 = k1(rng);
  p.b_body = b(rng);
  p.b_title = b(rng);
  p.b_meta = b(rng);
  p.title_weight = w(rng);
  p.meta_weight = w(rng);
  return p;
}

TEST(Bm25F, IdfByHand) {
  const Bm25F s(RankingOptions(), CollectionStats{100, {5, 100, 2}});
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
  EXPECT_NEAR(s.PseudoTf({1, 3, 0}, {4, 200, 0}), tf, 1e-5);
  EXPECT_NEAR(s.Score(static_cast<float>(idf), {1, 3, 0}, {4, 200, 0}), want, 1e-5);
  // Body only: 2 occurrences in an average-length body.
  const double tf2 = 2.0;
  EXPECT_NEAR(s.Score(static_cast<float>(idf), {0, 2, 0}, {5, 100, 0}), idf * tf2 * 2.2 / (tf2 + 1.2), 1e-5);
  // No occurrence: zero.
  EXPECT_EQ(s.Score(static_cast<float>(idf), {0, 0, 0}, {5, 100, 3}), 0.0f);
}

TEST(Bm25F, CustomParamsByHand) {
  RankingOptions p;
  p.k1 = 2.0f;
  p.b_body = 0.0f;  // no length normalization
  p.b_title = 1.0f;
  p.title_weight = 1.0f;
  const Bm25F s(p, CollectionStats{1000, {8, 300, 2}});
  const double idf = std::log(1.0 + (1000 - 3 + 0.5) / 3.5);
  // Title: 2 occurrences in a title twice the average (b 1: divided by 2);
  // body: 5 occurrences, no normalization.
  const double tf = 1.0 * 2 / (1 - 1.0 + 1.0 * 16 / 8.0) + 5.0 / 1.0;
  EXPECT_NEAR(s.Score(static_cast<float>(idf), {2, 5, 0}, {16, 5000, 0}), idf * tf * 3.0 / (tf + 2.0), 1e-4);
}

TEST(Bm25F, TitleOccurrenceOutweighsBodyOccurrence) {
  const Bm25F s(RankingOptions(), CollectionStats{100, {5, 100, 2}});
  const float idf = s.Idf(5);
  EXPECT_GT(s.Score(idf, {1, 0, 0}, {5, 100, 2}), s.Score(idf, {0, 1, 0}, {5, 100, 2}));
}

TEST(Bm25F, MetaOccurrenceRanksBetweenTitleAndBody) {
  // One occurrence in average-length fields: the title (2.5) outweighs a
  // tag (1.5), which outweighs the body (1).
  const Bm25F s(RankingOptions(), CollectionStats{100, {5, 100, 2}});
  const float idf = s.Idf(5);
  const float title = s.Score(idf, {1, 0, 0}, {5, 100, 2});
  const float meta = s.Score(idf, {0, 0, 1}, {5, 100, 2});
  const float body = s.Score(idf, {0, 1, 0}, {5, 100, 2});
  EXPECT_GT(title, meta);
  EXPECT_GT(meta, body);
}

TEST(Bm25F, MetaFieldByHand) {
  // A tag occurrence in a meta field of 4 terms (average 2, b_meta 0.3,
  // weight 1.5), plus one body occurrence in an average body.
  const Bm25F s(RankingOptions(), CollectionStats{100, {5, 100, 2}});
  const double meta = 1.5 * 1 / (1 - 0.3 + 0.3 * 4.0 / 2.0);
  const double tf = meta + 1.0;
  const float idf = s.Idf(10);
  EXPECT_NEAR(s.PseudoTf({0, 1, 1}, {5, 100, 4}), tf, 1e-5);
  EXPECT_NEAR(s.Score(idf, {0, 1, 1}, {5, 100, 4}), idf * tf * 2.2 / (tf + 1.2), 1e-5);
  // Weight 0 turns the field off.
  RankingOptions off;
  off.meta_weight = 0;
  EXPECT_EQ(Bm25F(off, CollectionStats{100, {5, 100, 2}}).Score(idf, {0, 0, 3}, {5, 100, 4}), 0.0f);
}

// Bound(max tf, min len) >= Score of every posting it bounds, over random
// blocks and random collection statistics. The block's min length of a
// field is taken over the postings with tf > 0 in it, as the codec stores it.
TEST(Bm25F, BoundIsAnUpperBoundRandomized) {
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<int> tf_small(0, 6), df(1, 5000);
  const int max_len[format::kFieldCount] = {40, 5000, 12};
  for (int trial = 0; trial < 2000; ++trial) {
    const RankingOptions p = RandomRanking(rng);
    CollectionStats st{10000, {}};
    for (std::size_t f = 0; f < format::kFieldCount; ++f) {
      st.avg_len[f] = 1 + std::uniform_real_distribution<double>(0, max_len[f] / 2.0)(rng);
    }
    const Bm25F s(p, st);
    const float idf = s.Idf(df(rng));
    struct Posting {
      FieldCounts tf, len;
    };
    std::vector<Posting> block(1 + trial % 128);
    FieldCounts max_tf{}, min_len{~0u, ~0u, ~0u};
    for (auto& po : block) {
      for (std::size_t f = 0; f < format::kFieldCount; ++f) {
        po.len[f] = static_cast<std::uint32_t>(std::uniform_int_distribution<int>(0, max_len[f])(rng));
        const int scale = f == format::kFieldBody ? trial % 7 + 1 : 1;
        po.tf[f] = std::min<std::uint32_t>(po.len[f], static_cast<std::uint32_t>(tf_small(rng) * scale));
      }
      if (po.tf[0] + po.tf[1] + po.tf[2] == 0) po.tf[format::kFieldBody] = po.len[format::kFieldBody] > 0 ? 1 : 0;
      for (std::size_t f = 0; f < format::kFieldCount; ++f) {
        if (po.tf[f] == 0) continue;
        max_tf[f] = std::max(max_tf[f], po.tf[f]);
        min_len[f] = std::min(min_len[f], po.len[f]);
      }
    }
    const float bound = s.Bound(idf, max_tf, min_len);
    for (const auto& po : block) {
      const float score = s.Score(idf, po.tf, po.len);
      ASSERT_GE(bound, score) << "trial " << trial << " tf " << po.tf[0] << "/" << po.tf[1] << "/" << po.tf[2]
                              << " len " << po.len[0] << "/" << po.len[1] << "/" << po.len[2] << " k1 " << p.k1;
    }
  }
}

// A block's impacts (storage/posting_codec.h), read back from an encoded
// run: under random BM25F parameters the best impact's bound is at least
// every document's score, never above the block maxima's bound, and equal
// to the best document's score (within the bound's rounding margin)
// whenever the block's undominated documents fit in kMaxImpacts. Those are
// the blocks block-max pruning skips where the maxima could not.
TEST(Bm25F, BlockImpactsBoundEveryDocumentAndTheBestExactly) {
  std::mt19937 rng(11);
  const int max_len[format::kFieldCount] = {40, 3000, 12};
  int exact_blocks = 0, tighter_blocks = 0;
  for (int trial = 0; trial < 400; ++trial) {
    struct Doc {
      FieldCounts tf, len;
    };
    std::vector<Doc> docs(1 + trial % kBlockSize);
    PostingRunBuilder builder(0);
    // Few distinct values when trial is even: more documents tie or cover
    // one another; many when odd: undominated sets beyond kMaxImpacts.
    const int spread = trial % 2 == 0 ? 3 : 40;
    for (std::size_t i = 0; i < docs.size(); ++i) {
      Doc& d = docs[i];
      for (std::size_t f = 0; f < format::kFieldCount; ++f) {
        d.len[f] = 1 + static_cast<std::uint32_t>(std::uniform_int_distribution<int>(0, spread - 1)(rng)) *
                           static_cast<std::uint32_t>(max_len[f] / spread);
        const bool holds = f == format::kFieldBody || rng() % 4 == 0;
        d.tf[f] = holds ? std::min<std::uint32_t>(d.len[f], 1 + static_cast<std::uint32_t>(rng() % spread)) : 0;
      }
      std::vector<Position> positions(d.tf[0] + d.tf[1] + d.tf[2]);
      for (std::size_t j = 0; j < positions.size(); ++j) positions[j] = static_cast<Position>(j);
      builder.Add(static_cast<DocNum>(i), d.tf, d.len, positions);
    }
    const std::string value = builder.Finish();
    PostingRunReader reader;
    ASSERT_TRUE(reader.Init(value, 0).ok());
    ASSERT_EQ(reader.block_count(), 1u);
    std::vector<Impact> impacts;
    ASSERT_TRUE(reader.BlockImpacts(0, &impacts).ok());
    ASSERT_GE(impacts.size(), 1u);
    ASSERT_LE(impacts.size(), kMaxImpacts);
    // The undominated documents, counted the slow way.
    std::size_t undominated = 0;
    for (std::size_t i = 0; i < docs.size(); ++i) {
      bool dominated = false;
      for (std::size_t j = 0; j < docs.size() && !dominated; ++j) {
        if (j == i) continue;
        bool covers = true, strictly = false;
        for (std::size_t f = 0; f < format::kFieldCount; ++f) {
          if (docs[i].tf[f] == 0) {
            strictly |= docs[j].tf[f] > 0;
            continue;
          }
          covers &= docs[j].tf[f] >= docs[i].tf[f] && docs[j].len[f] <= docs[i].len[f];
          strictly |= docs[j].tf[f] > docs[i].tf[f] || docs[j].len[f] < docs[i].len[f];
        }
        // Equal documents: the first of them stays undominated.
        dominated = covers && (strictly || j < i);
      }
      if (!dominated) ++undominated;
    }
    const BlockInfo& info = reader.block(0);
    for (int params = 0; params < 5; ++params) {
      const RankingOptions p = RandomRanking(rng);
      CollectionStats st{10000, {}};
      for (std::size_t f = 0; f < format::kFieldCount; ++f) st.avg_len[f] = 1 + max_len[f] / 3.0;
      const Bm25F s(p, st);
      const float idf = s.Idf(50);
      float bound = 0, best = 0;
      for (const Impact& k : impacts) bound = std::max(bound, s.Bound(idf, k.tf, k.len));
      for (const Doc& d : docs) {
        const float score = s.Score(idf, d.tf, d.len);
        ASSERT_GE(bound, score) << "trial " << trial;
        best = std::max(best, score);
      }
      const float maxima = s.Bound(idf, info.max_tf, info.min_len);
      ASSERT_LE(bound, maxima) << "trial " << trial;
      if (undominated <= kMaxImpacts) {
        ASSERT_LE(bound, best * 1.0001f + 1e-6f + best * 1e-6f) << "trial " << trial;
        ++exact_blocks;
      }
      if (bound < maxima * 0.99f) ++tighter_blocks;
    }
  }
  // Both kinds of block occur, and impacts beat the maxima often.
  EXPECT_GT(exact_blocks, 500);
  EXPECT_LT(exact_blocks, 2000);
  EXPECT_GT(tighter_blocks, 500);
}

}  // namespace
}  // namespace sagasu
