// server/access_log.h: the Combined Log Format line, its escaping, and the
// buffered file.
#include "server/access_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "test_util.h"

namespace sagasu {
namespace {

using sagasu::testing::ReadFileOrDie;
using sagasu::testing::TempDir;

// Combined Log Format plus the latency: host ident user [time] "request"
// status bytes "referer" "agent" seconds.
const std::regex kLine(
    R"re(^(\S+) - - \[(\d{2})/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" (\d+\.\d{4})\n$)re");

AccessLogEntry Entry() {
  AccessLogEntry e;
  e.remote_addr = "127.0.0.1";
  // 2026-12-05 00:12:03 UTC.
  e.time = std::chrono::system_clock::time_point(std::chrono::seconds(1796429523));
  e.method = "GET";
  e.target = "/search?q=%E5%8C%97%E6%B5%B7%E9%81%93&utm_source=x";
  e.version = "HTTP/1.1";
  e.status = 200;
  e.body_bytes = 1534;
  e.user_agent = "curl/7.88.1";
  e.seconds = 0.00123;
  return e;
}

class AccessLogTest : public ::testing::Test {
 protected:
  // Lines in UTC, whatever the machine's zone.
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    if (tz) old_tz_ = tz;
    had_tz_ = tz != nullptr;
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
  void TearDown() override {
    if (had_tz_) ::setenv("TZ", old_tz_.c_str(), 1);
    else ::unsetenv("TZ");
    ::tzset();
  }
  std::string old_tz_;
  bool had_tz_ = false;
};

TEST_F(AccessLogTest, CombinedLogFormatWithLatency) {
  const std::string line = FormatAccessLogLine(Entry());
  EXPECT_EQ(line,
            "127.0.0.1 - - [05/Dec/2026:00:12:03 +0000] \"GET /search?q=%E5%8C%97%E6%B5%B7%E9%81%93&utm_source=x "
            "HTTP/1.1\" 200 1534 \"-\" \"curl/7.88.1\" 0.0012\n");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(line, m, kLine)) << line;
  EXPECT_EQ(m[10], "200");
  EXPECT_EQ(m[14], "0.0012");
}

TEST_F(AccessLogTest, EscapesWhatCouldForgeALine) {
  struct Case {
    std::string target, agent;
    std::string want_request, want_agent;  // the quoted fields as written
  };
  const std::vector<Case> cases = {
      {"/a\"b", "x\"y", "GET /a\\\"b HTTP/1.1", "x\\\"y"},
      {"/a\\b", "x\\", "GET /a\\\\b HTTP/1.1", "x\\\\"},
      {"/\r\n127.0.0.1 - - fake", "a\nb", "GET /\\x0d\\x0a127.0.0.1 - - fake HTTP/1.1", "a\\x0ab"},
      {"/検索?q=京都", "\x7f", "GET /\\xe6\\xa4\\x9c\\xe7\\xb4\\xa2?q=\\xe4\\xba\\xac\\xe9\\x83\\xbd HTTP/1.1", "\\x7f"},
  };
  for (const auto& c : cases) {
    AccessLogEntry e = Entry();
    e.target = c.target;
    e.user_agent = c.agent;
    e.referer = "https://example.com/?q=\"1\"";
    const std::string line = FormatAccessLogLine(e);
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, kLine)) << line;
    EXPECT_EQ(m[9], c.want_request);
    EXPECT_EQ(m[13], c.want_agent);
    EXPECT_EQ(m[12], "https://example.com/?q=\\\"1\\\"");
    EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1) << line;
  }
}

TEST_F(AccessLogTest, UnparsedRequestLogsItsLine) {
  AccessLogEntry e = Entry();
  e.method = "";
  e.request_line = "GET /\"x\" HTTP/1.1";
  e.status = 431;
  std::smatch m;
  const std::string line = FormatAccessLogLine(e);
  ASSERT_TRUE(std::regex_match(line, m, kLine)) << line;
  EXPECT_EQ(m[9], "GET /\\\"x\\\" HTTP/1.1");
  e.request_line = "";  // nothing arrived (a 503 at accept)
  EXPECT_NE(FormatAccessLogLine(e).find(" \"-\" 431 "), std::string::npos) << FormatAccessLogLine(e);
}

TEST_F(AccessLogTest, NoBodyIsADash) {
  AccessLogEntry e = Entry();
  e.status = 304;
  e.body_bytes = 0;
  std::smatch m;
  const std::string line = FormatAccessLogLine(e);
  ASSERT_TRUE(std::regex_match(line, m, kLine)) << line;
  EXPECT_EQ(m[11], "-");
}

TEST_F(AccessLogTest, AppendsBufferedLinesToTheFile) {
  TempDir dir;
  const auto path = dir.path() / "access.log";
  dir.Write("access.log", "an older line\n");
  {
    std::unique_ptr<AccessLog> log;
    ASSERT_TRUE(AccessLog::Open(path.string(), &log, std::chrono::hours(1)).ok());
    for (int i = 0; i < 3; ++i) {
      AccessLogEntry e = Entry();
      e.status = 200 + i;
      log->Write(e);
    }
    // Buffered: nothing written until a flush (the interval is an hour).
    EXPECT_EQ(ReadFileOrDie(path), "an older line\n");
    log->Flush();
    const std::string flushed = ReadFileOrDie(path);
    EXPECT_EQ(std::count(flushed.begin(), flushed.end(), '\n'), 4) << flushed;
    log->Write(Entry());
  }  // the destructor writes the rest
  const std::string text = ReadFileOrDie(path);
  EXPECT_EQ(text.rfind("an older line\n", 0), 0u);
  EXPECT_NE(text.find("\" 202 1534 "), std::string::npos) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5) << text;
}

// logrotate moves the file away; Reopen() goes on in a new one by the name.
TEST_F(AccessLogTest, ReopenAfterRotation) {
  TempDir dir;
  const auto path = dir.path() / "access.log";
  std::unique_ptr<AccessLog> log;
  ASSERT_TRUE(AccessLog::Open(path.string(), &log, std::chrono::hours(1)).ok());
  log->Write(Entry());
  std::filesystem::rename(path, dir.path() / "access.log.1");
  AccessLogEntry second = Entry();
  second.status = 404;
  log->Write(second);  // buffered: goes to the old file on Reopen
  ASSERT_TRUE(log->Reopen().ok());
  AccessLogEntry third = Entry();
  third.status = 304;
  log->Write(third);
  log->Flush();
  const std::string old_text = ReadFileOrDie(dir.path() / "access.log.1");
  const std::string new_text = ReadFileOrDie(path);
  EXPECT_EQ(std::count(old_text.begin(), old_text.end(), '\n'), 2) << old_text;
  EXPECT_NE(old_text.find("\" 404 "), std::string::npos) << old_text;
  EXPECT_EQ(std::count(new_text.begin(), new_text.end(), '\n'), 1) << new_text;
  EXPECT_NE(new_text.find("\" 304 "), std::string::npos) << new_text;
  // stderr: nothing to reopen.
  std::unique_ptr<AccessLog> err;
  ASSERT_TRUE(AccessLog::Open("-", &err).ok());
  EXPECT_TRUE(err->Reopen().ok());
}

TEST_F(AccessLogTest, UnopenableFileIsAnIOErrorNamingIt) {
  std::unique_ptr<AccessLog> log;
  const Status s = AccessLog::Open("/nonexistent-dir/access.log", &log);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_NE(s.ToString().find("/nonexistent-dir/access.log"), std::string::npos);
  EXPECT_EQ(log, nullptr);
}

}  // namespace
}  // namespace sagasu
