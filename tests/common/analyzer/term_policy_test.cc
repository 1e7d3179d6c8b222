#include "common/analyzer/term_policy.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "test_util.h"

namespace sagasu {
namespace {

TEST(StemKatakana, Table) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"サーバー", "サーバ"},          // 4 chars ending in ー
      {"コンピューター", "コンピュータ"},
      {"ハイパースケーラー", "ハイパースケーラ"},
      {"コピー", "コピー"},            // 3 chars: too short
      {"サーバ", "サーバ"},            // no final ー
      {"ユーザーズ", "ユーザーズ"},    // ー not final
      {"データセンター", "データセンタ"},
      {"東京ー", "東京ー"},            // not all katakana
      {"aー", "aー"},
      {"ー", "ー"},
      {"", ""},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(StemKatakana(in), want) << in;
}

TEST(StopWords, ParseNormalizesAndSkipsComments) {
  const StopWords sw = StopWords::Parse("# comment\nＴＨＥ\n  する  # trailing comment\n\nｻｰﾊﾞｰ\r\n");
  EXPECT_EQ(sw.size(), 3u);
  EXPECT_TRUE(sw.Contains("the"));
  EXPECT_TRUE(sw.Contains("する"));
  EXPECT_TRUE(sw.Contains("サーバー"));
  EXPECT_FALSE(sw.Contains("comment"));
}

TEST(StopWords, LoadOptions) {
  StopWords sw;
  ASSERT_TRUE(StopWords::Load("", &sw).ok());
  EXPECT_TRUE(sw.Contains("する"));
  EXPECT_TRUE(sw.Contains("こと"));
  ASSERT_TRUE(StopWords::Load("-", &sw).ok());
  EXPECT_EQ(sw.size(), 0u);
  const Status s = StopWords::Load("/nonexistent/stop.txt", &sw);
  EXPECT_TRUE(s.IsIOError());
  EXPECT_NE(s.message().find("/nonexistent/stop.txt"), std::string::npos);
}

struct ClassifyCase {
  const char* surface;
  const char* feature;
  bool unknown;
  TokenDecision want;
  const char* want_term;  // when kTerm
};

TEST(ClassifyToken, Table) {
  const std::vector<ClassifyCase> cases = {
      {"負債", "名詞,一般,*,*,*,*,負債,フサイ,フサイ", false, TokenDecision::kTerm, "負債"},
      {"調達", "名詞,サ変接続,*,*,*,*,調達,チョウタツ,チョータツ", false, TokenDecision::kTerm, "調達"},
      {"960", "名詞,数,*,*,*,*,*", true, TokenDecision::kTerm, "960"},
      {"ドル", "名詞,接尾,助数詞,*,*,*,ドル,ドル,ドル", false, TokenDecision::kTerm, "ドル"},
      {"こと", "名詞,非自立,一般,*,*,*,こと,コト,コト", false, TokenDecision::kDropped, ""},
      {"これ", "名詞,代名詞,一般,*,*,*,これ,コレ,コレ", false, TokenDecision::kDropped, ""},
      {"そう", "名詞,特殊,助動詞語幹,*,*,*,そう,ソウ,ソー", false, TokenDecision::kDropped, ""},
      {"さ", "名詞,接尾,特殊,*,*,*,さ,サ,サ", false, TokenDecision::kDropped, ""},
      {"調べ", "動詞,自立,*,*,一段,連用形,調べる,シラベ,シラベ", false, TokenDecision::kTerm, "調べる"},
      {"い", "動詞,非自立,*,*,一段,連用形,いる,イ,イ", false, TokenDecision::kDropped, ""},
      {"美しい", "形容詞,自立,*,*,形容詞・イ段,基本形,美しい,ウツクシイ,ウツクシイ", false, TokenDecision::kTerm,
       "美しい"},
      {"ゆっくり", "副詞,一般,*,*,*,*,ゆっくり,ユックリ,ユックリ", false, TokenDecision::kTerm, "ゆっくり"},
      {"の", "助詞,連体化,*,*,*,*,の,ノ,ノ", false, TokenDecision::kDropped, ""},
      {"た", "助動詞,*,*,*,特殊・タ,基本形,た,タ,タ", false, TokenDecision::kDropped, ""},
      {"その", "連体詞,*,*,*,*,*,その,ソノ,ソノ", false, TokenDecision::kDropped, ""},
      {"しかし", "接続詞,*,*,*,*,*,しかし,シカシ,シカシ", false, TokenDecision::kDropped, ""},
      {"お", "接頭詞,名詞接続,*,*,*,*,お,オ,オ", false, TokenDecision::kDropped, ""},
      {"えーと", "フィラー,*,*,*,*,*,えーと,エート,エート", false, TokenDecision::kDropped, ""},
      {"。", "記号,句点,*,*,*,*,。,。,。", false, TokenDecision::kSymbol, ""},
      {"@", "名詞,サ変接続,*,*,*,*,*", true, TokenDecision::kSymbol, ""},
      {"!?", "名詞,サ変接続,*,*,*,*,*", true, TokenDecision::kSymbol, ""},
      {"ハイパースケーラー", "名詞,一般,*,*,*,*,*", true, TokenDecision::kTerm, "ハイパースケーラー"},
      {"ぁゃιぃ", "感動詞,*,*,*,*,*,*", true, TokenDecision::kTerm, "ぁゃιぃ"},  // unknown words stay
  };
  for (const ClassifyCase& c : cases) {
    Features f;
    ParseFeatures(c.feature, &f);
    std::string_view term;
    EXPECT_EQ(ClassifyToken(f, c.unknown, c.surface, &term), c.want) << c.surface;
    if (c.want == TokenDecision::kTerm) {
      EXPECT_EQ(term, c.want_term) << c.surface;
    }
  }
}

// TermBuilder on hand-made tokens, so the ASCII merge rules are tested
// without MeCab.
struct FakeToken {
  const char* surface;
  const char* feature;
  bool space_before = false;
};

std::vector<std::pair<std::string, Position>> Build(const std::vector<FakeToken>& fake, Position* next = nullptr) {
  std::string text;
  std::vector<RawToken> tokens;
  for (const FakeToken& t : fake) {
    if (t.space_before) text += ' ';
    const auto begin = static_cast<std::uint32_t>(text.size());
    text += t.surface;
    tokens.push_back(RawToken{begin, static_cast<std::uint32_t>(text.size()), t.feature, false});
  }
  static const StopWords* stop = new StopWords(StopWords::Parse(kBuiltinStopwords));
  const FoldOptions fold;
  TermBuilder builder(stop, &fold);
  std::vector<Term> terms;
  builder.Reset(text, 0, &terms, nullptr);
  for (const RawToken& t : tokens) builder.Add(t);
  const Position p = builder.Finish();
  if (next) *next = p;
  std::vector<std::pair<std::string, Position>> out;
  for (const Term& t : terms) {
    out.emplace_back(t.text, t.position);
    EXPECT_EQ(text.substr(t.begin, t.end - t.begin).size(), t.end - t.begin);
  }
  return out;
}

constexpr const char* kNoun = "名詞,一般,*,*,*,*,*";
constexpr const char* kNum = "名詞,数,*,*,*,*,*";
constexpr const char* kSym = "名詞,サ変接続,*,*,*,*,*";  // how IPAdic tags ASCII symbols
constexpr const char* kParticle = "助詞,格助詞,一般,*,*,*,と,ト,ト";
using Terms = std::vector<std::pair<std::string, Position>>;

TEST(TermBuilder, MergesAdjacentAscii) {
  EXPECT_EQ(Build({{"gpt", kNoun}, {"4", kNum}}), (Terms{{"gpt4", 0}}));
  EXPECT_EQ(Build({{"gpt", kNoun}, {"4", kNum, true}}), (Terms{{"gpt", 0}, {"4", 1}}));
  EXPECT_EQ(Build({{"gpt", kNoun}, {"-", kSym}, {"4", kNum}}), (Terms{{"gpt", 0}, {"4", 1}}));
  EXPECT_EQ(Build({{"4", kNum}, {"k", kNoun}}), (Terms{{"4k", 0}}));
}

TEST(TermBuilder, KeepsNumbersWhole) {
  EXPECT_EQ(Build({{"1", kNum}, {".", kSym}, {"4", kNum}}), (Terms{{"1.4", 0}}));
  // One number, its grouping comma dropped by the digits folding rule.
  EXPECT_EQ(Build({{"1", kNum}, {",", kSym}, {"210", kNum}}), (Terms{{"1210", 0}}));
  EXPECT_EQ(Build({{"v", kNoun}, {"1", kNum}, {".", kSym}, {"2", kNum}, {".", kSym}, {"3", kNum}}),
            (Terms{{"v1.2.3", 0}}));
  // '.' not followed by a digit ends the number; the '.' is a symbol.
  EXPECT_EQ(Build({{"1", kNum}, {".", kSym}, {"x", kNoun}}), (Terms{{"1", 0}, {"x", 1}}));
  EXPECT_EQ(Build({{"ai", kNoun}, {".", kSym}, {"4", kNum}}), (Terms{{"ai", 0}, {"4", 1}}));
  EXPECT_EQ(Build({{"1", kNum}, {".", kSym}, {"4", kNum, true}}), (Terms{{"1", 0}, {"4", 1}}));
  // Trailing separator at the end of the text.
  Position next = 0;
  EXPECT_EQ(Build({{"1", kNum}, {",", kSym}}, &next), (Terms{{"1", 0}}));
  EXPECT_EQ(next, 1u);
}

TEST(TermBuilder, PositionsSkipSymbolsButCountDroppedTokens) {
  Position next = 0;
  EXPECT_EQ(Build({{"gpt", kNoun}, {"と", kParticle}, {"、", "記号,読点,*,*,*,*,、,、,、"}, {"llm", kNoun}}, &next),
            (Terms{{"gpt", 0}, {"llm", 2}}));
  EXPECT_EQ(next, 3u);
}

TEST(TermBuilder, StopWordsAndSingleHiraganaTakePositions) {
  Position next = 0;
  EXPECT_EQ(Build({{"a", kNoun}, {"the", kNoun, true}, {"ね", kNoun}, {"東京", kNoun}}, &next),
            (Terms{{"東京", 3}}));
  EXPECT_EQ(next, 4u);
}

}  // namespace
}  // namespace sagasu
