// Jekyll URLs (indexer/sources/jekyll_url.h) against what `jekyll build`
// (Jekyll 4.3.1, Debian 12) printed as {{ page.url }} for the same posts
// and pages, under each permalink setting (site timezone Asia/Tokyo; the
// dates below are the ones Jekyll showed).
#include "indexer/sources/jekyll_url.h"

#include <gtest/gtest.h>

#include "common/analyzer/slug.h"

namespace sagasu {
namespace {

// The fixture posts, as Jekyll read them.
std::vector<JekyllPost> Posts() {
  JekyllPost tsuyu;
  tsuyu.file_name = "2024-06-18-tsuyu-to-hokkaido.md";
  tsuyu.categories = {"旅行記", "Travel Notes"};
  tsuyu.date = {2024, 6, 18, 9, 30, 0};
  JekyllPost shinnen;
  shinnen.file_name = "2024-01-05-新年.md";  // date: 2024-01-05 23:30:00 (UTC in YAML) = 01-06 08:30 JST
  shinnen.date = {2024, 1, 6, 8, 30, 0};
  JekyllPost slugged;
  slugged.file_name = "2024-03-01-slugged.md";
  slugged.slug = "My Slug";
  slugged.categories = {"tech"};
  slugged.date = {2024, 3, 1};
  JekyllPost fm;
  fm.file_name = "2024-04-01-fm-permalink.md";
  fm.front_matter_permalink = "/:categories/:year/:title/";
  fm.categories = {"A", "b"};
  fm.date = {2024, 4, 1};
  JekyllPost literal;
  literal.file_name = "2024-05-01-literal.md";
  literal.front_matter_permalink = "/about/me.html";
  literal.date = {2024, 5, 1};
  JekyllPost spaced;
  spaced.file_name = "2024-02-10-space-cats.md";
  spaced.categories = {"旅行 日記"};  // `category: 旅行 日記` is one category
  spaced.date = {2024, 2, 10};
  return {tsuyu, shinnen, slugged, fm, literal, spaced};
}

struct StyleCase {
  const char* setting;
  std::vector<std::string> post_urls;  // in Posts() order
  std::vector<std::string> page_urls;  // about.md, docs/guide.md, index.md, docs/index.md
};

TEST(JekyllUrl, PostsAndPagesAsJekyllBuildsThem) {
  const StyleCase cases[] = {
      {"date",
       {"/%E6%97%85%E8%A1%8C%E8%A8%98/travel%20notes/2024/06/18/tsuyu-to-hokkaido.html", "/2024/01/06/%E6%96%B0%E5%B9%B4.html",
        "/tech/2024/03/01/My-Slug.html", "/a/b/2024/fm-permalink/", "/about/me.html",
        "/%E6%97%85%E8%A1%8C%20%E6%97%A5%E8%A8%98/2024/02/10/space-cats.html"},
       {"/about.html", "/docs/guide.html", "/", "/docs/"}},
      {"pretty",
       {"/%E6%97%85%E8%A1%8C%E8%A8%98/travel%20notes/2024/06/18/tsuyu-to-hokkaido/", "/2024/01/06/%E6%96%B0%E5%B9%B4/",
        "/tech/2024/03/01/My-Slug/", "/a/b/2024/fm-permalink/", "/about/me.html",
        "/%E6%97%85%E8%A1%8C%20%E6%97%A5%E8%A8%98/2024/02/10/space-cats/"},
       {"/about/", "/docs/guide/", "/", "/docs/"}},
      {"none",
       {"/%E6%97%85%E8%A1%8C%E8%A8%98/travel%20notes/tsuyu-to-hokkaido.html", "/%E6%96%B0%E5%B9%B4.html",
        "/tech/My-Slug.html", "/a/b/2024/fm-permalink/", "/about/me.html",
        "/%E6%97%85%E8%A1%8C%20%E6%97%A5%E8%A8%98/space-cats.html"},
       {"/about.html", "/docs/guide.html", "/", "/docs/"}},
      {"ordinal",
       {"/%E6%97%85%E8%A1%8C%E8%A8%98/travel%20notes/2024/170/tsuyu-to-hokkaido.html", "/2024/006/%E6%96%B0%E5%B9%B4.html",
        "/tech/2024/061/My-Slug.html", "/a/b/2024/fm-permalink/", "/about/me.html",
        "/%E6%97%85%E8%A1%8C%20%E6%97%A5%E8%A8%98/2024/041/space-cats.html"},
       {"/about.html", "/docs/guide.html", "/", "/docs/"}},
      {"weekdate",
       {"/%E6%97%85%E8%A1%8C%E8%A8%98/travel%20notes/2024/W25/Tue/tsuyu-to-hokkaido.html",
        "/2024/W01/Sat/%E6%96%B0%E5%B9%B4.html", "/tech/2024/W09/Fri/My-Slug.html", "/a/b/2024/fm-permalink/",
        "/about/me.html", "/%E6%97%85%E8%A1%8C%20%E6%97%A5%E8%A8%98/2024/W06/Sat/space-cats.html"},
       {"/about", "/docs/guide", "/", "/docs/"}},
      {"/:title",
       {"/tsuyu-to-hokkaido", "/%E6%96%B0%E5%B9%B4", "/My-Slug", "/a/b/2024/fm-permalink/", "/about/me.html",
        "/space-cats"},
       {"/about", "/docs/guide", "/", "/docs/"}},
      {"/blog/:year/:i_month/:i_day/:slug:output_ext",
       {"/blog/2024/6/18/tsuyu-to-hokkaido.html", "/blog/2024/1/6/%E6%96%B0%E5%B9%B4.html", "/blog/2024/3/1/my-slug.html",
        "/a/b/2024/fm-permalink/", "/about/me.html", "/blog/2024/2/10/space-cats.html"},
       {"/about.html", "/docs/guide.html", "/", "/docs/"}},
      {"/:slugified_categories/:short_year/:y_day/:name",
       {"/%E6%97%85%E8%A1%8C%E8%A8%98/travel-notes/24/170/2024-06-18-tsuyu-to-hokkaido",
        "/24/006/2024-01-05-%E6%96%B0%E5%B9%B4", "/tech/24/061/2024-03-01-slugged", "/a/b/2024/fm-permalink/",
        "/about/me.html", "/%E6%97%85%E8%A1%8C-%E6%97%A5%E8%A8%98/24/041/2024-02-10-space-cats"},
       {"/about", "/docs/guide", "/", "/docs/"}},
  };
  const char* pages[] = {"about.md", "docs/guide.md", "index.md", "docs/index.md"};
  for (const auto& c : cases) {
    std::vector<JekyllPost> posts = Posts();
    for (std::size_t i = 0; i < posts.size(); ++i) {
      posts[i].permalink_setting = c.setting;
      Result<std::string> url = JekyllPostUrl(posts[i]);
      ASSERT_TRUE(url.ok()) << c.setting << ": " << url.status().ToString();
      EXPECT_EQ(*url, c.post_urls[i]) << c.setting << " " << posts[i].file_name;
    }
    for (std::size_t i = 0; i < 4; ++i) {
      Result<std::string> url = JekyllPageUrl(pages[i], c.setting, "");
      ASSERT_TRUE(url.ok()) << url.status().ToString();
      EXPECT_EQ(*url, c.page_urls[i]) << c.setting << " " << pages[i];
    }
  }
  // A page's own permalink is a template of page placeholders.
  EXPECT_EQ(*JekyllPageUrl("docs/perma.md", "date", "/p/:basename/"), "/p/perma/");
}

// Documents of collections, as jekyll build printed {{ page.url }} for them.
TEST(JekyllUrl, CollectionDocumentsAsJekyllBuildsThem) {
  struct Case {
    const char* setting;
    const char* collection_permalink;
    const char* file;  // the path in the collection
    const char* slug;
    const char* want;
  } cases[] = {
      {"date", "", "curry.md", "", "/recipes/curry.html"},
      {"date", "", "sub/Ramen Noodle.md", "", "/recipes/sub/Ramen%20Noodle.html"},
      {"date", "", "2024-05-01-dated.md", "", "/recipes/2024-05-01-dated.html"},
      {"date", "", "index.md", "", "/recipes/index.html"},
      {"pretty", "", "curry.md", "", "/recipes/curry/"},
      {"/:categories/:year/:title/", "", "index.md", "", "/recipes/index/"},
      {"weekdate", "", "curry.md", "", "/recipes/curry"},
      {"date", "/manual/:path/", "intro.md", "", "/manual/intro/"},
      {"date", "/:collection/:name/:title/:slug/:path/x:output_ext", "deep/2024-06-01-Some-Name.md", "My Slug",
       "/recipes/2024-06-01-some-name/My-Slug/my-slug/deep/2024-06-01-Some-Name/x.html"},
      {"date", "/:collection/:name/:title/:slug/:path/x:output_ext", "Other_Doc.v2.md", "",
       "/recipes/other-doc-v2/Other_Doc.v2/other-doc-v2/Other_Doc.v2/x.html"},
  };
  for (const Case& c : cases) {
    JekyllPost doc;
    doc.permalink_setting = c.setting;
    doc.collection = "recipes";
    doc.collection_permalink = c.collection_permalink;
    const std::string file = c.file;
    doc.path = file.substr(0, file.rfind('.'));
    doc.file_name = file.substr(file.rfind('/') == std::string::npos ? 0 : file.rfind('/') + 1);
    if (*c.slug) doc.slug = c.slug;
    Result<std::string> url = JekyllPostUrl(doc);
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    EXPECT_EQ(*url, c.want) << c.setting << " " << c.collection_permalink << " " << c.file;
  }
  // A `posts` collection permalink replaces the permalink setting.
  JekyllPost post = Posts()[2];
  post.collection_permalink = "/blog/:categories/:title/";
  EXPECT_EQ(*JekyllPostUrl(post), "/blog/tech/My-Slug/");
}

TEST(JekyllUrl, UnknownPlaceholderIsAnErrorNamingIt) {
  JekyllPost p = Posts()[0];
  p.front_matter_permalink = "/:year/:nonsense/";
  Result<std::string> url = JekyllPostUrl(p);
  ASSERT_FALSE(url.ok());
  EXPECT_NE(url.status().message().find(":nonsense"), std::string::npos) << url.status().ToString();
}

TEST(Slug, AsJekyllSlugifies) {
  EXPECT_EQ(Slugify("My Slug", SlugMode::kPretty, true), "My-Slug");
  EXPECT_EQ(Slugify("My Slug", SlugMode::kDefault, false), "my-slug");
  EXPECT_EQ(Slugify("旅行 日記", SlugMode::kDefault, false), "旅行-日記");
  EXPECT_EQ(Slugify("  生成AI: 入門 (2024)! ", SlugMode::kDefault, false), "生成ai-入門-2024");
  EXPECT_EQ(Slugify("生成AI: 入門 (2024)!", SlugMode::kPretty, true), "生成AI-入門-(2024)!");
  EXPECT_EQ(Slugify("スマートフォン・レビュー", SlugMode::kDefault, false), "スマートフォン-レビュー");
  EXPECT_EQ(DowncaseUnicode("Travel ＡＩ"), "travel ａｉ");
  EXPECT_EQ(EscapeUrlPath("旅行 日記/a-b_c.html"), "%E6%97%85%E8%A1%8C%20%E6%97%A5%E8%A8%98/a-b_c.html");
}

}  // namespace
}  // namespace sagasu
