#include "cli/cli_common.h"

#include <unistd.h>

#include <cstdio>

namespace sagasu::cli {

namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

void AnalyzerFlags::Add(CLI::App* app) {
  app->add_option("--dicdir", dicdir, "MeCab system dictionary directory (UTF-8). Default: IPAdic UTF-8")
      ->check(CLI::ExistingDirectory)
      ->group("Analyzer");
  app->add_option("--user-dic", user_dics, "Extra MeCab user dictionary (.dic); may repeat")
      ->allow_extra_args(false)
      ->check(CLI::ExistingFile)
      ->group("Analyzer");
  app->add_flag("--no-builtin-dic", no_builtin, "Do not load sagasu's own user dictionary")->group("Analyzer");
  app->add_option("--no-fold", no_fold,
                  "Folding rules to turn off, comma-separated: kana (りんご=リンゴ), vu (ヴァ=バ), iteration "
                  "(佐々木=佐佐木), kanji (髙=高), digits (1,000=1000), okurigana (打ち合わせ=打合せ), or all. "
                  "Default: every rule on; an index must be searched with the rules it was built with")
      ->group("Analyzer");
}

void AnalyzerFlags::Apply(IndexOptions* o) const {
  o->dicdir = dicdir;
  o->extra_user_dics = user_dics;
  o->use_builtin_user_dic = !no_builtin;
  o->no_fold = no_fold;
}

void SynonymFlags::Add(CLI::App* app) {
  auto* file_opt = app->add_option("--synonyms", file,
                                   "Synonyms file, Solr format (\"サーバー, server\", \"a => b\"), instead of the built-in "
                                   "set; read again when it changes. A bad line is an error naming file and line")
                       ->check(CLI::ExistingFile)
                       ->group("Synonyms");
  app->add_flag("--no-synonyms", none, "Search without synonyms (not even the built-in set)")
      ->excludes(file_opt)
      ->group("Synonyms");
}

void SynonymFlags::Apply(IndexOptions* o) const { o->synonyms_file = none ? "-" : file; }

CLI::Range InRange(const ParamLimit& limit) { return CLI::Range(limit.min, limit.max); }

std::string WithDefault(const std::string& text, const ParamLimit& limit) {
  return text + " (default " + Number(limit.default_value) + ")";
}

void RankingFlags::Add(CLI::App* app) {
  namespace l = limits;
  app->add_option("--k1", ranking.k1, WithDefault("BM25 term-frequency saturation", l::kK1))
      ->check(InRange(l::kK1))
      ->group("Ranking");
  app->add_option("--b", ranking.b_body, WithDefault("BM25 body length normalization", l::kBBody))
      ->check(InRange(l::kBBody))
      ->group("Ranking");
  app->add_option("--b-title", ranking.b_title, WithDefault("BM25 title length normalization", l::kBTitle))
      ->check(InRange(l::kBTitle))
      ->group("Ranking");
  app->add_option("--title-weight", ranking.title_weight, WithDefault("Weight of title matches vs body", l::kTitleWeight))
      ->check(InRange(l::kTitleWeight))
      ->group("Ranking");
  app->add_option("--meta-weight", ranking.meta_weight,
                  WithDefault("Weight of tag, category and author matches vs body", l::kMetaWeight))
      ->check(InRange(l::kMetaWeight))
      ->group("Ranking");
  app->add_option("--b-meta", ranking.b_meta, WithDefault("BM25 length normalization of tags, categories, author", l::kBMeta))
      ->check(InRange(l::kBMeta))
      ->group("Ranking");
  app->add_option("--proximity", ranking.proximity_weight,
                  WithDefault("Weight of query words found close together (BM25TP), 0 = off", l::kProximityWeight))
      ->check(InRange(l::kProximityWeight))
      ->group("Ranking");
  app->add_option("--rerank-depth", ranking.rerank_depth,
                  WithDefault("How many of the best BM25F hits the proximity stage reorders", l::kRerankDepth))
      ->check(InRange(l::kRerankDepth))
      ->group("Ranking");
}

IndexOptions MakeIndexOptions(const AnalyzerFlags& analyzer, IndexOptions::Mode mode) {
  IndexOptions o;
  o.mode = mode;
  analyzer.Apply(&o);
  return o;
}

int ReportError(const Status& s, const std::string& what) {
  std::fprintf(stderr, "sagasu: %s%s%s\n", what.c_str(), what.empty() ? "" : ": ", s.ToString().c_str());
  if (s.IsInvalidArgument()) return kExitUsage;
  return kExitFailure;
}

std::string HumanBytes(double b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (b >= 1024 && u < 4) b /= 1024, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, u ? "%.1f %s" : "%.0f %s", b, units[u]);
  return buf;
}

bool StdoutIsTty() { return isatty(STDOUT_FILENO) == 1; }
bool StderrIsTty() { return isatty(STDERR_FILENO) == 1; }

}  // namespace sagasu::cli
