// Markdown to plain text (cmark), plus the Liquid and HTML stripping it uses.
// MarkdownToText itself is declared in source.h.
#pragma once

#include <string>
#include <string_view>

namespace sagasu {

struct MarkdownText {
  // Plain text, one block per line (see MarkdownToText in source.h).
  std::string text;
  // Plain text of the first heading (ATX or setext, any level), or "".
  std::string first_heading;
};

// Converts Markdown to plain text and finds its first heading.
//
// Rules: headings, paragraphs, list items, block quotes and code blocks each
// become one or more lines; link and emphasis markup is dropped (link text
// kept, URL dropped); images keep their alt text; raw HTML keeps the text
// between tags (except <script>, <style> and comments); Liquid `{% %}` and
// `{{ }}` are removed before parsing (text between `{% raw %}` and
// `{% endraw %}` is kept verbatim, `{% comment %}` blocks are dropped); pipe
// table rows become their cells separated by a space, separator rows dropped.
// Soft line breaks join lines WITHOUT a space when the characters on both
// sides are non-ASCII (Japanese), with one space otherwise.
MarkdownText ConvertMarkdown(std::string_view markdown);

// Removes Liquid tags `{% ... %}` and output markup `{{ ... }}` (this also
// covers Hugo shortcodes `{{< >}}` and `{{% %}}`). An unterminated `{%` or
// `{{` is kept as text.
std::string StripLiquid(std::string_view text);

// Removes HTML tags, comments and the contents of <script> / <style>, and
// decodes the common character references (&amp; &lt; &gt; &quot; &#39;
// &nbsp; and numeric ones).
std::string StripHtml(std::string_view html);

}  // namespace sagasu
