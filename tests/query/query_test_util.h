// Helpers for the query tests: one shared Analyzer, temp index directories
// under /tmp/qtests-*, building an index from Documents, and the livedoor
// corpus reader.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/document.h"
#include "indexer/index_writer.h"
#include "query/searcher.h"
#include "common/analyzer/analyzer_test_util.h"
#include "test_util.h"

namespace sagasu::testing {

// The one Analyzer shared by the test binary (analyzer_test_util.h).
inline const Analyzer& QueryAnalyzer() { return DefaultAnalyzer(); }

// A fresh directory /tmp/qtests-XXXXXX, removed on destruction.
class QTempDir {
 public:
  QTempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "qtests-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) {
      std::perror("mkdtemp");
      std::abort();
    }
    path_ = tmpl;
  }
  ~QTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  QTempDir(const QTempDir&) = delete;
  QTempDir& operator=(const QTempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Writes `docs` to a new index at `dir`, committing every `commit_every`
// documents (0 = once), so that postings span several runs.
inline Status BuildIndex(const std::filesystem::path& dir, const std::vector<Article>& docs,
                         std::size_t commit_every = 0) {
  IndexWriterOptions wo;
  wo.threads = 1;
  wo.sync = false;
  std::unique_ptr<IndexWriter> w;
  SAGASU_RETURN_IF_ERROR(IndexWriter::Open(dir.string(), AnalyzerOptions(), wo, &w));
  for (std::size_t i = 0; i < docs.size(); ++i) {
    SAGASU_RETURN_IF_ERROR(w->Add(docs[i]));
    if (commit_every && (i + 1) % commit_every == 0) SAGASU_RETURN_IF_ERROR(w->Commit());
  }
  return w->Commit();
}

inline std::unique_ptr<Searcher> OpenSearcherOrDie(const std::filesystem::path& dir) {
  std::unique_ptr<Searcher> s;
  const Status st = Searcher::Open(dir.string(), SearchOptions(), &s);
  if (!st.ok()) {
    std::fprintf(stderr, "cannot open searcher at %s: %s\n", dir.c_str(), st.ToString().c_str());
    std::abort();
  }
  return s;
}

inline Article MakeDoc(std::string id, std::string title, std::string body, std::vector<std::string> tags = {},
                        std::vector<std::string> categories = {}, std::string author = "",
                        std::optional<std::string> date = std::nullopt) {
  Article d;
  d.id = std::move(id);
  d.title = std::move(title);
  d.body = std::move(body);
  d.tags = std::move(tags);
  d.categories = std::move(categories);
  d.author = std::move(author);
  if (date) d.date = ParseDate(*date);
  return d;
}

// The livedoor news corpus (ldcc): <category>/<category>-<n>.txt with line 1
// URL, line 2 date, line 3 title, then the body. Category = folder, used as
// both tag and category. Sorted by path for determinism; at most `max` docs
// (0 = all). Empty when the shared dir is absent.
inline std::vector<Article> LoadLivedoor(std::size_t max = 0) {
  std::vector<Article> docs;
  auto shared = SharedDir();
  if (!shared) return docs;
  const auto root = *shared / "corpus" / "ldcc";
  if (!std::filesystem::is_directory(root)) return docs;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const auto name = e.path().filename().string();
    if (e.path().extension() != ".txt" || name == "LICENSE.txt" || name == "README.txt" || name == "CHANGES.txt") {
      continue;
    }
    files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  // Interleave the categories so that a prefix holds all of them.
  std::vector<std::vector<std::filesystem::path>> by_cat;
  std::string last;
  for (const auto& f : files) {
    const std::string cat = f.parent_path().filename().string();
    if (by_cat.empty() || cat != last) by_cat.emplace_back();
    by_cat.back().push_back(f);
    last = cat;
  }
  std::vector<std::filesystem::path> order;
  for (std::size_t i = 0;; ++i) {
    bool any = false;
    for (const auto& v : by_cat) {
      if (i < v.size()) {
        order.push_back(v[i]);
        any = true;
      }
    }
    if (!any) break;
  }
  for (const auto& f : order) {
    if (max && docs.size() >= max) break;
    std::istringstream in(ReadFileOrDie(f));
    std::string url, date, title, line, body;
    std::getline(in, url);
    std::getline(in, date);
    std::getline(in, title);
    while (std::getline(in, line)) {
      body += line;
      body += '\n';
    }
    const std::string cat = f.parent_path().filename().string();
    Article d;
    d.id = cat + "/" + f.stem().string();
    d.url = url;
    d.title = title;
    d.body = body;
    d.tags = {cat};
    d.categories = {cat};
    d.date = ParseDate(date);
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace sagasu::testing
