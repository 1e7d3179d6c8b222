// Text normalization, the first stage of the analysis pipeline.
//
// Normalize() applies, in one pass over UTF-8 input:
//   1. NFKC + Unicode case folding (ICU's NFKC_Casefold): full-width ASCII
//      and digits become ASCII, half-width katakana becomes full-width
//      (ﾊﾞ, two code points, composes to バ), ASCII is lowercased, default
//      ignorables (U+200B, U+FEFF, soft hyphen) are removed.
//   2. Variant folding for characters people type differently:
//      - A hyphen, dash or minus sign (U+002D, U+2010..U+2015, U+2212,
//        U+FE63, U+FF0D) right after a katakana letter, ー, ヽ or ヾ becomes ー, so
//        ｻｰﾊﾞｰ, サーバ－ and サーバ- all normalize to サーバー.
//      - Elsewhere, hyphen-like characters U+2010, U+2011, U+2012, U+2212,
//        U+FE63, U+FF0D become ASCII '-'; the dashes U+2013..U+2015 stay.
//      - The wave dash 〜 (U+301C) and the full-width tilde ～ (U+FF5E)
//        both become ASCII '~' (NFKC already maps ～ to '~').
//   3. The character folding rules (common/analyzer/fold.h) in force: ヴ row
//      to バ row, iteration marks expanded, old and variant kanji to the
//      common form. All of them unless a FoldOptions says otherwise; the
//      analyzer passes its own (AnalyzerOptions::fold).
//   4. Invalid UTF-8 (bad lead or continuation bytes, overlongs, surrogates,
//      code points above U+10FFFF) is replaced by U+FFFD, one per maximal
//      invalid subsequence; NUL becomes a space.
//
// Most Japanese text (kana, kanji, lowercase ASCII) is already normalized;
// such spans are copied through by a table-driven fast path and only the
// spans that change are handed to ICU.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/analyzer/fold.h"
#include "common/types.h"

namespace sagasu {

// Maps byte offsets of a normalized string back to byte offsets of the
// original string it was produced from. Not thread-safe; reusable.
class OffsetMap {
 public:
  // Original offset where the normalized character starting at byte
  // `normalized_begin` comes from.
  // REQUIRES: normalized_begin <= normalized size.
  ByteOffset Begin(std::size_t normalized_begin) const { return map_[normalized_begin]; }
  // Original offset just past the source of the normalized character that
  // ends at byte `normalized_end`. When one original character expands to
  // several (㍻ -> 平成), an end inside the expansion maps to the end of the
  // whole original character. Characters that normalization removes
  // (U+200B, soft hyphen) count toward the end of the character before them.
  // REQUIRES: 0 < normalized_end <= normalized size.
  ByteOffset End(std::size_t normalized_end) const;

  // Number of normalized bytes + 1 (the last entry is the original size).
  std::size_t size() const { return map_.size(); }

 private:
  friend class Normalizer;
  // map_[i] = original offset of the source of normalized byte i; bytes of
  // one expansion share the source start. map_[n] = original size.
  std::vector<ByteOffset> map_;
};

// Stateless and thread-safe; use Normalizer::Get().
class Normalizer {
 public:
  // The process-wide instance (ICU data is loaded on first use).
  static const Normalizer& Get();

  // Replaces *out with the normalized form of `text`. When `map` is not null
  // it is filled so that map->Begin/End translate offsets of *out into
  // offsets of `text`; pass null when offsets are not needed (faster).
  // Every character folding rule is applied (FoldOptions defaults).
  // REQUIRES: text.size() < 4 GiB.
  void Normalize(std::string_view text, std::string* out, OffsetMap* map) const {
    Normalize(text, out, map, FoldOptions());
  }
  // The same with the character rules of `folds` (its term rules are not
  // the normalizer's business and are ignored).
  void Normalize(std::string_view text, std::string* out, OffsetMap* map, const FoldOptions& folds) const;

  // Convenience: returns the normalized form of `text`.
  std::string Normalize(std::string_view text, const FoldOptions& folds = FoldOptions()) const {
    std::string out;
    Normalize(text, &out, nullptr, folds);
    return out;
  }

  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

 private:
  Normalizer();
  struct Rep;
  const Rep* rep_;
};

}  // namespace sagasu
