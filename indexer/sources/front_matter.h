// Front matter of Markdown posts, parsed as the generators that wrote it
// parse it: YAML between `---` lines (Jekyll, Hugo) with libyaml, the parser
// under Jekyll's Psych; TOML between `+++` lines (Hugo) with toml++; a JSON
// object at the very start of the file (Hugo) with nlohmann-json.
//
// Repeated keys, decided per format:
//   YAML  the last value wins. Jekyll 4.3 (Psych) and Hugo 0.111 both do
//         that without a word (checked with both binaries), so the index
//         shows what the site shows.
//   TOML  an error, as in Hugo ("key title is already defined") and toml++.
//   JSON  an error naming the key. Hugo keeps the last value silently; a
//         JSON object with a key twice is ambiguous (RFC 8259), so sagasu
//         refuses it rather than guess.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/document.h"
#include "common/status.h"

namespace sagasu {

enum class FrontMatterFormat { kNone, kYaml, kToml, kJson };

struct FrontMatterSplit {
  FrontMatterFormat format = FrontMatterFormat::kNone;
  // True when format is not kNone.
  bool present = false;
  // The front matter text: for YAML and TOML the lines between the
  // delimiter lines, for JSON the object with its braces.
  std::string_view text;
  // File line of text's first line: 2 for YAML and TOML, 1 for JSON.
  int first_line = 1;
  // Everything after the front matter (or the whole input).
  std::string_view body;
};

// Splits `bytes` (without BOM) into front matter and body:
//   `---` line ... `---` or `...` line   YAML
//   `+++` line ... `+++` line            TOML
//   `{` then `"` or `}`                  JSON: up to the matching `}` (braces
//                                        inside strings do not count); the
//                                        rest of its line is skipped if blank
// A file opening with `{{` or `{%` (Liquid, a Hugo shortcode) has no front
// matter: its body starts at once. (Hugo 0.111 takes any leading `{` for JSON
// and fails on `{{< note >}}`; Jekyll would render it.) Errors (InvalidArgument, "<origin>:1: front matter: ..."): an
// opening line or brace that is never closed.
Status SplitFrontMatter(std::string_view bytes, std::string_view origin, FrontMatterSplit* out);

// What later publication rules need from the front matter; ParseFrontMatter
// fills it but applies none of it. Dates are the text as written (TOML
// dates in their TOML text form). Keys Hugo defines are matched ignoring case
// (Hugo lowercases keys): draft, publishDate (or publishdate, pubdate, then
// `published` when it is not a boolean, as Hugo reads it), expiryDate (or
// unpublishdate), lastmod (or modified), slug, layout, type, headless.
// `published` as a boolean is Jekyll's (case-sensitive) key; Hugo reads
// `published: false` the same way, as draft.
struct PostMeta {
  std::optional<bool> draft;
  std::optional<bool> published;
  // `date` as written (Article::date holds it parsed).
  std::string date_text;
  // Whether `date` is a plain YAML timestamp with a time of day, which
  // Psych (so Jekyll) reads as a Time: in UTC when it has no offset, where
  // a quoted one is read in the site's zone (FrontMatterTree::times).
  bool date_is_yaml_time = false;
  std::string publish_date;
  std::string expiry_date;
  std::string lastmod;
  std::string slug;
  std::string layout;
  std::string type;
  std::optional<bool> headless;
  // Whether the post has front matter at all (Jekyll renders only files that do).
  bool has_front_matter = false;
};

// Parses the front matter and fills the fields of *doc it names (and *meta,
// when not null). Recognized keys for *doc (case-sensitive):
//   id, title, date, author, url, permalink, tags, categories, category,
//   excerpt, description
// Others are ignored. doc->id is set from `id`, else `permalink`, and left
// alone otherwise; doc->url from `url`, else `permalink`; doc->excerpt from
// `excerpt`, else `description`; doc->categories from `categories`, then
// `category` (merged as Jekyll 4.3 merges them: `categories: [a, b]` with
// `category: c` is a, b, c). Lists accept a sequence (flow or block) or one scalar. In YAML
// a scalar `tags` or `categories` is split on ASCII whitespace into several
// items, as Jekyll (String#split) does; a scalar `category` is one item, as
// in Jekyll. In TOML and JSON a scalar stays one item, as in Hugo 0.111
// (`categories = "日記 京都"` is the one term 日記-京都 there). Items are
// trimmed, empty ones dropped and duplicates removed. Numbers and booleans are text the way the
// generator shows them (`title: 1_000` is "1000", `title: yes` is "true").
//
// Errors are InvalidArgument "<origin>:<line>: front matter: <reason>" with
// the line number in the file: syntax errors (with the parser's message:
// libyaml's, toml++'s or nlohmann's), repeated keys in TOML and JSON, a
// front matter that is not a mapping, a field of the wrong shape (e.g. a
// mapping as title, a string as draft), or a date ParseDate does not accept.
// JSON values carry no line of their own: errors about them name line 1.
Status ParseFrontMatter(const FrontMatterSplit& split, std::string_view origin, Article* doc,
                        PostMeta* meta = nullptr);

// YAML front matter text whose first line is line 2 of the file (as
// SplitFrontMatter cuts it from `---` lines).
Status ParseFrontMatter(std::string_view yaml, std::string_view origin, Article* doc, PostMeta* meta = nullptr);

}  // namespace sagasu
