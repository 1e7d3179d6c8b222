// eval_jsquad: relevance of sagasu's ranking on JSQuAD questions.
//
// Protocol (bench/README.md has the full text):
//   documents  every distinct JSQuAD v1.3 validation paragraph (`context`),
//              id jsquad-<n> (n = order of first appearance in the file,
//              from 0), title = context before " [SEP] ", body = after it,
//              tag `wikipedia`; plus every livedoor news article as
//              distractors (id = file name without .txt, tag = category).
//   queries    every JSQuAD question as is (qid = JSQuAD's question id), or
//              an evenly spaced subset with --max-questions.
//   relevant   exactly one document: the paragraph the question was asked on.
//   run        `sagasu index --db DB corpus.jsonl`, then
//              `sagasu search --db DB --batch questions.tsv --limit 100`.
//   metrics    MRR@10, Recall@1, @10, @100 (rank of the relevant document).
//
// Caveats: paragraphs of the same Wikipedia article share a title, so the
// question's topic word alone cannot pick the paragraph; an answer in the
// wrong paragraph of the right article counts as a miss.
//
// Exit codes: 0 done (and MRR@10 >= --min-mrr), 1 error or MRR below the
// floor, 77 skipped (no JSQuAD file: ../shared absent).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench/bench_corpus.h"

#ifndef SAGASU_SHARED_DIR
#define SAGASU_SHARED_DIR "../shared"
#endif
#ifndef SAGASU_EXE
#define SAGASU_EXE "sagasu"
#endif

namespace sagasu::bench {
namespace {

namespace fs = std::filesystem;

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

struct Setting {
  std::string name;
  std::vector<std::string> flags;
};

}  // namespace
}  // namespace sagasu::bench

int main(int argc, char** argv) {
  using namespace sagasu::bench;
  const fs::path shared = SharedDir(SAGASU_SHARED_DIR);
  std::string jsquad = (shared / "eval" / "jsquad" / "valid-v1.3.json").string();
  std::string ldcc = (shared / "corpus" / "ldcc").string();
  std::string sagasu = SAGASU_EXE, work_arg;
  bool no_ldcc = false, keep = false, reuse = false, json = false;
  std::size_t max_questions = 0, failures = 15;
  int threads = 0;
  double min_mrr = -1;
  bool no_synonyms_row = false;
  std::vector<double> k1s, bs, tws, proxs, depths;

  CLI::App app{"eval_jsquad: MRR@10 and Recall@1/10/100 of `sagasu search` on JSQuAD questions "
               "(paragraphs + livedoor distractors).",
               "eval_jsquad"};
  app.add_option("--jsquad", jsquad, "JSQuAD file (default $SAGASU_SHARED_DIR/eval/jsquad/valid-v1.3.json)");
  app.add_option("--ldcc", ldcc, "livedoor news folder added as distractors (default $SAGASU_SHARED_DIR/corpus/ldcc)");
  app.add_flag("--no-ldcc", no_ldcc, "Index the JSQuAD paragraphs only");
  app.add_option("--sagasu", sagasu, "The sagasu program (default: the one built with this tool)");
  app.add_option("--work", work_arg, "Work folder (default: a /tmp/bench-eval-* folder, removed at the end)");
  app.add_flag("--keep", keep, "Keep the work folder");
  app.add_flag("--reuse", reuse, "Reuse the index already in --work (skip indexing)");
  app.add_option("--threads,-j", threads, "Indexing threads (default: all cores)");
  app.add_option("--max-questions", max_questions, "Evaluate an evenly spaced subset of this many questions (default all)");
  app.add_option("--k1", k1s, "BM25 k1 values to try (may repeat; default: the engine's)");
  app.add_option("--b", bs, "BM25 body b values to try (may repeat)");
  app.add_option("--title-weight", tws, "Title weights to try (may repeat)");
  app.add_option("--proximity", proxs, "Proximity weights to try (may repeat; 0 = BM25F alone)");
  app.add_option("--rerank-depth", depths, "Proximity rerank depths to try (may repeat)");
  app.add_flag("--no-synonyms-row", no_synonyms_row,
               "Also evaluate the defaults with --no-synonyms (the engine before synonyms), in the same run");
  app.add_option("--min-mrr", min_mrr, "Exit 1 when MRR@10 of the first setting is below this");
  app.add_option("--failures", failures, "Print this many failing questions of the first setting (default 15)");
  app.add_flag("--json", json, "Print the figures as JSON on stdout");
  CLI11_PARSE(app, argc, argv);

  std::vector<SquadParagraph> paragraphs;
  std::vector<SquadQuestion> questions;
  if (!fs::exists(jsquad)) {
    std::printf("eval_jsquad: skipped: %s not found\n", jsquad.c_str());
    return 77;
  }
  if (!LoadJsquad(jsquad, &paragraphs, &questions) || questions.empty()) {
    std::fprintf(stderr, "eval_jsquad: cannot parse %s\n", jsquad.c_str());
    return 1;
  }
  if (!fs::exists(sagasu)) {
    std::fprintf(stderr, "eval_jsquad: sagasu program not found: %s\n", sagasu.c_str());
    return 1;
  }
  const std::size_t all_questions = questions.size();
  if (max_questions > 0 && max_questions < questions.size()) {
    std::vector<SquadQuestion> subset;
    for (std::size_t i = 0; i < max_questions; ++i) subset.push_back(questions[i * all_questions / max_questions]);
    questions = std::move(subset);
  }
  std::vector<Article> distractors;
  if (!no_ldcc) distractors = LoadLdcc(ldcc);

  std::error_code ec;
  const fs::path work = work_arg.empty() ? MakeTempDir("eval") : fs::path(work_arg);
  fs::create_directories(work, ec);
  const fs::path db = work / "db", corpus = work / "corpus.jsonl", qfile = work / "questions.tsv",
                 log = work / "sagasu.log";

  // id -> title, for failure reports.
  std::unordered_map<std::string, std::string> titles;
  std::string jsonl;
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    const std::string id = "jsquad-" + std::to_string(i);
    titles[id] = paragraphs[i].title;
    jsonl += nlohmann::json{{"id", id}, {"title", paragraphs[i].title}, {"body", paragraphs[i].body},
                            {"tags", {"wikipedia"}}}
                 .dump() +
             "\n";
  }
  for (const Article& a : distractors) {
    titles[a.id] = a.title;
    nlohmann::json j{{"id", a.id}, {"title", a.title}, {"body", a.body}, {"tags", {a.category}}, {"url", a.url}};
    if (!a.date.empty()) j["date"] = a.date;
    jsonl += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  std::string tsv;
  for (const auto& q : questions) tsv += q.id + "\t" + OneLine(q.question) + "\n";
  if (!WriteFile(corpus, jsonl) || !WriteFile(qfile, tsv)) {
    std::fprintf(stderr, "eval_jsquad: cannot write to %s\n", work.c_str());
    return 1;
  }

  double index_seconds = 0;
  if (!(reuse && fs::exists(db))) {
    fs::remove_all(db, ec);
    std::vector<std::string> cmd = {sagasu, "index", "--db", db.string(), "--json", "--quiet", "--no-sync"};
    if (threads > 0) cmd.insert(cmd.end(), {"--threads", std::to_string(threads)});
    cmd.push_back(corpus.string());
    const ChildRun r = RunChild(cmd, log.string());
    index_seconds = r.wall_seconds;
    if (r.exit_code != 0) {
      std::fprintf(stderr, "eval_jsquad: sagasu index exited %d (see %s)\n", r.exit_code, log.c_str());
      return 1;
    }
  }

  // Settings: the engine's defaults first, then every combination given.
  std::vector<Setting> settings = {{"defaults", {}}};
  if (!k1s.empty() || !bs.empty() || !tws.empty() || !proxs.empty() || !depths.empty()) {
    const std::vector<double> k1v = k1s.empty() ? std::vector<double>{-1} : k1s;
    const std::vector<double> bv = bs.empty() ? std::vector<double>{-1} : bs;
    const std::vector<double> twv = tws.empty() ? std::vector<double>{-1} : tws;
    const std::vector<double> pv = proxs.empty() ? std::vector<double>{-1} : proxs;
    const std::vector<double> dv = depths.empty() ? std::vector<double>{-1} : depths;
    for (double k1 : k1v) {
      for (double b : bv) {
        for (double tw : twv) {
         for (double px : pv) {
          for (double dp : dv) {
          Setting s;
          auto add = [&](const char* flag, double v) {
            if (v < 0) return;
            char buf[32];
            std::snprintf(buf, sizeof buf, "%g", v);
            s.flags.insert(s.flags.end(), {flag, buf});
            s.name += (s.name.empty() ? "" : " ") + std::string(flag) + " " + buf;
          };
          add("--k1", k1), add("--b", b), add("--title-weight", tw), add("--proximity", px);
          add("--rerank-depth", dp);
          settings.push_back(s);
          }
         }
        }
      }
    }
  }

  if (no_synonyms_row) settings.push_back({"--no-synonyms", {"--no-synonyms"}});

  std::printf("eval_jsquad: %zu documents (%zu JSQuAD paragraphs + %zu livedoor), %zu of %zu questions%s\n",
              paragraphs.size() + distractors.size(), paragraphs.size(), distractors.size(), questions.size(),
              all_questions, index_seconds > 0 ? "" : " (index reused)");
  if (index_seconds > 0) std::printf("eval_jsquad: indexed in %.1f s\n", index_seconds);
  std::printf("\n| setting | MRR@10 | R@1 | R@10 | R@100 | search s |\n|---|---:|---:|---:|---:|---:|\n");

  nlohmann::json out{{"questions", questions.size()}, {"documents", paragraphs.size() + distractors.size()},
                     {"settings", nlohmann::json::array()}};
  RankMetrics first;
  std::vector<std::size_t> first_ranks;
  std::unordered_map<std::string, std::string> first_top1;
  for (std::size_t si = 0; si < settings.size(); ++si) {
    std::vector<std::string> cmd = {sagasu, "search", "--db", db.string(), "--batch", qfile.string(), "--limit", "100"};
    cmd.insert(cmd.end(), settings[si].flags.begin(), settings[si].flags.end());
    const ChildRun r = RunChild(cmd, log.string());
    if (r.exit_code != 0) {
      std::fprintf(stderr, "eval_jsquad: sagasu search exited %d (see %s)\n", r.exit_code, log.c_str());
      return 1;
    }
    // qid -> rank of its relevant document.
    std::unordered_map<std::string, std::size_t> wanted;  // qid -> index in questions
    for (std::size_t i = 0; i < questions.size(); ++i) wanted[questions[i].id] = i;
    std::vector<std::size_t> ranks(questions.size(), 0);
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
      std::string f[4];
      std::size_t pos = 0;
      for (int k = 0; k < 4; ++k) {
        const std::size_t tab = line.find('\t', pos);
        f[k] = line.substr(pos, tab == std::string::npos ? std::string::npos : tab - pos);
        pos = tab == std::string::npos ? line.size() : tab + 1;
      }
      auto it = wanted.find(f[0]);
      if (it == wanted.end()) continue;
      const SquadQuestion& q = questions[it->second];
      const std::size_t rank = std::strtoul(f[2].c_str(), nullptr, 10);
      if (si == 0 && rank == 1) first_top1[q.id] = f[1];
      if (f[1] == "jsquad-" + std::to_string(q.paragraph) && ranks[it->second] == 0) ranks[it->second] = rank;
    }
    const RankMetrics m = MetricsOfRanks(ranks);
    const std::string name = settings[si].name.empty() ? "defaults" : settings[si].name;
    std::printf("| %s | %.4f | %.4f | %.4f | %.4f | %.1f |\n", name.c_str(), m.mrr10, m.r1, m.r10, m.r100,
                r.wall_seconds);
    out["settings"].push_back({{"setting", name}, {"mrr10", m.mrr10}, {"recall1", m.r1}, {"recall10", m.r10},
                               {"recall100", m.r100}, {"search_seconds", r.wall_seconds}});
    if (si == 0) {
      first = m;
      first_ranks = ranks;
    }
  }

  // Failure analysis of the first setting.
  std::size_t miss = 0, r2_10 = 0, r11_100 = 0, same_title = 0, top_livedoor = 0, failed = 0;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const std::size_t rank = first_ranks[i];
    if (rank == 1) continue;
    ++failed;
    if (rank == 0) ++miss;
    else if (rank <= 10) ++r2_10;
    else ++r11_100;
    const std::string& top = first_top1[questions[i].id];
    if (top.rfind("jsquad-", 0) == 0 && titles[top] == paragraphs[questions[i].paragraph].title) ++same_title;
    if (!top.empty() && top.rfind("jsquad-", 0) != 0) ++top_livedoor;
  }
  std::printf("\nNot at rank 1: %zu of %zu (rank 2-10: %zu, 11-100: %zu, not in top 100: %zu).\n", failed,
              questions.size(), r2_10, r11_100, miss);
  std::printf("Of those, top-1 is another paragraph of the same Wikipedia article: %zu; a livedoor article: %zu.\n",
              same_title, top_livedoor);
  if (failures > 0 && failed > 0) {
    std::printf("\nSome failing questions (evenly spaced):\n| qid | rank | question | relevant title | top-1 |\n|---|---:|---|---|---|\n");
    std::vector<std::size_t> bad;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      if (first_ranks[i] != 1) bad.push_back(i);
    }
    for (std::size_t k = 0; k < std::min(failures, bad.size()); ++k) {
      const std::size_t i = bad[k * bad.size() / std::min(failures, bad.size())];
      const std::string& top = first_top1[questions[i].id];
      std::printf("| %s | %s | %s | %s | %s (%s) |\n", questions[i].id.c_str(),
                  first_ranks[i] ? std::to_string(first_ranks[i]).c_str() : ">100", questions[i].question.c_str(),
                  paragraphs[questions[i].paragraph].title.c_str(), top.empty() ? "-" : titles[top].c_str(),
                  top.c_str());
    }
  }
  if (json) {
    out["failures"] = {{"not_rank1", failed}, {"rank2_10", r2_10}, {"rank11_100", r11_100}, {"missing", miss},
                       {"top1_same_article", same_title}, {"top1_livedoor", top_livedoor}};
    std::puts(out.dump(2).c_str());
  }
  if (!keep && work_arg.empty()) fs::remove_all(work, ec);
  if (min_mrr >= 0) {
    if (first.mrr10 < min_mrr) {
      std::printf("\nFAIL: MRR@10 %.4f below the floor %.4f\n", first.mrr10, min_mrr);
      return 1;
    }
    std::printf("\nOK: MRR@10 %.4f >= floor %.4f\n", first.mrr10, min_mrr);
  }
  return 0;
}
