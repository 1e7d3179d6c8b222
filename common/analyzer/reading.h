// The reading stream: what a kana query finds beside the written form
// (ほっかいどう → 北海道, うみ → 海), kept apart from the word and n-gram
// streams and ranked below them (query/retrieval/fallback.cc).
//
// A text's reading sequence is the katakana reading (IPAdic feature column
// kReading) of each of its non-symbol MeCab tokens in order, folded by
// FoldKana. A token without a reading (an unknown word, ASCII, a number)
// reads as its surface folded to katakana when the surface is all kana
// (IsKanaText), else it breaks the sequence into runs; so does a symbol
// (記号, punctuation). A run is indexed as
//
//   the bigrams of its characters, across token boundaries: ホッ ッカ カイ ...
//   a start gram "|c" at the first character c of each token's reading
//   an end gram "c|" at the last character c of each token's reading
//
// where every reading character takes one position (the markers take
// none: "|c" and "c|" share c's position with the bigram c begins), and
// a break skips a position, so no bigram spans two runs. A query reading
// r0 .. r(n-1) then matches a contiguous run of whole tokens as the phrase
// "|r0"@0, r0r1@0, ..., r(n-2)r(n-1)@n-2, "r(n-1)|"@n-1 (ReadingPhrase):
// ウミ matches 海 (|ウ ウミ ミ|) but not the middle of 膿み出す (ウミダス
// has no ミ| after ウミ), and a reading that starts inside a token does not
// match (no |c there). A prefix query keeps the start marker only.
// Stored in the postings stream format::kStreamReading; positions count
// reading characters, so they are the stream's own (like the n-gram
// stream's code points).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/analyzer/fold.h"
#include "common/analyzer/mecab_tokenizer.h"
#include "common/analyzer/ngram.h"
#include "common/types.h"

namespace sagasu {

// The marker of a token boundary in a reading gram: "|c" starts a token's
// reading, "c|" ends one. Persistent (it is in the index's terms).
inline constexpr char kReadingBoundary = '|';

// Appends `kana` folded for reading comparison to *out, as the folding
// rules (common/analyzer/fold.h) say: with `kana`, hiragana to katakana
// (ぁ..ゖ, ゝ ゞ to ァ..ヶ, ヽ ヾ); with `vu`, the ヴ row to the バ row (ヴァ→バ,
// ヴィ→ビ, ヴ→ブ, ヴェ→ベ, ヴォ→ボ; ゔ likewise, after the kana rule made it
// katakana). Other code points are copied. MeCab's readings are katakana,
// so with the kana rule off a hiragana query finds no reading: an index
// built with every rule off matches only the spelling typed, by sound too.
void FoldKana(std::string_view kana, const FoldOptions& fold, std::string* out);
inline std::string FoldKana(std::string_view kana, const FoldOptions& fold = FoldOptions()) {
  std::string out;
  FoldKana(kana, fold, &out);
  return out;
}

// Whether `normalized` is one or more code points, each hiragana, a
// katakana letter, ー, or a kana iteration mark (ゝ ゞ ヽ ヾ): a word a
// reader spells by sound.
bool IsKanaText(std::string_view normalized);

// The reading sequence of one analyzed text (AnalyzerSession::Analyze).
struct ReadingText {
  // One token with a reading, text[begin, end) (never empty); `run_start`
  // when a break (a symbol, a token without a reading) or the start of the
  // text precedes it. Tokens that break the sequence are not listed.
  struct Token {
    std::uint32_t begin = 0, end = 0;  // bytes of `text`
    ByteOffset source_begin = 0;       // byte range of the token in the ORIGINAL
    ByteOffset source_end = 0;         // text (0 unless asked for with offsets)
    bool run_start = false;
  };
  std::string text;  // the folded readings, concatenated
  std::vector<Token> tokens;

  void clear() {
    text.clear();
    tokens.clear();
  }
  // The readings with a space at every break ("ホッカイドウ ヘ" for
  // 北海道へ): for `sagasu analyze` and tests.
  std::string Display() const;
};

// Builds the reading sequence of a text token by token, with a
// direct-mapped cache from MeCab feature string (one per dictionary entry)
// to folded reading, as TermBuilder caches POS decisions. One per session;
// not thread-safe.
class ReadingBuilder {
 public:
  // `fold`: the session's folding rules (FoldKana); must outlive this.
  explicit ReadingBuilder(const FoldOptions* fold) : fold_(fold) {}

  // Starts a text; *out is cleared. `normalized` is what the tokens index.
  void Reset(std::string_view normalized, ReadingText* out);
  // REQUIRES: tokens arrive in text order. `source_begin`/`source_end`:
  // the token's bytes in the original text, or 0.
  void Add(const RawToken& token, ByteOffset source_begin, ByteOffset source_end);

 private:
  // The folded reading of a dictionary entry; `symbol` for 記号.
  struct Entry {
    const char* feature = nullptr;
    bool symbol = false;
    bool has_reading = false;
    std::string reading;
  };
  const Entry& Cached(const RawToken& token);

  const FoldOptions* fold_;
  std::string_view text_;
  ReadingText* out_ = nullptr;
  bool broken_ = true;  // the next token starts a run
  Features features_;   // scratch
  static constexpr int kCacheBits = 13;
  std::vector<Entry> cache_ = std::vector<Entry>(std::size_t{1} << kCacheBits);
};

// Appends the reading grams of `reading` (see the header comment) to *out,
// the first reading character at position `first`. Returns the position
// after the text (first + its reading characters + one per break inside).
Position AppendReadingGrams(const ReadingText& reading, Position first, std::vector<Gram>* out);

// The grams a query reading (folded katakana, FoldKana) matches as, in
// order, each with its offset from the first: "|r0" at 0, the bigrams,
// and "r(n-1)|" at n-1 unless `prefix` (a prefix query: the run may go on).
// Empty for an empty reading.
std::vector<GramStep> ReadingPhrase(std::string_view reading, bool prefix);

}  // namespace sagasu
