// The Japanese analysis pipeline, shared by documents and queries.
//
//   text --Normalizer (ICU NFKC + case fold + variant folding + the character
//          folding rules of fold.h, offset map)-->
//   normalized text --MeCab (one shared model, one lattice per session)-->
//   tokens --TermPolicy (which tokens become index terms, in one place)--> terms
//
// Indexing and querying must cut text identically, so both go through
// Analyzer. Offsets always count bytes of the *original* (un-normalized) text.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/analyzer/fold.h"
#include "common/status.h"
#include "common/types.h"

namespace sagasu {

struct AnalyzerOptions {
  // MeCab system dictionary directory (must be UTF-8).
  // Default: "" = the IPAdic UTF-8 dictionary named at build time
  // (/var/lib/mecab/dic/ipadic-utf8), never the system's default dictionary.
  std::string dicdir;
  // sagasu's own user dictionary (built from dicts/*.csv).
  // Default: true. Looked up at $SAGASU_USER_DIC, then in the prefix the
  // program is installed in, the build tree and the configured install
  // prefix (BuiltinUserDicPath); Open fails naming them if none exists.
  bool use_builtin_user_dic = true;
  // Extra MeCab user dictionaries (.dic files built with mecab-dict-index).
  // Default: none.
  std::vector<std::string> user_dics;
  // Stop words (normalized forms) that never become terms. Default: "" =
  // dicts/stopwords.txt as built in; set to "-" for none.
  std::string stopwords_file;
  // Which folding rules (common/analyzer/fold.h) make two spellings one
  // term. Part of the fingerprint. Default: every rule on.
  FoldOptions fold;
};

// One index term produced from a text.
struct Term {
  std::string text;     // normalized term as stored in the index
  Position position;    // token ordinal within the analyzed text (0-based)
  ByteOffset begin;     // byte range of the term in the ORIGINAL text
  ByteOffset end;
};

// One MeCab token, for `sagasu analyze --tokens` and tests.
struct TokenInfo {
  std::string surface;  // normalized surface
  std::string base;     // base form ("*" if none)
  std::string pos;      // e.g. "名詞,固有名詞,組織"
  std::string reading;  // katakana reading ("" if unknown)
  ByteOffset begin;     // byte range in the ORIGINAL text
  ByteOffset end;
  bool is_term;         // whether TermPolicy kept it
  std::string term;     // the term it became (if is_term)
};

class AnalyzerSession;
struct ReadingText;  // common/analyzer/reading.h

// Holds the MeCab model and configuration. Thread-safe: share one Analyzer
// across threads and give each thread its own AnalyzerSession.
class Analyzer {
 public:
  // Opens MeCab with the configured dictionaries. Returns InvalidArgument or
  // IOError naming the dictionary when one is missing or not UTF-8.
  static Status Open(const AnalyzerOptions& options, std::unique_ptr<Analyzer>* out);
  virtual ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Identifies everything that changes how text is cut: analyzer version,
  // system dictionary, user dictionaries and stop words. An index built with
  // one fingerprint must not be read with another.
  virtual const std::string& Fingerprint() const = 0;
  // Human-readable description of the dictionaries in use.
  virtual std::string Describe() const = 0;
  // The folding rules in force (AnalyzerOptions::fold).
  virtual const FoldOptions& fold() const = 0;
  // The MeCab user dictionaries in load order (the built-in one first).
  virtual const std::vector<std::string>& user_dics() const = 0;

  // A session owns the per-thread MeCab lattice and scratch buffers.
  // Not thread-safe; cheap enough to create one per thread.
  virtual std::unique_ptr<AnalyzerSession> NewSession() const = 0;

 protected:
  Analyzer() = default;
};

class AnalyzerSession {
 public:
  virtual ~AnalyzerSession() = default;
  // Appends the terms of `text` to *out. Positions continue from
  // `first_position`. When `with_offsets` is false, begin/end are 0 (faster:
  // indexing needs positions only). Invalid UTF-8 is replaced, never crashes.
  // Returns the position after the last token (first_position + token count).
  //
  // Positions: every MeCab token that is not a symbol takes one position,
  // whether it becomes a term or is dropped (particles, auxiliaries, stop
  // words); symbols (記号, punctuation, anything without a letter or digit)
  // and whitespace take none. A merged ASCII group (gpt4, 1.4) takes one.
  // So 負債の調達 gives 負債@0 調達@2 and 負債調達 gives 負債@0 調達@1:
  // a phrase query matches when the query text has the same shape, and
  // 東京・大阪 matches the phrase 東京大阪. Which tokens become terms is
  // decided in term_policy.h.
  virtual Position Analyze(std::string_view text, Position first_position, bool with_offsets,
                           std::vector<Term>* out) = 0;
  // Analyze, and the reading sequence of the same tokens into *reading
  // (replaced; common/analyzer/reading.h), from the same MeCab pass: the
  // readings of the reading stream. With `with_offsets` each reading token
  // carries its byte range in the original text. The default (for test
  // doubles) returns no readings.
  virtual Position AnalyzeWithReading(std::string_view text, Position first_position, bool with_offsets,
                                      std::vector<Term>* out, ReadingText* reading);
  // Every MeCab token with its features, for inspection. Tokens of a
  // merged ASCII group all report is_term with the merged term.
  virtual std::vector<TokenInfo> Tokens(std::string_view text) = 0;

  // The normalized text of the last Analyze or Tokens call (valid until the
  // next call): what the character n-grams (common/analyzer/ngram.h) of that
  // text are cut from, so it is normalized once for both streams. With the
  // kana folding rule its hiragana is katakana (FoldHiraganaToKatakana, byte
  // for byte), so grams match either spelling; MeCab reads it unfolded.
  virtual std::string_view normalized() const = 0;

  // The folding rules of the analyzer (AnalyzerOptions::fold): what query
  // code normalizes with, to match the terms and grams of this analyzer.
  virtual const FoldOptions& fold() const = 0;

  // Returns, and forgets, the errors of the chunks that Analyze and Tokens
  // left out since the last call: one Aborted status per chunk MeCab could
  // not tag (MeCab fails only when it cannot allocate). Such a chunk yields
  // no terms and the rest of the text is analyzed; a caller that must not
  // lose text checks this after Analyze. Usually empty.
  virtual std::vector<Status> TakeChunkErrors() = 0;
};

}  // namespace sagasu
