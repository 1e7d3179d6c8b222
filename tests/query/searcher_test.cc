// Searcher on small hand-written Japanese indexes: ranking, phrases, filters,
// facets, sorting, pagination, explain; every answer checked against a
// brute-force computation over the documents the test indexed.
#include "query/searcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "query/query_parser.h"
#include "query_test_util.h"

namespace sagasu {
namespace {

using ::testing::HasSubstr;
using testing::BuildIndex;
using testing::MakeDoc;
using testing::OpenSearcherOrDie;
using testing::QTempDir;
using testing::QueryAnalyzer;

SearchResponse SearchOk(const Searcher& s, const SearchQuery& r) {
  auto res = s.Search(r);
  if (!res.ok()) {
    ADD_FAILURE() << "query '" << r.text << "': " << res.status().ToString();
    return {};
  }
  return std::move(res).value();
}

SearchQuery Req(std::string query, std::size_t limit = 100) {
  SearchQuery r;
  r.text = std::move(query);
  r.limit = limit;
  return r;
}

std::vector<std::string> Ids(const SearchResponse& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

template <typename C>
std::string Join(const C& c) {
  std::string out;
  for (const auto& s : c) out += (out.empty() ? "" : ",") + s;
  return "{" + out + "}";
}

// ---------------------------------------------------------------------------
// Ranking

class Ranking : public ::testing::Test {
 protected:
  std::unique_ptr<Searcher> Index(const std::vector<Article>& docs) {
    dirs_.push_back(std::make_unique<QTempDir>());
    const Status s = BuildIndex(dirs_.back()->path(), docs);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return OpenSearcherOrDie(dirs_.back()->path());
  }
  std::vector<std::unique_ptr<QTempDir>> dirs_;
};

TEST_F(Ranking, TitleMatchAboveBodyOnlyMatch) {
  auto s = Index({
      MakeDoc("body", "旅の記録", "京都の紅葉を見に行きました。秋の旅でした。"),
      MakeDoc("title", "京都の紅葉", "秋の旅を記録しました。見に行きました。"),
      MakeDoc("other", "沖縄の海", "沖縄の海は青い。"),
  });
  for (bool exhaustive : {false, true}) {
    auto r = Req("紅葉");
    r.exhaustive = exhaustive;
    EXPECT_EQ(Ids(SearchOk(*s, r)), (std::vector<std::string>{"title", "body"}));
  }
}

TEST_F(Ranking, RareTermAboveCommonTerm) {
  std::vector<Article> docs;
  for (int i = 0; i < 8; ++i) docs.push_back(MakeDoc("filler" + std::to_string(i), "旅行の話", "旅行は楽しい。"));
  docs.push_back(MakeDoc("common", "記録", "旅行に行った。"));
  docs.push_back(MakeDoc("rare", "記録", "紅葉を見た。"));
  auto s = Index(docs);
  auto r = SearchOk(*s, Req("旅行 紅葉"));
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, "rare");
  const auto ids = Ids(r);
  EXPECT_LT(std::find(ids.begin(), ids.end(), "rare") - ids.begin(),
            std::find(ids.begin(), ids.end(), "common") - ids.begin());
}

TEST_F(Ranking, MoreQueryTermsAboveFewer) {
  auto s = Index({
      MakeDoc("one", "天気", "北海道の天気は晴れ。"),
      MakeDoc("two", "天気", "北海道の梅雨の天気。"),
      MakeDoc("three", "天気", "北海道の梅雨と台風の天気。"),
      MakeDoc("none", "天気", "東京の天気は晴れ。"),
  });
  for (bool exhaustive : {false, true}) {
    auto r = Req("北海道 梅雨 台風");
    r.exhaustive = exhaustive;
    EXPECT_EQ(Ids(SearchOk(*s, r)), (std::vector<std::string>{"three", "two", "one"}));
  }
}

TEST_F(Ranking, EqualScoresBreakTiesByLowerDocNumStably) {
  std::vector<Article> docs;
  for (int i = 0; i < 30; ++i) {
    // Ids sort differently from insertion order on purpose.
    docs.push_back(MakeDoc("z" + std::to_string(29 - i), "同じ記事", "まったく同じ本文の記事です。紅茶の話。"));
  }
  docs.push_back(MakeDoc("x", "別の記事", "紅茶と緑茶の話。紅茶が好きです。"));
  auto s = Index(docs);
  // DocNums follow insertion: z29 is 0, z0 is 29, x is 30.
  auto inserted = [](const std::string& id) { return id == "x" ? 30 : 29 - std::stoi(id.substr(1)); };
  std::vector<std::string> first;
  for (int run = 0; run < 3; ++run) {
    for (bool exhaustive : {false, true}) {
      for (std::size_t limit : {5, 30}) {
        auto req = Req("紅茶 記事", limit);
        req.exhaustive = exhaustive;
        auto r = SearchOk(*s, req);
        ASSERT_EQ(r.hits.size(), limit);
        for (std::size_t i = 1; i < r.hits.size(); ++i) {
          ASSERT_GE(r.hits[i - 1].score, r.hits[i].score);
          if (r.hits[i - 1].score == r.hits[i].score) {
            EXPECT_LT(inserted(r.hits[i - 1].id), inserted(r.hits[i].id)) << i;
          }
        }
        if (limit == 30) {
          if (first.empty()) first = Ids(r);
          EXPECT_EQ(Ids(r), first);
        }
      }
    }
  }
  // The 30 equal documents come in insertion (DocNum) order.
  std::vector<std::string> want;
  for (int i = 0; i < 30; ++i) want.push_back("z" + std::to_string(29 - i));
  std::vector<std::string> equal(first.begin(), first.end());
  equal.erase(std::remove(equal.begin(), equal.end(), "x"), equal.end());
  EXPECT_EQ(equal, std::vector<std::string>(want.begin(), want.begin() + static_cast<long>(equal.size())));
}

// The question as typed, against paragraphs about 梅雨 and about 北海道.
TEST_F(Ranking, NaturalLanguageQuestionFindsTheAnswer) {
  auto s = Index({
      MakeDoc("p0", "気象メモ", "梅雨は日本の初夏に見られる雨の季節で、沖縄では五月に梅雨入りする。"),
      MakeDoc("p1", "気象メモ", "九州の梅雨は雨量が多く、毎年のように大雨の被害が出る。"),
      MakeDoc("p2", "気象メモ", "北海道は日本の最北の地で、冬は雪が多く寒さが厳しい。"),
      MakeDoc("p3", "気象メモ", "北海道の夏は涼しく、ラベンダー畑を見に多くの観光客が訪れる。"),
      MakeDoc("answer", "気象メモ",
              "日本で梅雨がないのは北海道と小笠原諸島だけで、本州、四国、九州、沖縄には梅雨がある。"),
      MakeDoc("p5", "気象メモ", "関東の梅雨明けは七月中旬ごろで、その後は暑い夏になる。"),
      MakeDoc("p6", "気象メモ", "日本の四季は、春夏秋冬がはっきりしていることで知られる。"),
      MakeDoc("p7", "気象メモ", "北海道の札幌では、二月に雪まつりが開かれる。"),
      MakeDoc("p8", "気象メモ", "梅雨の時期には洗濯物が乾きにくく、除湿機が売れる。"),
      MakeDoc("p9", "気象メモ", "東北地方の梅雨入りは六月中旬で、梅雨明けは七月下旬になる。"),
  });
  for (bool exhaustive : {false, true}) {
    auto req = Req("日本で梅雨がないのは北海道とどこか。", 3);
    req.exhaustive = exhaustive;
    auto r = SearchOk(*s, req);
    ASSERT_FALSE(r.hits.empty());
    EXPECT_EQ(r.hits[0].id, "answer") << "top: " << r.hits[0].id;
    EXPECT_TRUE(r.warnings.empty());
  }
}

// ---------------------------------------------------------------------------
// A shared corpus with tags, categories, authors and dates.

const std::vector<Article>& Corpus() {
  static const std::vector<Article> docs = {
      MakeDoc("d00", "京都の紅葉", "秋の京都を歩きました。旅行の記録です。", {"旅行", "京都"}, {"旅"}, "山田",
              "2023-11-20"),
      MakeDoc("d01", "旅行記", "京都の紅葉を見に行きました。旅の記録です。", {"旅行"}, {"旅"}, "佐藤", "2023-11-25"),
      MakeDoc("d02", "東京タワーに登った", "東京タワーの展望台から夜景を見た。", {"東京", "観光"}, {"旅"}, "山田",
              "2024-01-05"),
      MakeDoc("d03", "東京散歩", "東京の街を歩いた。遠くにタワーが見えた。", {"東京"}, {"日記"}, "佐藤", "2024-02-10"),
      MakeDoc("d04", "データセンターの冷却", "サーバーを液体に沈める液浸冷却が注目されている。",
              {"技術", "データセンター"}, {"技術"}, "鈴木", "2024-03-01"),
      MakeDoc("d05", "空冷と水冷", "冷却の方式には空冷と水冷がある。液浸という言葉も聞く。", {"技術"}, {"技術"}, "鈴木",
              "2024-03-15"),
      MakeDoc("d06", "生成AIの動向", "ＯｐｅｎＡＩが新しいモデルを発表した。生成AIの競争が激しい。", {"技術", "AI"},
              {"技術", "ニュース"}, "高橋", "2024-05-20"),
      MakeDoc("d07", "新製品のお知らせ", "新製品のプレスリリースです。広告を含みます。東京で発売。", {"広告"},
              {"ニュース"}, "高橋", "2024-06-01"),
      MakeDoc("d08", "北海道の夏", "北海道の夏は涼しく、旅行に最適です。", {"旅行", "北海道"}, {"旅"}, "山田",
              "2024-07-10"),
      MakeDoc("d09", "沖縄の海", "沖縄の海は青く、旅行者に人気がある。京都からも近い。", {"旅行", "沖縄"}, {"旅"},
              "佐藤", "2024-08-01"),
      MakeDoc("d10", "日記", "今日は雨だった。京都の話はない。", {}, {"日記"}, "", std::nullopt),
      MakeDoc("d11", "同じ記事", "まったく同じ本文の記事です。紅茶の話。", {"雑記"}, {"日記"}, "伊藤", "2024-09-01"),
      MakeDoc("d12", "同じ記事", "まったく同じ本文の記事です。紅茶の話。", {"雑記"}, {"日記"}, "伊藤", "2024-09-02"),
      MakeDoc("d13", "旅行の持ち物", "旅行に持っていくものを旅行の前に準備する。旅行は楽しい。", {"旅行"}, {"旅"},
              "伊藤", "2024-10-01"),
      MakeDoc("d14", "梅雨の京都", "梅雨の季節の京都は苔が美しい。", {"京都"}, {"旅"}, "山田", "2025-06-15"),
      MakeDoc("d15", "サーバーの運用", "ｻｰﾊﾞｰの運用について。冷却も大事。", {"技術"}, {"技術"}, "鈴木", "2025-01-01"),
      MakeDoc("d16", "東京の天気", "東京は晴れ。旅行日和。", {"東京", "旅行"}, {"日記"}, "佐藤", "2024-12-31T23:30:00Z"),
      MakeDoc("d17", "京都タワー", "京都駅の前に京都タワーがある。東京からは新幹線で行く。", {"京都", "観光"}, {"旅"},
              "山田", "2025-01-01T00:00:00Z"),
  };
  return docs;
}

// Every index term of a document per field, as the indexer cuts it: the
// title; the body and the excerpt; the tags, categories and author.
struct DocTerms {
  std::map<std::string, std::uint32_t> tf[format::kFieldCount];
  FieldCounts len{};

  bool Has(const std::string& w) const {
    for (const auto& field : tf)
      if (field.count(w)) return true;
    return false;
  }
  FieldCounts Tf(const std::string& w) const {
    FieldCounts out{};
    for (std::size_t f = 0; f < format::kFieldCount; ++f) out[f] = tf[f].count(w) ? tf[f].at(w) : 0;
    return out;
  }
};

DocTerms TermsOf(const Article& d) {
  auto session = QueryAnalyzer().NewSession();
  std::vector<std::string> fields[format::kFieldCount] = {{d.title}, {d.body, d.excerpt}, d.tags};
  fields[format::kFieldMeta].insert(fields[format::kFieldMeta].end(), d.categories.begin(), d.categories.end());
  fields[format::kFieldMeta].push_back(d.author);
  DocTerms out;
  for (std::size_t f = 0; f < format::kFieldCount; ++f) {
    for (const auto& text : fields[f]) {
      std::vector<Term> terms;
      session->Analyze(text, 0, false, &terms);
      for (const auto& t : terms) ++out.tf[f][t.text];
      out.len[f] += static_cast<std::uint32_t>(terms.size());
    }
  }
  return out;
}

class CorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new QTempDir();
    const Status s = BuildIndex(dir_->path(), Corpus());
    ASSERT_TRUE(s.ok()) << s.ToString();
    searcher_ = OpenSearcherOrDie(dir_->path()).release();
    for (const auto& d : Corpus()) terms_.push_back(TermsOf(d));
  }
  static void TearDownTestSuite() {
    delete searcher_;
    searcher_ = nullptr;
    delete dir_;
    dir_ = nullptr;
    terms_.clear();
  }

  // Query words (ranked OR) as the parser analyzes them.
  static std::vector<std::string> WordsOf(const std::string& query) {
    auto session = QueryAnalyzer().NewSession();
    auto q = ParseQuery(query, session.get());
    EXPECT_TRUE(q.ok());
    std::vector<std::string> out;
    for (const auto& c : q->clauses)
      for (const auto& t : c.terms) out.push_back(t.text);
    return out;
  }

  static bool HasAnyTerm(std::size_t i, const std::vector<std::string>& words) {
    for (const auto& w : words)
      if (terms_[i].Has(w)) return true;
    return false;
  }

  static bool Contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }

  // Brute force: the ids a request with plain words and request filters must
  // return (text: any word; no text: filters alone).
  static std::set<std::string> Expected(const SearchQuery& r) {
    const auto words = WordsOf(r.text);
    std::set<std::string> out;
    for (std::size_t i = 0; i < Corpus().size(); ++i) {
      const Article& d = Corpus()[i];
      if (!words.empty() && !HasAnyTerm(i, words)) continue;
      if (words.empty() && r.tags.empty() && r.categories.empty() && r.authors.empty() && !r.since && !r.until) {
        continue;
      }
      if (!r.tags.empty()) {
        const bool any = std::any_of(r.tags.begin(), r.tags.end(), [&](const auto& t) { return Contains(d.tags, t); });
        const bool all = std::all_of(r.tags.begin(), r.tags.end(), [&](const auto& t) { return Contains(d.tags, t); });
        if (r.tags_any ? !any : !all) continue;
      }
      if (!r.categories.empty() && std::none_of(r.categories.begin(), r.categories.end(),
                                                [&](const auto& c) { return Contains(d.categories, c); })) {
        continue;
      }
      if (!r.authors.empty() && !Contains(r.authors, d.author)) continue;
      if ((r.since || r.until) && !d.date) continue;
      if (r.since && *d.date < *r.since) continue;
      if (r.until && *d.date > *r.until) continue;
      out.insert(d.id);
    }
    return out;
  }

  static const Article& DocById(const std::string& id) {
    for (const auto& d : Corpus())
      if (d.id == id) return d;
    ADD_FAILURE() << "no doc " << id;
    return Corpus()[0];
  }

  static QTempDir* dir_;
  static Searcher* searcher_;
  static std::vector<DocTerms> terms_;
};

QTempDir* CorpusTest::dir_ = nullptr;
Searcher* CorpusTest::searcher_ = nullptr;
std::vector<DocTerms> CorpusTest::terms_;

std::int64_t D(const char* s) { return ParseDate(s).value(); }

// The request filters to try, alone and with text.
std::vector<std::pair<std::string, std::function<void(SearchQuery*)>>> FilterCases() {
  return {
      {"none", [](SearchQuery*) {}},
      {"tag 旅行", [](SearchQuery* r) { r->tags = {"旅行"}; }},
      {"tags 旅行+京都", [](SearchQuery* r) { r->tags = {"旅行", "京都"}; }},
      {"tags_any 旅行|技術",
       [](SearchQuery* r) {
         r->tags = {"旅行", "技術"};
         r->tags_any = true;
       }},
      {"tags all 旅行+技術 (none)", [](SearchQuery* r) { r->tags = {"旅行", "技術"}; }},
      {"tag unknown", [](SearchQuery* r) { r->tags = {"存在しないタグ"}; }},
      {"category 技術", [](SearchQuery* r) { r->categories = {"技術"}; }},
      {"categories 旅|日記", [](SearchQuery* r) { r->categories = {"旅", "日記"}; }},
      {"author 山田", [](SearchQuery* r) { r->authors = {"山田"}; }},
      {"authors 山田|鈴木", [](SearchQuery* r) { r->authors = {"山田", "鈴木"}; }},
      {"since 2024-03-01", [](SearchQuery* r) { r->since = D("2024-03-01"); }},
      {"until 2024-06-01", [](SearchQuery* r) { r->until = D("2024-06-01"); }},
      {"since+until 2024",
       [](SearchQuery* r) {
         r->since = D("2024-01-01");
         r->until = D("2024-12-31T23:59:59Z");
       }},
      {"tag+category+author+since",
       [](SearchQuery* r) {
         r->tags = {"旅行"};
         r->categories = {"旅"};
         r->authors = {"山田", "佐藤"};
         r->since = D("2023-11-21");
       }},
  };
}

const char* const kTextQueries[] = {"", "旅行", "京都 紅葉", "東京", "冷却 サーバー", "京都 旅行 東京 タワー"};

TEST_F(CorpusTest, FiltersMatchBruteForce) {
  for (const char* text : kTextQueries) {
    for (const auto& [name, apply] : FilterCases()) {
      for (bool exhaustive : {false, true}) {
        SearchQuery r = Req(text);
        apply(&r);
        r.exhaustive = exhaustive;
        const auto want = Expected(r);
        auto res = SearchOk(*searcher_, r);
        const auto ids = Ids(res);
        EXPECT_EQ(Join(std::set<std::string>(ids.begin(), ids.end())), Join(want))
            << "query '" << text << "' filter " << name << " exhaustive " << exhaustive;
        EXPECT_EQ(ids.size(), want.size()) << "duplicates? query '" << text << "' filter " << name;
        EXPECT_EQ(res.total, want.size()) << "query '" << text << "' filter " << name;
      }
    }
  }
}

TEST_F(CorpusTest, FiltersInQueryTextEqualRequestFilters) {
  struct Case {
    const char* text;
    std::function<void(SearchQuery*)> apply;
  };
  const Case cases[] = {
      {"tag:旅行", [](SearchQuery* r) { r->tags = {"旅行"}; }},
      {"tag:旅行 tag:京都", [](SearchQuery* r) { r->tags = {"旅行", "京都"}; }},
      {"category:技術", [](SearchQuery* r) { r->categories = {"技術"}; }},
      {"category:旅 category:日記", [](SearchQuery* r) { r->categories = {"旅", "日記"}; }},
      {"author:山田", [](SearchQuery* r) { r->authors = {"山田"}; }},
      {"since:2024-03", [](SearchQuery* r) { r->since = D("2024-03-01"); }},
      {"until:2024-06", [](SearchQuery* r) { r->until = D("2024-06-30T23:59:59Z"); }},
      {"until:2024", [](SearchQuery* r) { r->until = D("2024-12-31T23:59:59Z"); }},  // d16 at 23:30 is in
      {"until:2024-12-31", [](SearchQuery* r) { r->until = D("2024-12-31T23:59:59Z"); }},
      {"since:2025", [](SearchQuery* r) { r->since = D("2025-01-01"); }},  // d17 at 00:00 is in
  };
  for (const auto& c : cases) {
    for (const char* words : {"", "京都 旅行 東京"}) {
      SearchQuery in_text = Req(std::string(words) + " " + c.text);
      SearchQuery in_request = Req(words);
      c.apply(&in_request);
      const auto a = SearchOk(*searcher_, in_text);
      const auto b = SearchOk(*searcher_, in_request);
      EXPECT_EQ(Ids(a), Ids(b)) << c.text << " / " << words;
      const auto want = Expected(in_request);
      const auto ids = Ids(a);
      EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), want) << c.text << " / " << words;
    }
  }
}

// IndexReader::FacetDocs promises width folding too (ＡＩ for AI), but it
// folds ASCII case only; that lives in the indexer and is left to its owner.
TEST_F(CorpusTest, FacetValuesMatchCaseInsensitively) {
  for (const char* tag : {"AI", "ai", "Ai"}) {
    SearchQuery r = Req("");
    r.tags = {tag};
    EXPECT_EQ(Ids(SearchOk(*searcher_, r)), std::vector<std::string>{"d06"}) << tag;
    EXPECT_EQ(Ids(SearchOk(*searcher_, Req(std::string("tag:") + tag))), std::vector<std::string>{"d06"}) << tag;
  }
}

TEST_F(CorpusTest, FiltersNeverChangeScores) {
  for (const char* text : kTextQueries) {
    if (!*text) continue;
    std::map<std::string, float> base;
    for (const auto& h : SearchOk(*searcher_, Req(text)).hits) base[h.id] = h.score;
    for (const auto& [name, apply] : FilterCases()) {
      SearchQuery r = Req(text);
      apply(&r);
      for (const auto& h : SearchOk(*searcher_, r).hits) {
        ASSERT_TRUE(base.count(h.id)) << h.id;
        EXPECT_NEAR(h.score, base[h.id], 1e-5) << text << " " << name << " " << h.id;
      }
    }
  }
}

// Brute-force BM25F over the documents: the exhaustive scorer and the pruned
// one must both reproduce it.
TEST_F(CorpusTest, ScoresEqualIndependentBm25F) {
  const double n = static_cast<double>(Corpus().size());
  CollectionStats stats{n, {}};
  for (const auto& t : terms_)
    for (std::size_t f = 0; f < format::kFieldCount; ++f) stats.avg_len[f] += t.len[f] / n;
  const Bm25F bm25(RankingOptions(), stats);
  std::size_t compared = 0;
  for (const char* text : kTextQueries) {
    const auto words = WordsOf(text);
    if (words.empty()) continue;
    std::map<std::string, double> want;
    for (const auto& w : words) {
      double df = 0;
      for (const auto& t : terms_) df += t.Has(w) ? 1 : 0;
      const float idf = bm25.Idf(df);
      for (std::size_t i = 0; i < terms_.size(); ++i) {
        const auto& t = terms_[i];
        if (t.Has(w)) want[Corpus()[i].id] += bm25.Score(idf, t.Tf(w), t.len);
      }
    }
    for (bool exhaustive : {false, true}) {
      SearchQuery r = Req(text);
      r.exhaustive = exhaustive;
      const auto res = SearchOk(*searcher_, r);
      EXPECT_EQ(res.hits.size(), want.size()) << text;
      for (const auto& h : res.hits) {
        ASSERT_TRUE(want.count(h.id)) << text << " " << h.id;
        // score = BM25F + the proximity stage's share (checked apart below).
        EXPECT_GE(h.proximity, 0.0f);
        EXPECT_NEAR(h.score - h.proximity, want[h.id], 1e-4) << text << " " << h.id;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 30u);
}

TEST_F(CorpusTest, PrunedEqualsExhaustiveOnSmallIndex) {
  for (const char* text : kTextQueries) {
    if (!*text) continue;
    for (std::size_t limit : {1, 2, 3, 5, 100}) {
      for (std::size_t offset : {0, 1, 4}) {
        SearchQuery r = Req(text, limit);
        r.offset = offset;
        const auto pruned = SearchOk(*searcher_, r);
        r.exhaustive = true;
        const auto full = SearchOk(*searcher_, r);
        EXPECT_EQ(Ids(pruned), Ids(full)) << text << " limit " << limit << " offset " << offset;
      }
    }
  }
}

// Brute-force facet counts over the whole matching set, with a page far
// smaller than the set.
void ExpectFacets(const SearchResponse& res, const std::set<std::string>& ids,
                  const std::function<const Article&(const std::string&)>& doc, const std::string& what) {
  std::map<std::string, std::uint64_t> tags, cats;
  for (const auto& id : ids) {
    for (const auto& t : doc(id).tags) ++tags[t];
    for (const auto& c : doc(id).categories) ++cats[c];
  }
  // "value:count" by count desc, then value.
  auto sorted = [](const std::map<std::string, std::uint64_t>& m) {
    std::vector<std::pair<std::string, std::uint64_t>> v(m.begin(), m.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> out;
    for (const auto& [value, n] : v) out.push_back(value + ":" + std::to_string(n));
    return Join(out);
  };
  auto got = [](const std::vector<Facet>& f) {
    std::vector<std::string> out;
    for (const auto& c : f) out.push_back(c.value + ":" + std::to_string(c.count));
    return Join(out);
  };
  EXPECT_EQ(got(res.tag_facets), sorted(tags)) << what;
  EXPECT_EQ(got(res.category_facets), sorted(cats)) << what;
}

TEST_F(CorpusTest, FacetsCountTheWholeMatchingSet) {
  for (const char* text : kTextQueries) {
    for (const auto& [name, apply] : FilterCases()) {
      for (auto sort : {SearchQuery::Sort::kScore, SearchQuery::Sort::kDateDesc}) {
        for (bool exhaustive : {false, true}) {
          SearchQuery r = Req(text, 2);
          apply(&r);
          r.sort = sort;
          r.exhaustive = exhaustive;
          const auto res = SearchOk(*searcher_, r);
          const auto want = Expected(r);
          const std::string what = std::string("query '") + text + "' filter " + name + " sort " +
                                   std::to_string(static_cast<int>(sort)) + " exhaustive " +
                                   std::to_string(exhaustive);
          EXPECT_EQ(res.total, want.size()) << what;
          EXPECT_TRUE(res.total_exact) << what;
          ExpectFacets(res, want, DocById, what);
        }
      }
    }
  }
}

TEST_F(CorpusTest, SortByDate) {
  for (const char* text : kTextQueries) {
    for (const auto& [name, apply] : FilterCases()) {
      SearchQuery r = Req(text);
      apply(&r);
      const auto by_score = Ids(SearchOk(*searcher_, r));
      for (bool desc : {true, false}) {
        r.sort = desc ? SearchQuery::Sort::kDateDesc : SearchQuery::Sort::kDateAsc;
        const auto res = SearchOk(*searcher_, r);
        const auto ids = Ids(res);
        EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
                  std::set<std::string>(by_score.begin(), by_score.end()))
            << text << " " << name;
        bool undated_seen = false;
        for (std::size_t i = 0; i < res.hits.size(); ++i) {
          const auto& h = res.hits[i];
          EXPECT_EQ(h.date, DocById(h.id).date) << h.id;
          if (!h.date) {
            undated_seen = true;
            continue;
          }
          EXPECT_FALSE(undated_seen) << "undated documents come last: " << text << " " << name;
          if (i > 0 && res.hits[i - 1].date) {
            if (desc) {
              EXPECT_GE(*res.hits[i - 1].date, *h.date) << text << " " << name;
            } else {
              EXPECT_LE(*res.hits[i - 1].date, *h.date) << text << " " << name;
            }
          }
        }
      }
    }
  }
}

TEST_F(CorpusTest, FilterOnlyQueriesAreNewestFirst) {
  SearchQuery r = Req("");
  r.categories = {"旅"};
  const auto res = SearchOk(*searcher_, r);
  ASSERT_GE(res.hits.size(), 3u);
  EXPECT_EQ(res.hits[0].id, "d14");
  for (std::size_t i = 1; i < res.hits.size(); ++i) EXPECT_GE(*res.hits[i - 1].date, *res.hits[i].date);
}

TEST_F(CorpusTest, PaginationIsConsistentWithTheFullList) {
  for (const char* text : kTextQueries) {
    for (const auto& [name, apply] : FilterCases()) {
      for (auto sort :
           {SearchQuery::Sort::kScore, SearchQuery::Sort::kDateDesc, SearchQuery::Sort::kDateAsc}) {
        SearchQuery r = Req(text);
        apply(&r);
        r.sort = sort;
        const auto full = Ids(SearchOk(*searcher_, r));
        for (std::size_t page : {1, 3}) {
          std::vector<std::string> joined;
          for (std::size_t offset = 0; offset < full.size() + page; offset += page) {
            r.offset = offset;
            r.limit = page;
            const auto res = SearchOk(*searcher_, r);
            EXPECT_EQ(res.total, full.size()) << text << " " << name;
            for (const auto& id : Ids(res)) joined.push_back(id);
          }
          EXPECT_EQ(joined, full) << text << " " << name << " sort " << static_cast<int>(sort) << " page " << page;
          r.offset = 0;
          r.limit = 100;
        }
      }
    }
  }
}

TEST_F(CorpusTest, LimitZeroCountsWithoutHits) {
  for (const char* text : kTextQueries) {
    for (bool exhaustive : {false, true}) {
      for (std::size_t offset : {0, 2}) {
        SearchQuery r = Req(text, 0);
        r.tags = {"旅行"};
        r.offset = offset;
        r.exhaustive = exhaustive;
        const auto res = SearchOk(*searcher_, r);
        EXPECT_TRUE(res.hits.empty()) << text;
        const auto want = Expected(r);
        EXPECT_EQ(res.total, want.size()) << text;
        ExpectFacets(res, want, DocById, text);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Phrases, required and excluded clauses

struct ClauseCase {
  const char* query;
  std::vector<std::string> ids;  // as a set
};

TEST_F(CorpusTest, PhrasesRequiredAndExcludedTable) {
  const ClauseCase cases[] = {
      // Plain words: both documents with 東京 and タワー, and every other 東京.
      {"東京 タワー", {"d02", "d03", "d07", "d16", "d17"}},
      // Phrase: adjacent occurrences only (東京タワー), not 東京の…タワー or 京都タワー.
      {"\"東京 タワー\"", {"d02"}},
      {"＂東京 タワー＂", {"d02"}},
      {"“東京 タワー”", {"d02"}},
      {"\"東京タワー\"", {"d02"}},
      {"\"京都 タワー\"", {"d17"}},
      {"\"タワー 東京\"", {}},
      // Title phrase: 東京タワー is in d02's title.
      {"title:\"東京 タワー\"", {"d02"}},
      {"title:\"京都 タワー\"", {"d17"}},
      {"title:京都", {"d00", "d14", "d17"}},
      {"紅葉 title:京都", {"d00", "d14", "d17"}},
      // Excluded phrase: 東京 documents except the 東京タワー one.
      {"東京 -\"東京 タワー\"", {"d03", "d07", "d16", "d17"}},
      {"タワー -\"東京 タワー\"", {"d03", "d17"}},
      // Required and excluded words.
      {"旅行 +北海道", {"d08"}},
      {"旅行 -沖縄", {"d00", "d01", "d08", "d13", "d16"}},
      {"+京都 +紅葉", {"d00", "d01"}},
      {"京都 -title:京都", {"d01", "d09", "d10"}},
  };
  for (const auto& c : cases) {
    for (bool exhaustive : {false, true}) {
      SearchQuery r = Req(c.query);
      r.exhaustive = exhaustive;
      const auto res = SearchOk(*searcher_, r);
      const auto ids = Ids(res);
      EXPECT_EQ(Join(std::set<std::string>(ids.begin(), ids.end())),
                Join(std::set<std::string>(c.ids.begin(), c.ids.end())))
          << c.query << " exhaustive " << exhaustive;
      EXPECT_EQ(res.total, c.ids.size()) << c.query;
    }
  }
}

// ---------------------------------------------------------------------------
// Explain, snippets, warnings

TEST_F(CorpusTest, ExplainContributionsSumToTheScore) {
  for (const char* text : kTextQueries) {
    if (!*text) continue;
    SearchQuery r = Req(text);
    r.explain = true;
    const auto res = SearchOk(*searcher_, r);
    ASSERT_FALSE(res.hits.empty()) << text;
    for (const auto& h : res.hits) {
      ASSERT_EQ(h.explanation.size(), res.query_terms.size());
      double sum = 0;
      bool any = false;
      for (const auto& e : h.explanation) {
        sum += e.score;
        if (e.tf_title + e.tf_body + e.tf_meta) {
          any = true;
          EXPECT_GT(e.score, 0.0f);
          EXPECT_GT(e.idf, 0.0f);
        } else {
          EXPECT_EQ(e.score, 0.0f);
        }
      }
      EXPECT_TRUE(any) << h.id;
      EXPECT_NEAR(sum + h.proximity, h.score, 1e-4) << text << " " << h.id;
    }
  }
}

TEST_F(CorpusTest, HitsCarryStoredFieldsAndHighlights) {
  auto res = SearchOk(*searcher_, Req("openai"));
  ASSERT_EQ(res.hits.size(), 1u);
  const SearchHit& h = res.hits[0];
  EXPECT_EQ(h.id, "d06");
  EXPECT_EQ(h.title, "生成AIの動向");
  EXPECT_EQ(h.author, "高橋");
  EXPECT_EQ(h.tags, (std::vector<std::string>{"技術", "AI"}));
  ASSERT_EQ(h.snippet.ranges.size(), 1u);
  const auto [b, e] = h.snippet.ranges[0];
  EXPECT_EQ(h.snippet.text.substr(b, e - b), "ＯｐｅｎＡＩ");

  res = SearchOk(*searcher_, Req("サーバー"));
  bool found = false;
  for (const auto& hit : res.hits) {
    if (hit.id != "d15") continue;
    found = true;
    std::vector<std::string> marked;
    for (const auto& [b2, e2] : hit.snippet.ranges) marked.push_back(hit.snippet.text.substr(b2, e2 - b2));
    EXPECT_EQ(marked, std::vector<std::string>{"ｻｰﾊﾞｰ"});
    ASSERT_EQ(hit.title_highlighted.ranges.size(), 1u);
    EXPECT_EQ(hit.title_highlighted.text.substr(hit.title_highlighted.ranges[0].first,
                                                hit.title_highlighted.ranges[0].second -
                                                    hit.title_highlighted.ranges[0].first),
              "サーバー");
  }
  EXPECT_TRUE(found);
}

// Marks come from what matched (query/match_spec.h, query/highlight.h): a
// title: clause marks its words in the title only; a plain word marks them
// everywhere; 雨 does not mark the 雨 of 梅雨.
TEST_F(CorpusTest, HighlightsMarkWhatMatchedInEachField) {
  struct MarkCase {
    std::string query;
    std::string id;
    std::vector<std::string> title_marks;
    std::vector<std::string> snippet_marks;
  };
  const MarkCase cases[] = {
      {"title:京都", "d17", {"京都"}, {}},
      {"title:京都", "d14", {"京都"}, {}},
      {"紅葉 title:京都", "d00", {"京都", "紅葉"}, {}},
      {"京都 title:京都", "d17", {"京都"}, {"京都", "京都"}},
      {"title:\"京都 タワー\"", "d17", {"京都タワー"}, {}},
      {"京都タワー", "d17", {"京都タワー"}, {"京都", "京都タワー"}},
      {"雨", "d10", {}, {"雨"}},
      {"液浸冷却", "d04", {}, {"液浸冷却"}},
  };
  auto marks = [](const HighlightedText& h) {
    std::vector<std::string> out;
    for (const auto& [b, e] : h.ranges) out.push_back(h.text.substr(b, e - b));
    return out;
  };
  for (const MarkCase& c : cases) {
    const auto res = SearchOk(*searcher_, Req(c.query));
    bool found = false;
    for (const SearchHit& h : res.hits) {
      if (h.id != c.id) continue;
      found = true;
      EXPECT_EQ(marks(h.title_highlighted), c.title_marks) << c.query << " / " << c.id;
      EXPECT_EQ(marks(h.snippet), c.snippet_marks) << c.query << " / " << c.id << ": " << h.snippet.html;
    }
    EXPECT_TRUE(found) << c.query << " does not find " << c.id;
  }
  // 梅雨 is one morpheme: the query 雨 finds d14 (梅雨の京都) only through the
  // n-gram stream, below d10 where 雨 is a word, and marks the 雨 of 梅雨
  // there, which is what matched.
  const auto rain = SearchOk(*searcher_, Req("雨"));
  std::size_t d10 = rain.hits.size(), d14 = rain.hits.size();
  for (std::size_t i = 0; i < rain.hits.size(); ++i) {
    if (rain.hits[i].id == "d10") d10 = i;
    if (rain.hits[i].id == "d14") {
      d14 = i;
      EXPECT_EQ(marks(rain.hits[i].title_highlighted), std::vector<std::string>{"雨"});
    }
  }
  ASSERT_LT(d14, rain.hits.size());
  EXPECT_LT(d10, d14);
}

TEST_F(CorpusTest, OnlyParticlesAndEmptyQueries) {
  auto res = SearchOk(*searcher_, Req("はがのに"));
  EXPECT_TRUE(res.hits.empty());
  EXPECT_EQ(res.total, 0u);
  ASSERT_FALSE(res.warnings.empty());
  EXPECT_THAT(res.warnings[0], HasSubstr("no searchable terms"));

  res = SearchOk(*searcher_, Req(""));
  EXPECT_TRUE(res.hits.empty());
  EXPECT_EQ(res.total, 0u);
}

TEST_F(CorpusTest, BadQueriesAreInvalidArgument) {
  for (std::string text : {std::string("foo:bar"), std::string("since:2024-13"), std::string("\xff")}) {
    auto res = searcher_->Search(Req(text));
    ASSERT_FALSE(res.ok()) << text;
    EXPECT_TRUE(res.status().IsInvalidArgument());
  }
  auto res = searcher_->Search(Req("東京", 20000));
  EXPECT_FALSE(res.ok());
}

TEST_F(CorpusTest, LongQueriesDoNotCrash) {
  std::string ascii;
  for (int i = 0; ascii.size() < 10000; ++i) ascii += "word" + std::to_string(i) + " ";
  ascii.resize(10000);
  std::string japanese;
  for (int i = 0; i < 10000 / 4; ++i) japanese += "京都旅行";
  for (const auto& text : {ascii, japanese, std::string(10000, 'a')}) {
    auto res = searcher_->Search(Req(text));
    if (res.ok()) {
      EXPECT_LE(res->query_terms.size(), kMaxQueryTerms);
    } else {
      EXPECT_TRUE(res.status().IsInvalidArgument()) << res.status().ToString();
    }
  }
}

}  // namespace
}  // namespace sagasu

namespace sagasu {
namespace {

// Two documents with the same words, once side by side and once far apart:
// with the proximity stage on, the adjacent one ranks first, and the
// proximity share is all that separates the scores with and without it.
TEST(Proximity, AdjacentQueryWordsRankAboveScatteredOnes) {
  sagasu::testing::TempDir dir;
  {
    std::unique_ptr<IndexWriter> w;
    ASSERT_TRUE(IndexWriter::Open((dir.path() / "db").string(), AnalyzerOptions{}, IndexWriterOptions{}, &w).ok());
    Article far;
    far.id = "far";
    far.title = "旅の記録";
    far.body = "液体の話から始めます。途中で雪が降り、山で休みました。最後に冷却の仕組みを見ました。";
    Article near = far;
    near.id = "near";
    near.body = "液体冷却の話から始めます。途中で雪が降り、山で休みました。最後に仕組みを見ました。";
    ASSERT_TRUE(w->Add(far).ok());
    ASSERT_TRUE(w->Add(near).ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  SearchOptions on;
  std::unique_ptr<Searcher> s;
  ASSERT_TRUE(Searcher::Open((dir.path() / "db").string(), on, &s).ok());
  SearchQuery r;
  r.text = "液体 冷却";
  auto res = s->Search(r);
  ASSERT_TRUE(res.ok());
  ASSERT_EQ(res->hits.size(), 2u);
  EXPECT_EQ(res->hits[0].id, "near");
  EXPECT_GT(res->hits[0].proximity, 0.0f);
  EXPECT_EQ(res->hits[1].proximity, 0.0f);

  SearchOptions off;
  off.bm25.proximity_weight = 0;
  std::unique_ptr<Searcher> s0;
  ASSERT_TRUE(Searcher::Open((dir.path() / "db").string(), off, &s0).ok());
  auto res0 = s0->Search(r);
  ASSERT_TRUE(res0.ok());
  ASSERT_EQ(res0->hits.size(), 2u);
  for (const auto& h0 : res0->hits) {
    EXPECT_EQ(h0.proximity, 0.0f);
    for (const auto& h : res->hits) {
      if (h.id == h0.id) {
        EXPECT_NEAR(h0.score + h.proximity, h.score, 1e-4) << h.id;
      }
    }
  }
}

}  // namespace
}  // namespace sagasu
