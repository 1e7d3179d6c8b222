#include "server/event_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "server/http_util.h"

// gperftools' tcmalloc, when the program is linked with it (else null):
// its free pages go back this way, glibc's through malloc_trim.
extern "C" void MallocExtension_ReleaseFreeMemory(void) __attribute__((weak));

namespace sagasu {

namespace {

// Read per recv() call.
constexpr std::size_t kReadChunk = 16 * 1024;
// How long a rejected connection may take to read our answer before it is closed.
constexpr std::chrono::milliseconds kLingerTime{1000};
// Timeouts are checked this often.
constexpr std::chrono::milliseconds kSweepInterval{100};
// At most one malloc_trim this often, when no request is running.
constexpr std::chrono::milliseconds kTrimInterval{1000};

void AddressOf(const sockaddr_storage& addr, std::string* ip, int* port) {
  char buf[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
    *port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof(buf));
    *port = ntohs(a->sin6_port);
  }
  *ip = buf;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// What the head says of the body.
struct BodyInfo {
  bool valid = true;  // Content-Length a number, and given once
  bool chunked = false;
  std::size_t length = 0;
};

BodyInfo ReadBodyInfo(std::string_view head) {
  BodyInfo info;
  bool have_length = false;
  std::size_t line_start = head.find('\n');  // skip the request line
  while (line_start != std::string_view::npos && line_start + 1 < head.size()) {
    const std::size_t begin = line_start + 1;
    const std::size_t end = head.find('\n', begin);
    const std::string_view line = head.substr(begin, (end == std::string_view::npos ? head.size() : end) - begin);
    line_start = end;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = Trim(line.substr(colon + 1));
    if (IEquals(name, "Transfer-Encoding")) {
      info.chunked = true;
    } else if (IEquals(name, "Content-Length")) {
      std::size_t n = 0;
      bool digits = !value.empty() && value.size() <= 18;
      for (char ch : value) {
        if (ch < '0' || ch > '9') {
          digits = false;
          break;
        }
        n = n * 10 + static_cast<std::size_t>(ch - '0');
      }
      if (!digits || (have_length && n != info.length)) info.valid = false;
      have_length = true;
      info.length = n;
    }
  }
  return info;
}

}  // namespace

struct EventHttpServer::Conn {
  enum class State { kReading, kBusy, kWriting, kClosing };
  int fd = -1;
  State state = State::kReading;
  // Bytes received and not yet handled: the request being read, or (while
  // kBusy) the request the pool runs, followed by any pipelined ones.
  std::string in;
  std::size_t request_bytes = 0;  // of `in`, while kBusy
  // The part of a response the socket did not take yet (kBusy, kWriting).
  std::string out;
  std::size_t out_sent = 0;
  Clock::time_point deadline;
  std::size_t requests = 0;
  bool peer_done = false;  // the client shut down its side
  bool keep = false;       // set by the pool: serve another request
  Arrival arrival;         // of the request handed to the pool
  std::string remote_ip, local_ip;
  int remote_port = 0, local_port = 0;
};

namespace {

// One buffered request for httplib to parse. The response goes to the
// socket as far as it takes it without blocking; the rest to *pending, which
// the event thread sends.
class RequestStream final : public httplib::Stream {
 public:
  RequestStream(int fd, std::string_view request, std::string* pending, const std::string& remote_ip,
                int remote_port, const std::string& local_ip, int local_port)
      : fd_(fd),
        request_(request),
        pending_(pending),
        remote_ip_(remote_ip),
        local_ip_(local_ip),
        remote_port_(remote_port),
        local_port_(local_port) {}

  bool is_readable() const override { return pos_ < request_.size(); }
  bool is_writable() const override { return true; }

  ssize_t read(char* ptr, size_t size) override {
    const std::size_t n = std::min(size, request_.size() - pos_);
    std::memcpy(ptr, request_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    std::size_t done = 0;
    while (pending_->empty() && done < size) {
      const ssize_t w = ::send(fd_, ptr + done, size - done, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w > 0) {
        done += static_cast<std::size_t>(w);
      } else if (w < 0 && errno == EINTR) {
        continue;
      } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        break;
      } else {
        return -1;
      }
    }
    pending_->append(ptr + done, size - done);
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = remote_ip_;
    port = remote_port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = local_ip_;
    port = local_port_;
  }
  socket_t socket() const override { return fd_; }

 private:
  const int fd_;
  const std::string_view request_;
  std::size_t pos_ = 0;
  std::string* const pending_;
  const std::string& remote_ip_;
  const std::string& local_ip_;
  const int remote_port_;
  const int local_port_;
};

// Best effort, for the short answers of the front end: the socket buffer
// of a fresh or drained connection holds them.
void SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t w = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(w));
  }
}

// The pool thread's current request (RunRequest).
thread_local EventHttpServer::Arrival this_request_arrival;

std::string ErrorResponse(int status, const char* reason, const char* code, const char* message) {
  const std::string body = ErrorJson(code, "", message);
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace

EventHttpServer::EventHttpServer(const ConnectionLimits& limits) : limits_(limits) {
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  set_payload_max_length(limits_.max_body_bytes);
  // Only for the Keep-Alive response header; the front end enforces both.
  set_keep_alive_timeout(std::max<time_t>(1, std::chrono::duration_cast<std::chrono::seconds>(
                                                 limits_.idle_timeout).count()));
  set_keep_alive_max_count(std::max<std::size_t>(1, limits_.max_requests_per_connection));
}

EventHttpServer::~EventHttpServer() {
  CloseListener();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void EventHttpServer::CloseListener() {
  const auto sock = svr_sock_.exchange(INVALID_SOCKET);
  if (sock != INVALID_SOCKET) {
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
  }
}

void EventHttpServer::Wake() {
  const std::uint64_t one = 1;
  if (wake_fd_ >= 0) {
    [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof(one));  // a full counter wakes too
  }
}

void EventHttpServer::Shutdown() {
  stopping_ = true;
  Wake();
}

bool EventHttpServer::Serve() {
  const int listener = svr_sock_;
  if (stopping_ || listener == INVALID_SOCKET || wake_fd_ < 0) {
    CloseListener();
    return stopping_;
  }
  // httplib listens with a backlog of 5: a burst of connects would wait for
  // SYN retries. Listening again only raises it.
  ::listen(listener, 1024);
  ::fcntl(listener, F_SETFL, ::fcntl(listener, F_GETFL) | O_NONBLOCK);
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) {
    CloseListener();
    return false;
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listener;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listener, &ev);
  ev.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  pool_ = std::make_unique<httplib::ThreadPool>(std::max<std::size_t>(1, limits_.threads));

  bool ok = true;
  epoll_event events[256];
  next_sweep_ = last_trim_ = Clock::now();
  while (!stopping_) {
    const int n = ::epoll_wait(epoll_fd_, events, 256, static_cast<int>(kSweepInterval.count()));
    if (n < 0 && errno != EINTR) {
      std::fprintf(stderr, "sagasu: epoll_wait: %s\n", std::strerror(errno));
      ok = false;
      break;
    }
    const auto now = Clock::now();
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == listener) {
        Accept(now);
      } else if (fd == wake_fd_) {
        std::uint64_t count;
        [[maybe_unused]] const ssize_t r = ::read(wake_fd_, &count, sizeof(count));
      } else if (auto it = conns_.find(fd); it != conns_.end()) {
        if (it->second->state == Conn::State::kWriting) {
          OnWritable(it->second.get(), now);
        } else {
          OnReadable(it->second.get(), now);
        }
      }
    }
    TakeBackFinished(now);
    if (now >= next_sweep_) Sweep(now);
  }

  // Stop: no new connections; requests in the pool finish and are answered.
  CloseListener();
  std::vector<Conn*> idle;
  for (auto& [fd, c] : conns_) {
    if (c->state != Conn::State::kBusy) idle.push_back(c.get());
    // Best effort for an answer still being sent.
    if (c->state == Conn::State::kWriting) SendAll(c->fd, std::string_view(c->out).substr(c->out_sent));
  }
  for (Conn* c : idle) Close(c);
  pool_->shutdown();
  pool_.reset();
  TakeBackFinished(Clock::now());  // closes them: stopping_
  ::close(epoll_fd_);
  epoll_fd_ = -1;
  return ok;
}

void EventHttpServer::Accept(Clock::time_point now) {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t len = sizeof(peer);
    const int fd = ::accept4(svr_sock_, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: stop accepting for a moment rather than spin.
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, svr_sock_, nullptr);
        accept_paused_ = true;
        accept_resume_ = now + kSweepInterval;
      }
      return;  // EAGAIN: all taken
    }
    if (conns_.size() >= limits_.max_connections) {
      std::string ip;
      int port = 0;
      AddressOf(peer, &ip, &port);
      SendRejection(fd, ip, "", now, 503, "Service Unavailable", "too_many_connections", "too many connections");
      ::close(fd);
      continue;
    }
    const int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    auto c = std::make_unique<Conn>();
    c->fd = fd;
    AddressOf(peer, &c->remote_ip, &c->remote_port);
    sockaddr_storage local{};
    len = sizeof(local);
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0) {
      AddressOf(local, &c->local_ip, &c->local_port);
    }
    // A new connection has request_timeout to send its first request.
    c->deadline = now + limits_.request_timeout;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = fd;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      ::close(fd);
      continue;
    }
    conns_.emplace(fd, std::move(c));
  }
}

void EventHttpServer::OnReadable(Conn* c, Clock::time_point now) {
  char buf[kReadChunk];
  if (c->state == Conn::State::kClosing) {
    // Rejected: discard what the client still sends until it closes.
    for (;;) {
      const ssize_t r = ::recv(c->fd, buf, sizeof(buf), 0);
      if (r > 0) continue;
      if (r < 0 && errno == EINTR) continue;
      if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      Close(c);
      return;
    }
  }
  // Never hold more than one request at its largest (plus one read).
  const std::size_t cap = limits_.max_header_bytes + limits_.max_body_bytes;
  while (c->in.size() <= cap) {
    const ssize_t r = ::recv(c->fd, buf, sizeof(buf), 0);
    if (r > 0) {
      if (c->in.empty()) c->deadline = now + limits_.request_timeout;
      c->in.append(buf, static_cast<std::size_t>(r));
      continue;
    }
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (r < 0) {
      Close(c);
      return;
    }
    c->peer_done = true;  // EOF: answer what has arrived, then close
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c->fd, nullptr);
    break;
  }
  Examine(c, now);
}

void EventHttpServer::Examine(Conn* c, Clock::time_point now) {
  // Blank lines before a request are allowed (RFC 9112 2.2).
  std::size_t start = 0;
  while (start < c->in.size() && (c->in[start] == '\r' || c->in[start] == '\n')) ++start;
  if (start > 0) c->in.erase(0, start);
  if (c->in.empty()) {
    if (c->peer_done) Close(c);
    return;
  }
  const std::size_t end = c->in.find("\r\n\r\n");
  const std::size_t head_bytes = end == std::string::npos ? c->in.size() : end + 4;
  // Lines after the request line; the blank line ending the head is not one.
  const std::size_t lines = static_cast<std::size_t>(
      std::count(c->in.begin(), c->in.begin() + static_cast<std::ptrdiff_t>(head_bytes), '\n'));
  const std::size_t headers = end == std::string::npos ? (lines > 0 ? lines - 1 : 0) : lines - 2;
  if (head_bytes > limits_.max_header_bytes || headers > limits_.max_headers) {
    Reject(c, 431, "Request Header Fields Too Large", "headers_too_large",
           headers > limits_.max_headers ? "too many request headers" : "request headers too large", now);
    return;
  }
  if (end == std::string::npos) {
    if (c->peer_done) Close(c);
    return;  // wait for the rest
  }
  const BodyInfo body = ReadBodyInfo(std::string_view(c->in).substr(0, head_bytes));
  if (!body.valid) {
    Reject(c, 400, "Bad Request", "bad_request", "bad Content-Length", now);
    return;
  }
  if (body.chunked) {
    Reject(c, 411, "Length Required", "length_required",
           "request bodies need a Content-Length (chunked is not accepted)", now);
    return;
  }
  if (body.length > limits_.max_body_bytes) {
    Reject(c, 413, "Payload Too Large", "payload_too_large", "request too large", now);
    return;
  }
  if (c->in.size() < head_bytes + body.length) {
    if (c->peer_done) Close(c);
    return;
  }
  Dispatch(c, head_bytes + body.length);
}

void EventHttpServer::Dispatch(Conn* c, std::size_t request_bytes) {
  if (!c->peer_done) ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c->fd, nullptr);
  c->state = Conn::State::kBusy;
  c->request_bytes = request_bytes;
  c->arrival = {std::chrono::system_clock::now(), Clock::now()};
  ++busy_;
  pool_->enqueue([this, c] { RunRequest(c); });
}

void EventHttpServer::RunRequest(Conn* c) {
  ++c->requests;
  const bool last = stopping_ || c->peer_done || c->requests >= limits_.max_requests_per_connection;
  bool connection_closed = false;
  bool ok = false;
  this_request_arrival = c->arrival;
  try {
    RequestStream strm(c->fd, std::string_view(c->in).substr(0, c->request_bytes), &c->out, c->remote_ip,
                       c->remote_port, c->local_ip, c->local_port);
    ok = process_request(strm, last, connection_closed, nullptr);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sagasu: request: %s\n", e.what());
  }
  c->in.erase(0, c->request_bytes);
  c->request_bytes = 0;
  c->keep = ok && !connection_closed && !last;
  {
    std::lock_guard<std::mutex> lock(finished_mu_);
    finished_.push_back(c);
  }
  Wake();
}

EventHttpServer::Arrival EventHttpServer::ThisRequestArrival() { return this_request_arrival; }

void EventHttpServer::TakeBackFinished(Clock::time_point now) {
  std::vector<Conn*> done;
  {
    std::lock_guard<std::mutex> lock(finished_mu_);
    done.swap(finished_);
  }
  for (Conn* c : done) {
    --busy_;
    trim_due_ = true;
    if (c->out.empty() || stopping_) {
      if (stopping_) SendAll(c->fd, c->out);
      Resume(c, now);
      continue;
    }
    // The socket is full: the event thread sends the rest as the client
    // reads, within write_timeout.
    c->state = Conn::State::kWriting;
    c->out_sent = 0;
    c->deadline = now + limits_.write_timeout;
    epoll_event ev{};
    ev.events = EPOLLOUT;
    ev.data.fd = c->fd;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, c->fd, &ev) != 0) Close(c);
  }
}

void EventHttpServer::OnWritable(Conn* c, Clock::time_point now) {
  while (c->out_sent < c->out.size()) {
    const ssize_t w = ::send(c->fd, c->out.data() + c->out_sent, c->out.size() - c->out_sent,
                             MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w > 0) {
      c->out_sent += static_cast<std::size_t>(w);
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    Close(c);
    return;
  }
  std::string().swap(c->out);
  c->out_sent = 0;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c->fd, nullptr);
  Resume(c, now);
}

void EventHttpServer::Resume(Conn* c, Clock::time_point now) {
  if (!c->keep || stopping_) {
    Close(c);
    return;
  }
  c->state = Conn::State::kReading;
  if (c->in.empty() && c->in.capacity() > kReadChunk) std::string().swap(c->in);
  c->deadline = now + (c->in.empty() ? limits_.idle_timeout : limits_.request_timeout);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP;
  ev.data.fd = c->fd;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, c->fd, &ev) != 0) {
    Close(c);
    return;
  }
  if (!c->in.empty()) Examine(c, now);  // a pipelined request
}

void EventHttpServer::Sweep(Clock::time_point now) {
  next_sweep_ = now + kSweepInterval;
  if (accept_paused_ && now >= accept_resume_ && !stopping_) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = svr_sock_;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, svr_sock_, &ev) == 0) accept_paused_ = false;
  }
  std::vector<Conn*> expired;
  for (auto& [fd, c] : conns_) {
    if (c->state != Conn::State::kBusy && now >= c->deadline) expired.push_back(c.get());
  }
  for (Conn* c : expired) {
    // A client this slow gets no lingering close: the answer, then the end.
    if (c->state == Conn::State::kReading && !c->in.empty()) {
      SendRejection(c->fd, c->remote_ip, c->in, c->deadline - limits_.request_timeout, 408, "Request Timeout",
                    "timeout", "request not received in time");
    }
    Close(c);
  }
  // Request buffers and httplib's per-request maps are freed on many
  // threads' arenas; give the pages back once a burst is over.
  if (trim_due_ && busy_ == 0 && now - last_trim_ >= kTrimInterval) {
    if (MallocExtension_ReleaseFreeMemory != nullptr) MallocExtension_ReleaseFreeMemory();  // tcmalloc's pages
    ::malloc_trim(0);
    trim_due_ = false;
    last_trim_ = now;
  }
}

void EventHttpServer::Reject(Conn* c, int status, const char* reason, const char* code, const char* message,
                             Clock::time_point now) {
  SendRejection(c->fd, c->remote_ip, c->in, c->deadline - limits_.request_timeout, status, reason, code, message);
  ::shutdown(c->fd, SHUT_WR);
  std::string().swap(c->in);
  if (c->peer_done) {
    Close(c);
    return;
  }
  // Closing with unread input would reset the connection and could destroy
  // the answer before the client reads it: read and drop until it closes.
  c->state = Conn::State::kClosing;
  c->deadline = now + kLingerTime;
}

void EventHttpServer::SendRejection(int fd, const std::string& remote_ip, std::string_view in,
                                    Clock::time_point first_byte, int status, const char* reason, const char* code,
                                    const char* message) {
  const std::string answer = ErrorResponse(status, reason, code, message);
  SendAll(fd, answer);
  if (!rejection_logger_) return;
  // The request line: up to its end, or what arrived of it.
  constexpr std::size_t kMaxLine = 8 * 1024;
  std::string_view line = in.substr(0, std::min(in.find('\n'), kMaxLine));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  Rejection r;
  r.remote_ip = remote_ip;
  r.status = status;
  r.request_line = line;
  r.body_bytes = answer.size() - answer.find("\r\n\r\n") - 4;
  const auto now = Clock::now();
  r.arrival = {std::chrono::system_clock::now() - std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                                     now - std::min(now, first_byte)),
               first_byte};
  rejection_logger_(r);
}

void EventHttpServer::Close(Conn* c) {
  const int fd = c->fd;
  ::close(fd);  // also leaves the epoll set
  conns_.erase(fd);
}

}  // namespace sagasu
