// Pruned equals exhaustive (STYLE.md §6, after pisa's test_ranked_queries):
// on the livedoor news corpus, MaxScore must return exactly the top k of the
// plain exhaustive scorer for a few hundred deterministic queries.
//
// Needs the shared corpus (../shared/corpus/ldcc); skipped without it.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/text/kana.h"
#include "query/searcher.h"
#include "query_test_util.h"

namespace sagasu {
namespace {

using testing::QTempDir;
using testing::QueryAnalyzer;

class PrunedEqualsExhaustive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    docs_ = new std::vector<Article>(testing::LoadLivedoor());
    if (docs_->empty()) return;
    const auto start = std::chrono::steady_clock::now();
    dir_ = new QTempDir();
    // Several commits, so that postings span several runs; a few documents
    // re-added later, so that some DocNums are deleted versions.
    std::vector<Article> input = *docs_;
    for (std::size_t i = 0; i < docs_->size(); i += 97) input.push_back((*docs_)[i]);
    // Exact copies under new ids: equal scores, so ties at the k-th place
    // must break by DocNum in both paths.
    for (std::size_t i = 0; i < docs_->size(); i += 61) {
      for (int c = 0; c < 3; ++c) {
        Article copy = (*docs_)[i];
        copy.id += "-copy" + std::to_string(c);
        input.push_back(copy);
      }
    }
    const Status s = testing::BuildIndex(dir_->path(), input, /*commit_every=*/2500);
    ASSERT_TRUE(s.ok()) << s.ToString();
    searcher_ = testing::OpenSearcherOrDie(dir_->path()).release();
    std::printf("indexed %zu livedoor articles in %.1f s\n", docs_->size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  static void TearDownTestSuite() {
    delete searcher_;
    searcher_ = nullptr;
    delete dir_;
    dir_ = nullptr;
    delete docs_;
    docs_ = nullptr;
  }
  void SetUp() override {
    if (!searcher_) GTEST_SKIP() << "livedoor corpus not found (set SAGASU_SHARED_DIR to the folder holding corpus/ldcc)";
  }

  // Deterministic queries: 1-3 nouns from titles, and sentences from bodies.
  static std::vector<std::string> Queries() {
    std::vector<std::string> out;
    std::mt19937 rng(7367);
    auto session = QueryAnalyzer().NewSession();
    std::uniform_int_distribution<std::size_t> pick(0, docs_->size() - 1);
    while (out.size() < 200) {
      const Article& d = (*docs_)[pick(rng)];
      std::vector<std::string> nouns;
      for (const auto& t : session->Tokens(d.title)) {
        if (t.is_term && t.pos.rfind("名詞", 0) == 0 &&
            std::find(nouns.begin(), nouns.end(), t.surface) == nouns.end()) {
          nouns.push_back(t.surface);
        }
      }
      if (nouns.empty()) continue;
      std::shuffle(nouns.begin(), nouns.end(), rng);
      const std::size_t n = std::min<std::size_t>(nouns.size(), 1 + out.size() % 3);
      std::string q;
      for (std::size_t i = 0; i < n; ++i) q += (i ? " " : "") + nouns[i];
      out.push_back(q);
    }
    // Required, excluded and phrase clauses around title nouns.
    while (out.size() < 260) {
      const Article& d = (*docs_)[pick(rng)];
      std::vector<std::string> nouns;
      for (const auto& t : session->Tokens(d.title)) {
        if (t.is_term && t.pos.rfind("名詞", 0) == 0 &&
            std::find(nouns.begin(), nouns.end(), t.surface) == nouns.end()) {
          nouns.push_back(t.surface);
        }
      }
      if (nouns.size() < 3) continue;
      switch (out.size() % 4) {
        case 0: out.push_back("+" + nouns[0] + " " + nouns[1] + " " + nouns[2]); break;
        case 1: out.push_back(nouns[0] + " " + nouns[1] + " -" + nouns[2]); break;
        case 2: out.push_back("\"" + nouns[0] + nouns[1] + "\" " + nouns[2]); break;
        case 3: out.push_back("title:" + nouns[0] + " " + nouns[1] + " " + nouns[2]); break;
      }
    }
    while (out.size() < 400) {
      // Every third sentence from a document that has exact copies.
      const Article& d = (*docs_)[out.size() % 3 == 0 ? (pick(rng) / 61) * 61 : pick(rng)];
      // A sentence of the body: from one 。 to the next.
      std::vector<std::string> sentences;
      std::size_t at = 0;
      while (at < d.body.size()) {
        std::size_t end = d.body.find("。", at);
        if (end == std::string::npos) end = d.body.size();
        std::string s = d.body.substr(at, end - at);
        s.erase(std::remove(s.begin(), s.end(), '\n'), s.end());
        if (s.size() >= 30 && s.size() <= 240) sentences.push_back(s);
        at = end + 3;
      }
      if (sentences.empty()) continue;
      std::string s = sentences[rng() % sentences.size()];
      // Quotes and field-like text would change the syntax; keep plain words.
      for (char& c : s)
        if (c == '"' || c == ':' || c == '-' || c == '+') c = ' ';
      out.push_back(s);
    }
    // Title nouns spelled by their readings in hiragana (ほっかいどう): units
    // of the reading stream alone, no word of the query in the index.
    while (out.size() < 460) {
      const Article& d = (*docs_)[pick(rng)];
      std::string q;
      for (const auto& t : session->Tokens(d.title)) {
        if (!t.is_term || t.pos.rfind("名詞", 0) != 0 || t.reading.empty()) continue;
        const std::string kana = KatakanaToHiragana(t.reading);
        if (kana.size() < 6 || q.find(kana) != std::string::npos) continue;
        q += (q.empty() ? "" : " ") + kana;
        if (q.size() > 30) break;
      }
      if (!q.empty()) out.push_back(q);
    }
    return out;
  }

  static std::vector<Article>* docs_;
  static QTempDir* dir_;
  static Searcher* searcher_;
};

std::vector<Article>* PrunedEqualsExhaustive::docs_ = nullptr;
QTempDir* PrunedEqualsExhaustive::dir_ = nullptr;
Searcher* PrunedEqualsExhaustive::searcher_ = nullptr;

std::string Describe(const SearchResponse& r, std::size_t around) {
  std::string out;
  for (std::size_t i = around > 2 ? around - 2 : 0; i < std::min(r.hits.size(), around + 3); ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " score %.7f\n", r.hits[i].score);
    out += "  #" + std::to_string(i) + " " + r.hits[i].id + buf;
  }
  return out;
}

void ExpectSame(const SearchResponse& pruned, const SearchResponse& full, const std::string& what) {
  ASSERT_EQ(pruned.hits.size(), full.hits.size()) << what;
  for (std::size_t i = 0; i < full.hits.size(); ++i) {
    ASSERT_EQ(pruned.hits[i].id, full.hits[i].id)
        << what << " at rank " << i << "\npruned:\n" << Describe(pruned, i) << "exhaustive:\n" << Describe(full, i);
    ASSERT_NEAR(pruned.hits[i].score, full.hits[i].score, 1e-4) << what << " at rank " << i;
  }
}

TEST_F(PrunedEqualsExhaustive, TopKMatches) {
  const auto queries = Queries();
  const auto start = std::chrono::steady_clock::now();
  std::size_t compared = 0, nonempty = 0;
  for (std::size_t qi = 0; qi < queries.size(); ++qi) {
    const std::string& q = queries[qi];
    for (std::size_t limit : {1, 10, 100}) {
      for (int variant = 0; variant < 5; ++variant) {
        SearchQuery r;
        r.text = q;
        r.limit = limit;
        r.snippets = false;
        r.facets = false;
        r.count_total = false;
        if (variant == 1) r.tags = {(*docs_)[qi % docs_->size()].tags[0]};  // one category of nine
        if (variant == 2) r.offset = 7 + qi % 20;
        if (variant == 3) {
          r.tags = {"movie-enter", "it-life-hack", "sports-watch"};
          r.tags_any = true;
        }
        if (variant == 4) {
          r.since = ParseDate("2011-06-01");
          r.until = ParseDate("2012-03-31");
        }
        auto pruned = searcher_->Search(r);
        r.exhaustive = true;
        auto full = searcher_->Search(r);
        ASSERT_TRUE(pruned.ok() && full.ok()) << q;
        const std::string what = "query '" + q + "' limit " + std::to_string(limit) + " variant " +
                                 std::to_string(variant);
        ExpectSame(*pruned, *full, what);
        ++compared;
        nonempty += !full->hits.empty();
      }
    }
  }
  EXPECT_GT(nonempty, compared * 9 / 10);
  std::printf("compared %zu result lists in %.1f s\n", compared,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

// Totals and facets from the pruned path's counting pass equal the
// exhaustive path's.
TEST_F(PrunedEqualsExhaustive, TotalsAndFacetsMatch) {
  const auto queries = Queries();
  for (std::size_t qi = 0; qi < queries.size(); qi += 10) {
    SearchQuery r;
    r.text = queries[qi];
    r.snippets = false;
    if (qi % 20 == 0) r.tags = {"sports-watch"};
    auto pruned = searcher_->Search(r);
    r.exhaustive = true;
    auto full = searcher_->Search(r);
    ASSERT_TRUE(pruned.ok() && full.ok());
    EXPECT_EQ(pruned->total, full->total) << r.text;
    auto flat = [](const std::vector<Facet>& f) {
      std::vector<std::pair<std::string, std::uint64_t>> v;
      for (const auto& c : f) v.emplace_back(c.value, c.count);
      return v;
    };
    EXPECT_EQ(flat(pruned->tag_facets), flat(full->tag_facets)) << r.text;
    EXPECT_EQ(flat(pruned->category_facets), flat(full->category_facets)) << r.text;
  }
}

}  // namespace
}  // namespace sagasu
