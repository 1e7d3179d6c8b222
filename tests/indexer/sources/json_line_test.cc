#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "indexer/sources/source.h"

namespace sagasu {
namespace {

TEST(JsonLine, AllFields) {
  Result<Article> doc = ParseJsonLine(
      R"({"id":"a-1","title":"ラーメン","body":"札幌の味噌。","tags":["食べ物","旅行"],"categories":"グルメ",)"
      R"("date":"2012-03-06T13:00:00+09:00","url":"https://example.jp/a","author":"山田","excerpt":"要約","x":1})",
      "feed.jsonl:1");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->id, "a-1");
  EXPECT_EQ(doc->title, "ラーメン");
  EXPECT_EQ(doc->body, "札幌の味噌。");
  EXPECT_EQ(doc->tags, (std::vector<std::string>{"食べ物", "旅行"}));
  EXPECT_EQ(doc->categories, (std::vector<std::string>{"グルメ"}));
  EXPECT_EQ(doc->date, 1331006400);
  EXPECT_EQ(doc->url, "https://example.jp/a");
  EXPECT_EQ(doc->author, "山田");
  EXPECT_EQ(doc->excerpt, "要約");
}

struct GoodCase {
  const char* name;
  const char* line;
  const char* id;
};

TEST(JsonLine, GoodLines) {
  const GoodCase cases[] = {
      {"string_id", R"({"id":"x"})", "x"},
      {"integer_id", R"({"id":42})", "42"},
      {"negative_id", R"({"id":-3})", "-3"},
      {"crlf", "{\"id\":\"x\"}\r", "x"},
      {"surrounding_spaces", "  {\"id\":\"x\"}  ", "x"},
      {"null_fields", R"({"id":"x","title":null,"tags":null,"date":null})", "x"},
      {"empty_date", R"({"id":"x","date":""})", "x"},
      {"escaped_unicode", R"({"id":"\u65e5\u672c"})", "日本"},
  };
  for (const auto& c : cases) {
    Result<Article> doc = ParseJsonLine(c.line, "f.jsonl:1");
    ASSERT_TRUE(doc.ok()) << c.name << ": " << doc.status().ToString();
    EXPECT_EQ(doc->id, c.id) << c.name;
  }
}

TEST(JsonLine, DateAsEpochSecondsAndAliases) {
  Result<Article> doc =
      ParseJsonLine(R"({"id":"x","date":1764520749,"description":"d","permalink":"/p/","category":["c"]})", "f:1");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->date, 1764520749);
  EXPECT_EQ(doc->excerpt, "d");
  EXPECT_EQ(doc->url, "/p/");
  EXPECT_EQ(doc->categories, std::vector<std::string>{"c"});
}

TEST(JsonLine, NulInsideStringBecomesSpace) {
  Result<Article> doc = ParseJsonLine(R"({"id":"x","body":"a\u0000b"})", "f:1");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->body, "a b");
}

struct BadCase {
  const char* name;
  std::string line;
  std::vector<std::string> message_contains;
};

TEST(JsonLine, BadLinesNameOriginAndReason) {
  const BadCase cases[] = {
      {"blank", "   ", {"feed.jsonl:12: empty line"}},
      {"not_json", "hello", {"feed.jsonl:12: not valid JSON", "column"}},
      {"truncated", R"({"id":"x","title":"t)", {"feed.jsonl:12: not valid JSON"}},
      {"trailing_garbage", R"({"id":"x"} x)", {"feed.jsonl:12: not valid JSON"}},
      {"array", R"(["id","x"])", {"feed.jsonl:12: expected a JSON object", "array"}},
      {"string", R"("x")", {"feed.jsonl:12: expected a JSON object", "string"}},
      {"missing_id", R"({"title":"t"})", {"feed.jsonl:12: missing 'id'"}},
      {"null_id", R"({"id":null})", {"feed.jsonl:12: missing 'id'"}},
      {"empty_id", R"({"id":""})", {"feed.jsonl:12: empty 'id'"}},
      {"blank_id", R"({"id":"  "})", {"feed.jsonl:12: empty 'id'"}},
      {"float_id", R"({"id":1.5})", {"feed.jsonl:12: field 'id'"}},
      {"object_id", R"({"id":{}})", {"feed.jsonl:12: field 'id'"}},
      {"title_number", R"({"id":"x","title":3})", {"feed.jsonl:12: field 'title' must be a string"}},
      {"tags_object", R"({"id":"x","tags":{"a":1}})", {"feed.jsonl:12: field 'tags'"}},
      {"tags_with_number", R"({"id":"x","tags":["a",1]})", {"feed.jsonl:12: field 'tags' must contain only strings"}},
      {"bad_date", R"({"id":"x","date":"someday"})", {"feed.jsonl:12: field 'date'", "someday"}},
      {"date_bool", R"({"id":"x","date":true})", {"feed.jsonl:12: field 'date'"}},
      {"invalid_utf8", "{\"id\":\"\xFF\"}", {"feed.jsonl:12: invalid UTF-8 at byte offset 7"}},
      {"nul_byte", std::string("{\"id\":\"x\0\"}", 11), {"feed.jsonl:12: binary"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Result<Article> doc = ParseJsonLine(c.line, "feed.jsonl:12");
    ASSERT_FALSE(doc.ok());
    EXPECT_TRUE(doc.status().IsInvalidArgument());
    for (const auto& part : c.message_contains) {
      EXPECT_NE(doc.status().message().find(part), std::string::npos)
          << "message \"" << doc.status().message() << "\" lacks \"" << part << "\"";
    }
  }
}

}  // namespace
}  // namespace sagasu
