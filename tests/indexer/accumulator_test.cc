// Accumulator: documents are numbered locally in the order added, and each
// term's postings read back with their frequencies per field and positions
// (body positions start kFieldGap after the title, meta positions kFieldGap
// after the body).
#include "indexer/accumulator.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/analyzer/ngram.h"

namespace sagasu {
namespace {

struct Posting {
  std::uint32_t local;
  FieldCounts tf;
  std::vector<Position> positions;
  bool operator==(const Posting&) const = default;
};

// Every posting of `term`, or fails the test when the term is missing.
std::vector<Posting> ReadBack(const Accumulator& acc, std::string_view term,
                              format::Stream stream = format::kStreamWords) {
  for (std::size_t i = 0; i < acc.term_count(); ++i) {
    if (acc.term_text(i) != term || acc.stream(i) != stream) continue;
    std::vector<Posting> out;
    AccumulatedPostingsReader reader(acc.postings(i).bytes);
    Posting p;
    while (reader.Next(&p.local, &p.tf, &p.positions)) out.push_back(p);
    return out;
  }
  ADD_FAILURE() << "no term " << term;
  return {};
}

// Field starts for a title of `title_len` positions and a body (from
// kFieldGap after it) that ends before position 4000.
FieldCounts Starts(Position title_len) { return {0, title_len + kFieldGap, 4000 + kFieldGap}; }
constexpr Position kMeta0 = 4000 + kFieldGap;

PendingDoc Pending(const std::string& id) {
  PendingDoc d;
  d.id = id;
  return d;
}

TEST(Accumulator, LocalNumbersFieldFrequenciesAndPositions) {
  Accumulator acc;
  const Position body0 = 2 + kFieldGap;  // title 弘前 桜, then the body
  acc.Add(Pending("hirosaki"),
          {{"弘前", 0}, {"桜", 1}, {"弘前", body0}, {"公園", body0 + 1}, {"桜", body0 + 2}, {"桜", body0 + 5}, {"桜", kMeta0}},
          Starts(2));
  const Position body1 = 1 + kFieldGap;
  acc.Add(Pending("kakunodate"), {{"角館", 0}, {"桜", body1 + 3}}, Starts(1));
  acc.Add(Pending("sapporo"), {{"札幌", 0}, {"公園", 3 + kFieldGap}, {"旅行", kMeta0}, {"北海道", kMeta0 + 17}},
          Starts(1));

  ASSERT_EQ(acc.size(), 3u);
  EXPECT_EQ(acc.docs()[0].id, "hirosaki");
  EXPECT_EQ(acc.docs()[0].info.len, (FieldCounts{2, 4, 1}));
  EXPECT_EQ(acc.docs()[1].info.len, (FieldCounts{1, 1, 0}));
  EXPECT_EQ(acc.docs()[2].info.len, (FieldCounts{1, 1, 2}));
  EXPECT_EQ(acc.term_count(), 7u);  // 弘前 桜 公園 角館 札幌 旅行 北海道

  EXPECT_EQ(ReadBack(acc, "桜"),
            (std::vector<Posting>{{0, {1, 2, 1}, {1, body0 + 2, body0 + 5, kMeta0}}, {1, {0, 1, 0}, {body1 + 3}}}));
  EXPECT_EQ(ReadBack(acc, "弘前"), (std::vector<Posting>{{0, {1, 1, 0}, {0, body0}}}));
  EXPECT_EQ(ReadBack(acc, "公園"),
            (std::vector<Posting>{{0, {0, 1, 0}, {body0 + 1}}, {2, {0, 1, 0}, {3 + kFieldGap}}}));
  EXPECT_EQ(ReadBack(acc, "札幌"), (std::vector<Posting>{{2, {1, 0, 0}, {0}}}));
  EXPECT_EQ(ReadBack(acc, "北海道"), (std::vector<Posting>{{2, {0, 0, 1}, {kMeta0 + 17}}}));
}

// Grams are interned by their packed bytes (Accumulator::InternGram): each
// (stream, gram) is one term whose postings equal a plain grouping of the
// grams, the same bytes in the n-gram and the reading stream are two terms,
// and the gram table survives growth (more than 2,048 distinct grams).
TEST(Accumulator, GramsInternedByPackedBytesEqualPlainGrouping) {
  std::string many;  // kanji bigrams from U+4E00 on: 3,000 distinct grams
  for (char32_t c = 0x4E00; c < 0x4E00 + 3000; ++c) {
    many.push_back(static_cast<char>(0xE0 | (c >> 12)));
    many.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    many.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
  const std::vector<std::pair<std::string, std::string>> docs = {
      {"北海道の札幌は北海道の道都。ドウ", "ホッカイドウノサッポロハホッカイドウノドウト"},
      {"梅雨のない北海道へ逃げてみた", "ツユノナイホッカイドウヘニゲテミタ"},
      {many, "ドウドウ"},
  };
  Accumulator acc;
  // (stream, gram) -> (local, position) in the order added.
  std::map<std::pair<int, std::string>, std::vector<std::pair<std::uint32_t, Position>>> plain;
  for (std::uint32_t local = 0; local < docs.size(); ++local) {
    AnalyzedDoc a;
    a.gram_starts = a.reading_starts = {0, 100000, 200000};
    AppendGrams(docs[local].first, 100000, &a.grams);
    AppendGrams(docs[local].second, 100000, &a.readings);
    for (const Gram& g : a.grams) plain[{format::kStreamNgram, std::string(g.text())}].emplace_back(local, g.position);
    for (const Gram& g : a.readings) {
      plain[{format::kStreamReading, std::string(g.text())}].emplace_back(local, g.position);
    }
    acc.Add(Pending("doc" + std::to_string(local)), a);
  }
  ASSERT_EQ(acc.term_count(), plain.size());
  EXPECT_GT(acc.term_count(), 3000u);
  for (const auto& [key, occurrences] : plain) {
    std::vector<Posting> expected;
    for (const auto& [local, pos] : occurrences) {
      if (expected.empty() || expected.back().local != local) expected.push_back({local, {}, {}});
      ++expected.back().tf[format::kFieldBody];
      expected.back().positions.push_back(pos);
    }
    EXPECT_EQ(ReadBack(acc, key.second, static_cast<format::Stream>(key.first)), expected) << key.second;
  }
  // ドウ is both an n-gram (doc 0 ends in ドウ) and a reading gram.
  EXPECT_TRUE(plain.count({format::kStreamNgram, "ドウ"}));
  EXPECT_TRUE(plain.count({format::kStreamReading, "ドウ"}));
}

TEST(Accumulator, ManyTermsSurviveTableGrowth) {
  // More distinct terms than the initial table holds at load 1/2.
  Accumulator acc;
  std::vector<Term> terms;
  for (Position p = 0; p < 5000; ++p) terms.push_back({"語" + std::to_string(p), p});
  acc.Add(Pending("big"), terms, {0, 5000, 5000 + kFieldGap});
  acc.Add(Pending("small"), {{"語4999", kFieldGap}}, {0, 0, 2 * kFieldGap});
  EXPECT_EQ(acc.term_count(), 5000u);
  EXPECT_EQ(ReadBack(acc, "語0"), (std::vector<Posting>{{0, {1, 0, 0}, {0}}}));
  EXPECT_EQ(ReadBack(acc, "語4999"), (std::vector<Posting>{{0, {1, 0, 0}, {4999}}, {1, {0, 1, 0}, {kFieldGap}}}));
}

TEST(Accumulator, AnalyzedArticleBodyStartsAfterTheFieldGap) {
  std::unique_ptr<Analyzer> analyzer;
  ASSERT_TRUE(Analyzer::Open(AnalyzerOptions{}, &analyzer).ok());
  auto session = analyzer->NewSession();
  Article a{.id = "hirosaki", .title = "弘前城の桜", .body = "弘前公園の桜は、堀を埋め尽くす花びらで有名です。"};
  a.tags = {"旅行"};
  // Where the title ends, and where 桜 falls in the body on its own.
  std::vector<Term> title, body;
  const Position title_end = session->Analyze(a.title, 0, false, &title);
  session->Analyze(a.body, 0, false, &body);
  Position sakura_in_body = 0;
  for (const Term& t : body)
    if (t.text == "桜") sakura_in_body = t.position;
  ASSERT_GT(sakura_in_body, 0u);

  Accumulator acc;
  AnalyzedDoc scratch;
  PendingDoc pending = Pending(a.id);
  pending.stored = EncodeStoredDoc(a);
  ASSERT_TRUE(AnalyzeAndAdd(session.get(), a, std::move(pending), &scratch, &acc).ok());
  ASSERT_EQ(acc.size(), 1u);
  const PendingDoc& d = acc.docs()[0];
  EXPECT_EQ(d.info.len[format::kFieldTitle], title.size());
  EXPECT_EQ(d.info.len[format::kFieldBody], body.size());
  EXPECT_EQ(d.info.len[format::kFieldMeta], 1u);  // 旅行
  EXPECT_EQ(d.tags, std::vector<std::string>{"旅行"});
  EXPECT_EQ(d.info.date, DocInfo::kNoDate);
  const std::vector<Posting> sakura = ReadBack(acc, "桜");
  ASSERT_EQ(sakura.size(), 1u);
  EXPECT_EQ(sakura[0].tf, (FieldCounts{1, 1, 0}));
  ASSERT_EQ(sakura[0].positions.size(), 2u);
  EXPECT_LT(sakura[0].positions[0], title_end);
  EXPECT_EQ(sakura[0].positions[1], title_end + kFieldGap + sakura_in_body);
}

TEST(Accumulator, ExcerptJoinsTheBodyAndLabelsTheMetaFieldEachApart) {
  std::unique_ptr<Analyzer> analyzer;
  ASSERT_TRUE(Analyzer::Open(AnalyzerOptions{}, &analyzer).ok());
  auto session = analyzer->NewSession();
  Article a{.id = "hakodate", .title = "函館の夜景", .body = "函館山から夜景を見ました。"};
  a.excerpt = "港町の夜景";
  a.tags = {"旅行", "北海道"};
  a.categories = {"日記"};
  a.author = "山田太郎";
  std::vector<Term> terms;
  const FieldCounts starts = AnalyzeFields(session.get(), a, &terms);
  // Each field in order, kFieldGap apart; each value kValueGap after the
  // one before within its field.
  auto positions_of = [&](std::string_view text) {
    std::vector<Position> out;
    for (const Term& t : terms)
      if (t.text == text) out.push_back(t.position);
    return out;
  };
  std::vector<Term> alone;
  const Position body_end = session->Analyze(a.body, starts[format::kFieldBody], false, &alone);
  const std::vector<Position> yakei = positions_of("夜景");
  ASSERT_EQ(yakei.size(), 3u);  // title, body, excerpt
  EXPECT_LT(yakei[0], starts[format::kFieldBody]);
  EXPECT_GE(yakei[2], body_end + format::kValueGap);
  EXPECT_LT(yakei[2], starts[format::kFieldMeta]);
  EXPECT_EQ(positions_of("旅行"), std::vector<Position>{starts[format::kFieldMeta]});
  EXPECT_EQ(positions_of("北海道"), std::vector<Position>{starts[format::kFieldMeta] + 1 + format::kValueGap});
  ASSERT_EQ(positions_of("日記").size(), 1u);
  EXPECT_GE(positions_of("日記")[0], positions_of("北海道")[0] + 1 + format::kValueGap);

  Accumulator acc;
  PendingDoc pending = Pending(a.id);
  AnalyzedDoc scratch;
  ASSERT_TRUE(AnalyzeAndAdd(session.get(), a, std::move(pending), &scratch, &acc).ok());
  EXPECT_EQ(ReadBack(acc, "夜景")[0].tf, (FieldCounts{1, 2, 0}));
  EXPECT_EQ(ReadBack(acc, "旅行")[0].tf, (FieldCounts{0, 0, 1}));
  EXPECT_EQ(ReadBack(acc, "日記")[0].tf, (FieldCounts{0, 0, 1}));
  // The author, as MeCab splits it.
  EXPECT_GE(acc.docs()[0].info.len[format::kFieldMeta], 4u);
}

// A session that analyzes with MeCab but, like MeCab out of memory, loses
// the body's text: it reports one chunk error for it.
class LosingSession final : public AnalyzerSession {
 public:
  explicit LosingSession(std::unique_ptr<AnalyzerSession> real) : real_(std::move(real)) {}
  Position Analyze(std::string_view text, Position first, bool with_offsets, std::vector<Term>* out) override {
    lost_text_ = first != 0;
    if (first == 0) return real_->Analyze(text, first, with_offsets, out);
    lost_.push_back(Status::Aborted("MeCab could not tag 0..120"));
    return first;
  }
  std::vector<TokenInfo> Tokens(std::string_view text) override { return real_->Tokens(text); }
  std::string_view normalized() const override { return lost_text_ ? std::string_view() : real_->normalized(); }
  std::vector<Status> TakeChunkErrors() override { return std::exchange(lost_, {}); }
  const FoldOptions& fold() const override { return real_->fold(); }

 private:
  std::unique_ptr<AnalyzerSession> real_;
  std::vector<Status> lost_;
  bool lost_text_ = false;
};

TEST(Accumulator, TextTheAnalyzerLeftOutIsReportedAndTheRestAdded) {
  std::unique_ptr<Analyzer> analyzer;
  ASSERT_TRUE(Analyzer::Open(AnalyzerOptions{}, &analyzer).ok());
  LosingSession session(analyzer->NewSession());
  Article a{.id = "hirosaki", .title = "弘前城の桜", .body = "弘前公園の桜は、堀を埋め尽くす花びらで有名です。"};
  Accumulator acc;
  AnalyzedDoc scratch;
  const Status s = AnalyzeAndAdd(&session, a, Pending(a.id), &scratch, &acc);
  EXPECT_EQ(s.code(), Status::Code::kAborted) << s.ToString();
  EXPECT_NE(s.message().find("not indexed"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("MeCab could not tag 0..120"), std::string::npos) << s.message();
  ASSERT_EQ(acc.size(), 1u);
  // The title was indexed, the body's 桜 and 公園 were lost.
  const std::vector<Posting> sakura = ReadBack(acc, "桜");
  ASSERT_EQ(sakura.size(), 1u);
  EXPECT_EQ(sakura[0].tf, (FieldCounts{1, 0, 0}));
  for (std::size_t i = 0; i < acc.term_count(); ++i) EXPECT_NE(acc.term_text(i), "公園");  // (in either stream: the body's grams, 公園 among them, were lost too)
  // AnalyzeAndAdd took the errors: the next document starts clean.
  EXPECT_TRUE(session.TakeChunkErrors().empty());
}

TEST(Accumulator, AnalyzeAndAddIsOkWhenNothingIsLost) {
  std::unique_ptr<Analyzer> analyzer;
  ASSERT_TRUE(Analyzer::Open(AnalyzerOptions{}, &analyzer).ok());
  auto session = analyzer->NewSession();
  Article a{.id = "hirosaki", .title = "弘前城の桜", .body = "弘前公園の桜は有名です。"};
  Accumulator acc;
  AnalyzedDoc scratch;
  EXPECT_TRUE(AnalyzeAndAdd(session.get(), a, Pending(a.id), &scratch, &acc).ok());
}

}  // namespace
}  // namespace sagasu

namespace sagasu {
namespace {

TEST(Accumulator, GramsAreASecondStreamFieldByField) {
  std::unique_ptr<Analyzer> analyzer;
  ASSERT_TRUE(Analyzer::Open(AnalyzerOptions{}, &analyzer).ok());
  auto session = analyzer->NewSession();
  Article a{.id = "sapporo", .title = "北海道の夏", .body = "札幌から北海道庁へ歩いた。", .tags = {"北海道"}};
  Accumulator acc;
  AnalyzedDoc scratch;
  ASSERT_TRUE(AnalyzeAndAdd(session.get(), a, Pending(a.id), &scratch, &acc).ok());
  // The bigram 北海 once in each field; the word 北海 nowhere.
  const std::vector<Posting> hokkai = ReadBack(acc, "北海", format::kStreamNgram);
  ASSERT_EQ(hokkai.size(), 1u);
  EXPECT_EQ(hokkai[0].tf, (FieldCounts{1, 1, 1}));
  for (std::size_t i = 0; i < acc.term_count(); ++i) {
    EXPECT_FALSE(acc.stream(i) == format::kStreamWords && acc.term_text(i) == "北海");
  }
  // Gram positions count code points: the title's 北海 at 0, the body's at
  // the body's gram start + 4 (札幌から).
  EXPECT_EQ(hokkai[0].positions[0], 0u);
  EXPECT_EQ(hokkai[0].positions[1], scratch.gram_starts[format::kFieldBody] + 4);
  EXPECT_EQ(scratch.gram_starts[format::kFieldBody], 5 + kFieldGap);
  // The run-final unigram: 夏 ends the title's run.
  EXPECT_EQ(ReadBack(acc, "夏", format::kStreamNgram)[0].tf, (FieldCounts{1, 0, 0}));
  // Grams do not count in the field lengths (BM25F reads word lengths).
  std::vector<Term> words;
  AnalyzeFields(session.get(), a, &words);
  EXPECT_EQ(acc.docs()[0].info.len[format::kFieldTitle] + acc.docs()[0].info.len[format::kFieldBody] +
                acc.docs()[0].info.len[format::kFieldMeta],
            words.size());
}

}  // namespace
}  // namespace sagasu
