// `sagasu snapshot`: a consistent copy of an index, for read replicas
// (README, "Serving more traffic: read replicas").
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "cli/cli_common.h"

namespace sagasu::cli {

namespace {

struct SnapshotArgs {
  std::string db;
  std::string dest;
  double wait_seconds = 0;
};

int RunSnapshot(const SnapshotArgs& args) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(args.wait_seconds));
  SnapshotReport r;
  for (;;) {
    Status s = Index::Snapshot(args.db, args.dest, &r);
    if (s.ok()) break;
    // IOError is what another process's write lock gives; wait it out when asked.
    if (!s.IsIOError() || Clock::now() >= deadline) {
      if (s.IsIOError() && s.message().find("another process") != std::string::npos) {
        std::fprintf(stderr,
                     "sagasu: %s is being written by another process: run snapshot after it, with --wait "
                     "SECONDS, or take the snapshot in that process (Index::Snapshot, sagasu_snapshot)\n",
                     args.db.c_str());
        return kExitFailure;
      }
      return ReportError(s, "snapshot");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::printf("snapshot of %s at commit %llu (%llu documents) in %s\n", args.db.c_str(),
              static_cast<unsigned long long>(r.generation), static_cast<unsigned long long>(r.documents),
              r.path.c_str());
  return kExitOk;
}

}  // namespace

void AddSnapshotCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<SnapshotArgs>();
  CLI::App* cmd = app.add_subcommand(
      "snapshot",
      "Copy an index as of its last commit into the new directory DEST: consistent and whole (it passes\n"
      "`sagasu check`), table files hard-linked on the same file system, copied otherwise. For read\n"
      "replicas: copy DEST to the replicas (rsync), then swap the symlink their `sagasu serve --db`\n"
      "follows. Waits for a commit in progress; fails while another process writes the index unless\n"
      "--wait is given.");
  cmd->add_option("--db", args->db, kDbHelp)->check(CLI::ExistingDirectory);
  cmd->add_option("DEST", args->dest, "New directory for the copy (must not exist, or be empty)")->required();
  cmd->add_option("--wait", args->wait_seconds,
                  "Seconds to wait for another process writing the index to finish (default 0)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->callback([args, exit_code] { *exit_code = RunWithDb(&args->db, [&] { return RunSnapshot(*args); }); });
}

}  // namespace sagasu::cli
