#include "query/snippet.h"

#include <algorithm>
#include <utility>

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

// Leading blank lines and spaces, which a snippet skips.
std::size_t LeadingBlanks(std::string_view text) {
  std::size_t skip = 0;
  while (skip < text.size() && (text[skip] == '\n' || text[skip] == ' ' || text[skip] == '\r')) ++skip;
  return skip;
}

// The value of the window starting at matches[i]: the distinct units and
// the matches that end within max_chars * 3 / 4 characters of its start.
struct Window {
  std::size_t index = 0, distinct = 0, count = 0;
};

std::size_t WindowLimit(std::string_view text, std::size_t begin, std::size_t max_chars) {
  return Advance(text, begin, max_chars * 3 / 4);
}

Window Evaluate(std::string_view text, const std::vector<Match>& matches, std::size_t i, std::size_t max_chars,
                std::vector<std::uint32_t>* seen) {
  const std::size_t limit = WindowLimit(text, matches[i].begin, max_chars);
  Window w{i, 0, 0};
  for (std::size_t j = i; j < matches.size() && matches[j].end <= limit; ++j) {
    if ((*seen)[matches[j].unit] != i + 1) {
      (*seen)[matches[j].unit] = static_cast<std::uint32_t>(i + 1);
      ++w.distinct;
    }
    ++w.count;
  }
  return w;
}

// Better: more distinct units, then more matches (the earlier wins a tie).
bool Better(const Window& a, const Window& b) {
  return a.distinct > b.distinct || (a.distinct == b.distinct && a.count > b.count);
}

// The snippet around the window starting at `first` (a match's begin):
// some context before it, from a sentence start if one is near.
std::pair<std::size_t, std::size_t> CutAround(std::string_view text, std::size_t first, std::size_t max_chars) {
  std::size_t begin = Retreat(text, first, max_chars / 4);
  const std::string_view before = text.substr(begin, first - begin);
  for (std::string_view stop : {"。", "\n", "！", "？"}) {
    if (std::size_t p = before.rfind(stop); p != std::string_view::npos) {
      begin = begin + p + stop.size();
      break;
    }
  }
  return {begin, Advance(text, begin, max_chars)};
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
  const std::size_t skip = LeadingBlanks(text);
  text = text.substr(skip);
  const std::vector<Match> matches = ToMatches(text, spans, skip);
  if (matches.empty()) return Cut(text, 0, Advance(text, 0, max_chars), matches);

  // Best window: starting at each match, count distinct units and matches
  // that fit within max_chars characters.
  Window best;
  std::vector<std::uint32_t> seen(matches.size(), 0);
  for (std::size_t i = 0; i < matches.size(); ++i) {
    const Window w = Evaluate(text, matches, i, max_chars, &seen);
    if (Better(w, best)) best = w;
  }
  const auto [begin, end] = CutAround(text, matches[best.index].begin, max_chars);
  return Cut(text, begin, end, matches);
}

HighlightedText MakeSnippet(std::string_view text, PieceMatches* pieces, std::size_t max_chars,
                            std::size_t max_explored) {
  const std::size_t skip = LeadingBlanks(text);
  const std::string_view body = text.substr(skip);
  // A piece not analyzed yet, in `body` offsets: [begin, end) holds its
  // tokens; a window starting in [lo, end] reaches into it or touches it
  // and ends before `reach`.
  struct Pending {
    std::size_t piece, begin, end, lo, reach;
  };
  std::vector<Pending> pending;
  for (std::size_t i = 0; i < pieces->pieces().size(); ++i) {
    const auto [b, e] = pieces->pieces()[i];
    if (pieces->analyzed(i) || e <= skip) continue;
    const std::size_t begin = std::max<std::size_t>(b, skip) - skip, end = e - skip;
    pending.push_back({i, begin, end, Retreat(body, begin, max_chars * 3 / 4), WindowLimit(body, end, max_chars)});
  }
  // Pieces analyzed to find the window; past max_explored the window is
  // chosen among the matches known then (the marks inside it stay exact).
  std::size_t explored = 0;
  // Whether a pending piece meets [x, y] (closed: a token touching a span
  // merges with it).
  auto meets = [&](std::size_t x, std::size_t y) {
    if (explored >= max_explored) return false;
    auto it = std::lower_bound(pending.begin(), pending.end(), x, [](const Pending& p, std::size_t v) { return p.end < v; });
    return it != pending.end() && it->begin <= y;
  };

  std::vector<Span> spans;
  std::vector<Match> matches;
  std::vector<std::uint32_t> seen;
  auto refresh = [&] {
    spans = pieces->found();
    MergeSpans(&spans);
    matches = ToMatches(body, spans, skip);
    seen.assign(matches.size(), 0);
  };
  for (;;) {
    refresh();
    // The best window whose matches are all known: no pending piece meets
    // it. Its value is final.
    Window best;
    bool have_best = false;
    for (std::size_t i = 0; i < matches.size(); ++i) {
      if (meets(matches[i].begin, WindowLimit(body, matches[i].begin, max_chars))) continue;
      const Window w = Evaluate(body, matches, i, max_chars, &seen);
      if (!have_best || Better(w, best)) best = w, have_best = true;
    }
    // A window starting in [p.lo, p.end] counts at most the known spans and
    // the tokens that pending pieces may hold within [p.lo, p.reach); it can
    // beat `best` only if that bound can.
    std::size_t next = pending.size(), next_bound = 0;
    for (std::size_t k = 0; k < pending.size(); ++k) {
      const Pending& p = pending[k];
      std::size_t bound = 0;
      for (const Match& m : matches) bound += m.begin >= p.lo && m.end <= p.reach;
      for (const Pending& q : pending) {
        if (q.begin < p.reach && q.end > p.lo) bound += pieces->MaxTokens(q.piece, p.lo + skip, p.reach + skip);
      }
      const bool may_beat = !have_best || bound > best.distinct ||
                            (bound == best.distinct && bound == best.count && p.lo < matches[best.index].begin);
      if (may_beat && (next == pending.size() || bound > next_bound)) next = k, next_bound = bound;
    }
    if (explored >= max_explored) next = pending.size();
    if (next == pending.size()) {
      // Without a known match the window is the beginning of the text.
      const auto [begin, end] = have_best ? CutAround(body, matches[best.index].begin, max_chars)
                                          : std::pair<std::size_t, std::size_t>{0, Advance(body, 0, max_chars)};
      // The marks inside the cut: every piece that meets it.
      bool more = false;
      for (const Pending& p : pending) {
        if (p.begin <= end && p.end >= begin) pieces->Analyze(p.piece), more = true;
      }
      if (more) refresh();
      return Cut(body, begin, end, matches);
    }
    pieces->Analyze(pending[next].piece);
    pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(next));
    ++explored;
  }
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
