// Run merging: an index written in many small commits (one run per commit)
// is merged into one run per term; searches find the same documents, and
// the postings of deleted or replaced versions are gone.
#include "indexer/run_merger.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "indexer/index_writer.h"
#include "query/searcher.h"
#include "storage/db.h"
#include "storage/keys.h"
#include "storage/posting_codec.h"
#include "test_util.h"

namespace sagasu {
namespace {

// Eighteen short travel notes, written six commits of three.
const std::vector<Article>& Notes() {
  static const auto* notes = [] {
    const std::vector<std::pair<std::string, std::string>> places = {
        {"弘前", "弘前公園の桜と城"},     {"札幌", "札幌の味噌ラーメン"},   {"高知", "四万十川のカヤック"},
        {"金沢", "兼六園の雪吊り"},       {"京都", "嵐山の竹林と渡月橋"},   {"神戸", "異人館と港の夜景"},
        {"広島", "宮島の大鳥居"},         {"福岡", "中洲の屋台ラーメン"},   {"熊本", "熊本城の石垣"},
        {"那覇", "首里城と国際通り"},     {"仙台", "牛タンと定禅寺通り"},   {"長崎", "稲佐山の夜景"},
        {"松本", "松本城と北アルプス"},   {"奈良", "東大寺の大仏と鹿"},     {"函館", "函館山の夜景と朝市"},
        {"鎌倉", "鶴岡八幡宮と大仏"},     {"日光", "東照宮の陽明門"},       {"富山", "黒部峡谷のトロッコ"},
    };
    auto* v = new std::vector<Article>;
    for (std::size_t i = 0; i < places.size(); ++i) {
      Article a;
      a.id = "note-" + std::to_string(i);
      a.title = places[i].first + "の旅";
      a.body = places[i].second + "を見に行きました。旅の記録です。";
      a.tags = {i % 2 ? "夜景" : "旅行"};
      v->push_back(a);
    }
    return v;
  }();
  return *notes;
}

class RunMergerTest : public ::testing::Test {
 protected:
  // Readers open the index while no writer is open: a live writer's
  // background compaction may delete files a read-only open is reading.
  void SetUp() override {
    ASSERT_TRUE(Analyzer::Open(AnalyzerOptions{}, &analyzer_).ok());
    OpenWriter();
    for (std::size_t i = 0; i < Notes().size(); ++i) {
      ASSERT_TRUE(writer_->Add(Notes()[i]).ok());
      if (i % 3 == 2) {
        ASSERT_TRUE(writer_->Commit().ok());
      }
    }
    // A replaced version (the old text mentions 弘前) and a deleted note.
    Article replaced = Notes()[0];
    replaced.title = "角館の旅";
    replaced.body = "武家屋敷としだれ桜を見に行きました。旅の記録です。";
    ASSERT_TRUE(writer_->Add(replaced).ok());
    ASSERT_TRUE(writer_->Commit().ok());
    ASSERT_TRUE(writer_->Delete({"note-1"}, nullptr).ok());  // 札幌
    ASSERT_TRUE(writer_->Commit().ok());
    writer_.reset();
  }

  void OpenWriter() {
    IndexWriterOptions options;
    options.sync = false;
    ASSERT_TRUE(IndexWriter::Open(db_, AnalyzerOptions{}, options, &writer_).ok());
  }

  // Ids found for `query`, sorted (scores change with exact statistics).
  std::vector<std::string> Found(const std::string& query) {
    std::unique_ptr<Searcher> searcher;
    EXPECT_TRUE(Searcher::Open(db_, SearchOptions{}, &searcher).ok());
    if (!searcher) return {};
    auto r = searcher->Search(SearchQuery{.text = query, .limit = 100});
    EXPECT_TRUE(r.ok()) << query;
    std::vector<std::string> ids;
    if (r.ok())
      for (const auto& h : r->hits) ids.push_back(h.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // Postings prefix -> the documents of each of its runs.
  std::map<std::string, std::vector<std::vector<DocNum>>> Runs() {
    std::map<std::string, std::vector<std::vector<DocNum>>> out;
    std::unique_ptr<IndexDb> db;
    Status s = IndexDb::Open(db_, IndexDb::Mode::kReadOnly, analyzer_->Fingerprint(), "", &db);
    EXPECT_TRUE(s.ok()) << s.ToString();
    if (!s.ok()) return out;
    IndexStats stats;
    EXPECT_TRUE(db->ReadStats(&stats, nullptr).ok());
    s = db->ForEachPostings(stats.next_doc, [&](std::string_view prefix, std::vector<RunValue>& runs) {
      for (const auto& run : runs) {
        PostingRunReader reader;
        SAGASU_RETURN_IF_ERROR(reader.Init(run.value, run.first));
        std::vector<DocNum> docs;
        DocNum d[kBlockSize];
        BlockFreqs tf;
        for (std::size_t b = 0; b < reader.block_count(); ++b) {
          SAGASU_RETURN_IF_ERROR(reader.DecodeBlock(b, d, &tf));
          docs.insert(docs.end(), d, d + reader.block(b).doc_count);
        }
        out[std::string(prefix)].push_back(docs);
      }
      return Status::OK();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  // The postings prefix of the single term `word` analyzes to.
  std::string Prefix(const std::string& word) {
    std::vector<Term> terms;
    analyzer_->NewSession()->Analyze(word, 0, false, &terms);
    EXPECT_EQ(terms.size(), 1u) << word;
    return terms.empty() ? "" : keys::PostingsPrefix(keys::kStreamWords, terms[0].text);
  }

  sagasu::testing::TempDir tmp_;
  std::string db_ = (tmp_.path() / "db").string();
  std::unique_ptr<Analyzer> analyzer_;
  std::unique_ptr<IndexWriter> writer_;
};

// A merge shares the postings out over threads by key range
// (IndexDb::SplitPostings): the ranges hold whole prefixes, in order, and
// together every run once.
TEST_F(RunMergerTest, SplitPostingsCutsTheRunsIntoRangesOfWholePrefixes) {
  std::unique_ptr<IndexDb> db;
  ASSERT_TRUE(IndexDb::Open(db_, IndexDb::Mode::kReadOnly, analyzer_->Fingerprint(), "", &db).ok());
  IndexStats stats;
  ASSERT_TRUE(db->ReadStats(&stats, nullptr).ok());
  // Every (prefix, run) in key order, from one scan and from the ranges.
  using Seen = std::vector<std::pair<std::string, DocNum>>;
  const auto scan = [&](std::string_view from, std::string_view to, Seen* seen) {
    return db->ForEachPostings(
        stats.next_doc,
        [&](std::string_view prefix, std::vector<RunValue>& runs) {
          for (const auto& r : runs) seen->emplace_back(std::string(prefix), r.first);
          return Status::OK();
        },
        from, to);
  };
  Seen all;
  ASSERT_TRUE(scan({}, {}, &all).ok());
  ASSERT_GT(all.size(), 100u);
  for (std::size_t n : {2u, 3u, 4u, 8u}) {
    std::vector<std::string> bounds;
    ASSERT_TRUE(db->SplitPostings(n, &bounds).ok());
    EXPECT_GE(bounds.size(), 1u) << n;
    EXPECT_LE(bounds.size(), n - 1);
    EXPECT_TRUE(std::is_sorted(bounds.begin(), bounds.end()));
    EXPECT_EQ(std::adjacent_find(bounds.begin(), bounds.end()), bounds.end());
    Seen ranges;
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
      Seen part;
      ASSERT_TRUE(scan(i == 0 ? std::string_view() : bounds[i - 1], i < bounds.size() ? bounds[i] : std::string_view(),
                       &part)
                      .ok());
      EXPECT_FALSE(part.empty()) << n << " range " << i;
      // Each bound is where a prefix's runs begin.
      if (i > 0 && !part.empty()) {
        EXPECT_EQ(part.front().first, bounds[i - 1]);
      }
      ranges.insert(ranges.end(), part.begin(), part.end());
    }
    EXPECT_EQ(ranges, all) << n;
  }
  std::vector<std::string> none;
  ASSERT_TRUE(db->SplitPostings(1, &none).ok());
  EXPECT_TRUE(none.empty());
}

TEST_F(RunMergerTest, OneRunPerTermSameResultsDeletedPostingsDropped) {
  const std::vector<std::string> queries = {"旅", "夜景", "ラーメン", "大仏", "弘前", "角館", "札幌", "城"};
  std::map<std::string, std::vector<std::string>> before;
  for (const auto& q : queries) before[q] = Found(q);
  // 夜景 in the text (5, 11, 14) or as the tag of an odd note (1 is deleted).
  EXPECT_EQ(before["夜景"], (std::vector<std::string>{"note-11", "note-13", "note-14", "note-15", "note-17", "note-3",
                                                      "note-5", "note-7", "note-9"}));
  EXPECT_EQ(before["弘前"], std::vector<std::string>{});  // replaced
  EXPECT_EQ(before["札幌"], std::vector<std::string>{});  // deleted
  EXPECT_EQ(before["角館"], std::vector<std::string>{"note-0"});
  EXPECT_EQ(before["旅"].size(), 17u);

  const auto runs_before = Runs();
  const std::string tabi = Prefix("旅");
  ASSERT_TRUE(runs_before.count(tabi));
  EXPECT_EQ(runs_before.at(tabi).size(), 7u);  // six commits of three, and the replacement
  ASSERT_TRUE(runs_before.count(Prefix("弘前")));
  std::uint64_t postings_before = 0;
  for (const auto& [prefix, runs] : runs_before)
    for (const auto& r : runs) postings_before += r.size();

  OpenWriter();
  MergeReport report;
  ASSERT_TRUE(writer_->Optimize(&report).ok());
  writer_.reset();
  EXPECT_EQ(report.documents_purged, 2u);  // note-0's first version, note-1
  EXPECT_GT(report.terms_rewritten, 0u);

  const auto runs_after = Runs();
  std::uint64_t postings_after = 0;
  for (const auto& [prefix, runs] : runs_after) {
    EXPECT_EQ(runs.size(), 1u) << prefix;
    for (const auto& r : runs) {
      EXPECT_TRUE(std::is_sorted(r.begin(), r.end())) << prefix;
      // Neither the old note-0 (DocNum 0) nor note-1 (DocNum 1) is listed.
      EXPECT_EQ(std::count(r.begin(), r.end(), 0u), 0) << prefix;
      EXPECT_EQ(std::count(r.begin(), r.end(), 1u), 0) << prefix;
      postings_after += r.size();
    }
  }
  EXPECT_EQ(report.runs_after, runs_after.size());
  EXPECT_EQ(postings_before - postings_after, report.postings_dropped);
  EXPECT_GT(report.postings_dropped, 0u);
  // Terms only the dropped versions had have no postings left.
  EXPECT_FALSE(runs_after.count(Prefix("弘前")));
  EXPECT_FALSE(runs_after.count(Prefix("札幌")));
  ASSERT_TRUE(runs_after.count(tabi));
  EXPECT_EQ(runs_after.at(tabi)[0].size(), 17u);

  for (const auto& q : queries) EXPECT_EQ(Found(q), before[q]) << q;

  // A second merge finds nothing to do.
  OpenWriter();
  MergeReport again;
  ASSERT_TRUE(writer_->Optimize(&again).ok());
  EXPECT_EQ(again.terms_rewritten, 0u);
  EXPECT_EQ(again.postings_dropped, 0u);
}

}  // namespace
}  // namespace sagasu
