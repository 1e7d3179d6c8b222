// Fuzz target: the query parser (ParseQuery, query/query_parser.h), with the
// real analyzer (MeCab + the build's user dictionary).
// Invariants: no crash, sanitizer error or exception; an error is
// InvalidArgument; a parsed query holds at most kMaxQueryTerms terms, each
// non-empty UTF-8, clauses carry their source text, a date range is not
// empty; parsing is deterministic and the session keeps no state between
// queries (the same text parsed again gives the same query); the options
// (prefix_last, units) never decide whether a query parses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "common/analyzer/analyzer.h"
#include "fuzz_check.h"
#include "query/query_parser.h"

namespace {

std::string Describe(const sagasu::ParsedQuery& q) {
  std::string s;
  for (const auto& c : q.clauses) {
    s += std::to_string(static_cast<int>(c.occur)) + (c.phrase ? "p" : "") + (c.title_only ? "t" : "") + "[";
    for (const auto& t : c.terms) s += t.text + "@" + std::to_string(t.position) + " ";
    for (const auto& u : c.units) s += "{" + u.sequence + "|" + u.prefix + "}";
    s += "]";
  }
  for (const auto& t : q.tags) s += " tag:" + t;
  for (const auto& t : q.categories) s += " category:" + t;
  for (const auto& t : q.authors) s += " author:" + t;
  if (q.since) s += " since:" + std::to_string(*q.since);
  if (q.until) s += " until:" + std::to_string(*q.until);
  return s;
}

sagasu::AnalyzerSession* Session() {
  static std::unique_ptr<sagasu::Analyzer> analyzer;
  static std::unique_ptr<sagasu::AnalyzerSession> session;
  if (!session) {
    sagasu::Status s = sagasu::Analyzer::Open(sagasu::AnalyzerOptions{}, &analyzer);
    if (!s.ok()) {
      std::fprintf(stderr, "query_parser_fuzz: %s\n", s.ToString().c_str());
      std::exit(2);
    }
    session = analyzer->NewSession();
  }
  return session.get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 2 * sagasu::kMaxQueryBytes) return 0;
  FuzzNoThrow("ParseQuery", [&] {
    std::string_view text = AsText(data, size);
    sagasu::Result<sagasu::ParsedQuery> r = sagasu::ParseQuery(text, Session());
    sagasu::ParseOptions other;
    other.prefix_last = true;
    other.units = false;
    sagasu::Result<sagasu::ParsedQuery> r2 = sagasu::ParseQuery(text, Session(), other);
    FUZZ_CHECK(r.ok() == r2.ok(), "options change whether the query parses");
    if (!r.ok()) {
      FUZZ_CHECK(r.status().IsInvalidArgument(), r.status().ToString());
      FUZZ_CHECK(r.status().message() == r2.status().message(), "different errors");
      return;
    }
    const sagasu::ParsedQuery& q = *r;
    std::size_t terms = 0;
    for (const auto& c : q.clauses) {
      FUZZ_CHECK(!c.source.empty(), "clause without source");
      for (const auto& t : c.terms) {
        FUZZ_CHECK(!t.text.empty() && sagasu::IsValidUtf8(t.text), "bad term '" + t.text + "'");
        ++terms;
      }
      for (const auto& u : c.units) FUZZ_CHECK(sagasu::IsValidUtf8(u.sequence + u.prefix), "bad unit");
    }
    FUZZ_CHECK(terms <= sagasu::kMaxQueryTerms, std::to_string(terms) + " terms");
    if (q.since && q.until) FUZZ_CHECK(*q.since <= *q.until, "empty date range accepted");
    sagasu::Result<sagasu::ParsedQuery> again = sagasu::ParseQuery(text, Session());
    FUZZ_CHECK(again.ok() && Describe(*again) == Describe(q),
               "second parse differs: " + Describe(q) + " vs " + (again.ok() ? Describe(*again) : "error"));
  });
  return 0;
}
