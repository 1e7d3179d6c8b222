#include "indexer/sources/front_matter.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <exception>
#include <string>
#include <vector>

#include "common/text/ascii.h"

namespace sagasu {

namespace {

// True when `line` (without its '\n') is `marker` followed only by spaces.
bool IsDelimiter(std::string_view line, std::string_view marker) {
  if (line.substr(0, marker.size()) != marker) return false;
  return line.substr(marker.size()).find_first_not_of(" \t\r") == std::string_view::npos;
}

Status Error(std::string_view origin, int line, std::string_view reason) {
  std::string msg(origin);
  if (line > 0) {
    msg += ':';
    msg += std::to_string(line);
  }
  msg += ": front matter: ";
  msg += reason;
  return Status::InvalidArgument(std::move(msg));
}

// Front matter YAML starts on line 2 of the file; yaml-cpp counts from 0.
int FileLine(const YAML::Mark& mark) { return mark.is_null() ? 0 : mark.line + 2; }

// A scalar field: a string, number or boolean as written; null is "".
Status ReadString(const YAML::Node& node, std::string_view key, std::string_view origin, std::string* out) {
  if (node.IsNull()) {
    out->clear();
    return Status::OK();
  }
  if (!node.IsScalar()) {
    return Error(origin, FileLine(node.Mark()), "'" + std::string(key) + "' must be a string");
  }
  *out = std::string(TrimAscii(node.Scalar()));
  return Status::OK();
}

// A list field: a sequence of scalars, or one scalar.
Status ReadList(const YAML::Node& node, std::string_view key, std::string_view origin,
                std::vector<std::string>* out) {
  out->clear();
  auto add = [out](std::string_view item) {
    item = TrimAscii(item);
    if (item.empty()) return;
    if (std::find(out->begin(), out->end(), item) != out->end()) return;
    out->emplace_back(item);
  };
  if (node.IsNull()) return Status::OK();
  if (node.IsScalar()) {
    add(node.Scalar());
    return Status::OK();
  }
  if (!node.IsSequence()) {
    return Error(origin, FileLine(node.Mark()), "'" + std::string(key) + "' must be a list or a string");
  }
  for (const YAML::Node& item : node) {
    if (item.IsNull()) continue;
    if (!item.IsScalar()) {
      return Error(origin, FileLine(item.Mark()), "items of '" + std::string(key) + "' must be strings");
    }
    add(item.Scalar());
  }
  return Status::OK();
}

Status Apply(const YAML::Node& root, std::string_view origin, Article* doc) {
  if (root.IsNull()) return Status::OK();  // "---\n---": empty front matter
  if (!root.IsMap()) return Error(origin, FileLine(root.Mark()), "expected 'key: value' lines (a YAML mapping)");

  auto get = [&root](const char* key) -> YAML::Node {
    const YAML::Node& r = root;  // const lookup does not insert
    return r[key];
  };
  auto string_field = [&](const char* key, std::string* out) -> Status {
    YAML::Node n = get(key);
    if (!n.IsDefined()) return Status::OK();
    return ReadString(n, key, origin, out);
  };
  auto list_field = [&](const char* key, std::vector<std::string>* out) -> Status {
    YAML::Node n = get(key);
    if (!n.IsDefined()) return Status::OK();
    return ReadList(n, key, origin, out);
  };

  std::string id, permalink, url, excerpt, description;
  SAGASU_RETURN_IF_ERROR(string_field("id", &id));
  SAGASU_RETURN_IF_ERROR(string_field("permalink", &permalink));
  SAGASU_RETURN_IF_ERROR(string_field("url", &url));
  SAGASU_RETURN_IF_ERROR(string_field("excerpt", &excerpt));
  SAGASU_RETURN_IF_ERROR(string_field("description", &description));
  SAGASU_RETURN_IF_ERROR(string_field("title", &doc->title));
  SAGASU_RETURN_IF_ERROR(string_field("author", &doc->author));
  SAGASU_RETURN_IF_ERROR(list_field("tags", &doc->tags));
  std::vector<std::string> categories, category;
  SAGASU_RETURN_IF_ERROR(list_field("categories", &categories));
  SAGASU_RETURN_IF_ERROR(list_field("category", &category));

  if (!id.empty()) {
    doc->id = id;
  } else if (!permalink.empty()) {
    doc->id = permalink;
  }
  doc->url = !url.empty() ? url : permalink;
  doc->excerpt = !excerpt.empty() ? excerpt : description;
  doc->categories = !categories.empty() ? std::move(categories) : std::move(category);

  if (YAML::Node date = get("date"); date.IsDefined() && !date.IsNull()) {
    if (!date.IsScalar()) return Error(origin, FileLine(date.Mark()), "'date' must be a string");
    const std::string text(TrimAscii(date.Scalar()));
    if (!text.empty()) {
      std::optional<std::int64_t> t = ParseDate(text);
      if (!t) {
        return Error(origin, FileLine(date.Mark()),
                     "'date' is not a date: \"" + text +
                         "\" (expected e.g. 2025-11-30, 2025-11-30 16:39:09 +0000 or 2012-03-06T13:00:00+09:00)");
      }
      doc->date = *t;
    }
  }
  return Status::OK();
}

}  // namespace

Status SplitFrontMatter(std::string_view bytes, std::string_view origin, FrontMatterSplit* out) {
  *out = FrontMatterSplit{};
  out->body = bytes;
  const size_t first_nl = bytes.find('\n');
  const std::string_view first = bytes.substr(0, first_nl);
  if (IsDelimiter(first, "+++")) {
    return Error(origin, 1,
                 "TOML front matter ('+++') is not supported; convert it to YAML between '---' lines");
  }
  if (!IsDelimiter(first, "---") || first_nl == std::string_view::npos) {
    // No front matter. (A lone "---" line is a thematic break.)
    return Status::OK();
  }
  size_t pos = first_nl + 1;
  while (pos <= bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? bytes.size() : nl;
    const std::string_view line = bytes.substr(pos, end - pos);
    if (IsDelimiter(line, "---") || IsDelimiter(line, "...")) {
      out->present = true;
      out->yaml = bytes.substr(first_nl + 1, pos - first_nl - 1);
      out->body = nl == std::string_view::npos ? std::string_view() : bytes.substr(nl + 1);
      return Status::OK();
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return Error(origin, 1, "opening '---' has no closing '---' line");
}

Status ParseFrontMatter(std::string_view yaml, std::string_view origin, Article* doc) {
  // yaml-cpp reports errors by throwing; nothing may escape this function.
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    return Apply(root, origin, doc);
  } catch (const YAML::Exception& e) {
    return Error(origin, FileLine(e.mark), e.msg);
  } catch (const std::exception& e) {
    return Error(origin, 0, e.what());
  }
}

}  // namespace sagasu
