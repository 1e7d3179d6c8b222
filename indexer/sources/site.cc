#include "indexer/sources/site.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/text/ascii.h"
#include "indexer/sources/front_matter_tree.h"
#include "indexer/sources/hugo_url.h"
#include "indexer/sources/input_check.h"
#include "indexer/sources/jekyll_url.h"

namespace sagasu {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kJekyllConfigs[] = {"_config.yml", "_config.yaml", "_config.toml"};
constexpr const char* kHugoConfigs[] = {"hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml",
                                        "config.json"};

std::optional<std::string> FirstExisting(const std::string& dir, const auto& names) {
  for (const char* n : names) {
    std::error_code ec;
    if (fs::is_regular_file(fs::path(dir) / n, ec)) return (fs::path(dir) / n).string();
  }
  return std::nullopt;
}

bool LooksLikeHugo(const std::string& dir) {
  std::error_code ec;
  for (const char* sub : {"content", "archetypes", "layouts", "themes"}) {
    if (fs::is_directory(fs::path(dir) / sub, ec)) return true;
  }
  return false;
}

Status ReadTree(const std::string& file, FrontMatterTree* tree) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return Status::IOError(file + ": cannot read");
  const std::string s = text.str();
  tree->what = "config";
  if (file.ends_with(".toml")) return ParseTomlTree(s, file, 1, tree);
  if (file.ends_with(".json")) return ParseJsonTree(s, file, 1, tree);
  return ParseYamlTree(s, file, 1, tree);
}

// A settings lookup: Hugo's keys ignore case, Jekyll's do not.
class Settings {
 public:
  Settings(const json& root, std::string file, bool any_case) : root_(root), file_(std::move(file)), any_case_(any_case) {}

  const json* Find(std::string_view key) const {
    if (!root_.is_object()) return nullptr;
    for (auto it = root_.begin(); it != root_.end(); ++it) {
      if (any_case_ ? ToLowerAscii(it.key()) == ToLowerAscii(key) : it.key() == key) return &it.value();
    }
    return nullptr;
  }
  Status Text(std::string_view key, std::string* out) const {
    const json* v = Find(key);
    if (v == nullptr || v->is_null()) return Status::OK();
    if (!v->is_string()) return Wrong(key, "text");
    *out = v->get<std::string>();
    return Status::OK();
  }
  Status Bool(std::string_view key, bool* out) const {
    const json* v = Find(key);
    if (v == nullptr || v->is_null()) return Status::OK();
    if (!v->is_boolean()) return Wrong(key, "true or false");
    *out = v->get<bool>();
    return Status::OK();
  }
  Status List(std::string_view key, std::vector<std::string>* out) const {
    const json* v = Find(key);
    if (v == nullptr || v->is_null()) return Status::OK();
    if (!v->is_array()) return Wrong(key, "a list");
    for (const auto& item : *v) {
      if (!item.is_string()) return Wrong(key, "a list of text");
      out->push_back(item.get<std::string>());
    }
    return Status::OK();
  }
  Status Map(std::string_view key, std::map<std::string, std::string>* out) const {
    const json* v = Find(key);
    if (v == nullptr || v->is_null()) return Status::OK();
    if (!v->is_object()) return Wrong(key, "a table of section = pattern");
    for (auto it = v->begin(); it != v->end(); ++it) {
      if (!it.value().is_string()) return Wrong(key, "a table of section = pattern");
      (*out)[it.key()] = it.value().get<std::string>();
    }
    return Status::OK();
  }
  Status Zone(std::string_view key, TimeZone* out, bool* set) const {
    std::string name;
    SAGASU_RETURN_IF_ERROR(Text(key, &name));
    if (name.empty()) return Status::OK();
    Result<TimeZone> z = TimeZone::Named(name);
    if (!z.ok()) return Status::InvalidArgument(file_ + ": " + std::string(key) + ": " + z.status().message());
    *out = *z;
    *set = true;
    return Status::OK();
  }
  Status Wrong(std::string_view key, std::string_view want) const {
    return Status::InvalidArgument(file_ + ": " + std::string(key) + " should be " + std::string(want));
  }
  const std::string& file() const { return file_; }

 private:
  const json& root_;
  std::string file_;
  bool any_case_;
};

}  // namespace

std::string SiteBasePath(std::string url) {
  if (const std::size_t scheme = url.find("://"); scheme != std::string::npos) {
    const std::size_t path = url.find('/', scheme + 3);
    url = path == std::string::npos ? "" : url.substr(path);
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!url.empty() && url.front() != '/') url.insert(url.begin(), '/');
  return url;
}

namespace {

// "my_collections", "./my_collections/" -> "my_collections/"; "", "." -> "".
std::string FolderPrefix(std::string_view dir) {
  std::string out = fs::path(dir).relative_path().lexically_normal().generic_string();
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out.empty() || out == "." ? "" : out + "/";
}

// One entry of `collections:` given as NAME: {output: …, permalink: …} (or NAME: with nothing).
Status ReadCollection(const Settings& s, const std::string& name, const json& value, SiteConfig* site) {
  SiteConfig::Collection c;
  c.name = name;
  if (!value.is_null() && !value.is_object()) return s.Wrong("collections." + name, "a table of settings");
  const Settings own(value, s.file() + ": collections." + name, /*any_case=*/false);
  SAGASU_RETURN_IF_ERROR(own.Bool("output", &c.output));
  SAGASU_RETURN_IF_ERROR(own.Text("permalink", &c.permalink));
  site->collections.push_back(std::move(c));
  return Status::OK();
}

// `collections:` as a list of names (no output) or a table name -> settings.
Status ReadCollections(const Settings& s, SiteConfig* site) {
  const json* v = s.Find("collections");
  if (v == nullptr || v->is_null()) return Status::OK();
  if (v->is_array()) {
    for (const auto& item : *v) {
      if (!item.is_string()) return s.Wrong("collections", "a list of names or a table");
      site->collections.emplace_back().name = item.get<std::string>();
    }
    return Status::OK();
  }
  if (!v->is_object()) return s.Wrong("collections", "a list of names or a table");
  for (auto it = v->begin(); it != v->end(); ++it) {
    SAGASU_RETURN_IF_ERROR(ReadCollection(s, it.key(), it.value(), site));
  }
  return Status::OK();
}

Status ReadJekyll(const Settings& s, SiteConfig* site) {
  SAGASU_RETURN_IF_ERROR(s.Zone("timezone", &site->zone, &site->zone_from_config));
  SAGASU_RETURN_IF_ERROR(s.Text("permalink", &site->permalink));
  std::string baseurl, source, collections_dir;
  SAGASU_RETURN_IF_ERROR(s.Text("baseurl", &baseurl));
  site->base_path = SiteBasePath(baseurl);
  SAGASU_RETURN_IF_ERROR(s.Bool("future", &site->future));
  SAGASU_RETURN_IF_ERROR(s.Bool("show_drafts", &site->drafts));
  SAGASU_RETURN_IF_ERROR(s.Bool("unpublished", &site->unpublished));
  SAGASU_RETURN_IF_ERROR(s.List("exclude", &site->exclude));
  SAGASU_RETURN_IF_ERROR(s.Text("source", &source));
  site->content_dir = source.empty() ? site->root : (fs::path(site->root) / source).lexically_normal().string();
  SAGASU_RETURN_IF_ERROR(s.Text("collections_dir", &collections_dir));
  site->collections_dir = FolderPrefix(collections_dir);
  return ReadCollections(s, site);
}

// `languages`: NAME = {contentDir, disabled, ...}; then disableLanguages,
// and the language that reads the site's contentDir.
Status ReadLanguages(const Settings& s, SiteConfig* site) {
  std::string default_language;
  SAGASU_RETURN_IF_ERROR(s.Text("defaultContentLanguage", &default_language));
  if (!default_language.empty()) site->default_language = ToLowerAscii(default_language);
  SAGASU_RETURN_IF_ERROR(s.Bool("defaultContentLanguageInSubdir", &site->default_language_in_subdir));
  std::vector<std::string> disabled;
  SAGASU_RETURN_IF_ERROR(s.List("disableLanguages", &disabled));
  const json* v = s.Find("languages");
  if (v != nullptr && !v->is_null()) {
    if (!v->is_object()) return s.Wrong("languages", "a table of languages");
    for (auto it = v->begin(); it != v->end(); ++it) {
      if (!it.value().is_object()) return s.Wrong("languages." + it.key(), "a table of settings");
      const Settings own(it.value(), s.file() + ": languages." + it.key(), /*any_case=*/true);
      SiteConfig::Language lang;
      lang.name = ToLowerAscii(it.key());
      std::string content_dir;
      SAGASU_RETURN_IF_ERROR(own.Text("contentDir", &content_dir));
      if (!content_dir.empty()) {
        lang.content_dir = (fs::path(site->root) / content_dir).lexically_normal().string();
        if (lang.content_dir == site->content_dir) lang.content_dir.clear();
      }
      SAGASU_RETURN_IF_ERROR(own.Bool("disabled", &lang.disabled));
      site->languages.push_back(std::move(lang));
    }
  }
  for (auto& lang : site->languages) {
    for (const std::string& d : disabled) lang.disabled |= ToLowerAscii(d) == lang.name;
  }
  // The site's contentDir is the default language's, else that of the
  // first language without its own (none: only pages naming a language).
  site->content_language = site->default_language;
  for (const auto& lang : site->languages) {
    if (lang.name == site->default_language && !lang.content_dir.empty()) site->content_language.clear();
  }
  for (const auto& lang : site->languages) {
    if (site->content_language.empty() && lang.content_dir.empty() && !lang.disabled) site->content_language = lang.name;
  }
  return Status::OK();
}

Status ReadHugo(const Settings& s, SiteConfig* site) {
  SAGASU_RETURN_IF_ERROR(s.Zone("timeZone", &site->zone, &site->zone_from_config));
  std::string base_url, content = "content";
  SAGASU_RETURN_IF_ERROR(s.Text("baseURL", &base_url));
  site->base_path = SiteBasePath(base_url);
  SAGASU_RETURN_IF_ERROR(s.Text("contentDir", &content));
  site->content_dir = (fs::path(site->root) / content).lexically_normal().string();
  SAGASU_RETURN_IF_ERROR(s.Bool("buildDrafts", &site->drafts));
  SAGASU_RETURN_IF_ERROR(s.Bool("buildFuture", &site->future));
  SAGASU_RETURN_IF_ERROR(s.Bool("buildExpired", &site->expired));
  SAGASU_RETURN_IF_ERROR(s.Bool("uglyURLs", &site->ugly_urls));
  bool disable_path_to_lower = false;
  SAGASU_RETURN_IF_ERROR(s.Bool("disablePathToLower", &disable_path_to_lower));
  site->path_to_lower = !disable_path_to_lower;
  SAGASU_RETURN_IF_ERROR(ReadLanguages(s, site));
  return s.Map("permalinks", &site->permalinks);
}

// The post's date re-read in the site's zone: the front matter's text when
// it has no offset, else the file name's day at local midnight. Jekyll
// leaves a plain YAML time without an offset in UTC ("date: 2024-01-05
// 23:30:00" is 08:30 on the 6th in Tokyo; Psych reads it, not Jekyll;
// checked with jekyll build, with and without `timezone`); Hugo reads it in
// the site's zone like any other.
void LocalizeDate(const SiteConfig& site, const PostMeta& meta, Article* post) {
  if (!post->date) return;
  if (site.generator == SiteConfig::Generator::kJekyll && meta.date_is_yaml_time) return;  // as parsed: UTC
  if (!meta.date_text.empty()) {
    if (auto t = ParseDate(meta.date_text, site.zone)) post->date = *t;
    return;
  }
  post->date = site.zone.ToUtc(UtcCivil(*post->date));  // the file name's date: 00:00 UTC
}

// Where a file of a Jekyll site sits, as Jekyll's reader sees it (see
// SiteSkipReason in site.h). `path` is relative to the source.
struct JekyllPlace {
  enum class Kind { kPage, kPost, kDocument, kIgnored };
  Kind kind = Kind::kPage;
  const SiteConfig::Collection* collection = nullptr;  // kDocument
  std::string_view rest;  // kPost: the folders above _posts/ ("foo/bar"); kDocument: the path in the collection
  std::string why;        // kIgnored
  bool draft = false;     // kPost: in _drafts/
};

const SiteConfig::Collection* FindCollection(const SiteConfig& site, std::string_view name) {
  for (const auto& c : site.collections) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

JekyllPlace Ignored(std::string why) { return {JekyllPlace::Kind::kIgnored, nullptr, {}, std::move(why), false}; }

// A document of collection `c` at `rest` (its path in the collection).
JekyllPlace DocumentPlace(const SiteConfig::Collection& c, std::string_view rest) {
  const std::size_t slash = rest.rfind('/');
  if (rest.starts_with("_") || rest.substr(slash == std::string_view::npos ? 0 : slash + 1).starts_with("_")) {
    return Ignored("its name starts with '_' (Jekyll skips it in a collection)");
  }
  if (!c.output) return Ignored("collection '" + c.name + "' has no output: true (Jekyll writes no page)");
  return {JekyllPlace::Kind::kDocument, &c, rest, "", false};
}

JekyllPlace PlaceOf(const SiteConfig& site, std::string_view path) {
  std::size_t start = 0, slash = path.find('/');
  while (path[start] != '_') {  // the first name starting with '_'
    if (slash == std::string_view::npos) return {};
    start = slash + 1;
    slash = path.find('/', start);
  }
  const std::string_view dir = path.substr(0, start);  // "" or "foo/bar/"
  const std::string_view name = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
  if (slash == std::string_view::npos) return Ignored("its name starts with '_' (Jekyll does not read it)");
  const bool in_collections_dir = dir.starts_with(site.collections_dir);
  if ((name == "_posts" || name == "_drafts") && !in_collections_dir) {
    return Ignored("outside collections_dir " + site.collections_dir + " (Jekyll reads " + std::string(name) + "/ only there)");
  }
  // A draft is a post to Jekyll (`jekyll build --drafts`: foo/_drafts/x.md is
  // in category foo, at the post URL); the publication rules decide whether
  // it is indexed.
  if (name == "_posts" || name == "_drafts") {
    std::string_view above = dir.substr(site.collections_dir.size());
    if (!above.empty()) above.remove_suffix(1);
    return {JekyllPlace::Kind::kPost, nullptr, above, "", name == "_drafts"};
  }
  const SiteConfig::Collection* c = FindCollection(site, name.substr(1));
  if (c != nullptr && dir == site.collections_dir) return DocumentPlace(*c, path.substr(slash + 1));
  return Ignored("in " + std::string(name) + "/ (Jekyll reads folders starting with '_' only as _posts/, _drafts/ "
                 "or a collection declared in _config.yml)");
}

// Jekyll's categories of a post: the folders above its _posts/ ("foo/bar/
// _posts/x" -> foo, bar; folders below _posts/ give none), then the front
// matter's, each once (Document#categories_from_path; checked with jekyll build).
void AddFolderCategories(std::string_view dirs, Article* post) {
  std::vector<std::string> merged;
  UniqueList once(&merged);
  while (!dirs.empty()) {
    const std::size_t slash = dirs.find('/');
    once.Add(dirs.substr(0, slash));
    dirs = slash == std::string_view::npos ? "" : dirs.substr(slash + 1);
  }
  for (const std::string& c : post->categories) once.Add(c);
  post->categories = std::move(merged);
}

// page.url, or "" for a file Jekyll does not read.
Result<std::string> JekyllUrl(const SiteConfig& site, const JekyllPlace& place, std::string_view path,
                              std::string_view file_name, const PostMeta& meta, const Article& post) {
  const std::string fm_permalink = post.url;  // front matter url, else permalink
  if (place.kind == JekyllPlace::Kind::kIgnored) return std::string();
  if (place.kind == JekyllPlace::Kind::kPage) {
    const std::size_t slash = path.rfind('/');
    const std::string file = (slash == std::string_view::npos ? "" : std::string(path.substr(0, slash + 1))) +
                             std::string(file_name);
    return JekyllPageUrl(file, site.permalink, fm_permalink);
  }
  JekyllPost p;
  p.permalink_setting = site.permalink;
  p.front_matter_permalink = fm_permalink;
  p.file_name = std::string(file_name);
  if (!meta.slug.empty()) p.slug = meta.slug;
  p.categories = post.categories;
  if (post.date) p.date = site.zone.ToCivil(*post.date);
  if (place.kind == JekyllPlace::Kind::kDocument) {
    p.collection = place.collection->name;
    p.collection_permalink = place.collection->permalink;
    p.path = std::string(place.rest);
  } else if (const SiteConfig::Collection* posts = FindCollection(site, "posts")) {
    p.collection_permalink = posts->permalink;
  }
  return JekyllPostUrl(p);
}

// The date as written (Hugo keeps the offset it was written with): the
// leading YYYY-MM-DD[ T]HH:MM[:SS] of the text, else the instant in the site's zone.
CivilTime WrittenCivil(const SiteConfig& site, const std::string& text, std::int64_t instant) {
  auto num = [&](std::size_t at, std::size_t n, int* out) {
    if (text.size() < at + n) return false;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!IsAsciiDigit(text[i])) return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  CivilTime t;
  if (!num(0, 4, &t.year) || text[4] != '-' || !num(5, 2, &t.month) || text[7] != '-' || !num(8, 2, &t.day)) {
    return site.zone.ToCivil(instant);
  }
  if (text.size() > 10 && (text[10] == 'T' || text[10] == ' ') && num(11, 2, &t.hour) && text[13] == ':' &&
      num(14, 2, &t.minute) && text.size() > 16 && text[16] == ':') {
    num(17, 2, &t.second);
  }
  return t;
}

bool IsHugoLanguage(const SiteConfig& site, std::string_view name) {
  if (name == site.default_language) return true;
  for (const auto& lang : site.languages) {
    if (lang.name == name) return true;
  }
  return false;
}

// Where a file of a Hugo site sits: its language and its path without it.
struct HugoPlace {
  std::string_view path;  // RawInput::default_id without the language: "posts/post" for posts/post.en
  std::string language;   // "" when neither its name nor its contentDir gives one
  bool named = false;     // the language is in the file name
};

HugoPlace HugoPlaceOf(const SiteConfig& site, std::string_view path) {
  const std::size_t slash = path.rfind('/');
  const std::size_t dot = path.rfind('.');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash + 1)) {
    const std::string_view suffix = path.substr(dot + 1);
    if (IsHugoLanguage(site, suffix)) return {path.substr(0, dot), std::string(suffix), true};
  }
  return {path, site.content_language, false};
}

// The id ApplySite gives a Hugo page (see site.h).
std::string HugoId(const SiteConfig& site, const HugoPlace& place) {
  std::string id(place.path);
  if (id.ends_with("/index")) id.resize(id.size() - 6);  // a leaf bundle: its folder
  if (place.named || (!place.language.empty() && place.language != site.default_language)) {
    id += "." + place.language;
  }
  return id;
}

Result<std::string> HugoUrl(const SiteConfig& site, const HugoPlace& place, std::string_view file_name,
                            const PostMeta& meta, const Article& post) {
  HugoPage page;
  const std::size_t dot = file_name.rfind('.');
  page.path = std::string(place.path) + std::string(dot == std::string_view::npos ? "" : file_name.substr(dot));
  page.title = post.title;
  page.slug = meta.slug;
  page.url = post.url;
  page.date = CivilTime{1, 1, 1};  // Hugo's zero date
  if (post.date) page.date = WrittenCivil(site, meta.date_text, *post.date);
  if (place.language != site.default_language || site.default_language_in_subdir) page.language_dir = place.language;
  HugoUrlConfig config;
  config.permalinks = site.permalinks;
  config.ugly_urls = site.ugly_urls;
  config.path_to_lower = site.path_to_lower;
  config.base_path = site.base_path;
  return HugoPageUrl(page, config);
}

}  // namespace

Status ReadSiteConfig(const std::string& dir, std::optional<SiteConfig>* out) {
  out->reset();
  const std::optional<std::string> jekyll = FirstExisting(dir, kJekyllConfigs);
  std::optional<std::string> hugo = jekyll ? std::nullopt : FirstExisting(dir, kHugoConfigs);
  // config.* is a common name; it marks a Hugo site only beside Hugo's folders.
  if (hugo && fs::path(*hugo).filename().string().starts_with("config.") && !LooksLikeHugo(dir)) hugo.reset();
  if (!jekyll && !hugo) return Status::OK();
  SiteConfig site;
  site.generator = jekyll ? SiteConfig::Generator::kJekyll : SiteConfig::Generator::kHugo;
  site.root = dir;
  site.config_file = jekyll ? *jekyll : *hugo;
  FrontMatterTree tree;
  SAGASU_RETURN_IF_ERROR(ReadTree(site.config_file, &tree));
  const Settings settings(tree.root, site.config_file, /*any_case=*/!jekyll);
  SAGASU_RETURN_IF_ERROR(jekyll ? ReadJekyll(settings, &site) : ReadHugo(settings, &site));
  *out = std::move(site);
  return Status::OK();
}

std::vector<SiteConfig> SiteContentRoots(const SiteConfig& site) {
  std::vector<SiteConfig> roots{site};
  for (const auto& lang : site.languages) {
    if (lang.content_dir.empty() || lang.disabled) continue;
    SiteConfig own = site;
    own.content_dir = lang.content_dir;
    own.content_language = lang.name;
    roots.push_back(std::move(own));
  }
  return roots;
}

bool IsHugoLeafIndex(const SiteConfig& site, std::string_view file_name) {
  static constexpr std::string_view kFormats[] = {"md",   "markdown", "mdown", "html", "htm",     "adoc", "asciidoc",
                                                  "ad",   "org",      "pdc",   "pandoc", "rst",   "mmark"};
  const std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos ||
      std::find(std::begin(kFormats), std::end(kFormats), file_name.substr(dot + 1)) == std::end(kFormats)) {
    return false;
  }
  const std::string_view stem = file_name.substr(0, dot);
  return stem == "index" || (stem.starts_with("index.") && IsHugoLanguage(site, stem.substr(6)));
}

namespace {

std::string HugoSkipReason(const SiteConfig& site, std::string_view path, std::string_view leaf_bundle) {
  if (!leaf_bundle.empty()) {
    return "a page resource of the leaf bundle " + std::string(leaf_bundle) + "/ (Hugo renders no page for it)";
  }
  const HugoPlace place = HugoPlaceOf(site, path);
  if (place.language.empty()) {
    return "names no language, in a contentDir no language reads (each has its own; Hugo renders no page for it)";
  }
  for (const auto& lang : site.languages) {
    if (lang.name == place.language && lang.disabled) return "in language " + lang.name + ", which is disabled";
  }
  return "";
}

}  // namespace

std::string SiteSkipReason(const SiteConfig& site, std::string_view path, std::string_view leaf_bundle,
                           const PostMeta& meta) {
  if (site.generator == SiteConfig::Generator::kHugo) return HugoSkipReason(site, path, leaf_bundle);
  if (JekyllPlace place = PlaceOf(site, path); place.kind == JekyllPlace::Kind::kIgnored) return place.why;
  if (!meta.has_front_matter) return "no front matter (Jekyll copies it as a static file)";
  return "";
}

Status ApplySite(const SiteConfig& site, std::string_view path, std::string_view file_name,
                 std::optional<std::int64_t> modified, const PostMeta& meta, Article* post) {
  LocalizeDate(site, meta, post);
  // A front matter permalink is where the post lives, not its id.
  if (!post->url.empty() && post->id == post->url) post->id = std::string(path);
  const bool hugo = site.generator == SiteConfig::Generator::kHugo;
  if (hugo && post->id == path) post->id = HugoId(site, HugoPlaceOf(site, path));
  if (post->url.starts_with("http://") || post->url.starts_with("https://")) return Status::OK();
  if (hugo) {
    const HugoPlace place = HugoPlaceOf(site, path);
    Result<std::string> url = HugoUrl(site, place, file_name, meta, *post);  // baseURL's path included
    if (!url.ok()) return url.status();
    post->url = *url;
    return Status::OK();
  }
  const JekyllPlace place = PlaceOf(site, path);
  if (place.kind == JekyllPlace::Kind::kPost) AddFolderCategories(place.rest, post);
  // Jekyll dates a draft without a date by its file's modification time
  // (Jekyll::Document#read: File.mtime), shown in the site's zone.
  if (place.draft && !post->date) post->date = modified;
  Result<std::string> url = JekyllUrl(site, place, path, file_name, meta, *post);
  if (!url.ok()) return url.status();
  post->url = url->empty() ? "" : site.base_path + *url;
  return Status::OK();
}

}  // namespace sagasu
