#include "server/search_params.h"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <vector>

#include "query/query_parser.h"

namespace sagasu {

namespace {

// A positive decimal integer, no sign, no spaces; false when out of range.
bool ParseCount(std::string_view s, std::size_t* out) {
  if (s.empty() || s.size() > 9) return false;
  std::size_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return false;
  *out = v;
  return true;
}

}  // namespace

Result<SearchParams> ParseSearchParams(const std::multimap<std::string, std::string>& params,
                                       std::size_t max_query_bytes) {
  static const std::vector<std::string_view> kSingle = {"q", "tag_mode", "since", "until", "sort", "page", "size"};
  static const std::vector<std::string_view> kRepeatable = {"tag", "category", "author"};
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
    const std::string& name = it->first;
    const bool single = std::find(kSingle.begin(), kSingle.end(), name) != kSingle.end();
    const bool repeatable = std::find(kRepeatable.begin(), kRepeatable.end(), name) != kRepeatable.end();
    if (!single && !repeatable) {
      return Status::InvalidArgument("unknown parameter '" + name +
                                     "' (known: q, tag, tag_mode, category, author, since, until, sort, page, size)");
    }
    const std::size_t n = params.count(name);
    if (single && n > 1) return Status::InvalidArgument("parameter '" + name + "' given " + std::to_string(n) + " times");
    if (repeatable && n > kMaxFilterValues) {
      return Status::InvalidArgument("parameter '" + name + "' given " + std::to_string(n) + " times (at most " +
                                     std::to_string(kMaxFilterValues) + ")");
    }
  }
  auto get = [&](std::string_view name) -> const std::string* {
    auto it = params.find(std::string(name));
    return it == params.end() ? nullptr : &it->second;
  };

  SearchParams out;
  SearchRequest& req = out.request;
  if (const std::string* q = get("q")) {
    if (q->size() > max_query_bytes) {
      return Status::InvalidArgument("parameter 'q' is " + std::to_string(q->size()) + " bytes long (at most " +
                                     std::to_string(max_query_bytes) + ")");
    }
    req.query = *q;
  }
  auto collect = [&](const char* name, std::vector<std::string>* values) -> Status {
    auto [b, e] = params.equal_range(name);
    for (auto it = b; it != e; ++it) {
      if (it->second.empty()) return Status::InvalidArgument(std::string("parameter '") + name + "' is empty");
      if (it->second.size() > kMaxFilterBytes) {
        return Status::InvalidArgument(std::string("parameter '") + name + "' is longer than " +
                                       std::to_string(kMaxFilterBytes) + " bytes");
      }
      values->push_back(it->second);
    }
    return Status::OK();
  };
  SAGASU_RETURN_IF_ERROR(collect("tag", &req.tags));
  SAGASU_RETURN_IF_ERROR(collect("category", &req.categories));
  SAGASU_RETURN_IF_ERROR(collect("author", &req.authors));
  if (const std::string* m = get("tag_mode")) {
    if (*m == "any") {
      req.tags_any = true;
    } else if (*m != "all") {
      return Status::InvalidArgument("parameter 'tag_mode' must be 'all' or 'any', not '" + *m + "'");
    }
  }
  for (const char* name : {"since", "until"}) {
    const std::string* v = get(name);
    if (!v) continue;
    const bool until = name[0] == 'u';
    auto t = ParseDateBound(*v, until, std::string("parameter '") + name + "'");
    if (!t.ok()) return t.status();
    (until ? req.until : req.since) = *t;
  }
  if (req.since && req.until && *req.since > *req.until) {
    return Status::InvalidArgument("parameter 'since' is after 'until'");
  }
  if (const std::string* s = get("sort")) {
    if (*s == "score") {
      req.sort = SearchRequest::Sort::kScore;
    } else if (*s == "date") {
      req.sort = SearchRequest::Sort::kDateDesc;
    } else if (*s == "date-asc") {
      req.sort = SearchRequest::Sort::kDateAsc;
    } else {
      return Status::InvalidArgument("parameter 'sort' must be score, date or date-asc, not '" + *s + "'");
    }
  }
  if (const std::string* p = get("page")) {
    if (!ParseCount(*p, &out.page) || out.page < 1) {
      return Status::InvalidArgument("parameter 'page' must be a whole number from 1, not '" + *p + "'");
    }
  }
  if (const std::string* s = get("size")) {
    if (!ParseCount(*s, &out.size) || out.size < 1 || out.size > kMaxPageSize) {
      return Status::InvalidArgument("parameter 'size' must be a whole number from 1 to " +
                                     std::to_string(kMaxPageSize) + ", not '" + *s + "'");
    }
  }
  if (out.page > kMaxResultWindow / out.size) {
    return Status::InvalidArgument("parameters 'page' and 'size' reach past result " +
                                   std::to_string(kMaxResultWindow) + " (page*size must be at most " +
                                   std::to_string(kMaxResultWindow) + ")");
  }
  req.offset = (out.page - 1) * out.size;
  req.limit = out.size;
  return out;
}

}  // namespace sagasu
