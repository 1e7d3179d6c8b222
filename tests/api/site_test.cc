// A Jekyll site indexed from its root: sagasu indexes the posts and pages
// Jekyll publishes, each with the URL Jekyll gives it (baseurl included),
// dates in the site's time zone, and leaves out what Jekyll leaves out
// (published: false, _drafts/, future posts, `exclude`, _site/). When the
// real `jekyll` is installed (scripts/setup.sh installs it), the test also
// builds the site and checks that its pages are exactly these URLs.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "sagasu/sagasu.h"
#include "test_util.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;

// Each page prints its own URL where Jekyll renders it, so that the built
// site can be compared with what sagasu stored.
void WriteJekyllSite(const testing::TempDir& tmp) {
  tmp.Write("site/_config.yml",
            "title: 旅の記録\ntimezone: Asia/Tokyo\nbaseurl: /blog\n"
            "permalink: /:categories/:year/:month/:day/:title/\nexclude: [notes, Gemfile]\n");
  const std::string body = "\nURL={{ site.baseurl }}{{ page.url }} CATS={{ page.categories | join: ',' }}\n\n旅の本文。\n";
  tmp.Write("site/_posts/2024-06-18-tsuyu-to-hokkaido.md",
            "---\ntitle: 梅雨のない北海道\ncategories: [旅行記]\ndate: 2024-06-18 09:30:00 +0900\n---" + body);
  // Quoted, so Jekyll reads it in the site's zone: 23:30 JST is still the 5th.
  tmp.Write("site/_posts/2024-01-05-新年.md", "---\ntitle: 新年の京都\ndate: \"2024-01-05 23:30:00\"\n---" + body);
  // Unquoted, Psych reads it as a Time in UTC: 08:30 on the 8th in Tokyo.
  tmp.Write("site/_posts/2024-01-07-utc.md", "---\ntitle: 協定世界時\ndate: 2024-01-07 23:30:00\n---" + body);
  tmp.Write("site/_posts/2024-03-01-slugged.md", "---\ntitle: スラッグ\nslug: My Slug\ncategories: Tech\n---" + body);
  tmp.Write("site/_posts/2024-04-01-fm.md",
            "---\ntitle: 固定リンク\npermalink: /:categories/:year/:title/\ncategories: [A, b]\n---" + body);
  // Categories from the folders above _posts/, then `categories` (a string is
  // split on spaces), then `category` (one item); tags split the same way.
  tmp.Write("site/foo/bar/_posts/2024-02-01-nested.md",
            "---\ntitle: 入れ子\ncategories: 旅 Kyoto\ncategory: 日帰り 旅\ntags: a b c\n---" + body);
  tmp.Write("site/_posts/2024-05-01-hikoukai.md", "---\ntitle: 非公開\npublished: false\n---" + body);
  // `draft` is a Hugo key: Jekyll publishes the post.
  tmp.Write("site/_posts/2024-07-01-draft-key.md", "---\ntitle: 下書きキー\ndraft: true\n---" + body);
  tmp.Write("site/_posts/2099-01-01-mirai.md", "---\ntitle: 未来の旅\n---" + body);
  tmp.Write("site/_drafts/idea.md", "---\ntitle: 下書き\n---" + body);
  tmp.Write("site/travel/_drafts/yotei.md", "---\ntitle: 旅の予定\n---" + body);
  tmp.Write("site/about.md", "---\ntitle: このブログについて\n---" + body);
  tmp.Write("site/notes/memo.md", "---\ntitle: メモ\n---" + body);
  tmp.Write("site/_site/old.md", "---\ntitle: 古い出力\n---" + body);
  tmp.Write("site/README.md", "# 旅の記録\n\nこのリポジトリの説明。旅の本文。\n");  // no front matter: a static file
}

// URL -> categories, as Jekyll shows them (page.categories joined by ',').
const std::map<std::string, std::string> kJekyllCategories = {
    {"/blog/%E6%97%85%E8%A1%8C%E8%A8%98/2024/06/18/tsuyu-to-hokkaido/", "旅行記"},
    {"/blog/2024/01/05/%E6%96%B0%E5%B9%B4/", ""},
    {"/blog/2024/01/08/utc/", ""},
    {"/blog/tech/2024/03/01/My-Slug/", "Tech"},
    {"/blog/a/b/2024/fm/", "A,b"},
    {"/blog/foo/bar/%E6%97%85/kyoto/%E6%97%A5%E5%B8%B0%E3%82%8A%20%E6%97%85/2024/02/01/nested/", "foo,bar,旅,Kyoto,日帰り 旅"},
    {"/blog/2024/07/01/draft-key/", ""},
    {"/blog/about/", ""},
};

std::set<std::string> Keys(const std::map<std::string, std::string>& m) {
  std::set<std::string> keys;
  for (const auto& [k, v] : m) keys.insert(k);
  return keys;
}

const std::set<std::string> kJekyllUrls = Keys(kJekyllCategories);

// With drafts: Jekyll dates a draft without a date by its file's
// modification time, in the site's zone (20:30 UTC is the next day in
// Tokyo), and gives it a post's URL and folder categories.
void DateDrafts(const testing::TempDir& tmp) {
  const auto mtime = std::chrono::file_clock::from_sys(std::chrono::sys_seconds(std::chrono::seconds(1709584200)));
  for (const char* draft : {"site/_drafts/idea.md", "site/travel/_drafts/yotei.md"}) {
    fs::last_write_time(tmp.path() / draft, mtime);  // 2024-03-04T20:30:00Z
  }
}

std::map<std::string, std::string> WithDrafts(std::map<std::string, std::string> pages) {
  pages["/blog/2024/03/05/idea/"] = "";
  pages["/blog/travel/2024/03/05/yotei/"] = "travel";
  return pages;
}

// The hits of every indexed page, by URL.
std::map<std::string, SearchHit> IndexedHits(const fs::path& db, IndexPathsReport* report, const fs::path& site,
                                             bool drafts = false) {
  IndexOptions o;
  o.drafts = drafts;
  o.mode = IndexOptions::Mode::kReadWrite;
  o.sync = false;
  std::unique_ptr<Index> index;
  EXPECT_TRUE(Index::Open(o, db.string(), &index).ok());
  std::vector<std::string> errors;
  IndexPathsOptions run;
  run.on_error = [&](const Status& s) { errors.push_back(s.ToString()); };
  EXPECT_TRUE(index->IndexPaths({site.string()}, run, report).ok());
  EXPECT_TRUE(errors.empty()) << errors.front();
  SearchQuery q;
  q.text = "本文";
  q.limit = 100;
  std::map<std::string, SearchHit> hits;
  Result<SearchResponse> r = index->Search(q);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (r.ok()) {
    for (const SearchHit& h : r->hits) hits[h.url] = h;
  }
  return hits;
}

std::map<std::string, std::string> IndexedUrls(const fs::path& db, IndexPathsReport* report, const fs::path& site) {
  std::map<std::string, std::string> urls;  // url -> id
  for (const auto& [url, hit] : IndexedHits(db, report, site)) urls[url] = hit.id;
  return urls;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

// What the generator printed into the pages it wrote to `out`: URL=... and,
// when the page prints it, CATS=... (URL -> categories).
std::map<std::string, std::string> PagesPrinted(const fs::path& out) {
  std::map<std::string, std::string> pages;
  const std::regex url_line("URL=([^<\\s]+)(?: CATS=([^<\\n]*))?");
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (!e.is_regular_file() || e.path().extension() != ".html") continue;
    std::ifstream in(e.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (std::sregex_iterator it(s.begin(), s.end(), url_line), end; it != end; ++it) pages[(*it)[1]] = (*it)[2];
  }
  return pages;
}

std::set<std::string> UrlsPrinted(const fs::path& out) { return Keys(PagesPrinted(out)); }

TEST(Site, JekyllSiteIsIndexedAsJekyllPublishesIt) {
  testing::TempDir tmp;
  WriteJekyllSite(tmp);
  IndexPathsReport report;
  const auto hits = IndexedHits(tmp.path() / "db", &report, tmp.path() / "site");
  std::map<std::string, std::string> got;
  for (const auto& [url, hit] : hits) got[url] = Joined(hit.categories);
  EXPECT_EQ(got, kJekyllCategories);
  EXPECT_EQ(report.unpublished, 5u) << "published: false, two in _drafts/, the future post, README.md";
  EXPECT_EQ(hits.at("/blog/a/b/2024/fm/").id, "_posts/2024-04-01-fm") << "a permalink is not the id";
  EXPECT_EQ(hits.at("/blog/2024/01/05/%E6%96%B0%E5%B9%B4/").date, 1704465000) << "quoted: 23:30 in Tokyo";
  EXPECT_EQ(hits.at("/blog/2024/01/08/utc/").date, 1704670200) << "unquoted: 2024-01-07T23:30:00Z";
  const SearchHit& nested = hits.at("/blog/foo/bar/%E6%97%85/kyoto/%E6%97%A5%E5%B8%B0%E3%82%8A%20%E6%97%85/2024/02/01/nested/");
  EXPECT_EQ(nested.id, "foo/bar/_posts/2024-02-01-nested");
  EXPECT_EQ(nested.tags, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Site, JekyllDraftsAreDatedByTheirFile) {
  testing::TempDir tmp;
  WriteJekyllSite(tmp);
  DateDrafts(tmp);
  IndexPathsReport report;
  const auto hits = IndexedHits(tmp.path() / "db", &report, tmp.path() / "site", /*drafts=*/true);
  std::map<std::string, std::string> got;
  for (const auto& [url, hit] : hits) got[url] = Joined(hit.categories);
  EXPECT_EQ(got, WithDrafts(kJekyllCategories));
  EXPECT_EQ(hits.at("/blog/2024/03/05/idea/").date, 1709584200);
  EXPECT_EQ(hits.at("/blog/2024/03/05/idea/").id, "_drafts/idea");
}

TEST(Site, JekyllFolderCategoriesAreFilters) {
  testing::TempDir tmp;
  WriteJekyllSite(tmp);
  IndexPathsReport report;
  IndexedHits(tmp.path() / "db", &report, tmp.path() / "site");
  IndexOptions o;
  std::unique_ptr<Index> index;
  ASSERT_TRUE(Index::Open(o, (tmp.path() / "db").string(), &index).ok());
  SearchQuery q;
  q.categories = {"bar"};
  Result<SearchResponse> r = index->Search(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].id, "foo/bar/_posts/2024-02-01-nested");
}

TEST(Site, TimeZoneAndBaseUrlFromTheCallerWhenTheConfigHasNone) {
  testing::TempDir tmp;
  tmp.Write("site/_config.yml", "title: 旅の記録\n");
  tmp.Write("site/_posts/2024-01-05-shinnen.md", "---\ntitle: 新年\ndate: \"2024-01-05 23:30:00\"\n---\n旅の本文。\n");
  IndexOptions o;
  o.mode = IndexOptions::Mode::kReadWrite;
  o.sync = false;
  o.time_zone = "Asia/Tokyo";
  o.base_url = "https://example.com/docs/";
  std::unique_ptr<Index> index;
  ASSERT_TRUE(Index::Open(o, (tmp.path() / "db").string(), &index).ok());
  IndexPathsReport report;
  ASSERT_TRUE(index->IndexPaths({(tmp.path() / "site").string()}, IndexPathsOptions(), &report).ok());
  SearchQuery q;
  q.text = "本文";
  Result<SearchResponse> r = index->Search(q);
  ASSERT_TRUE(r.ok() && r->hits.size() == 1u) << r.status().ToString();
  EXPECT_EQ(r->hits[0].date, 1704465000) << "2024-01-05T14:30:00Z: 23:30 in Tokyo";
  EXPECT_EQ(r->hits[0].url, "/docs/2024/01/05/shinnen.html");

  o.time_zone = "Mars/Olympus";
  ASSERT_TRUE(Index::Open(o, (tmp.path() / "db2").string(), &index).ok());
  const Status bad = index->IndexPaths({(tmp.path() / "site").string()}, IndexPathsOptions(), &report);
  EXPECT_TRUE(bad.IsInvalidArgument()) << bad.ToString();
  EXPECT_NE(bad.message().find("Mars/Olympus"), std::string::npos) << bad.ToString();
}

TEST(Site, PostsFolderGivenDirectlyKeepsTheSiteIdsAndUrls) {
  testing::TempDir tmp;
  WriteJekyllSite(tmp);
  IndexPathsReport from_posts;
  const auto urls = IndexedUrls(tmp.path() / "db", &from_posts, tmp.path() / "site" / "_posts");
  EXPECT_EQ(urls.at("/blog/%E6%97%85%E8%A1%8C%E8%A8%98/2024/06/18/tsuyu-to-hokkaido/"),
            "_posts/2024-06-18-tsuyu-to-hokkaido");
  EXPECT_EQ(from_posts.added, 6u);  // _posts/ less published: false and the future post
  // The whole site into the same index afterwards: the same ids, so no post twice.
  IndexPathsReport from_root;
  const auto all = IndexedUrls(tmp.path() / "db", &from_root, tmp.path() / "site");
  std::set<std::string> got;
  for (const auto& [url, id] : all) got.insert(url);
  EXPECT_EQ(got, kJekyllUrls);
  EXPECT_EQ(from_root.added, 2u) << "only about.md and foo/bar/_posts/ are new";
}

TEST(Site, TwoPostsAtOneUrlAreReportedByName) {
  testing::TempDir tmp;
  tmp.Write("site/_config.yml", "permalink: /:categories/:title/\n");
  tmp.Write("site/_posts/2024-01-01-kyoto.md", "---\ntitle: 京都 一\ncategories: 旅\n---\n旅の本文。\n");
  tmp.Write("site/_posts/2024-02-01-kyoto.md", "---\ntitle: 京都 二\ncategories: 旅\n---\n旅の本文。\n");
  IndexPathsReport report;
  IndexOptions o;
  o.mode = IndexOptions::Mode::kReadWrite;
  o.sync = false;
  std::unique_ptr<Index> index;
  ASSERT_TRUE(Index::Open(o, (tmp.path() / "db").string(), &index).ok());
  std::vector<std::string> errors;
  IndexPathsOptions run;
  run.on_error = [&](const Status& s) { errors.push_back(s.message()); };
  ASSERT_TRUE(index->IndexPaths({(tmp.path() / "site").string()}, run, &report).ok());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("2024-01-01-kyoto.md"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("2024-02-01-kyoto.md"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("/%E6%97%85/kyoto/"), std::string::npos) << errors[0];
  EXPECT_EQ(report.added, 2u) << "both stay searchable";
}

TEST(Site, JekyllItselfWritesTheSamePages) {
  if (std::system("command -v jekyll >/dev/null 2>&1") != 0) GTEST_SKIP() << "jekyll is not installed";
  testing::TempDir tmp;
  WriteJekyllSite(tmp);
  const fs::path site = tmp.path() / "site";
  const std::string cmd = "cd '" + site.string() + "' && jekyll build -q >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  EXPECT_EQ(PagesPrinted(site / "_site"), kJekyllCategories);

  DateDrafts(tmp);
  const std::string drafts = "cd '" + site.string() + "' && jekyll build -q --drafts >/dev/null 2>&1";
  ASSERT_EQ(std::system(drafts.c_str()), 0) << drafts;
  EXPECT_EQ(PagesPrinted(site / "_site"), WithDrafts(kJekyllCategories));
}

// Jekyll collections: declared with output and permalinks, under a
// collections_dir (where _posts/ must be too); what Jekyll does not write.
void WriteJekyllCollections(const testing::TempDir& tmp) {
  tmp.Write("coll/_config.yml",
            "permalink: pretty\ncollections_dir: content\ncollections:\n"
            "  posts:\n    permalink: /blog/:categories/:title/\n"
            "  recipes:\n    output: true\n"
            "  docs:\n    output: true\n    permalink: /manual/:path/\n"
            "  notes:\n    output: false\n  tips: {}\n");
  const std::string body = "\nURL={{ site.baseurl }}{{ page.url }} CATS={{ page.categories | join: ',' }}\n\n旅の本文。\n";
  const std::string fm = "---\ntitle: 記事\n";
  tmp.Write("coll/content/_posts/2024-01-02-inside.md", fm + "categories: 旅\n---" + body);
  tmp.Write("coll/content/travel/_posts/2024-01-03-nested.md", fm + "---" + body);
  tmp.Write("coll/content/_recipes/curry.md", fm + "---" + body);
  tmp.Write("coll/content/_recipes/sub/Ramen Noodle.md", fm + "---" + body);
  tmp.Write("coll/content/_recipes/2024-05-01-dated.md", fm + "categories: [a]\n---" + body);
  tmp.Write("coll/content/_docs/intro.md", fm + "---" + body);
  tmp.Write("coll/content/_docs/index.md", fm + "---" + body);
  tmp.Write("coll/content/_docs/own.md", fm + "permalink: /own/\n---" + body);
  tmp.Write("coll/content/page.md", fm + "---" + body);
  // Not written by Jekyll:
  tmp.Write("coll/_posts/2024-01-01-outside.md", fm + "---" + body);         // outside collections_dir
  tmp.Write("coll/content/_recipes/future.md", fm + "date: 2099-01-01\n---" + body);  // the site's future: false
  tmp.Write("coll/content/_recipes/unpub.md", fm + "published: false\n---" + body);
  tmp.Write("coll/content/_recipes/nofm.md", "旅の本文。" + body);             // a static file
  tmp.Write("coll/content/_recipes/_drafts/x.md", fm + "---" + body);        // '_' in a collection
  tmp.Write("coll/content/_recipes/sub/_x.md", fm + "---" + body);
  tmp.Write("coll/content/_notes/n.md", fm + "---" + body);                  // output: false
  tmp.Write("coll/content/_tips/t.md", fm + "---" + body);                   // no output
  tmp.Write("coll/content/_undeclared/u.md", fm + "---" + body);             // not a collection
  tmp.Write("coll/_recipes/out.md", fm + "---" + body);                      // outside collections_dir
  tmp.Write("coll/_includes/snippet.md", fm + "---" + body);
}

const std::map<std::string, std::string> kJekyllCollectionCategories = {
    {"/blog/%E6%97%85/inside/", "旅"},
    {"/blog/travel/nested/", "travel"},
    {"/recipes/curry/", ""},
    {"/recipes/sub/Ramen%20Noodle/", ""},
    {"/recipes/2024-05-01-dated/", "a"},
    {"/manual/intro/", ""},
    {"/manual/index/", ""},
    {"/own/", ""},
    {"/content/page/", ""},
};

TEST(Site, JekyllCollectionsAreIndexedAsJekyllWritesThem) {
  testing::TempDir tmp;
  WriteJekyllCollections(tmp);
  IndexPathsReport report;
  const auto hits = IndexedHits(tmp.path() / "db", &report, tmp.path() / "coll");
  std::map<std::string, std::string> got;
  for (const auto& [url, hit] : hits) got[url] = Joined(hit.categories);
  EXPECT_EQ(got, kJekyllCollectionCategories);
  EXPECT_EQ(report.unpublished, 11u);
  EXPECT_EQ(hits.at("/recipes/sub/Ramen%20Noodle/").id, "content/_recipes/sub/Ramen Noodle");
}

TEST(Site, JekyllItselfWritesTheSameCollectionPages) {
  if (std::system("command -v jekyll >/dev/null 2>&1") != 0) GTEST_SKIP() << "jekyll is not installed";
  testing::TempDir tmp;
  WriteJekyllCollections(tmp);
  const fs::path site = tmp.path() / "coll";
  const std::string cmd = "jekyll build -q -s '" + site.string() + "' -d '" + (site / "_site").string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  EXPECT_EQ(PagesPrinted(site / "_site"), kJekyllCollectionCategories);
}

// A Hugo site: TOML, YAML and JSON front matter, a draft, a future and an
// expired post, a section page, a bundle, [permalinks] and a baseURL path.
void WriteHugoSite(const testing::TempDir& tmp) {
  tmp.Write("hugo/hugo.toml",
            "baseURL = 'https://example.com/blog/'\ntitle = '旅の記録'\ntimeZone = 'Asia/Tokyo'\n"
            "disableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'home', 'section', '404']\n"
            "[permalinks]\nposts = '/:year/:month/:slug/'\n");
  tmp.Write("hugo/layouts/_default/single.html", "URL={{ .RelPermalink }}\n");
  tmp.Write("hugo/layouts/_default/list.html", "URL={{ .RelPermalink }}\n");
  tmp.Write("hugo/content/posts/tsuyu.md",
            "+++\ntitle = '梅雨のない北海道'\ndate = 2024-06-18T09:30:00+09:00\nslug = 'tsuyu-to-hokkaido'\n+++\n旅の本文。\n");
  tmp.Write("hugo/content/posts/shinnen.md", "---\ntitle: 新年の京都\ndate: 2024-01-05T23:30:00Z\n---\n旅の本文。\n");
  tmp.Write("hugo/content/posts/json.md", "{\n\"title\": \"JSON の 記事\",\n\"date\": \"2024-03-01\"\n}\n旅の本文。\n");
  tmp.Write("hugo/content/posts/draft.md", "---\ntitle: 下書き\ndate: 2024-02-01\ndraft: true\n---\n旅の本文。\n");
  // Hugo reads published: false as draft: true.
  tmp.Write("hugo/content/posts/hikoukai.md", "---\ntitle: 非公開\ndate: 2024-02-02\npublished: false\n---\n旅の本文。\n");
  tmp.Write("hugo/content/posts/mirai.md", "---\ntitle: 未来\ndate: 2099-01-01\n---\n旅の本文。\n");
  tmp.Write("hugo/content/posts/sale.md",
            "---\ntitle: 終わったセール\ndate: 2024-01-01\nexpiryDate: 2024-02-01\n---\n旅の本文。\n");
  tmp.Write("hugo/content/posts/_index.md", "---\ntitle: 記事一覧\n---\n旅の本文。\n");
  tmp.Write("hugo/content/posts/bundle/index.md", "---\ntitle: バンドル\ndate: 2024-04-01\n---\n旅の本文。\n");
  // Page resources of the leaf bundle, in it and below it: no pages.
  tmp.Write("hugo/content/posts/bundle/notes.md", "---\ntitle: 資料\ndate: 2024-04-01\n---\n旅の本文。\n");
  tmp.Write("hugo/content/posts/bundle/more/index.md", "---\ntitle: 資料二\ndate: 2024-04-01\n---\n旅の本文。\n");
  tmp.Write("hugo/content/about.md", "---\ntitle: このサイトについて\n---\n旅の本文。\n");
}

const std::set<std::string> kHugoUrls = {
    "/blog/2024/06/tsuyu-to-hokkaido/", "/blog/2024/01/%E6%96%B0%E5%B9%B4%E3%81%AE%E4%BA%AC%E9%83%BD/",
    "/blog/2024/03/json-%E3%81%AE-%E8%A8%98%E4%BA%8B/", "/blog/2024/04/%E3%83%90%E3%83%B3%E3%83%89%E3%83%AB/",
    "/blog/about/",
};

TEST(Site, HugoSiteIsIndexedAsHugoPublishesIt) {
  testing::TempDir tmp;
  WriteHugoSite(tmp);
  IndexPathsReport report;
  const auto urls = IndexedUrls(tmp.path() / "db", &report, tmp.path() / "hugo");
  std::set<std::string> got;
  for (const auto& [url, id] : urls) got.insert(url);
  EXPECT_EQ(got, kHugoUrls);
  EXPECT_EQ(report.unpublished, 7u) << "draft, published: false, future, expired, _index.md, two page resources";
  EXPECT_EQ(urls.at("/blog/about/"), "about") << "ids are paths from contentDir";
  EXPECT_EQ(urls.at("/blog/2024/04/%E3%83%90%E3%83%B3%E3%83%89%E3%83%AB/"), "posts/bundle") << "a leaf bundle: its folder";
}

TEST(Site, HugoItselfWritesTheSamePages) {
  if (std::system("command -v hugo >/dev/null 2>&1") != 0) GTEST_SKIP() << "hugo is not installed";
  testing::TempDir tmp;
  WriteHugoSite(tmp);
  const fs::path site = tmp.path() / "hugo";
  const std::string cmd = "cd '" + site.string() + "' && hugo --quiet >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  EXPECT_EQ(UrlsPrinted(site / "public"), kHugoUrls);
}

// A multilingual Hugo site: ja the default language, en with its own
// contentDir as well as translations by file name, fr disabled; leaf
// bundles in both languages; disablePathToLower.
void WriteHugoLanguages(const testing::TempDir& tmp) {
  tmp.Write("multi/hugo.toml",
            "baseURL = 'https://example.com/docs/'\ndefaultContentLanguage = 'ja'\ndisablePathToLower = true\n"
            "disableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'home', 'section', '404']\n"
            "[permalinks]\nposts = '/:year/:slug/'\n"
            "[languages.ja]\nweight = 1\n[languages.en]\nweight = 2\ncontentDir = 'content_en'\n"
            "[languages.fr]\nweight = 3\ndisabled = true\n");
  tmp.Write("multi/layouts/_default/single.html", "URL={{ .RelPermalink }}\n");
  tmp.Write("multi/layouts/_default/list.html", "URL={{ .RelPermalink }}\n");
  const std::string body = "---\n旅の本文。\n";
  tmp.Write("multi/content/posts/Tsuyu.md", "---\ntitle: 梅雨\ndate: 2024-06-18\n" + body);
  tmp.Write("multi/content/posts/Tsuyu.en.md", "---\ntitle: Rainy Season\ndate: 2024-06-18\n" + body);
  tmp.Write("multi/content/posts/furansu.fr.md", "---\ntitle: Saison des pluies\ndate: 2024-06-18\n" + body);
  tmp.Write("multi/content/posts/_index.en.md", "---\ntitle: Posts\n" + body);
  tmp.Write("multi/content/posts/bundle/index.md", "---\ntitle: 束\ndate: 2024-04-01\n" + body);
  tmp.Write("multi/content/posts/bundle/index.en.md", "---\ntitle: Bundle\ndate: 2024-04-01\n" + body);
  tmp.Write("multi/content/posts/bundle/photo.md", "---\ntitle: 写真\n" + body);
  tmp.Write("multi/content/Notes/memo.de.md", "---\ntitle: メモ\n" + body);  // de is no language here
  tmp.Write("multi/content/Guide/Start.md", "---\ntitle: 入門\n" + body);
  tmp.Write("multi/content_en/About_Us.md", "---\ntitle: About\n" + body);
  tmp.Write("multi/content_en/Guide/Start.md", "---\ntitle: Start\n" + body);
}

// URL -> id.
const std::map<std::string, std::string> kHugoLanguageIds = {
    {"/docs/2024/%E6%A2%85%E9%9B%A8/", "posts/Tsuyu"},
    {"/docs/en/2024/Rainy-Season/", "posts/Tsuyu.en"},
    {"/docs/2024/%E6%9D%9F/", "posts/bundle"},
    {"/docs/en/2024/Bundle/", "posts/bundle.en"},
    {"/docs/Notes/memo.de/", "Notes/memo.de"},
    {"/docs/Guide/Start/", "Guide/Start"},
    {"/docs/en/About_Us/", "About_Us.en"},
    {"/docs/en/Guide/Start/", "Guide/Start.en"},
};

TEST(Site, HugoLanguagesAreIndexedAsHugoPublishesThem) {
  testing::TempDir tmp;
  WriteHugoLanguages(tmp);
  IndexPathsReport report;
  EXPECT_EQ(IndexedUrls(tmp.path() / "db", &report, tmp.path() / "multi"), kHugoLanguageIds);
  EXPECT_EQ(report.unpublished, 3u) << "the disabled language, _index.en.md, the page resource";
  // A language's own contentDir given directly: the same ids.
  IndexPathsReport again;
  const auto en = IndexedUrls(tmp.path() / "db", &again, tmp.path() / "multi" / "content_en" / "Guide");
  EXPECT_EQ(en.at("/docs/en/Guide/Start/"), "Guide/Start.en");
  EXPECT_EQ(again.added, 0u) << "the same document, not a second one";
}

TEST(Site, HugoItselfWritesTheSameLanguagePages) {
  if (std::system("command -v hugo >/dev/null 2>&1") != 0) GTEST_SKIP() << "hugo is not installed";
  testing::TempDir tmp;
  WriteHugoLanguages(tmp);
  const fs::path site = tmp.path() / "multi";
  const std::string cmd = "cd '" + site.string() + "' && hugo --quiet >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  EXPECT_EQ(UrlsPrinted(site / "public"), Keys(kHugoLanguageIds));
}

}  // namespace
}  // namespace sagasu
