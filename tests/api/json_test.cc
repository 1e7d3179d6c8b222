// The JSON codec (include/sagasu/json.h): the one shape of each result.
#include "sagasu/json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace sagasu {
namespace {

using nlohmann::json;

SearchResponse Response() {
  SearchResponse r;
  r.total = 23;
  r.total_exact = true;
  r.query_terms = {"北海道"};
  r.seconds = 0.0012345;
  SearchHit& h = r.hits.emplace_back();
  h.id = "a";
  h.title = "北海道";
  h.title_highlighted.html = "<mark>北海道</mark>";
  h.snippet.html = "…<mark>北海道</mark>へ";
  h.date = 1718670600;  // 2024-06-18T00:30:00Z
  h.tags = {"旅行"};
  h.score = 12.34567;
  h.proximity = 0.5;
  h.explanation.push_back(TermExplanation{"北海道", 3, 1.5f, 1, 2, 1, 3, 40, 2, 11.8f});
  r.hits.emplace_back().id = "b";
  r.tag_facets = {{"旅行", 2}};
  return r;
}

TEST(Json, SearchResponseShape) {
  SearchJsonOptions o;
  o.query = "北海道";
  o.offset = 20;
  o.page_size = 10;
  const json j = json::parse(SearchResponseToJson(Response(), o));
  EXPECT_EQ(j["query"], "北海道");
  EXPECT_EQ(j["terms"], json({"北海道"}));
  EXPECT_EQ(j["total"], 23);
  EXPECT_EQ(j["total_exact"], true);
  EXPECT_EQ(j["offset"], 20);
  EXPECT_EQ(j["page"], 3);
  EXPECT_EQ(j["size"], 10);
  EXPECT_EQ(j["pages"], 3);
  EXPECT_DOUBLE_EQ(j["took_ms"].get<double>(), 1.23);
  EXPECT_FALSE(j.contains("warnings"));
  EXPECT_FALSE(j.contains("generation"));
  ASSERT_EQ(j["hits"].size(), 2u);
  const json& h = j["hits"][0];
  EXPECT_EQ(h["rank"], 21);
  EXPECT_EQ(h["id"], "a");
  EXPECT_EQ(h["date"], "2024-06-18T00:30:00Z");
  EXPECT_EQ(h["title_highlighted"], "<mark>北海道</mark>");
  EXPECT_EQ(h["snippet"], "…<mark>北海道</mark>へ");
  EXPECT_DOUBLE_EQ(h["score"].get<double>(), 12.346);
  EXPECT_FALSE(h.contains("explain"));
  EXPECT_TRUE(j["hits"][1]["date"].is_null());
  EXPECT_EQ(j["hits"][1]["rank"], 22);
  EXPECT_EQ(j["facets"]["tags"], json::parse(R"([{"value":"旅行","count":2}])"));
  EXPECT_EQ(j["facets"]["categories"], json::array());
}

TEST(Json, SearchResponseExplainWarningsGeneration) {
  SearchResponse r = Response();
  r.warnings = {"unbalanced quote"};
  SearchJsonOptions o;
  o.explain = true;
  o.generation = 4;
  const json j = json::parse(SearchResponseToJson(r, o));
  EXPECT_EQ(j["warnings"], json({"unbalanced quote"}));
  EXPECT_EQ(j["generation"], 4);
  const json& e = j["hits"][0]["explain"];
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0]["term"], "北海道");
  EXPECT_EQ(e[0]["tf_body"], 2);
  EXPECT_EQ(e[0]["tf_meta"], 1);
  EXPECT_EQ(e[0]["meta_len"], 2);
  EXPECT_DOUBLE_EQ(j["hits"][0]["proximity"].get<double>(), 0.5);
}

TEST(Json, IndexReportAndStatistics) {
  IndexPathsReport r;
  r.added = 3;
  r.failed = 1;
  r.bytes = 2000000;
  r.seconds = 2;
  const std::vector<std::string> errors = {"x.md: bad"};
  json j = json::parse(IndexPathsReportToJson(r, "", &errors));
  EXPECT_EQ(j["added"], 3);
  EXPECT_EQ(j["failed"], 1);
  EXPECT_DOUBLE_EQ(j["mb_per_second"].get<double>(), 1.0);
  EXPECT_EQ(j["errors"], json({"x.md: bad"}));
  EXPECT_FALSE(j.contains("db"));
  j = json::parse(IndexPathsReportToJson(r, "blog.db", nullptr));
  EXPECT_EQ(j["db"], "blog.db");
  EXPECT_FALSE(j.contains("errors"));

  IndexStatistics s;
  s.path = "blog.db";
  s.documents = 10;
  s.column_family_bytes = {{"docs", 100}};
  j = json::parse(IndexStatisticsToJson(s));
  EXPECT_EQ(j["db"], "blog.db");
  EXPECT_EQ(j["documents"], 10);
  EXPECT_EQ(j["column_family_bytes"]["docs"], 100);
}

TEST(Json, TextAnalysis) {
  TextAnalysis a;
  a.text = "北海道へ";
  a.normalized = "北海道へ";
  a.terms.push_back(AnalyzedTerm{"北海道", 0, 0, 9});
  a.tokens.push_back(AnalyzedToken{"北海道", "北海道", "名詞", "ホッカイドウ", 0, 9, true, "北海道"});
  a.tokens.push_back(AnalyzedToken{"へ", "へ", "助詞", "ヘ", 9, 12, false, ""});
  json j = json::parse(TextAnalysisToJson(a, false));
  EXPECT_EQ(j["text"], "北海道へ");
  EXPECT_EQ(j["terms"][0]["term"], "北海道");
  EXPECT_EQ(j["terms"][0]["original"], "北海道");
  EXPECT_EQ(j["terms"][0]["end"], 9);
  j = json::parse(TextAnalysisToJson(a, true));
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j[0]["term"], "北海道");
  EXPECT_TRUE(j[1]["term"].is_null());
  EXPECT_EQ(j[1]["original"], "へ");
}

}  // namespace
}  // namespace sagasu
