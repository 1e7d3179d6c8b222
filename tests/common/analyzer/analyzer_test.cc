#include "common/analyzer/analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/analyzer/fold.h"
#include "common/analyzer/normalizer.h"
#include "common/analyzer/analyzer_test_util.h"
#include "linear_cost.h"
#include "test_util.h"

namespace sagasu {
namespace {

using testing::Analyze;
using testing::AnalyzeWith;
using testing::DefaultAnalyzer;
using testing::TermsWithPositions;
using testing::TermTexts;
using Terms = std::vector<std::pair<std::string, Position>>;

// The acceptance case: full-width input, offsets into the ORIGINAL bytes.
TEST(Analyzer, FullWidthHeadlineWithOriginalOffsets) {
  const std::string text = "ＯｐｅｎＡＩの９６０億ドル負債調達と生成ＡＩ";
  const std::vector<Term> terms = Analyze(text);
  struct Want {
    const char* text;
    Position position;
    ByteOffset begin, end;
  };
  const std::vector<Want> want = {
      {"openai", 0, 0, 18},   // six full-width letters, 3 bytes each
      {"960", 2, 21, 30},     // after の (position 1, dropped)
      {"億", 3, 30, 33},
      {"ドル", 4, 33, 39},
      {"負債", 5, 39, 45},
      {"調達", 6, 45, 51},
      {"生成ai", 8, 54, 66},  // user dictionary keeps it whole; と is 7
  };
  ASSERT_EQ(terms.size(), want.size()) << ::testing::PrintToString(TermTexts(terms));
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(terms[i].text, want[i].text);
    EXPECT_EQ(terms[i].position, want[i].position) << want[i].text;
    EXPECT_EQ(terms[i].begin, want[i].begin) << want[i].text;
    EXPECT_EQ(terms[i].end, want[i].end) << want[i].text;
  }
}

TEST(Analyzer, OffsetsAlwaysCoverTheOriginalSpelling) {
  const std::vector<std::string> texts = {
      "ｻｰﾊﾞｰの設定をＧＰＴ－４で調べた。",
      "ChatGPTとClaudeの比較、1,210件のレビューを分析",
      "㍻の終わり、①から③まで。ﾊﾞｲﾄ代は１．５倍",
      "液浸冷却\u200Bとサーバ－",
  };
  const Normalizer& n = Normalizer::Get();
  for (const std::string& text : texts) {
    for (const Term& t : Analyze(text)) {
      ASSERT_LT(t.begin, t.end) << t.text;
      ASSERT_LE(t.end, text.size()) << t.text;
      // The original bytes normalize to the term, or contain it (katakana
      // stemming drops a final ー), or start like it (verbs and adjectives
      // become their base form: 調べ -> 調べる), or are the grouped number
      // the digits folding rule ungroups (1,210 -> 1210: fold.h).
      const std::string orig = n.Normalize(std::string_view(text).substr(t.begin, t.end - t.begin));
      const bool contains = orig.find(t.text) != std::string::npos;
      const bool same_stem = orig.size() >= 3 && t.text.compare(0, 3, orig, 0, 3) == 0;
      const bool ungrouped = UngroupDigits(orig) == t.text;
      EXPECT_TRUE(contains || same_stem || ungrouped) << "term " << t.text << " from " << orig << " in " << text;
    }
  }
}

struct TermCase {
  const char* input;
  Terms want;
};

TEST(Analyzer, TermTable) {
  const std::vector<TermCase> cases = {
      // Verbs by base form; pronouns, particles, auxiliaries dropped.
      {"私はサーバーを調べた。", {{"サーバ", 2}, {"調べる", 4}}},
      // Variant spellings of one word meet in one term.
      {"ｻｰﾊﾞｰとサーバ－とサーバ-とサーバ", {{"サーバ", 0}, {"サーバ", 2}, {"サーバ", 4}, {"サーバ", 6}}},
      // ASCII stays whole; hyphen splits.
      {"gpt4とGPT-4", {{"gpt4", 0}, {"gpt", 2}, {"4", 3}}},
      // A grouped number without its commas (the digits folding rule).
      {"バージョン1.4で1,210件", {{"バージョン", 0}, {"1.4", 1}, {"1210", 3}, {"件", 4}}},
      {"ＧＰＴ－４ｏを使った", {{"gpt", 0}, {"4o", 1}, {"使う", 3}}},
      // User dictionary terms.
      {"液浸冷却のデータセンター", {{"液浸冷却", 0}, {"データ", 2}, {"センタ", 3}}},
      {"ChatGPTやLLMを使った生成AIの活用", {{"chatgpt", 0}, {"llm", 2}, {"使う", 4}, {"生成ai", 6}, {"活用", 8}}},
      {"M&Aとスタートアップ", {{"m&a", 0}, {"スタートアップ", 2}}},
      // Adjectives by base form; adverbs kept (in katakana when written in
      // hiragana: the kana folding rule, so ゆっくり = ユックリ).
      {"美しい花がゆっくり咲いていた", {{"美しい", 0}, {"花", 1}, {"ユックリ", 3}, {"咲く", 4}}},
      // Only stop words and function words.
      {"することができる", {}},
      {"これはそのようなものだ", {}},
      // Symbols take no position: 東京・大阪 matches the phrase 東京大阪.
      {"東京・大阪", {{"東京", 0}, {"大阪", 1}}},
      {"東京大阪", {{"東京", 0}, {"大阪", 1}}},
      // Full-width digits and kanji numbers.
      {"２０２５年１１月", {{"2025", 0}, {"年", 1}, {"11", 2}, {"月", 3}}},
      {"", {}},
      {"。、！？「」", {}},
  };
  for (const TermCase& c : cases) {
    EXPECT_EQ(TermsWithPositions(Analyze(c.input)), c.want) << c.input;
  }
}

TEST(Analyzer, ReturnsNextPositionAndContinuesFromFirstPosition) {
  auto session = DefaultAnalyzer().NewSession();
  std::vector<Term> terms;
  const Position next = session->Analyze("負債の調達。", 100, false, &terms);
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].position, 100u);
  EXPECT_EQ(terms[1].position, 102u);
  EXPECT_EQ(next, 103u);
  EXPECT_EQ(session->Analyze("", 7, false, &terms), 7u);
  EXPECT_EQ(terms.size(), 2u);  // appended nothing
}

TEST(Analyzer, WithoutOffsetsSameTermsZeroOffsets) {
  const std::string text = "ＯｐｅｎＡＩの９６０億ドル負債調達と生成ＡＩ。ｻｰﾊﾞｰを1.4倍に";
  const std::vector<Term> with = Analyze(text, true);
  const std::vector<Term> without = Analyze(text, false);
  EXPECT_EQ(TermsWithPositions(with), TermsWithPositions(without));
  for (const Term& t : without) {
    EXPECT_EQ(t.begin, 0u);
    EXPECT_EQ(t.end, 0u);
  }
}

// Long text is tagged in chunks; none fails on ordinary input.
TEST(Analyzer, NoChunkErrorsOnOrdinaryText) {
  auto session = DefaultAnalyzer().NewSession();
  std::vector<Term> terms;
  session->Analyze(std::string(20000, 'a') + "。東京タワー", 0, false, &terms);
  EXPECT_FALSE(terms.empty());
  EXPECT_TRUE(session->TakeChunkErrors().empty());
}

double BestSecondsToAnalyze(const std::string& text) {
  auto session = DefaultAnalyzer().NewSession();
  double best = 1e300;
  for (int i = 0; i < 3; ++i) {
    std::vector<Term> terms;
    const auto start = std::chrono::steady_clock::now();
    session->Analyze(text, 0, false, &terms);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

// Issue 14: 10 MB of one repeated ASCII letter took 35 s. MeCab's
// unknown-word grouping scans a one-class run to its end from each of its
// characters, so a 4096-byte chunk of one letter cost 4096²/2 steps (80
// times prose of the same size). Text without any break is now cut into
// 256-byte chunks: a few times prose (a ratio, not a time: busy machines pass).
TEST(Analyzer, OneRepeatedLetterCostsAFewTimesProse) {
  std::string prose;
  while (prose.size() < 256 * 1024) prose += "北海道には梅雨がないと言われるが、本当だろうか。 ";
  const std::string letters(prose.size(), 'a');
  BestSecondsToAnalyze(prose.substr(0, 4096));  // warm up
  const double t_prose = BestSecondsToAnalyze(prose);
  const double t_letters = BestSecondsToAnalyze(letters);
  EXPECT_LT(t_letters, 15 * t_prose) << "prose " << t_prose << " s, one letter " << t_letters << " s";
  EXPECT_TRUE(testing::CostGrowsLinearly(
      [](std::size_t n) {
        std::vector<Term> terms;
        DefaultAnalyzer().NewSession()->Analyze(std::string(n, 'a'), 0, false, &terms);
      },
      16 * 1024));
}

TEST(Analyzer, InvalidUtf8IsReplaced) {
  const std::string text = "東京\xff大阪\xe3\x81";
  const std::vector<Term> terms = Analyze(text);
  ASSERT_EQ(TermTexts(terms), (std::vector<std::string>{"東京", "大阪"}));
  EXPECT_EQ(terms[0].begin, 0u);
  EXPECT_EQ(terms[0].end, 6u);
  EXPECT_EQ(terms[1].begin, 7u);
  EXPECT_EQ(terms[1].end, 13u);
  // Garbage of every byte value must not crash.
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 167 + 13) & 0xFF));
  Analyze(garbage);
  Analyze(std::string(1000, '\0'));
}

TEST(Analyzer, LongInputWithoutPunctuation) {
  std::string text;
  const std::string unit = "生成AIと液浸冷却のデータセンター";  // no sentence end
  while (text.size() < 200 * 1024) text += unit;
  const std::size_t reps = text.size() / unit.size();
  const std::vector<Term> terms = Analyze(text);
  std::size_t count = 0;
  Position prev = 0;
  for (const Term& t : terms) {
    ASSERT_GE(t.position, prev);
    ASSERT_LE(t.end, text.size());
    prev = t.position;
    count += t.text == "液浸冷却";
  }
  // Hard splits every ~4 KB may cut a few words.
  EXPECT_GE(count + text.size() / 4096 + 1, reps);
  EXPECT_LE(count, reps);

  // One 200 KB katakana run, and one of a single kanji.
  std::string kata;
  while (kata.size() < 200 * 1024) kata += "アイウエオカキクケコ";
  EXPECT_FALSE(Analyze(kata).empty());
  std::string kanji;
  while (kanji.size() < 200 * 1024) kanji += "漢";
  EXPECT_FALSE(Analyze(kanji, false).empty());
}

TEST(Analyzer, SessionsAgreeAcrossThreads) {
  std::string text;
  if (auto shared = testing::SharedDir(); shared && std::filesystem::exists(*shared / "seeds")) {
    for (const auto& e : std::filesystem::directory_iterator(*shared / "seeds")) {
      if (e.path().extension() == ".txt" && e.path().filename().string()[0] == '0') {
        text = testing::ReadFileOrDie(e.path());
        break;
      }
    }
  }
  if (text.empty()) {
    for (int i = 0; i < 50; ++i) text += "ＯｐｅｎＡＩの９６０億ドル負債調達と生成ＡＩ。ｻｰﾊﾞｰを1.4倍に増やした。\n";
  }
  const Terms expected = TermsWithPositions(Analyze(text));
  ASSERT_FALSE(expected.empty());
  constexpr int kThreads = 4;
  std::vector<Terms> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto session = DefaultAnalyzer().NewSession();
      for (int round = 0; round < 3; ++round) {
        std::vector<Term> terms;
        session->Analyze(text, 0, round % 2 == 0, &terms);
        results[i] = TermsWithPositions(terms);
        if (results[i] != expected) return;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) EXPECT_EQ(results[i], expected) << "thread " << i;
}

TEST(Analyzer, SeedPost) {
  const auto shared = testing::SharedDir();
  if (!shared) GTEST_SKIP() << "no shared dir (corpus/, seeds/) on this machine";
  const auto path = *shared / "seeds" / "000_3ecff27fb0eaccb7.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  const std::string text = testing::ReadFileOrDie(path);
  const std::vector<Term> terms = Analyze(text);
  std::set<std::string> set;
  for (const Term& t : terms) {
    set.insert(t.text);
    ASSERT_LT(t.begin, t.end);
    ASSERT_LE(t.end, text.size());
  }
  for (const char* want : {"openai", "960", "負債", "調達", "llm", "ai", "投資", "nvidia", "google", "microsoft",
                           "エクイティファイナンス", "シリコンバレ" /* stemmed */, "スタートアップ", "資金"}) {
    EXPECT_TRUE(set.count(want)) << want;
  }
  for (const char* never : {"の", "は", "する", "こと", "。", "、", "「", "ー"}) {
    EXPECT_FALSE(set.count(never)) << never;
  }
  EXPECT_GT(terms.size(), 3000u);
}

TEST(Analyzer, TokensReportEveryNode) {
  auto session = DefaultAnalyzer().NewSession();
  const std::string text = "ＯｐｅｎＡＩの液浸冷却、gpt4";
  const std::vector<TokenInfo> tokens = session->Tokens(text);
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[0].surface, "openai");
  EXPECT_EQ(tokens[0].pos, "名詞,固有名詞,組織");
  EXPECT_EQ(tokens[0].reading, "オープンエーアイ");
  EXPECT_EQ(tokens[0].begin, 0u);
  EXPECT_EQ(tokens[0].end, 18u);
  EXPECT_TRUE(tokens[0].is_term);
  EXPECT_EQ(tokens[1].surface, "の");
  EXPECT_FALSE(tokens[1].is_term);
  EXPECT_EQ(tokens[2].surface, "液浸冷却");
  EXPECT_EQ(tokens[2].term, "液浸冷却");
  EXPECT_EQ(tokens[3].pos, "記号,読点");
  EXPECT_FALSE(tokens[3].is_term);
  // gpt + 4 report the merged term.
  EXPECT_EQ(tokens[4].surface, "gpt");
  EXPECT_EQ(tokens[4].term, "gpt4");
  EXPECT_EQ(tokens[5].surface, "4");
  EXPECT_EQ(tokens[5].term, "gpt4");
  EXPECT_EQ(tokens[5].end, text.size());
}

TEST(Analyzer, FingerprintAndDescribe) {
  const Analyzer& a = DefaultAnalyzer();
  EXPECT_EQ(a.Fingerprint().rfind("sagasu-analyzer/", 0), 0u) << a.Fingerprint();
  std::unique_ptr<Analyzer> same;
  ASSERT_TRUE(Analyzer::Open(AnalyzerOptions(), &same).ok());
  EXPECT_EQ(same->Fingerprint(), a.Fingerprint());

  AnalyzerOptions no_stop;
  no_stop.stopwords_file = "-";
  std::unique_ptr<Analyzer> b;
  ASSERT_TRUE(Analyzer::Open(no_stop, &b).ok());
  EXPECT_NE(b->Fingerprint(), a.Fingerprint());

  AnalyzerOptions no_user;
  no_user.use_builtin_user_dic = false;
  std::unique_ptr<Analyzer> c;
  ASSERT_TRUE(Analyzer::Open(no_user, &c).ok());
  EXPECT_NE(c->Fingerprint(), a.Fingerprint());
  EXPECT_NE(c->Fingerprint(), b->Fingerprint());

  EXPECT_NE(a.Describe().find("ipadic-utf8"), std::string::npos) << a.Describe();
  EXPECT_NE(a.Describe().find("sagasu-user.dic"), std::string::npos) << a.Describe();
}

TEST(Analyzer, StopWordsOption) {
  AnalyzerOptions no_stop;
  no_stop.stopwords_file = "-";
  std::unique_ptr<Analyzer> a;
  ASSERT_TRUE(Analyzer::Open(no_stop, &a).ok());
  EXPECT_EQ(TermTexts(AnalyzeWith(*a, "することができる")), (std::vector<std::string>{"する", "できる"}));

  testing::TempDir dir;
  const auto file = dir.Write("stop.txt", "負債\n");
  AnalyzerOptions custom;
  custom.stopwords_file = file.string();
  ASSERT_TRUE(Analyzer::Open(custom, &a).ok());
  EXPECT_EQ(TermTexts(AnalyzeWith(*a, "負債の調達")), (std::vector<std::string>{"調達"}));
}

// The built-in list (dicts/stopwords.txt, compiled in) on an ordinary
// sentence: する and できる are stop words and leave no term, but keep their
// positions, so the topic words are where they were.
TEST(Analyzer, BuiltinStopWordsOnJapaneseText) {
  const std::string text = "これは東京で観光することができるものです";
  EXPECT_EQ(TermsWithPositions(Analyze(text)), (Terms{{"東京", 2}, {"観光", 4}}));

  AnalyzerOptions no_stop;
  no_stop.stopwords_file = "-";
  std::unique_ptr<Analyzer> a;
  ASSERT_TRUE(Analyzer::Open(no_stop, &a).ok());
  EXPECT_EQ(TermsWithPositions(AnalyzeWith(*a, text)), (Terms{{"東京", 2}, {"観光", 4}, {"する", 5}, {"できる", 8}}));

  // Function-like adverbs in the list go; the content words stay.
  const std::string adverbs = "さらにスマホでもっと便利に使える";
  EXPECT_EQ(TermTexts(Analyze(adverbs)), (std::vector<std::string>{"スマホ", "便利", "使える"}));
  EXPECT_EQ(TermTexts(AnalyzeWith(*a, adverbs)),
            (std::vector<std::string>{"サラニ", "スマホ", "モット", "便利", "使える"}));  // kana rule
}

TEST(Analyzer, OpenErrorsNameTheDictionary) {
  std::unique_ptr<Analyzer> a;
  AnalyzerOptions bad_dicdir;
  bad_dicdir.dicdir = "/nonexistent/ipadic";
  Status s = Analyzer::Open(bad_dicdir, &a);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_NE(s.message().find("/nonexistent/ipadic"), std::string::npos) << s.ToString();
  EXPECT_EQ(a, nullptr);

  AnalyzerOptions bad_user;
  bad_user.user_dics = {"/nonexistent/extra.dic"};
  s = Analyzer::Open(bad_user, &a);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/nonexistent/extra.dic"), std::string::npos) << s.ToString();

  AnalyzerOptions bad_stop;
  bad_stop.stopwords_file = "/nonexistent/stop.txt";
  s = Analyzer::Open(bad_stop, &a);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
}

TEST(Analyzer, UserDicEnvironmentOverride) {
  const char* old = std::getenv("SAGASU_USER_DIC");
  const std::string saved = old ? old : "";
  setenv("SAGASU_USER_DIC", "/nonexistent/env-user.dic", 1);
  std::unique_ptr<Analyzer> a;
  const Status s = Analyzer::Open(AnalyzerOptions(), &a);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/nonexistent/env-user.dic"), std::string::npos) << s.ToString();
  if (old) {
    setenv("SAGASU_USER_DIC", saved.c_str(), 1);
  } else {
    unsetenv("SAGASU_USER_DIC");
  }
}

}  // namespace
}  // namespace sagasu
