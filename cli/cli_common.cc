#include "cli/cli_common.h"

#include <unistd.h>

#include <cstdio>

namespace sagasu::cli {

void AnalyzerFlags::Add(CLI::App* app) {
  app->add_option("--dicdir", dicdir, "MeCab system dictionary directory (UTF-8). Default: IPAdic UTF-8")
      ->check(CLI::ExistingDirectory)
      ->group("Analyzer");
  app->add_option("--user-dic", user_dics, "Extra MeCab user dictionary (.dic); may repeat")
      ->allow_extra_args(false)
      ->check(CLI::ExistingFile)
      ->group("Analyzer");
  app->add_flag("--no-builtin-dic", no_builtin, "Do not load sagasu's own user dictionary")->group("Analyzer");
}

AnalyzerOptions AnalyzerFlags::ToOptions() const {
  AnalyzerOptions o;
  o.dicdir = dicdir;
  o.user_dics = user_dics;
  o.use_builtin_user_dic = !no_builtin;
  return o;
}

int ReportError(const Status& s, const std::string& what) {
  std::fprintf(stderr, "sagasu: %s%s%s\n", what.c_str(), what.empty() ? "" : ": ", s.ToString().c_str());
  if (s.IsInvalidArgument()) return kExitUsage;
  return kExitFailure;
}

bool StdoutIsTty() { return isatty(STDOUT_FILENO) == 1; }
bool StderrIsTty() { return isatty(STDERR_FILENO) == 1; }

}  // namespace sagasu::cli
