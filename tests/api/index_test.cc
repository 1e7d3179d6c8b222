// The public C++ facade (include/sagasu/sagasu.h), used through its public
// header only: visibility of commits, Reopen, concurrent searches during
// writes, and the error contract of each method.
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "sagasu/sagasu.h"
#include "test_util.h"

namespace sagasu {
namespace {

Article Post(const std::string& id, const std::string& title, const std::string& body) {
  Article a;
  a.id = id;
  a.title = title;
  a.body = body;
  a.tags = {"旅行"};
  return a;
}

std::unique_ptr<Index> OpenOrDie(const std::string& dir, IndexOptions::Mode mode) {
  IndexOptions o;
  o.mode = mode;
  o.sync = false;
  std::unique_ptr<Index> index;
  Status s = Index::Open(o, dir, &index);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return index;
}

TEST(Index, WriterSeesItsCommitsReaderAfterReopen) {
  testing::TempDir tmp;
  const std::string dir = (tmp.path() / "db").string();
  auto writer = OpenOrDie(dir, IndexOptions::Mode::kReadWrite);
  ASSERT_TRUE(writer);
  auto reader = OpenOrDie(dir, IndexOptions::Mode::kReadOnly);
  ASSERT_TRUE(reader);

  ASSERT_TRUE(writer->Add(Post("a", "梅雨のない北海道", "北海道には梅雨がない。")).ok());
  SearchQuery q;
  q.text = "北海道";
  EXPECT_EQ(writer->Search(q)->total, 0u) << "visible before Commit";
  ASSERT_TRUE(writer->Commit().ok());

  Result<SearchResponse> r = writer->Search(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].id, "a");
  EXPECT_NE(r->hits[0].snippet.html.find("<mark>北海道</mark>"), std::string::npos) << r->hits[0].snippet.html;
  EXPECT_EQ(r->hits[0].title_highlighted.Render("[", "]", false), "梅雨のない[北海道]");
  ASSERT_FALSE(r->hits[0].snippet.ranges.empty());

  EXPECT_EQ(reader->Search(q)->total, 0u) << "a reader keeps its view until Reopen";
  ASSERT_TRUE(reader->Reopen().ok());
  EXPECT_EQ(reader->Search(q)->total, 1u);
  EXPECT_EQ(reader->DocumentCount(), 1u);
}

TEST(Index, ErrorContract) {
  testing::TempDir tmp;
  const std::string dir = (tmp.path() / "db").string();
  std::unique_ptr<Index> index;
  IndexOptions o;
  EXPECT_TRUE(Index::Open(o, dir, &index).IsNotFound());
  EXPECT_FALSE(index);
  o.ranking.b_body = 2;
  o.mode = IndexOptions::Mode::kReadWrite;
  EXPECT_TRUE(Index::Open(o, dir, &index).IsInvalidArgument());
  o.ranking = RankingOptions();
  o.user_dic = (tmp.path() / "missing.dic").string();
  EXPECT_TRUE(Index::Open(o, dir, &index).IsNotFound());
  o.user_dic.clear();
  ASSERT_TRUE(Index::Open(o, dir, &index).ok());

  EXPECT_TRUE(index->Add(Post("", "t", "b")).IsInvalidArgument());
  EXPECT_TRUE(index->Add(Post("x", "bad \xff utf-8", "b")).IsInvalidArgument());
  EXPECT_TRUE(index->Delete("nothing").IsNotFound());
  EXPECT_TRUE(index->Commit().ok()) << "nothing pending is OK";
  SearchQuery bad;
  bad.text = "since:notadate";
  EXPECT_TRUE(index->Search(bad).status().IsInvalidArgument());

  std::unique_ptr<Index> second;
  EXPECT_TRUE(Index::Open(o, dir, &second).IsIOError()) << "one writer per index";
  o.mode = IndexOptions::Mode::kReadOnly;
  ASSERT_TRUE(Index::Open(o, dir, &second).ok());
  EXPECT_EQ(second->Add(Post("y", "t", "b")).code(), Status::Code::kNotSupported);
  EXPECT_EQ(second->Commit().code(), Status::Code::kNotSupported);
}

// Issue 14: tag (and category, author) filter values were not checked for
// valid UTF-8, where the query text is.
TEST(Index, FilterValuesMustBeValidUtf8) {
  testing::TempDir tmp;
  std::unique_ptr<Index> index;
  IndexOptions o;
  o.mode = IndexOptions::Mode::kReadWrite;
  ASSERT_TRUE(Index::Open(o, (tmp.path() / "db").string(), &index).ok());
  ASSERT_TRUE(index->Add(Post("a", "北海道", "本文")).ok());
  ASSERT_TRUE(index->Commit().ok());
  SearchQuery q;
  q.tags = {"旅行", "bad \xff"};
  Result<SearchResponse> r = index->Search(q);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsInvalidArgument());
  EXPECT_EQ(r.status().message(), "[sagasu] SearchQuery::tags[1]: invalid UTF-8 at byte 4");
  q.tags = {"旅行"};
  q.categories = {"\xe3\x81"};
  EXPECT_TRUE(index->Search(q).status().IsInvalidArgument());
  q.categories.clear();
  q.authors = {"\xc0\xaf"};
  EXPECT_TRUE(index->Search(q).status().IsInvalidArgument());
  q.authors.clear();
  EXPECT_TRUE(index->Search(q).ok());
}

TEST(Index, SearchesRunWhileAnotherThreadWrites) {
  testing::TempDir tmp;
  auto index = OpenOrDie((tmp.path() / "db").string(), IndexOptions::Mode::kReadWrite);
  ASSERT_TRUE(index);
  std::atomic<bool> done{false};
  std::atomic<int> errors{0};
  std::atomic<std::uint64_t> last_total{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      SearchQuery q;
      q.text = "京都";
      while (!done.load()) {
        Result<SearchResponse> r = index->Search(q);
        if (!r.ok()) {
          if (++errors == 1) ADD_FAILURE() << r.status().ToString();
          continue;
        }
        last_total = r->total;
      }
    });
  }
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(index->Add(Post("k" + std::to_string(i), "京都の寺 " + std::to_string(i), "京都を歩いた。")).ok());
    ASSERT_TRUE(index->Commit().ok());
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(errors.load(), 0);
  SearchQuery q;
  q.text = "京都";
  EXPECT_EQ(index->Search(q)->total, 10u);
}

TEST(Index, StatisticsExplainAndQueryLimits) {
  testing::TempDir tmp;
  const std::string dir = (tmp.path() / "db").string();
  auto index = OpenOrDie(dir, IndexOptions::Mode::kReadWrite);
  ASSERT_TRUE(index);
  ASSERT_TRUE(index->Add(Post("a", "梅雨のない北海道", "北海道には梅雨がない。")).ok());
  ASSERT_TRUE(index->Add(Post("b", "京都の紅葉", "京都の秋。")).ok());
  ASSERT_TRUE(index->Commit().ok());

  Result<IndexStatistics> st = index->Statistics();
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->path, dir);
  EXPECT_EQ(st->documents, 2u);
  EXPECT_EQ(st->tags, 1u);
  EXPECT_GT(st->distinct_terms, 3u);
  EXPECT_GE(st->postings, st->distinct_terms);
  EXPECT_TRUE(st->column_family_bytes.count("postings")) << "column families by name";
  EXPECT_FALSE(st->analyzer.empty());

  SearchQuery q;
  q.text = "北海道 梅雨";
  q.explain = true;
  Result<SearchResponse> r = index->Search(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].explanation.size(), 2u) << "one entry per query term";
  EXPECT_GT(r->hits[0].proximity, 0.0) << "梅雨 and 北海道 stand close together";

  q.limit = 10001;
  Status s = index->Search(q).status();
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("SearchQuery::limit"), std::string::npos) << s.message();
  q.limit = 10;
  q.text = std::string(16 * 1024 + 1, 'a');
  s = index->Search(q).status();
  EXPECT_NE(s.message().find("SearchQuery::text"), std::string::npos) << s.message();
}

TEST(Index, IndexPathsReportsProgressErrorsAndTimings) {
  testing::TempDir tmp;
  tmp.Write("posts/a.md", "---\ntitle: 北海道\n---\n北海道の夏。\n");
  tmp.Write("posts/b.md", "---\ntitle: [broken\n---\n壊れた\n");
  tmp.Write("posts/c.txt", "not a post\n");
  IndexOptions o;
  o.mode = IndexOptions::Mode::kReadWrite;
  o.sync = false;
  o.patterns = {"*.md", "*.txt"};
  std::unique_ptr<Index> index;
  ASSERT_TRUE(Index::Open(o, (tmp.path() / "db").string(), &index).ok());
  std::vector<std::string> errors;
  IndexTimings timings;
  IndexPathsOptions run;
  run.on_error = [&](const Status& e) { errors.push_back(e.message()); };
  run.on_progress = [](const IndexProgress&) {};
  run.timings = &timings;
  IndexPathsReport report;
  ASSERT_TRUE(index->IndexPaths({(tmp.path() / "posts").string()}, run, &report).ok());
  EXPECT_EQ(report.added, 2u) << "a.md and c.txt (patterns)";
  EXPECT_EQ(report.failed, 1u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("b.md"), std::string::npos) << errors[0];
  EXPECT_FALSE(timings.commits.empty());
  EXPECT_EQ(index->DocumentCount(), 2u);
  MergeReport merged;
  ASSERT_TRUE(index->Optimize(&merged).ok());
  EXPECT_GE(merged.runs_before, merged.runs_after);
}

// A JSON Lines feed re-indexed whole with prune: records that left the feed
// leave the index; without prune they stay; a failed record stops pruning.
TEST(Index, PruneRemovesWhatTheFeedNoLongerHas) {
  testing::TempDir tmp;
  const std::string feed = (tmp.path() / "feed.jsonl").string();
  auto line = [](const std::string& id, const std::string& title) {
    return "{\"id\": \"" + id + "\", \"title\": \"" + title + "\", \"body\": \"京都の寺を歩いた。\"}\n";
  };
  IndexOptions o;
  o.mode = IndexOptions::Mode::kReadWrite;
  o.sync = false;
  auto run = [&](bool prune, std::vector<std::string>* errors) {
    o.prune = prune;
    std::unique_ptr<Index> index;
    EXPECT_TRUE(Index::Open(o, (tmp.path() / "db").string(), &index).ok());
    IndexPathsOptions opts;
    opts.on_error = [&](const Status& e) { errors->push_back(e.message()); };
    IndexPathsReport report;
    EXPECT_TRUE(index->IndexPaths({feed}, opts, &report).ok());
    SearchQuery q;
    q.text = "京都";
    return std::make_pair(report, index->Search(q)->total);
  };
  std::vector<std::string> errors;
  tmp.Write("feed.jsonl", line("a", "清水寺") + line("b", "金閣寺") + line("c", "銀閣寺"));
  EXPECT_EQ(run(false, &errors).second, 3u);

  tmp.Write("feed.jsonl", line("a", "清水寺") + line("c", "銀閣寺"));
  auto [kept, kept_total] = run(false, &errors);
  EXPECT_EQ(kept.removed, 0u);
  EXPECT_EQ(kept_total, 3u) << "without prune, b stays";

  tmp.Write("feed.jsonl", line("a", "清水寺") + "{broken\n" + line("c", "銀閣寺"));
  auto [skipped, skipped_total] = run(true, &errors);
  EXPECT_EQ(skipped.failed, 1u);
  EXPECT_EQ(skipped.removed, 0u);
  EXPECT_EQ(skipped_total, 3u) << "a failed record holds back pruning";
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.back().find("--prune skipped: 1 input(s) failed"), std::string::npos) << errors.back();

  tmp.Write("feed.jsonl", line("a", "清水寺") + line("c", "銀閣寺"));
  auto [pruned, pruned_total] = run(true, &errors);
  EXPECT_EQ(pruned.removed, 1u);
  EXPECT_EQ(pruned.unchanged, 2u);
  EXPECT_EQ(pruned_total, 2u);
}

// Only what the generator would publish is indexed; a post that stops being
// published leaves the index on the next run.
TEST(Index, IndexPathsSkipsWhatIsNotPublished) {
  testing::TempDir tmp;
  tmp.Write("site/_posts/2024-06-18-tsuyu.md", "---\ntitle: 梅雨の京都\n---\n京都の梅雨。\n");
  tmp.Write("site/_posts/2024-06-19-hikoukai.md", "---\ntitle: 京都メモ\npublished: false\n---\n京都の寺。\n");
  tmp.Write("site/_drafts/kyoto-idea.md", "---\ntitle: 京都の下書き\n---\n京都の紅葉。\n");
  tmp.Write("site/_posts/2099-01-01-mirai.md", "---\ntitle: 未来の京都\n---\n京都の未来。\n");
  IndexOptions o;
  o.mode = IndexOptions::Mode::kReadWrite;
  o.sync = false;
  auto run = [&](IndexOptions options) {
    std::unique_ptr<Index> index;
    EXPECT_TRUE(Index::Open(options, (tmp.path() / "db").string(), &index).ok());
    IndexPathsReport report;
    EXPECT_TRUE(index->IndexPaths({(tmp.path() / "site").string()}, IndexPathsOptions(), &report).ok());
    SearchQuery q;
    q.text = "京都";
    return std::make_pair(report, index->Search(q)->total);
  };
  auto [first, first_total] = run(o);
  EXPECT_EQ(first.added, 1u);
  EXPECT_EQ(first.unpublished, 3u);
  EXPECT_EQ(first.failed, 0u);
  EXPECT_EQ(first_total, 1u);

  IndexOptions all = o;
  all.drafts = all.unpublished = all.future = true;
  auto [second, second_total] = run(all);
  EXPECT_EQ(second.added, 3u);
  EXPECT_EQ(second_total, 4u);

  // The default again: the drafts and the future post leave the index.
  tmp.Write("site/_posts/2024-06-18-tsuyu.md", "---\ntitle: 梅雨の京都\ndraft: true\n---\n京都の梅雨。\n");
  auto [third, third_total] = run(o);
  EXPECT_EQ(third.unpublished, 4u);
  EXPECT_EQ(third.removed, 4u);
  EXPECT_EQ(third_total, 0u);
}

// Tags, categories and the author are a third BM25F field (below the
// title, above the body); the excerpt is searched with the body.
TEST(Index, TagsCategoriesAuthorAndExcerptAreSearchable) {
  testing::TempDir tmp;
  auto index = OpenOrDie((tmp.path() / "db").string(), IndexOptions::Mode::kReadWrite);
  ASSERT_TRUE(index);
  auto add = [&](const std::string& id, const std::string& title, const std::string& body,
                 std::vector<std::string> tags, std::vector<std::string> categories = {}, std::string author = "",
                 std::string excerpt = "") {
    Article a{.id = id, .title = title, .body = body, .tags = std::move(tags), .categories = std::move(categories)};
    a.author = std::move(author);
    a.excerpt = std::move(excerpt);
    ASSERT_TRUE(index->Add(a).ok());
  };
  add("title", "旅行の準備", "荷物を減らすと移動が楽になる。駅で地図を買った。", {});
  add("body", "駅の地図", "荷物を減らすと旅行の移動が楽になる。駅で地図を買った。", {});
  add("tag", "函館の朝", "函館山から港を眺めて、駅で地図を買った。", {"旅行"});
  add("category", "札幌の朝", "大通公園を歩いて、駅で地図を買った。", {}, {"旅行"});
  add("author", "京都の朝", "鴨川を歩いて、駅で地図を買った。", {"函館", "朝市"}, {}, "山田花子");
  add("excerpt", "青森の朝", "港の近くで、駅で地図を買った。", {}, {}, "", "八戸の朝市で海鮮丼を食べた");
  ASSERT_TRUE(index->Commit().ok());

  auto ids = [&](const std::string& text, bool explain = false) {
    SearchQuery q;
    q.text = text;
    q.explain = explain;
    Result<SearchResponse> r = index->Search(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> out;
    for (const auto& h : r->hits) out.push_back(h.id);
    return out;
  };
  // 旅行 in the title ranks first, in the body last; the tag and the
  // category find the posts that never say it.
  const std::vector<std::string> travel = ids("旅行");
  ASSERT_EQ(travel.size(), 4u);
  EXPECT_EQ(travel.front(), "title");
  EXPECT_EQ(travel.back(), "body");
  EXPECT_EQ(std::set<std::string>(travel.begin() + 1, travel.end() - 1), (std::set<std::string>{"tag", "category"}));
  EXPECT_EQ(ids("山田"), std::vector<std::string>{"author"});
  EXPECT_EQ(ids("海鮮丼"), std::vector<std::string>{"excerpt"});
  // Two tags are two values: a phrase does not run from one into the next.
  EXPECT_EQ(ids("\"函館 朝市\""), std::vector<std::string>{});
  EXPECT_EQ(ids("函館 朝市").front(), "author");

  SearchQuery q;
  q.text = "旅行";
  q.explain = true;
  Result<SearchResponse> r = index->Search(q);
  ASSERT_TRUE(r.ok());
  for (const auto& h : r->hits) {
    ASSERT_EQ(h.explanation.size(), 1u);
    const TermExplanation& e = h.explanation[0];
    EXPECT_EQ(e.tf_meta, (h.id == "tag" || h.id == "category") ? 1u : 0u) << h.id;
    EXPECT_EQ(e.meta_len, (h.id == "tag" || h.id == "category") ? 1u : 0u) << h.id;
  }
  Result<IndexStatistics> st = index->Statistics();
  ASSERT_TRUE(st.ok());
  EXPECT_GT(st->avg_meta_terms, 0.5);
}

TEST(TextAnalyzer, CutsTextIntoTermsWithOffsets) {
  std::unique_ptr<TextAnalyzer> analyzer;
  ASSERT_TRUE(TextAnalyzer::Open(IndexOptions(), &analyzer).ok());
  const std::string text = "ＯｐｅｎＡＩの負債調達";
  Result<TextAnalysis> a = analyzer->Analyze(text, /*tokens=*/false);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->text, text);
  EXPECT_EQ(a->normalized.substr(0, 6), "openai");
  ASSERT_GE(a->terms.size(), 3u);
  EXPECT_EQ(a->terms[0].term, "openai");
  EXPECT_EQ(text.substr(a->terms[0].begin, a->terms[0].end - a->terms[0].begin), "ＯｐｅｎＡＩ");
  EXPECT_TRUE(a->tokens.empty());
  a = analyzer->Analyze(text, /*tokens=*/true);
  ASSERT_TRUE(a.ok());
  ASSERT_FALSE(a->tokens.empty());
  EXPECT_FALSE(a->tokens[0].pos.empty());
  IndexOptions bad;
  bad.dicdir = "/nonexistent";
  EXPECT_FALSE(TextAnalyzer::Open(bad, &analyzer).ok());
}

// IndexOptions::no_fold turns folding rules off: the analysis changes, an
// unknown rule is an error naming the option, and an index is only opened
// with the rules it was built with.
TEST(TextAnalyzer, NoFoldTurnsRulesOff) {
  std::unique_ptr<TextAnalyzer> analyzer;
  ASSERT_TRUE(TextAnalyzer::Open(IndexOptions(), &analyzer).ok());
  Result<TextAnalysis> a = analyzer->Analyze("髙橋さんのりんご", /*tokens=*/false);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->terms.size(), 2u);
  EXPECT_EQ(a->terms[0].term, "高橋");
  EXPECT_EQ(a->terms[1].term, "リンゴ");
  EXPECT_EQ(a->normalized, "高橋さんのりんご");

  IndexOptions off;
  off.no_fold = "kanji,kana";
  ASSERT_TRUE(TextAnalyzer::Open(off, &analyzer).ok());
  a = analyzer->Analyze("髙橋さんのりんご", /*tokens=*/false);
  ASSERT_TRUE(a.ok());
  ASSERT_FALSE(a->terms.empty());
  EXPECT_EQ(a->terms.back().term, "りんご");
  EXPECT_EQ(a->normalized, "髙橋さんのりんご");

  IndexOptions bad;
  bad.no_fold = "kana,romaji";
  const Status s = TextAnalyzer::Open(bad, &analyzer);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find("no_fold"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("'romaji'"), std::string::npos) << s.ToString();

  testing::TempDir tmp;
  const std::string dir = (tmp.path() / "db").string();
  {
    auto writer = OpenOrDie(dir, IndexOptions::Mode::kReadWrite);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->Add(Post("a", "髙橋さん", "りんご")).ok());
    ASSERT_TRUE(writer->Commit().ok());
  }
  std::unique_ptr<Index> index;
  IndexOptions other;
  other.no_fold = "digits";
  const Status refused = Index::Open(other, dir, &index);
  EXPECT_TRUE(refused.IsInvalidArgument()) << refused.ToString();
}

}  // namespace
}  // namespace sagasu
