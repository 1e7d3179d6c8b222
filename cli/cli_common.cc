#include "cli/cli_common.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <cstdlib>
#include <cstring>

#include <nlohmann/json.hpp>

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

bool ParseBytes(const std::string& s, std::uint64_t* out) {
  if (s.empty()) return false;
  std::size_t end = 0;
  double v;
  try {
    v = std::stod(s, &end);
  } catch (...) {
    return false;
  }
  std::string unit = s.substr(end);
  double mult = 1;
  if (unit == "K" || unit == "k" || unit == "KiB") mult = 1024.0;
  else if (unit == "M" || unit == "m" || unit == "MiB") mult = 1024.0 * 1024;
  else if (unit == "G" || unit == "g" || unit == "GiB") mult = 1024.0 * 1024 * 1024;
  else if (!unit.empty()) return false;
  if (v <= 0) return false;
  *out = static_cast<std::uint64_t>(v * mult);
  return true;
}

void CacheFlags::Add(CLI::App* app) {
  app->add_option("--cache-size", size,
                  "Memory for index blocks read from disk, shared by the searches (e.g. 512M, 2G): a block is "
                  "decompressed once and kept while it fits. Taken only as blocks are read. Default: a quarter of "
                  "the machine's memory (or of a container's limit), at least 256M and at most 8G");
}

Status CacheFlags::Apply(IndexOptions* options) const {
  if (size.empty()) return Status::OK();
  if (!ParseBytes(size, &options->cache_size)) {
    return Status::InvalidArgument("--cache-size: '" + size + "' is not a size (e.g. 512M, 2G)");
  }
  return Status::OK();
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
  app->add_option("--proximity,--proximity-weight", ranking.proximity_weight,
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

namespace {

// Set by SetJsonErrors: the indent of JSON errors, or nullopt for text.
std::optional<int> json_errors;

// "--memory-budget: ..." -> "memory_budget": the request vocabulary's name
// of the flag a message starts with; "" when it starts with none.
std::string ParamOf(std::string_view message) {
  std::size_t at = 0;
  while (at < message.size() && message[at] == '-') ++at;
  if (at == 0 || at > 2) return "";
  std::string name;
  for (; at < message.size(); ++at) {
    const char c = message[at];
    if (c == '-' || c == '_') {
      name += '_';
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      name += c;
    } else {
      break;
    }
  }
  return name;
}

std::string_view CodeOf(const Status& s) {
  switch (s.code()) {
    case Status::Code::kInvalidArgument: return "invalid_parameter";
    case Status::Code::kNotFound: return "not_found";
    case Status::Code::kCorruption: return "index_corrupt";
    case Status::Code::kIOError: return "io_error";
    case Status::Code::kNotSupported: return "not_supported";
    default: return "internal";
  }
}

// Prints a parse error: a line on stderr, and with --json the JSON on stdout.
void PrintUsageError(std::string_view code, std::string_view param, const std::string& message) {
  if (json_errors) std::puts(JsonError(code, param, message, *json_errors).c_str());
  std::fprintf(stderr, "sagasu: %s\n", message.c_str());
}

}  // namespace

int ReportError(const Status& s, const std::string& what) {
  return ReportErrorAs(s, CodeOf(s), ParamOf(s.message()), what);
}

int ReportErrorAs(const Status& s, std::string_view code, std::string_view param, const std::string& what) {
  const std::string message = what.empty() ? s.message() : what + ": " + s.message();
  if (json_errors) std::puts(JsonError(code, param, message, *json_errors).c_str());
  std::fprintf(stderr, "sagasu: %s\n", message.c_str());
  if (s.IsInvalidArgument()) return kExitUsage;
  return kExitFailure;
}

void AddJsonFlags(CLI::App* cmd, bool* json, bool* pretty, const std::string& help) {
  cmd->add_flag("--json", *json,
                help + ". One line unless stdout is a terminal or --pretty is given; errors as "
                       "{\"error\":{\"code\",\"param\",\"message\"}} on stdout (and the line on stderr)");
  cmd->add_flag("--pretty", *pretty, "With --json: indented, even when stdout is not a terminal");
}

int JsonIndent(bool pretty) { return pretty || StdoutIsTty() ? 2 : -1; }

void SetJsonErrors(bool on, bool pretty) {
  if (on) {
    json_errors = JsonIndent(pretty);
  } else {
    json_errors.reset();
  }
}

std::string JsonError(std::string_view code, std::string_view param, std::string_view message, int indent) {
  nlohmann::json e = {{"code", std::string(code)}};
  if (!param.empty()) e["param"] = std::string(param);
  e["message"] = std::string(message);
  return nlohmann::json{{"error", e}}.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
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

namespace {

bool EnvSet(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0';
}

bool DumbTerminal() {
  const char* term = std::getenv("TERM");
  return term == nullptr || *term == '\0' || std::strcmp(term, "dumb") == 0;
}

}  // namespace

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return StdoutIsTty() && !EnvSet("NO_COLOR") && !DumbTerminal();
}

bool StderrCanRedraw() { return StderrIsTty() && !DumbTerminal(); }

int TerminalColumns(int fd) {
  winsize ws{};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS"); c != nullptr) {
    char* end = nullptr;
    const long n = std::strtol(c, &end, 10);
    if (end != c && *end == '\0' && n > 0 && n < 100000) return static_cast<int>(n);
  }
  return 80;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance; rows of the (|a|+1) x (|b|+1) table.
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string DidYouMean(std::string_view typed, const std::vector<std::string>& candidates) {
  // Typed words are short: a typo of a long word costs O(|typed| * |candidate|) at most,
  // and an argument longer than any name cannot be one.
  if (typed.empty() || typed.size() > 64) return "";
  const std::size_t allowed = typed.size() >= 5 ? 2 : 1;
  std::string best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = EditDistance(typed, c);
    if (d < best_distance) best_distance = d, best = c;
  }
  if (!best.empty()) return best;
  std::vector<std::string> prefixed;
  for (const std::string& c : candidates) {
    if (c.size() > typed.size() && c.compare(0, typed.size(), typed) == 0) prefixed.push_back(c);
  }
  return prefixed.size() == 1 ? prefixed[0] : "";
}

namespace {

// The visible subcommand names of `app`.
std::vector<std::string> CommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (!sub->get_group().empty()) names.push_back(sub->get_name());
  }
  return names;
}

// "--limit" and "-n" for each option of `app` (and the --help of every app).
std::vector<std::string> OptionNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
    for (const std::string& s : opt->get_snames()) names.push_back("-" + s);
  }
  return names;
}

// "sagasu search" for the deepest subcommand parsed, "sagasu" for none.
const CLI::App* ParsedCommand(const CLI::App& app) {
  const CLI::App* at = &app;
  for (;;) {
    const std::vector<const CLI::App*> subs = at->get_subcommands([](const CLI::App* s) { return s->parsed(); });
    if (subs.empty()) return at;
    at = subs.front();
  }
}

std::string CommandPath(const CLI::App* cmd) {
  std::string path;
  for (const CLI::App* at = cmd; at != nullptr; at = at->get_parent()) {
    path = at->get_name() + (path.empty() ? "" : " " + path);
  }
  return path;
}

}  // namespace

bool CheckCommandName(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return true;
  const std::string typed = argv[1];
  const std::vector<std::string> names = CommandNames(app);
  if (std::find(names.begin(), names.end(), typed) != names.end()) return true;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->check_name(typed)) return true;  // a hidden command
  }
  const std::string guess = DidYouMean(typed, names);
  if (!guess.empty()) {
    std::fprintf(stderr, "sagasu: unknown command '%s'. Did you mean '%s'?\n", typed.c_str(), guess.c_str());
  } else {
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    std::fprintf(stderr, "sagasu: unknown command '%s'. Commands: %s (see 'sagasu --help')\n", typed.c_str(),
                 list.c_str());
  }
  return false;
}

int ReportParseError(CLI::App& app, const CLI::ParseError& e) {
  if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);  // --help, --version
  const CLI::App* cmd = ParsedCommand(app);
  const std::string path = CommandPath(cmd);
  // --json and --pretty are flags: parsed by now whatever else failed.
  if (const CLI::Option* json = cmd->get_option_no_throw("--json"); json != nullptr && json->count() > 0) {
    const CLI::Option* pretty = cmd->get_option_no_throw("--pretty");
    SetJsonErrors(true, pretty != nullptr && pretty->count() > 0);
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    std::vector<std::string> options = OptionNames(*cmd);
    for (const std::string& extra : app.remaining(true)) {
      if (extra.size() > 1 && extra[0] == '-') {
        const std::string name = extra.substr(0, extra.find('='));
        const std::string guess = DidYouMean(name, options);
        PrintUsageError("unknown_parameter", ParamOf(name),
                        guess.empty() ? "unknown option '" + name + "' (see '" + path + " --help')"
                                      : "unknown option '" + name + "'. Did you mean '" + guess + "'?");
      } else if (cmd == &app) {
        PrintUsageError("unknown_command", "", "unknown command '" + extra + "' (see 'sagasu --help')");
      } else {
        PrintUsageError("unknown_parameter", "", "unexpected argument '" + extra + "' (see '" + path + " --help')");
      }
      if (json_errors) break;  // one JSON document
    }
    return kExitUsage;
  }
  std::string message = e.what();
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr && cmd == &app) {
    message = "a command is required: " + [&] {
      std::string list;
      for (const std::string& n : CommandNames(app)) list += (list.empty() ? "" : ", ") + n;
      return list;
    }();
  }
  const bool missing = dynamic_cast<const CLI::RequiredError*>(&e) != nullptr;
  PrintUsageError(missing ? "missing_parameter" : "invalid_parameter", ParamOf(message),
                  message + " (see '" + path + " --help')");
  return kExitUsage;
}

}  // namespace sagasu::cli
