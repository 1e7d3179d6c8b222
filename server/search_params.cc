#include "server/search_params.h"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <vector>

namespace sagasu {

namespace {

using Params = std::multimap<std::string, std::string>;

// A positive decimal integer, no sign, no spaces; false when out of range.
bool ParseCount(std::string_view s, std::size_t* out) {
  if (s.empty() || s.size() > 9) return false;
  std::size_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return false;
  *out = v;
  return true;
}

// Every parameter is known, and given at most as often as it may be.
Status CheckNames(const Params& params, ParamFault* fault) {
  static const std::vector<std::string_view> kSingle = {"q", "tag_mode", "since", "until", "sort", "page", "size", "prefix"};
  static const std::vector<std::string_view> kRepeatable = {"tag", "category", "author"};
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
    const std::string& name = it->first;
    if (IsIgnoredParam(name)) continue;
    fault->param = name;
    const bool single = std::find(kSingle.begin(), kSingle.end(), name) != kSingle.end();
    const bool repeatable = std::find(kRepeatable.begin(), kRepeatable.end(), name) != kRepeatable.end();
    if (!single && !repeatable) {
      fault->code = "unknown_parameter";
      return Status::InvalidArgument("unknown parameter '" + name +
                                     "' (known: q, prefix, tag, tag_mode, category, author, since, until, sort, page, size)");
    }
    const std::size_t n = params.count(name);
    if (single && n > 1) return Status::InvalidArgument("parameter '" + name + "' given " + std::to_string(n) + " times");
    if (repeatable && n > kMaxFilterValues) {
      return Status::InvalidArgument("parameter '" + name + "' given " + std::to_string(n) + " times (at most " +
                                     std::to_string(kMaxFilterValues) + ")");
    }
  }
  return Status::OK();
}

const std::string* Get(const Params& params, std::string_view name) {
  auto it = params.find(std::string(name));
  return it == params.end() ? nullptr : &it->second;
}

// The values of a repeatable filter parameter.
Status Collect(const Params& params, const char* name, std::vector<std::string>* values, ParamFault* fault) {
  fault->param = name;
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
}

// q, tag, category, author and tag_mode.
Status ParseTextAndFilters(const Params& params, std::size_t max_query_bytes, SearchQuery* q, ParamFault* fault) {
  fault->param = "q";
  if (const std::string* text = Get(params, "q")) {
    if (text->size() > max_query_bytes) {
      fault->code = "query_too_long";
      return Status::InvalidArgument("parameter 'q' is " + std::to_string(text->size()) + " bytes long (at most " +
                                     std::to_string(max_query_bytes) + ")");
    }
    q->text = *text;
  }
  SAGASU_RETURN_IF_ERROR(Collect(params, "tag", &q->tags, fault));
  SAGASU_RETURN_IF_ERROR(Collect(params, "category", &q->categories, fault));
  SAGASU_RETURN_IF_ERROR(Collect(params, "author", &q->authors, fault));
  // As-you-type search: the last word of q is a prefix unless q ends in a
  // space (prefix=last, the default) or prefix=none.
  q->prefix_last = true;
  fault->param = "prefix";
  if (const std::string* p = Get(params, "prefix")) {
    if (*p == "none") {
      q->prefix_last = false;
    } else if (*p != "last") {
      return Status::InvalidArgument("parameter 'prefix' must be 'last' or 'none', not '" + *p + "'");
    }
  }
  fault->param = "tag_mode";
  if (const std::string* m = Get(params, "tag_mode")) {
    if (*m == "any") {
      q->tags_any = true;
    } else if (*m != "all") {
      return Status::InvalidArgument("parameter 'tag_mode' must be 'all' or 'any', not '" + *m + "'");
    }
  }
  return Status::OK();
}

// since, until and sort.
Status ParseDatesAndSort(const Params& params, SearchQuery* q, ParamFault* fault) {
  for (const char* name : {"since", "until"}) {
    fault->param = name;
    const std::string* v = Get(params, name);
    if (!v) continue;
    const bool until = name[0] == 'u';
    Result<std::int64_t> t = ParseDateFilter(*v, until, std::string("parameter '") + name + "'");
    if (!t.ok()) return t.status();
    (until ? q->until : q->since) = *t;
  }
  fault->param = "since";
  if (q->since && q->until && *q->since > *q->until) {
    return Status::InvalidArgument("parameter 'since' is after 'until'");
  }
  fault->param = "sort";
  if (const std::string* s = Get(params, "sort")) {
    const std::optional<SearchQuery::Sort> sort = ParseSortName(*s);
    if (!sort) {
      return Status::InvalidArgument("parameter 'sort' must be " + std::string(kSortNames) + ", not '" + *s + "'");
    }
    q->sort = *sort;
  }
  return Status::OK();
}

// page and size, and the offset and limit they mean.
Status ParsePaging(const Params& params, SearchParams* out, ParamFault* fault) {
  fault->param = "page";
  if (const std::string* p = Get(params, "page")) {
    if (!ParseCount(*p, &out->page) || out->page < 1) {
      return Status::InvalidArgument("parameter 'page' must be a whole number from 1, not '" + *p + "'");
    }
  }
  fault->param = "size";
  if (const std::string* s = Get(params, "size")) {
    if (!ParseCount(*s, &out->size) || !limits::kPageSize.Contains(static_cast<double>(out->size))) {
      return Status::InvalidArgument("parameter 'size' must be a whole number from 1 to " +
                                     std::to_string(kMaxPageSize) + ", not '" + *s + "'");
    }
  }
  fault->param = "page";
  if (out->page > kMaxResultWindow / out->size) {
    return Status::InvalidArgument("parameters 'page' and 'size' reach past result " +
                                   std::to_string(kMaxResultWindow) + " (page*size must be at most " +
                                   std::to_string(kMaxResultWindow) + ")");
  }
  out->query.offset = (out->page - 1) * out->size;
  out->query.limit = out->size;
  return Status::OK();
}

// Each stage sets fault->param before each check, and fault->code when the
// error is not a plain invalid_parameter.
Status Parse(const Params& params, std::size_t max_query_bytes, SearchParams* out, ParamFault* fault) {
  SAGASU_RETURN_IF_ERROR(CheckNames(params, fault));
  SAGASU_RETURN_IF_ERROR(ParseTextAndFilters(params, max_query_bytes, &out->query, fault));
  SAGASU_RETURN_IF_ERROR(ParseDatesAndSort(params, &out->query, fault));
  return ParsePaging(params, out, fault);
}

}  // namespace

bool IsIgnoredParam(std::string_view name) {
  return name.rfind("utm_", 0) == 0 || name.rfind('_', 0) == 0;
}

Result<SearchParams> ParseSearchParams(const Params& params, std::size_t max_query_bytes, ParamFault* fault) {
  ParamFault local;
  SearchParams out;
  if (Status s = Parse(params, max_query_bytes, &out, &local); !s.ok()) {
    if (local.code.empty()) local.code = "invalid_parameter";
    if (fault) *fault = std::move(local);
    return s;
  }
  return out;
}

std::string CanonicalSearchParams(const Params& params) {
  std::vector<std::pair<std::string_view, std::string_view>> kept;
  for (const auto& [name, value] : params) {
    if (!IsIgnoredParam(name)) kept.emplace_back(name, value);
  }
  std::sort(kept.begin(), kept.end());
  std::string out;
  for (const auto& [name, value] : kept) {
    out += std::to_string(name.size()) + ":" + std::string(name) + "=" + std::to_string(value.size()) + ":" +
           std::string(value) + "\n";
  }
  return out;
}

}  // namespace sagasu
