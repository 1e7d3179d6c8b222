// Publication rules (indexer/sources/publication.h): each way a generator
// leaves a post unpublished, and the options that include it again.
#include "indexer/sources/publication.h"

#include <gtest/gtest.h>

#include "indexer/sources/source.h"

namespace sagasu {
namespace {

constexpr std::int64_t kNow = 1733200000;  // 2024-12-03T04:26:40Z

struct Case {
  const char* what;
  const char* post;  // a whole file
  const char* path;  // relative to the archive root, without extension
  const char* why;   // "" when published; else part of the reason
  PublishOptions options = {};
};

std::string Reason(const Case& c) {
  PostMeta meta;
  Result<Article> a = ParsePost(c.post, c.path, c.path, &meta);
  EXPECT_TRUE(a.ok()) << c.what << ": " << a.status().ToString();
  if (!a.ok()) return "(parse error)";
  PublishOptions o = c.options;
  o.now = kNow;
  std::string why;
  const Status s = CheckPublished(*a, meta, c.path, o, &why);
  EXPECT_TRUE(s.ok()) << c.what << ": " << s.ToString();
  return why;
}

TEST(Publication, WhatTheGeneratorsLeaveOut) {
  PublishOptions drafts, unpublished, future, expired;
  drafts.drafts = true;
  unpublished.unpublished = true;
  future.future = true;
  expired.expired = true;
  const Case cases[] = {
      {"a plain post", "---\ntitle: 梅雨の北海道\ndate: 2024-06-18\n---\n本文\n", "_posts/2024-06-18-tsuyu", ""},
      {"no front matter", "# 見出し\n本文\n", "notes/memo", ""},
      {"Jekyll published: false", "---\ntitle: 非公開\npublished: false\n---\n本文\n", "_posts/2024-01-01-a",
       "published: false"},
      {"YAML 1.1 no", "---\ntitle: 非公開\npublished: no\n---\n本文\n", "_posts/2024-01-01-a", "published: false"},
      {"quoted \"no\" is a string", "---\ntitle: 公開\npublished: \"no\"\n---\n本文\n", "_posts/2024-01-01-a", ""},
      {"Hugo draft", "+++\ntitle = \"下書き\"\ndraft = true\n+++\n本文\n", "posts/shitagaki", "draft: true"},
      {"draft: false", "---\ntitle: 公開\ndraft: false\n---\n本文\n", "posts/kokai", ""},
      {"in _drafts/", "---\ntitle: 下書き\n---\n本文\n", "_drafts/idea", "_drafts"},
      {"nested _drafts/", "---\ntitle: 下書き\n---\n本文\n", "blog/_drafts/idea", "_drafts"},
      {"a folder merely named like it", "---\ntitle: 公開\n---\n本文\n", "my_drafts_notes/a", ""},
      {"drafts included", "---\ntitle: 下書き\ndraft: true\n---\n本文\n", "posts/a", "", drafts},
      {"_drafts included", "---\ntitle: 下書き\n---\n本文\n", "_drafts/idea", "", drafts},
      {"published: false is not a draft", "---\ntitle: 非公開\npublished: false\n---\n本文\n", "_posts/2024-01-01-a",
       "published: false", drafts},
      {"unpublished included", "---\ntitle: 非公開\npublished: false\n---\n本文\n", "_posts/2024-01-01-a", "",
       unpublished},
      {"future date", "---\ntitle: 予約投稿\ndate: 2030-01-01\n---\n本文\n", "_posts/2030-01-01-yoyaku",
       "dated in the future (2030-01-01T00:00:00Z)"},
      {"future included", "---\ntitle: 予約投稿\ndate: 2030-01-01\n---\n本文\n", "_posts/2030-01-01-yoyaku", "", future},
      {"future from the file name", "---\ntitle: 予約\n---\n本文\n", "_posts/2031-05-05-yoyaku", "dated in the future"},
      {"Hugo publishDate", "---\ntitle: 予約\ndate: 2024-01-01\npublishDate: 2030-06-01\n---\n本文\n", "posts/a",
       "publishDate in the future (2030-06-01"},
      {"Hugo expiryDate", "---\ntitle: 終了したセール\ndate: 2024-01-01\nexpiryDate: 2024-06-30\n---\n本文\n",
       "posts/sale", "expired (expiryDate 2024-06-30"},
      {"expiry later", "---\ntitle: セール\nexpiryDate: 2030-06-30\n---\n本文\n", "posts/sale", ""},
      {"expired included", "---\ntitle: 終了\nexpiryDate: 2024-06-30\n---\n本文\n", "posts/sale", "", expired},
      {"Hugo section page", "---\ntitle: 旅行記の一覧\n---\n", "travel/_index", "section page"},
      {"Hugo section page of a translation", "---\ntitle: Travel\n---\n", "travel/_index.en", "section page"},
      {"a page merely named like one", "---\ntitle: 一覧\n---\n", "travel/my_index", ""},
      {"Hugo headless bundle", "---\ntitle: 画像置き場\nheadless: true\n---\n", "headless/index", "headless"},
  };
  for (const Case& c : cases) {
    const std::string why = Reason(c);
    if (std::string(c.why).empty()) {
      EXPECT_EQ(why, "") << c.what;
    } else {
      EXPECT_NE(why.find(c.why), std::string::npos) << c.what << ": '" << why << "'";
    }
  }
}

// In a site, only the generator's own rules apply: `draft` means nothing to
// Jekyll, _drafts/ nothing to Hugo, and Hugo reads published: false as a
// draft (checked against both generators in tests/api/site_test.cc).
TEST(Publication, EachGeneratorHasItsOwnDraftRules) {
  using Rules = PublishOptions::Rules;
  PublishOptions jekyll, hugo, hugo_drafts, jekyll_unpublished;
  jekyll.rules = jekyll_unpublished.rules = Rules::kJekyll;
  hugo.rules = hugo_drafts.rules = Rules::kHugo;
  hugo_drafts.drafts = true;
  jekyll_unpublished.unpublished = true;
  const char* draft = "---\ntitle: 下書き\ndraft: true\n---\n本文\n";
  const char* unpub = "---\ntitle: 非公開\npublished: false\n---\n本文\n";
  const char* plain = "---\ntitle: 下書き\n---\n本文\n";
  const Case cases[] = {
      {"Jekyll ignores draft: true", draft, "_posts/2024-01-01-a", "", jekyll},
      {"Jekyll published: false", unpub, "_posts/2024-01-01-a", "published: false", jekyll},
      {"Jekyll --unpublished", unpub, "_posts/2024-01-01-a", "", jekyll_unpublished},
      {"Jekyll _drafts/", plain, "_drafts/idea", "_drafts", jekyll},
      {"Hugo draft: true", draft, "posts/a", "draft: true", hugo},
      {"Hugo published: false is a draft", unpub, "posts/a", "published: false", hugo},
      {"Hugo --buildDrafts includes it", unpub, "posts/a", "", hugo_drafts},
      {"Hugo has no _drafts/ rule", plain, "_drafts/idea", "", hugo},
  };
  for (const Case& c : cases) {
    const std::string why = Reason(c);
    if (std::string(c.why).empty()) {
      EXPECT_EQ(why, "") << c.what;
    } else {
      EXPECT_NE(why.find(c.why), std::string::npos) << c.what << ": '" << why << "'";
    }
  }
}

TEST(Publication, ADateThatDoesNotParseIsAnError) {
  PostMeta meta;
  Result<Article> a = ParsePost("---\ntitle: x\nexpiryDate: いつか\n---\n本文\n", "a", "a.md", &meta);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  std::string why;
  const Status s = CheckPublished(*a, meta, "a", PublishOptions{.now = kNow}, &why);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("expiryDate"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace sagasu
