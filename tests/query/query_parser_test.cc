// Table tests for the query syntax (query/query_parser.h).
#include "query/query_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query_test_util.h"

namespace sagasu {
namespace {

using ::testing::HasSubstr;
using testing::QueryAnalyzer;

Result<ParsedQuery> Parse(std::string_view text) {
  auto session = QueryAnalyzer().NewSession();
  return ParseQuery(text, session.get());
}

std::int64_t Date(const char* s) {
  auto t = ParseDate(s);
  EXPECT_TRUE(t.has_value()) << s;
  return t.value_or(0);
}

// A compact description of a parsed query, so that a table row reads as one
// line: clauses as "<occur><flags>[terms]" joined by spaces, e.g.
// "?[梅雨,北海道] +P[東京,タワー] -[広告] +T[京都]" (? should, + must,
// - must not; P phrase, T title only).
std::string Describe(const ParsedQuery& q) {
  std::string out;
  for (const auto& c : q.clauses) {
    if (!out.empty()) out += ' ';
    out += c.occur == Clause::Occur::kShould ? "?" : c.occur == Clause::Occur::kMust ? "+" : "-";
    if (c.phrase) out += 'P';
    if (c.title_only) out += 'T';
    out += '[';
    for (std::size_t i = 0; i < c.terms.size(); ++i) {
      if (i) out += ',';
      out += c.terms[i].text;
    }
    out += ']';
  }
  return out;
}

struct ClauseCase {
  const char* query;
  const char* expected;  // Describe() of the result
};

TEST(QueryParser, ClausesTable) {
  const ClauseCase cases[] = {
      {"梅雨 北海道", "?[梅雨,北海道]"},
      {"梅雨　北海道", "?[梅雨,北海道]"},  // ideographic space
      {"梅雨 梅雨 北海道", "?[梅雨,北海道]"},  // duplicate words once
      {"梅雨 OR 北海道", "?[梅雨,北海道]"},
      {"梅雨 | 北海道", "?[梅雨,北海道]"},
      {"\"東京 タワー\"", "+P[東京,タワー]"},  // a phrase is required
      {"＂東京 タワー＂", "+P[東京,タワー]"},
      {"“東京 タワー”", "+P[東京,タワー]"},
      {"\"東京\"", "+[東京]"},  // a quoted word is required
      {"-広告", "-[広告]"},
      {"-\"東京 タワー\"", "-P[東京,タワー]"},
      {"+京都", "+[京都]"},
      {"梅雨 +北海道 -沖縄", "?[梅雨] +[北海道] -[沖縄]"},
      {"title:京都", "+T[京都]"},
      {"title:\"東京 タワー\"", "+PT[東京,タワー]"},
      {"-title:広告", "-T[広告]"},
      {"- 梅雨", "?[梅雨]"},  // a lone '-' is not a modifier
      {"body:梅雨 北海道", "?[梅雨,北海道]"},  // body: is what words search
      {"北海道 -body:沖縄", "?[北海道] -[沖縄]"},
      {"+text:京都", "+[京都]"},
      {"body:\"東京 タワー\"", "+P[東京,タワー]"},
  };
  for (const auto& c : cases) {
    auto q = Parse(c.query);
    ASSERT_TRUE(q.ok()) << c.query << ": " << q.status().ToString();
    EXPECT_EQ(Describe(*q), c.expected) << c.query;
    // Only exclusions leave nothing to rank: that is worth a warning.
    if (q->has_text()) {
      EXPECT_TRUE(q->warnings.empty()) << c.query << ": " << q->warnings.front();
    }
  }
}

TEST(QueryParser, PhrasePositionsKeepTheQueryShape) {
  auto q = Parse("\"東京 タワー\"");
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->clauses.size(), 1u);
  ASSERT_EQ(q->clauses[0].terms.size(), 2u);
  EXPECT_EQ(q->clauses[0].terms[1].position - q->clauses[0].terms[0].position, 1u);
}

TEST(QueryParser, FieldFilters) {
  auto q = Parse("梅雨 tag:旅行 tag:京都 category:技術 author:山田 Category:ニュース");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(Describe(*q), "?[梅雨]");
  EXPECT_EQ(q->tags, (std::vector<std::string>{"旅行", "京都"}));
  EXPECT_EQ(q->categories, (std::vector<std::string>{"技術", "ニュース"}));
  EXPECT_EQ(q->authors, (std::vector<std::string>{"山田"}));
  EXPECT_TRUE(q->has_text());

  auto f = Parse("tag:旅行");
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->has_text());
  EXPECT_TRUE(f->warnings.empty());
  EXPECT_EQ(f->tags, (std::vector<std::string>{"旅行"}));
}

struct DateCase {
  const char* query;
  std::optional<const char*> since;  // expected, as a ParseDate string
  std::optional<const char*> until;
};

TEST(QueryParser, DatesTable) {
  const DateCase cases[] = {
      {"since:2024", "2024-01-01T00:00:00Z", std::nullopt},
      {"until:2024", std::nullopt, "2024-12-31T23:59:59Z"},
      {"since:2024-02 until:2024-02", "2024-02-01T00:00:00Z", "2024-02-29T23:59:59Z"},
      {"until:2023-12", std::nullopt, "2023-12-31T23:59:59Z"},
      {"since:2024-03-06 until:2024-03-06", "2024-03-06T00:00:00Z", "2024-03-06T23:59:59Z"},
      {"until:2024-03-06T12:00:00Z", std::nullopt, "2024-03-06T12:00:00Z"},
      // Single-digit months and days are whole days too (Jekyll takes them).
      {"since:2024-3-6 until:2024-3-6", "2024-03-06T00:00:00Z", "2024-03-06T23:59:59Z"},
      {"since:2012-03-06T13:00:00+09:00", "2012-03-06T04:00:00Z", std::nullopt},
  };
  for (const auto& c : cases) {
    auto q = Parse(c.query);
    ASSERT_TRUE(q.ok()) << c.query << ": " << q.status().ToString();
    if (c.since) {
      ASSERT_TRUE(q->since.has_value()) << c.query;
      EXPECT_EQ(*q->since, Date(*c.since)) << c.query << " since=" << FormatDate(*q->since);
    } else {
      EXPECT_FALSE(q->since.has_value()) << c.query;
    }
    if (c.until) {
      ASSERT_TRUE(q->until.has_value()) << c.query;
      EXPECT_EQ(*q->until, Date(*c.until)) << c.query << " until=" << FormatDate(*q->until);
    } else {
      EXPECT_FALSE(q->until.has_value()) << c.query;
    }
    EXPECT_TRUE(q->warnings.empty()) << c.query;
  }
}

struct ErrorCase {
  std::string query;
  std::string message_part;  // the error must name this
};

TEST(QueryParser, ErrorsTable) {
  const ErrorCase cases[] = {
      {"梅雨 foo:bar", "foo"},
      {"color:赤", "color"},
      {"since:2024-13", "2024-13"},
      {"since:yesterday", "yesterday"},
      {"until:2024-02-30x", "2024-02-30x"},
      {"since:24", "24"},
      {"since:2024-06 until:2024-01", "since"},
      {"-tag:旅行", "excluding by a filter"},
      {std::string("梅雨 \xff\xfe"), "UTF-8"},
      {std::string("\xe6\xa2"), "UTF-8"},         // truncated sequence
      {std::string("\xed\xa0\x80"), "UTF-8"},     // surrogate
      {std::string("\xc0\xaf"), "UTF-8"},         // overlong
  };
  for (const auto& c : cases) {
    auto q = Parse(c.query);
    ASSERT_FALSE(q.ok()) << c.query;
    EXPECT_TRUE(q.status().IsInvalidArgument()) << c.query << ": " << q.status().ToString();
    EXPECT_THAT(q.status().message(), HasSubstr(c.message_part)) << c.query;
  }
}

TEST(QueryParser, UnbalancedQuoteIsAWarningNotAnError) {
  for (const char* text : {"\"東京 タワー", "梅雨 ＂東京 タワー", "“東京 タワー"}) {
    auto q = Parse(text);
    ASSERT_TRUE(q.ok()) << text << ": " << q.status().ToString();
    ASSERT_EQ(q->warnings.size(), 1u) << text;
    EXPECT_THAT(q->warnings[0], HasSubstr("quote")) << text;
    EXPECT_THAT(Describe(*q), HasSubstr("P[東京,タワー]")) << text;
  }
}

// The whole query is lexed before any term is counted: the quote warning
// comes first, the term limit warning once.
TEST(QueryParser, TermLimitWarnsOnceWithAnUnbalancedQuote) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "word" + std::to_string(i) + " ";
  auto q = Parse(text + "\"東京 タワー");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->warnings, (std::vector<std::string>{
                             "unbalanced quote: the phrase runs to the end of the query",
                             "query has more than " + std::to_string(kMaxQueryTerms) + " terms; the rest are ignored",
                         }));
}

TEST(QueryParser, OnlyParticlesGiveNoTermsAndAWarning) {
  auto q = Parse("はがのに");
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->clauses.empty()) << Describe(*q);
  EXPECT_FALSE(q->has_text());
  ASSERT_EQ(q->warnings.size(), 1u);
  EXPECT_THAT(q->warnings[0], HasSubstr("no searchable terms"));
}

TEST(QueryParser, EmptyQuery) {
  for (const char* text : {"", "   ", "\u3000"}) {
    auto q = Parse(text);
    ASSERT_TRUE(q.ok()) << '"' << text << '"';
    EXPECT_TRUE(q->clauses.empty());
    EXPECT_FALSE(q->has_text());
  }
}

// A 10,000-character query must not crash: either it parses with the term
// cap warning, or it is refused with an error that names the limit.
void ExpectLongQueryHandled(const std::string& text, bool many_terms = true) {
  auto q = Parse(text);
  if (q.ok()) {
    std::size_t terms = 0;
    for (const auto& c : q->clauses) terms += c.terms.size();
    EXPECT_LE(terms, kMaxQueryTerms);
    if (!many_terms) return;
    ASSERT_FALSE(q->warnings.empty());
    EXPECT_THAT(q->warnings[0], HasSubstr("terms"));
  } else {
    EXPECT_TRUE(q.status().IsInvalidArgument()) << q.status().ToString();
    EXPECT_THAT(q.status().message(), HasSubstr("limit"));
  }
}

TEST(QueryParser, TenThousandCharactersAscii) {
  std::string text;
  for (int i = 0; text.size() < 10000; ++i) text += "word" + std::to_string(i) + " ";
  text.resize(10000);
  ExpectLongQueryHandled(text);
  ExpectLongQueryHandled(std::string(10000, 'a'), /*many_terms=*/false);
}

TEST(QueryParser, TenThousandCharactersJapanese) {
  const std::string words[] = {"梅雨", "北海道", "東京", "京都", "紅葉", "旅行", "冷却", "液浸", "沖縄", "台風"};
  std::string text;
  std::size_t chars = 0;
  for (int i = 0; chars < 10000; ++i) {
    const std::string& w = words[i % 10];
    text += w;
    chars += w.size() / 3;
  }
  ExpectLongQueryHandled(text);
  // Under the byte limit, with many distinct terms: the term cap applies.
  std::string shorter;
  for (int i = 0; i < 400; ++i) shorter += words[i % 10] + std::to_string(i) + " ";
  ASSERT_LT(shorter.size(), kMaxQueryBytes);
  ExpectLongQueryHandled(shorter);
}

}  // namespace
}  // namespace sagasu
