// The parameter table's helpers (include/sagasu/limits.h). Standard library
// only; ParseDateFilter is in api/sagasu.cc, next to the engine's date parser.
#include "sagasu/limits.h"

#include <cmath>
#include <cstdio>

namespace sagasu {

namespace {

// 100 as "100", 0.75 as "0.75", 1e15 as "1000000000000000".
std::string Number(double v) {
  char buf[64];
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e16) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%g", v);
  }
  return buf;
}

}  // namespace

std::string RangeText(const ParamLimit& limit) { return "[" + Number(limit.min) + ", " + Number(limit.max) + "]"; }

Status CheckLimit(const ParamLimit& limit, double value, std::string_view what) {
  if (limit.Contains(value)) return Status::OK();
  return Status::InvalidArgument(std::string(what) + ": " + Number(value) + " is out of range " + RangeText(limit));
}

std::optional<SearchQuery::Sort> ParseSortName(std::string_view name) {
  if (name == "score") return SearchQuery::Sort::kScore;
  if (name == "date") return SearchQuery::Sort::kDateDesc;
  if (name == "date-asc") return SearchQuery::Sort::kDateAsc;
  return std::nullopt;
}

std::string_view SortName(SearchQuery::Sort sort) {
  switch (sort) {
    case SearchQuery::Sort::kScore: return "score";
    case SearchQuery::Sort::kDateDesc: return "date";
    case SearchQuery::Sort::kDateAsc: return "date-asc";
  }
  return "score";
}

}  // namespace sagasu
