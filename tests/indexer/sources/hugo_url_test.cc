// Hugo URLs (indexer/sources/hugo_url.h) against what `hugo` (0.111.3,
// Debian 12) printed as {{ .RelPermalink }} for the same pages under each
// configuration (timeZone = "Asia/Tokyo"; baseURL https://example.com/ or
// https://example.com/blog/; each page's front matter is restated below).
#include "indexer/sources/hugo_url.h"

#include <gtest/gtest.h>

namespace sagasu {
namespace {

HugoPage Page(std::string path, std::string title, CivilTime date, std::string slug = "", std::string url = "") {
  HugoPage p;
  p.path = std::move(path);
  p.title = std::move(title);
  p.slug = std::move(slug);
  p.url = std::move(url);
  p.date = date;
  return p;
}

Result<std::string> Url(const HugoPage& page, std::map<std::string, std::string> permalinks = {}, bool ugly_urls = false,
                        std::string base_path = "") {
  HugoUrlConfig config;
  config.permalinks = std::move(permalinks);
  config.ugly_urls = ugly_urls;
  config.base_path = std::move(base_path);
  return HugoPageUrl(page, config);
}

// The fixture site's content/, as Hugo read it.
std::vector<HugoPage> Pages() {
  const CivilTime none{1, 1, 1};
  std::vector<HugoPage> pages = {
      Page("posts/tsuyu-to-hokkaido.md", "梅雨と 北海道 Trip", {2024, 6, 18, 9, 30, 0}),
      // date: 2024-01-05T23:30:00Z: Hugo keeps the Z, so day 05 (not 01-06 JST).
      Page("posts/新年.md", "新年のご挨拶", {2024, 1, 5, 23, 30, 0}),
      Page("posts/slugged.md", "スラッグ付き Post", {2024, 3, 1, 10, 0, 0}, "My Slug"),
      Page("posts/custom.md", "カスタム URL", {2024, 4, 1, 10, 0, 0}, "", "/custom/path/"),
      Page("posts/bundle/index.md", "Bundle の記事", {2024, 5, 1, 10, 0, 0}),
      Page("posts/_index.md", "投稿一覧", none),
      Page("about.md", "About 私について", none),
      Page("blog/travel/kyoto.md", "京都 旅行記", {2024, 2, 10, 12, 0, 0}),
      Page("posts/Mixed_Case.File.md", "Hello, World! 生成AI: 入門 (2024)", {2024, 7, 7, 0, 30, 0}),
      Page("posts/no-title.md", "", {2024, 8, 1, 10, 0, 0}),
      Page("misc/My File.md", "C# 入門 — ａｂｃ Ｚ", none, "", "/Custom Path/Ä/x"),
      // date: 2024-01-05T23:30:00 (no offset: Asia/Tokyo)
      Page("misc/noslash.md", "t", {2024, 1, 5, 23, 30, 0}, "", "rel/path.html"),
      Page("posts/zoned.md", "Zoned", {2024, 1, 5, 23, 30, 0}, "Ünïcode Slug: Ok? a__b--c  d"),
      Page("misc/Plain File.md", "Plain ファイル", {2024, 9, 9, 10, 0, 0}),
      Page("misc/sub/Deep.md", "Deep", {2024, 9, 9, 10, 0, 0}),  // misc/sub has no _index.md
      Page("posts/sbundle/index.md", "SB", {2024, 9, 9, 10, 0, 0}, "Bundle Slug"),
      Page("blog/Big Dir/Page!.md", "BD", none, "日本 語"),
      Page("blog/travel/_index.md", "旅", none),
  };
  pages[7].sections = {"blog", "travel"};  // blog/travel/_index.md makes it a section
  return pages;
}

struct ConfigCase {
  const char* name;
  std::map<std::string, std::string> permalinks;
  bool ugly_urls;
  const char* base_path;
  std::vector<std::string> urls;  // in Pages() order
};

TEST(HugoUrl, PagesAsHugoBuildsThem) {
  const ConfigCase cases[] = {
      {"default", {}, false, "/",
       {"/posts/tsuyu-to-hokkaido/",
        "/posts/%E6%96%B0%E5%B9%B4/",
        "/posts/my-slug/",
        "/custom/path/",
        "/posts/bundle/",
        "/posts/",
        "/about/",
        "/blog/travel/kyoto/",
        "/posts/mixed_case.file/",
        "/posts/no-title/",
        "/Custom%20Path/%C3%84/x/",
        "/rel/path.html",
        "/posts/%C3%BCn%C3%AFcode-slug-ok-a__b--c-d/",
        "/misc/plain-file/",
        "/misc/sub/deep/",
        "/posts/bundle-slug/",
        "/blog/big-dir/%E6%97%A5%E6%9C%AC-%E8%AA%9E/",
        "/blog/travel/"}},
      {"ymds", {{"posts", "/:year/:month/:day/:slug/"}}, false, "",
       {"/2024/06/18/%E6%A2%85%E9%9B%A8%E3%81%A8-%E5%8C%97%E6%B5%B7%E9%81%93-trip/",
        "/2024/01/05/%E6%96%B0%E5%B9%B4%E3%81%AE%E3%81%94%E6%8C%A8%E6%8B%B6/",
        "/2024/03/01/my-slug/",
        "/custom/path/",
        "/2024/05/01/bundle-%E3%81%AE%E8%A8%98%E4%BA%8B/",
        "/posts/",
        "/about/",
        "/blog/travel/kyoto/",
        "/2024/07/07/hello-world-%E7%94%9F%E6%88%90ai-%E5%85%A5%E9%96%80-2024/",
        "/2024/08/01/",
        "/Custom%20Path/%C3%84/x/",
        "/rel/path.html",
        "/2024/01/05/%C3%BCn%C3%AFcode-slug-ok-a__b--c-d/",
        "/misc/plain-file/",
        "/misc/sub/deep/",
        "/2024/09/09/bundle-slug/",
        "/blog/big-dir/%E6%97%A5%E6%9C%AC-%E8%AA%9E/",
        "/blog/travel/"}},
      {"sectitle", {{"posts", "/:section/:title/"}}, false, "",
       {"/posts/%E6%A2%85%E9%9B%A8%E3%81%A8-%E5%8C%97%E6%B5%B7%E9%81%93-trip/",
        "/posts/%E6%96%B0%E5%B9%B4%E3%81%AE%E3%81%94%E6%8C%A8%E6%8B%B6/",
        "/posts/%E3%82%B9%E3%83%A9%E3%83%83%E3%82%B0%E4%BB%98%E3%81%8D-post/",
        "/custom/path/",
        "/posts/bundle-%E3%81%AE%E8%A8%98%E4%BA%8B/",
        "/posts/",
        "/about/",
        "/blog/travel/kyoto/",
        "/posts/hello-world-%E7%94%9F%E6%88%90ai-%E5%85%A5%E9%96%80-2024/",
        "/posts/",
        "/Custom%20Path/%C3%84/x/",
        "/rel/path.html",
        "/posts/zoned/",
        "/misc/plain-file/",
        "/misc/sub/deep/",
        "/posts/sb/",
        "/blog/big-dir/%E6%97%A5%E6%9C%AC-%E8%AA%9E/",
        "/blog/travel/"}},
      {"yfile", {{"posts", "/:year/:filename/"}}, false, "",
       {"/2024/tsuyu-to-hokkaido/",
        "/2024/%E6%96%B0%E5%B9%B4/",
        "/2024/slugged/",
        "/custom/path/",
        "/2024/bundle/",
        "/posts/",
        "/about/",
        "/blog/travel/kyoto/",
        "/2024/mixed_case.file/",
        "/2024/no-title/",
        "/Custom%20Path/%C3%84/x/",
        "/rel/path.html",
        "/2024/zoned/",
        "/misc/plain-file/",
        "/misc/sub/deep/",
        "/2024/sbundle/",
        "/blog/big-dir/%E6%97%A5%E6%9C%AC-%E8%AA%9E/",
        "/blog/travel/"}},
      {"ugly", {}, true, "",
       {"/posts/tsuyu-to-hokkaido.html",
        "/posts/%E6%96%B0%E5%B9%B4.html",
        "/posts/my-slug.html",
        "/custom/path/",
        "/posts/bundle.html",
        "/posts.html",
        "/about.html",
        "/blog/travel/kyoto.html",
        "/posts/mixed_case.file.html",
        "/posts/no-title.html",
        "/Custom%20Path/%C3%84/x/",
        "/rel/path.html",
        "/posts/%C3%BCn%C3%AFcode-slug-ok-a__b--c-d.html",
        "/misc/plain-file.html",
        "/misc/sub/deep.html",
        "/posts/bundle-slug.html",
        "/blog/big-dir/%E6%97%A5%E6%9C%AC-%E8%AA%9E.html",
        "/blog/travel.html"}},
      {"base", {}, false, "/blog/",
       {"/blog/posts/tsuyu-to-hokkaido/",
        "/blog/posts/%E6%96%B0%E5%B9%B4/",
        "/blog/posts/my-slug/",
        "/blog/custom/path/",
        "/blog/posts/bundle/",
        "/blog/posts/",
        "/blog/about/",
        "/blog/blog/travel/kyoto/",
        "/blog/posts/mixed_case.file/",
        "/blog/posts/no-title/",
        "/blog/Custom%20Path/%C3%84/x/",
        "/blog/rel/path.html",
        "/blog/posts/%C3%BCn%C3%AFcode-slug-ok-a__b--c-d/",
        "/blog/misc/plain-file/",
        "/blog/misc/sub/deep/",
        "/blog/posts/bundle-slug/",
        "/blog/blog/big-dir/%E6%97%A5%E6%9C%AC-%E8%AA%9E/",
        "/blog/blog/travel/"}},
      {"dates", {{"posts", "/:year/:yearday/:monthname/:weekday/:weekdayname/:title/:slugorfilename/"}, {"misc", "/:sections/:slugorfilename/"}}, false, "",
       {"/2024/170/june/2/tuesday/%E6%A2%85%E9%9B%A8%E3%81%A8-%E5%8C%97%E6%B5%B7%E9%81%93-trip/tsuyu-to-hokkaido/",
        "/2024/5/january/5/friday/%E6%96%B0%E5%B9%B4%E3%81%AE%E3%81%94%E6%8C%A8%E6%8B%B6/%E6%96%B0%E5%B9%B4/",
        "/2024/61/march/5/friday/%E3%82%B9%E3%83%A9%E3%83%83%E3%82%B0%E4%BB%98%E3%81%8D-post/my-slug/",
        "/custom/path/",
        "/2024/122/may/3/wednesday/bundle-%E3%81%AE%E8%A8%98%E4%BA%8B/bundle/",
        "/posts/",
        "/about/",
        "/blog/travel/kyoto/",
        "/2024/189/july/0/sunday/hello-world-%E7%94%9F%E6%88%90ai-%E5%85%A5%E9%96%80-2024/mixed_case.file/",
        "/2024/214/august/4/thursday/no-title/",
        "/Custom%20Path/%C3%84/x/",
        "/rel/path.html",
        "/2024/5/january/5/friday/zoned/%C3%BCn%C3%AFcode-slug-ok-a__b--c-d/",
        "/misc/plain-file/",
        "/misc/deep/",
        "/2024/253/september/1/monday/sb/bundle-slug/",
        "/blog/big-dir/%E6%97%A5%E6%9C%AC-%E8%AA%9E/",
        "/blog/travel/"}},
      {"literal", {{"posts", "/Blog Top/:year/:slug"}, {"misc", "/:sections/:slugorfilename.html"}}, false, "",
       {"/blog-top/2024/%E6%A2%85%E9%9B%A8%E3%81%A8-%E5%8C%97%E6%B5%B7%E9%81%93-trip/",
        "/blog-top/2024/%E6%96%B0%E5%B9%B4%E3%81%AE%E3%81%94%E6%8C%A8%E6%8B%B6/",
        "/blog-top/2024/my-slug/",
        "/custom/path/",
        "/blog-top/2024/bundle-%E3%81%AE%E8%A8%98%E4%BA%8B/",
        "/posts/",
        "/about/",
        "/blog/travel/kyoto/",
        "/blog-top/2024/hello-world-%E7%94%9F%E6%88%90ai-%E5%85%A5%E9%96%80-2024/",
        "/blog-top/2024/",
        "/Custom%20Path/%C3%84/x/",
        "/rel/path.html",
        "/blog-top/2024/%C3%BCn%C3%AFcode-slug-ok-a__b--c-d/",
        "/misc/plain-file.html/",
        "/misc/deep.html/",
        "/blog-top/2024/bundle-slug/",
        "/blog/big-dir/%E6%97%A5%E6%9C%AC-%E8%AA%9E/",
        "/blog/travel/"}},
      {"uglypat", {{"posts", "/:year/:month/:day/:slug/"}, {"misc", "/x/:sections/:filename.htm"}}, true, "",
       {"/2024/06/18/%E6%A2%85%E9%9B%A8%E3%81%A8-%E5%8C%97%E6%B5%B7%E9%81%93-trip.html",
        "/2024/01/05/%E6%96%B0%E5%B9%B4%E3%81%AE%E3%81%94%E6%8C%A8%E6%8B%B6.html",
        "/2024/03/01/my-slug.html",
        "/custom/path/",
        "/2024/05/01/bundle-%E3%81%AE%E8%A8%98%E4%BA%8B.html",
        "/posts.html",
        "/about.html",
        "/blog/travel/kyoto.html",
        "/2024/07/07/hello-world-%E7%94%9F%E6%88%90ai-%E5%85%A5%E9%96%80-2024.html",
        "/2024/08/01.html",
        "/Custom%20Path/%C3%84/x/",
        "/rel/path.html",
        "/2024/01/05/%C3%BCn%C3%AFcode-slug-ok-a__b--c-d.html",
        "/x/misc/plain-file.htm.html",
        "/x/misc/deep.htm.html",
        "/2024/09/09/bundle-slug.html",
        "/blog/big-dir/%E6%97%A5%E6%9C%AC-%E8%AA%9E.html",
        "/blog/travel.html"}},
      {"sections", {{"blog", "/b/:sections/:slugorfilename/"}}, false, "",
       {"/posts/tsuyu-to-hokkaido/",
        "/posts/%E6%96%B0%E5%B9%B4/",
        "/posts/my-slug/",
        "/custom/path/",
        "/posts/bundle/",
        "/posts/",
        "/about/",
        "/b/blog/travel/kyoto/",
        "/posts/mixed_case.file/",
        "/posts/no-title/",
        "/Custom%20Path/%C3%84/x/",
        "/rel/path.html",
        "/posts/%C3%BCn%C3%AFcode-slug-ok-a__b--c-d/",
        "/misc/plain-file/",
        "/misc/sub/deep/",
        "/posts/bundle-slug/",
        "/b/blog/%E6%97%A5%E6%9C%AC-%E8%AA%9E/",
        "/blog/travel/"}},
      {"baseugly", {{"posts", "/:title/"}}, true, "/blog/",
       {"/blog/%E6%A2%85%E9%9B%A8%E3%81%A8-%E5%8C%97%E6%B5%B7%E9%81%93-trip.html",
        "/blog/%E6%96%B0%E5%B9%B4%E3%81%AE%E3%81%94%E6%8C%A8%E6%8B%B6.html",
        "/blog/%E3%82%B9%E3%83%A9%E3%83%83%E3%82%B0%E4%BB%98%E3%81%8D-post.html",
        "/blog/custom/path/",
        "/blog/bundle-%E3%81%AE%E8%A8%98%E4%BA%8B.html",
        "/blog/posts.html",
        "/blog/about.html",
        "/blog/blog/travel/kyoto.html",
        "/blog/hello-world-%E7%94%9F%E6%88%90ai-%E5%85%A5%E9%96%80-2024.html",
        "/blog/.html",
        "/blog/Custom%20Path/%C3%84/x/",
        "/blog/rel/path.html",
        "/blog/zoned.html",
        "/blog/misc/plain-file.html",
        "/blog/misc/sub/deep.html",
        "/blog/sb.html",
        "/blog/blog/big-dir/%E6%97%A5%E6%9C%AC-%E8%AA%9E.html",
        "/blog/blog/travel.html"}},
  };
  const std::vector<HugoPage> pages = Pages();
  for (const auto& c : cases) {
    ASSERT_EQ(c.urls.size(), pages.size()) << c.name;
    for (std::size_t i = 0; i < pages.size(); ++i) {
      Result<std::string> url = Url(pages[i], c.permalinks, c.ugly_urls, c.base_path);
      ASSERT_TRUE(url.ok()) << c.name << ": " << url.status().ToString();
      EXPECT_EQ(*url, c.urls[i]) << c.name << " " << pages[i].path;
    }
  }
}

TEST(HugoUrl, FrontMatterUrlEscapingAndOtherPaths) {
  // A second fixture site, default configuration.
  const std::pair<HugoPage, const char*> cases[] = {
      {Page("posts/u1.md", "x", {}, "", "/a!b(c)/d e"), "/a%21b%28c%29/d%20e/"},
      {Page("posts/u2.md", "x", {}, "", "/a!b(c)/"), "/a!b(c)/"},
      {Page("posts/u3.md", "x", {}, "", "/A%20B/ünï"), "/A%20B/%C3%BCn%C3%AF/"},
      {Page("sec/_index.md", "S", {}, "sec slug"), "/sec/"},
      {Page("日記/今日.md", "N", {}), "/%E6%97%A5%E8%A8%98/%E4%BB%8A%E6%97%A5/"},
      {Page("posts/C#.md", "N", {}), "/posts/c#/"},
  };
  for (const auto& [page, want] : cases) {
    Result<std::string> url = Url(page);
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    EXPECT_EQ(*url, want) << page.path;
  }
}

// hugo 0.111.3, baseURL https://example.com/blog/, disablePathToLower = true,
// defaultContentLanguage = "ja" with [languages] ja and en, [permalinks]
// posts = "/:year/:slug/"; paths without the language of their file name
// (posts/post.en.md is "posts/post.md" in language en).
TEST(HugoUrl, LanguagesAndDisablePathToLower) {
  struct Case {
    HugoPage page;
    const char* language_dir;
    const char* want;
  };
  const CivilTime none{1, 1, 1};
  const Case cases[] = {
      {Page("posts/post.md", "Post JA", {2024, 1, 1}), "", "/blog/2024/Post-JA/"},
      {Page("posts/post.md", "Post EN", {2024, 1, 1}), "en", "/blog/en/2024/Post-EN/"},
      {Page("posts/bundle/index.md", "Bundle en", {2024, 1, 1}), "en", "/blog/en/2024/Bundle-en/"},
      {Page("posts/b2/index.md", "B2 en only", none), "en", "/blog/en/1/B2-en-only/"},
      {Page("posts/url.md", "Url EN", {2024, 1, 1}, "", "/Custom/Path/"), "en", "/blog/Custom/Path/"},
      {Page("Docs/My_File.md", "Mixed Case Title", none), "", "/blog/Docs/My_File/"},
      {Page("Docs/My_File.md", "Mixed Case Title", none), "en", "/blog/en/Docs/My_File/"},
  };
  HugoUrlConfig config;
  config.permalinks = {{"posts", "/:year/:slug/"}};
  config.path_to_lower = false;
  config.base_path = "/blog/";
  for (Case c : cases) {
    c.page.language_dir = c.language_dir;
    Result<std::string> url = HugoPageUrl(c.page, config);
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    EXPECT_EQ(*url, c.want) << c.page.path << " " << c.language_dir;
  }
  // The same pages lower-cased without disablePathToLower (hugo: /blog/docs/my_file/).
  config.path_to_lower = true;
  EXPECT_EQ(*HugoPageUrl(cases[5].page, config), "/blog/docs/my_file/");
  EXPECT_EQ(*HugoPageUrl(cases[0].page, config), "/blog/2024/post-ja/");
}

TEST(HugoUrl, HomeIsTheBasePath) {
  HugoPage home;
  home.path = "_index.md";
  EXPECT_EQ(*Url(home, {}, false, "/"), "/");
  EXPECT_EQ(*Url(home, {}, true, ""), "/");
  EXPECT_EQ(*Url(home, {}, true, "/blog/"), "/blog/");
}

TEST(HugoUrl, UnknownPlaceholderIsAnErrorNamingIt) {
  HugoPage p = Pages()[0];
  Result<std::string> url = Url(p, {{"posts", "/:year/:nonsense/"}});
  ASSERT_FALSE(url.ok());
  EXPECT_TRUE(url.status().IsInvalidArgument()) << url.status().ToString();
  EXPECT_NE(url.status().message().find(":nonsense"), std::string::npos) << url.status().ToString();
  // 0.111 has no :contentbasename (hugo: "permalink ill-formed").
  EXPECT_FALSE(Url(p, {{"posts", "/:contentbasename/"}}).ok());
}

// {{ urlize . }} as hugo 0.111.3 printed it, for the sanitizing rules.
TEST(HugoUrl, UrlizeAsHugo) {
  const std::pair<const char*, const char*> cases[] = {
      {"  ", ""},
      {"  lead trail  ", "lead-trail"},
      {"%E6%96", "%e6%96"},
      {"'quote' \"dq\" &amp; <b>", "quote-dq-amp-b"},
      {"-lead", "-lead"},
      {"50% off", "50-off"},
      {"C# 入門", "c#-%E5%85%A5%E9%96%80"},
      {"Hello, World! 生成AI: 入門 (2024)", "hello-world-%E7%94%9F%E6%88%90ai-%E5%85%A5%E9%96%80-2024"},
      {"a  b", "a-b"},
      {"a , b", "a-b"},
      {"a ,b", "a-b"},
      {"a - b", "a-b"},
      {"a!b", "ab"},
      {"a--b", "a--b"},
      {"a?b=c", "abc"},
      {"a_b.c+d~e@f", "a_b.c+d~e@f"},
      {"end-", "end-"},
      {"tab\tx", "tab-x"},
      {"x/y\\z", "x/y%5Cz"},
      {"Ünïcode", "%C3%BCn%C3%AFcode"},
      {"İstanbul ΣΑΣ", "istanbul-%CF%83%CE%B1%CF%83"},
      {"カ゛ gárç", "%E3%82%AB-g%C3%A1r%C3%A7"},
      {"スマートフォン・レビュー",
       "%E3%82%B9%E3%83%9E%E3%83%BC%E3%83%88%E3%83%95%E3%82%A9%E3%83%B3%E3%83%AC%E3%83%93%E3%83%A5%E3%83%BC"},
      {"日本語　全角スペース",
       "%E6%97%A5%E6%9C%AC%E8%AA%9E-%E5%85%A8%E8%A7%92%E3%82%B9%E3%83%9A%E3%83%BC%E3%82%B9"},
      {"ＡＢＣ ａｂｃ", "%EF%BD%81%EF%BD%82%EF%BD%83-%EF%BD%81%EF%BD%82%EF%BD%83"},
  };
  for (const auto& [in, want] : cases) {
    EXPECT_EQ(HugoEscapePath(HugoSanitizePath(in)), want) << in;
  }
}

}  // namespace
}  // namespace sagasu
