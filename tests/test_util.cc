#include "test_util.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "linear_cost.h"

namespace sagasu::testing {

void DamageDataBlocks(const std::filesystem::path& table, std::uintmax_t from, std::uintmax_t step) {
  const auto size = std::filesystem::file_size(table);
  std::fstream f(table, std::ios::in | std::ios::out | std::ios::binary);
  for (std::uintmax_t at = from; at < size * 6 / 10; at += step) {
    f.seekg(static_cast<std::streamoff>(at));
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x5a);
    f.seekp(static_cast<std::streamoff>(at));
    f.write(&c, 1);
  }
}

std::optional<std::filesystem::path> SharedDir() {
  if (const char* env = std::getenv("SAGASU_SHARED_DIR"); env && *env) {
    std::filesystem::path p(env);
    if (std::filesystem::is_directory(p)) return p;
  }
  std::filesystem::path p(SAGASU_SHARED_DIR);
  if (std::filesystem::is_directory(p / "corpus") || std::filesystem::is_directory(p / "seeds")) return p;
  return std::nullopt;
}

std::string ReadFileOrDie(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::abort();
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TempDir::TempDir() {
  std::random_device rd;
  auto base = std::filesystem::temp_directory_path();
  for (;;) {
    path_ = base / ("sagasu-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(path_)) break;
  }
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::Write(const std::string& relative, const std::string& contents) const {
  auto p = path_ / relative;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << contents;
  return p;
}

namespace {

// Seconds for `reps` runs of run(n).
double Seconds(const std::function<void(std::size_t)>& run, std::size_t n, int reps) {
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < reps; ++r) run(n);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

::testing::AssertionResult CostGrowsLinearly(const std::function<void(std::size_t)>& run, std::size_t n) {
  // Big blocks from the heap, kept after free: otherwise each block over
  // malloc's mmap threshold (128 KB at first) is fresh pages from the kernel,
  // which made the 4n runs 16 times slower than the n runs for linear code.
  ::mallopt(M_MMAP_THRESHOLD, 256 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 1 << 30);
  // Warm up: lazily loaded data (ICU, MeCab) and first page faults are not
  // the input's cost.
  run(n);
  run(4 * n);
  int reps = 1;
  while (Seconds(run, n, reps) < 0.02 && reps < (1 << 16)) reps *= 2;
  // The sizes are timed in turn (n, 4n, n, 4n, ...), best of 3 each, so a
  // busy spell of the machine (a parallel ctest, a build beside it) slows
  // both alike; a ratio over the bound is measured again, up to 3 times. A
  // quadratic cost (16 times) fails every attempt; only noise passes on a
  // later one.
  char buf[240];
  for (int attempt = 1; attempt <= 3; ++attempt) {
    double t = 1e300, t4 = 1e300;
    for (int round = 0; round < 3; ++round) {
      t = std::min(t, Seconds(run, n, reps));
      t4 = std::min(t4, Seconds(run, 4 * n, reps));
    }
    std::snprintf(buf, sizeof(buf),
                  "%d runs of size %zu: %.4f s, of size %zu: %.4f s (ratio %.1f; linear is about 4; attempt %d)", reps,
                  n, t, 4 * n, t4, t4 / std::max(t, 1e-9), attempt);
    if (t4 < 10 * t) return ::testing::AssertionSuccess() << buf;
  }
  return ::testing::AssertionFailure() << buf;
}

}  // namespace sagasu::testing
