// Snippets: keyword-in-context fragments cut from the ORIGINAL text, with the
// matched query terms marked by byte ranges. Matching runs on normalized text
// (so ＯｐｅｎＡＩ in a document highlights for the query openai) and the
// normalizer's offset map brings every range back to original bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sagasu/types.h"

namespace sagasu {

// Results are sagasu::HighlightedText (include/sagasu/types.h) with `html`
// left empty (Searcher fills it); HighlightedText::Render is defined in
// snippet.cc.

// Highlights every occurrence of `terms` (normalized forms) in all of `text`.
HighlightedText HighlightAll(std::string_view text, const std::vector<std::string>& terms);

// Picks the window of about `max_chars` characters of `text` holding the most
// distinct terms (then the most matches), and highlights them. Without any
// match, returns the beginning of the text. Newlines become spaces.
HighlightedText MakeSnippet(std::string_view text, const std::vector<std::string>& terms, std::size_t max_chars);

}  // namespace sagasu
