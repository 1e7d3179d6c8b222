// The parameter table (include/sagasu/limits.h): its defaults are the
// structs' defaults, its messages name the parameter, and Index enforces it.
#include "sagasu/limits.h"

#include <cmath>

#include <gtest/gtest.h>

#include "sagasu/sagasu.h"
#include "test_util.h"

namespace sagasu {
namespace {

TEST(Limits, DefaultsAreTheStructDefaults) {
  const RankingOptions r;
  EXPECT_FLOAT_EQ(r.k1, limits::kK1.default_value);
  EXPECT_FLOAT_EQ(r.b_body, limits::kBBody.default_value);
  EXPECT_FLOAT_EQ(r.b_title, limits::kBTitle.default_value);
  EXPECT_FLOAT_EQ(r.title_weight, limits::kTitleWeight.default_value);
  EXPECT_FLOAT_EQ(r.proximity_weight, limits::kProximityWeight.default_value);
  EXPECT_EQ(r.rerank_depth, limits::kRerankDepth.default_value);
  const SearchQuery q;
  EXPECT_EQ(q.limit, limits::kLimit.default_value);
  EXPECT_EQ(q.offset, limits::kOffset.default_value);
  EXPECT_EQ(q.snippet_chars, limits::kSnippetChars.default_value);
  const IndexOptions o;
  EXPECT_EQ(o.threads, limits::kThreads.default_value);
  EXPECT_EQ(o.memory_budget, limits::kMemoryBudget.default_value);
  for (const ParamLimit* l : {&limits::kK1, &limits::kBBody, &limits::kBTitle, &limits::kTitleWeight,
                              &limits::kProximityWeight, &limits::kRerankDepth, &limits::kLimit, &limits::kOffset,
                              &limits::kSnippetChars, &limits::kThreads, &limits::kMemoryBudget, &limits::kPageSize,
                              &limits::kServerQueryBytes}) {
    EXPECT_TRUE(l->Contains(l->default_value)) << l->name;
  }
}

TEST(Limits, CheckLimitNamesTheParameterAndRange) {
  EXPECT_TRUE(CheckLimit(limits::kK1, 1.5, "--k1").ok());
  EXPECT_TRUE(CheckLimit(limits::kK1, 0, "--k1").ok());
  const Status s = CheckLimit(limits::kK1, 200, "--k1");
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.message(), "--k1: 200 is out of range [0, 100]");
  EXPECT_EQ(CheckLimit(limits::kBBody, -0.5, "b").message(), "b: -0.5 is out of range [0, 1]");
  EXPECT_FALSE(CheckLimit(limits::kBBody, std::nan(""), "b").ok());
  EXPECT_EQ(RangeText(limits::kMemoryBudget), "[1048576, 1000000000000000]");
}

TEST(Limits, SortNamesRoundTrip) {
  for (SearchQuery::Sort s : {SearchQuery::Sort::kScore, SearchQuery::Sort::kDateDesc, SearchQuery::Sort::kDateAsc}) {
    EXPECT_EQ(ParseSortName(SortName(s)), s);
  }
  EXPECT_EQ(ParseSortName("date"), SearchQuery::Sort::kDateDesc);
  EXPECT_FALSE(ParseSortName("relevance"));
  EXPECT_FALSE(ParseSortName(""));
}

TEST(Limits, DateFilters) {
  EXPECT_EQ(*ParseDateFilter("2024", false, "since"), 1704067200);  // 2024-01-01T00:00:00Z
  EXPECT_EQ(*ParseDateFilter("2024", true, "until"), 1735689599);   // 2024-12-31T23:59:59Z
  const Result<std::int64_t> bad = ParseDateFilter("yesterday", false, "--since");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsInvalidArgument());
  EXPECT_NE(bad.status().message().find("--since"), std::string::npos) << bad.status().message();
}

TEST(Limits, IndexOpenRejectsRankingOutOfRange) {
  testing::TempDir tmp;
  IndexOptions o;
  o.mode = IndexOptions::Mode::kReadWrite;
  std::unique_ptr<Index> index;
  o.ranking.proximity_weight = -1;
  Status s = Index::Open(o, (tmp.path() / "db").string(), &index);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("RankingOptions::proximity_weight"), std::string::npos) << s.message();
  o.ranking = RankingOptions();
  o.ranking.rerank_depth = 0;
  s = Index::Open(o, (tmp.path() / "db").string(), &index);
  EXPECT_NE(s.message().find("rerank_depth"), std::string::npos) << s.message();
  EXPECT_FALSE(index);
}

}  // namespace
}  // namespace sagasu
