// Fuzz target: the normalizer (common/analyzer/normalizer.h).
// Invariants, for any bytes:
//   - the output is valid UTF-8 without NUL (invalid input becomes U+FFFD);
//   - idempotence: Normalize(Normalize(x)) == Normalize(x);
//   - with and without an OffsetMap the output is the same;
//   - the offset map has one entry per output byte plus one, its entries
//     (Begin) never decrease, stay within the original's size and end at it;
//     End(i) lies in [Begin(i - 1), original size] and never decreases.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/analyzer/normalizer.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // REQUIRES of Normalize: < 4 GiB; keep inputs small enough to be fast.
  if (size > 64 * 1024) return 0;
  FuzzNoThrow("Normalize", [&] {
    const auto& n = sagasu::Normalizer::Get();
    std::string_view text = AsText(data, size);
    std::string once;
    sagasu::OffsetMap map;
    n.Normalize(text, &once, &map);
    FUZZ_CHECK(sagasu::IsValidUtf8(once), "output is not UTF-8");
    FUZZ_CHECK(once.find('\0') == std::string::npos, "output has NUL");
    FUZZ_CHECK(n.Normalize(text) == once, "output differs with an offset map");
    std::string twice = n.Normalize(once);
    FUZZ_CHECK(twice == once, "not idempotent: '" + once + "' -> '" + twice + "'");

    FUZZ_CHECK(map.size() == once.size() + 1, "map size");
    FUZZ_CHECK(map.Begin(once.size()) == size, "last entry is the original size");
    std::size_t prev_end = 0;
    for (std::size_t i = 0; i < once.size(); ++i) {
      FUZZ_CHECK(map.Begin(i) <= map.Begin(i + 1), "begin decreases at " + std::to_string(i));
      FUZZ_CHECK(map.Begin(i) <= size, "begin past the original");
      std::size_t end = map.End(i + 1);
      FUZZ_CHECK(end <= size, "end past the original at " + std::to_string(i + 1));
      FUZZ_CHECK(end >= map.Begin(i), "end before begin at " + std::to_string(i + 1));
      FUZZ_CHECK(end >= prev_end, "end decreases at " + std::to_string(i + 1));
      prev_end = end;
    }
    if (!once.empty()) FUZZ_CHECK(map.End(once.size()) <= size, "last end");
  });
  return 0;
}
