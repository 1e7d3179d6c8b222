// Running the built `sagasu` binary from tests, as a user would.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
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

// How RunSagasuWith starts the child.
struct RunOptions {
  // Environment changes: a value sets the variable, nullopt removes it.
  std::map<std::string, std::optional<std::string>> env;
  // Working directory; empty keeps the test's.
  std::string cwd;
  // When > 0, stderr is a pseudo-terminal of this many columns (stdout stays
  // a file); the bytes written to it land in RunResult::err.
  int pty_columns = 0;
  // With pty_columns: stdout goes to the terminal too (into RunResult::err).
  bool pty_stdout = false;
};

// Runs `sagasu args...` as RunSagasu does, with `options`.
inline RunResult RunSagasuWith(const std::vector<std::string>& args, const RunOptions& options) {
  TempDir io;
  const std::string out = (io.path() / "out").string(), err = (io.path() / "err").string();
  std::vector<std::string> argv_s = {SAGASU_EXE};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::map<std::string, std::string> env_map;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string kv = *e;
    const std::size_t eq = kv.find('=');
    if (eq != std::string::npos) env_map[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : options.env) {
    if (v) {
      env_map[k] = *v;
    } else {
      env_map.erase(k);
    }
  }
  std::vector<std::string> env_s;
  for (const auto& [k, v] : env_map) env_s.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  RunResult r;
  int master = -1;
  std::string slave_name;
  if (options.pty_columns > 0) {
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
      ADD_FAILURE() << "no pseudo-terminal: " << errno;
      return r;
    }
    slave_name = ptsname(master);
    winsize ws{};
    ws.ws_row = 24;
    ws.ws_col = static_cast<unsigned short>(options.pty_columns);
    ioctl(master, TIOCSWINSZ, &ws);
    // Raw output: no "\n" -> "\r\n" on the terminal side.
    termios t{};
    if (tcgetattr(master, &t) == 0) {
      t.c_oflag &= ~static_cast<tcflag_t>(OPOST);
      tcsetattr(master, TCSANOW, &t);
    }
  }
  // Held open until the child has its own, so the master never sees a hangup early.
  const int slave = master >= 0 ? open(slave_name.c_str(), O_RDWR | O_NOCTTY) : -1;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (master >= 0 && options.pty_stdout) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, slave_name.c_str(), O_RDWR | O_NOCTTY, 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, master >= 0 ? slave_name.c_str() : err.c_str(),
                                   master >= 0 ? (O_RDWR | O_NOCTTY) : (O_WRONLY | O_CREAT | O_TRUNC), 0644);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (slave >= 0) close(slave);
  if (rc != 0) {
    ADD_FAILURE() << "cannot start " << SAGASU_EXE << ": " << rc;
    if (master >= 0) close(master);
    return r;
  }
  if (master >= 0) {
    char buf[4096];
    for (;;) {
      const ssize_t n = read(master, buf, sizeof buf);
      if (n > 0) {
        r.err.append(buf, static_cast<std::size_t>(n));
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        break;  // EIO once the child closed its side
      }
    }
    close(master);
  }
  r.exit_code = WaitExit(pid);
  if (master < 0 || !options.pty_stdout) r.out = ReadFileOrDie(out);
  if (master < 0) r.err = ReadFileOrDie(err);
  return r;
}

// For failure messages.
inline std::string Describe(const RunResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err;
}

}  // namespace sagasu::testing
