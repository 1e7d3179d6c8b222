// Query-time synonyms (query/synonyms.h): the Solr-format parser, its
// errors, and searches on small Japanese indexes: each form finds the
// others, a multi-term form matches as a phrase, one-way rules are one-way,
// a group scores as one term, highlights mark every form, and a changed
// file is read again.
#include "query/synonyms.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/coding.h"
#include "query/group_postings.h"
#include "query/query_parser.h"
#include "query/searcher.h"
#include "query_test_util.h"
#include "storage/snapshot.h"

namespace sagasu {
namespace {

using ::testing::HasSubstr;
using testing::BuildIndex;
using testing::MakeDoc;
using testing::QTempDir;
using testing::QueryAnalyzer;

// The form `text` as the analyzer cuts it (what a synonym line holds).
TermSequence Form(const std::string& text) {
  auto session = QueryAnalyzer().NewSession();
  std::vector<Term> terms;
  session->Analyze(text, 0, false, &terms);
  TermSequence s;
  for (const Term& t : terms) {
    s.terms.push_back(t.text);
    s.offsets.push_back(t.position - terms[0].position);
  }
  s.source = text;
  return s;
}

std::shared_ptr<const SynonymSet> ParseOrDie(const std::string& text) {
  auto session = QueryAnalyzer().NewSession();
  std::shared_ptr<const SynonymSet> set;
  const Status s = SynonymSet::Parse(text, "syn.txt", session.get(), &set);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return set;
}

// The forms (as written) `key` finds, sorted; empty when it has no synonyms.
std::vector<std::string> FormsOf(const SynonymSet& set, const std::string& key) {
  std::vector<std::string> out;
  if (const auto* group = set.Find(Form(key))) {
    for (const auto& f : *group) out.push_back(f.source);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---------------------------------------------------------------------------
// Parsing

struct ParseCase {
  const char* file;
  const char* key;
  std::vector<std::string> forms;  // sorted; empty = no synonyms
};

TEST(SynonymParse, Rules) {
  const ParseCase cases[] = {
      // Equivalence: each form finds every form; サーバ is サーバー after folding.
      {"サーバー, server", "サーバ", {"server", "サーバー"}},
      {"サーバー, server", "server", {"server", "サーバー"}},
      {"スマホ,スマートフォン ,  smartphone", "smartphone", {"smartphone", "スマホ", "スマートフォン"}},
      // One-way: the left side finds the right one and itself; not back.
      {"スーパーマーケット => スーパー", "スーパーマーケット", {"スーパー", "スーパーマーケット"}},
      {"スーパーマーケット => スーパー", "スーパー", {}},
      {"携帯, ケータイ => 携帯電話, モバイル", "ケータイ", {"ケータイ", "モバイル", "携帯電話"}},
      {"携帯, ケータイ => 携帯電話, モバイル", "携帯", {"モバイル", "携帯", "携帯電話"}},
      {"携帯, ケータイ => 携帯電話, モバイル", "モバイル", {}},
      // A form of several terms is one key.
      {"深層学習, ディープラーニング", "深層学習", {"ディープラーニング", "深層学習"}},
      {"深層学習, ディープラーニング", "学習", {}},
      // Comments, blank lines and CR LF line ends.
      {"# 北海道, 道産子\n\n   # x\r\n札幌, サッポロ\r\n", "北海道", {}},
      {"# 北海道, 道産子\n\n   # x\r\n札幌, サッポロ\r\n", "札幌", {"サッポロ", "札幌"}},
      // Lines with shared forms merge into one group (as Solr's expand does).
      {"車, 自動車\n自動車, クルマ", "自動車", {"クルマ", "自動車", "車"}},
      // A backslash escapes a comma.
      {"R\\,D, 研究開発", "研究開発", {"R,D", "研究開発"}},
  };
  for (const auto& c : cases) {
    auto set = ParseOrDie(c.file);
    ASSERT_TRUE(set);
    EXPECT_EQ(FormsOf(*set, c.key), c.forms) << "file: " << c.file << "\nkey: " << c.key;
  }
}

TEST(SynonymParse, ErrorsNameFileAndLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"サーバー, server\n\nスマホ,, スマートフォン", "syn.txt:3: an empty form"},
      {"# ok\na => b => c", "syn.txt:2: more than one '=>'"},
      {"=> 北海道", "syn.txt:1: an empty form"},
      {"北海道 =>", "syn.txt:1: an empty form"},
      {"北海道, の", "syn.txt:1: 'の' has no searchable terms"},
      {"犬, 猫\n\xff\xfe, 鳥", "syn.txt:2: invalid UTF-8"},
  };
  for (const auto& [text, want] : cases) {
    auto session = QueryAnalyzer().NewSession();
    std::shared_ptr<const SynonymSet> set;
    const Status s = SynonymSet::Parse(text, "syn.txt", session.get(), &set);
    EXPECT_TRUE(s.IsInvalidArgument()) << text;
    EXPECT_THAT(s.message(), HasSubstr(want)) << text;
  }
}

TEST(SynonymParse, TooManyFormsIsAnError) {
  std::string line = "語0";
  for (std::size_t i = 1; i <= kMaxSynonymForms; ++i) line += ", 語" + std::to_string(i);
  auto session = QueryAnalyzer().NewSession();
  std::shared_ptr<const SynonymSet> set;
  const Status s = SynonymSet::Parse("犬, 猫\n" + line, "syn.txt", session.get(), &set);
  EXPECT_THAT(s.message(), HasSubstr("syn.txt:2:"));
}

TEST(SynonymParse, BuiltInSetLoads) {
  auto session = QueryAnalyzer().NewSession();
  std::shared_ptr<const SynonymSet> set;
  const Status s = SynonymSet::Parse(kBuiltinSynonyms, "dicts/synonyms.txt", session.get(), &set);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_GE(set->rule_count(), 40u);
  EXPECT_EQ(FormsOf(*set, "スマホ"), (std::vector<std::string>{"smartphone", "スマホ", "スマートフォン"}));
  EXPECT_EQ(FormsOf(*set, "データベース"), (std::vector<std::string>{"database", "データベース"}));
}

// The parser's clauses after expansion: a run of terms equal to a form
// becomes one group; terms without synonyms stay as they were.
TEST(SynonymExpand, GroupsReplaceTermsAndRuns) {
  auto set = ParseOrDie("深層学習, ディープラーニング\nサーバー, server");
  auto session = QueryAnalyzer().NewSession();
  auto q = ParseQuery("深層学習 サーバー 監視", session.get());
  ASSERT_TRUE(q.ok());
  set->Expand(&q.value());
  std::vector<std::string> texts;
  std::size_t groups = 0;
  for (const auto& t : q->clauses[0].terms) {
    texts.push_back(t.text);
    groups += !t.synonyms.empty();
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"深層 学習", "サーバ", "監視"}));
  EXPECT_EQ(groups, 2u);

  // Two separate words are not the form 深層学習 (not adjacent in the query).
  auto apart = ParseQuery("学習 深層", session.get());
  ASSERT_TRUE(apart.ok());
  set->Expand(&apart.value());
  for (const auto& t : apart->clauses[0].terms) EXPECT_TRUE(t.synonyms.empty()) << t.text;
}

// ---------------------------------------------------------------------------
// Searching

class SynonymSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    docs_ = {
        MakeDoc("ja-server", "自宅サーバーの記録", "古いパソコンをサーバーにして、写真を置いている。"),
        MakeDoc("en-server", "Home lab notes", "I moved the server to a closet. 静かな server は快適だ。"),
        MakeDoc("phone-long", "機種変更", "スマートフォンを三年ぶりに買い替えた。"),
        MakeDoc("phone-short", "スマホの電池", "スマホの電池が一日もたない。"),
        MakeDoc("dl-ja", "論文メモ", "深層学習で画像を分類する手法を試した。"),
        MakeDoc("dl-en", "勉強会", "ディープラーニングの勉強会に参加した。"),
        MakeDoc("scattered", "工作", "深層の地盤を調べ、その後で機械の仕組みを学習した。"),
        MakeDoc("super-long", "買い物", "駅前のスーパーマーケットで野菜を買った。"),
        MakeDoc("super-short", "夕飯", "近所のスーパーで魚を買った。"),
        MakeDoc("same-form", "比較", "サーバーとサーバーを比べた。"),
        MakeDoc("two-forms", "比較", "サーバーとserverを比べた。"),
        MakeDoc("other", "旅行", "北海道で流氷を見た。"),
    };
    ASSERT_TRUE(BuildIndex(dir_.path(), docs_).ok());
    synonyms_ = dir_.path().parent_path() / (dir_.path().filename().string() + "-syn.txt");
    Write(
        "サーバー, server\n"
        "スマホ, スマートフォン\n"
        "深層学習, ディープラーニング\n"
        "スーパーマーケット => スーパー\n");
  }
  void TearDown() override { std::filesystem::remove(synonyms_); }

  void Write(const std::string& text) const {
    std::ofstream(synonyms_, std::ios::binary | std::ios::trunc) << text;
  }

  std::unique_ptr<Searcher> Open(const std::string& file) const {
    SearchOptions o;
    o.synonyms_file = file;
    std::unique_ptr<Searcher> s;
    const Status st = Searcher::Open(dir_.path().string(), o, &s);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return s;
  }

  // The ids a query finds by whole words (no n-gram fallback, which would
  // find スーパー inside スーパーマーケット by itself), sorted.
  static std::vector<std::string> Find(const Searcher& s, const std::string& text) {
    SearchQuery q;
    q.text = text;
    q.limit = 100;
    q.fallback = false;
    auto r = s.Search(q);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    std::vector<std::string> ids;
    if (r.ok()) {
      for (const auto& h : r->hits) ids.push_back(h.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  QTempDir dir_;
  std::vector<Article> docs_;
  std::filesystem::path synonyms_;
};

using Ids = std::vector<std::string>;

TEST_F(SynonymSearch, EachFormFindsTheOthers) {
  auto s = Open(synonyms_.string());
  const std::pair<const char*, Ids> cases[] = {
      {"サーバー", {"en-server", "ja-server", "same-form", "two-forms"}},
      {"server", {"en-server", "ja-server", "same-form", "two-forms"}},
      {"スマホ", {"phone-long", "phone-short"}},
      {"スマートフォン", {"phone-long", "phone-short"}},
      {"+スマホ", {"phone-long", "phone-short"}},
      {"-server 比較", {}},
      {"ディープラーニング", {"dl-en", "dl-ja"}},
      // A multi-term form matches as a phrase: not 深層 ... 学習 apart.
      {"深層学習", {"dl-en", "dl-ja"}},
      {"\"深層学習\"", {"dl-en", "dl-ja"}},
      // One-way: スーパーマーケット also finds スーパー, not the reverse.
      {"スーパーマーケット", {"super-long", "super-short"}},
      {"スーパー", {"super-short"}},
  };
  for (const auto& [query, want] : cases) EXPECT_EQ(Find(*s, query), want) << query;
}

TEST_F(SynonymSearch, NoSynonymsFindsOnlyTheWordAsWritten) {
  auto s = Open("-");
  EXPECT_EQ(Find(*s, "server"), (Ids{"en-server", "two-forms"}));
  EXPECT_EQ(Find(*s, "スマホ"), (Ids{"phone-short"}));
  EXPECT_EQ(Find(*s, "ディープラーニング"), (Ids{"dl-en"}));
}

// The built-in set is what SearchOptions gives by default.
TEST_F(SynonymSearch, BuiltInSetByDefault) {
  auto s = Open("");
  EXPECT_EQ(Find(*s, "server"), (Ids{"en-server", "ja-server", "same-form", "two-forms"}));
  EXPECT_EQ(Find(*s, "スマートフォン"), (Ids{"phone-long", "phone-short"}));
}

// A group is one term for BM25F: two occurrences of two forms score as two
// of one form (same lengths), and explain shows one entry, with the df of
// the documents any form is in and the forms it expanded to.
TEST_F(SynonymSearch, ScoresAsOneTerm) {
  auto s = Open(synonyms_.string());
  SearchQuery q;
  q.text = "サーバー";
  q.limit = 100;
  q.fallback = false;
  q.explain = true;
  auto r = s->Search(q);
  ASSERT_TRUE(r.ok());
  const SearchHit* same = nullptr;
  const SearchHit* two = nullptr;
  for (const auto& h : r->hits) {
    if (h.id == "same-form") same = &h;
    if (h.id == "two-forms") two = &h;
  }
  ASSERT_TRUE(same && two);
  ASSERT_EQ(two->explanation.size(), 1u);
  const TermExplanation& e = two->explanation[0];
  EXPECT_EQ(e.tf_body, 2u);
  EXPECT_EQ(e.body_len, same->explanation[0].body_len);
  // Documents holding サーバー or server, counted from the texts.
  double df = 0;
  for (const auto& d : docs_) {
    df += d.body.find("サーバー") != std::string::npos || d.body.find("server") != std::string::npos ||
          d.title.find("サーバー") != std::string::npos;
  }
  EXPECT_EQ(e.df, df);
  EXPECT_EQ(e.synonyms, (std::vector<std::string>{"サーバー", "server"}));
  EXPECT_FLOAT_EQ(two->score, same->score);
}

TEST_F(SynonymSearch, HighlightsMarkEveryForm) {
  auto s = Open(synonyms_.string());
  SearchQuery q;
  q.text = "サーバー";
  q.limit = 100;
  q.fallback = false;
  auto r = s->Search(q);
  ASSERT_TRUE(r.ok());
  for (const auto& h : r->hits) {
    const std::string snippet = h.snippet.Render("[", "]", false);
    if (h.id == "en-server") {
      EXPECT_THAT(snippet, HasSubstr("[server]")) << snippet;
    }
    if (h.id == "two-forms") {
      EXPECT_THAT(snippet, HasSubstr("[サーバー]")) << snippet;
      EXPECT_THAT(snippet, HasSubstr("[server]")) << snippet;
    }
    if (h.id == "ja-server") {
      EXPECT_THAT(h.title_highlighted.Render("[", "]", false), HasSubstr("[サーバー]"));
    }
  }
}

// The merged postings: a document once, a position once whichever forms
// begin there, the phrase form only where its terms are adjacent.
TEST_F(SynonymSearch, GroupPostingsUnionDocsAndPositions) {
  std::unique_ptr<Snapshot> snap;
  ASSERT_TRUE(Snapshot::Open(dir_.path().string(), QueryAnalyzer().Fingerprint(), &snap).ok());
  std::shared_ptr<const TermRuns> runs;
  ASSERT_TRUE(GroupPostings(*snap, {Form("深層学習"), Form("ディープラーニング"), Form("深層学習")}, &runs).ok());
  TermCursor c(runs, 0, nullptr);
  std::set<std::string> found;
  std::vector<DocNum> docs;
  for (; c.doc() != kNoDoc; c.Next()) {
    docs.push_back(c.doc());
    EXPECT_EQ(c.tf()[format::kFieldBody], 1u);
    Article a;
    ASSERT_TRUE(snap->GetDocument(c.doc(), &a).ok());
    found.insert(a.id);
  }
  EXPECT_EQ(found, (std::set<std::string>{"dl-en", "dl-ja"}));
  EXPECT_EQ(c.df(), 2u);
}

// A group of one-term forms keeps no positions of its own: a cursor gets
// each document's from the forms (TermRun::positions), the union of theirs,
// as many per field as its tf, and position_bytes() encodes them as a
// stored run would. Every document of either form is checked against the
// forms' own cursors, one of them holding both forms.
TEST_F(SynonymSearch, OneTermGroupPositionsComeFromTheForms) {
  std::unique_ptr<Snapshot> snap;
  ASSERT_TRUE(Snapshot::Open(dir_.path().string(), QueryAnalyzer().Fingerprint(), &snap).ok());
  const std::vector<TermSequence> forms = {Form("サーバー"), Form("server")};
  std::shared_ptr<const TermRuns> group;
  ASSERT_TRUE(GroupPostings(*snap, forms, &group).ok());
  ASSERT_EQ(group->size(), 1u);
  EXPECT_NE((*group)[0]->positions, nullptr);
  std::vector<std::shared_ptr<const TermRuns>> form_runs;
  for (const auto& f : forms) {
    ASSERT_EQ(f.terms.size(), 1u);
    auto r = std::make_shared<TermRuns>();
    ASSERT_TRUE(snap->ReadTerm(format::kStreamWords, f.terms[0], r.get()).ok());
    ASSERT_FALSE(r->empty()) << f.terms[0];
    form_runs.push_back(std::move(r));
  }
  std::vector<std::unique_ptr<TermCursor>> form_cursors;
  for (const auto& r : form_runs) form_cursors.push_back(std::make_unique<TermCursor>(r, 0, nullptr));
  TermCursor c(group, 0, nullptr);
  std::size_t checked = 0;
  for (; c.doc() != kNoDoc; c.Next(), ++checked) {
    std::vector<Position> want;
    for (auto& f : form_cursors) {
      f->NextGEQ(c.doc());
      if (f->doc() == c.doc()) want.insert(want.end(), f->positions_begin(), f->positions_end());
    }
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    const std::vector<Position> got(c.positions_begin(), c.positions_end());
    EXPECT_EQ(got, want) << "doc " << c.doc();
    const FieldCounts tf = c.tf();
    EXPECT_EQ(std::size_t{tf[0]} + tf[1] + tf[2], got.size());
    std::string bytes;
    Position prev = 0;
    for (Position p : want) {
      PutVarint32(&bytes, p - prev);
      prev = p;
    }
    EXPECT_EQ(c.position_bytes(), bytes);
  }
  EXPECT_TRUE(c.status().ok());
  // ja-server (title and body), en-server, same-form, two-forms (both forms).
  EXPECT_EQ(checked, 4u);
}

// The documents and counts of a group's postings.
std::vector<std::pair<DocNum, FieldCounts>> Postings(const std::shared_ptr<const TermRuns>& runs) {
  std::vector<std::pair<DocNum, FieldCounts>> out;
  for (TermCursor c(runs, 0, nullptr); c.doc() != kNoDoc; c.Next()) out.emplace_back(c.doc(), c.tf());
  return out;
}

// A group is merged once while it is kept: the same postings as a merge of
// its own, the same object the second time; groups beyond the capacity
// push out the least recently used, and one larger than it is not kept.
TEST_F(SynonymSearch, GroupCacheKeepsMergedGroupsWithinItsCapacity) {
  std::unique_ptr<Snapshot> snap;
  ASSERT_TRUE(Snapshot::Open(dir_.path().string(), QueryAnalyzer().Fingerprint(), &snap).ok());
  const std::vector<TermSequence> servers = {Form("サーバー"), Form("server")};
  const std::vector<TermSequence> phones = {Form("スマホ"), Form("スマートフォン")};
  const std::vector<TermSequence> deep = {Form("深層学習"), Form("ディープラーニング")};
  std::shared_ptr<const TermRuns> want_servers, want_phones, want_deep;
  ASSERT_TRUE(GroupPostings(*snap, servers, &want_servers).ok());
  ASSERT_TRUE(GroupPostings(*snap, phones, &want_phones).ok());
  ASSERT_TRUE(GroupPostings(*snap, deep, &want_deep).ok());
  ASSERT_EQ(Postings(want_servers).size(), 4u);
  ASSERT_EQ(Postings(want_phones).size(), 2u);

  GroupCache cache(*snap);
  std::shared_ptr<const TermRuns> a, b, c;
  ASSERT_TRUE(cache.Get(servers, &a).ok());
  ASSERT_TRUE(cache.Get(servers, &b).ok());
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(Postings(a), Postings(want_servers));
  ASSERT_TRUE(cache.Get(phones, &c).ok());
  EXPECT_EQ(Postings(c), Postings(want_phones));
  EXPECT_EQ(cache.size(), 2u);
  const std::uint64_t two = cache.bytes();
  EXPECT_GT(two, 0u);

  // Room for about two groups: a third pushes out the least recently used
  // (phones, as servers was asked for again).
  GroupCache small(*snap, two + two / 4);
  ASSERT_TRUE(small.Get(phones, &a).ok());
  ASSERT_TRUE(small.Get(servers, &a).ok());
  ASSERT_TRUE(small.Get(phones, &b).ok());
  ASSERT_TRUE(small.Get(servers, &b).ok());
  EXPECT_EQ(a.get(), b.get());
  ASSERT_TRUE(small.Get(deep, &c).ok());
  EXPECT_EQ(Postings(c), Postings(want_deep));
  EXPECT_LE(small.bytes(), two + two / 4);
  EXPECT_EQ(small.size(), 2u);
  ASSERT_TRUE(small.Get(servers, &c).ok());
  EXPECT_EQ(c.get(), a.get());  // kept
  std::shared_ptr<const TermRuns> again;
  ASSERT_TRUE(small.Get(phones, &again).ok());
  EXPECT_EQ(Postings(again), Postings(want_phones));  // merged again, the same postings

  GroupCache none(*snap, 1);
  ASSERT_TRUE(none.Get(servers, &a).ok());
  EXPECT_EQ(Postings(a), Postings(want_servers));
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.bytes(), 0u);
}

// A changed file is read again; a bad one keeps the previous set in use
// and says so on every call until it is fixed.
TEST_F(SynonymSearch, SourceReloadsChangedFile) {
  std::unique_ptr<SynonymSource> source;
  ASSERT_TRUE(SynonymSource::Open({synonyms_.string(), std::chrono::seconds(0)}, QueryAnalyzer(), &source).ok());
  std::vector<std::string> warnings;
  EXPECT_EQ(FormsOf(*source->Current(&warnings), "流氷"), Ids{});

  Write("流氷, 氷塊\n");
  EXPECT_EQ(FormsOf(*source->Current(&warnings), "流氷"), (Ids{"氷塊", "流氷"}));
  EXPECT_TRUE(warnings.empty());

  Write("流氷, 氷塊\n北海道,, 道\n");
  EXPECT_EQ(FormsOf(*source->Current(&warnings), "流氷"), (Ids{"氷塊", "流氷"}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr(synonyms_.string() + ":2: an empty form"));
  source->Current(&warnings);
  EXPECT_EQ(warnings.size(), 2u);

  Write("サーバー, server\n");
  warnings.clear();
  EXPECT_EQ(FormsOf(*source->Current(&warnings), "流氷"), Ids{});
  EXPECT_EQ(FormsOf(*source->Current(&warnings), "server"), (Ids{"server", "サーバー"}));
  EXPECT_TRUE(warnings.empty());
}

// Through the Searcher, which looks at the file at most once a second.
TEST_F(SynonymSearch, SearcherPicksUpChangedFile) {
  auto s = Open(synonyms_.string());
  EXPECT_EQ(Find(*s, "氷塊"), Ids{});
  Write("氷塊, 流氷\n");
  Ids found;
  for (int i = 0; i < 50 && found.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    found = Find(*s, "氷塊");
  }
  EXPECT_EQ(found, Ids{"other"});
}

TEST_F(SynonymSearch, BadFileFailsOpenNamingFileAndLine) {
  Write("サーバー, server\nスマホ => \n");
  SearchOptions o;
  o.synonyms_file = synonyms_.string();
  std::unique_ptr<Searcher> s;
  const Status st = Searcher::Open(dir_.path().string(), o, &s);
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_THAT(st.message(), HasSubstr(synonyms_.string() + ":2:"));
  o.synonyms_file = (dir_.path() / "missing.txt").string();
  EXPECT_TRUE(Searcher::Open(dir_.path().string(), o, &s).IsIOError());
}

}  // namespace
}  // namespace sagasu
