// Checks that raw bytes are text we can index: not empty, not binary, UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/document.h"
#include "common/status.h"

namespace sagasu {

// Returns OK when `bytes` is non-empty (not only whitespace), contains no NUL
// byte and is valid UTF-8. Otherwise InvalidArgument "<origin>: <reason>",
// where the reason names the byte offset of the offending byte.
Status CheckText(std::string_view bytes, std::string_view origin);

// Removes a leading UTF-8 byte order mark, if any.
std::string_view StripBom(std::string_view bytes);

// Limits on one document, so that one input costs bounded time and memory
// and an input over a limit fails alone, with its name and the limit, while
// the rest of the run goes on. Documented in the README ("Limits per input").
//
// Tags per document; categories per document (each list, after removing
// duplicates). Jekyll and Hugo sites use a handful.
inline constexpr std::size_t kMaxListItems = 1000;
// One tag, category or author.
inline constexpr std::size_t kMaxValueBytes = 1024;
// id, title, url, excerpt (the body is bounded by max_file_bytes).
inline constexpr std::size_t kMaxFieldBytes = 64 * 1024;
// Nesting of front matter and JSON Lines values (YAML, TOML, JSON).
inline constexpr int kMaxNestingDepth = 64;

// OK when `doc` is within the limits above; else InvalidArgument
// "<origin>: <field>: <what> (the limit is <n>)".
Status CheckArticleLimits(const Article& doc, std::string_view origin);

// A list that keeps each item once, in first-seen order, with one hash
// lookup per item: a linear search per item made 100,000 tags cost seconds
// and 1,000,000 minutes.
class UniqueList {
 public:
  // Appends to *out, whose present items count as seen.
  explicit UniqueList(std::vector<std::string>* out) : out_(out), seen_(out->begin(), out->end()) {}
  // Appends `item` unless it is empty or already there.
  void Add(std::string_view item) {
    if (item.empty() || !seen_.emplace(item).second) return;
    out_->emplace_back(item);
  }

 private:
  std::vector<std::string>* out_;
  std::unordered_set<std::string> seen_;
};

}  // namespace sagasu
