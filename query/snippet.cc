#include "query/snippet.h"

#include <algorithm>

#include "common/analyzer/normalizer.h"
#include "common/text/utf8.h"

namespace sagasu {

namespace {

struct Match {
  std::uint32_t begin, end;  // original bytes
  std::uint32_t unit;        // equal for spans of equal normalized text
};

// `spans` shifted by -`skip` (those before it dropped), each with its unit.
std::vector<Match> ToMatches(std::string_view text, const std::vector<Span>& spans, std::size_t skip) {
  std::vector<Match> matches;
  std::vector<std::string> units;
  std::string norm;
  for (const auto& [b, e] : spans) {
    if (b < skip || e <= b || e - skip > text.size()) continue;
    Normalizer::Get().Normalize(text.substr(b - skip, e - b), &norm, nullptr);
    const auto it = std::find(units.begin(), units.end(), norm);
    const auto unit = static_cast<std::uint32_t>(it - units.begin());
    if (it == units.end()) units.push_back(norm);
    matches.push_back({static_cast<std::uint32_t>(b - skip), static_cast<std::uint32_t>(e - skip), unit});
  }
  return matches;
}

// Byte offset `chars` UTF-8 characters after `from` (clamped to the end).
std::size_t Advance(std::string_view s, std::size_t from, std::size_t chars) {
  std::size_t i = from;
  while (i < s.size() && chars > 0) {
    ++i;
    while (i < s.size() && IsUtf8Continuation(static_cast<unsigned char>(s[i]))) ++i;
    --chars;
  }
  return i;
}

// Byte offset `chars` characters before `from` (clamped to 0).
std::size_t Retreat(std::string_view s, std::size_t from, std::size_t chars) {
  std::size_t i = from;
  while (i > 0 && chars > 0) {
    --i;
    while (i > 0 && IsUtf8Continuation(static_cast<unsigned char>(s[i]))) --i;
    --chars;
  }
  return i;
}

HighlightedText Cut(std::string_view text, std::size_t begin, std::size_t end, const std::vector<Match>& matches) {
  HighlightedText h;
  h.text.assign(text.substr(begin, end - begin));
  for (char& c : h.text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  for (const auto& m : matches) {
    if (m.begin >= begin && m.end <= end) {
      h.ranges.emplace_back(static_cast<std::uint32_t>(m.begin - begin), static_cast<std::uint32_t>(m.end - begin));
    }
  }
  h.cut_before = begin > 0;
  h.cut_after = end < text.size();
  return h;
}

}  // namespace

HighlightedText HighlightAll(std::string_view text, const std::vector<Span>& spans) {
  std::vector<Match> matches;
  for (const auto& [b, e] : spans) {
    if (e > b && e <= text.size()) matches.push_back({b, e, 0});
  }
  return Cut(text, 0, text.size(), matches);
}

HighlightedText MakeSnippet(std::string_view text, const std::vector<Span>& spans, std::size_t max_chars) {
  // Skip leading blank lines.
  std::size_t skip = 0;
  while (skip < text.size() && (text[skip] == '\n' || text[skip] == ' ' || text[skip] == '\r')) ++skip;
  text = text.substr(skip);
  const std::vector<Match> matches = ToMatches(text, spans, skip);
  if (matches.empty()) return Cut(text, 0, Advance(text, 0, max_chars), matches);

  // Best window: starting at each match, count distinct units and matches
  // that fit within max_chars characters.
  std::size_t best = 0, best_distinct = 0, best_count = 0;
  std::vector<std::uint32_t> seen(matches.size(), 0);
  for (std::size_t i = 0; i < matches.size(); ++i) {
    const std::size_t limit = Advance(text, matches[i].begin, max_chars * 3 / 4);
    std::size_t distinct = 0, count = 0;
    for (std::size_t j = i; j < matches.size() && matches[j].end <= limit; ++j) {
      if (seen[matches[j].unit] != i + 1) {
        seen[matches[j].unit] = static_cast<std::uint32_t>(i + 1);
        ++distinct;
      }
      ++count;
    }
    if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
      best = i, best_distinct = distinct, best_count = count;
    }
  }
  // Some context before the first match; start at a sentence start if one is near.
  std::size_t begin = Retreat(text, matches[best].begin, max_chars / 4);
  const std::string_view before = text.substr(begin, matches[best].begin - begin);
  for (std::string_view stop : {"。", "\n", "！", "？"}) {
    if (std::size_t p = before.rfind(stop); p != std::string_view::npos) {
      begin = begin + p + stop.size();
      break;
    }
  }
  std::size_t end = Advance(text, begin, max_chars);
  return Cut(text, begin, end, matches);
}

// Declared in include/sagasu/types.h; documented there as not throwing.
std::string HighlightedText::Render(std::string_view open, std::string_view close, bool escape_html) const try {
  const HighlightedText& h = *this;
  std::string out;
  out.reserve(h.text.size() + h.ranges.size() * (open.size() + close.size()) + 8);
  auto append = [&](std::string_view s) {
    if (!escape_html) {
      out.append(s);
      return;
    }
    for (char c : s) {
      switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
      }
    }
  };
  if (h.cut_before) out += "…";
  std::size_t at = 0;
  const std::string_view text(h.text);
  for (const auto& [b, e] : h.ranges) {
    append(text.substr(at, b - at));
    out.append(open);
    append(text.substr(b, e - b));
    out.append(close);
    at = e;
  }
  append(text.substr(at));
  if (h.cut_after) out += "…";
  return out;
} catch (...) {
  return std::string();  // out of memory
}

}  // namespace sagasu
