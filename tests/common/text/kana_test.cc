#include "common/text/kana.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sagasu {
namespace {

std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    const int len = DecodeUtf8(p + i, s.size() - i, &c);
    if (len <= 0) break;
    out.push_back(c);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

template <typename Pred>
bool All(std::string_view s, Pred pred) {
  for (char32_t c : CodePoints(s)) {
    if (!pred(c)) return false;
  }
  return true;
}

template <typename Pred>
bool None(std::string_view s, Pred pred) {
  for (char32_t c : CodePoints(s)) {
    if (pred(c)) return false;
  }
  return true;
}

TEST(Kana, SmartphoneIsKatakanaWithOneProlongedMark) {
  // ス マ ー ト フ ォ ン: letters and the prolonged sound mark ー.
  const std::vector<char32_t> cps = CodePoints("スマートフォン");
  ASSERT_EQ(cps.size(), 7u);
  EXPECT_FALSE(IsKatakanaLetter(cps[2]));
  EXPECT_TRUE(IsProlongedSoundMark(cps[2]));
  EXPECT_TRUE(All("スマートフォン", IsKatakanaOrProlonged));
  EXPECT_TRUE(All("スマートフォン", IsKatakanaWordChar));
  EXPECT_TRUE(All("スマトフォン", IsKatakanaLetter));  // small ォ counts as a letter
  EXPECT_TRUE(None("スマートフォン", IsHiragana));
}

TEST(Kana, EdgesOfTheKatakanaLetterRange) {
  EXPECT_TRUE(IsKatakanaLetter(U'ァ'));  // U+30A1, the first
  EXPECT_TRUE(IsKatakanaLetter(U'ヴ'));  // U+30F4 (ヴァイオリン)
  EXPECT_TRUE(IsKatakanaLetter(U'ヵ'));  // small ka
  EXPECT_TRUE(IsKatakanaLetter(U'ヺ'));  // U+30FA, the last
  EXPECT_FALSE(IsKatakanaLetter(U'゠'));  // U+30A0 double hyphen
  EXPECT_FALSE(IsKatakanaLetter(U'・'));  // U+30FB middle dot
  EXPECT_FALSE(IsKatakanaLetter(U'ー'));
  EXPECT_FALSE(IsKatakanaLetter(U'ヽ'));
  EXPECT_TRUE(All("ヴァイオリン", IsKatakanaLetter));
}

TEST(Kana, ProlongedMarkAndIterationMarks) {
  EXPECT_TRUE(IsKatakanaOrProlonged(U'ー'));
  EXPECT_FALSE(IsKatakanaOrProlonged(U'ヽ'));  // not before a hyphen turns into ー
  EXPECT_TRUE(IsKatakanaIterationMark(U'ヽ'));
  EXPECT_TRUE(IsKatakanaIterationMark(U'ヾ'));
  EXPECT_TRUE(IsKatakanaWordChar(U'ヾ'));     // may appear inside a stemmed word
  EXPECT_FALSE(IsKatakanaWordChar(U'・'));    // separates words: 東京・大阪
  EXPECT_FALSE(IsKatakanaWordChar(U'-'));
}

TEST(Kana, AinuSmallKatakana) {
  // ㇰ U+31F0 .. ㇿ U+31FF, as in the Ainu word カㇺイ.
  EXPECT_TRUE(IsKatakanaPhoneticExtension(U'ㇰ'));
  EXPECT_TRUE(IsKatakanaPhoneticExtension(U'ㇿ'));
  EXPECT_FALSE(IsKatakanaLetter(U'ㇺ'));
  EXPECT_TRUE(All("カㇺイ", IsKatakanaOrProlonged));
}

TEST(Kana, HalfWidthKatakanaIsInNoClass) {
  // Callers see normalized text, where ｽﾏｰﾄﾌｫﾝ is already スマートフォン.
  EXPECT_TRUE(None("ｽﾏｰﾄﾌｫﾝ", IsKatakanaWordChar));
  EXPECT_TRUE(None("ｽﾏｰﾄﾌｫﾝ", IsHiragana));
}

TEST(Kana, Hiragana) {
  EXPECT_TRUE(All("ひらがなぁゖ", IsHiragana));
  EXPECT_TRUE(IsHiragana(U'ゝ'));
  EXPECT_TRUE(IsHiragana(0x3099));  // combining voiced sound mark
  EXPECT_FALSE(IsHiragana(0x3040));  // unassigned
  EXPECT_FALSE(IsHiragana(U'ァ'));
  EXPECT_FALSE(IsHiragana(U'漢'));
}

TEST(Kana, LastCodePointIs) {
  EXPECT_TRUE(LastCodePointIs("サーバ", IsKatakanaLetter));
  EXPECT_FALSE(LastCodePointIs("サーバー", IsKatakanaLetter));
  EXPECT_TRUE(LastCodePointIs("サーバー", IsKatakanaOrProlonged));
  EXPECT_FALSE(LastCodePointIs("東京", IsKatakanaOrProlonged));
  EXPECT_FALSE(LastCodePointIs("", IsKatakanaOrProlonged));
  EXPECT_FALSE(LastCodePointIs("サ\xE3\x83", IsKatakanaOrProlonged));  // cut short
}

}  // namespace
TEST(Kana, KatakanaReadingAsHiragana) {
  EXPECT_EQ(KatakanaToHiragana("ホッカイドウ"), "ほっかいどう");
  // ヴ and the small ヵ ヶ have hiragana; ー, ヷ and what is not katakana stay.
  EXPECT_EQ(KatakanaToHiragana("ヴァイオリン"), "ゔぁいおりん");
  EXPECT_EQ(KatakanaToHiragana("ヵヶ"), "ゕゖ");
  EXPECT_EQ(KatakanaToHiragana("サーバー ヷ 東京 abc"), "さーばー ヷ 東京 abc");
}

}  // namespace sagasu
