// Micro-benchmarks of top-10 search (query/searcher.h) on a small index.
//
// What is measured (items = queries; each iteration runs the whole query set):
//   BM_Keyword/nouns:K       K = 1..3 title nouns, ranked OR (MaxScore)
//   BM_KeywordTag/nouns:2    the same with a tag filter (the source article's
//                            tag): postings intersected with the tag's set
//   BM_Question              natural-language questions (many terms, most
//                            of them frequent)
//   BM_QuestionTag           the same with a tag filter (tags in turn)
// All requests: limit 10, count_total/facets/snippets/load_documents off
// (pure ranking). BM_KeywordFull/nouns:2 adds them all back (CLI-like).
//
// Corpus: the index is built once per process in /tmp/bench-micro-search-*
// (removed at exit) with IndexWriter::Add from 2000 livedoor news articles
// ($SAGASU_SHARED_DIR/corpus/ldcc; $SAGASU_BENCH_DOCS changes the count), or
// from synthetic sentences (fixed seed) when the corpus is absent. Questions
// are JSQuAD's ($SAGASU_SHARED_DIR/eval/jsquad/valid-v1.3.json) or corpus
// sentences; keyword queries are nouns of titles sampled with a fixed seed.
//
// Check inside the loop: the score of every query's top hit and its hit count
// must equal those computed before timing; setup also checks that pruned
// top-10 scores equal exhaustive scoring (SearchQuery::exhaustive).
//
// Caveats: Release builds only; the index is small and hot in the page and
// block caches, so this measures CPU of query evaluation, not I/O. Run with
// --benchmark_repetitions=5 and compare medians.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_corpus.h"
#include "common/analyzer/analyzer.h"
#include "indexer/index_writer.h"
#include "query/searcher.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;

struct Query {
  std::string text;
  std::string tag;
};

struct Fixture {
  fs::path dir;
  std::string source;
  std::string error;
  std::size_t docs = 0;
  std::unique_ptr<Searcher> searcher;
  std::vector<Query> keyword[4];  // by noun count 1..3
  std::vector<Query> question;
  ~Fixture() {
    searcher.reset();
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
};

constexpr std::size_t kQueriesPerSet = 64;

std::vector<bench::Article> SyntheticArticles(std::size_t n) {
  static const char* nouns[] = {"政府", "経済", "市場", "企業", "技術", "映画", "選手", "試合", "女性", "結婚",
                                "携帯", "電話", "写真", "料理", "旅行", "東京", "大阪", "会社", "社長", "番組",
                                "音楽", "野球", "サッカー", "アプリ", "画面", "電池", "価格", "発売", "調査", "研究"};
  static const char* verbs[] = {"発表した", "開始した", "紹介する", "調べた", "語った", "公開された"};
  static const char* cats[] = {"it", "sports", "movie", "life"};
  std::mt19937 rng(7);
  auto noun = [&] { return std::string(nouns[rng() % std::size(nouns)]); };
  std::vector<bench::Article> out;
  for (std::size_t i = 0; i < n; ++i) {
    bench::Article a;
    a.id = "syn-" + std::to_string(i);
    a.category = cats[i % std::size(cats)];
    a.title = noun() + "の" + noun() + "が" + noun() + "を" + verbs[rng() % std::size(verbs)];
    const std::size_t sentences = 5 + rng() % 40;
    for (std::size_t s = 0; s < sentences; ++s) {
      a.body += noun() + "は" + noun() + "の" + noun() + "について" + verbs[rng() % std::size(verbs)] + "。";
    }
    out.push_back(std::move(a));
  }
  return out;
}

Fixture& GetFixture() {
  static Fixture* f = [] {
    auto* fx = new Fixture();
    const fs::path shared = bench::SharedDir(SAGASU_SHARED_DIR);
    std::size_t want = 2000;
    if (const char* env = std::getenv("SAGASU_BENCH_DOCS"); env && *env) want = std::strtoul(env, nullptr, 10);
    std::vector<bench::Article> articles = bench::LoadLdcc(shared / "corpus" / "ldcc", want);
    fx->source = "livedoor news (" + std::to_string(articles.size()) + " articles)";
    if (articles.empty()) {
      articles = SyntheticArticles(want);
      fx->source = "synthetic (" + std::to_string(articles.size()) + " documents)";
    }
    fx->docs = articles.size();
    fx->dir = bench::MakeTempDir("micro-search");
    std::unique_ptr<IndexWriter> writer;
    IndexWriterOptions wopt;
    wopt.sync = false;
    Status s = IndexWriter::Open((fx->dir / "db").string(), AnalyzerOptions(), wopt, &writer);
    for (std::size_t i = 0; s.ok() && i < articles.size(); ++i) {
      Article d;
      d.id = articles[i].id;
      d.title = articles[i].title;
      d.body = articles[i].body;
      d.url = articles[i].url;
      d.tags = {articles[i].category};
      s = writer->Add(d);
    }
    if (s.ok()) s = writer->Commit();
    writer.reset();
    if (s.ok()) s = Searcher::Open((fx->dir / "db").string(), SearchOptions(), &fx->searcher);
    if (!s.ok()) {
      fx->error = s.ToString();
      return fx;
    }
    // Keyword queries: nouns of seed-sampled titles.
    std::unique_ptr<Analyzer> analyzer;
    if (s = Analyzer::Open(AnalyzerOptions(), &analyzer); !s.ok()) {
      fx->error = s.ToString();
      return fx;
    }
    auto session = analyzer->NewSession();
    std::mt19937_64 rng(42);
    for (std::size_t k = 1; k <= 3; ++k) {
      for (std::size_t attempt = 0; fx->keyword[k].size() < kQueriesPerSet && attempt < 100000; ++attempt) {
        const bench::Article& a = articles[rng() % articles.size()];
        std::vector<std::string> nouns;
        for (const TokenInfo& t : session->Tokens(a.title)) {
          if (t.is_term && t.pos.rfind("名詞", 0) == 0 && t.pos.rfind("名詞,数", 0) != 0 &&
              std::find(nouns.begin(), nouns.end(), t.surface) == nouns.end()) {
            nouns.push_back(t.surface);
          }
        }
        if (nouns.size() < k) continue;
        std::shuffle(nouns.begin(), nouns.end(), rng);
        Query q{"", a.category};
        for (std::size_t i = 0; i < k; ++i) q.text += (i ? " " : "") + nouns[i];
        fx->keyword[k].push_back(std::move(q));
      }
    }
    // Questions: JSQuAD, else corpus sentences.
    std::vector<bench::SquadParagraph> paragraphs;
    std::vector<bench::SquadQuestion> questions;
    std::vector<std::string> texts;
    if (bench::LoadJsquad(shared / "eval" / "jsquad" / "valid-v1.3.json", &paragraphs, &questions)) {
      for (const auto& q : questions) texts.push_back(q.question);
    } else {
      for (const auto& a : articles) {
        for (auto& sentence : bench::SplitSentences(a.body)) {
          if (sentence.size() >= 30 && sentence.size() <= 150) texts.push_back(std::move(sentence));
        }
      }
    }
    std::shuffle(texts.begin(), texts.end(), rng);
    for (std::size_t i = 0; i < texts.size() && i < kQueriesPerSet; ++i) {
      fx->question.push_back({texts[i], articles[i % articles.size()].category});
    }
    return fx;
  }();
  return *f;
}

SearchQuery BaseRequest(bool full) {
  SearchQuery r;
  r.limit = 10;
  if (!full) {
    r.count_total = false;
    r.facets = false;
    r.snippets = false;
    r.load_documents = false;
  }
  return r;
}

// Runs `queries`; fills top-1 score and hit count per query. False on error.
bool RunAll(const Searcher& s, const std::vector<Query>& queries, bool with_tag, bool full,
            std::vector<double>* top, std::vector<std::size_t>* hits) {
  top->clear();
  hits->clear();
  SearchQuery r = BaseRequest(full);
  for (const Query& q : queries) {
    r.text = q.text;
    r.tags.clear();
    if (with_tag) r.tags.push_back(q.tag);
    auto res = s.Search(r);
    if (!res.ok()) return false;
    top->push_back(res->hits.empty() ? -1.0 : res->hits[0].score);
    hits->push_back(res->hits.size());
  }
  return true;
}

// Pruned and exhaustive scoring must give the same top-10 scores.
bool SameAsExhaustive(const Searcher& s, const std::vector<Query>& queries, bool with_tag) {
  for (const Query& q : queries) {
    SearchQuery a = BaseRequest(false);
    a.text = q.text;
    if (with_tag) a.tags = {q.tag};
    SearchQuery b = a;
    b.exhaustive = true;
    auto ra = s.Search(a), rb = s.Search(b);
    if (!ra.ok() || !rb.ok() || ra->hits.size() != rb->hits.size()) return false;
    for (std::size_t i = 0; i < ra->hits.size(); ++i) {
      if (std::fabs(ra->hits[i].score - rb->hits[i].score) > 1e-4 * std::max(1.0, rb->hits[i].score)) return false;
    }
  }
  return true;
}

void RunBench(benchmark::State& state, const std::vector<Query>& queries, bool with_tag, bool full) {
  Fixture& fx = GetFixture();
  if (!fx.error.empty()) {
    state.SkipWithError(fx.error.c_str());
    return;
  }
  if (queries.empty()) {
    state.SkipWithError("no queries");
    return;
  }
  std::vector<double> top, expected_top;
  std::vector<std::size_t> hits, expected_hits;
  if (!RunAll(*fx.searcher, queries, with_tag, full, &expected_top, &expected_hits) ||
      !SameAsExhaustive(*fx.searcher, queries, with_tag)) {
    state.SkipWithError("search failed or differs from exhaustive scoring");
    return;
  }
  for (auto _ : state) {
    if (!RunAll(*fx.searcher, queries, with_tag, full, &top, &hits) || top != expected_top || hits != expected_hits) {
      state.SkipWithError("results changed between runs");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * queries.size()));
  double total = 0;
  for (std::size_t h : expected_hits) total += static_cast<double>(h);
  state.counters["hits/query"] = total / static_cast<double>(queries.size());
  state.counters["docs"] = static_cast<double>(fx.docs);
}

void BM_Keyword(benchmark::State& state) {
  RunBench(state, GetFixture().keyword[state.range(0)], false, false);
}
BENCHMARK(BM_Keyword)->ArgName("nouns")->DenseRange(1, 3)->Unit(benchmark::kMicrosecond);

void BM_KeywordTag(benchmark::State& state) {
  RunBench(state, GetFixture().keyword[state.range(0)], true, false);
}
BENCHMARK(BM_KeywordTag)->ArgName("nouns")->Arg(2)->Unit(benchmark::kMicrosecond);

void BM_KeywordFull(benchmark::State& state) {
  RunBench(state, GetFixture().keyword[state.range(0)], false, true);
}
BENCHMARK(BM_KeywordFull)->ArgName("nouns")->Arg(2)->Unit(benchmark::kMicrosecond);

void BM_Question(benchmark::State& state) { RunBench(state, GetFixture().question, false, false); }
BENCHMARK(BM_Question)->Unit(benchmark::kMicrosecond);

void BM_QuestionTag(benchmark::State& state) { RunBench(state, GetFixture().question, true, false); }
BENCHMARK(BM_QuestionTag)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sagasu

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("corpus", sagasu::GetFixture().source);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  delete &sagasu::GetFixture();  // removes the temp index
  return 0;
}
