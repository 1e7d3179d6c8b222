// ChangeSet: the change rules of an IndexPaths run as pure decisions over
// records, and the thread-safe set that applies them. No MeCab, no RocksDB.
#include "indexer/change_set.h"

#include <gtest/gtest.h>

#include <string>

#include "indexer/merge_policy.h"

namespace sagasu {
namespace {

IdRecord Stored(DocNum doc, std::uint64_t hash, const std::string& root, const std::string& path) {
  return IdRecord{doc, hash, root, path};
}

TEST(ContentHash, IsXxh3OfTheBytes) {
  // XXH3-64 of the empty input, from the xxHash test vectors: a different
  // definition would make every stored hash look changed.
  EXPECT_EQ(ContentHash(""), 0x2D06800538D394C2ull);
  EXPECT_EQ(ContentHash("弘前城の桜"), ContentHash(std::string("弘前城の桜")));
  EXPECT_NE(ContentHash("弘前城の桜"), ContentHash("弘前城の梅"));
}

TEST(ClassifyInput, AddedUnchangedReplaced) {
  const std::uint64_t h = ContentHash("---\ntitle: 札幌で味噌ラーメン\n---\n");
  const IdRecord rec = Stored(7, h, "/posts", "2024-06-10-ramen.md");
  EXPECT_EQ(ClassifyInput(nullptr, h, "/posts", "2024-06-10-ramen.md"), InputChange::kAdded);
  EXPECT_EQ(ClassifyInput(&rec, h, "/posts", "2024-06-10-ramen.md"), InputChange::kUnchanged);
  // Edited.
  EXPECT_EQ(ClassifyInput(&rec, h + 1, "/posts", "2024-06-10-ramen.md"), InputChange::kReplaced);
  // Same id and bytes from another file (front matter id, file renamed).
  EXPECT_EQ(ClassifyInput(&rec, h, "/posts", "2024-06-11-ramen.md"), InputChange::kReplaced);
  // Same file seen under another indexed directory.
  EXPECT_EQ(ClassifyInput(&rec, h, "/blog", "2024-06-10-ramen.md"), InputChange::kReplaced);
}

TEST(ResolveDuplicate, LaterInputKeepsTheId) {
  const IdClaim a{3, "posts/dup/a.md"}, b{5, "posts/dup/b.md"};
  DuplicateVerdict v = ResolveDuplicate("ramen", a, b);
  EXPECT_TRUE(v.incoming_wins);
  EXPECT_EQ(v.message, "posts/dup/a.md: duplicate id 'ramen' (also in posts/dup/b.md, which is kept)");
  // A worker may parse the later file first: the earlier one still loses.
  v = ResolveDuplicate("ramen", b, a);
  EXPECT_FALSE(v.incoming_wins);
  EXPECT_EQ(v.message, "posts/dup/a.md: duplicate id 'ramen' (also in posts/dup/b.md, which is kept)");
}

TEST(ClassifyStored, GoneRenamedKept) {
  DirectoryListing listing;
  listing.listed["/posts"] = {
      {"2024-04-28-hirosaki.md", "2024-04-28-hirosaki"},
      {"2024-07-20-kayak.md", "shimanto-kayak"},  // its `id:` changed
      {"notes/denki.md", ""},                     // listed, but did not parse: produced nothing
  };
  EXPECT_EQ(ClassifyStored("2024-04-28-hirosaki", Stored(0, 1, "/posts", "2024-04-28-hirosaki.md"), listing),
            StoredChange::kKept);
  EXPECT_EQ(ClassifyStored("2024-06-10-ramen", Stored(1, 1, "/posts", "2024-06-10-ramen.md"), listing),
            StoredChange::kFileMissing);
  EXPECT_EQ(ClassifyStored("kayak-2024", Stored(2, 1, "/posts", "2024-07-20-kayak.md"), listing),
            StoredChange::kIdChanged);
  EXPECT_EQ(ClassifyStored("shimanto-kayak", Stored(9, 1, "/posts", "2024-07-20-kayak.md"), listing),
            StoredChange::kKept);
  // A post that stops parsing keeps its indexed version.
  EXPECT_EQ(ClassifyStored("notes/denki", Stored(3, 1, "/posts", "notes/denki.md"), listing), StoredChange::kKept);
  // Ids from directories not indexed this run, or added without a file, stay.
  EXPECT_EQ(ClassifyStored("old", Stored(4, 1, "/archive", "old.md"), listing), StoredChange::kKept);
  EXPECT_EQ(ClassifyStored("api-doc", Stored(5, 1, "", ""), listing), StoredChange::kKept);
}

TEST(ChangeSet, DuplicateClaimedOutOfOrder) {
  ChangeSet changes;
  std::string dup;
  // Worker 1 parses b.md (seq 5) first, worker 2 then a.md (seq 3).
  EXPECT_TRUE(changes.Claim("ramen", IdClaim{5, "dup/b.md"}, "/posts", "dup/b.md", &dup));
  EXPECT_EQ(dup, "");
  EXPECT_FALSE(changes.Claim("ramen", IdClaim{3, "dup/a.md"}, "/posts", "dup/a.md", &dup));
  EXPECT_EQ(dup, "dup/a.md: duplicate id 'ramen' (also in dup/b.md, which is kept)");
  EXPECT_FALSE(changes.Superseded("ramen", 5));
  EXPECT_TRUE(changes.Superseded("ramen", 3));
  EXPECT_TRUE(changes.Contested("ramen"));
}

TEST(ChangeSet, DuplicateClaimedInOrderSupersedesTheAccumulatedOne) {
  ChangeSet changes;
  std::string dup;
  EXPECT_TRUE(changes.Claim("ramen", IdClaim{3, "dup/a.md"}, "/posts", "dup/a.md", &dup));
  EXPECT_FALSE(changes.Contested("ramen"));
  EXPECT_FALSE(changes.Superseded("ramen", 3));
  // a.md may already sit in an accumulator: it is written deleted.
  EXPECT_TRUE(changes.Claim("ramen", IdClaim{5, "dup/b.md"}, "/posts", "dup/b.md", &dup));
  EXPECT_EQ(dup, "dup/a.md: duplicate id 'ramen' (also in dup/b.md, which is kept)");
  EXPECT_TRUE(changes.Superseded("ramen", 3));
  EXPECT_FALSE(changes.Superseded("ramen", 5));
  EXPECT_TRUE(changes.Contested("ramen"));
  EXPECT_FALSE(changes.Contested("2024-04-28-hirosaki"));
  EXPECT_FALSE(changes.Superseded("2024-04-28-hirosaki", 0));
}

TEST(ChangeSet, GoneAndRenamedAfterTheRun) {
  ChangeSet changes;
  EXPECT_FALSE(changes.has_roots());
  changes.AddRoot("/posts");
  EXPECT_TRUE(changes.has_roots());
  changes.AddListed("/posts", "2024-07-20-kayak.md");
  changes.AddListed("/posts", "notes/setsuden.md");
  changes.AddListed("", "feed.jsonl:1");  // not under a directory: ignored
  std::string dup;
  ASSERT_TRUE(changes.Claim("shimanto-kayak", IdClaim{0, "2024-07-20-kayak.md"}, "/posts", "2024-07-20-kayak.md", &dup));
  ASSERT_TRUE(changes.Claim("notes/setsuden", IdClaim{1, "notes/setsuden.md"}, "/posts", "notes/setsuden.md", &dup));
  // Renamed: same file, new id.
  EXPECT_EQ(changes.Classify("kayak-2024", Stored(2, 1, "/posts", "2024-07-20-kayak.md")), StoredChange::kIdChanged);
  // Gone: the file was renamed (its default id with it).
  EXPECT_EQ(changes.Classify("notes/denki", Stored(3, 1, "/posts", "notes/denki.md")), StoredChange::kFileMissing);
  EXPECT_EQ(changes.Classify("notes/setsuden", Stored(5, 1, "/posts", "notes/setsuden.md")), StoredChange::kKept);
}

TEST(MergePolicy, ManyRunsOrManyDeletedVersions) {
  const MergePolicy policy;  // 16 runs, a quarter deleted
  IndexStats stats;
  stats.next_doc = 100;
  EXPECT_FALSE(ShouldMerge(policy, 16, stats, 0));
  EXPECT_TRUE(ShouldMerge(policy, 17, stats, 0));
  EXPECT_FALSE(ShouldMerge(policy, 1, stats, 25));  // exactly a quarter
  EXPECT_TRUE(ShouldMerge(policy, 1, stats, 26));
  // Versions a merge already purged do not count again.
  stats.purged = 20;
  EXPECT_FALSE(ShouldMerge(policy, 1, stats, 26));
  EXPECT_TRUE(ShouldMerge(policy, 1, stats, 46));
}

}  // namespace
}  // namespace sagasu
