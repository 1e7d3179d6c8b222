// `sagasu analyze`: shows how text is cut into index terms.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/cli_common.h"
#include "common/analyzer/normalizer.h"

namespace sagasu::cli {

void AddAnalyzeCommand(CLI::App& app, int* exit_code) {
  struct Args {
    std::vector<std::string> text;
    bool json = false;
    bool tokens = false;
    AnalyzerFlags analyzer;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "analyze", "Show the normalized index terms of TEXT with byte offsets into the original text");
  cmd->add_option("text", args->text, "Text to analyze (several arguments are joined with a space)")->required();
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->add_flag("--tokens", args->tokens, "Show every MeCab token with part of speech and reading");
  args->analyzer.Add(cmd);
  cmd->callback([args, exit_code] {
    std::string text;
    for (std::size_t i = 0; i < args->text.size(); ++i) text += (i ? " " : "") + args->text[i];
    std::unique_ptr<Analyzer> analyzer;
    if (Status s = Analyzer::Open(args->analyzer.ToOptions(), &analyzer); !s.ok()) {
      *exit_code = ReportError(s, "analyzer");
      return;
    }
    auto session = analyzer->NewSession();
    // Chunks MeCab could not tag are left out; say so rather than hide it.
    auto report_chunk_errors = [&session] {
      for (const Status& e : session->TakeChunkErrors()) std::fprintf(stderr, "sagasu: %s\n", e.ToString().c_str());
    };
    if (args->tokens) {
      auto tokens = session->Tokens(text);
      report_chunk_errors();
      if (args->json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& t : tokens) {
          out.push_back({{"surface", t.surface}, {"base", t.base}, {"pos", t.pos}, {"reading", t.reading},
                         {"begin", t.begin}, {"end", t.end}, {"term", t.is_term ? nlohmann::json(t.term) : nullptr},
                         {"original", text.substr(t.begin, t.end - t.begin)}});
        }
        std::puts(out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      } else {
        std::printf("%-16s %-8s %-28s %-12s %s\n", "surface", "offsets", "part of speech", "reading", "term");
        for (const auto& t : tokens) {
          std::printf("%-16s %3u-%-4u %-28s %-12s %s\n", t.surface.c_str(), t.begin, t.end, t.pos.c_str(),
                      t.reading.c_str(), t.is_term ? t.term.c_str() : "-");
        }
      }
      return;
    }
    std::vector<Term> terms;
    session->Analyze(text, 0, /*with_offsets=*/true, &terms);
    report_chunk_errors();
    if (args->json) {
      nlohmann::json out;
      out["text"] = text;
      out["normalized"] = Normalizer::Get().Normalize(text);
      out["terms"] = nlohmann::json::array();
      for (const auto& t : terms) {
        out["terms"].push_back({{"term", t.text}, {"position", t.position}, {"begin", t.begin}, {"end", t.end},
                                {"original", text.substr(t.begin, t.end - t.begin)}});
      }
      std::puts(out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
      std::printf("%-20s %5s  %-11s %s\n", "term", "pos", "bytes", "original");
      for (const auto& t : terms) {
        std::printf("%-20s %5u  %4u-%-6u %s\n", t.text.c_str(), t.position, t.begin, t.end,
                    text.substr(t.begin, t.end - t.begin).c_str());
      }
    }
  });
}

}  // namespace sagasu::cli
