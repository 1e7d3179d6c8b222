// examples/demo/_posts parses without errors and has what the demo promises.
// (The site as a whole, with its URLs and unpublished posts, is
// tests/api/demo_site_test.cc.)
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "indexer/sources/source.h"

namespace sagasu {
namespace {

namespace fs = std::filesystem;

std::vector<Article> ReadDemo() {
  const fs::path posts = fs::path(SAGASU_SOURCE_DIR) / "examples" / "demo" / "_posts";
  std::unique_ptr<InputReader> reader;
  Status s = InputReader::Open({posts.string()}, SourceOptions(), &reader);
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::vector<Article> docs;
  if (!s.ok()) return docs;
  RawInput input;
  Status error;
  while (reader->Next(&input, &error)) {
    EXPECT_TRUE(error.ok()) << error.ToString();
    if (!error.ok()) continue;
    Result<Article> doc = ParseRawInput(input);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    if (doc.ok()) docs.push_back(std::move(doc).value());
  }
  return docs;
}

TEST(DemoArchive, EveryPostParsesWithFullFrontMatter) {
  const std::vector<Article> docs = ReadDemo();
  ASSERT_GE(docs.size(), 8u);
  ASSERT_LE(docs.size(), 12u);
  for (const Article& d : docs) {
    SCOPED_TRACE(d.id);
    // "_posts/2024-06-18-slug": examples/demo is a Jekyll site, so ids are
    // paths from its root even when _posts/ is read on its own.
    ASSERT_EQ(d.id.rfind("_posts/20", 0), 0u);
    const std::string name = d.id.substr(d.id.find('/') + 1);  // "2024-06-18-slug"
    EXPECT_FALSE(d.title.empty());
    EXPECT_TRUE(d.date.has_value());
    EXPECT_FALSE(d.tags.empty());
    EXPECT_FALSE(d.categories.empty());
    EXPECT_FALSE(d.author.empty());
    EXPECT_FALSE(d.excerpt.empty());
    EXPECT_GT(d.body.size(), 300u);
    // Markup, Liquid and HTML are gone from the text.
    for (const char* markup : {"**", "](", "{%", "{{", "<div", "<td", "|---", "## "}) {
      EXPECT_EQ(d.body.find(markup), std::string::npos) << markup;
    }
    // The date in the front matter and in the file name agree (within a day
    // either way, for the time zones).
    const std::optional<std::int64_t> from_name = ParseDate(name.substr(0, 10));
    ASSERT_TRUE(from_name.has_value());
    ASSERT_TRUE(d.date.has_value());
    EXPECT_LT(std::abs(*d.date - *from_name), 86400) << FormatDate(*d.date) << " vs " << d.id;
  }
}

TEST(DemoArchive, TagsOverlapForFacets) {
  std::map<std::string, int> counts;
  for (const Article& d : ReadDemo()) {
    for (const auto& t : d.tags) ++counts[t];
  }
  for (const char* tag : {"旅行", "AI", "技術", "食べ物", "北海道"}) {
    EXPECT_GE(counts[tag], 2) << tag;
  }
}

TEST(DemoArchive, ShowsNormalizationVariants) {
  bool variants = false;
  for (const Article& d : ReadDemo()) {
    if (d.body.find("ｻｰﾊﾞｰ") != std::string::npos && d.body.find("サーバ－") != std::string::npos) variants = true;
  }
  EXPECT_TRUE(variants);
}

}  // namespace
}  // namespace sagasu
