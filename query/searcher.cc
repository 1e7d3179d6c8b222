// Searcher::Search wires the query pipeline's stages:
//
//   ParseQuery (query_parser.h)  text -> clauses and filters
//   QueryPlan (plan.h)           bound to the snapshot: postings, idf, filter set
//   retrieval.h                  candidates: top-k MaxScore, exhaustive or filter-only
//   collector.h                  the total and facets over every match
//   order.h, proximity.h         page order: proximity rerank, score or date
//   hits.h                       stored fields, snippets, explanations
#include "query/searcher.h"

#include <chrono>
#include <mutex>

#include <roaring/roaring.hh>

#include "query/collector.h"
#include "query/hits.h"
#include "query/order.h"
#include "query/plan.h"
#include "query/query_parser.h"
#include "query/retrieval.h"
#include "query/synonyms.h"
#include "sagasu/limits.h"
#include "storage/snapshot.h"

namespace sagasu {

namespace {

Status CheckPaging(const SearchQuery& query) {
  if (query.limit > limits::kLimit.max) {
    return Status::InvalidArgument("limit " + std::to_string(query.limit) + " is above 10000");
  }
  if (query.offset > limits::kOffset.max) {
    return Status::InvalidArgument("offset " + std::to_string(query.offset) + " is above 1000000");
  }
  return Status::OK();
}

enum class Retrieval { kNone, kFiltered, kExhaustive, kTopK };

// Date order needs every match; so do SearchQuery::exhaustive and a query
// of filters alone. A query whose text analyzed to nothing matches nothing.
Retrieval ChooseRetrieval(const SearchQuery& query, const QueryPlan& plan) {
  if (plan.terms().empty() && !plan.has_scoring_units()) {
    return plan.filtered() ? Retrieval::kFiltered : Retrieval::kNone;
  }
  if (query.sort != SearchQuery::Sort::kScore || query.exhaustive) return Retrieval::kExhaustive;
  // Units alone (a query in kana, say): the first tier finds nothing and the
  // second keeps its top k.
  return Retrieval::kTopK;
}

Status Retrieve(const QueryPlan& plan, Retrieval how, std::size_t depth, std::vector<Candidate>* out) {
  switch (how) {
    case Retrieval::kNone: return Status::OK();
    case Retrieval::kFiltered: return RetrieveFiltered(plan, out);
    case Retrieval::kExhaustive: return RetrieveExhaustive(plan, out);
    case Retrieval::kTopK: return RetrieveTopK(plan, depth, out);
  }
  return Status::OK();
}

// The second tier (retrieval/fallback.cc): documents only query units
// match. Retrieved when retrieval must find every match, or when the whole
// words left the page short (top-k found fewer than it keeps, so it found
// every whole-word match); never when they fill it. A page that needs
// every match (a total, facets) gets the whole tier, else its best to fill
// the page. Returns whether `found` now holds every match.
Status Fallback(QueryPlan* plan, const SearchQuery& query, Retrieval how, std::size_t depth,
                std::vector<Candidate>* found, bool* complete) {
  *complete = how != Retrieval::kTopK;
  if (how == Retrieval::kTopK && found->size() < depth) *complete = true;
  if (!*complete || !plan->has_scoring_units() || how == Retrieval::kFiltered || how == Retrieval::kNone) {
    return Status::OK();
  }
  SAGASU_RETURN_IF_ERROR(plan->BindUnits());
  if (how != Retrieval::kTopK || query.count_total || query.facets) return RetrieveFallback(*plan, found);
  std::vector<Candidate> best;
  SAGASU_RETURN_IF_ERROR(RetrieveFallbackTopK(*plan, depth - found->size(), &best, complete));
  found->insert(found->end(), best.begin(), best.end());
  return Status::OK();
}

// The total and the facets. When retrieval found every match they are
// counted from it; else a counting pass finds them, unless neither was
// asked for.
Status Count(QueryPlan* plan_ptr, const SearchQuery& query, bool complete, const std::vector<Candidate>& found,
             SearchResponse* response) {
  const QueryPlan& plan = *plan_ptr;
  Roaring matching;
  response->total = found.size();
  response->total_exact = complete;
  if (response->total_exact) {
    if (query.facets) {
      for (const auto& c : found) matching.add(c.doc);
    }
  } else if (query.count_total || query.facets) {
    SAGASU_RETURN_IF_ERROR(plan_ptr->BindUnits());
    SAGASU_RETURN_IF_ERROR(CollectMatches(plan, &matching));
    response->total = matching.cardinality();
    response->total_exact = true;
  }
  if (query.facets && response->total_exact) {
    CountFacets(plan.snapshot(), matching, &response->tag_facets, &response->category_facets);
  }
  return Status::OK();
}

}  // namespace

class Searcher::Impl {
 public:
  Status Init(const std::string& dir, const SearchOptions& options) {
    options_ = options;
    SAGASU_RETURN_IF_ERROR(Analyzer::Open(options.analyzer, &analyzer_));
    SAGASU_RETURN_IF_ERROR(Snapshot::Open(dir, analyzer_->Fingerprint(), &reader_));
    groups_ = std::make_unique<GroupCache>(*reader_);
    return SynonymSource::Open(SynonymSource::Options{.file = options.synonyms_file}, *analyzer_, &synonyms_);
  }
  Result<SearchResponse> Search(const SearchQuery& request) const;
  std::uint64_t document_count() const { return reader_->stats().live_docs; }

 private:
  Result<ParsedQuery> Parse(const SearchQuery& query) const {
    auto session = TakeSession();
    Result<ParsedQuery> parsed =
        ParseQuery(query.text, session.get(), ParseOptions{.prefix_last = query.prefix_last, .units = query.fallback});
    ReturnSession(std::move(session));
    if (parsed.ok()) synonyms_->Current(&parsed->warnings)->Expand(&parsed.value());
    return parsed;
  }
  std::unique_ptr<AnalyzerSession> TakeSession() const {
    std::lock_guard lock(sessions_mu_);
    if (sessions_.empty()) return analyzer_->NewSession();
    auto s = std::move(sessions_.back());
    sessions_.pop_back();
    return s;
  }
  void ReturnSession(std::unique_ptr<AnalyzerSession> s) const {
    std::lock_guard lock(sessions_mu_);
    sessions_.push_back(std::move(s));
  }

  SearchOptions options_;
  std::unique_ptr<Analyzer> analyzer_;
  std::unique_ptr<Snapshot> reader_;
  std::unique_ptr<GroupCache> groups_;  // over reader_: declared after it, destroyed before it
  std::unique_ptr<SynonymSource> synonyms_;  // after analyzer_, which it uses
  mutable std::mutex sessions_mu_;
  mutable std::vector<std::unique_ptr<AnalyzerSession>> sessions_;
};

Result<SearchResponse> Searcher::Impl::Search(const SearchQuery& query) const {
  const auto start = std::chrono::steady_clock::now();
  SAGASU_RETURN_IF_ERROR(CheckPaging(query));
  Result<ParsedQuery> parsed = Parse(query);
  if (!parsed.ok()) return parsed.status();
  SearchResponse response;
  response.warnings = parsed->warnings;
  std::unique_ptr<QueryPlan> plan;
  SAGASU_RETURN_IF_ERROR(
      QueryPlan::Build(*reader_, options_.bm25, std::move(parsed).value(), query, &plan, groups_.get()));
  response.query_terms = plan->term_texts();

  const PageShape shape = ShapePage(query, *plan);
  const Retrieval how = ChooseRetrieval(query, *plan);
  std::vector<Candidate> ranked;
  SAGASU_RETURN_IF_ERROR(Retrieve(*plan, how, shape.depth, &ranked));
  bool complete = false;
  SAGASU_RETURN_IF_ERROR(Fallback(plan.get(), query, how, shape.depth, &ranked, &complete));
  SAGASU_RETURN_IF_ERROR(Count(plan.get(), query, complete, ranked, &response));
  SAGASU_RETURN_IF_ERROR(OrderPage(*plan, shape, &ranked));
  auto session = query.snippets ? TakeSession() : nullptr;
  const Status made = MakeHits(*plan, query, ranked, session.get(), &response.hits);
  if (session) ReturnSession(std::move(session));
  SAGASU_RETURN_IF_ERROR(made);
  response.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return response;
}

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

Status Searcher::Open(const std::string& dir, const SearchOptions& options, std::unique_ptr<Searcher>* out) {
  auto impl = std::make_unique<Impl>();
  SAGASU_RETURN_IF_ERROR(impl->Init(dir, options));
  out->reset(new Searcher(std::move(impl)));
  return Status::OK();
}

Result<SearchResponse> Searcher::Search(const SearchQuery& request) const { return impl_->Search(request); }
std::uint64_t Searcher::document_count() const { return impl_->document_count(); }

}  // namespace sagasu
