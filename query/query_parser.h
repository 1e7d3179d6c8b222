// Query syntax. A query is analyzed with the same pipeline as documents.
//
//   梅雨 北海道            words: ranked OR. No word is required; documents
//                          matching more and rarer words rank higher, so a
//                          natural-language question works as typed.
//   "液浸 冷却"            phrase: required, terms adjacent in this order
//   +生成AI                required word
//   -広告  -"プレス リリース"  excluded word or phrase
//   a OR b                 accepted; OR is what plain words do already
//   kube*  ベンチ*          prefix: the word, and words it begins (ranked
//                          below whole words); see QueryUnit
//   title:京都             word (or "phrase") required in the title
//   tag:旅行 category:技術 author:山田   filters: narrow, never score.
//                          Several tag: filters must all match; several
//                          category: or author: filters match any.
//   since:2024-01 until:2024-12-31      date range (inclusive; YYYY,
//                          YYYY-MM or a full date/time)
//
// Filters cannot be negated: -tag:x is an error; +tag:x is the same as tag:x.
// Quotes may be ASCII " or full-width ＂ “ ”. An unbalanced quote closes at
// the end of the query (with a warning). Unknown fields, malformed dates and
// invalid UTF-8 are InvalidArgument errors naming the part at fault.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/status.h"

namespace sagasu {

// Limits that keep absurd queries cheap.
inline constexpr std::size_t kMaxQueryBytes = 16 * 1024;
inline constexpr std::size_t kMaxQueryTerms = 64;
// Plain words give units (QueryUnit) for queries of at most this many terms:
// keywords, not natural-language questions.
inline constexpr std::size_t kMaxWordUnitTerms = 4;

// Analyzed terms in a row, with each term's position relative to the
// first (a stop word left out leaves a gap): one form of a synonym group.
struct TermSequence {
  std::vector<std::string> terms;
  std::vector<Position> offsets;  // offsets[0] == 0
  std::string source;             // the form as written (explain)
  bool operator==(const TermSequence& o) const { return terms == o.terms && offsets == o.offsets; }
};

struct QueryTerm {
  std::string text;
  Position position;  // position within its clause (phrase adjacency)
  // A synonym group (query/synonyms.h) when not empty: the forms this term
  // matches through, the query's own first, at least two. A group stands
  // for the run of the query's terms that is its first form (`text` is
  // those terms joined by spaces, `position` the first one's) and matches
  // where any form does, a form of several terms as a phrase. In a phrase,
  // the terms after a group are adjacent to a form as long as the query's.
  std::vector<TermSequence> synonyms;
};

// Another way for part of a query to match, beyond its whole MeCab terms,
// ranked below every whole-word match (query/fallback.h):
//   - a `sequence` of normalized Japanese letters (IsGramText,
//     common/analyzer/ngram.h) that occurs contiguously in the text, found
//     through the n-gram stream: 北海 in 北海道, 冷却 in 液浸冷却; never
//     a bag of grams (京都 does not match 東京 + 都市);
//   - a `prefix` of word terms (kube* → kubernetes).
// Plain words give one unit per term of two or more letters (its normalized
// surface), or of the word itself when it is one letter (雨 → 梅雨), when
// they are at most kMaxWordUnitTerms terms (keywords, not a question); a
// phrase, +word, -"phrase" or title: part gives one for its whole text with
// the spaces dropped, and the clause matches through its terms (a phrase:
// adjacent) or as that exact sequence ("液浸 冷却" finds 液浸冷却; "便利
// 情報" does not find 便利な情報).
//   - a `reading`: a word written only in kana (IsKanaText, at least two
//     letters) also matches the text whose reading sequence holds it as a
//     contiguous run of whole tokens (common/analyzer/reading.h):
//     ほっかいどう → 北海道, うみ → 海, はし → 橋, 箸 and 端. Such a unit is
//     one of its own (no sequence or prefix beside it); a document that
//     only reading units match ranks below every other unit match
//     (retrieval/fallback.cc). With `reading_prefix` (a prefix token) the
//     run may end inside a token. A query word with any kanji never gives
//     one (健 does not match 見 through ケン).
// A hiragana word that MeCab cuts into several tokens gives no word terms
// at all, only its sequence and reading units: ほっかいどう is not ほる +
// どう. Katakana keeps MeCab's cut into dictionary words (データセンター:
// データ + センター; ヘクトメートルは: ヘクトメートル + は).
struct QueryUnit {
  std::string source;    // the query text it stands for (explain)
  std::string sequence;  // "" when none
  std::string prefix;    // "" when none
  std::string reading;   // folded katakana (FoldKana); "" when none
  bool reading_prefix = false;
};

struct Clause {
  enum class Occur { kShould, kMust, kMustNot };
  Occur occur = Occur::kShould;
  bool phrase = false;      // terms must be adjacent (positions)
  bool title_only = false;  // terms must occur in the title
  std::vector<QueryTerm> terms;
  std::vector<QueryUnit> units;  // see QueryUnit
  std::string source;       // the query text of this clause, for messages
};

struct ParsedQuery {
  std::vector<Clause> clauses;
  std::vector<std::string> tags;        // all must match
  std::vector<std::string> categories;  // any
  std::vector<std::string> authors;     // any
  std::optional<std::int64_t> since;    // inclusive, seconds since epoch
  std::optional<std::int64_t> until;    // inclusive
  std::vector<std::string> warnings;

  // True when there is no text to score (filters only, or nothing at all).
  bool has_text() const;
};

struct ParseOptions {
  bool prefix_last = false;  // SearchQuery::prefix_last
  bool units = true;         // fill Clause::units (SearchQuery::fallback)
};

// Parses and analyzes `text`: cuts it into tokens (LexQuery, query_lexer.h),
// then analyzes each token's value into the clause or filter it stands for.
Result<ParsedQuery> ParseQuery(std::string_view text, AnalyzerSession* session, const ParseOptions& options = {});

// Parses a date bound: YYYY, YYYY-MM, or anything ParseDate accepts. An
// `until` bound of a year, month or day covers its whole period.
Result<std::int64_t> ParseDateBound(std::string_view text, bool until, std::string_view what);

}  // namespace sagasu
