// EventHttpServer: httplib's request handling behind an epoll front end, so
// that slow, idle or hostile clients cannot hold the request threads.
//
// httplib on its own gives each connection a pool thread for as long as it is
// open: a handful of idle keep-alive connections, or clients dripping one
// byte every few seconds (each recv is within the read timeout), leave no
// thread for anyone else; and it accepts any number of header lines, which it
// keeps in a map at several times their size. Here one thread reads every
// connection without blocking and hands a request to the pool only once it
// has arrived whole (request line, headers and body), within the limits
// below; the pool thread runs httplib's parsing, routing and handlers on the
// buffered bytes and writes the response. Idle connections cost a buffer,
// not a thread, so there may be many more connections than threads.
// Responses are written without blocking: what the socket does not take at
// once is kept with the connection and sent by the event thread as the
// client reads, so a client that never reads its answers holds a buffer of
// one response until write_timeout, never a thread.
//
// Answered by the front end itself, always with Connection: close:
//   431  head longer than max_header_bytes, or more than max_headers lines
//   413  Content-Length over max_body_bytes
//   411  a chunked request body (only Content-Length is read)
//   408  request not complete within request_timeout of its first byte
//   503  max_connections already open
// Their bodies are JSON errors (server/http_util.h, ErrorJson) with the
// codes headers_too_large, payload_too_large, length_required, bad_request,
// timeout and too_many_connections. They do not reach httplib's logger but
// the rejection logger (set_rejection_logger), for the access log.
// A connection idle for idle_timeout between requests is closed silently.
//
// Thread safety: Shutdown() may be called from any thread; Serve() from one.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sagasu {

// What one client may take of the server. Every field is an upper bound.
struct ConnectionLimits {
  // Threads that run requests. Default 16.
  std::size_t threads = 16;
  // Open connections; more are answered 503 and closed. Default 1024.
  std::size_t max_connections = 1024;
  // Request line plus headers, in bytes. Default 16 KiB.
  std::size_t max_header_bytes = 16 * 1024;
  // Header lines per request. Default 100.
  std::size_t max_headers = 100;
  // Request body (Content-Length), in bytes. Default 64 KiB.
  std::size_t max_body_bytes = 64 * 1024;
  // From a request's first byte to its last: a client sending slowly is cut
  // off (408) after this, however steadily it sends. Default 10 s.
  std::chrono::milliseconds request_timeout{10000};
  // Keep-alive: a connection with no request for this long is closed.
  // Default 5 s.
  std::chrono::milliseconds idle_timeout{5000};
  // Writing one response, from the moment the socket stops taking it; a
  // client that does not read is dropped. Default 10 s.
  std::chrono::milliseconds write_timeout{10000};
  // Requests on one connection before it is closed. Default 1000.
  std::size_t max_requests_per_connection = 1000;
};

class EventHttpServer : public httplib::Server {
 public:
  explicit EventHttpServer(const ConnectionLimits& limits);
  ~EventHttpServer() override;  // Closes the listening socket if still open.

  // REQUIRES: bind_to_port() or bind_to_any_port() succeeded.
  // Serves until Shutdown(); returns at once if Shutdown() came first.
  // Requests already handed to a thread are finished and answered; idle and
  // half-read connections are closed. Returns false when the event loop
  // failed (epoll), true after a Shutdown().
  bool Serve();

  // Makes Serve() return. Idempotent; safe before, during or after Serve().
  void Shutdown();

  using Clock = std::chrono::steady_clock;

  // When the request the calling pool thread runs had arrived in full: for
  // the latency and time of the access log. Valid in handlers and in the
  // logger; default-constructed (the epoch) on any other thread.
  struct Arrival {
    std::chrono::system_clock::time_point wall;
    Clock::time_point steady;
  };
  static Arrival ThisRequestArrival();

  // One answer of the front end's own (the 4xx and 503 above).
  struct Rejection {
    std::string_view remote_ip;
    int status = 0;
    std::string_view request_line;  // as far as it arrived (at most 8 KiB); empty if none
    std::size_t body_bytes = 0;     // of the JSON error sent
    Arrival arrival;                // the request's first byte (the connection's, for a 503)
  };
  // Called on the event thread for each; must not block (the access log
  // only appends to a buffer). Set before Serve().
  void set_rejection_logger(std::function<void(const Rejection&)> logger) { rejection_logger_ = std::move(logger); }

 private:
  struct Conn;

  void Accept(Clock::time_point now);
  void OnReadable(Conn* c, Clock::time_point now);
  // Sends what is left of a response; then reads the next request or closes.
  void OnWritable(Conn* c, Clock::time_point now);
  // Back to reading requests (a kept-alive connection), or closed.
  void Resume(Conn* c, Clock::time_point now);
  // Hands a complete request to the pool, rejects one over the limits, or
  // waits for more bytes.
  void Examine(Conn* c, Clock::time_point now);
  void Dispatch(Conn* c, std::size_t request_bytes);
  void RunRequest(Conn* c);  // on a pool thread
  void TakeBackFinished(Clock::time_point now);
  // Closes timed-out connections; trims the heap after a burst.
  void Sweep(Clock::time_point now);
  // Sends a short JSON error with Connection: close and closes the connection
  // after the client has read it (or after a second).
  void Reject(Conn* c, int status, const char* reason, const char* code, const char* message, Clock::time_point now);
  void Close(Conn* c);
  // Sends a front-end error (ErrorResponse) and tells the rejection logger.
  void SendRejection(int fd, const std::string& remote_ip, std::string_view in, Clock::time_point first_byte,
                     int status, const char* reason, const char* code, const char* message);
  void Wake();
  void CloseListener();

  const ConnectionLimits limits_;
  std::function<void(const Rejection&)> rejection_logger_;
  std::atomic<bool> stopping_{false};
  int wake_fd_ = -1;
  int epoll_fd_ = -1;
  std::unique_ptr<httplib::ThreadPool> pool_;

  // Owned by the Serve() thread. A connection handed to the pool is not
  // touched here until it comes back through finished_.
  std::unordered_map<int, std::unique_ptr<Conn>> conns_;
  std::size_t busy_ = 0;
  bool accept_paused_ = false;
  Clock::time_point accept_resume_;
  Clock::time_point next_sweep_;
  Clock::time_point last_trim_;
  bool trim_due_ = false;

  std::mutex finished_mu_;
  std::vector<Conn*> finished_;  // guarded by finished_mu_
};

}  // namespace sagasu
