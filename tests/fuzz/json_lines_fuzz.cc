// Fuzz target: one JSON Lines record (ParseJsonLine, indexer/sources/source.h).
// Invariants: no crash, sanitizer error or exception; an error is
// InvalidArgument naming the origin; a record that parses has a non-empty
// id and UTF-8 fields, and round-trips: written back as a JSON object (the
// record's own keys, date as integer seconds) it parses to the same Article.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "indexer/sources/source.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  FuzzNoThrow("ParseJsonLine", [&] {
    const std::string origin = "fuzz.jsonl:1";
    sagasu::Result<sagasu::Article> r = sagasu::ParseJsonLine(AsText(data, size), origin);
    if (!r.ok()) {
      FUZZ_CHECK(r.status().IsInvalidArgument(), r.status().ToString());
      FUZZ_CHECK(r.status().message().find(origin) != std::string::npos,
                 "error does not name the origin: " + r.status().message());
      return;
    }
    const sagasu::Article& a = *r;
    FUZZ_CHECK(!a.id.empty(), "empty id");
    for (const std::string* f : {&a.id, &a.title, &a.body, &a.author, &a.excerpt, &a.url}) {
      FUZZ_CHECK(sagasu::IsValidUtf8(*f), "field not UTF-8");
    }
    nlohmann::json j = {{"id", a.id},         {"title", a.title},   {"body", a.body},
                        {"tags", a.tags},     {"categories", a.categories},
                        {"author", a.author}, {"excerpt", a.excerpt}, {"url", a.url}};
    if (a.date) j["date"] = *a.date;
    std::string line = j.dump();
    sagasu::Result<sagasu::Article> again = sagasu::ParseJsonLine(line, origin);
    FUZZ_CHECK(again.ok(), "round trip fails: " + again.status().ToString() + " on " + line);
    FUZZ_CHECK(SameArticle(*again, a), "round trip differs: " + line);
  });
  return 0;
}
