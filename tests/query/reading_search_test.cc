// Reading search (issue 12, "Reading search, kept apart"): a kana query
// also finds the words it spells (ほっかいどう → 北海道, うみ → 海) through
// the reading stream, below matches on the written form; never through
// MeCab's split of the kana into unrelated words (ほる + どう); a query with
// kanji never uses readings (健 does not find 見). Highlights land on the
// original characters of the tokens whose readings matched. On posts
// written for this test.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
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
      MakeDoc("hokkaido", "梅雨のない北海道へ", "今年は思い切って、梅雨がないと言われる北海道へ五日間だけ避難しました。"),
      MakeDoc("dou", "これからどうするか", "どうすればいいのか、まだ決めていない。"),
      MakeDoc("horu", "庭の手入れ", "スコップで庭を掘る作業は腰にくる。"),
      MakeDoc("umi", "夏休みの計画", "週末は家族で海へ行った。波が高かった。"),
      MakeDoc("umu", "鶏の話", "この鶏は毎朝卵を産む。"),
      MakeDoc("bridge", "古い石の橋", "川に架かる橋を渡って駅へ向かった。"),
      MakeDoc("chopsticks", "和食の作法", "箸の持ち方を子どもに教えた。"),
      MakeDoc("lake", "湖のほとり", "湖を眺めながら、新しい企画を生み出す。"),
      MakeDoc("kana_hashi", "ひらがなで書く", "幼い子は「はし」とひらがなで書いた。"),
      MakeDoc("health", "健康診断の結果", "健康のために毎日歩いている。"),
      MakeDoc("visit", "工場の見学会", "工場を見学して、製造の流れを学んだ。"),
      MakeDoc("run", "朝の日課", "毎朝公園を走る。"),
  };
  return docs;
}

class ReadingSearchTest : public ::testing::Test {
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
  static SearchResponse Search(const std::string& q, bool snippets = false, bool explain = false) {
    SearchQuery r;
    r.text = q;
    r.limit = 100;
    r.snippets = snippets;
    r.explain = explain;
    auto res = searcher_->Search(r);
    EXPECT_TRUE(res.ok()) << q << ": " << res.status().ToString();
    return res.ok() ? *res : SearchResponse();
  }
  static std::vector<std::string> Ids(const std::string& q) {
    std::vector<std::string> out;
    const SearchResponse res = Search(q);
    for (const auto& h : res.hits) out.push_back(h.id);
    EXPECT_EQ(res.total, out.size()) << q;
    return out;
  }
  static QTempDir* dir_;
  static Searcher* searcher_;
};

QTempDir* ReadingSearchTest::dir_ = nullptr;
Searcher* ReadingSearchTest::searcher_ = nullptr;

struct Case {
  std::string query;
  std::vector<std::string> want;  // as a set
};

std::set<std::string> AsSet(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

TEST_F(ReadingSearchTest, KanaQueriesFindTheWordsTheySpellAndNoJunk) {
  const std::vector<Case> cases = {
      // Not ほる + どう: neither 「どう」 nor 掘る matches.
      {"ほっかいどう", {"hokkaido"}},
      {"ホッカイドウ", {"hokkaido"}},
      // うみ is 海. MeCab reads the query as the verb うむ, a kana word
      // it keeps whole, so the word term うむ stays; 産む is the term 産む
      // and reads ウム, so it does not match.
      // Not the end of 湖 (ミズウミ) nor the start of 生み出す (ウミダス).
      {"うみ", {"umi"}},
      // Every word read ハシ, and the post that writes はし.
      {"はし", {"bridge", "chopsticks", "kana_hashi"}},
      // A reading must be whole tokens: 走る (ハシル) is not はし, and
      // かいどう is not inside ホッカイドウ's token.
      {"かいどう", {}},
      // A prefix keeps the start marker only: ほっかい* begins 北海道.
      {"ほっかい*", {"hokkaido"}},
      // Queries with kanji never use readings: homophones stay apart.
      {"橋", {"bridge"}},
      {"箸", {"chopsticks"}},
      {"健", {"health"}},
      // 海 as a word, and inside 北海道 through the n-grams; never うみ.
      {"海", {"umi", "hokkaido"}},
  };
  for (const Case& c : cases) EXPECT_EQ(AsSet(Ids(c.query)), AsSet(c.want)) << c.query;
}

TEST_F(ReadingSearchTest, WrittenFormRanksAboveReadingOnly) {
  const std::vector<std::string> ids = Ids("はし");
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], "kana_hashi");  // はし written; the others only read so
  const SearchResponse res = Search("はし", false, /*explain=*/true);
  ASSERT_EQ(res.hits.size(), 3u);
  // The reading-only hits say so in their explanation.
  for (std::size_t i = 1; i < res.hits.size(); ++i) {
    bool reading = false;
    for (const auto& e : res.hits[i].explanation) reading = reading || (e.stream == "reading" && e.score > 0);
    EXPECT_TRUE(reading) << res.hits[i].id;
  }
}

TEST_F(ReadingSearchTest, WithoutTheFallbackKanaFindsOnlyWholeWords) {
  SearchQuery r;
  r.text = "ほっかいどう";
  r.fallback = false;
  auto res = searcher_->Search(r);
  ASSERT_TRUE(res.ok());
  EXPECT_TRUE(res->hits.empty());  // the split gave no word terms
}

TEST_F(ReadingSearchTest, RequiredAndExcludedKanaWords) {
  EXPECT_EQ(AsSet(Ids("+ほっかいどう")), AsSet({"hokkaido"}));
  // An excluded kana word excludes its written form, not its readings.
  EXPECT_EQ(AsSet(Ids("梅雨 -ほっかいどう")), AsSet({"hokkaido"}));
}

// The highlight covers exactly the original characters of the tokens whose
// readings matched: 北海道 for ほっかいどう, 海 for うみ.
TEST_F(ReadingSearchTest, HighlightsLandOnTheMatchedTokens) {
  struct HCase {
    std::string query, id, want_title, want_snippet;
  };
  const std::vector<HCase> cases = {
      {"ほっかいどう", "hokkaido", "北海道", "北海道"},
      {"うみ", "umi", "", "海"},
      {"ほっかい*", "hokkaido", "北海道", "北海道"},
  };
  for (const HCase& c : cases) {
    const SearchResponse res = Search(c.query, /*snippets=*/true);
    auto hit = std::find_if(res.hits.begin(), res.hits.end(), [&](const SearchHit& h) { return h.id == c.id; });
    ASSERT_NE(hit, res.hits.end()) << c.query;
    const auto& t = hit->title_highlighted;
    if (c.want_title.empty()) {
      EXPECT_TRUE(t.ranges.empty()) << c.query;
    } else {
      ASSERT_EQ(t.ranges.size(), 1u) << c.query;
      EXPECT_EQ(t.text.substr(t.ranges[0].first, t.ranges[0].second - t.ranges[0].first), c.want_title) << c.query;
      EXPECT_EQ(t.ranges[0].first, t.text.find(c.want_title)) << c.query;
    }
    const auto& s = hit->snippet;
    ASSERT_FALSE(s.ranges.empty()) << c.query;
    for (const auto& [b, e] : s.ranges) EXPECT_EQ(s.text.substr(b, e - b), c.want_snippet) << c.query;
  }
}

}  // namespace
}  // namespace sagasu
