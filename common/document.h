// The document model: what a source produces and what the index stores.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sagasu {

// One article. Text fields are valid UTF-8 (sources reject anything else).
struct Document {
  // External id: front matter `id`, else `permalink`, else the path relative
  // to the archive root without extension; JSONL's `id`.
  std::string id;
  std::string title;
  // Plain text: Markdown markup, raw HTML and Liquid tags removed.
  std::string body;
  std::vector<std::string> tags;
  std::vector<std::string> categories;
  std::string author;
  std::string excerpt;
  std::string url;
  // Publication time as seconds since the Unix epoch, UTC. Empty when the
  // source gave no date. A date without a time means 00:00 UTC of that day.
  std::optional<std::int64_t> date;

  bool operator==(const Document&) const = default;
};

// Formats seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatDate(std::int64_t unix_seconds);

// Parses "2025-11-30", "2025-11-30 16:39:09 +0000", "2012-03-06T13:00:00+0900",
// "2012-03-06T13:00:00+09:00", "2012-03-06T13:00:00Z", "2012/03/06 13:00" into
// seconds since the epoch (UTC). Returns nullopt on anything else.
std::optional<std::int64_t> ParseDate(std::string_view text);

}  // namespace sagasu
