// One regression test per bug found in the query engine, named for the bug.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "query/query_parser.h"
#include "query/searcher.h"
#include "query/snippet.h"
#include "query_test_util.h"

namespace sagasu {
namespace {

using testing::BuildIndex;
using testing::MakeDoc;
using testing::OpenSearcherOrDie;
using testing::QTempDir;
using testing::QueryAnalyzer;

std::set<std::string> IdSet(const Searcher& s, SearchQuery r) {
  auto res = s.Search(r);
  EXPECT_TRUE(res.ok()) << r.text << ": " << res.status().ToString();
  std::set<std::string> out;
  if (res.ok())
    for (const auto& h : res->hits) out.insert(h.id);
  return out;
}

SearchQuery Req(std::string query, std::size_t limit = 100) {
  SearchQuery r;
  r.text = std::move(query);
  r.limit = limit;
  return r;
}

// A quoted phrase without + was parsed as an optional (kShould) clause, and
// the searcher checks adjacency only for required and excluded clauses, so
// "東京 タワー" matched every document with 東京 or タワー anywhere.
TEST(Regression, QuotedPhraseIsRequiredAndAdjacent) {
  QTempDir dir;
  ASSERT_TRUE(BuildIndex(dir.path(), {
                                         MakeDoc("adjacent", "展望", "東京タワーの展望台に登った。"),
                                         MakeDoc("apart", "散歩", "東京の街を歩くと遠くにタワーが見えた。"),
                                         MakeDoc("reversed", "眺め", "タワー東京という店。"),
                                         MakeDoc("one", "旅", "東京駅から出発した。"),
                                     })
                  .ok());
  auto s = OpenSearcherOrDie(dir.path());
  for (bool exhaustive : {false, true}) {
    for (const char* q : {"\"東京 タワー\"", "＂東京 タワー＂", "“東京 タワー”", "展望 \"東京 タワー\""}) {
      SearchQuery r = Req(q);
      r.exhaustive = exhaustive;
      EXPECT_EQ(IdSet(*s, r), (std::set<std::string>{"adjacent"})) << q;
    }
  }
}

// ClauseMatches tested `!phrase && size <= 1` where `!phrase || size <= 1`
// was meant, so an unquoted required word that analyzes into several terms
// (+東京タワー, title:京都旅行) demanded adjacency like a phrase and the
// phrase flag had no effect. A required word requires each of its terms.
TEST(Regression, UnquotedRequiredWordIsNotAPhrase) {
  QTempDir dir;
  ASSERT_TRUE(BuildIndex(dir.path(), {
                                         MakeDoc("adjacent", "東京タワー", "東京タワーの展望台に登った。"),
                                         MakeDoc("apart", "東京の塔", "東京の街を歩くと遠くにタワーが見えた。"),
                                         MakeDoc("one", "旅", "東京駅から出発した。"),
                                     })
                  .ok());
  auto s = OpenSearcherOrDie(dir.path());
  for (bool exhaustive : {false, true}) {
    SearchQuery r = Req("+東京タワー");
    r.exhaustive = exhaustive;
    EXPECT_EQ(IdSet(*s, r), (std::set<std::string>{"adjacent", "apart"}));
    r.text = "+\"東京タワー\"";
    EXPECT_EQ(IdSet(*s, r), (std::set<std::string>{"adjacent"}));
    r.text = "-東京タワー 東京";
    EXPECT_EQ(IdSet(*s, r), (std::set<std::string>{"one"}));
    r.text = "title:東京タワー";
    EXPECT_EQ(IdSet(*s, r), (std::set<std::string>{"adjacent"}));
    r.text = "東京 title:東京塔";  // 塔 is in the title, 東京 too, not adjacent
    EXPECT_EQ(IdSet(*s, r), (std::set<std::string>{"apart"}));
  }
}

// Facets of exhaustive, date-sorted and filter-only searches were counted
// over the page (`ranked` after it was cut to offset + limit), not over every
// match: tag:旅行 with limit 2 reported 旅行:2 for 5 matches.
TEST(Regression, FacetsCountEveryMatchNotOnlyThePage) {
  QTempDir dir;
  std::vector<Article> docs;
  for (int i = 0; i < 5; ++i) {
    docs.push_back(MakeDoc("t" + std::to_string(i), "旅行記", "京都へ旅行した。", {"旅行", i % 2 ? "京都" : "奈良"},
                           {"旅"}, "", "2024-0" + std::to_string(i + 1) + "-01"));
  }
  docs.push_back(MakeDoc("x", "日記", "京都の雨。", {"日記"}, {"日記"}, "", "2024-07-01"));
  ASSERT_TRUE(BuildIndex(dir.path(), docs).ok());
  auto s = OpenSearcherOrDie(dir.path());
  auto facets = [](const std::vector<Facet>& f) {
    std::string out;
    for (const auto& c : f) out += c.value + ":" + std::to_string(c.count) + " ";
    return out;
  };
  for (const char* q : {"tag:旅行", "旅行", "京都 tag:旅行"}) {
    for (auto sort : {SearchQuery::Sort::kScore, SearchQuery::Sort::kDateDesc}) {
      for (bool exhaustive : {false, true}) {
        SearchQuery r = Req(q, 2);
        r.sort = sort;
        r.exhaustive = exhaustive;
        auto res = s->Search(r);
        ASSERT_TRUE(res.ok());
        EXPECT_EQ(res->total, 5u) << q;
        EXPECT_EQ(facets(res->tag_facets), "旅行:5 奈良:3 京都:2 ") << q << " sort " << static_cast<int>(sort);
        EXPECT_EQ(facets(res->category_facets), "旅:5 ") << q;
      }
    }
  }
}

// With limit 0 (and offset 0: a count-and-facets request) MaxScore pushed a
// candidate, popped it again since the heap may hold 0, and then read
// heap.top() of the empty heap for the threshold: undefined behaviour
// (an assertion failure under -D_GLIBCXX_ASSERTIONS).
TEST(Regression, LimitZeroNeverReadsAnEmptyHeap) {
  QTempDir dir;
  std::vector<Article> docs;
  for (int i = 0; i < 300; ++i) {
    docs.push_back(MakeDoc("d" + std::to_string(i), i % 3 ? "京都の旅" : "東京の旅", "京都と東京を旅行した。",
                           {i % 2 ? "偶数" : "奇数"}));
  }
  ASSERT_TRUE(BuildIndex(dir.path(), docs).ok());
  auto s = OpenSearcherOrDie(dir.path());
  for (bool count : {false, true}) {
    SearchQuery r = Req("京都 東京 旅行", 0);
    r.count_total = r.facets = count;
    auto res = s->Search(r);
    ASSERT_TRUE(res.ok());
    EXPECT_TRUE(res->hits.empty());
    if (count) {
      EXPECT_EQ(res->total, 300u);
      EXPECT_TRUE(res->total_exact);
      ASSERT_EQ(res->tag_facets.size(), 2u);
      EXPECT_EQ(res->tag_facets[0].count, 150u);
    }
  }
}

// The query サーバー analyzes to the term サーバ (katakana stemming), and
// snippets matched that term in the normalized text, so the highlight of
// サーバー or ｻｰﾊﾞｰ stopped before the final ー. Highlights now mark the
// analyzer's tokens (query/highlight.h), whose offsets cover the ー.
TEST(Regression, KatakanaHighlightCoversTheFinalLongVowel) {
  auto session = QueryAnalyzer().NewSession();
  std::vector<Term> terms;
  session->Analyze("サーバー", 0, false, &terms);
  ASSERT_EQ(terms.size(), 1u);
  const MatchSpec spec{.terms = {terms[0].text}};
  const std::string text = "新しいｻｰﾊﾞｰとサーバーとサーバを導入した。コピーも。";
  const HighlightedText h = HighlightAll(text, MatchSpans(session.get(), text, spec));
  std::vector<std::string> marked;
  for (const auto& [b, e] : h.ranges) marked.push_back(text.substr(b, e - b));
  EXPECT_EQ(marked, (std::vector<std::string>{"ｻｰﾊﾞｰ", "サーバー", "サーバ"}));
}

// MaxScore summed a document's term scores in an order that depends on the
// pruning state (essential cursors first, then the others), the exhaustive
// scorer in query-term order. Float addition is not associative, so exact
// copies of a document could differ in the last bit depending on when they
// were visited, and a later copy could displace the original from the top k
// (the DocNum tie-break lost). Each variant here has its own three terms: a
// document X, k-1 stronger documents that raise the threshold, then copies
// of X; pruned and exhaustive must agree on the top k.
TEST(Regression, ScoresDoNotDependOnThePruningState) {
  QTempDir dir;
  std::vector<Article> docs;
  std::vector<std::string> queries;
  constexpr std::size_t kK = 4;
  int v = 0;
  for (int a = 1; a <= 3; ++a) {
    for (int b = 1; b <= 2; ++b) {
      for (int c = 1; c <= 3; ++c) {
        for (int pad : {0, 3, 7}) {
          const std::string ta = "ta" + std::to_string(v) + " ", tb = "tb" + std::to_string(v) + " ",
                            tc = "tc" + std::to_string(v) + " ";
          std::string body;
          for (int i = 0; i < a; ++i) body += ta;
          for (int i = 0; i < b; ++i) body += tb;
          for (int i = 0; i < c; ++i) body += tc;
          for (int i = 0; i < pad; ++i) body += "天気 ";
          std::string strong;
          for (int i = 0; i < 5; ++i) strong += tb + tc;
          const std::string id = "v" + std::to_string(v);
          docs.push_back(MakeDoc(id + "-x", "記事", body));
          for (std::size_t f = 0; f + 1 < kK; ++f) docs.push_back(MakeDoc(id + "-f" + std::to_string(f), "記事", strong));
          for (int copy = 0; copy < 2; ++copy) docs.push_back(MakeDoc(id + "-copy" + std::to_string(copy), "記事", body));
          queries.push_back(ta + tb + tc);
          ++v;
        }
      }
    }
  }
  ASSERT_TRUE(BuildIndex(dir.path(), docs).ok());
  auto s = OpenSearcherOrDie(dir.path());
  for (const auto& q : queries) {
    SearchQuery r = Req(q, kK);
    r.snippets = false;
    auto pruned = s->Search(r);
    r.exhaustive = true;
    auto full = s->Search(r);
    ASSERT_TRUE(pruned.ok() && full.ok());
    std::vector<std::string> a, b;
    for (const auto& h : pruned->hits) a.push_back(h.id + "@" + std::to_string(h.score));
    for (const auto& h : full->hits) b.push_back(h.id + "@" + std::to_string(h.score));
    EXPECT_EQ(a, b) << q;
    // Copies score exactly alike.
    for (const auto* res : {&*pruned, &*full}) {
      for (const auto& h : res->hits) {
        if (h.id.find("-copy") == std::string::npos) continue;
        for (const auto& x : res->hits)
          if (x.id == h.id.substr(0, h.id.find('-')) + "-x") {
            EXPECT_EQ(x.score, h.score) << q;
          }
      }
    }
  }
}

// The '-' before a filter field was dropped: -tag:広告 became tag:広告 and
// returned only the documents the user meant to exclude (likewise
// -category:, -author:, and -since: acting as since:). Excluding by a filter
// is not supported, so it is now an InvalidArgument naming the part.
TEST(Regression, ExcludedFilterIsAnErrorNotAFilter) {
  for (const char* text : {"東京 -tag:広告", "-category:ニュース", "東京 -author:高橋", "-since:2024", "-until:2024-01"}) {
    auto session = QueryAnalyzer().NewSession();
    auto q = ParseQuery(text, session.get());
    ASSERT_FALSE(q.ok()) << text;
    EXPECT_TRUE(q.status().IsInvalidArgument());
    EXPECT_THAT(q.status().message(), ::testing::HasSubstr(std::string(text).substr(std::string(text).find('-'))))
        << text;
  }
  // Excluding title words stays supported, and + on a filter is harmless.
  auto session = QueryAnalyzer().NewSession();
  EXPECT_TRUE(ParseQuery("東京 -title:広告", session.get()).ok());
  auto plus = ParseQuery("東京 +tag:旅行", session.get());
  ASSERT_TRUE(plus.ok());
  EXPECT_EQ(plus->tags, std::vector<std::string>{"旅行"});
}

}  // namespace
}  // namespace sagasu
