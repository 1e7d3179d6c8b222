// The URL Hugo (0.111) gives a page, .RelPermalink, from the same inputs it
// uses: the page's path under contentDir, its front matter title, slug and
// url, its date, the site's [permalinks], uglyURLs and the path of baseURL.
// The rules, checked against `hugo` 0.111.3 (see
// tests/indexer/sources/hugo_url_test.cc):
//
//   sanitize  (Hugo's MakePathSanitized, and urlize before escaping) keeps
//             letters, marks and decimal digits of every script and
//             . / \ _ # + ~ - @ (and '%' before two hex digits); a run of
//             white space (U+3000 too) becomes one '-', except at the start
//             or end or next to a '-'; everything else is DROPPED, not turned
//             into '-' as Jekyll does ("a!b" → "ab", "スマートフォン・レビュー"
//             → "スマートフォンレビュー", "Hello, World!" → "hello-world");
//             '-' runs already in the text stay ("a--b"); then lower-cased
//             code point by code point (ＡＢＣ → ａｂｃ, ΣΑΣ → σασ), unless
//             disablePathToLower (then "Docs/My_File" stays as it is).
//   default   /DIR/NAME/ with DIR the page's folders under contentDir and
//             NAME the slug, else the file name without extension (a leaf
//             bundle's index.md: its folder's name), the whole path
//             sanitized ("posts/Mixed_Case.File.md" → /posts/mixed_case.file/).
//   lists     "_index.md" is its folder's list page: /DIR/ (home: /); its
//             slug is ignored and [permalinks] do not apply to it (0.111).
//   patterns  [permalinks] SECTION = "…", SECTION the first folder. Each
//             :attribute's value is sanitized, and so is the pattern's own
//             text ("/Blog Top/" → /blog-top/):
//               :year :month (01) :monthname (january) :day (02)
//               :weekday (0 = Sunday) :weekdayname (sunday) :yearday (61,
//               no padding)  :section  :sections (the section path)
//               :title   the title (NOT the slug), "" when none
//               :slug    the slug, else the title, "" when neither
//               :filename  the file name without extension (bundle: folder)
//               :slugorfilename  the slug, else :filename
//             An empty value leaves '//' which collapses
//             ("/:year/:month/:day/:slug/" without slug or title →
//             /2024/08/01/). The URL always ends in '/' — even
//             "/:filename.html" gives /x.html/ — unless uglyURLs.
//   ugly      uglyURLs: the trailing '/' becomes ".html" (/posts/a.html,
//             /posts.html for a list, "/:filename.htm" → /x.htm.html); home
//             stays /.
//   url       a front matter url is kept as written (case, spaces and all; not
//             sanitized, not made ugly), gets a leading '/', and a trailing
//             '/' when its last segment has no '.'.
//   escaping  as Go's URL.EscapedPath: a path of only A-Z a-z 0-9
//             - _ . ~ $ & + , / : ; = @ # ! ' ( ) * [ ] and valid %XX is kept
//             as written ("/a!b(c)/", "/A%20B/"); any other is unescaped and
//             escaped anew, every byte but A-Z a-z 0-9 - _ . ~ $ & + , / : ; = @ #
//             percent-escaped: 新年 → %E6%96%B0%E5%B9%B4, '\' → %5C,
//             "/a!b(c)/d e" → /a%21b%28c%29/d%20e/.
//   baseURL   its path is part of .RelPermalink: baseURL
//             "https://example.com/blog/" gives /blog/posts/a/, and
//             /blog/custom/path/ for url "/custom/path/".
//   language  a page in another language than defaultContentLanguage (or
//             in any, with defaultContentLanguageInSubdir) gets its
//             language after the base path: /blog/en/posts/a/,
//             /blog/en/2024/a/ with [permalinks]; a front matter url gets
//             none (/blog/custom/path/). The page's path comes without the
//             language in its name ("posts/a.md" for posts/a.en.md).
//   dates     Hugo keeps the offset a front matter date is written with:
//             "2024-01-05T23:30:00Z" is day 05 even with timeZone =
//             "Asia/Tokyo" (Jekyll would say 01-06); timeZone only places
//             dates written without an offset. Pass the date as written.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time_zone.h"

namespace sagasu {

struct HugoPage {
  std::string path;   // relative to contentDir: "posts/tsuyu.md", "posts/bundle/index.md", "posts/_index.md"
  std::string title;  // front matter title, "" when none
  std::string slug;   // front matter slug, "" when none
  std::string url;    // front matter url, "" when none
  CivilTime date;     // in the offset it is written with (see "dates" above)
  // The page's section path when it differs from its first folder (Hugo
  // counts a nested folder as a section only when it has an _index.md):
  // {"blog", "travel"}. Empty: the first folder of `path`.
  std::vector<std::string> sections;
  // The language folder its URL starts with ("en"), "" for none (see
  // "language" above: the caller decides).
  std::string language_dir;
};

// The site settings a URL depends on.
struct HugoUrlConfig {
  std::map<std::string, std::string> permalinks;  // section -> pattern
  bool ugly_urls = false;                         // uglyURLs
  bool path_to_lower = true;                      // false with disablePathToLower
  std::string base_path;                          // the path of baseURL ("/blog/"), "" or "/" for none
};

// Hugo's urlize without the escaping: the sanitizing described above,
// lower-cased unless `to_lower` is false (disablePathToLower).
std::string HugoSanitizePath(std::string_view text, bool to_lower = true);

// `path` escaped as Go's URL.EscapedPath gives it (the "escaping" rule above).
std::string HugoEscapePath(std::string_view path);

// .RelPermalink of `page` in a site configured as `config`. InvalidArgument
// naming an unknown :attribute.
Result<std::string> HugoPageUrl(const HugoPage& page, const HugoUrlConfig& config);

}  // namespace sagasu
