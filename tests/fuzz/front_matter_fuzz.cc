// Fuzz target: a post with front matter (ParsePost, indexer/sources/source.h;
// YAML with libyaml, TOML with toml++, JSON with nlohmann).
// Invariants: no crash, sanitizer error or exception; an error is
// InvalidArgument and names the file ("fuzz/post.md..."); SplitFrontMatter's
// pieces lie inside the input; a post that parses has an id, valid UTF-8
// fields, and parses to the same Article again (no hidden state).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "indexer/sources/front_matter.h"
#include "indexer/sources/source.h"

namespace {

bool Within(std::string_view part, std::string_view whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  FuzzNoThrow("ParsePost", [&] {
    std::string_view bytes = AsText(data, size);
    const std::string origin = "fuzz/post.md";

    sagasu::FrontMatterSplit split;
    sagasu::Status s = sagasu::SplitFrontMatter(bytes, origin, &split);
    if (s.ok()) {
      FUZZ_CHECK(Within(split.text, bytes) && Within(split.body, bytes), "split outside the input");
      FUZZ_CHECK(split.present == (split.format != sagasu::FrontMatterFormat::kNone), "present vs format");
      sagasu::Article doc;
      sagasu::PostMeta meta;
      sagasu::Status p = sagasu::ParseFrontMatter(split, origin, &doc, &meta);
      FUZZ_CHECK(p.ok() || p.IsInvalidArgument(), p.ToString());
    } else {
      FUZZ_CHECK(s.IsInvalidArgument(), s.ToString());
    }

    sagasu::PostMeta meta;
    sagasu::Result<sagasu::Article> r = sagasu::ParsePost(bytes, "fuzz/post", origin, &meta);
    if (!r.ok()) {
      FUZZ_CHECK(r.status().IsInvalidArgument(), r.status().ToString());
      FUZZ_CHECK(r.status().message().rfind(origin, 0) == 0, "error does not name the file: " + r.status().message());
      return;
    }
    const sagasu::Article& a = *r;
    FUZZ_CHECK(!a.id.empty(), "empty id");
    for (const std::string* f : {&a.id, &a.title, &a.body, &a.author, &a.excerpt, &a.url}) {
      FUZZ_CHECK(sagasu::IsValidUtf8(*f), "field not UTF-8: " + *f);
    }
    for (const auto& list : {a.tags, a.categories}) {
      for (const std::string& t : list) FUZZ_CHECK(!t.empty() && sagasu::IsValidUtf8(t), "bad list item: " + t);
    }
    sagasu::Result<sagasu::Article> again = sagasu::ParsePost(bytes, "fuzz/post", origin, nullptr);
    FUZZ_CHECK(again.ok() && SameArticle(*again, a), "second parse differs");
  });
  return 0;
}
