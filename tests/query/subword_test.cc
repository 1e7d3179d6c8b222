// Finding what Japanese readers type (issue: n-gram stream and prefixes):
// parts of compounds, one- and two-letter queries, phrases across MeCab's
// boundaries, prefixes in each script, whole words ranked above parts, and
// no match for letters that are not contiguous. Table-driven, on posts
// written for this test.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "query/searcher.h"
#include "query_test_util.h"

namespace sagasu {
namespace {

using testing::MakeDoc;
using testing::QTempDir;

const std::vector<Article>& Posts() {
  static const std::vector<Article> docs = {
      MakeDoc("gen", "生成AIで献立を考える", "生成AIのチャットに一週間の献立を頼んでみた。"),
      MakeDoc("seisei", "文書の生成について", "テンプレートから文書を生成する方法をまとめた。"),
      MakeDoc("hokkaido", "北海道の夏", "北海道庁の赤れんが庁舎を見て、大通公園を歩いた。"),
      MakeDoc("tokyo", "東京大学の研究室", "東京大学の研究室を見学した。"),
      MakeDoc("toshi", "東京の都市計画", "東京の都市開発は続いている。"),
      MakeDoc("cool", "液浸冷却の仕組み", "サーバーを液体に沈める液浸冷却が注目されている。"),
      MakeDoc("benri", "便利な情報", "旅に便利な情報をまとめました。"),
      MakeDoc("rain", "梅雨の旅", "梅雨の時期は雨具を忘れずに。"),
      MakeDoc("bench", "ベンチマークの手順", "ベンチマークを取る前に、データセンターの室温を確かめた。"),
      MakeDoc("k8s", "kubernetesの運用", "kubectl で pod を確認する。"),
      MakeDoc("word", "雨の日", "雨が降ったので家にいた。"),
  };
  return docs;
}

class SubwordTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new QTempDir();
    ASSERT_TRUE(testing::BuildIndex(dir_->path(), Posts()).ok());
    searcher_ = testing::OpenSearcherOrDie(dir_->path()).release();
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete dir_;
  }
  static std::vector<std::string> Ids(const std::string& q, bool fallback = true) {
    SearchQuery r;
    r.text = q;
    r.limit = 100;
    r.fallback = fallback;
    auto res = searcher_->Search(r);
    EXPECT_TRUE(res.ok()) << q << ": " << res.status().ToString();
    std::vector<std::string> out;
    if (res.ok()) {
      for (const auto& h : res->hits) out.push_back(h.id);
      EXPECT_EQ(res->total, out.size()) << q;
    }
    return out;
  }
  static QTempDir* dir_;
  static Searcher* searcher_;
};

QTempDir* SubwordTest::dir_ = nullptr;
Searcher* SubwordTest::searcher_ = nullptr;

struct Case {
  std::string query;
  std::vector<std::string> want;  // in rank order
};

TEST_F(SubwordTest, PartsOfWordsPrefixesAndPhrases) {
  const std::vector<Case> cases = {
      // The word first (MeCab's 生成), then the compound kept whole (生成ai).
      {"生成", {"seisei", "gen"}},
      {"北海", {"hokkaido"}},
      {"北海道", {"hokkaido"}},
      {"庁舎", {"hokkaido"}},
      // 東京 as a word first; 東京大学 (one IPAdic word) through the n-grams.
      {"冷却", {"cool"}},
      // One letter: the word 雨 first, then 梅雨 and 雨具 inside words.
      {"雨", {"word", "rain"}},
      // Phrases: the exact character sequence, whatever MeCab's boundaries.
      {"\"液浸 冷却\"", {"cool"}},
      {"\"便利 情報\"", {}},
      // Prefixes in each script, below whole words.
      {"ベンチ*", {"bench"}},
      {"データセ*", {"bench"}},
      {"kube*", {"k8s"}},
      {"kubec*", {"k8s"}},
      // Not a bag of grams: 京都 is not 東京 + 都市.
      {"京都", {}},
  };
  for (const Case& c : cases) EXPECT_EQ(Ids(c.query), c.want) << c.query;
}

// A long sequence is looked up through every other bigram (PinningSteps):
// the bigrams at p and p + 2 are four letters of one run, so the letters
// must still be contiguous, in one value of one field, for a match.
TEST(SubwordPinning, LongSequencesMatchOnlyContiguousLetters) {
  QTempDir dir;
  const std::vector<Article> posts = {
      MakeDoc("whole", "データセンターの見学", "新しいデータセンターを見学した。"),
      MakeDoc("dot", "データ・センターの話", "データ・センターと書く人もいる。ツイ・ターアカウント。ツイッターアカウンタ。"),
      MakeDoc("space", "分かち書き", "デー タセンター、データセン ター、データセンタ。"),
      MakeDoc("values", "タグの境目", "本文にはない。", {"データセ", "ンター"}),
      MakeDoc("account", "アカウントの話", "ツイッターアカウントを作った。"),
  };
  ASSERT_TRUE(testing::BuildIndex(dir.path(), posts).ok());
  auto searcher = testing::OpenSearcherOrDie(dir.path());
  auto ids = [&](const std::string& q) {
    SearchQuery r;
    r.text = q;
    r.limit = 100;
    auto res = searcher->Search(r);
    EXPECT_TRUE(res.ok()) << q;
    std::vector<std::string> out;
    if (res.ok()) {
      for (const auto& h : res->hits) out.push_back(h.id);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  // Parts of long words, odd and even lengths; dot has ツイ and ント eight
  // letters apart with a ・ between, and ツイッターアカウン before タ.
  EXPECT_EQ(ids("ータセンター"), std::vector<std::string>{"whole"});
  EXPECT_EQ(ids("タセンタ"), (std::vector<std::string>{"space", "whole"}));
  EXPECT_EQ(ids("ッターアカウ"), (std::vector<std::string>{"account", "dot"}));
  EXPECT_EQ(ids("イッターアカウン"), (std::vector<std::string>{"account", "dot"}));
  EXPECT_EQ(ids("ツイッターアカウント"), std::vector<std::string>{"account"});
  EXPECT_EQ(ids("ツイッタアカウント"), std::vector<std::string>{});
}

TEST_F(SubwordTest, WholeWordsRankAboveParts) {
  const std::vector<std::string> tokyo = Ids("東京");
  ASSERT_EQ(tokyo.size(), 2u);
  // toshi says 東京 as a word; tokyo only inside 東京大学.
  EXPECT_EQ(tokyo[0], "toshi");
  EXPECT_EQ(tokyo[1], "tokyo");
}

TEST_F(SubwordTest, WithoutTheFallbackOnlyWholeWordsMatch) {
  EXPECT_EQ(Ids("北海", /*fallback=*/false), std::vector<std::string>{});
  EXPECT_EQ(Ids("雨", /*fallback=*/false), std::vector<std::string>{"word"});
  EXPECT_EQ(Ids("kube*", /*fallback=*/false), std::vector<std::string>{});
}

TEST_F(SubwordTest, ExplainNamesTheStream) {
  SearchQuery r;
  r.text = "雨";
  r.explain = true;
  auto res = searcher_->Search(r);
  ASSERT_TRUE(res.ok());
  ASSERT_EQ(res->hits.size(), 2u);
  ASSERT_FALSE(res->hits[0].explanation.empty());
  EXPECT_EQ(res->hits[0].explanation[0].stream, "words");
  ASSERT_FALSE(res->hits[1].explanation.empty());
  EXPECT_EQ(res->hits[1].explanation[0].stream, "ngram");
  EXPECT_GT(res->hits[1].explanation[0].tf_body + res->hits[1].explanation[0].tf_title, 0u);
}

}  // namespace
}  // namespace sagasu
