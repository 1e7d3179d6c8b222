#include "query/query_parser.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "common/document.h"
#include "common/text/ascii.h"
#include "common/text/utf8.h"

namespace sagasu {

namespace {

// Whitespace: ASCII space/tab/newline and the ideographic space U+3000.
std::size_t SpaceLen(std::string_view s, std::size_t i) {
  const char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
  if (s.compare(i, 3, "\u3000") == 0) return 3;
  return 0;
}

// Opening quote length at i (", ＂, “), or 0.
std::size_t QuoteLen(std::string_view s, std::size_t i) {
  if (s[i] == '"') return 1;
  if (s.compare(i, 3, "\uFF02") == 0 || s.compare(i, 3, "\u201C") == 0 || s.compare(i, 3, "\u201D") == 0) return 3;
  return 0;
}

// Finds the closing quote from i; returns {content end, after quote}.
std::pair<std::size_t, std::size_t> FindClose(std::string_view s, std::size_t i) {
  for (std::size_t j = i; j < s.size(); ++j) {
    if (std::size_t q = QuoteLen(s, j)) return {j, j + q};
  }
  return {s.size(), std::string_view::npos};
}

bool IsAsciiWord(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return IsAsciiAlpha(c) || c == '_';
  });
}

bool ParseInt(std::string_view s, int* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

bool ParsedQuery::has_text() const {
  return std::any_of(clauses.begin(), clauses.end(),
                     [](const Clause& c) { return c.occur != Clause::Occur::kMustNot && !c.terms.empty(); });
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
  if (until && text.size() == 10) return *t + 86400 - 1;  // a whole day
  return *t;
}

Result<ParsedQuery> ParseQuery(std::string_view text, AnalyzerSession* session) {
  if (text.size() > kMaxQueryBytes) {
    return Status::InvalidArgument("query is " + std::to_string(text.size()) + " bytes; the limit is " +
                                   std::to_string(kMaxQueryBytes));
  }
  if (auto bad = FindInvalidUtf8(text)) {
    return Status::InvalidArgument("query is not valid UTF-8 (byte " + std::to_string(*bad) + ")");
  }
  ParsedQuery q;
  Clause words;  // all plain words share one ranked-OR clause
  std::vector<Term> terms;
  std::set<std::string> seen_words;
  std::size_t term_count = 0;

  bool analyzed_any = false;  // some text was given to the analyzer
  auto analyze = [&](std::string_view s, Clause* c) {
    analyzed_any = true;
    terms.clear();
    session->Analyze(s, 0, /*with_offsets=*/false, &terms);
    for (auto& t : terms) {
      if (term_count >= kMaxQueryTerms) {
        if (q.warnings.empty() || q.warnings.back().rfind("query has more than", 0) != 0) {
          q.warnings.push_back("query has more than " + std::to_string(kMaxQueryTerms) +
                               " terms; the rest are ignored");
        }
        return;
      }
      if (c == &words && !seen_words.insert(t.text).second) continue;
      ++term_count;
      c->terms.push_back(QueryTerm{std::move(t.text), t.position});
    }
  };

  std::size_t i = 0;
  while (i < text.size()) {
    if (std::size_t sp = SpaceLen(text, i)) {
      i += sp;
      continue;
    }
    // Modifier.
    Clause::Occur occur = Clause::Occur::kShould;
    if ((text[i] == '-' || text[i] == '+') && i + 1 < text.size() && !SpaceLen(text, i + 1)) {
      occur = text[i] == '-' ? Clause::Occur::kMustNot : Clause::Occur::kMust;
      ++i;
    }
    // Field prefix: ascii letters then ':'.
    std::string field;
    {
      std::size_t j = i;
      while (j < text.size() && IsAsciiWord(text.substr(j, 1))) ++j;
      if (j > i && j < text.size() && text[j] == ':' && j + 1 < text.size() && !SpaceLen(text, j + 1)) {
        field = ToLowerAscii(text.substr(i, j - i));
        i = j + 1;
      }
    }
    // Value: quoted or up to whitespace.
    std::string_view value;
    bool quoted = false;
    if (std::size_t ql = QuoteLen(text, i)) {
      auto [end, after] = FindClose(text, i + ql);
      value = text.substr(i + ql, end - (i + ql));
      quoted = true;
      if (after == std::string_view::npos) {
        q.warnings.push_back("unbalanced quote: the phrase runs to the end of the query");
        i = text.size();
      } else {
        i = after;
      }
    } else {
      std::size_t j = i;
      while (j < text.size() && !SpaceLen(text, j) && !QuoteLen(text, j)) ++j;
      value = text.substr(i, j - i);
      i = j;
    }
    if (value.empty()) continue;

    if (!field.empty()) {
      const std::string v(value);
      if (occur == Clause::Occur::kMustNot && field != "title" && field != "body" && field != "text") {
        // Filters only narrow; silently applying -tag:x as tag:x would
        // return exactly what was to be excluded.
        return Status::InvalidArgument("'-" + field + ":" + v +
                                       "': excluding by a filter is not supported (only words, phrases and title:)");
      }
      if (field == "tag" || field == "tags") {
        q.tags.push_back(v);
      } else if (field == "category" || field == "categories") {
        q.categories.push_back(v);
      } else if (field == "author") {
        q.authors.push_back(v);
      } else if (field == "since" || field == "after") {
        auto t = ParseDateBound(v, /*until=*/false, field);
        if (!t.ok()) return t.status();
        q.since = *t;
      } else if (field == "until" || field == "before") {
        auto t = ParseDateBound(v, /*until=*/true, field);
        if (!t.ok()) return t.status();
        q.until = *t;
      } else if (field == "title") {
        Clause c;
        c.occur = occur == Clause::Occur::kMustNot ? occur : Clause::Occur::kMust;
        c.title_only = true;
        c.phrase = quoted;
        c.source = "title:" + v;
        analyze(value, &c);
        if (!c.terms.empty()) q.clauses.push_back(std::move(c));
      } else if (field == "body" || field == "text") {
        // Searching the body alone is the same as plain words here.
        analyze(value, &words);
      } else {
        return Status::InvalidArgument("unknown field '" + field +
                                       ":' (known: title, tag, category, author, since, until)");
      }
      continue;
    }
    if (!quoted && occur == Clause::Occur::kShould && (value == "OR" || value == "|" || value == "AND")) continue;
    if (quoted || occur != Clause::Occur::kShould) {
      Clause c;
      // A phrase is required (see the header); only plain words rank as OR.
      c.occur = quoted && occur == Clause::Occur::kShould ? Clause::Occur::kMust : occur;
      c.phrase = quoted;
      c.source = std::string(value);
      analyze(value, &c);
      if (c.terms.empty()) continue;
      if (c.phrase && c.terms.size() == 1) c.phrase = false;
      q.clauses.push_back(std::move(c));
    } else {
      analyze(value, &words);
    }
  }
  if (!words.terms.empty()) {
    words.source = "words";
    q.clauses.insert(q.clauses.begin(), std::move(words));
  }
  if (q.since && q.until && *q.since > *q.until) {
    return Status::InvalidArgument("since: is after until: (empty date range)");
  }
  if (analyzed_any && !q.has_text()) {
    q.warnings.push_back("query has no searchable terms (only particles, symbols or stop words?)");
  }
  return q;
}

}  // namespace sagasu
