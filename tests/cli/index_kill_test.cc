// Crash safety of `sagasu index`: the real binary is SIGKILLed at chosen and
// random moments while it commits many small runs (--memory-budget 1M), and
// the index it leaves behind must be exactly some committed state:
//
//   - it opens cleanly;
//   - every id is listed once, on its own live document, whose stored fields
//     are those of (one version of) its source file;
//   - stats().live_docs equals the number of ids;
//   - every committed document is found, once, by a search for its title;
//   - a re-run completes it: every post present exactly once.
//
// What is checked never depends on when the kill lands; the timing only
// decides which states get checked. Seeds are fixed.
#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli_test_util.h"
#include "storage/snapshot.h"
#include "storage/open_snapshot.h"
#include "indexer/sources/source.h"
#include "query/searcher.h"
#include "test_util.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// YAML single-quoted scalar.
std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "''";
    else if (c != '\n' && c != '\r') out += c;
  }
  return out + "'";
}

// A post file as written to disk, and its id.
struct PostFile {
  std::string rel;  // path under the corpus dir, e.g. "topic-news/5903225.md"
  std::string id;   // rel without ".md"
  std::string title;
  std::string body;
  std::string date;
  std::string tag;
  std::string Bytes() const {
    std::string s = "---\ntitle: " + Quote(title) + "\n";
    if (!date.empty()) s += "date: " + Quote(date) + "\n";
    s += "tags: [" + Quote(tag) + "]\n---\n\n" + body + "\n";
    return s;
  }
};

// About 360 articles from the livedoor news corpus (40 per category), or,
// without it, as many synthesized from a small list of Japanese phrases.
std::vector<PostFile> MakeCorpus() {
  std::vector<PostFile> posts;
  if (auto shared = sagasu::testing::SharedDir(); shared && fs::is_directory(*shared / "corpus/ldcc")) {
    std::vector<fs::path> cats;
    for (const auto& e : fs::directory_iterator(*shared / "corpus/ldcc")) {
      if (e.is_directory()) cats.push_back(e.path());
    }
    std::sort(cats.begin(), cats.end());
    for (const auto& cat : cats) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(cat)) {
        const std::string name = e.path().filename().string();
        if (name.ends_with(".txt") && name != "LICENSE.txt") files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
      if (files.size() > 40) files.resize(40);
      for (const auto& f : files) {
        std::ifstream in(f);
        std::string url, date, title, line, body;
        std::getline(in, url);
        std::getline(in, date);
        std::getline(in, title);
        while (std::getline(in, line)) body += line + "\n";
        PostFile p;
        p.rel = cat.filename().string() + "/" + f.stem().string() + ".md";
        p.id = cat.filename().string() + "/" + f.stem().string();
        p.title = title;
        p.date = date;
        p.tag = cat.filename().string();
        p.body = body;
        posts.push_back(std::move(p));
      }
    }
    if (posts.size() >= 200) return posts;
    posts.clear();
  }
  const std::vector<std::string> places = {"札幌", "仙台", "金沢", "名古屋", "京都", "大阪", "神戸", "広島", "高松", "福岡", "熊本", "那覇"};
  const std::vector<std::string> topics = {"ラーメン", "紅葉", "花火大会", "温泉", "美術館", "古本屋", "喫茶店", "朝市", "城跡", "水族館"};
  const std::vector<std::string> sentences = {
      "駅から歩いて十分ほどの場所にあります。", "平日の朝でも行列ができていました。", "地元の人に教えてもらった店です。",
      "写真では伝わらない迫力がありました。", "次は家族を連れて来たいと思います。", "雨の日でも楽しめるのが良いところです。",
      "入場料は大人千二百円でした。", "帰りに名物のお土産を買いました。", "季節によって景色が大きく変わります。",
      "予約をしておけば待たずに入れます。"};
  std::mt19937 rng(7);
  for (int i = 0; i < 360; ++i) {
    PostFile p;
    const std::string& place = places[i % places.size()];
    const std::string& topic = topics[(i / places.size()) % topics.size()];
    p.rel = "synth/" + std::to_string(1000 + i) + ".md";
    p.id = "synth/" + std::to_string(1000 + i);
    p.title = place + "の" + topic + "探訪その" + std::to_string(i);
    p.tag = place;
    for (int k = 0; k < 120; ++k) p.body += place + "の" + topic + "。" + sentences[rng() % sentences.size()];
    posts.push_back(std::move(p));
  }
  return posts;
}

// Acceptable stored versions of each id: what ParsePost makes of a file.
using Versions = std::map<std::string, std::vector<Article>>;

Article Parse(const PostFile& p) {
  auto doc = ParsePost(p.Bytes(), p.id, p.rel);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? std::move(doc).value() : Article{};
}

class IndexKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!sagasu::testing::SharedDir()) {
      std::printf("note: no shared corpus; the kill test uses synthesized posts\n");
    }
    posts_ = MakeCorpus();
    for (const auto& p : posts_) tmp_.Write("posts/" + p.rel, p.Bytes());
  }

  fs::path Posts() const { return tmp_.path() / "posts"; }

  std::vector<std::string> IndexArgs(const std::string& db) const {
    return {"index", "--db", db, "--memory-budget", "1M", "--threads", "2", "--quiet", "--json", Posts().string()};
  }

  // Runs the indexer to completion; returns its --json summary.
  nlohmann::json RunToCompletion(const std::string& db) {
    auto r = sagasu::testing::RunSagasu(IndexArgs(db));
    EXPECT_EQ(r.exit_code, 0) << sagasu::testing::Describe(r);
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
  }

  // The size of each write-ahead log of `db` seen so far, by name: a log
  // keeps its largest size after RocksDB deletes it (each commit's
  // memtables are flushed, and the log they came from goes), so the sum
  // only grows, by what the run wrote to its logs.
  using LogSizes = std::map<std::string, std::uint64_t>;
  static void ObserveLogs(const std::string& db, LogSizes* sizes) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(db, ec)) {
      if (e.path().extension() != ".log") continue;
      // A log deleted between the listing and this call reports an error:
      // it keeps the size seen before.
      std::error_code file_ec;
      const std::uintmax_t size = e.file_size(file_ec);
      if (file_ec) continue;
      std::uint64_t& seen = (*sizes)[e.path().filename().string()];
      seen = std::max<std::uint64_t>(seen, size);
    }
  }
  static std::uint64_t Total(const LogSizes& sizes) {
    std::uint64_t n = 0;
    for (const auto& [name, size] : sizes) n += size;
    return n;
  }

  // When to SIGKILL a run: after `delay`, or as soon as its write-ahead log
  // has grown by `wal_growth` bytes (a commit is being synced; the log
  // grows only by commits). Neither: let it finish.
  struct Kill {
    std::chrono::microseconds delay = std::chrono::microseconds::max();
    std::uint64_t wal_growth = UINT64_MAX;
  };

  // Runs the indexer on `db` until `when`. Returns true when the kill landed,
  // false when the indexer finished first (it must then have succeeded).
  // *wal_seen: the largest WAL growth observed.
  // `args`: the command to run (default: IndexArgs(db)).
  bool RunAndKill(const std::string& db, Kill when, std::uint64_t* wal_seen = nullptr,
                  std::vector<std::string> args = {}) {
    LogSizes logs;
    ObserveLogs(db, &logs);
    const std::uint64_t wal_before = Total(logs);
    const pid_t pid = sagasu::testing::SpawnSagasu(args.empty() ? IndexArgs(db) : args);
    if (pid < 0) return false;
    const auto start = Clock::now();
    int status = 0;
    std::uint64_t seen = 0;
    bool killed = false;
    for (;;) {
      if (waitpid(pid, &status, WNOHANG) == pid) break;
      ObserveLogs(db, &logs);
      seen = Total(logs) - wal_before;
      const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
      if (seen >= when.wal_growth || elapsed >= when.delay) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        killed = WIFSIGNALED(status);
        break;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    if (!killed) {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "sagasu failed on its own";
    }
    if (wal_seen) *wal_seen = seen;
    return killed;
  }

  // Checks the invariants of a (possibly killed) index at `db`. Every live id
  // must hold one of `versions[id]`. Returns the live ids.
  std::set<std::string> CheckIndex(const std::string& db, const Versions& versions) {
    std::set<std::string> ids;
    std::unique_ptr<Snapshot> reader;
    Status s = sagasu::testing::OpenSnapshot(db, &reader);
    // Killed before the first commit: no database yet, or one RocksDB created
    // without sagasu's metadata. Readers say NotFound ("never committed").
    if (s.IsNotFound()) return ids;
    EXPECT_TRUE(s.ok()) << s.ToString();
    if (!s.ok()) return ids;
    std::map<DocNum, std::string> by_doc;
    std::map<std::string, std::string> titles;
    s = reader->ForEachId([&](std::string_view id_view, DocNum d) {
      const std::string id(id_view);
      EXPECT_TRUE(ids.insert(id).second) << "id listed twice: " << id;
      EXPECT_TRUE(by_doc.emplace(d, id).second) << "DocNum " << d << " shared by " << id << " and " << by_doc[d];
      auto v = versions.find(id);
      EXPECT_NE(v, versions.end()) << "unexpected id " << id;
      if (v == versions.end()) return;
      Article doc;
      Status g = reader->GetDocument(d, &doc);
      EXPECT_TRUE(g.ok()) << id << ": " << g.ToString();
      EXPECT_TRUE(std::find(v->second.begin(), v->second.end(), doc) != v->second.end())
          << id << ": stored fields match no version of its file; title '" << doc.title << "'";
      titles[id] = doc.title;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(reader->stats().live_docs, ids.size());
    std::size_t live = 0;
    for (DocNum d = 0; d < reader->doc_limit(); ++d) live += reader->IsLive(d);
    EXPECT_EQ(live, ids.size()) << "live documents without an id";
    reader.reset();

    // Each committed document is found by its title, once; nothing that is
    // not committed is found.
    std::unique_ptr<Searcher> searcher;
    s = Searcher::Open(db, SearchOptions{}, &searcher);
    EXPECT_TRUE(s.ok()) << s.ToString();
    if (!s.ok()) return ids;
    EXPECT_EQ(searcher->document_count(), ids.size());
    SearchQuery req;
    req.limit = 1000;  // more than the corpus: the check does not depend on ranking
    req.snippets = false;
    req.facets = false;
    req.count_total = false;
    for (const auto& [doc, id] : by_doc) {
      req.text = titles[id];
      if (req.text.empty()) continue;
      auto r = searcher->Search(req);
      EXPECT_TRUE(r.ok()) << id << ": " << r.status().ToString();
      if (!r.ok()) continue;
      int found = 0;
      std::set<std::string> seen;
      for (const auto& h : r->hits) {
        found += h.id == id;
        EXPECT_TRUE(seen.insert(h.id).second) << "query '" << req.text << "' lists " << h.id << " twice";
        EXPECT_TRUE(ids.count(h.id)) << "query '" << req.text << "' found an uncommitted id " << h.id;
      }
      EXPECT_EQ(found, 1) << id << " by its title '" << req.text << "'";
    }
    return ids;
  }

  Versions CurrentVersions() const {
    Versions v;
    for (const auto& p : posts_) v[p.id] = {Parse(p)};
    return v;
  }

  std::set<std::string> AllIds() const {
    std::set<std::string> ids;
    for (const auto& p : posts_) ids.insert(p.id);
    return ids;
  }

  // The ids each of `queries` finds (all hits, no ranking involved).
  static std::map<std::string, std::set<std::string>> HitSets(const std::string& db,
                                                              const std::vector<std::string>& queries) {
    std::map<std::string, std::set<std::string>> sets;
    std::unique_ptr<Searcher> searcher;
    Status s = Searcher::Open(db, SearchOptions{}, &searcher);
    EXPECT_TRUE(s.ok()) << s.ToString();
    if (!s.ok()) return sets;
    SearchQuery req;
    req.limit = 1000;
    req.snippets = false;
    req.facets = false;
    for (const auto& q : queries) {
      req.text = q;
      auto r = searcher->Search(req);
      EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
      if (!r.ok()) continue;
      for (const auto& h : r->hits) sets[q].insert(h.id);
    }
    return sets;
  }

  sagasu::testing::TempDir tmp_;
  std::vector<PostFile> posts_;
};

TEST_F(IndexKillTest, KilledIndexerLeavesLastCommit) {
  const Versions versions = CurrentVersions();
  const std::set<std::string> all = AllIds();

  // Calibrate: a full run, which must commit many times; how long it takes
  // and how much it writes to the log place the kills below.
  const std::string calib = (tmp_.path() / "calib").string();
  const auto t0 = Clock::now();
  std::uint64_t wal_total = 0;
  ASSERT_FALSE(RunAndKill(calib, Kill{}, &wal_total));
  const auto full = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0);
  EXPECT_EQ(CheckIndex(calib, versions), all);
  nlohmann::json rerun = RunToCompletion(calib);
  EXPECT_EQ(rerun["unchanged"], all.size()) << rerun.dump();
  ASSERT_GT(wal_total, 1u << 20);

  // Kills on commits (by log growth) land whatever the machine's speed: on
  // the first commit, mid-way, and on one of the last commits. Kills at
  // random times (fixed seed) may also land before any commit or after the
  // last one.
  std::mt19937 rng(20240618);
  std::uniform_real_distribution<double> frac(0.05, 0.95);
  struct Round {
    std::string what;
    Kill when;
  };
  auto at_time = [&](double f) { return Kill{std::chrono::microseconds(static_cast<long>(f * full.count()))}; };
  auto at_wal = [&](std::uint64_t bytes) { return Kill{std::chrono::microseconds::max(), bytes}; };
  std::vector<Round> rounds = {
      {"first commit", at_wal(256 << 10)},
      {"mid-way commit", at_wal(wal_total / 2)},
      {"a last commit", at_wal(wal_total * 4 / 5)},
  };
  for (int i = 0; i < 3; ++i) {
    const double f = frac(rng);
    rounds.push_back({"time " + std::to_string(f), at_time(f)});
  }

  int landed_on_commit = 0;
  for (std::size_t i = 0; i < rounds.size(); ++i) {
    const Round& round = rounds[i];
    SCOPED_TRACE("round " + std::to_string(i) + ": kill at " + round.what);
    const std::string db = (tmp_.path() / ("db" + std::to_string(i))).string();
    const bool killed = RunAndKill(db, round.when);
    if (round.when.wal_growth != UINT64_MAX) landed_on_commit += killed;
    const std::set<std::string> after_kill = CheckIndex(db, versions);
    std::printf("kill round %zu (%s): %s, %zu of %zu posts committed\n", i, round.what.c_str(),
                killed ? "killed" : "finished first", after_kill.size(), all.size());
    if (!killed) {
      EXPECT_EQ(after_kill, all);
    }
    // Some rounds are killed again while resuming.
    if (i % 2 == 1) {
      RunAndKill(db, at_time(0.3));
      const std::set<std::string> after_second = CheckIndex(db, versions);
      EXPECT_TRUE(std::includes(after_second.begin(), after_second.end(), after_kill.begin(), after_kill.end()));
    }
    // Resumed to the end: every post exactly once.
    nlohmann::json resumed = RunToCompletion(db);
    EXPECT_EQ(resumed["failed"], 0);
    EXPECT_EQ(resumed["removed"], 0);
    EXPECT_EQ(resumed["added"].get<std::size_t>() + resumed["unchanged"].get<std::size_t>(), all.size());
    EXPECT_EQ(CheckIndex(db, versions), all);
    fs::remove_all(db);
  }
  EXPECT_EQ(landed_on_commit, 3) << "a commit-triggered kill found the indexer finished";
}

TEST_F(IndexKillTest, KilledIncrementalRunWithEdits) {
  const std::string db = (tmp_.path() / "db").string();
  const auto t0 = Clock::now();
  ASSERT_FALSE(RunToCompletion(db).is_null());
  const auto full = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0);
  const Versions old_versions = CurrentVersions();
  const std::set<std::string> old_ids = AllIds();

  // Edit every third post (new title and body), delete every tenth, add 20.
  Versions versions = old_versions;
  std::vector<PostFile> next;
  std::set<std::string> deleted;
  for (std::size_t i = 0; i < posts_.size(); ++i) {
    PostFile p = posts_[i];
    if (i % 10 == 5) {
      ASSERT_TRUE(fs::remove(Posts() / p.rel));
      deleted.insert(p.id);
      continue;
    }
    if (i % 3 == 0) {
      p.title = "【改訂】" + p.title;
      p.body = "追記：この記事は公開後に内容を改めました。\n\n" + p.body;
      tmp_.Write("posts/" + p.rel, p.Bytes());
      versions[p.id].push_back(Parse(p));
    }
    next.push_back(p);
  }
  for (int i = 0; i < 20; ++i) {
    PostFile p;
    p.rel = "added/" + std::to_string(i) + ".md";
    p.id = "added/" + std::to_string(i);
    p.title = "新しく追加した記事その" + std::to_string(i) + "、瀬戸内の島めぐり";
    p.tag = "追加";
    for (int k = 0; k < 30; ++k) p.body += "直島の美術館から豊島へ、フェリーで渡りました。";
    tmp_.Write("posts/" + p.rel, p.Bytes());
    versions[p.id] = {Parse(p)};
    next.push_back(p);
  }

  // Killed on its first commit (by log growth), then twice at random times
  // (fixed seed) while resuming.
  std::mt19937 rng(4649);
  std::uniform_real_distribution<double> frac(0.02, 0.5);
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const bool killed =
        round == 0 ? RunAndKill(db, Kill{std::chrono::microseconds::max(), 64 << 10})
                   : RunAndKill(db, Kill{std::chrono::microseconds(static_cast<long>(frac(rng) * full.count()))});
    if (round == 0) {
      EXPECT_TRUE(killed) << "the incremental run finished before its first commit was synced";
    }
    const std::set<std::string> ids = CheckIndex(db, versions);
    std::printf("incremental kill round %d: %s, %zu ids\n", round, killed ? "killed" : "finished first", ids.size());
    // Ids not deleted were indexed before the run and stay.
    for (const auto& id : old_ids) {
      if (!deleted.count(id)) {
        EXPECT_TRUE(ids.count(id)) << id << " lost by a killed run";
      }
    }
  }

  // Completed: exactly the new set, every edit applied.
  posts_ = next;
  ASSERT_FALSE(RunToCompletion(db).is_null());
  EXPECT_EQ(CheckIndex(db, CurrentVersions()), AllIds());
}

// A merge of many runs, killed at its first, a middle and a late batch:
// every term reads either its old runs or its merged run, so the index stays
// whole (`sagasu check`), holds every document, and every search finds what it
// found before; a merge run afterwards finishes the job.
TEST_F(IndexKillTest, KilledMergeLosesNothing) {
  const std::string db = (tmp_.path() / "db").string();
  ASSERT_FALSE(RunToCompletion(db).is_null());
  // Three rounds of edits, each a commit of new runs over a fifteenth of the
  // posts: not enough to merge by itself (fewer than 16 runs, less than a
  // quarter deleted), so every term of the edited posts has several runs.
  Versions versions = CurrentVersions();
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = round; i < posts_.size(); i += 15) {
      PostFile& p = posts_[i];
      p.title = "【第" + std::to_string(round + 1) + "版】" + p.title;
      p.body += "\n追記" + std::to_string(round + 1) + "：読者の指摘を受けて数字を改めました。\n";
      tmp_.Write("posts/" + p.rel, p.Bytes());
      versions[p.id].push_back(Parse(p));
    }
    nlohmann::json r = RunToCompletion(db);
    ASSERT_FALSE(r.is_null());
    EXPECT_EQ(r["merged"], false) << "round " << round << " merged by itself: " << r.dump();
  }
  const std::set<std::string> all = AllIds();
  const std::vector<std::string> queries = {"追記", "読者の指摘", "第2版", "東京", "スマートフォン", "映画"};
  const auto before = HitSets(db, queries);
  ASSERT_FALSE(before.at("追記").empty());

  // 1M of budget: 128 KiB batches. A calibration run on a copy says how
  // much the whole merge writes to the log.
  auto optimize = [](const std::string& d) {
    return std::vector<std::string>{"optimize", "--db", d, "--memory-budget", "1M", "--json"};
  };
  constexpr std::uint64_t kBatch = 128 << 10;
  const std::string calib = (tmp_.path() / "calib").string();
  fs::copy(db, calib, fs::copy_options::recursive);
  std::uint64_t wal_total = 0;
  ASSERT_FALSE(RunAndKill(calib, Kill{}, &wal_total, optimize(calib)));
  std::printf("merge writes %llu bytes of log\n", static_cast<unsigned long long>(wal_total));
  ASSERT_GT(wal_total, 4 * kBatch) << "the merge is too small to take several batches";

  const std::vector<std::pair<std::string, std::uint64_t>> rounds = {
      {"first batch", kBatch / 2}, {"a middle batch", wal_total / 2}, {"a late batch", wal_total * 4 / 5}};
  int killed_count = 0;
  for (std::size_t i = 0; i < rounds.size(); ++i) {
    SCOPED_TRACE("kill at " + rounds[i].first);
    const std::string copy = (tmp_.path() / ("merge" + std::to_string(i))).string();
    fs::copy(db, copy, fs::copy_options::recursive);
    const bool killed = RunAndKill(copy, Kill{std::chrono::microseconds::max(), rounds[i].second}, nullptr, optimize(copy));
    killed_count += killed;
    auto check = sagasu::testing::RunSagasu({"check", "--db", copy});
    EXPECT_EQ(check.exit_code, 0) << sagasu::testing::Describe(check);
    EXPECT_EQ(CheckIndex(copy, versions), all);
    EXPECT_EQ(HitSets(copy, queries), before);
    // The next merge finishes the job; one more finds nothing to do.
    auto again = sagasu::testing::RunSagasu(optimize(copy));
    ASSERT_EQ(again.exit_code, 0) << sagasu::testing::Describe(again);
    EXPECT_EQ(HitSets(copy, queries), before);
    auto third = sagasu::testing::RunSagasu(optimize(copy));
    ASSERT_EQ(third.exit_code, 0) << sagasu::testing::Describe(third);
    EXPECT_EQ(nlohmann::json::parse(third.out)["terms_rewritten"], 0) << third.out;
    fs::remove_all(copy);
  }
  EXPECT_EQ(killed_count, 3) << "a kill found the merge finished";
}

}  // namespace
}  // namespace sagasu
