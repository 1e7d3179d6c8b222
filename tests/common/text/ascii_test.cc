#include "common/text/ascii.h"

#include <gtest/gtest.h>

namespace sagasu {
namespace {

TEST(Ascii, TrimRemovesAsciiWhitespaceOnly) {
  EXPECT_EQ(TrimAscii("  東京タワー\t\r\n"), "東京タワー");
  EXPECT_EQ(TrimAscii("\f\v2024-06-01 \v"), "2024-06-01");
  EXPECT_EQ(TrimAscii(" \t\r\n\f\v"), "");
  EXPECT_EQ(TrimAscii(""), "");
  EXPECT_EQ(TrimAscii("梅雨 前線"), "梅雨 前線");  // inner space stays
  // The ideographic space U+3000 is not ASCII whitespace.
  EXPECT_EQ(TrimAscii("\u3000北海道\u3000"), "\u3000北海道\u3000");
}

TEST(Ascii, CharacterClasses) {
  EXPECT_TRUE(IsAsciiSpace(' '));
  EXPECT_TRUE(IsAsciiSpace('\v'));
  EXPECT_FALSE(IsAsciiSpace('\0'));
  EXPECT_FALSE(IsAsciiSpace('a'));
  EXPECT_TRUE(IsAsciiDigit('7'));
  EXPECT_FALSE(IsAsciiDigit('a'));
  EXPECT_TRUE(IsAsciiAlnum('Z'));
  EXPECT_TRUE(IsAsciiAlnum('4'));
  EXPECT_FALSE(IsAsciiAlnum('_'));
  EXPECT_FALSE(IsAsciiAlpha('\xE3'));  // a UTF-8 lead byte
}

TEST(Ascii, ToLowerLeavesUtf8Alone) {
  EXPECT_EQ(ToLowerAscii("GPT-4とＡＩ"), "gpt-4とＡＩ");  // full-width Ａ is not ASCII
  EXPECT_EQ(ToLowerAscii('Q'), 'q');
  EXPECT_EQ(ToLowerAscii('\xC3'), '\xC3');
}

}  // namespace
}  // namespace sagasu
