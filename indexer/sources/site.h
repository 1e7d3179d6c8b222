// Sites: a folder that is a Jekyll or Hugo site is read the way its
// generator reads it. Given the site root (a folder holding `_config.yml`,
// `_config.yaml` or `_config.toml` for Jekyll; `hugo.toml`, `hugo.yaml`,
// `hugo.json` or `config.toml|yaml|json` for Hugo), these settings apply:
//
//   Jekyll  timezone, permalink, baseurl, future, show_drafts, unpublished,
//           exclude, collections (output, permalink), collections_dir
//   Hugo    contentDir (only it is read), baseURL (its path), timeZone,
//           buildDrafts, buildFuture, buildExpired, uglyURLs, permalinks,
//           disablePathToLower, defaultContentLanguage(InSubdir),
//           languages (contentDir, disabled), disableLanguages
//
// Dates without an offset are read in the site's time zone (else the
// machine's); posts get the URL the generator gives them, with the site's
// base path, unless the front matter gives `url`; ids are paths relative
// to the content root.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/document.h"
#include "common/status.h"
#include "common/time_zone.h"
#include "indexer/sources/front_matter.h"

namespace sagasu {

struct SiteConfig {
  enum class Generator { kJekyll, kHugo };
  Generator generator = Generator::kJekyll;
  std::string root;         // the site folder (absolute)
  std::string config_file;  // for messages
  std::string content_dir;  // what is read: the root (Jekyll) or root/contentDir (Hugo)
  TimeZone zone = TimeZone::Local();
  bool zone_from_config = false;  // else the machine's, or SourceOptions::time_zone
  std::string permalink = "date";                 // Jekyll
  std::map<std::string, std::string> permalinks;  // Hugo: section -> pattern
  bool ugly_urls = false;                         // Hugo
  std::string base_path;                          // "/blog" from baseurl or baseURL; "" for the root
  bool drafts = false, future = false, expired = false;
  bool unpublished = false;                       // Jekyll `unpublished`
  std::vector<std::string> exclude;               // Jekyll exclude
  // A Jekyll collection (`collections:` in _config.yml): its documents are
  // the files in _NAME/ (under collections_dir).
  struct Collection {
    std::string name;       // "recipes"
    bool output = false;    // whether Jekyll writes its documents as pages
    std::string permalink;  // its URL template; "" for Jekyll's default
  };
  std::vector<Collection> collections;  // as declared; `posts` only when declared
  std::string collections_dir;          // "" or "my_collections/": where _posts/ and _NAME/ are read
  bool path_to_lower = true;            // Hugo: false with disablePathToLower
  // Hugo languages (checked with hugo 0.111): a page's language is the one
  // its file name ends in ("post.en.md", a configured language or the
  // default one), else that of the contentDir it is read from. A language
  // without a contentDir of its own reads the site's.
  struct Language {
    std::string name;         // "en", lower-cased as Hugo reads it
    std::string content_dir;  // its own contentDir (absolute), "" when it reads the site's
    bool disabled = false;    // `disabled: true`, or named in disableLanguages
  };
  std::vector<Language> languages;       // as configured; empty without `languages`
  std::string default_language = "en";   // defaultContentLanguage, lower-cased
  bool default_language_in_subdir = false;
  // The language of the pages in content_dir whose names name none: the
  // default language, or the one language whose folder it is (see
  // SiteContentRoots); "" when every language has its own contentDir (Hugo
  // then reads only pages whose names name a language there).
  std::string content_language = "en";
};

// The folders a site's pages are read from, each as the site with
// content_dir and content_language set to that folder's: Jekyll's source;
// Hugo's contentDir, and each enabled language's own contentDir.
std::vector<SiteConfig> SiteContentRoots(const SiteConfig& site);

// Whether `file_name` is a Hugo leaf bundle's index: "index.md",
// "index.en.md" (a language of the site), any of Hugo's content formats.
// The other files in its folder and below are its page resources.
bool IsHugoLeafIndex(const SiteConfig& site, std::string_view file_name);

// "/blog/" or "https://example.com/blog/" -> "/blog"; "/" or "" -> "".
std::string SiteBasePath(std::string url);

// Reads the site settings of `dir`: OK with *out empty when `dir` is not a
// site root; InvalidArgument naming the config file when it does not parse
// or a setting has the wrong shape.
Status ReadSiteConfig(const std::string& dir, std::optional<SiteConfig>* out);

// Why the site's generator would not render the post at `path` (as in
// ApplySite) as a page, beyond the publication rules (publication.h). "" when
// it renders it. Jekyll (4.3, checked with jekyll build):
//   - Markdown without front matter is copied as a static file;
//   - a file or folder whose name starts with '_' is not read, except
//     _posts/ and _drafts/ (anywhere under collections_dir; a draft is a
//     post with the post's URL and folder categories) and the
//     collections declared in _config.yml (_NAME/ right under
//     collections_dir); with collections_dir set, _posts/ outside it is not read;
//   - documents of a collection without `output: true` get no page, nor do
//     those whose path in the collection or file name starts with '_'.
// Hugo (0.111, checked with hugo):
//   - files in a leaf bundle other than its index are page resources:
//     `leaf_bundle` is the bundle's folder then (RawInput::leaf_bundle);
//   - pages of a disabled language, and pages that name no language in a
//     contentDir no language reads (content_language "").
std::string SiteSkipReason(const SiteConfig& site, std::string_view path, std::string_view leaf_bundle,
                           const PostMeta& meta);

// Applies the site to a parsed post at `path` (relative to the content root,
// without extension, as RawInput::default_id; `file_name` with extension;
// `modified` the file's modification time, when known): re-reads an
// offset-less date in the site's zone, dates a Jekyll draft without a date
// (front matter or file name) by `modified` as Jekyll does, and fills the URL.
// A Hugo page's id (when no front matter id or permalink gives one) keeps
// its language and names a leaf bundle by its folder: "posts/post.en" for
// posts/post.en.md, "posts/bundle" for posts/bundle/index.md,
// "posts/bundle.en" for posts/bundle/index.en.md, "posts/a.en" for
// posts/a.md in language en's own contentDir (en not the default).
Status ApplySite(const SiteConfig& site, std::string_view path, std::string_view file_name,
                 std::optional<std::int64_t> modified, const PostMeta& meta, Article* post);

}  // namespace sagasu
