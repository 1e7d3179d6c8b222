// `sagasu search`: ranked, filtered, highlighted results; batch mode for scripts.
#include <cstdio>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli_common.h"
#include "common/document.h"
#include "query/query_parser.h"
#include "query/searcher.h"

namespace sagasu::cli {

namespace {

nlohmann::json HitJson(const Hit& h, std::size_t rank, bool explain) {
  nlohmann::json j{{"rank", rank},
                   {"id", h.id},
                   {"title", h.title},
                   {"url", h.url},
                   {"date", h.date ? nlohmann::json(FormatDate(*h.date)) : nlohmann::json(nullptr)},
                   {"tags", h.tags},
                   {"categories", h.categories},
                   {"author", h.author},
                   {"score", h.score},
                   {"title_highlighted", RenderHighlighted(h.title_highlighted, "<mark>", "</mark>", true)},
                   {"snippet", RenderHighlighted(h.snippet, "<mark>", "</mark>", true)}};
  if (explain) {
    nlohmann::json terms = nlohmann::json::array();
    for (const auto& e : h.explanation) {
      terms.push_back({{"term", e.term}, {"df", e.df}, {"idf", e.idf}, {"tf_title", e.tf_title},
                       {"tf_body", e.tf_body}, {"title_len", e.title_len}, {"body_len", e.body_len},
                       {"score", e.score}});
    }
    j["explain"] = terms;
    j["proximity"] = h.proximity;
  }
  return j;
}

nlohmann::json FacetsJson(const std::vector<FacetCount>& f) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& c : f) j.push_back({{"value", c.value}, {"count", c.count}});
  return j;
}

}  // namespace

void AddSearchCommand(CLI::App& app, int* exit_code) {
  struct Args {
    std::string db;
    std::vector<std::string> query;
    std::vector<std::string> tags, categories, authors;
    bool any_tag = false;
    std::string since, until, sort = "score", color = "auto";
    std::size_t limit = 10, offset = 0;
    bool json = false, explain = false;
    std::string batch;
    RankingOptions bm25;
    AnalyzerFlags analyzer;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "search",
      "Search an index. Plain words are ranked with BM25F (title above body); no word is required, documents\n"
      "matching more and rarer words rank first, so questions work as typed.\n"
      "Query syntax: \"exact phrase\"  +required  -excluded  a OR b  title:word  tag:T  category:C  author:A\n"
      "              since:2024-01  until:2024-12-31");
  cmd->add_option("--db", args->db, "Index directory")->required();
  cmd->add_option("query", args->query, "Query words (joined with spaces)");
  cmd->add_option("--tag,-t", args->tags,
                  "Only documents with this tag; may repeat: ALL given tags must match (see --any-tag)")
      ->allow_extra_args(false)
      ->group("Filters");
  cmd->add_flag("--any-tag", args->any_tag, "With several --tag, match documents carrying ANY of them")->group("Filters");
  cmd->add_option("--category,-c", args->categories, "Only documents in this category; may repeat (any)")
      ->allow_extra_args(false)->group("Filters");
  cmd->add_option("--author", args->authors, "Only documents by this author; may repeat (any)")
      ->allow_extra_args(false)->group("Filters");
  cmd->add_option("--since", args->since, "Published on or after (YYYY, YYYY-MM, YYYY-MM-DD, or date-time)")->group("Filters");
  cmd->add_option("--until", args->until, "Published on or before (inclusive; same formats)")->group("Filters");
  cmd->add_option("--sort", args->sort, "score (default), date (newest first) or date-asc")
      ->check(CLI::IsMember({"score", "date", "date-asc"}));
  cmd->add_option("--limit,-n", args->limit, "Hits to show (default 10, max 10000)")->check(CLI::Range(0, 10000));
  cmd->add_option("--offset", args->offset, "Hits to skip, for paging (default 0)")->check(CLI::Range(0, 1000000));
  cmd->add_flag("--json", args->json, "Print JSON: {total, hits[{id,title,url,date,tags,categories,score,snippet}], facets}");
  cmd->add_flag("--explain", args->explain, "Show the score of each hit per term and field");
  cmd->add_option("--color", args->color, "Highlight with ANSI colours: auto (default), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--batch", args->batch,
                  "Run queries from FILE (lines: qid<TAB>query[<TAB>ignored...]); print qid<TAB>docid<TAB>rank<TAB>score")
      ->check(CLI::ExistingFile);
  cmd->add_option("--k1", args->bm25.k1, "BM25 term-frequency saturation (default 1.2)")->group("Ranking")->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--b", args->bm25.b_body, "BM25 body length normalization, 0..1 (default 0.75)")->group("Ranking")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--proximity", args->bm25.proximity_weight,
                  "Weight of query words found close together (BM25TP), 0 = off (default 0.5)")
      ->group("Ranking")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--rerank-depth", args->bm25.rerank_depth,
                  "How many of the best BM25F hits the proximity stage reorders (default 10)")
      ->group("Ranking")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--title-weight", args->bm25.title_weight, "Weight of title matches vs body (default 2.5)")->group("Ranking")->check(CLI::Range(0.0, 100.0));
  args->analyzer.Add(cmd);

  cmd->callback([args, exit_code] {
    SearchOptions options;
    options.analyzer = args->analyzer.ToOptions();
    options.bm25 = args->bm25;
    SearchRequest req;
    for (std::size_t i = 0; i < args->query.size(); ++i) req.query += (i ? " " : "") + args->query[i];
    req.tags = args->tags;
    req.tags_any = args->any_tag;
    req.categories = args->categories;
    req.authors = args->authors;
    req.limit = args->limit;
    req.offset = args->offset;
    req.explain = args->explain;
    req.sort = args->sort == "date" ? SearchRequest::Sort::kDateDesc
               : args->sort == "date-asc" ? SearchRequest::Sort::kDateAsc
                                          : SearchRequest::Sort::kScore;
    if (!args->since.empty()) {
      auto t = ParseDateBound(args->since, false, "--since");
      if (!t.ok()) {
        *exit_code = ReportError(t.status());
        return;
      }
      req.since = *t;
    }
    if (!args->until.empty()) {
      auto t = ParseDateBound(args->until, true, "--until");
      if (!t.ok()) {
        *exit_code = ReportError(t.status());
        return;
      }
      req.until = *t;
    }
    if (args->batch.empty() && req.query.empty() && req.tags.empty() && req.categories.empty() &&
        req.authors.empty() && !req.since && !req.until) {
      *exit_code = ReportError(Status::InvalidArgument("give a QUERY, a filter (--tag, --category, ...) or --batch FILE"));
      return;
    }

    std::unique_ptr<Searcher> searcher;
    if (Status s = Searcher::Open(args->db, options, &searcher); !s.ok()) {
      *exit_code = ReportError(s);
      return;
    }

    if (!args->batch.empty()) {
      std::ifstream in(args->batch);
      std::string line;
      req.snippets = false;
      req.count_total = false;
      req.facets = false;
      std::size_t lineno = 0;
      std::string out;
      while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos) {
          std::fprintf(stderr, "sagasu: %s:%zu: no tab between qid and query; skipped\n", args->batch.c_str(), lineno);
          continue;
        }
        const std::string qid = line.substr(0, tab);
        std::string query = line.substr(tab + 1);
        if (std::size_t t2 = query.find('\t'); t2 != std::string::npos) query.resize(t2);
        req.query = query;
        auto r = searcher->Search(req);
        if (!r.ok()) {
          std::fprintf(stderr, "sagasu: %s:%zu: %s\n", args->batch.c_str(), lineno, r.status().ToString().c_str());
          continue;
        }
        std::size_t rank = 0;
        for (const auto& h : r->hits) {
          char score[32];
          std::snprintf(score, sizeof score, "%.4f", h.score);
          out += qid + "\t" + h.id + "\t" + std::to_string(++rank) + "\t" + score + "\n";
        }
        if (out.size() > (1 << 16)) {
          std::fwrite(out.data(), 1, out.size(), stdout);
          out.clear();
        }
      }
      std::fwrite(out.data(), 1, out.size(), stdout);
      return;
    }

    auto result = searcher->Search(req);
    if (!result.ok()) {
      *exit_code = ReportError(result.status());
      return;
    }
    const SearchResults& r = *result;
    for (const auto& w : r.warnings) std::fprintf(stderr, "sagasu: warning: %s\n", w.c_str());
    if (args->json) {
      nlohmann::json j;
      j["query"] = req.query;
      j["terms"] = r.query_terms;
      j["total"] = r.total;
      j["offset"] = req.offset;
      j["took_ms"] = r.seconds * 1000;
      j["hits"] = nlohmann::json::array();
      for (std::size_t i = 0; i < r.hits.size(); ++i) j["hits"].push_back(HitJson(r.hits[i], req.offset + i + 1, args->explain));
      j["facets"] = {{"tags", FacetsJson(r.tag_facets)}, {"categories", FacetsJson(r.category_facets)}};
      if (!r.warnings.empty()) j["warnings"] = r.warnings;
      std::puts(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      return;
    }
    const bool color = args->color == "always" || (args->color == "auto" && StdoutIsTty());
    const char* hl_open = color ? "\033[1;31m" : "[";
    const char* hl_close = color ? "\033[0m" : "]";
    const char* dim = color ? "\033[2m" : "";
    const char* bold = color ? "\033[1m" : "";
    const char* reset = color ? "\033[0m" : "";
    std::printf("%llu result%s (%.2f ms)\n", static_cast<unsigned long long>(r.total), r.total == 1 ? "" : "s",
                r.seconds * 1000);
    for (std::size_t i = 0; i < r.hits.size(); ++i) {
      const Hit& h = r.hits[i];
      std::string title = RenderHighlighted(h.title_highlighted, hl_open, hl_close, false);
      if (title.empty()) title = "(no title)";
      std::printf("\n%s%zu.%s %s%s%s\n", bold, req.offset + i + 1, reset, bold, title.c_str(), reset);
      std::string meta = h.date ? FormatDate(*h.date).substr(0, 10) : "";
      if (!h.tags.empty()) {
        meta += meta.empty() ? "[" : "  [";
        for (std::size_t t = 0; t < h.tags.size(); ++t) meta += (t ? ", " : "") + h.tags[t];
        meta += "]";
      }
      char score[32];
      std::snprintf(score, sizeof score, "score %.3f", h.score);
      std::printf("   %s%s  %s  %s%s\n", dim, h.url.empty() ? h.id.c_str() : h.url.c_str(), meta.c_str(), score, reset);
      const std::string snippet = RenderHighlighted(h.snippet, hl_open, hl_close, false);
      if (!snippet.empty()) std::printf("   %s\n", snippet.c_str());
      if (args->explain) {
        for (const auto& e : h.explanation) {
          std::printf("   %s  %-14s idf %.3f  tf title %u body %u  len title %u body %u  => %.3f%s\n", dim,
                      e.term.c_str(), e.idf, e.tf_title, e.tf_body, e.title_len, e.body_len, e.score, reset);
        }
        std::printf("   %s  %-14s => %.3f%s\n", dim, "(proximity)", h.proximity, reset);
      }
    }
    if (!r.tag_facets.empty()) {
      std::printf("\n%stags:%s", dim, reset);
      for (std::size_t i = 0; i < r.tag_facets.size() && i < 12; ++i)
        std::printf(" %s(%llu)", r.tag_facets[i].value.c_str(), static_cast<unsigned long long>(r.tag_facets[i].count));
      std::printf("\n");
    }
    if (!r.category_facets.empty()) {
      std::printf("%scategories:%s", dim, reset);
      for (std::size_t i = 0; i < r.category_facets.size() && i < 12; ++i)
        std::printf(" %s(%llu)", r.category_facets[i].value.c_str(),
                    static_cast<unsigned long long>(r.category_facets[i].count));
      std::printf("\n");
    }
  });
}

}  // namespace sagasu::cli
