// The HTTP pieces the server adds to httplib's: content-coding negotiation
// (Accept-Encoding with q-values) and compression, entity tags and
// If-None-Match, and the JSON error body every error answer carries.
//
// httplib 0.11 compresses text/* answers by itself, choosing gzip or br when
// the word merely appears in Accept-Encoding ("gzip;q=0" included), without
// Vary, and never JSON with a charset. The server therefore hides the
// content type from httplib until its post-routing step, which negotiates
// here (server/server.cc, FinishResponse).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sagasu {

// ---- Compression.

enum class ContentCoding { kIdentity, kGzip, kBrotli };

// "gzip", "br"; "" for identity.
const char* ContentCodingName(ContentCoding coding);

// What a request's Accept-Encoding allows (RFC 9110 12.5.3). Codings are
// case-insensitive, q is 0..1 with up to three decimals; "*" stands for
// every coding not named; "x-gzip" is gzip. No header: identity only.
// A malformed element (a bad q) is ignored, not an error.
struct AcceptedCodings {
  double gzip = 0;      // q of gzip (0: not acceptable)
  double br = 0;        // q of br
  double identity = 1;  // q of identity; 0 when refused ("identity;q=0", "*;q=0")
  // identity's q was given (by "identity" or "*"); an unnamed identity is
  // acceptable but not preferred to a named coding.
  bool identity_named = false;
};
AcceptedCodings ParseAcceptEncoding(std::string_view header);

// The coding to send: the acceptable one with the highest q (br before gzip
// on a tie, when `brotli` is available), or identity when neither is
// acceptable or when identity is named with a higher q than both
// ("gzip;q=0.5, identity"). A body shorter than
// `min_bytes` is sent as is unless the client refused identity.
ContentCoding ChooseCoding(const AcceptedCodings& accepted, bool brotli, std::size_t body_bytes,
                           std::size_t min_bytes);

// Whether compressing a body of this Content-Type pays: text, JSON,
// JavaScript, SVG, XML. Images, archives and anything already compressed:
// no.
bool IsCompressibleType(std::string_view content_type);

// `data` compressed with zlib's gzip wrapper (level 6), or nullopt when
// zlib fails.
std::optional<std::string> GzipCompress(std::string_view data);

// `data` compressed with brotli (quality 5, a speed close to gzip's), or
// nullopt when brotli fails.
std::optional<std::string> BrotliCompress(std::string_view data);

// ---- Entity tags.

// A strong entity tag for `content`: "\"<16 hex digits of XXH64>\"".
std::string ContentETag(std::string_view content);

// Whether an If-None-Match header matches `etag` (RFC 9110 13.1.2): "*", or
// any listed tag equal to `etag` under the weak comparison (W/ ignored on
// both sides). A malformed list matches nothing.
bool IfNoneMatchMatches(std::string_view header, std::string_view etag);

// ---- Errors.

// The body of every error answer:
//   {"error":{"code":"...","param":"...","message":"..."}}
// with "param" only when `param` is not empty. Codes: README, "Errors".
std::string ErrorJson(std::string_view code, std::string_view param, std::string_view message);

}  // namespace sagasu
