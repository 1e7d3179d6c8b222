// Which MeCab tokens become index terms: the third and last analysis stage.
// Every rule lives here, so indexing and querying cannot disagree.
//
// Kept (the term text in parentheses):
//   - 名詞 (surface), except 非自立 (こと, の), 代名詞 (これ, 私), 特殊 (そう),
//     動詞非自立的, and the suffixes 接尾,特殊 (高"さ") and 接尾,助動詞語幹.
//     Numbers (名詞,数), proper nouns, サ変 and other suffixes are kept.
//   - 動詞,自立 and 形容詞,自立 (base form: 調べた -> 調べる).
//   - 副詞 (surface). Adverbs carry little topic but are what a user types
//     when looking for a phrase; the function-like ones are stop words.
//   - Unknown words (not in any dictionary), unless they are symbols.
//   - ASCII: adjacent ASCII letter/digit tokens with no space between merge
//     into one term (gpt + 4 -> gpt4); digit groups joined by '.' or ','
//     stay one number (1.4, 1,210, v1.2.3).
// Dropped: 助詞, 助動詞, 接続詞, 連体詞, 感動詞, 接頭詞, フィラー, その他,
//   記号; any token without a letter or digit (MeCab tags ASCII "@" or "-"
//   as 名詞,サ変接続); stop words; single hiragana characters.
// Folding (common/analyzer/fold.h, each rule switchable): a hiragana-only
//   term spelled as its surface becomes katakana (kana; a verb's base form
//   する stays: its text conjugates, し, and highlights find it by analysis), a grouped number loses its commas
//   (digits), a noun of kanji and hiragana becomes kanji + "#" + reading
//   (okurigana); stop words and single hiragana are judged before folding.
// Katakana stemming (as Lucene's JapaneseKatakanaStemFilter): a term of only
//   katakana, at least 4 characters long, ending in ー loses that final ー,
//   so サーバー and サーバ are one term (コピー, 3 characters, stays).
// Positions: see AnalyzerSession::Analyze in analyzer.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/analyzer/mecab_tokenizer.h"
#include "common/status.h"

namespace sagasu {

// dicts/stopwords.txt as compiled into the library: the build generates its
// definition from that file (common/analyzer/embed_stopwords.cmake).
extern const std::string_view kBuiltinStopwords;

// A set of normalized stop words. Immutable after loading; thread-safe.
class StopWords {
 public:
  StopWords() = default;
  // Parses one word per line; '#' starts a comment; blank lines are skipped.
  // Each word is normalized (normalizer.h) with the character folding rules
  // of `fold`, as the analyzer's text is, so the file may use any width or
  // case (and 々 or 髙 alike).
  static StopWords Parse(std::string_view text, const FoldOptions& fold = FoldOptions());
  // `option`: "" = built-in list, "-" = none, anything else = a file path.
  // Returns IOError naming the file when it cannot be read.
  static Status Load(const std::string& option, StopWords* out, const FoldOptions& fold = FoldOptions());

  bool Contains(std::string_view word) const { return words_.find(word) != words_.end(); }
  std::size_t size() const { return words_.size(); }
  // XXH3 of the sorted words; part of the analyzer fingerprint.
  std::uint64_t Hash() const;

 private:
  struct SvHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_set<std::string, SvHash, std::equal_to<>> words_;
};

// The kind of decision made for one token (or merged ASCII group).
enum class TokenDecision : std::uint8_t {
  kSymbol,   // no term, does not advance the position
  kDropped,  // no term, advances the position (particles, stop words, ...)
  kTerm,     // becomes a term
};

// What the POS features alone decide about a token.
enum class PosClass : std::uint8_t {
  kSymbol,   // 記号
  kDropped,  // a POS that never becomes a term
  kSurface,  // a term spelled as the surface
  kBase,     // a term spelled as the base form (verbs, adjectives)
};
struct PosDecision {
  PosClass cls = PosClass::kDropped;
  std::string_view base;     // for kBase: points into the feature string
  std::string_view reading;  // for kSurface of a known word: its katakana
                             // reading (feature string), else empty
};
PosDecision ClassifyPos(const Features& features, bool unknown);

// Completes a PosDecision with the surface: a surface without any letter or
// digit is a symbol whatever its POS.
TokenDecision DecideToken(const PosDecision& pos, std::string_view surface, std::string_view* term);

// Whether a single, unmerged token is a symbol, dropped, or a term; in the
// last case *term is its text before stop words and stemming.
// Same as DecideToken(ClassifyPos(features, unknown), surface, term).
TokenDecision ClassifyToken(const Features& features, bool unknown, std::string_view surface,
                            std::string_view* term);

// Katakana stemming: returns `term` without its final ー when the rule above
// applies, else `term`.
std::string_view StemKatakana(std::string_view term);

// Streams tokens into terms for one text, carrying the ASCII-merge state
// across chunk boundaries. One per session; not thread-safe; reusable.
class TermBuilder {
 public:
  // Which MeCab tokens (0-based ordinals within the text) produced a term.
  struct Source {
    std::uint32_t first_token;
    std::uint32_t last_token;
  };

  // `fold`: the term folding rules in force (kana, digits, okurigana).
  TermBuilder(const StopWords* stop_words, const FoldOptions* fold) : stop_words_(stop_words), fold_(fold) {}

  // Starts a text. Terms are appended to *out with begin/end as NORMALIZED
  // offsets; `sources`, when not null, gets one entry per appended term.
  void Reset(std::string_view normalized, Position first_position, std::vector<Term>* out,
             std::vector<Source>* sources);
  // REQUIRES: tokens arrive in text order.
  void Add(const RawToken& token);
  // Flushes pending state; returns the position after the last token.
  Position Finish();

 private:
  void Flush();
  void AddSingle(const RawToken& token, std::uint32_t ordinal);
  const PosDecision& CachedPos(const RawToken& token);
  void Emit(std::string_view text, std::uint32_t begin, std::uint32_t end, Position position,
            std::uint32_t first_token, std::uint32_t last_token, bool base_form = false,
            std::string_view reading = {});

  const StopWords* stop_words_;
  const FoldOptions* fold_;
  std::string folded_;         // scratch for a folded term
  std::string_view text_;
  std::vector<Term>* out_ = nullptr;
  std::vector<Source>* sources_ = nullptr;
  Position next_position_ = 0;
  std::uint32_t ordinal_ = 0;  // tokens seen
  std::uint32_t last_end_ = 0;
  Features features_;          // scratch

  // Direct-mapped cache: MeCab feature pointer -> POS decision.
  static constexpr int kPosCacheBits = 13;
  struct PosCacheEntry {
    const char* feature = nullptr;
    bool unknown = false;
    PosDecision decision;
  };
  std::vector<PosCacheEntry> pos_cache_ = std::vector<PosCacheEntry>(std::size_t{1} << kPosCacheBits);

  // Pending ASCII group.
  bool group_open_ = false;
  std::string group_text_;
  std::uint32_t group_begin_ = 0, group_end_ = 0;
  std::uint32_t group_first_ = 0, group_last_ = 0;
  // A '.' or ',' right after the group's final digit, waiting for a digit.
  bool sep_pending_ = false;
  RawToken sep_token_{};
  std::uint32_t sep_ordinal_ = 0;
};

}  // namespace sagasu
