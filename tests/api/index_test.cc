// The public C++ facade (include/sagasu/sagasu.h), used through its public
// header only: visibility of commits, Reopen, concurrent searches during
// writes, and the error contract of each method.
#include <atomic>
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

}  // namespace
}  // namespace sagasu
