// Searching across spellings (common/analyzer/fold.h) on a small archive of
// posts written for it: each spelling of every pair finds the posts written
// with either, highlights land on the characters the post wrote, and an
// index built without the rules finds only the spelling typed.
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

std::vector<Article> Posts() {
  return {
      MakeDoc("apple-hira", "秋のりんご狩り", "長野でりんごを箱いっぱい買ってきました。"),
      MakeDoc("apple-kata", "リンゴの品種", "リンゴは品種によって酸味がずいぶん違います。"),
      MakeDoc("violin-vu", "ヴァイオリンを習い始めた", "大人になってからヴァイオリンの教室に通っています。"),
      MakeDoc("violin-ba", "バイオリン教室の発表会", "先生のバイオリンは百年前のものだそうです。"),
      MakeDoc("sasaki-mark", "佐々木さんの送別会", "佐々木さんが来月で退職されます。"),
      MakeDoc("sasaki-plain", "佐佐木信綱の歌", "歌人の佐佐木信綱について調べました。"),
      MakeDoc("takahashi-old", "髙橋さんの資料", "髙橋さんから会議の資料を受け取りました。"),
      MakeDoc("takahashi-new", "高橋さんと昼食", "高橋さんと駅前で昼食をとりました。"),
      MakeDoc("watanabe-old", "渡邊さんの論文", "渡邊さんの論文が学会誌に載りました。"),
      MakeDoc("watanabe-new", "渡辺さんの講演", "渡辺さんの講演を聞きに行きました。"),
      MakeDoc("meeting-full", "打ち合わせの記録", "午後から新製品の打ち合わせをしました。"),
      MakeDoc("meeting-short", "打合せメモ", "打合せの議事録を共有します。"),
      MakeDoc("meeting-mid", "打合わせの日程", "来週の打合わせの日程を決めました。"),
      MakeDoc("price-comma", "本の値段", "この本は1,000円でした。"),
      MakeDoc("price-plain", "雑誌の値段", "この雑誌は1000円でした。"),
      MakeDoc("apple-juice", "手作りジュース", "今朝はりんごジュースを作りました。"),
      MakeDoc("bridge", "古い橋", "川に架かる古い橋を渡りました。"),
      MakeDoc("chopsticks", "塗りの箸", "漆塗りの箸を買いました。"),
  };
}

class FoldSearchTest : public ::testing::Test {
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

  static std::set<std::string> Ids(const std::string& query) {
    SearchQuery q;
    q.text = query;
    q.limit = 100;
    auto res = searcher_->Search(q);
    EXPECT_TRUE(res.ok()) << query << ": " << res.status().ToString();
    std::set<std::string> out;
    if (res.ok()) {
      for (const auto& h : res->hits) out.insert(h.id);
    }
    return out;
  }

  static QTempDir* dir_;
  static Searcher* searcher_;
};
QTempDir* FoldSearchTest::dir_ = nullptr;
Searcher* FoldSearchTest::searcher_ = nullptr;

// Every spelling of a pair finds exactly the posts of the pair.
TEST_F(FoldSearchTest, EverySpellingFindsBoth) {
  struct Case {
    std::vector<std::string> spellings;
    std::set<std::string> ids;
  };
  const std::vector<Case> cases = {
      {{"りんご", "リンゴ", "ﾘﾝｺﾞ"}, {"apple-hira", "apple-kata", "apple-juice"}},
      {{"ヴァイオリン", "バイオリン"}, {"violin-vu", "violin-ba"}},
      {{"佐々木", "佐佐木"}, {"sasaki-mark", "sasaki-plain"}},
      {{"髙橋", "高橋"}, {"takahashi-old", "takahashi-new"}},
      {{"渡邊", "渡邉", "渡辺"}, {"watanabe-old", "watanabe-new"}},
      {{"打ち合わせ", "打合せ", "打合わせ"}, {"meeting-full", "meeting-short", "meeting-mid"}},
      {{"1,000円", "1000円"}, {"price-comma", "price-plain"}},
  };
  for (const Case& c : cases) {
    for (const std::string& s : c.spellings) EXPECT_EQ(Ids(s), c.ids) << s;
  }
}

// Homophones stay apart: 橋 never finds 箸 (both ハシ). (橋 also finds the
// 橋 of 高橋 through the n-gram stream, as 雨 finds 梅雨.)
TEST_F(FoldSearchTest, HomophonesStayApart) {
  const auto bridge = Ids("橋"), chopsticks = Ids("箸");
  EXPECT_TRUE(bridge.count("bridge"));
  EXPECT_FALSE(bridge.count("chopsticks"));
  EXPECT_EQ(chopsticks, std::set<std::string>{"chopsticks"});
}

// A hiragana prefix matches the katakana spelling (and the n-gram stream
// folds hiragana alike): りん* finds both apple posts, and whatever リン*
// finds (the リン of バイオリン too: a prefix is matched in grams anywhere).
TEST_F(FoldSearchTest, HiraganaPrefixAndPartsMatchKatakana) {
  const auto hira = Ids("りん*");
  EXPECT_TRUE(hira.count("apple-hira"));
  EXPECT_TRUE(hira.count("apple-kata"));
  EXPECT_EQ(hira, Ids("リン*"));
  EXPECT_EQ(Ids("ジュース りんご"), Ids("ジュース リンゴ"));
  // MeCab cuts りんごジュース into りん + ご + ジュース; the folded grams
  // still hold リンゴ, so both spellings find the juice post.
  EXPECT_TRUE(Ids("リンゴ").count("apple-juice"));
  EXPECT_TRUE(Ids("りんご").count("apple-juice"));
}

// Highlights mark what the post wrote, whatever spelling was typed.
TEST_F(FoldSearchTest, HighlightsLandOnTheOriginalCharacters) {
  struct Case {
    std::string query;
    std::string id;
    std::string title_mark;
  };
  const std::vector<Case> cases = {
      {"佐佐木", "sasaki-mark", "佐々木"},
      {"佐々木", "sasaki-plain", "佐佐木"},
      {"高橋", "takahashi-old", "髙橋"},
      {"バイオリン", "violin-vu", "ヴァイオリン"},
      {"ヴァイオリン", "violin-ba", "バイオリン"},
      {"リンゴ", "apple-hira", "りんご"},
      {"打合せ", "meeting-full", "打ち合わせ"},
      {"打ち合わせ", "meeting-mid", "打合わせ"},
  };
  for (const Case& c : cases) {
    SearchQuery q;
    q.text = c.query;
    q.limit = 100;
    auto res = searcher_->Search(q);
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    bool found = false;
    for (const auto& h : res->hits) {
      if (h.id != c.id) continue;
      found = true;
      std::vector<std::string> marks;
      for (const auto& [b, e] : h.title_highlighted.ranges) marks.push_back(h.title_highlighted.text.substr(b, e - b));
      EXPECT_EQ(marks, std::vector<std::string>{c.title_mark}) << c.query << " / " << c.id;
      std::vector<std::string> body;
      for (const auto& [b, e] : h.snippet.ranges) body.push_back(h.snippet.text.substr(b, e - b));
      EXPECT_EQ(body, std::vector<std::string>{c.title_mark}) << c.query << " / " << c.id << ": " << h.snippet.html;
    }
    EXPECT_TRUE(found) << c.query << " does not find " << c.id;
  }
}

// With every rule off, each spelling finds its own posts only; and the
// index refuses an analyzer with other rules.
TEST(FoldSearchOff, RulesOffFindOnlyTheSpellingTyped) {
  QTempDir dir;
  AnalyzerOptions off;
  ASSERT_TRUE(off.fold.Disable("all").ok());
  {
    IndexWriterOptions wo;
    wo.threads = 1;
    wo.sync = false;
    std::unique_ptr<IndexWriter> w;
    ASSERT_TRUE(IndexWriter::Open(dir.path().string(), off, wo, &w).ok());
    for (const Article& a : Posts()) ASSERT_TRUE(w->Add(a).ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  std::unique_ptr<Searcher> refused;
  const Status s = Searcher::Open(dir.path().string(), SearchOptions(), &refused);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();

  SearchOptions so;
  so.analyzer = off;
  std::unique_ptr<Searcher> searcher;
  ASSERT_TRUE(Searcher::Open(dir.path().string(), so, &searcher).ok());
  auto ids = [&](const std::string& text) {
    SearchQuery q;
    q.text = text;
    q.limit = 100;
    auto res = searcher->Search(q);
    EXPECT_TRUE(res.ok());
    std::set<std::string> out;
    for (const auto& h : res->hits) out.insert(h.id);
    return out;
  };
  EXPECT_EQ(ids("髙橋"), std::set<std::string>{"takahashi-old"});
  EXPECT_EQ(ids("ヴァイオリン"), std::set<std::string>{"violin-vu"});
  EXPECT_EQ(ids("1000"), std::set<std::string>{"price-plain"});
  EXPECT_EQ(ids("打合せ"), std::set<std::string>{"meeting-short"});
}

}  // namespace
}  // namespace sagasu
