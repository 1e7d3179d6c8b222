// The `sagasu` command line: help, analyze, stats, search (text, --json,
// --batch) and exit codes, run as a child process on the demo archive (a
// Jekyll site: ids are paths from its root, URLs Jekyll's under /blog).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_util.h"
#include "test_util.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;
using sagasu::testing::Describe;
using sagasu::testing::RunResult;
using sagasu::testing::RunSagasu;
using json = nlohmann::json;

const std::string kDemoSite = std::string(SAGASU_SOURCE_DIR) + "/examples/demo";

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Cli, HelpListsSubcommands) {
  RunResult r = RunSagasu({"--help"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  for (const char* sub : {"index", "search", "delete", "stats", "analyze"}) {
    EXPECT_TRUE(Contains(r.out, sub)) << sub << "\n" << r.out;
  }
  EXPECT_TRUE(Contains(r.out, "Exit codes")) << r.out;
}

TEST(Cli, VersionComesFromTheBuild) {
  RunResult r = RunSagasu({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  // project(sagasu VERSION x.y.z) in CMakeLists.txt is the one source.
  EXPECT_EQ(r.out, "sagasu " SAGASU_VERSION "\n");
}

TEST(Cli, SearchHelpListsOptions) {
  RunResult r = RunSagasu({"search", "--help"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  for (const char* opt : {"--db", "--tag", "--json", "--batch", "--limit", "--since", "--sort"}) {
    EXPECT_TRUE(Contains(r.out, opt)) << opt << "\n" << r.out;
  }
}

TEST(Cli, NoSubcommandOrUnknownOptionIsUsageError) {
  EXPECT_EQ(RunSagasu({}).exit_code, 2);
  EXPECT_EQ(RunSagasu({"search", "--no-such-option", "x"}).exit_code, 2);
  EXPECT_EQ(RunSagasu({"frobnicate"}).exit_code, 2);
}

// analyze shows the folded terms, on the original characters; --no-fold
// turns rules off (and names the rule it does not know).
TEST(Cli, AnalyzeFoldsSpellingsAndNoFoldTurnsRulesOff) {
  const std::string text = "髙橋さんとヴァイオリン";
  auto terms = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"analyze", text, "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = RunSagasu(args);
    EXPECT_EQ(r.exit_code, 0) << Describe(r);
    std::vector<std::string> out;
    if (r.exit_code != 0) return out;
    const json j = json::parse(r.out);
    for (const auto& t : j["terms"]) {
      out.push_back(t["term"].get<std::string>() + "=" + t["original"].get<std::string>());
    }
    return out;
  };
  EXPECT_EQ(terms({}), (std::vector<std::string>{"高橋=髙橋", "バイオリン=ヴァイオリン"}));
  EXPECT_EQ(terms({"--no-fold", "kanji,vu"}), (std::vector<std::string>{"髙橋=髙橋", "ヴァイオリン=ヴァイオリン"}));
  RunResult bad = RunSagasu({"analyze", text, "--no-fold", "romaji"});
  EXPECT_EQ(bad.exit_code, 2) << Describe(bad);
  EXPECT_TRUE(Contains(bad.err, "'romaji'")) << Describe(bad);
  RunResult help = RunSagasu({"index", "--help"});
  EXPECT_TRUE(Contains(help.out, "--no-fold")) << help.out;
}

TEST(Cli, AnalyzeJsonGivesTermsWithOriginalOffsets) {
  const std::string text = "ＯｐｅｎＡＩの９６０億ドル負債調達と生成ＡＩ";
  RunResult r = RunSagasu({"analyze", text, "--json"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  const json j = json::parse(r.out);
  EXPECT_EQ(j["text"], text);
  struct Want {
    const char* term;
    int begin, end;
    const char* original;
  };
  const std::vector<Want> want = {
      {"openai", 0, 18, "ＯｐｅｎＡＩ"}, {"960", 21, 30, "９６０"}, {"負債", 39, 45, "負債"},
      {"調達", 45, 51, "調達"},          {"生成ai", 54, 66, "生成ＡＩ"},
  };
  for (const Want& w : want) {
    SCOPED_TRACE(w.term);
    const json* found = nullptr;
    for (const auto& t : j["terms"]) {
      if (t["term"] == w.term) found = &t;
    }
    ASSERT_NE(found, nullptr) << j.dump();
    EXPECT_EQ((*found)["begin"], w.begin);
    EXPECT_EQ((*found)["end"], w.end);
    EXPECT_EQ((*found)["original"], w.original);
    EXPECT_EQ(text.substr(w.begin, w.end - w.begin), w.original);
  }
}

// One index of the demo archive, shared by the tests below (read-only).
class CliDemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new sagasu::testing::TempDir();
    db_ = new std::string((tmp_->path() / "db").string());
    RunResult r = RunSagasu({"index", "--db", *db_, "--quiet", "--no-sync", kDemoSite});
    ASSERT_EQ(r.exit_code, 0) << Describe(r);
    ASSERT_TRUE(Contains(r.err, "10 added")) << r.err;
    ASSERT_TRUE(Contains(r.err, "2 unpublished")) << "the draft and the published: false post\n" << r.err;
  }
  static void TearDownTestSuite() {
    delete db_;
    delete tmp_;
  }
  static sagasu::testing::TempDir* tmp_;
  static std::string* db_;
};
sagasu::testing::TempDir* CliDemoTest::tmp_ = nullptr;
std::string* CliDemoTest::db_ = nullptr;

TEST_F(CliDemoTest, RainyNorthQueryFindsTheTsuyuPostFirst) {
  RunResult r = RunSagasu({"search", "--db", *db_, "--json", "梅雨", "北海道"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  const json j = json::parse(r.out);
  ASSERT_FALSE(j["hits"].empty()) << r.out;
  EXPECT_EQ(j["hits"][0]["id"], "_posts/2024-06-18-tsuyu-to-hokkaido");
  EXPECT_EQ(j["hits"][0]["rank"], 1);
  // The other Hokkaido posts match too, below it.
  std::set<std::string> ids;
  for (const auto& h : j["hits"]) ids.insert(h["id"].get<std::string>());
  EXPECT_TRUE(ids.count("_posts/2025-05-12-hokkaido-no-datacenter")) << r.out;
  EXPECT_EQ(ids.size(), j["hits"].size()) << "an id listed twice:\n" << r.out;

  // The plain-text output leads with the same post.
  RunResult text = RunSagasu({"search", "--db", *db_, "--color", "never", "梅雨", "北海道"});
  ASSERT_EQ(text.exit_code, 0) << Describe(text);
  const std::size_t first = text.out.find("\n1. ");
  ASSERT_NE(first, std::string::npos) << text.out;
  EXPECT_TRUE(Contains(text.out.substr(first, 200), "北海道")) << text.out;
}

// Regression: a repeatable --tag took every following word as another tag,
// so `--tag AI データセンター` searched for nothing with two tags.
TEST_F(CliDemoTest, TagOptionTakesOneValueAndLeavesTheQuery) {
  RunResult r = RunSagasu({"search", "--db", *db_, "--json", "--tag", "AI", "データセンター"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  const json j = json::parse(r.out);
  EXPECT_EQ(j["query"], "データセンター") << r.out;
  EXPECT_FALSE(j["terms"].empty()) << r.out;
  ASSERT_FALSE(j["hits"].empty()) << r.out;
  for (const auto& h : j["hits"]) {
    const auto tags = h["tags"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(tags.begin(), tags.end(), "AI"), tags.end()) << h.dump();
    EXPECT_GT(h["score"].get<double>(), 0.0) << h.dump();
  }
  // Two --tag options still mean both tags.
  RunResult both = RunSagasu({"search", "--db", *db_, "--json", "-t", "AI", "-t", "北海道"});
  ASSERT_EQ(both.exit_code, 0) << Describe(both);
  EXPECT_EQ(json::parse(both.out)["total"], 1) << both.out;
}

TEST_F(CliDemoTest, SearchJsonShape) {
  RunResult r = RunSagasu({"search", "--db", *db_, "--json", "北海道"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  const json j = json::parse(r.out);
  ASSERT_TRUE(j["total"].is_number_unsigned()) << r.out;
  // Five posts say 北海道 in their text; the ramen post has it only as a tag.
  EXPECT_EQ(j["total"], 6) << r.out;
  ASSERT_TRUE(j["hits"].is_array());
  EXPECT_EQ(j["hits"].size(), 6u);
  for (const auto& h : j["hits"]) {
    EXPECT_TRUE(h["id"].is_string()) << h.dump();
    EXPECT_TRUE(h["title"].is_string()) << h.dump();
    EXPECT_TRUE(h["url"].is_string() && h["url"].get<std::string>().starts_with("/blog/")) << h.dump();
    EXPECT_TRUE(h["date"].is_string()) << h.dump();  // every demo post has a date
    EXPECT_TRUE(h["tags"].is_array()) << h.dump();
    EXPECT_TRUE(h["categories"].is_array()) << h.dump();
    EXPECT_TRUE(h["score"].is_number()) << h.dump();
    EXPECT_GT(h["score"].get<double>(), 0.0) << h.dump();
    EXPECT_TRUE(h["snippet"].is_string()) << h.dump();
  }
  const json& tsuyu = *std::find_if(j["hits"].begin(), j["hits"].end(),
                                    [](const json& h) { return h["id"] == "_posts/2024-06-18-tsuyu-to-hokkaido"; });
  EXPECT_EQ(tsuyu["title"], "梅雨のない北海道へ逃げてみた");
  EXPECT_EQ(tsuyu["url"], "/blog/%E6%97%85%E8%A1%8C%E8%A8%98/2024/06/18/tsuyu-to-hokkaido/");  // 旅行記
  EXPECT_EQ(tsuyu["date"], "2024-06-18T00:30:00Z");  // 09:30 +0900
  EXPECT_EQ(tsuyu["tags"], json({"旅行", "北海道", "天気"}));
  EXPECT_EQ(tsuyu["categories"], json({"旅行記"}));
  EXPECT_EQ(tsuyu["excerpt"], "本州が梅雨入りした六月、湿気から逃げるように札幌と富良野を回った五日間の記録。");
  EXPECT_TRUE(Contains(tsuyu["snippet"].get<std::string>(), "<mark>北海道</mark>")) << tsuyu.dump();
  // Scores descend.
  for (std::size_t i = 1; i < j["hits"].size(); ++i) {
    EXPECT_GE(j["hits"][i - 1]["score"].get<double>(), j["hits"][i]["score"].get<double>());
  }
  // Facets count over all matches; here every match is a hit, so each
  // count must equal the number of hits carrying the value.
  ASSERT_TRUE(j["facets"]["tags"].is_array()) << r.out;
  ASSERT_TRUE(j["facets"]["categories"].is_array()) << r.out;
  for (const char* kind : {"tags", "categories"}) {
    std::map<std::string, int> want;
    for (const auto& h : j["hits"]) {
      for (const auto& v : h[kind]) ++want[v.get<std::string>()];
    }
    std::map<std::string, int> got;
    for (const auto& f : j["facets"][kind]) got[f["value"].get<std::string>()] = f["count"].get<int>();
    EXPECT_EQ(got, want) << kind;
  }
  EXPECT_EQ(j["facets"]["tags"][0]["value"], "AI") << "facets by count, highest first";
}

// `search --json` writes the server's shape (include/sagasu/json.h), and the
// ranking flags reach the engine.
TEST_F(CliDemoTest, SearchJsonIsTheServerShapeWithExplainAndProximity) {
  RunResult r = RunSagasu({"search", "--db", *db_, "--json", "--explain", "--limit", "2", "--offset", "2", "北海道"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  const json j = json::parse(r.out);
  EXPECT_EQ(j["offset"], 2);
  EXPECT_EQ(j["size"], 2);
  EXPECT_EQ(j["page"], 2);
  EXPECT_EQ(j["pages"], 3) << "5 matches, 2 per page";
  EXPECT_EQ(j["total_exact"], true);
  EXPECT_TRUE(j["took_ms"].is_number());
  ASSERT_EQ(j["hits"].size(), 2u) << r.out;
  EXPECT_EQ(j["hits"][0]["rank"], 3);
  EXPECT_TRUE(j["hits"][0]["title_highlighted"].is_string());
  ASSERT_TRUE(j["hits"][0]["explain"].is_array()) << r.out;
  EXPECT_EQ(j["hits"][0]["explain"][0]["term"], "北海道");
  EXPECT_TRUE(j["hits"][0]["proximity"].is_number());

  RunResult off = RunSagasu({"search", "--db", *db_, "--json", "--explain", "--proximity", "0", "梅雨", "北海道"});
  ASSERT_EQ(off.exit_code, 0) << Describe(off);
  const json parsed = json::parse(off.out);  // kept: a range-for over parse(...)["hits"] reads a freed temporary
  for (const auto& h : parsed["hits"]) EXPECT_EQ(h["proximity"], 0.0) << h.dump();
}

TEST_F(CliDemoTest, RankingFlagOutOfRangeIsUsageErrorNamingIt) {
  RunResult r = RunSagasu({"search", "--db", *db_, "--k1", "200", "北海道"});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "--k1")) << r.err;
  r = RunSagasu({"search", "--db", *db_, "--rerank-depth", "0", "北海道"});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "--rerank-depth")) << r.err;
  r = RunSagasu({"search", "--db", *db_, "--sort", "relevance", "北海道"});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "score, date or date-asc")) << r.err;
}

TEST_F(CliDemoTest, StatsJsonFields) {
  RunResult r = RunSagasu({"stats", "--db", *db_, "--json"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  const json j = json::parse(r.out);
  EXPECT_EQ(j["documents"], 10);
  EXPECT_GT(j["distinct_terms"].get<std::uint64_t>(), 300u);
  EXPECT_GT(j["postings"].get<std::uint64_t>(), j["distinct_terms"].get<std::uint64_t>());
  ASSERT_TRUE(j["column_family_bytes"].is_object()) << r.out;
  for (const char* cf : {"meta", "ids", "docs", "docinfo", "postings", "facets"}) {
    ASSERT_TRUE(j["column_family_bytes"].contains(cf)) << cf << " " << r.out;
  }
  EXPECT_GT(j["column_family_bytes"]["docs"].get<std::uint64_t>(), 0u) << r.out;
  EXPECT_GT(j["column_family_bytes"]["postings"].get<std::uint64_t>(), 0u) << r.out;
}

// Reading search end to end (issue 12): a kana query finds every demo post
// that writes 北海道, and nothing else; the hits below the written form say
// they matched through the reading, and the highlight is 北海道 itself.
TEST_F(CliDemoTest, KanaQueryFindsThePostsThatWriteItsWord) {
  std::set<std::string> want;
  for (const auto& e : std::filesystem::directory_iterator(kDemoSite + "/_posts")) {
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    if (Contains(ss.str(), "北海道")) want.insert("_posts/" + e.path().stem().string());
  }
  ASSERT_GE(want.size(), 2u);
  RunResult r = RunSagasu({"search", "--db", *db_, "--json", "--explain", "--limit", "50", "ほっかいどう"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  const json j = json::parse(r.out);
  std::set<std::string> got;
  for (const auto& h : j["hits"]) {
    got.insert(h["id"].get<std::string>());
    bool reading = false;
    for (const auto& e : h["explain"]) reading = reading || (e["stream"] == "reading" && e["score"].get<double>() > 0);
    EXPECT_TRUE(reading) << h.dump();
    const std::string title = h["title_highlighted"].get<std::string>();
    if (Contains(title, "北海道")) {
      EXPECT_TRUE(Contains(title, "<mark>北海道</mark>")) << title;
    }
  }
  EXPECT_EQ(got, want) << r.out;

  // The reading stream is in stats and in analyze.
  RunResult stats = RunSagasu({"stats", "--db", *db_, "--json"});
  ASSERT_EQ(stats.exit_code, 0) << Describe(stats);
  const json s = json::parse(stats.out);
  ASSERT_TRUE(s["streams"].contains("reading")) << stats.out;
  EXPECT_GT(s["streams"]["reading"]["postings"].get<std::uint64_t>(), 0u) << stats.out;
  RunResult analyze = RunSagasu({"analyze", "--json", "北海道へ、行く"});
  ASSERT_EQ(analyze.exit_code, 0) << Describe(analyze);
  EXPECT_EQ(json::parse(analyze.out)["reading"], "ホッカイドウヘ イク") << analyze.out;
}

TEST_F(CliDemoTest, BatchPrintsQidDocidRankScore) {
  sagasu::testing::TempDir tmp;
  const fs::path queries =
      tmp.Write("queries.tsv", "q1\t梅雨 北海道\nq2\t紅葉\textra column ignored\n\nq3\tzxqvwk\nq4\tラーメン\n");
  RunResult r = RunSagasu({"search", "--db", *db_, "--batch", queries.string(), "--limit", "3"});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  std::istringstream lines(r.out);
  std::string line;
  std::map<std::string, std::vector<std::string>> by_qid;
  std::map<std::string, int> last_rank;
  while (std::getline(lines, line)) {
    std::vector<std::string> cols;
    std::istringstream fields(line);
    for (std::string f; std::getline(fields, f, '\t');) cols.push_back(f);
    ASSERT_EQ(cols.size(), 4u) << line;
    const int rank = std::stoi(cols[2]);
    EXPECT_EQ(rank, last_rank[cols[0]] + 1) << "ranks count from 1 per query: " << line;
    last_rank[cols[0]] = rank;
    EXPECT_GT(std::stod(cols[3]), 0.0) << line;
    by_qid[cols[0]].push_back(cols[1]);
  }
  ASSERT_EQ(by_qid["q1"].size(), 3u) << r.out;
  EXPECT_EQ(by_qid["q1"][0], "_posts/2024-06-18-tsuyu-to-hokkaido");
  ASSERT_FALSE(by_qid["q2"].empty()) << r.out;
  EXPECT_EQ(by_qid["q2"][0], "_posts/2024-11-23-kyoto-no-kouyou");
  EXPECT_EQ(by_qid.count("q3"), 0u) << r.out;
  ASSERT_FALSE(by_qid["q4"].empty()) << r.out;
  EXPECT_EQ(by_qid["q4"][0], "_posts/2024-08-10-sapporo-ramen-meguri");
}

TEST_F(CliDemoTest, UnknownFieldIsUsageError) {
  RunResult r = RunSagasu({"search", "--db", *db_, "foo:bar"});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "foo")) << r.err;
}

TEST(Cli, SearchOnMissingIndexFailsClearly) {
  sagasu::testing::TempDir tmp;
  const std::string db = (tmp.path() / "no-index").string();
  RunResult r = RunSagasu({"search", "--db", db, "北海道"});
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "no index at " + db)) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_FALSE(fs::exists(db)) << "search must not create an index";
  RunResult stats = RunSagasu({"stats", "--db", db});
  EXPECT_EQ(stats.exit_code, 1) << Describe(stats);
  EXPECT_TRUE(Contains(stats.err, "no index at")) << stats.err;
}

// --synonyms FILE adds its rules to the query; --no-synonyms turns every
// synonym off; a bad file is a usage error naming the file and line.
TEST_F(CliDemoTest, SynonymsFileAndNoSynonyms) {
  sagasu::testing::TempDir tmp;
  const auto good = tmp.Write("syn.txt", "# people born there\n道産子, 北海道\n");
  const auto total = [](const RunResult& r) { return json::parse(r.out)["total"].get<int>(); };
  RunResult with = RunSagasu({"search", "--db", *db_, "--json", "--synonyms", good.string(), "道産子"});
  ASSERT_EQ(with.exit_code, 0) << Describe(with);
  EXPECT_GE(total(with), 3) << with.out;
  RunResult without = RunSagasu({"search", "--db", *db_, "--json", "--no-synonyms", "道産子"});
  ASSERT_EQ(without.exit_code, 0) << Describe(without);
  EXPECT_EQ(total(without), 0) << without.out;
  // --explain names the forms a term was expanded to.
  RunResult explain = RunSagasu({"search", "--db", *db_, "--color", "never", "--explain", "--synonyms", good.string(), "道産子"});
  ASSERT_EQ(explain.exit_code, 0) << Describe(explain);
  EXPECT_TRUE(Contains(explain.out, "synonyms: 道産子 | 北海道")) << explain.out;

  const auto bad = tmp.Write("bad.txt", "道産子, 北海道\n\nサーバー =>\n");
  RunResult r = RunSagasu({"search", "--db", *db_, "--synonyms", bad.string(), "道産子"});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_TRUE(Contains(r.err, bad.string() + ":3:")) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  RunResult missing = RunSagasu({"search", "--db", *db_, "--synonyms", (tmp.path() / "none.txt").string(), "道産子"});
  EXPECT_EQ(missing.exit_code, 2) << Describe(missing);
  RunResult both = RunSagasu({"search", "--db", *db_, "--synonyms", good.string(), "--no-synonyms", "道産子"});
  EXPECT_EQ(both.exit_code, 2) << Describe(both);
}

// ---- Issue 15: a command line people already know how to use ----------------

using sagasu::testing::RunOptions;
using sagasu::testing::RunSagasuWith;

// Every line of stderr is "sagasu: ..." and none names an internal status code.
void ExpectOneErrorStyle(const RunResult& r) {
  ASSERT_FALSE(r.err.empty()) << Describe(r);
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(line.starts_with("sagasu: ")) << line << "\n" << Describe(r);
  }
  for (const char* internal : {"InvalidArgument", "NotFound", "IOError", "NotSupported", "Aborted", "ParseError",
                               "The following argument"}) {
    EXPECT_FALSE(Contains(r.err, internal)) << internal << "\n" << Describe(r);
  }
}

// A mistyped command gets the nearest one, as git does; a word close to none
// gets the list.
TEST(Cli, MistypedCommandSuggestsTheNearest) {
  const struct {
    const char* typed;
    const char* suggestion;  // nullptr: none is close
  } kCases[] = {
      {"serch", "search"},   {"seach", "search"}, {"idnex", "index"},   {"indx", "index"}, {"stat", "stats"},
      {"analyse", "analyze"}, {"sevre", "serve"}, {"optimise", "optimize"}, {"frobnicate", nullptr}, {"検索", nullptr},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.typed);
    RunResult r = RunSagasu({c.typed, "北海道"});
    EXPECT_EQ(r.exit_code, 2) << Describe(r);
    ExpectOneErrorStyle(r);
    if (c.suggestion != nullptr) {
      EXPECT_EQ(r.err, "sagasu: unknown command '" + std::string(c.typed) + "'. Did you mean '" + c.suggestion +
                           "'?\n");
    } else {
      EXPECT_TRUE(Contains(r.err, "unknown command '" + std::string(c.typed) + "'. Commands: ")) << r.err;
      EXPECT_TRUE(Contains(r.err, "search")) << r.err;
    }
  }
  // No command at all lists them.
  RunResult none = RunSagasu({});
  EXPECT_EQ(none.exit_code, 2);
  ExpectOneErrorStyle(none);
  EXPECT_TRUE(Contains(none.err, "index, search")) << none.err;
}

// A mistyped option gets the nearest option of its own command.
TEST_F(CliDemoTest, MistypedOptionSuggestsTheNearest) {
  const struct {
    std::vector<std::string> args;
    std::string typed, suggestion;  // suggestion "": none
  } kCases[] = {
      {{"search", "--db", *db_, "--limt", "3", "北海道"}, "--limt", "--limit"},
      {{"search", "--db", *db_, "--colour", "never", "梅雨"}, "--colour", "--color"},
      {{"search", "--db", *db_, "--tga", "旅行", "梅雨"}, "--tga", "--tag"},
      {{"search", "--db", *db_, "--sort=dat", "梅雨"}, "--sort=dat", ""},  // a value, not a name
      {{"stats", "--db", *db_, "--jsno"}, "--jsno", "--json"},
      {{"index", "--db", *db_, "--qiuet", kDemoSite}, "--qiuet", "--quiet"},
      {{"search", "--db", *db_, "--frobnicate", "梅雨"}, "--frobnicate", ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.typed);
    RunResult r = RunSagasu(c.args);
    EXPECT_EQ(r.exit_code, 2) << Describe(r);
    ExpectOneErrorStyle(r);
    if (c.typed == "--sort=dat") {
      EXPECT_TRUE(Contains(r.err, "score, date or date-asc")) << r.err;
    } else if (!c.suggestion.empty()) {
      EXPECT_EQ(r.err, "sagasu: unknown option '" + c.typed + "'. Did you mean '" + c.suggestion + "'?\n");
    } else {
      EXPECT_TRUE(Contains(r.err, "unknown option '" + c.typed + "' (see 'sagasu " + c.args[0] + " --help')"))
          << r.err;
    }
  }
}

// Errors from the engine carry its message, not its status name.
TEST_F(CliDemoTest, ErrorsHaveOneStyle) {
  sagasu::testing::TempDir tmp;
  const std::vector<std::vector<std::string>> kCases = {
      {"search", "--db", (tmp.path() / "none").string(), "北海道"},  // no index there
      {"search", "--db", *db_, "--since", "2024-13", "梅雨"},           // no 13th month
      {"search", "--db", *db_},                                          // nothing to search
      {"search", "--db", *db_, "--k1", "-1", "北海道"},                  // out of range
      {"index", "--db", *db_, "--memory-budget", "lots", kDemoSite},     // not a size
      {"stats"},                                                         // no index named
  };
  for (const auto& args : kCases) {
    RunResult r = RunSagasu(args);
    SCOPED_TRACE(args.back());
    EXPECT_NE(r.exit_code, 0) << Describe(r);
    ExpectOneErrorStyle(r);
  }
}

// --color auto colours a terminal, unless NO_COLOR (any value but "") or
// TERM=dumb says not to; --color always wins over both.
TEST_F(CliDemoTest, ColourFollowsNoColorAndDumbTerminals) {
  const struct {
    std::map<std::string, std::optional<std::string>> env;
    std::string color;
    bool coloured;
  } kCases[] = {
      {{{"TERM", "xterm"}, {"NO_COLOR", std::nullopt}}, "auto", true},
      {{{"TERM", "xterm"}, {"NO_COLOR", "1"}}, "auto", false},
      {{{"TERM", "xterm"}, {"NO_COLOR", ""}}, "auto", true},
      {{{"TERM", "dumb"}, {"NO_COLOR", std::nullopt}}, "auto", false},
      {{{"TERM", "xterm"}, {"NO_COLOR", "1"}}, "always", true},
      {{{"TERM", "xterm"}, {"NO_COLOR", std::nullopt}}, "never", false},
  };
  for (const auto& c : kCases) {
    RunOptions o;
    o.env = c.env;
    o.pty_columns = 100;
    o.pty_stdout = true;
    RunResult r = RunSagasuWith({"search", "--db", *db_, "--color", c.color, "梅雨", "北海道"}, o);
    SCOPED_TRACE(c.color + " NO_COLOR=" + c.env.at("NO_COLOR").value_or("(unset)") + " TERM=" + *c.env.at("TERM"));
    ASSERT_EQ(r.exit_code, 0) << Describe(r);
    ASSERT_TRUE(Contains(r.err, "北海道")) << Describe(r);
    EXPECT_EQ(Contains(r.err, "\033["), c.coloured) << r.err;
    // Without colour the matches are still marked, in brackets.
    if (!c.coloured) {
      EXPECT_TRUE(Contains(r.err, "[北海道]")) << r.err;
    }
  }
}

// The progress bar: one line redrawn in place, never wider than the
// terminal, with the total; nothing redrawn on a dumb terminal.
TEST(Cli, ProgressBarFitsTheTerminalAndShowsTheTotal) {
  for (int columns : {20, 40, 80, 200}) {
    SCOPED_TRACE(columns);
    sagasu::testing::TempDir tmp;
    RunOptions o;
    o.env = {{"TERM", "xterm"}, {"COLUMNS", std::nullopt}};
    o.pty_columns = columns;
    RunResult r = RunSagasuWith({"index", "--db", (tmp.path() / "db").string(), "--no-sync", kDemoSite}, o);
    ASSERT_EQ(r.exit_code, 0) << Describe(r);
    ASSERT_TRUE(Contains(r.err, "\r\033[K")) << "no bar drawn\n" << r.err;
    // Each redraw: "\r\033[K" then the line; the summary line ends the output.
    std::size_t draws = 0;
    for (std::size_t at = r.err.find("\r\033[K"); at != std::string::npos; at = r.err.find("\r\033[K", at + 1)) {
      std::string line = r.err.substr(at + 4, r.err.find_first_of("\r\n", at + 4) - (at + 4));
      if (line.empty() || line.starts_with("sagasu: ")) continue;  // the bar cleared, a message after it
      ++draws;
      EXPECT_LT(line.size(), static_cast<std::size_t>(columns)) << "'" << line << "'";
      EXPECT_FALSE(Contains(line, "\033")) << line;
      if (columns >= 80) {
        EXPECT_TRUE(line.starts_with("[#")) << line;
        EXPECT_TRUE(Contains(line, " of ")) << "no total: " << line;  // "14.2 of 14.2 KiB"
        EXPECT_TRUE(Contains(line, "docs")) << line;
      } else if (columns >= 40) {
        EXPECT_TRUE(Contains(line, " of ")) << "no total: " << line;
      }
    }
    EXPECT_GE(draws, 1u) << r.err;
    EXPECT_TRUE(Contains(r.err, "10 added")) << r.err;
  }
  // TERM=dumb: no redrawing, no escapes; the summary still comes.
  sagasu::testing::TempDir tmp;
  RunOptions dumb;
  dumb.env = {{"TERM", "dumb"}};
  dumb.pty_columns = 80;
  RunResult r = RunSagasuWith({"index", "--db", (tmp.path() / "db").string(), "--no-sync", kDemoSite}, dumb);
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_FALSE(Contains(r.err, "\r")) << r.err;
  EXPECT_FALSE(Contains(r.err, "\033")) << r.err;
  EXPECT_TRUE(Contains(r.err, "sagasu: read ")) << r.err;
}


// --db is optional: the flag wins over SAGASU_DB, SAGASU_DB over the db of
// the nearest .sagasu.toml from the working directory up (relative to the
// file). Three copies of one index tell which was opened.
TEST(Cli, DbComesFromFlagThenEnvironmentThenSiteConfig) {
  sagasu::testing::TempDir tmp;
  const fs::path site = tmp.path() / "site";
  const fs::path deep = site / "_posts" / "2024";
  fs::create_directories(deep);
  const fs::path flag_db = tmp.path() / "flag.db", env_db = tmp.path() / "env.db", site_db = site / ".sagasu-db";
  RunResult built = RunSagasu({"index", "--db", flag_db.string(), "--quiet", "--no-sync", kDemoSite});
  ASSERT_EQ(built.exit_code, 0) << Describe(built);
  fs::copy(flag_db, env_db, fs::copy_options::recursive);
  fs::copy(flag_db, site_db, fs::copy_options::recursive);
  tmp.Write("site/.sagasu.toml", "# this site's index\ndb = \".sagasu-db\"\n");

  const struct {
    const char* name;
    std::vector<std::string> flag;
    std::optional<std::string> env;
    fs::path cwd;
    fs::path expected;  // empty: no index given
  } kCases[] = {
      {"flag over all", {"--db", flag_db.string()}, env_db.string(), site, flag_db},
      {"environment over the file", {}, env_db.string(), site, env_db},
      {"the file in the working directory", {}, std::nullopt, site, site_db},
      {"the file two levels up", {}, std::nullopt, deep, site_db},
      {"an empty SAGASU_DB is unset", {}, "", deep, site_db},
      {"nothing outside the site", {}, std::nullopt, tmp.path(), fs::path()},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    RunOptions o;
    o.env = {{"SAGASU_DB", c.env}};
    o.cwd = c.cwd.string();
    std::vector<std::string> args = {"stats", "--json"};
    args.insert(args.end(), c.flag.begin(), c.flag.end());
    RunResult r = RunSagasuWith(args, o);
    if (c.expected.empty()) {
      EXPECT_EQ(r.exit_code, 2) << Describe(r);
      ExpectOneErrorStyle(r);
      EXPECT_TRUE(Contains(r.err, "--db DIR, set SAGASU_DB, or write db = \"DIR\" in a .sagasu.toml")) << r.err;
      continue;
    }
    ASSERT_EQ(r.exit_code, 0) << Describe(r);
    EXPECT_EQ(fs::path(json::parse(r.out)["db"].get<std::string>()).lexically_normal(), c.expected) << r.out;
  }
  // Searching from inside the site finds its posts.
  RunOptions in_site;
  in_site.env = {{"SAGASU_DB", std::nullopt}};
  in_site.cwd = deep.string();
  RunResult r = RunSagasuWith({"search", "--json", "梅雨", "北海道"}, in_site);
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_EQ(json::parse(r.out)["hits"][0]["id"], "_posts/2024-06-18-tsuyu-to-hokkaido") << r.out;
}

// A broken .sagasu.toml is a usage error naming the file and line.
TEST(Cli, BadSiteConfigNamesFileAndLine) {
  const struct {
    const char* text;
    const char* expected;  // after "<file>:"
  } kCases[] = {
      {"db = \"index\"\ntheme = \"dark\"\n", "2: unknown key 'theme' (known: db)"},
      {"db = 3\n", "1: db must be a non-empty string"},
      {"db = \"\"\n", "1: db must be a non-empty string"},
      {"# only a comment\n", " no 'db' key"},
      {"db = [\n", "1: "},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    sagasu::testing::TempDir tmp;
    const fs::path file = tmp.Write(".sagasu.toml", c.text);
    RunOptions o;
    o.env = {{"SAGASU_DB", std::nullopt}};
    o.cwd = tmp.path().string();
    RunResult r = RunSagasuWith({"search", "北海道"}, o);
    EXPECT_EQ(r.exit_code, 2) << Describe(r);
    ExpectOneErrorStyle(r);
    EXPECT_TRUE(Contains(r.err, "sagasu: " + file.string() + ":" + c.expected)) << r.err;
  }
}


// Whether `v` has at most `digits` significant digits (0 has none).
bool HasSignificantDigits(double v, int digits) {
  if (v == 0) return true;
  const double scale = std::pow(10.0, digits - 1 - std::floor(std::log10(std::fabs(v))));
  return std::fabs(v * scale - std::round(v * scale)) < 1e-6;
}

// Whether `v` is a whole number of 1/`per`ths (seconds in ms: per 1000).
bool RoundedTo(double v, double per) { return std::fabs(v * per - std::round(v * per)) < 1e-6; }

// --json is one line off a terminal, indented on one or with --pretty, and
// carries "version": 1 with rounded numbers.
TEST_F(CliDemoTest, JsonIsVersionedCompactAndRounded) {
  RunResult compact = RunSagasu({"search", "--db", *db_, "--json", "--explain", "梅雨", "北海道"});
  ASSERT_EQ(compact.exit_code, 0) << Describe(compact);
  EXPECT_EQ(std::count(compact.out.begin(), compact.out.end(), '\n'), 1) << compact.out;
  const json j = json::parse(compact.out);
  EXPECT_EQ(j["version"], 1) << compact.out;
  ASSERT_FALSE(j["hits"].empty());
  for (const auto& h : j["hits"]) {
    EXPECT_TRUE(RoundedTo(h["score"].get<double>(), 1000)) << h["score"];
    EXPECT_TRUE(HasSignificantDigits(h["proximity"].get<double>(), 4)) << h["proximity"];
    for (const auto& e : h["explain"]) {
      EXPECT_TRUE(HasSignificantDigits(e["idf"].get<double>(), 4)) << e.dump();
      EXPECT_TRUE(HasSignificantDigits(e["score"].get<double>(), 4)) << e.dump();
    }
  }
  RunResult pretty = RunSagasu({"search", "--db", *db_, "--json", "--pretty", "--explain", "梅雨", "北海道"});
  ASSERT_EQ(pretty.exit_code, 0) << Describe(pretty);
  EXPECT_TRUE(Contains(pretty.out, "\n  \"hits\": [")) << pretty.out;
  EXPECT_EQ(json::parse(pretty.out)["hits"], j["hits"]);
  RunOptions terminal;
  terminal.pty_columns = 100;
  terminal.pty_stdout = true;
  RunResult on_tty = RunSagasuWith({"stats", "--db", *db_, "--json"}, terminal);
  ASSERT_EQ(on_tty.exit_code, 0) << Describe(on_tty);
  EXPECT_TRUE(Contains(on_tty.err, "\n  \"documents\": 10")) << on_tty.err;

  RunResult stats = RunSagasu({"stats", "--db", *db_, "--json"});
  ASSERT_EQ(stats.exit_code, 0) << Describe(stats);
  const json st = json::parse(stats.out);
  EXPECT_EQ(st["version"], 1);
  EXPECT_EQ(st["documents"], 10);
  for (const char* avg : {"avg_title_terms", "avg_body_terms", "avg_meta_terms"}) {
    EXPECT_TRUE(RoundedTo(st[avg].get<double>(), 100)) << avg << " " << st[avg];
  }
  RunResult analyzed = RunSagasu({"analyze", "--json", "梅雨のない北海道"});
  ASSERT_EQ(analyzed.exit_code, 0) << Describe(analyzed);
  EXPECT_EQ(json::parse(analyzed.out)["version"], 1) << analyzed.out;
}

// index --json lists the inputs that failed, as the C API's report does,
// with seconds to the millisecond.
TEST(Cli, IndexJsonListsFailedFiles) {
  sagasu::testing::TempDir tmp;
  tmp.Write("posts/2024-06-18-tsuyu.md",
            "---\ntitle: 梅雨のない北海道へ\ntags: [旅行, 北海道]\n---\n\n本州が梅雨入りした六月、札幌へ逃げました。\n");
  tmp.Write("posts/2024-07-01-broken.md", "---\ntitle: [閉じていない配列\ntags: 旅行\n---\n\n本文。\n");
  tmp.Write("posts/2024-08-01-empty.md", "");
  RunResult r = RunSagasu({"index", "--db", (tmp.path() / "db").string(), "--no-sync", "--json",
                           (tmp.path() / "posts").string()});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  const json j = json::parse(r.out);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["added"], 1) << r.out;
  EXPECT_EQ(j["failed"], 2) << r.out;
  ASSERT_TRUE(j["errors"].is_array()) << r.out;
  ASSERT_EQ(j["errors"].size(), 2u) << r.out;
  std::string errors;
  for (const auto& e : j["errors"]) errors += e.get<std::string>() + "\n";
  EXPECT_TRUE(Contains(errors, "2024-07-01-broken.md:")) << errors;
  EXPECT_TRUE(Contains(errors, "2024-08-01-empty.md")) << errors;
  EXPECT_TRUE(RoundedTo(j["seconds"].get<double>(), 1000)) << j["seconds"];
  EXPECT_TRUE(RoundedTo(j["mb_per_second"].get<double>(), 10)) << j["mb_per_second"];
  // Nothing failed: an empty list, not a missing one.
  RunResult again = RunSagasu({"index", "--db", (tmp.path() / "db").string(), "--no-sync", "--json",
                               (tmp.path() / "posts" / "2024-06-18-tsuyu.md").string()});
  ASSERT_EQ(again.exit_code, 0) << Describe(again);
  EXPECT_EQ(json::parse(again.out)["errors"], json::array()) << again.out;
}

// With --json an error is {"error":{"code","param","message"}} on stdout,
// as the HTTP API's; the line on stderr stays.
TEST_F(CliDemoTest, JsonErrorsCarryCodeAndParam) {
  sagasu::testing::TempDir tmp;
  const struct {
    std::vector<std::string> args;
    int exit_code;
    std::string code, param;  // param "": none
  } kCases[] = {
      {{"search", "--json", "--db", *db_, "--k1", "-1", "梅雨"}, 2, "invalid_parameter", "k1"},
      {{"search", "--json", "--db", *db_, "--since", "2024-13", "梅雨"}, 2, "invalid_parameter", "since"},
      {{"search", "--json", "--db", *db_, "--limt", "3", "梅雨"}, 2, "unknown_parameter", "limt"},
      {{"search", "--json", "--db", *db_, "--page", "0", "梅雨"}, 2, "invalid_parameter", "page"},
      {{"search", "--json", "--db", *db_}, 2, "invalid_parameter", ""},
      {{"search", "--json", "--db", (tmp.path() / "none").string(), "梅雨"}, 1, "not_found", ""},
      {{"index", "--json", "--db", (tmp.path() / "db").string(), "--memory-budget", "lots", kDemoSite}, 2,
       "invalid_parameter", "memory_budget"},
      {{"search", "--json", "--db", *db_, "--cache-size", "lots", "梅雨"}, 2, "invalid_parameter", "cache_size"},
      {{"stats", "--json", "--pretty"}, 2, "missing_parameter", "db"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.args[c.args.size() - 2] + " " + c.args.back());
    RunOptions o;
    o.env = {{"SAGASU_DB", std::nullopt}};
    o.cwd = tmp.path().string();
    RunResult r = RunSagasuWith(c.args, o);
    EXPECT_EQ(r.exit_code, c.exit_code) << Describe(r);
    ExpectOneErrorStyle(r);
    json j;
    ASSERT_NO_THROW(j = json::parse(r.out)) << Describe(r);
    ASSERT_TRUE(j.contains("error")) << r.out;
    EXPECT_EQ(j["error"]["code"], c.code) << r.out;
    if (c.param.empty()) {
      EXPECT_FALSE(j["error"].contains("param")) << r.out;
    } else {
      EXPECT_EQ(j["error"]["param"], c.param) << r.out;
    }
    EXPECT_TRUE(j["error"]["message"].is_string() && !j["error"]["message"].get<std::string>().empty()) << r.out;
    EXPECT_TRUE(Contains(r.err, j["error"]["message"].get<std::string>())) << Describe(r);
  }
}

// The names of the request vocabulary work on the command line too:
// HTTP's page/size/tag_mode/prefix, the C API's proximity_weight.
TEST_F(CliDemoTest, HttpAndCApiNamesAreAliases) {
  auto ids = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"search", "--db", *db_, "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = RunSagasu(args);
    EXPECT_EQ(r.exit_code, 0) << Describe(r);
    std::vector<std::string> out;
    if (r.exit_code != 0) return out;
    const json j = json::parse(r.out);
    for (const auto& h : j["hits"]) out.push_back(h["id"].get<std::string>() + " " + h["score"].dump());
    return out;
  };
  const struct {
    std::vector<std::string> alias, original;
  } kCases[] = {
      {{"--page", "2", "--size", "2", "北海道"}, {"--offset", "2", "--limit", "2", "北海道"}},
      {{"--page", "3", "-n", "2", "北海道"}, {"--offset", "4", "--limit", "2", "北海道"}},
      {{"--tag-mode", "any", "-t", "ラーメン", "-t", "登山"}, {"--any-tag", "-t", "ラーメン", "-t", "登山"}},
      {{"--tag-mode", "all", "-t", "AI", "-t", "北海道"}, {"-t", "AI", "-t", "北海道"}},
      {{"--proximity-weight", "0", "梅雨", "北海道"}, {"--proximity", "0", "梅雨", "北海道"}},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.alias.front() + " " + c.alias[1]);
    const auto a = ids(c.alias);
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, ids(c.original));
  }
  EXPECT_NE(ids({"--page", "2", "--size", "2", "北海道"}), ids({"--size", "2", "北海道"}));
  // --prefix last reads the last word as typed so far, as the search box does.
  RunResult typed = RunSagasu({"search", "--db", *db_, "--json", "--prefix", "last", "ラー"});
  ASSERT_EQ(typed.exit_code, 0) << Describe(typed);
  EXPECT_EQ(json::parse(typed.out)["hits"][0]["id"], "_posts/2024-08-10-sapporo-ramen-meguri") << typed.out;
  // An alias and its original together are refused.
  EXPECT_EQ(RunSagasu({"search", "--db", *db_, "--page", "2", "--offset", "1", "梅雨"}).exit_code, 2);
  EXPECT_EQ(RunSagasu({"search", "--db", *db_, "--size", "2", "--limit", "1", "梅雨"}).exit_code, 2);
}


const std::vector<std::string> kCommands = {"index", "search", "serve", "delete", "stats",
                                            "optimize", "check", "analyze", "completion"};

// Runs `command` with /bin/sh; returns its stdout (and stderr), or "" with a
// failure when it does not exit 0.
std::string Shell(const std::string& command) {
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return "";
  }
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = pclose(p);
  EXPECT_EQ(status, 0) << command << "\n" << out;
  return out;
}

// The long options a --help lists ("--db", "--limit", ...).
std::set<std::string> HelpOptions(const std::string& help) {
  std::set<std::string> out;
  std::istringstream lines(help);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("Examples:")) break;
    if (!line.starts_with("  -")) continue;
    // "  -h,--help", "  --proximity,--proximity-weight FLOAT ...", "  --tag,-t TEXT ..."
    std::istringstream names(line.substr(2, line.find(' ', 2) - 2));
    for (std::string w; std::getline(names, w, ',');) {
      if (w.starts_with("--")) out.insert(w);
    }
  }
  return out;
}

// Every --help ends with examples that use the command.
TEST(Cli, EveryHelpEndsWithExamples) {
  RunResult top = RunSagasu({"--help"});
  ASSERT_EQ(top.exit_code, 0) << Describe(top);
  EXPECT_TRUE(Contains(top.out, "Examples:\n  sagasu index --db blog.db")) << top.out;
  for (const std::string& cmd : kCommands) {
    SCOPED_TRACE(cmd);
    RunResult r = RunSagasu({cmd, "--help"});
    ASSERT_EQ(r.exit_code, 0) << Describe(r);
    const std::size_t at = r.out.find("\nExamples:\n");
    ASSERT_NE(at, std::string::npos) << r.out;
    EXPECT_TRUE(Contains(r.out.substr(at), "\n  sagasu " + cmd + " ")) << r.out.substr(at);
    EXPECT_FALSE(HelpOptions(r.out).empty()) << r.out;
  }
}

// The man page is made from the help: every command and every option of
// every command is in it, groff reads it without a warning, and the build
// installed the same text.
TEST(Cli, ManPageHasEveryCommandAndOption) {
  RunResult man = RunSagasu({"help-man"});
  ASSERT_EQ(man.exit_code, 0) << Describe(man);
  EXPECT_TRUE(man.out.starts_with(".\\\" Generated by `sagasu help-man`")) << man.out.substr(0, 200);
  EXPECT_TRUE(Contains(man.out, "\n.TH SAGASU 1 ")) << man.out.substr(0, 300);
  for (const char* section : {".SH NAME", ".SH SYNOPSIS", ".SH COMMANDS", ".SH ENVIRONMENT", ".SH FILES",
                              ".SH EXIT STATUS", ".SH EXAMPLES", ".B SAGASU_DB", ".B NO_COLOR", ".B .sagasu.toml"}) {
    EXPECT_TRUE(Contains(man.out, section)) << section;
  }
  EXPECT_FALSE(Contains(man.out, ".SS \"sagasu help-man")) << "the hidden command is not documented";
  for (const std::string& cmd : kCommands) {
    SCOPED_TRACE(cmd);
    EXPECT_TRUE(Contains(man.out, "\n.SS \"sagasu " + cmd + " [options]")) << cmd;
    for (const std::string& opt : HelpOptions(RunSagasu({cmd, "--help"}).out)) {
      std::string roff;
      for (char c : opt) roff += c == '-' ? std::string("\\-") : std::string(1, c);
      EXPECT_TRUE(Contains(man.out, "\\fB" + roff) || Contains(man.out, ", " + roff)) << opt;
    }
  }
  EXPECT_TRUE(Contains(man.out, "sagasu search \\-\\-db blog.db 梅雨 北海道")) << "examples in the page";
  sagasu::testing::TempDir tmp;
  const fs::path page = tmp.Write("sagasu.1", man.out);
  if (std::system("command -v groff >/dev/null 2>&1") == 0) {
    EXPECT_EQ(Shell("groff -k -man -Tutf8 -ww -z " + page.string()), "") << "groff warnings";
  }
  const fs::path built = fs::path(SAGASU_EXE).parent_path() / "doc" / "sagasu.1";
  ASSERT_TRUE(fs::exists(built)) << built;
  EXPECT_TRUE(sagasu::testing::ReadFileOrDie(built.string()) == man.out)
      << built << " differs from `sagasu help-man`: stale (build the sagasu_docs target)";
}

// The bash completion completes commands, each command's options and the
// values of options that list them; the zsh one names every option.
TEST(Cli, ShellCompletionsKnowCommandsOptionsAndValues) {
  RunResult bash = RunSagasu({"completion", "bash"});
  ASSERT_EQ(bash.exit_code, 0) << Describe(bash);
  sagasu::testing::TempDir tmp;
  const fs::path script = tmp.Write("sagasu.bash", bash.out);
  Shell("bash -n " + script.string());
  auto complete = [&](const std::string& words) {
    // COMP_CWORD is the last word, as when the cursor ends the line.
    const std::string cmd = "bash -c 'source " + script.string() + "; COMP_WORDS=(" + words +
                            "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _sagasu; echo \"${COMPREPLY[*]}\"'";
    std::string out = Shell(cmd);
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  };
  const struct {
    const char* words;
    const char* expected;
  } kCases[] = {
      {"sagasu se", "search serve"},
      {"sagasu sea", "search"},
      {"sagasu in", "index"},
      {"sagasu search --so", "--sort"},
      {"sagasu search --db blog.db --sort \"\"", "score date date-asc"},
      {"sagasu search --tag-mode a", "all any"},
      {"sagasu index --qu", "--quiet"},
      {"sagasu index --reanalyze \"\"", "changed all never"},
      {"sagasu stats --p", "--pretty"},
      {"sagasu completion --o", "--output"},
  };
  for (const auto& c : kCases) EXPECT_EQ(complete(c.words), c.expected) << c.words;

  RunResult zsh = RunSagasu({"completion", "zsh"});
  ASSERT_EQ(zsh.exit_code, 0) << Describe(zsh);
  EXPECT_TRUE(zsh.out.starts_with("#compdef sagasu\n")) << zsh.out.substr(0, 100);
  for (const std::string& cmd : kCommands) {
    EXPECT_TRUE(Contains(zsh.out, "    " + cmd + ")\n      _arguments")) << cmd;
  }
  EXPECT_TRUE(
      Contains(zsh.out, "'--sort[score (default), date (newest first) or date-asc]:value:(score date date-asc)'"))
      << zsh.out;
  EXPECT_TRUE(Contains(zsh.out, "'*--tag[")) << "a repeatable option";
  // A flag takes no value.
  EXPECT_TRUE(Contains(zsh.out, "'--pretty[With --json\\: indented, even when stdout is not a terminal]' \\\n"))
      << zsh.out;
  EXPECT_TRUE(Contains(zsh.out, "'--memory-budget[Postings kept in memory before a run is written and committed, "
                                "e.g. 256M, 2G (default 512M)]:value:_files'"))
      << zsh.out;
  if (std::system("command -v zsh >/dev/null 2>&1") == 0) {
    Shell("zsh -n " + tmp.Write("_sagasu", zsh.out).string());
  }
  EXPECT_EQ(RunSagasu({"completion", "fish"}).exit_code, 2);
}

}  // namespace
}  // namespace sagasu
