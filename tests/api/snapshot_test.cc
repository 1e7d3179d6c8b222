// Index::Snapshot (`sagasu snapshot`): a copy taken while another thread
// commits is one whole commit, passes Check and opens as an index of its
// own; errors name the destination.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "sagasu/sagasu.h"
#include "test_util.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;

constexpr int kPerBatch = 5;
const char* kPlaces[] = {"北海道", "京都", "札幌", "富良野", "函館"};

// Post j of batch b: every post says 梅雨, so one query lists them all.
Article Post(int b, int j) {
  Article a;
  a.id = "b" + std::to_string(b) + "-" + std::to_string(j);
  a.title = std::string(kPlaces[j]) + "で梅雨を過ごす " + std::to_string(b);
  a.body = std::string(kPlaces[j]) + "の梅雨は短い。第" + std::to_string(b) + "回の旅行記では雨の日の過ごし方を書いた。";
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

// The ids a search for 梅雨 finds in the index at `dir` (read-only).
std::set<std::string> Ids(const std::string& dir) {
  auto index = OpenOrDie(dir, IndexOptions::Mode::kReadOnly);
  if (!index) return {};
  SearchQuery q;
  q.text = "梅雨";
  q.limit = 1000;
  Result<SearchResponse> r = index->Search(q);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  std::set<std::string> ids;
  if (r.ok()) {
    for (const auto& h : r->hits) ids.insert(h.id);
    EXPECT_EQ(r->total, ids.size());
  }
  return ids;
}

std::set<std::string> FirstBatches(int batches) {
  std::set<std::string> ids;
  for (int b = 0; b < batches; ++b) {
    for (int j = 0; j < kPerBatch; ++j) ids.insert(Post(b, j).id);
  }
  return ids;
}

void ExpectWhole(const std::string& dir, std::uint64_t generation, std::uint64_t documents) {
  IndexCheckReport check;
  ASSERT_TRUE(Index::Check(dir, &check).ok());
  EXPECT_TRUE(check.whole) << dir << ": " << (check.problems.empty() ? "" : check.problems[0]);
  EXPECT_EQ(check.generation, generation) << dir;
  EXPECT_EQ(check.recorded_generation, generation) << dir << ": the copy's commit file";
  EXPECT_EQ(check.documents, documents) << dir;
  EXPECT_EQ(check.stray_files, 0u) << dir;
}

TEST(Snapshot, WhileAnotherThreadCommitsEachCopyHoldsExactlyTheBatchesOfOneCommit) {
  testing::TempDir tmp;
  const std::string dir = (tmp.path() / "db").string();
  auto writer = OpenOrDie(dir, IndexOptions::Mode::kReadWrite);
  ASSERT_TRUE(writer);
  constexpr int kBatches = 24;
  std::atomic<bool> done{false};
  std::thread commits([&] {
    for (int b = 0; b < kBatches; ++b) {
      for (int j = 0; j < kPerBatch; ++j) ASSERT_TRUE(writer->Add(Post(b, j)).ok());
      ASSERT_TRUE(writer->Commit().ok());
      if (b == kBatches / 2) {
        ASSERT_TRUE(writer->Optimize().ok());  // a merge deletes table files too
      }
    }
    done = true;
  });
  std::vector<std::pair<std::string, SnapshotReport>> copies;
  for (int i = 0; i < 60 && (!done || copies.size() < 2); ++i) {
    const std::string dest = (tmp.path() / ("snap" + std::to_string(i))).string();
    SnapshotReport r;
    Status s = writer->Snapshot(dest, &r);
    ASSERT_TRUE(s.ok()) << s.ToString();
    copies.emplace_back(dest, r);
  }
  commits.join();
  for (const auto& [dest, r] : copies) {
    SCOPED_TRACE(dest);
    EXPECT_EQ(r.path, dest);
    ASSERT_EQ(r.documents % kPerBatch, 0u) << "a copy holds part of a commit";
    ExpectWhole(dest, r.generation, r.documents);
    EXPECT_EQ(Ids(dest), FirstBatches(static_cast<int>(r.documents / kPerBatch)));
  }
  // The last copies were taken after the last commit.
  EXPECT_EQ(copies.back().second.documents, static_cast<std::uint64_t>(kBatches * kPerBatch));
}

TEST(Snapshot, CopyStaysAsItWasWhenTheSourceIsWrittenAndMerged) {
  testing::TempDir tmp;
  const std::string dir = (tmp.path() / "db").string(), dest = (tmp.path() / "snap").string();
  {
    auto writer = OpenOrDie(dir, IndexOptions::Mode::kReadWrite);
    ASSERT_TRUE(writer);
    for (int j = 0; j < kPerBatch; ++j) ASSERT_TRUE(writer->Add(Post(0, j)).ok());
    ASSERT_TRUE(writer->Commit().ok());
  }
  // The static form: no writer is open.
  SnapshotReport r;
  ASSERT_TRUE(Index::Snapshot(dir, dest, &r).ok());
  EXPECT_EQ(r.documents, static_cast<std::uint64_t>(kPerBatch));
  {
    auto writer = OpenOrDie(dir, IndexOptions::Mode::kReadWrite);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->Delete("b0-0").ok());
    for (int j = 0; j < kPerBatch; ++j) ASSERT_TRUE(writer->Add(Post(1, j)).ok());
    ASSERT_TRUE(writer->Commit().ok());
    ASSERT_TRUE(writer->Optimize().ok());
  }
  ExpectWhole(dest, r.generation, kPerBatch);
  EXPECT_EQ(Ids(dest), FirstBatches(1));
  std::set<std::string> now = FirstBatches(2);
  now.erase("b0-0");
  EXPECT_EQ(Ids(dir), now);
}

TEST(Snapshot, ErrorsNameTheDestinationAndCreateNothing) {
  testing::TempDir tmp;
  const std::string dir = (tmp.path() / "db").string();
  auto writer = OpenOrDie(dir, IndexOptions::Mode::kReadWrite);
  ASSERT_TRUE(writer);
  for (int j = 0; j < kPerBatch; ++j) ASSERT_TRUE(writer->Add(Post(0, j)).ok());
  ASSERT_TRUE(writer->Commit().ok());

  const std::string full = tmp.Write("full/keep.txt", "x").parent_path().string();
  Status s = writer->Snapshot(full, nullptr);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find(full), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("not empty"), std::string::npos) << s.message();
  EXPECT_TRUE(fs::exists(fs::path(full) / "keep.txt"));

  const std::string file = tmp.Write("a-file", "x").string();
  s = writer->Snapshot(file, nullptr);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find("not a directory"), std::string::npos) << s.message();

  const std::string orphan = (tmp.path() / "missing" / "snap").string();
  s = writer->Snapshot(orphan, nullptr);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find((tmp.path() / "missing").string()), std::string::npos) << s.message();
  EXPECT_FALSE(fs::exists(tmp.path() / "missing"));

  // An empty directory is taken (replaced by the copy); a trailing / too.
  fs::create_directory(tmp.path() / "empty");
  SnapshotReport r;
  ASSERT_TRUE(writer->Snapshot((tmp.path() / "empty").string() + "/", &r).ok());
  ExpectWhole((tmp.path() / "empty").string(), r.generation, kPerBatch);
  EXPECT_FALSE(fs::exists((tmp.path() / "empty").string() + ".sagasu-snapshot-tmp"));

  // No index: NotFound, and none created.
  const std::string none = (tmp.path() / "none").string();
  s = Index::Snapshot(none, (tmp.path() / "snap-none").string(), nullptr);
  EXPECT_TRUE(s.IsNotFound()) << s.ToString();
  EXPECT_FALSE(fs::exists(none));
  EXPECT_FALSE(fs::exists(tmp.path() / "snap-none"));

  // The static form and a read-only handle cannot open an index another
  // handle writes: IOError, and no copy.
  s = Index::Snapshot(dir, (tmp.path() / "snap-locked").string(), nullptr);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  auto reader = OpenOrDie(dir, IndexOptions::Mode::kReadOnly);
  ASSERT_TRUE(reader);
  s = reader->Snapshot((tmp.path() / "snap-locked").string(), nullptr);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_FALSE(fs::exists(tmp.path() / "snap-locked"));
  writer.reset();
  ASSERT_TRUE(reader->Snapshot((tmp.path() / "snap-reader").string(), &r).ok());
  EXPECT_EQ(Ids((tmp.path() / "snap-reader").string()), FirstBatches(1));
}

}  // namespace
}  // namespace sagasu
