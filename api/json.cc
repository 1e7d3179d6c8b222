// The JSON codec (include/sagasu/json.h), on nlohmann::json. Public types
// only: it reaches no engine header.
#include "sagasu/json.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace sagasu {

namespace {

using nlohmann::json;

std::string Dump(const json& j, int indent) {
  // Stored text is valid UTF-8, but never let one bad byte turn into an error.
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

double Round(double v, double scale) { return std::round(v * scale) / scale; }

// Seconds to the millisecond.
double Seconds(double v) { return Round(v, 1000.0); }

// `v` to 4 significant digits (12.3456 -> 12.35, 0.0123456 -> 0.01235).
double Significant(double v) {
  if (v == 0 || !std::isfinite(v)) return v;
  const double scale = std::pow(10.0, 3 - std::floor(std::log10(std::fabs(v))));
  return std::round(v * scale) / scale;
}

json FacetsJson(const std::vector<Facet>& facets) {
  json j = json::array();
  for (const Facet& f : facets) j.push_back({{"value", f.value}, {"count", f.count}});
  return j;
}

json ExplainJson(const std::vector<TermExplanation>& terms) {
  json j = json::array();
  for (const TermExplanation& e : terms) {
    j.push_back({{"term", e.term}, {"stream", e.stream}, {"df", e.df}, {"idf", Significant(e.idf)}, {"tf_title", e.tf_title}, {"tf_body", e.tf_body},
                 {"tf_meta", e.tf_meta}, {"title_len", e.title_len}, {"body_len", e.body_len},
                 {"meta_len", e.meta_len}, {"score", Significant(e.score)}});
    if (!e.synonyms.empty()) j.back()["synonyms"] = e.synonyms;
  }
  return j;
}

json HitJson(const SearchHit& h, std::size_t rank, bool explain) {
  // Scores are for ordering; three decimals are plenty and keep JSON short.
  json j{{"rank", rank},
         {"id", h.id},
         {"title", h.title},
         {"title_highlighted", h.title_highlighted.html},
         {"url", h.url},
         {"date", h.date ? json(FormatDate(*h.date)) : json(nullptr)},
         {"tags", h.tags},
         {"categories", h.categories},
         {"author", h.author},
         {"excerpt", h.excerpt},
         {"score", Round(h.score, 1000.0)},
         {"snippet", h.snippet.html}};
  if (explain) {
    j["explain"] = ExplainJson(h.explanation);
    j["proximity"] = Significant(h.proximity);
  }
  return j;
}

}  // namespace

std::string SearchResponseToJson(const SearchResponse& r, const SearchJsonOptions& o) {
  json j;
  j["version"] = kJsonVersion;
  j["query"] = std::string(o.query);
  j["terms"] = r.query_terms;
  j["total"] = r.total;
  j["total_exact"] = r.total_exact;
  j["offset"] = o.offset;
  j["page"] = o.page_size > 0 ? o.offset / o.page_size + 1 : 1;
  j["size"] = o.page_size;
  j["pages"] = o.page_size > 0 ? (r.total + o.page_size - 1) / o.page_size : 0;
  json hits = json::array();
  for (std::size_t i = 0; i < r.hits.size(); ++i) hits.push_back(HitJson(r.hits[i], o.offset + i + 1, o.explain));
  j["hits"] = std::move(hits);
  j["facets"] = {{"tags", FacetsJson(r.tag_facets)}, {"categories", FacetsJson(r.category_facets)}};
  if (!r.warnings.empty()) j["warnings"] = r.warnings;
  if (o.generation) j["generation"] = *o.generation;
  j["took_ms"] = Round(r.seconds * 1000.0, 100.0);
  return Dump(j, o.indent);
}

std::string IndexPathsReportToJson(const IndexPathsReport& r, std::string_view db,
                                   const std::vector<std::string>* errors, int indent,
                                   const ReanalysisReport* reanalysis) {
  json j{{"added", r.added},     {"updated", r.updated}, {"unchanged", r.unchanged}, {"unpublished", r.unpublished},
         {"removed", r.removed}, {"failed", r.failed},   {"bytes", r.bytes},
         {"commits", r.commits}, {"merged", r.merged},   {"seconds", Seconds(r.seconds)},
         {"mb_per_second", Round(r.seconds > 0 ? static_cast<double>(r.bytes) / r.seconds / 1e6 : 0.0, 10.0)},
         {"version", kJsonVersion}};
  if (!db.empty()) j["db"] = std::string(db);
  if (errors != nullptr) j["errors"] = *errors;
  if (reanalysis != nullptr && reanalysis->done) {
    j["reanalysis"] = json{{"reason", reanalysis->reason},
                           {"all", reanalysis->all},
                           {"documents", reanalysis->documents},
                           {"reanalyzed", reanalysis->reanalyzed},
                           {"seconds", Seconds(reanalysis->seconds)},
                           {"merge_seconds", Seconds(reanalysis->merge_seconds)},
                           {"changed_surfaces", reanalysis->changed_surfaces},
                           {"ids", reanalysis->ids}};
  }
  return Dump(j, indent);
}

namespace {
json StreamsJson(const std::vector<StreamStatistics>& streams) {
  json out = json::object();
  for (const auto& st : streams) {
    out[st.name] = {{"terms", st.terms}, {"postings", st.postings}, {"bytes", st.bytes}, {"disk_bytes", st.disk_bytes}};
  }
  return out;
}
}  // namespace

std::string IndexStatisticsToJson(const IndexStatistics& s, int indent) {
  const json j{{"version", kJsonVersion},
               {"db", s.path},
               {"documents", s.documents},
               {"document_versions", s.document_versions},
               {"commits", s.commits},
               {"distinct_terms", s.distinct_terms},
               {"postings", s.postings},
               {"avg_title_terms", Round(s.avg_title_terms, 100.0)},
               {"avg_body_terms", Round(s.avg_body_terms, 100.0)},
               {"avg_meta_terms", Round(s.avg_meta_terms, 100.0)},
               {"tags", s.tags},
               {"categories", s.categories},
               {"bytes", s.bytes},
               {"column_family_bytes", s.column_family_bytes},
               {"streams", StreamsJson(s.streams)},
               {"analyzer", s.analyzer}};
  return Dump(j, indent);
}

std::string IndexCheckReportToJson(const IndexCheckReport& r, int indent) {
  const json j{{"version", kJsonVersion},
               {"db", r.path},
               {"whole", r.whole},
               {"problems", r.problems},
               {"generation", r.generation},
               {"recorded_generation", r.recorded_generation},
               {"documents", r.documents},
               {"ids", r.ids},
               {"stored_documents", r.stored_documents},
               {"table_files", r.table_files},
               {"table_bytes", r.table_bytes},
               {"stray_files", r.stray_files},
               {"stray_bytes", r.stray_bytes},
               {"checksums_verified", r.checksums_verified}};
  return Dump(j, indent);
}

namespace {

std::string Original(const TextAnalysis& a, std::uint32_t begin, std::uint32_t end) {
  if (begin > end || end > a.text.size()) return std::string();
  return a.text.substr(begin, end - begin);
}

}  // namespace

std::string TextAnalysisToJson(const TextAnalysis& a, bool tokens, int indent) {
  if (tokens) {
    json out = json::array();
    for (const AnalyzedToken& t : a.tokens) {
      out.push_back({{"surface", t.surface}, {"base", t.base}, {"pos", t.pos}, {"reading", t.reading},
                     {"begin", t.begin}, {"end", t.end}, {"term", t.is_term ? json(t.term) : json(nullptr)},
                     {"original", Original(a, t.begin, t.end)}});
    }
    return Dump(out, indent);
  }
  json out;
  out["version"] = kJsonVersion;
  out["text"] = a.text;
  out["normalized"] = a.normalized;
  out["terms"] = json::array();
  for (const AnalyzedTerm& t : a.terms) {
    out["terms"].push_back({{"term", t.term}, {"position", t.position}, {"begin", t.begin}, {"end", t.end},
                            {"original", Original(a, t.begin, t.end)}});
  }
  out["reading"] = a.reading;
  return Dump(out, indent);
}

std::string MergeReportToJson(const MergeReport& r, int indent) {
  const json j{{"terms_rewritten", r.terms_rewritten}, {"runs_before", r.runs_before},
               {"runs_after", r.runs_after},           {"postings_dropped", r.postings_dropped},
               {"documents_purged", r.documents_purged}, {"seconds", Seconds(r.seconds)},
               {"version", kJsonVersion}};
  return Dump(j, indent);
}

}  // namespace sagasu
