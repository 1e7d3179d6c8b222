#include "indexer/sources/input_check.h"

#include <cstdio>
#include <string>
#include <utility>

#include "common/text/ascii.h"
#include "common/text/utf8.h"

namespace sagasu {

Status CheckText(std::string_view bytes, std::string_view origin) {
  const std::string where(origin);
  if (bytes.find_first_not_of(kAsciiSpace) == std::string_view::npos) {
    return Status::InvalidArgument(where + (bytes.empty() ? ": empty file" : ": empty file (only whitespace)"));
  }
  if (size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    return Status::InvalidArgument(where + ": binary data (NUL byte at offset " + std::to_string(nul) + ")");
  }
  if (auto bad = FindInvalidUtf8(bytes)) {
    char hex[8];
    std::snprintf(hex, sizeof(hex), "0x%02X", static_cast<unsigned char>(bytes[*bad]));
    return Status::InvalidArgument(where + ": invalid UTF-8 at byte offset " + std::to_string(*bad) + " (byte " +
                                   hex + ")");
  }
  return Status::OK();
}

namespace {

Status OverLimit(std::string_view origin, std::string_view field, std::string_view what, std::size_t limit) {
  return Status::InvalidArgument(std::string(origin) + ": " + std::string(field) + ": " + std::string(what) +
                                 " (the limit is " + std::to_string(limit) + ")");
}

Status CheckList(const std::vector<std::string>& items, std::string_view origin, std::string_view field) {
  if (items.size() > kMaxListItems) {
    return OverLimit(origin, field, std::to_string(items.size()) + " values", kMaxListItems);
  }
  for (const std::string& item : items) {
    if (item.size() > kMaxValueBytes) {
      return OverLimit(origin, field, "a value of " + std::to_string(item.size()) + " bytes", kMaxValueBytes);
    }
  }
  return Status::OK();
}

}  // namespace

Status CheckArticleLimits(const Article& doc, std::string_view origin) {
  SAGASU_RETURN_IF_ERROR(CheckList(doc.tags, origin, "tags"));
  SAGASU_RETURN_IF_ERROR(CheckList(doc.categories, origin, "categories"));
  if (doc.author.size() > kMaxValueBytes) {
    return OverLimit(origin, "author", std::to_string(doc.author.size()) + " bytes", kMaxValueBytes);
  }
  const std::pair<const char*, const std::string*> fields[] = {
      {"id", &doc.id}, {"title", &doc.title}, {"url", &doc.url}, {"excerpt", &doc.excerpt}};
  for (const auto& [name, value] : fields) {
    if (value->size() > kMaxFieldBytes) {
      return OverLimit(origin, name, std::to_string(value->size()) + " bytes", kMaxFieldBytes);
    }
  }
  return Status::OK();
}

std::string_view StripBom(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  return bytes;
}

}  // namespace sagasu
