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
    const std::string_view body = a.body.empty() ? a.excerpt : a.body;
    const MatchSpec title_spec = MatchSpecFor(plan, c, format::kFieldTitle);
    const MatchSpec body_spec = MatchSpecFor(plan, c, format::kFieldBody);
    hit->title_highlighted = HighlightAll(a.title, MatchSpans(session, a.title, title_spec));
    PieceMatches body_matches(session, body, body_spec);
    hit->snippet = MakeSnippet(body, &body_matches, query.snippet_chars);
    hit->title_highlighted.html = hit->title_highlighted.Render("<mark>", "</mark>", /*escape_html=*/true);
    hit->snippet.html = hit->snippet.Render("<mark>", "</mark>", /*escape_html=*/true);
  }
  hit->title = std::move(a.title);
  return Status::OK();
}

// Each scoring term's part in the score of `doc`.
Status Explain(const QueryPlan& plan, DocNum doc, SearchHit* hit) {
  const DocInfo& info = plan.snapshot().info(doc);
  for (std::size_t i = 0; i < plan.terms().size(); ++i) {
    auto c = plan.OpenScoring(i);
    c->NextGEQ(doc);
    SAGASU_RETURN_IF_ERROR(c->status());
    TermExplanation e;
    e.term = plan.terms()[i].text;
    e.df = static_cast<double>(c->df());
    e.idf = c->idf();
    e.title_len = info.len[format::kFieldTitle];
    e.body_len = info.len[format::kFieldBody];
    e.meta_len = info.len[format::kFieldMeta];
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
    if (query.explain) SAGASU_RETURN_IF_ERROR(Explain(plan, page[i].doc, &hit));
  }
  return Status::OK();
}

}  // namespace sagasu
