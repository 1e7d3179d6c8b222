// sagasu: full-text search for Japanese article archives.
#include <CLI/CLI.hpp>

#include <string>

#include "cli/cli_common.h"
#include "sagasu/types.h"

namespace sagasu::cli {
// cli/snapshot_cmd.cc
void AddSnapshotCommand(CLI::App& app, int* exit_code);
}  // namespace sagasu::cli

int main(int argc, char** argv) {
  CLI::App app{
      "sagasu (探す): full-text search for Japanese article archives.\n"
      "Markdown/Jekyll/Hugo posts or JSON Lines in, ranked and highlighted results out.\n\n"
      "Exit codes: 0 success, 1 the work could not be done (I/O error, damaged index; `check`: damaged),\n"
      "2 bad arguments or query.",
      "sagasu"};
  app.set_version_flag("--version", std::string("sagasu ") + sagasu::Version());
  app.require_subcommand(1);
  app.fallthrough();
  int exit_code = sagasu::cli::kExitOk;
  sagasu::cli::AddIndexCommand(app, &exit_code);
  sagasu::cli::AddSearchCommand(app, &exit_code);
  sagasu::cli::AddServeCommand(app, &exit_code);
  sagasu::cli::AddDeleteCommand(app, &exit_code);
  sagasu::cli::AddStatsCommand(app, &exit_code);
  sagasu::cli::AddOptimizeCommand(app, &exit_code);
  sagasu::cli::AddCheckCommand(app, &exit_code);
  sagasu::cli::AddSnapshotCommand(app, &exit_code);
  sagasu::cli::AddAnalyzeCommand(app, &exit_code);
  sagasu::cli::AddDocCommands(app, &exit_code);  // last: it documents the commands above
  if (!sagasu::cli::CheckCommandName(app, argc, argv)) return sagasu::cli::kExitUsage;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return sagasu::cli::ReportParseError(app, e);
  }
  return exit_code;
}
