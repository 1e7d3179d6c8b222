#include "indexer/sources/front_matter.h"

#include <algorithm>
#include <string>
#include <vector>

#include "common/text/ascii.h"
#include "indexer/sources/front_matter_tree.h"
#include "indexer/sources/input_check.h"

namespace sagasu {

namespace {

using nlohmann::json;
using Pointer = json::json_pointer;

// ---- splitting -------------------------------------------------------------

// True when `line` (without its '\n') is `marker` followed only by spaces.
bool IsDelimiter(std::string_view line, std::string_view marker) {
  if (line.substr(0, marker.size()) != marker) return false;
  return line.substr(marker.size()).find_first_not_of(" \t\r") == std::string_view::npos;
}

// Front matter between an opening line (already checked) and a line that is
// one of `closers`; text starts on line 2.
Status SplitDelimited(std::string_view bytes, std::string_view origin, FrontMatterFormat format,
                      std::initializer_list<std::string_view> closers, FrontMatterSplit* out) {
  const size_t first_nl = bytes.find('\n');
  for (size_t pos = first_nl + 1; pos <= bytes.size();) {
    const size_t nl = bytes.find('\n', pos);
    const std::string_view line = bytes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (std::any_of(closers.begin(), closers.end(), [&](std::string_view c) { return IsDelimiter(line, c); })) {
      out->format = format;
      out->present = true;
      out->text = bytes.substr(first_nl + 1, pos - first_nl - 1);
      out->first_line = 2;
      out->body = nl == std::string_view::npos ? std::string_view() : bytes.substr(nl + 1);
      return Status::OK();
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  const std::string opener(bytes.substr(0, 3));
  return FrontMatterError(origin, 1, "opening '" + opener + "' has no closing '" + opener + "' line");
}

// Offset just past the '}' that closes the '{' at bytes[0] (braces inside
// JSON strings do not count, as in Hugo's lexer), or npos.
size_t JsonObjectEnd(std::string_view bytes) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// A '{' followed by '"' or '}' opens JSON; "{{" and "{%" open Hugo
// shortcodes and Liquid tags in a body.
bool OpensJson(std::string_view bytes) {
  if (bytes.empty() || bytes[0] != '{') return false;
  const size_t next = bytes.find_first_not_of(kAsciiSpace, 1);
  return next != std::string_view::npos && (bytes[next] == '"' || bytes[next] == '}');
}

Status SplitJson(std::string_view bytes, std::string_view origin, FrontMatterSplit* out) {
  const size_t end = JsonObjectEnd(bytes);
  if (end == std::string_view::npos) return FrontMatterError(origin, 1, "JSON front matter: '{' is never closed");
  out->format = FrontMatterFormat::kJson;
  out->present = true;
  out->text = bytes.substr(0, end);
  out->first_line = 1;
  out->body = bytes.substr(end);
  const size_t nl = out->body.find('\n');
  if (TrimAscii(out->body.substr(0, nl)).empty()) {
    out->body = nl == std::string_view::npos ? std::string_view() : out->body.substr(nl + 1);
  }
  return Status::OK();
}

// ---- fields ------------------------------------------------------------------

// Looks up the fields of the front matter's top-level mapping.
class Fields {
 public:
  // `split_words`: whether a scalar list field may stand for several items
  // (Jekyll's rule for YAML; Hugo, the only reader of TOML and JSON front
  // matter, keeps `categories = "日記 京都"` one term).
  Fields(const FrontMatterTree& tree, std::string_view origin, bool split_words)
      : tree_(tree), origin_(origin), split_words_(split_words) {}

  // The value of `key` (case-sensitive), or null when absent.
  const json* Find(std::string_view key) const {
    auto it = tree_.root.find(std::string(key));
    return it == tree_.root.end() ? nullptr : &*it;
  }
  // The value of the first of `keys` present, ignoring case as Hugo does;
  // *name is the key as written. Two keys differing only in case are an error.
  Status FindIgnoringCase(std::initializer_list<std::string_view> keys, const json** value, std::string* name) const;

  Status Text(std::string_view name, const json* value, std::string* out) const;
  Status List(std::string_view name, const json* value, bool split_scalar, std::vector<std::string>* out) const;
  Status Bool(std::string_view name, const json* value, std::optional<bool>* out) const;
  Status Error(std::string_view name, std::string_view reason) const {
    return FrontMatterError(origin_, tree_.LineOf(Pointer() / std::string(name)), reason);
  }
  // Whether the value of `key` is one Psych reads as a Time (FrontMatterTree::times).
  bool IsYamlTime(std::string_view key) const { return tree_.times.contains((Pointer() / std::string(key)).to_string()); }

 private:
  const FrontMatterTree& tree_;
  std::string_view origin_;
  bool split_words_;
};

Status Fields::FindIgnoringCase(std::initializer_list<std::string_view> keys, const json** value,
                                std::string* name) const {
  *value = nullptr;
  for (std::string_view key : keys) {
    const std::string wanted = ToLowerAscii(key);
    for (const auto& [k, v] : tree_.root.items()) {
      if (ToLowerAscii(k) != wanted) continue;
      if (*value != nullptr) {
        return Error(k, "'" + *name + "' and '" + k + "' are the same key (Hugo ignores case); keep one");
      }
      *value = &v;
      *name = k;
    }
    if (*value != nullptr) return Status::OK();
  }
  return Status::OK();
}

// A scalar as the generator shows it: strings as they are, numbers and
// booleans in their usual text ("1000", "1.5", "true"), null as "".
bool ScalarText(const json& v, std::string* out) {
  if (v.is_string()) {
    *out = v.get<std::string>();
  } else if (v.is_null()) {
    out->clear();
  } else if (v.is_primitive()) {
    *out = v.dump();
  } else {
    return false;
  }
  return true;
}

Status Fields::Text(std::string_view name, const json* value, std::string* out) const {
  if (value == nullptr) return Status::OK();
  std::string text;
  if (!ScalarText(*value, &text)) return Error(name, "'" + std::string(name) + "' must be a string");
  *out = std::string(TrimAscii(text));
  return Status::OK();
}

void AddItem(std::string_view item, UniqueList* out) { out->Add(TrimAscii(item)); }

// Adds `text`, or each of its whitespace-separated words.
void AddItems(std::string_view text, bool split, UniqueList* out) {
  if (!split) return AddItem(text, out);
  for (size_t b = text.find_first_not_of(kAsciiSpace); b != std::string_view::npos;) {
    const size_t e = text.find_first_of(kAsciiSpace, b);
    AddItem(text.substr(b, e == std::string_view::npos ? e : e - b), out);
    b = e == std::string_view::npos ? e : text.find_first_not_of(kAsciiSpace, e);
  }
}

Status Fields::List(std::string_view name, const json* value, bool split_scalar, std::vector<std::string>* out) const {
  out->clear();
  if (value == nullptr) return Status::OK();
  UniqueList items(out);
  std::string text;
  if (ScalarText(*value, &text)) {
    AddItems(text, split_scalar && split_words_ && value->is_string(), &items);
    return Status::OK();
  }
  if (!value->is_array()) return Error(name, "'" + std::string(name) + "' must be a list or a string");
  for (size_t i = 0; i < value->size(); ++i) {
    if (!ScalarText((*value)[i], &text)) {
      return FrontMatterError(origin_, tree_.LineOf(Pointer() / std::string(name) / i),
                              "items of '" + std::string(name) + "' must be strings");
    }
    AddItem(text, &items);
  }
  return Status::OK();
}

Status Fields::Bool(std::string_view name, const json* value, std::optional<bool>* out) const {
  if (value == nullptr || value->is_null()) return Status::OK();
  if (!value->is_boolean()) return Error(name, "'" + std::string(name) + "' must be true or false");
  *out = value->get<bool>();
  return Status::OK();
}

// ---- mapping to Article and PostMeta -------------------------------------------

Status ApplyDate(const Fields& f, Article* doc) {
  std::string text;
  SAGASU_RETURN_IF_ERROR(f.Text("date", f.Find("date"), &text));
  if (text.empty()) return Status::OK();
  std::optional<std::int64_t> t = ParseDate(text);
  if (!t) {
    return f.Error("date", "'date' is not a date: \"" + text +
                               "\" (expected e.g. 2025-11-30, 2025-11-30 16:39:09 +0000 or 2012-03-06T13:00:00+09:00)");
  }
  doc->date = *t;
  return Status::OK();
}

Status ApplyArticle(const Fields& f, Article* doc) {
  std::string id, permalink, url, excerpt, description;
  SAGASU_RETURN_IF_ERROR(f.Text("id", f.Find("id"), &id));
  SAGASU_RETURN_IF_ERROR(f.Text("permalink", f.Find("permalink"), &permalink));
  SAGASU_RETURN_IF_ERROR(f.Text("url", f.Find("url"), &url));
  SAGASU_RETURN_IF_ERROR(f.Text("excerpt", f.Find("excerpt"), &excerpt));
  SAGASU_RETURN_IF_ERROR(f.Text("description", f.Find("description"), &description));
  SAGASU_RETURN_IF_ERROR(f.Text("title", f.Find("title"), &doc->title));
  SAGASU_RETURN_IF_ERROR(f.Text("author", f.Find("author"), &doc->author));
  SAGASU_RETURN_IF_ERROR(f.List("tags", f.Find("tags"), true, &doc->tags));
  std::vector<std::string> categories, category;
  SAGASU_RETURN_IF_ERROR(f.List("categories", f.Find("categories"), true, &categories));
  SAGASU_RETURN_IF_ERROR(f.List("category", f.Find("category"), false, &category));

  if (!id.empty()) {
    doc->id = id;
  } else if (!permalink.empty()) {
    doc->id = permalink;
  }
  doc->url = !url.empty() ? url : permalink;
  doc->excerpt = !excerpt.empty() ? excerpt : description;
  // Jekyll's merge (Document#populate_categories): `categories`, then `category`.
  doc->categories = std::move(categories);
  UniqueList merged(&doc->categories);
  for (const std::string& c : category) merged.Add(c);
  return ApplyDate(f, doc);
}

// A text field of PostMeta from the first of `keys` present (ignoring case).
Status MetaText(const Fields& f, std::initializer_list<std::string_view> keys, std::string* out) {
  const json* value = nullptr;
  std::string name;
  SAGASU_RETURN_IF_ERROR(f.FindIgnoringCase(keys, &value, &name));
  return f.Text(name, value, out);
}

Status MetaBool(const Fields& f, std::string_view key, std::optional<bool>* out) {
  const json* value = nullptr;
  std::string name;
  SAGASU_RETURN_IF_ERROR(f.FindIgnoringCase({key}, &value, &name));
  return f.Bool(name, value, out);
}

Status ApplyMeta(const Fields& f, PostMeta* meta) {
  SAGASU_RETURN_IF_ERROR(MetaBool(f, "draft", &meta->draft));
  SAGASU_RETURN_IF_ERROR(MetaBool(f, "headless", &meta->headless));
  SAGASU_RETURN_IF_ERROR(f.Text("date", f.Find("date"), &meta->date_text));
  meta->date_is_yaml_time = f.IsYamlTime("date");
  SAGASU_RETURN_IF_ERROR(MetaText(f, {"publishDate", "pubdate"}, &meta->publish_date));
  SAGASU_RETURN_IF_ERROR(MetaText(f, {"expiryDate", "unpublishdate"}, &meta->expiry_date));
  SAGASU_RETURN_IF_ERROR(MetaText(f, {"lastmod", "modified"}, &meta->lastmod));
  SAGASU_RETURN_IF_ERROR(MetaText(f, {"slug"}, &meta->slug));
  SAGASU_RETURN_IF_ERROR(MetaText(f, {"layout"}, &meta->layout));
  SAGASU_RETURN_IF_ERROR(MetaText(f, {"type"}, &meta->type));
  // `published`: Jekyll's boolean; Hugo also takes a date there as the
  // publish date when no publishDate is given. Any other text (Jekyll:
  // `published: "no"` is a true string) publishes.
  const json* published = f.Find("published");
  if (published != nullptr && !published->is_boolean() && !published->is_null()) {
    std::string text;
    SAGASU_RETURN_IF_ERROR(f.Text("published", published, &text));
    if (meta->publish_date.empty() && ParseDate(text)) meta->publish_date = std::move(text);
    return Status::OK();
  }
  return f.Bool("published", published, &meta->published);
}

Status ParseTree(const FrontMatterSplit& split, std::string_view origin, FrontMatterTree* tree) {
  switch (split.format) {
    case FrontMatterFormat::kYaml:
      return ParseYamlTree(split.text, origin, split.first_line, tree);
    case FrontMatterFormat::kToml:
      return ParseTomlTree(split.text, origin, split.first_line, tree);
    case FrontMatterFormat::kJson:
      return ParseJsonTree(split.text, origin, split.first_line, tree);
    case FrontMatterFormat::kNone:
      break;
  }
  tree->root = nullptr;
  return Status::OK();
}

}  // namespace

Status FrontMatterError(std::string_view origin, int line, std::string_view reason, std::string_view what) {
  std::string msg(origin);
  if (line > 0) {
    msg += ':';
    msg += std::to_string(line);
  }
  msg += ": ";
  msg += what;
  msg += ": ";
  msg += reason;
  return Status::InvalidArgument(std::move(msg));
}

Status SplitFrontMatter(std::string_view bytes, std::string_view origin, FrontMatterSplit* out) {
  *out = FrontMatterSplit{};
  out->body = bytes;
  const size_t first_nl = bytes.find('\n');
  const std::string_view first = bytes.substr(0, first_nl);
  if (OpensJson(bytes)) return SplitJson(bytes, origin, out);
  // A lone "---" (or "+++") without a following line is body text: a
  // thematic break.
  if (first_nl == std::string_view::npos) return Status::OK();
  if (IsDelimiter(first, "+++")) return SplitDelimited(bytes, origin, FrontMatterFormat::kToml, {"+++"}, out);
  if (IsDelimiter(first, "---")) return SplitDelimited(bytes, origin, FrontMatterFormat::kYaml, {"---", "..."}, out);
  return Status::OK();
}

Status ParseFrontMatter(const FrontMatterSplit& split, std::string_view origin, Article* doc, PostMeta* meta) {
  FrontMatterTree tree;
  SAGASU_RETURN_IF_ERROR(ParseTree(split, origin, &tree));
  if (tree.root.is_null()) return Status::OK();  // "---\n---": empty front matter
  if (!tree.root.is_object()) {
    return FrontMatterError(origin, tree.LineOf(Pointer()), "expected 'key: value' lines (a mapping)");
  }
  const Fields fields(tree, origin, split.format == FrontMatterFormat::kYaml);
  SAGASU_RETURN_IF_ERROR(ApplyArticle(fields, doc));
  // Checked even when the caller does not want them: whether a post is
  // accepted must not depend on that.
  PostMeta unused;
  return ApplyMeta(fields, meta != nullptr ? meta : &unused);
}

Status ParseFrontMatter(std::string_view yaml, std::string_view origin, Article* doc, PostMeta* meta) {
  FrontMatterSplit split;
  split.format = FrontMatterFormat::kYaml;
  split.present = true;
  split.text = yaml;
  split.first_line = 2;
  return ParseFrontMatter(split, origin, doc, meta);
}

}  // namespace sagasu
