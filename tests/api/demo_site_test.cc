// The bundled demo archive (examples/demo) is a Jekyll site, and
// `scripts/demo.sh` indexes its root. sagasu takes the ten published posts,
// each with the URL Jekyll writes it at (baseurl /blog, permalink
// /:categories/:year/:month/:day/:title/, dates in Asia/Tokyo), and leaves
// out the draft in _drafts/ and the `published: false` post, counting both
// as unpublished. When the real `jekyll` is installed, the test builds the
// site and checks that its pages are exactly these URLs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sagasu/sagasu.h"
#include "test_util.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;

fs::path DemoSite() { return fs::path(SAGASU_SOURCE_DIR) / "examples" / "demo"; }

// The URLs of the ten posts, as `jekyll build` writes them (categories are
// percent-encoded: 旅行記 is %E6%97%85%E8%A1%8C%E8%A8%98).
const std::map<std::string, std::string> kDemoUrls = {
    {"_posts/2024-06-18-tsuyu-to-hokkaido", "/blog/%E6%97%85%E8%A1%8C%E8%A8%98/2024/06/18/tsuyu-to-hokkaido/"},
    {"_posts/2024-07-02-seisei-ai-to-ekishin-reikyaku",
     "/blog/%E3%83%86%E3%82%AF%E3%83%8E%E3%83%AD%E3%82%B8%E3%83%BC/2024/07/02/seisei-ai-to-ekishin-reikyaku/"},
    {"_posts/2024-08-10-sapporo-ramen-meguri", "/blog/%E3%82%B0%E3%83%AB%E3%83%A1/2024/08/10/sapporo-ramen-meguri/"},
    {"_posts/2024-09-14-tozan-soubi", "/blog/%E3%82%A2%E3%82%A6%E3%83%88%E3%83%89%E3%82%A2/2024/09/14/tozan-soubi/"},
    {"_posts/2024-11-23-kyoto-no-kouyou", "/blog/%E6%97%85%E8%A1%8C%E8%A8%98/2024/11/23/kyoto-no-kouyou/"},
    {"_posts/2025-01-20-rust-to-cpp-no-hikaku",
     "/blog/%E3%83%97%E3%83%AD%E3%82%B0%E3%83%A9%E3%83%9F%E3%83%B3%E3%82%B0/2025/01/20/rust-to-cpp-no-hikaku/"},
    // `date: 2025-02-08`: midnight in Tokyo, so still the 8th.
    {"_posts/2025-02-08-kakeibo-app", "/blog/%E3%81%8F%E3%82%89%E3%81%97/2025/02/08/kakeibo-app/"},
    {"_posts/2025-03-15-server-kanshi", "/blog/%E9%81%8B%E7%94%A8/2025/03/15/server-kanshi/"},
    {"_posts/2025-04-05-seisei-ai-de-kondate", "/blog/%E3%81%8F%E3%82%89%E3%81%97/2025/04/05/seisei-ai-de-kondate/"},
    {"_posts/2025-05-12-hokkaido-no-datacenter",
     "/blog/%E3%83%86%E3%82%AF%E3%83%8E%E3%83%AD%E3%82%B8%E3%83%BC/2025/05/12/hokkaido-no-datacenter/"},
};

constexpr const char* kDraft = "_drafts/hakodate-no-asaichi";
constexpr const char* kUnpublished = "_posts/2025-06-07-seisei-ai-de-tabi-no-shiori";

class DemoSiteTest : public ::testing::Test {
 protected:
  // Indexes the site root into a fresh index; fails the test on any error.
  // `drafts` includes the draft and the published: false post
  // (jekyll build --drafts --unpublished).
  void IndexDemo(bool drafts) {
    IndexOptions o;
    o.mode = IndexOptions::Mode::kReadWrite;
    o.sync = false;
    o.drafts = o.unpublished = drafts;
    ASSERT_TRUE(Index::Open(o, (tmp_.path() / "db").string(), &index_).ok());
    std::vector<std::string> errors;
    IndexPathsOptions run;
    run.on_error = [&](const Status& s) { errors.push_back(s.ToString()); };
    const Status s = index_->IndexPaths({DemoSite().string()}, run, &report_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_TRUE(errors.empty()) << errors.front();
  }

  // id -> url of the hits of `query` (every document when `text` is empty).
  std::map<std::string, std::string> Urls(const std::string& text) {
    SearchQuery q;
    q.text = text;
    if (text.empty()) q.since = 0;  // a filter every dated post passes
    q.limit = 100;
    std::map<std::string, std::string> urls;
    Result<SearchResponse> r = index_->Search(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok()) {
      for (const SearchHit& h : r->hits) urls[h.id] = h.url;
    }
    return urls;
  }

  testing::TempDir tmp_;
  std::unique_ptr<Index> index_;
  IndexPathsReport report_;
};

TEST_F(DemoSiteTest, PublishedPostsAreIndexedWithTheirJekyllUrls) {
  IndexDemo(/*drafts=*/false);
  EXPECT_EQ(report_.added, 10u);
  EXPECT_EQ(report_.unpublished, 2u) << "the draft and the published: false post";
  EXPECT_EQ(report_.failed, 0u);
  const auto urls = Urls("");
  for (const auto& [id, url] : urls) {
    SCOPED_TRACE(id);
    EXPECT_FALSE(url.empty());
    EXPECT_TRUE(url.starts_with("/blog/")) << url << ": not under the site's baseurl";
  }
  EXPECT_EQ(urls, kDemoUrls);
  EXPECT_EQ(urls.count(kDraft), 0u);
  EXPECT_EQ(urls.count(kUnpublished), 0u);
  // Their words are nowhere in the index.
  EXPECT_TRUE(Urls("函館 朝市").empty());
  EXPECT_TRUE(Urls("しおり").empty());
  // A search hit carries the URL too, not only a listing.
  const auto hokkaido = Urls("梅雨 北海道");
  ASSERT_TRUE(hokkaido.count("_posts/2024-06-18-tsuyu-to-hokkaido")) << hokkaido.size();
  EXPECT_EQ(hokkaido.at("_posts/2024-06-18-tsuyu-to-hokkaido"),
            "/blog/%E6%97%85%E8%A1%8C%E8%A8%98/2024/06/18/tsuyu-to-hokkaido/");
}

TEST_F(DemoSiteTest, DraftsAndUnpublishedFlagsIndexTheTwoUnpublishedPosts) {
  IndexDemo(/*drafts=*/true);
  EXPECT_EQ(report_.added, 12u);
  EXPECT_EQ(report_.unpublished, 0u);
  EXPECT_EQ(Urls("函館 朝市").count(kDraft), 1u);
  const auto shiori = Urls("しおり");
  ASSERT_EQ(shiori.count(kUnpublished), 1u);
  EXPECT_EQ(shiori.at(kUnpublished),
            "/blog/%E3%83%86%E3%82%AF%E3%83%8E%E3%83%AD%E3%82%B8%E3%83%BC/2025/06/07/seisei-ai-de-tabi-no-shiori/");
}

// The canonical link each page's layout prints (`page.url | relative_url`).
std::set<std::string> CanonicalUrls(const fs::path& out) {
  std::set<std::string> urls;
  const std::regex canonical("<link rel=\"canonical\" href=\"([^\"]+)\">");
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (!e.is_regular_file() || e.path().extension() != ".html") continue;
    std::ifstream in(e.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (std::sregex_iterator it(s.begin(), s.end(), canonical), end; it != end; ++it) urls.insert((*it)[1]);
  }
  return urls;
}

TEST(DemoSite, JekyllItselfWritesThePostsAtTheseUrls) {
  if (std::system("command -v jekyll >/dev/null 2>&1") != 0) GTEST_SKIP() << "jekyll is not installed";
  testing::TempDir tmp;
  const fs::path out = tmp.path() / "_site";
  // No .jekyll-cache in the source tree: tests may run side by side.
  const std::string cmd = "jekyll build -q --disable-disk-cache -s '" + DemoSite().string() + "' -d '" +
                          out.string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::set<std::string> want = {"/blog/"};  // index.html, the home page: not Markdown, so not indexed
  for (const auto& [id, url] : kDemoUrls) want.insert(url);
  EXPECT_EQ(CanonicalUrls(out), want);
}

}  // namespace
}  // namespace sagasu
