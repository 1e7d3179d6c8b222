// `sagasu index` on bad input: each bad file (or JSONL line) is named on
// stderr with the reason, the good documents are indexed, and nothing that
// was already indexed is lost.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cli_test_util.h"
#include "test_util.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;
using sagasu::testing::Describe;
using sagasu::testing::RunResult;
using sagasu::testing::RunSagasu;
using sagasu::testing::TempDir;
using json = nlohmann::json;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The stderr line that names `origin`, or "" when there is none.
std::string LineNaming(const std::string& err, const std::string& origin) {
  std::size_t pos = 0;
  while (pos < err.size()) {
    std::size_t end = err.find('\n', pos);
    if (end == std::string::npos) end = err.size();
    const std::string line = err.substr(pos, end - pos);
    if (Contains(line, origin + ":")) return line;
    pos = end + 1;
  }
  return "";
}

std::vector<std::string> SearchIds(const std::string& db, const std::string& query) {
  RunResult r = RunSagasu({"search", "--db", db, "--json", query});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  std::vector<std::string> ids;
  if (r.exit_code != 0) return ids;
  const json j = json::parse(r.out);
  for (const auto& h : j["hits"]) ids.push_back(h["id"].get<std::string>());
  return ids;
}

using Ids = std::vector<std::string>;

// Writes one bad file of each kind into `dir` (as seen from the test).
// Returns {file name or origin, expected words of the reason}.
std::vector<std::pair<std::string, std::string>> WriteBadInputs(const sagasu::testing::TempDir& tmp,
                                                                 const std::string& dir) {
  tmp.Write(dir + "/bad-utf8.md", "---\ntitle: 文字化け\n---\n本文の途中で\xff\xfeが壊れている。\n");
  tmp.Write(dir + "/binary.md", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  tmp.Write(dir + "/empty.md", "");
  tmp.Write(dir + "/broken-front-matter.md", "---\ntitle: [閉じていない括弧\ntags: 旅行\n---\n本文です。\n");
  std::string big = "---\ntitle: 大きすぎる記事\n---\n";
  while (big.size() < (2u << 20)) big += "同じ文を何度も繰り返して二メガバイトを超える記事を作ります。\n";
  tmp.Write(dir + "/huge.md", big);
  tmp.Write(dir + "/feed.jsonl",
            "{\"id\": \"miyajima\", \"title\": \"宮島の厳島神社\", \"body\": \"満潮の時間に大鳥居が海に浮かんで見えました。\"}\n"
            "これはJSONではない行です\n"
            "{\"title\": \"idのない記事\", \"body\": \"本文だけがある。\"}\n"
            "{\"id\": \"kurashiki\", \"title\": \"倉敷の美観地区\", \"body\": \"白壁の蔵屋敷と柳並木の運河を歩きました。\"}\n");
  const std::string d = tmp.path().string() + "/" + dir;
  return {
      {d + "/bad-utf8.md", "invalid UTF-8"},
      {d + "/binary.md", "binary"},
      {d + "/empty.md", "empty"},
      {d + "/broken-front-matter.md", "front matter"},
      {d + "/huge.md", "too large"},
      {d + "/feed.jsonl:2", "not valid JSON"},
      {d + "/feed.jsonl:3", "missing 'id'"},
  };
}

TEST(IndexCommand, BadInputsAreReportedAndSkipped) {
  sagasu::testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  tmp.Write("in/nara.md", "---\ntitle: 奈良公園の鹿\ntags: [旅行]\n---\n\n鹿せんべいを買うと、鹿がお辞儀をしてくれます。\n");
  const auto bad = WriteBadInputs(tmp, "in");

  RunResult r = RunSagasu({"index", "--db", db, "--quiet", "--no-sync", "--json", "--max-file-size", "1M",
                           (tmp.path() / "in").string(), (tmp.path() / "in/feed.jsonl").string()});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  for (const auto& [origin, reason] : bad) {
    const std::string line = LineNaming(r.err, origin);
    EXPECT_FALSE(line.empty()) << origin << " not named in:\n" << r.err;
    EXPECT_TRUE(Contains(line, reason)) << "want '" << reason << "' in: " << line;
  }
  // The valid post and JSONL lines are not reported.
  EXPECT_FALSE(Contains(r.err, "nara.md")) << r.err;
  EXPECT_FALSE(Contains(r.err, "feed.jsonl:1")) << r.err;
  EXPECT_FALSE(Contains(r.err, "feed.jsonl:4")) << r.err;

  const json summary = json::parse(r.out);
  EXPECT_EQ(summary["added"], 3) << r.out;
  EXPECT_EQ(summary["failed"], bad.size()) << r.out;

  EXPECT_EQ(SearchIds(db, "鹿"), Ids{"nara"});
  EXPECT_EQ(SearchIds(db, "厳島"), Ids{"miyajima"});
  EXPECT_EQ(SearchIds(db, "倉敷"), Ids{"kurashiki"});
  EXPECT_EQ(SearchIds(db, "繰り返し"), Ids{});  // the huge file was not indexed
  RunResult stats = RunSagasu({"stats", "--db", db, "--json"});
  ASSERT_EQ(stats.exit_code, 0) << Describe(stats);
  EXPECT_EQ(json::parse(stats.out)["documents"], 3);
}

TEST(IndexCommand, AllBadInputFailsAndKeepsWhatWasIndexed) {
  sagasu::testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  tmp.Write("good/nara.md", "---\ntitle: 奈良公園の鹿\n---\n\n鹿せんべいを買うと、鹿がお辞儀をしてくれます。\n");
  RunResult first = RunSagasu({"index", "--db", db, "--quiet", "--no-sync", (tmp.path() / "good").string()});
  ASSERT_EQ(first.exit_code, 0) << Describe(first);
  EXPECT_EQ(SearchIds(db, "鹿"), Ids{"nara"});

  const auto bad = WriteBadInputs(tmp, "bad");
  // The JSONL's two good lines would make this run succeed; drop them.
  tmp.Write("bad/feed.jsonl", "{\"id\": \"x\", \"title\": 壊れたJSON}\n{\"title\": \"idなし\"}\n");
  RunResult r = RunSagasu({"index", "--db", db, "--quiet", "--no-sync", "--max-file-size", "1M",
                           (tmp.path() / "bad").string(), (tmp.path() / "bad/feed.jsonl").string()});
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "bad-utf8.md")) << r.err;
  EXPECT_TRUE(Contains(r.err, "feed.jsonl:1")) << r.err;
  EXPECT_TRUE(Contains(r.err, "feed.jsonl:2")) << r.err;
  EXPECT_EQ(SearchIds(db, "鹿"), Ids{"nara"});

  // Nor does re-running the good directory alongside bad input remove anything.
  RunResult both = RunSagasu({"index", "--db", db, "--quiet", "--no-sync", "--max-file-size", "1M",
                              (tmp.path() / "good").string(), (tmp.path() / "bad").string(),
                              (tmp.path() / "bad/feed.jsonl").string()});
  EXPECT_EQ(both.exit_code, 0) << Describe(both);
  EXPECT_TRUE(Contains(both.err, "1 unchanged")) << both.err;
  EXPECT_EQ(SearchIds(db, "鹿"), Ids{"nara"});

  // All-bad input into a new index fails too.
  const std::string db2 = (tmp.path() / "db2").string();
  RunResult fresh = RunSagasu({"index", "--db", db2, "--quiet", "--no-sync", "--max-file-size", "1M",
                               (tmp.path() / "bad").string(), (tmp.path() / "bad/feed.jsonl").string()});
  EXPECT_EQ(fresh.exit_code, 1) << Describe(fresh);
}

// Issue 14: a FIFO named *.jsonl, given directly or found through
// --pattern, blocked `sagasu index` forever. The run is killed after 20 s
// (the test then fails) so that a regression cannot hang the suite.
TEST(IndexCommand, FifoIsSkippedWithoutBlockingTheRun) {
  TempDir dir;
  const fs::path feed = dir.path() / "in" / "feed.jsonl";
  dir.Write("in/a.md", "---\ntitle: a\n---\n本文\n");
  ASSERT_EQ(::mkfifo(feed.c_str(), 0600), 0);
  const std::string db = (dir.path() / "db").string();
  const std::vector<std::vector<std::string>> runs = {
      {"index", "--db", db, "--no-sync", feed.string(), (dir.path() / "in" / "a.md").string()},
      {"index", "--db", db, "--no-sync", "--pattern", "*.jsonl", "--pattern", "*.md", (dir.path() / "in").string()},
  };
  for (const auto& args : runs) {
    const std::string err = (dir.path() / "err").string();
    const pid_t pid = sagasu::testing::SpawnSagasu(args, "", err);
    ASSERT_GT(pid, 0);
    int status = 0;
    pid_t done = 0;
    for (int i = 0; i < 200 && (done = ::waitpid(pid, &status, WNOHANG)) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (done == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      FAIL() << "sagasu index blocked on the FIFO: " << args.back();
    }
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    const std::string stderr_text = sagasu::testing::ReadFileOrDie(err);
    EXPECT_NE(stderr_text.find(feed.string() + ": not a regular file (a FIFO)"), std::string::npos)
        << stderr_text;
  }
}

TEST(IndexCommand, MissingPathAndBadSizesAreErrors) {
  sagasu::testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  RunResult missing = RunSagasu({"index", "--db", db, "--quiet", (tmp.path() / "nope").string()});
  EXPECT_NE(missing.exit_code, 0) << Describe(missing);
  EXPECT_TRUE(Contains(missing.err, "nope")) << missing.err;
  tmp.Write("in/a.md", "# 見出し\n\n本文。\n");
  RunResult size = RunSagasu({"index", "--db", db, "--quiet", "--max-file-size", "lots", (tmp.path() / "in").string()});
  EXPECT_EQ(size.exit_code, 2) << Describe(size);
  EXPECT_TRUE(Contains(size.err, "--max-file-size")) << size.err;
}

TEST(IndexCommand, ExcludesLeaveFilesOutAndRemoveWhatWasIndexed) {
  sagasu::testing::TempDir tmp;
  tmp.Write("site/_posts/2024-06-01-hokkaido.md", "---\ntitle: 夏の北海道\n---\n北海道を旅行した。\n");
  tmp.Write("site/drafts/kyoto.md", "---\ntitle: 京都の下書き\n---\n北海道にも京都にも行きたい。\n");
  tmp.Write("site/_site/2024/06/01/hokkaido.md", "---\ntitle: 生成された写し\n---\n北海道を旅行した。\n");
  const std::string db = (tmp.path() / "db").string();
  const std::string site = (tmp.path() / "site").string();
  RunResult r = RunSagasu({"index", "--db", db, "--json", site});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_EQ(json::parse(r.out)["added"], 2) << "_site is left out by default";
  EXPECT_EQ(SearchIds(db, "北海道"), (Ids{"_posts/2024-06-01-hokkaido", "drafts/kyoto"}));

  r = RunSagasu({"index", "--db", db, "--json", "--exclude", "drafts", site});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_EQ(json::parse(r.out)["removed"], 1) << r.out;
  EXPECT_EQ(SearchIds(db, "北海道"), Ids{"_posts/2024-06-01-hokkaido"});
}

}  // namespace
}  // namespace sagasu
