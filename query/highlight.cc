#include "query/highlight.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <utility>

#include "common/analyzer/fold.h"
#include "common/analyzer/mecab_tokenizer.h"
#include "common/analyzer/normalizer.h"
#include "common/analyzer/reading.h"
#include "common/analyzer/term_policy.h"
#include "common/text/ascii.h"
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
// (する: し, くる: き) has none. With the kana rule on, the text searched
// has its hiragana folded to katakana (PieceMatches), and so has the probe:
// the hiragana left inside a word (取り入れる: 取リ入レ, ご飯: ゴ飯) is
// found there. With the digits rule on, a number of four digits or more
// (5000, 1234567.5) may be written grouped (5,000, 1,234,567.5): its probe
// is the digits before the first comma there could be.
std::optional<std::string> Probe(std::string_view word, const FoldOptions& fold) {
  std::string_view s = word;
  if (fold.digits) {
    std::size_t whole = 0;
    while (whole < s.size() && IsAsciiDigit(s[whole])) ++whole;
    bool number = whole >= 4;
    if (number && whole < s.size()) {
      number = s[whole] == '.' && whole + 1 < s.size() &&
               std::all_of(s.begin() + static_cast<std::ptrdiff_t>(whole) + 1, s.end(), IsAsciiDigit);
    }
    if (number) return std::string(s.substr(0, (whole - 1) % 3 + 1));
  }
  // An okurigana key (打合#ウチアワセ, common/analyzer/fold.h): its first
  // kanji starts every spelling of it.
  if (const std::size_t hash = s.find('#'); hash != std::string_view::npos && hash > 0) {
    return std::string(s.substr(0, Utf8SequenceLength(static_cast<unsigned char>(s[0]))));
  }
  char32_t c;
  while (DecodeLastUtf8(s, &c) && IsHiragana(c)) {
    std::size_t n = s.size() - 1;
    while (n > 0 && IsUtf8Continuation(static_cast<unsigned char>(s[n]))) --n;
    s = s.substr(0, n);
  }
  if (s.empty()) return std::nullopt;
  std::string probe(s);
  if (fold.kana) FoldHiraganaToKatakana(&probe);
  return probe;
}

// A letter, digit, kana or kanji: a character MeCab never groups with a
// symbol such as 。.
bool IsWordChar(char32_t c) {
  return (c < 0x80 && (std::isalnum(static_cast<int>(c)) != 0)) || IsHiragana(c) || IsKatakanaLetter(c) ||
         IsProlongedSoundMark(c) || c == 0x3005 /* 々 */ || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF);
}

// Whether `s` starts with one of the symbols, each a dictionary word of
// its own, that the soft cut points below are: 。、「」『』【】 (not ・,
// which MeCab keeps inside katakana names: ココ・シャネル).
bool IsCutSymbol(std::string_view s) {
  if (s.size() < 3) return false;
  const auto b1 = static_cast<unsigned char>(s[1]), b2 = static_cast<unsigned char>(s[2]);
  if (static_cast<unsigned char>(s[0]) != 0xE3) return false;
  return b1 == 0x80 && (b2 == 0x81 || b2 == 0x82 || (b2 >= 0x8C && b2 <= 0x91));
}

// Where normalized text can be cut into pieces that the analyzer cuts into
// the same tokens as the whole text:
//  - hard: the ends of the chunks the analyzer tags one at a time
//    (NextChunkEnd, common/analyzer/mecab_tokenizer.h); a piece starts or
//    ends exactly there;
//  - soft: a one-character symbol (a sentence end 。 ! ?, a comma 、, a
//    bracket 「」『』【】) after a word character and before one (white
//    space between them is skipped). MeCab's best path passes through
//    that symbol whatever surrounds it, and it skips white space, so the
//    text on either side is cut the same way when each piece keeps the
//    symbol (a piece ends after it, the next starts at it). A bare newline
//    is no such point: the words on either side of it are each other's
//    context. Checked against whole-text analysis, every term of every
//    livedoor title and body (MatchSpans.SentencesAnalyzedAlone...).
// Only the cut points around an occurrence of a probe are looked for.

// The chunk ends, ascending; the last is norm.size().
std::vector<std::size_t> HardCuts(std::string_view norm) {
  std::vector<std::size_t> hard;
  for (std::size_t pos = 0; pos < norm.size();) {
    pos = NextChunkEnd(norm, pos);
    hard.push_back(pos);
  }
  return hard;
}

// The size of the soft cut symbol at byte `at` of `norm`, or 0 when there
// is none there.
std::size_t SoftCutAt(std::string_view norm, std::size_t at) {
  const char c = norm[at];
  std::size_t next;
  if (c == '!' || c == '?') {
    next = at + 1;
  } else if (static_cast<unsigned char>(c) == 0xE3 && IsCutSymbol(norm.substr(at))) {
    next = at + 3;
  } else {
    return 0;
  }
  const std::size_t size = next - at;
  char32_t before = 0, after = 0;
  if (!DecodeLastUtf8(norm.substr(0, at), &before) || !IsWordChar(before)) return 0;
  while (next < norm.size() && (norm[next] == ' ' || norm[next] == '\n' || norm[next] == '\r' || norm[next] == '\t')) {
    ++next;
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(norm.data());
  if (next < norm.size() && (DecodeUtf8(bytes + next, norm.size() - next, &after) <= 0 || !IsWordChar(after))) {
    return 0;
  }
  return size;
}

// The ranges of normalized text to analyze: the piece around each
// occurrence of a probe of a term or prefix (between the cut points
// before and after it), overlapping pieces joined; and in *occurrences
// every occurrence [begin, end) of a probe, ascending by end. The whole
// text and no occurrences, with *unbounded set, when some word has no
// probe.
std::vector<std::pair<std::size_t, std::size_t>> Regions(std::string_view norm, const FoldOptions& fold, const MatchSpec& spec,
                                                         const std::vector<bool>& settled,
                                                         std::vector<std::pair<std::size_t, std::size_t>>* occurrences,
                                                         bool* unbounded) {
  *unbounded = false;
  occurrences->clear();
  std::vector<std::string> probes;
  auto add = [&](const std::string& w) {
    if (w.empty()) return true;
    std::optional<std::string> p = Probe(w, fold);
    if (!p) return false;
    probes.push_back(std::move(*p));
    return true;
  };
  bool bounded = true;
  for (std::size_t i = 0; i < spec.terms.size() && bounded; ++i) bounded = settled[i] || add(spec.terms[i]);
  for (std::size_t i = 0; i < spec.prefixes.size() && bounded; ++i) bounded = add(spec.prefixes[i]);
  if (!bounded) {
    *unbounded = true;
    return {{0, norm.size()}};
  }
  if (probes.empty()) return {};
  for (const std::string& p : probes) {
    for (std::size_t at = norm.find(p); at != std::string_view::npos; at = norm.find(p, at + 1)) {
      occurrences->emplace_back(at, at + p.size());
    }
  }
  if (occurrences->empty()) return {};
  std::sort(occurrences->begin(), occurrences->end(),
            [](const auto& x, const auto& y) { return x.second != y.second ? x.second < y.second : x.first < y.first; });
  const std::vector<std::size_t> hard = HardCuts(norm);
  std::vector<std::pair<std::size_t, std::size_t>> regions;
  for (const auto& [at, stop] : *occurrences) {
    if (!regions.empty() && at >= regions.back().first && stop <= regions.back().second) continue;
    // Begin: the later of the last chunk end at or before `at` and the
    // last soft cut before `at`; end: the earlier of the first chunk end
    // at or after `stop` and the end of the first soft cut at or after it.
    const auto h = std::upper_bound(hard.begin(), hard.end(), at);
    if (h != hard.end() && *h < stop) continue;  // across a chunk end: in no token
    const std::size_t chunk_begin = h == hard.begin() ? 0 : *(h - 1);
    const std::size_t chunk_end = *std::lower_bound(h, hard.end(), stop);
    std::size_t begin = chunk_begin;
    for (std::size_t x = at; x > chunk_begin;) {
      if (SoftCutAt(norm, --x) > 0) {
        begin = x;
        break;
      }
    }
    std::size_t end = chunk_end;
    for (std::size_t x = stop; x < chunk_end; ++x) {
      if (const std::size_t size = SoftCutAt(norm, x); size > 0) {
        end = std::min(chunk_end, x + size);
        break;
      }
    }
    regions.emplace_back(begin, end);
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

// Whether a token with `term` matches: a term of `spec` not settled
// without the analyzer, or a prefix.
bool TokenMatches(std::string_view term, const MatchSpec& spec, const std::vector<bool>& settled) {
  for (std::size_t i = 0; i < spec.terms.size(); ++i) {
    if (!settled[i] && term == spec.terms[i]) return true;
  }
  for (const std::string& p : spec.prefixes) {
    if (!p.empty() && term.starts_with(p)) return true;
  }
  return false;
}

// Adds to *found the original byte range of every run of whole tokens of
// `text` (its reading sequence) whose readings spell `r`: start at each
// token and extend within its run while the readings so far are a prefix
// of r (for a prefix match, while r is not used up).
void AddReadingRuns(const ReadingText& text, const MatchSpec::Reading& r, std::vector<Span>* found) {
  const std::string_view want = r.reading;
  const auto& tokens = text.tokens;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::size_t have = 0;  // bytes of `want` matched so far
    for (std::size_t j = i; j < tokens.size() && (j == i || !tokens[j].run_start); ++j) {
      const std::string_view t(text.text.data() + tokens[j].begin, tokens[j].end - tokens[j].begin);
      const std::string_view rest = want.substr(have);
      if (rest.size() <= t.size() && (rest.size() == t.size() || r.prefix)) {
        if (t.substr(0, rest.size()) == rest) found->emplace_back(tokens[i].source_begin, tokens[j].source_end);
        break;
      }
      if (rest.substr(0, t.size()) != t) break;
      have += t.size();
    }
  }
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

PieceMatches::PieceMatches(AnalyzerSession* session, std::string_view text, const MatchSpec& spec)
    : session_(session), text_(text), spec_(&spec), settled_(spec.terms.size(), false) {
  if (spec.empty() || text.empty()) return;
  // Normalized as the analyzer does, hiragana folded as the gram stream and
  // the kana rule fold it (byte for byte: the map stays valid), so that
  // sequences and terms (リンゴ of りんご) are found in either spelling.
  Normalizer::Get().Normalize(text, &norm_, &map_, session->fold());
  if (session->fold().kana) FoldHiraganaToKatakana(&norm_);

  // Sequences: every occurrence in the normalized text.
  for (const std::string& seq : spec.sequences) {
    if (seq.empty()) continue;
    const bool katakana = LastCodePointIs(seq, IsKatakanaLetter);
    for (std::size_t at = norm_.find(seq); at != std::string::npos; at = norm_.find(seq, at + 1)) {
      std::size_t end = at + seq.size();
      if (katakana && norm_.compare(end, 3, "\u30FC") == 0) end += 3;
      found_.emplace_back(map_.Begin(at), map_.End(end));
    }
  }
  // Readings: the runs of tokens that spell them.
  if (!spec.readings.empty()) {
    ReadingText reading;
    std::vector<Term> terms;
    session_->AnalyzeWithReading(text, 0, /*with_offsets=*/true, &terms, &reading);
    session_->TakeChunkErrors();
    for (const MatchSpec::Reading& r : spec.readings) {
      if (!r.reading.empty()) AddReadingRuns(reading, r, &found_);
    }
  }
  // Terms settled by their counts (MatchSpec::token_counts): every
  // occurrence is a token of theirs.
  for (std::size_t i = 0; i < spec.terms.size() && i < spec.token_counts.size(); ++i) {
    const std::string& term = spec.terms[i];
    const MatchSpec::TokenCount count = spec.token_counts[i];
    if (count.most == 0) {
      settled_[i] = true;  // no token of the text has it
      continue;
    }
    const std::optional<std::string> probe = Probe(term, session->fold());
    if (count.least == 0 || !probe || probe->size() != term.size()) continue;
    std::vector<std::size_t> at;
    for (std::size_t x = norm_.find(*probe); x != std::string::npos && at.size() <= count.least;
         x = norm_.find(*probe, x + 1)) {
      at.push_back(x);
    }
    // Each token holds a distinct occurrence, so there are at least as
    // many occurrences as tokens; as many as the bound on tokens means
    // they are the tokens. (Fewer would mean a token without one, which
    // no noun-like term has: never settle on that.)
    if (at.size() != count.least) continue;
    // A term the katakana stem may have cut a ー from (サーバー: サーバ),
    // followed by a ー: the token may or may not hold it (セットー is a
    // token in one text, セット + ー two in another), so analyze.
    const bool stems = StemKatakana(term + "\u30FC").size() == term.size();
    if (stems && std::any_of(at.begin(), at.end(), [&](std::size_t x) {
          return norm_.compare(x + term.size(), 3, "\u30FC") == 0;
        })) {
      continue;
    }
    settled_[i] = true;
    for (std::size_t x : at) found_.emplace_back(map_.Begin(x), map_.End(x + term.size()));
  }
  std::sort(found_.begin(), found_.end());

  // Terms not settled and prefixes: the sentences that may hold them.
  std::vector<std::pair<std::size_t, std::size_t>> occurrences;
  const auto regions = Regions(norm_, session->fold(), spec, settled_, &occurrences, &unbounded_);
  std::vector<std::pair<std::size_t, std::size_t>> piece_norm;
  for (const auto& [nb, ne] : regions) {
    const ByteOffset base = map_.Begin(nb);
    const ByteOffset limit = ne == norm_.size() ? static_cast<ByteOffset>(text.size()) : map_.Begin(ne);
    if (limit <= base) continue;
    pieces_.emplace_back(base, limit);
    piece_norm.emplace_back(nb, ne);
  }
  // Each occurrence in the piece that holds it (those crossing an end of
  // a piece lie in no token), still ascending by end.
  occurrences_.resize(pieces_.size());
  for (const auto& [ob, oe] : occurrences) {
    auto it = std::upper_bound(piece_norm.begin(), piece_norm.end(), ob,
                               [](std::size_t v, const auto& r) { return v < r.first; });
    if (it == piece_norm.begin() || oe > (it - 1)->second) continue;
    occurrences_[static_cast<std::size_t>(it - 1 - piece_norm.begin())].push_back(
        {static_cast<std::uint32_t>(ob), static_cast<std::uint32_t>(oe), {map_.Begin(ob), map_.End(oe)}});
  }
  analyzed_.assign(pieces_.size(), false);
}

std::size_t PieceMatches::MaxTokens(std::size_t piece, std::size_t begin, std::size_t end) const {
  const Span& r = pieces_[piece];
  const std::size_t b = std::max<std::size_t>(begin, r.first), e = std::min<std::size_t>(end, r.second);
  if (e <= b) return 0;
  if (unbounded_) return e - b;  // a token is at least a byte
  // The most disjoint occurrences within [begin, end): greedily by end.
  std::size_t count = 0, last_end = 0;
  for (const Occurrence& o : occurrences_[piece]) {
    if (o.original.first < begin || o.original.second > end || o.norm_begin < last_end) continue;
    ++count;
    last_end = o.norm_end;
  }
  return count;
}

void PieceMatches::Analyze(std::size_t piece) {
  if (analyzed_[piece]) return;
  analyzed_[piece] = true;
  const auto [base, limit] = pieces_[piece];
  terms_.clear();
  session_->Analyze(text_.substr(base, limit - base), 0, /*with_offsets=*/true, &terms_);
  session_->TakeChunkErrors();
  const std::size_t old = found_.size();
  for (const Term& t : terms_) {
    if (TokenMatches(t.text, *spec_, settled_)) found_.emplace_back(base + t.begin, base + t.end);
  }
  std::inplace_merge(found_.begin(), found_.begin() + static_cast<std::ptrdiff_t>(old), found_.end());
}

std::vector<Span> PieceMatches::All() {
  for (std::size_t i = 0; i < pieces_.size(); ++i) Analyze(i);
  std::vector<Span> spans = found_;
  MergeSpans(&spans);
  return spans;
}

std::vector<Span> MatchSpans(AnalyzerSession* session, std::string_view text, const MatchSpec& spec) {
  return PieceMatches(session, text, spec).All();
}

}  // namespace sagasu
