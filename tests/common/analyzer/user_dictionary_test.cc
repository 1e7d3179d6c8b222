// Checks on dicts/*.csv, the sources of sagasu's MeCab user dictionary.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/analyzer/analyzer_test_util.h"
#include "common/analyzer/normalizer.h"
#include "test_util.h"

namespace sagasu {
namespace {

struct Entry {
  std::string file;
  int line;
  std::vector<std::string> fields;
};

std::vector<Entry> ReadEntries() {
  std::vector<Entry> entries;
  const std::filesystem::path dir = std::filesystem::path(SAGASU_SOURCE_DIR) / "dicts";
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".csv") continue;
    std::istringstream in(testing::ReadFileOrDie(e.path()));
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.empty()) continue;
      Entry entry{e.path().filename().string(), n, {}};
      std::string field;
      std::istringstream ls(line);
      while (std::getline(ls, field, ',')) entry.fields.push_back(field);
      entries.push_back(std::move(entry));
    }
  }
  return entries;
}

TEST(UserDictionary, HasEntries) {
  const auto entries = ReadEntries();
  EXPECT_GE(entries.size(), 30u);
  EXPECT_LE(entries.size(), 80u);
  for (const Entry& e : entries) {
    EXPECT_EQ(e.fields.size(), 13u) << e.file << ":" << e.line;
  }
}

// Text is normalized before MeCab sees it, so an entry that is not in
// normalized form can never match.
TEST(UserDictionary, SurfacesAreNormalized) {
  const Normalizer& n = Normalizer::Get();
  for (const Entry& e : ReadEntries()) {
    ASSERT_GE(e.fields.size(), 11u) << e.file << ":" << e.line;
    EXPECT_EQ(n.Normalize(e.fields[0]), e.fields[0]) << e.file << ":" << e.line << " surface";
    EXPECT_EQ(n.Normalize(e.fields[10]), e.fields[10]) << e.file << ":" << e.line << " base form";
  }
}

TEST(UserDictionary, EveryEntryIsOneToken) {
  auto session = testing::DefaultAnalyzer().NewSession();
  for (const Entry& e : ReadEntries()) {
    const std::string& surface = e.fields[0];
    bool found = false;
    for (const TokenInfo& t : session->Tokens("。" + surface + "の話")) found |= t.surface == surface;
    EXPECT_TRUE(found) << e.file << ":" << e.line << " " << surface << " is cut by MeCab";
  }
}

// Terms IPAdic alone cuts apart stay whole with the user dictionary.
TEST(UserDictionary, KeepsCompoundsWhole) {
  AnalyzerOptions ipadic_only;
  ipadic_only.use_builtin_user_dic = false;
  std::unique_ptr<Analyzer> plain;
  ASSERT_TRUE(Analyzer::Open(ipadic_only, &plain).ok());
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"液浸冷却", {"液浸冷却"}},
      {"生成ＡＩ", {"生成ai"}},
      {"スタートアップ", {"スタートアップ"}},
      {"M&A", {"m&a"}},
  };
  for (const auto& [text, whole] : cases) {
    EXPECT_EQ(testing::TermTexts(testing::Analyze(text)), whole) << text;
    EXPECT_NE(testing::TermTexts(testing::AnalyzeWith(*plain, text)), whole) << text << " (IPAdic only)";
  }
  EXPECT_EQ(testing::TermTexts(testing::AnalyzeWith(*plain, "液浸冷却")),
            (std::vector<std::string>{"液", "浸る", "冷却"}));
}

}  // namespace
}  // namespace sagasu
