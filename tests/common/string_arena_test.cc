// StringArena: the paths and ids an IndexPaths run keeps for every file it
// lists are copies that must stay where they are while the arena grows.
#include "common/string_arena.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace sagasu {
namespace {

TEST(StringArena, CopiesStayValidWhileTheArenaGrows) {
  StringArena arena(256);  // small blocks: the copies below span many
  std::vector<std::string> originals;
  std::vector<std::string_view> copies;
  for (int i = 0; i < 2000; ++i) {
    originals.push_back("posts/2024/" + std::to_string(i) + "-東京の温泉.md");
    copies.push_back(arena.Copy(originals.back()));
  }
  // A string longer than a quarter block gets a block of its own and does
  // not end the block being filled.
  const std::string long_one(1000, 'x');
  const std::string_view long_copy = arena.Copy(long_one);
  const std::string_view after = arena.Copy("after");
  std::size_t bytes = long_one.size() + 5;
  for (std::size_t i = 0; i < originals.size(); ++i) {
    EXPECT_EQ(copies[i], originals[i]);
    EXPECT_NE(copies[i].data(), originals[i].data());
    bytes += originals[i].size();
  }
  EXPECT_EQ(long_copy, long_one);
  EXPECT_EQ(after, "after");
  EXPECT_EQ(arena.used(), bytes);
  EXPECT_TRUE(arena.Copy("").empty());
  EXPECT_EQ(arena.used(), bytes);
}

}  // namespace
}  // namespace sagasu
