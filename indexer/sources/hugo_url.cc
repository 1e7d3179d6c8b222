#include "indexer/sources/hugo_url.h"

#include <cstdio>
#include <string>

#include "common/analyzer/slug.h"
#include "common/text/utf8.h"

namespace sagasu {

namespace {

std::u32string CodePoints(std::string_view text) {
  std::u32string out;
  ForEachCodePoint(text, [&](char32_t c) { out += c; });
  return out;
}

bool IsHex(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Go's unicode.IsLetter || IsDigit || IsMark: \p{L}, \p{M} or \p{Nd}, the
// characters Slugify keeps (it holds the ICU look-up; indexer/ may not
// include ICU itself).
bool IsWordRune(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  std::string one;
  AppendUtf8(c, &one);
  return !Slugify(one, SlugMode::kDefault, /*cased=*/true).empty();
}

// Go's unicode.IsSpace: the White_Space property.
bool IsSpaceRune(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool IsPlaceholderChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string TwoDigits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}


struct PathParts {
  std::vector<std::string> dirs;  // folders under contentDir
  std::string name;               // file name without extension; a leaf bundle: its folder
  bool list = false;              // an _index.* file
};

PathParts SplitPath(std::string_view path) {
  PathParts parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) break;
    if (slash > start) parts.dirs.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  std::string_view file = path.substr(start);
  const std::size_t dot = file.rfind('.');
  const std::string_view stem = dot == std::string_view::npos ? file : file.substr(0, dot);
  if (stem == "_index") {
    parts.list = true;
  } else if (stem == "index" && !parts.dirs.empty()) {
    parts.name = parts.dirs.back();
    parts.dirs.pop_back();
  } else {
    parts.name = std::string(stem);
  }
  return parts;
}

std::string JoinDirs(const std::vector<std::string>& dirs) {
  std::string out = "/";
  for (const auto& d : dirs) out += d + "/";
  return out;
}

std::string CollapseSlashes(std::string_view url) {
  std::string out = "/";
  for (char c : url) {
    if (c == '/' && out.back() == '/') continue;
    out += c;
  }
  return out;
}

// The trailing '/' or ".html" Hugo gives a page's (not a front matter url's) path.
std::string Finish(std::string url, bool ugly_urls) {
  if (!ugly_urls) {
    if (url.back() != '/') url += '/';
    return url;
  }
  if (url.size() > 1 && url.back() == '/') url.pop_back();
  return url + ".html";
}

Result<std::string> Expand(std::string_view pattern, const HugoPage& page, const PathParts& parts,
                           const std::vector<std::string>& sections, bool to_lower) {
  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
  static constexpr const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday"};
  const CivilTime& t = page.date;
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] != ':' || i + 1 >= pattern.size() || !IsPlaceholderChar(pattern[i + 1])) {
      out += pattern[i++];
      continue;
    }
    std::size_t j = i + 1;
    while (j < pattern.size() && IsPlaceholderChar(pattern[j])) ++j;
    const std::string_view name = pattern.substr(i + 1, j - i - 1);
    i = j;
    const bool date_ok = t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= 31;
    std::string v;
    if (name == "year") {
      v = std::to_string(t.year);  // Go's strconv.Itoa: a page without a date is in year 1
    } else if (name == "month") {
      v = TwoDigits(t.month);
    } else if (name == "monthname") {
      v = date_ok ? kMonths[t.month - 1] : "";
    } else if (name == "day") {
      v = TwoDigits(t.day);
    } else if (name == "weekday") {
      v = date_ok ? std::to_string(Weekday(t)) : "";
    } else if (name == "weekdayname") {
      v = date_ok ? kDays[Weekday(t)] : "";
    } else if (name == "yearday") {
      v = date_ok ? std::to_string(DayOfYear(t)) : "";
    } else if (name == "section") {
      v = sections.empty() ? "" : sections.front();
    } else if (name == "sections") {
      for (const auto& s : sections) v += (v.empty() ? "" : "/") + s;
    } else if (name == "title") {
      v = page.title;
    } else if (name == "slug") {
      v = page.slug.empty() ? page.title : page.slug;
    } else if (name == "filename") {
      v = parts.name;
    } else if (name == "slugorfilename") {
      v = page.slug.empty() ? parts.name : page.slug;
    } else {
      return Status::InvalidArgument("permalink '" + std::string(pattern) + "': unknown placeholder :" +
                                     std::string(name));
    }
    out += HugoSanitizePath(v, to_lower);
  }
  return out;
}

}  // namespace

std::string HugoSanitizePath(std::string_view text, bool to_lower) {
  const std::u32string source = CodePoints(text);
  std::string target;
  bool prepend_hyphen = false;
  bool was_hyphen = false;
  for (std::size_t i = 0; i < source.size(); ++i) {
    const char32_t r = source[i];
    const bool allowed = r == '.' || r == '/' || r == '\\' || r == '_' || r == '#' || r == '+' || r == '~' ||
                         r == '-' || r == '@' || IsWordRune(r) ||
                         (r == '%' && i + 2 < source.size() && IsHex(source[i + 1]) && IsHex(source[i + 2]));
    if (allowed) {
      was_hyphen = r == '-';
      if (prepend_hyphen) {
        if (!was_hyphen) target += '-';
        prepend_hyphen = false;
      }
      AppendUtf8(r, &target);
    } else if (!target.empty() && !was_hyphen && IsSpaceRune(r)) {
      prepend_hyphen = true;
    }
  }
  return to_lower ? DowncaseUnicode(target) : target;
}

std::string HugoEscapePath(std::string_view path) {
  static constexpr std::string_view kKept = "-_.~$&+,/:;=@#";
  static constexpr std::string_view kAlsoValid = "!'()*[]";
  static constexpr char kHex[] = "0123456789ABCDEF";
  auto is_kept = [](unsigned char b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
           kKept.find(static_cast<char>(b)) != std::string_view::npos;
  };
  auto is_escape_at = [&](std::size_t i) {
    return path[i] == '%' && i + 2 < path.size() && IsHex(static_cast<unsigned char>(path[i + 1])) &&
           IsHex(static_cast<unsigned char>(path[i + 2]));
  };
  // Go's URL.EscapedPath: a path already validly escaped is kept as written
  // ("/a!b(c)/", "/A%20B/"); any other is unescaped and escaped anew, '!'
  // '(' ')' too ("/a!b(c)/d e" → /a%21b%28c%29/d%20e).
  bool valid = true;
  for (std::size_t i = 0; i < path.size() && valid; ++i) {
    const auto b = static_cast<unsigned char>(path[i]);
    valid = is_kept(b) || kAlsoValid.find(path[i]) != std::string_view::npos || is_escape_at(i);
  }
  if (valid) return std::string(path);
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    auto b = static_cast<unsigned char>(path[i]);
    if (is_escape_at(i)) {
      b = static_cast<unsigned char>(std::stoi(std::string(path.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    }
    if (is_kept(b)) {
      out += static_cast<char>(b);
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

Result<std::string> HugoPageUrl(const HugoPage& page, const HugoUrlConfig& config) {
  const PathParts parts = SplitPath(page.path);
  const bool lower = config.path_to_lower;
  std::string url;
  if (!page.url.empty()) {
    url = CollapseSlashes(page.url);
    const std::size_t last = url.rfind('/');
    if (url.back() != '/' && url.find('.', last) == std::string::npos) url += '/';
  } else if (parts.list) {
    url = JoinDirs(parts.dirs);
    if (url != "/") url = Finish(CollapseSlashes(HugoSanitizePath(url, lower)), config.ugly_urls);
  } else {
    std::vector<std::string> sections = page.sections;
    if (sections.empty() && !parts.dirs.empty()) sections.push_back(parts.dirs.front());
    const auto it = sections.empty() ? config.permalinks.end() : config.permalinks.find(sections.front());
    if (it != config.permalinks.end()) {
      Result<std::string> expanded = Expand(it->second, page, parts, sections, lower);
      if (!expanded.ok()) return expanded.status();
      url = *expanded;
    } else {
      url = JoinDirs(parts.dirs) + (page.slug.empty() ? parts.name : page.slug);
    }
    url = Finish(CollapseSlashes(HugoSanitizePath(url, lower)), config.ugly_urls);
  }
  url = HugoEscapePath(url);
  if (page.url.empty() && !page.language_dir.empty()) url = "/" + page.language_dir + url;
  std::string base(config.base_path);
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (!base.empty() && base.front() != '/') base.insert(base.begin(), '/');
  return base + url;
}

}  // namespace sagasu
