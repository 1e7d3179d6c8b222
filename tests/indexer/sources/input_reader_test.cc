#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/sources/source.h"
#include "test_util.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;

struct Item {
  RawInput input;
  Status error;
};

std::vector<Item> ReadAll(InputReader* reader) {
  std::vector<Item> items;
  for (;;) {
    Item item;
    if (!reader->Next(&item.input, &item.error)) break;
    items.push_back(std::move(item));
  }
  return items;
}

std::string Post(const std::string& title) { return "---\ntitle: " + title + "\n---\n本文\n"; }

TEST(InputReader, WalksDirectoryInSortedOrderSkippingHiddenAndNonMatching) {
  testing::TempDir dir;
  dir.Write("site/_posts/2024-06-01-b.md", Post("b"));
  dir.Write("site/_posts/2024-05-01-a.md", Post("a"));
  dir.Write("site/_posts/deep/er/c.markdown", Post("c"));
  dir.Write("site/about.md", Post("about"));
  dir.Write("site/image.png", "PNG");
  dir.Write("site/notes.txt", "text");
  dir.Write("site/.git/HEAD.md", Post("hidden"));
  dir.Write("site/.hidden.md", Post("hidden"));
  dir.Write("site/Z.md", Post("Z"));
  const fs::path site = dir.path() / "site";

  std::unique_ptr<InputReader> reader;
  ASSERT_TRUE(InputReader::Open({site.string()}, SourceOptions(), &reader).ok());
  const std::string root = fs::canonical(site).string();
  EXPECT_EQ(reader->DirectoryRoots(), std::vector<std::string>{root});
  EXPECT_EQ(reader->TotalBytes(), 4 * Post("b").size() + Post("about").size());

  std::vector<Item> items = ReadAll(reader.get());
  std::vector<std::string> ids, origins;
  for (const Item& item : items) {
    ASSERT_TRUE(item.error.ok()) << item.error.ToString();
    EXPECT_EQ(item.input.kind, RawInput::Kind::kPost);
    EXPECT_EQ(item.input.root, root);
    ids.push_back(item.input.default_id);
    origins.push_back(item.input.origin);
    Result<Article> doc = ParseRawInput(item.input);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    EXPECT_EQ(doc->id, item.input.default_id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"Z", "_posts/2024-05-01-a", "_posts/2024-06-01-b",
                                           "_posts/deep/er/c", "about"}));
  EXPECT_EQ(origins[3], (site / "_posts" / "deep" / "er" / "c.markdown").string());
}

TEST(InputReader, CustomPatterns) {
  testing::TempDir dir;
  dir.Write("a.md", Post("a"));
  dir.Write("b.txt", Post("b"));
  SourceOptions options;
  options.patterns = {"*.txt"};
  std::unique_ptr<InputReader> reader;
  ASSERT_TRUE(InputReader::Open({dir.path().string()}, options, &reader).ok());
  std::vector<Item> items = ReadAll(reader.get());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].input.default_id, "b");
}

TEST(InputReader, SymlinkLoopsAreNotFollowedForever) {
  testing::TempDir dir;
  dir.Write("posts/a.md", Post("a"));
  std::error_code ec;
  fs::create_directory_symlink(dir.path() / "posts", dir.path() / "posts" / "loop", ec);
  if (ec) GTEST_SKIP() << "cannot create symlinks here: " << ec.message();
  std::unique_ptr<InputReader> reader;
  ASSERT_TRUE(InputReader::Open({(dir.path() / "posts").string()}, SourceOptions(), &reader).ok());
  std::vector<Item> items = ReadAll(reader.get());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].input.default_id, "a");
}

TEST(InputReader, SingleFilesAndJsonLines) {
  testing::TempDir dir;
  const fs::path post = dir.Write("one/2024-01-02-single.md", Post("single"));
  const std::string jsonl =
      "{\"id\":\"j1\",\"title\":\"一\"}\n"
      "\n"
      "   \n"
      "not json\n"
      "{\"id\":\"j2\"}\r\n"
      "{\"title\":\"no id\"}";  // no final newline
  const fs::path feed = dir.Write("feed.jsonl", jsonl);

  std::unique_ptr<InputReader> reader;
  ASSERT_TRUE(InputReader::Open({post.string(), feed.string()}, SourceOptions(), &reader).ok());
  EXPECT_TRUE(reader->DirectoryRoots().empty());
  EXPECT_EQ(reader->TotalBytes(), Post("single").size() + jsonl.size());

  std::vector<Item> items = ReadAll(reader.get());
  ASSERT_EQ(items.size(), 5u);
  for (const Item& item : items) ASSERT_TRUE(item.error.ok()) << item.error.ToString();

  EXPECT_EQ(items[0].input.kind, RawInput::Kind::kPost);
  EXPECT_EQ(items[0].input.default_id, "2024-01-02-single");
  EXPECT_EQ(items[0].input.root, "");
  EXPECT_EQ(items[0].input.origin, post.string());

  const std::string f = feed.string();
  EXPECT_EQ(items[1].input.origin, f + ":1");
  EXPECT_EQ(items[2].input.origin, f + ":4");
  EXPECT_EQ(items[3].input.origin, f + ":5");
  EXPECT_EQ(items[4].input.origin, f + ":6");
  for (size_t i = 1; i < items.size(); ++i) {
    EXPECT_EQ(items[i].input.kind, RawInput::Kind::kJsonLine);
    EXPECT_EQ(items[i].input.root, "");
  }

  Result<Article> j1 = ParseRawInput(items[1].input);
  ASSERT_TRUE(j1.ok());
  EXPECT_EQ(j1->title, "一");
  Result<Article> bad = ParseRawInput(items[2].input);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(f + ":4: not valid JSON"), std::string::npos) << bad.status().ToString();
  Result<Article> j2 = ParseRawInput(items[3].input);
  ASSERT_TRUE(j2.ok()) << j2.status().ToString();
  EXPECT_EQ(j2->id, "j2");
  Result<Article> no_id = ParseRawInput(items[4].input);
  ASSERT_FALSE(no_id.ok());
  EXPECT_NE(no_id.status().message().find(f + ":6: missing 'id'"), std::string::npos);
}

TEST(InputReader, JsonLinesInsideDirectoryWhenPatternsMatch) {
  testing::TempDir dir;
  dir.Write("a.md", Post("a"));
  dir.Write("sub/feed.jsonl", "{\"id\":\"j\"}\n");
  SourceOptions options;
  options.patterns = {"*.md", "*.jsonl"};
  std::unique_ptr<InputReader> reader;
  ASSERT_TRUE(InputReader::Open({dir.path().string()}, options, &reader).ok());
  std::vector<Item> items = ReadAll(reader.get());
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].input.kind, RawInput::Kind::kPost);
  EXPECT_EQ(items[1].input.kind, RawInput::Kind::kJsonLine);
  EXPECT_EQ(items[1].input.root, "");
  EXPECT_EQ(items[1].input.origin, (dir.path() / "sub" / "feed.jsonl").string() + ":1");
}

TEST(InputReader, StdinJsonLines) {
  std::istringstream in("{\"id\":1}\n\n{\"id\":2}\n");
  SourceOptions options;
  options.stdin_stream = &in;
  std::unique_ptr<InputReader> reader;
  ASSERT_TRUE(InputReader::Open({"-"}, options, &reader).ok());
  EXPECT_EQ(reader->TotalBytes(), 0u);
  std::vector<Item> items = ReadAll(reader.get());
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].input.origin, "<stdin>:1");
  EXPECT_EQ(items[1].input.origin, "<stdin>:3");
  EXPECT_EQ(items[1].input.bytes, "{\"id\":2}");

  EXPECT_FALSE(InputReader::Open({"-", "-"}, options, &reader).ok());
}

TEST(InputReader, TooLargeFileAndLongLineAreErrorsAndReadingContinues) {
  testing::TempDir dir;
  dir.Write("a_big.md", "---\ntitle: big\n---\n" + std::string(200, 'x') + "\n");
  dir.Write("b_small.md", Post("s"));
  const fs::path feed = dir.Write("feed.jsonl", "{\"id\":\"" + std::string(200, 'y') + "\"}\n{\"id\":\"ok\"}\n");
  SourceOptions options;
  options.max_file_bytes = 100;
  std::unique_ptr<InputReader> reader;
  ASSERT_TRUE(InputReader::Open({dir.path().string(), feed.string()}, options, &reader).ok());
  std::vector<Item> items = ReadAll(reader.get());
  ASSERT_EQ(items.size(), 4u);

  EXPECT_TRUE(items[0].error.IsInvalidArgument());
  EXPECT_NE(items[0].error.message().find("a_big.md: file too large (220 bytes"), std::string::npos)
      << items[0].error.ToString();
  EXPECT_TRUE(items[1].error.ok());
  EXPECT_EQ(items[1].input.default_id, "b_small");
  EXPECT_TRUE(items[2].error.IsInvalidArgument());
  EXPECT_NE(items[2].error.message().find(feed.string() + ":1: line too long"), std::string::npos)
      << items[2].error.ToString();
  EXPECT_TRUE(items[3].error.ok());
  EXPECT_EQ(items[3].input.origin, feed.string() + ":2");
  EXPECT_EQ(items[3].input.bytes, "{\"id\":\"ok\"}");
}

TEST(InputReader, UnreadableFileIsIOErrorAndReadingContinues) {
  testing::TempDir dir;
  const fs::path secret = dir.Write("a.md", Post("a"));
  dir.Write("b.md", Post("b"));
  fs::permissions(secret, fs::perms::none);
  std::unique_ptr<InputReader> reader;
  ASSERT_TRUE(InputReader::Open({dir.path().string()}, SourceOptions(), &reader).ok());
  std::vector<Item> items = ReadAll(reader.get());
  fs::permissions(secret, fs::perms::owner_all);
  ASSERT_EQ(items.size(), 2u);
  if (items[0].error.ok()) GTEST_SKIP() << "running with permission to read anything (root?)";
  EXPECT_TRUE(items[0].error.IsIOError()) << items[0].error.ToString();
  EXPECT_NE(items[0].error.message().find("a.md: cannot open"), std::string::npos) << items[0].error.ToString();
  EXPECT_TRUE(items[1].error.ok());
}

TEST(InputReader, BrokenSymlinkAndFifoAreErrorsAndReadingContinues) {
  testing::TempDir dir;
  dir.Write("c.md", Post("c"));
  std::error_code ec;
  fs::create_symlink(dir.path() / "missing.md", dir.path() / "a.md", ec);
  if (ec) GTEST_SKIP() << "cannot create symlinks here: " << ec.message();
  const fs::path fifo = dir.path() / "b.md";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::unique_ptr<InputReader> reader;
  ASSERT_TRUE(InputReader::Open({dir.path().string()}, SourceOptions(), &reader).ok());
  std::vector<Item> items = ReadAll(reader.get());
  ASSERT_EQ(items.size(), 3u);
  EXPECT_TRUE(items[0].error.IsIOError()) << items[0].error.ToString();
  EXPECT_NE(items[0].error.message().find("a.md: cannot stat"), std::string::npos) << items[0].error.ToString();
  EXPECT_TRUE(items[1].error.IsInvalidArgument()) << items[1].error.ToString();
  EXPECT_NE(items[1].error.message().find("b.md: not a regular file"), std::string::npos);
  EXPECT_TRUE(items[2].error.ok());
  EXPECT_EQ(items[2].input.default_id, "c");
}

// Reads everything from `paths` on another thread; a read still blocked
// after a few seconds (a FIFO opened for reading waits for a writer) fails
// the test, and the FIFOs are then opened for writing to let the reader go.
std::vector<Item> ReadAllWithin(const std::vector<std::string>& paths, const SourceOptions& options,
                                const std::vector<fs::path>& fifos) {
  std::unique_ptr<InputReader> reader;
  Status opened = InputReader::Open(paths, options, &reader);
  EXPECT_TRUE(opened.ok()) << opened.ToString();
  if (!opened.ok()) return {};
  auto done = std::async(std::launch::async, [&] { return ReadAll(reader.get()); });
  if (done.wait_for(std::chrono::seconds(5)) == std::future_status::timeout) {
    ADD_FAILURE() << "reading blocked on a FIFO";
    for (const fs::path& f : fifos) {
      const int fd = ::open(f.c_str(), O_RDWR | O_NONBLOCK);  // a writer appears, then leaves: EOF
      if (fd >= 0) ::close(fd);
    }
  }
  return done.get();
}

// Issue 14: a FIFO named *.jsonl blocked `sagasu index` forever, given
// directly or found by a walk with --pattern.
TEST(InputReader, FifoNamedJsonlGivenDirectlyIsSkippedWithoutBlocking) {
  testing::TempDir dir;
  const fs::path fifo = dir.path() / "feed.jsonl";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const fs::path ok = dir.Write("ok.jsonl", "{\"id\":\"a\"}\n");
  std::vector<Item> items = ReadAllWithin({fifo.string(), ok.string()}, SourceOptions(), {fifo});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_TRUE(items[0].error.IsInvalidArgument()) << items[0].error.ToString();
  EXPECT_EQ(items[0].error.message(), fifo.string() + ": not a regular file (a FIFO)");
  EXPECT_TRUE(items[1].error.ok()) << items[1].error.ToString();
}

TEST(InputReader, FifoFoundByPatternIsSkippedWithoutBlocking) {
  testing::TempDir dir;
  const fs::path fifo = dir.path() / "b.jsonl";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  dir.Write("a.jsonl", "{\"id\":\"a\"}\n");
  SourceOptions options;
  options.patterns = {"*.jsonl"};
  std::vector<Item> items = ReadAllWithin({dir.path().string()}, options, {fifo});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_TRUE(items[0].error.ok()) << items[0].error.ToString();
  EXPECT_TRUE(items[1].error.IsInvalidArgument()) << items[1].error.ToString();
  EXPECT_EQ(items[1].error.message(), fifo.string() + ": not a regular file (a FIFO)");
}

// Issue 14: `--max-file-size 3G` on a 2 GB file took 4.2 GB: the buffer was
// grown past the file's size to look for more bytes, which doubled it.
TEST(InputReader, FileIsReadIntoABufferOfItsSize) {
  testing::TempDir dir;
  const std::string text = "---\ntitle: a\n---\n" + std::string(1 << 20, 'x');
  dir.Write("a.md", text);
  SourceOptions options;
  options.max_file_bytes = std::uint64_t{3} << 30;
  std::vector<Item> items = ReadAllWithin({dir.path().string()}, options, {});
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(items[0].error.ok()) << items[0].error.ToString();
  EXPECT_EQ(items[0].input.bytes, text);
  EXPECT_LT(items[0].input.bytes.capacity(), items[0].input.bytes.size() + 4096);
}

TEST(InputReader, MissingPathFailsOpen) {
  std::unique_ptr<InputReader> reader;
  Status s = InputReader::Open({"/nonexistent/sagasu/posts"}, SourceOptions(), &reader);
  EXPECT_TRUE(s.IsNotFound()) << s.ToString();
  EXPECT_NE(s.message().find("/nonexistent/sagasu/posts"), std::string::npos);
}

TEST(InputReader, RootIsAbsoluteAndNormalized) {
  testing::TempDir dir;
  dir.Write("posts/a.md", Post("a"));
  const std::string messy = (dir.path() / "posts" / ".." / "posts" / "").string();
  std::unique_ptr<InputReader> reader;
  ASSERT_TRUE(InputReader::Open({messy}, SourceOptions(), &reader).ok());
  EXPECT_EQ(reader->DirectoryRoots(), std::vector<std::string>{fs::canonical(dir.path() / "posts").string()});
  std::vector<Item> items = ReadAll(reader.get());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].input.default_id, "a");
}

// The default-id of every post the reader yields, in order.
std::vector<std::string> Ids(const std::vector<std::string>& paths, const SourceOptions& options) {
  std::unique_ptr<InputReader> reader;
  EXPECT_TRUE(InputReader::Open(paths, options, &reader).ok());
  std::vector<std::string> ids;
  for (const Item& item : ReadAll(reader.get())) {
    EXPECT_TRUE(item.error.ok()) << item.error.ToString();
    ids.push_back(item.input.default_id);
  }
  return ids;
}

TEST(InputReader, LeavesOutGeneratorOutputAndDependencyFoldersByDefault) {
  testing::TempDir dir;
  dir.Write("site/_posts/2024-06-01-夏.md", Post("夏の北海道"));
  dir.Write("site/_site/2024/06/01/夏.md", Post("生成物"));
  dir.Write("site/public/index.md", Post("Hugo の出力"));
  dir.Write("site/resources/_gen/x.md", Post("Hugo のキャッシュ"));
  dir.Write("site/vendor/bundle/ruby/README.md", Post("gem"));
  dir.Write("site/node_modules/pkg/README.md", Post("npm"));
  dir.Write("site/.jekyll-cache/a.md", Post("cache"));
  dir.Write("site/about.md", Post("このブログについて"));
  const std::string site = (dir.path() / "site").string();
  EXPECT_EQ(Ids({site}, SourceOptions()), (std::vector<std::string>{"_posts/2024-06-01-夏", "about"}));

  SourceOptions all;
  all.exclude.clear();
  EXPECT_EQ(Ids({site}, all).size(), 7u) << "everything but the dot folder";
  // A folder named directly is read whatever its name.
  EXPECT_EQ(Ids({site + "/public"}, SourceOptions()), std::vector<std::string>{"index"});
}

TEST(InputReader, ExcludePatternsMatchNamesAnywhereOrPathsFromTheRoot) {
  testing::TempDir dir;
  dir.Write("posts/2019/古い記事.md", Post("古い"));
  dir.Write("posts/2024/新しい記事.md", Post("新しい"));
  dir.Write("posts/2024/下書き.tmp.md", Post("下書き"));
  dir.Write("posts/drafts/書きかけ.md", Post("書きかけ"));
  dir.Write("posts/2024/drafts/also.md", Post("also"));
  dir.Write("posts/notes/メモ.md", Post("メモ"));
  dir.Write("posts/2024/notes/メモ.md", Post("残るメモ"));
  const std::string posts = (dir.path() / "posts").string();
  SourceOptions o;
  o.exclude = {"drafts", "*.tmp.md", "notes/*.md", "2019/*"};
  // "drafts" (a name) at any depth; "notes/*.md" and "2019/*" (paths) only
  // from the root, so 2024/notes/ stays.
  EXPECT_EQ(Ids({posts}, o), (std::vector<std::string>{"2024/notes/メモ", "2024/新しい記事"}));
}

}  // namespace
}  // namespace sagasu
