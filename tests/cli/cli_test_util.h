// Running the built `sagasu` binary from tests, as a user would.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "test_util.h"

extern char** environ;

namespace sagasu::testing {

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Starts SAGASU_EXE with `args`, stdout and stderr going to the given files
// (or /dev/null when empty). Returns the child's pid, or -1 after failing the test.
inline pid_t SpawnSagasu(const std::vector<std::string>& args, const std::string& out_path = "",
                         const std::string& err_path = "") {
  std::vector<std::string> argv_s = {SAGASU_EXE};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.empty() ? "/dev/null" : out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.empty() ? "/dev/null" : err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    ADD_FAILURE() << "cannot start " << SAGASU_EXE << ": " << rc;
    return -1;
  }
  return pid;
}

// Waits for `pid`; returns its exit code, or -1 when a signal ended it.
inline int WaitExit(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -2;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs `sagasu args...` to completion and captures its output.
inline RunResult RunSagasu(const std::vector<std::string>& args) {
  TempDir io;
  const std::string out = (io.path() / "out").string(), err = (io.path() / "err").string();
  RunResult r;
  const pid_t pid = SpawnSagasu(args, out, err);
  if (pid < 0) return r;
  r.exit_code = WaitExit(pid);
  r.out = ReadFileOrDie(out);
  r.err = ReadFileOrDie(err);
  return r;
}

// For failure messages.
inline std::string Describe(const RunResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err;
}

}  // namespace sagasu::testing
