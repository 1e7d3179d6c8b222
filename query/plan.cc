#include "query/plan.h"

#include <algorithm>

#include "common/analyzer/ngram.h"
#include "common/analyzer/normalizer.h"
#include "common/analyzer/reading.h"
#include "query/group_postings.h"

namespace sagasu {

namespace {

// The live docs with facet value `value`: exact match first, else a match
// across case and width (ＡＩ, ai and AI are one tag, folded by the
// analyzer's normalizer). Empty when nothing matches.
Roaring FacetDocs(const Snapshot& snapshot, format::FacetKind kind, std::string_view value) {
  if (const Roaring* exact = snapshot.FacetDocs(kind, value)) return *exact;
  Roaring out;
  const Normalizer& normalizer = Normalizer::Get();
  const std::string folded = normalizer.Normalize(value);
  for (const auto& f : snapshot.facets(kind)) {
    if (normalizer.Normalize(f.value) == folded) out |= f.docs;
  }
  return out;
}

// The docs carrying any of the values in `a` or `b`.
Roaring AnyOf(const Snapshot& snapshot, format::FacetKind kind, const std::vector<std::string>& a,
              const std::vector<std::string>& b) {
  Roaring u;
  for (const auto& v : a) u |= FacetDocs(snapshot, kind, v);
  for (const auto& v : b) u |= FacetDocs(snapshot, kind, v);
  return u;
}

// The tighter of the bound from the query text and the one from SearchQuery.
std::optional<std::int64_t> Tighter(std::optional<std::int64_t> a, std::optional<std::int64_t> b, bool lower) {
  if (!a) return b;
  if (!b) return a;
  return lower ? std::max(*a, *b) : std::min(*a, *b);
}

}  // namespace

QueryPlan::QueryPlan(const Snapshot& snapshot, const RankingOptions& ranking, ParsedQuery parsed)
    : snapshot_(snapshot),
      scan_(snapshot.NewPostingsScan()),
      scorer_(ranking, CollectionStats{static_cast<double>(snapshot.stats().live_docs),
                                       {snapshot.avg_len(format::kFieldTitle), snapshot.avg_len(format::kFieldBody),
                                        snapshot.avg_len(format::kFieldMeta)}}),
      parsed_(std::move(parsed)) {}

Status QueryPlan::Build(const Snapshot& snapshot, const RankingOptions& ranking, ParsedQuery parsed,
                        const SearchQuery& query, std::unique_ptr<QueryPlan>* out, GroupCache* groups) {
  std::unique_ptr<QueryPlan> plan(new QueryPlan(snapshot, ranking, std::move(parsed)));
  plan->groups_ = groups;
  plan->BindFilters(query);
  SAGASU_RETURN_IF_ERROR(plan->BindTerms());
  *out = std::move(plan);
  return Status::OK();
}

void QueryPlan::Narrow(const Roaring& docs) {
  if (filter_) {
    *filter_ &= docs;
  } else {
    filter_ = docs;
  }
}

// Tags: all of them (the text's and SearchQuery's), or SearchQuery's any of
// them with tags_any. Categories and authors: any.
void QueryPlan::BindFilters(const SearchQuery& query) {
  std::vector<std::string> all_tags = parsed_.tags;
  if (!query.tags_any) all_tags.insert(all_tags.end(), query.tags.begin(), query.tags.end());
  for (const auto& t : all_tags) Narrow(FacetDocs(snapshot_, format::kFacetTag, t));
  if (query.tags_any && !query.tags.empty()) Narrow(AnyOf(snapshot_, format::kFacetTag, query.tags, {}));
  if (!parsed_.categories.empty() || !query.categories.empty()) {
    Narrow(AnyOf(snapshot_, format::kFacetCategory, parsed_.categories, query.categories));
  }
  if (!parsed_.authors.empty() || !query.authors.empty()) {
    Narrow(AnyOf(snapshot_, format::kFacetAuthor, parsed_.authors, query.authors));
  }
  since_ = Tighter(parsed_.since, query.since, /*lower=*/true);
  until_ = Tighter(parsed_.until, query.until, /*lower=*/false);
}

// A term's postings, read once per query: a term (or synonym group) met
// before shares its runs.
Status QueryPlan::Postings(const QueryTerm& term, std::shared_ptr<const TermRuns>* out) {
  for (const auto& t : terms_) {
    if (t.text == term.text && t.synonyms == term.synonyms) {
      *out = t.runs;
      return Status::OK();
    }
  }
  for (const auto& c : checks_) {
    for (std::size_t i = 0; i < c.runs.size(); ++i) {
      if (c.clause->terms[i].text == term.text && c.clause->terms[i].synonyms == term.synonyms) {
        *out = c.runs[i];
        return Status::OK();
      }
    }
  }
  if (!term.synonyms.empty()) {
    return groups_ ? groups_->Get(term.synonyms, out) : GroupPostings(snapshot_, term.synonyms, out, scan_);
  }
  auto runs = std::make_shared<TermRuns>();
  SAGASU_RETURN_IF_ERROR(snapshot_.ReadTerm(format::kStreamWords, term.text, runs.get(), scan_));
  *out = std::move(runs);
  return Status::OK();
}

Status QueryPlan::BindTerms() {
  for (const auto& c : parsed_.clauses) {
    if (c.occur == Clause::Occur::kMustNot) continue;
    for (const auto& t : c.terms) {
      if (std::any_of(terms_.begin(), terms_.end(),
                      [&](const PlanTerm& p) { return p.text == t.text && p.synonyms == t.synonyms; })) {
        continue;
      }
      PlanTerm term{t.text, format::kStreamWords, nullptr, 0, t.synonyms};
      SAGASU_RETURN_IF_ERROR(Postings(t, &term.runs));
      term.idf = scorer_.Idf(DocCount(*term.runs));
      terms_.push_back(std::move(term));
    }
  }
  for (const auto& c : parsed_.clauses) {
    for (const auto& u : c.units) {
      PlanUnit& pu = units_.emplace_back();
      pu.unit = &u;
      pu.clause = &c;
      pu.scoring = c.occur != Clause::Occur::kMustNot;
    }
  }
  // A query of one required word: every document its postings hold
  // satisfies the clause through the word, and retrieval's first tier
  // visits no other (the cheapest cover is the word's own list), so its
  // units are read only if the second tier runs (BindUnits). Three in four
  // of a keyword query's postings reads are its units' grams.
  const bool defer_units = parsed_.clauses.size() == 1 && parsed_.clauses[0].occur == Clause::Occur::kMust &&
                           parsed_.clauses[0].terms.size() == 1 && !parsed_.clauses[0].title_only &&
                           std::all_of(parsed_.clauses[0].units.begin(), parsed_.clauses[0].units.end(),
                                       [](const QueryUnit& u) { return u.prefix.empty(); });
  std::size_t unit = 0;
  for (const auto& c : parsed_.clauses) {
    const std::size_t first_unit = unit;
    unit += c.units.size();
    if (c.occur == Clause::Occur::kShould) continue;
    PlanCheck check{&c, {}, {}};
    for (const auto& t : c.terms) {
      SAGASU_RETURN_IF_ERROR(Postings(t, &check.runs.emplace_back()));
    }
    for (std::size_t i = first_unit; i < unit; ++i) {
      if (!defer_units) SAGASU_RETURN_IF_ERROR(BindUnit(&units_[i]));
      check.units.push_back(i);
    }
    checks_.push_back(std::move(check));
  }
  return Status::OK();
}

Status QueryPlan::BindUnit(PlanUnit* u) {
  if (u->bound) return Status::OK();
  u->bound = true;
  const QueryUnit& q = *u->unit;
  if (!q.sequence.empty()) {
    const std::vector<GramStep> steps = GramPhrase(q.sequence);
    if (steps.size() == 1 && CodePointCount(steps[0].gram) == 2) {
      // Two letters: the one bigram is the only gram that begins with them
      // (grams are at most two letters), so it is read without a scan.
      std::shared_ptr<const TermRuns> runs;
      SAGASU_RETURN_IF_ERROR(ReadRuns(format::kStreamNgram, steps[0].gram, &runs));
      if (!runs->empty()) u->runs.any_gram.push_back(std::move(runs));
    } else if (steps.size() == 1) {
      std::vector<std::string> grams;
      bool truncated = false;
      SAGASU_RETURN_IF_ERROR(snapshot_.ExpandPrefix(format::kStreamNgram, steps[0].gram, kMaxLetterGrams,
                                                    kMaxExpansionRuns, &grams, &truncated));
      u->truncated |= truncated;
      for (const auto& g : grams) SAGASU_RETURN_IF_ERROR(ReadRuns(format::kStreamNgram, g, &u->runs.any_gram.emplace_back()));
    } else {
      SAGASU_RETURN_IF_ERROR(BindPhrase(format::kStreamNgram, steps, &u->runs.phrase));
    }
  }
  if (!q.reading.empty()) {
    // A contiguous run of whole tokens' readings: the boundary grams and
    // the bigrams at consecutive reading positions (at least two steps: a
    // reading unit has two or more letters).
    SAGASU_RETURN_IF_ERROR(
        BindPhrase(format::kStreamReading, ReadingPhrase(q.reading, q.reading_prefix), &u->runs.phrase));
  }
  if (!q.prefix.empty()) {
    bool truncated = false;
    SAGASU_RETURN_IF_ERROR(snapshot_.ExpandPrefix(format::kStreamWords, q.prefix, kMaxPrefixTerms, kMaxExpansionRuns,
                                                  &u->expanded, &truncated));
    u->truncated |= truncated;
    for (const auto& t : u->expanded) {
      SAGASU_RETURN_IF_ERROR(Postings(QueryTerm{t, 0, {}}, &u->runs.any_word.emplace_back()));
    }
  }
  return Status::OK();
}

Status QueryPlan::ReadRuns(format::Stream stream, const std::string& term, std::shared_ptr<const TermRuns>* out) {
  auto runs = std::make_shared<TermRuns>();
  SAGASU_RETURN_IF_ERROR(snapshot_.ReadTerm(stream, term, runs.get(), scan_));
  *out = std::move(runs);
  return Status::OK();
}

// Every step's postings are read and checked by document: the rarest
// drives a clause's cover and gives the unit its df (UnitDfWithoutWalk), and
// a document some step lacks is left before any positions are read. The
// positions are looked up only in the steps that pin the phrase around its
// rarest bigram (PinningSteps, Step::pin). The other steps are kept for
// the check by document, which is cheap and leaves a document before its
// positions are read.
Status QueryPlan::BindPhrase(format::Stream stream, const std::vector<GramStep>& steps,
                             std::vector<UnitRuns::Step>* phrase) {
  std::vector<std::shared_ptr<const TermRuns>> runs(steps.size());
  std::optional<std::size_t> rarest;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    SAGASU_RETURN_IF_ERROR(ReadRuns(stream, steps[i].gram, &runs[i]));
    if (IsBigramStep(steps[i]) && (!rarest || DocCount(*runs[i]) < DocCount(*runs[*rarest]))) rarest = i;
  }
  const std::vector<bool> keep = rarest ? PinningSteps(steps, *rarest) : std::vector<bool>(steps.size(), true);
  for (std::size_t i = 0; i < steps.size(); ++i) phrase->push_back(UnitRuns::Step{std::move(runs[i]), steps[i].offset, keep[i]});
  return Status::OK();
}

bool UnitDfWithoutWalk(const PlanUnit& u, DocNum doc_limit, double* df) {
  if (u.clause->title_only) return false;
  if (!u.runs.phrase.empty()) {
    if (!u.runs.any_word.empty()) return false;
    double rarest = static_cast<double>(doc_limit);
    for (const auto& step : u.runs.phrase) rarest = std::min(rarest, DocCount(*step.runs));
    *df = rarest;
    return true;
  }
  const bool one_list = u.runs.any_gram.size() + u.runs.any_word.size() == 1;
  const bool one_letter = u.runs.any_word.empty() && !u.runs.any_gram.empty();
  if (!one_list && !one_letter) return false;
  double n = 0;
  for (const auto* lists : {&u.runs.any_gram, &u.runs.any_word}) {
    for (const auto& runs : *lists) n += DocCount(*runs);
  }
  *df = std::min(n, static_cast<double>(doc_limit));
  return true;
}

Status QueryPlan::BindUnits() {
  for (auto& u : units_) SAGASU_RETURN_IF_ERROR(BindUnit(&u));
  return Status::OK();
}

bool QueryPlan::has_scoring_units() const {
  return std::any_of(units_.begin(), units_.end(), [](const PlanUnit& u) { return u.scoring; });
}

std::vector<std::size_t> QueryPlan::scoring_units() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < units_.size(); ++i) {
    if (units_[i].scoring) out.push_back(i);
  }
  return out;
}

std::vector<std::string> QueryPlan::term_texts() const {
  std::vector<std::string> out;
  for (const auto& t : terms_) out.push_back(t.text);
  return out;
}

std::unique_ptr<TermCursor> QueryPlan::OpenScoring(std::size_t i) const {
  return std::make_unique<TermCursor>(terms_[i].runs, terms_[i].idf, &scorer_);
}

std::vector<std::unique_ptr<TermCursor>> QueryPlan::OpenScoringAll() const {
  std::vector<std::unique_ptr<TermCursor>> out;
  for (std::size_t i = 0; i < terms_.size(); ++i) out.push_back(OpenScoring(i));
  return out;
}

std::unique_ptr<TermCursor> QueryPlan::OpenMatching(const std::shared_ptr<const TermRuns>& runs) {
  return std::make_unique<TermCursor>(runs, 0.0f, nullptr);
}

Matcher::Matcher(const QueryPlan& plan) : plan_(plan) {
  for (const auto& c : plan.checks()) {
    Check check{c.clause, {}, {}};
    for (const auto& runs : c.runs) check.cursors.push_back(QueryPlan::OpenMatching(runs));
    for (std::size_t u : c.units) check.units.push_back(std::make_unique<UnitProbe>(plan.units()[u].runs));
    checks_.push_back(std::move(check));
  }
}

bool Matcher::Accept(DocNum d) {
  if (!plan_.PassesFilters(d)) return false;
  for (auto& check : checks_) {
    const bool matches = ClauseMatches(check, d);
    if (matches != (check.clause->occur == Clause::Occur::kMust)) return false;
  }
  return true;
}

Status Matcher::status() const {
  for (const auto& check : checks_) {
    for (const auto& c : check.cursors) SAGASU_RETURN_IF_ERROR(c->status());
    for (const auto& u : check.units) SAGASU_RETURN_IF_ERROR(u->status());
  }
  return Status::OK();
}

// A clause matches through its terms or through one of its units. Cursors
// only move forward: call with ascending d.
bool Matcher::ClauseMatches(Check& check, DocNum d) {
  return (!check.cursors.empty() && TermsMatch(check, d)) || UnitsMatch(check, d);
}

bool Matcher::UnitsMatch(Check& check, DocNum d) {
  for (auto& u : check.units) {
    if (u->Matches(d, check.clause->title_only)) return true;
  }
  return false;
}

bool Matcher::TermsMatch(Check& check, DocNum d) {
  const Clause& c = *check.clause;
  for (auto& cur : check.cursors) {
    cur->NextGEQ(d);
    if (cur->doc() != d) return false;
    if (c.title_only && cur->tf(format::kFieldTitle) == 0) return false;
  }
  if (!c.phrase || check.cursors.size() <= 1) return true;
  // Adjacency: some start p with every term i at p + (q_i - q_0).
  auto& first = check.cursors[0];
  const Position* fb = first->positions_begin();
  const Position* fe = c.title_only ? fb + first->tf(format::kFieldTitle) : first->positions_end();
  for (const Position* p = fb; p != fe; ++p) {
    bool all = true;
    for (std::size_t i = 1; i < check.cursors.size() && all; ++i) {
      const Position want = *p + (c.terms[i].position - c.terms[0].position);
      const Position* b = check.cursors[i]->positions_begin();
      const Position* e = check.cursors[i]->positions_end();
      all = std::binary_search(b, e, want);
    }
    if (all) return true;
  }
  return false;
}

}  // namespace sagasu
