// IndexWriter: incremental indexing of a directory of posts, the
// Add/Delete/Commit API, and the counts a reader sees after each commit.
//
// Every test indexes real Japanese posts written into a temp dir and checks
// the result three ways: the IndexPathsReport, the reader's ids and statistics,
// and what a Searcher finds.
#include "indexer/index_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "storage/snapshot.h"
#include "storage/open_snapshot.h"
#include "query/searcher.h"
#include "test_util.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;

// A Markdown post with YAML front matter.
std::string Post(const std::string& title, const std::string& body, const std::string& extra_front_matter = "") {
  return "---\ntitle: \"" + title + "\"\n" + extra_front_matter + "---\n\n" + body + "\n";
}

// The four posts every test starts from. Each has a word no other post has
// (弘前, 味噌, カヤック, 節約), so a search for it finds that post alone.
const std::map<std::string, std::string>& InitialPosts() {
  static const auto* posts = new std::map<std::string, std::string>{
      {"2024-04-28-hirosaki.md",
       Post("弘前城の桜を見に行った", "青森県の弘前公園では、堀を埋め尽くす花びらが見られます。\n\n夜桜も美しい。",
            "tags: [旅行, 東北]\n")},
      {"2024-06-10-ramen.md",
       Post("札幌で味噌ラーメンを食べ歩く", "すすきのの路地裏で、濃厚な味噌スープに縮れ麺を合わせた一杯を食べました。",
            "tags: [グルメ]\n")},
      {"2024-07-20-kayak.md",
       Post("四万十川でカヤック体験", "高知県の清流をカヤックで下り、沈下橋の下をくぐりました。",
            "id: kayak-2024\n")},
      {"notes/denki.md",
       Post("電気代を節約する工夫", "エアコンの設定温度を一度上げるだけで、夏の電気代が一割ほど下がりました。節約は続けることが大事です。")},
  };
  return *posts;
}

class IndexWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [name, text] : InitialPosts()) WritePost(name, text);
  }

  void WritePost(const std::string& name, const std::string& text) { tmp_.Write("posts/" + name, text); }
  void RemovePost(const std::string& name) { ASSERT_TRUE(fs::remove(posts_ / name)) << name; }

  // Runs IndexPaths over the posts directory with a fresh writer (as the CLI
  // does) and returns the report. Input errors are collected in errors_.
  IndexPathsReport IndexPosts(int threads = 2) {
    IndexWriterOptions options;
    options.threads = threads;
    options.sync = false;
    std::unique_ptr<IndexWriter> writer;
    Status s = IndexWriter::Open(db_, AnalyzerOptions{}, options, &writer);
    EXPECT_TRUE(s.ok()) << s.ToString();
    IndexPathsReport report;
    if (!s.ok()) return report;
    errors_.clear();
    s = writer->IndexPaths({posts_.string()}, [&](const Status& e) { errors_.push_back(e.ToString()); }, nullptr,
                           &report);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return report;
  }

  std::unique_ptr<Snapshot> OpenReader() {
    std::unique_ptr<Snapshot> reader;
    Status s = sagasu::testing::OpenSnapshot(db_, &reader);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return reader;
  }

  // id -> stored document, for every live id. Fails the test when an id is
  // listed twice, a DocNum is shared, or live_docs disagrees with the ids.
  std::map<std::string, Article> LiveDocs() {
    std::map<std::string, Article> out;
    auto reader = OpenReader();
    if (!reader) return out;
    std::set<DocNum> docnums;
    Status s = reader->ForEachId([&](std::string_view id, DocNum d) {
      EXPECT_TRUE(docnums.insert(d).second) << "DocNum " << d << " listed twice";
      Article doc;
      Status g = reader->GetDocument(d, &doc);
      EXPECT_TRUE(g.ok()) << g.ToString();
      EXPECT_EQ(doc.id, id);
      DocNum looked_up = kNoDoc;
      EXPECT_TRUE(reader->Lookup(id, &looked_up).ok()) << id;
      EXPECT_EQ(looked_up, d) << id;
      EXPECT_TRUE(out.emplace(std::string(id), std::move(doc)).second) << "id " << id << " listed twice";
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(reader->stats().live_docs, out.size());
    // Every document number below doc_limit is live exactly when an id points at it.
    std::size_t live = 0;
    for (DocNum d = 0; d < reader->doc_limit(); ++d) live += reader->IsLive(d);
    EXPECT_EQ(live, out.size());
    return out;
  }

  std::set<std::string> LiveIds() {
    std::set<std::string> ids;
    for (const auto& [id, doc] : LiveDocs()) ids.insert(id);
    return ids;
  }

  // Ids of every hit for `query`, in rank order (duplicates kept, so that
  // tests can see them).
  std::vector<std::string> Search(const std::string& query) {
    SearchOptions options;
    std::unique_ptr<Searcher> searcher;
    Status s = Searcher::Open(db_, options, &searcher);
    EXPECT_TRUE(s.ok()) << s.ToString();
    if (!s.ok()) return {};
    SearchQuery req;
    req.text = query;
    req.limit = 100;
    auto r = searcher->Search(req);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> ids;
    if (!r.ok()) return ids;
    for (const auto& h : r->hits) ids.push_back(h.id);
    EXPECT_EQ(r->total, ids.size()) << query;
    return ids;
  }

  IndexStats Stats() {
    auto reader = OpenReader();
    return reader ? reader->stats() : IndexStats{};
  }

  sagasu::testing::TempDir tmp_;
  fs::path posts_ = tmp_.path() / "posts";
  std::string db_ = (tmp_.path() / "db").string();
  std::vector<std::string> errors_;
};

using Ids = std::set<std::string>;
using Hits = std::vector<std::string>;

const Ids kInitialIds = {"2024-04-28-hirosaki", "2024-06-10-ramen", "kayak-2024", "notes/denki"};

TEST_F(IndexWriterTest, FirstRunAddsEveryPost) {
  IndexPathsReport r = IndexPosts();
  EXPECT_EQ(r.added, 4u);
  EXPECT_EQ(r.updated + r.unchanged + r.removed + r.failed, 0u);
  EXPECT_TRUE(errors_.empty()) << errors_.front();
  EXPECT_EQ(LiveIds(), kInitialIds);
  EXPECT_EQ(Search("弘前"), Hits{"2024-04-28-hirosaki"});
  EXPECT_EQ(Search("味噌"), Hits{"2024-06-10-ramen"});
  EXPECT_EQ(Search("カヤック"), Hits{"kayak-2024"});
  EXPECT_EQ(Search("節約"), Hits{"notes/denki"});
  // Stored fields come from the file: front matter title and tags, the
  // date from the Jekyll file name.
  const auto docs = LiveDocs();
  const Article& d = docs.at("2024-04-28-hirosaki");
  EXPECT_EQ(d.title, "弘前城の桜を見に行った");
  EXPECT_EQ(d.tags, (std::vector<std::string>{"旅行", "東北"}));
  ASSERT_TRUE(d.date.has_value());
  EXPECT_EQ(FormatDate(*d.date), "2024-04-28T00:00:00Z");
  EXPECT_NE(d.body.find("堀を埋め尽くす"), std::string::npos) << d.body;
}

TEST_F(IndexWriterTest, RerunWithNothingChangedSkipsEverything) {
  IndexPosts();
  const IndexStats before = Stats();
  IndexPathsReport r = IndexPosts();
  EXPECT_EQ(r.unchanged, 4u);
  EXPECT_EQ(r.added + r.updated + r.removed + r.failed, 0u);
  EXPECT_EQ(r.commits, 0u);
  const IndexStats after = Stats();
  EXPECT_EQ(after.live_docs, before.live_docs);
  EXPECT_EQ(after.next_doc, before.next_doc);  // no new document versions
  EXPECT_EQ(after.total_len, before.total_len);
  EXPECT_EQ(after.commits, before.commits);
  EXPECT_EQ(LiveIds(), kInitialIds);
}

TEST_F(IndexWriterTest, EditedPostIsReplacedNotDuplicated) {
  IndexPosts();
  const IndexStats before = Stats();
  WritePost("2024-04-28-hirosaki.md",
            Post("角館の武家屋敷としだれ桜", "秋田県の角館では、黒板塀の武家屋敷通りにしだれ桜が垂れ下がります。"));
  IndexPathsReport r = IndexPosts();
  EXPECT_EQ(r.updated, 1u);
  EXPECT_EQ(r.unchanged, 3u);
  EXPECT_EQ(r.added + r.removed + r.failed, 0u);
  EXPECT_EQ(Search("角館"), Hits{"2024-04-28-hirosaki"});
  EXPECT_EQ(Search("弘前"), Hits{});  // the old text is gone
  EXPECT_EQ(Search("桜"), Hits{"2024-04-28-hirosaki"});  // in both versions: found once
  EXPECT_EQ(LiveIds(), kInitialIds);
  const IndexStats after = Stats();
  EXPECT_EQ(after.live_docs, 4u);
  EXPECT_EQ(after.next_doc, before.next_doc + 1);  // one new version
  EXPECT_EQ(LiveDocs().at("2024-04-28-hirosaki").title, "角館の武家屋敷としだれ桜");
}

TEST_F(IndexWriterTest, NewPostIsAdded) {
  IndexPosts();
  WritePost("2024-08-01-hanabi.md", Post("長岡の花火大会", "信濃川の河川敷で、正三尺玉が夜空に開きました。"));
  IndexPathsReport r = IndexPosts();
  EXPECT_EQ(r.added, 1u);
  EXPECT_EQ(r.unchanged, 4u);
  EXPECT_EQ(r.updated + r.removed + r.failed, 0u);
  Ids want = kInitialIds;
  want.insert("2024-08-01-hanabi");
  EXPECT_EQ(LiveIds(), want);
  EXPECT_EQ(Search("花火"), Hits{"2024-08-01-hanabi"});
  EXPECT_EQ(Stats().live_docs, 5u);
}

TEST_F(IndexWriterTest, DeletedFileIsRemoved) {
  IndexPosts();
  RemovePost("2024-06-10-ramen.md");
  IndexPathsReport r = IndexPosts();
  EXPECT_EQ(r.removed, 1u);
  EXPECT_EQ(r.unchanged, 3u);
  EXPECT_EQ(r.added + r.updated + r.failed, 0u);
  Ids want = kInitialIds;
  want.erase("2024-06-10-ramen");
  EXPECT_EQ(LiveIds(), want);
  EXPECT_EQ(Search("味噌"), Hits{});
  auto reader = OpenReader();
  DocNum d;
  EXPECT_TRUE(reader->Lookup("2024-06-10-ramen", &d).IsNotFound());
  EXPECT_EQ(reader->FacetDocs(format::kFacetTag, "グルメ"), nullptr);
  ASSERT_NE(reader->FacetDocs(format::kFacetTag, "旅行"), nullptr);
  EXPECT_EQ(reader->FacetDocs(format::kFacetTag, "旅行")->cardinality(), 1u);
}

TEST_F(IndexWriterTest, RenamedFileMovesTheId) {
  IndexPosts();
  fs::rename(posts_ / "notes/denki.md", posts_ / "notes/setsuden.md");
  IndexPathsReport r = IndexPosts();
  EXPECT_EQ(r.added, 1u);
  EXPECT_EQ(r.removed, 1u);
  EXPECT_EQ(r.unchanged, 3u);
  Ids want = kInitialIds;
  want.erase("notes/denki");
  want.insert("notes/setsuden");
  EXPECT_EQ(LiveIds(), want);
  EXPECT_EQ(Search("節約"), Hits{"notes/setsuden"});
}

TEST_F(IndexWriterTest, RenamedFileWithFrontMatterIdKeepsItsId) {
  IndexPosts();
  fs::rename(posts_ / "2024-07-20-kayak.md", posts_ / "2024-07-21-kayak.md");
  IndexPathsReport r = IndexPosts();
  EXPECT_EQ(r.updated, 1u);  // same id, new path
  EXPECT_EQ(r.added + r.removed, 0u);
  EXPECT_EQ(LiveIds(), kInitialIds);
  EXPECT_EQ(Search("カヤック"), Hits{"kayak-2024"});
  // The next run sees the new path as unchanged.
  r = IndexPosts();
  EXPECT_EQ(r.unchanged, 4u);
  EXPECT_EQ(r.updated + r.removed, 0u);
}

// Regression: changing the front matter `id:` of a post left the document
// under the old id in the index (the file's path was still listed, so the
// old id was not taken for "gone"), and both ids were found by search.
TEST_F(IndexWriterTest, FrontMatterIdChangeReplacesTheOldId) {
  IndexPosts();
  WritePost("2024-07-20-kayak.md",
            Post("四万十川でカヤック体験", "高知県の清流をカヤックで下り、沈下橋の下をくぐりました。",
                 "id: shimanto-kayak\n"));
  IndexPathsReport r = IndexPosts();
  EXPECT_EQ(r.added, 1u);
  EXPECT_EQ(r.removed, 1u);
  Ids want = kInitialIds;
  want.erase("kayak-2024");
  want.insert("shimanto-kayak");
  EXPECT_EQ(LiveIds(), want);
  EXPECT_EQ(Search("カヤック"), Hits{"shimanto-kayak"});
  EXPECT_EQ(Stats().live_docs, 4u);
  // And the change is stable: the next run changes nothing.
  r = IndexPosts();
  EXPECT_EQ(r.unchanged, 4u);
  EXPECT_EQ(r.added + r.updated + r.removed, 0u);
  EXPECT_EQ(LiveIds(), want);
}

// A post that stops parsing keeps its last good version: bad input never
// costs what is already indexed.
TEST_F(IndexWriterTest, PostThatBecomesBrokenKeepsItsIndexedVersion) {
  IndexPosts();
  WritePost("2024-06-10-ramen.md", "---\ntitle: [味噌ラーメン\n---\n本文\n");
  IndexPathsReport r = IndexPosts();
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(r.removed, 0u);
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_NE(errors_[0].find("2024-06-10-ramen.md"), std::string::npos) << errors_[0];
  EXPECT_EQ(LiveIds(), kInitialIds);
  EXPECT_EQ(Search("味噌"), Hits{"2024-06-10-ramen"});
}

TEST_F(IndexWriterTest, DuplicateIdsInOneRunLaterFileWins) {
  // Both files claim id "ramen"; files are read in name order, so b wins
  // whatever thread parses which, and a is reported.
  WritePost("dup/a.md", Post("函館の塩ラーメン", "透き通ったスープの塩ラーメン。", "id: ramen\n"));
  WritePost("dup/b.md", Post("旭川の醤油ラーメン", "魚介の香る醤油ラーメン。", "id: ramen\n"));
  IndexPathsReport r = IndexPosts(/*threads=*/2);
  EXPECT_EQ(r.added, 5u);  // 4 initial + "ramen" once
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_NE(errors_[0].find("a.md: duplicate id 'ramen'"), std::string::npos) << errors_[0];
  const auto docs = LiveDocs();
  ASSERT_EQ(docs.count("ramen"), 1u);
  EXPECT_EQ(docs.at("ramen").title, "旭川の醤油ラーメン");
  EXPECT_EQ(Stats().live_docs, 5u);
  EXPECT_EQ(Search("醤油"), Hits{"ramen"});
  EXPECT_EQ(Search("函館"), Hits{});
  const Hits ramen = Search("ラーメン");
  EXPECT_EQ(std::set<std::string>(ramen.begin(), ramen.end()), (Ids{"ramen", "2024-06-10-ramen"}));
  EXPECT_EQ(ramen.size(), 2u);
}

// Many small commits in one run (tiny memory budget): every document is
// counted once and found once.
TEST_F(IndexWriterTest, ManyCommitsInOneRunCountEachDocumentOnce) {
  const std::vector<std::string> places = {"札幌", "仙台", "金沢", "名古屋", "京都", "神戸", "広島", "福岡", "熊本", "那覇"};
  Ids want = kInitialIds;
  for (int i = 0; i < 120; ++i) {
    const std::string& place = places[i % places.size()];
    std::string body;
    for (int k = 0; k < 300; ++k) body += place + "の駅前で第" + std::to_string(i) + "回目の取材をしました。";
    WritePost("bulk/p" + std::to_string(i) + ".md", Post(place + "取材記録", body));
    want.insert("bulk/p" + std::to_string(i));
  }
  IndexWriterOptions options;
  options.threads = 1;
  options.sync = false;
  options.memory_budget = 1;  // the accumulator is committed whenever it passes 1 MiB
  std::unique_ptr<IndexWriter> writer;
  ASSERT_TRUE(IndexWriter::Open(db_, AnalyzerOptions{}, options, &writer).ok());
  IndexPathsReport r;
  ASSERT_TRUE(writer->IndexPaths({posts_.string()}, nullptr, nullptr, &r).ok());
  writer.reset();
  EXPECT_EQ(r.added, want.size());
  EXPECT_GE(r.commits, 2u);
  EXPECT_EQ(LiveIds(), want);
  const Hits kyoto = Search("京都");
  EXPECT_EQ(kyoto.size(), 12u);
  EXPECT_EQ(std::set<std::string>(kyoto.begin(), kyoto.end()).size(), kyoto.size());
}

TEST(IndexWriterApi, AddDeleteCommit) {
  sagasu::testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  IndexWriterOptions options;
  options.sync = false;
  std::unique_ptr<IndexWriter> writer;
  ASSERT_TRUE(IndexWriter::Open(db, AnalyzerOptions{}, options, &writer).ok());

  Article a;
  a.id = "a";
  a.title = "鎌倉の紫陽花";
  a.body = "明月院の青い紫陽花は、梅雨の時期にだけ見られます。";
  a.tags = {"花"};
  Article b;
  b.id = "b";
  b.title = "箱根の温泉";
  b.body = "大涌谷の黒たまごを食べてから、強羅の温泉に泊まりました。";
  ASSERT_TRUE(writer->Add(a).ok());
  ASSERT_TRUE(writer->Add(b).ok());
  Article no_id;
  no_id.title = "題名だけ";
  EXPECT_TRUE(writer->Add(no_id).IsInvalidArgument());
  ASSERT_TRUE(writer->Commit().ok());

  auto read = [&] {
    std::unique_ptr<Snapshot> reader;
    Status s = sagasu::testing::OpenSnapshot(db, &reader);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return reader;
  };
  {
    auto reader = read();
    EXPECT_EQ(reader->stats().live_docs, 2u);
    DocNum d;
    ASSERT_TRUE(reader->Lookup("a", &d).ok());
    Article got;
    ASSERT_TRUE(reader->GetDocument(d, &got).ok());
    EXPECT_EQ(got, a);
  }

  // Add replaces by id; the replaced version stops counting.
  Article a2 = a;
  a2.body = "長谷寺の紫陽花の小径を歩きました。";
  ASSERT_TRUE(writer->Add(a2).ok());
  ASSERT_TRUE(writer->Commit().ok());
  {
    auto reader = read();
    EXPECT_EQ(reader->stats().live_docs, 2u);
    DocNum d;
    ASSERT_TRUE(reader->Lookup("a", &d).ok());
    Article got;
    ASSERT_TRUE(reader->GetDocument(d, &got).ok());
    EXPECT_EQ(got.body, a2.body);
  }

  // Delete: unknown ids are reported, not an error; nothing changes before Commit.
  std::vector<std::string> not_found;
  ASSERT_TRUE(writer->Delete({"b", "存在しない", "c"}, &not_found).ok());
  EXPECT_EQ(not_found, (std::vector<std::string>{"存在しない", "c"}));
  EXPECT_EQ(read()->stats().live_docs, 2u);
  ASSERT_TRUE(writer->Commit().ok());
  {
    auto reader = read();
    EXPECT_EQ(reader->stats().live_docs, 1u);
    DocNum d;
    EXPECT_TRUE(reader->Lookup("b", &d).IsNotFound());
    std::vector<std::string> ids;
    ASSERT_TRUE(reader->ForEachId([&](std::string_view id, DocNum) { ids.emplace_back(id); }).ok());
    EXPECT_EQ(ids, std::vector<std::string>{"a"});
  }
  // A commit with nothing pending is a no-op.
  const std::uint64_t commits = read()->stats().commits;
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_EQ(read()->stats().commits, commits);
}

TEST(IndexWriterApi, LaterAddOfTheSameIdInOneCommitWins) {
  sagasu::testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  std::unique_ptr<IndexWriter> writer;
  IndexWriterOptions options;
  options.sync = false;
  ASSERT_TRUE(IndexWriter::Open(db, AnalyzerOptions{}, options, &writer).ok());
  Article v1{.id = "x", .title = "富士山の初冠雪", .body = "甲府から見た富士山が白くなりました。"};
  Article v2{.id = "x", .title = "富士山の山開き", .body = "吉田口から登山道が開通しました。"};
  ASSERT_TRUE(writer->Add(v1).ok());
  ASSERT_TRUE(writer->Add(v2).ok());
  ASSERT_TRUE(writer->Commit().ok());
  writer.reset();

  std::unique_ptr<Snapshot> reader;
  ASSERT_TRUE(sagasu::testing::OpenSnapshot(db, &reader).ok());
  EXPECT_EQ(reader->stats().live_docs, 1u);
  DocNum d;
  ASSERT_TRUE(reader->Lookup("x", &d).ok());
  Article got;
  ASSERT_TRUE(reader->GetDocument(d, &got).ok());
  EXPECT_EQ(got.title, "富士山の山開き");
  reader.reset();

  std::unique_ptr<Searcher> searcher;
  ASSERT_TRUE(Searcher::Open(db, SearchOptions{}, &searcher).ok());
  for (const auto& [query, want] : std::vector<std::pair<std::string, std::size_t>>{
           {"富士山", 1}, {"吉田", 1}, {"甲府", 0}, {"初冠雪", 0}}) {
    auto r = searcher->Search(SearchQuery{.text = query});
    ASSERT_TRUE(r.ok()) << query;
    EXPECT_EQ(r->hits.size(), want) << query;
  }
}

}  // namespace
}  // namespace sagasu
