// QueryPlan: a parsed query bound to one snapshot. It reads every term's
// postings once and fixes the statistics that score them, turns the filters
// (tags, categories, authors, dates; from the text and from SearchQuery)
// into one document set and a date range that narrow without scoring, and
// keeps the required and excluded clauses to check. The stages after it
// (query/retrieval.h, collector.h, proximity.h, hits.h) open their own
// cursors from the plan; none reads the database for postings again.
//
// Immutable after Build, so one plan serves every pass of a query.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <roaring/roaring.hh>

#include "common/analyzer/ngram.h"
#include "common/status.h"
#include "query/bm25.h"
#include "query/group_postings.h"
#include "query/query_parser.h"
#include "query/term_cursor.h"
#include "query/unit_cursor.h"
#include "sagasu/types.h"
#include "storage/format.h"
#include "storage/snapshot.h"

namespace sagasu {

// One query term bound to its postings in one stream. Today every term is
// a MeCab term (kStreamWords); a query word may later bind to several
// streams (n-grams, readings), each a PlanTerm of its own. A synonym group
// (QueryTerm::synonyms) is one PlanTerm whose runs are its forms' postings
// merged (query/group_postings.h), so it scores as one term.
struct PlanTerm {
  std::string text;
  format::Stream stream = format::kStreamWords;
  std::shared_ptr<const TermRuns> runs;
  float idf = 0;  // from the document frequency summed over runs
  std::vector<TermSequence> synonyms;  // QueryTerm::synonyms
};

// Bounds of what a unit may expand to (Snapshot::ExpandPrefix): a prefix
// matches through the word terms it begins that are in the most documents,
// a one-letter sequence through the grams that begin with it. Each scans at
// most kMaxExpansionRuns postings runs, so a one-letter prefix typed into
// the search page costs a bounded scan, not a walk of the dictionary.
inline constexpr std::size_t kMaxPrefixTerms = 64;
inline constexpr std::size_t kMaxLetterGrams = 512;
inline constexpr std::size_t kMaxExpansionRuns = 8192;

// A QueryUnit (query_parser.h) bound to its postings.
struct PlanUnit {
  const QueryUnit* unit = nullptr;  // in QueryPlan::parsed()
  const Clause* clause = nullptr;
  bool scoring = false;   // its clause is not excluded
  bool bound = false;     // runs read (QueryPlan::BindUnits)
  UnitRuns runs;
  std::vector<std::string> expanded;  // the word terms a prefix matched through
  bool truncated = false;             // an expansion bound left terms or grams out
};

// The occurrences of unit `u` that count, from a UnitCursor's tf: a title:
// unit's in the title only. The one rule for retrieval and explain.
inline FieldCounts CountedTf(const PlanUnit& u, const FieldCounts& tf) {
  return u.clause->title_only ? FieldCounts{tf[format::kFieldTitle], 0, 0} : tf;
}

// A unit's df when its postings' lengths give it, without a walk; false
// otherwise. The one rule for retrieval and explain:
//  - a unit of one postings list that counts every occurrence (a
//    two-letter sequence is one bigram; a prefix may begin one word): that
//    list's df, deleted versions included, as a term's is;
//  - a one-letter sequence: the sum of its grams' dfs, at most doc_limit.
//    A document holding several of them counts more than once, so this is
//    an upper bound (a lower idf than the exact count): counting exactly
//    would walk hundreds of grams' postings on every keystroke;
//  - a longer sequence (a phrase of bigrams): the df of its rarest bigram,
//    again an upper bound, as phrase queries elsewhere take their weight
//    from their words' statistics (Lucene sums its terms' idfs); counting
//    exactly would check the phrase in every document of every bigram.
// A unit that is also a prefix (words beside its sequence) counts the live
// documents it matches, which takes a walk of its postings.
bool UnitDfWithoutWalk(const PlanUnit& u, DocNum doc_limit, double* df);

// A required (kMust) or excluded (kMustNot) clause with its terms bound.
struct PlanCheck {
  const Clause* clause;  // in QueryPlan::parsed()
  std::vector<std::shared_ptr<const TermRuns>> runs;  // one per clause term
  std::vector<std::size_t> units;  // indexes into QueryPlan::units()
};

class QueryPlan {
 public:
  // Binds `parsed` (with the filters of `query` added) to `snapshot`.
  // Errors are those of reading postings (Corruption, IOError).
  // Synonym groups are taken from `groups` when given (a GroupCache over
  // the same snapshot), else merged for this plan.
  static Status Build(const Snapshot& snapshot, const RankingOptions& ranking, ParsedQuery parsed,
                      const SearchQuery& query, std::unique_ptr<QueryPlan>* out, GroupCache* groups = nullptr);
  QueryPlan(const QueryPlan&) = delete;
  QueryPlan& operator=(const QueryPlan&) = delete;

  const Snapshot& snapshot() const { return snapshot_; }
  const Bm25F& scorer() const { return scorer_; }
  const ParsedQuery& parsed() const { return parsed_; }

  // The scoring terms: every term of every clause that is not excluded,
  // each once, in query order. Empty for a filters-only query.
  const std::vector<PlanTerm>& terms() const { return terms_; }
  std::vector<std::string> term_texts() const;
  const std::vector<PlanCheck>& checks() const { return checks_; }

  // Every clause's units; the units of required and excluded clauses are
  // bound by Build (but for a query of one required word, whose first tier
  // never asks them), the others by BindUnits (only a query that needs them
  // pays for reading their postings).
  const std::vector<PlanUnit>& units() const { return units_; }
  bool has_scoring_units() const;
  // Reads the postings of every unit not bound yet. Errors as Build's.
  Status BindUnits();
  // The indexes of the scoring units. REQUIRES: BindUnits.
  std::vector<std::size_t> scoring_units() const;

  // Whether filters narrow the matches; the set of documents they allow
  // (when a facet filter was given) and the date range.
  bool filtered() const { return filter_ || since_ || until_; }
  const std::optional<Roaring>& filter() const { return filter_; }

  // A cursor over scoring term `i` (terms()), with its idf and block bounds.
  std::unique_ptr<TermCursor> OpenScoring(std::size_t i) const;
  std::vector<std::unique_ptr<TermCursor>> OpenScoringAll() const;
  // A match-only cursor (no scores, no bounds).
  static std::unique_ptr<TermCursor> OpenMatching(const std::shared_ptr<const TermRuns>& runs);

  // The cheap checks: live, in the filter set, in the date range.
  bool PassesFilters(DocNum d) const {
    if (!snapshot_.IsLive(d)) return false;
    if (filter_ && !filter_->contains(d)) return false;
    if (since_ || until_) {
      const std::int64_t date = snapshot_.date(d);
      if (date == DocInfo::kNoDate) return false;
      if (since_ && date < *since_) return false;
      if (until_ && date > *until_) return false;
    }
    return true;
  }

  // The BM25F score of the cursor's term in document d (the cursor's doc).
  float ScoreAt(const TermCursor& c, DocNum d) const {
    return scorer_.Score(c.idf(), c.tf(), snapshot_.len(d));
  }

 private:
  QueryPlan(const Snapshot& snapshot, const RankingOptions& ranking, ParsedQuery parsed);
  void BindFilters(const SearchQuery& query);
  void Narrow(const Roaring& docs);
  Status BindTerms();
  Status BindUnit(PlanUnit* u);
  Status ReadRuns(format::Stream stream, const std::string& term, std::shared_ptr<const TermRuns>* out);
  Status BindPhrase(format::Stream stream, const std::vector<GramStep>& steps, std::vector<UnitRuns::Step>* phrase);
  Status Postings(const QueryTerm& term, std::shared_ptr<const TermRuns>* out);

  const Snapshot& snapshot_;
  std::shared_ptr<PostingsScan> scan_;  // every postings read of this plan
  GroupCache* groups_ = nullptr;        // may be null
  Bm25F scorer_;
  ParsedQuery parsed_;
  std::vector<PlanTerm> terms_;
  std::vector<PlanCheck> checks_;
  std::vector<PlanUnit> units_;
  std::optional<Roaring> filter_;
  std::optional<std::int64_t> since_, until_;
};

// The documents a plan's facet filter allows, asked about in ascending
// order: a walk skips to the next one instead of visiting documents
// PassesFilters would reject. Without a facet filter every document is
// allowed.
class AllowedDocs {
 public:
  explicit AllowedDocs(const QueryPlan& plan) : filter_(plan.filter() ? &*plan.filter() : nullptr) {
    if (filter_) it_ = filter_->begin();
  }
  // The first allowed document >= d; kNoDoc past the last.
  // REQUIRES: d at least the last call's.
  DocNum NextGEQ(DocNum d) {
    if (!filter_) return d;
    it_->equalorlarger(d);
    return *it_ == filter_->end() ? kNoDoc : **it_;
  }

 private:
  const Roaring* filter_;
  std::optional<Roaring::const_iterator> it_;
};

// Whether a document matches the whole query: the filters, every required
// clause and no excluded clause. Holds one cursor per clause term, so call
// Accept with ascending d; each pass over documents makes its own Matcher.
class Matcher {
 public:
  explicit Matcher(const QueryPlan& plan);
  bool Accept(DocNum d);
  // The first error any clause cursor met (a damaged posting block).
  Status status() const;

 private:
  struct Check {
    const Clause* clause;
    std::vector<std::unique_ptr<TermCursor>> cursors;
    std::vector<std::unique_ptr<UnitProbe>> units;
  };
  static bool TermsMatch(Check& check, DocNum d);
  static bool UnitsMatch(Check& check, DocNum d);
  static bool ClauseMatches(Check& check, DocNum d);

  const QueryPlan& plan_;
  std::vector<Check> checks_;
};

}  // namespace sagasu
