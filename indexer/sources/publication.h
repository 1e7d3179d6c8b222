// Publication rules: whether the site generator would publish a post, from
// its front matter, its place in the archive and the time of the run. What
// it would not publish is not indexed, and leaves the index when it stops
// being published (a draft again, expired, moved to _drafts/).
//
//   Jekyll  `published: false`; files under _drafts/; a date after now
//           (Jekyll's default future: false)
//   Hugo    `draft: true`; publishDate after now; expiryDate before now;
//           `headless: true` bundles; _index.md section pages (lists, not
//           articles)
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
  // Index drafts (_drafts/, draft: true) and `published: false` posts too.
  bool drafts = false;
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
