#include "server/http_util.h"

#include <brotli/encode.h>
#include <xxhash.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace sagasu {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A qvalue (RFC 9110 12.4.2): "0", "0.xxx", "1", "1.000"; nullopt otherwise.
std::optional<double> ParseQ(std::string_view s) {
  if (s.empty() || s.size() > 5 || (s[0] != '0' && s[0] != '1')) return std::nullopt;
  if (s.size() == 1) return s[0] == '1' ? 1.0 : 0.0;
  if (s[1] != '.') return std::nullopt;
  double frac = 0, scale = 0.1;
  for (char c : s.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    if (s[0] == '1' && c != '0') return std::nullopt;
    frac += (c - '0') * scale;
    scale /= 10;
  }
  return (s[0] == '1' ? 1.0 : 0.0) + frac;
}

}  // namespace

const char* ContentCodingName(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::kGzip: return "gzip";
    case ContentCoding::kBrotli: return "br";
    case ContentCoding::kIdentity: break;
  }
  return "";
}

AcceptedCodings ParseAcceptEncoding(std::string_view header) {
  std::optional<double> gzip, br, identity, star;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view element = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const std::size_t semi = element.find(';');
    const std::string name = Lower(Trim(element.substr(0, semi)));
    if (name.empty()) continue;
    double q = 1;
    bool valid = true;
    // Parameters: only q counts; anything else is ignored.
    for (std::string_view params = semi == std::string_view::npos ? std::string_view() : element.substr(semi + 1);
         !params.empty();) {
      const std::size_t next = params.find(';');
      const std::string_view param = Trim(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
      const std::size_t eq = param.find('=');
      if (eq == std::string_view::npos || Lower(Trim(param.substr(0, eq))) != "q") continue;
      const std::optional<double> parsed = ParseQ(Trim(param.substr(eq + 1)));
      if (!parsed) valid = false;
      else q = *parsed;
    }
    if (!valid) continue;
    // A coding named twice: the most permissive mention wins.
    auto set = [q](std::optional<double>& slot) { slot = std::max(slot.value_or(0.0), q); };
    if (name == "gzip" || name == "x-gzip") set(gzip);
    else if (name == "br") set(br);
    else if (name == "identity") set(identity);
    else if (name == "*") set(star);
  }
  AcceptedCodings out;
  out.gzip = gzip.value_or(star.value_or(0.0));
  out.br = br.value_or(star.value_or(0.0));
  // identity is acceptable unless named with q=0, or "*;q=0" without it.
  out.identity = identity.value_or(star.value_or(1.0));
  out.identity_named = identity || star;
  return out;
}

ContentCoding ChooseCoding(const AcceptedCodings& accepted, bool brotli, std::size_t body_bytes,
                           std::size_t min_bytes) {
  const double br = brotli ? accepted.br : 0.0;
  const double best = std::max(br, accepted.gzip);
  if (best <= 0) return ContentCoding::kIdentity;
  if (accepted.identity > 0) {
    if (body_bytes < min_bytes || (accepted.identity_named && accepted.identity > best)) {
      return ContentCoding::kIdentity;
    }
  }
  return br >= accepted.gzip ? ContentCoding::kBrotli : ContentCoding::kGzip;
}

bool IsCompressibleType(std::string_view content_type) {
  const std::string type = Lower(Trim(content_type.substr(0, content_type.find(';'))));
  if (type.rfind("text/", 0) == 0) return type != "text/event-stream";
  return type == "application/json" || type == "application/javascript" || type == "application/xml" ||
         type == "image/svg+xml" || type == "application/manifest+json" || type == "image/x-icon";
}

std::optional<std::string> GzipCompress(std::string_view data) {
  z_stream zs{};
  // windowBits 15 + 16: the gzip wrapper (RFC 1952), as Content-Encoding: gzip means.
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const std::size_t written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

std::optional<std::string> BrotliCompress(std::string_view data) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) return std::nullopt;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

std::string ContentETag(std::string_view content) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "\"%016llx\"",
                static_cast<unsigned long long>(XXH64(content.data(), content.size(), 0)));
  return buf;
}

bool IfNoneMatchMatches(std::string_view header, std::string_view etag) {
  auto opaque = [](std::string_view t) {
    if (t.size() >= 2 && t[0] == 'W' && t[1] == '/') t.remove_prefix(2);
    return t;
  };
  header = Trim(header);
  if (header == "*") return true;
  const std::string_view want = opaque(etag);
  // entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; the list is comma-separated
  // (a comma may not appear inside a tag).
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    const std::string_view tag = opaque(Trim(header.substr(0, comma)));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"' && tag == want) return true;
  }
  return false;
}

std::string ErrorJson(std::string_view code, std::string_view param, std::string_view message) {
  nlohmann::json e = {{"code", std::string(code)}};
  if (!param.empty()) e["param"] = std::string(param);
  e["message"] = std::string(message);
  // A message may quote a parameter's bytes: never let one bad byte fail the answer.
  return nlohmann::json{{"error", e}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sagasu
