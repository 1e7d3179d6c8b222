#include "common/analyzer/mecab_tokenizer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace sagasu {
namespace {

TEST(ParseFeatures, IpadicColumns) {
  Features f;
  ParseFeatures("動詞,自立,*,*,一段,連用形,調べる,シラベ,シラベ", &f);
  EXPECT_EQ(f[kPos1], "動詞");
  EXPECT_EQ(f[kPos2], "自立");
  EXPECT_EQ(f[kPos3], "*");
  EXPECT_EQ(f[kConjType], "一段");
  EXPECT_EQ(f[kConjForm], "連用形");
  EXPECT_EQ(f[kBase], "調べる");
  EXPECT_EQ(f[kReading], "シラベ");
  EXPECT_EQ(f[kPronunciation], "シラベ");
}

TEST(ParseFeatures, UnknownWordHasSevenColumns) {
  Features f;
  ParseFeatures("名詞,一般,*,*,*,*,*", &f);
  EXPECT_EQ(f[kPos1], "名詞");
  EXPECT_EQ(f[kBase], "*");
  EXPECT_EQ(f[kReading], "");
  EXPECT_EQ(f[kPronunciation], "");
}

TEST(ParseFeatures, QuotedField) {
  Features f;
  ParseFeatures("名詞,一般,*,*,*,*,\"a,b\",エービー", &f);
  EXPECT_EQ(f[kBase], "a,b");
  EXPECT_EQ(f[kReading], "エービー");
}

TEST(ParseFeatures, EmptyAndNull) {
  Features f;
  ParseFeatures("", &f);
  EXPECT_EQ(f[kPos1], "");
  ParseFeatures(nullptr, &f);
  EXPECT_EQ(f[kPos1], "");
}

struct ChunkCase {
  const char* name;
  std::string text;
  std::size_t pos;
  std::size_t max;
  std::size_t expected_end;
};

TEST(NextChunkEnd, Table) {
  const std::string maru = "。";  // 3 bytes
  const std::vector<ChunkCase> cases = {
      {"fits", "abc", 0, 8, 3},
      {"fits from pos", "abcdef", 2, 4, 6},
      {"after 。", "ab" + maru + "cdefghij", 0, 8, 5},
      {"after last sentence end", "a!b?cdefgh", 0, 8, 4},
      {"newline", "abc\ndefghij", 0, 8, 4},
      {"space when no sentence end", "abc defghij", 0, 8, 4},
      {"hard split at char boundary", "あいうえお", 0, 8, 6},
      {"hard split ascii", "abcdefghijk", 0, 8, 8},
      {"sentence end before window", "abcdefghij。", 0, 8, 8},
  };
  for (const ChunkCase& c : cases) {
    EXPECT_EQ(NextChunkEnd(c.text, c.pos, c.max), c.expected_end) << c.name;
  }
}

TEST(NextChunkEnd, CoversLongTextInBoundedChunks) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "長い文章が句読点なしで続く";
  std::size_t pos = 0;
  int chunks = 0;
  while (pos < text.size()) {
    const std::size_t end = NextChunkEnd(text, pos);
    ASSERT_GT(end, pos);
    ASSERT_LE(end - pos, kMaxChunkBytes);
    ASSERT_NE(static_cast<unsigned char>(text[end < text.size() ? end : 0]) & 0xC0, 0x80u) << "split inside a character";
    pos = end;
    ++chunks;
  }
  EXPECT_GE(chunks, static_cast<int>(text.size() / kMaxChunkBytes));
}

TEST(MecabModel, MissingDicdirNamesIt) {
  std::unique_ptr<MecabModel> model;
  const Status s = MecabModel::Open("/nonexistent/sagasu-dic", {}, &model);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_NE(s.message().find("/nonexistent/sagasu-dic"), std::string::npos) << s.ToString();
  EXPECT_EQ(model, nullptr);
}

TEST(MecabModel, RejectsNonUtf8Dictionary) {
  const std::string euc = "/var/lib/mecab/dic/ipadic";  // mecab-ipadic: EUC-JP
  if (!std::filesystem::exists(euc + "/sys.dic")) GTEST_SKIP() << "no EUC-JP IPAdic at " << euc;
  std::unique_ptr<MecabModel> model;
  const Status s = MecabModel::Open(euc, {}, &model);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find(euc), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("UTF-8"), std::string::npos) << s.ToString();
}

TEST(MecabModel, MissingUserDictionary) {
  std::unique_ptr<MecabModel> model;
  const Status s = MecabModel::Open(DefaultDicdir(), {"/nonexistent/user.dic"}, &model);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_NE(s.message().find("/nonexistent/user.dic"), std::string::npos);
}

TEST(MecabTokenizer, OffsetsAndGaps) {
  std::unique_ptr<MecabModel> model;
  ASSERT_TRUE(MecabModel::Open(DefaultDicdir(), {}, &model).ok());
  MecabTokenizer tok(*model);
  std::vector<RawToken> tokens;
  const std::string text = "東京 で調べた";
  ASSERT_TRUE(tok.Tokenize(text, 100, &tokens).ok());
  ASSERT_GE(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].begin, 100u);
  EXPECT_EQ(tokens[0].end, 106u);  // 東京
  EXPECT_EQ(tokens[1].begin, 107u);  // で, after the space
  Features f;
  ParseFeatures(tokens[0].feature, &f);
  EXPECT_EQ(f[kPos1], "名詞");
  EXPECT_TRUE(tok.Tokenize("", 0, &tokens).ok());
  EXPECT_TRUE(tokens.empty());
}

}  // namespace
}  // namespace sagasu
