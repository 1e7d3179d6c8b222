// ParsePost on a real post (the seed) and on every kind of bad input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "indexer/sources/source.h"
#include "test_util.h"

namespace sagasu {
namespace {

TEST(Post, SeedPost) {
  const auto shared = testing::SharedDir();
  if (!shared) GTEST_SKIP() << "no shared dir (../shared or $SAGASU_SHARED_DIR); seed post not available";
  const auto path = *shared / "seeds" / "000_3ecff27fb0eaccb7.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "seed post missing: " << path;
  const std::string bytes = testing::ReadFileOrDie(path);

  Result<Article> doc = ParsePost(bytes, "000_3ecff27fb0eaccb7", path.string());
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->id, "000_3ecff27fb0eaccb7");
  EXPECT_EQ(doc->title, "OpenAIの960億ドル負債調達、その「真意」とAI投資の新しい波とは？");
  ASSERT_TRUE(doc->date.has_value());
  EXPECT_EQ(FormatDate(*doc->date), "2025-11-30T16:39:09Z");
  EXPECT_EQ(doc->tags, (std::vector<std::string>{"OpenAI", "Google", "Microsoft", "Meta", "NVIDIA", "Amazon"}));
  EXPECT_EQ(doc->categories, (std::vector<std::string>{"業界別AI活用"}));
  EXPECT_EQ(doc->author, "ALLFORCES編集部");
  EXPECT_EQ(doc->excerpt, doc->title);
  EXPECT_EQ(doc->url, "");

  // Plain text: markup gone, text kept (bold, list items, headings).
  EXPECT_EQ(doc->body.find("**"), std::string::npos);
  EXPECT_EQ(doc->body.find("---"), std::string::npos);
  EXPECT_EQ(doc->body.find("reading_time"), std::string::npos);
  EXPECT_NE(doc->body.find("主にOpenAIのパートナー企業やサプライヤーが、"), std::string::npos);
  EXPECT_NE(doc->body.find("\n電力供給と冷却技術への投資: AIデータセンターは"), std::string::npos);
  EXPECT_NE(doc->body.find("\nAIインフラ投資の多層性と、その奥深さ\n"), std::string::npos);
  // The cut-off paragraph ("専用AIチップ、高速") survives as it is.
  EXPECT_NE(doc->body.find("専用AIチップ、高速\n"), std::string::npos);
  EXPECT_EQ(doc->body.find("\n\n"), std::string::npos);
  // The post opens by repeating its title as a paragraph: that line is the
  // title's, not body text; the body starts with the next paragraph.
  EXPECT_EQ(doc->body.rfind("あなたも感じているかもしれませんが", 0), 0u) << doc->body.substr(0, 200);
}

struct BadInputCase {
  const char* name;
  std::string bytes;
  std::vector<std::string> message_contains;
};

TEST(Post, BadInputsNameFileLineAndReason) {
  const BadInputCase cases[] = {
      {"empty", "", {"posts/a.md: empty file"}},
      {"whitespace_only", " \n\t\n", {"posts/a.md: empty file"}},
      {"nul_byte", std::string("---\ntitle: x\n---\nab\0cd", 22), {"posts/a.md:", "binary", "offset 19"}},
      {"invalid_byte", "本文\xFF", {"posts/a.md:", "invalid UTF-8", "byte offset 6", "0xFF"}},
      {"truncated_sequence", "abc\xE3\x81", {"invalid UTF-8", "byte offset 3"}},
      {"overlong", "a\xC0\xAF", {"invalid UTF-8", "byte offset 1"}},
      {"surrogate", "ab\xED\xA0\x80", {"invalid UTF-8", "byte offset 2"}},
      {"above_max_code_point", "\xF4\x90\x80\x80", {"invalid UTF-8", "byte offset 0"}},
      {"latin1", "caf\xE9", {"invalid UTF-8", "byte offset 3", "0xE9"}},
      {"unterminated_front_matter", "---\ntitle: x\n本文\n", {"posts/a.md:1: front matter:", "no closing '---'"}},
      {"unterminated_toml_front_matter", "+++\ntitle = \"x\"\n本文\n", {"posts/a.md:1: front matter:", "no closing '+++'"}},
      {"yaml_flow_list_not_closed",
       "---\ntitle: x\ntags: [a, b\nauthor: me\n---\n",
       {"posts/a.md:4: front matter: did not find expected ',' or ']' while parsing a flow sequence started on line 3"}},
      {"yaml_bad_indentation", "---\ntitle: x\n  author: y\n---\n", {"posts/a.md:3: front matter:"}},
      {"yaml_text_after_quoted_string", "---\ntitle: \"x\" y\n---\nbody\n", {"posts/a.md:2: front matter:"}},
      {"front_matter_not_a_mapping", "---\n- a\n- b\n---\n", {"posts/a.md:2: front matter:", "mapping"}},
      {"title_is_mapping", "---\nauthor: me\ntitle: {a: 1}\n---\n", {"posts/a.md:3: front matter:", "'title'"}},
      {"tags_is_mapping", "---\ntags:\n  a: 1\n---\n", {"posts/a.md:3: front matter:", "'tags'"}},
      {"tag_item_is_list", "---\ntags:\n  - a\n  - [b]\n---\n", {"posts/a.md:4: front matter:", "'tags'"}},
      {"bad_date", "---\ntitle: x\ndate: yesterday\n---\n", {"posts/a.md:3: front matter:", "'date'", "yesterday"}},
      {"impossible_date", "---\ndate: 2025-02-30\n---\n", {"posts/a.md:2: front matter:", "2025-02-30"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Result<Article> doc = ParsePost(c.bytes, "a", "posts/a.md");
    ASSERT_FALSE(doc.ok());
    EXPECT_TRUE(doc.status().IsInvalidArgument()) << doc.status().ToString();
    for (const auto& part : c.message_contains) {
      EXPECT_NE(doc.status().message().find(part), std::string::npos)
          << "message \"" << doc.status().message() << "\" lacks \"" << part << "\"";
    }
  }
}

TEST(Post, NoIdAnywhereIsAnError) {
  Result<Article> doc = ParsePost("---\ntitle: t\n---\n本文\n", "", "-");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("no id"), std::string::npos) << doc.status().ToString();
}

TEST(Post, ParseRawInputRejectsTooLarge) {
  SourceOptions options;
  options.max_file_bytes = 8;
  RawInput input;
  input.origin = "big.md";
  input.default_id = "big";
  input.bytes = "123456789";
  Result<Article> doc = ParseRawInput(input, options);
  ASSERT_FALSE(doc.ok());
  EXPECT_TRUE(doc.status().IsInvalidArgument());
  EXPECT_NE(doc.status().message().find("big.md: file too large (9 bytes"), std::string::npos)
      << doc.status().ToString();

  input.bytes = "12345678";
  Result<Article> ok = ParseRawInput(input, options);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->id, "big");
  EXPECT_EQ(ok->body, "12345678");
}

TEST(Post, ParseRawInputDispatchesOnKind) {
  RawInput input;
  input.kind = RawInput::Kind::kJsonLine;
  input.origin = "feed.jsonl:3";
  input.bytes = R"({"id": 7, "title": "t"})";
  Result<Article> doc = ParseRawInput(input);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->id, "7");
}

}  // namespace
}  // namespace sagasu

namespace sagasu {
namespace {

TEST(Post, TitleRepeatedAsFirstHeadingLeavesTheBody) {
  const std::string post =
      "---\ntitle: 京都の紅葉めぐり\n---\n\n# 京都の紅葉めぐり\n\n東福寺の通天橋は朝一番が空いています。\n\n"
      "## 京都の紅葉めぐり\n\n二度目は見出しとして残ります。\n";
  Result<Article> doc = ParsePost(post, "kouyou", "kouyou.md");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->title, "京都の紅葉めぐり");
  EXPECT_EQ(doc->body.rfind("東福寺の通天橋", 0), 0u) << doc->body;
  EXPECT_NE(doc->body.find("\n京都の紅葉めぐり\n"), std::string::npos) << doc->body;

  // A first line that only starts like the title stays.
  Result<Article> other = ParsePost("---\ntitle: 京都\n---\n京都の紅葉めぐり\n", "k", "k.md");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->body, "京都の紅葉めぐり");
}

}  // namespace
}  // namespace sagasu
