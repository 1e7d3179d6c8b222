// peer_queries: sagasu on the peers' corpus and query sets, timed the way
// the peers are timed, so that its figures sit beside Xapian's and FTS5's.
//
// The peers (../shared/peers, README there): `run.sh DIR` writes
// DIR/corpus.jsonl (livedoor news + JSQuAD valid paragraphs, 8,512
// documents), DIR/queries-keywords.tsv and DIR/queries-valid.tsv, then
// peers.py indexes and queries them with Xapian 1.4 and SQLite FTS5 and
// writes DIR/peers.json. This program does the same with sagasu's C++ API
// (<sagasu/sagasu.h>, as an embedder links it):
//
//   build      Index::Open (read-write, a fresh DIR/sagasu-db, --threads)
//              and IndexPaths(DIR/corpus.jsonl), until the Index is closed;
//              size = bytes of the index folder.
//   kw-and     each keyword line's 1-3 nouns, all required: every noun a
//              quoted phrase ("北海道" "梅雨"), as peers.py makes each noun
//              a Xapian OP_PHRASE of its MeCab tokens under OP_AND; top 10.
//   kw-and-tag the same with the tag filter TAGS[i % 10] (peers.py's list).
//   q-or-10    the JSQuAD question as typed (plain words rank as OR); top 10.
//   q-or-100   the same, top 100; its ranking gives MRR@10 and Recall@k by
//              score.py's rule (the answering paragraph's best rank).
//
// Each query is one Index::Search, timed around that call only, with query
// analysis (ICU normalization, MeCab) inside it: the peers tokenize their
// queries beforehand, so the comparison favours them. Snippets, facets, the
// total count and stored fields are off (ranking only; peers.py reads doc
// ids from a Python list). Nothing is cached between passes. Timing follows
// peers.py's timed(): `--passes` passes over a set, no warm-up pass, and the
// pass with the median p50 gives p50/p95/p99 (linear interpolation, as its
// pct()). Document ids for MRR come from one more, untimed pass of q-or-100
// with stored fields on; its scores must equal the first timed pass's, so a
// fast wrong answer fails (exit 1).
//
// Caveats: one thread, warm page cache; the machine may be shared, so quote
// ratios measured in one run (bench/peers.sh), not absolute times. Release
// builds (RelWithDebInfo) only.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/bench_corpus.h"
#include "sagasu/sagasu.h"

namespace sagasu::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// peers.py's TAGS: the tag filter of keyword query i is kTags[i % 10].
constexpr const char* kTags[] = {"dokujo-tsushin", "it-life-hack", "kaden-channel", "livedoor-homme", "movie-enter",
                                 "peachy",         "smax",         "sports-watch",  "topic-news",     "wikipedia"};

struct Args {
  std::string dir;
  std::string db;
  std::string json;
  std::string run;
  int threads = 2;
  int passes = 3;
  std::size_t slowest = 0;
  bool reuse = false;
  std::vector<std::string> only;
  std::uint64_t cache_mib = 0;
};

// One line of a query file: qid <TAB> text <TAB> relevant doc id ("-").
struct QueryLine {
  std::string qid, text, relevant;
};

bool ReadQueries(const fs::path& file, std::vector<QueryLine>* out, std::string* error) {
  std::ifstream in(file);
  if (!in) {
    *error = "cannot read " + file.string() + " (run ../shared/peers/run.sh DIR first)";
    return false;
  }
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    const std::size_t a = line.find('\t');
    const std::size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos) {
      *error = file.string() + ":" + std::to_string(n) + ": expected qid<TAB>text<TAB>doc id";
      return false;
    }
    out->push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return true;
}

// All nouns required, each a phrase of its analyzed terms (a one-term
// phrase is a required word). A quote inside a noun would end the phrase:
// dropped.
std::string AndQuery(const std::string& keywords) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    out += (out.empty() ? "\"" : " \"") + word + "\"";
    word.clear();
  };
  for (char c : keywords) {
    if (c == ' ') {
      flush();
    } else if (c != '"') {
      word += c;
    }
  }
  flush();
  return out;
}

// peers.py's pct(): linear interpolation between closest ranks.
double Pct(std::vector<double> xs, double p) {
  if (xs.empty()) return 0;
  std::sort(xs.begin(), xs.end());
  const double k = static_cast<double>(xs.size() - 1) * p / 100.0;
  const std::size_t f = static_cast<std::size_t>(k);
  const std::size_t c = std::min(f + 1, xs.size() - 1);
  return xs[f] + (xs[c] - xs[f]) * (k - static_cast<double>(f));
}

struct SetResult {
  std::string name;
  std::size_t n = 0;
  double p50 = 0, p95 = 0, p99 = 0, qps = 0;  // ms; of the median pass
  std::size_t errors = 0;
  std::string first_error;
  std::vector<std::vector<double>> scores;  // first pass: hit scores per query
};

// peers.py's timed(): `passes` passes, the one with the median p50 counts.
SetResult Timed(const Index& index, const std::string& name, const std::vector<SearchQuery>& queries, int passes,
                std::size_t slowest) {
  SetResult r;
  r.name = name;
  r.n = queries.size();
  std::vector<std::vector<double>> runs;
  for (int pass = 0; pass < std::max(1, passes); ++pass) {
    std::vector<double> ts;
    ts.reserve(queries.size());
    for (const SearchQuery& q : queries) {
      const auto t0 = Clock::now();
      Result<SearchResponse> res = index.Search(q);
      ts.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
      if (pass > 0) continue;
      auto& scores = r.scores.emplace_back();
      if (!res.ok()) {
        if (r.errors++ == 0) r.first_error = q.text + ": " + res.status().ToString();
        continue;
      }
      for (const SearchHit& h : res->hits) scores.push_back(h.score);
    }
    runs.push_back(std::move(ts));
  }
  std::vector<std::size_t> order(runs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return Pct(runs[a], 50) < Pct(runs[b], 50); });
  const std::vector<double>& ts = runs[order[order.size() / 2]];
  double total = 0;
  for (double t : ts) total += t;
  r.p50 = Pct(ts, 50) * 1e3;
  r.p95 = Pct(ts, 95) * 1e3;
  r.p99 = Pct(ts, 99) * 1e3;
  r.qps = total > 0 ? static_cast<double>(ts.size()) / total : 0;
  // The slowest queries of that pass, to profile one by one.
  std::vector<std::size_t> by_time(ts.size());
  for (std::size_t i = 0; i < by_time.size(); ++i) by_time[i] = i;
  std::stable_sort(by_time.begin(), by_time.end(), [&](std::size_t a, std::size_t b) { return ts[a] > ts[b]; });
  for (std::size_t i = 0; i < std::min(slowest, by_time.size()); ++i) {
    const SearchQuery& q = queries[by_time[i]];
    std::fprintf(stderr, "peer_queries: %s slowest %zu: %.3f ms  %s%s%s\n", name.c_str(), i + 1, ts[by_time[i]] * 1e3,
                 q.text.c_str(), q.tags.empty() ? "" : "  tag:", q.tags.empty() ? "" : q.tags[0].c_str());
  }
  return r;
}

// score.py's rule: the best rank of the relevant document (RankMetrics).
RankMetrics Score(const std::vector<QueryLine>& queries, const std::vector<std::vector<std::string>>& ranked) {
  std::vector<std::size_t> ranks(queries.size(), 0);
  for (std::size_t i = 0; i < queries.size(); ++i) {
    for (std::size_t j = 0; j < ranked[i].size() && ranks[i] == 0; ++j) {
      if (ranked[i][j] == queries[i].relevant) ranks[i] = j + 1;
    }
  }
  return MetricsOfRanks(ranks);
}

int Run(const Args& args) {
  const fs::path dir = args.dir;
  const fs::path corpus = dir / "corpus.jsonl";
  const fs::path db = args.db.empty() ? dir / "sagasu-db" : fs::path(args.db);
  const fs::path json_out = args.json.empty() ? dir / "sagasu.json" : fs::path(args.json);
  std::string error;
  std::vector<QueryLine> keywords, valid;
  if (!ReadQueries(dir / "queries-keywords.tsv", &keywords, &error) || !ReadQueries(dir / "queries-valid.tsv", &valid, &error)) {
    std::fprintf(stderr, "peer_queries: %s\n", error.c_str());
    return 2;
  }

  nlohmann::json report{{"engine", "sagasu"}, {"version", Version()}, {"threads", args.threads}};
  if (!args.reuse) {
    if (!fs::exists(corpus)) {
      std::fprintf(stderr, "peer_queries: cannot read %s (run ../shared/peers/run.sh DIR first)\n", corpus.c_str());
      return 2;
    }
    std::error_code ec;
    fs::remove_all(db, ec);
    std::fprintf(stderr, "peer_queries: indexing %s into %s, %d threads\n", corpus.c_str(), db.c_str(), args.threads);
    const auto t0 = Clock::now();
    IndexPathsReport indexed;
    std::size_t failed = 0;
    {
      IndexOptions options;
      options.mode = IndexOptions::Mode::kReadWrite;
      options.threads = args.threads;
      options.cache_size = args.cache_mib << 20;
      std::unique_ptr<Index> index;
      Status s = Index::Open(options, db.string(), &index);
      if (s.ok()) {
        s = index->IndexPaths({corpus.string()}, [&](const Status& e) {
          if (failed++ < 5) std::fprintf(stderr, "peer_queries: %s\n", e.ToString().c_str());
        }, &indexed);
      }
      if (!s.ok()) {
        std::fprintf(stderr, "peer_queries: indexing %s: %s\n", corpus.c_str(), s.ToString().c_str());
        return 1;
      }
    }  // closed: part of the build, as peers.py's db.close()
    report["build_s"] = std::chrono::duration<double>(Clock::now() - t0).count();
    report["failed"] = failed;
  }
  report["bytes"] = DirectoryBytes(db);

  IndexOptions read_options;
  read_options.cache_size = args.cache_mib << 20;
  std::unique_ptr<Index> index;
  if (Status s = Index::Open(read_options, db.string(), &index); !s.ok()) {
    std::fprintf(stderr, "peer_queries: opening %s: %s\n", db.c_str(), s.ToString().c_str());
    return 1;
  }
  report["documents"] = index->DocumentCount();

  SearchQuery base;
  base.snippets = false;
  base.facets = false;
  base.count_total = false;
  base.load_documents = false;
  std::vector<SearchQuery> kw, kw_tag, q10, q100;
  for (std::size_t i = 0; i < keywords.size(); ++i) {
    SearchQuery q = base;
    q.text = AndQuery(keywords[i].text);
    kw.push_back(q);
    q.tags = {kTags[i % 10]};
    kw_tag.push_back(std::move(q));
  }
  for (const QueryLine& v : valid) {
    SearchQuery q = base;
    q.text = v.text;
    q10.push_back(q);
    q.limit = 100;
    q100.push_back(std::move(q));
  }
  const std::vector<std::pair<std::string, const std::vector<SearchQuery>*>> sets = {
      {"kw-and", &kw}, {"kw-and-tag", &kw_tag}, {"q-or-10", &q10}, {"q-or-100", &q100}};
  std::vector<SetResult> results;
  for (const auto& [name, queries] : sets) {
    if (!args.only.empty() && std::find(args.only.begin(), args.only.end(), name) == args.only.end()) continue;
    std::fprintf(stderr, "peer_queries: %s, %zu queries x %d passes\n", name.c_str(), queries->size(), args.passes);
    results.push_back(Timed(*index, name, *queries, args.passes, args.slowest));
    const SetResult& r = results.back();
    if (r.errors > 0) std::fprintf(stderr, "peer_queries: %s: %zu errors, first: %s\n", name.c_str(), r.errors, r.first_error.c_str());
    report[name] = {{"p50", r.p50}, {"p95", r.p95}, {"p99", r.p99}, {"qps", r.qps}, {"n", r.n}, {"errors", r.errors}};
  }

  // Relevance: q-or-100 once more with stored fields for the doc ids. Its
  // scores must be those of the first timed pass.
  std::optional<RankMetrics> rel;
  const auto timed100 = std::find_if(results.begin(), results.end(), [](const SetResult& r) { return r.name == "q-or-100"; });
  if (timed100 != results.end()) {
    std::vector<std::vector<std::string>> ranked(valid.size());
    std::ofstream run(args.run.empty() ? dir / "run-sagasu-valid.tsv" : fs::path(args.run));
    std::size_t mismatched = 0;
    for (std::size_t i = 0; i < valid.size(); ++i) {
      SearchQuery q = q100[i];
      q.load_documents = true;
      Result<SearchResponse> res = index->Search(q);
      if (!res.ok()) continue;
      std::vector<double> scores;
      for (std::size_t j = 0; j < res->hits.size(); ++j) {
        ranked[i].push_back(res->hits[j].id);
        scores.push_back(res->hits[j].score);
        run << valid[i].qid << '\t' << res->hits[j].id << '\t' << (j + 1) << '\n';
      }
      if (scores != timed100->scores[i]) {
        if (mismatched++ == 0) std::fprintf(stderr, "peer_queries: q-or-100 ranks %s differently with stored fields on\n", valid[i].qid.c_str());
      }
    }
    rel = Score(valid, ranked);
    report["relevance"] = {{"mrr10", rel->mrr10}, {"r1", rel->r1}, {"r10", rel->r10}, {"r100", rel->r100}, {"n", rel->n}};
    if (mismatched > 0) {
      std::fprintf(stderr, "peer_queries: %zu questions ranked differently between passes\n", mismatched);
      return 1;
    }
  }

  std::ofstream(json_out) << report.dump(1) << '\n';
  std::printf("| engine | build s | index MiB | set | p50 ms | p95 ms | p99 ms | QPS | errors |\n");
  std::printf("|---|---:|---:|---|---:|---:|---:|---:|---:|\n");
  const double build_s = report.contains("build_s") ? report["build_s"].get<double>() : std::nan("");
  const double mib = static_cast<double>(report["bytes"].get<std::uint64_t>()) / (1 << 20);
  for (const SetResult& r : results) {
    std::printf("| sagasu | %.2f | %.1f | %s | %.3f | %.3f | %.3f | %.0f | %zu |\n", build_s, mib, r.name.c_str(), r.p50,
                r.p95, r.p99, r.qps, r.errors);
  }
  if (rel) {
    std::printf("sagasu relevance: MRR@10=%.4f R@1=%.4f R@10=%.4f R@100=%.4f n=%zu\n", rel->mrr10, rel->r1, rel->r10,
                rel->r100, rel->n);
  }
  std::fprintf(stderr, "peer_queries: wrote %s\n", json_out.c_str());
  return 0;
}

}  // namespace
}  // namespace sagasu::bench

int main(int argc, char** argv) {
  sagasu::bench::Args args;
  CLI::App app{"peer_queries: sagasu on the peers' corpus and query sets (../shared/peers/run.sh DIR), timed as "
               "peers.py times Xapian and FTS5."};
  app.add_option("DIR", args.dir, "Folder run.sh filled (corpus.jsonl, queries-keywords.tsv, queries-valid.tsv)")
      ->required();
  app.add_option("--threads,-j", args.threads, "Indexing threads (default 2)");
  app.add_option("--passes", args.passes, "Timed passes per query set; the pass with the median p50 counts (default 3)");
  app.add_option("--db", args.db, "Index folder (default DIR/sagasu-db; replaced unless --reuse)");
  app.add_option("--slowest", args.slowest, "Print the N slowest queries of each set's counted pass (default 0)");
  app.add_option("--json", args.json, "Report file (default DIR/sagasu.json)");
  app.add_option("--run", args.run, "Run file of q-or-100 for score.py: qid<TAB>doc id<TAB>rank (default DIR/run-sagasu-valid.tsv)");
  app.add_flag("--reuse", args.reuse, "Query the index an earlier run left in --db instead of building it");
  app.add_option("--cache-mib", args.cache_mib,
                 "Block cache in MiB (IndexOptions::cache_size; default 0 = a quarter of memory, 256 to 8192)");
  app.add_option("--only", args.only, "Run only these query sets (kw-and, kw-and-tag, q-or-10, q-or-100)")
      ->check(CLI::IsMember({"kw-and", "kw-and-tag", "q-or-10", "q-or-100"}));
  CLI11_PARSE(app, argc, argv);
  return sagasu::bench::Run(args);
}
