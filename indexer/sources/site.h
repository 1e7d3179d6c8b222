// Sites: a folder that is a Jekyll or Hugo site is read the way its
// generator reads it. Given the site root (a folder holding `_config.yml`,
// `_config.yaml` or `_config.toml` for Jekyll; `hugo.toml`, `hugo.yaml`,
// `hugo.json` or `config.toml|yaml|json` for Hugo), these settings apply:
//
//   Jekyll  timezone, permalink, baseurl, future, show_drafts, unpublished,
//           exclude
//   Hugo    contentDir (only it is read), baseURL (its path), timeZone,
//           buildDrafts, buildFuture, buildExpired, uglyURLs, permalinks
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
};

// "/blog/" or "https://example.com/blog/" -> "/blog"; "/" or "" -> "".
std::string SiteBasePath(std::string url);

// Reads the site settings of `dir`: OK with *out empty when `dir` is not a
// site root; InvalidArgument naming the config file when it does not parse
// or a setting has the wrong shape.
Status ReadSiteConfig(const std::string& dir, std::optional<SiteConfig>* out);

// Why the site's generator would not render the post as a page, beyond the
// publication rules (publication.h): Jekyll copies Markdown without front
// matter as a static file. "" when it renders it.
std::string SiteSkipReason(const SiteConfig& site, const PostMeta& meta);

// Applies the site to a parsed post at `path` (relative to the content root,
// without extension, as RawInput::default_id; `file_name` with extension):
// re-reads an offset-less date in the site's zone and fills the URL.
Status ApplySite(const SiteConfig& site, std::string_view path, std::string_view file_name, const PostMeta& meta,
                 Article* post);

}  // namespace sagasu
