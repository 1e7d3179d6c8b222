// Helpers shared by the test binaries.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace sagasu::testing {

// ../shared beside the checkout (corpus/, eval/, seeds/), or nullopt when this
// machine does not have it. Tests that need it call GTEST_SKIP() with a message.
std::optional<std::filesystem::path> SharedDir();

// Reads a whole file; aborts the test binary when it cannot.
std::string ReadFileOrDie(const std::filesystem::path& path);

// Damages the data blocks of a table file: flips every `step`-th byte from
// `from` to 60% of its size (the index block and footer are at the end).
void DamageDataBlocks(const std::filesystem::path& table, std::uintmax_t from, std::uintmax_t step);

// A fresh empty directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `contents` to path()/relative, creating parent folders.
  std::filesystem::path Write(const std::string& relative, const std::string& contents) const;

 private:
  std::filesystem::path path_;
};

}  // namespace sagasu::testing
