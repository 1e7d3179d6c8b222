// Snippets: keyword-in-context fragments cut from the ORIGINAL text, with
// what matched marked by byte ranges. The ranges come from query/highlight.h
// (MatchSpans: the analyzer's tokens that matched, on original bytes); here
// they are only cut and rendered.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "query/highlight.h"
#include "sagasu/types.h"

namespace sagasu {

// Results are sagasu::HighlightedText (include/sagasu/types.h) with `html`
// left empty (Searcher fills it); HighlightedText::Render is defined in
// snippet.cc.

// All of `text` with `spans` (MatchSpans of `text`: ascending, disjoint)
// marked.
HighlightedText HighlightAll(std::string_view text, const std::vector<Span>& spans);

// Picks the window of about `max_chars` characters of `text` where the
// matched `spans` (MatchSpans of `text`) are densest: the most distinct
// matched units (spans whose normalized text differs: ｻｰﾊﾞｰ and サーバー are
// one unit), then the most spans; and marks them. Without any span, returns
// the beginning of the text. Newlines become spaces.
HighlightedText MakeSnippet(std::string_view text, const std::vector<Span>& spans, std::size_t max_chars);

// How many pieces MakeSnippet below analyzes at most to find the window
// (the pieces that touch the cut come on top). It bounds the analyzer's
// work per hit where a word's probe occurs often outside its tokens (雨 in
// a text about 梅雨): on the first 300 livedoor articles the bound changes
// 194 of 20,118 windows, 1.0% (Snippet.WindowOnlyEqualsWholeText), and
// then to another window with marks as exact.
inline constexpr std::size_t kSnippetMaxExplored = 8;

// The same snippet as MakeSnippet(text, matches->All(), max_chars), with
// only the pieces of `matches` (on `text`) analyzed that can change it:
// while some piece not analyzed could hold a better window than the best
// one known (by PieceMatches::MaxTokens, an upper bound of its count, and
// so of its distinct units too), the most promising such piece is
// analyzed, up to `max_explored` pieces; then the window is the best one
// among the matches known, and the pieces that touch the cut are analyzed,
// so its marks are exact whatever the bound.
HighlightedText MakeSnippet(std::string_view text, PieceMatches* matches, std::size_t max_chars,
                            std::size_t max_explored = kSnippetMaxExplored);

}  // namespace sagasu
