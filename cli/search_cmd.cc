// `sagasu search`: ranked, filtered, highlighted results; batch mode for scripts.
#include <cstdio>
#include <fstream>

#include "cli/cli_common.h"
#include "sagasu/json.h"

namespace sagasu::cli {

namespace {

struct SearchArgs {
  std::string db;
  std::vector<std::string> query;
  std::vector<std::string> tags, categories, authors;
  bool any_tag = false;
  std::string tag_mode = "all", prefix = "none";
  std::size_t page = 0, size = 0;  // 0: not given
  std::string since, until, sort = "score", color = "auto";
  std::size_t limit = 10, offset = 0;
  bool json = false, pretty = false, explain = false;
  std::string batch;
  RankingFlags ranking;
  AnalyzerFlags analyzer;
  SynonymFlags synonyms;
  CacheFlags cache;
};

// A CLI11 check that accepts the names ParseSortName knows.
CLI::Validator SortNameCheck() {
  return CLI::Validator(
      [](std::string& s) {
        return ParseSortName(s) ? std::string() : "must be " + std::string(kSortNames) + ", not '" + s + "'";
      },
      "score|date|date-asc");
}

void AddFilterFlags(CLI::App* cmd, SearchArgs* a) {
  cmd->add_option("--tag,-t", a->tags,
                  "Only documents with this tag; may repeat: ALL given tags must match (see --any-tag)")
      ->allow_extra_args(false)
      ->group("Filters");
  auto* any_tag = cmd->add_flag("--any-tag", a->any_tag, "With several --tag, match documents carrying ANY of them")
                      ->group("Filters");
  cmd->add_option("--tag-mode", a->tag_mode, "all (default) or any: the HTTP and C API name of --any-tag")
      ->check(CLI::IsMember({"all", "any"}))
      ->excludes(any_tag)
      ->group("Filters");
  cmd->add_option("--category,-c", a->categories, "Only documents in this category; may repeat (any)")
      ->allow_extra_args(false)
      ->group("Filters");
  cmd->add_option("--author", a->authors, "Only documents by this author; may repeat (any)")
      ->allow_extra_args(false)
      ->group("Filters");
  cmd->add_option("--since", a->since, "Published on or after (YYYY, YYYY-MM, YYYY-MM-DD, or date-time)")
      ->group("Filters");
  cmd->add_option("--until", a->until, "Published on or before (inclusive; same formats)")->group("Filters");
}

void AddSearchFlags(CLI::App* cmd, SearchArgs* a) {
  cmd->add_option("--db", a->db, kDbHelp);
  cmd->add_option("query", a->query, "Query words (joined with spaces)");
  AddFilterFlags(cmd, a);
  cmd->add_option("--sort", a->sort, "score (default), date (newest first) or date-asc")->check(SortNameCheck());
  auto* limit = cmd->add_option("--limit,-n", a->limit, WithDefault("Hits to show", limits::kLimit))
                    ->check(InRange(limits::kLimit));
  auto* offset = cmd->add_option("--offset", a->offset, WithDefault("Hits to skip, for paging", limits::kOffset))
                     ->check(InRange(limits::kOffset));
  cmd->add_option("--size", a->size, "Hits per page, as HTTP's size (the same as --limit)")
      ->check(CLI::Range(1.0, limits::kLimit.max))
      ->excludes(limit);
  cmd->add_option("--page", a->page, "Page to show, from 1, as HTTP's page: skips (page - 1) x --limit hits")
      ->check(CLI::Range(1.0, limits::kOffset.max))
      ->excludes(offset);
  cmd->add_option("--prefix", a->prefix,
                  "last: the query's last word is also a prefix (as typed in a search box; HTTP's default), "
                  "none (default)")
      ->check(CLI::IsMember({"last", "none"}));
  AddJsonFlags(cmd, &a->json, &a->pretty,
               "Print JSON (the shape of GET /search, README \"--json\"): {version, query, terms, total, offset, page, "
               "size, pages, hits[{rank, id, title, title_highlighted, url, date, tags, categories, author, excerpt, "
               "score, snippet}], facets, took_ms}");
  cmd->add_flag("--explain", a->explain, "Show the score of each hit per term and field");
  cmd->add_option("--color", a->color,
                  "Highlight with ANSI colours: auto (default: on a terminal, unless NO_COLOR is set or TERM=dumb), "
                  "always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--batch", a->batch,
                  "Run queries from FILE (lines: qid<TAB>query[<TAB>ignored...]); print qid<TAB>docid<TAB>rank<TAB>score")
      ->check(CLI::ExistingFile);
  a->ranking.Add(cmd);
  a->analyzer.Add(cmd);
  a->synonyms.Add(cmd);
  a->cache.Add(cmd);
}

// The query the flags describe; InvalidArgument naming a bad flag.
Status BuildQuery(const SearchArgs& a, SearchQuery* q) {
  for (std::size_t i = 0; i < a.query.size(); ++i) q->text += (i ? " " : "") + a.query[i];
  q->tags = a.tags;
  q->tags_any = a.any_tag || a.tag_mode == "any";
  q->prefix_last = a.prefix == "last";
  q->categories = a.categories;
  q->authors = a.authors;
  q->limit = a.size > 0 ? a.size : a.limit;
  q->offset = a.offset;
  if (a.page > 0) {
    const double offset = static_cast<double>(a.page - 1) * static_cast<double>(q->limit);
    SAGASU_RETURN_IF_ERROR(CheckLimit(limits::kOffset, offset, "--page x --limit (the hits skipped)"));
    q->offset = static_cast<std::size_t>(offset);
  }
  q->explain = a.explain;
  q->sort = ParseSortName(a.sort).value_or(SearchQuery::Sort::kScore);
  if (!a.since.empty()) {
    Result<std::int64_t> t = ParseDateFilter(a.since, false, "--since");
    if (!t.ok()) return t.status();
    q->since = *t;
  }
  if (!a.until.empty()) {
    Result<std::int64_t> t = ParseDateFilter(a.until, true, "--until");
    if (!t.ok()) return t.status();
    q->until = *t;
  }
  if (a.batch.empty() && q->text.empty() && q->tags.empty() && q->categories.empty() && q->authors.empty() &&
      !q->since && !q->until) {
    return Status::InvalidArgument("give a QUERY, a filter (--tag, --category, ...) or --batch FILE");
  }
  return Status::OK();
}

// --batch: one query per line, "qid<TAB>query"; prints qid, id, rank, score.
int RunBatch(const Index& index, const std::string& path, SearchQuery q) {
  std::ifstream in(path);
  q.snippets = false;
  q.count_total = false;
  q.facets = false;
  if (!in) return ReportError(Status::IOError("cannot read " + path), "--batch");
  std::size_t lineno = 0, failed = 0, bad_queries = 0;
  std::string line, out;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      std::fprintf(stderr, "sagasu: %s:%zu: no tab between qid and query; skipped\n", path.c_str(), lineno);
      continue;
    }
    const std::string qid = line.substr(0, tab);
    q.text = line.substr(tab + 1);
    if (std::size_t t2 = q.text.find('\t'); t2 != std::string::npos) q.text.resize(t2);
    Result<SearchResponse> r = index.Search(q);
    if (!r.ok()) {
      std::fprintf(stderr, "sagasu: %s:%zu: %s\n", path.c_str(), lineno, r.status().message().c_str());
      ++(r.status().IsInvalidArgument() ? bad_queries : failed);
      continue;
    }
    std::size_t rank = 0;
    for (const SearchHit& h : r->hits) {
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
  // The other queries' results are printed; the exit code says some are missing.
  if (failed > 0 || bad_queries > 0) {
    std::fprintf(stderr, "sagasu: --batch: %zu of the queries failed (%zu could not be read from the index, %zu did not parse)\n",
                 failed + bad_queries, failed, bad_queries);
    return failed > 0 ? kExitFailure : kExitUsage;
  }
  return kExitOk;
}

// ANSI sequences (or plain brackets) for the text output.
struct Style {
  explicit Style(bool color)
      : hl_open(color ? "\033[1;31m" : "["),
        hl_close(color ? "\033[0m" : "]"),
        dim(color ? "\033[2m" : ""),
        bold(color ? "\033[1m" : ""),
        reset(color ? "\033[0m" : "") {}
  const char *hl_open, *hl_close, *dim, *bold, *reset;
};

void PrintHit(const SearchHit& h, std::size_t rank, bool explain, const Style& st) {
  std::string title = h.title_highlighted.Render(st.hl_open, st.hl_close, false);
  if (title.empty()) title = "(no title)";
  std::printf("\n%s%zu.%s %s%s%s\n", st.bold, rank, st.reset, st.bold, title.c_str(), st.reset);
  std::string meta = h.date ? FormatDate(*h.date).substr(0, 10) : "";
  if (!h.tags.empty()) {
    meta += meta.empty() ? "[" : "  [";
    for (std::size_t t = 0; t < h.tags.size(); ++t) meta += (t ? ", " : "") + h.tags[t];
    meta += "]";
  }
  char score[32];
  std::snprintf(score, sizeof score, "score %.3f", h.score);
  std::printf("   %s%s  %s  %s%s\n", st.dim, h.url.empty() ? h.id.c_str() : h.url.c_str(), meta.c_str(), score,
              st.reset);
  const std::string snippet = h.snippet.Render(st.hl_open, st.hl_close, false);
  if (!snippet.empty()) std::printf("   %s\n", snippet.c_str());
  if (!explain) return;
  for (const TermExplanation& e : h.explanation) {
    std::printf("   %s  %-14s %-6s idf %.3f  tf title %u body %u meta %u  len title %u body %u meta %u  => %.3f%s\n",
                st.dim, e.term.c_str(), e.stream.c_str(), e.idf, e.tf_title, e.tf_body, e.tf_meta, e.title_len, e.body_len, e.meta_len,
                e.score, st.reset);
    if (!e.synonyms.empty()) {
      std::string forms;
      for (const auto& f : e.synonyms) forms += (forms.empty() ? "" : " | ") + f;
      std::printf("   %s    synonyms: %s%s\n", st.dim, forms.c_str(), st.reset);
    }
  }
  std::printf("   %s  %-14s => %.3f%s\n", st.dim, "(proximity)", h.proximity, st.reset);
}

void PrintFacets(const char* label, const std::vector<Facet>& facets, const Style& st) {
  if (facets.empty()) return;
  std::printf("%s%s:%s", st.dim, label, st.reset);
  for (std::size_t i = 0; i < facets.size() && i < 12; ++i) {
    std::printf(" %s(%llu)", facets[i].value.c_str(), static_cast<unsigned long long>(facets[i].count));
  }
  std::printf("\n");
}

void PrintText(const SearchResponse& r, const SearchQuery& q, const Style& st) {
  std::printf("%llu result%s (%.2f ms)\n", static_cast<unsigned long long>(r.total), r.total == 1 ? "" : "s",
              r.seconds * 1000);
  for (std::size_t i = 0; i < r.hits.size(); ++i) PrintHit(r.hits[i], q.offset + i + 1, q.explain, st);
  if (!r.tag_facets.empty()) std::printf("\n");
  PrintFacets("tags", r.tag_facets, st);
  PrintFacets("categories", r.category_facets, st);
}

void PrintJson(const SearchResponse& r, const SearchQuery& q, int indent) {
  SearchJsonOptions o;
  o.query = q.text;
  o.offset = q.offset;
  o.page_size = q.limit;
  o.explain = q.explain;
  o.indent = indent;
  std::puts(SearchResponseToJson(r, o).c_str());
}

int RunSearch(const SearchArgs& args) {
  SearchQuery q;
  if (Status s = BuildQuery(args, &q); !s.ok()) return ReportError(s);
  IndexOptions options = MakeIndexOptions(args.analyzer, IndexOptions::Mode::kReadOnly);
  options.ranking = args.ranking.ranking;
  args.synonyms.Apply(&options);
  if (Status s = args.cache.Apply(&options); !s.ok()) return ReportError(s);
  std::unique_ptr<Index> index;
  if (Status s = Index::Open(options, args.db, &index); !s.ok()) return ReportError(s);
  if (!args.batch.empty()) return RunBatch(*index, args.batch, q);
  Result<SearchResponse> r = index->Search(q);
  if (!r.ok()) return ReportError(r.status());
  for (const auto& w : r->warnings) std::fprintf(stderr, "sagasu: warning: %s\n", w.c_str());
  if (args.json) {
    PrintJson(*r, q, JsonIndent(args.pretty));
  } else {
    PrintText(*r, q, Style(UseColor(args.color)));
  }
  return kExitOk;
}

}  // namespace

void AddSearchCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "search",
      "Search an index. Plain words are ranked with BM25F (title above body); no word is required, documents\n"
      "matching more and rarer words rank first, so questions work as typed.\n"
      "Query syntax: \"exact phrase\"  +required  -excluded  a OR b  prefix*  title:word  tag:T  category:C  author:A\n"
      "              since:2024-01  until:2024-12-31");
  AddSearchFlags(cmd, args.get());
  cmd->callback([args, exit_code] {
    SetJsonErrors(args->json, args->pretty);
    *exit_code = RunWithDb(&args->db, [&] { return RunSearch(*args); });
  });
}

}  // namespace sagasu::cli
