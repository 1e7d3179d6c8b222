// Embedding sagasu: index a few posts in a temporary directory, search them
// and print the hits with their highlighted snippets.
//
// Usage: embed [INDEX_DIR]   (default: a new directory under $TMPDIR or /tmp)
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <sagasu/sagasu.h>

namespace {

int Fail(const char* what, const sagasu::Status& s) {
  std::fprintf(stderr, "embed: %s: %s\n", what, s.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const bool temporary = argc < 2;
  const fs::path dir = temporary ? fs::temp_directory_path() / ("sagasu-embed-" + std::to_string(::getpid())) : fs::path(argv[1]);

  sagasu::IndexOptions options;
  options.mode = sagasu::IndexOptions::Mode::kReadWrite;
#ifdef SAGASU_INSTALLED_USER_DIC
  // Defined by the sagasu CMake package / pkg-config file: where the user
  // dictionary was installed. Needed because this program does not run from
  // <prefix>/bin; $SAGASU_USER_DIC overrides.
  if (std::getenv("SAGASU_USER_DIC") == nullptr) options.user_dic = SAGASU_INSTALLED_USER_DIC;
#endif
  std::unique_ptr<sagasu::Index> index;
  if (sagasu::Status s = sagasu::Index::Open(options, dir.string(), &index); !s.ok()) return Fail("open", s);

  struct Post {
    const char* id;
    const char* title;
    const char* body;
    std::vector<std::string> tags;
    std::int64_t date;
  };
  const Post posts[] = {
      {"2024-06-18-tsuyu", "梅雨のない北海道へ逃げてみた",
       "そこで今年は思い切って、梅雨がないと言われる北海道へ五日間だけ避難しました。", {"旅行", "北海道"}, 1718668800},
      {"2024-07-02-ramen", "札幌で味噌ラーメンを食べ歩く", "北海道に来たら味噌ラーメン。すすきのの三軒をはしごした。",
       {"グルメ", "北海道"}, 1719878400},
      {"2024-09-10-kyoto", "秋の京都を歩く", "嵐山から東福寺まで、紅葉には少し早い京都を歩いた。", {"旅行", "京都"},
       1725926400},
  };
  for (const Post& p : posts) {
    sagasu::Article a;
    a.id = p.id;
    a.title = p.title;
    a.body = p.body;
    a.tags = p.tags;
    a.date = p.date;
    a.url = std::string("/posts/") + p.id + "/";
    if (sagasu::Status s = index->Add(a); !s.ok()) return Fail("add", s);
  }
  if (sagasu::Status s = index->Commit(); !s.ok()) return Fail("commit", s);

  sagasu::SearchQuery query;
  query.text = "北海道 梅雨";
  sagasu::Result<sagasu::SearchResponse> r = index->Search(query);
  if (!r.ok()) return Fail("search", r.status());
  std::printf("sagasu %s: %llu result(s) for %s\n", sagasu::Version(), static_cast<unsigned long long>(r->total),
              query.text.c_str());
  for (const sagasu::SearchHit& h : r->hits) {
    std::printf("%s  %.3f  %s\n    %s\n", h.id.c_str(), h.score, h.title_highlighted.Render("[", "]", false).c_str(),
                h.snippet.html.c_str());
  }
  for (const sagasu::Facet& f : r->tag_facets) std::printf("tag %s (%llu)\n", f.value.c_str(), static_cast<unsigned long long>(f.count));

  if (sagasu::Status s = index->Delete("no-such-post"); !s.IsNotFound()) return Fail("delete (expected NotFound)", s);
  index.reset();
  if (temporary) fs::remove_all(dir);
  return 0;
}
