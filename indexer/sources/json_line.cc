// ParseJsonLine: one JSON Lines record.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

#include "common/text/ascii.h"
#include "indexer/sources/input_check.h"
#include "indexer/sources/source.h"

namespace sagasu {

namespace {

using json = nlohmann::json;

// Collects the first syntax error of a SAX pass; used only to explain why
// json::parse discarded a line.
class ErrorSax : public nlohmann::json_sax<json> {
 public:
  std::string error;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
    std::string what = ex.what();
    const size_t colon = what.find(": ", what.find("column"));
    error = "column " + std::to_string(position) +
            (colon == std::string::npos ? "" : ": " + what.substr(colon + 2));
    return false;
  }
};

std::string SyntaxError(std::string_view line) {
  ErrorSax sax;
  // Cannot throw: the handler returns false on the first error instead.
  (void)json::sax_parse(line.begin(), line.end(), &sax);
  return sax.error.empty() ? "syntax error" : sax.error;
}

Status FieldError(std::string_view origin, std::string_view field, std::string_view reason) {
  return Status::InvalidArgument(std::string(origin) + ": field '" + std::string(field) + "' " + std::string(reason));
}

std::string Clean(std::string s) {
  std::replace(s.begin(), s.end(), '\0', ' ');  // "\u0000" in a JSON string
  return s;
}

Status ReadString(const json& obj, const char* field, std::string_view origin, std::string* out) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return Status::OK();
  if (!it->is_string()) return FieldError(origin, field, "must be a string, got " + std::string(it->type_name()));
  *out = Clean(it->get<std::string>());
  return Status::OK();
}

Status ReadList(const json& obj, const char* field, std::string_view origin, std::vector<std::string>* out) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return Status::OK();
  out->clear();
  UniqueList items(out);
  auto add = [&items](std::string s) {
    s = Clean(std::move(s));
    items.Add(TrimAscii(s));
  };
  if (it->is_string()) {
    add(it->get<std::string>());
    return Status::OK();
  }
  if (!it->is_array()) {
    return FieldError(origin, field, "must be an array of strings or a string, got " + std::string(it->type_name()));
  }
  for (const json& item : *it) {
    if (!item.is_string()) return FieldError(origin, field, "must contain only strings");
    add(item.get<std::string>());
  }
  return Status::OK();
}

}  // namespace

Result<Article> ParseJsonLine(std::string_view line, std::string_view origin) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.find_first_not_of(" \t") == std::string_view::npos) {
    return Status::InvalidArgument(std::string(origin) + ": empty line");
  }
  SAGASU_RETURN_IF_ERROR(CheckText(line, origin));
  line = StripBom(line);

  int deepest = 0;
  const json obj = json::parse(
      line.begin(), line.end(),
      [&deepest](int depth, json::parse_event_t, json&) {
        deepest = std::max(deepest, depth);
        return true;
      },
      /*allow_exceptions=*/false);
  if (obj.is_discarded()) {
    return Status::InvalidArgument(std::string(origin) + ": not valid JSON: " + SyntaxError(line));
  }
  if (deepest > kMaxNestingDepth) {
    return Status::InvalidArgument(std::string(origin) + ": values nested " + std::to_string(deepest) +
                                   " levels deep (the limit is " + std::to_string(kMaxNestingDepth) + ")");
  }
  if (!obj.is_object()) {
    return Status::InvalidArgument(std::string(origin) + ": expected a JSON object, got " +
                                   std::string(obj.type_name()));
  }

  Article doc;
  auto id = obj.find("id");
  if (id == obj.end() || id->is_null()) {
    return Status::InvalidArgument(std::string(origin) + ": missing 'id'");
  }
  if (id->is_string()) {
    doc.id = Clean(id->get<std::string>());
  } else if (id->is_number_integer()) {
    doc.id = id->dump();
  } else {
    return FieldError(origin, "id", "must be a string or an integer, got " + std::string(id->type_name()));
  }
  if (doc.id.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument(std::string(origin) + ": empty 'id'");
  }

  std::string description, permalink;
  SAGASU_RETURN_IF_ERROR(ReadString(obj, "title", origin, &doc.title));
  SAGASU_RETURN_IF_ERROR(ReadString(obj, "body", origin, &doc.body));
  SAGASU_RETURN_IF_ERROR(ReadString(obj, "author", origin, &doc.author));
  SAGASU_RETURN_IF_ERROR(ReadString(obj, "excerpt", origin, &doc.excerpt));
  SAGASU_RETURN_IF_ERROR(ReadString(obj, "description", origin, &description));
  SAGASU_RETURN_IF_ERROR(ReadString(obj, "url", origin, &doc.url));
  SAGASU_RETURN_IF_ERROR(ReadString(obj, "permalink", origin, &permalink));
  SAGASU_RETURN_IF_ERROR(ReadList(obj, "tags", origin, &doc.tags));
  SAGASU_RETURN_IF_ERROR(ReadList(obj, "categories", origin, &doc.categories));
  if (doc.categories.empty()) SAGASU_RETURN_IF_ERROR(ReadList(obj, "category", origin, &doc.categories));
  if (doc.excerpt.empty()) doc.excerpt = std::move(description);
  if (doc.url.empty()) doc.url = std::move(permalink);

  if (auto date = obj.find("date"); date != obj.end() && !date->is_null()) {
    if (date->is_string()) {
      const std::string text = date->get<std::string>();
      if (text.find_first_not_of(" \t") != std::string::npos) {
        doc.date = ParseDate(text);
        if (!doc.date) return FieldError(origin, "date", "is not a date: \"" + text + "\"");
      }
    } else if (date->is_number_integer()) {
      doc.date = date->get<std::int64_t>();  // seconds since the epoch
    } else {
      return FieldError(origin, "date", "must be a string or seconds since the epoch, got " +
                                            std::string(date->type_name()));
    }
  }
  SAGASU_RETURN_IF_ERROR(CheckArticleLimits(doc, origin));
  return doc;
}

}  // namespace sagasu
