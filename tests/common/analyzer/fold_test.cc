// The folding rules (common/analyzer/fold.h): per rule, a table of
// {input, terms with the rule on, terms with it off, where the folded term
// lies in the original text}; both spellings of each pair give one term
// sequence; rules that must not fire (homophones, lists of numbers) do not.
#include "common/analyzer/fold.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/analyzer/analyzer_test_util.h"
#include "common/analyzer/normalizer.h"
#include "common/text/utf8.h"

namespace sagasu {
namespace {

using testing::AnalyzeWith;
using testing::DefaultAnalyzer;
using testing::TermTexts;

// An analyzer with the rules of `no_fold` off, one per list, kept for the
// whole binary.
const Analyzer& AnalyzerWithout(const std::string& no_fold) {
  static std::map<std::string, std::unique_ptr<Analyzer>>* cache = new std::map<std::string, std::unique_ptr<Analyzer>>;
  auto& slot = (*cache)[no_fold];
  if (!slot) {
    AnalyzerOptions o;
    EXPECT_TRUE(o.fold.Disable(no_fold).ok()) << no_fold;
    const Status s = Analyzer::Open(o, &slot);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  return *slot;
}

struct RuleCase {
  const char* rule;                // the rule under test
  const char* input;
  std::vector<std::string> on;     // terms with every rule on
  std::vector<std::string> off;    // terms with `rule` off
  std::size_t folded;              // index in `on` of the folded term
  const char* original;            // the original characters it covers
};

const std::vector<RuleCase>& RuleCases() {
  static const std::vector<RuleCase> cases = {
      // kana: a hiragana noun is its katakana spelling.
      {"kana", "りんごを食べた", {"リンゴ", "食べる"}, {"りんご", "食べる"}, 0, "りんご"},
      {"kana", "みかんとりんごを買う", {"ミカン", "リンゴ", "買う"}, {"みかん", "りんご", "買う"}, 1, "りんご"},
      // vu: the small vowel after ヴ folds into the one character.
      {"vu", "ヴァイオリンを弾く", {"バイオリン", "弾く"}, {"ヴァイオリン", "弾く"}, 0, "ヴァイオリン"},
      {"vu", "ベートーヴェンの交響曲", {"ベートーベン", "交響曲"}, {"ベートーヴェン", "交響曲"}, 0, "ベートーヴェン"},
      {"vu", "ｳﾞｨﾝﾃｰｼﾞのギター", {"ビンテージ", "ギター"}, {"ヴィンテージ", "ギター"}, 0, "ｳﾞｨﾝﾃｰｼﾞ"},
      // iteration: 々 repeats the kanji before it; ゞ the kana, voiced.
      {"iteration", "佐々木さんに会う", {"佐佐木", "会う"}, {"佐々木", "会う"}, 0, "佐々木"},
      {"iteration", "人々が集まる", {"人人", "集まる"}, {"人々", "集まる"}, 0, "人々"},
      // Unfolded, こゝろ is no word MeCab knows: it yields no term at all.
      {"iteration", "こゝろの病", {"ココロ", "病"}, {"病"}, 0, "こゝろ"},
      // kanji: old and variant forms are the common form.
      {"kanji", "髙橋さんの資料", {"高橋", "資料"}, {"髙橋", "資料"}, 0, "髙橋"},
      // Unfolded, MeCab does not know 宮﨑 and cuts it apart.
      {"kanji", "宮﨑駿の映画", {"宮崎", "駿", "映画"}, {"宮", "﨑駿", "映画"}, 0, "宮﨑"},
      {"kanji", "德川家康", {"徳川", "家康"}, {"德川", "家康"}, 0, "德川"},
      // Pairs Unihan links only to simplified Chinese; KANJIDIC2 gives them.
      {"kanji", "渡邊さんの研究", {"渡辺", "研究"}, {"渡邊", "研究"}, 0, "渡邊"},
      {"kanji", "齋藤さんの研究", {"斎藤", "研究"}, {"齋藤", "研究"}, 0, "齋藤"},
      {"kanji", "濱田さんの研究", {"浜田", "研究"}, {"濱田", "研究"}, 0, "濱田"},
      // digits: grouping commas go.
      {"digits", "価格は1,000円です", {"価格", "1000", "円"}, {"価格", "1,000", "円"}, 1, "1,000"},
      {"digits", "12,345,678人", {"12345678", "人"}, {"12,345,678", "人"}, 0, "12,345,678"},
      // okurigana: kanji in order + reading.
      {"okurigana", "打ち合わせをする", {"打合#ウチアワセ"}, {"打ち合わせ"}, 0, "打ち合わせ"},
      {"okurigana", "打合せの日程", {"打合#ウチアワセ", "日程"}, {"打合せ", "日程"}, 0, "打合せ"},
  };
  return cases;
}

TEST(Fold, EachRuleOnAndOffWithOriginalOffsets) {
  for (const RuleCase& c : RuleCases()) {
    SCOPED_TRACE(std::string(c.rule) + ": " + c.input);
    const std::vector<Term> on = AnalyzeWith(DefaultAnalyzer(), c.input);
    EXPECT_EQ(TermTexts(on), c.on);
    const std::vector<Term> off = AnalyzeWith(AnalyzerWithout(c.rule), c.input);
    EXPECT_EQ(TermTexts(off), c.off);
    ASSERT_LT(c.folded, on.size());
    const std::string text = c.input;
    const Term& t = on[c.folded];
    EXPECT_EQ(text.substr(t.begin, t.end - t.begin), c.original);
    // The rule off, the term covers the same characters (when MeCab cuts
    // the unfolded spelling alike).
    FoldOptions none;
    ASSERT_TRUE(none.Disable("all").ok());
    if (c.folded < off.size() && off[c.folded].text == Normalizer::Get().Normalize(c.original, none)) {
      EXPECT_EQ(off[c.folded].begin, t.begin);
      EXPECT_EQ(off[c.folded].end, t.end);
    }
  }
}

// Every pair of spellings the issue names gives one term sequence (and the
// same positions), in sentences around it.
TEST(Fold, BothSpellingsOfAPairAreOneTermSequence) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"りんごを食べた", "リンゴを食べた"},
      {"ヴァイオリンを弾く", "バイオリンを弾く"},
      {"佐々木さんの話", "佐佐木さんの話"},
      {"髙橋さんの話", "高橋さんの話"},
      {"打ち合わせをした", "打合せをした"},
      {"打ち合わせをした", "打合わせをした"},
      {"1,000円の本", "1000円の本"},
      {"德川の時代", "徳川の時代"},
      {"いすゞの車", "いすずの車"},
  };
  for (const auto& [a, b] : pairs) {
    const auto ta = AnalyzeWith(DefaultAnalyzer(), a), tb = AnalyzeWith(DefaultAnalyzer(), b);
    EXPECT_EQ(testing::TermsWithPositions(ta), testing::TermsWithPositions(tb)) << a << " / " << b;
  }
}

// What must stay apart: homophones with other kanji, kana that only sounds
// like a kanji word, number lists, marks after nothing to repeat.
TEST(Fold, WordsThatOnlySoundAlikeStayApart) {
  const auto terms = [](std::string_view s) { return TermTexts(AnalyzeWith(DefaultAnalyzer(), s)); };
  EXPECT_NE(terms("橋を渡る"), terms("箸を使う"));
  EXPECT_EQ(terms("橋を渡る")[0], "橋");
  EXPECT_EQ(terms("箸を使う")[0], "箸");
  // Same reading ハシ, different kanji: never one okurigana key.
  EXPECT_EQ(OkuriganaKey("橋", "ハシ"), "");
  EXPECT_NE(OkuriganaKey("打ち合わせ", "ウチアワセ"), OkuriganaKey("討ち合わせ", "ウチアワセ"));
  // A reading that is not katakana (an unknown word's copy) is no key.
  EXPECT_EQ(OkuriganaKey("打ち合わせ", "*"), "");
  EXPECT_EQ(OkuriganaKey("打ち合わせ", "うちあわせ"), "");
  // Only grouping commas go.
  EXPECT_EQ(UngroupDigits("1,000"), "1000");
  EXPECT_EQ(UngroupDigits("1,000.25"), "1000.25");
  EXPECT_EQ(UngroupDigits("1,2,3"), "");
  EXPECT_EQ(UngroupDigits("1000,000"), "");
  EXPECT_EQ(UngroupDigits("1,0000"), "");
  EXPECT_EQ(UngroupDigits("1,000."), "");
  EXPECT_EQ(UngroupDigits("1.5"), "");
  const Normalizer& n = Normalizer::Get();
  EXPECT_EQ(n.Normalize("々と"), "々と");        // nothing before it
  EXPECT_EQ(n.Normalize("あ々"), "あ々");        // 々 repeats kanji only
  EXPECT_EQ(n.Normalize("アゝ"), "アゝ");        // ゝ after katakana
  EXPECT_EQ(n.Normalize("こゝろ"), "こころ");
  EXPECT_EQ(n.Normalize("バヾ"), "ババ");
  EXPECT_EQ(n.Normalize("ぶゝ"), "ぶふ");        // ゝ unvoiced
  EXPECT_EQ(n.Normalize("ウヾ"), "ウブ");        // ヴ repeated, then folded
  EXPECT_EQ(n.Normalize("うゞぁ"), "うぶぁ");
  // Marks the fold would leave to compose with the folded character on a
  // second pass: the character stays as written (normalizing is idempotent).
  for (const std::string s : {"ゔゝﾟ", "ヴヽ-", "ヴｧﾞ", "佐々\u3099"}) {
    const std::string once = n.Normalize(s);
    EXPECT_EQ(n.Normalize(once), once) << s;
  }
  // Simplified Chinese is not folded into Japanese forms.
  EXPECT_EQ(n.Normalize("边"), "边");
  EXPECT_EQ(n.Normalize("门"), "门");
}

// The character rules keep the offset map exact: each folded character
// maps back to the whole original it came from.
TEST(Fold, CharacterRulesKeepTheOffsetMap) {
  struct MapCase {
    std::string input;
    std::string normalized;
    std::vector<std::pair<std::string, std::string>> pieces;  // normalized piece -> original
  };
  const std::vector<MapCase> cases = {
      {"ヴァイオリン", "バイオリン", {{"バ", "ヴァ"}, {"イオリン", "イオリン"}}},
      {"佐々木", "佐佐木", {{"佐", "佐"}, {"佐木", "々木"}}},
      {"髙橋と﨑", "高橋と崎", {{"高", "髙"}, {"崎", "﨑"}}},
      {"ｳﾞｪﾙﾃﾞｨ", "ベルディ", {{"ベ", "ｳﾞｪ"}, {"ルディ", "ﾙﾃﾞｨ"}}},
      {"いすゞ", "いすず", {{"ず", "ゞ"}}},
  };
  for (const MapCase& c : cases) {
    std::string out;
    OffsetMap map;
    Normalizer::Get().Normalize(c.input, &out, &map);
    EXPECT_EQ(out, c.normalized);
    ASSERT_EQ(map.size(), out.size() + 1);
    for (const auto& [piece, original] : c.pieces) {
      const std::size_t at = out.find(piece);
      ASSERT_NE(at, std::string::npos) << piece;
      const ByteOffset b = map.Begin(at), e = map.End(at + piece.size());
      EXPECT_EQ(c.input.substr(b, e - b), original) << c.input << ": " << piece;
    }
    // Idempotent, and folding off leaves the text as NFKC made it.
    EXPECT_EQ(Normalizer::Get().Normalize(out), out);
    FoldOptions none;
    ASSERT_TRUE(none.Disable("all").ok());
    EXPECT_EQ(Normalizer::Get().Normalize(c.input, none).find(c.normalized), std::string::npos) << c.input;
  }
}

// The n-gram text: hiragana as katakana, byte for byte, with the kana rule.
TEST(Fold, GramTextFoldsHiragana) {
  auto session = DefaultAnalyzer().NewSession();
  std::vector<Term> terms;
  session->Analyze("りんごジュースを飲む", 0, false, &terms);
  EXPECT_EQ(session->normalized(), "リンゴジュースヲ飲ム");
  auto plain = AnalyzerWithout("kana").NewSession();
  plain->Analyze("りんごジュースを飲む", 0, false, &terms);
  EXPECT_EQ(plain->normalized(), "りんごジュースを飲む");
}

TEST(Fold, OptionsParseAndDescribe) {
  FoldOptions o;
  EXPECT_EQ(o.Describe(), "kana,vu,iteration,kanji,digits,okurigana");
  ASSERT_TRUE(o.Disable("kana, digits").ok());
  EXPECT_EQ(o.Describe(), "vu,iteration,kanji,okurigana");
  const Status bad = o.Disable("kana,hiragana");
  EXPECT_EQ(bad.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(bad.message().find("'hiragana'"), std::string::npos) << bad.message();
  EXPECT_NE(bad.message().find("okurigana"), std::string::npos) << bad.message();
  ASSERT_TRUE(o.Disable("all").ok());
  EXPECT_EQ(o.Describe(), "none");
}

// The rules are part of the fingerprint: an index built with some rules is
// not read with others.
TEST(Fold, RulesArePartOfTheFingerprint) {
  const std::string all = DefaultAnalyzer().Fingerprint();
  EXPECT_NE(all.find("fold=kana,vu,iteration,kanji,digits,okurigana"), std::string::npos) << all;
  for (const char* rule : kFoldRuleNames) {
    EXPECT_NE(AnalyzerWithout(rule).Fingerprint(), all) << rule;
  }
}

// The variant table is the reviewed one: the pairs the brief names are
// there, nothing maps to a form that folds again, and its targets are
// common forms that do not fold.
TEST(Fold, KanjiVariantTable) {
  EXPECT_EQ(FoldKanjiVariant(U'髙'), U'高');
  EXPECT_EQ(FoldKanjiVariant(U'﨑'), U'崎');
  EXPECT_EQ(FoldKanjiVariant(U'德'), U'徳');
  EXPECT_EQ(FoldKanjiVariant(U'齊'), U'斉');
  EXPECT_EQ(FoldKanjiVariant(U'高'), U'高');
  // From KANJIDIC2, where Unihan links only the simplified Chinese form.
  EXPECT_EQ(FoldKanjiVariant(U'邊'), U'辺');
  EXPECT_EQ(FoldKanjiVariant(U'邉'), U'辺');
  EXPECT_EQ(FoldKanjiVariant(U'齋'), U'斎');
  EXPECT_EQ(FoldKanjiVariant(U'濱'), U'浜');
  EXPECT_EQ(FoldKanjiVariant(U'濵'), U'浜');
  EXPECT_EQ(FoldKanjiVariant(U'學'), U'学');
  // Pairs left out on review stay apart: two fish, rattan and wisteria, a
  // Chinese word quoted as it is.
  EXPECT_EQ(FoldKanjiVariant(U'鯰'), U'鯰');
  EXPECT_EQ(FoldKanjiVariant(U'籐'), U'籐');
  EXPECT_EQ(FoldKanjiVariant(U'你'), U'你');
  // Simplified Chinese is never folded into Japanese forms.
  EXPECT_EQ(FoldKanjiVariant(U'边'), U'边');
  EXPECT_EQ(FoldKanjiVariant(U'滨'), U'滨');
  std::size_t pairs = 0;
  std::string_view text = kBuiltinKanjiVariants;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line[0] == '#') continue;
    ++pairs;
    char32_t from = 0, to = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(line.data());
    const int a = DecodeUtf8(p, line.size(), &from);
    ASSERT_GT(a, 0) << line;
    ASSERT_GT(DecodeUtf8(p + a + 1, line.size() - a - 1, &to), 0) << line;
    EXPECT_NE(from, to) << line;
    EXPECT_EQ(FoldKanjiVariant(to), to) << line;
  }
  EXPECT_GT(pairs, 1000u);
}

}  // namespace
}  // namespace sagasu
