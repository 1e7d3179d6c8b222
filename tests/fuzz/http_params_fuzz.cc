// Fuzz target: GET /search's query string to a SearchQuery, as the server
// does it: cpp-httplib decodes the raw query string into parameters
// (httplib::detail::parse_query_text, what fills Request::params), then
// ParseSearchParams (server/search_params.h) reads them.
// Invariants: no crash, sanitizer error or exception; an error is
// InvalidArgument with a message (the server's 400 body); accepted paging
// is in range (1 <= size <= kMaxPageSize, page >= 1, page * size <=
// kMaxResultWindow) and becomes offset (page - 1) * size and limit size; the
// query text is the q parameter and within max_query_bytes; filters respect
// their count and byte limits; parsing the same parameters again gives the
// same query. An error names a known code and a parameter of the input (or
// a known one); tracking parameters (utm_*, _*) never change the answer nor
// the canonical form behind the ETag. The same bytes as an Accept-Encoding
// or If-None-Match header (server/http_util.h) give q-values within 0..1.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include <httplib.h>

#include "fuzz_check.h"
#include "server/http_util.h"
#include "server/search_params.h"

namespace {

constexpr std::size_t kMaxQueryBytes = 1024;  // the server's default (ServerOptions)

std::string Describe(const sagasu::SearchQuery& q) {
  std::string s = q.text + "|";
  for (const auto& t : q.tags) s += t + ",";
  s += q.tags_any ? "|any|" : "|all|";
  for (const auto& t : q.categories) s += t + ",";
  s += "|";
  for (const auto& t : q.authors) s += t + ",";
  s += "|" + (q.since ? std::to_string(*q.since) : "-") + "|" + (q.until ? std::to_string(*q.until) : "-");
  s += "|" + std::to_string(static_cast<int>(q.sort)) + "|" + std::to_string(q.offset) + "|" +
       std::to_string(q.limit);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16 * 1024) return 0;
  FuzzNoThrow("ParseSearchParams", [&] {
    httplib::Params params;
    httplib::detail::parse_query_text(std::string(AsText(data, size)), params);
    sagasu::ParamFault fault;
    sagasu::Result<sagasu::SearchParams> r = sagasu::ParseSearchParams(params, kMaxQueryBytes, &fault);
    // The same parameters with tracking ones added: the same outcome and canonical form.
    httplib::Params tracked = params;
    tracked.emplace("utm_source", "fuzz");
    tracked.emplace("_", "1");
    FUZZ_CHECK(sagasu::CanonicalSearchParams(tracked) == sagasu::CanonicalSearchParams(params),
               "tracking parameters change the canonical form");
    sagasu::Result<sagasu::SearchParams> with_tracking = sagasu::ParseSearchParams(tracked, kMaxQueryBytes);
    FUZZ_CHECK(with_tracking.ok() == r.ok(), "tracking parameters change the outcome");
    // Header parsers on the same bytes.
    const sagasu::AcceptedCodings a = sagasu::ParseAcceptEncoding(AsText(data, size));
    for (double q : {a.gzip, a.br, a.identity}) FUZZ_CHECK(q >= 0 && q <= 1, "q out of 0..1");
    (void)sagasu::IfNoneMatchMatches(AsText(data, size), "W/\"0123\"");
    if (!r.ok()) {
      FUZZ_CHECK(r.status().IsInvalidArgument(), r.status().ToString());
      FUZZ_CHECK(!r.status().message().empty(), "error without a message");
      FUZZ_CHECK(fault.code == "invalid_parameter" || fault.code == "unknown_parameter" ||
                     fault.code == "query_too_long",
                 "unknown error code " + fault.code);
      FUZZ_CHECK(params.count(fault.param) > 0,
                 "fault names no parameter of the input: " + fault.param);
      return;
    }
    const sagasu::SearchParams& p = *r;
    FUZZ_CHECK(p.size >= 1 && p.size <= sagasu::kMaxPageSize, "size " + std::to_string(p.size));
    FUZZ_CHECK(p.page >= 1, "page 0");
    FUZZ_CHECK(p.page <= sagasu::kMaxResultWindow / p.size, "page*size over the window");
    FUZZ_CHECK(p.query.offset == (p.page - 1) * p.size, "offset");
    FUZZ_CHECK(p.query.limit == p.size, "limit");
    FUZZ_CHECK(p.query.text.size() <= kMaxQueryBytes, "query over max_query_bytes");
    auto q = params.find("q");
    FUZZ_CHECK(p.query.text == (q == params.end() ? std::string() : q->second), "text is not q");
    for (const auto* list : {&p.query.tags, &p.query.categories, &p.query.authors}) {
      FUZZ_CHECK(list->size() <= sagasu::kMaxFilterValues, "too many filter values");
      for (const auto& v : *list) FUZZ_CHECK(v.size() <= sagasu::kMaxFilterBytes, "filter value too long");
    }
    sagasu::Result<sagasu::SearchParams> again = sagasu::ParseSearchParams(params, kMaxQueryBytes);
    FUZZ_CHECK(again.ok() && Describe(again->query) == Describe(p.query), "second parse differs");
  });
  return 0;
}
