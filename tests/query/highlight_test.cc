// MatchSpans (query/highlight.h): exactly the tokens, prefixes and n-gram
// sequences that matched are marked, on the original bytes, merged when
// they touch. Real Japanese text through the real analyzer.
#include "query/highlight.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "query_test_util.h"

namespace sagasu {
namespace {

using testing::QueryAnalyzer;

// The index terms of a query text (normalized), as the searcher gets them.
std::vector<std::string> QueryTerms(AnalyzerSession* session, std::string_view text) {
  std::vector<Term> terms;
  session->Analyze(text, 0, false, &terms);
  std::vector<std::string> out;
  for (auto& t : terms) out.push_back(t.text);
  return out;
}

std::vector<std::string> Marked(std::string_view text, const std::vector<Span>& spans) {
  std::vector<std::string> out;
  for (const auto& [b, e] : spans) {
    EXPECT_LT(b, e);
    EXPECT_LE(e, text.size());
    out.emplace_back(text.substr(b, e - b));
  }
  return out;
}

struct Case {
  const char* what;
  std::string text;
  // Query words: each analyzed into terms (so 役立つ stands for its term).
  std::vector<std::string> term_words;
  std::vector<std::string> prefixes;   // normalized
  std::vector<std::string> sequences;  // normalized
  std::vector<std::string> marked;     // exactly these original substrings, in order
};

TEST(MatchSpans, MarksWhatMatchedAndNothingElse) {
  const Case cases[] = {
      {"conjugated verb: the term is the base form", "この本は仕事に役立ちます。", {"役立つ"}, {}, {}, {"役立ち"}},
      {"conjugated verb, past", "昔の知識が役立った。役立つ本だ。", {"役立ちます"}, {}, {}, {"役立っ", "役立つ"}},
      {"conjugated adjective", "苔が美しかった。美しい庭。", {"美しい"}, {}, {}, {"美しかっ", "美しい"}},
      {"雨 is not the 雨 of the morpheme 梅雨", "梅雨の季節は雨が多い。", {"雨"}, {}, {}, {"雨"}},
      {"no term, no mark", "梅雨入りした。", {"雨"}, {}, {}, {}},
      {"東京都 is 東京 + 都, not 京都", "東京都の人口。", {"京都"}, {}, {}, {}},
      // Alone, スマートフォン is cut スマート + フォン (as the query is); in a
      // sentence MeCab keeps it whole, which the n-gram stream matches.
      {"katakana word cut in two: one mark", "スマートフォン", {"スマートフォン"}, {}, {}, {"スマートフォン"}},
      {"katakana word kept whole", "新しいスマートフォンを買った。", {}, {}, {"スマートフォン"}, {"スマートフォン"}},
      {"adjacent terms merge", "東京タワーに登った。", {"東京", "タワー"}, {}, {}, {"東京タワー"}},
      {"full width", "ＯｐｅｎＡＩが新モデルを発表", {"openai"}, {}, {}, {"ＯｐｅｎＡＩ"}},
      {"full width ASCII group", "ＧＰＴ４の発表とgpt4", {"gpt4"}, {}, {}, {"ＧＰＴ４", "gpt4"}},
      {"katakana: the final ー is part of the token",
       "新しいｻｰﾊﾞｰとサーバーとサーバを導入した。コピーも。",
       {"サーバー"},
       {},
       {},
       {"ｻｰﾊﾞｰ", "サーバー", "サーバ"}},
      {"sequence inside a word kept whole", "サーバーを液浸冷却する。", {}, {}, {"冷却"}, {"冷却"}},
      {"sequence across MeCab boundaries", "サーバーを液浸冷却する。", {}, {}, {"浸冷"}, {"浸冷"}},
      {"sequence on full width text", "ＯｐｅｎＡＩの発表", {}, {}, {"pena"}, {"ｐｅｎＡ"}},
      {"sequence takes a following ー", "データーとデータ", {}, {}, {"データ"}, {"データー", "データ"}},
      {"overlapping sequences merge", "液浸冷却方式", {}, {}, {"液浸冷", "浸冷却"}, {"液浸冷却"}},
      {"sequence and term merge", "液浸冷却が注目されている。", {"注目"}, {}, {"冷却"}, {"冷却", "注目"}},
      {"prefix: katakana", "ベンチマークの結果とベンチ。", {}, {"ベンチ"}, {}, {"ベンチマーク", "ベンチ"}},
      {"prefix: ASCII", "Kubernetesとkubectlとkusを使う。", {}, {"kube"}, {}, {"Kubernetes", "kubectl"}},
      {"prefix: kanji", "北海道と北海と北上。", {}, {"北海"}, {}, {"北海道", "北海"}},
      {"prefix of a verb's base form", "仕事に役立ちます。", {}, {"役立"}, {}, {"役立ち"}},
      {"hiragana-only verb (analyzed whole)", "すぐにわかります。わかった。", {"わかる"}, {}, {}, {"わかり", "わかっ"}},
      {"empty spec", "東京タワー", {}, {}, {}, {}},
  };
  auto session = QueryAnalyzer().NewSession();
  for (const Case& c : cases) {
    MatchSpec spec;
    for (const std::string& w : c.term_words) {
      const auto terms = QueryTerms(session.get(), w);
      spec.terms.insert(spec.terms.end(), terms.begin(), terms.end());
    }
    spec.prefixes = c.prefixes;
    spec.sequences = c.sequences;
    EXPECT_EQ(Marked(c.text, MatchSpans(session.get(), c.text, spec)), c.marked) << c.what << ": " << c.text;
  }
}

TEST(MatchSpans, OffsetsHoldFarIntoLongText) {
  // Sentences before the match change width under normalization (ｻｰﾊﾞｰ:
  // 15 bytes to 12), and only the sentence holding the term is analyzed.
  std::string text;
  for (int i = 0; i < 200; ++i) text += "ｻｰﾊﾞｰの話をします。\n";
  const std::size_t at = text.size();
  text += "この本は仕事に役立ちます！";
  for (int i = 0; i < 200; ++i) text += "ＡＢＣの話は終わり？";
  auto session = QueryAnalyzer().NewSession();
  MatchSpec spec{.terms = {"役立つ"}};
  const auto spans = MatchSpans(session.get(), text, spec);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].first, at + std::string("この本は仕事に").size());
  EXPECT_EQ(Marked(text, spans), std::vector<std::string>{"役立ち"});
  spec.terms = {"サーバ"};
  EXPECT_EQ(MatchSpans(session.get(), text, spec).size(), 200u);
}

TEST(MatchSpans, MergeSpansSortsAndJoinsTouchingSpans) {
  std::vector<Span> spans{{10, 12}, {0, 3}, {3, 5}, {11, 14}, {20, 20}, {16, 18}};
  MergeSpans(&spans);
  EXPECT_EQ(spans, (std::vector<Span>{{0, 5}, {10, 14}, {16, 18}}));
}

// Every term of a text, asked for alone, marks exactly the tokens the
// whole text analyzes into with that term: analyzing only the sentences
// that may hold it (Probe) loses nothing. On the livedoor corpus when it is
// there, else on a few built-in texts.
TEST(MatchSpans, SentencesAnalyzedAloneEqualTheWholeText) {
  std::vector<std::string> texts = {
      "この本は仕事に役立ちます。昔の知識が役立った！愛する人を愛した。感ずるところがあった？",
      "ｻｰﾊﾞｰを液浸冷却する。\nＯｐｅｎＡＩのＧＰＴ４は1.4倍速い。美しかった。すぐにできます。しました。",
      // Folding rules: hiragana inside a word (the text searched has its
      // hiragana folded), grouped digits, okurigana keys.
      "例文を見て取り入れました。ご飯を食べた。会費は5,000円と12,345.5円、1000円。夏休みの打ち合わせ。",
  };
  // SAGASU_HIGHLIGHT_TEST_DOCS=N checks N articles (0: all), titles too.
  std::size_t docs = 120;
  const char* n = std::getenv("SAGASU_HIGHLIGHT_TEST_DOCS");
  if (n != nullptr) docs = std::strtoul(n, nullptr, 10);
  const std::size_t builtin = texts.size();
  for (const Article& a : testing::LoadLivedoor(docs)) {
    if (n != nullptr) texts.push_back(a.title);
    texts.push_back(a.body);
  }
  auto session = QueryAnalyzer().NewSession();
  std::size_t checked = 0;
  for (const std::string& text : texts) {
    std::vector<Term> all;
    session->Analyze(text, 0, true, &all);
    std::vector<std::string> distinct;
    for (const Term& t : all) {
      if (std::find(distinct.begin(), distinct.end(), t.text) == distinct.end()) distinct.push_back(t.text);
    }
    for (const std::string& term : distinct) {
      std::vector<Span> expected;
      for (const Term& t : all) {
        if (t.text == term) expected.emplace_back(t.begin, t.end);
      }
      MergeSpans(&expected);
      ASSERT_EQ(MatchSpans(session.get(), text, MatchSpec{.terms = {term}}), expected) << term << " in " << text;
      // The same with the token count the postings give (a term settled
      // without the analyzer when its occurrences are that many), and with
      // a count one short (a bound, as beside an excerpt).
      const auto n = static_cast<std::uint32_t>(std::count_if(all.begin(), all.end(), [&](const Term& t) { return t.text == term; }));
      for (const MatchSpec::TokenCount count : {MatchSpec::TokenCount{n, n}, MatchSpec::TokenCount{n - 1, n}}) {
        ASSERT_EQ(MatchSpans(session.get(), text, MatchSpec{.terms = {term}, .token_counts = {count}}), expected)
            << term << " (" << count.least << " tokens) in " << text;
      }
      ++checked;
    }
  }
  // Every distinct term of the two built-in texts, and far more with the corpus.
  EXPECT_GT(checked, texts.size() > builtin ? 50u : 15u);
}

}  // namespace
}  // namespace sagasu
