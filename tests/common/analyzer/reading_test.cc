// The reading stream's analysis (common/analyzer/reading.h): kana folding,
// the reading sequence MeCab gives a text (runs, breaks, offsets), the
// grams indexed and the grams a query reading matches as. Table-driven, on
// real Japanese text through the default analyzer.
#include "common/analyzer/reading.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "common/analyzer/analyzer_test_util.h"

namespace sagasu {
namespace {

ReadingText ReadingOf(std::string_view text, bool with_offsets = true) {
  auto session = testing::DefaultAnalyzer().NewSession();
  std::vector<Term> terms;
  ReadingText r;
  session->AnalyzeWithReading(text, 0, with_offsets, &terms, &r);
  return r;
}

using G = std::vector<std::pair<std::string, Position>>;

G GramsOf(std::string_view text, Position first = 0, Position* end = nullptr) {
  std::vector<Gram> grams;
  const Position e = AppendReadingGrams(ReadingOf(text, false), first, &grams);
  if (end) *end = e;
  G out;
  for (const Gram& g : grams) out.emplace_back(std::string(g.text()), g.position);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second < b.second : a.first < b.first;
  });
  return out;
}

TEST(Reading, FoldKanaTable) {
  struct Case {
    std::string in, want;
  };
  const std::vector<Case> cases = {
      {"うみ", "ウミ"},
      {"ほっかいどう", "ホッカイドウ"},
      {"ウミ", "ウミ"},                    // katakana stays
      {"ぁゖゝゞ", "ァヶヽヾ"},              // the ends of the block, iteration marks
      {"ヴァイオリン", "バイオリン"},      // the ヴ row to the バ row
      {"ヴィヴェヴォ", "ビベボ"},
      {"ヴ", "ブ"},                        // alone, at the end
      {"ヴー", "ブー"},
      {"ゔぁいおりん", "バイオリン"},      // hiragana ゔ first becomes ヴ
      {"ラーメン", "ラーメン"},            // ー is kept
      {"東京", "東京"},                    // anything else is copied
      {"", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(FoldKana(c.in), c.want) << c.in;
}

// Each half of FoldKana follows its folding rule (an index built with the
// rule off compares readings as spelled).
TEST(Reading, FoldKanaFollowsTheRules) {
  FoldOptions no_kana, no_vu, none;
  ASSERT_TRUE(no_kana.Disable("kana").ok());
  ASSERT_TRUE(no_vu.Disable("vu").ok());
  ASSERT_TRUE(none.Disable("all").ok());
  struct Case {
    std::string in;
    const FoldOptions* fold;
    std::string want;
  };
  const std::vector<Case> cases = {
      {"うみ", &no_kana, "うみ"},
      {"ヴァイオリン", &no_kana, "バイオリン"},
      {"ゔぁいおりん", &no_kana, "ゔぁいおりん"},  // ゔ is not ヴ without the kana rule
      {"うみ", &no_vu, "ウミ"},
      {"ヴァイオリン", &no_vu, "ヴァイオリン"},
      {"ゔぁいおりん", &no_vu, "ヴァイオリン"},
      {"ほっかいどう", &none, "ほっかいどう"},
      {"ヴァイオリン", &none, "ヴァイオリン"},
  };
  for (const Case& c : cases) EXPECT_EQ(FoldKana(c.in, *c.fold), c.want) << c.in;
}

TEST(Reading, IsKanaText) {
  EXPECT_TRUE(IsKanaText("ほっかいどう"));
  EXPECT_TRUE(IsKanaText("サーバー"));
  EXPECT_TRUE(IsKanaText("ゝヽ"));
  EXPECT_FALSE(IsKanaText("北海道"));
  EXPECT_FALSE(IsKanaText("うみ辺"));
  EXPECT_FALSE(IsKanaText("ai"));
  EXPECT_FALSE(IsKanaText("うみ の"));  // a space is not kana
  EXPECT_FALSE(IsKanaText(""));
}

// The reading sequence of real text: MeCab's readings of every non-symbol
// token, a break (shown as a space) at a symbol or a token without a kana
// reading.
TEST(Reading, SequenceTable) {
  struct Case {
    std::string text, want;
  };
  const std::vector<Case> cases = {
      {"北海道", "ホッカイドウ"},
      {"海へ行く", "ウミヘイク"},
      {"北海道へ、行く", "ホッカイドウヘ イク"},   // 、 breaks the run
      {"確認はkubectlで", "カクニンハ デ"},      // unknown ASCII has no reading: a break
      {"2024年の夏", "ネンノナツ"},              // so do digits (at the start: nothing to break)
      {"ヴァイオリンを弾く", "バイオリンヲヒク"},  // folded
      {"「橋」と「箸」", "ハシ ト ハシ"},
      {"", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(ReadingOf(c.text).Display(), c.want) << c.text;
}

TEST(Reading, TokensCarryOriginalOffsets) {
  // Full-width input normalizes to other bytes; offsets are the original's.
  const std::string text = "ＡＩと北海道";
  const ReadingText r = ReadingOf(text);
  ASSERT_FALSE(r.tokens.empty());
  const ReadingText::Token& last = r.tokens.back();
  EXPECT_EQ(r.text.substr(last.begin, last.end - last.begin), "ホッカイドウ");
  EXPECT_EQ(text.substr(last.source_begin, last.source_end - last.source_begin), "北海道");
  // Without offsets they are 0.
  const ReadingText bare = ReadingOf(text, false);
  ASSERT_FALSE(bare.tokens.empty());
  EXPECT_EQ(bare.tokens.back().source_end, 0u);
}

TEST(Reading, GramsWithBoundaryMarkers) {
  // 海へ: ウミ + ヘ. One position per reading character, from `first`;
  // start and end markers at each token's first and last character (the
  // markers take no position of their own).
  Position end = 0;
  EXPECT_EQ(GramsOf("海へ", 10, &end),
            (G{{"|ウ", 10}, {"ウミ", 10}, {"ミ|", 11}, {"ミヘ", 11}, {"|ヘ", 12}, {"ヘ|", 12}}));
  EXPECT_EQ(end, 13u);
  // A one-character reading is both started and ended at its position.
  EXPECT_EQ(GramsOf("木"), (G{{"|キ", 0}, {"キ|", 0}}));
}

TEST(Reading, ABreakSkipsAPosition) {
  // 海。山: ウミ, a break, ヤマ. No bigram ミヤ spans the break, and the
  // positions of the second run start one after the break.
  const G g = GramsOf("海。山");
  for (const auto& [gram, pos] : g) EXPECT_NE(gram, "ミヤ");
  EXPECT_NE(std::find(g.begin(), g.end(), std::make_pair(std::string("|ヤ"), Position{3})), g.end());
  EXPECT_NE(std::find(g.begin(), g.end(), std::make_pair(std::string("ミ|"), Position{1})), g.end());
}

TEST(Reading, PhraseOfAQueryReading) {
  using S = std::vector<std::pair<std::string, Position>>;
  auto steps = [](std::string_view r, bool prefix) {
    S out;
    for (const auto& s : ReadingPhrase(r, prefix)) out.emplace_back(s.gram, s.offset);
    return out;
  };
  EXPECT_EQ(steps("ウミ", false), (S{{"|ウ", 0}, {"ウミ", 0}, {"ミ|", 1}}));
  EXPECT_EQ(steps("ウミ", true), (S{{"|ウ", 0}, {"ウミ", 0}}));
  EXPECT_EQ(steps("ハシ", false), (S{{"|ハ", 0}, {"ハシ", 0}, {"シ|", 1}}));
  EXPECT_TRUE(steps("", false).empty());
}

// A query reading matches where its phrase occurs in the text's grams:
// a contiguous run of whole tokens, never the inside of a token.
bool ReadingMatches(std::string_view text, std::string_view query_kana, bool prefix = false) {
  std::vector<Gram> grams;
  AppendReadingGrams(ReadingOf(text, false), 0, &grams);
  const auto steps = ReadingPhrase(FoldKana(query_kana), prefix);
  for (const Gram& start : grams) {
    if (start.text() != steps[0].gram) continue;
    bool all = true;
    for (const auto& s : steps) {
      all = all && std::any_of(grams.begin(), grams.end(), [&](const Gram& g) {
              return g.text() == s.gram && g.position == start.position + s.offset;
            });
    }
    if (all) return true;
  }
  return false;
}

TEST(Reading, RunsOfWholeTokensTable) {
  struct Case {
    std::string text, query;
    bool prefix;
    bool want;
  };
  const std::vector<Case> cases = {
      {"北海道の旅", "ほっかいどう", false, true},
      {"海を見る", "うみ", false, true},
      {"膿み出す", "うみ", false, true},         // 膿み + 出す: 膿み is a token
      {"生み出す", "うみ", false, false},        // one token ウミダス: no ミ| after ウミ
      {"生み出す", "うみだす", false, true},
      {"湖を見る", "うみ", false, false},        // ミズウミ: no |ウ before ウミ
      {"膿み出す", "うみだす", false, true},     // a run of two tokens
      {"北海道の旅", "かいどう", false, false},   // starts inside 北海道's reading
      {"北海道の旅", "ほっかい", false, false},   // ends inside it
      {"北海道の旅", "ほっかい", true, true},     // a prefix may end inside
      {"北海道の旅", "どうの", false, false},
      {"橋を渡る", "はし", false, true},
      {"箸で食べる", "はし", false, true},
      {"箸で食べる", "ハシ", false, true},        // katakana queries too
      {"端に寄る", "はし", false, false},         // IPAdic reads 端 ハジ
      {"走る", "はし", false, false},             // ハシル: ends inside the token
      {"ヴァイオリン教室", "ばいおりん", false, true},
      {"海。山", "うみやま", false, false},       // not across a break
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ReadingMatches(c.text, c.query, c.prefix), c.want) << c.text << " / " << c.query;
  }
}

}  // namespace
}  // namespace sagasu
