// Table tests for the query lexer (query/query_lexer.h): tokens only, no
// analyzer.
#include "query/query_lexer.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace sagasu {
namespace {

// A token as a table row writes it: modifier ' ', '+' or '-'.
struct Tok {
  char modifier;
  std::string field;
  std::string value;
  bool quoted;
  bool operator==(const Tok&) const = default;
};

void PrintTo(const Tok& t, std::ostream* os) {
  *os << "{'" << t.modifier << "', \"" << t.field << "\", \"" << t.value << "\", " << t.quoted << "}";
}

Tok ToTok(const QueryToken& t) {
  const char m = t.modifier == QueryToken::Modifier::kPlus ? '+' : t.modifier == QueryToken::Modifier::kMinus ? '-' : ' ';
  return Tok{m, t.field, std::string(t.value), t.quoted};
}

std::vector<Tok> Lex(std::string_view text, std::vector<std::string>* warnings) {
  std::vector<Tok> out;
  for (const QueryToken& t : LexQuery(text, warnings)) out.push_back(ToTok(t));
  return out;
}

struct LexCase {
  const char* query;
  std::vector<Tok> expected;
};

TEST(QueryLexer, TokensTable) {
  const LexCase cases[] = {
      {"梅雨 北海道", {{' ', "", "梅雨", false}, {' ', "", "北海道", false}}},
      {"+生成AI -広告", {{'+', "", "生成AI", false}, {'-', "", "広告", false}}},
      {"-\"プレス リリース\"", {{'-', "", "プレス リリース", true}}},
      {"title:\"京都 旅行\"", {{' ', "title", "京都 旅行", true}}},
      {"-title:広告", {{'-', "title", "広告", false}}},
      {"Title:京都 -TAG:x", {{' ', "title", "京都", false}, {'-', "tag", "x", false}}},  // fields lowercased
      {"＂東京 タワー＂", {{' ', "", "東京 タワー", true}}},
      {"“東京 タワー”", {{' ', "", "東京 タワー", true}}},
      {"\"東京 タワー” 梅雨", {{' ', "", "東京 タワー", true}, {' ', "", "梅雨", false}}},  // any quote closes
      {"梅雨　北海道　", {{' ', "", "梅雨", false}, {' ', "", "北海道", false}}},  // ideographic spaces
      {"\t梅雨\r\n北海道 ", {{' ', "", "梅雨", false}, {' ', "", "北海道", false}}},
      {"東京\"タワー\"", {{' ', "", "東京", false}, {' ', "", "タワー", true}}},  // a quote ends a word
      // A '-' or '+' before a space is a value of its own, not a modifier.
      {"- 単独", {{' ', "", "-", false}, {' ', "", "単独", false}}},
      {"梅雨 +", {{' ', "", "梅雨", false}, {' ', "", "+", false}}},
      {"--x", {{'-', "", "-x", false}}},
      {"tag:旅行 since:2024-01", {{' ', "tag", "旅行", false}, {' ', "since", "2024-01", false}}},
      // A field needs a value right after the ':'.
      {"tag:", {{' ', "", "tag:", false}}},
      {"tag: 旅行", {{' ', "", "tag:", false}, {' ', "", "旅行", false}}},
      {"http://example.com", {{' ', "http", "//example.com", false}}},
      // Field names are ASCII letters and '_' only.
      {"a1:b 日本:東京 my_tag:x",
       {{' ', "", "a1:b", false}, {' ', "", "日本:東京", false}, {' ', "my_tag", "x", false}}},
      // Empty quoted values are dropped.
      {"\"\" tag:\"\" 梅雨", {{' ', "", "梅雨", false}}},
      // OR and AND are tokens like any other; the parser skips them.
      {"梅雨 OR 北海道", {{' ', "", "梅雨", false}, {' ', "", "OR", false}, {' ', "", "北海道", false}}},
      {"", {}},
      {"\u3000 ", {}},
  };
  for (const auto& c : cases) {
    std::vector<std::string> warnings;
    EXPECT_EQ(Lex(c.query, &warnings), c.expected) << c.query;
    EXPECT_TRUE(warnings.empty()) << c.query << ": " << warnings.front();
  }
}

TEST(QueryLexer, UnbalancedQuoteRunsToTheEndWithAWarning) {
  const LexCase cases[] = {
      {"梅雨 \"東京 タワー", {{' ', "", "梅雨", false}, {' ', "", "東京 タワー", true}}},
      {"＂東京 タワー -広告", {{' ', "", "東京 タワー -広告", true}}},
      {"-title:“京都", {{'-', "title", "京都", true}}},
  };
  for (const auto& c : cases) {
    std::vector<std::string> warnings;
    EXPECT_EQ(Lex(c.query, &warnings), c.expected) << c.query;
    EXPECT_EQ(warnings, std::vector<std::string>{"unbalanced quote: the phrase runs to the end of the query"})
        << c.query;
  }
  // A quote alone opens an empty phrase: a warning, no token.
  std::vector<std::string> warnings;
  EXPECT_TRUE(Lex("\"", &warnings).empty());
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(QueryLexer, ValuesPointIntoTheText) {
  const std::string text = "+title:\"京都 旅行\" 梅雨";
  std::vector<std::string> warnings;
  const auto tokens = LexQuery(text, &warnings);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].value.data(), text.data() + text.find("京都"));
  EXPECT_EQ(tokens[1].value.data(), text.data() + text.find("梅雨"));
}

}  // namespace
}  // namespace sagasu
