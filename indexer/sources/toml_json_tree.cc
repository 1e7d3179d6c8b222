// ParseTomlTree (toml++) and ParseJsonTree (nlohmann): Hugo's other two
// front matter formats, into the tree YAML front matter also becomes.
#include <toml++/toml.h>

#include <algorithm>
#include <functional>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "indexer/sources/front_matter_tree.h"
#include "indexer/sources/input_check.h"

namespace sagasu {

namespace {

using nlohmann::json;

// TOML dates and times as their TOML text: date parsing happens later, on
// text, for every format alike.
template <typename T>
std::string TomlText(const T& value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// Converting recurses; tables nested deeper than kMaxNestingDepth
// (`[a.b.c...]` headers are not bounded by toml++'s own limit on inline
// nesting) are not converted but reported: *too_deep is the line of the
// first such value.
struct TomlConversion {
  FrontMatterTree* tree;
  int too_deep = 0;
};

json TomlValue(const toml::node& node, const json::json_pointer& where, int depth, TomlConversion* c);

json TomlTable(const toml::table& table, const json::json_pointer& where, int depth, TomlConversion* c) {
  json out = json::object();
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    out[name] = TomlValue(node, where / name, depth + 1, c);
  }
  return out;
}

json TomlValue(const toml::node& node, const json::json_pointer& where, int depth, TomlConversion* c) {
  FrontMatterTree* tree = c->tree;
  const int line = static_cast<int>(node.source().begin.line) + tree->first_line - 1;
  if (depth > kMaxNestingDepth) {
    if (c->too_deep == 0) c->too_deep = line;
    return nullptr;
  }
  tree->lines[where.to_string()] = line;
  switch (node.type()) {
    case toml::node_type::table:
      return TomlTable(*node.as_table(), where, depth, c);
    case toml::node_type::array: {
      json out = json::array();
      for (const toml::node& item : *node.as_array()) out.push_back(TomlValue(item, where / out.size(), depth + 1, c));
      return out;
    }
    case toml::node_type::string:
      return node.as_string()->get();
    case toml::node_type::integer:
      return node.as_integer()->get();
    case toml::node_type::floating_point:
      return node.as_floating_point()->get();
    case toml::node_type::boolean:
      return node.as_boolean()->get();
    case toml::node_type::date:
      return TomlText(node.as_date()->get());
    case toml::node_type::time:
      return TomlText(node.as_time()->get());
    case toml::node_type::date_time:
      return TomlText(node.as_date_time()->get());
    case toml::node_type::none:
      break;
  }
  return nullptr;
}

// nlohmann keeps the last of repeated keys; this parser callback notes the
// first key an object repeats, so that it can be reported instead.
class DuplicateKeyFinder {
 public:
  bool operator()(int depth, json::parse_event_t event, json& parsed) {
    deepest_ = std::max(deepest_, depth);
    if (event == json::parse_event_t::object_start) {
      open_.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      open_.pop_back();
    } else if (event == json::parse_event_t::key && !open_.empty()) {
      const std::string& key = parsed.get_ref<const std::string&>();
      if (!open_.back().insert(key).second && duplicate_.empty()) duplicate_ = key;
    }
    return true;
  }
  const std::string& duplicate() const { return duplicate_; }
  int deepest() const { return deepest_; }

 private:
  int deepest_ = 0;
  std::vector<std::unordered_set<std::string>> open_;
  std::string duplicate_;
};

// nlohmann's message without its "[json.exception...] parse error at line
// L, column C: " prefix; the line is reported the file's way instead.
std::string JsonReason(const json::parse_error& e) {
  const std::string what = e.what();
  const std::size_t column = what.find("column ");
  const std::size_t colon = column == std::string::npos ? std::string::npos : what.find(": ", column);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

int LineAt(std::string_view text, std::size_t byte, int first_line) {
  byte = std::min(byte, text.size());
  return first_line + static_cast<int>(std::count(text.begin(), text.begin() + byte, '\n'));
}

}  // namespace

Status ParseTomlTree(std::string_view text, std::string_view origin, int first_line, FrontMatterTree* out) {
  out->lines.clear();
  out->first_line = first_line;
  try {
    const toml::table table = toml::parse(text);
    TomlConversion conversion{out};
    out->root = TomlTable(table, json::json_pointer(), 0, &conversion);
    if (conversion.too_deep != 0) {
      return FrontMatterError(origin, conversion.too_deep,
                              "nested more than " + std::to_string(kMaxNestingDepth) + " levels", out->what);
    }
    return Status::OK();
  } catch (const toml::parse_error& e) {
    return FrontMatterError(origin, static_cast<int>(e.source().begin.line) + first_line - 1, e.description(),
                            out->what);
  }
}

Status ParseJsonTree(std::string_view text, std::string_view origin, int first_line, FrontMatterTree* out) {
  out->lines.clear();
  out->first_line = first_line;
  DuplicateKeyFinder finder;
  try {
    out->root = json::parse(text, std::ref(finder));
  } catch (const json::parse_error& e) {
    // e.byte is 1-based: the byte the parser stopped at.
    return FrontMatterError(origin, LineAt(text, e.byte == 0 ? 0 : e.byte - 1, first_line), JsonReason(e),
                            out->what);
  }
  if (finder.deepest() > kMaxNestingDepth) {
    return FrontMatterError(origin, first_line, "nested more than " + std::to_string(kMaxNestingDepth) + " levels",
                            out->what);
  }
  if (!finder.duplicate().empty()) {
    return FrontMatterError(origin, first_line, "key \"" + finder.duplicate() + "\" is given twice in one object",
                            out->what);
  }
  return Status::OK();
}

}  // namespace sagasu
