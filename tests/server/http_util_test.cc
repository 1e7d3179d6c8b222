// server/http_util.h: Accept-Encoding negotiation, gzip and brotli, entity
// tags and If-None-Match, the JSON error body.
#include "server/http_util.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sagasu {
namespace {

// zlib's inflate of a gzip stream; nullopt when it is not one.
std::optional<std::string> Gunzip(const std::string& data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return std::nullopt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[4096];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

std::optional<std::string> Unbrotli(const std::string& data, std::size_t size) {
  std::string out(size, '\0');
  std::size_t n = size;
  if (BrotliDecoderDecompress(data.size(), reinterpret_cast<const uint8_t*>(data.data()), &n,
                              reinterpret_cast<uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS) {
    return std::nullopt;
  }
  out.resize(n);
  return out;
}

// Japanese text as the answers carry it.
std::string JapaneseJson() {
  std::string s = R"({"hits":[)";
  for (int i = 0; i < 40; ++i) {
    s += R"({"title":"札幌の雪まつりと北海道の冬)" + std::to_string(i) +
         R"(","snippet":"<mark>北海道</mark>の冬は長く、雪まつりには毎年二百万人が訪れる。"},)";
  }
  s += R"({}]})";
  return s;
}

TEST(HttpUtilTest, AcceptEncodingQValues) {
  struct Case {
    const char* header;
    double gzip, br, identity;
  };
  const std::vector<Case> cases = {
      {"", 0, 0, 1},
      {"gzip", 1, 0, 1},
      {"gzip, deflate, br", 1, 1, 1},
      {"GZIP;Q=0.5", 0.5, 0, 1},
      {"x-gzip", 1, 0, 1},
      {"gzip;q=0", 0, 0, 1},
      {"gzip;q=0, br;q=0.8", 0, 0.8, 1},
      {"gzip , identity;q=0", 1, 0, 0},
      {"*", 1, 1, 1},
      {"*;q=0", 0, 0, 0},
      {"*;q=0, identity", 0, 0, 1},
      {"br;q=0.2, *;q=0.7", 0.7, 0.2, 0.7},
      {"gzip;q=1.5", 0, 0, 1},      // not a qvalue: the element is ignored
      {"gzip;q=0.1234", 0, 0, 1},   // four decimals: ignored
      {"gzip;level=9;q=0.3", 0.3, 0, 1},
      {"gzip;q=0.001", 0.001, 0, 1},
      {",,gzip,,", 1, 0, 1},
  };
  for (const auto& c : cases) {
    const AcceptedCodings a = ParseAcceptEncoding(c.header);
    EXPECT_DOUBLE_EQ(a.gzip, c.gzip) << c.header;
    EXPECT_DOUBLE_EQ(a.br, c.br) << c.header;
    EXPECT_DOUBLE_EQ(a.identity, c.identity) << c.header;
  }
}

TEST(HttpUtilTest, ChooseCoding) {
  struct Case {
    const char* header;
    bool brotli;
    std::size_t bytes;
    ContentCoding want;
  };
  using C = ContentCoding;
  const std::vector<Case> cases = {
      {"", true, 5000, C::kIdentity},
      {"gzip", true, 5000, C::kGzip},
      {"gzip, br", true, 5000, C::kBrotli},
      {"gzip, br", false, 5000, C::kGzip},
      {"gzip;q=1, br;q=0.5", true, 5000, C::kGzip},
      {"gzip;q=0", true, 5000, C::kIdentity},
      {"gzip", true, 100, C::kIdentity},                // too small to pay
      {"gzip, identity;q=0", true, 100, C::kGzip},      // identity refused: small or not
      {"identity;q=0", true, 5000, C::kIdentity},       // nothing acceptable: identity anyway
      {"gzip;q=0.5, identity", true, 5000, C::kIdentity},  // identity preferred
      {"gzip;q=0.5", true, 5000, C::kGzip},                 // identity not named: no preference
      {"br;q=0.2, *;q=0.7", true, 5000, C::kGzip},          // gzip by *, as good as identity
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ChooseCoding(ParseAcceptEncoding(c.header), c.brotli, c.bytes, 1024), c.want) << c.header;
  }
}

TEST(HttpUtilTest, CompressibleTypes) {
  for (const char* t : {"application/json; charset=utf-8", "text/html; charset=utf-8", "text/javascript",
                        "text/css; charset=utf-8", "image/svg+xml", "APPLICATION/JSON"}) {
    EXPECT_TRUE(IsCompressibleType(t)) << t;
  }
  for (const char* t : {"image/png", "application/gzip", "application/octet-stream", "text/event-stream", ""}) {
    EXPECT_FALSE(IsCompressibleType(t)) << t;
  }
}

TEST(HttpUtilTest, GzipAndBrotliRoundTrip) {
  const std::string body = JapaneseJson();
  const auto gz = GzipCompress(body);
  ASSERT_TRUE(gz);
  EXPECT_LT(gz->size(), body.size() / 3);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
  EXPECT_EQ(Gunzip(*gz), body);
  const auto br = BrotliCompress(body);
  ASSERT_TRUE(br);
  EXPECT_LT(br->size(), body.size() / 3);
  EXPECT_EQ(Unbrotli(*br, body.size()), body);
  // The empty body too.
  EXPECT_EQ(Gunzip(*GzipCompress("")), "");
}

TEST(HttpUtilTest, IfNoneMatch) {
  const std::string strong = ContentETag("北海道");
  ASSERT_EQ(strong.size(), 18u);
  EXPECT_NE(strong, ContentETag("北海道 "));
  EXPECT_EQ(strong, ContentETag("北海道"));
  const std::string weak = "W/" + strong;
  struct Case {
    std::string header;
    std::string etag;
    bool match;
  };
  const std::vector<Case> cases = {
      {strong, strong, true},
      {weak, strong, true},  // weak comparison
      {strong, weak, true},
      {"*", strong, true},
      {" * ", weak, true},
      {"\"other\", " + strong, strong, true},
      {"\"other\",W/" + strong + " ,\"x\"", strong, true},
      {"\"other\"", strong, false},
      {"", strong, false},
      {strong.substr(1, 16), strong, false},  // unquoted
      {"W/\"\"", "\"\"", true},
      {"\"a\", *", "\"b\"", false},  // '*' only alone
  };
  for (const auto& c : cases) {
    EXPECT_EQ(IfNoneMatchMatches(c.header, c.etag), c.match) << c.header << " vs " << c.etag;
  }
}

TEST(HttpUtilTest, ErrorJsonShape) {
  auto j = nlohmann::json::parse(ErrorJson("invalid_parameter", "size", "parameter 'size' must be..."));
  EXPECT_EQ(j, nlohmann::json::parse(
                   R"({"error":{"code":"invalid_parameter","param":"size","message":"parameter 'size' must be..."}})"));
  j = nlohmann::json::parse(ErrorJson("not_found", "", "not found: /x"));
  EXPECT_EQ(j["error"].size(), 2u);
  EXPECT_FALSE(j["error"].contains("param"));
  // A bad byte in a message does not break the JSON.
  j = nlohmann::json::parse(ErrorJson("invalid_parameter", "q", "bad \xff byte"));
  EXPECT_EQ(j["error"]["param"], "q");
}

}  // namespace
}  // namespace sagasu
