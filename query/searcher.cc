#include "query/searcher.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <queue>
#include <set>

#include <roaring/roaring.hh>

#include "common/analyzer/normalizer.h"
#include "storage/snapshot.h"
#include "query/query_parser.h"
#include "query/snippet.h"
#include "query/term_cursor.h"

namespace sagasu {

namespace {

struct Candidate {
  Score score;
  DocNum doc;
  float proximity = 0;  // the proximity part of score
};

// Sum of 1/d^2 over neighbouring occurrences of two terms at most
// kProximityWindow positions apart (positions ascending).
float PairProximity(const std::vector<Position>& a, const std::vector<Position>& b) {
  float sum = 0;
  std::size_t i = 0, j = 0;
  // Walk both lists in order; each step looks at the nearest occurrence of
  // the other term that precedes the current one.
  bool last_is_a = false;
  Position last = 0;
  bool have_last = false;
  while (i < a.size() || j < b.size()) {
    const bool take_a = j >= b.size() || (i < a.size() && a[i] <= b[j]);
    const Position p = take_a ? a[i++] : b[j++];
    if (have_last && last_is_a != take_a) {
      const Position d = p - last;
      if (d > 0 && d <= kProximityWindow) sum += 1.0f / static_cast<float>(d * d);
    }
    last = p;
    last_is_a = take_a;
    have_last = true;
  }
  return sum;
}
// Orders the top-k heap: the worst candidate (lowest score; on equal
// scores the higher DocNum) on top. The tie-break makes results
// deterministic: equal scores rank older documents (lower DocNum) first.
struct WorseFirst {
  bool operator()(const Candidate& a, const Candidate& b) const {
    return a.score != b.score ? a.score > b.score : a.doc < b.doc;
  }
};

bool Better(const Candidate& a, const Candidate& b) { return a.score != b.score ? a.score > b.score : a.doc < b.doc; }

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

}  // namespace

class Searcher::Impl {
 public:
  Status Init(const std::string& dir, const SearchOptions& options) {
    options_ = options;
    SAGASU_RETURN_IF_ERROR(Analyzer::Open(options.analyzer, &analyzer_));
    return Snapshot::Open(dir, analyzer_->Fingerprint(), &reader_);
  }
  Result<SearchResponse> Search(const SearchQuery& request) const;
  std::uint64_t document_count() const { return reader_->stats().live_docs; }

 private:
  // A per-query view: cursors, filters and the checks of required and
  // excluded clauses.
  struct Query;

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
  mutable std::mutex sessions_mu_;
  mutable std::vector<std::unique_ptr<AnalyzerSession>> sessions_;
};

struct Searcher::Impl::Query {
  const Snapshot* reader;
  Bm25F scorer;
  ParsedQuery parsed;
  // Scoring terms (unique), one cursor each.
  std::vector<std::string> terms;
  std::vector<float> idf;
  std::vector<double> df;
  // Filters.
  std::optional<Roaring> filter;
  std::optional<std::int64_t> since, until;
  // Required (kMust) and excluded (kMustNot) clauses with their own cursors.
  struct Check {
    const Clause* clause;
    std::vector<std::unique_ptr<TermCursor>> cursors;
  };
  std::vector<Check> checks;
  Status status;

  Query(const Snapshot* r, const RankingOptions& p)
      : reader(r), scorer(p, CollectionStats{static_cast<double>(r->stats().live_docs), r->avg_title_len(),
                                             r->avg_body_len()}) {}

  // Postings read for this query, by term: every cursor of a term shares them.
  std::shared_ptr<std::map<std::string, std::shared_ptr<const TermRuns>>> run_cache =
      std::make_shared<std::map<std::string, std::shared_ptr<const TermRuns>>>();

  std::unique_ptr<TermCursor> OpenCursor(const std::string& term, bool scoring) {
    auto it = run_cache->find(term);
    if (it == run_cache->end()) {
      auto runs = std::make_shared<TermRuns>();
      Status s = reader->ReadTerm(format::kStreamWords, term, runs.get());
      if (!s.ok() && status.ok()) status = s;
      it = run_cache->emplace(term, std::move(runs)).first;
    }
    double d = 0;
    for (const auto& r : *it->second) d += r->reader.doc_count();
    const float w = scoring ? scorer.Idf(d) : 0.0f;
    return std::make_unique<TermCursor>(it->second, w, scoring ? &scorer : nullptr);
  }

  // Cheap checks: live, filters, dates.
  bool PassesFilters(DocNum d) const {
    if (!reader->IsLive(d)) return false;
    if (filter && !filter->contains(d)) return false;
    if (since || until) {
      const std::int64_t date = reader->info(d).date;
      if (date == DocInfo::kNoDate) return false;
      if (since && date < *since) return false;
      if (until && date > *until) return false;
    }
    return true;
  }

  // Whether `check`'s clause matches document d. Cursors only move forward:
  // call with ascending d.
  static bool ClauseMatches(Check& check, DocNum d) {
    const Clause& c = *check.clause;
    for (auto& cur : check.cursors) {
      cur->NextGEQ(d);
      if (cur->doc() != d) return false;
      if (c.title_only && cur->tf_title() == 0) return false;
    }
    if (!c.phrase || check.cursors.size() <= 1) return true;
    // Adjacency: some start p with every term i at p + (q_i - q_0).
    auto& first = check.cursors[0];
    const Position* fb = first->positions_begin();
    const Position* fe = c.title_only ? fb + first->tf_title() : first->positions_end();
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

  // Full acceptance: filters, required clauses, excluded clauses.
  bool Accept(DocNum d) {
    if (!PassesFilters(d)) return false;
    for (auto& check : checks) {
      const bool matches = ClauseMatches(check, d);
      if (matches != (check.clause->occur == Clause::Occur::kMust)) return false;
    }
    return true;
  }

  // Adds the proximity score (bm25.h) to each candidate.
  Status AddProximity(std::vector<Candidate>* cands) {
    const RankingOptions& p = scorer.params();
    std::vector<std::size_t> order(cands->size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return (*cands)[a].doc < (*cands)[b].doc; });
    std::vector<std::unique_ptr<TermCursor>> cur;
    for (const auto& t : terms) cur.push_back(OpenCursor(t, /*scoring=*/true));
    SAGASU_RETURN_IF_ERROR(status);
    const std::size_t m = cur.size();
    std::vector<std::vector<Position>> pos(m);
    for (std::size_t idx : order) {
      Candidate& c = (*cands)[idx];
      for (std::size_t i = 0; i < m; ++i) {
        cur[i]->NextGEQ(c.doc);
        if (cur[i]->doc() == c.doc) {
          pos[i].assign(cur[i]->positions_begin(), cur[i]->positions_end());
        } else {
          pos[i].clear();
        }
      }
      float prox = 0;
      for (std::size_t i = 0; i < m; ++i) {
        if (pos[i].empty()) continue;
        for (std::size_t j = i + 1; j < m; ++j) {
          if (pos[j].empty()) continue;
          const float tp = PairProximity(pos[i], pos[j]);
          if (tp > 0) prox += std::min(cur[i]->idf(), cur[j]->idf()) * tp * (p.k1 + 1.0f) / (tp + p.k1);
        }
      }
      c.proximity = p.proximity_weight * prox;
      c.score += c.proximity;
    }
    for (const auto& c : cur) SAGASU_RETURN_IF_ERROR(c->status());
    return Status::OK();
  }

  float ScoreAt(TermCursor& c, DocNum d) const {
    const DocInfo& info = reader->info(d);
    return scorer.Score(c.idf(), c.tf_title(), c.tf_body(), info.title_len, info.body_len);
  }
};

Result<SearchResponse> Searcher::Impl::Search(const SearchQuery& request) const {
  const auto start = std::chrono::steady_clock::now();
  if (request.limit > 10000) return Status::InvalidArgument("limit " + std::to_string(request.limit) + " is above 10000");
  if (request.offset > 1000000) return Status::InvalidArgument("offset " + std::to_string(request.offset) + " is above 1000000");

  Query q(reader_.get(), options_.bm25);
  {
    auto session = TakeSession();
    Result<ParsedQuery> parsed = ParseQuery(request.text, session.get());
    ReturnSession(std::move(session));
    if (!parsed.ok()) return parsed.status();
    q.parsed = std::move(parsed).value();
  }
  const ParsedQuery& pq = q.parsed;
  SearchResponse results;
  results.warnings = pq.warnings;

  // Filters: tags (all, or any), categories (any), authors (any).
  auto intersect = [&](const Roaring& b) {
    if (q.filter) {
      *q.filter &= b;
    } else {
      q.filter = b;
    }
  };
  std::vector<std::string> all_tags = pq.tags;
  std::vector<std::string> any_tags;
  (request.tags_any ? any_tags : all_tags).insert((request.tags_any ? any_tags : all_tags).end(),
                                                  request.tags.begin(), request.tags.end());
  for (const auto& t : all_tags) intersect(FacetDocs(*reader_, format::kFacetTag, t));
  auto any_of = [&](format::FacetKind kind, const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.empty() && b.empty()) return;
    Roaring u;
    for (const auto& v : a) u |= FacetDocs(*reader_, kind, v);
    for (const auto& v : b) u |= FacetDocs(*reader_, kind, v);
    intersect(u);
  };
  any_of(format::kFacetTag, any_tags, {});
  any_of(format::kFacetCategory, pq.categories, request.categories);
  any_of(format::kFacetAuthor, pq.authors, request.authors);
  q.since = pq.since ? pq.since : request.since;
  q.until = pq.until ? pq.until : request.until;
  if (request.since && pq.since) q.since = std::max(*request.since, *pq.since);
  if (request.until && pq.until) q.until = std::min(*request.until, *pq.until);

  // Scoring terms: every term of every clause that is not excluded.
  for (const auto& c : pq.clauses) {
    if (c.occur == Clause::Occur::kMustNot) continue;
    for (const auto& t : c.terms) {
      if (std::find(q.terms.begin(), q.terms.end(), t.text) == q.terms.end()) q.terms.push_back(t.text);
    }
  }
  results.query_terms = q.terms;
  for (const auto& c : pq.clauses) {
    if (c.occur == Clause::Occur::kShould) continue;
    Query::Check check{&c, {}};
    for (const auto& t : c.terms) check.cursors.push_back(q.OpenCursor(t.text, /*scoring=*/false));
    q.checks.push_back(std::move(check));
  }
  std::vector<std::unique_ptr<TermCursor>> cursors;
  for (const auto& t : q.terms) cursors.push_back(q.OpenCursor(t, /*scoring=*/true));
  SAGASU_RETURN_IF_ERROR(q.status);

  const std::size_t k = request.offset + request.limit;
  // The proximity stage reorders the best `depth` BM25F candidates.
  const bool rerank = request.sort == SearchQuery::Sort::kScore && options_.bm25.proximity_weight > 0 &&
                      q.terms.size() >= 2 && k > 0;
  // The best rerank_depth by BM25F are reordered with proximity; ranks below
  // keep BM25F order. Scores stay descending (the proximity share is >= 0 and
  // only the top gets it) and every page agrees with every other.
  const std::size_t window = std::max<std::size_t>(1, options_.bm25.rerank_depth);
  const std::size_t depth = rerank ? std::max(k, window) : k;
  std::vector<Candidate> ranked;  // best first

  if (cursors.empty()) {
    // Filters only: every accepted document, newest first unless asked otherwise.
    if (pq.has_text() || (!q.filter && !q.since && !q.until && request.text.empty() == false)) {
      // Text that analyzed to nothing: no match.
    } else if (q.filter || q.since || q.until) {
      auto visit = [&](DocNum d) {
        if (q.Accept(d)) ranked.push_back({0.0f, d});
      };
      if (q.filter) {
        for (DocNum d : *q.filter) visit(d);
      } else {
        for (DocNum d = 0; d < reader_->doc_limit(); ++d) visit(d);
      }
    }
  } else if (request.sort != SearchQuery::Sort::kScore || request.exhaustive) {
    // Exhaustive: score every document any scoring term matches.
    for (;;) {
      DocNum d = kNoDoc;
      for (auto& c : cursors) d = std::min(d, c->doc());
      if (d == kNoDoc) break;
      float score = 0;
      for (auto& c : cursors) {
        if (c->doc() == d) {
          score += q.ScoreAt(*c, d);
          c->Next();
        }
      }
      if (q.Accept(d)) ranked.push_back({score, d});
    }
  } else if (k > 0) {
    // (With k == 0 there is nothing to rank: the heap below would stay
    // empty and its top() be read. Totals and facets come from the
    // counting pass.)
    // MaxScore (Turtle & Flood 1995) with block-max checks (Ding & Suel 2011;
    // Chakrabarti et al. 2011): cursors in ascending order of their
    // score bound; the shortest prefix whose bounds sum to at most the k-th
    // best score is "non-essential": a document found only there cannot
    // enter the top k, so candidates come from the essential cursors alone
    // and non-essential ones are probed only while the document can still
    // make it.
    //
    // A document's score is summed in query-term order, as the exhaustive
    // scorer does: float addition is not associative, and an order that
    // followed the pruning state would give exact copies of a document
    // different last bits, breaking the DocNum tie-break. term_of[i] is the
    // query-term index of cursors[i]; contrib holds the current document's
    // term scores by that index (absent terms 0, which adds exactly).
    const std::size_t m = cursors.size();
    std::vector<std::size_t> term_of(m);
    for (std::size_t i = 0; i < m; ++i) term_of[i] = i;
    std::stable_sort(term_of.begin(), term_of.end(),
                     [&](std::size_t a, std::size_t b) { return cursors[a]->max_score() < cursors[b]->max_score(); });
    {
      std::vector<std::unique_ptr<TermCursor>> sorted;
      for (std::size_t t : term_of) sorted.push_back(std::move(cursors[t]));
      cursors = std::move(sorted);
    }
    std::vector<float> contrib(m);
    std::vector<float> prefix(m);
    float sum = 0;
    for (std::size_t i = 0; i < m; ++i) prefix[i] = (sum += cursors[i]->max_score());
    std::priority_queue<Candidate, std::vector<Candidate>, WorseFirst> heap;
    float theta = -1.0f;  // k-th best score once the heap is full
    std::size_t first_essential = 0;
    while (first_essential < m) {
      DocNum d = kNoDoc;
      for (std::size_t i = first_essential; i < m; ++i) d = std::min(d, cursors[i]->doc());
      if (d == kNoDoc) break;
      if (heap.size() >= depth) {
        // Block skipping on the essential lists: every document from d up to
        // the first end of their current blocks scores at most the blocks'
        // maxima plus the non-essential bounds; if that cannot beat the k-th
        // score, jump past those blocks without decoding a document.
        float ub = first_essential > 0 ? prefix[first_essential - 1] : 0.0f;
        DocNum until = kNoDoc;
        for (std::size_t i = first_essential; i < m; ++i) {
          DocNum last;
          ub += cursors[i]->ShallowBound(d, &last);
          until = std::min(until, last);
        }
        if (ub <= theta) {
          if (until == kNoDoc) break;
          for (std::size_t i = first_essential; i < m; ++i) cursors[i]->NextGEQ(until + 1);
          continue;
        }
      }
      const bool pass = q.PassesFilters(d);
      float score = 0;
      std::fill(contrib.begin(), contrib.end(), 0.0f);
      for (std::size_t i = first_essential; i < m; ++i) {
        if (cursors[i]->doc() == d) {
          if (pass) score += (contrib[term_of[i]] = q.ScoreAt(*cursors[i], d));
          cursors[i]->Next();
        }
      }
      if (!pass) continue;
      // Block-max check (block-max MaxScore): the non-essential terms can add
      // at most the maxima of their blocks that would hold d; if even that
      // cannot lift d into the top k, skip d without decoding those blocks.
      if (first_essential > 0 && heap.size() >= depth) {
        float bound = score;
        for (std::size_t i = 0; i < first_essential; ++i) bound += cursors[i]->ShallowBound(d);
        if (bound <= theta) continue;
      }
      bool pruned = false;
      for (std::size_t i = first_essential; i-- > 0;) {
        if (score + prefix[i] <= theta) {
          pruned = true;
          break;
        }
        cursors[i]->NextGEQ(d);
        if (cursors[i]->doc() == d) score += (contrib[term_of[i]] = q.ScoreAt(*cursors[i], d));
      }
      if (pruned) continue;
      score = 0;
      for (float c : contrib) score += c;
      if (heap.size() >= depth && score <= theta) continue;
      if (!q.Accept(d)) continue;
      heap.push({score, d});
      if (heap.size() > depth) heap.pop();
      if (heap.size() >= depth) {
        theta = heap.top().score;
        while (first_essential < m && prefix[first_essential] <= theta) ++first_essential;
      }
    }
    while (!heap.empty()) {
      ranked.push_back(heap.top());
      heap.pop();
    }
  }
  for (const auto& c : cursors) SAGASU_RETURN_IF_ERROR(c->status());
  const std::uint64_t found = ranked.size();
  // When `ranked` holds every match (exhaustive, date order, filters only),
  // facets count all of it, not just the page kept below.
  Roaring all_ranked;
  if (request.facets)
    for (const auto& c : ranked) all_ranked.add(c.doc);
  if (rerank && !ranked.empty()) {
    const std::size_t top = std::min(depth, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(top), ranked.end(), Better);
    ranked.resize(top);
    std::vector<Candidate> head(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(std::min(top, window)));
    SAGASU_RETURN_IF_ERROR(q.AddProximity(&head));
    std::sort(head.begin(), head.end(), Better);
    std::copy(head.begin(), head.end(), ranked.begin());
  }

  // Order.
  auto by_date = [&](bool desc) {
    return [this, desc](const Candidate& a, const Candidate& b) {
      const std::int64_t da = reader_->info(a.doc).date, db = reader_->info(b.doc).date;
      if (da != db) {
        // Undated documents last either way.
        if (da == DocInfo::kNoDate) return false;
        if (db == DocInfo::kNoDate) return true;
        return desc ? da > db : da < db;
      }
      return Better(a, b);
    };
  };
  const bool date_order = request.sort != SearchQuery::Sort::kScore || cursors.empty();
  const bool asc = request.sort == SearchQuery::Sort::kDateAsc;
  const std::size_t keep = std::min(k, ranked.size());
  if (date_order) {
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(), by_date(!asc));
  } else if (rerank) {
    // Already in final order (above).
  } else {
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(), Better);
  }
  ranked.resize(keep);

  // Total and facets over every match.
  results.total = found;
  if ((request.count_total || request.facets) && !cursors.empty() && request.sort == SearchQuery::Sort::kScore &&
      !request.exhaustive) {
    Query count(reader_.get(), options_.bm25);
    count.run_cache = q.run_cache;
    count.parsed = q.parsed;
    count.filter = q.filter;
    count.since = q.since;
    count.until = q.until;
    Roaring any;
    for (const auto& t : q.terms) {
      auto c = count.OpenCursor(t, false);
      for (; c->doc() != kNoDoc; c->Next()) any.add(c->doc());
    }
    for (const auto& c : count.parsed.clauses) {
      if (c.occur == Clause::Occur::kShould) continue;
      Query::Check check{&c, {}};
      for (const auto& t : c.terms) check.cursors.push_back(count.OpenCursor(t.text, false));
      count.checks.push_back(std::move(check));
    }
    SAGASU_RETURN_IF_ERROR(count.status);
    Roaring matching;
    if (count.filter) any &= *count.filter;
    for (DocNum d : any)
      if (count.Accept(d)) matching.add(d);
    results.total = matching.cardinality();
    results.total_exact = true;
    if (request.facets) {
      auto facet_counts = [&](format::FacetKind kind, std::vector<Facet>* out) {
        for (const auto& f : reader_->facets(kind)) {
          const std::uint64_t n = f.docs.and_cardinality(matching);
          if (n) out->push_back({f.value, n});
        }
      };
      facet_counts(format::kFacetTag, &results.tag_facets);
      facet_counts(format::kFacetCategory, &results.category_facets);
    }
  } else {
    results.total_exact = cursors.empty() || request.sort != SearchQuery::Sort::kScore || request.exhaustive;
    if (request.facets && results.total_exact) {
      const Roaring& matching = all_ranked;
      for (auto kind : {format::kFacetTag, format::kFacetCategory}) {
        auto* out = kind == format::kFacetTag ? &results.tag_facets : &results.category_facets;
        for (const auto& f : reader_->facets(kind)) {
          const std::uint64_t n = f.docs.and_cardinality(matching);
          if (n) out->push_back({f.value, n});
        }
      }
    }
  }
  for (auto* facets : {&results.tag_facets, &results.category_facets}) {
    std::sort(facets->begin(), facets->end(), [](const Facet& a, const Facet& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
  }

  // The page.
  for (std::size_t i = request.offset; i < ranked.size(); ++i) {
    SearchHit hit;
    const DocNum doc_num = ranked[i].doc;
    hit.score = ranked[i].score;
    hit.proximity = ranked[i].proximity;
    if (request.load_documents || request.snippets) {
      Article doc;
      SAGASU_RETURN_IF_ERROR(reader_->GetDocument(doc_num, &doc));
      hit.id = std::move(doc.id);
      hit.url = std::move(doc.url);
      hit.author = std::move(doc.author);
      hit.date = doc.date;
      hit.tags = std::move(doc.tags);
      hit.categories = std::move(doc.categories);
      if (request.snippets) {
        hit.title_highlighted = HighlightAll(doc.title, q.terms);
        hit.snippet = MakeSnippet(doc.body.empty() ? doc.excerpt : doc.body, q.terms, request.snippet_chars);
        hit.title_highlighted.html = hit.title_highlighted.Render("<mark>", "</mark>", /*escape_html=*/true);
        hit.snippet.html = hit.snippet.Render("<mark>", "</mark>", /*escape_html=*/true);
      }
      hit.title = std::move(doc.title);
    }
    if (request.explain) {
      for (const auto& t : q.terms) {
        auto c = q.OpenCursor(t, true);
        c->NextGEQ(doc_num);
        TermExplanation e;
        e.term = t;
        e.df = static_cast<double>(c->df());
        e.idf = c->idf();
        const DocInfo& info = reader_->info(doc_num);
        e.title_len = info.title_len;
        e.body_len = info.body_len;
        if (c->doc() == doc_num) {
          e.tf_title = c->tf_title();
          e.tf_body = c->tf_body();
          e.score = q.ScoreAt(*c, doc_num);
        }
        hit.explanation.push_back(std::move(e));
      }
    }
    results.hits.push_back(std::move(hit));
  }
  results.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return results;
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
