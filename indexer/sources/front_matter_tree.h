// Front matter parsed into one value model for YAML, TOML and JSON: an
// nlohmann::json tree plus the file line of each value, so that the rules
// that map keys to Article fields (front_matter.cc) are written once.
// Internal to indexer/sources/.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "common/status.h"

namespace sagasu {

struct FrontMatterTree {
  // A JSON object (or null for an empty front matter). Scalars are typed the
  // way the format's generator types them; see ParseYamlTree.
  nlohmann::json root;
  // File line of a value, by JSON pointer ("/title", "/tags/1"). Values
  // missing here (all of JSON front matter) are on `first_line`.
  std::unordered_map<std::string, int> lines;
  int first_line = 1;
  // JSON pointers of the YAML values Psych reads as a Time: plain scalars
  // with a date and a time of day ("2024-05-05 10:00:00", offset optional).
  // Psych reads one without an offset as UTC, not in the site's zone.
  std::unordered_set<std::string> times;
  // What the text is, in error messages: "front matter", or "config" for a
  // site's config file (set by the caller before parsing).
  std::string what = "front matter";

  int LineOf(const nlohmann::json::json_pointer& where) const {
    auto it = lines.find(where.to_string());
    return it == lines.end() ? first_line : it->second;
  }
};

// InvalidArgument "<origin>:<line>: <what>: <reason>" (no ":<line>" when
// line is 0).
Status FrontMatterError(std::string_view origin, int line, std::string_view reason,
                        std::string_view what = "front matter");

// YAML with libyaml (the parser under Jekyll's Psych), typed as Psych types
// plain scalars (YAML 1.1): ~, null (any case) and empty are null;
// true/false/yes/no/on/off (any case) are booleans; integers in base 10
// (with '_' or ',' separators), 0b binary, 0 octal and 0x hex are numbers, as
// are floats with a '.'. Everything else, and every quoted or block (| >)
// scalar or one tagged !!str, is a string; timestamps stay strings too (dates
// are parsed later), those with a time of day listed in `times`. Aliases are resolved (an alias to no earlier anchor is
// an error); the merge key `<<` is an ordinary key here, where Psych merges.
// Keys are text as written. A key given twice keeps its last value, as Psych
// and Hugo do. `first_line` is the file line of the text's
// first line. Errors carry libyaml's message and the line in the file.
Status ParseYamlTree(std::string_view text, std::string_view origin, int first_line, FrontMatterTree* out);

// TOML with toml++ (Hugo's `+++` front matter). Dates, times and date-times
// become their TOML text ("2024-05-05T10:00:00+09:00"). A key defined twice is
// an error, as in Hugo.
Status ParseTomlTree(std::string_view text, std::string_view origin, int first_line, FrontMatterTree* out);

// JSON with nlohmann (Hugo's `{...}` front matter). A key given twice is an
// error naming the key (Hugo keeps the last one silently).
Status ParseJsonTree(std::string_view text, std::string_view origin, int first_line, FrontMatterTree* out);

}  // namespace sagasu
