#include "common/analyzer/ngram.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace sagasu {
namespace {

std::vector<std::pair<std::string, Position>> GramsOf(std::string_view text, Position first = 0) {
  std::vector<Gram> grams;
  AppendGrams(text, first, &grams);
  std::vector<std::pair<std::string, Position>> out;
  for (const Gram& g : grams) out.emplace_back(std::string(g.text()), g.position);
  return out;
}

using G = std::vector<std::pair<std::string, Position>>;

TEST(NGram, EveryCharacterOfARunBeginsOneGram) {
  // Bigrams inside a run, the last character alone.
  EXPECT_EQ(GramsOf("北海道"), (G{{"北海", 0}, {"海道", 1}, {"道", 2}}));
  // Runs end at ASCII, digits, spaces and punctuation; those take a
  // position but make no gram, so two runs are never adjacent.
  EXPECT_EQ(GramsOf("梅雨。雨具 ai"), (G{{"梅雨", 0}, {"雨", 1}, {"雨具", 3}, {"具", 4}}));
  EXPECT_EQ(GramsOf("生成ai2024年"), (G{{"生成", 0}, {"成", 1}, {"年", 8}}));
  // Kana and kanji run together; ー and 々 are gram characters.
  EXPECT_EQ(GramsOf("サーバー々"), (G{{"サー", 0}, {"ーバ", 1}, {"バー", 2}, {"ー々", 3}, {"々", 4}}));
  EXPECT_EQ(GramsOf("x"), G{});
  EXPECT_EQ(GramsOf(""), G{});
}

TEST(NGram, PositionsStartAtFirstAndTheEndIsReturned) {
  std::vector<Gram> grams;
  EXPECT_EQ(AppendGrams("雨a", 100, &grams), 102u);
  ASSERT_EQ(grams.size(), 1u);
  EXPECT_EQ(grams[0].position, 100u);
  EXPECT_EQ(grams[0].text(), "雨");
}

TEST(NGram, APhraseIsItsBigramsAtConsecutiveOffsets) {
  const std::vector<GramStep> steps = GramPhrase("液浸冷却");
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].gram, "液浸");
  EXPECT_EQ(steps[1].gram, "浸冷");
  EXPECT_EQ(steps[2].gram, "冷却");
  EXPECT_EQ(steps[2].offset, 2u);
  // One character: the character, matched as the first of any gram.
  const std::vector<GramStep> one = GramPhrase("雨");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].gram, "雨");
}

TEST(NGram, PinningStepsKeepEveryOtherBigramAroundTheAnchor) {
  // The kept steps' grams and offsets.
  auto kept = [](const std::vector<GramStep>& steps, std::size_t anchor) {
    std::vector<std::pair<std::string, Position>> out;
    const std::vector<bool> keep = PinningSteps(steps, anchor);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (keep[i]) out.emplace_back(steps[i].gram, steps[i].offset);
    }
    return out;
  };
  using V = std::vector<std::pair<std::string, Position>>;
  const std::vector<GramStep> ten = GramPhrase("ツイッターアカウント");  // nine bigrams
  EXPECT_EQ(kept(ten, 0), (V{{"ツイ", 0}, {"ッタ", 2}, {"ーア", 4}, {"カウ", 6}, {"ント", 8}}));
  // Anchored on an odd offset: the first and the last bigram stay too.
  EXPECT_EQ(kept(ten, 3),
            (V{{"ツイ", 0}, {"イッ", 1}, {"ター", 3}, {"アカ", 5}, {"ウン", 7}, {"ント", 8}}));
  EXPECT_EQ(kept(GramPhrase("液浸冷却"), 0), (V{{"液浸", 0}, {"冷却", 2}}));
  EXPECT_EQ(kept(GramPhrase("液浸冷却"), 1), (V{{"液浸", 0}, {"浸冷", 1}, {"冷却", 2}}));
  EXPECT_EQ(kept(GramPhrase("データセンター"), 0), (V{{"デー", 0}, {"タセ", 2}, {"ンタ", 4}, {"ター", 5}}));
  // Three letters need both bigrams.
  EXPECT_EQ(kept(GramPhrase("北海道"), 1), (V{{"北海", 0}, {"海道", 1}}));
  // A reading phrase keeps its boundary grams, which nothing else places.
  const std::vector<GramStep> reading = {{"|ス", 0}, {"スト", 0}, {"トレ", 1}, {"レス", 2}, {"ス|", 3}};
  EXPECT_FALSE(IsBigramStep(reading[0]));
  EXPECT_TRUE(IsBigramStep(reading[1]));
  EXPECT_EQ(kept(reading, 1), (V{{"|ス", 0}, {"スト", 0}, {"レス", 2}, {"ス|", 3}}));
}

TEST(NGram, GramTextIsJapaneseLettersOnly) {
  EXPECT_TRUE(IsGramText("ベンチ"));
  EXPECT_TRUE(IsGramText("北海道"));
  EXPECT_FALSE(IsGramText("生成ai"));
  EXPECT_FALSE(IsGramText("液浸 冷却"));
  EXPECT_FALSE(IsGramText(""));
  EXPECT_EQ(CodePointCount("北海道a"), 4u);
}

}  // namespace
}  // namespace sagasu
