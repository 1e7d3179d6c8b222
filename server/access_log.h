// AccessLog: one line per request in the Combined Log Format, plus the
// latency in seconds:
//
//   127.0.0.1 - - [05/Dec/2026:09:12:03 +0900] "GET /search?q=%E4%BA%AC HTTP/1.1" 200 1534 "-" "curl/7.88.1" 0.0012
//
// host, ident and user ("-": no authentication), the local time the request
// arrived in full, the request line as received, the status, the body bytes
// sent ("-" for none: a 304, a HEAD), Referer, User-Agent, and the seconds
// from the request's arrival to its answer being handed to the socket.
// Inside the quoted fields a '"' or '\' is escaped with '\', and control
// characters and bytes from 0x7f as \xHH (as Apache does), so that a request
// cannot forge a line.
//
// Writes are buffered: Write() appends to memory under a lock; a thread
// writes the buffer out at least every flush interval (or sooner when it
// passes 64 KiB). When the file cannot keep up and the buffer holds 8 MiB,
// lines are dropped and counted, rather than stalling the requests; the count
// is written to the log when it catches up.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "sagasu/status.h"

namespace sagasu {

// One request, as the log line shows it.
struct AccessLogEntry {
  std::string remote_addr;
  std::chrono::system_clock::time_point time;  // when the request arrived in full
  std::string_view method;
  std::string_view target;   // path and query string, as received
  std::string_view version;  // "HTTP/1.1"
  // Instead of the three above, for a request the server could not parse
  // (the front end's 4xx): the request line as far as it arrived.
  std::string_view request_line;
  int status = 0;
  std::uint64_t body_bytes = 0;
  std::string_view referer;     // empty: "-"
  std::string_view user_agent;  // empty: "-"
  double seconds = 0;
};

// The line for `e` (with its '\n'), in the local time zone.
std::string FormatAccessLogLine(const AccessLogEntry& e);

class AccessLog {
 public:
  // Appends to `path` (created 0644 when missing), or to stderr for "-".
  // IOError naming the file when it cannot be opened.
  static Status Open(const std::string& path, std::unique_ptr<AccessLog>* out,
                     std::chrono::milliseconds flush_interval = std::chrono::milliseconds(1000));
  ~AccessLog();  // writes what is buffered, then closes
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void Write(const AccessLogEntry& e);

  // Writes what is buffered now, waiting for it (for tests and shutdown).
  void Flush();

  // Writes what is buffered, then opens the file again by its name (after
  // logrotate moved it: `sagasu serve` does this on SIGHUP). Nothing for
  // stderr. IOError naming the file when it cannot be opened; the old file
  // then stays in use.
  Status Reopen();

 private:
  AccessLog(std::string path, int fd, bool owned, std::chrono::milliseconds interval);
  void Loop();
  void WriteOut(const std::string& data);  // on the flush thread or in Flush()

  const std::string path_;
  const int fd_;  // kept; Reopen() puts the new file under this number (dup2)
  const bool owned_;
  const std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string buffer_;         // guarded by mu_
  std::uint64_t dropped_ = 0;  // guarded by mu_
  bool stop_ = false;          // guarded by mu_
  std::mutex write_mu_;        // one writer of fd_ at a time
  std::thread thread_;
};

}  // namespace sagasu
