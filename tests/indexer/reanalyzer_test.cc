// Re-analysis after a dictionary or folding-rule change (indexer/reanalyzer.h):
// an index built with user dictionary A (or some folding rules) and opened
// for writing with dictionary B (or other rules) re-analyzes exactly the
// documents whose text holds a changed entry's surface (or a character a
// toggled rule folds), and afterwards every search gives the hits and
// scores of a rebuild with B. A SIGKILL during the re-analysis leaves the
// old index or the new one, never a mix and never one that refuses to open.
//
// Posts: a few written here plus, when the shared corpus is there, the
// first 20 articles of each livedoor category. Dictionaries are compiled
// with mecab-dict-index against the IPAdic source, as the build compiles
// dicts/*.csv.
#include "indexer/reanalyzer.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/analyzer/user_dic_entries.h"
#include "indexer/index_writer.h"
#include "query/searcher.h"
#include "test_util.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;

constexpr const char* kEntryKonkatsu = "婚活,1285,1285,3000,名詞,一般,*,*,*,*,婚活,コンカツ,コンカツ\n";
constexpr const char* kEntrySoushoku = "草食系,1285,1285,3000,名詞,一般,*,*,*,*,草食系,ソウショクケイ,ソウショクケイ\n";
constexpr const char* kEntryJoshikai = "女子会,1285,1285,3000,名詞,一般,*,*,*,*,女子会,ジョシカイ,ジョシカイ\n";
// 婚活 with another cost: a changed entry, same surface.
constexpr const char* kEntryKonkatsuCheap = "婚活,1285,1285,100,名詞,一般,*,*,*,*,婚活,コンカツ,コンカツ\n";

Article Post(std::string id, std::string title, std::string body) {
  Article a;
  a.id = std::move(id);
  a.title = std::move(title);
  a.body = std::move(body);
  return a;
}

std::vector<Article> LoadCorpus() {
  std::vector<Article> docs = {
      Post("own/joshikai", "週末の女子会でタコスを食べた", "女子会のあとは、駅前のカフェで佐々木さんと時々話す。"),
      Post("own/konkatsu", "婚活パーティーの体験記", "草食系と言われる彼と、婚活イベントで1,000円のワインを飲んだ。"),
      Post("own/violin", "ヴァイオリン教室に通う", "ヴァイオリンの発表会は人々で賑わっていた。"),
      Post("own/plain", "札幌で味噌ラーメンを食べ歩く", "すすきのの路地裏で、濃厚な味噌スープに縮れ麺を合わせた一杯。"),
      Post("own/tags", "ランチの記録", "今日は天気が良かった。"),
  };
  docs.back().tags = {"女子会"};
  auto shared = sagasu::testing::SharedDir();
  if (!shared || !fs::is_directory(*shared / "corpus/ldcc")) return docs;
  std::vector<fs::path> cats;
  for (const auto& e : fs::directory_iterator(*shared / "corpus/ldcc"))
    if (e.is_directory()) cats.push_back(e.path());
  std::sort(cats.begin(), cats.end());
  for (const fs::path& cat : cats) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(cat))
      if (e.path().extension() == ".txt" && e.path().filename() != "LICENSE.txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.size() > 20) files.resize(20);
    for (const fs::path& f : files) {
      std::ifstream in(f);
      std::string url, date, title, line, body;
      std::getline(in, url);
      std::getline(in, date);
      std::getline(in, title);
      while (std::getline(in, line)) body += line + "\n";
      docs.push_back(Post(cat.filename().string() + "/" + f.stem().string(), title, body));
    }
  }
  return docs;
}

// Whether any analyzed field of `a` matches `pred`.
template <typename Pred>
bool AnyText(const Article& a, Pred&& pred) {
  if (pred(a.title) || pred(a.body) || pred(a.excerpt) || pred(a.author)) return true;
  for (const auto& t : a.tags)
    if (pred(t)) return true;
  for (const auto& c : a.categories)
    if (pred(c)) return true;
  return false;
}

// (id, score) of every hit, best first, ties by id.
using Hits = std::vector<std::pair<std::string, double>>;

class ReanalyzerTest : public ::testing::Test {
 protected:
  void SetUp() override { corpus_ = LoadCorpus(); }

  // Compiles `csv` into a user dictionary named `name`.dic.
  std::string Compile(const std::string& name, const std::string& csv) {
    const fs::path src = tmp_.Write(name + ".csv", csv);
    const fs::path dic = tmp_.path() / (name + ".dic");
    const std::string cmd = std::string(SAGASU_MECAB_DICT_INDEX) + " -d " + SAGASU_IPADIC_SOURCE + " -u " +
                            dic.string() + " -f utf-8 -t utf-8 " + src.string() + " > /dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return dic.string();
  }

  AnalyzerOptions WithDic(const std::string& dic) {
    AnalyzerOptions o;
    o.user_dics = {dic};
    return o;
  }

  // Builds `dir` from the corpus with `aopts`.
  void Build(const std::string& dir, const AnalyzerOptions& aopts) {
    std::unique_ptr<IndexWriter> w;
    IndexWriterOptions wo;
    wo.sync = false;
    ASSERT_TRUE(IndexWriter::Open(dir, aopts, wo, &w).ok());
    for (const Article& a : corpus_) ASSERT_TRUE(w->Add(a).ok()) << a.id;
    ASSERT_TRUE(w->Commit().ok());
  }

  // Opens `dir` for writing with `aopts` (re-analyzing) and returns what it did.
  ReanalysisReport Reopen(const std::string& dir, const AnalyzerOptions& aopts,
                          ReanalyzeMode mode = ReanalyzeMode::kChanged) {
    std::unique_ptr<IndexWriter> w;
    IndexWriterOptions wo;
    wo.sync = false;
    wo.reanalyze = mode;
    Status s = IndexWriter::Open(dir, aopts, wo, &w);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return s.ok() ? w->reanalysis() : ReanalysisReport{};
  }

  // Every hit of `query` on `dir` read with `aopts`; InvalidArgument when
  // the index was built with another analyzer.
  Status Search(const std::string& dir, const AnalyzerOptions& aopts, const std::string& query, Hits* hits) {
    SearchOptions options;
    options.analyzer = aopts;
    options.synonyms_file = "-";
    std::unique_ptr<Searcher> searcher;
    SAGASU_RETURN_IF_ERROR(Searcher::Open(dir, options, &searcher));
    SearchQuery q;
    q.text = query;
    q.limit = 1000;
    auto r = searcher->Search(q);
    if (!r.ok()) return r.status();
    hits->clear();
    for (const auto& h : r->hits) hits->emplace_back(h.id, h.score);
    std::sort(hits->begin(), hits->end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return Status::OK();
  }

  // Every query's hits on `dir`.
  std::vector<Hits> SearchAll(const std::string& dir, const AnalyzerOptions& aopts,
                              const std::vector<std::string>& queries) {
    std::vector<Hits> all;
    for (const std::string& q : queries) {
      Hits h;
      Status s = Search(dir, aopts, q, &h);
      EXPECT_TRUE(s.ok()) << q << ": " << s.ToString();
      all.push_back(h);
    }
    return all;
  }

  // Ids of the corpus documents whose text `pred` holds, sorted.
  template <typename Pred>
  std::vector<std::string> IdsWhere(Pred&& pred) {
    std::vector<std::string> ids;
    for (const Article& a : corpus_)
      if (AnyText(a, pred)) ids.push_back(a.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  static std::vector<std::string> Sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  }

  sagasu::testing::TempDir tmp_;
  std::vector<Article> corpus_;
};

TEST_F(ReanalyzerTest, UserDicEntriesAreTheSurfacesOfTheCsv) {
  UserDicEntries a, b, c;
  ASSERT_TRUE(ReadUserDicEntries(Compile("a", std::string(kEntryKonkatsu) + kEntrySoushoku), &a).ok());
  ASSERT_TRUE(ReadUserDicEntries(Compile("b", std::string(kEntryKonkatsu) + kEntrySoushoku + kEntryJoshikai), &b).ok());
  ASSERT_TRUE(ReadUserDicEntries(Compile("c", std::string(kEntryKonkatsuCheap) + kEntrySoushoku), &c).ok());
  std::vector<std::string> surfaces;
  for (const auto& [s, h] : b) surfaces.push_back(s);
  EXPECT_EQ(surfaces, (std::vector<std::string>{"女子会", "婚活", "草食系"}));
  EXPECT_EQ(a.at("婚活"), b.at("婚活"));  // the same entry in two files
  struct Case {
    const UserDicEntries* before;
    const UserDicEntries* after;
    std::vector<std::string> changed;
  } cases[] = {
      {&a, &a, {}},
      {&a, &b, {"女子会"}},        // added
      {&b, &a, {"女子会"}},        // removed
      {&a, &c, {"婚活"}},          // another cost
      {&b, &c, {"女子会", "婚活"}},
  };
  for (const Case& k : cases) EXPECT_EQ(ChangedSurfaces(*k.before, *k.after), k.changed);
  UserDicEntries decoded;
  ASSERT_TRUE(DecodeUserDicEntries(EncodeUserDicEntries(b), &decoded).ok());
  EXPECT_EQ(decoded, b);
  EXPECT_TRUE(DecodeUserDicEntries("\x03", &decoded).IsCorruption());
  const fs::path not_dic = tmp_.Write("x.dic", "this is not a dictionary, just text of some length..........");
  EXPECT_TRUE(ReadUserDicEntries(not_dic.string(), &decoded).IsCorruption());
}

TEST_F(ReanalyzerTest, DictionaryChangeReanalyzesExactlyTheDocumentsWithTheSurfaceAndEqualsARebuild) {
  const std::string dic_a = Compile("a", std::string(kEntryKonkatsu) + kEntrySoushoku);
  struct Case {
    const char* name;
    std::string csv_b;
    std::vector<std::string> surfaces;  // what changed
  } cases[] = {
      {"added", std::string(kEntryKonkatsu) + kEntrySoushoku + kEntryJoshikai, {"女子会"}},
      {"changed", std::string(kEntryKonkatsuCheap) + kEntrySoushoku, {"婚活"}},
      {"removed", std::string(kEntryKonkatsu), {"草食系"}},
  };
  const std::vector<std::string> queries = {"女子会", "女子", "婚活", "草食系", "婚活 女子会", "\"女子 会\"",
                                            "パーティー", "スマホ", "会", "title:婚活"};
  for (const Case& k : cases) {
    SCOPED_TRACE(k.name);
    const std::string dic_b = Compile(std::string("b_") + k.name, k.csv_b);
    const std::string dir = (tmp_.path() / (std::string("idx_") + k.name)).string();
    const std::string rebuilt = (tmp_.path() / (std::string("rebuilt_") + k.name)).string();
    Build(dir, WithDic(dic_a));
    Build(rebuilt, WithDic(dic_b));
    // With B, the index built with A is another analyzer's until re-analyzed.
    Hits ignored;
    EXPECT_TRUE(Search(dir, WithDic(dic_b), "女子会", &ignored).IsInvalidArgument());

    const ReanalysisReport r = Reopen(dir, WithDic(dic_b));
    ASSERT_TRUE(r.done);
    EXPECT_FALSE(r.all);
    EXPECT_EQ(r.changed_surfaces, k.surfaces);
    const std::vector<std::string> expected = IdsWhere([&](const std::string& text) {
      for (const std::string& s : k.surfaces)
        if (text.find(s) != std::string::npos) return true;
      return false;
    });
    EXPECT_FALSE(expected.empty());
    EXPECT_LT(expected.size(), corpus_.size());
    EXPECT_EQ(Sorted(r.ids), expected);
    EXPECT_EQ(r.reanalyzed, expected.size());
    EXPECT_EQ(r.documents, corpus_.size());

    EXPECT_EQ(SearchAll(dir, WithDic(dic_b), queries), SearchAll(rebuilt, WithDic(dic_b), queries));
    // Opened again with B: nothing more to do.
    EXPECT_FALSE(Reopen(dir, WithDic(dic_b)).done);
    // The old dictionary no longer reads it.
    EXPECT_TRUE(Search(dir, WithDic(dic_a), "女子会", &ignored).IsInvalidArgument());
  }
}

// A digit of either width (std::regex brackets see bytes, not characters).
const std::string kDigit = "([0-9]|０|１|２|３|４|５|６|７|８|９)";

TEST_F(ReanalyzerTest, FoldingRuleToggledReanalyzesTheDocumentsItTouchesAndEqualsARebuild) {
  struct Case {
    const char* rule;
    std::regex touched;  // on the stored text (either width)
    std::vector<std::string> queries;
  } cases[] = {
      {"iteration", std::regex("々|ゝ|ゞ|ヽ|ヾ"), {"佐々木", "佐佐木", "人々", "時々", "様々", "人"}},
      {"vu", std::regex("ヴ|ゔ|ヷ|ヸ|ヹ|ヺ"), {"ヴァイオリン", "バイオリン", "ヴ", "教室"}},
      {"digits", std::regex(kDigit + "(,|，)" + kDigit), {"1,000", "1000", "円", "000"}},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.rule);
    AnalyzerOptions on, off;
    ASSERT_TRUE(off.fold.Disable(k.rule).ok());
    const std::string dir = (tmp_.path() / (std::string("idx_") + k.rule)).string();
    const std::string rebuilt = (tmp_.path() / (std::string("rebuilt_") + k.rule)).string();
    Build(dir, on);
    Build(rebuilt, off);
    const std::vector<std::string> expected =
        IdsWhere([&](const std::string& text) { return std::regex_search(text, k.touched); });
    EXPECT_FALSE(expected.empty());
    EXPECT_LT(expected.size(), corpus_.size());

    const ReanalysisReport r = Reopen(dir, off);
    ASSERT_TRUE(r.done);
    EXPECT_EQ(r.reason, std::string("folding rules: ") + k.rule);
    EXPECT_EQ(Sorted(r.ids), expected);
    EXPECT_EQ(SearchAll(dir, off, k.queries), SearchAll(rebuilt, off, k.queries));
    // And back: the same documents again, and the first index's searches.
    const ReanalysisReport back = Reopen(dir, on);
    EXPECT_EQ(Sorted(back.ids), expected);
    const std::string fresh = (tmp_.path() / (std::string("fresh_") + k.rule)).string();
    Build(fresh, on);
    EXPECT_EQ(SearchAll(dir, on, k.queries), SearchAll(fresh, on, k.queries));
  }
}

TEST_F(ReanalyzerTest, OtherChangesNeedReanalyzeAll) {
  const std::string dir = (tmp_.path() / "idx").string();
  AnalyzerOptions builtin;
  Build(dir, builtin);
  AnalyzerOptions other_stop;
  other_stop.stopwords_file = "-";
  std::unique_ptr<IndexWriter> w;
  IndexWriterOptions wo;
  wo.sync = false;
  Status s = IndexWriter::Open(dir, other_stop, wo, &w);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find("--reanalyze all"), std::string::npos) << s.message();
  wo.reanalyze = ReanalyzeMode::kNever;
  AnalyzerOptions no_kana;
  ASSERT_TRUE(no_kana.fold.Disable("kana").ok());
  EXPECT_TRUE(IndexWriter::Open(dir, no_kana, wo, &w).IsInvalidArgument());
  // Still the old index, whole.
  Hits hits;
  ASSERT_TRUE(Search(dir, builtin, "ラーメン", &hits).ok());
  EXPECT_FALSE(hits.empty());

  const ReanalysisReport r = Reopen(dir, other_stop, ReanalyzeMode::kAll);
  EXPECT_TRUE(r.all);
  EXPECT_EQ(r.reanalyzed, corpus_.size());
  const std::string rebuilt = (tmp_.path() / "rebuilt").string();
  Build(rebuilt, other_stop);
  const std::vector<std::string> queries = {"ラーメン", "の", "これ", "女子会", "スマホ 新機種"};
  EXPECT_EQ(SearchAll(dir, other_stop, queries), SearchAll(rebuilt, other_stop, queries));
}

// SIGKILL at spread moments of a re-analysis (every document, so that it
// takes long enough to be hit): the index then opens, with the old
// dictionary and the old searches or with the new one and a rebuild's, and
// a writer with the new dictionary finishes the job.
TEST_F(ReanalyzerTest, KillDuringReanalysisLeavesTheOldIndexOrTheNew) {
  const std::string dic_a = Compile("a", std::string(kEntryKonkatsu) + kEntrySoushoku);
  const std::string dic_b = Compile("b", std::string(kEntryKonkatsu) + kEntrySoushoku + kEntryJoshikai);
  const std::vector<std::string> queries = {"女子会", "婚活", "スマホ", "\"女子 会\""};
  const std::string base = (tmp_.path() / "base").string();
  const std::string rebuilt = (tmp_.path() / "rebuilt").string();
  Build(base, WithDic(dic_a));
  Build(rebuilt, WithDic(dic_b));
  const std::vector<Hits> old_hits = SearchAll(base, WithDic(dic_a), queries);
  const std::vector<Hits> new_hits = SearchAll(rebuilt, WithDic(dic_b), queries);
  ASSERT_NE(old_hits, new_hits);

  // The child is this test binary running ReanalyzerChild.Run: a forked
  // copy of this process would inherit RocksDB's thread pools without
  // their threads.
  auto run_child = [&](const std::string& dir) -> pid_t {
    const pid_t pid = fork();
    if (pid == 0) {
      setenv("SAGASU_REANALYZE_CHILD_DIR", dir.c_str(), 1);
      setenv("SAGASU_REANALYZE_CHILD_DIC", dic_b.c_str(), 1);
      if (FILE* null = std::freopen("/dev/null", "w", stdout)) (void)null;
      execl("/proc/self/exe", "indexer_tests", "--gtest_filter=ReanalyzerChild.Run", static_cast<char*>(nullptr));
      _exit(127);
    }
    return pid;
  };
  // How long an uninterrupted run takes.
  const std::string timed = (tmp_.path() / "timed").string();
  fs::copy(base, timed, fs::copy_options::recursive);
  const auto start = std::chrono::steady_clock::now();
  int status = 0;
  waitpid(run_child(timed), &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  int old_seen = 0, new_seen = 0;
  for (int i = 1; i <= 8; ++i) {
    SCOPED_TRACE(i);
    const std::string dir = (tmp_.path() / ("kill" + std::to_string(i))).string();
    fs::copy(base, dir, fs::copy_options::recursive);
    const pid_t pid = run_child(dir);
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds * i / 8.5));
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    Hits probe;
    const Status as_old = Search(dir, WithDic(dic_a), "婚活", &probe);
    const Status as_new = Search(dir, WithDic(dic_b), "婚活", &probe);
    ASSERT_TRUE(as_old.ok() != as_new.ok()) << as_old.ToString() << " / " << as_new.ToString();
    if (as_old.ok()) {
      ++old_seen;
      EXPECT_EQ(SearchAll(dir, WithDic(dic_a), queries), old_hits);
    } else {
      ++new_seen;
      // Committed but maybe not merged yet: the same documents; scores
      // equal a rebuild's once the next writer merged.
      std::vector<Hits> now = SearchAll(dir, WithDic(dic_b), queries);
      for (std::size_t q = 0; q < queries.size(); ++q) {
        std::set<std::string> a, b;
        for (const auto& h : now[q]) a.insert(h.first);
        for (const auto& h : new_hits[q]) b.insert(h.first);
        EXPECT_EQ(a, b) << queries[q];
      }
    }
    Reopen(dir, WithDic(dic_b));
    std::unique_ptr<IndexWriter> w;
    IndexWriterOptions wo;
    ASSERT_TRUE(IndexWriter::Open(dir, WithDic(dic_b), wo, &w).ok());
    ASSERT_TRUE(w->Optimize(nullptr).ok());
    w.reset();
    EXPECT_EQ(SearchAll(dir, WithDic(dic_b), queries), new_hits);
  }
  // Which states the kills left depends on the machine's speed: recorded,
  // not asserted.
  RecordProperty("killed_before_commit", old_seen);
  RecordProperty("killed_after_commit", new_seen);
}

// The child of KillDuringReanalysisLeavesTheOldIndexOrTheNew: re-analyzes
// every document of the index the environment names; nothing without it.
TEST(ReanalyzerChild, Run) {
  const char* dir = std::getenv("SAGASU_REANALYZE_CHILD_DIR");
  const char* dic = std::getenv("SAGASU_REANALYZE_CHILD_DIC");
  if (!dir || !dic) GTEST_SKIP() << "runs as the child of the kill test";
  AnalyzerOptions aopts;
  aopts.user_dics = {dic};
  std::unique_ptr<IndexWriter> w;
  IndexWriterOptions wo;
  wo.reanalyze = ReanalyzeMode::kAll;
  Status s = IndexWriter::Open(dir, aopts, wo, &w);
  ASSERT_TRUE(s.ok()) << s.ToString();
}

}  // namespace
}  // namespace sagasu
