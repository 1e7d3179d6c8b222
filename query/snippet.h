// Snippets: keyword-in-context fragments cut from the ORIGINAL text, with the
// matched query terms marked by byte ranges. Matching runs on normalized text
// (so ＯｐｅｎＡＩ in a document highlights for the query openai) and the
// normalizer's offset map brings every range back to original bytes.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sagasu {

struct Highlighted {
  std::string text;
  // Byte ranges [first, second) within `text` to highlight, ascending, disjoint.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
  bool cut_before = false;  // text starts inside the original
  bool cut_after = false;   // text ends inside the original
};

// Highlights every occurrence of `terms` (normalized forms) in all of `text`.
Highlighted HighlightAll(std::string_view text, const std::vector<std::string>& terms);

// Picks the window of about `max_chars` characters of `text` holding the most
// distinct terms (then the most matches), and highlights them. Without any
// match, returns the beginning of the text. Newlines become spaces.
Highlighted MakeSnippet(std::string_view text, const std::vector<std::string>& terms, std::size_t max_chars);

// Renders `h` with `open`/`close` around each range; with `escape_html`,
// text is HTML-escaped (for <mark> markers in JSON and web pages). Adds "…"
// where the text was cut.
std::string RenderHighlighted(const Highlighted& h, std::string_view open, std::string_view close, bool escape_html);

}  // namespace sagasu
