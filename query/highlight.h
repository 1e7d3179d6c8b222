// Highlights from what matched: the byte ranges of the ORIGINAL text that a
// hit matched through, found with the analyzer's own tokens and offsets, so
// a mark covers exactly a token that matched (役立ちます for the term 役立つ,
// the whole of スマートフォン, ＯｐｅｎＡＩ for openai) and nothing that did not
// (the 雨 inside the morpheme 梅雨 is not the term 雨). Snippets
// (query/snippet.h) cut and render them; query/match_spec.h says, per hit
// and field, what matched.
#pragma once

#include <cstdint>
#include <climits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/analyzer/normalizer.h"

namespace sagasu {

// What matched one hit in one field; query/match_spec.h fills it from the
// query plan. Every string is normalized (common/analyzer/normalizer.h).
struct MatchSpec {
  // Word-stream terms, as the analyzer emits Term::text: every token of the
  // text whose term equals one of these is marked.
  std::vector<std::string> terms;
  // Word-stream prefixes: every token whose term starts with one is marked.
  std::vector<std::string> prefixes;
  // Character sequences matched through the character n-gram stream: every
  // occurrence of the sequence in the normalized text is marked, whatever
  // the token boundaries. A sequence ending in a katakana letter takes a
  // ー that follows it (the term rule of common/analyzer/term_policy.h:
  // サーバ and サーバー are one word).
  std::vector<std::string> sequences;
  // Readings (folded katakana, common/analyzer/reading.h) matched through
  // the reading stream: every run of whole tokens whose readings spell one
  // is marked, the tokens' original characters (北海道 for ホッカイドウ);
  // with `prefix`, a run whose readings begin with it, the last token
  // marked whole. Finding them analyzes the whole text.
  struct Reading {
    std::string reading;
    bool prefix = false;
  };
  std::vector<Reading> readings;
  // Per entry of `terms`, when not empty: how many tokens of the text have
  // that term, as the postings tell (MatchSpecCounts in query/match_spec.h).
  // A term with none is settled without the analyzer, and so is a
  // noun-like term (no trailing hiragana: its term is its surface) with
  // exactly `least` occurrences in the normalized text: each of its tokens
  // holds a distinct occurrence, so every occurrence is one of its tokens.
  struct TokenCount {
    std::uint32_t least = 0;
    std::uint32_t most = UINT32_MAX;  // unknown
  };
  std::vector<TokenCount> token_counts;

  bool empty() const { return terms.empty() && prefixes.empty() && sequences.empty() && readings.empty(); }
};

// A half-open byte range [first, second) of the original text.
using Span = std::pair<std::uint32_t, std::uint32_t>;

// The byte ranges of the ORIGINAL `text` that `spec` matches, ascending;
// overlapping spans and spans that touch (one's end is the next's begin)
// are merged into one. Tokens come from `session` (Analyze with offsets).
// Only the sentences that can hold a term or prefix are analyzed (a word
// is searched for in the normalized text first: a noun's term as it is, a
// verb's or adjective's base form without its trailing kana), each cut
// where the analyzer's tokens cannot change: at the ends of the chunks it
// tags one at a time, and at a one-character symbol (。！？、「」『』【】)
// between two words, kept on both sides.
// So the cost follows the matches rather than the length of the text.
// Text the analyzer could not tag (TakeChunkErrors) yields no spans; the
// errors are cleared.
std::vector<Span> MatchSpans(AnalyzerSession* session, std::string_view text, const MatchSpec& spec);

// The spans of MatchSpans found piece by piece, for a caller that needs
// only those near some place (MakeSnippet in query/snippet.h: the window).
// The constructor normalizes the text, finds every sequence (and every
// reading run, which takes one analysis of the whole text) and cuts the
// text into the pieces that may hold a term or prefix (the sentences
// MatchSpans analyzes), analyzing none; Analyze(i) tags piece i. A piece
// yields exactly the spans whole-text analysis gives inside it, and the
// tokens of a piece never cross its range.
class PieceMatches {
 public:
  // `session` and `text` must outlive this.
  PieceMatches(AnalyzerSession* session, std::string_view text, const MatchSpec& spec);

  // Byte ranges of the original text, ascending and disjoint.
  const std::vector<Span>& pieces() const { return pieces_; }
  bool analyzed(std::size_t piece) const { return analyzed_[piece]; }
  // The spans found so far, ascending by begin, not merged: every sequence
  // occurrence and the matching tokens of the pieces analyzed.
  const std::vector<Span>& found() const { return found_; }

  // An upper bound on the number of disjoint matching tokens of piece
  // `piece` (not analyzed) that lie within [begin, end) of the original
  // text: such a token holds an occurrence of a term's or prefix's probe
  // (the string searched for), so it is the most disjoint occurrences
  // there.
  std::size_t MaxTokens(std::size_t piece, std::size_t begin, std::size_t end) const;

  // Analyzes piece `piece` (once) and adds its matching tokens to found().
  void Analyze(std::size_t piece);
  // Analyzes every piece; returns found(), merged: MatchSpans.
  std::vector<Span> All();

 private:
  struct Occurrence {
    std::uint32_t norm_begin, norm_end;  // in the normalized text
    Span original;
  };
  AnalyzerSession* session_;
  std::string_view text_;
  const MatchSpec* spec_;
  std::string norm_;
  OffsetMap map_;
  std::vector<Span> pieces_;
  std::vector<bool> analyzed_;
  // Per piece, the probe occurrences inside it by norm_end; none and
  // unbounded_ when some word has no probe.
  std::vector<std::vector<Occurrence>> occurrences_;
  bool unbounded_ = false;
  std::vector<bool> settled_;  // per spec term: settled by its count
  std::vector<Span> found_;
  std::vector<Term> terms_;  // scratch
};

// Sorts `spans` and merges those that overlap or touch.
void MergeSpans(std::vector<Span>* spans);

}  // namespace sagasu
