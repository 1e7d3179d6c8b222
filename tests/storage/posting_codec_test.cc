#include "storage/posting_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace sagasu {
namespace {

using format::kFieldBody;
using format::kFieldTitle;

struct Posting {
  DocNum doc;
  FieldCounts tf, len;
  std::vector<Position> positions;
};

// A posting with tf_body body positions 10, 17, 24, ... and no other field.
Posting Body(DocNum doc, std::uint32_t tf_body, std::uint32_t len_body) {
  Posting p{doc, {0, tf_body, 0}, {3, len_body, 0}, {}};
  for (std::uint32_t j = 0; j < tf_body; ++j) p.positions.push_back(10 + j * 7);
  return p;
}

std::string Encode(DocNum base, const std::vector<Posting>& postings) {
  PostingRunBuilder b(base);
  for (const auto& p : postings) b.Add(p.doc, p.tf, p.len, p.positions);
  return b.Finish();
}

std::vector<Posting> Decode(DocNum base, const std::string& value) {
  PostingRunReader r;
  EXPECT_TRUE(r.Init(value, base).ok());
  std::vector<Posting> out;
  for (std::size_t b = 0; b < r.block_count(); ++b) {
    const auto n = r.block(b).doc_count;
    std::vector<DocNum> docs(n);
    BlockFreqs tf;
    std::vector<std::uint32_t> offsets;
    std::vector<Position> pos;
    EXPECT_TRUE(r.DecodeBlock(b, docs.data(), &tf).ok());
    EXPECT_TRUE(r.DecodePositions(b, tf, &offsets, &pos).ok());
    for (std::uint32_t i = 0; i < n; ++i) {
      Posting p{docs[i], tf.At(i), {}, {}};
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
    EXPECT_EQ(out[i].tf, in[i].tf) << i;
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

TEST(PostingCodec, OneDocumentAtRunBase) { ExpectRoundTrip(100, {{100, {1, 2, 0}, {5, 40, 0}, {0, 10, 30}}}); }

TEST(PostingCodec, AllThreeFields) {
  // Title 0, body 1030 1040, meta (tags) 2100 2120.
  ExpectRoundTrip(0, {{4, {1, 2, 2}, {5, 40, 3}, {0, 1030, 1040, 2100, 2120}},
                      {9, {0, 0, 1}, {2, 9, 1}, {2000}},
                      {12, {0, 3, 0}, {2, 9, 0}, {1030, 1031, 1032}}});
}

TEST(PostingCodec, BlockEdges) {
  for (std::uint32_t n : {kBlockSize - 1, kBlockSize, kBlockSize + 1, 2 * kBlockSize, 3 * kBlockSize + 7}) {
    std::vector<Posting> in;
    for (std::uint32_t i = 0; i < n; ++i) in.push_back(Body(i * 3 + 5, 1 + i % 4, 50));
    SCOPED_TRACE(n);
    ExpectRoundTrip(5, in);
    PostingRunReader r;
    std::string v = Encode(5, in);
    ASSERT_TRUE(r.Init(v, 5).ok());
    EXPECT_EQ(r.block_count(), (n + kBlockSize - 1) / kBlockSize);
    EXPECT_EQ(r.blocks().back().last_doc, in.back().doc);
  }
}

// A cursor decodes the positions of the document it is on only
// (DecodeDocPositions), stepping over the documents before it: in any
// order of forward steps it gives what DecodePositions gives for the block,
// through positions of one to several varint bytes.
TEST(PostingCodec, OneDocumentsPositionsEqualTheWholeBlocks) {
  std::vector<Posting> in;
  for (std::uint32_t i = 0; i < 2 * kBlockSize + 3; ++i) {
    Posting p{i * 2 + 1, {i % 3, 1 + i % 11, 0}, {4, 60, 0}, {}};
    for (std::uint32_t j = 0; j < p.tf[kFieldTitle]; ++j) p.positions.push_back(j);
    for (std::uint32_t j = 0; j < p.tf[kFieldBody]; ++j) p.positions.push_back(5 + j * (i % 2 ? 300 : 20000));
    in.push_back(std::move(p));
  }
  const std::string v = Encode(1, in);
  PostingRunReader r;
  ASSERT_TRUE(r.Init(v, 1).ok());
  for (std::size_t step : {1, 2, 3, 7, 13, 200}) {
    for (std::size_t b = 0; b < r.block_count(); ++b) {
      SCOPED_TRACE(testing::Message() << "step " << step << " block " << b);
      const std::size_t n = r.block(b).doc_count;
      std::vector<DocNum> docs(n);
      BlockFreqs tf;
      ASSERT_TRUE(r.DecodeBlock(b, docs.data(), &tf).ok());
      std::vector<std::uint32_t> all_offsets;
      std::vector<Position> all, one;
      ASSERT_TRUE(r.DecodePositions(b, tf, &all_offsets, &all).ok());
      PostingRunReader::PositionsProgress progress;
      for (std::size_t d = step / 2; d < n; d += step) {
        ASSERT_TRUE(r.DecodeDocPositions(b, tf, d, &progress, &one).ok());
        ASSERT_EQ(progress.docs, d + 1);
        EXPECT_EQ(one, std::vector<Position>(all.begin() + all_offsets[d], all.begin() + all_offsets[d + 1]));
      }
      // Going back is refused, not read from the wrong bytes.
      if (progress.docs > 1) {
        EXPECT_FALSE(r.DecodeDocPositions(b, tf, 0, &progress, &one).ok());
      }
    }
  }
}

// A run copied document by document from its stored position bytes (every
// other document, as a synonym group copies one form's documents) is the
// run built from the decoded positions, byte for byte; and reading a
// document's bytes leaves it decodable.
TEST(PostingCodec, CopiedPositionBytesBuildTheSameRun) {
  std::vector<Posting> in;
  for (std::uint32_t i = 0; i < 2 * kBlockSize + 3; ++i) {
    Posting p{i * 3 + 2, {i % 2, 1 + i % 7, i % 5 == 0}, {4, 60, 2}, {}};
    for (std::uint32_t j = 0; j < p.tf[kFieldTitle]; ++j) p.positions.push_back(j);
    for (std::uint32_t j = 0; j < p.tf[kFieldBody]; ++j) p.positions.push_back(5 + j * (i % 2 ? 300 : 70000));
    if (p.tf[format::kFieldMeta]) p.positions.push_back(900000);
    in.push_back(std::move(p));
  }
  const std::string v = Encode(2, in);
  PostingRunReader r;
  ASSERT_TRUE(r.Init(v, 2).ok());
  PostingRunBuilder copied(0), decoded(0);
  std::size_t i = 0;
  for (std::size_t b = 0; b < r.block_count(); ++b) {
    const std::size_t n = r.block(b).doc_count;
    std::vector<DocNum> docs(n);
    BlockFreqs tf;
    ASSERT_TRUE(r.DecodeBlock(b, docs.data(), &tf).ok());
    PostingRunReader::PositionsProgress progress;
    for (std::size_t d = 0; d < n; ++d, ++i) {
      if (i % 2) continue;
      std::string_view bytes;
      ASSERT_TRUE(r.DocPositionBytes(b, tf, d, &progress, &bytes).ok());
      copied.AddEncoded(docs[d], tf.At(d), in[i].len, bytes);
      std::vector<Position> one;
      ASSERT_TRUE(r.DecodeDocPositions(b, tf, d, &progress, &one).ok());
      EXPECT_EQ(one, in[i].positions);
      decoded.Add(docs[d], tf.At(d), in[i].len, one);
    }
  }
  EXPECT_EQ(copied.Finish(), decoded.Finish());
}

TEST(PostingCodec, HugeGapsAndManyPositions) {
  std::vector<Posting> in;
  in.push_back({0, {0, 1, 0}, {1, 1, 0}, {0}});
  in.push_back({1'000'000'000u, {2, 0, 0}, {2, 0, 0}, {0, 1}});
  Posting many{kNoDoc - 1, {0, 100000, 0}, {0, 100000, 0}, {}};
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
    const FieldCounts tf{static_cast<std::uint32_t>(rng() % 3), static_cast<std::uint32_t>(1 + rng() % 9),
                         static_cast<std::uint32_t>(rng() % 5 == 0)};
    const FieldCounts len{static_cast<std::uint32_t>(1 + rng() % 20), static_cast<std::uint32_t>(10 + rng() % 900),
                          static_cast<std::uint32_t>(1 + rng() % 6)};
    Posting p{d, tf, len, {}};
    for (std::uint32_t j = 0; j < tf[0] + tf[1] + tf[2]; ++j) p.positions.push_back(j * 3);
    in.push_back(std::move(p));
  }
  std::string v = Encode(1000, in);
  PostingRunReader r;
  ASSERT_TRUE(r.Init(v, 1000).ok());
  std::size_t i = 0;
  for (const auto& b : r.blocks()) {
    FieldCounts max_tf{}, min_len{~0u, ~0u, ~0u};
    for (std::uint32_t k = 0; k < b.doc_count; ++k, ++i) {
      for (std::size_t f = 0; f < kFieldCount; ++f) {
        if (in[i].tf[f] == 0) continue;
        max_tf[f] = std::max(max_tf[f], in[i].tf[f]);
        min_len[f] = std::min(min_len[f], in[i].len[f]);
      }
    }
    for (std::size_t f = 0; f < kFieldCount; ++f) {
      SCOPED_TRACE(f);
      EXPECT_EQ(b.max_tf[f], max_tf[f]);  // exact: the bound is as tight as the block allows
      EXPECT_EQ((b.fields >> f) & 1, max_tf[f] > 0 ? 1 : 0);
      if (max_tf[f] > 0) {
        EXPECT_EQ(b.min_len[f], min_len[f]);  // over the docs holding the term there
      }
    }
  }
  ExpectRoundTrip(1000, in);
}

TEST(PostingCodec, AFieldNoDocumentOfABlockUsesCostsNoBytes) {
  // The same body postings, once alone and once with one title occurrence
  // in one document: the title column appears only in the second.
  std::vector<Posting> body_only;
  for (std::uint32_t i = 0; i < kBlockSize; ++i) body_only.push_back(Body(i, 1, 50));
  std::vector<Posting> one_title = body_only;
  one_title[7].tf[kFieldTitle] = 1;
  one_title[7].positions.insert(one_title[7].positions.begin(), 0);
  const std::string a = Encode(0, body_only), b = Encode(0, one_title);
  // The title column (one byte per document), its bounds (2 bytes) and the
  // one extra position (1 byte).
  EXPECT_EQ(b.size() - a.size(), kBlockSize + 2 + 1);
  ExpectRoundTrip(0, one_title);
}

TEST(PostingCodec, CorruptValuesAreRejectedNotRead) {
  std::vector<Posting> in;
  for (std::uint32_t i = 0; i < 300; ++i) in.push_back({i, {0, 1, 0}, {1, 1, 0}, {i}});
  std::string v = Encode(0, in);
  PostingRunReader r;
  EXPECT_TRUE(r.Init(v.substr(0, v.size() - 1), 0).IsCorruption());
  EXPECT_TRUE(r.Init(v.substr(0, 3), 0).IsCorruption());
  EXPECT_TRUE(r.Init("", 0).IsCorruption());
  std::string bad = v;
  bad[0] = static_cast<char>(0x7f);  // doc count no longer matches the blocks
  EXPECT_FALSE(r.Init(bad, 0).ok());
}

TEST(PostingCodec, UnknownOrEmptyFieldMaskIsCorruption) {
  // One doc at 0: header (2 bytes), then the skip entry: delta 0, docs
  // bytes, pos bytes, then the field mask.
  const std::string v = Encode(0, {Body(0, 1, 5)});
  ASSERT_EQ(static_cast<unsigned char>(v[5]), 1u << kFieldBody);
  PostingRunReader r;
  ASSERT_TRUE(r.Init(v, 0).ok());
  for (unsigned char mask : {0x00, 0x08, 0x80}) {
    std::string bad = v;
    bad[5] = static_cast<char>(mask);
    EXPECT_TRUE(r.Init(bad, 0).IsCorruption()) << int{mask};
  }
}

}  // namespace
}  // namespace sagasu
