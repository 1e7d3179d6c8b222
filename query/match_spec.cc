#include "query/match_spec.h"

#include <algorithm>
#include <string>

#include "common/analyzer/normalizer.h"
#include "query/term_cursor.h"

namespace sagasu {

namespace {

// The units a hit matched through: every scoring unit for a hit of the
// second tier (it matched through nothing else), the units of required
// clauses for a whole-word hit (they may be what satisfied the clause). A
// title: unit counts in the title only.
void AddUnits(const QueryPlan& plan, const Candidate& c, format::Field field, MatchSpec* spec) {
  for (const PlanUnit& u : plan.units()) {
    // A required clause's units, read or not (QueryPlan::BindTerms defers
    // a one-word query's); the rest are read whenever a hit can be tier 1.
    if (!u.scoring) continue;
    if (c.tier == 0 && u.clause->occur != Clause::Occur::kMust) continue;
    if (u.clause->title_only && field != format::kFieldTitle) continue;
    if (!u.unit->sequence.empty()) spec->sequences.push_back(u.unit->sequence);
    if (!u.unit->reading.empty()) spec->readings.push_back({u.unit->reading, u.unit->reading_prefix});
    // A prefix matched through the words it expanded to, and only those.
    spec->terms.insert(spec->terms.end(), u.expanded.begin(), u.expanded.end());
  }
}

}  // namespace

MatchSpec MatchSpecFor(const QueryPlan& plan, const Candidate& c, format::Field field) {
  MatchSpec spec;
  AddUnits(plan, c, field, &spec);
  if (c.tier != 0) return spec;
  for (const PlanTerm& t : plan.terms()) {
    if (t.stream != format::kStreamWords) continue;
    bool marked = field == format::kFieldTitle;
    for (const Clause& clause : plan.parsed().clauses) {
      if (marked) break;
      if (clause.occur == Clause::Occur::kMustNot || clause.title_only) continue;
      marked = std::any_of(clause.terms.begin(), clause.terms.end(),
                           [&](const QueryTerm& q) { return q.text == t.text; });
    }
    if (!marked) continue;
    if (t.synonyms.empty()) {
      spec.terms.push_back(t.text);
      continue;
    }
    // A synonym group: every term of every form (the hit matched through
    // some of them; the others occur nowhere in it or are not marked).
    for (const TermSequence& form : t.synonyms) {
      for (const std::string& term : form.terms) {
        if (std::find(spec.terms.begin(), spec.terms.end(), term) == spec.terms.end()) spec.terms.push_back(term);
      }
    }
  }
  return spec;
}

Status CountTokens(const QueryPlan& plan, const Candidate& c, format::Field field, std::string_view beside,
                   MatchSpec* spec) {
  spec->token_counts.assign(spec->terms.size(), {});
  if (c.tier != 0) return Status::OK();
  std::string norm;
  OffsetMap map;
  if (!beside.empty()) Normalizer::Get().Normalize(beside, &norm, &map);
  const auto& terms = plan.terms();
  for (std::size_t i = 0; i < spec->terms.size(); ++i) {
    const std::string& term = spec->terms[i];
    const auto t = std::find_if(terms.begin(), terms.end(),
                                [&](const PlanTerm& p) {
                                  return p.stream == format::kStreamWords && p.synonyms.empty() && p.text == term;
                                });
    if (t == terms.end() || term.empty()) continue;
    const auto cursor = QueryPlan::OpenMatching(t->runs);
    cursor->NextGEQ(c.doc);
    SAGASU_RETURN_IF_ERROR(cursor->status());
    // The field's tokens of the term: those of the text and of `beside`,
    // which holds at most as many as it has occurrences of the term.
    const std::uint32_t tf = cursor->doc() == c.doc ? cursor->tf(field) : 0;
    std::uint32_t least = tf;
    for (std::size_t at = norm.find(term); at != std::string::npos && least > 0; at = norm.find(term, at + 1)) --least;
    spec->token_counts[i] = {least, tf};
  }
  return Status::OK();
}

}  // namespace sagasu
