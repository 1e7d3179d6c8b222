#include "indexer/sources/markdown_text.h"

#include <cmark.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "common/text/ascii.h"
#include "common/text/utf8.h"
#include "indexer/sources/source.h"

namespace sagasu {

namespace {

bool StartsWithNoCase(std::string_view s, size_t pos, std::string_view prefix) {
  if (s.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (ToLowerAscii(s[pos + i]) != prefix[i]) return false;
  }
  return true;
}

// ---- Liquid ---------------------------------------------------------------

// The first word inside a `{% ... %}` tag, e.g. "raw" for "{%- raw -%}".
std::string_view LiquidTagName(std::string_view inner) {
  inner = TrimAscii(inner);
  if (!inner.empty() && inner.front() == '-') inner.remove_prefix(1);
  if (!inner.empty() && inner.back() == '-') inner.remove_suffix(1);
  inner = TrimAscii(inner);
  const size_t end = inner.find_first_of(kAsciiSpace);
  return inner.substr(0, end);
}

// Finds the tag `{% name %}` at or after `from`. Returns the position of its
// "{%" and sets *after to just past its "%}"; npos when there is none.
// Tags do not overlap (Liquid's tokenizer reads `{%.*?%}`), so the search for
// the next one starts after the end of the last: one pass over the text, even
// for "{% {% {% ... %}".
size_t FindLiquidTag(std::string_view text, size_t from, std::string_view name, size_t* after) {
  for (size_t p = text.find("{%", from); p != std::string_view::npos;) {
    const size_t end = text.find("%}", p + 2);
    if (end == std::string_view::npos) return std::string_view::npos;
    if (LiquidTagName(text.substr(p + 2, end - p - 2)) == name) {
      *after = end + 2;
      return p;
    }
    p = text.find("{%", end + 2);
  }
  return std::string_view::npos;
}

// Drops kramdown attribute-list lines such as "{:toc}" or "{: .note}".
std::string DropKramdownAttributeLines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    const size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    const std::string_view line = TrimAscii(text.substr(pos, next - pos));
    const bool ial = line.size() >= 3 && line.substr(0, 2) == "{:" && line.back() == '}' &&
                     line.find('}') == line.size() - 1;
    if (!ial) out.append(text.substr(pos, next - pos));
    pos = next;
  }
  return out;
}

// ---- HTML -----------------------------------------------------------------

// The longest reference we decode, '&' to ';' ("&#x10FFFF;" is 10 bytes).
constexpr size_t kMaxEntityBytes = 12;

// Decodes the character reference starting at text[pos] == '&'. Returns the
// number of bytes consumed, or 0 when it is not one we know. Looks at most
// kMaxEntityBytes ahead, so that text with many '&' and no ';' costs one pass.
size_t DecodeEntity(std::string_view text, size_t pos, std::string* out) {
  const size_t semi = text.substr(0, pos + kMaxEntityBytes + 1).find(';', pos + 1);
  if (semi == std::string_view::npos) return 0;
  const std::string_view name = text.substr(pos + 1, semi - pos - 1);
  struct Named {
    std::string_view name;
    std::string_view text;
  };
  static constexpr Named kNamed[] = {{"amp", "&"}, {"lt", "<"},   {"gt", ">"},
                                     {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  for (const auto& n : kNamed) {
    if (name == n.name) {
      out->append(n.text);
      return semi - pos + 1;
    }
  }
  if (name.size() >= 2 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    uint32_t cp = 0;
    for (char c : digits) {
      int v;
      if (c >= '0' && c <= '9') {
        v = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        v = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        v = c - 'A' + 10;
      } else {
        return 0;
      }
      cp = cp * (hex ? 16 : 10) + v;
      if (cp > 0x10FFFF) return 0;
    }
    // As HTML does: &#0;, surrogates and code points past U+10FFFF read as U+FFFD.
    AppendUtf8(cp == 0 || !IsUnicodeScalarValue(cp) ? 0xFFFD : cp, out);
    return semi - pos + 1;
  }
  return 0;
}

// Tags after which the text continues on a new line.
bool IsBlockTag(std::string_view tag) {
  static constexpr std::string_view kBlock[] = {
      "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
      "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section",
      "table", "tr", "ul", "details", "summary"};
  for (auto b : kBlock) {
    if (tag == b) return true;
  }
  return false;
}

// ---- Lines ------------------------------------------------------------------

// Appends `next` to `line` across a soft line break: no space between two
// non-ASCII characters (Japanese does not put spaces between lines), one
// space otherwise.
void JoinSoft(std::string* line, std::string_view next) {
  next = TrimAscii(next);
  if (next.empty()) return;
  while (!line->empty() && kAsciiSpace.find(line->back()) != std::string_view::npos) line->pop_back();
  if (!line->empty()) {
    const bool left_non_ascii = static_cast<unsigned char>(line->back()) >= 0x80;
    const bool right_non_ascii = static_cast<unsigned char>(next.front()) >= 0x80;
    if (!(left_non_ascii && right_non_ascii)) line->push_back(' ');
  }
  line->append(next);
}

// "|---|:--:|", "--- | ---", ":---" and the like.
bool IsTableSeparatorRow(std::string_view line) {
  line = TrimAscii(line);
  bool dash = false, pipe = false;
  for (char c : line) {
    if (c == '-') {
      dash = true;
    } else if (c == '|') {
      pipe = true;
    } else if (c != ':' && c != ' ' && c != '\t') {
      return false;
    }
  }
  return dash && pipe;
}

// "| a | b |" -> "a b".
std::string TableRowText(std::string_view line) {
  std::string out;
  size_t pos = 0;
  while (pos <= line.size()) {
    size_t bar = line.find('|', pos);
    if (bar == std::string_view::npos) bar = line.size();
    const std::string_view cell = TrimAscii(line.substr(pos, bar - pos));
    if (!cell.empty()) {
      if (!out.empty()) out.push_back(' ');
      out.append(cell);
    }
    pos = bar + 1;
  }
  return out;
}

struct Line {
  std::string text;
  bool after_hard_break = false;
};

class Converter {
 public:
  MarkdownText Run(std::string_view markdown) {
    std::string prepared = DropKramdownAttributeLines(StripLiquid(markdown));
    std::unique_ptr<cmark_node, decltype(&cmark_node_free)> doc(
        cmark_parse_document(prepared.data(), prepared.size(), CMARK_OPT_DEFAULT), &cmark_node_free);
    if (doc == nullptr) return {};  // out of memory; nothing sensible to return
    std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> it(cmark_iter_new(doc.get()), &cmark_iter_free);
    for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
      Visit(cmark_iter_get_node(it.get()), ev == CMARK_EVENT_ENTER);
    }
    MarkdownText result;
    for (const auto& b : blocks_) {
      if (!result.text.empty()) result.text.push_back('\n');
      result.text.append(b);
    }
    result.first_heading = std::move(first_heading_);
    return result;
  }

 private:
  void Visit(cmark_node* node, bool enter) {
    const char* lit = nullptr;
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING:
        if (enter) {
          lines_.assign(1, Line{});
        } else {
          FinishLeaf(cmark_node_get_type(node) == CMARK_NODE_HEADING);
        }
        break;
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        if ((lit = cmark_node_get_literal(node)) != nullptr && !lines_.empty()) lines_.back().text.append(lit);
        break;
      case CMARK_NODE_SOFTBREAK:
        lines_.push_back(Line{});
        break;
      case CMARK_NODE_LINEBREAK:
        lines_.push_back(Line{{}, true});
        break;
      case CMARK_NODE_HTML_INLINE:
        // Tags are dropped; text between them arrives as TEXT nodes. <br>
        // still ends a line.
        if ((lit = cmark_node_get_literal(node)) != nullptr && StartsWithNoCase(lit, 0, "<br")) {
          lines_.push_back(Line{{}, true});
        }
        break;
      case CMARK_NODE_CODE_BLOCK:
        if ((lit = cmark_node_get_literal(node)) != nullptr) EmitRawLines(lit, /*collapse_spaces=*/false);
        break;
      case CMARK_NODE_HTML_BLOCK:
        if ((lit = cmark_node_get_literal(node)) != nullptr) EmitRawLines(StripHtml(lit), /*collapse_spaces=*/true);
        break;
      default:
        // Containers (document, lists, items, quotes), emphasis, links and
        // images only wrap the text nodes above; thematic breaks have none.
        break;
    }
  }

  // Ends a paragraph or heading: handles pipe tables, joins soft-broken lines.
  void FinishLeaf(bool heading) {
    bool table = false;
    if (!heading) {
      for (const auto& l : lines_) {
        if (IsTableSeparatorRow(l.text)) table = true;
      }
    }
    std::string current;
    auto flush = [&] {
      std::string_view t = TrimAscii(current);
      if (!t.empty()) {
        if (heading && first_heading_.empty()) first_heading_ = std::string(t);
        blocks_.emplace_back(t);
      }
      current.clear();
    };
    for (auto& l : lines_) {
      if (table && IsTableSeparatorRow(l.text)) continue;
      if (table && l.text.find('|') != std::string::npos) {
        flush();
        current = TableRowText(l.text);
        flush();
        continue;
      }
      if (l.after_hard_break) flush();
      JoinSoft(&current, l.text);
    }
    flush();
    lines_.clear();
  }

  // Code blocks and HTML: one output line per non-blank input line.
  // `collapse_spaces` turns runs of spaces and tabs into one space.
  void EmitRawLines(std::string_view text, bool collapse_spaces) {
    size_t pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      const std::string_view line = TrimAscii(text.substr(pos, nl - pos));
      if (!line.empty()) {
        if (collapse_spaces) {
          std::string collapsed;
          for (char c : line) {
            if (c == '\t') c = ' ';
            if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
            collapsed.push_back(c);
          }
          blocks_.push_back(std::move(collapsed));
        } else {
          blocks_.emplace_back(line);
        }
      }
      pos = nl + 1;
    }
  }

  std::vector<Line> lines_;  // the paragraph or heading being collected
  std::vector<std::string> blocks_;
  std::string first_heading_;
};

}  // namespace

std::string StripLiquid(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '{' || i + 1 >= text.size() || (text[i + 1] != '%' && text[i + 1] != '{')) {
      out.push_back(text[i++]);
      continue;
    }
    const bool tag = text[i + 1] == '%';
    const size_t end = text.find(tag ? "%}" : "}}", i + 2);
    if (end == std::string_view::npos) {  // unterminated: keep as text
      out.append(text.substr(i));
      break;
    }
    const std::string_view name = tag ? LiquidTagName(text.substr(i + 2, end - i - 2)) : std::string_view();
    i = end + 2;
    if (name == "raw" || name == "comment") {
      size_t after = 0;
      const size_t close = FindLiquidTag(text, i, name == "raw" ? "endraw" : "endcomment", &after);
      const size_t stop = close == std::string_view::npos ? text.size() : close;
      if (name == "raw") out.append(text.substr(i, stop - i));
      i = close == std::string_view::npos ? text.size() : after;
    }
  }
  return out;
}

std::string StripHtml(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  // The next '>' at or after the current tag start, searched again only once
  // the scan has passed it: many '<' without a '>' cost one pass, not one
  // search to the end of the text each.
  size_t next_gt = 0;
  bool gt_known = false;
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '&') {
      const size_t used = DecodeEntity(html, i, &out);
      if (used == 0) out.push_back(c);
      i += used == 0 ? 1 : used;
      continue;
    }
    if (c != '<') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      const size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const char next = i + 1 < html.size() ? html[i + 1] : '\0';
    const bool letter = IsAsciiAlpha(next);
    if (!letter && next != '/' && next != '!' && next != '?') {
      out.push_back(c);  // a lone '<' in text
      ++i;
      continue;
    }
    if (!gt_known || (next_gt != std::string_view::npos && next_gt <= i)) {
      next_gt = html.find('>', i + 1);
      gt_known = true;
    }
    const size_t close = next_gt;
    if (close == std::string_view::npos) {
      out.push_back(c);
      ++i;
      continue;
    }
    // Tag name, lower-cased, without '/'.
    std::string name;
    for (size_t k = i + 1; k < close; ++k) {
      const char ch = html[k];
      if (ch == '/' && name.empty()) continue;
      if (!IsAsciiAlnum(ch)) break;
      name.push_back(ToLowerAscii(ch));
    }
    i = close + 1;
    if ((name == "script" || name == "style") && next != '/') {
      // Skip everything up to the closing tag.
      const std::string closing = "</" + name;
      size_t end = i;
      while (end < html.size() && !StartsWithNoCase(html, end, closing)) ++end;
      const size_t gt = html.find('>', end);
      i = gt == std::string_view::npos ? html.size() : gt + 1;
      continue;
    }
    if (IsBlockTag(name)) {
      out.push_back('\n');
    } else if (name == "td" || name == "th") {
      out.push_back(' ');
    }
  }
  return out;
}

MarkdownText ConvertMarkdown(std::string_view markdown) { return Converter().Run(markdown); }

std::string MarkdownToText(std::string_view markdown) { return ConvertMarkdown(markdown).text; }

}  // namespace sagasu
