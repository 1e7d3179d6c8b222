// Snapshot (and the Searcher on top of it): the checks made when an index
// is opened (analyzer fingerprint, format version, missing index) and the
// snapshot a reader holds while a writer goes on committing.
#include "storage/snapshot.h"
#include "storage/open_snapshot.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <rocksdb/db.h>

#include "storage/keys.h"
#include "indexer/index_writer.h"
#include "query/searcher.h"
#include "test_util.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;

Article Doc(std::string id, std::string title, std::string body, std::vector<std::string> tags = {}) {
  Article d;
  d.id = std::move(id);
  d.title = std::move(title);
  d.body = std::move(body);
  d.tags = std::move(tags);
  return d;
}

// Builds an index of three documents at `db` with the default analyzer.
void BuildIndex(const std::string& db) {
  std::unique_ptr<IndexWriter> writer;
  IndexWriterOptions options;
  options.sync = false;
  Status s = IndexWriter::Open(db, AnalyzerOptions{}, options, &writer);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(writer->Add(Doc("tsuyu", "梅雨のない北海道", "六月の札幌は湿度が低く、過ごしやすい。", {"旅行", "北海道"})).ok());
  ASSERT_TRUE(writer->Add(Doc("reikyaku", "液浸冷却のデータセンター", "生成AIの学習でサーバーの発熱が増えている。", {"IT"})).ok());
  ASSERT_TRUE(writer->Add(Doc("kondate", "生成AIで献立を考える", "冷蔵庫の残り物から一週間の献立を作ってもらった。", {"IT", "料理"})).ok());
  s = writer->Commit();
  ASSERT_TRUE(s.ok()) << s.ToString();
}

std::vector<std::string> SearchIds(const Searcher& searcher, const std::string& query) {
  SearchQuery req;
  req.text = query;
  req.limit = 50;
  auto r = searcher.Search(req);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> ids;
  if (r.ok()) {
    for (const auto& h : r->hits) ids.push_back(h.id);
  }
  return ids;
}

TEST(Snapshot, ReadsWhatTheWriterCommitted) {
  sagasu::testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  BuildIndex(db);
  std::unique_ptr<Snapshot> reader;
  Status s = sagasu::testing::OpenSnapshot(db, &reader);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(reader->stats().live_docs, 3u);
  EXPECT_EQ(reader->stats().next_doc, 3u);
  std::vector<std::string> ids;
  ASSERT_TRUE(reader->ForEachId([&](std::string_view id, DocNum) { ids.emplace_back(id); }).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"kondate", "reikyaku", "tsuyu"}));

  DocNum d;
  ASSERT_TRUE(reader->Lookup("tsuyu", &d).ok());
  Article doc;
  ASSERT_TRUE(reader->GetDocument(d, &doc).ok());
  EXPECT_EQ(doc, Doc("tsuyu", "梅雨のない北海道", "六月の札幌は湿度が低く、過ごしやすい。", {"旅行", "北海道"}));
  EXPECT_GT(reader->len(d)[format::kFieldTitle], 0u);
  EXPECT_GT(reader->len(d)[format::kFieldBody], reader->len(d)[format::kFieldTitle]);
  EXPECT_TRUE(reader->Lookup("nai", &d).IsNotFound());

  // Facets: exact values, and ASCII case folded.
  ASSERT_NE(reader->FacetDocs(format::kFacetTag, "IT"), nullptr);
  EXPECT_EQ(reader->FacetDocs(format::kFacetTag, "IT")->cardinality(), 2u);
  EXPECT_EQ(reader->FacetDocs(format::kFacetTag, "it"), nullptr);  // exact only; the query folds case
  ASSERT_NE(reader->FacetDocs(format::kFacetTag, "北海道"), nullptr);
  EXPECT_EQ(reader->FacetDocs(format::kFacetTag, "北海道")->cardinality(), 1u);
  EXPECT_EQ(reader->FacetDocs(format::kFacetTag, "九州"), nullptr);

  // A term's postings: 生成ai is in two documents (kept whole by the user dictionary).
  std::vector<std::unique_ptr<TermRun>> runs;
  ASSERT_TRUE(reader->ReadTerm(format::kStreamWords, "生成ai", &runs).ok());
  std::size_t docs = 0;
  for (const auto& r : runs) docs += r->reader.doc_count();
  EXPECT_EQ(docs, 2u);
  ASSERT_TRUE(reader->ReadTerm(format::kStreamWords, "存在しない語", &runs).ok());
  EXPECT_TRUE(runs.empty());
}

// Terms read through one shared iterator (a query's PostingsScan), in any
// order, known or not, give the runs a read of their own gives, and the
// runs stay readable while the scan goes on to other terms.
TEST(Snapshot, ReadsThroughOneScanAsAlone) {
  sagasu::testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  BuildIndex(db);
  std::unique_ptr<Snapshot> reader;
  ASSERT_TRUE(sagasu::testing::OpenSnapshot(db, &reader).ok());
  const std::vector<std::pair<format::Stream, std::string>> terms = {
      {format::kStreamWords, "生成ai"}, {format::kStreamNgram, "献立"},  {format::kStreamWords, "存在しない語"},
      {format::kStreamWords, "献立"},   {format::kStreamNgram, "冷却"},  {format::kStreamWords, "北海道"},
      {format::kStreamNgram, "献立"},   {format::kStreamWords, "生成ai"}};
  const std::shared_ptr<PostingsScan> scan = reader->NewPostingsScan();
  std::vector<std::vector<std::unique_ptr<TermRun>>> shared(terms.size());
  std::size_t found = 0;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    ASSERT_TRUE(reader->ReadTerm(terms[i].first, terms[i].second, &shared[i], scan).ok());
  }
  for (std::size_t i = 0; i < terms.size(); ++i) {
    std::vector<std::unique_ptr<TermRun>> alone;
    ASSERT_TRUE(reader->ReadTerm(terms[i].first, terms[i].second, &alone).ok());
    ASSERT_EQ(shared[i].size(), alone.size()) << terms[i].second;
    for (std::size_t r = 0; r < alone.size(); ++r) {
      EXPECT_EQ(shared[i][r]->reader.doc_count(), alone[r]->reader.doc_count()) << terms[i].second;
      DocNum a[kBlockSize], b[kBlockSize];
      BlockFreqs fa, fb;
      ASSERT_TRUE(shared[i][r]->reader.DecodeBlock(0, a, &fa).ok());
      ASSERT_TRUE(alone[r]->reader.DecodeBlock(0, b, &fb).ok());
      EXPECT_TRUE(std::equal(a, a + alone[r]->reader.block(0).doc_count, b)) << terms[i].second;
      ++found;
    }
  }
  EXPECT_GE(found, 6u);
  EXPECT_TRUE(shared[2].empty());
}

TEST(Snapshot, MissingIndexIsNotFound) {
  sagasu::testing::TempDir tmp;
  std::unique_ptr<Snapshot> reader;
  Status s = sagasu::testing::OpenSnapshot((tmp.path() / "nothing-here").string(), &reader);
  EXPECT_TRUE(s.IsNotFound()) << s.ToString();
  EXPECT_NE(s.message().find("nothing-here"), std::string::npos) << s.ToString();
  EXPECT_EQ(reader, nullptr);
  // Reading must not create anything.
  EXPECT_FALSE(fs::exists(tmp.path() / "nothing-here"));
}

// Opening an index with an analyzer configuration other than the one it was
// built with would silently miss terms; every opener refuses instead.
TEST(Snapshot, RefusesAnotherAnalyzerConfiguration) {
  sagasu::testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  BuildIndex(db);

  struct Case {
    const char* name;
    AnalyzerOptions options;
  };
  std::vector<Case> cases;
  {
    AnalyzerOptions o;
    o.use_builtin_user_dic = false;
    cases.push_back({"without the built-in user dictionary", o});
  }
  const fs::path extra_dic = fs::path(SAGASU_BINARY_DIR) / "dicts" / "sagasu-user.dic";
  if (fs::exists(extra_dic)) {
    AnalyzerOptions o;
    o.user_dics = {extra_dic.string()};
    cases.push_back({"with an extra user dictionary", o});
  }
  {
    AnalyzerOptions o;
    o.stopwords_file = "-";
    cases.push_back({"without stop words", o});
  }
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::unique_ptr<Analyzer> analyzer;
    ASSERT_TRUE(Analyzer::Open(c.options, &analyzer).ok());
    std::unique_ptr<Snapshot> reader;
    Status s = Snapshot::Open(db, analyzer->Fingerprint(), &reader);
    EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
    EXPECT_NE(s.message().find("analyzer or dictionary"), std::string::npos) << s.ToString();
    EXPECT_EQ(reader, nullptr);

    // A writer told never to re-analyze refuses too (the default re-analyzes
    // what a user dictionary or folding rule change affects: reanalyzer_test).
    std::unique_ptr<IndexWriter> writer;
    IndexWriterOptions never;
    never.reanalyze = ReanalyzeMode::kNever;
    s = IndexWriter::Open(db, c.options, never, &writer);
    EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
    EXPECT_EQ(writer, nullptr);

    std::unique_ptr<Searcher> searcher;
    SearchOptions so;
    so.analyzer = c.options;
    s = Searcher::Open(db, so, &searcher);
    EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  }
  {
    // Other stop words can change how any document is cut: even the default
    // writer refuses and says how to re-analyze everything.
    AnalyzerOptions o;
    o.stopwords_file = "-";
    std::unique_ptr<IndexWriter> writer;
    Status s = IndexWriter::Open(db, o, IndexWriterOptions{}, &writer);
    EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
    EXPECT_NE(s.message().find("--reanalyze all"), std::string::npos) << s.ToString();
    EXPECT_EQ(writer, nullptr);
  }
  // The refusals changed nothing: the right configuration still reads it.
  std::unique_ptr<Snapshot> reader;
  Status s = sagasu::testing::OpenSnapshot(db, &reader);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(reader->stats().live_docs, 3u);
}

// Overwrites meta/format_version of the index at `db`, through RocksDB.
void SetFormatVersion(const std::string& db, const std::string& version) {
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), db, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(rocksdb::DBOptions(), db, cfs, &handles, &raw);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::unique_ptr<rocksdb::DB> rdb(raw);
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == keys::kCfMeta) meta = handles[i];
  }
  ASSERT_NE(meta, nullptr);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  EXPECT_TRUE(rdb->Put(wo, meta, std::string(keys::kMetaFormatVersion), version).ok());
  EXPECT_TRUE(rdb->Flush(rocksdb::FlushOptions(), meta).ok());
  for (auto* h : handles) EXPECT_TRUE(rdb->DestroyColumnFamilyHandle(h).ok());
  EXPECT_TRUE(rdb->Close().ok());
}

TEST(Snapshot, RefusesAnotherFormatVersion) {
  sagasu::testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  BuildIndex(db);
  SetFormatVersion(db, std::to_string(keys::kFormatVersion + 1));

  const std::string want = "format version " + std::to_string(keys::kFormatVersion + 1);
  std::unique_ptr<Snapshot> reader;
  Status s = sagasu::testing::OpenSnapshot(db, &reader);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find(want), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("rebuild"), std::string::npos) << s.ToString();

  std::unique_ptr<IndexWriter> writer;
  s = IndexWriter::Open(db, AnalyzerOptions{}, IndexWriterOptions{}, &writer);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find(want), std::string::npos) << s.ToString();

  // Back to the right version: readable again, nothing lost.
  SetFormatVersion(db, std::to_string(keys::kFormatVersion));
  s = sagasu::testing::OpenSnapshot(db, &reader);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(reader->stats().live_docs, 3u);
}

// A Searcher is a snapshot: commits made after it was opened are not seen by
// it, and are seen by one opened afterwards. Several commits between the two
// make RocksDB flush and compact underneath the old Searcher.
TEST(Searcher, SeesTheIndexAsOfOpen) {
  sagasu::testing::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  BuildIndex(db);

  std::unique_ptr<Searcher> before;
  ASSERT_TRUE(Searcher::Open(db, SearchOptions{}, &before).ok());
  EXPECT_EQ(before->document_count(), 3u);

  std::unique_ptr<IndexWriter> writer;
  IndexWriterOptions options;
  options.sync = false;
  ASSERT_TRUE(IndexWriter::Open(db, AnalyzerOptions{}, options, &writer).ok());
  const std::vector<std::string> cities = {"函館", "小樽", "釧路", "帯広", "旭川", "稚内", "根室", "網走"};
  for (std::size_t i = 0; i < cities.size(); ++i) {
    ASSERT_TRUE(writer->Add(Doc("city" + std::to_string(i), cities[i] + "の夏", cities[i] + "の北海道らしい夏を歩いた。")).ok());
    ASSERT_TRUE(writer->Commit().ok());
  }
  std::vector<std::string> not_found;
  ASSERT_TRUE(writer->Delete({"tsuyu"}, &not_found).ok());
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_TRUE(not_found.empty());

  // The old snapshot: three documents, tsuyu still there, no new cities.
  EXPECT_EQ(before->document_count(), 3u);
  EXPECT_EQ(SearchIds(*before, "北海道"), std::vector<std::string>{"tsuyu"});
  EXPECT_EQ(SearchIds(*before, "函館"), std::vector<std::string>{});
  EXPECT_EQ(SearchIds(*before, "網走"), std::vector<std::string>{});

  std::unique_ptr<Searcher> after;
  ASSERT_TRUE(Searcher::Open(db, SearchOptions{}, &after).ok());
  EXPECT_EQ(after->document_count(), 3u - 1 + cities.size());
  EXPECT_EQ(SearchIds(*after, "函館"), std::vector<std::string>{"city0"});
  EXPECT_EQ(SearchIds(*after, "網走"), std::vector<std::string>{"city7"});
  EXPECT_EQ(SearchIds(*after, "梅雨"), std::vector<std::string>{});
  EXPECT_EQ(SearchIds(*after, "北海道").size(), cities.size());
}

}  // namespace
}  // namespace sagasu
