#include "indexer/sources/jekyll_url.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "common/analyzer/slug.h"

namespace sagasu {

namespace {

using Placeholders = std::map<std::string, std::string, std::less<>>;

std::string StyleTemplate(std::string_view style) {
  if (style == "date") return "/:categories/:year/:month/:day/:title:output_ext";
  if (style == "pretty") return "/:categories/:year/:month/:day/:title/";
  if (style == "ordinal") return "/:categories/:year/:y_day/:title:output_ext";
  if (style == "weekdate") return "/:categories/:year/W:week/:short_day/:title:output_ext";
  if (style == "none") return "/:categories/:title:output_ext";
  return std::string(style);
}

bool IsBuiltinStyle(std::string_view style) {
  return style == "date" || style == "pretty" || style == "ordinal" || style == "weekdate" || style == "none";
}

bool IsPlaceholderChar(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }

// Replaces each :name of `templ` with its escaped value, then collapses
// '//' and makes the URL start with '/'.
Result<std::string> Expand(std::string_view templ, const Placeholders& values) {
  std::string url = "/";
  for (std::size_t i = 0; i < templ.size();) {
    if (templ[i] != ':' || i + 1 >= templ.size() || !IsPlaceholderChar(templ[i + 1])) {
      url += templ[i++];
      continue;
    }
    std::size_t j = i + 1;
    while (j < templ.size() && IsPlaceholderChar(templ[j])) ++j;
    const std::string_view name = templ.substr(i + 1, j - i - 1);
    const auto it = values.find(name);
    if (it == values.end()) {
      return Status::InvalidArgument("permalink '" + std::string(templ) + "': unknown placeholder :" +
                                     std::string(name));
    }
    url += EscapeUrlPath(it->second);
    i = j;
  }
  std::string out;
  for (char c : url) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out += c;
  }
  return out;
}

std::string TwoDigits(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

void AddDate(const CivilTime& t, Placeholders* p) {
  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
  char yday[8];
  std::snprintf(yday, sizeof yday, "%03d", DayOfYear(t));
  const std::string long_month = kMonths[std::clamp(t.month, 1, 12) - 1];
  *p = Placeholders{{"year", std::to_string(t.year)}, {"month", TwoDigits(t.month)},
                    {"day", TwoDigits(t.day)},         {"hour", TwoDigits(t.hour)},
                    {"minute", TwoDigits(t.minute)},   {"second", TwoDigits(t.second)},
                    {"i_month", std::to_string(t.month)}, {"i_day", std::to_string(t.day)},
                    {"short_year", TwoDigits(t.year % 100)}, {"y_day", yday},
                    {"long_month", long_month},        {"short_month", long_month.substr(0, 3)}};
  static constexpr const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  const int wd = (Weekday(t) + 6) % 7 + 1;  // ISO: Monday 1 .. Sunday 7
  const auto [week_year, week] = IsoWeek(t);
  (*p)["w_year"] = std::to_string(week_year);
  (*p)["week"] = TwoDigits(week);
  (*p)["w_day"] = std::to_string(wd);
  (*p)["long_day"] = kDays[wd - 1];
  (*p)["short_day"] = std::string(kDays[wd - 1]).substr(0, 3);
}

// "2024-06-18-tsuyu-to-hokkaido.md" -> "tsuyu-to-hokkaido"; a name without
// a date stays whole (without its extension).
std::string StemOf(std::string_view file_name) {
  const std::size_t dot = file_name.rfind('.');
  return std::string(dot == std::string_view::npos ? file_name : file_name.substr(0, dot));
}

std::string SlugFromFileName(std::string_view file_name) {
  const std::string stem = StemOf(file_name);
  const bool dated = stem.size() > 11 && stem[4] == '-' && stem[7] == '-' && stem[10] == '-' &&
                     std::all_of(stem.begin(), stem.begin() + 4, [](char c) { return c >= '0' && c <= '9'; });
  return dated ? stem.substr(11) : stem;
}

std::string JoinCategories(const std::vector<std::string>& categories, bool slugified) {
  std::vector<std::string> seen;
  for (const auto& c : categories) {
    std::string v = slugified ? Slugify(c, SlugMode::kDefault, false) : DowncaseUnicode(c);
    if (std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(std::move(v));
  }
  std::string out;
  for (const auto& v : seen) out += (out.empty() ? "" : "/") + v;
  return out;
}

// Jekyll's Utils.add_permalink_suffix: '/' or :output_ext by style name,
// else by how the setting ends (weekdate, a name it does not list, adds nothing).
std::string AddPermalinkSuffix(std::string templ, std::string_view style) {
  if (style == "pretty" || (!IsBuiltinStyle(style) && style.ends_with("/"))) {
    templ += "/";
  } else if (style == "date" || style == "ordinal" || style == "none" ||
             (!IsBuiltinStyle(style) && style.ends_with(":output_ext"))) {
    templ += ":output_ext";
  }
  return templ;
}

std::string PostTemplate(const JekyllPost& post) {
  if (!post.front_matter_permalink.empty()) return post.front_matter_permalink;
  if (!post.collection_permalink.empty()) return post.collection_permalink;
  if (post.collection == "posts") return StyleTemplate(post.permalink_setting);
  return AddPermalinkSuffix("/:collection/:path", post.permalink_setting);
}

}  // namespace

Result<std::string> JekyllPostUrl(const JekyllPost& post) {
  Placeholders p;
  AddDate(post.date, &p);
  const std::string slug_source = post.slug ? *post.slug : SlugFromFileName(post.file_name);
  p["title"] = Slugify(slug_source, SlugMode::kPretty, /*cased=*/true);
  p["slug"] = Slugify(slug_source, SlugMode::kDefault, /*cased=*/false);
  p["name"] = Slugify(StemOf(post.file_name), SlugMode::kDefault, /*cased=*/false);
  p["categories"] = JoinCategories(post.categories, /*slugified=*/false);
  p["slugified_categories"] = JoinCategories(post.categories, /*slugified=*/true);
  p["collection"] = post.collection;
  if (post.collection != "posts") p["path"] = post.path;
  p["output_ext"] = ".html";
  return Expand(PostTemplate(post), p);
}

Result<std::string> JekyllPageUrl(std::string_view path, std::string_view permalink_setting,
                                  std::string_view front_matter_permalink) {
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string_view::npos ? "" : std::string(path.substr(0, slash));
  const std::string basename = StemOf(slash == std::string_view::npos ? path : path.substr(slash + 1));
  const Placeholders p{{"path", dir}, {"basename", basename}, {"output_ext", ".html"}};
  if (!front_matter_permalink.empty()) return Expand(front_matter_permalink, p);
  if (basename == "index") return Expand("/:path/", p);
  return Expand(AddPermalinkSuffix("/:path/:basename", permalink_setting), p);
}

}  // namespace sagasu
