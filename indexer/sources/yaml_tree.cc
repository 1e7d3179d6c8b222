// ParseYamlTree: YAML front matter through libyaml's event API, typed the
// way Jekyll's Psych types it (psych/scalar_scanner.rb).
#include <yaml.h>

#include <charconv>
#include <regex>
#include <string>
#include <unordered_map>

#include "common/text/ascii.h"
#include "indexer/sources/front_matter_tree.h"
#include "indexer/sources/input_check.h"

namespace sagasu {

namespace {

using nlohmann::json;

// Nesting deeper than this is refused: building the tree recurses.
constexpr int kMaxDepth = kMaxNestingDepth;
// Aliases can make a few lines expand exponentially ("billion laughs").
constexpr std::size_t kMaxValues = 10000;

// One libyaml event; deletes it when replaced or destroyed.
struct YamlEvent {
  yaml_event_t raw{};
  bool filled = false;
  YamlEvent() = default;
  YamlEvent(const YamlEvent&) = delete;
  YamlEvent& operator=(const YamlEvent&) = delete;
  ~YamlEvent() { Reset(); }
  void Reset() {
    if (filled) yaml_event_delete(&raw);
    filled = false;
  }
};

// A libyaml parser over `text` (which must outlive it).
class YamlParser {
 public:
  explicit YamlParser(std::string_view text) : ok_(yaml_parser_initialize(&parser_) != 0) {
    if (ok_) {
      yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    }
  }
  YamlParser(const YamlParser&) = delete;
  YamlParser& operator=(const YamlParser&) = delete;
  ~YamlParser() {
    if (ok_) yaml_parser_delete(&parser_);
  }
  // False on a syntax error (or when out of memory); see parser().
  bool Next(YamlEvent* event) {
    event->Reset();
    if (!ok_ || !yaml_parser_parse(&parser_, &event->raw)) return false;
    event->filled = true;
    return true;
  }
  bool initialized() const { return ok_; }
  const yaml_parser_t& parser() const { return parser_; }

 private:
  yaml_parser_t parser_{};
  bool ok_;
};

std::string_view Text(const yaml_char_t* s) { return s ? reinterpret_cast<const char*>(s) : std::string_view(); }

// Psych's INTEGER and FLOAT patterns (YAML 1.1 int and float).
bool LooksLikeInteger(const std::string& s) {
  static const std::regex kInteger(
      "[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(0|[1-9]([0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+");
  return std::regex_match(s, kInteger);
}
bool LooksLikeFloat(const std::string& s) {
  static const std::regex kFloat(R"([-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)");
  static const std::regex kDotOnly(R"([-+]?\.)");
  return std::regex_match(s, kFloat) && !std::regex_match(s, kDotOnly);
}

// A YAML 1.1 number, or the text itself when it does not fit (or is none).
json Number(const std::string& s) {
  std::string digits;
  for (char c : s) {
    if (c != '_' && c != ',') digits += c;
  }
  const bool negative = digits[0] == '-';
  if (digits[0] == '-' || digits[0] == '+') digits.erase(0, 1);
  const char* begin = digits.data();
  const char* end = digits.data() + digits.size();
  if (LooksLikeInteger(s)) {
    int base = 10;
    if (digits.size() > 1 && digits[0] == '0') {
      base = digits[1] == 'b' ? 2 : digits[1] == 'x' ? 16 : 8;
      begin += base == 8 ? 1 : 2;
    }
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(begin, end, v, base);
    if (ec != std::errc() || p != end) return s;
    return negative ? -v : v;
  }
  double v = 0;
  auto [p, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || p != end) return s;
  return negative ? -v : v;
}

bool IsOneOf(std::string_view s, std::initializer_list<std::string_view> words) {
  const std::string lower = ToLowerAscii(s);
  for (std::string_view w : words) {
    if (lower == w) return true;
  }
  return false;
}

// A plain (unquoted, untagged) scalar typed as Psych types it. Psych makes
// timestamps Date/Time and 1:30 the integer 5400; here they stay text.
json PlainScalar(std::string_view s) {
  if (s.empty() || s == "~") return nullptr;
  if (s.size() <= 5) {  // the longest of the words below
    if (IsOneOf(s, {"null"})) return nullptr;
    if (IsOneOf(s, {"yes", "true", "on"})) return true;
    if (IsOneOf(s, {"no", "false", "off"})) return false;
  }
  const std::string text(s);
  if (std::string_view("+-.0123456789").find(s[0]) != std::string_view::npos &&
      (LooksLikeInteger(text) || LooksLikeFloat(text))) {
    return Number(text);
  }
  return text;
}

std::string_view ScalarText(const yaml_event_t& e) {
  return {reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length};
}

// Neither quoted, nor a block, nor tagged !!str: typed by its text.
bool IsPlain(const yaml_event_t& e) {
  return e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && Text(e.data.scalar.tag) != YAML_STR_TAG;
}

json Scalar(const yaml_event_t& e) { return IsPlain(e) ? PlainScalar(ScalarText(e)) : json(std::string(ScalarText(e))); }

// Psych's TIME pattern: a plain scalar it reads as a Time (a date with a
// time of day; an offset is optional, and without one the time is UTC).
bool IsPsychTime(const yaml_event_t& e) {
  static const std::regex kTime(
      R"(-?[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|\s+)[0-9]{1,2}:[0-9][0-9]:[0-9][0-9](\.[0-9]*)?)"
      R"((\s*(Z|[-+][0-9]{1,2}:?([0-9][0-9])?))?)");
  if (!IsPlain(e)) return false;
  const std::string_view s = ScalarText(e);
  return std::regex_match(s.begin(), s.end(), kTime);
}

std::size_t CountValues(const json& v) {
  std::size_t n = 1;
  if (v.is_structured()) {
    for (const json& child : v) n += CountValues(child);
  }
  return n;
}

// Builds the tree from the parser's events.
class TreeBuilder {
 public:
  TreeBuilder(std::string_view text, std::string_view origin, int first_line, FrontMatterTree* out)
      : parser_(text), origin_(origin), first_line_(first_line), out_(out) {}

  Status Build();

 private:
  Status Next(YamlEvent* event);
  Status SyntaxError() const;
  Status Error(const yaml_mark_t& mark, std::string_view reason) const {
    return FrontMatterError(origin_, FileLine(mark), reason, out_->what);
  }
  int FileLine(const yaml_mark_t& mark) const { return static_cast<int>(mark.line) + first_line_; }
  Status Value(const YamlEvent& first, const json::json_pointer& where, int depth, json* out);
  Status Alias(const yaml_event_t& e, json* out);
  Status Sequence(const json::json_pointer& where, int depth, json* out);
  Status Mapping(const json::json_pointer& where, int depth, json* out);
  Status Count(const yaml_mark_t& mark, std::size_t values);

  YamlParser parser_;
  std::string_view origin_;
  int first_line_;
  FrontMatterTree* out_;
  std::unordered_map<std::string, json> anchors_;
  std::size_t values_ = 0;
};

Status TreeBuilder::Next(YamlEvent* event) { return parser_.Next(event) ? Status::OK() : SyntaxError(); }

// libyaml's problem ("did not find expected ',' or ']'") on its line, plus
// where the construct it was reading began when that is an earlier line:
// for an unclosed quote the problem is only found at the end of the text.
Status TreeBuilder::SyntaxError() const {
  const yaml_parser_t& p = parser_.parser();
  if (!parser_.initialized() || p.error == YAML_MEMORY_ERROR) {
    return Status::Aborted(std::string(origin_) + ": " + out_->what + ": libyaml ran out of memory");
  }
  std::string reason = p.problem ? p.problem : "YAML syntax error";
  if (p.context) {
    reason += ' ';
    reason += p.context;
    if (p.context_mark.line < p.problem_mark.line) {
      reason += " started on line " + std::to_string(FileLine(p.context_mark));
    }
  }
  return Error(p.problem_mark, reason);
}

Status TreeBuilder::Count(const yaml_mark_t& mark, std::size_t values) {
  values_ += values;
  if (values_ <= kMaxValues) return Status::OK();
  return Error(mark, "more than " + std::to_string(kMaxValues) + " values (after expanding aliases)");
}

Status TreeBuilder::Build() {
  out_->root = nullptr;
  out_->lines.clear();
  out_->times.clear();
  out_->first_line = first_line_;
  YamlEvent event;
  SAGASU_RETURN_IF_ERROR(Next(&event));  // stream start
  SAGASU_RETURN_IF_ERROR(Next(&event));
  if (event.raw.type == YAML_STREAM_END_EVENT) return Status::OK();  // nothing but comments
  SAGASU_RETURN_IF_ERROR(Next(&event));                             // after document start
  SAGASU_RETURN_IF_ERROR(Value(event, json::json_pointer(), 0, &out_->root));
  SAGASU_RETURN_IF_ERROR(Next(&event));  // document end
  SAGASU_RETURN_IF_ERROR(Next(&event));
  if (event.raw.type != YAML_STREAM_END_EVENT) return Error(event.raw.start_mark, "more than one YAML document");
  return Status::OK();
}

Status TreeBuilder::Value(const YamlEvent& first, const json::json_pointer& where, int depth, json* out) {
  const yaml_event_t& e = first.raw;
  if (depth > kMaxDepth) return Error(e.start_mark, "nested more than " + std::to_string(kMaxDepth) + " levels");
  out_->lines[where.to_string()] = FileLine(e.start_mark);
  std::string_view anchor;
  switch (e.type) {
    case YAML_ALIAS_EVENT:
      return Alias(e, out);
    case YAML_SCALAR_EVENT:
      SAGASU_RETURN_IF_ERROR(Count(e.start_mark, 1));
      *out = Scalar(e);
      if (IsPsychTime(e)) out_->times.insert(where.to_string());
      anchor = Text(e.data.scalar.anchor);
      break;
    case YAML_SEQUENCE_START_EVENT:
      SAGASU_RETURN_IF_ERROR(Sequence(where, depth, out));
      anchor = Text(e.data.sequence_start.anchor);
      break;
    case YAML_MAPPING_START_EVENT:
      SAGASU_RETURN_IF_ERROR(Mapping(where, depth, out));
      anchor = Text(e.data.mapping_start.anchor);
      break;
    default:
      return Error(e.start_mark, "unexpected YAML event");
  }
  // An anchor names the value from here on (a later anchor of the same name
  // replaces it, as in Psych).
  if (!anchor.empty()) anchors_[std::string(anchor)] = *out;
  return Status::OK();
}

Status TreeBuilder::Alias(const yaml_event_t& e, json* out) {
  const std::string_view name = Text(e.data.alias.anchor);
  auto it = anchors_.find(std::string(name));
  if (it == anchors_.end()) {
    // Also the case of an alias inside the value its anchor names.
    return Error(e.start_mark, "alias *" + std::string(name) + " refers to no anchor &" + std::string(name) +
                                   " defined before it");
  }
  SAGASU_RETURN_IF_ERROR(Count(e.start_mark, CountValues(it->second)));
  *out = it->second;
  return Status::OK();
}

Status TreeBuilder::Sequence(const json::json_pointer& where, int depth, json* out) {
  *out = json::array();
  for (;;) {
    YamlEvent item;
    SAGASU_RETURN_IF_ERROR(Next(&item));
    if (item.raw.type == YAML_SEQUENCE_END_EVENT) return Status::OK();
    json value;
    SAGASU_RETURN_IF_ERROR(Value(item, where / out->size(), depth + 1, &value));
    out->push_back(std::move(value));
  }
}

Status TreeBuilder::Mapping(const json::json_pointer& where, int depth, json* out) {
  *out = json::object();
  for (;;) {
    YamlEvent key;
    SAGASU_RETURN_IF_ERROR(Next(&key));
    if (key.raw.type == YAML_MAPPING_END_EVENT) return Status::OK();
    if (key.raw.type != YAML_SCALAR_EVENT) return Error(key.raw.start_mark, "a key must be a plain string");
    SAGASU_RETURN_IF_ERROR(Count(key.raw.start_mark, 1));
    // Keys are looked up as written; Psych would type `yes:` as true.
    const std::string name(reinterpret_cast<const char*>(key.raw.data.scalar.value), key.raw.data.scalar.length);
    YamlEvent first;
    SAGASU_RETURN_IF_ERROR(Next(&first));
    json value;
    SAGASU_RETURN_IF_ERROR(Value(first, where / name, depth + 1, &value));
    (*out)[name] = std::move(value);  // a repeated key: the last value wins, as in Psych
  }
}

}  // namespace

Status ParseYamlTree(std::string_view text, std::string_view origin, int first_line, FrontMatterTree* out) {
  return TreeBuilder(text, origin, first_line, out).Build();
}

}  // namespace sagasu
