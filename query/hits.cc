#include "query/hits.h"

#include "query/highlight.h"
#include "query/match_spec.h"
#include "query/snippet.h"

namespace sagasu {

namespace {

Status LoadDocument(const QueryPlan& plan, const SearchQuery& query, const Candidate& c, AnalyzerSession* session,
                    SearchHit* hit) {
  Article a;
  SAGASU_RETURN_IF_ERROR(plan.snapshot().GetDocument(c.doc, &a));
  hit->id = std::move(a.id);
  hit->url = std::move(a.url);
  hit->author = std::move(a.author);
  hit->date = a.date;
  hit->tags = std::move(a.tags);
  hit->categories = std::move(a.categories);
  hit->excerpt = a.excerpt;
  if (query.snippets) {
    // The body field indexes the body and the excerpt (indexer/accumulator.h).
    const bool has_body = !a.body.empty();
    const std::string_view body = has_body ? a.body : a.excerpt;
    MatchSpec title_spec = MatchSpecFor(plan, c, format::kFieldTitle);
    MatchSpec body_spec = MatchSpecFor(plan, c, format::kFieldBody);
    SAGASU_RETURN_IF_ERROR(CountTokens(plan, c, format::kFieldTitle, {}, &title_spec));
    SAGASU_RETURN_IF_ERROR(CountTokens(plan, c, format::kFieldBody, has_body ? a.excerpt : "", &body_spec));
    hit->title_highlighted = HighlightAll(a.title, MatchSpans(session, a.title, title_spec));
    PieceMatches body_matches(session, body, body_spec);
    hit->snippet = MakeSnippet(body, &body_matches, query.snippet_chars);
    hit->title_highlighted.html = hit->title_highlighted.Render("<mark>", "</mark>", /*escape_html=*/true);
    hit->snippet.html = hit->snippet.Render("<mark>", "</mark>", /*escape_html=*/true);
  }
  hit->title = std::move(a.title);
  return Status::OK();
}

// How a second-tier hit matched: each scoring unit's part, through the
// n-gram stream ("ngram"), a prefix's words ("prefix") or the reading
// stream ("reading"), with the unit's df
// as retrieval/fallback.cc counts it (UnitDfWithoutWalk in query/plan.h).
Status ExplainUnits(const QueryPlan& plan, DocNum doc, SearchHit* hit) {
  const format::FieldCounts& len = plan.snapshot().len(doc);
  for (std::size_t u : plan.scoring_units()) {
    const PlanUnit& unit = plan.units()[u];
    TermExplanation e;
    e.term = unit.unit->source;
    e.stream = !unit.unit->reading.empty() ? "reading" : unit.unit->prefix.empty() ? "ngram" : "prefix";
    FieldCounts at{};
    double df = 0;
    const bool counted = UnitDfWithoutWalk(unit, plan.snapshot().doc_limit(), &df);
    if (counted) e.df = df;
    UnitCursor c(unit.runs);
    for (; c.doc() != kNoDoc; c.Next()) {
      const FieldCounts tf = CountedTf(unit, c.tf());
      if (!plan.snapshot().IsLive(c.doc()) || (tf[0] | tf[1] | tf[2]) == 0) continue;
      if (!counted) ++e.df;
      if (c.doc() == doc) at = tf;
    }
    SAGASU_RETURN_IF_ERROR(c.status());
    e.idf = plan.scorer().Idf(e.df);
    e.tf_title = at[format::kFieldTitle];
    e.tf_body = at[format::kFieldBody];
    e.tf_meta = at[format::kFieldMeta];
    e.title_len = len[format::kFieldTitle];
    e.body_len = len[format::kFieldBody];
    e.meta_len = len[format::kFieldMeta];
    if ((at[0] | at[1] | at[2]) != 0) e.score = plan.scorer().Score(e.idf, at, len);
    hit->explanation.push_back(std::move(e));
  }
  return Status::OK();
}

// Each scoring term's part in the score of `c`, or each unit's for a hit of
// the second tier.
Status Explain(const QueryPlan& plan, const Candidate& candidate, SearchHit* hit) {
  if (candidate.tier != 0) return ExplainUnits(plan, candidate.doc, hit);
  const DocNum doc = candidate.doc;
  const format::FieldCounts& len = plan.snapshot().len(doc);
  for (std::size_t i = 0; i < plan.terms().size(); ++i) {
    auto c = plan.OpenScoring(i);
    c->NextGEQ(doc);
    SAGASU_RETURN_IF_ERROR(c->status());
    TermExplanation e;
    e.term = plan.terms()[i].text;
    for (const TermSequence& form : plan.terms()[i].synonyms) e.synonyms.push_back(form.source);
    e.df = static_cast<double>(c->df());
    e.idf = c->idf();
    e.title_len = len[format::kFieldTitle];
    e.body_len = len[format::kFieldBody];
    e.meta_len = len[format::kFieldMeta];
    if (c->doc() == doc) {
      e.tf_title = c->tf(format::kFieldTitle);
      e.tf_body = c->tf(format::kFieldBody);
      e.tf_meta = c->tf(format::kFieldMeta);
      e.score = plan.ScoreAt(*c, doc);
    }
    hit->explanation.push_back(std::move(e));
  }
  return Status::OK();
}

}  // namespace

Status MakeHits(const QueryPlan& plan, const SearchQuery& query, const std::vector<Candidate>& page,
                AnalyzerSession* session, std::vector<SearchHit>* out) {
  for (std::size_t i = query.offset; i < page.size(); ++i) {
    SearchHit& hit = out->emplace_back();
    hit.score = page[i].score;
    hit.proximity = page[i].proximity;
    if (query.load_documents || query.snippets) {
      SAGASU_RETURN_IF_ERROR(LoadDocument(plan, query, page[i], session, &hit));
    }
    if (query.explain) SAGASU_RETURN_IF_ERROR(Explain(plan, page[i], &hit));
  }
  return Status::OK();
}

}  // namespace sagasu
