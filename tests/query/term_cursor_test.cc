// TermCursor (query/term_cursor.h) over runs encoded in memory with the real
// PostingRunBuilder, checked against a std::map of the same postings. No
// analyzer, no database.
#include "query/term_cursor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <vector>

#include "query/bm25.h"
#include "storage/format.h"
#include "storage/posting_codec.h"

namespace sagasu {
namespace {

using format::FieldCounts;

struct Posting {
  FieldCounts tf{}, len{};
  std::vector<Position> positions;  // title, body (from kBodyStart), meta (from kMetaStart)
};

constexpr Position kBodyStart = format::kFieldGap;
constexpr Position kMetaStart = 2000 + format::kFieldGap;

using Model = std::map<DocNum, Posting>;

// `n` ascending distinct positions in [from, from + len). REQUIRES: n <= len.
std::vector<Position> SomePositions(std::mt19937& rng, std::uint32_t n, std::uint32_t len, Position from) {
  std::set<Position> picked;
  while (picked.size() < n) picked.insert(from + rng() % len);
  return {picked.begin(), picked.end()};
}

// How postings of a block are drawn: cold blocks score low (one body
// occurrence in a long body), hot ones high, so that a bound taken from the
// wrong block shows.
struct Heat {
  std::uint32_t max_tf_title, max_tf_body, min_len_body, len_body_span, max_tf_meta;
};
constexpr Heat kHeats[] = {{0, 1, 400, 300, 0}, {1, 3, 100, 300, 1}, {3, 8, 5, 95, 2}};

Posting RandomPosting(std::mt19937& rng, const Heat& h) {
  Posting p;
  auto& [tf_title, tf_body, tf_meta] = p.tf;
  auto& [len_title, len_body, len_meta] = p.len;
  tf_title = rng() % (h.max_tf_title + 1);
  tf_body = 1 + rng() % h.max_tf_body;
  tf_meta = rng() % (h.max_tf_meta + 1);
  len_title = tf_title + rng() % 12;
  len_body = std::max(tf_body, h.min_len_body + static_cast<std::uint32_t>(rng() % h.len_body_span));
  len_meta = tf_meta + rng() % 6;
  p.positions = SomePositions(rng, tf_title, std::max(len_title, 1u), 0);
  for (auto part : {SomePositions(rng, tf_body, len_body, kBodyStart),
                    SomePositions(rng, tf_meta, std::max(len_meta, 1u), kMetaStart)}) {
    p.positions.insert(p.positions.end(), part.begin(), part.end());
  }
  return p;
}

// One run of the term: `docs` postings from `base` on, with random gaps and
// frequencies, the heat changing from block to block (cold, warm, hot
// from base 0). Adds them to `model`.
std::unique_ptr<TermRun> MakeRun(DocNum base, std::uint32_t docs, std::mt19937& rng, Model* model) {
  PostingRunBuilder b(base);
  DocNum doc = base + rng() % 3;
  for (std::uint32_t i = 0; i < docs; ++i, doc += 1 + rng() % 4) {
    Posting p = RandomPosting(rng, kHeats[(base + i / kBlockSize) % 3]);
    b.Add(doc, p.tf, p.len, p.positions);
    (*model)[doc] = std::move(p);
  }
  auto run = std::make_unique<TermRun>();
  run->value = b.Finish();
  EXPECT_TRUE(run->reader.Init(run->value, base).ok());
  return run;
}

// Runs in document order, as Snapshot::ReadTerm gives them: 300 docs
// (blocks of 128, 128, 44), an empty run (the cursor skips those), 256 (two
// full blocks) and 129 (a last block of one document).
class TermCursorTest : public ::testing::Test {
 protected:
  TermCursorTest() : scorer_(RankingOptions{}, CollectionStats{.docs = 5000, .avg_len = {6, 150, 3}}) {
    std::mt19937 rng(42);
    auto runs = std::make_shared<TermRuns>();
    runs->push_back(MakeRun(0, 300, rng, &model_));
    runs->push_back(MakeRun(1500, 0, rng, &model_));
    runs->push_back(MakeRun(2000, 256, rng, &model_));
    runs->push_back(MakeRun(5000, 129, rng, &model_));
    runs_ = std::move(runs);
    idf_ = scorer_.Idf(static_cast<double>(model_.size()));
  }

  TermCursor Cursor(bool scored = true) const { return TermCursor(runs_, idf_, scored ? &scorer_ : nullptr); }

  float Score(const Posting& p) const { return scorer_.Score(idf_, p.tf, p.len); }

  // The first doc >= target in the model, or kNoDoc.
  DocNum Expected(DocNum target) const {
    auto it = model_.lower_bound(target);
    return it == model_.end() ? kNoDoc : it->first;
  }

  // Targets worth a seek: each block's first and last doc and the docs
  // around them, gaps between runs, before the first and past the last doc,
  // and random ones (fixed seed).
  std::vector<DocNum> Targets() const {
    std::vector<DocNum> t = {0, 1, 299, 1999, 2000, 4999, 5000, kNoDoc - 1, kNoDoc};
    DocNum first = model_.begin()->first;  // of the next block
    for (const auto& run : *runs_) {
      for (const BlockInfo& b : run->reader.blocks()) {
        for (DocNum d : {first, b.last_doc}) {
          for (DocNum near : {d - 1, d, d + 1}) t.push_back(near);
        }
        first = Expected(b.last_doc + 1);
      }
    }
    t.push_back(model_.rbegin()->first + 1);
    std::mt19937 rng(7);
    for (int i = 0; i < 300; ++i) t.push_back(rng() % 6000);
    std::sort(t.begin(), t.end());
    t.erase(std::unique(t.begin(), t.end()), t.end());
    return t;
  }

  void ExpectAt(TermCursor& c, DocNum doc) const {
    ASSERT_EQ(c.doc(), doc);
    if (doc == kNoDoc) return;
    const Posting& p = model_.at(doc);
    EXPECT_EQ(c.tf(), p.tf) << doc;
    EXPECT_EQ(std::vector<Position>(c.positions_begin(), c.positions_end()), p.positions) << doc;
  }

  Model model_;
  Bm25F scorer_;
  float idf_ = 0;
  std::shared_ptr<const TermRuns> runs_;
};

TEST_F(TermCursorTest, RunsHaveTheBlocksTheTestNeeds) {
  ASSERT_EQ(runs_->size(), 4u);
  EXPECT_EQ((*runs_)[0]->reader.block_count(), 3u);
  EXPECT_EQ((*runs_)[1]->reader.block_count(), 0u);
  EXPECT_EQ((*runs_)[2]->reader.block_count(), 2u);
  EXPECT_EQ((*runs_)[3]->reader.block_count(), 2u);
  EXPECT_EQ((*runs_)[3]->reader.block(1).doc_count, 1u);
  EXPECT_EQ(model_.size(), 300u + 256u + 129u);
  // A cold block before a hot one (kHeats).
  const auto& blocks = (*runs_)[0]->reader.blocks();
  EXPECT_LT(blocks[0].max_tf[format::kFieldBody], blocks[2].max_tf[format::kFieldBody]);
  EXPECT_FALSE(blocks[0].fields & (1u << format::kFieldMeta));
  EXPECT_TRUE(blocks[2].fields & (1u << format::kFieldMeta));
}

TEST_F(TermCursorTest, NextVisitsEveryDocInOrder) {
  TermCursor c = Cursor();
  for (const auto& [doc, p] : model_) {
    ExpectAt(c, doc);
    c.Next();
  }
  EXPECT_EQ(c.doc(), kNoDoc);
  c.Next();
  EXPECT_EQ(c.doc(), kNoDoc);
  EXPECT_TRUE(c.status().ok()) << c.status().ToString();
}

TEST_F(TermCursorTest, DfSumsTheRuns) { EXPECT_EQ(Cursor().df(), model_.size()); }

TEST_F(TermCursorTest, NextGEQFromTheStartLandsOnTheFirstDocAtOrAfterTarget) {
  for (DocNum target : Targets()) {
    TermCursor c = Cursor();
    c.NextGEQ(target);
    ExpectAt(c, Expected(target));
  }
}

TEST_F(TermCursorTest, NextGEQAndNextMoveForwardTogether) {
  TermCursor c = Cursor();
  for (DocNum target : Targets()) {
    if (target < c.doc()) continue;  // NextGEQ never moves back
    c.NextGEQ(target);
    ExpectAt(c, Expected(target));
    if (c.doc() == kNoDoc) break;
    const DocNum at = c.doc();
    c.NextGEQ(at);  // already there: stays
    ASSERT_EQ(c.doc(), at);
    c.Next();
    ExpectAt(c, Expected(at + 1));
  }
  c.NextGEQ(kNoDoc);
  EXPECT_EQ(c.doc(), kNoDoc);
  EXPECT_TRUE(c.status().ok()) << c.status().ToString();
}

TEST_F(TermCursorTest, MaxScoreBoundsEveryDoc) {
  TermCursor c = Cursor();
  for (const auto& [doc, p] : model_) EXPECT_LE(Score(p), c.max_score()) << doc;
}

// ShallowBound(target, &last) bounds every doc in [target, last], from any
// cursor position at or before target, without moving the cursor.
TEST_F(TermCursorTest, ShallowBoundCoversEveryDocUpToTheBlockLast) {
  const std::vector<DocNum> targets = Targets();
  for (DocNum from : {DocNum{0}, DocNum{150}, DocNum{2300}, DocNum{5130}}) {
    TermCursor c = Cursor();
    c.NextGEQ(from);
    const DocNum at = c.doc();
    for (DocNum target : targets) {
      if (at == kNoDoc || target < at) continue;
      DocNum last = 0;
      const float bound = c.ShallowBound(target, &last);
      ASSERT_EQ(c.doc(), at) << "ShallowBound moved the cursor";
      const DocNum first = Expected(target);
      if (first == kNoDoc) {
        EXPECT_EQ(last, kNoDoc) << target;
        EXPECT_EQ(bound, 0.0f) << target;
        continue;
      }
      ASSERT_GE(last, first) << target;
      ASSERT_TRUE(model_.count(last)) << "block last " << last << " is not a doc";
      for (auto it = model_.find(first); it != model_.end() && it->first <= last; ++it) {
        EXPECT_LE(Score(it->second), bound) << "target " << target << " doc " << it->first;
      }
    }
  }
}

TEST_F(TermCursorTest, MatchOnlyCursorWalksTheSameDocs) {
  TermCursor c = Cursor(/*scored=*/false);
  EXPECT_EQ(c.max_score(), 0.0f);
  EXPECT_EQ(c.df(), model_.size());
  for (const auto& [doc, p] : model_) {
    ExpectAt(c, doc);
    c.Next();
  }
  EXPECT_EQ(c.doc(), kNoDoc);
  for (DocNum target : Targets()) {
    TermCursor s = Cursor(/*scored=*/false);
    s.NextGEQ(target);
    ExpectAt(s, Expected(target));
  }
}

TEST(TermCursor, NoRunsIsAtTheEnd) {
  const Bm25F scorer(RankingOptions{}, CollectionStats{.docs = 10, .avg_len = {1, 1, 1}});
  TermCursor c(std::make_shared<const TermRuns>(), 1.0f, &scorer);
  EXPECT_EQ(c.doc(), kNoDoc);
  EXPECT_EQ(c.df(), 0u);
  EXPECT_EQ(c.max_score(), 0.0f);
  c.NextGEQ(5);
  EXPECT_EQ(c.doc(), kNoDoc);
  DocNum last = 0;
  EXPECT_EQ(c.ShallowBound(5, &last), 0.0f);
  EXPECT_EQ(last, kNoDoc);
}

}  // namespace
}  // namespace sagasu
