// Character classes of Japanese kana, by code point. Callers see normalized
// text (common/analyzer/normalizer.h), where half-width katakana (U+FF66..
// U+FF9F) has already been widened, so none of these classes includes it.
#pragma once

#include <string>
#include <string_view>

#include "common/text/utf8.h"

namespace sagasu {

// Hiragana U+3041..U+309F: the letters ぁ..ゖ, the voiced sound marks (゙ ゚ ゛
// ゜), the iteration marks ゝ ゞ and the digraph ゟ.
constexpr bool IsHiragana(char32_t c) { return c >= 0x3041 && c <= 0x309F; }

// Katakana letters U+30A1..U+30FA: ァ..ヺ, with the small ヵ ヶ and ヴ ヷ..ヺ.
// Not the middle dot ・ (U+30FB), ー (U+30FC) or the iteration marks.
constexpr bool IsKatakanaLetter(char32_t c) { return c >= 0x30A1 && c <= 0x30FA; }

// Katakana Phonetic Extensions U+31F0..U+31FF: the small ㇰ..ㇿ used for Ainu.
constexpr bool IsKatakanaPhoneticExtension(char32_t c) { return c >= 0x31F0 && c <= 0x31FF; }

// The prolonged sound mark ー U+30FC.
constexpr bool IsProlongedSoundMark(char32_t c) { return c == 0x30FC; }

// The katakana iteration marks ヽ U+30FD and ヾ U+30FE.
constexpr bool IsKatakanaIterationMark(char32_t c) { return c == 0x30FD || c == 0x30FE; }

// A katakana letter (either block) or ー: a hyphen after one of these is read
// as ー (スマート-フォン).
constexpr bool IsKatakanaOrProlonged(char32_t c) {
  return IsKatakanaLetter(c) || IsKatakanaPhoneticExtension(c) || IsProlongedSoundMark(c);
}

// Everything that may appear in a katakana word: IsKatakanaOrProlonged plus
// the iteration marks ヽ ヾ. Not the middle dot ・, which separates words.
constexpr bool IsKatakanaWordChar(char32_t c) { return IsKatakanaOrProlonged(c) || IsKatakanaIterationMark(c); }

// Katakana letters ァ..ヶ (U+30A1..U+30F6) as the hiragana 0x60 code points
// earlier (ぁ..ゖ); everything else as it is (ー, and ヷ..ヺ, which have no
// hiragana). A MeCab reading spelled as a reader types it: ホッカイドウ →
// ほっかいどう.
inline std::string KatakanaToHiragana(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](char32_t c) { AppendUtf8(c >= 0x30A1 && c <= 0x30F6 ? c - 0x60 : c, &out); });
  return out;
}

// Whether the last code point of `s` satisfies `pred` (false when `s` is
// empty or ends in invalid UTF-8).
template <typename Pred>
bool LastCodePointIs(std::string_view s, Pred pred) {
  char32_t c = 0;
  return DecodeLastUtf8(s, &c) && pred(c);
}

}  // namespace sagasu
