// `sagasu index`, `sagasu delete`, `sagasu stats` and `sagasu optimize`.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "cli/cli_common.h"
#include "sagasu/json.h"

namespace sagasu::cli {

namespace {

// 7367 -> "7,367".
std::string GroupDigits(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
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

struct IndexArgs {
  std::string db;
  std::vector<std::string> paths;
  int threads = 0;
  std::string memory_budget = "512M";
  std::vector<std::string> patterns;
  std::vector<std::string> excludes;
  bool no_default_excludes = false;
  bool prune = false;
  bool drafts = false, unpublished = false, future = false, expired = false;
  std::string time_zone;
  std::optional<std::string> base_url;
  std::string max_file_size = "16M";
  bool json = false, pretty = false;
  bool quiet = false;
  bool no_sync = false;
  std::string reanalyze = "changed";
  AnalyzerFlags analyzer;
};

void AddIndexFlags(CLI::App* cmd, IndexArgs* a) {
  cmd->add_option("--db", a->db, std::string(kDbHelp) + ". Created if missing");
  cmd->add_option("paths", a->paths,
                  "Directory of posts (recursive), a post file, a .jsonl file, or - for JSON Lines on stdin "
                  "(none: only bring the index to changed dictionaries or folding rules, see --reanalyze)");
  cmd->add_option("--reanalyze", a->reanalyze,
                  "An index built with other dictionaries or folding rules: 'changed' (default) re-analyzes, from "
                  "the stored text, the documents a user dictionary or folding rule change affects; 'all' every "
                  "document, for any change (another system dictionary too); 'never' refuses")
      ->check(CLI::IsMember({"changed", "all", "never"}));
  cmd->add_option("--threads,-j", a->threads, "Tokenizer threads (default: all cores)")
      ->check(InRange(limits::kThreads));
  cmd->add_option("--memory-budget", a->memory_budget,
                  "Postings kept in memory before a run is written and committed, e.g. 256M, 2G (default 512M)");
  cmd->add_option("--pattern", a->patterns,
                  "File name pattern taken from directories; may repeat (default *.md, *.markdown)")
      ->allow_extra_args(false);
  cmd->add_option("--exclude", a->excludes,
                  "Leave out matching files and folders; may repeat. A pattern without / matches a name at any "
                  "depth (drafts, *.tmp.md), one with / the path inside the directory (notes/*.md)")
      ->allow_extra_args(false);
  cmd->add_flag("--no-default-excludes", a->no_default_excludes,
                "Also read _site, public, resources, vendor and node_modules (left out by default)");
  cmd->add_flag("--prune", a->prune,
                "Remove indexed documents that no input produced this run (re-index a whole JSON Lines feed); "
                "skipped when an input fails");
  cmd->add_option("--timezone", a->time_zone,
                  "Time zone of dates without an offset in a site whose config names none (e.g. Asia/Tokyo; "
                  "default: this machine's)");
  cmd->add_option("--base-url", a->base_url, "Base of every URL of a site, instead of its baseurl/baseURL (e.g. /blog)");
  cmd->add_flag("--drafts", a->drafts,
                "Also index drafts (Jekyll _drafts/; Hugo draft: true and published: false)");
  cmd->add_flag("--unpublished", a->unpublished, "Also index Jekyll posts with published: false");
  cmd->add_flag("--future", a->future, "Also index posts dated (or with publishDate) in the future");
  cmd->add_flag("--expired", a->expired, "Also index posts past their expiryDate");
  cmd->add_option("--max-file-size", a->max_file_size, "Larger files are skipped with an error (default 16M)");
  AddJsonFlags(cmd, &a->json, &a->pretty,
               "Print the summary as JSON on stdout, with the messages of the inputs that failed (\"errors\")");
  cmd->add_flag("--quiet,-q", a->quiet, "No progress bar");
  cmd->add_flag("--no-sync", a->no_sync, "Do not fsync commits (faster; a power loss may lose the last commit)");
  a->analyzer.Add(cmd);
}

// The index options the flags ask for; InvalidArgument naming a bad size.
Status BuildIndexOptions(const IndexArgs& a, IndexOptions* o) {
  *o = MakeIndexOptions(a.analyzer, IndexOptions::Mode::kReadWrite);
  o->threads = a.threads;
  o->sync = !a.no_sync;
  if (!ParseBytes(a.memory_budget, &o->memory_budget)) {
    return Status::InvalidArgument("--memory-budget: '" + a.memory_budget + "' is not a size");
  }
  SAGASU_RETURN_IF_ERROR(CheckLimit(limits::kMemoryBudget, static_cast<double>(o->memory_budget), "--memory-budget"));
  if (!ParseBytes(a.max_file_size, &o->max_file_bytes)) {
    return Status::InvalidArgument("--max-file-size: '" + a.max_file_size + "' is not a size");
  }
  if (!a.patterns.empty()) o->patterns = a.patterns;
  if (a.no_default_excludes) o->exclude.clear();
  o->exclude.insert(o->exclude.end(), a.excludes.begin(), a.excludes.end());
  o->prune = a.prune;
  o->drafts = a.drafts;
  o->unpublished = a.unpublished;
  o->time_zone = a.time_zone;
  o->base_url = a.base_url;
  o->future = a.future;
  o->expired = a.expired;
  o->reanalyze = a.reanalyze == "all"     ? IndexOptions::Reanalyze::kAll
                 : a.reanalyze == "never" ? IndexOptions::Reanalyze::kNever
                                          : IndexOptions::Reanalyze::kChanged;
  return Status::OK();
}

// "3.1 MiB" and "7.4 MiB" in one unit: "3.1 of 7.4 MiB".
std::string BytesOfTotal(std::uint64_t done, std::uint64_t total) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  double scale = 1;
  while (static_cast<double>(total) / scale >= 1024 && u < 4) scale *= 1024, ++u;
  char buf[64];
  std::snprintf(buf, sizeof buf, u ? "%.1f of %.1f %s" : "%.0f of %.0f %s", static_cast<double>(done) / scale,
                static_cast<double>(total) / scale, units[u]);
  return buf;
}

// One line of at most `columns` - 1 characters (the last column would make
// some terminals wrap): a bar as wide as the room left, the percentage, the
// bytes read of the total, documents, speed and ETA; on a narrow terminal
// the fields at the end go first, then the bar. ASCII only, so a byte is a
// column.
std::string ProgressLine(const IndexProgress& p, int columns) {
  const std::size_t room = static_cast<std::size_t>(std::max(columns - 1, 1));
  const double mbps = p.seconds > 0 ? p.bytes_done / p.seconds / 1e6 : 0;
  char buf[64];
  std::vector<std::string> fields;
  double frac = -1;
  if (p.bytes_total > 0) {
    frac = std::min(1.0, static_cast<double>(p.bytes_done) / p.bytes_total);
    std::snprintf(buf, sizeof buf, "%3.0f%%", frac * 100);
    fields.push_back(buf);
    fields.push_back(BytesOfTotal(std::min(p.bytes_done, p.bytes_total), p.bytes_total));
  }
  fields.push_back(GroupDigits(p.inputs_done) + " docs");
  std::snprintf(buf, sizeof buf, "%.1f MB/s", mbps);
  fields.push_back(buf);
  if (frac > 0 && frac < 1) {
    std::snprintf(buf, sizeof buf, "ETA %.0fs", p.seconds * (1 - frac) / frac);
    fields.push_back(buf);
  }
  constexpr std::size_t kMinBar = 10, kMaxBar = 40;  // inside the brackets
  for (std::size_t n = fields.size(); n > 0; --n) {
    std::string text;
    for (std::size_t i = 0; i < n; ++i) text += "  " + fields[i];
    if (frac < 0) {
      if (text.size() - 2 <= room) return text.substr(2);
      continue;
    }
    if (text.size() + kMinBar + 2 <= room) {
      const std::size_t width = std::min(kMaxBar, room - text.size() - 2);
      const std::size_t filled = static_cast<std::size_t>(frac * static_cast<double>(width));
      return "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]" + text;
    }
  }
  // Not even the bar and the first field: the first field, cut to fit.
  return fields.front().substr(0, room);
}

// The progress bar on stderr, and the messages of skipped inputs printed
// over it. Drawn only on a terminal that can redraw a line (not TERM=dumb),
// as one line fitted to the terminal's width, read again at each redraw so
// a resized window is followed. Callbacks come from worker threads, one at
// a time per kind. Keeps the messages of skipped inputs for `index --json`.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}

  void OnError(const Status& s) {
    std::lock_guard lock(mu_);
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
    std::fprintf(stderr, "sagasu: skipped %s\n", s.message().c_str());
    errors_.push_back(s.message());
  }

  void OnProgress(const IndexProgress& p) {
    if (!enabled_) return;
    std::lock_guard lock(mu_);
    std::fprintf(stderr, "\r\033[K%s", ProgressLine(p, TerminalColumns(STDERR_FILENO)).c_str());
    std::fflush(stderr);
    shown_ = true;
  }

  void Clear() {
    std::lock_guard lock(mu_);
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

  // The messages of the inputs skipped so far.
  std::vector<std::string> Errors() {
    std::lock_guard lock(mu_);
    return errors_;
  }

 private:
  const bool enabled_;
  std::mutex mu_;
  bool shown_ = false;
  std::vector<std::string> errors_;
};

void PrintIndexSummary(const IndexPathsReport& r) {
  std::fprintf(stderr,
               "sagasu: read %s in %.2fs (%.1f MB/s): %llu added, %llu updated, %llu unchanged, %llu removed, "
               "%llu unpublished, %llu failed\n",
               HumanBytes(static_cast<double>(r.bytes)).c_str(), r.seconds,
               r.seconds > 0 ? r.bytes / r.seconds / 1e6 : 0.0, static_cast<unsigned long long>(r.added),
               static_cast<unsigned long long>(r.updated), static_cast<unsigned long long>(r.unchanged),
               static_cast<unsigned long long>(r.removed), static_cast<unsigned long long>(r.unpublished),
               static_cast<unsigned long long>(r.failed));
}

int RunIndex(const IndexArgs& args) {
  IndexOptions options;
  if (Status s = BuildIndexOptions(args, &options); !s.ok()) return ReportError(s);
  std::unique_ptr<Index> index;
  const bool tty = !args.quiet && StderrCanRedraw();
  options.on_reanalyze_progress = [tty](std::uint64_t scanned, std::uint64_t total) {
    if (!tty) return;
    std::string line = "re-analyzing: " + GroupDigits(scanned) + " of " + GroupDigits(total) + " documents scanned";
    line.resize(std::min(line.size(), static_cast<std::size_t>(std::max(TerminalColumns(STDERR_FILENO) - 1, 1))));
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
  };
  if (Status s = Index::Open(options, args.db, &index); !s.ok()) {
    if (tty) std::fputs("\r\033[K", stderr);
    return ReportError(s);
  }
  const ReanalysisReport& re = index->Reanalysis();
  if (tty && re.done) std::fputs("\r\033[K", stderr);
  if (re.done && !args.quiet) {
    std::fprintf(stderr, "sagasu: re-analyzed %s of %s documents for a %s in %.2fs (merge %.2fs)\n",
                 GroupDigits(re.reanalyzed).c_str(), GroupDigits(re.documents).c_str(),
                 re.all ? "forced full re-analysis" : ("change (" + re.reason + ")").c_str(), re.seconds,
                 re.merge_seconds);
  }
  if (args.paths.empty()) {
    IndexPathsReport none;
    static const std::vector<std::string> kNoErrors;
    if (args.json) std::puts(IndexPathsReportToJson(none, args.db, &kNoErrors, JsonIndent(args.pretty), &re).c_str());
    return kExitOk;
  }
  ProgressBar bar(!args.quiet && StderrCanRedraw());
  IndexTimings timings;
  IndexPathsOptions run;
  run.on_error = [&bar](const Status& s) { bar.OnError(s); };
  run.on_progress = [&bar](const IndexProgress& p) { bar.OnProgress(p); };
  run.timings = &timings;
  IndexPathsReport r;
  const Status s = index->IndexPaths(args.paths, run, &r);
  bar.Clear();
  if (std::getenv("SAGASU_DEBUG_TIMING")) PrintTimings(timings, s.ok());
  if (!s.ok()) {
    // A bad PATH is a usage error; anything else stopped a write.
    if (s.IsNotFound()) {
      ReportError(s);
      return kExitUsage;
    }
    return s.IsInvalidArgument() ? ReportError(s) : ReportError(s, "index not updated past its last commit");
  }
  if (args.json) {
    const std::vector<std::string> errors = bar.Errors();
    std::puts(IndexPathsReportToJson(r, args.db, &errors, JsonIndent(args.pretty), &re).c_str());
  } else {
    PrintIndexSummary(r);
  }
  // Non-zero only when inputs were given and none could be indexed.
  const std::uint64_t ok_docs = r.added + r.updated + r.unchanged;
  return ok_docs == 0 && r.failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace

void AddIndexCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<IndexArgs>();
  CLI::App* cmd = app.add_subcommand(
      "index",
      "Index posts into DIR, incrementally: new and edited documents are (re)indexed, unchanged ones skipped,\n"
      "and documents whose files vanished from an indexed directory are removed.");
  AddIndexFlags(cmd, args.get());
  cmd->callback([args, exit_code] {
    SetJsonErrors(args->json, args->pretty);
    *exit_code = RunWithDb(&args->db, [&] { return RunIndex(*args); });
  });
}

namespace {

struct DbArgs {
  std::string db;
  std::vector<std::string> ids;
  bool json = false, pretty = false;
  std::string memory_budget = "512M";  // optimize
  AnalyzerFlags analyzer;
};

int RunDelete(const DbArgs& args) {
  std::unique_ptr<Index> index;
  if (Status s = Index::Open(MakeIndexOptions(args.analyzer, IndexOptions::Mode::kReadWrite), args.db, &index);
      !s.ok()) {
    return ReportError(s);
  }
  std::vector<std::string> missing;
  for (const std::string& id : args.ids) {
    Status s = index->Delete(id);
    if (s.IsNotFound()) {
      missing.push_back(id);
    } else if (!s.ok()) {
      return ReportError(s);
    }
  }
  if (Status s = index->Commit(); !s.ok()) return ReportError(s);
  for (const auto& id : missing) std::fprintf(stderr, "sagasu: no document with id '%s'\n", id.c_str());
  std::fprintf(stderr, "sagasu: deleted %zu of %zu\n", args.ids.size() - missing.size(), args.ids.size());
  return kExitOk;
}

void PrintStatistics(const IndexStatistics& st) {
  std::printf("index          %s\n", st.path.c_str());
  std::printf("documents      %llu (%llu versions written, %llu commits)\n",
              static_cast<unsigned long long>(st.documents), static_cast<unsigned long long>(st.document_versions),
              static_cast<unsigned long long>(st.commits));
  std::printf("distinct terms %llu\n", static_cast<unsigned long long>(st.distinct_terms));
  std::printf("postings       %llu\n", static_cast<unsigned long long>(st.postings));
  std::printf("avg terms      title %.1f, body %.1f, tags/categories/author %.1f\n", st.avg_title_terms,
              st.avg_body_terms, st.avg_meta_terms);
  std::printf("tags           %llu, categories %llu\n", static_cast<unsigned long long>(st.tags),
              static_cast<unsigned long long>(st.categories));
  std::printf("bytes on disk  %s\n", HumanBytes(static_cast<double>(st.bytes)).c_str());
  for (const auto& [cf, bytes] : st.column_family_bytes) {
    std::printf("  %-12s %s\n", cf.c_str(), HumanBytes(static_cast<double>(bytes)).c_str());
  }
  for (const auto& s : st.streams) {
    std::printf("postings %-7s %llu terms, %llu postings, %s encoded, %s on disk\n", s.name.c_str(),
                static_cast<unsigned long long>(s.terms), static_cast<unsigned long long>(s.postings),
                HumanBytes(static_cast<double>(s.bytes)).c_str(), HumanBytes(static_cast<double>(s.disk_bytes)).c_str());
  }
  std::printf("analyzer       %s\n", st.analyzer.c_str());
  // What a commit and a merge write before they give space back (README, "Space").
  std::printf("space to write about %s free: the index once more (a merge rewrites it) + twice the largest commit\n"
              "               (its log and its table file; at most 2 x --memory-budget) + 4 MiB\n",
              HumanBytes(static_cast<double>(st.bytes + (4 << 20))).c_str());
}

int RunStats(const DbArgs& args) {
  std::unique_ptr<Index> index;
  if (Status s = Index::Open(MakeIndexOptions(args.analyzer, IndexOptions::Mode::kReadOnly), args.db, &index);
      !s.ok()) {
    return ReportError(s);
  }
  Result<IndexStatistics> st = index->Statistics();
  if (!st.ok()) return ReportError(st.status());
  if (args.json) {
    std::puts(IndexStatisticsToJson(*st, JsonIndent(args.pretty)).c_str());
  } else {
    PrintStatistics(*st);
  }
  return kExitOk;
}

int RunCheck(const DbArgs& args) {
  IndexCheckReport r;
  if (Status s = Index::Check(args.db, &r); !s.ok()) return ReportError(s);
  if (args.json) {
    std::puts(IndexCheckReportToJson(r, JsonIndent(args.pretty)).c_str());
  } else {
    std::printf("index          %s\n", r.path.c_str());
    std::printf("state          %s\n", r.whole ? "whole" : "DAMAGED");
    for (const auto& p : r.problems) std::printf("problem        %s\n", p.c_str());
    std::printf("commit         %llu (commit file: %llu)\n", static_cast<unsigned long long>(r.generation),
                static_cast<unsigned long long>(r.recorded_generation));
    std::printf("documents      %llu (ids %llu, stored texts %llu)\n", static_cast<unsigned long long>(r.documents),
                static_cast<unsigned long long>(r.ids), static_cast<unsigned long long>(r.stored_documents));
    std::printf("table files    %llu, %s%s\n", static_cast<unsigned long long>(r.table_files),
                HumanBytes(static_cast<double>(r.table_bytes)).c_str(),
                r.checksums_verified ? ", every block checksum verified" : "");
    if (r.stray_files > 0) {
      std::printf("not in index   %llu table files, %s (left by a crash, or lost from the MANIFEST)\n",
                  static_cast<unsigned long long>(r.stray_files), HumanBytes(static_cast<double>(r.stray_bytes)).c_str());
    }
  }
  if (!r.whole) {
    std::fprintf(stderr,
                 "sagasu: index %s is damaged; its files were left as they are. Rebuild it into a new --db, or "
                 "restore it from a backup\n",
                 r.path.c_str());
    return kExitFailure;
  }
  return kExitOk;
}

int RunOptimize(const DbArgs& args) {
  IndexOptions options = MakeIndexOptions(args.analyzer, IndexOptions::Mode::kReadWrite);
  if (!ParseBytes(args.memory_budget, &options.memory_budget)) {
    return ReportError(Status::InvalidArgument("--memory-budget: '" + args.memory_budget + "' is not a size"));
  }
  if (Status s = CheckLimit(limits::kMemoryBudget, static_cast<double>(options.memory_budget), "--memory-budget");
      !s.ok()) {
    return ReportError(s);
  }
  std::unique_ptr<Index> index;
  if (Status s = Index::Open(options, args.db, &index); !s.ok()) return ReportError(s);
  MergeReport r;
  if (Status s = index->Optimize(&r); !s.ok()) return ReportError(s);
  if (args.json) {
    std::puts(MergeReportToJson(r, JsonIndent(args.pretty)).c_str());
  } else {
    std::fprintf(stderr,
                 "sagasu: merged %llu postings runs into %llu in %.2fs; dropped %llu postings of %llu deleted versions\n",
                 static_cast<unsigned long long>(r.runs_before), static_cast<unsigned long long>(r.runs_after),
                 r.seconds, static_cast<unsigned long long>(r.postings_dropped),
                 static_cast<unsigned long long>(r.documents_purged));
  }
  return kExitOk;
}

}  // namespace

void AddDeleteCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DbArgs>();
  CLI::App* cmd = app.add_subcommand("delete", "Delete documents by id (one atomic commit)");
  cmd->add_option("--db", args->db, kDbHelp)->check(CLI::ExistingDirectory);
  cmd->add_option("ids", args->ids, "Document ids")->required();
  args->analyzer.Add(cmd);
  cmd->callback([args, exit_code] {
    SetJsonErrors(args->json, args->pretty);
    *exit_code = RunWithDb(&args->db, [&] { return RunDelete(*args); });
  });
}

void AddStatsCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DbArgs>();
  CLI::App* cmd = app.add_subcommand("stats", "Show what an index holds: documents, terms, postings, bytes");
  cmd->add_option("--db", args->db, kDbHelp);
  AddJsonFlags(cmd, &args->json, &args->pretty, "Print JSON");
  args->analyzer.Add(cmd);
  cmd->callback([args, exit_code] {
    SetJsonErrors(args->json, args->pretty);
    *exit_code = RunWithDb(&args->db, [&] { return RunStats(*args); });
  });
}

void AddCheckCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DbArgs>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Verify an index: commit records against every column family, every table file's block checksums,\n"
      "the stored counts against the data. Exit 0 when whole, 1 when damaged. Reads the whole index");
  cmd->add_option("--db", args->db, kDbHelp);
  AddJsonFlags(cmd, &args->json, &args->pretty, "Print JSON");
  cmd->callback([args, exit_code] {
    SetJsonErrors(args->json, args->pretty);
    *exit_code = RunWithDb(&args->db, [&] { return RunCheck(*args); });
  });
}

void AddOptimizeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DbArgs>();
  CLI::App* cmd = app.add_subcommand(
      "optimize",
      "Merge every term's runs into one and drop deleted versions (sagasu index does this by itself\n"
      "when runs pile up)");
  cmd->add_option("--db", args->db, kDbHelp)->check(CLI::ExistingDirectory);
  cmd->add_option("--memory-budget", args->memory_budget,
                  "Bounds the merge's write batches (an eighth of it, at most 16M) as for sagasu index (default 512M)");
  AddJsonFlags(cmd, &args->json, &args->pretty, "Print JSON");
  args->analyzer.Add(cmd);
  cmd->callback([args, exit_code] {
    SetJsonErrors(args->json, args->pretty);
    *exit_code = RunWithDb(&args->db, [&] { return RunOptimize(*args); });
  });
}

}  // namespace sagasu::cli
