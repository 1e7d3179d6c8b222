// URL pieces as Jekyll makes them: slugs (Jekyll::Utils.slugify), Ruby's
// Unicode downcase, and the percent-escaping of URL path segments
// (Jekyll::URL.escape_path). Used to give each post the URL its site
// generator gives it.
#pragma once

#include <string>
#include <string_view>

namespace sagasu {

enum class SlugMode {
  kDefault,  // runs of anything but letters, marks and decimal digits become '-'
  kPretty,   // the same, but . _ ~ ! $ & ' ( ) + , ; = @ are kept too
};

// Jekyll's slugify: replaces each run of other characters with one '-',
// drops one leading and one trailing '-', and lower-cases unless `cased`.
// Letters of every script count: スラッグ and 新年 stay as they are.
std::string Slugify(std::string_view text, SlugMode mode, bool cased);

// Unicode lower case, code point by code point (Ruby's String#downcase for
// the common cases: Travel → travel, ＡＩ → ａｉ).
std::string DowncaseUnicode(std::string_view text);

// Percent-escapes every byte outside the URL path characters (RFC 3986
// unreserved, sub-delims, ':', '@' and '/'): 旅行 日記 → %E6%97%85%E8%A1%8C%20%E6%97%A5%E8%A8%98.
std::string EscapeUrlPath(std::string_view text);

}  // namespace sagasu
