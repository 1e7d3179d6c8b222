#include "indexer/sources/markdown_text.h"

#include <gtest/gtest.h>

#include <string>

#include "indexer/sources/source.h"

namespace sagasu {
namespace {

struct TextCase {
  const char* name;
  const char* markdown;
  const char* text;
};

TEST(MarkdownToText, Table) {
  const TextCase cases[] = {
      {"empty", "", ""},
      {"atx_heading", "# 見出し #\n\n本文", "見出し\n本文"},
      {"setext_heading", "見出し\n===\n\n本文", "見出し\n本文"},
      {"emphasis", "これは**太字**と*斜体*と~~取り消し~~です", "これは太字と斜体と~~取り消し~~です"},
      {"underscore_emphasis", "__strong__ and _em_", "strong and em"},
      {"bullet_list", "- りんご\n- みかん\n  - 温州", "りんご\nみかん\n温州"},
      {"ordered_list", "1. 一つ目\n2. 二つ目", "一つ目\n二つ目"},
      {"loose_list", "* a\n\n* b\n", "a\nb"},
      {"link_text_kept_url_dropped", "詳しくは[公式サイト](https://example.com/x)へ", "詳しくは公式サイトへ"},
      {"reference_link", "[札幌][s]の天気\n\n[s]: https://example.com", "札幌の天気"},
      {"autolink_keeps_address", "<https://example.com>", "https://example.com"},
      {"image_alt_kept", "![梅雨の空](sky.png \"title\")", "梅雨の空"},
      {"code_span", "`std::vector` を使う", "std::vector を使う"},
      {"fenced_code", "前\n\n```cpp\nint main() {}\n\nreturn 0;\n```\n後", "前\nint main() {}\nreturn 0;\n後"},
      {"indented_code", "前\n\n    x = 1\n\n後", "前\nx = 1\n後"},
      {"block_quote", "> 引用です\n> 続き", "引用です続き"},
      {"thematic_break", "上\n\n---\n\n下", "上\n下"},
      {"escapes", "\\*そのまま\\*", "*そのまま*"},
      {"entities", "A &amp; B &lt;C&gt; &#x3042;", "A & B <C> あ"},
      {"japanese_soft_break_joined", "梅雨の時期は\n北海道へ行く", "梅雨の時期は北海道へ行く"},
      {"ascii_soft_break_spaced", "hello\nworld", "hello world"},
      {"mixed_soft_break_spaced", "Rustと\nC++\nの比較", "Rustと C++ の比較"},
      {"japanese_punctuation_soft_break", "です。\nまた、", "です。また、"},
      {"hard_break_separates", "一行目  \n二行目\\\n三行目", "一行目\n二行目\n三行目"},
      {"pipe_table",
       "| 店名 | 味 |\n|------|:---:|\n| 麺屋 | **味噌** |\n| [札幌](https://x) | 塩 |",
       "店名 味\n麺屋 味噌\n札幌 塩"},
      {"pipe_table_without_outer_pipes", "a | b\n--- | ---\n1 | 2", "a b\n1 2"},
      {"text_before_table_in_same_paragraph", "比較表：\n| a | b |\n|---|---|\n| 1 | 2 |", "比較表：\na b\n1 2"},
      {"pipe_without_separator_is_text", "a | b は論理和", "a | b は論理和"},
      {"html_block_tags_dropped_text_kept",
       "<div class=\"note\">\n<p>注意：<b>火気厳禁</b></p>\n</div>\n\n後",
       "注意：火気厳禁\n後"},
      {"html_block_script_and_comment_dropped",
       "<script>var x = \"<p>no</p>\";</script>\n\n<!-- 下書き -->\n\n本文", "本文"},
      {"html_block_style_dropped", "<style>\np { color: red }\n</style>\n\n本文", "本文"},
      {"html_block_entities", "<p>A &amp; B&nbsp;C &#12354;</p>", "A & B C あ"},
      {"html_table", "<table><tr><td>東京</td><td>晴れ</td></tr><tr><td>札幌</td><td>雨</td></tr></table>",
       "東京 晴れ\n札幌 雨"},
      {"inline_html_dropped", "これは<span style=\"x\">強調</span>です", "これは強調です"},
      {"inline_br_breaks_line", "上<br>下", "上\n下"},
      {"liquid_tag_dropped", "前{% include note.html %}後", "前後"},
      {"liquid_output_dropped", "価格は{{ page.price }}円", "価格は円"},
      {"liquid_block_lines", "{% if page.x %}\n条件付き\n{% endif %}\n", "条件付き"},
      {"liquid_whitespace_control", "a{%- assign x = 1 -%}b", "ab"},
      {"liquid_highlight_keeps_code", "{% highlight ruby %}\nputs 1\n{% endhighlight %}", "puts 1"},
      {"liquid_raw_kept_verbatim", "{% raw %}{{ x }}{% endraw %}は変数", "{{ x }}は変数"},
      {"liquid_comment_dropped", "前{% comment %}秘密{% endcomment %}後", "前後"},
      {"hugo_shortcode_dropped", "{{< figure src=\"a.png\" >}}\n\n本文", "本文"},
      {"unterminated_liquid_kept", "{% oops", "{% oops"},
      {"kramdown_attribute_list_dropped", "* 目次\n{:toc}\n\n本文\n{: .note}", "目次\n本文"},
      {"full_width_kept_as_is", "ｻｰﾊﾞｰ監視", "ｻｰﾊﾞｰ監視"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(MarkdownToText(c.markdown), c.text) << c.name;
  }
}

TEST(MarkdownToText, FirstHeading) {
  EXPECT_EQ(ConvertMarkdown("前書き\n\n## 二番目の*見出し*\n\n# 三番目").first_heading, "二番目の見出し");
  EXPECT_EQ(ConvertMarkdown("見出しなし").first_heading, "");
}

TEST(StripLiquid, LeavesOtherBracesAlone) {
  EXPECT_EQ(StripLiquid("{a} {b}} { {%x%}y"), "{a} {b}} { y");
}

TEST(StripHtml, LoneAngleBracketsAreText) {
  EXPECT_EQ(StripHtml("1 < 2 かつ 3 > 2"), "1 < 2 かつ 3 > 2");
  EXPECT_EQ(StripHtml("a<b"), "a<b");
}

}  // namespace
}  // namespace sagasu
