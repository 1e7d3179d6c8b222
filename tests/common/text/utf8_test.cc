#include "common/text/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sagasu {
namespace {

// Decodes every code point of valid `s`.
std::vector<char32_t> DecodeAll(std::string_view s) {
  std::vector<char32_t> out;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    const int len = DecodeUtf8(p + i, s.size() - i, &c);
    EXPECT_GT(len, 0) << "at byte " << i;
    if (len <= 0) break;
    out.push_back(c);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

int DecodeLength(std::string_view s) {
  char32_t c = 0;
  return DecodeUtf8(reinterpret_cast<const unsigned char*>(s.data()), s.size(), &c);
}

TEST(Utf8, DecodesJapaneseOfEveryLength) {
  EXPECT_EQ(DecodeAll("aスマホ😀"), (std::vector<char32_t>{U'a', 0x30B9, 0x30DE, 0x30DB, 0x1F600}));
  EXPECT_EQ(DecodeAll("é"), (std::vector<char32_t>{0xE9}));
  EXPECT_EQ(DecodeAll("ｻｰﾊﾞｰ"), (std::vector<char32_t>{0xFF7B, 0xFF70, 0xFF8A, 0xFF9E, 0xFF70}));
}

TEST(Utf8, InvalidInputReportsTheMaximalSubpart) {
  EXPECT_EQ(DecodeLength("\x80"), -1);            // lone continuation byte
  EXPECT_EQ(DecodeLength("\xC0\xAF"), -1);        // never a lead byte
  EXPECT_EQ(DecodeLength("\xE3\x82"), -2);        // ス cut after two bytes
  EXPECT_EQ(DecodeLength("\xE3"), -1);            // ス cut after one byte
  EXPECT_EQ(DecodeLength("\xE3\x82\x41"), -2);    // ス with its last byte replaced by 'A'
  EXPECT_EQ(DecodeLength("\xE0\x80\x80"), -1);    // overlong 3-byte
  EXPECT_EQ(DecodeLength("\xED\xA0\x80"), -1);    // surrogate U+D800
  EXPECT_EQ(DecodeLength("\xF0\x9F\x98"), -3);    // 😀 cut after three bytes
  EXPECT_EQ(DecodeLength("\xF4\x90\x80\x80"), -1);  // above U+10FFFF
}

TEST(Utf8, FindInvalidUtf8NamesTheFirstBadByte) {
  EXPECT_EQ(FindInvalidUtf8(""), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("ascii"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("日本語 ｻｰﾊﾞｰ 😀 \xF4\x8F\xBF\xBF"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("\x80"), 0u);
  EXPECT_EQ(FindInvalidUtf8("ab\xE3\x81\x41"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xE0\x80\x80"), 0u);      // overlong 3-byte
  EXPECT_EQ(FindInvalidUtf8("\xF0\x80\x80\x80"), 0u);  // overlong 4-byte
  EXPECT_EQ(FindInvalidUtf8("x\xF8\x88\x80\x80\x80"), 1u);
  // A Japanese sentence truncated in the middle of its last character, as a
  // byte-limited read would leave it.
  const std::string sentence = "東京は晴れ";  // 5 characters, 15 bytes
  EXPECT_EQ(FindInvalidUtf8(sentence.substr(0, 14)), 12u);
  EXPECT_EQ(FindInvalidUtf8(sentence.substr(0, 13)), 12u);
  EXPECT_EQ(FindInvalidUtf8(sentence.substr(0, 12)), std::nullopt);
  EXPECT_TRUE(IsValidUtf8(sentence));
  EXPECT_FALSE(IsValidUtf8(sentence.substr(1)));
}

TEST(Utf8, EncodeRoundTrips) {
  for (char32_t c : {U'a', char32_t{0xE9}, char32_t{0x30FC}, char32_t{0x30F4}, char32_t{0xFFFD},
                     char32_t{0x1F600}, char32_t{0x10FFFF}}) {
    std::string s;
    AppendUtf8(c, &s);
    EXPECT_TRUE(IsValidUtf8(s)) << static_cast<std::uint32_t>(c);
    EXPECT_EQ(DecodeAll(s), (std::vector<char32_t>{c}));
  }
  std::string s;
  for (char32_t c : {char32_t{0x30B9}, char32_t{0x30DE}, char32_t{0x30FC}, char32_t{0x30C8}}) AppendUtf8(c, &s);
  EXPECT_EQ(s, "スマート");
  EXPECT_FALSE(IsUnicodeScalarValue(0xD800));
  EXPECT_FALSE(IsUnicodeScalarValue(0x110000));
  EXPECT_TRUE(IsUnicodeScalarValue(0x30FC));
}

TEST(Utf8, DecodeLastCodePoint) {
  char32_t c = 0;
  ASSERT_TRUE(DecodeLastUtf8("スマートフォン", &c));
  EXPECT_EQ(c, char32_t{0x30F3});  // ン
  ASSERT_TRUE(DecodeLastUtf8("絵文字😀", &c));
  EXPECT_EQ(c, char32_t{0x1F600});
  ASSERT_TRUE(DecodeLastUtf8("ok", &c));
  EXPECT_EQ(c, U'k');
  EXPECT_FALSE(DecodeLastUtf8("", &c));
  EXPECT_FALSE(DecodeLastUtf8("\xE3\x83", &c));       // ー cut short
  EXPECT_FALSE(DecodeLastUtf8("\x80\x80\x80\x80", &c));  // continuation bytes only
}

TEST(Utf8, ContinuationAndSequenceLength) {
  const std::string s = "aé東😀";
  EXPECT_EQ(Utf8SequenceLength(static_cast<unsigned char>(s[0])), 1u);
  EXPECT_EQ(Utf8SequenceLength(static_cast<unsigned char>(s[1])), 2u);
  EXPECT_EQ(Utf8SequenceLength(static_cast<unsigned char>(s[3])), 3u);
  EXPECT_EQ(Utf8SequenceLength(static_cast<unsigned char>(s[6])), 4u);
  std::size_t leads = 0;
  for (char b : s) leads += !IsUtf8Continuation(static_cast<unsigned char>(b));
  EXPECT_EQ(leads, 4u);
}

}  // namespace
}  // namespace sagasu
