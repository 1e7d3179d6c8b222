// Micro-benchmark of the indexer's accumulation (indexer/accumulator.h):
// the work of a worker thread after MeCab, on documents analyzed before
// timing, so that MeCab is left out.
//
//   BM_Accumulate/copies:N   Accumulator::Add of every analyzed document,
//                            N times over (as new documents), into one fresh
//                            accumulator per iteration
//
// An accumulator grows to its share of the memory budget (about 170 MiB by
// default) before a commit, far beyond the caches, so what it costs per
// document depends on how large it is: copies:4 reaches some 100 MiB, the
// size that matters; copies:1 is the same work on a smaller accumulator.
//
// Corpus: the first 2,000 livedoor articles (round-robin over categories,
// title and body) from $SAGASU_SHARED_DIR/corpus/ldcc, else the seed post
// repeated. Each iteration checks the term count and the memory held
// against the first iteration's, so a fast wrong answer fails.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_corpus.h"
#include "common/analyzer/analyzer.h"
#include "indexer/accumulator.h"

namespace sagasu {
namespace {

constexpr std::size_t kArticles = 2000;

struct Analyzed {
  std::vector<AnalyzedDoc> docs;
  std::size_t text_bytes = 0;
  std::string source;
  Status status;
};

const Analyzed& LoadAnalyzed() {
  static const Analyzed* analyzed = [] {
    auto* a = new Analyzed();
    std::unique_ptr<Analyzer> analyzer;
    a->status = Analyzer::Open(AnalyzerOptions(), &analyzer);
    if (!a->status.ok()) return a;
    auto session = analyzer->NewSession();
    const auto shared = bench::SharedDir(SAGASU_SHARED_DIR);
    std::vector<bench::Article> articles = bench::LoadLdcc(shared / "corpus" / "ldcc", kArticles);
    a->source = "livedoor corpus, " + std::to_string(articles.size()) + " articles";
    if (articles.empty()) {
      const std::string seed = bench::ReadFile(shared / "seeds" / "000_3ecff27fb0eaccb7.txt");
      for (int i = 0; i < 200 && !seed.empty(); ++i) articles.push_back({.title = "seed", .body = seed});
      a->source = "seed post x200";
    }
    for (const auto& art : articles) {
      Article doc;
      doc.title = art.title;
      doc.body = art.body;
      AnalyzeDoc(session.get(), doc, &a->docs.emplace_back());
      a->text_bytes += art.title.size() + art.body.size();
    }
    return a;
  }();
  return *analyzed;
}

void BM_Accumulate(benchmark::State& state) {
  const Analyzed& a = LoadAnalyzed();
  if (!a.status.ok() || a.docs.empty()) {
    state.SkipWithError(a.status.ok() ? "no documents" : a.status.ToString().c_str());
    return;
  }
  const int copies = static_cast<int>(state.range(0));
  std::size_t expected_terms = 0;
  std::uint64_t expected_memory = 0;
  for (auto _ : state) {
    auto acc = std::make_unique<Accumulator>();
    for (int c = 0; c < copies; ++c) {
      for (const AnalyzedDoc& doc : a.docs) {
        PendingDoc pending;
        pending.id = "d";
        acc->Add(std::move(pending), doc);
      }
    }
    if (expected_terms == 0) {
      expected_terms = acc->term_count();
      expected_memory = acc->memory();
    } else if (acc->term_count() != expected_terms || acc->memory() != expected_memory) {
      state.SkipWithError("terms or memory changed between iterations");
      break;
    }
    state.PauseTiming();
    acc.reset();  // freeing is not what is measured
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * copies * a.text_bytes));
  state.counters["terms"] = static_cast<double>(expected_terms);
  state.counters["MiB"] = static_cast<double>(expected_memory) / (1 << 20);
}
BENCHMARK(BM_Accumulate)->ArgName("copies")->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sagasu

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("corpus", sagasu::LoadAnalyzed().source);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
