// The URL Jekyll (4.3) gives a post or a page, from the same inputs it uses:
// the permalink setting (a style name or a template), the front matter's
// permalink, slug and categories, the file name and the post's date in the
// site's time zone. The rules, checked against `jekyll build` (see
// tests/indexer/sources/jekyll_url_test.cc):
//
//   styles    date     /:categories/:year/:month/:day/:title:output_ext  (the default)
//             pretty   /:categories/:year/:month/:day/:title/
//             ordinal  /:categories/:year/:y_day/:title:output_ext
//             weekdate /:categories/:year/W:week/:short_day/:title:output_ext
//             none     /:categories/:title:output_ext
//   posts     :title   the front matter slug (pretty slugify, case kept), else
//                      the file name's slug (the part after the date)
//             :slug    the same, slugified and lower-cased
//             :name    the file name without extension, slugified
//             :categories  lower-cased, each once, joined by '/'
//             :slugified_categories  each slugified
//             :year :month :day :hour :minute :second :i_month :i_day
//             :short_year :y_day :short_month :long_month :collection
//             :output_ext (".html")
//             a front matter permalink is a template too (/:categories/:title/)
//   documents of a collection (`collections:` in _config.yml): the
//             collection's permalink, else /:collection/:path then '/' or
//             :output_ext as the site's permalink style ends (as for pages);
//             :path is the path in the collection without extension, case
//             kept ("sub/Ramen Noodle" → /recipes/sub/Ramen%20Noodle.html);
//             :title :slug :name as for posts; index.md is not special
//             (/docs/index.html). A `posts` collection permalink replaces
//             the permalink setting for posts.
//   pages     /:path/:basename then '/' or :output_ext as the style ends
//             (pretty: '/'; date, ordinal, none: ".html"; a template: as it
//             ends); index pages end at their folder
//   escaping  placeholder values are percent-escaped (EscapeUrlPath), the
//             template's own text is not; '//' collapses; the URL starts with
//             '/'. A URL without a trailing '/' or extension is served from
//             FILE.html by Jekyll and keeps no extension here, as in page.url.
//
// The result is page.url: without the site's baseurl.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time_zone.h"

namespace sagasu {

struct JekyllPost {
  std::string permalink_setting = "date";  // _config.yml permalink
  std::string front_matter_permalink;      // "" when none
  std::string collection = "posts";
  std::string collection_permalink;        // the collection's permalink in _config.yml, "" when none
  std::string path;                        // documents: the path in the collection, without extension
  std::string file_name;                   // "2024-06-18-tsuyu-to-hokkaido.md"
  std::optional<std::string> slug;         // front matter slug
  std::vector<std::string> categories;     // as Jekyll reads them (folders under _posts/ included)
  CivilTime date;  // as the site shows it (its time zone applied)
};

// page.url of a post, or InvalidArgument naming an unknown placeholder.
Result<std::string> JekyllPostUrl(const JekyllPost& post);

// page.url of a page at `path` relative to the site source
// ("about.md", "docs/guide.md", "docs/index.md").
Result<std::string> JekyllPageUrl(std::string_view path, std::string_view permalink_setting,
                                  std::string_view front_matter_permalink);

}  // namespace sagasu
