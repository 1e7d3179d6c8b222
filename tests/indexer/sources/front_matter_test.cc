// Front matter of posts, through ParsePost: each case is a post's front
// matter and the Document it must produce (body "本文。").
#include "indexer/sources/front_matter.h"

#include <gtest/gtest.h>

#include <string>

#include "indexer/sources/source.h"

namespace sagasu {
namespace {

struct FrontMatterCase {
  const char* name;
  const char* front_matter;  // between the '---' lines
  Article expected;         // body is filled in by the test
};

Article Doc(std::string id, std::string title, std::optional<std::int64_t> date = std::nullopt,
             std::vector<std::string> tags = {}, std::vector<std::string> categories = {}, std::string author = "",
             std::string excerpt = "", std::string url = "") {
  Article d;
  d.id = std::move(id);
  d.title = std::move(title);
  d.date = date;
  d.tags = std::move(tags);
  d.categories = std::move(categories);
  d.author = std::move(author);
  d.excerpt = std::move(excerpt);
  d.url = std::move(url);
  return d;
}

constexpr std::int64_t kSeedTime = 1764520749;    // 2025-11-30T16:39:09Z
constexpr std::int64_t kMarch6 = 1331006400;      // 2012-03-06T13:00:00+09:00
constexpr std::int64_t kNov30 = 1764460800;       // 2025-11-30T00:00:00Z
constexpr char kDefaultId[] = "_posts/notes";

TEST(FrontMatter, Table) {
  const FrontMatterCase cases[] = {
      {"jekyll_date_with_zone", "title: 梅雨\ndate: 2025-11-30 16:39:09 +0000\n", Doc(kDefaultId, "梅雨", kSeedTime)},
      {"iso_date_compact_zone", "title: t\ndate: 2012-03-06T13:00:00+0900\n", Doc(kDefaultId, "t", kMarch6)},
      {"iso_date_colon_zone", "title: t\ndate: \"2012-03-06T13:00:00+09:00\"\n", Doc(kDefaultId, "t", kMarch6)},
      {"date_only", "title: t\ndate: 2025-11-30\n", Doc(kDefaultId, "t", kNov30)},
      {"date_quoted", "title: t\ndate: '2025-11-30'\n", Doc(kDefaultId, "t", kNov30)},
      {"date_null", "title: t\ndate:\n", Doc(kDefaultId, "t")},
      {"flow_lists", "title: t\ntags: [\"旅行\", AI, 技術]\ncategories: [日記]\n",
       Doc(kDefaultId, "t", std::nullopt, {"旅行", "AI", "技術"}, {"日記"})},
      {"block_lists", "title: t\ntags:\n  - 旅行\n  - \"食べ物\"\ncategories:\n- 日記\n- 北海道\n",
       Doc(kDefaultId, "t", std::nullopt, {"旅行", "食べ物"}, {"日記", "北海道"})},
      {"single_string_tag", "title: t\ntags: foo\ncategories: 技術 メモ\n",
       Doc(kDefaultId, "t", std::nullopt, {"foo"}, {"技術", "メモ"})},
      {"list_items_trimmed_deduplicated_empty_dropped", "tags: [\" AI \", AI, \"\", ~, 技術]\n",
       Doc(kDefaultId, "", std::nullopt, {"AI", "技術"})},
      {"empty_list", "tags: []\ncategories:\n", Doc(kDefaultId, "")},
      {"category_singular", "category: 業界別AI活用\n", Doc(kDefaultId, "", std::nullopt, {}, {"業界別AI活用"})},
      // Jekyll 4.3 merges them, `categories` first (checked with jekyll build).
      {"categories_then_category", "category: a b\ncategories: [b, c]\n",
       Doc(kDefaultId, "", std::nullopt, {}, {"b", "c", "a b"})},
      {"quoted_strings", "title: \"「真意」とは？: その2\"\nauthor: '編集部'\n",
       Doc(kDefaultId, "「真意」とは？: その2", std::nullopt, {}, {}, "編集部")},
      {"plain_number_title", "title: 2024\n", Doc(kDefaultId, "2024")},
      {"folded_excerpt", "excerpt: >\n  一行目\n  二行目\n", Doc(kDefaultId, "", {}, {}, {}, "", "一行目 二行目")},
      {"description_is_excerpt", "description: 説明\n", Doc(kDefaultId, "", {}, {}, {}, "", "説明")},
      {"excerpt_wins_over_description", "excerpt: 抜粋\ndescription: 説明\n",
       Doc(kDefaultId, "", {}, {}, {}, "", "抜粋")},
      {"unknown_keys_ignored", "layout: post\nreading_time: 20\ntitle: t\nimage: {src: a.png}\ndraft: true\n",
       Doc(kDefaultId, "t")},
      {"all_missing", "layout: post\n", Doc(kDefaultId, "")},
      {"empty_front_matter", "", Doc(kDefaultId, "")},
      {"id_wins", "id: post-42\npermalink: /2024/a/\n", Doc("post-42", "", {}, {}, {}, "", "", "/2024/a/")},
      {"numeric_id", "id: 42\n", Doc("42", "")},
      {"permalink_is_id_and_url", "permalink: /2024/a/\n", Doc("/2024/a/", "", {}, {}, {}, "", "", "/2024/a/")},
      {"url_wins_over_permalink_for_url", "permalink: /p/\nurl: https://example.jp/p/\n",
       Doc("/p/", "", {}, {}, {}, "", "", "https://example.jp/p/")},
      {"path_is_default_id", "title: t\n", Doc(kDefaultId, "t")},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string post = std::string("---\n") + c.front_matter + "---\n本文。\n";
    Result<Article> doc = ParsePost(post, kDefaultId, "notes.md");
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    Article expected = c.expected;
    expected.body = "本文。";
    EXPECT_EQ(doc->id, expected.id);
    EXPECT_EQ(doc->title, expected.title);
    EXPECT_EQ(doc->date, expected.date);
    EXPECT_EQ(doc->tags, expected.tags);
    EXPECT_EQ(doc->categories, expected.categories);
    EXPECT_EQ(doc->author, expected.author);
    EXPECT_EQ(doc->excerpt, expected.excerpt);
    EXPECT_EQ(doc->url, expected.url);
    EXPECT_EQ(*doc, expected);
  }
}

TEST(FrontMatter, DelimitersMayHaveTrailingSpacesCrlfAndDots) {
  Result<Article> doc = ParsePost("---  \r\ntitle: t\r\n...\r\nbody\r\n", "x", "x.md");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->title, "t");
  EXPECT_EQ(doc->body, "body");
}

TEST(FrontMatter, ByteOrderMarkIsIgnored) {
  Result<Article> doc = ParsePost("\xEF\xBB\xBF---\ntitle: t\n---\nbody\n", "x", "x.md");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->title, "t");
}

TEST(FrontMatter, WithoutFrontMatterTitleIsFirstHeading) {
  Result<Article> doc = ParsePost("前書き。\n\n## 見出し *強調*\n\n本文。\n", "notes/a", "a.md");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->id, "notes/a");
  EXPECT_EQ(doc->title, "見出し 強調");
  EXPECT_EQ(doc->body, "前書き。\n見出し 強調\n本文。");

  Result<Article> no_heading = ParsePost("本文だけ。\n", "b", "b.md");
  ASSERT_TRUE(no_heading.ok());
  EXPECT_EQ(no_heading->title, "");
}

TEST(FrontMatter, TitleFallsBackToHeadingWhenFrontMatterHasNone) {
  Result<Article> doc = ParsePost("---\ntags: [a]\n---\n# 北海道の梅雨\n", "b", "b.md");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->title, "北海道の梅雨");
}

TEST(FrontMatter, JekyllFileNameGivesDateWhenFrontMatterHasNone) {
  Result<Article> doc = ParsePost("---\ntitle: t\n---\nx\n", "_posts/2024-06-01-tsuyu", "a.md");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->date, ParseDate("2024-06-01"));

  Result<Article> explicit_date = ParsePost("---\ndate: 2025-11-30\n---\nx\n", "_posts/2024-06-01-tsuyu", "a.md");
  ASSERT_TRUE(explicit_date.ok());
  EXPECT_EQ(explicit_date->date, kNov30);

  Result<Article> not_a_date = ParsePost("x\n", "_posts/2024-13-01-tsuyu", "a.md");
  ASSERT_TRUE(not_a_date.ok());
  EXPECT_EQ(not_a_date->date, std::nullopt);
}

TEST(FrontMatter, ThematicBreakWithoutClosingLineIsNotFrontMatterOnlyWhenAlone) {
  // A file that is just "---" is a thematic break plus nothing.
  Result<Article> doc = ParsePost("---", "x", "x.md");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->body, "");
}

}  // namespace
}  // namespace sagasu
