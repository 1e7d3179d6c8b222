// Helpers shared by the benches and the relevance evaluation: loading the
// livedoor news corpus (ldcc) and JSQuAD, deterministic synthetic text,
// temp folders and running the `sagasu` program as a child process.
//
// Not part of the engine: nothing here is linked into sagasu_core.
#pragma once

#include <sys/resource.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sagasu::bench {

// One livedoor article. The corpus files are: line 1 URL, line 2 date
// (2012-02-19T13:00:00+0900), line 3 title, the rest the body.
struct Article {
  std::string id;        // file name without .txt, e.g. "it-life-hack-6292880"
  std::string category;  // folder name, e.g. "it-life-hack"
  std::string url;
  std::string date;
  std::string title;
  std::string body;
};

// The shared folder: $SAGASU_SHARED_DIR if set, else `compiled_default`.
std::filesystem::path SharedDir(const char* compiled_default);

// Reads every article under `ldcc_dir` (category folders of *.txt, without
// LICENSE.txt / README.txt / CHANGES.txt), sorted by category then file name.
// At most `max_articles` (0 = all), taken round-robin over the categories so
// that a prefix is a mixed sample. Empty when the folder is missing.
std::vector<Article> LoadLdcc(const std::filesystem::path& ldcc_dir, std::size_t max_articles = 0);

// Reads JSON Lines documents ({"id","title","body","tags"|"category",...})
// as Articles (the first tag or category becomes `category`).
std::vector<Article> LoadJsonl(const std::filesystem::path& file);

// One JSQuAD paragraph and the questions asked about it.
struct SquadParagraph {
  std::string title;    // `context` before " [SEP] "
  std::string body;     // `context` after it
  std::string context;  // the whole context (identity of the paragraph)
};
struct SquadQuestion {
  std::string id;         // JSQuAD's question id, e.g. "a10336p0q0"
  std::string question;
  std::size_t paragraph;  // index into the paragraphs vector
};
// Parses JSQuAD (SQuAD 1/2 layout). Paragraphs are deduplicated by context
// text, in order of first appearance. Returns false when the file is
// missing or does not parse.
bool LoadJsquad(const std::filesystem::path& file, std::vector<SquadParagraph>* paragraphs,
                std::vector<SquadQuestion>* questions);

// Splits `text` into sentences ending at 。 ！ ？ or a newline (ends kept,
// newlines dropped, blank pieces skipped).
std::vector<std::string> SplitSentences(std::string_view text);

// A fresh folder /tmp/bench-<tag>-XXXXXX (or under $TMPDIR).
std::filesystem::path MakeTempDir(const std::string& tag);

// Bytes of all regular files under `dir`.
std::uint64_t DirectoryBytes(const std::filesystem::path& dir);

std::string ReadFile(const std::filesystem::path& path);
bool WriteFile(const std::filesystem::path& path, std::string_view bytes);

// Escapes `s` as a YAML double-quoted scalar (with the quotes).
std::string YamlQuote(std::string_view s);

// Result of running a child process to completion.
struct ChildRun {
  int exit_code = -1;        // exit status, or 128 + signal
  double wall_seconds = 0;
  double user_seconds = 0;   // CPU of the child (getrusage RUSAGE_CHILDREN delta)
  double system_seconds = 0;
  // The child's own peak RSS in KiB: its VmHWM, sampled every 20 ms while it
  // runs. Not ru_maxrss: Linux counts in a forked child's ru_maxrss the RSS
  // of the parent it was forked from (a bench holding a 100x corpus in
  // memory reported its own 5 GiB as the indexer's).
  long max_rss_kib = 0;
  std::string out;           // its stdout
};
// Runs argv[0] with `argv` (no shell), stdin from /dev/null, stdout captured,
// stderr to `stderr_path` (or inherited when empty). Uses wait4, so CPU is
// this child's alone; peak RSS is sampled (ChildRun::max_rss_kib).
ChildRun RunChild(const std::vector<std::string>& argv, const std::string& stderr_path = "");

// Percentile (0..100) of `v` by nearest rank; sorts a copy.
double Percentile(std::vector<double> v, double p);

// Relevance over queries with one known relevant document, from its rank in
// each query's results (1-based, 0 = not found): MRR@10 (mean of 1/rank for
// ranks <= 10) and Recall@1/10/100 (share of ranks <= k), as
// ../shared/peers/score.py counts them.
struct RankMetrics {
  double mrr10 = 0, r1 = 0, r10 = 0, r100 = 0;
  std::size_t n = 0;
};
RankMetrics MetricsOfRanks(const std::vector<std::size_t>& ranks);

}  // namespace sagasu::bench
