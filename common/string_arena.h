// StringArena: copies of many small strings that live as long as one
// holder (the paths, ids and origins of every file an IndexPaths run
// lists), packed into large blocks instead of one heap allocation each. A
// std::string of a 40-byte path costs its 32 bytes, a 64-byte heap block
// and malloc's header; a copy here costs its 40 bytes. A copy never moves,
// so the string_views it returns stay valid until the arena is destroyed.
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace sagasu {

class StringArena {
 public:
  explicit StringArena(std::size_t block_bytes = 64 * 1024) : block_bytes_(block_bytes) {}
  StringArena(const StringArena&) = delete;
  StringArena& operator=(const StringArena&) = delete;
  StringArena(StringArena&&) = default;
  StringArena& operator=(StringArena&&) = default;

  // A copy of `s` in the arena ("" takes nothing).
  std::string_view Copy(std::string_view s) {
    if (s.empty()) return {};
    char* p;
    if (s.size() > block_bytes_ / 4) {
      // A long string gets a block of its own, so a block's tail is never
      // wasted on it.
      long_.push_back(std::make_unique<char[]>(s.size()));
      p = long_.back().get();
    } else {
      if (left_ < s.size()) {
        blocks_.push_back(std::make_unique<char[]>(block_bytes_));
        next_ = blocks_.back().get();
        left_ = block_bytes_;
      }
      p = next_;
      next_ += s.size();
      left_ -= s.size();
    }
    std::memcpy(p, s.data(), s.size());
    used_ += s.size();
    return {p, s.size()};
  }

  // The bytes copied in.
  std::size_t used() const { return used_; }

 private:
  std::size_t block_bytes_;
  std::vector<std::unique_ptr<char[]>> blocks_;  // the last one is filling
  std::vector<std::unique_ptr<char[]>> long_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
  std::size_t used_ = 0;
};

}  // namespace sagasu
