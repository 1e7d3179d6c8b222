// Front matter in its three formats (YAML, TOML, JSON), through ParsePost:
// what the parsers reject (message and file line), what they accept (the
// Article fields) and PostMeta.
//
// "jekyll:" / "hugo:" in a case's comment: the case was run through Jekyll
// 4.3.1 (Psych 4, libyaml 0.2.5) or Hugo 0.111.3 on the same front matter,
// and the expectation follows what that binary did. Jekyll reports a broken
// front matter as "YAML Exception reading FILE: <libyaml message> at line L
// column C" and still writes the page, without its front matter data; sagasu
// skips the post with an error. Jekyll's line is where the construct began
// (libyaml's context mark), sagasu's where libyaml found the problem, with
// the beginning added when it is an earlier line.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "indexer/sources/front_matter.h"
#include "indexer/sources/source.h"

namespace sagasu {
namespace {

struct RejectedCase {
  const char* name;
  const char* post;
  const char* message;  // expected part of the message after "<file>:<line>: front matter: "
  int line;             // in the file
};

TEST(FrontMatterFormats, RejectedWithFileLineAndReason) {
  const RejectedCase cases[] = {
      // jekyll: "found unexpected end of stream while scanning a quoted scalar at line 2"
      {"yaml_unterminated_quote_at_end", "---\ntitle: \"壊れた記事\ntags: [a,\n---\n本文。\n",
       "found unexpected end of stream while scanning a quoted scalar started on line 2", 4},
      // jekyll: "did not find expected node content while parsing a flow node"
      {"yaml_open_flow_list_at_end", "---\ntitle: 梅雨\ntags: [a,\n---\n本文。\n",
       "did not find expected node content while parsing a flow node", 4},
      {"yaml_open_flow_list_before_next_key", "---\ntitle: 梅雨\ntags: [旅行, 技術\nauthor: 編集部\n---\n本文。\n",
       "did not find expected ',' or ']' while parsing a flow sequence started on line 3", 4},
      // jekyll: "mapping values are not allowed in this context"
      {"yaml_bad_indentation", "---\ntitle: 梅雨\n  author: 編集部\n---\n本文。\n",
       "mapping values are not allowed in this context", 3},
      // jekyll: "found a tab character that violates indentation while scanning a plain scalar"
      {"yaml_tab_indentation", "---\ntitle: 梅雨\n\tauthor: 編集部\n---\n本文。\n",
       "found a tab character that violates indentation while scanning a plain scalar started on line 2", 3},
      // jekyll: "did not find expected ',' or '}' while parsing a flow mapping"
      {"yaml_open_flow_map", "---\ntitle: 梅雨\nimage: {src: tsuyu.png\n---\n本文。\n",
       "did not find expected ',' or '}' while parsing a flow mapping started on line 3", 4},
      // jekyll: "could not find expected ':' while scanning a simple key"
      {"yaml_key_without_colon", "---\ntitle: 梅雨\n著者\n---\n本文。\n",
       "could not find expected ':' while scanning a simple key started on line 3", 4},
      // jekyll: "did not find expected key while parsing a block mapping"
      {"yaml_text_after_quoted_string", "---\ntitle: \"梅雨\" の話\n---\n本文。\n",
       "did not find expected key while parsing a block mapping", 2},
      // jekyll: "mapping values are not allowed in this context"
      {"yaml_second_colon_in_plain_value", "---\ntitle: 梅雨: 北海道\n---\n本文。\n",
       "mapping values are not allowed in this context", 2},
      // jekyll: "Unknown alias: nope"
      {"yaml_unknown_alias", "---\ntitle: 梅雨\nauthor: *nope\n---\n本文。\n",
       "alias *nope refers to no anchor &nope defined before it", 3},
      {"yaml_alias_inside_its_own_anchor", "---\ntags: &t [a, *t]\n---\n本文。\n", "alias *t refers to no anchor", 2},
      {"yaml_mapping_as_key", "---\n? {a: 1}\n: 梅雨\n---\n本文。\n", "a key must be a plain string", 2},
      {"yaml_draft_not_boolean", "---\ntitle: 梅雨\ndraft: \"yes\"\n---\n本文。\n", "'draft' must be true or false", 3},
      {"yaml_hugo_key_twice_in_different_case", "---\npublishDate: 2024-05-06\npublishdate: 2024-05-07\n---\n本文。\n",
       "'publishDate' and 'publishdate' are the same key", 3},
      // hugo: "toml: basic strings cannot have new lines"
      {"toml_unterminated_string", "+++\ntitle = \"壊れた記事\ndraft = true\n+++\n本文。\n",
       "Error while parsing string", 2},
      // hugo: "toml: key title is already defined"
      {"toml_key_twice", "+++\ntitle = \"梅雨\"\ntitle = \"北海道の梅雨\"\n+++\n本文。\n",
       "cannot redefine existing string 'title'", 3},
      {"toml_not_closed", "+++\ntitle = \"梅雨\"\n本文。\n", "opening '+++' has no closing '+++' line", 1},
      {"toml_draft_not_boolean", "+++\ntitle = \"梅雨\"\ndraft = \"yes\"\n+++\n本文。\n", "'draft' must be true or false",
       3},
      // hugo: "invalid character '\n' in literal true"
      {"json_bad_literal", "{\n  \"title\": \"梅雨\",\n  \"draft\": tru\n}\n本文。\n", "syntax error while parsing value", 3},
      // hugo keeps the last value; sagasu refuses (front_matter.h)
      {"json_key_twice", "{\n  \"title\": \"梅雨\",\n  \"title\": \"北海道の梅雨\"\n}\n本文。\n",
       "key \"title\" is given twice in one object", 1},
      {"json_not_closed", "{\n  \"title\": \"梅雨\"\n本文。\n", "JSON front matter: '{' is never closed", 1},
      {"json_tags_not_list", "{\"tags\": {\"a\": 1}}\n本文。\n", "'tags' must be a list or a string", 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Result<Article> doc = ParsePost(c.post, "a", "posts/a.md");
    ASSERT_FALSE(doc.ok());
    EXPECT_TRUE(doc.status().IsInvalidArgument()) << doc.status().ToString();
    const std::string prefix = "posts/a.md:" + std::to_string(c.line) + ": front matter: ";
    EXPECT_EQ(doc.status().message().rfind(prefix, 0), 0u) << doc.status().message();
    EXPECT_NE(doc.status().message().find(c.message), std::string::npos) << doc.status().message();
  }
}

struct AcceptedCase {
  const char* name;
  const char* post;
  std::string title;
  std::vector<std::string> tags;
  std::vector<std::string> categories;
  std::string excerpt;
  std::string author;
  std::optional<bool> published;  // PostMeta
};

TEST(FrontMatterFormats, AcceptedFieldsAsTheGeneratorReadsThem) {
  const AcceptedCase cases[] = {
      {"yaml_japanese_title_and_block_lists",
       "---\ntitle: 北海道の梅雨\ntags:\n  - 旅行\n  - \"食べ物\"\ncategories:\n- 日記\n---\n本文。\n",
       "北海道の梅雨", {"旅行", "食べ物"}, {"日記"}, "", "", std::nullopt},
      {"yaml_flow_lists", "---\ntitle: 京都の紅葉\ntags: [旅行, 写真]\ncategories: [日記, 京都]\n---\n本文。\n",
       "京都の紅葉", {"旅行", "写真"}, {"日記", "京都"}, "", "", std::nullopt},
      // jekyll: tags ["旅行", "技術", "AI"], categories ["日記", "北海道"]
      {"yaml_space_separated_tags_and_categories", "---\ntitle: 梅雨\ntags: 旅行 技術 AI\ncategories: 日記 北海道\n---\n本文。\n",
       "梅雨", {"旅行", "技術", "AI"}, {"日記", "北海道"}, "", "", std::nullopt},
      // jekyll: a string `category` stays one category ("技術 メモ")
      {"yaml_singular_category_not_split", "---\ncategory: 技術 メモ\n---\n本文。\n", "", {}, {"技術 メモ"}, "", "",
       std::nullopt},
      // A full-width space (U+3000) is no separator to Ruby's String#split.
      {"yaml_ideographic_space_not_split", "---\ntags: 旅行　技術\n---\n本文。\n", "", {"旅行　技術"}, {}, "", "",
       std::nullopt},
      // jekyll: published: no is false (the page is not written); yes, On, OFF likewise booleans
      {"yaml_published_no", "---\ntitle: 下書き\npublished: no\n---\n本文。\n", "下書き", {}, {}, "", "", false},
      {"yaml_published_yes", "---\ntitle: 公開\npublished: yes\n---\n本文。\n", "公開", {}, {}, "", "", true},
      {"yaml_published_off_any_case", "---\npublished: OFF\n---\n本文。\n", "", {}, {}, "", "", false},
      // jekyll: title: no is false, title: "no" is the string "no"
      {"yaml_bare_no_is_boolean", "---\ntitle: no\n---\n本文。\n", "false", {}, {}, "", "", std::nullopt},
      {"yaml_quoted_no_stays_string", "---\ntitle: \"no\"\nauthor: 'On'\n---\n本文。\n", "no", {}, {}, "", "On",
       std::nullopt},
      // jekyll: 1_000 is 1000, 1.5e+3 is 1500.0, 0x1F is 31, 017 is 15; y is a string
      {"yaml_numbers_the_psych_way", "---\ntitle: 1_000\nauthor: 1.5e+3\ntags: [0x1F, 017, y]\n---\n本文。\n", "1000",
       {"31", "15", "y"}, {}, "", "1500.0", std::nullopt},
      // jekyll: 1e3 (no '.') and 0o17 (YAML 1.2 octal) are strings
      {"yaml_not_yaml11_numbers", "---\ntitle: 1e3\nauthor: 0o17\n---\n本文。\n", "1e3", {}, {}, "", "0o17",
       std::nullopt},
      {"yaml_literal_block", "---\nexcerpt: |\n  一行目\n  二行目\n---\n本文。\n", "", {}, {}, "一行目\n二行目", "",
       std::nullopt},
      // jekyll: "一行目 二行目\n" (sagasu trims the final newline)
      {"yaml_folded_block", "---\nexcerpt: >\n  一行目\n  二行目\n---\n本文。\n", "", {}, {}, "一行目 二行目", "",
       std::nullopt},
      // jekyll: the last title wins ("二"); hugo: the same
      {"yaml_key_twice_last_wins", "---\ntitle: 一\ntitle: 二\n---\n本文。\n", "二", {}, {}, "", "", std::nullopt},
      // jekyll: title *b is "日記"
      {"yaml_alias", "---\nbase: &b 日記\ntitle: *b\ncategories: [*b, 京都]\n---\n本文。\n", "日記", {}, {"日記", "京都"},
       "", "", std::nullopt},
      {"yaml_str_tag", "---\ntitle: !!str yes\n---\n本文。\n", "yes", {}, {}, "", "", std::nullopt},
      {"yaml_null_title_falls_back_to_heading", "---\ntitle: ~\n---\n# 見出しの題\n本文。\n", "見出しの題", {}, {}, "", "",
       std::nullopt},
      {"yaml_comments_only", "---\n# 下書き\n---\n本文。\n", "", {}, {}, "", "", std::nullopt},
      // hugo: title, tags, categories as below ("日記 北海道" is one term, 日記-北海道)
      {"toml", "+++\ntitle = \"北海道の梅雨\"\ntags = [\"旅行\", \"技術\"]\ncategories = \"日記 北海道\"\n"
               "description = \"梅雨のない北海道\"\nauthor = \"編集部\"\n+++\n本文。\n",
       "北海道の梅雨", {"旅行", "技術"}, {"日記 北海道"}, "梅雨のない北海道", "編集部", std::nullopt},
      // hugo: the same
      {"json", "{\n  \"title\": \"京都の紅葉\",\n  \"tags\": [\"旅行\", \"写真\"],\n  \"categories\": \"日記 京都\",\n"
               "  \"excerpt\": \"紅葉の写真 {と括弧}\",\n  \"author\": \"編集部\"\n}\n本文。\n",
       "京都の紅葉", {"旅行", "写真"}, {"日記 京都"}, "紅葉の写真 {と括弧}", "編集部", std::nullopt},
      {"json_on_one_line", "{\"title\": \"梅雨\", \"published\": false}\n本文。\n", "梅雨", {}, {}, "", "", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    PostMeta meta;
    Result<Article> doc = ParsePost(c.post, "a", "posts/a.md", &meta);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    EXPECT_EQ(doc->title, c.title);
    EXPECT_EQ(doc->tags, c.tags);
    EXPECT_EQ(doc->categories, c.categories);
    EXPECT_EQ(doc->excerpt, c.excerpt);
    EXPECT_EQ(doc->author, c.author);
    EXPECT_EQ(doc->body, "本文。");
    EXPECT_EQ(meta.published, c.published);
  }
}

struct MetaCase {
  const char* name;
  const char* post;
  PostMeta expected;
};

PostMeta Meta(std::optional<bool> draft, std::string date, std::string publish, std::string expiry,
              std::string lastmod = "", std::string slug = "", std::string layout = "", std::string type = "",
              std::optional<bool> headless = std::nullopt, std::optional<bool> published = std::nullopt) {
  PostMeta m;
  m.draft = draft;
  m.published = published;
  m.date_text = std::move(date);
  m.publish_date = std::move(publish);
  m.expiry_date = std::move(expiry);
  m.lastmod = std::move(lastmod);
  m.slug = std::move(slug);
  m.layout = std::move(layout);
  m.type = std::move(type);
  m.headless = headless;
  return m;
}

TEST(FrontMatterFormats, PostMetaInEachFormat) {
  const MetaCase cases[] = {
      {"yaml",
       "---\ntitle: 梅雨\ndate: 2024-05-05 10:00:00 +0900\ndraft: yes\npublishDate: 2024-05-06\n"
       "expiryDate: 2030-01-01\nlastmod: 2024-05-07\nslug: tsuyu\nlayout: post\ntype: blog\nheadless: off\n---\n本文。\n",
       Meta(true, "2024-05-05 10:00:00 +0900", "2024-05-06", "2030-01-01", "2024-05-07", "tsuyu", "post", "blog",
            false)},
      // hugo: PublishDate, unpublishdate and modified are publishDate, expiryDate and lastmod
      {"yaml_hugo_aliases_any_case",
       "---\nPublishDate: 2024-05-06\nunpublishdate: 2030-01-01\nModified: 2024-05-07\nDraft: false\n---\n本文。\n",
       Meta(false, "", "2024-05-06", "2030-01-01", "2024-05-07")},
      // hugo: published: 2020-01-02 is the publish date
      {"yaml_published_date_is_publish_date", "---\npublished: 2020-01-02\n---\n本文。\n",
       Meta(std::nullopt, "", "2020-01-02", "")},
      {"yaml_published_boolean", "---\npublished: false\n---\n本文。\n",
       Meta(std::nullopt, "", "", "", "", "", "", "", std::nullopt, false)},
      // hugo: draft true, date 2024-05-05 10:00 +09:00, publish 2024-05-06, expiry 2030-01-01
      {"toml",
       "+++\ntitle = \"北海道の梅雨\"\ndate = 2024-05-05T10:00:00+09:00\npublishDate = 2024-05-06\n"
       "expiryDate = 2030-01-01T00:00:00Z\ndraft = true\n+++\n本文。\n",
       Meta(true, "2024-05-05T10:00:00+09:00", "2024-05-06", "2030-01-01T00:00:00Z")},
      // hugo: the same dates, draft false
      {"json",
       "{\n  \"title\": \"京都の紅葉\",\n  \"date\": \"2024-11-20T09:00:00+09:00\",\n  \"PublishDate\": \"2024-11-21\",\n"
       "  \"unpublishdate\": \"2031-01-01\",\n  \"draft\": false\n}\n本文。\n",
       Meta(false, "2024-11-20T09:00:00+09:00", "2024-11-21", "2031-01-01")},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    PostMeta meta;
    Result<Article> doc = ParsePost(c.post, "a", "posts/a.md", &meta);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    EXPECT_EQ(meta.draft, c.expected.draft);
    EXPECT_EQ(meta.published, c.expected.published);
    EXPECT_EQ(meta.date_text, c.expected.date_text);
    EXPECT_EQ(meta.publish_date, c.expected.publish_date);
    EXPECT_EQ(meta.expiry_date, c.expected.expiry_date);
    EXPECT_EQ(meta.lastmod, c.expected.lastmod);
    EXPECT_EQ(meta.slug, c.expected.slug);
    EXPECT_EQ(meta.layout, c.expected.layout);
    EXPECT_EQ(meta.type, c.expected.type);
    EXPECT_EQ(meta.headless, c.expected.headless);
  }
}

// jekyll: a plain date with a time of day is a Time to Psych, in UTC when it
// has no offset (the page shows 2024-01-06 08:30:00 +0900 for "2024-01-05
// 23:30:00" in a Tokyo site); quoted, a date alone or without seconds it is
// text (or a Date) that Jekyll reads in the site's zone.
TEST(FrontMatterFormats, YamlDatesPsychReadsAsTimes) {
  const std::pair<const char*, bool> cases[] = {
      {"date: 2024-01-05 23:30:00", true},
      {"date: 2024-01-05T23:30:00", true},
      {"date: 2024-1-5 02:00:00.5", true},
      {"date: 2024-01-05 23:30:00 +0900", true},
      {"date: 2024-01-05 23:30:00Z", true},
      {"date: \"2024-01-05 23:30:00\"", false},
      {"date: '2024-01-05 23:30:00'", false},
      {"date: !!str 2024-01-05 23:30:00", false},
      {"date: 2024-01-05", false},
      {"date: 2024-01-05 23:30", false},
      {"date: 2024-05-05 10:00:00 JST", false},
  };
  for (const auto& [line, is_time] : cases) {
    SCOPED_TRACE(line);
    PostMeta meta;
    Result<Article> doc = ParsePost(std::string("---\n") + line + "\n---\n本文。\n", "a", "posts/a.md", &meta);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    EXPECT_EQ(meta.date_is_yaml_time, is_time);
  }
  PostMeta toml;
  ASSERT_TRUE(ParsePost("+++\ndate = 2024-01-05T23:30:00\n+++\n本文。\n", "a", "a.md", &toml).ok());
  EXPECT_FALSE(toml.date_is_yaml_time) << "only YAML is read by Psych";
}

TEST(FrontMatterFormats, TomlAndJsonDatesGiveTheArticleDate) {
  Result<Article> toml = ParsePost("+++\ndate = 2012-03-06T13:00:00+09:00\n+++\n本文。\n", "a", "a.md");
  ASSERT_TRUE(toml.ok()) << toml.status().ToString();
  EXPECT_EQ(toml->date, 1331006400);
  Result<Article> json = ParsePost("{\"date\": \"2012-03-06T13:00:00+09:00\"}\n本文。\n", "a", "a.md");
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  EXPECT_EQ(json->date, 1331006400);
}

TEST(FrontMatterFormats, LiquidOrShortcodeAtTheStartIsBodyNotJson) {
  Result<Article> doc = ParsePost("{% include 目次.html %}\n\n本文。\n", "a", "a.md");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->body, "本文。");
  Result<Article> shortcode = ParsePost("{{< note >}}\n\n本文。\n", "a", "a.md");
  ASSERT_TRUE(shortcode.ok()) << shortcode.status().ToString();
}

TEST(FrontMatterFormats, AliasesThatExplodeAreRefused) {
  std::string yaml = "---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 6; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev + ", " + prev + ", " + prev + ", " +
            prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev + "]\n";
  }
  yaml += "---\n本文。\n";
  Result<Article> doc = ParsePost(yaml, "a", "a.md");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("after expanding aliases"), std::string::npos) << doc.status().ToString();
}

TEST(FrontMatterFormats, DeepNestingIsRefused) {
  const std::string post = "---\ntags: " + std::string(100, '[') + std::string(100, ']') + "\n---\n本文。\n";
  Result<Article> doc = ParsePost(post, "a", "a.md");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("a.md:2: front matter: nested more than"), std::string::npos)
      << doc.status().ToString();
}

}  // namespace
}  // namespace sagasu
