#include "server/access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace sagasu {

namespace {

// Flush early past this much; drop lines past the cap.
constexpr std::size_t kFlushBytes = 64 * 1024;
constexpr std::size_t kMaxBufferBytes = 8 * 1024 * 1024;

// A quoted field's text: '"' and '\' escaped, control and non-ASCII bytes
// as \xHH.
void AppendEscaped(std::string* out, std::string_view s) {
  if (s.empty()) {
    out->push_back('-');
    return;
  }
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(ch);
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out->append(buf);
    } else {
      out->push_back(ch);
    }
  }
}

// [05/Dec/2026:09:12:03 +0900]; month names fixed, not the locale's.
void AppendTime(std::string* out, std::chrono::system_clock::time_point t) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  ::localtime_r(&tt, &tm);
  const long off = tm.tm_gmtoff / 60;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "[%02d/%s/%04d:%02d:%02d:%02d %c%02ld%02ld]", tm.tm_mday, kMonths[tm.tm_mon % 12],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60,
                (off < 0 ? -off : off) % 60);
  out->append(buf);
}

}  // namespace

std::string FormatAccessLogLine(const AccessLogEntry& e) {
  std::string line;
  line.reserve(128 + e.target.size());
  AppendEscaped(&line, e.remote_addr);
  line += " - - ";
  AppendTime(&line, e.time);
  line += " \"";
  if (e.method.empty()) {
    AppendEscaped(&line, e.request_line);
  } else {
    AppendEscaped(&line, e.method);
    line += ' ';
    AppendEscaped(&line, e.target);
    line += ' ';
    AppendEscaped(&line, e.version);
  }
  line += "\" " + std::to_string(e.status) + " ";
  line += e.body_bytes == 0 ? std::string("-") : std::to_string(e.body_bytes);
  line += " \"";
  AppendEscaped(&line, e.referer);
  line += "\" \"";
  AppendEscaped(&line, e.user_agent);
  char secs[32];
  std::snprintf(secs, sizeof(secs), "\" %.4f\n", e.seconds);
  line += secs;
  return line;
}

AccessLog::AccessLog(std::string path, int fd, bool owned, std::chrono::milliseconds interval)
    : path_(std::move(path)), fd_(fd), owned_(owned), interval_(interval) {}

Status AccessLog::Open(const std::string& path, std::unique_ptr<AccessLog>* out,
                       std::chrono::milliseconds flush_interval) {
  if (path.empty()) return Status::InvalidArgument("access log: no file given (use - for stderr)");
  int fd = STDERR_FILENO;
  const bool owned = path != "-";
  if (owned) {
    fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Status::IOError("cannot open access log " + path + ": " + std::strerror(errno));
  }
  std::unique_ptr<AccessLog> log(new AccessLog(path, fd, owned, flush_interval));
  log->thread_ = std::thread([p = log.get()] { p->Loop(); });
  *out = std::move(log);
  return Status::OK();
}

AccessLog::~AccessLog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  Flush();
  if (owned_) ::close(fd_);
}

void AccessLog::Write(const AccessLogEntry& e) {
  const std::string line = FormatAccessLogLine(e);
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (buffer_.size() + line.size() > kMaxBufferBytes) {
      ++dropped_;
      return;
    }
    buffer_ += line;
    wake = buffer_.size() >= kFlushBytes;
  }
  if (wake) cv_.notify_one();
}

void AccessLog::Flush() {
  std::string data;
  {
    std::lock_guard<std::mutex> lock(mu_);
    data.swap(buffer_);
    if (dropped_ > 0) {
      data += "sagasu: access log: " + std::to_string(dropped_) + " lines dropped (the log could not keep up)\n";
      dropped_ = 0;
    }
  }
  WriteOut(data);
}

Status AccessLog::Reopen() {
  Flush();
  if (!owned_) return Status::OK();
  const int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("cannot reopen access log " + path_ + ": " + std::strerror(errno));
  std::lock_guard<std::mutex> lock(write_mu_);
  const bool ok = ::dup3(fd, fd_, O_CLOEXEC) >= 0;
  const int err = errno;
  ::close(fd);
  if (!ok) return Status::IOError("cannot reopen access log " + path_ + ": " + std::strerror(err));
  return Status::OK();
}

void AccessLog::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, interval_, [this] { return stop_ || buffer_.size() >= kFlushBytes; });
    lock.unlock();
    Flush();
    lock.lock();
  }
}

void AccessLog::WriteOut(const std::string& data) {
  std::lock_guard<std::mutex> lock(write_mu_);
  std::string_view rest(data);
  while (!rest.empty()) {
    const ssize_t w = ::write(fd_, rest.data(), rest.size());
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      std::fprintf(stderr, "sagasu: access log: write failed: %s\n", std::strerror(errno));
      return;
    }
    rest.remove_prefix(static_cast<std::size_t>(w));
  }
}

}  // namespace sagasu
