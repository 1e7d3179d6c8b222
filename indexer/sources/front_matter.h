// YAML front matter of Markdown posts, as Jekyll and Hugo write it.
#pragma once

#include <string_view>

#include "common/document.h"
#include "common/status.h"

namespace sagasu {

struct FrontMatterSplit {
  // True when the post starts with a `---` line closed by `---` or `...`.
  bool present = false;
  // The YAML text between the delimiter lines. Its first line is line 2 of
  // the file.
  std::string_view yaml;
  // Everything after the closing delimiter line (or the whole input).
  std::string_view body;
};

// Splits `bytes` (without BOM) into front matter and body. Errors
// (InvalidArgument, "<origin>:<line>: front matter: ..."): an opening `---`
// without a closing line; TOML front matter (`+++`), which is not supported.
Status SplitFrontMatter(std::string_view bytes, std::string_view origin, FrontMatterSplit* out);

// Parses `yaml` and fills the fields of *doc it names. Recognized keys:
//   id, title, date, author, url, permalink, tags, categories, category,
//   excerpt, description
// Others are ignored. doc->id is set from `id`, else `permalink`, and left
// alone otherwise; doc->url from `url`, else `permalink`; doc->excerpt from
// `excerpt`, else `description`; doc->categories from `categories`, else
// `category`. Lists accept a YAML sequence (flow or block) or one scalar,
// which becomes a one-element list (no splitting on spaces or commas);
// items are trimmed, empty ones dropped and duplicates removed.
//
// Errors are InvalidArgument "<origin>:<line>: front matter: <reason>" with
// the line number in the file: YAML syntax errors, a front matter that is not
// a mapping, a field of the wrong shape (e.g. a mapping as title), or a date
// ParseDate does not accept.
Status ParseFrontMatter(std::string_view yaml, std::string_view origin, Article* doc);

}  // namespace sagasu
