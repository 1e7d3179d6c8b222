// Decoder::GetVarint32Array reads what GetVarint32 reads one at a time,
// whatever the mix of one- and several-byte varints around its eight-byte
// fast path, and fails on a truncated or overlong range as GetVarint32 does.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "common/coding.h"

namespace sagasu {
namespace {

std::vector<std::uint32_t> OneByOne(const std::string& bytes, std::size_t n, bool* ok) {
  Decoder in(bytes);
  std::vector<std::uint32_t> out(n);
  *ok = true;
  for (auto& v : out) *ok = *ok && in.GetVarint32(&v);
  return out;
}

TEST(Coding, Varint32ArrayReadsAsGetVarint32) {
  std::mt19937 rng(11);
  std::size_t multi_byte = 0, runs = 0;
  for (int trial = 0; trial < 400; ++trial) {
    // Runs of small values (the fast path) broken by large ones at random.
    const std::size_t n = rng() % 70;
    std::vector<std::uint32_t> values(n);
    std::string bytes;
    for (auto& v : values) {
      const unsigned kind = rng() % 10;
      v = kind < 7 ? rng() % 128 : kind < 9 ? rng() % 20000 : static_cast<std::uint32_t>(rng());
      multi_byte += v >= 128;
      PutVarint32(&bytes, v);
    }
    runs += n >= 8;
    Decoder in(bytes);
    std::vector<std::uint32_t> got(n);
    ASSERT_TRUE(in.GetVarint32Array(got.data(), n));
    EXPECT_EQ(got, values);
    EXPECT_TRUE(in.empty());
    // Cut anywhere: both read the same, or both fail.
    const std::string cut = bytes.substr(0, bytes.empty() ? 0 : rng() % bytes.size());
    bool ok_one = false;
    const std::vector<std::uint32_t> want = OneByOne(cut, n, &ok_one);
    Decoder cut_in(cut);
    std::vector<std::uint32_t> cut_got(n);
    const bool ok_array = cut_in.GetVarint32Array(cut_got.data(), n);
    ASSERT_EQ(ok_array, ok_one) << "trial " << trial;
    if (ok_one) {
      EXPECT_EQ(cut_got, want);
    }
  }
  EXPECT_GT(multi_byte, 1000u);
  EXPECT_GT(runs, 200u);
}

TEST(Coding, Varint32ArrayRejectsAnOverlongVarint) {
  // Six continuation bytes: longer than any 32-bit varint.
  std::string bytes(8, '\x01');
  bytes += std::string(6, '\x80') + '\x01';
  std::vector<std::uint32_t> out(9);
  Decoder in(bytes);
  EXPECT_FALSE(in.GetVarint32Array(out.data(), out.size()));
}

}  // namespace
}  // namespace sagasu
