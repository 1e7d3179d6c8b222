// RunWriter: a commit's postings go into its batch, or, for a commit of
// many terms, into table files added to the index ahead of the batch. Both
// give the same index; a commit that fails (or whose process dies) between
// the tables and the batch leaves its document numbers deleted, so that its
// postings never attach to the documents of a later commit.
#include "indexer/run_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "indexer/accumulator.h"
#include "indexer/change_set.h"
#include "indexer/index_writer.h"
#include "indexer/reanalyzer.h"
#include "query/searcher.h"
#include "storage/db.h"
#include "test_util.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kAlwaysTables = 0;
constexpr std::uint64_t kNeverTables = std::numeric_limits<std::uint64_t>::max();

Article Note(const std::string& id, const std::string& title, const std::string& body) {
  Article a;
  a.id = id;
  a.title = title;
  a.body = body;
  a.tags = {"旅行"};
  return a;
}

const std::vector<Article>& FirstNotes() {
  static const auto* notes = new std::vector<Article>{
      Note("hirosaki", "弘前城の桜を見に行った", "青森県の弘前公園では、堀を埋め尽くす花びらが見られます。夜桜も美しい。"),
      Note("ramen", "札幌で味噌ラーメンを食べ歩く", "すすきのの路地裏で、濃厚な味噌スープに縮れ麺を合わせた一杯を食べました。"),
      Note("kayak", "四万十川でカヤック体験", "高知県の清流をカヤックで下り、沈下橋の下をくぐりました。"),
  };
  return *notes;
}

const std::vector<Article>& SecondNotes() {
  static const auto* notes = new std::vector<Article>{
      // Replaces the first commit's "ramen".
      Note("ramen", "函館で塩ラーメンを食べる", "朝市で海鮮丼を食べたあと、あっさりした塩ラーメンの店に並びました。"),
      Note("kanazawa", "兼六園の雪吊り", "金沢の冬は、松の枝を縄で支える雪吊りが見事です。近江町市場の蟹も旬でした。"),
  };
  return *notes;
}

class RunWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Analyzer::Open(AnalyzerOptions{}, &analyzer_).ok());
    session_ = analyzer_->NewSession();
  }

  std::unique_ptr<IndexDb> OpenDb(const std::string& dir) {
    std::string entries;
    EXPECT_TRUE(EncodedUserDicEntries(*analyzer_, &entries).ok());
    std::unique_ptr<IndexDb> db;
    Status s = IndexDb::Open(dir, IndexDb::Mode::kReadWrite, analyzer_->Fingerprint(), analyzer_->Describe(), &db,
                             entries);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return db;
  }

  std::unique_ptr<RunWriter> NewRunWriter(const IndexDb& db, std::uint64_t table_bytes) {
    IndexStats stats;
    Roaring deleted;
    EXPECT_TRUE(db.ReadStats(&stats, &deleted).ok());
    return std::make_unique<RunWriter>(&db, /*sync=*/false, stats, std::move(deleted), table_bytes);
  }

  Status Commit(RunWriter* writer, const std::vector<Article>& docs) {
    auto acc = std::make_unique<Accumulator>();
    AnalyzedDoc scratch;
    for (const auto& a : docs) {
      PendingDoc pending;
      pending.id = a.id;
      pending.stored = EncodeStoredDoc(a);
      pending.content_hash = ContentHash(pending.stored);
      SAGASU_RETURN_IF_ERROR(AnalyzeAndAdd(session_.get(), a, std::move(pending), &scratch, acc.get()));
    }
    std::vector<std::unique_ptr<Accumulator>> accs;
    accs.push_back(std::move(acc));
    return writer->Commit(std::move(accs), {}, nullptr, nullptr, nullptr);
  }

  // Every postings key (prefix and first document) with its bytes.
  static std::map<std::pair<std::string, DocNum>, std::string> Postings(const IndexDb& db) {
    std::map<std::pair<std::string, DocNum>, std::string> out;
    IndexStats stats;
    EXPECT_TRUE(db.ReadStats(&stats, nullptr).ok());
    Status s = db.ForEachPostings(stats.next_doc, [&](std::string_view prefix, std::vector<RunValue>& runs) {
      for (auto& r : runs) out[{std::string(prefix), r.first}] = std::move(r.value);
      return Status::OK();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  static std::vector<std::string> Search(const std::string& dir, const std::string& text) {
    std::unique_ptr<Searcher> searcher;
    Status s = Searcher::Open(dir, SearchOptions{}, &searcher);
    EXPECT_TRUE(s.ok()) << s.ToString();
    if (!s.ok()) return {};
    auto r = searcher->Search(SearchQuery{.text = text, .limit = 100});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> ids;
    if (r.ok())
      for (const auto& h : r->hits) ids.push_back(h.id);
    return ids;
  }

  // Commits the one document with 孤児院 (in no other commit), failing it
  // with `injected` after its tables were added; the hook is then removed.
  Status CommitOrphanFailingAfterTables(RunWriter* writer, Status injected) {
    writer->SetAfterTablesHook([injected] { return injected; });
    Status s = Commit(writer, {Note("orphan", "孤児院への寄付", "孤児院の子どもたちに絵本を届けました。")});
    writer->SetAfterTablesHook(nullptr);
    return s;
  }

  static void ExpectWhole(const IndexDb& db) {
    IntegrityReport report;
    ASSERT_TRUE(db.Verify(/*full=*/true, &report).ok());
    std::string problems;
    for (const auto& p : report.problems) problems += p + "; ";
    EXPECT_TRUE(report.whole) << problems;
  }

  std::unique_ptr<Analyzer> analyzer_;
  std::unique_ptr<AnalyzerSession> session_;
  sagasu::testing::TempDir tmp_;
};

TEST_F(RunWriterTest, TablesHoldTheSamePostingsAsTheBatch) {
  std::map<std::pair<std::string, DocNum>, std::string> postings[2];
  const std::uint64_t table_bytes[2] = {kNeverTables, kAlwaysTables};
  for (int i = 0; i < 2; ++i) {
    const std::string dir = (tmp_.path() / ("db" + std::to_string(i))).string();
    {
      auto db = OpenDb(dir);
      ASSERT_TRUE(db);
      auto writer = NewRunWriter(*db, table_bytes[i]);
      ASSERT_TRUE(Commit(writer.get(), FirstNotes()).ok());
      // The second commit's tables overlap the first's key range.
      ASSERT_TRUE(Commit(writer.get(), SecondNotes()).ok());
      ASSERT_TRUE(db->FlushAll().ok());
      postings[i] = Postings(*db);
      ExpectWhole(*db);
      // No table file is left behind outside the index.
      for (const auto& e : fs::directory_iterator(dir)) EXPECT_FALSE(e.path().extension() == ".tmp") << e.path();
    }
    EXPECT_EQ(Search(dir, "塩ラーメン"), std::vector<std::string>{"ramen"});
    EXPECT_EQ(Search(dir, "雪吊り"), std::vector<std::string>{"kanazawa"});
    EXPECT_TRUE(Search(dir, "味噌").empty());  // the replaced version
  }
  // Two commits: runs at document 0 and at document 3, in all three streams.
  ASSERT_GT(postings[0].size(), 100u);
  EXPECT_EQ(postings[0], postings[1]);
}

TEST_F(RunWriterTest, ACommitThatFailsAfterItsTablesLeavesItsNumbersDeleted) {
  const std::string dir = (tmp_.path() / "db").string();
  auto db = OpenDb(dir);
  ASSERT_TRUE(db);
  auto writer = NewRunWriter(*db, kAlwaysTables);
  ASSERT_TRUE(Commit(writer.get(), FirstNotes()).ok());
  Status failed = CommitOrphanFailingAfterTables(writer.get(), Status::IOError("disk full (injected)"));
  EXPECT_TRUE(failed.IsIOError()) << failed.ToString();
  EXPECT_EQ(writer->stats().next_doc, 3u);
  // The next commit takes numbers after the failed one's, which are deleted.
  ASSERT_TRUE(Commit(writer.get(), SecondNotes()).ok());
  EXPECT_EQ(writer->stats().next_doc, 6u);
  EXPECT_EQ(writer->stats().live_docs, 4u);
  EXPECT_TRUE(writer->deleted().contains(3u));
  ASSERT_TRUE(db->FlushAll().ok());
  ExpectWhole(*db);
  db.reset();
  EXPECT_TRUE(Search(dir, "孤児院").empty());
  EXPECT_EQ(Search(dir, "雪吊り"), std::vector<std::string>{"kanazawa"});
}

TEST_F(RunWriterTest, AWriterKilledAfterItsTablesIsRecoveredByTheNextWriter) {
  const std::string dir = (tmp_.path() / "db").string();
  {
    auto db = OpenDb(dir);
    ASSERT_TRUE(db);
    auto writer = NewRunWriter(*db, kAlwaysTables);
    ASSERT_TRUE(Commit(writer.get(), FirstNotes()).ok());
    EXPECT_FALSE(CommitOrphanFailingAfterTables(writer.get(), Status::Aborted("killed (injected)")).ok());
    // The process dies here: no recovery, a table file half written.
    std::ofstream(fs::path(dir) / "ingest-1-0.tmp") << "partial";
  }
  // A reader in between sees the last commit only.
  EXPECT_TRUE(Search(dir, "孤児院").empty());
  EXPECT_EQ(Search(dir, "桜").size(), 1u);

  // The next writer (as `sagasu index` opens one) recovers, then commits.
  IndexWriterOptions options;
  options.sync = false;
  {
    std::unique_ptr<IndexWriter> writer;
    Status s = IndexWriter::Open(dir, AnalyzerOptions{}, options, &writer);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_FALSE(fs::exists(fs::path(dir) / "ingest-1-0.tmp"));
    for (const auto& a : SecondNotes()) ASSERT_TRUE(writer->Add(a).ok());
    ASSERT_TRUE(writer->Commit().ok());
  }
  EXPECT_TRUE(Search(dir, "孤児院").empty());
  EXPECT_EQ(Search(dir, "塩ラーメン"), std::vector<std::string>{"ramen"});
  auto db = OpenDb(dir);
  ASSERT_TRUE(db);
  IndexStats stats;
  Roaring deleted;
  ASSERT_TRUE(db->ReadStats(&stats, &deleted).ok());
  EXPECT_EQ(stats.next_doc, 6u);  // 3, the lost one, 2
  EXPECT_EQ(stats.live_docs, 4u);
  EXPECT_TRUE(deleted.contains(3u));
  ExpectWhole(*db);
}

}  // namespace
}  // namespace sagasu
