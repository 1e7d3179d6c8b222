// Conjunctive retrieval: a query whose every scoring term belongs to a
// required clause ("+東京 +温泉", the keyword AND of a search box that
// quotes each word, "title:京都 +料理"). A first-tier match holds some
// scoring term and matches every required clause, through its terms or
// through one of its units, so it is one of the documents that could match
// the required clause with the fewest of them (the driver):
//   - the documents of its rarest term (a clause of several terms needs
//     them all; a phrase needs them adjacent), and
//   - for each of its units, the documents of the unit's rarest gram (a
//     sequence is a phrase of grams) and of every gram or word of its
//     any-parts (a one-letter sequence, a prefix).
// or, when that is cheaper, the documents of any scoring term (a match
// holds one). Only those documents are visited, in DocNum order; each is checked as
// MaxScore checks its candidates (filters, a block-max bound, the score to
// beat, then Matcher::Accept), and scored in query-term order, so a
// document gets the same bits as from RetrieveExhaustive. MaxScore, by
// contrast, visits the union of every term's documents until its top k is
// full, which for an AND of a common and a rare word that fewer than k
// documents match is every document of the common word, each checked
// through the n-gram postings of the missing clause.
#include <algorithm>
#include <limits>
#include <optional>

#include "query/collector.h"
#include "query/retrieval.h"

namespace sagasu {

namespace {

// The lists whose union holds every document clause `check` can match,
// and the sum of their dfs (an upper bound of that union's size).
struct ClauseCover {
  std::vector<std::shared_ptr<const TermRuns>> lists;  // one cursor each
  std::vector<const UnitRuns*> any_parts;              // a UnitAnyPart each
  double cost = 0;
};

ClauseCover CoverOf(const QueryPlan& plan, const PlanCheck& check) {
  ClauseCover cover;
  if (!check.runs.empty()) {
    const auto rarest = std::min_element(check.runs.begin(), check.runs.end(), [](const auto& a, const auto& b) {
      return DocCount(*a) < DocCount(*b);
    });
    cover.lists.push_back(*rarest);
    cover.cost += DocCount(**rarest);
  }
  for (std::size_t u : check.units) {
    const UnitRuns& runs = plan.units()[u].runs;
    if (!runs.phrase.empty()) {
      const auto rarest = std::min_element(runs.phrase.begin(), runs.phrase.end(), [](const auto& a, const auto& b) {
        return DocCount(*a.runs) < DocCount(*b.runs);
      });
      cover.lists.push_back(rarest->runs);
      cover.cost += DocCount(*rarest->runs);
    }
    if (!runs.any_gram.empty() || !runs.any_word.empty()) {
      cover.any_parts.push_back(&runs);
      for (const auto* parts : {&runs.any_gram, &runs.any_word}) {
        for (const auto& r : *parts) cover.cost += DocCount(*r);
      }
    }
  }
  return cover;
}

// The required clause with the cheapest cover; none when some scoring term
// is outside every required clause (the query is not conjunctive).
std::optional<ClauseCover> Driver(const QueryPlan& plan) {
  for (const auto& c : plan.parsed().clauses) {
    if (c.occur == Clause::Occur::kShould && !c.terms.empty()) return std::nullopt;
  }
  std::optional<ClauseCover> best;
  for (const PlanCheck& check : plan.checks()) {
    if (check.clause->occur != Clause::Occur::kMust) continue;
    ClauseCover cover = CoverOf(plan, check);
    if (!best || cover.cost < best->cost) best = std::move(cover);
  }
  if (!best) return best;
  // A first-tier match holds a scoring term: the union of the terms' lists
  // covers it too, and is the cheaper drive when a clause's units match
  // far more documents than the words do (the reading grams of a kana
  // word, a common gram).
  ClauseCover terms;
  for (const PlanTerm& t : plan.terms()) {
    terms.lists.push_back(t.runs);
    terms.cost += DocCount(*t.runs);
  }
  if (terms.cost < best->cost) best = std::move(terms);
  return best;
}

class Conjunctive {
 public:
  Conjunctive(const QueryPlan& plan, const ClauseCover& driver, std::size_t k)
      : plan_(plan), matcher_(plan), top_(k), scoring_(plan.OpenScoringAll()) {
    for (const auto& runs : driver.lists) lists_.push_back(QueryPlan::OpenMatching(runs));
    for (const UnitRuns* u : driver.any_parts) {
      if (!u->any_gram.empty()) parts_.push_back(std::make_unique<UnitAnyPart>(u->any_gram, UnitMerge{}));
      if (!u->any_word.empty()) parts_.push_back(std::make_unique<UnitAnyPart>(u->any_word, UnitMerge{}));
    }
  }

  Status Run(std::vector<Candidate>* out) {
    // The facet filter (tags, categories, authors) drives too: the cover's
    // cursors skip to the next document it allows, and no other is visited.
    AllowedDocs allowed(plan_);
    for (;;) {
      DocNum d = kNoDoc;
      for (const auto& c : lists_) d = std::min(d, c->doc());
      for (const auto& p : parts_) d = std::min(d, p->doc());
      if (d == kNoDoc) break;
      const DocNum a = allowed.NextGEQ(d);
      if (a == kNoDoc) break;
      if (a != d) {
        for (auto& c : lists_) c->NextGEQ(a);
        for (auto& p : parts_) p->NextGEQ(a);
        continue;
      }
      const DocNum next = Visit(d);
      if (next == kNoDoc) break;
      for (auto& c : lists_) c->NextGEQ(next);
      for (auto& p : parts_) p->NextGEQ(next);
    }
    *out = top_.Take();
    for (const auto& c : lists_) SAGASU_RETURN_IF_ERROR(c->status());
    for (const auto& p : parts_) SAGASU_RETURN_IF_ERROR(p->status());
    for (const auto& c : scoring_) SAGASU_RETURN_IF_ERROR(c->status());
    return matcher_.status();
  }

 private:
  // Checks document d; returns the next document to visit.
  DocNum Visit(DocNum d) {
    const bool full = top_.full();
    if (full) {
      // Block-max bound: every document from d to the first end of the
      // scoring terms' blocks that would hold d scores at most the sum of
      // those blocks' maxima; if that cannot beat the k-th score, the
      // driver jumps past them without a check.
      float bound = 0;
      DocNum until = kNoDoc;
      for (auto& c : scoring_) {
        DocNum last;
        bound += c->ShallowBound(d, &last);
        until = std::min(until, last);
      }
      if (bound <= theta_) return until == kNoDoc ? kNoDoc : until + 1;
    }
    Check(d, full);
    return d + 1;
  }

  void Check(DocNum d, bool full) {
    if (!plan_.PassesFilters(d)) return;
    float score = 0;
    bool any = false;
    for (auto& c : scoring_) {
      c->NextGEQ(d);
      if (c->doc() != d) continue;
      score += plan_.ScoreAt(*c, d);
      any = true;
    }
    // A document no scoring term holds is the second tier's (fallback.cc).
    if (!any || (full && score <= theta_)) return;
    if (!matcher_.Accept(d)) return;
    top_.Push({score, d});
    if (top_.full()) theta_ = top_.threshold();
  }

  const QueryPlan& plan_;
  Matcher matcher_;
  TopK top_;
  std::vector<std::unique_ptr<TermCursor>> scoring_;  // query-term order
  std::vector<std::unique_ptr<TermCursor>> lists_;    // the driver's cover
  std::vector<std::unique_ptr<UnitAnyPart>> parts_;
  float theta_ = -1.0f;
};

}  // namespace

bool IsConjunctive(const QueryPlan& plan) { return !plan.terms().empty() && Driver(plan).has_value(); }

Status RetrieveConjunctive(const QueryPlan& plan, std::size_t k, std::vector<Candidate>* out) {
  out->clear();
  if (k == 0 || plan.terms().empty()) return Status::OK();
  const std::optional<ClauseCover> driver = Driver(plan);
  if (!driver) return Status::InvalidArgument("not a conjunctive query");
  return Conjunctive(plan, *driver, k).Run(out);
}

}  // namespace sagasu
