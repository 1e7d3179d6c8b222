// Micro-benchmarks of the postings codec (storage/posting_codec.h).
//
// What is measured (items = postings, i.e. documents of one term's run):
//   BM_Encode/docs:N/gap:G           PostingRunBuilder::Add for N postings + Finish
//   BM_DecodeDocs/docs:N/gap:G       PostingRunReader::Init + DecodeBlock of every
//                                    block (doc ids and tfs: the ranking path)
//   BM_DecodePositions/docs:N/gap:G  the same plus DecodePositions of every block
//                                    (the phrase / snippet path)
//
// Corpus: synthetic, fixed seed. Doc gaps are uniform in [1, 2G-1] (mean G:
// G=1..2 is a frequent term, G=64 a rare one); tf_title is 1 in one posting
// of 8, tf_body 1..4 skewed towards 1 (as in news text); positions ascending
// with random gaps. Field lengths are random (they only feed block minima).
//
// Check inside the loop: the encoded size must equal the first encoding's,
// and decoding must give back N documents whose id sum, tf sum (and
// position count) equal those of the input, so a fast wrong answer fails.
//
// Caveats: Release builds only; a run's blocks stay in L1/L2 here, unlike a
// real query reading RocksDB blocks. Run with --benchmark_repetitions=5 and
// compare medians.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "storage/posting_codec.h"

namespace sagasu {
namespace {

struct Postings {
  std::vector<DocNum> docs;
  std::vector<FieldCounts> tf, len;
  std::vector<Position> positions;  // concatenated, per doc sum-of-tf entries
  std::vector<std::size_t> pos_begin;
  std::uint64_t doc_sum = 0, tf_sum = 0;
};

constexpr DocNum kRunBase = 1000;

Postings MakePostings(std::size_t n, std::uint32_t mean_gap) {
  std::mt19937 rng(12345u + static_cast<unsigned>(n) * 31u + mean_gap);
  std::uniform_int_distribution<std::uint32_t> gap(1, 2 * mean_gap - 1);
  std::uniform_int_distribution<std::uint32_t> pos_gap(1, 40);
  std::uniform_int_distribution<std::uint32_t> len_title(4, 20), len_body(50, 1500);
  Postings p;
  DocNum doc = kRunBase;
  for (std::size_t i = 0; i < n; ++i) {
    doc += (i == 0 ? 0 : gap(rng));
    const std::uint32_t tt = rng() % 8 == 0 ? 1 : 0;
    const std::uint32_t r = rng() % 16;
    const std::uint32_t tb = r < 10 ? 1 : r < 13 ? 2 : r < 15 ? 3 : 4;
    p.docs.push_back(doc);
    p.tf.push_back({tt, tb, 0});
    p.len.push_back({len_title(rng), len_body(rng), 0});
    p.pos_begin.push_back(p.positions.size());
    Position pos = 0;
    for (std::uint32_t k = 0; k < tt + tb; ++k) {
      pos += pos_gap(rng);
      p.positions.push_back(pos);
    }
    p.doc_sum += doc;
    p.tf_sum += tt + tb;
  }
  p.pos_begin.push_back(p.positions.size());
  return p;
}

std::string Encode(const Postings& p) {
  PostingRunBuilder b(kRunBase);
  for (std::size_t i = 0; i < p.docs.size(); ++i) {
    b.Add(p.docs[i], p.tf[i], p.len[i],
          std::span<const Position>(p.positions.data() + p.pos_begin[i], p.pos_begin[i + 1] - p.pos_begin[i]));
  }
  return b.Finish();
}

void SetCounters(benchmark::State& state, const Postings& p, std::size_t bytes) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * p.docs.size()));
  state.counters["bytes/posting"] = static_cast<double>(bytes) / static_cast<double>(p.docs.size());
}

void BM_Encode(benchmark::State& state) {
  const Postings p = MakePostings(static_cast<std::size_t>(state.range(0)), static_cast<std::uint32_t>(state.range(1)));
  const std::size_t expected = Encode(p).size();
  for (auto _ : state) {
    const std::string run = Encode(p);
    if (run.size() != expected) {
      state.SkipWithError("encoded size changed between runs");
      break;
    }
    benchmark::DoNotOptimize(run.data());
  }
  SetCounters(state, p, expected);
}

// Decodes the whole run; with_positions also decodes every block's positions.
template <bool kWithPositions>
void BM_Decode(benchmark::State& state) {
  const Postings p = MakePostings(static_cast<std::size_t>(state.range(0)), static_cast<std::uint32_t>(state.range(1)));
  const std::string run = Encode(p);
  std::vector<DocNum> docs(kBlockSize);
  BlockFreqs tf;
  std::vector<std::uint32_t> offsets;
  std::vector<Position> positions;
  for (auto _ : state) {
    PostingRunReader reader;
    if (!reader.Init(run, kRunBase).ok()) {
      state.SkipWithError("Init failed");
      break;
    }
    std::uint64_t count = 0, doc_sum = 0, tf_sum = 0, pos_count = 0;
    bool ok = true;
    for (std::size_t b = 0; b < reader.block_count() && ok; ++b) {
      const std::uint32_t n = reader.block(b).doc_count;
      ok = reader.DecodeBlock(b, docs.data(), &tf).ok();
      for (std::uint32_t i = 0; i < n; ++i) {
        doc_sum += docs[i];
        tf_sum += tf.Total(i);
      }
      count += n;
      if constexpr (kWithPositions) {
        ok = ok && reader.DecodePositions(b, tf, &offsets, &positions).ok();
        pos_count += positions.size();
      }
    }
    // Round trip: same number of documents, same ids and frequencies.
    if (!ok || count != p.docs.size() || reader.doc_count() != p.docs.size() || doc_sum != p.doc_sum ||
        tf_sum != p.tf_sum || (kWithPositions && pos_count != p.positions.size())) {
      state.SkipWithError("round trip mismatch");
      break;
    }
    benchmark::DoNotOptimize(doc_sum);
  }
  SetCounters(state, p, run.size());
}

void Sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"docs", "gap"});
  for (std::int64_t docs : {128, 10000, 1000000}) {
    for (std::int64_t gap : {1, 8, 64}) b->Args({docs, gap});
  }
}

BENCHMARK(BM_Encode)->Apply(Sizes);
BENCHMARK(BM_Decode<false>)->Name("BM_DecodeDocs")->Apply(Sizes);
BENCHMARK(BM_Decode<true>)->Name("BM_DecodePositions")->Apply(Sizes);

}  // namespace
}  // namespace sagasu

BENCHMARK_MAIN();
