// Shared pieces of the `sagasu` subcommands.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "common/analyzer/analyzer.h"
#include "common/status.h"

namespace sagasu::cli {

// Exit codes (documented in `sagasu --help` and the README).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the work could not be done (index not written, I/O, corruption)
inline constexpr int kExitUsage = 2;    // bad arguments or query

// --dicdir / --user-dic / --no-builtin-dic, shared by every command that analyzes text.
struct AnalyzerFlags {
  std::string dicdir;
  std::vector<std::string> user_dics;
  bool no_builtin = false;
  void Add(CLI::App* app);
  AnalyzerOptions ToOptions() const;
};

// Prints "sagasu: <what>: <status>" to stderr and returns the exit code for it.
int ReportError(const Status& s, const std::string& what = "");

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
void AddSearchCommand(CLI::App& app, int* exit_code);
void AddServeCommand(CLI::App& app, int* exit_code);

}  // namespace sagasu::cli
