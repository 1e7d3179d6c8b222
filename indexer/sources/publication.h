// Publication rules: whether the site generator would publish a post, from
// its front matter, its place in the archive and the time of the run. What
// it would not publish is not indexed, and leaves the index when it stops
// being published (a draft again, expired, moved to _drafts/).
//
//   Jekyll  `published: false` (unpublished); files under _drafts/ (drafts);
//           a date after now (Jekyll's default future: false). A `draft`
//           key means nothing to Jekyll.
//   Hugo    `draft: true` or `published: false` (drafts, both); publishDate
//           after now; expiryDate before now; `headless: true` bundles;
//           _index.md section pages (lists, not articles)
//   A plain folder of Markdown: all of the draft rules above.
//
// PublishOptions turns each rule off, as `jekyll build --drafts --future
// --unpublished` and `hugo --buildDrafts --buildFuture --buildExpired` do.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/document.h"
#include "common/status.h"
#include "indexer/sources/front_matter.h"

namespace sagasu {

struct PublishOptions {
  // Whose draft rules apply: a site's generator, else all of them.
  enum class Rules { kAny, kJekyll, kHugo };
  Rules rules = Rules::kAny;
  // Index drafts too: _drafts/ (Jekyll), draft: true (Hugo), and for Hugo
  // published: false (its other way to write draft: true).
  bool drafts = false;
  // Index `published: false` posts of Jekyll sites and plain folders too.
  bool unpublished = false;
  // Index posts dated (or with publishDate) after `now`.
  bool future = false;
  // Index posts whose expiryDate is before `now`.
  bool expired = false;
  // The time of the run, seconds since the epoch.
  std::int64_t now = 0;
};

// Whether the generator would publish `post`: OK with *why empty when it
// would, OK with *why set ("draft", "published: false", "dated in the
// future (2030-01-01T00:00:00Z)", ...) when it would not, InvalidArgument
// when publishDate or expiryDate is not a date. `path` is the post's path
// relative to its archive root, without extension (RawInput::default_id).
Status CheckPublished(const Article& post, const PostMeta& meta, std::string_view path,
                      const PublishOptions& options, std::string* why);

}  // namespace sagasu
