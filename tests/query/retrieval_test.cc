// The retrieval algorithms (query/retrieval.h) against a model: on a
// synthetic Japanese archive written in several commits, with re-added
// documents (deleted DocNums) and posting lists of several blocks,
//   - RetrieveExhaustive finds exactly the documents a brute-force model
//     accepts (analyzing each stored document again, checking clauses,
//     phrases, title: and filters on its own) with the same score bits;
//   - RetrieveTopK(k) returns exactly the first k of exhaustive by Better,
//     for k from 1 to more than every match;
//   - RetrieveFiltered finds exactly the documents the filters allow;
//   - RetrieveFallback finds exactly the documents that only query units
//     (n-gram sequences, prefixes) match, scored from the model's own counts
//     of each sequence in the normalized text.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "common/analyzer/normalizer.h"
#include "query/plan.h"
#include "query/retrieval.h"
#include "query/searcher.h"
#include "query/unit_cursor.h"
#include "query_test_util.h"
#include "indexer/accumulator.h"
#include "storage/snapshot.h"

namespace sagasu {
namespace {

using testing::QTempDir;

const std::vector<std::string> kNouns = {"東京", "京都", "北海道", "温泉", "料理", "写真", "電車", "天気",
                                         "映画", "音楽", "野球", "選手", "経済", "市場", "会社", "技術",
                                         "研究", "大学", "図書館", "公園"};
const std::vector<std::string> kTags = {"旅行", "技術", "日記"};

// A noun with a skewed frequency: low indexes are common.
const std::string& Noun(std::mt19937& rng) {
  std::geometric_distribution<std::size_t> g(0.18);
  return kNouns[std::min(g(rng), kNouns.size() - 1)];
}

std::vector<Article> SyntheticArchive() {
  std::mt19937 rng(20261203);
  std::vector<Article> docs;
  for (int i = 0; i < 1200; ++i) {
    std::string title = Noun(rng) + "の" + Noun(rng);
    std::string body;
    const int sentences = 2 + static_cast<int>(rng() % 10);
    for (int s = 0; s < sentences; ++s) {
      body += Noun(rng) + "と" + Noun(rng) + "の話。" + Noun(rng) + "で" + Noun(rng) + "を見た。\n";
    }
    std::vector<std::string> tags = {kTags[rng() % kTags.size()]};
    std::optional<std::string> date;
    if (rng() % 10 != 0) date = std::to_string(2020 + rng() % 5) + "-0" + std::to_string(1 + rng() % 9) + "-15";
    docs.push_back(testing::MakeDoc("post-" + std::to_string(i), title, body, tags, {}, "", date));
  }
  // Later versions of some posts: their first DocNums become deleted.
  for (int i = 0; i < 1200; i += 37) {
    Article again = docs[i];
    again.body += Noun(rng) + "の続き。\n";
    docs.push_back(again);
  }
  return docs;
}

// One stored document as the model sees it: each term's positions by field,
// and each field's values normalized.
struct ModelDoc {
  Article article;
  DocInfo info;
  std::map<std::string, std::vector<Position>> pos[format::kFieldCount];  // by format::Field
  std::vector<std::string> text[format::kFieldCount];
};

// Occurrences of `needle` in `hay`, overlapping ones included.
std::uint32_t Occurrences(const std::string& hay, const std::string& needle) {
  std::uint32_t n = 0;
  for (std::size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

class RetrievalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new QTempDir();
    const Status s = testing::BuildIndex(dir_->path(), SyntheticArchive(), /*commit_every=*/300);
    ASSERT_TRUE(s.ok()) << s.ToString();
    std::unique_ptr<Snapshot> snapshot;
    ASSERT_TRUE(Snapshot::Open(dir_->path().string(), testing::QueryAnalyzer().Fingerprint(), &snapshot).ok());
    snapshot_ = snapshot.release();
    model_ = new std::map<DocNum, ModelDoc>();
    auto session = testing::QueryAnalyzer().NewSession();
    ASSERT_TRUE(snapshot_->ForEachId([&](std::string_view, DocNum d) {
                  ModelDoc& m = (*model_)[d];
                  ASSERT_TRUE(snapshot_->GetDocument(d, &m.article).ok());
                  m.info = DocInfo{snapshot_->len(d), snapshot_->date(d)};
                  const Article& a = m.article;
                  const Normalizer& n = Normalizer::Get();
                  m.text[format::kFieldTitle] = {n.Normalize(a.title)};
                  m.text[format::kFieldBody] = {n.Normalize(a.body), n.Normalize(a.excerpt)};
                  for (const auto& v : a.tags) m.text[format::kFieldMeta].push_back(n.Normalize(v));
                  for (const auto& v : a.categories) m.text[format::kFieldMeta].push_back(n.Normalize(v));
                  m.text[format::kFieldMeta].push_back(n.Normalize(a.author));
                  std::vector<Term> terms;
                  const FieldCounts starts = AnalyzeFields(session.get(), m.article, &terms);
                  for (const auto& t : terms) {
                    std::size_t f = format::kFieldCount - 1;
                    while (t.position < starts[f]) --f;
                    m.pos[f][t.text].push_back(t.position);
                  }
                }).ok());
  }
  static void TearDownTestSuite() {
    delete model_;
    delete snapshot_;
    delete dir_;
  }

  static std::unique_ptr<QueryPlan> Plan(const std::string& text, const SearchQuery& extra = {}) {
    auto session = testing::QueryAnalyzer().NewSession();
    Result<ParsedQuery> parsed = ParseQuery(text, session.get());
    EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
    std::unique_ptr<QueryPlan> plan;
    const Status s = QueryPlan::Build(*snapshot_, RankingOptions(), std::move(parsed).value(), extra, &plan);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return plan;
  }

  static std::vector<Position> AllPositions(const ModelDoc& m, const std::string& term, bool title_only) {
    std::vector<Position> out;
    for (std::size_t f = 0; f < (title_only ? 1 : format::kFieldCount); ++f) {
      if (auto it = m.pos[f].find(term); it != m.pos[f].end()) out.insert(out.end(), it->second.begin(), it->second.end());
    }
    return out;
  }

  // A unit's occurrences by field: the sequence counted in the normalized
  // text, the prefix's words counted from the terms; the larger per field.
  static FieldCounts ModelUnit(const ModelDoc& m, const PlanUnit& u) {
    EXPECT_FALSE(u.truncated) << u.unit->source;
    FieldCounts tf{};
    for (std::size_t f = 0; f < (u.clause->title_only ? 1 : format::kFieldCount); ++f) {
      std::uint32_t seq = 0, words = 0;
      if (!u.unit->sequence.empty()) {
        for (const auto& v : m.text[f]) seq += Occurrences(v, u.unit->sequence);
      }
      for (const auto& t : u.expanded) {
        if (auto it = m.pos[f].find(t); it != m.pos[f].end()) words += static_cast<std::uint32_t>(it->second.size());
      }
      tf[f] = std::max(seq, words);
    }
    return tf;
  }

  static bool ModelClause(const QueryPlan& plan, const ModelDoc& m, const Clause& c) {
    for (const auto& u : plan.units()) {
      if (u.clause != &c) continue;
      const FieldCounts tf = ModelUnit(m, u);
      if (tf[0] + tf[1] + tf[2] > 0) return true;
    }
    if (c.terms.empty()) return false;
    std::vector<std::vector<Position>> pos;
    for (const auto& t : c.terms) {
      pos.push_back(AllPositions(m, t.text, c.title_only));
      if (pos.back().empty()) return false;
    }
    if (!c.phrase) return true;
    for (Position p : pos[0]) {
      bool all = true;
      for (std::size_t i = 1; i < c.terms.size() && all; ++i) {
        const Position want = p + (c.terms[i].position - c.terms[0].position);
        all = std::find(pos[i].begin(), pos[i].end(), want) != pos[i].end();
      }
      if (all) return true;
    }
    return false;
  }

  static bool ModelFilters(const ModelDoc& m, const ParsedQuery& q, const SearchQuery& extra) {
    std::vector<std::string> tags = q.tags;
    tags.insert(tags.end(), extra.tags.begin(), extra.tags.end());
    for (const auto& t : tags) {
      if (std::find(m.article.tags.begin(), m.article.tags.end(), t) == m.article.tags.end()) return false;
    }
    if (q.since || q.until) {
      if (!m.article.date) return false;
      if (q.since && *m.article.date < *q.since) return false;
      if (q.until && *m.article.date > *q.until) return false;
    }
    return true;
  }

  // What exhaustive retrieval must return, scored term by term in query order.
  static std::vector<Candidate> Model(const QueryPlan& plan, const SearchQuery& extra = {}) {
    std::vector<Candidate> out;
    for (const auto& [d, m] : *model_) {
      if (!ModelFilters(m, plan.parsed(), extra)) continue;
      bool ok = true;
      for (const auto& c : plan.parsed().clauses) {
        if (c.occur == Clause::Occur::kShould) continue;
        if (ModelClause(plan, m, c) != (c.occur == Clause::Occur::kMust)) ok = false;
      }
      if (!ok) continue;
      float score = 0;
      bool any = false;
      for (const auto& t : plan.terms()) {
        FieldCounts tf{};
        for (std::size_t f = 0; f < format::kFieldCount; ++f) {
          if (auto it = m.pos[f].find(t.text); it != m.pos[f].end()) tf[f] = static_cast<std::uint32_t>(it->second.size());
        }
        if (tf[0] + tf[1] + tf[2] == 0) continue;
        any = true;
        score += plan.scorer().Score(t.idf, tf, m.info.len);
      }
      if (any || plan.terms().empty()) out.push_back({plan.terms().empty() ? 0.0f : score, d});
    }
    std::sort(out.begin(), out.end(), Better);
    return out;
  }

  // What fallback retrieval must return: documents passing the filters and
  // checks that no scoring term holds and some scoring unit matches, tier 1,
  // each unit scored with its df over every live document it matches.
  static std::vector<Candidate> ModelFallback(const QueryPlan& plan, const SearchQuery& extra = {}) {
    const std::vector<std::size_t> units = plan.scoring_units();
    // A unit of one postings list (a bigram, a prefix of one word) has that
    // list's df, deleted versions included, as a term has; a one-letter
    // sequence the sum of its grams' (at most the DocNums); a longer
    // sequence its rarest bigram's; a unit that is also a prefix, or of a
    // title: clause, counts the live documents it matches.
    std::vector<double> df(units.size(), 0);
    std::vector<bool> one_list(units.size(), false);
    auto list_df = [](const TermRuns& runs) {
      double n = 0;
      for (const auto& run : runs) n += static_cast<double>(run->reader.doc_count());
      return n;
    };
    for (std::size_t i = 0; i < units.size(); ++i) {
      const PlanUnit& u = plan.units()[units[i]];
      if (u.clause->title_only) continue;
      if (!u.runs.phrase.empty()) {
        if (!u.runs.any_word.empty()) continue;
        one_list[i] = true;
        df[i] = static_cast<double>(snapshot_->doc_limit());
        for (const auto& step : u.runs.phrase) df[i] = std::min(df[i], list_df(*step.runs));
        continue;
      }
      const bool letter = u.runs.any_word.empty() && !u.runs.any_gram.empty();
      if (!letter && u.runs.any_gram.size() + u.runs.any_word.size() != 1) continue;
      one_list[i] = true;
      for (const auto* lists : {&u.runs.any_gram, &u.runs.any_word}) {
        for (const auto& runs : *lists) {
          for (const auto& run : *runs) df[i] += static_cast<double>(run->reader.doc_count());
        }
      }
      df[i] = std::min(df[i], static_cast<double>(snapshot_->doc_limit()));
    }
    for (const auto& [d, m] : *model_) {
      for (std::size_t i = 0; i < units.size(); ++i) {
        const FieldCounts tf = ModelUnit(m, plan.units()[units[i]]);
        if (!one_list[i]) df[i] += tf[0] + tf[1] + tf[2] > 0;
      }
    }
    std::vector<Candidate> out;
    for (const auto& [d, m] : *model_) {
      if (!ModelFilters(m, plan.parsed(), extra)) continue;
      bool ok = true;
      for (const auto& c : plan.parsed().clauses) {
        if (c.occur != Clause::Occur::kShould && ModelClause(plan, m, c) != (c.occur == Clause::Occur::kMust)) ok = false;
      }
      for (const auto& t : plan.terms()) {
        for (std::size_t f = 0; f < format::kFieldCount; ++f) ok = ok && !m.pos[f].count(t.text);
      }
      if (!ok) continue;
      float score = 0;
      bool any = false;
      for (std::size_t i = 0; i < units.size(); ++i) {
        const FieldCounts tf = ModelUnit(m, plan.units()[units[i]]);
        if (tf[0] + tf[1] + tf[2] == 0) continue;
        any = true;
        score += plan.scorer().Score(plan.scorer().Idf(df[i]), tf, m.info.len);
      }
      if (any) out.push_back({score, d, 0, 1});
    }
    std::sort(out.begin(), out.end(), Better);
    return out;
  }

  static std::vector<Candidate> Sorted(std::vector<Candidate> v) {
    std::sort(v.begin(), v.end(), Better);
    return v;
  }

  static void ExpectSame(const std::vector<Candidate>& want, const std::vector<Candidate>& got,
                         const std::string& what) {
    ASSERT_EQ(want.size(), got.size()) << what;
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(want[i].doc, got[i].doc) << what << " rank " << i;
      EXPECT_EQ(want[i].score, got[i].score) << what << " rank " << i;  // the same bits
    }
  }

  static std::vector<std::string> Queries() {
    std::vector<std::string> qs = {"東京",          "東京 京都",        "温泉 料理 写真",   "+東京 京都",
                                   "東京 -京都",    "\"東京 と 京都\"", "title:東京 料理",  "tag:旅行 東京 電車",
                                   "since:2022 until:2023-06 写真 映画", "公園 図書館 大学 研究",
                                   "東京の話",      "存在しない語彙",
                                   // units: parts of words, one letter, prefixes, phrases across boundaries
                                   "海道",          "京",               "書館 東",          "+海道 写真",
                                   "\"京都 大学\"",   "図書*",            "研*",              "title:海道",
                                   "-\"北海\" 東京", "北海道* 料理",     "tag:旅行 館",
                                   // several required units: the rarest clause drives the fallback
                                   "書館 海道",     "tag:旅行 書館 海道", "+書館 道 -京都",  "海道 図書*",
                                   // a required Latin word has no units: no second tier
                                   "書館 sagasu",
                                   // conjunctive: every scoring term in a required clause
                                   "+東京 +京都", "+温泉 +料理 +写真", "\"北海道\" \"料理\"", "+海道 +写真",
                                   "+図書館 +東京 -京都", "tag:旅行 +東京 +電車", "\"東京 と 京都\" +写真",
                                   "title:東京 +料理", "+東京 +図書* 北", "+京 +大学", "+東京の話 +経済",
                                   // the words drive: the one-letter unit matches far more
                                   "+京都 +京", "+北海道 +海"};
    std::mt19937 rng(7);
    for (int i = 0; i < 40; ++i) {
      std::string q;
      const int n = 1 + static_cast<int>(rng() % 4);
      for (int j = 0; j < n; ++j) q += (j ? " " : "") + kNouns[rng() % kNouns.size()];
      qs.push_back(q);
    }
    return qs;
  }

  static QTempDir* dir_;
  static Snapshot* snapshot_;
  static std::map<DocNum, ModelDoc>* model_;
};

QTempDir* RetrievalTest::dir_ = nullptr;
Snapshot* RetrievalTest::snapshot_ = nullptr;
std::map<DocNum, ModelDoc>* RetrievalTest::model_ = nullptr;

TEST_F(RetrievalTest, TheArchiveHasDeletedVersionsAndLongPostingLists) {
  EXPECT_LT(model_->size(), snapshot_->doc_limit());  // re-added posts left deleted DocNums
  auto plan = Plan("東京");
  ASSERT_EQ(plan->terms().size(), 1u);
  std::size_t docs = 0;
  for (const auto& run : *plan->terms()[0].runs) docs += run->reader.doc_count();
  EXPECT_GT(docs, 3 * kBlockSize);
  EXPECT_GT(plan->terms()[0].runs->size(), 1u);  // several commits: several runs
}

TEST_F(RetrievalTest, ExhaustiveEqualsTheModel) {
  std::size_t matched = 0;
  for (const auto& q : Queries()) {
    auto plan = Plan(q);
    std::vector<Candidate> got;
    ASSERT_TRUE(RetrieveExhaustive(*plan, &got).ok());
    const std::vector<Candidate> want = Model(*plan);
    ExpectSame(want, Sorted(got), q);
    matched += want.size();
  }
  EXPECT_GT(matched, 5000u);  // the queries do match
}

TEST_F(RetrievalTest, FallbackEqualsTheModel) {
  std::size_t matched = 0;
  for (const auto& q : Queries()) {
    auto plan = Plan(q);
    ASSERT_TRUE(plan->BindUnits().ok());
    std::vector<Candidate> got;
    ASSERT_TRUE(RetrieveFallback(*plan, &got).ok());
    const std::vector<Candidate> want = ModelFallback(*plan);
    ExpectSame(want, Sorted(got), q);
    matched += want.size();
  }
  EXPECT_GT(matched, 500u);  // the units do match beyond the whole words
}

// The fallback's best k are the first k of the whole tier by Better (the
// same documents, score bits and tiers) for every k, on every query and on
// kana words whose reading units match below their written forms; and it
// says it holds every match exactly when it does.
TEST_F(RetrievalTest, FallbackTopKIsTheFirstKOfTheTier) {
  std::vector<std::string> qs = Queries();
  for (const std::string q : {"とうきょう", "こうえん 写真", "+とうきょう +しゃしん", "京 こうえん", "+館 +こうえん",
                              "tag:旅行 きょうと", "+海道 +ほっかいどう"}) {
    qs.push_back(q);
  }
  std::size_t pruned = 0, reading_only = 0;
  for (const auto& q : qs) {
    auto plan = Plan(q);
    ASSERT_TRUE(plan->BindUnits().ok());
    std::vector<Candidate> all;
    ASSERT_TRUE(RetrieveFallback(*plan, &all).ok());
    all = Sorted(all);
    for (const auto& c : all) reading_only += c.tier == 2;
    for (std::size_t k : {1, 2, 3, 5, 10, 37, 200, 5000}) {
      const std::vector<Candidate> want(all.begin(), all.begin() + std::min(k, all.size()));
      std::vector<Candidate> top;
      bool every = false;
      ASSERT_TRUE(RetrieveFallbackTopK(*plan, k, &top, &every).ok());
      const std::string what = q + " k=" + std::to_string(k);
      top = Sorted(top);
      ExpectSame(want, top, what);
      for (std::size_t i = 0; i < std::min(want.size(), top.size()); ++i) {
        EXPECT_EQ(want[i].tier, top[i].tier) << what << " rank " << i;
      }
      if (all.size() < k) {
        EXPECT_TRUE(every) << what;
      }
      if (every) {
        EXPECT_LE(all.size(), k) << what;
      } else {
        ++pruned;
      }
    }
  }
  EXPECT_GT(pruned, 50u);
  EXPECT_GT(reading_only, 10u);
}

// Through the Searcher: a page that asks for no total and no facets (its
// second tier is pruned) is the page that asks for them, hit for hit and
// score for score, at every page size; its total is then a lower bound.
TEST_F(RetrievalTest, APageWithoutTotalsIsThePageWithThem) {
  std::unique_ptr<Searcher> searcher = testing::OpenSearcherOrDie(dir_->path());
  std::vector<std::string> qs = Queries();
  for (const std::string q : {"とうきょう", "こうえん 写真", "+とうきょう +しゃしん", "京 こうえん", "+館 +こうえん"}) {
    qs.push_back(q);
  }
  std::size_t inexact = 0;
  for (const auto& q : qs) {
    for (std::size_t limit : {1, 3, 10, 50}) {
      SearchQuery with;
      with.text = q;
      with.limit = limit;
      with.snippets = false;
      SearchQuery without = with;
      without.count_total = false;
      without.facets = false;
      auto a = searcher->Search(with);
      auto b = searcher->Search(without);
      ASSERT_TRUE(a.ok() && b.ok()) << q;
      const std::string what = q + " limit=" + std::to_string(limit);
      ASSERT_EQ(a->hits.size(), b->hits.size()) << what;
      for (std::size_t i = 0; i < a->hits.size(); ++i) {
        EXPECT_EQ(a->hits[i].id, b->hits[i].id) << what << " rank " << i;
        EXPECT_EQ(a->hits[i].score, b->hits[i].score) << what << " rank " << i;
      }
      EXPECT_LE(b->total, a->total) << what;
      if (b->total_exact) {
        EXPECT_EQ(b->total, a->total) << what;
      } else {
        ++inexact;
      }
    }
  }
  EXPECT_GT(inexact, 20u);
}

// A unit's any-parts merge their postings in a heap (few cursors) or in
// windows of documents (many: a one-letter unit's grams); both give the
// same documents and tfs, stepping one by one or jumping ahead, whatever
// the window (one document, a few, more than the archive).
TEST_F(RetrievalTest, UnitCursorsMergeAlikeInAHeapAndInWindows) {
  std::size_t units = 0, any_cursors = 0, steps = 0;
  for (const std::string q : {"京", "東", "館", "研*", "図書*", "北海道* 料理", "書館 東", "大*", "市*"}) {
    auto plan = Plan(q);
    ASSERT_TRUE(plan->BindUnits().ok());
    for (const PlanUnit& u : plan->units()) {
      if (!u.bound) continue;
      ++units;
      any_cursors = std::max(any_cursors, u.runs.any_gram.size() + u.runs.any_word.size());
      for (const bool jump : {false, true}) {
        UnitCursor heap(u.runs, {.heap_cursors = SIZE_MAX});
        std::vector<UnitMerge> merges = {{.heap_cursors = 0, .window = 1}, {.heap_cursors = 0, .window = 7},
                                                 {.heap_cursors = 0, .window = 64}, {.heap_cursors = 0}, {}};
        std::vector<std::unique_ptr<UnitCursor>> windowed;
        for (const auto& m : merges) windowed.push_back(std::make_unique<UnitCursor>(u.runs, m));
        std::mt19937 rng(3);
        while (heap.doc() != kNoDoc) {
          for (auto& w : windowed) {
            ASSERT_EQ(w->doc(), heap.doc()) << q;
            ASSERT_EQ(w->tf(), heap.tf()) << q << " doc " << heap.doc();
          }
          ++steps;
          const DocNum target = jump ? heap.doc() + 1 + rng() % 90 : heap.doc() + 1;
          heap.NextGEQ(target);
          for (auto& w : windowed) w->NextGEQ(target);
        }
        for (auto& w : windowed) EXPECT_EQ(w->doc(), kNoDoc) << q;
        ASSERT_TRUE(heap.status().ok());
      }
    }
  }
  EXPECT_GT(units, 5u);
  EXPECT_GT(any_cursors, 1u);  // some part merges several postings
  EXPECT_GT(steps, 1000u);
}

// A probe (asked about given documents in ascending order, as Matcher and
// a driven fallback ask) gives every document the counts a cursor walking
// the unit gives it, and zero where the cursor has no match, whether it is
// asked about every document or about a few far apart.
TEST_F(RetrievalTest, UnitProbesCountAsCursors) {
  std::size_t units = 0, matched = 0, tight = 0, loose = 0;
  for (const std::string q :
       {"京", "館", "海道", "書館", "図書*", "北海道* 料理", "title:海道", "研究", "とうきょう", "こうえん"}) {
    auto plan = Plan(q);
    ASSERT_TRUE(plan->BindUnits().ok());
    for (const PlanUnit& u : plan->units()) {
      if (u.runs.empty()) continue;
      std::map<DocNum, FieldCounts> want;
      for (UnitCursor c(u.runs); c.doc() != kNoDoc; c.Next()) want[c.doc()] = c.tf();
      if (want.empty()) continue;  // a kana word's letters are not in the (kanji) text; its reading is
      ++units;
      matched += want.size();
      for (const DocNum stride : {1u, 5u, 97u}) {
        UnitProbe probe(u.runs), bounded(u.runs);
        for (DocNum d = stride / 2; d < snapshot_->doc_limit(); d += stride) {
          const auto it = want.find(d);
          const FieldCounts tf = it == want.end() ? FieldCounts{} : it->second;
          ASSERT_EQ(probe.At(d), tf) << q << " doc " << d;
          // A bound read without positions is at least the count, and
          // the count asked after it is the same.
          const FieldCounts bound = bounded.Bound(d);
          for (std::size_t f = 0; f < format::kFieldCount; ++f) ASSERT_GE(bound[f], tf[f]) << q << " doc " << d;
          if (d % 2) {
            ASSERT_EQ(bounded.At(d), tf) << q << " doc " << d;
          }
          tight += bound == tf && tf != FieldCounts{};
          loose += bound != tf;
        }
        ASSERT_TRUE(probe.status().ok());
        ASSERT_TRUE(bounded.status().ok());
      }
    }
  }
  EXPECT_GT(units, 6u);
  EXPECT_GT(matched, 1000u);
  EXPECT_GT(tight, 100u);  // the bound is often the count,
  EXPECT_GT(loose, 100u);  // and often above it (a phrase's steps apart)
}

// A phrase whose positions are looked up in its pinning steps only
// (PinningSteps) matches and counts as with every step looked up, and a
// probe's match-only answer is its count's.
TEST_F(RetrievalTest, PinnedPhrasesCountAsWholePhrases) {
  std::size_t unpinned = 0, matched = 0;
  for (const std::string q : {"京都の温泉", "道の写真", "海道と温泉", "東京と京都の話", "とうきょう", "としょかん"}) {
    auto plan = Plan(q);
    ASSERT_TRUE(plan->BindUnits().ok());
    for (const PlanUnit& u : plan->units()) {
      if (u.runs.phrase.empty()) continue;
      UnitRuns all = u.runs;
      for (auto& step : all.phrase) {
        unpinned += !step.pin;
        step.pin = true;
      }
      UnitCursor pinned(u.runs), every(all);
      for (; every.doc() != kNoDoc; every.Next(), pinned.Next()) {
        ASSERT_EQ(pinned.doc(), every.doc()) << q;
        ASSERT_EQ(pinned.tf(), every.tf()) << q << " doc " << every.doc();
        ++matched;
      }
      EXPECT_EQ(pinned.doc(), kNoDoc) << q;
      UnitProbe probe(u.runs), counts(u.runs);
      for (DocNum d = 0; d < snapshot_->doc_limit(); d += 3) {
        const FieldCounts tf = counts.At(d);
        ASSERT_EQ(probe.Matches(d, /*title_only=*/false), tf != FieldCounts{}) << q << " doc " << d;
      }
    }
  }
  EXPECT_GT(unpinned, 3u);
  EXPECT_GT(matched, 100u);
}

// The counting pass's unit documents are those the units' cursors walk to,
// whatever *docs already holds: a document put in beforehand (as the
// terms' documents are) is passed over without a look at its positions,
// and none is added that no unit matches.
TEST_F(RetrievalTest, CollectUnitDocsAddsWhatTheUnitCursorsMatch) {
  std::vector<std::string> qs = Queries();
  for (const std::string q : {"とうきょう", "こうえん 写真", "京 こうえん", "+館 +こうえん", "北海道* 料理"}) qs.push_back(q);
  std::size_t units = 0, known_matches = 0, phrase_only = 0;
  for (const auto& q : qs) {
    auto plan = Plan(q);
    ASSERT_TRUE(plan->BindUnits().ok());
    Roaring want;
    for (std::size_t u : plan->scoring_units()) {
      for (UnitCursor c(plan->units()[u].runs); c.doc() != kNoDoc; c.Next()) want.add(c.doc());
      ++units;
    }
    Roaring got;
    ASSERT_TRUE(CollectUnitDocs(*plan, &got).ok()) << q;
    EXPECT_EQ(got, want) << q;
    // The terms' documents and every third document first.
    Roaring known;
    for (const auto& t : plan->terms()) {
      for (auto c = QueryPlan::OpenMatching(t.runs); c->doc() != kNoDoc; c->Next()) known.add(c->doc());
    }
    for (DocNum d = 0; d < snapshot_->doc_limit(); d += 3) known.add(d);
    Roaring seeded = known;
    ASSERT_TRUE(CollectUnitDocs(*plan, &seeded).ok()) << q;
    EXPECT_EQ(seeded, want | known) << q;
    known_matches += (want & known).cardinality();
    phrase_only += (want - known).cardinality();
  }
  EXPECT_GT(units, 100u);
  EXPECT_GT(known_matches, 1000u);  // matches passed over,
  EXPECT_GT(phrase_only, 1000u);    // and matches found past the known ones
}

// Each top-k algorithm, and RetrieveTopK's choice between them, returns
// the first k of exhaustive: MaxScore on every query, conjunctive
// retrieval on the queries whose scoring terms are all required.
TEST_F(RetrievalTest, TopKIsTheFirstKOfExhaustive) {
  std::size_t conjunctive = 0, conjunctive_matches = 0;
  for (const auto& q : Queries()) {
    auto plan = Plan(q);
    std::vector<Candidate> all;
    ASSERT_TRUE(RetrieveExhaustive(*plan, &all).ok());
    all = Sorted(all);
    const bool and_query = IsConjunctive(*plan);
    if (and_query) {
      ++conjunctive;
      conjunctive_matches += all.size();
    }
    for (std::size_t k : {1, 2, 5, 10, 37, 200, 5000}) {
      const std::vector<Candidate> want(all.begin(), all.begin() + std::min(k, all.size()));
      const std::string what = q + " k=" + std::to_string(k);
      std::vector<Candidate> top;
      ASSERT_TRUE(RetrieveTopK(*plan, k, &top).ok());
      ExpectSame(want, Sorted(top), what);
      top.clear();
      ASSERT_TRUE(RetrieveMaxScore(*plan, k, &top).ok());
      ExpectSame(want, Sorted(top), what + " (MaxScore)");
      top.clear();
      const Status s = RetrieveConjunctive(*plan, k, &top);
      ASSERT_EQ(s.ok(), and_query) << what << ": " << s.ToString();
      if (and_query) ExpectSame(want, Sorted(top), what + " (conjunctive)");
    }
  }
  EXPECT_GE(conjunctive, 11u);         // the +word and "word" queries, and no other
  EXPECT_GT(conjunctive_matches, 50u);  // that match
}

// A query of one required word reads its units' postings only when the
// second tier runs: the first tier's pages are those of a plan that read
// them up front.
TEST_F(RetrievalTest, AOneRequiredWordReadsItsUnitsOnlyForTheSecondTier) {
  std::size_t deferred = 0;
  for (const std::string q : {"+東京", "\"京都\"", "+図書館", "+写真", "+海道", "+京", "\"料理\" tag:旅行"}) {
    auto lazy = Plan(q);
    auto eager = Plan(q);
    ASSERT_TRUE(eager->BindUnits().ok());
    ASSERT_FALSE(lazy->units().empty()) << q;
    const bool unread = std::none_of(lazy->units().begin(), lazy->units().end(), [](const PlanUnit& u) { return u.bound; });
    deferred += unread;
    for (std::size_t k : {1, 10, 200}) {
      const std::string what = q + " k=" + std::to_string(k);
      std::vector<Candidate> a, b;
      ASSERT_TRUE(RetrieveTopK(*lazy, k, &a).ok());
      ASSERT_TRUE(RetrieveTopK(*eager, k, &b).ok());
      ExpectSame(Sorted(b), Sorted(a), what);
    }
    // The second tier binds them.
    ASSERT_TRUE(lazy->BindUnits().ok());
    std::vector<Candidate> a, b;
    ASSERT_TRUE(RetrieveFallback(*lazy, &a).ok());
    ASSERT_TRUE(RetrieveFallback(*eager, &b).ok());
    ExpectSame(Sorted(b), Sorted(a), q + " (second tier)");
  }
  EXPECT_EQ(deferred, 7u);
  // Two required words, or a title-only word: read up front, as a
  // candidate holding one word may meet the other clause through a unit.
  for (const std::string q : {"+東京 +京都", "title:東京"}) {
    auto plan = Plan(q);
    EXPECT_TRUE(std::all_of(plan->units().begin(), plan->units().end(), [](const PlanUnit& u) { return u.bound; })) << q;
  }
}

TEST_F(RetrievalTest, ConjunctiveQueriesAreThoseOfRequiredClausesOnly) {
  EXPECT_TRUE(IsConjunctive(*Plan("+東京 +京都")));
  EXPECT_TRUE(IsConjunctive(*Plan("\"東京 と 京都\" -写真")));
  EXPECT_TRUE(IsConjunctive(*Plan("title:東京")));
  EXPECT_FALSE(IsConjunctive(*Plan("東京 京都")));
  EXPECT_FALSE(IsConjunctive(*Plan("+東京 京都")));  // 京都 only ranks
  EXPECT_FALSE(IsConjunctive(*Plan("tag:旅行")));
}

TEST_F(RetrievalTest, TopKWithFiltersFromTheSearchQuery) {
  SearchQuery extra;
  extra.tags = {"技術"};
  auto plan = Plan("東京 市場 会社", extra);
  std::vector<Candidate> top;
  ASSERT_TRUE(RetrieveTopK(*plan, 10, &top).ok());
  const std::vector<Candidate> want = Model(*plan, extra);
  ASSERT_GE(want.size(), 10u);
  ExpectSame(std::vector<Candidate>(want.begin(), want.begin() + 10), Sorted(top), "tag 技術");
  for (const auto& c : top) {
    EXPECT_EQ(model_->at(c.doc).article.tags, std::vector<std::string>{"技術"});
  }
}

TEST_F(RetrievalTest, FilteredFindsEveryAllowedDocument) {
  for (const std::string q : {"tag:旅行", "since:2023", "tag:日記 until:2021-12-31", "tag:技術 -公園"}) {
    auto plan = Plan(q);
    ASSERT_TRUE(plan->terms().empty()) << q;
    ASSERT_TRUE(plan->filtered()) << q;
    std::vector<Candidate> got;
    ASSERT_TRUE(RetrieveFiltered(*plan, &got).ok());
    const std::vector<Candidate> want = Model(*plan);
    EXPECT_GT(want.size(), 50u) << q;
    ExpectSame(want, Sorted(got), q);
  }
}

}  // namespace
}  // namespace sagasu
