// The block cache every open index of a process shares
// (IndexDb::ReserveBlockCache): sized by the first request (0: from the
// machine), raised by a larger one, never lowered by a smaller one.
#include <gtest/gtest.h>

#include "storage/db.h"

namespace sagasu {
namespace {

TEST(BlockCache, DefaultIsAQuarterOfMemoryWithinBounds) {
  const std::uint64_t d = IndexDb::DefaultBlockCacheBytes();
  EXPECT_GE(d, 256ull << 20);
  EXPECT_LE(d, 8ull << 30);
}

TEST(BlockCache, ARequestRaisesItAndNeverLowersIt) {
  const std::uint64_t before = IndexDb::BlockCacheCapacity();
  IndexDb::ReserveBlockCache(before + (64ull << 20));
  EXPECT_EQ(IndexDb::BlockCacheCapacity(), before + (64ull << 20));
  IndexDb::ReserveBlockCache(1ull << 20);  // another index asking for less
  EXPECT_EQ(IndexDb::BlockCacheCapacity(), before + (64ull << 20));
  IndexDb::ReserveBlockCache(0);  // the default
  EXPECT_EQ(IndexDb::BlockCacheCapacity(), before + (64ull << 20));
}

}  // namespace
}  // namespace sagasu
