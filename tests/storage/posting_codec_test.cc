#include "storage/posting_codec.h"

#include <gtest/gtest.h>

#include <random>

namespace sagasu {
namespace {

struct Posting {
  DocNum doc;
  std::uint32_t tf_title, tf_body, len_title, len_body;
  std::vector<Position> positions;
};

std::string Encode(DocNum base, const std::vector<Posting>& postings) {
  PostingRunBuilder b(base);
  for (const auto& p : postings) b.Add(p.doc, p.tf_title, p.tf_body, p.len_title, p.len_body, p.positions);
  return b.Finish();
}

std::vector<Posting> Decode(DocNum base, const std::string& value) {
  PostingRunReader r;
  EXPECT_TRUE(r.Init(value, base).ok());
  std::vector<Posting> out;
  for (std::size_t b = 0; b < r.block_count(); ++b) {
    const auto n = r.block(b).doc_count;
    std::vector<DocNum> docs(n);
    std::vector<std::uint32_t> tt(n), tb(n), offsets;
    std::vector<Position> pos;
    EXPECT_TRUE(r.DecodeBlock(b, docs.data(), tt.data(), tb.data()).ok());
    EXPECT_TRUE(r.DecodePositions(b, tt.data(), tb.data(), &offsets, &pos).ok());
    for (std::uint32_t i = 0; i < n; ++i) {
      Posting p{docs[i], tt[i], tb[i], 0, 0, {}};
      p.positions.assign(pos.begin() + offsets[i], pos.begin() + offsets[i + 1]);
      out.push_back(std::move(p));
    }
  }
  return out;
}

void ExpectRoundTrip(DocNum base, const std::vector<Posting>& in) {
  auto out = Decode(base, Encode(base, in));
  ASSERT_EQ(out.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(out[i].doc, in[i].doc) << i;
    EXPECT_EQ(out[i].tf_title, in[i].tf_title) << i;
    EXPECT_EQ(out[i].tf_body, in[i].tf_body) << i;
    EXPECT_EQ(out[i].positions, in[i].positions) << i;
  }
}

TEST(PostingCodec, EmptyRun) {
  PostingRunBuilder b(7);
  std::string v = b.Finish();
  PostingRunReader r;
  ASSERT_TRUE(r.Init(v, 7).ok());
  EXPECT_EQ(r.doc_count(), 0u);
  EXPECT_EQ(r.block_count(), 0u);
}

TEST(PostingCodec, OneDocumentAtRunBase) { ExpectRoundTrip(100, {{100, 1, 2, 5, 40, {0, 10, 30}}}); }

TEST(PostingCodec, BlockEdges) {
  for (std::uint32_t n : {kBlockSize - 1, kBlockSize, kBlockSize + 1, 2 * kBlockSize, 3 * kBlockSize + 7}) {
    std::vector<Posting> in;
    for (std::uint32_t i = 0; i < n; ++i) in.push_back({i * 3 + 5, 0, 1 + i % 4, 3, 50, {}});
    for (auto& p : in)
      for (std::uint32_t j = 0; j < p.tf_body; ++j) p.positions.push_back(10 + j * 7);
    SCOPED_TRACE(n);
    ExpectRoundTrip(5, in);
    PostingRunReader r;
    std::string v = Encode(5, in);
    ASSERT_TRUE(r.Init(v, 5).ok());
    EXPECT_EQ(r.block_count(), (n + kBlockSize - 1) / kBlockSize);
    EXPECT_EQ(r.blocks().back().last_doc, in.back().doc);
  }
}

TEST(PostingCodec, HugeGapsAndManyPositions) {
  std::vector<Posting> in;
  in.push_back({0, 0, 1, 1, 1, {0}});
  in.push_back({1'000'000'000u, 2, 0, 2, 0, {0, 1}});
  Posting many{kNoDoc - 1, 0, 100000, 0, 100000, {}};
  for (std::uint32_t j = 0; j < 100000; ++j) many.positions.push_back(j * 2);
  in.push_back(std::move(many));
  ExpectRoundTrip(0, in);
}

TEST(PostingCodec, BlockMaximaBoundEveryDocument) {
  std::mt19937 rng(42);
  std::vector<Posting> in;
  DocNum d = 1000;
  for (int i = 0; i < 1000; ++i) {
    d += 1 + rng() % 50;
    std::uint32_t tt = rng() % 3, tb = 1 + rng() % 9;
    Posting p{d, tt, tb, 1 + static_cast<std::uint32_t>(rng() % 20), 10 + static_cast<std::uint32_t>(rng() % 900), {}};
    for (std::uint32_t j = 0; j < tt + tb; ++j) p.positions.push_back(j * 3);
    in.push_back(std::move(p));
  }
  std::string v = Encode(1000, in);
  PostingRunReader r;
  ASSERT_TRUE(r.Init(v, 1000).ok());
  std::size_t i = 0;
  for (const auto& b : r.blocks()) {
    for (std::uint32_t k = 0; k < b.doc_count; ++k, ++i) {
      EXPECT_LE(in[i].tf_title, b.max_tf_title);
      EXPECT_LE(in[i].tf_body, b.max_tf_body);
      EXPECT_GE(in[i].len_title, b.min_len_title);
      EXPECT_GE(in[i].len_body, b.min_len_body);
    }
  }
  ExpectRoundTrip(1000, in);
}

TEST(PostingCodec, CorruptValuesAreRejectedNotRead) {
  std::vector<Posting> in;
  for (std::uint32_t i = 0; i < 300; ++i) in.push_back({i, 0, 1, 1, 1, {i}});
  std::string v = Encode(0, in);
  PostingRunReader r;
  EXPECT_TRUE(r.Init(v.substr(0, v.size() - 1), 0).IsCorruption());
  EXPECT_TRUE(r.Init(v.substr(0, 3), 0).IsCorruption());
  EXPECT_TRUE(r.Init("", 0).IsCorruption());
  std::string bad = v;
  bad[0] = static_cast<char>(0x7f);  // doc count no longer matches the blocks
  EXPECT_FALSE(r.Init(bad, 0).ok());
}

}  // namespace
}  // namespace sagasu
