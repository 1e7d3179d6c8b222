// e2e_corpus: end-to-end benchmark on a real corpus (livedoor news by default).
//
// What is measured, in ONE run so that the ratios share the machine's load:
//   (a) ceiling: bare MeCab (C++ API, same system + user dictionaries as
//       sagasu, one lattice per thread, parse only, no output) over title +
//       body of every article, with the same thread count as the build;
//   (b) build: the real `sagasu index` program on a fresh --db over the
//       articles written as a Jekyll-style archive (YAML front matter: title,
//       date, url, tags = [category]; Markdown body). Wall and CPU seconds
//       (getrusage of the child), docs/s, MB/s, peak RSS of the child, index
//       bytes on disk; ratio of its throughput to the ceiling;
//   (c) query latency in-process (Searcher opened once, one warm-up pass):
//       keyword queries (1-3 nouns of titles sampled with a fixed seed) and
//       question queries (JSQuAD questions, else corpus sentences), each with
//       and without a tag filter, ranking only (count_total, facets, snippets
//       and load_documents off); prefix queries as the search page sends
//       them while a word is typed (the keyword queries with the last word
//       cut to its first half, SearchQuery::prefix_last); kana queries (the
//       keyword queries' nouns spelled by their readings in hiragana, as the
//       reading stream serves them: ほっかいどう); and CLI-like requests (all
//       on) of keyword, question, prefix and kana queries;
//   (d) re-index with nothing changed, then with 1% of posts edited.
// --queries-only: (c) alone, on the indexes an earlier run with --out DIR
// --keep left in DIR/scale-N/db.
// --scale 1,10: a synthetic archive N times larger (N x the documents, each
// assembled from random corpus sentences up to the length of a corpus article
// taken in turn, with its tag and date) to see how build time, size, memory
// and latency grow. 1x is the corpus itself.
//
// Corpus: --ldcc DIR (default $SAGASU_SHARED_DIR/corpus/ldcc) or --jsonl FILE.
//
// Caveats: MB/s count bytes of title + body text (UTF-8), the same bytes for
// ceiling and build; the build also parses Markdown/YAML, normalizes, writes
// RocksDB and fsyncs commits (sagasu's default). The machine may be shared:
// compare ratios within one run, not absolute numbers between runs. Latency
// is single-threaded and from a warm page cache. Release builds only.
#include <mecab.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_corpus.h"
#include "common/analyzer/analyzer.h"
#include "common/analyzer/mecab_tokenizer.h"
#include "common/text/kana.h"
#include "query/searcher.h"

#ifndef SAGASU_SHARED_DIR
#define SAGASU_SHARED_DIR "../shared"
#endif
#ifndef SAGASU_EXE
#define SAGASU_EXE "sagasu"
#endif

namespace sagasu::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Args {
  std::string ldcc;
  std::string jsonl;
  std::string jsquad;
  std::string sagasu = SAGASU_EXE;
  std::string out;
  int threads = 0;
  std::vector<int> scales = {1};
  std::size_t queries = 1000;
  int passes = 3;
  std::size_t max_articles = 0;
  std::uint64_t seed = 42;
  bool json = false;
  bool keep = false;
  bool queries_only = false;
  std::size_t slowest = 0;
  bool whole_words = false;
  bool no_synonyms_rows = false;
};

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

std::uint64_t TextBytes(const std::vector<Article>& docs) {
  std::uint64_t n = 0;
  for (const auto& d : docs) n += d.title.size() + 1 + d.body.size();
  return n;
}

// ---- synthetic archive ---------------------------------------------------------

std::vector<Article> Synthesize(const std::vector<Article>& corpus, int scale, std::uint64_t seed) {
  std::vector<std::string> pool;
  for (const auto& a : corpus) {
    for (auto& s : SplitSentences(a.body)) pool.push_back(std::move(s));
  }
  std::vector<Article> out;
  if (pool.empty()) return out;
  std::mt19937_64 rng(seed + static_cast<std::uint64_t>(scale));
  const std::size_t n = corpus.size() * static_cast<std::size_t>(scale);
  out.reserve(n);
  for (std::size_t d = 0; d < n; ++d) {
    const Article& src = corpus[d % corpus.size()];  // length, tag and date model
    Article a;
    a.id = "syn-" + std::to_string(d);
    a.category = src.category;
    a.date = src.date;
    a.url = "https://example.com/syn/" + std::to_string(d) + "/";
    a.title = corpus[rng() % corpus.size()].title;
    a.body.reserve(src.body.size() + 256);
    int in_paragraph = 0;
    while (a.body.size() < src.body.size()) {
      a.body += pool[rng() % pool.size()];
      if (++in_paragraph == 4) {
        a.body += '\n';
        in_paragraph = 0;
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

// ---- archive writing --------------------------------------------------------------

std::string PostPath(const Article& a) {
  // Jekyll names posts YYYY-MM-DD-slug.md.
  const std::string day = a.date.size() >= 10 ? a.date.substr(0, 10) : std::string("2012-01-01");
  return (a.category.empty() ? std::string("uncategorized") : a.category) + "/" + day + "-" + a.id + ".md";
}

std::string PostText(const Article& a) {
  std::string s = "---\ntitle: " + YamlQuote(a.title) + "\n";
  if (!a.date.empty()) s += "date: " + YamlQuote(a.date) + "\n";
  if (!a.url.empty()) s += "url: " + YamlQuote(a.url) + "\n";
  if (!a.category.empty()) s += "tags: [" + YamlQuote(a.category) + "]\n";
  s += "---\n\n";
  // One corpus line = one Markdown paragraph.
  for (std::size_t pos = 0; pos <= a.body.size();) {
    std::size_t end = a.body.find('\n', pos);
    if (end == std::string::npos) end = a.body.size();
    if (end > pos) {
      s.append(a.body, pos, end - pos);
      s += "\n\n";
    }
    pos = end + 1;
  }
  return s;
}

bool WriteArchive(const std::vector<Article>& docs, const fs::path& root, std::uint64_t* bytes) {
  std::error_code ec;
  *bytes = 0;
  std::set<std::string> dirs;
  for (const auto& a : docs) {
    const fs::path p = root / PostPath(a);
    if (dirs.insert(p.parent_path().string()).second) fs::create_directories(p.parent_path(), ec);
    const std::string text = PostText(a);
    if (!WriteFile(p, text)) return false;
    *bytes += text.size();
  }
  return true;
}

double ProcessCpuSeconds() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// ---- (a) ceiling ---------------------------------------------------------------------

struct Ceiling {
  double seconds = 0;
  double cpu_seconds = 0;  // user + system of this process while parsing
  std::uint64_t nodes = 0;
  std::string error;
};

Ceiling MeasureCeiling(const std::vector<Article>& docs, int threads) {
  Ceiling c;
  std::vector<std::string> user_dics(1);
  if (!BuiltinUserDicPath(&user_dics[0]).ok()) user_dics.clear();
  std::unique_ptr<MeCab::Model> model(CreateMecabModel(DefaultDicdir(), user_dics, &c.error));
  if (!model) return c;
  // Title + body joined as the documents are, prepared before the clock starts.
  std::vector<std::string> texts;
  texts.reserve(docs.size());
  for (const auto& d : docs) texts.push_back(d.title + "\n" + d.body);
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> nodes{0};
  const double cpu0 = ProcessCpuSeconds();
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      std::unique_ptr<MeCab::Tagger> tagger(model->createTagger());
      std::unique_ptr<MeCab::Lattice> lattice(model->createLattice());
      std::uint64_t local = 0;
      for (std::size_t i; (i = next.fetch_add(1)) < texts.size();) {
        const std::string& text = texts[i];
        // Same chunking as the analyzer (MeCab lattices stay small).
        for (std::size_t pos = 0; pos < text.size();) {
          const std::size_t end = NextChunkEnd(text, pos);
          lattice->set_sentence(text.data() + pos, end - pos);
          tagger->parse(lattice.get());
          for (const MeCab::Node* n = lattice->bos_node(); n; n = n->next) ++local;
          pos = end;
        }
      }
      nodes += local;
    });
  }
  for (auto& th : pool) th.join();
  c.seconds = Seconds(start, Clock::now());
  c.cpu_seconds = ProcessCpuSeconds() - cpu0;
  c.nodes = nodes;
  return c;
}

// ---- (c) queries -------------------------------------------------------------------------

struct Query {
  std::string text;
  std::string tag;
  std::string kana;  // keyword queries: the same nouns spelled by their readings in hiragana ("" if one has none)
};

std::vector<Query> KeywordQueries(const std::vector<Article>& corpus, const Analyzer& analyzer, std::size_t n,
                                  std::uint64_t seed) {
  std::vector<Query> out;
  if (corpus.empty()) return out;
  auto session = analyzer.NewSession();
  std::mt19937_64 rng(seed);
  for (std::size_t attempt = 0; out.size() < n && attempt < n * 20; ++attempt) {
    const Article& a = corpus[rng() % corpus.size()];
    std::vector<std::string> nouns;
    std::map<std::string, std::string> readings;
    for (const TokenInfo& t : session->Tokens(a.title)) {
      if (!t.is_term || t.pos.rfind("名詞", 0) != 0 || t.pos.rfind("名詞,数", 0) == 0) continue;
      if (std::find(nouns.begin(), nouns.end(), t.surface) == nouns.end()) nouns.push_back(t.surface);
      readings[t.surface] = t.reading;
    }
    if (nouns.empty()) continue;
    std::shuffle(nouns.begin(), nouns.end(), rng);
    const std::size_t k = std::min<std::size_t>(nouns.size(), 1 + out.size() % 3);
    Query q;
    bool kana = true;
    for (std::size_t i = 0; i < k; ++i) {
      q.text += (i ? " " : "") + nouns[i];
      const std::string& r = readings[nouns[i]];
      kana = kana && !r.empty();
      q.kana += (i ? " " : "") + KatakanaToHiragana(r);
    }
    if (!kana) q.kana.clear();
    q.tag = a.category;
    out.push_back(std::move(q));
  }
  return out;
}

// The keyword queries as the search page sends them while the last word is
// being typed: that word cut to its first half (at least one character),
// searched with SearchQuery::prefix_last.
std::vector<Query> PrefixQueries(const std::vector<Query>& keyword) {
  std::vector<Query> out;
  for (const Query& k : keyword) {
    Query q = k;
    const std::size_t space = q.text.rfind(' ');
    const std::size_t start = space == std::string::npos ? 0 : space + 1;
    std::vector<std::size_t> starts;  // code point starts of the last word
    for (std::size_t i = start; i < q.text.size(); ++i) {
      if ((static_cast<unsigned char>(q.text[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    if (starts.size() < 2) continue;
    q.text.resize(starts[(starts.size() + 1) / 2]);
    out.push_back(std::move(q));
  }
  return out;
}

// The keyword queries spelled by their readings in hiragana (ほっかいどう
// for 北海道): what the reading stream serves. Those with a noun MeCab has
// no reading for are left out.
std::vector<Query> KanaQueries(const std::vector<Query>& keyword) {
  std::vector<Query> out;
  for (const Query& k : keyword) {
    if (!k.kana.empty()) out.push_back({k.kana, k.tag, k.kana});
  }
  return out;
}

std::vector<Query> QuestionQueries(const std::vector<Article>& corpus, const fs::path& jsquad, std::size_t n,
                                   std::uint64_t seed, std::string* source) {
  std::vector<std::string> cats;
  for (const auto& a : corpus) {
    if (std::find(cats.begin(), cats.end(), a.category) == cats.end()) cats.push_back(a.category);
  }
  if (cats.empty()) cats.push_back("");
  std::vector<std::string> texts;
  std::vector<SquadParagraph> paragraphs;
  std::vector<SquadQuestion> questions;
  if (LoadJsquad(jsquad, &paragraphs, &questions) && !questions.empty()) {
    *source = "JSQuAD " + jsquad.string();
    for (const auto& q : questions) texts.push_back(q.question);
  } else {
    *source = "corpus sentences";
    for (const auto& a : corpus) {
      for (auto& s : SplitSentences(a.body)) {
        if (s.size() >= 30 && s.size() <= 150) texts.push_back(std::move(s));
      }
    }
  }
  std::mt19937_64 rng(seed + 1);
  std::shuffle(texts.begin(), texts.end(), rng);
  if (texts.size() > n) texts.resize(n);
  std::vector<Query> out;
  for (std::size_t i = 0; i < texts.size(); ++i) out.push_back({texts[i], cats[i % cats.size()], ""});
  return out;
}

struct Latency {
  std::string name;
  std::size_t queries = 0;
  double p50_ms = 0, p95_ms = 0, p99_ms = 0, mean_ms = 0, qps = 0, avg_hits = 0;
  std::size_t errors = 0;
};

// One warm-up pass, then `passes` timed passes over all queries; each
// figure is the median over the passes of that pass's figure.
Latency MeasureLatency(const Searcher& searcher, const std::string& name, const std::vector<Query>& queries,
                       bool with_tag, bool full, int passes, bool prefix_last = false, std::size_t slowest = 0,
                       bool whole_words = false) {
  SearchQuery base;
  base.limit = 10;
  base.fallback = !whole_words;
  base.prefix_last = prefix_last;
  if (!full) {
    base.count_total = false;
    base.facets = false;
    base.snippets = false;
    base.load_documents = false;
  }
  auto run = [&](const Query& q, std::size_t* hits) {
    SearchQuery r = base;
    r.text = q.text;
    if (with_tag && !q.tag.empty()) r.tags = {q.tag};
    auto res = searcher.Search(r);
    if (!res.ok()) return false;
    *hits = res->hits.size();
    return true;
  };
  Latency l;
  l.name = name;
  std::size_t hits = 0;
  for (const auto& q : queries) run(q, &hits);  // warm-up
  std::vector<double> p50, p95, p99, mean, qps;
  double total_hits = 0;
  for (int pass = 0; pass < std::max(1, passes); ++pass) {
    std::vector<double> ms;
    ms.reserve(queries.size());
    total_hits = 0;
    const auto start = Clock::now();
    for (const auto& q : queries) {
      const auto t0 = Clock::now();
      const bool ok = run(q, &hits);
      ms.push_back(Seconds(t0, Clock::now()) * 1000);
      if (!ok) ++l.errors;
      total_hits += static_cast<double>(hits);
    }
    const double total = Seconds(start, Clock::now());
    if (pass == 0 && slowest > 0) {  // where the tail comes from
      std::vector<std::size_t> order(ms.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      const std::size_t n = std::min(slowest, order.size());
      std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
                        [&](std::size_t a, std::size_t b) { return ms[a] > ms[b]; });
      for (std::size_t i = 0; i < n; ++i) {
        std::fprintf(stderr, "e2e: slowest %s: %.3f ms  %s%s%s\n", name.c_str(), ms[order[i]],
                     queries[order[i]].text.c_str(), with_tag ? "  tag:" : "", with_tag ? queries[order[i]].tag.c_str() : "");
      }
    }
    p50.push_back(Percentile(ms, 50));
    p95.push_back(Percentile(ms, 95));
    p99.push_back(Percentile(ms, 99));
    mean.push_back(queries.empty() ? 0 : total * 1000 / static_cast<double>(queries.size()));
    qps.push_back(total > 0 ? static_cast<double>(queries.size()) / total : 0);
  }
  l.queries = queries.size();
  l.p50_ms = Percentile(p50, 50);
  l.p95_ms = Percentile(p95, 50);
  l.p99_ms = Percentile(p99, 50);
  l.mean_ms = Percentile(mean, 50);
  l.qps = Percentile(qps, 50);
  l.avg_hits = queries.empty() ? 0 : total_hits / static_cast<double>(queries.size());
  return l;
}

// ---- one scale --------------------------------------------------------------------------------

struct ScaleResult {
  int scale = 1;
  std::size_t docs = 0;
  std::uint64_t text_bytes = 0, archive_bytes = 0, index_bytes = 0;
  Ceiling ceiling;
  ChildRun build, reindex_same, reindex_edit;
  std::uint64_t edited = 0;
  nlohmann::json build_report, same_report, edit_report;
  std::vector<Latency> latency;
  std::string error;
};

nlohmann::json ParseReport(const ChildRun& r) {
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

// The query figures of one index: (c) in the table.
bool MeasureQueries(const Args& args, const fs::path& db, const std::vector<Query>& keyword,
                    const std::vector<Query>& question, ScaleResult* r) {
  std::unique_ptr<Searcher> searcher;
  if (Status s = Searcher::Open(db.string(), SearchOptions(), &searcher); !s.ok()) {
    r->error = "Searcher::Open: " + s.ToString();
    return false;
  }
  const std::vector<Query> prefix = PrefixQueries(keyword);
  const std::vector<Query> kana = KanaQueries(keyword);
  r->latency.push_back(MeasureLatency(*searcher, "keyword", keyword, false, false, args.passes, false, args.slowest, args.whole_words));
  r->latency.push_back(MeasureLatency(*searcher, "keyword + tag", keyword, true, false, args.passes, false, args.slowest, args.whole_words));
  r->latency.push_back(MeasureLatency(*searcher, "question", question, false, false, args.passes, false, args.slowest, args.whole_words));
  r->latency.push_back(MeasureLatency(*searcher, "question + tag", question, true, false, args.passes, false, args.slowest, args.whole_words));
  r->latency.push_back(MeasureLatency(*searcher, "prefix, as typed", prefix, false, false, args.passes, true, args.slowest, args.whole_words));
  r->latency.push_back(MeasureLatency(*searcher, "kana", kana, false, false, args.passes, false, args.slowest, args.whole_words));
  r->latency.push_back(MeasureLatency(*searcher, "keyword, CLI-like", keyword, false, true, args.passes, false, args.slowest, args.whole_words));
  r->latency.push_back(MeasureLatency(*searcher, "question, CLI-like", question, false, true, args.passes, false, args.slowest, args.whole_words));
  r->latency.push_back(MeasureLatency(*searcher, "prefix, CLI-like", prefix, false, true, args.passes, true, args.slowest, args.whole_words));
  r->latency.push_back(MeasureLatency(*searcher, "kana, CLI-like", kana, false, true, args.passes, false, args.slowest, args.whole_words));
  if (args.no_synonyms_rows) {
    // The same queries on a searcher without synonyms: the engine before
    // them, for their cost in one run. Interleaved with the rows above
    // would be fairer still; the passes' medians absorb most drift.
    std::unique_ptr<Searcher> plain;
    SearchOptions o;
    o.synonyms_file = "-";
    if (Status s = Searcher::Open(db.string(), o, &plain); !s.ok()) {
      r->error = "Searcher::Open: " + s.ToString();
      return false;
    }
    r->latency.push_back(MeasureLatency(*plain, "keyword, no synonyms", keyword, false, false, args.passes, false, args.slowest, args.whole_words));
    r->latency.push_back(MeasureLatency(*searcher, "keyword (again)", keyword, false, false, args.passes, false, args.slowest, args.whole_words));
    r->latency.push_back(MeasureLatency(*plain, "question, no synonyms", question, false, false, args.passes, false, args.slowest, args.whole_words));
    r->latency.push_back(MeasureLatency(*searcher, "question (again)", question, false, false, args.passes, false, args.slowest, args.whole_words));
  }
  return true;
}

ScaleResult RunScale(const Args& args, int threads, int scale, const std::vector<Article>& corpus,
                     const std::vector<Query>& keyword, const std::vector<Query>& question, const fs::path& work) {
  ScaleResult r;
  r.scale = scale;
  std::vector<Article> synthetic;
  if (scale > 1) synthetic = Synthesize(corpus, scale, args.seed);
  const std::vector<Article>& docs = scale > 1 ? synthetic : corpus;
  r.docs = docs.size();
  r.text_bytes = TextBytes(docs);
  const fs::path dir = work / ("scale-" + std::to_string(scale));
  const fs::path archive = dir / "archive", db = dir / "db";
  const std::string log = (dir / "sagasu.log").string();
  std::error_code ec;
  if (args.queries_only) {
    std::fprintf(stderr, "e2e: scale %dx: queries on %s\n", scale, db.c_str());
    r.index_bytes = DirectoryBytes(db);
    MeasureQueries(args, db, keyword, question, &r);
    return r;
  }
  fs::remove_all(dir, ec);
  fs::create_directories(archive, ec);
  std::fprintf(stderr, "e2e: scale %dx: writing %zu posts to %s\n", scale, docs.size(), archive.c_str());
  if (!WriteArchive(docs, archive, &r.archive_bytes)) {
    r.error = "cannot write the archive under " + archive.string();
    return r;
  }

  std::fprintf(stderr, "e2e: scale %dx: MeCab ceiling, %d threads\n", scale, threads);
  r.ceiling = MeasureCeiling(docs, threads);
  if (!r.ceiling.error.empty()) {
    r.error = "MeCab: " + r.ceiling.error;
    return r;
  }

  const std::vector<std::string> index_argv = {args.sagasu, "index", "--db", db.string(), "--threads",
                                               std::to_string(threads), "--json", "--quiet", archive.string()};
  std::fprintf(stderr, "e2e: scale %dx: sagasu index (log: %s)\n", scale, log.c_str());
  r.build = RunChild(index_argv, log);
  r.build_report = ParseReport(r.build);
  if (r.build.exit_code != 0) {
    r.error = "sagasu index exited " + std::to_string(r.build.exit_code) + " (see " + log + ")";
    return r;
  }
  r.index_bytes = DirectoryBytes(db);

  std::fprintf(stderr, "e2e: scale %dx: queries\n", scale);
  if (!MeasureQueries(args, db, keyword, question, &r)) return r;

  std::fprintf(stderr, "e2e: scale %dx: re-index, nothing changed\n", scale);
  r.reindex_same = RunChild(index_argv, log);
  r.same_report = ParseReport(r.reindex_same);
  // Edit 1% of the posts: every 100th, a sentence appended.
  for (std::size_t i = 0; i < docs.size(); i += 100) {
    const fs::path p = archive / PostPath(docs[i]);
    WriteFile(p, ReadFile(p) + "\n追記：この記事は公開後に内容を一部更新しました。\n");
    ++r.edited;
  }
  std::fprintf(stderr, "e2e: scale %dx: re-index, %llu posts edited\n", scale, static_cast<unsigned long long>(r.edited));
  r.reindex_edit = RunChild(index_argv, log);
  r.edit_report = ParseReport(r.reindex_edit);
  return r;
}

// ---- output --------------------------------------------------------------------------------------

std::string Fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

double MB(std::uint64_t b) { return static_cast<double>(b) / 1e6; }

void PrintTable(std::FILE* f, const std::vector<ScaleResult>& results, int threads, const std::string& corpus_name,
                const std::string& question_source, std::size_t nk, std::size_t nq) {
  std::fprintf(f, "\n## e2e_corpus: %s, %d threads\n\n", corpus_name.c_str(), threads);
  std::fprintf(f, "MB = 10^6 bytes of title + body text (the same bytes for ceiling and build).\n");
  std::fprintf(f, "Timing is from one run on a possibly shared machine: compare ratios within the run.\n");
  std::fprintf(f, "Latencies: median over the timed passes of each pass's percentile.\n\n");
  std::fprintf(f, "| metric |");
  for (const auto& r : results) std::fprintf(f, " %dx |", r.scale);
  std::fprintf(f, "\n|---|");
  for (std::size_t i = 0; i < results.size(); ++i) std::fprintf(f, "---:|");
  std::fprintf(f, "\n");
  auto row = [&](const std::string& name, auto fn) {
    std::fprintf(f, "| %s |", name.c_str());
    for (const auto& r : results) std::fprintf(f, " %s |", r.error.empty() ? fn(r).c_str() : "error");
    std::fprintf(f, "\n");
  };
  row("documents", [](const ScaleResult& r) { return std::to_string(r.docs); });
  row("text MB", [](const ScaleResult& r) { return Fmt("%.1f", MB(r.text_bytes)); });
  row("archive MB (Markdown files)", [](const ScaleResult& r) { return Fmt("%.1f", MB(r.archive_bytes)); });
  // --queries-only: no build figures.
  const bool built =
      std::any_of(results.begin(), results.end(), [](const ScaleResult& r) { return r.build.wall_seconds > 0; });
  if (built) {
    row("(a) ceiling: MeCab parse s", [](const ScaleResult& r) { return Fmt("%.2f", r.ceiling.seconds); });
    row("(a) ceiling CPU s", [](const ScaleResult& r) { return Fmt("%.2f", r.ceiling.cpu_seconds); });
    row("(a) ceiling MB/s", [](const ScaleResult& r) { return Fmt("%.2f", MB(r.text_bytes) / r.ceiling.seconds); });
    row("(b) build wall s", [](const ScaleResult& r) { return Fmt("%.2f", r.build.wall_seconds); });
    row("(b) build CPU s (user+sys)",
        [](const ScaleResult& r) { return Fmt("%.2f", r.build.user_seconds + r.build.system_seconds); });
    row("(b) build docs/s", [](const ScaleResult& r) { return Fmt("%.0f", r.docs / r.build.wall_seconds); });
    row("(b) build MB/s", [](const ScaleResult& r) { return Fmt("%.2f", MB(r.text_bytes) / r.build.wall_seconds); });
    row("(b) build / ceiling throughput",
        [](const ScaleResult& r) { return Fmt("%.2f", r.ceiling.seconds / r.build.wall_seconds); });
    row("(b) build / ceiling CPU seconds", [](const ScaleResult& r) {
      return Fmt("%.2f", (r.build.user_seconds + r.build.system_seconds) / r.ceiling.cpu_seconds);
    });
    row("(b) peak RSS MiB", [](const ScaleResult& r) { return Fmt("%.0f", r.build.max_rss_kib / 1024.0); });
    row("(b) index MB on disk", [](const ScaleResult& r) { return Fmt("%.1f", MB(r.index_bytes)); });
    row("(b) index bytes / text byte",
        [](const ScaleResult& r) { return Fmt("%.2f", static_cast<double>(r.index_bytes) / r.text_bytes); });
    row("(b) documents added", [](const ScaleResult& r) { return std::to_string(r.build_report.value("added", 0)); });
  }
  if (!results.empty() && !results[0].latency.empty()) {
    for (std::size_t i = 0; i < results[0].latency.size(); ++i) {
      const std::string n = "(c) " + results[0].latency[i].name;
      row(n + " p50 ms", [i](const ScaleResult& r) { return Fmt("%.3f", r.latency[i].p50_ms); });
      row(n + " p95 ms", [i](const ScaleResult& r) { return Fmt("%.3f", r.latency[i].p95_ms); });
      row(n + " p99 ms", [i](const ScaleResult& r) { return Fmt("%.3f", r.latency[i].p99_ms); });
      row(n + " QPS (1 thread)", [i](const ScaleResult& r) { return Fmt("%.0f", r.latency[i].qps); });
      row(n + " hits/query", [i](const ScaleResult& r) { return Fmt("%.1f", r.latency[i].avg_hits); });
    }
  }
  if (built) {
    row("(d) re-index, unchanged: wall s", [](const ScaleResult& r) { return Fmt("%.2f", r.reindex_same.wall_seconds); });
    row("(d) re-index, unchanged: skipped docs",
        [](const ScaleResult& r) { return std::to_string(r.same_report.value("unchanged", 0)); });
    row("(d) re-index, 1% edited: wall s", [](const ScaleResult& r) { return Fmt("%.2f", r.reindex_edit.wall_seconds); });
    row("(d) re-index, 1% edited: updated docs", [](const ScaleResult& r) {
      return std::to_string(r.edit_report.value("updated", 0)) + " of " + std::to_string(r.edited);
    });
    row("(d) re-index, 1% edited: peak RSS MiB",
        [](const ScaleResult& r) { return Fmt("%.0f", r.reindex_edit.max_rss_kib / 1024.0); });
  }
  std::fprintf(f, "\nQueries: %zu keyword (1-3 title nouns, seed-sampled), %zu questions (%s); top 10; tag filter = "
                  "the source article's tag (keyword) or tags in turn (questions).\n",
               nk, nq, question_source.c_str());
  for (const auto& r : results) {
    if (!r.error.empty()) std::fprintf(f, "\nscale %dx failed: %s\n", r.scale, r.error.c_str());
  }
}

nlohmann::json ToJson(const std::vector<ScaleResult>& results, int threads, const std::string& corpus_name) {
  nlohmann::json j{{"corpus", corpus_name}, {"threads", threads}, {"scales", nlohmann::json::array()}};
  for (const auto& r : results) {
    auto child = [](const ChildRun& c, const nlohmann::json& rep) {
      return nlohmann::json{{"exit_code", c.exit_code},    {"wall_seconds", c.wall_seconds},
                            {"user_seconds", c.user_seconds}, {"system_seconds", c.system_seconds},
                            {"max_rss_kib", c.max_rss_kib}, {"report", rep}};
    };
    nlohmann::json s{{"scale", r.scale},
                     {"documents", r.docs},
                     {"text_bytes", r.text_bytes},
                     {"archive_bytes", r.archive_bytes},
                     {"index_bytes", r.index_bytes},
                     {"ceiling", {{"seconds", r.ceiling.seconds}, {"cpu_seconds", r.ceiling.cpu_seconds}, {"nodes", r.ceiling.nodes},
                                  {"mb_per_second", r.ceiling.seconds > 0 ? MB(r.text_bytes) / r.ceiling.seconds : 0}}},
                     {"build", child(r.build, r.build_report)},
                     {"reindex_unchanged", child(r.reindex_same, r.same_report)},
                     {"reindex_edited", child(r.reindex_edit, r.edit_report)},
                     {"edited_posts", r.edited},
                     {"latency", nlohmann::json::array()}};
    if (!r.error.empty()) s["error"] = r.error;
    if (r.build.wall_seconds > 0) {
      s["build"]["mb_per_second"] = MB(r.text_bytes) / r.build.wall_seconds;
      s["build"]["docs_per_second"] = r.docs / r.build.wall_seconds;
      s["build_to_ceiling"] = r.ceiling.seconds / r.build.wall_seconds;
      s["index_bytes_per_text_byte"] = static_cast<double>(r.index_bytes) / r.text_bytes;
    }
    for (const auto& l : r.latency) {
      s["latency"].push_back({{"name", l.name}, {"queries", l.queries}, {"p50_ms", l.p50_ms}, {"p95_ms", l.p95_ms},
                              {"p99_ms", l.p99_ms}, {"mean_ms", l.mean_ms}, {"qps", l.qps},
                              {"avg_hits", l.avg_hits}, {"errors", l.errors}});
    }
    j["scales"].push_back(s);
  }
  return j;
}

}  // namespace
}  // namespace sagasu::bench

int main(int argc, char** argv) {
  using namespace sagasu;
  using namespace sagasu::bench;
  Args args;
  const fs::path shared = SharedDir(SAGASU_SHARED_DIR);
  args.ldcc = (shared / "corpus" / "ldcc").string();
  args.jsquad = (shared / "eval" / "jsquad" / "valid-v1.3.json").string();
  CLI::App app{"e2e_corpus: index a corpus with `sagasu index`, compare with bare MeCab, time queries and re-indexing.",
               "e2e_corpus"};
  app.add_option("--ldcc", args.ldcc, "livedoor news corpus folder (default $SAGASU_SHARED_DIR/corpus/ldcc)");
  app.add_option("--jsonl", args.jsonl, "JSON Lines corpus instead of --ldcc (id, title, body, tags|category, date, url)");
  app.add_option("--jsquad", args.jsquad, "JSQuAD file for question queries (else corpus sentences are used)");
  app.add_option("--sagasu", args.sagasu, "The sagasu program (default: the one built with this bench)");
  app.add_option("--threads,-j", args.threads, "Threads for MeCab and `sagasu index` (default: all cores)");
  app.add_option("--scale", args.scales, "Scales to run, e.g. --scale 1,10 (default 1; 100 is a manual step)")
      ->delimiter(',')
      ->check(CLI::Range(1, 1000));
  app.add_option("--queries", args.queries, "Queries per kind (default 1000)");
  app.add_option("--passes", args.passes, "Timed passes over the queries; figures are medians over passes (default 3)");
  app.add_option("--max-articles", args.max_articles, "Use only this many corpus articles (default all)");
  app.add_option("--seed", args.seed, "Seed for query sampling and synthetic text (default 42)");
  app.add_option("--out", args.out, "Work folder for archives and indexes (default: a /tmp/bench-e2e-* folder); each scale's folder is removed unless --keep");
  app.add_flag("--keep", args.keep, "Keep the work folder");
  app.add_flag("--no-synonyms-rows", args.no_synonyms_rows,
               "Also time keyword and question queries without synonyms, and again with them (the cost of synonyms in one run)");
  app.add_flag("--whole-words", args.whole_words,
               "Queries without the second tier (SearchQuery::fallback off): whole MeCab words only, for the cost of "
               "the n-gram and prefix units");
  app.add_option("--slowest", args.slowest, "Print the N slowest queries of each kind (first timed pass) to stderr");
  app.add_flag("--queries-only", args.queries_only,
               "Only the query figures (c), on the indexes a run with --out DIR --keep left in DIR/scale-N/db");
  app.add_flag("--json", args.json, "Print JSON on stdout (the table then goes to stderr)");
  CLI11_PARSE(app, argc, argv);

  const int threads = args.threads > 0 ? args.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<sagasu::bench::Article> corpus;
  std::string corpus_name;
  if (!args.jsonl.empty()) {
    corpus = LoadJsonl(args.jsonl);
    corpus_name = "JSON Lines " + args.jsonl;
  } else {
    corpus = LoadLdcc(args.ldcc, args.max_articles);
    corpus_name = "livedoor news " + args.ldcc;
  }
  if (!args.jsonl.empty() && args.max_articles > 0 && corpus.size() > args.max_articles) corpus.resize(args.max_articles);
  if (corpus.empty()) {
    std::fprintf(stderr, "e2e_corpus: no articles in %s\n", args.jsonl.empty() ? args.ldcc.c_str() : args.jsonl.c_str());
    return 77;
  }
  if (!fs::exists(args.sagasu)) {
    std::fprintf(stderr, "e2e_corpus: sagasu program not found: %s (build target sagasu or pass --sagasu)\n",
                 args.sagasu.c_str());
    return 1;
  }
  std::unique_ptr<Analyzer> analyzer;
  if (Status s = Analyzer::Open(AnalyzerOptions(), &analyzer); !s.ok()) {
    std::fprintf(stderr, "e2e_corpus: %s\n", s.ToString().c_str());
    return 1;
  }
  const auto keyword = KeywordQueries(corpus, *analyzer, args.queries, args.seed);
  std::string question_source;
  const auto question = QuestionQueries(corpus, args.jsquad, args.queries, args.seed, &question_source);

  fs::path work;
  std::error_code ec;
  if (args.queries_only && args.out.empty()) {
    std::fprintf(stderr, "e2e_corpus: --queries-only needs --out DIR (a folder an earlier --keep run left)\n");
    return 2;
  }
  if (args.out.empty()) {
    work = MakeTempDir("e2e");
  } else {
    work = args.out;
    fs::create_directories(work, ec);
  }
  if (work.empty()) {
    std::fprintf(stderr, "e2e_corpus: cannot create a work folder\n");
    return 1;
  }
  std::vector<ScaleResult> results;
  for (int scale : args.scales) {
    results.push_back(RunScale(args, threads, scale, corpus, keyword, question, work));
    // Free disk between scales unless asked to keep.
    if (!args.keep && !args.queries_only) fs::remove_all(work / ("scale-" + std::to_string(scale)), ec);
  }
  std::FILE* table = args.json ? stderr : stdout;
  PrintTable(table, results, threads, corpus_name + " (" + std::to_string(corpus.size()) + " articles)",
             question_source, keyword.size(), question.size());
  if (args.json) std::puts(ToJson(results, threads, corpus_name).dump(2).c_str());
  if (!args.keep && args.out.empty()) fs::remove_all(work, ec);
  int rc = 0;
  for (const auto& r : results) rc |= r.error.empty() ? 0 : 1;
  return rc;
}
