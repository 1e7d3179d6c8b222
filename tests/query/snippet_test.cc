// Snippets and highlights: byte ranges on the ORIGINAL text, window choice,
// HTML escaping. The spans come from MatchSpans (query/highlight.h) with the
// terms of a query, as the searcher marks them.
#include "query/snippet.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query_test_util.h"

namespace sagasu {
namespace {

using testing::QueryAnalyzer;

// The index terms of a query text, as the searcher would highlight them.
std::vector<std::string> QueryTerms(std::string_view text) {
  std::vector<Term> terms;
  QueryAnalyzer().NewSession()->Analyze(text, 0, false, &terms);
  std::vector<std::string> out;
  for (auto& t : terms) out.push_back(t.text);
  return out;
}

// The spans of `text` that the terms of `query` match.
std::vector<Span> Spans(std::string_view text, std::string_view query) {
  MatchSpec spec;
  spec.terms = QueryTerms(query);
  return MatchSpans(QueryAnalyzer().NewSession().get(), text, spec);
}

std::vector<std::string> Marked(const HighlightedText& h) {
  std::vector<std::string> out;
  for (const auto& [b, e] : h.ranges) {
    EXPECT_LE(b, e);
    EXPECT_LE(e, h.text.size());
    out.push_back(h.text.substr(b, e - b));
  }
  return out;
}

struct WidthCase {
  const char* text;
  const char* query;
  std::vector<std::string> marked;  // exactly these original substrings
};

TEST(Snippet, HighlightsCoverOriginalCharactersOnFullAndHalfWidth) {
  const WidthCase cases[] = {
      {"ＯｐｅｎＡＩが新モデルを発表", "openai", {"ＯｐｅｎＡＩ"}},
      {"新しいｻｰﾊﾞｰを導入した", "サーバー", {"ｻｰﾊﾞｰ"}},
      {"新しいサーバーを導入した", "サーバー", {"サーバー"}},
      {"ｻｰﾊﾞｰとサーバー", "サーバー", {"ｻｰﾊﾞｰ", "サーバー"}},
      {"OpenAI と ＯＰＥＮＡＩ と openai", "OpenAI", {"OpenAI", "ＯＰＥＮＡＩ", "openai"}},
      {"ＧＰＴ４の発表", "gpt4", {"ＧＰＴ４"}},
  };
  for (const auto& c : cases) {
    const auto terms = QueryTerms(c.query);
    ASSERT_FALSE(terms.empty()) << c.query;
    const auto spans = Spans(c.text, c.query);
    const HighlightedText all = HighlightAll(c.text, spans);
    EXPECT_EQ(all.text, c.text);
    EXPECT_EQ(Marked(all), c.marked) << c.text << " / " << c.query << " (term " << terms[0] << ")";
    const HighlightedText snip = MakeSnippet(c.text, spans, 120);
    EXPECT_EQ(Marked(snip), c.marked) << c.text << " / " << c.query;
  }
}

TEST(Snippet, RangesAreAscendingDisjointAndMerged) {
  const std::string text = "東京タワーと東京スカイツリー、東京駅。タワーの高さ。";
  const HighlightedText h = HighlightAll(text, Spans(text, "東京 タワー"));
  // 東京タワー is one mark (東京 and タワー touch), then 東京, 東京, タワー.
  EXPECT_EQ(Marked(h), (std::vector<std::string>{"東京タワー", "東京", "東京", "タワー"}));
  for (std::size_t i = 1; i < h.ranges.size(); ++i) EXPECT_LT(h.ranges[i - 1].second, h.ranges[i].first);
}

TEST(Snippet, WindowHoldsTheMostDistinctTerms) {
  // 梅雨 alone near the start; far later, one sentence with all three terms.
  std::string text = "梅雨の話。";
  for (int i = 0; i < 40; ++i) text += "関係のない文章がしばらく続きます。";
  text += "北海道には梅雨がなく、小笠原諸島にもない。";
  for (int i = 0; i < 10; ++i) text += "後ろにも別の文章があります。";
  const HighlightedText h = MakeSnippet(text, Spans(text, "梅雨 北海道 小笠原諸島"), 60);
  EXPECT_THAT(h.text, ::testing::HasSubstr("北海道には梅雨がなく、小笠原諸島"));
  EXPECT_TRUE(h.cut_before);
  EXPECT_TRUE(h.cut_after);
  std::vector<std::string> marked = Marked(h);
  std::sort(marked.begin(), marked.end());
  marked.erase(std::unique(marked.begin(), marked.end()), marked.end());
  EXPECT_EQ(marked.size(), 3u);
  // About max_chars characters.
  std::size_t chars = 0;
  for (unsigned char c : h.text) chars += (c & 0xC0) != 0x80;
  EXPECT_LE(chars, 60u);
}

TEST(Snippet, NoMatchGivesTheBeginning) {
  std::string text = "\n\n最初の文です。";
  for (int i = 0; i < 30; ++i) text += "続きの文章です。";
  const HighlightedText h = MakeSnippet(text, Spans(text, "北海道"), 20);
  EXPECT_TRUE(h.ranges.empty());
  EXPECT_FALSE(h.cut_before);
  EXPECT_TRUE(h.cut_after);
  EXPECT_EQ(h.text.rfind("最初の文です。", 0), 0u) << h.text;
  const HighlightedText none = MakeSnippet("", Spans("", "北海道"), 20);
  EXPECT_TRUE(none.text.empty());
  EXPECT_FALSE(none.cut_after);
}

TEST(Snippet, NewlinesBecomeSpaces) {
  const std::string text = "一行目\n二行目の北海道\r\n三行目";
  const HighlightedText h = MakeSnippet(text, Spans(text, "北海道"), 100);
  EXPECT_EQ(h.text.find('\n'), std::string::npos);
  EXPECT_EQ(h.text.find('\r'), std::string::npos);
  EXPECT_EQ(Marked(h), std::vector<std::string>{"北海道"});
}

TEST(Snippet, RenderEscapesHtml) {
  HighlightedText h;
  h.text = "a<b>&\"北海道\"</b>";
  const std::size_t at = h.text.find("北海道");
  h.ranges = {{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + std::string("北海道").size())}};
  EXPECT_EQ(h.Render("<mark>", "</mark>", true), "a&lt;b&gt;&amp;&quot;<mark>北海道</mark>&quot;&lt;/b&gt;");
  EXPECT_EQ(h.Render("[", "]", false), "a<b>&\"[北海道]\"</b>");
  h.cut_before = h.cut_after = true;
  EXPECT_EQ(h.Render("[", "]", false), "…a<b>&\"[北海道]\"</b>…");
}

TEST(Snippet, HighlightedTextInsideMarkIsEscapedToo) {
  HighlightedText h;
  h.text = "x<y";
  h.ranges = {{0, 3}};
  EXPECT_EQ(h.Render("<mark>", "</mark>", true), "<mark>x&lt;y</mark>");
}

}  // namespace
}  // namespace sagasu
