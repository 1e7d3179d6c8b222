// `sagasu analyze`: shows how text is cut into index terms.
#include <cstdio>

#include "cli/cli_common.h"
#include "sagasu/json.h"

namespace sagasu::cli {

namespace {

struct AnalyzeArgs {
  std::vector<std::string> text;
  bool json = false, pretty = false;
  bool tokens = false;
  AnalyzerFlags analyzer;
};

void PrintTokens(const TextAnalysis& a) {
  std::printf("%-16s %-8s %-28s %-12s %s\n", "surface", "offsets", "part of speech", "reading", "term");
  for (const AnalyzedToken& t : a.tokens) {
    std::printf("%-16s %3u-%-4u %-28s %-12s %s\n", t.surface.c_str(), t.begin, t.end, t.pos.c_str(),
                t.reading.c_str(), t.is_term ? t.term.c_str() : "-");
  }
  std::printf("reading stream: %s\n", a.reading.c_str());
}

void PrintTerms(const TextAnalysis& a) {
  std::printf("%-20s %5s  %-11s %s\n", "term", "pos", "bytes", "original");
  for (const AnalyzedTerm& t : a.terms) {
    std::printf("%-20s %5u  %4u-%-6u %s\n", t.term.c_str(), t.position, t.begin, t.end,
                a.text.substr(t.begin, t.end - t.begin).c_str());
  }
  std::printf("reading stream: %s\n", a.reading.c_str());
}

int RunAnalyze(const AnalyzeArgs& args) {
  std::string text;
  for (std::size_t i = 0; i < args.text.size(); ++i) text += (i ? " " : "") + args.text[i];
  std::unique_ptr<TextAnalyzer> analyzer;
  if (Status s = TextAnalyzer::Open(MakeIndexOptions(args.analyzer, IndexOptions::Mode::kReadOnly), &analyzer);
      !s.ok()) {
    return ReportError(s, "analyzer");
  }
  Result<TextAnalysis> a = analyzer->Analyze(text, args.tokens);
  if (!a.ok()) return ReportError(a.status());
  for (const std::string& w : a->warnings) std::fprintf(stderr, "sagasu: %s\n", w.c_str());
  if (args.json) {
    std::puts(TextAnalysisToJson(*a, args.tokens, JsonIndent(args.pretty)).c_str());
  } else if (args.tokens) {
    PrintTokens(*a);
  } else {
    PrintTerms(*a);
  }
  return kExitOk;
}

}  // namespace

void AddAnalyzeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "analyze", "Show the normalized index terms of TEXT with byte offsets into the original text, and its "
      "reading stream (the folded readings kana queries match)");
  cmd->add_option("text", args->text, "Text to analyze (several arguments are joined with a space)")->required();
  AddJsonFlags(cmd, &args->json, &args->pretty, "Print JSON");
  cmd->add_flag("--tokens", args->tokens, "Show every MeCab token with part of speech and reading");
  args->analyzer.Add(cmd);
  cmd->callback([args, exit_code] {
    SetJsonErrors(args->json, args->pretty);
    *exit_code = RunAnalyze(*args);
  });
}

}  // namespace sagasu::cli
