// Shared pieces of the `sagasu` subcommands. The command line sits on the
// public API (include/sagasu/) alone, like any embedder.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "sagasu/limits.h"
#include "sagasu/sagasu.h"

namespace sagasu::cli {

// Exit codes (documented in `sagasu --help` and the README).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the work could not be done (index not written, I/O, corruption)
inline constexpr int kExitUsage = 2;    // bad arguments or query

// --dicdir / --user-dic / --no-builtin-dic / --no-fold, shared by every command that analyzes text.
struct AnalyzerFlags {
  std::string dicdir;
  std::vector<std::string> user_dics;
  bool no_builtin = false;
  std::string no_fold;
  void Add(CLI::App* app);
  // Sets the analyzer fields of *options.
  void Apply(IndexOptions* options) const;
};

// --synonyms FILE / --no-synonyms, of `search` and `serve`
// (IndexOptions::synonyms_file).
struct SynonymFlags {
  std::string file;
  bool none = false;
  void Add(CLI::App* app);
  void Apply(IndexOptions* options) const;
};

// --k1, --b, --b-title, --title-weight, --proximity, --rerank-depth: the
// ranking options of `search` and `serve`, checked against <sagasu/limits.h>.
struct RankingFlags {
  RankingOptions ranking;
  void Add(CLI::App* app);
};

// A CLI11 check for the range of `limit`.
CLI::Range InRange(const ParamLimit& limit);

// "<text> (default <d>)", from the limits table (CLI11 shows the range).
std::string WithDefault(const std::string& text, const ParamLimit& limit);

// Index options for `db` with the analyzer flags applied.
IndexOptions MakeIndexOptions(const AnalyzerFlags& analyzer, IndexOptions::Mode mode);

// Prints "sagasu: <what>: <status>" to stderr and returns the exit code for it.
int ReportError(const Status& s, const std::string& what = "");

// "12.3 MiB".
std::string HumanBytes(double bytes);

// Whether stdout / stderr are terminals.
bool StdoutIsTty();
bool StderrIsTty();

// Subcommand registration; each returns the exit code through *exit_code
// when its callback runs.
void AddAnalyzeCommand(CLI::App& app, int* exit_code);
void AddIndexCommand(CLI::App& app, int* exit_code);
void AddDeleteCommand(CLI::App& app, int* exit_code);
void AddStatsCommand(CLI::App& app, int* exit_code);
void AddOptimizeCommand(CLI::App& app, int* exit_code);
void AddCheckCommand(CLI::App& app, int* exit_code);
void AddSearchCommand(CLI::App& app, int* exit_code);
void AddServeCommand(CLI::App& app, int* exit_code);

}  // namespace sagasu::cli
