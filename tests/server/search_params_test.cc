// server/search_params.h: tracking parameters ignored, error codes and the
// parameter at fault, the canonical form behind the ETag.
#include "server/search_params.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace sagasu {
namespace {

using Params = std::multimap<std::string, std::string>;

TEST(SearchParamsTest, TrackingParametersAreIgnored) {
  const Params params = {{"q", "北海道 ラーメン"}, {"utm_source", "newsletter"}, {"utm_medium", "email"},
                         {"utm_campaign", "冬"}, {"_", "1700000000"}, {"_cb", "x"}, {"size", "5"}};
  Result<SearchParams> r = ParseSearchParams(params, 1024);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->query.text, "北海道 ラーメン");
  EXPECT_EQ(r->size, 5u);
  for (const char* name : {"utm_source", "utm_", "_", "__x"}) EXPECT_TRUE(IsIgnoredParam(name)) << name;
  for (const char* name : {"utm", "q", "x_", "UTM_source", "tags"}) EXPECT_FALSE(IsIgnoredParam(name)) << name;
}

TEST(SearchParamsTest, ErrorsNameTheParameterAndCode) {
  struct Case {
    Params params;
    std::string code, param;
  };
  const std::vector<Case> cases = {
      {{{"tags", "旅行"}}, "unknown_parameter", "tags"},
      {{{"utm", "x"}}, "unknown_parameter", "utm"},
      {{{"q", std::string(1025, 'a')}}, "query_too_long", "q"},
      {{{"q", "京都"}, {"q", "大阪"}}, "invalid_parameter", "q"},
      {{{"size", "0"}}, "invalid_parameter", "size"},
      {{{"page", "0"}}, "invalid_parameter", "page"},
      {{{"page", "101"}, {"size", "100"}}, "invalid_parameter", "page"},
      {{{"since", "昨日"}}, "invalid_parameter", "since"},
      {{{"until", "2024-02-30"}}, "invalid_parameter", "until"},
      {{{"since", "2025"}, {"until", "2024"}}, "invalid_parameter", "since"},
      {{{"sort", "relevance"}}, "invalid_parameter", "sort"},
      {{{"tag_mode", "some"}}, "invalid_parameter", "tag_mode"},
      {{{"prefix", "all"}}, "invalid_parameter", "prefix"},
      {{{"tag", ""}}, "invalid_parameter", "tag"},
      {{{"author", std::string(300, 'a')}}, "invalid_parameter", "author"},
      {{{"category", "旅"}, {"category", ""}}, "invalid_parameter", "category"},
  };
  for (const auto& c : cases) {
    ParamFault fault;
    Result<SearchParams> r = ParseSearchParams(c.params, 1024, &fault);
    ASSERT_FALSE(r.ok()) << c.param;
    EXPECT_TRUE(r.status().IsInvalidArgument());
    EXPECT_EQ(fault.code, c.code) << r.status().ToString();
    EXPECT_EQ(fault.param, c.param) << r.status().ToString();
    EXPECT_NE(r.status().message().find("'" + c.param + "'"), std::string::npos) << r.status().ToString();
  }
}

TEST(SearchParamsTest, CanonicalFormIgnoresOrderAndTracking) {
  const Params a = {{"q", "京都"}, {"tag", "旅行"}, {"tag", "グルメ"}, {"size", "5"}};
  const Params b = {{"size", "5"}, {"tag", "グルメ"}, {"utm_source", "x"}, {"q", "京都"}, {"_", "1"}, {"tag", "旅行"}};
  EXPECT_EQ(CanonicalSearchParams(a), CanonicalSearchParams(b));
  // Any change of a parameter that counts changes it.
  for (const Params& other : std::vector<Params>{{{"q", "京都 "}, {"tag", "旅行"}, {"tag", "グルメ"}, {"size", "5"}},
                                                 {{"q", "京都"}, {"tag", "旅行"}, {"size", "5"}},
                                                 {{"q", "京都"}, {"tag", "旅行"}, {"tag", "グルメ"}, {"size", "6"}},
                                                 {{"q", "京都"}, {"tag", "旅行グルメ"}, {"size", "5"}}}) {
    EXPECT_NE(CanonicalSearchParams(a), CanonicalSearchParams(other));
  }
  // Lengths keep a value from passing for a name.
  EXPECT_NE(CanonicalSearchParams({{"q", "a=1"}}), CanonicalSearchParams({{"q=a", "1"}}));
}

}  // namespace
}  // namespace sagasu
