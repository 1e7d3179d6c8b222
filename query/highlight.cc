#include "query/highlight.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "common/analyzer/mecab_tokenizer.h"
#include "common/analyzer/normalizer.h"
#include "common/text/kana.h"
#include "common/text/utf8.h"

namespace sagasu {

namespace {

// A string every token whose term is `word` (or, for a prefix, starts with
// `word`) contains in the normalized text, or nullopt when there is none
// worth searching for. A noun's term is its surface (a katakana word may
// have lost a final ー, an ASCII group is adjacent surfaces), so the term
// itself is in the text; a verb's or adjective's term is its base form,
// whose trailing kana conjugate (役立つ: 役立ち, 愛する: 愛し, 感ずる: 感じ,
// 美しい: 美しく) while what comes before them does not. So the probe is
// the word without its trailing hiragana; a word of hiragana only
// (する: し, くる: き) has none.
std::optional<std::string_view> Probe(std::string_view word) {
  std::string_view s = word;
  char32_t c;
  while (DecodeLastUtf8(s, &c) && IsHiragana(c)) {
    std::size_t n = s.size() - 1;
    while (n > 0 && IsUtf8Continuation(static_cast<unsigned char>(s[n]))) --n;
    s = s.substr(0, n);
  }
  if (s.empty()) return std::nullopt;
  return s;
}

// A letter, digit, kana or kanji: a character MeCab never groups with a
// symbol such as 。.
bool IsWordChar(char32_t c) {
  return (c < 0x80 && (std::isalnum(static_cast<int>(c)) != 0)) || IsHiragana(c) || IsKatakanaLetter(c) ||
         IsProlongedSoundMark(c) || c == 0x3005 /* 々 */ || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF);
}

// Where normalized text can be cut into pieces that the analyzer cuts into
// the same tokens as the whole text:
//  - hard: the ends of the chunks the analyzer tags one at a time
//    (NextChunkEnd, common/analyzer/mecab_tokenizer.h); a piece starts or
//    ends exactly there;
//  - soft: a sentence end (。 ! ?) after a word character and before one
//    (white space between them is skipped). MeCab's best path passes
//    through that one-character symbol whatever surrounds it, and it skips
//    white space, so the text on either side is cut the same way when each
//    piece keeps the symbol (a piece ends after it, the next starts at
//    it). A bare newline is no such point: the words on either side of it
//    are each other's context.
struct CutPoints {
  std::vector<std::size_t> hard;        // chunk ends, ascending, the last = size
  std::vector<std::size_t> soft_begin;  // byte offset of each such symbol, ascending
};

CutPoints FindCutPoints(std::string_view norm) {
  CutPoints cuts;
  for (std::size_t pos = 0; pos < norm.size();) {
    pos = NextChunkEnd(norm, pos);
    cuts.hard.push_back(pos);
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(norm.data());
  for (std::size_t at = 0; at < norm.size(); ++at) {
    std::size_t next;
    if (norm[at] == '!' || norm[at] == '?') {
      next = at + 1;
    } else if (norm.compare(at, 3, "\u3002") == 0) {
      next = at + 3;
    } else {
      continue;
    }
    char32_t before = 0, after = 0;
    if (!DecodeLastUtf8(norm.substr(0, at), &before) || !IsWordChar(before)) continue;
    while (next < norm.size() && (norm[next] == ' ' || norm[next] == '\n' || norm[next] == '\r' || norm[next] == '\t')) {
      ++next;
    }
    if (next < norm.size() && (DecodeUtf8(bytes + next, norm.size() - next, &after) <= 0 || !IsWordChar(after))) {
      continue;
    }
    cuts.soft_begin.push_back(at);
  }
  return cuts;
}

// The ranges of normalized text to analyze: the piece around each
// occurrence of a probe of a term or prefix (between the cut points
// before and after it), overlapping pieces joined. The whole text when some
// word has no probe.
std::vector<std::pair<std::size_t, std::size_t>> Regions(std::string_view norm, const MatchSpec& spec) {
  std::vector<std::string_view> probes;
  for (const auto* words : {&spec.terms, &spec.prefixes}) {
    for (const std::string& w : *words) {
      if (w.empty()) continue;
      const std::optional<std::string_view> p = Probe(w);
      if (!p) return {{0, norm.size()}};
      probes.push_back(*p);
    }
  }
  if (probes.empty()) return {};
  const CutPoints cuts = FindCutPoints(norm);
  std::vector<std::pair<std::size_t, std::size_t>> regions;
  for (std::string_view p : probes) {
    for (std::size_t at = norm.find(p); at != std::string_view::npos;) {
      const std::size_t stop = at + p.size();
      // Begin: the later of the last chunk end at or before `at` and the
      // last soft cut before `at`; end: the earlier of the first chunk end
      // at or after `stop` and the end of the first soft cut at or after it.
      auto h = std::upper_bound(cuts.hard.begin(), cuts.hard.end(), at);
      std::size_t begin = h == cuts.hard.begin() ? 0 : *(h - 1);
      auto s = std::lower_bound(cuts.soft_begin.begin(), cuts.soft_begin.end(), at);
      if (s != cuts.soft_begin.begin()) begin = std::max(begin, *(s - 1));
      h = std::lower_bound(h, cuts.hard.end(), stop);
      std::size_t end = h == cuts.hard.end() ? norm.size() : *h;
      s = std::lower_bound(s, cuts.soft_begin.end(), stop);
      if (s != cuts.soft_begin.end()) end = std::min(end, *s + (norm[*s] == '!' || norm[*s] == '?' ? 1 : 3));
      regions.emplace_back(begin, end);
      at = norm.find(p, std::max(end, at + 1));
    }
  }
  std::sort(regions.begin(), regions.end());
  std::vector<std::pair<std::size_t, std::size_t>> merged;
  for (const auto& r : regions) {
    if (!merged.empty() && r.first < merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

bool TokenMatches(std::string_view term, const MatchSpec& spec) {
  for (const std::string& t : spec.terms) {
    if (term == t) return true;
  }
  for (const std::string& p : spec.prefixes) {
    if (!p.empty() && term.starts_with(p)) return true;
  }
  return false;
}

}  // namespace

void MergeSpans(std::vector<Span>* spans) {
  std::sort(spans->begin(), spans->end());
  std::vector<Span> out;
  for (const Span& s : *spans) {
    if (s.second <= s.first) continue;
    if (!out.empty() && s.first <= out.back().second) {
      out.back().second = std::max(out.back().second, s.second);
    } else {
      out.push_back(s);
    }
  }
  spans->swap(out);
}

std::vector<Span> MatchSpans(AnalyzerSession* session, std::string_view text, const MatchSpec& spec) {
  std::vector<Span> spans;
  if (spec.empty() || text.empty()) return spans;
  std::string norm;
  OffsetMap map;
  Normalizer::Get().Normalize(text, &norm, &map);

  // Sequences: every occurrence in the normalized text.
  for (const std::string& seq : spec.sequences) {
    if (seq.empty()) continue;
    const bool katakana = LastCodePointIs(seq, IsKatakanaLetter);
    for (std::size_t at = norm.find(seq); at != std::string::npos; at = norm.find(seq, at + 1)) {
      std::size_t end = at + seq.size();
      if (katakana && norm.compare(end, 3, "\u30FC") == 0) end += 3;
      spans.emplace_back(map.Begin(at), map.End(end));
    }
  }

  // Terms and prefixes: the tokens of the sentences that may hold them.
  std::vector<Term> terms;
  for (const auto& [nb, ne] : Regions(norm, spec)) {
    const ByteOffset base = map.Begin(nb);
    const ByteOffset limit = ne == norm.size() ? static_cast<ByteOffset>(text.size()) : map.Begin(ne);
    if (limit <= base) continue;
    terms.clear();
    session->Analyze(text.substr(base, limit - base), 0, /*with_offsets=*/true, &terms);
    for (const Term& t : terms) {
      if (TokenMatches(t.text, spec)) spans.emplace_back(base + t.begin, base + t.end);
    }
  }
  session->TakeChunkErrors();
  MergeSpans(&spans);
  return spans;
}

}  // namespace sagasu
