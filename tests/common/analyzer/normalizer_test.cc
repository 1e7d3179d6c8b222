#include "common/analyzer/normalizer.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "common/text/utf8.h"

namespace sagasu {
namespace {

struct NormCase {
  const char* name;
  std::string input;
  std::string expected;
};

const std::vector<NormCase>& NormCases() {
  static const std::vector<NormCase> cases = {
      {"already normalized", "東京でサーバーを調べた。", "東京でサーバーを調べた。"},
      {"half-width katakana", "ｻｰﾊﾞｰ", "サーバー"},
      {"full-width minus after katakana", "サーバ－", "サーバー"},
      {"ascii hyphen after katakana", "サーバ-", "サーバー"},
      {"minus sign after katakana", "サーバ\u2212", "サーバー"},
      {"hyphen after prolonged mark", "サー-", "サーー"},
      {"half-width with dakuten and handakuten", "ﾊﾞｲﾄとﾊﾟﾝ", "バイトとパン"},
      {"half-width prolonged mark", "ﾃﾞｰﾀ", "データ"},
      {"combining dakuten", "は\u3099とカ\u3099", "ばとガ"},
      {"full-width latin", "ＯｐｅｎＡＩ", "openai"},
      {"full-width digits", "９６０", "960"},
      {"ascii uppercase", "ChatGPT", "chatgpt"},
      {"hyphen not after katakana", "GPT-4とGPT－4とGPT\u20104", "gpt-4とgpt-4とgpt-4"},
      {"dashes stay outside katakana", "A\u2014B", "a\u2014b"},
      {"wave dash", "10〜20", "10~20"},
      {"full-width tilde", "10～20", "10~20"},
      {"ideographic space", "東京\u3000大阪", "東京 大阪"},
      {"zero width space removed", "AI\u200BBOX", "aibox"},
      {"compatibility square", "㍻", "平成"},
      {"circled digit", "①", "1"},
      {"sharp s case fold", "Straße", "strasse"},
      {"emoji untouched", "AI😀です", "ai😀です"},
      {"half-width ideographic full stop", "ﾃｽﾄ｡", "テスト。"},
      {"NUL becomes space", std::string("a\0b", 3), "a b"},
      // Issue 14: U+206B has no normalization boundary, so the NUL before it
      // went through ICU with it and stayed a NUL.
      {"NUL before a character without a boundary", std::string("\0\xE2\x81\xAB", 4), " "},
      {"NUL before a combining mark", std::string("a\0\xCC\x81", 4), "a \xCC\x81"},
      {"invalid lead byte", "東京\xff大阪", "東京\uFFFD大阪"},
      {"truncated sequence at end", "あ\xe3\x81", "あ\uFFFD"},
      {"overlong encoding", "a\xc0\xaf" "b", "a\uFFFD\uFFFDb"},
      {"encoded surrogate", "a\xed\xa0\x80z", "a\uFFFD\uFFFD\uFFFDz"},
      {"superscript minus after katakana", "ア\u207B", "アー"},
      {"empty", "", ""},
  };
  return cases;
}

TEST(Normalizer, Table) {
  const Normalizer& n = Normalizer::Get();
  for (const NormCase& c : NormCases()) {
    EXPECT_EQ(n.Normalize(c.input), c.expected) << c.name;
    // The offset map must not change the text.
    std::string out;
    OffsetMap map;
    n.Normalize(c.input, &out, &map);
    EXPECT_EQ(out, c.expected) << c.name << " (with offsets)";
    ASSERT_EQ(map.size(), out.size() + 1) << c.name;
  }
}

TEST(Normalizer, Idempotent) {
  const Normalizer& n = Normalizer::Get();
  for (const NormCase& c : NormCases()) {
    EXPECT_EQ(n.Normalize(c.expected), c.expected) << c.name;
  }
}

// Issue 14: the 4-byte input 00 E2 81 AB normalized to a NUL, which a
// second pass turned into a space.
TEST(Normalizer, IdempotentOnNulBeforeCharacterWithoutBoundary) {
  const Normalizer& n = Normalizer::Get();
  const std::string input("\0\xE2\x81\xAB", 4);
  const std::string once = n.Normalize(input);
  EXPECT_EQ(n.Normalize(once), once);
  EXPECT_EQ(once.find('\0'), std::string::npos);
  std::string with_map;
  OffsetMap map;
  n.Normalize(input, &with_map, &map);
  EXPECT_EQ(with_map, once);
}

// Offsets of every normalized character point back into the original, in
// order, and cover it without overlap.
TEST(Normalizer, OffsetMapIsMonotonicAndInRange) {
  const Normalizer& n = Normalizer::Get();
  for (const NormCase& c : NormCases()) {
    std::string out;
    OffsetMap map;
    n.Normalize(c.input, &out, &map);
    ByteOffset prev_begin = 0;
    ByteOffset prev_end = 0;
    for (std::size_t b = 0; b < out.size();) {
      std::size_t e = b + 1;
      while (e < out.size() && (static_cast<unsigned char>(out[e]) & 0xC0) == 0x80) ++e;
      const ByteOffset ob = map.Begin(b);
      const ByteOffset oe = map.End(e);
      EXPECT_LT(ob, oe) << c.name << " at " << b;
      EXPECT_LE(oe, c.input.size()) << c.name << " at " << b;
      EXPECT_GE(ob, prev_begin) << c.name << " at " << b;
      EXPECT_GE(oe, prev_end) << c.name << " at " << b;
      prev_begin = ob;
      prev_end = oe;
      b = e;
    }
    if (!out.empty()) {
      EXPECT_EQ(map.Begin(0), 0u) << c.name;
      EXPECT_EQ(map.End(out.size()), c.input.size()) << c.name;
    }
  }
}

struct OffsetCase {
  const char* name;
  std::string input;
  // normalized [begin, end) -> original [begin, end)
  std::vector<std::array<ByteOffset, 4>> spans;
};

TEST(Normalizer, OffsetTable) {
  const std::vector<OffsetCase> cases = {
      // ｻ ｰ ﾊﾞ ｰ: 3 bytes per half-width char; ﾊﾞ (6 bytes) becomes バ (3).
      {"half-width with dakuten", "ｻｰﾊﾞｰ", {{0, 3, 0, 3}, {3, 6, 3, 6}, {6, 9, 6, 12}, {9, 12, 12, 15}, {0, 12, 0, 15}}},
      // Full-width letters are 3 bytes each, ASCII 1.
      {"full-width latin", "ＯｐｅｎＡＩの", {{0, 6, 0, 18}, {0, 1, 0, 3}, {5, 6, 15, 18}, {6, 9, 18, 21}}},
      {"full-width digits", "第９６０号", {{3, 6, 3, 12}, {6, 9, 12, 15}}},
      // '-' (1 byte) becomes ー (3 bytes).
      {"hyphen folded", "サーバ-の", {{0, 12, 0, 10}, {9, 12, 9, 10}, {12, 15, 10, 13}}},
      {"full-width minus folded", "サーバ－", {{0, 12, 0, 12}}},
      // One character expanding to two: either half maps to the whole.
      {"expansion", "㍻元年", {{0, 3, 0, 3}, {3, 6, 0, 3}, {0, 6, 0, 3}, {6, 12, 3, 9}}},
      {"combining dakuten", "はは\u3099", {{0, 3, 0, 3}, {3, 6, 3, 9}}},
      {"invalid byte", "a\xffz", {{1, 4, 1, 2}, {4, 5, 2, 3}}},
      {"removed zero width space", "AI\u200BX", {{0, 1, 0, 1}, {0, 2, 0, 5}, {2, 3, 5, 6}}},
  };
  const Normalizer& n = Normalizer::Get();
  for (const OffsetCase& c : cases) {
    std::string out;
    OffsetMap map;
    n.Normalize(c.input, &out, &map);
    for (const auto& s : c.spans) {
      EXPECT_EQ(map.Begin(s[0]), s[2]) << c.name << " begin of [" << s[0] << "," << s[1] << ")";
      EXPECT_EQ(map.End(s[1]), s[3]) << c.name << " end of [" << s[0] << "," << s[1] << ")";
    }
  }
}

TEST(Normalizer, LargeMixedInputMatchesPiecewise) {
  // The fast path and the ICU path must agree with normalizing piece by piece.
  std::string input;
  std::string expected;
  for (int i = 0; i < 2000; ++i) {
    for (const NormCase& c : NormCases()) {
      if (std::string_view(c.name).find("NUL") != std::string_view::npos) continue;
      if (std::string_view(c.name).find("truncated") != std::string_view::npos) continue;
      input += c.input;
      input += "。";
      expected += c.expected;
      expected += "。";
    }
  }
  EXPECT_EQ(Normalizer::Get().Normalize(input), expected);
}

// Random strings from a palette of troublesome pieces: output is valid
// UTF-8, normalizing twice changes nothing, and the offset map stays
// monotonic and in range.
TEST(Normalizer, RandomizedInvariants) {
  const std::vector<std::string> palette = {
      "a", "Z", "-", "~", "ｱ", "ﾊ", "ﾞ", "ﾟ", "ｰ", "ア", "ー", "か", "\u3099", "\u309A", "\u0301", "Ａ", "－", "～",
      "〜", "\u2010", "\u2212", "\u207B", "㍻", "①", "\u200B", "\u3000", "漢", "😀", "\xff", "\xe3\x81", "\xc0",
      "ß", "ﬁ", "Å", "\u1100", "\u1161", "\u11A8", " ", "\n", "1", ".", ","};
  const Normalizer& n = Normalizer::Get();
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string input;
    const int pieces = 1 + static_cast<int>(next() % 12);
    for (int p = 0; p < pieces; ++p) input += palette[next() % palette.size()];
    std::string out;
    OffsetMap map;
    n.Normalize(input, &out, &map);
    ASSERT_TRUE(IsValidUtf8(out)) << ::testing::PrintToString(input);
    ASSERT_EQ(out, n.Normalize(input)) << ::testing::PrintToString(input);
    ASSERT_EQ(n.Normalize(out), out) << ::testing::PrintToString(input);
    ASSERT_EQ(map.size(), out.size() + 1);
    ByteOffset prev = 0;
    for (std::size_t b = 0; b < out.size(); ++b) {
      ASSERT_GE(map.Begin(b), prev) << ::testing::PrintToString(input);
      ASSERT_LE(map.Begin(b), input.size());
      prev = map.Begin(b);
    }
    ASSERT_EQ(map.End(out.size() ? out.size() : 0), input.size());
  }
}

}  // namespace
}  // namespace sagasu
