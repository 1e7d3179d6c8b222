// `sagasu index`, `sagasu delete` and `sagasu stats`.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <nlohmann/json.hpp>

#include "cli/cli_common.h"
#include "storage/snapshot.h"
#include "indexer/index_writer.h"
#include "indexer/run_merger.h"

namespace sagasu::cli {

namespace {

// Parses "512M", "2G", "100000K" or plain bytes.
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

// SAGASU_DEBUG_TIMING: where the time of an IndexPaths run went.
void PrintTimings(const IndexTimings& t, bool ok) {
  for (const CommitTiming& c : t.commits) {
    std::fprintf(stderr, "sagasu: timing: commit of %llu docs: documents %.3fs, postings %.3fs, write %.3fs (%.1f MB)\n",
                 static_cast<unsigned long long>(c.docs), c.documents_seconds, c.postings_seconds, c.write_seconds,
                 c.batch_bytes / 1e6);
  }
  if (!ok) return;
  std::fprintf(stderr, "sagasu: timing: tokenize %.3fs, last commit %.3fs, flush %.3fs, merge %.3fs\n",
               t.tokenize_seconds, t.last_commit_seconds, t.flush_seconds, t.merge_seconds);
}

std::string HumanBytes(double b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (b >= 1024 && u < 4) b /= 1024, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, u ? "%.1f %s" : "%.0f %s", b, units[u]);
  return buf;
}

}  // namespace

void AddIndexCommand(CLI::App& app, int* exit_code) {
  struct Args {
    std::string db;
    std::vector<std::string> paths;
    int threads = 0;
    std::string memory_budget = "512M";
    std::vector<std::string> patterns;
    std::string max_file_size = "16M";
    bool json = false;
    bool quiet = false;
    bool no_sync = false;
    AnalyzerFlags analyzer;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "index",
      "Index posts into DIR, incrementally: new and edited documents are (re)indexed, unchanged ones skipped,\n"
      "and documents whose files vanished from an indexed directory are removed.");
  cmd->add_option("--db", args->db, "Index directory (created if missing)")->required();
  cmd->add_option("paths", args->paths,
                  "Directory of posts (recursive), a post file, a .jsonl file, or - for JSON Lines on stdin")
      ->required();
  cmd->add_option("--threads,-j", args->threads, "Tokenizer threads (default: all cores)")->check(CLI::Range(0, 1024));
  cmd->add_option("--memory-budget", args->memory_budget,
                  "Postings kept in memory before a run is written and committed, e.g. 256M, 2G (default 512M)");
  cmd->add_option("--pattern", args->patterns, "File name pattern taken from directories; may repeat (default *.md, *.markdown)")
      ->allow_extra_args(false);
  cmd->add_option("--max-file-size", args->max_file_size, "Larger files are skipped with an error (default 16M)");
  cmd->add_flag("--json", args->json, "Print the summary as JSON on stdout");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress bar");
  cmd->add_flag("--no-sync", args->no_sync, "Do not fsync commits (faster; a power loss may lose the last commit)");
  args->analyzer.Add(cmd);
  cmd->callback([args, exit_code] {
    IndexWriterOptions options;
    options.threads = args->threads;
    options.sync = !args->no_sync;
    if (!ParseBytes(args->memory_budget, &options.memory_budget)) {
      *exit_code = ReportError(Status::InvalidArgument("--memory-budget: '" + args->memory_budget + "' is not a size"));
      return;
    }
    if (!ParseBytes(args->max_file_size, &options.source.max_file_bytes)) {
      *exit_code = ReportError(Status::InvalidArgument("--max-file-size: '" + args->max_file_size + "' is not a size"));
      return;
    }
    if (!args->patterns.empty()) options.source.patterns = args->patterns;

    std::unique_ptr<IndexWriter> writer;
    if (Status s = IndexWriter::Open(args->db, args->analyzer.ToOptions(), options, &writer); !s.ok()) {
      *exit_code = ReportError(s);
      return;
    }
    const bool bar = !args->quiet && StderrIsTty();
    std::mutex out_mu;
    bool bar_shown = false;
    auto on_error = [&](const Status& s) {
      std::lock_guard lock(out_mu);
      if (bar_shown) std::fputs("\r\033[K", stderr);
      std::fprintf(stderr, "sagasu: skipped %s\n", s.message().c_str());
    };
    auto on_progress = [&](const IndexProgress& p) {
      if (!bar) return;
      std::lock_guard lock(out_mu);
      const double mbps = p.seconds > 0 ? p.bytes_done / p.seconds / 1e6 : 0;
      char line[256];
      if (p.bytes_total > 0) {
        const double frac = std::min(1.0, static_cast<double>(p.bytes_done) / p.bytes_total);
        const int width = 28, filled = static_cast<int>(frac * width);
        const double eta = frac > 0 ? p.seconds * (1 - frac) / frac : 0;
        std::snprintf(line, sizeof line, "\r\033[K[%s%s] %3.0f%%  %llu docs  %.1f MB/s  ETA %.0fs",
                      std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), frac * 100,
                      static_cast<unsigned long long>(p.inputs_done), mbps, eta);
      } else {
        std::snprintf(line, sizeof line, "\r\033[K%llu docs  %.1f MB/s", static_cast<unsigned long long>(p.inputs_done),
                      mbps);
      }
      std::fputs(line, stderr);
      bar_shown = true;
    };
    IndexPathsReport r;
    IndexTimings timings;
    Status s = writer->IndexPaths(args->paths, on_error, on_progress, &r, &timings);
    if (bar_shown) std::fputs("\r\033[K", stderr);
    if (std::getenv("SAGASU_DEBUG_TIMING")) PrintTimings(timings, s.ok());
    if (!s.ok()) {
      // A bad PATH is a usage error; anything else stopped a write.
      *exit_code = s.IsNotFound() || s.IsInvalidArgument() ? ReportError(s)
                                                           : ReportError(s, "index not updated past its last commit");
      if (s.IsNotFound()) *exit_code = kExitUsage;
      return;
    }
    const std::uint64_t ok_docs = r.added + r.updated + r.unchanged;
    if (args->json) {
      nlohmann::json j{{"db", args->db},         {"added", r.added},         {"updated", r.updated},
                       {"unchanged", r.unchanged}, {"removed", r.removed},   {"failed", r.failed},
                       {"bytes", r.bytes},       {"seconds", r.seconds},     {"commits", r.commits},
                       {"mb_per_second", r.seconds > 0 ? r.bytes / r.seconds / 1e6 : 0.0}};
      std::puts(j.dump(2).c_str());
    } else {
      std::fprintf(stderr,
                   "sagasu: read %s in %.2fs (%.1f MB/s): %llu added, %llu updated, %llu unchanged, %llu removed, "
                   "%llu failed\n",
                   HumanBytes(static_cast<double>(r.bytes)).c_str(), r.seconds,
                   r.seconds > 0 ? r.bytes / r.seconds / 1e6 : 0.0, static_cast<unsigned long long>(r.added),
                   static_cast<unsigned long long>(r.updated), static_cast<unsigned long long>(r.unchanged),
                   static_cast<unsigned long long>(r.removed), static_cast<unsigned long long>(r.failed));
    }
    // Non-zero only when inputs were given and none could be indexed.
    if (ok_docs == 0 && r.failed > 0) *exit_code = kExitFailure;
  });
}

void AddDeleteCommand(CLI::App& app, int* exit_code) {
  struct Args {
    std::string db;
    std::vector<std::string> ids;
    AnalyzerFlags analyzer;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("delete", "Delete documents by id (one atomic commit)");
  cmd->add_option("--db", args->db, "Index directory")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("ids", args->ids, "Document ids")->required();
  args->analyzer.Add(cmd);
  cmd->callback([args, exit_code] {
    std::unique_ptr<IndexWriter> writer;
    if (Status s = IndexWriter::Open(args->db, args->analyzer.ToOptions(), IndexWriterOptions{}, &writer); !s.ok()) {
      *exit_code = ReportError(s);
      return;
    }
    std::vector<std::string> missing;
    Status s = writer->Delete(args->ids, &missing);
    if (s.ok()) s = writer->Commit();
    if (!s.ok()) {
      *exit_code = ReportError(s);
      return;
    }
    for (const auto& id : missing) std::fprintf(stderr, "sagasu: no document with id '%s'\n", id.c_str());
    std::fprintf(stderr, "sagasu: deleted %zu of %zu\n", args->ids.size() - missing.size(), args->ids.size());
  });
}

void AddStatsCommand(CLI::App& app, int* exit_code) {
  struct Args {
    std::string db;
    bool json = false;
    AnalyzerFlags analyzer;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("stats", "Show what an index holds: documents, terms, postings, bytes");
  cmd->add_option("--db", args->db, "Index directory")->required();
  cmd->add_flag("--json", args->json, "Print JSON");
  args->analyzer.Add(cmd);
  cmd->callback([args, exit_code] {
    std::unique_ptr<Analyzer> analyzer;
    std::unique_ptr<Snapshot> reader;
    Status s = Analyzer::Open(args->analyzer.ToOptions(), &analyzer);
    if (s.ok()) s = Snapshot::Open(args->db, analyzer->Fingerprint(), &reader);
    if (!s.ok()) {
      *exit_code = ReportError(s);
      return;
    }
    Snapshot::Sizes sizes;
    if (Status s = reader->ComputeSizes(&sizes); !s.ok()) {
      *exit_code = ReportError(s);
      return;
    }
    const auto& st = reader->stats();
    const std::uint64_t versions = st.next_doc;
    if (args->json) {
      nlohmann::json j{{"db", args->db},
                       {"documents", st.live_docs},
                       {"document_versions", versions},
                       {"distinct_terms", sizes.distinct_terms},
                       {"postings", sizes.postings},
                       {"commits", st.commits},
                       {"avg_title_terms", reader->avg_title_len()},
                       {"avg_body_terms", reader->avg_body_len()},
                       {"bytes", sizes.total_bytes},
                       {"column_family_bytes", sizes.family_bytes},
                       {"tags", reader->facets(format::kFacetTag).size()},
                       {"categories", reader->facets(format::kFacetCategory).size()},
                       {"analyzer", reader->analyzer_description()}};
      std::puts(j.dump(2).c_str());
      return;
    }
    std::printf("index          %s\n", args->db.c_str());
    std::printf("documents      %llu (%llu versions written, %llu commits)\n",
                static_cast<unsigned long long>(st.live_docs), static_cast<unsigned long long>(versions),
                static_cast<unsigned long long>(st.commits));
    std::printf("distinct terms %llu\n", static_cast<unsigned long long>(sizes.distinct_terms));
    std::printf("postings       %llu\n", static_cast<unsigned long long>(sizes.postings));
    std::printf("avg terms      title %.1f, body %.1f\n", reader->avg_title_len(), reader->avg_body_len());
    std::printf("tags           %zu, categories %zu\n", reader->facets(format::kFacetTag).size(),
                reader->facets(format::kFacetCategory).size());
    std::printf("bytes on disk  %s\n", HumanBytes(static_cast<double>(sizes.total_bytes)).c_str());
    for (const auto& [cf, bytes] : sizes.family_bytes) {
      std::printf("  %-12s %s\n", cf.c_str(), HumanBytes(static_cast<double>(bytes)).c_str());
    }
    std::printf("analyzer       %s\n", reader->analyzer_description().c_str());
  });
}

}  // namespace sagasu::cli

namespace sagasu::cli {

void AddOptimizeCommand(CLI::App& app, int* exit_code) {
  struct Args {
    std::string db;
    bool json = false;
    AnalyzerFlags analyzer;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "optimize",
      "Merge every term's runs into one and drop deleted versions (sagasu index does this by itself\n"
      "when runs pile up)");
  cmd->add_option("--db", args->db, "Index directory")->required()->check(CLI::ExistingDirectory);
  cmd->add_flag("--json", args->json, "Print JSON");
  args->analyzer.Add(cmd);
  cmd->callback([args, exit_code] {
    std::unique_ptr<IndexWriter> writer;
    if (Status s = IndexWriter::Open(args->db, args->analyzer.ToOptions(), IndexWriterOptions{}, &writer); !s.ok()) {
      *exit_code = ReportError(s);
      return;
    }
    MergeReport r;
    if (Status s = writer->Optimize(&r); !s.ok()) {
      *exit_code = ReportError(s);
      return;
    }
    if (args->json) {
      nlohmann::json j{{"terms_rewritten", r.terms_rewritten}, {"runs_before", r.runs_before},
                       {"runs_after", r.runs_after},           {"postings_dropped", r.postings_dropped},
                       {"documents_purged", r.documents_purged}, {"seconds", r.seconds}};
      std::puts(j.dump(2).c_str());
    } else {
      std::fprintf(stderr, "sagasu: merged %llu postings runs into %llu in %.2fs; dropped %llu postings of %llu deleted versions\n",
                   static_cast<unsigned long long>(r.runs_before), static_cast<unsigned long long>(r.runs_after),
                   r.seconds, static_cast<unsigned long long>(r.postings_dropped),
                   static_cast<unsigned long long>(r.documents_purged));
    }
  });
}

}  // namespace sagasu::cli
