// The character n-gram stream: what finds the parts of words that MeCab keeps
// whole (北海 in 北海道, 冷却 in 液浸冷却, 雨 in 梅雨), beside the MeCab terms.
//
// Grams are cut from NORMALIZED text (common/analyzer/normalizer.h), the
// same text MeCab reads, in runs of Japanese letters (IsGramChar: kanji,
// kana, ー, 々 and the like; never ASCII, digits, spaces or punctuation,
// which the word stream serves). Each code point of the normalized text
// takes one gram position, whether or not it is in a run, so grams of two
// runs are never adjacent. In a run c0 c1 ... c(n-1):
//
//   position of ci:  the bigram ci c(i+1)  for i < n - 1
//                    the unigram c(n-1)    for the last character
//
// so every character of a run begins exactly one gram. A character sequence
// of length L >= 2 occurs at position p exactly when the bigrams of the
// sequence occur at p, p + 1, ..., p + L - 2 (GramPhrase); a single
// character occurs wherever a gram begins with it (GramsStartingWith in the
// index). Stored in the postings stream format::kStreamNgram.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/types.h"

namespace sagasu {

// Whether code point `c` belongs to a gram run: Hiragana, Katakana (with
// the phonetic extensions, ー and the iteration marks), CJK ideographs (the
// unified blocks and extensions, compatibility ideographs), 々 〆 〇 ヶ, and
// Hangul syllables.
constexpr bool IsGramChar(char32_t c) {
  return (c >= 0x3041 && c <= 0x309F) ||    // hiragana, ゝ ゞ
         (c >= 0x30A1 && c <= 0x30FA) ||    // katakana letters
         (c >= 0x30FC && c <= 0x30FF) ||    // ー ヽ ヾ ヿ
         (c >= 0x31F0 && c <= 0x31FF) ||    // katakana phonetic extensions
         (c >= 0x3005 && c <= 0x3007) ||    // 々 〆 〇
         (c >= 0x3400 && c <= 0x4DBF) ||    // CJK extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||    // CJK unified ideographs
         (c >= 0xF900 && c <= 0xFAFF) ||    // CJK compatibility ideographs
         (c >= 0xAC00 && c <= 0xD7A3) ||    // Hangul syllables
         (c >= 0x20000 && c <= 0x3FFFF);    // CJK extensions B and later
}

// One gram: its UTF-8 bytes (one or two code points, at most 8 bytes) and
// its position.
struct Gram {
  char bytes[8];
  std::uint8_t size;
  Position position;
  std::string_view text() const { return {bytes, size}; }
};

// Appends the grams of `normalized` to *out, the first code point at
// position `first`. Returns the position after the text (first + its
// number of code points).
Position AppendGrams(std::string_view normalized, Position first, std::vector<Gram>* out);

// Whether every code point of `normalized` is a gram character (and there
// is at least one): such a text can be matched through the gram stream.
bool IsGramText(std::string_view normalized);

// The grams that a contiguous occurrence of `normalized` (IsGramText)
// consists of, in order, each with its offset from the first: the bigrams
// of a text of two or more characters (the last one may be followed by
// anything, so no unigram), or, for one character, that character alone
// (which a caller matches as a prefix of grams: GramsStartingWith).
struct GramStep {
  std::string gram;
  Position offset;
};
std::vector<GramStep> GramPhrase(std::string_view normalized);

// Which steps of a phrase of bigrams (GramPhrase, or ReadingPhrase's steps
// with their boundary grams) are enough to find it: the bigram `anchor` (an
// index into `steps`; a caller passes its rarest), every bigram an even
// number of positions from it, the first and the last bigram, and every
// step that is no bigram (the boundary grams "|c" and "c|": nothing else
// places them). A bigram at position p stands for two characters at p and
// p + 1 of one run, and positions count characters with a skipped position
// (or a gap) between runs, so bigrams at p and p + 2 are four consecutive
// characters of one run: the bigram at p + 1 holds wherever they do. A
// phrase of L letters is checked in each document with L / 2 + 1 lookups
// instead of L - 1, and the positions of the others are never decoded.
// REQUIRES: steps[anchor] is a bigram.
std::vector<bool> PinningSteps(const std::vector<GramStep>& steps, std::size_t anchor);

// Whether a step is a bigram: two gram characters (IsGramChar; a reading's
// boundary marker is none).
bool IsBigramStep(const GramStep& step);

// The number of code points of `s`.
std::size_t CodePointCount(std::string_view s);

}  // namespace sagasu
