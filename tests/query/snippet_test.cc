// Snippets and highlights: byte ranges on the ORIGINAL text, window choice,
// HTML escaping. The spans come from MatchSpans (query/highlight.h) with the
// terms of a query, as the searcher marks them.
#include "query/snippet.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
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

// When the bound on pieces explored is reached before any match is known,
// the snippet is the beginning of the text, and its marks are exact: an
// okurigana key's probe is its first kanji (夏 of 夏休#ナツヤスミ), which
// here occurs in more pieces than the bound, the match at the start last.
TEST(Snippet, BeginningCutAfterTheBoundStillMarksItsMatches) {
  // Far enough from the others that a window holding it holds no other
  // probe: it is the least promising piece.
  std::string text = "夏休みが始まった。";
  for (int i = 0; i < 8; ++i) text += "今日は晴れて暑い。";
  for (int i = 0; i < 2 * static_cast<int>(kSnippetMaxExplored); ++i) text += "夏の夏祭りは夏らしい。今日も暑い。";
  const std::vector<std::string> terms = QueryTerms("夏休み");
  ASSERT_EQ(terms.size(), 1u);
  ASSERT_NE(terms[0].find('#'), std::string::npos) << terms[0];  // the okurigana rule made it a key
  auto session = QueryAnalyzer().NewSession();
  const MatchSpec spec{.terms = terms};
  const HighlightedText whole = MakeSnippet(text, MatchSpans(session.get(), text, spec), 40);
  ASSERT_TRUE(whole.Render("[", "]", false).starts_with("[夏休み]")) << whole.Render("[", "]", false);
  PieceMatches matches(session.get(), text, spec);
  ASSERT_GT(matches.pieces().size(), kSnippetMaxExplored + 1);
  const HighlightedText bounded = MakeSnippet(text, &matches, 40);
  EXPECT_EQ(bounded.text, whole.text);
  EXPECT_EQ(bounded.ranges, whole.ranges);
}

// The window-only path (MakeSnippet on PieceMatches: only the pieces that
// can change the snippet are analyzed) gives the same snippet as cutting
// the spans of the whole text, for many queries on real articles: the
// nouns of the title alone and in pairs, words of the body, a prefix and
// an n-gram sequence, at several lengths. On the livedoor corpus when it is
// there, else on a few built-in texts.
TEST(Snippet, WindowOnlyEqualsWholeText) {
  std::vector<Article> docs = testing::LoadLivedoor(300);
  const bool corpus = !docs.empty();
  if (!corpus) {
    docs.push_back({.title = "東京タワーと京都",
                    .body = "東京都の人口は多い。京都は古都だ、東京タワーに登った。\n\n「京都」と東京の話。梅雨の雨。"});
    docs.push_back({.title = "役立つ本", .body = "この本は仕事に役立ちます。昔の知識が役立った！役立つ本だ。"});
  }
  auto session = QueryAnalyzer().NewSession();
  std::mt19937 rng(7);
  std::size_t compared = 0, analyzed = 0, pieces = 0, bounded_differs = 0;
  for (const Article& a : docs) {
    std::vector<Term> title, body;
    session->Analyze(a.title, 0, false, &title);
    session->Analyze(a.body, 0, true, &body);
    if (body.empty()) continue;
    std::vector<MatchSpec> specs;
    for (std::size_t i = 0; i < title.size(); ++i) {
      specs.push_back({.terms = {title[i].text}});
      if (i + 1 < title.size()) specs.push_back({.terms = {title[i].text, title[i + 1].text}});
    }
    for (int k = 0; k < 4; ++k) {
      const std::string& w1 = body[rng() % body.size()].text;
      const std::string& w2 = body[rng() % body.size()].text;
      specs.push_back({.terms = {w1, w2}});
    }
    // A prefix: the first character of a body term; a sequence: a body
    // term's text, matched wherever it occurs.
    const std::string& w = body[rng() % body.size()].text;
    std::size_t first = 1;
    while (first < w.size() && (static_cast<unsigned char>(w[first]) & 0xC0) == 0x80) ++first;
    specs.push_back({.terms = {title.empty() ? w : title[0].text}, .prefixes = {w.substr(0, first)}});
    specs.push_back({.terms = {title.empty() ? w : title.back().text}, .sequences = {body[rng() % body.size()].text}});
    for (const MatchSpec& spec : specs) {
      for (std::size_t chars : {40u, 120u, 300u}) {
        const HighlightedText whole = MakeSnippet(a.body, MatchSpans(session.get(), a.body, spec), chars);
        PieceMatches matches(session.get(), a.body, spec);
        const HighlightedText window = MakeSnippet(a.body, &matches, chars, SIZE_MAX);
        ASSERT_EQ(window.text, whole.text) << a.title << " " << ::testing::PrintToString(spec.terms) << " " << chars;
        ASSERT_EQ(window.ranges, whole.ranges) << a.title << " " << ::testing::PrintToString(spec.terms) << " "
                                               << chars << " " << whole.text;
        ASSERT_EQ(window.cut_before, whole.cut_before);
        ASSERT_EQ(window.cut_after, whole.cut_after);
        for (std::size_t i = 0; i < matches.pieces().size(); ++i) analyzed += matches.analyzed(i);
        pieces += matches.pieces().size();
        ++compared;
        // With the default bound on pieces explored: the window may differ,
        // its marks are exact: each is a whole-text span within the cut.
        PieceMatches bounded_matches(session.get(), a.body, spec);
        const HighlightedText bounded = MakeSnippet(a.body, &bounded_matches, chars);
        if (bounded.text == whole.text) {
          ASSERT_EQ(bounded.ranges, whole.ranges) << a.title << " " << ::testing::PrintToString(spec.terms);
        } else {
          ++bounded_differs;
          const HighlightedText all = HighlightAll(a.body, MatchSpans(session.get(), a.body, spec));
          for (const auto& [b, e] : bounded.ranges) {
            const std::string marked = bounded.text.substr(b, e - b);
            ASSERT_NE(all.Render("[", "]", false).find("[" + marked + "]"), std::string::npos)
                << marked << " is not a match in " << a.title;
          }
        }
      }
    }
  }
  EXPECT_GT(compared, 20u);
  // The point of the window-only path: most pieces of real articles are left
  // alone (the short built-in texts fit in one window: every piece counts).
  RecordProperty("pieces", static_cast<int>(pieces));
  RecordProperty("analyzed", static_cast<int>(analyzed));
  RecordProperty("bounded_differs", static_cast<int>(bounded_differs));
  std::printf("windows compared %zu, changed by the bound on pieces explored %zu\n", compared, bounded_differs);
  EXPECT_LE(bounded_differs * 20, compared);
  if (corpus) {
    EXPECT_LT(analyzed, pieces);
  }
}

}  // namespace
}  // namespace sagasu
