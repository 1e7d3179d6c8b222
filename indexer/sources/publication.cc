#include "indexer/sources/publication.h"

#include "sagasu/types.h"

namespace sagasu {

namespace {

// Whether `path` lies in a folder named `folder` ("_drafts/x", "a/_drafts/x").
bool InFolder(std::string_view path, std::string_view folder) {
  for (std::size_t at = 0;;) {
    const std::size_t found = path.find(folder, at);
    if (found == std::string_view::npos) return false;
    const bool starts = found == 0 || path[found - 1] == '/';
    const std::size_t end = found + folder.size();
    if (starts && end < path.size() && path[end] == '/') return true;
    at = found + 1;
  }
}

// "_index", "posts/_index", and a translation's "posts/_index.en".
bool IsSectionPage(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return name == "_index" || name.starts_with("_index.");
}

// The draft rules of the generator whose rules apply, less those the
// options turn off.
std::string DraftReason(const PostMeta& meta, std::string_view path, const PublishOptions& o) {
  using Rules = PublishOptions::Rules;
  const bool jekyll = o.rules != Rules::kHugo, hugo = o.rules != Rules::kJekyll;
  if (meta.published == false) {
    if (o.rules == Rules::kHugo ? !o.drafts : !o.unpublished) return "published: false";
  }
  if (o.drafts) return "";
  if (hugo && meta.draft == true) return "draft: true";
  if (jekyll && InFolder(path, "_drafts")) return "a draft (in _drafts/)";
  return "";
}

Status ParseMetaDate(const std::string& text, std::string_view key, std::optional<std::int64_t>* out) {
  if (text.empty()) return Status::OK();
  *out = ParseDate(text);
  if (!*out) return Status::InvalidArgument(std::string(key) + ": '" + text + "' is not a date");
  return Status::OK();
}

}  // namespace

Status CheckPublished(const Article& post, const PostMeta& meta, std::string_view path,
                      const PublishOptions& options, std::string* why) {
  why->clear();
  std::optional<std::int64_t> publish, expiry;
  SAGASU_RETURN_IF_ERROR(ParseMetaDate(meta.publish_date, "publishDate", &publish));
  SAGASU_RETURN_IF_ERROR(ParseMetaDate(meta.expiry_date, "expiryDate", &expiry));
  if (IsSectionPage(path)) {
    *why = "a section page (_index)";
  } else if (meta.headless == true) {
    *why = "headless: true";
  } else {
    *why = DraftReason(meta, path, options);
  }
  if (!why->empty()) return Status::OK();
  if (!options.future) {
    if (publish && *publish > options.now) {
      *why = "publishDate in the future (" + FormatDate(*publish) + ")";
    } else if (post.date && *post.date > options.now) {
      *why = "dated in the future (" + FormatDate(*post.date) + ")";
    }
  }
  if (why->empty() && !options.expired && expiry && *expiry <= options.now) {
    *why = "expired (expiryDate " + FormatDate(*expiry) + ")";
  }
  return Status::OK();
}

}  // namespace sagasu
