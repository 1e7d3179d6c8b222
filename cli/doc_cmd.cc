// The examples at the foot of every `--help`, and what is generated from the
// help: the man page (`sagasu help-man`, hidden; the build writes
// sagasu.1 with it) and shell completions (`sagasu completion bash|zsh`).
// Both walk the registered commands and options, so they cannot drift from
// the flags.
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/cli_common.h"

namespace sagasu::cli {

namespace {

// Examples per command, real searches on a blog; shown as the --help footer
// and in the man page.
const std::map<std::string, std::string>& Examples() {
  static const std::map<std::string, std::string> kExamples = {
      {"", "  sagasu index --db blog.db ~/blog             # a Jekyll or Hugo site root\n"
           "  sagasu search --db blog.db 梅雨 北海道\n"
           "  echo 'db = \".sagasu-db\"' > .sagasu.toml    # then no --db in this folder and below\n"
           "  sagasu serve --port 8080                     # the JSON API and a search page"},
      {"index", "  sagasu index --db blog.db ~/blog             # a site root: its config, URLs, publication rules\n"
                "  sagasu index --db blog.db _posts/2024-06-18-tsuyu-to-hokkaido.md\n"
                "  sagasu index --db news.db --prune feed.jsonl  # records that left the feed leave the index\n"
                "  zcat feed.jsonl.gz | sagasu index --db news.db -\n"
                "  sagasu index --json . | jq '.errors[]'      # the inputs that failed"},
      {"search", "  sagasu search --db blog.db 梅雨 北海道\n"
                 "  sagasu search --db blog.db --tag 旅行 --since 2024-06 --sort date 北海道\n"
                 "  sagasu search --db blog.db '\"液浸冷却\" -ラーメン'\n"
                 "  sagasu search --json --page 2 --size 5 データセンター | jq -r '.hits[].title'\n"
                 "  sagasu search --db blog.db --batch queries.tsv > run.tsv"},
      {"serve", "  sagasu serve --db blog.db --port 8080\n"
                "  sagasu serve --db blog.db --cors-origin https://blog.example.com --access-log access.log"},
      {"delete", "  sagasu delete --db blog.db _posts/2024-06-18-tsuyu-to-hokkaido"},
      {"stats", "  sagasu stats --db blog.db\n"
                "  sagasu stats --json | jq .documents"},
      {"optimize", "  sagasu optimize --db blog.db"},
      {"check", "  sagasu check --db blog.db || echo 'damaged: rebuild it'"},
      {"snapshot", "  sagasu snapshot --db blog.db releases/$(date +%Y%m%d%H%M%S)\n"
                   "  rsync -a releases/ replica:/srv/sagasu/releases/   # then swap the replicas' current symlink"},
      {"analyze", "  sagasu analyze 梅雨のない北海道へ逃げてみた\n"
                  "  sagasu analyze --tokens 髙橋さんと打ち合わせ"},
      {"completion", "  sagasu completion bash > ~/.local/share/bash-completion/completions/sagasu\n"
                     "  sagasu completion zsh > ~/.zfunc/_sagasu         # a folder on $fpath"},
  };
  return kExamples;
}

std::vector<const CLI::App*> VisibleCommands(const CLI::App& app) {
  std::vector<const CLI::App*> out;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (!sub->get_group().empty()) out.push_back(sub);
  }
  return out;
}

// The options of `cmd` a user types, help first.
std::vector<const CLI::Option*> VisibleOptions(const CLI::App& cmd) {
  std::vector<const CLI::Option*> out;
  for (const CLI::Option* opt : cmd.get_options()) {
    if (!opt->get_group().empty() && opt->nonpositional()) out.push_back(opt);
  }
  return out;
}

// Flags expect no value (CLI11 sets expected(0) on them).
bool TakesValue(const CLI::Option& opt) { return opt.get_expected_max() > 0 && opt.get_type_size_max() > 0; }

// The values an option accepts when its checks list them ("TEXT:{all,any}",
// "TEXT:score|date|date-asc"); empty when they do not.
std::vector<std::string> Choices(const CLI::Option& opt) {
  const std::string type = opt.get_type_name();
  const std::size_t colon = type.find(':');
  if (colon == std::string::npos) return {};
  std::string list = type.substr(colon + 1);
  char sep = '|';
  if (list.size() > 2 && list.front() == '{' && list.back() == '}') list = list.substr(1, list.size() - 2), sep = ',';
  if (list.find(sep) == std::string::npos || list.find(' ') != std::string::npos) return {};
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string v; std::getline(in, v, sep);) out.push_back(v);
  return out;
}

std::string OptionNamesOf(const CLI::Option& opt, const char* sep) {
  std::string out;
  for (const std::string& l : opt.get_lnames()) out += (out.empty() ? "" : sep) + ("--" + l);
  for (const std::string& s : opt.get_snames()) out += (out.empty() ? "" : sep) + ("-" + s);
  return out;
}

// ---- man page ---------------------------------------------------------------

// Text for roff: backslashes escaped, no line starting with a control
// character, hyphens of option names kept as hyphens.
std::string Roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

std::string ManPage(const CLI::App& app) {
  std::string m;
  m += ".\\\" Generated by `sagasu help-man` from the command line's own help; do not edit.\n";
  m += ".TH SAGASU 1 \"\" \"sagasu " + std::string(Version()) + "\" \"User Commands\"\n";
  m += ".SH NAME\nsagasu \\- full\\-text search for Japanese article archives\n";
  m += ".SH SYNOPSIS\n.B sagasu\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIARGS\\fR]\n";
  m += ".SH DESCRIPTION\n" + Roff(app.get_description()) + "\n";
  m += ".SH COMMANDS\n";
  for (const CLI::App* cmd : VisibleCommands(app)) {
    std::string positionals;
    for (const CLI::Option* opt : cmd->get_options()) {
      if (!opt->nonpositional()) positionals += " " + opt->get_name();
    }
    m += ".SS \"sagasu " + cmd->get_name() + " [options]" + Roff(positionals) + "\"\n";
    m += Roff(cmd->get_description()) + "\n";
    for (const CLI::Option* opt : VisibleOptions(*cmd)) {
      m += ".TP\n\\fB" + Roff(OptionNamesOf(*opt, ", ")) + "\\fR";
      if (TakesValue(*opt)) m += " \\fI" + Roff(opt->get_type_name()) + "\\fR";
      m += "\n" + Roff(opt->get_description()) + "\n";
    }
    if (auto it = Examples().find(cmd->get_name()); it != Examples().end()) {
      m += ".PP\nExamples:\n.PP\n.nf\n.RS 4\n" + Roff(it->second) + "\n.RE\n.fi\n";
    }
  }
  m += ".SH ENVIRONMENT\n"
       ".TP\n.B SAGASU_DB\nThe index directory when \\-\\-db is not given (before .sagasu.toml).\n"
       ".TP\n.B NO_COLOR\nSet to anything but the empty string: no colour with \\-\\-color auto.\n"
       ".TP\n.B TERM\n\\fBdumb\\fR: no colour with \\-\\-color auto, and no progress bar.\n"
       ".TP\n.B COLUMNS\nThe width of the progress bar when the terminal does not tell it.\n"
       ".TP\n.B SAGASU_USER_DIC\nsagasu's own user dictionary, instead of the installed one.\n";
  m += ".SH FILES\n.TP\n.B .sagasu.toml\nIn a site's root (found from the working directory up): "
       "\\fBdb = \"DIR\"\\fR, the index directory, relative to the file.\n";
  m += ".SH EXIT STATUS\n0 success (\\fBcheck\\fR: the index is whole); 1 the work could not be done "
       "(I/O error, damaged index); 2 bad arguments or query.\n";
  m += ".SH EXAMPLES\n.nf\n.RS 4\n" + Roff(Examples().at("")) + "\n.RE\n.fi\n";
  return m;
}

// ---- completions ------------------------------------------------------------

std::string Join(const std::vector<std::string>& v, const char* sep = " ") {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string BashCompletion(const CLI::App& app) {
  std::string cases, value_cases;
  std::vector<std::string> commands;
  std::map<std::string, std::vector<std::string>> choices;  // option -> values (same in every command)
  std::vector<std::string> valued;
  for (const CLI::App* cmd : VisibleCommands(app)) {
    commands.push_back(cmd->get_name());
    std::vector<std::string> names;
    for (const CLI::Option* opt : VisibleOptions(*cmd)) {
      for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
      if (TakesValue(*opt)) {
        for (const std::string& l : opt->get_lnames()) {
          valued.push_back("--" + l);
          if (auto c = Choices(*opt); !c.empty()) choices["--" + l] = c;
        }
      }
    }
    cases += "    " + cmd->get_name() + ") opts=\"" + Join(names) + "\" ;;\n";
  }
  for (const auto& [opt, values] : choices) {
    value_cases += "    " + opt + ") COMPREPLY=($(compgen -W \"" + Join(values) + "\" -- \"$cur\")); return ;;\n";
  }
  std::string s;
  s += "# bash completion for sagasu; generated by `sagasu completion bash`.\n";
  s += "_sagasu() {\n";
  s += "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i\n";
  s += "  for ((i = 1; i < COMP_CWORD; i++)); do\n";
  s += "    case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac\n";
  s += "  done\n";
  s += "  if [[ -z $cmd ]]; then\n";
  s += "    COMPREPLY=($(compgen -W \"" + Join(commands) + " --help --version\" -- \"$cur\"))\n";
  s += "    return\n";
  s += "  fi\n";
  s += "  case $prev in\n" + value_cases + "  esac\n";
  s += "  local opts=\n";
  s += "  case $cmd in\n" + cases + "  esac\n";
  s += "  if [[ $cur == -* ]]; then\n";
  s += "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n";
  s += "  else\n";
  s += "    COMPREPLY=($(compgen -f -- \"$cur\"))\n";
  s += "  fi\n";
  s += "}\n";
  s += "complete -o filenames -F _sagasu sagasu\n";
  return s;
}

// A description for zsh's _arguments: its first line, without the
// characters that end the field.
std::string ZshText(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, text.find('\n'))) {
    if (c == '[' || c == ']') c = c == '[' ? '(' : ')';
    if (c == '\'') {
      out += "'\\''";
    } else if (c == ':' || c == '\\') {
      out += '\\', out += c;
    } else {
      out += c;
    }
  }
  // Long descriptions are cut at the first sentence ("e.g. " ends none).
  for (std::size_t dot = out.find(". "); dot != std::string::npos; dot = out.find(". ", dot + 1)) {
    if (dot < 3 || out.compare(dot - 3, 3, "e.g") != 0) {
      out.resize(dot);
      break;
    }
  }
  return out;
}

std::string ZshCompletion(const CLI::App& app) {
  std::string s;
  s += "#compdef sagasu\n# zsh completion for sagasu; generated by `sagasu completion zsh`.\n";
  s += "_sagasu() {\n  local -a commands\n  commands=(\n";
  for (const CLI::App* cmd : VisibleCommands(app)) {
    s += "    '" + cmd->get_name() + ":" + ZshText(cmd->get_description()) + "'\n";
  }
  s += "  )\n";
  s += "  if (( CURRENT == 2 )); then\n    _describe 'command' commands\n    return\n  fi\n";
  s += "  local cmd=${words[2]}\n  shift words\n  (( CURRENT-- ))\n  case $cmd in\n";
  for (const CLI::App* cmd : VisibleCommands(app)) {
    s += "    " + cmd->get_name() + ")\n      _arguments -s";
    for (const CLI::Option* opt : VisibleOptions(*cmd)) {
      std::vector<std::string> names;
      for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
      for (const std::string& n : opt->get_snames()) names.push_back("-" + n);
      std::string value;
      if (TakesValue(*opt)) {
        const std::vector<std::string> c = Choices(*opt);
        value = ":value:" + (c.empty() ? std::string("_files") : "(" + Join(c) + ")");
      }
      const bool repeat = TakesValue(*opt) && opt->get_expected_max() > 1;
      for (const std::string& n : names) {
        s += " \\\n        '" + std::string(repeat ? "*" : "") + n + "[" + ZshText(opt->get_description()) + "]" +
             value + "'";
      }
    }
    s += " \\\n        '*:argument:_files'\n      ;;\n";
  }
  s += "  esac\n}\n_sagasu \"$@\"\n";
  return s;
}

// Writes `text` to `path`, or stdout for "" or "-".
int Emit(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return ReportError(Status::IOError("cannot write " + path));
  return kExitOk;
}

}  // namespace

void AddDocCommands(CLI::App& app, int* exit_code) {
  // Registered last: the generators see every other command.
  auto man_out = std::make_shared<std::string>();
  CLI::App* man = app.add_subcommand("help-man", "Print the man page, made from the commands' help (for the build)");
  man->group("");  // hidden
  man->add_option("--output,-o", *man_out, "Write it to FILE instead of stdout");
  man->callback([&app, man_out, exit_code] { *exit_code = Emit(ManPage(app), *man_out); });

  auto shell = std::make_shared<std::string>();
  auto completion_out = std::make_shared<std::string>();
  CLI::App* completion = app.add_subcommand("completion", "Print the shell completion script for bash or zsh");
  completion->add_option("shell", *shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
  completion->add_option("--output,-o", *completion_out, "Write it to FILE instead of stdout");
  completion->callback([&app, shell, completion_out, exit_code] {
    *exit_code = Emit(*shell == "bash" ? BashCompletion(app) : ZshCompletion(app), *completion_out);
  });

  // The examples: the app's after its subcommands exist (a subcommand copies
  // its parent's footer when created).
  for (CLI::App* cmd : app.get_subcommands([](CLI::App*) { return true; })) {
    if (auto it = Examples().find(cmd->get_name()); it != Examples().end()) cmd->footer("Examples:\n" + it->second);
  }
  app.footer("Examples:\n" + Examples().at("") + "\n\nRun 'sagasu COMMAND --help' for a command's options.");
}

}  // namespace sagasu::cli
