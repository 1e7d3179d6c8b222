#include "query/query_parser.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "common/analyzer/ngram.h"
#include "common/analyzer/normalizer.h"
#include "common/analyzer/reading.h"
#include "common/document.h"
#include "common/text/utf8.h"
#include "query/query_lexer.h"

namespace sagasu {

namespace {

bool ParseInt(std::string_view s, int* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// The size and encoding limits, checked before lexing.
Status CheckQueryText(std::string_view text) {
  if (text.size() > kMaxQueryBytes) {
    return Status::InvalidArgument("query is " + std::to_string(text.size()) + " bytes; the limit is " +
                                   std::to_string(kMaxQueryBytes));
  }
  if (auto bad = FindInvalidUtf8(text)) {
    return Status::InvalidArgument("query is not valid UTF-8 (byte " + std::to_string(*bad) + ")");
  }
  return Status::OK();
}

// Analyzes the values of a query's tokens into clause terms. The term limit
// holds for the whole query. Plain words all go into one ranked-OR clause,
// where a repeated word counts once.
// Text as the gram stream holds it: normalized with the analyzer's folding
// rules and, with the kana rule, its hiragana as katakana (AnalyzerSession::
// normalized()), so a unit matches either spelling.
std::string GramForm(std::string_view text, const FoldOptions& fold) {
  std::string norm = Normalizer::Get().Normalize(text, fold);
  if (fold.kana) FoldHiraganaToKatakana(&norm);
  return norm;
}

// The normalized form of a clause's text with the spaces dropped, when it is
// all Japanese letters (a unit sequence); else "".
std::string SequenceOf(std::string_view text, const FoldOptions& fold) {
  std::string norm = GramForm(text, fold);
  std::erase(norm, ' ');
  return IsGramText(norm) ? norm : std::string();
}

// The unit of a prefix token: word terms it begins (a final ー dropped, as
// katakana terms drop it: term_policy.h) and, for Japanese letters, the
// sequence.
// A prefix of hiragana only begins katakana terms under the kana rule
// (りん* -> リンゴ); other prefixes keep their hiragana, as verbs keep
// theirs (食べ* -> 食べる).
QueryUnit PrefixUnit(std::string_view value, const FoldOptions& fold) {
  QueryUnit u;
  u.source = std::string(value) + "*";
  u.prefix = Normalizer::Get().Normalize(value, fold);
  std::erase(u.prefix, ' ');
  if (IsGramText(u.prefix)) u.sequence = SequenceOf(value, fold);
  if (fold.kana && IsHiraganaWord(u.prefix)) FoldHiraganaToKatakana(&u.prefix);
  while (u.prefix.ends_with("\u30FC")) u.prefix.resize(u.prefix.size() - 3);
  return u;
}

// The reading unit of a kana word (QueryUnit::reading), if it is one: the
// normalized text without spaces is all kana and at least two letters (a
// single kana is a particle far more often than a word).
std::optional<QueryUnit> ReadingUnit(std::string_view value, bool prefix, const FoldOptions& fold) {
  std::string norm = Normalizer::Get().Normalize(value, fold);
  std::erase(norm, ' ');
  if (!IsKanaText(norm) || CodePointCount(norm) < 2) return std::nullopt;
  QueryUnit u;
  u.source = std::string(value) + (prefix ? "*" : "");
  FoldKana(norm, fold, &u.reading);
  u.reading_prefix = prefix;
  return u;
}

// Whether `s` is hiragana only (ー allowed): a word spelled by sound.
bool AllHiragana(std::string_view s) {
  bool all = !s.empty();
  ForEachCodePoint(s, [&](char32_t c) { all = all && ((c >= 0x3041 && c <= 0x309F) || c == 0x30FC); });
  return all;
}

class QueryTerms {
 public:
  QueryTerms(AnalyzerSession* session, std::vector<std::string>* warnings, bool units)
      : session_(session), warnings_(warnings), units_(units) {}

  // Appends the terms of `text` to `c`.
  void AddTo(std::string_view text, Clause* c) { Analyze(text, c, /*dedup=*/false); }
  // Appends the words of `text` not seen before to the plain-words clause.
  // A prefix token's word gives its prefix unit instead (its MeCab pieces,
  // デー + タセ for データセ, would be junk units).
  void AddWords(std::string_view text, bool term_units = true) {
    term_units_ = term_units;
    Analyze(text, &words_, /*dedup=*/true);
    term_units_ = true;
  }

  // Adds `u` to the plain-words clause (once per sequence, prefix and
  // reading).
  void AddWordUnit(QueryUnit u) {
    const std::string key = u.sequence + '\0' + u.prefix + '\0' + u.reading + (u.reading_prefix ? "*" : "");
    if (units_ && seen_units_.insert(key).second) words_.units.push_back(std::move(u));
  }
  // Adds the unit of a whole clause text or prefix to `c`.
  void AddClauseUnit(QueryUnit u, Clause* c) const {
    if (units_ && (!u.sequence.empty() || !u.prefix.empty() || !u.reading.empty())) c->units.push_back(std::move(u));
  }
  bool units() const { return units_; }
  const FoldOptions& fold() const { return session_->fold(); }

  // True when some text was analyzed (a query of filters analyzes none).
  bool analyzed_any() const { return analyzed_any_; }
  // The plain-words clause. Call once, after the last Add. A question of
  // more than kMaxWordUnitTerms terms is ranked by its whole words: its
  // terms give no units (a prefix still does), so it never pays for an
  // exhaustive n-gram pass over a dozen common words.
  Clause TakeWords() {
    if (words_.terms.size() > kMaxWordUnitTerms) {
      std::erase_if(words_.units, [](const QueryUnit& u) { return u.prefix.empty(); });
    }
    return std::move(words_);
  }

 private:
  void Analyze(std::string_view text, Clause* c, bool dedup);

  AnalyzerSession* session_;
  std::vector<std::string>* warnings_;
  Clause words_;
  std::set<std::string> seen_words_;
  std::set<std::string> seen_units_;
  bool units_;
  bool term_units_ = true;
  std::vector<Term> terms_;  // reused across calls
  std::size_t term_count_ = 0;
  bool analyzed_any_ = false;
  bool over_limit_ = false;  // kMaxQueryTerms reached and warned about
};

void QueryTerms::Analyze(std::string_view text, Clause* c, bool dedup) {
  analyzed_any_ = true;
  terms_.clear();
  const Position tokens = session_->Analyze(text, 0, /*with_offsets=*/units_ && dedup, &terms_);
  // A hiragana word that MeCab cuts into several tokens (ほっかいどう: ほっ
  // + かい + どう) gives no word terms: the cut of a word spelled by sound
  // is a guess, and its pieces (ほる, どう) match unrelated words. Its
  // sequence and reading units stand for it. Katakana keeps MeCab's cut
  // (データセンター: データ + センター, dictionary words of their own), and
  // so does katakana with particles (ポルトガルのバンド, ヘクトメートルは):
  // a question of such words is ranked by them, as it has no units.
  // A text whose tokens are all dropped (はがのに: particles) gives nothing,
  // no units either.
  if (terms_.empty()) return;
  std::string kana = Normalizer::Get().Normalize(text);
  std::erase(kana, ' ');
  const bool kana_split = tokens >= 2 && AllHiragana(kana);
  if (kana_split) terms_.clear();
  // A word of one letter is a unit of its own (雨 → 梅雨). A word of
  // Japanese letters that MeCab cuts into several terms is one unit, the
  // word as typed: データセ is the start of データセンター, not デー + タセ
  // anywhere (MeCab's cut of a word it does not know is no evidence of
  // parts), and 東京大学 is a contiguous sequence. Other words give one
  // unit per term of two or more letters (生成 of 生成AI).
  const std::string whole = units_ && dedup && term_units_ ? GramForm(text, fold()) : std::string();
  const bool one_letter = units_ && dedup && CodePointCount(whole) == 1;
  const bool whole_unit = (terms_.size() >= 2 || kana_split) && IsGramText(whole);
  if (whole_unit) AddWordUnit(QueryUnit{whole, whole, "", "", false});
  if (units_ && dedup && term_units_) {
    if (auto r = ReadingUnit(text, /*prefix=*/false, fold())) AddWordUnit(std::move(*r));
  }
  for (auto& t : terms_) {
    if (term_count_ >= kMaxQueryTerms) {
      if (!over_limit_) {
        warnings_->push_back("query has more than " + std::to_string(kMaxQueryTerms) +
                             " terms; the rest are ignored");
      }
      over_limit_ = true;
      return;
    }
    if (dedup && !seen_words_.insert(t.text).second) continue;
    if (units_ && dedup && term_units_ && !whole_unit) {
      const std::string surface = GramForm(text.substr(t.begin, t.end - t.begin), fold());
      if (IsGramText(surface) && (one_letter || CodePointCount(surface) >= 2)) {
        AddWordUnit(QueryUnit{surface, surface, "", "", false});
      }
    }
    ++term_count_;
    c->terms.push_back(QueryTerm{std::move(t.text), t.position, {}});
  }
}

Status SetDateBound(const QueryToken& t, bool until, std::optional<std::int64_t>* bound) {
  auto d = ParseDateBound(std::string(t.value), until, t.field);
  if (!d.ok()) return d.status();
  *bound = *d;
  return Status::OK();
}

// tag:, category:, author:, since:, until: and their aliases.
Status ApplyFilter(const QueryToken& t, ParsedQuery* q) {
  const std::string v(t.value);
  const std::string& f = t.field;
  if (t.modifier == QueryToken::Modifier::kMinus) {
    // Filters only narrow; silently applying -tag:x as tag:x would
    // return exactly what was to be excluded.
    return Status::InvalidArgument("'-" + f + ":" + v +
                                   "': excluding by a filter is not supported (only words, phrases and title:)");
  }
  // +tag:x is tag:x: a filter is required anyway.
  if (f == "tag" || f == "tags") {
    q->tags.push_back(v);
  } else if (f == "category" || f == "categories") {
    q->categories.push_back(v);
  } else if (f == "author") {
    q->authors.push_back(v);
  } else if (f == "since" || f == "after") {
    return SetDateBound(t, /*until=*/false, &q->since);
  } else if (f == "until" || f == "before") {
    return SetDateBound(t, /*until=*/true, &q->until);
  } else {
    return Status::InvalidArgument("unknown field '" + f + ":' (known: title, tag, category, author, since, until)");
  }
  return Status::OK();
}

// A clause of its own, for a phrase, a word with a modifier or a title:
// part. It is required unless excluded; only plain words rank as OR.
Clause ClauseOf(const QueryToken& t) {
  Clause c;
  c.occur = t.modifier == QueryToken::Modifier::kMinus ? Clause::Occur::kMustNot : Clause::Occur::kMust;
  c.phrase = t.quoted;
  return c;
}

// The unit of a clause's whole text: its prefix for a prefix token, else its
// sequence; and the reading unit of a kana text. A plain -word excludes by
// its terms alone, or by its sequence when it has none (a kana word MeCab
// cuts up), never by its reading.
void AddUnit(const QueryToken& t, QueryTerms* terms, Clause* c) {
  const bool excluded = c->occur == Clause::Occur::kMustNot;
  if (t.prefix) {
    terms->AddClauseUnit(PrefixUnit(t.value, terms->fold()), c);
  } else if (!excluded || c->phrase || c->terms.empty()) {
    terms->AddClauseUnit(QueryUnit{std::string(t.value), SequenceOf(t.value, terms->fold()), "", "", false}, c);
  }
  if (!excluded) {
    if (auto r = ReadingUnit(t.value, t.prefix, terms->fold())) terms->AddClauseUnit(std::move(*r), c);
  }
}

void ApplyTitle(const QueryToken& t, QueryTerms* terms, ParsedQuery* q) {
  Clause c = ClauseOf(t);
  c.title_only = true;
  c.source = "title:" + std::string(t.value);
  terms->AddTo(t.value, &c);
  AddUnit(t, terms, &c);
  if (!c.terms.empty() || !c.units.empty()) q->clauses.push_back(std::move(c));
}

// A phrase, or a word with a modifier.
void ApplyClause(const QueryToken& t, QueryTerms* terms, ParsedQuery* q) {
  Clause c = ClauseOf(t);
  c.source = std::string(t.value);
  terms->AddTo(t.value, &c);
  AddUnit(t, terms, &c);
  if (c.terms.empty() && c.units.empty()) return;
  if (c.phrase && c.terms.size() == 1) c.phrase = false;  // nothing to be adjacent to
  q->clauses.push_back(std::move(c));
}

// Plain words; a prefix token also gives its unit.
void ApplyWords(const QueryToken& t, QueryTerms* terms) {
  terms->AddWords(t.value, /*term_units=*/!t.prefix);
  if (t.prefix) {
    terms->AddWordUnit(PrefixUnit(t.value, terms->fold()));
    if (auto r = ReadingUnit(t.value, /*prefix=*/true, terms->fold())) terms->AddWordUnit(std::move(*r));
  }
}

Status ApplyField(const QueryToken& t, QueryTerms* terms, ParsedQuery* q) {
  if (t.field == "title") {
    ApplyTitle(t, terms, q);
  } else if (t.field == "body" || t.field == "text") {
    // Searching the body alone is the same as searching without a field:
    // plain words, or a clause of its own for a phrase, +word or -word.
    if (t.quoted || t.modifier != QueryToken::Modifier::kNone) {
      ApplyClause(t, terms, q);
    } else {
      ApplyWords(t, terms);
    }
  } else {
    return ApplyFilter(t, q);
  }
  return Status::OK();
}

// OR, | and AND may be typed between words; plain words are OR already.
bool IsOperator(const QueryToken& t) {
  return !t.quoted && t.modifier == QueryToken::Modifier::kNone &&
         (t.value == "OR" || t.value == "|" || t.value == "AND");
}

Status ApplyToken(const QueryToken& t, QueryTerms* terms, ParsedQuery* q) {
  if (!t.field.empty()) return ApplyField(t, terms, q);
  if (IsOperator(t)) return Status::OK();
  if (t.quoted || t.modifier != QueryToken::Modifier::kNone) {
    ApplyClause(t, terms, q);
  } else {
    ApplyWords(t, terms);
  }
  return Status::OK();
}

}  // namespace

bool ParsedQuery::has_text() const {
  return std::any_of(clauses.begin(), clauses.end(), [](const Clause& c) {
    return c.occur != Clause::Occur::kMustNot && (!c.terms.empty() || !c.units.empty());
  });
}

Result<std::int64_t> ParseDateBound(std::string_view text, bool until, std::string_view what) {
  auto bad = [&] {
    return Status::InvalidArgument(std::string(what) + ": '" + std::string(text) +
                                   "' is not a date (use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)");
  };
  int year = 0, month = 0;
  if (text.size() == 4 && ParseInt(text, &year)) {
    auto start = ParseDate(std::string(text) + "-01-01");
    if (!start) return bad();
    if (!until) return *start;
    auto next = ParseDate(std::to_string(year + 1) + "-01-01");
    if (!next) return bad();
    return *next - 1;
  }
  if (text.size() == 7 && text[4] == '-' && ParseInt(text.substr(0, 4), &year) &&
      ParseInt(text.substr(5, 2), &month) && month >= 1 && month <= 12) {
    auto start = ParseDate(std::string(text) + "-01");
    if (!start) return bad();
    if (!until) return *start;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-01", month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1);
    auto next = ParseDate(buf);
    if (!next) return bad();
    return *next - 1;
  }
  auto t = ParseDate(text);
  if (!t) return bad();
  // A date without a time of day (every time form has a ':') is a whole day.
  if (until && text.find(':') == std::string_view::npos) return *t + 86400 - 1;
  return *t;
}

// As the user types, the last word is still being typed: a prefix, unless
// the text ends in a space or the word is quoted, an operator or a filter.
void MarkLastPrefix(std::string_view text, std::vector<QueryToken>* tokens) {
  if (tokens->empty() || text.empty() || text.back() == ' ' || text.ends_with("\u3000")) return;
  QueryToken& t = tokens->back();
  const bool text_field = t.field.empty() || t.field == "title" || t.field == "body" || t.field == "text";
  if (!t.quoted && text_field && !IsOperator(t)) t.prefix = true;
}

Result<ParsedQuery> ParseQuery(std::string_view text, AnalyzerSession* session, const ParseOptions& options) {
  SAGASU_RETURN_IF_ERROR(CheckQueryText(text));
  ParsedQuery q;
  std::vector<QueryToken> tokens = LexQuery(text, &q.warnings);
  if (options.prefix_last) MarkLastPrefix(text, &tokens);
  QueryTerms terms(session, &q.warnings, options.units);
  for (const QueryToken& t : tokens) SAGASU_RETURN_IF_ERROR(ApplyToken(t, &terms, &q));
  if (Clause words = terms.TakeWords(); !words.terms.empty() || !words.units.empty()) {
    words.source = "words";
    q.clauses.insert(q.clauses.begin(), std::move(words));
  }
  if (q.since && q.until && *q.since > *q.until) {
    return Status::InvalidArgument("since: is after until: (empty date range)");
  }
  if (terms.analyzed_any() && !q.has_text()) {
    q.warnings.push_back("query has no searchable terms (only particles, symbols or stop words?)");
  }
  return q;
}

}  // namespace sagasu
