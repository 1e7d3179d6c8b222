// Shared pieces of the `sagasu` subcommands. The command line sits on the
// public API (include/sagasu/) alone, like any embedder.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
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
// Parses "512M", "2G", "100000K" or plain bytes (more than 0).
bool ParseBytes(const std::string& s, std::uint64_t* out);

// --cache-size SIZE: IndexOptions::cache_size, for `search` and `serve`.
struct CacheFlags {
  std::string size;  // "" = the default
  void Add(CLI::App* app);
  // InvalidArgument naming --cache-size when it is not a size.
  Status Apply(IndexOptions* options) const;
};

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

// Prints "sagasu: <what>: <message>" to stderr (the status's message, never
// its code name) and returns the exit code for it. After SetJsonErrors(true),
// also prints {"error":{"code","param","message"}} on stdout (JsonError).
int ReportError(const Status& s, const std::string& what = "");
// Same, with the JSON error's code and param given.
int ReportErrorAs(const Status& s, std::string_view code, std::string_view param, const std::string& what = "");

// --json and --pretty of a command.
void AddJsonFlags(CLI::App* cmd, bool* json, bool* pretty, const std::string& help);

// The indent of --json output: 2 (pretty) with --pretty or when stdout is a
// terminal, else -1 (one line).
int JsonIndent(bool pretty);

// Errors also as JSON on stdout from now on (a command's --json), `pretty` as
// for JsonIndent.
void SetJsonErrors(bool on, bool pretty);

// {"error":{"code","param","message"}}, the shape of the HTTP API's errors;
// "param" only when not empty. Codes (README, "--json"): invalid_parameter,
// missing_parameter, unknown_parameter, unknown_command, not_found,
// index_corrupt, io_error, not_supported, internal.
std::string JsonError(std::string_view code, std::string_view param, std::string_view message, int indent);

// Whether ANSI colours may be used on stdout for --color `mode` (auto,
// always, never): always, or auto on a terminal unless NO_COLOR is set (to
// anything but "", https://no-color.org) or TERM is "dumb".
bool UseColor(const std::string& mode);

// Whether stderr is a terminal that can redraw a line in place: not when
// TERM is "dumb" (or unset), where "\r" and "\033[K" are not understood.
bool StderrCanRedraw();

// Columns of the terminal on `fd` (ioctl TIOCGWINSZ), else $COLUMNS, else 80.
int TerminalColumns(int fd);

// Edit distance (Damerau-Levenshtein, adjacent swaps cost 1) of a and b.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `typed` when it is close enough to be a typo
// (distance at most 1 for short words, 2 for 5 letters or more, or
// `typed` a prefix of exactly one candidate); "" otherwise.
std::string DidYouMean(std::string_view typed, const std::vector<std::string>& candidates);

// Checks argv[1] against the subcommands of `app` before CLI11 parses: an
// unknown command prints "sagasu: unknown command 'serch'. Did you mean
// 'search'?" and returns false (exit code 2).
bool CheckCommandName(const CLI::App& app, int argc, char** argv);

// Reports a CLI11 parse error in the one style ("sagasu: message", with a
// suggestion for a mistyped option) and returns the exit code: 0 for --help
// and --version, else 2.
int ReportParseError(CLI::App& app, const CLI::ParseError& e);

// "12.3 MiB".
std::string HumanBytes(double bytes);

// The settings file of a site, found from the current directory up.
inline constexpr const char* kConfigFileName = ".sagasu.toml";

// Help text of every --db option.
inline constexpr const char* kDbHelp =
    "Index directory. Default: $SAGASU_DB, else db = \"DIR\" in the nearest .sagasu.toml from the current "
    "directory up (relative to that file)";

// Fills an empty *db: from $SAGASU_DB, else from the `db` key of the nearest
// .sagasu.toml in the current directory or above (a relative path is taken
// from the file's directory). The flag wins over the variable, the variable
// over the file. *source (when not null) names where it came from.
// InvalidArgument when none gives one, or the file is not TOML with a string
// `db` and nothing else (naming the file and line).
Status ResolveDb(std::string* db, std::string* source = nullptr);

// Resolves *db (ResolveDb), then returns run(); a db that cannot be
// resolved is reported (exit code 2) and `run` is not called.
int RunWithDb(std::string* db, const std::function<int()>& run);

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
// `completion bash|zsh` and the hidden `help-man`, generated from the
// commands registered before it, and the examples at the foot of each
// command's --help. Call it after every other Add*Command.
void AddDocCommands(CLI::App& app, int* exit_code);

}  // namespace sagasu::cli
