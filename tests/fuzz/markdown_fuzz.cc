// Fuzz target: Markdown to plain text (MarkdownToText, indexer/sources/source.h).
// Invariants: no crash or sanitizer error; valid UTF-8 in gives valid UTF-8
// out; the text is never much larger than the Markdown (markup and entities
// only shrink, a tab widens to at most four spaces); the same input gives the
// same text (cmark keeps no state between calls).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "indexer/sources/source.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  FuzzNoThrow("MarkdownToText", [&] {
    std::string_view md = AsText(data, size);
    std::string text = sagasu::MarkdownToText(md);
    if (sagasu::IsValidUtf8(md)) {
      FUZZ_CHECK(sagasu::IsValidUtf8(text), "valid UTF-8 in, invalid out: '" + text + "'");
    }
    FUZZ_CHECK(text.size() <= 4 * size + 16,
               "text of " + std::to_string(text.size()) + " bytes from " + std::to_string(size));
    FUZZ_CHECK(sagasu::MarkdownToText(md) == text, "not deterministic");
  });
  return 0;
}
