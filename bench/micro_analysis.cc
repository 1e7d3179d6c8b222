// Micro-benchmarks of the Japanese analysis pipeline (common/analyzer/).
//
// What is measured, each over the same text (bytes/s of ORIGINAL input):
//   BM_Normalize               Normalizer without offset map (the indexing path)
//   BM_NormalizeWithOffsets    Normalizer with the offset map (query/snippet path)
//   BM_MecabRaw                bare MeCab: parse the normalized text chunk by
//                              chunk and walk the nodes; the floor for analysis
//   BM_Analyze/offsets:0       full AnalyzerSession::Analyze as the indexer calls it
//   BM_Analyze/offsets:1       the same with original byte offsets
//
// Corpus: up to 512 KiB of livedoor news article bodies from
// $SAGASU_SHARED_DIR/corpus/ldcc/*/ (the first 3 lines of each file, url /
// date / title, are skipped), else the seed post in seeds/, else a built-in
// paragraph repeated. The text source is printed in the context.
//
// Check inside the loop: each iteration compares the term (or node, or byte)
// count with the count computed before timing, so a fast wrong answer fails;
// setup also checks a fixed headline yields its known 7 terms.
//
// Caveats: Release builds only; MeCab dominates, so compare BM_Analyze with
// BM_MecabRaw rather than absolute numbers across machines. Run with
// --benchmark_repetitions=5 to see the variation.
#include <benchmark/benchmark.h>
#include <mecab.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/analyzer/mecab_tokenizer.h"
#include "common/analyzer/normalizer.h"
#include "common/text/utf8.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxCorpusBytes = 512 * 1024;

constexpr const char* kFallbackParagraph =
    "ＯｐｅｎＡＩの９６０億ドル負債調達は、生成ＡＩへの投資の新しい波を示している。"
    "大規模言語モデル（LLM）の学習には莫大な計算資源が必要で、最新のGPUクラスターを動かす"
    "データセンターや液浸冷却の設備、そして電力の確保が欠かせない。ｻｰﾊﾞｰの調達コストは"
    "1,210億円規模に達し、ハイパースケーラー各社はクラウドネイティブな基盤へ移行を急いでいる。\n";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Corpus {
  std::string text;
  std::string source;
};

const Corpus& LoadCorpus() {
  static const Corpus* corpus = [] {
    auto* c = new Corpus();
    const char* env = std::getenv("SAGASU_SHARED_DIR");
    const fs::path shared = env && *env ? fs::path(env) : fs::path(SAGASU_SHARED_DIR);
    std::error_code ec;
    const fs::path ldcc = shared / "corpus" / "ldcc";
    if (fs::is_directory(ldcc, ec)) {
      std::map<fs::path, std::vector<fs::path>> by_category;
      for (const auto& e : fs::recursive_directory_iterator(ldcc, ec)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file() && e.path().extension() == ".txt" && name != "LICENSE.txt" && name != "README.txt") {
          by_category[e.path().parent_path()].push_back(e.path());
        }
      }
      for (auto& [dir, files] : by_category) std::sort(files.begin(), files.end());  // same text every run
      // One file from each category in turn, for a mixed sample.
      for (std::size_t i = 0; c->text.size() < kMaxCorpusBytes; ++i) {
        bool any = false;
        for (const auto& [dir, files] : by_category) {
          if (i >= files.size() || c->text.size() >= kMaxCorpusBytes) continue;
          any = true;
          const std::string article = ReadFile(files[i]);
          std::size_t body = 0;  // skip url, date, title
          for (int line = 0; line < 3 && body != std::string::npos; ++line) {
            body = article.find('\n', body);
            if (body != std::string::npos) ++body;
          }
          if (body != std::string::npos) c->text += article.substr(body);
        }
        if (!any) break;
      }
      if (!c->text.empty()) c->source = "livedoor corpus " + ldcc.string();
    }
    if (c->text.empty()) {
      const fs::path seed = shared / "seeds" / "000_3ecff27fb0eaccb7.txt";
      if (fs::is_regular_file(seed, ec)) {
        c->text = ReadFile(seed);
        c->source = seed.string();
      }
    }
    if (c->text.empty()) {
      while (c->text.size() < 64 * 1024) c->text += kFallbackParagraph;
      c->source = "built-in paragraph";
    }
    if (c->text.size() > kMaxCorpusBytes) {
      std::size_t cut = kMaxCorpusBytes;
      while (cut > 0 && IsUtf8Continuation(static_cast<unsigned char>(c->text[cut]))) --cut;
      c->text.resize(cut);
    }
    return c;
  }();
  return *corpus;
}

const Analyzer* SharedAnalyzer(benchmark::State& state) {
  static std::unique_ptr<Analyzer> analyzer;
  static Status status = Analyzer::Open(AnalyzerOptions(), &analyzer);
  if (!status.ok()) {
    state.SkipWithError(status.ToString().c_str());
    return nullptr;
  }
  return analyzer.get();
}

void AddContext(benchmark::State& state) {
  state.counters["corpus_KiB"] = static_cast<double>(LoadCorpus().text.size()) / 1024.0;
}

void BM_Normalize(benchmark::State& state) {
  const std::string& text = LoadCorpus().text;
  const bool with_offsets = state.range(0) != 0;
  const Normalizer& n = Normalizer::Get();
  std::string out;
  OffsetMap map;
  n.Normalize(text, &out, nullptr);
  const std::size_t expected = out.size();
  for (auto _ : state) {
    n.Normalize(text, &out, with_offsets ? &map : nullptr);
    if (out.size() != expected || (with_offsets && map.size() != expected + 1)) {
      state.SkipWithError("normalized size changed between runs");
      break;
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  AddContext(state);
}
BENCHMARK(BM_Normalize)->ArgName("offsets")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Bare MeCab on the same dictionaries, the same normalized text and the same
// chunks as the analyzer: the speed the analyzer should stay close to.
void BM_MecabRaw(benchmark::State& state) {
  const std::string& text = LoadCorpus().text;
  const std::string normalized = Normalizer::Get().Normalize(text);
  std::vector<std::string> user_dics(1);
  if (!BuiltinUserDicPath(&user_dics[0]).ok()) user_dics.clear();
  std::string error;
  std::unique_ptr<MeCab::Model> model(CreateMecabModel(DefaultDicdir(), user_dics, &error));
  if (!model) {
    state.SkipWithError(error.c_str());
    return;
  }
  std::unique_ptr<MeCab::Tagger> tagger(model->createTagger());
  std::unique_ptr<MeCab::Lattice> lattice(model->createLattice());
  auto parse = [&]() -> std::size_t {
    std::size_t nodes = 0;
    for (std::size_t pos = 0; pos < normalized.size();) {
      const std::size_t end = NextChunkEnd(normalized, pos);
      lattice->set_sentence(normalized.data() + pos, end - pos);
      tagger->parse(lattice.get());
      for (const MeCab::Node* node = lattice->bos_node(); node; node = node->next) nodes += 1;
      pos = end;
    }
    return nodes;
  };
  const std::size_t expected = parse();
  for (auto _ : state) {
    if (parse() != expected) {
      state.SkipWithError("node count changed between runs");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["nodes"] = static_cast<double>(expected);
  AddContext(state);
}
BENCHMARK(BM_MecabRaw)->Unit(benchmark::kMillisecond);

void BM_Analyze(benchmark::State& state) {
  const Analyzer* analyzer = SharedAnalyzer(state);
  if (analyzer == nullptr) return;
  const std::string& text = LoadCorpus().text;
  const bool with_offsets = state.range(0) != 0;
  auto session = analyzer->NewSession();
  std::vector<Term> terms;

  // Known answer first: a fixed headline has 7 terms.
  session->Analyze("ＯｐｅｎＡＩの９６０億ドル負債調達と生成ＡＩ", 0, true, &terms);
  if (terms.size() != 7) {
    state.SkipWithError("headline should give 7 terms (openai 960 億 ドル 負債 調達 生成ai)");
    return;
  }
  terms.clear();
  session->Analyze(text, 0, with_offsets, &terms);
  const std::size_t expected = terms.size();
  for (auto _ : state) {
    terms.clear();
    session->Analyze(text, 0, with_offsets, &terms);
    if (terms.size() != expected) {
      state.SkipWithError("term count changed between runs");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["terms"] = static_cast<double>(expected);
  AddContext(state);
}
BENCHMARK(BM_Analyze)->ArgName("offsets")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sagasu

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("corpus", sagasu::LoadCorpus().source);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
