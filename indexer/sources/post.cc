// ParsePost: a Markdown file with optional front matter (YAML, TOML or JSON).
#include <string>

#include "indexer/sources/front_matter.h"
#include "common/text/ascii.h"
#include "indexer/sources/input_check.h"
#include "indexer/sources/markdown_text.h"
#include "indexer/sources/source.h"

namespace sagasu {

namespace {

// Jekyll names posts "YYYY-MM-DD-slug"; the date in the name is the post's
// date when the front matter has none.
std::optional<std::int64_t> DateFromName(std::string_view default_id) {
  const size_t slash = default_id.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? default_id : default_id.substr(slash + 1);
  if (name.size() < 11 || name[10] != '-') return std::nullopt;
  return ParseDate(name.substr(0, 10));
}

}  // namespace

Result<Article> ParsePost(std::string_view bytes, std::string_view default_id, std::string_view origin) {
  return ParsePost(bytes, default_id, origin, nullptr);
}

Result<Article> ParsePost(std::string_view bytes, std::string_view default_id, std::string_view origin,
                          PostMeta* meta) {
  SAGASU_RETURN_IF_ERROR(CheckText(bytes, origin));
  bytes = StripBom(bytes);

  FrontMatterSplit split;
  SAGASU_RETURN_IF_ERROR(SplitFrontMatter(bytes, origin, &split));
  Article doc;
  if (split.present) SAGASU_RETURN_IF_ERROR(ParseFrontMatter(split, origin, &doc, meta));
  if (meta != nullptr) meta->has_front_matter = split.present;

  if (doc.id.empty()) doc.id = std::string(default_id);
  if (doc.id.empty()) {
    return Status::InvalidArgument(std::string(origin) +
                                   ": no id (no 'id' or 'permalink' in front matter and no default id)");
  }
  MarkdownText text = ConvertMarkdown(split.body);
  doc.body = std::move(text.text);
  if (doc.title.empty()) doc.title = std::move(text.first_heading);
  // Many posts repeat their title as the first heading or paragraph; as body
  // text it would only count the title's words twice and open every snippet.
  if (!doc.title.empty()) {
    const std::size_t nl = doc.body.find('\n');
    const std::string_view first = TrimAscii(std::string_view(doc.body).substr(0, nl));
    if (first == TrimAscii(doc.title)) doc.body.erase(0, nl == std::string::npos ? doc.body.size() : nl + 1);
  }
  if (!doc.date) doc.date = DateFromName(default_id);
  SAGASU_RETURN_IF_ERROR(CheckArticleLimits(doc, origin));
  return doc;
}

}  // namespace sagasu
