#include "common/document.h"

#include <chrono>
#include <cstdio>
#include <string_view>

#include "common/text/ascii.h"

namespace sagasu {

bool operator==(const Article& a, const Article& b) {
  return a.id == b.id && a.title == b.title && a.body == b.body && a.tags == b.tags &&
         a.categories == b.categories && a.author == b.author && a.excerpt == b.excerpt && a.url == b.url &&
         a.date == b.date;
}

namespace {

// A cursor over the date text. Every Read* consumes on success only.
class DateScanner {
 public:
  explicit DateScanner(std::string_view text) : s_(text) {}

  bool AtEnd() const { return pos_ == s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }

  // Reads exactly `digits` ASCII digits.
  bool ReadNumber(int digits, int* out) {
    if (s_.size() - pos_ < static_cast<size_t>(digits)) return false;
    int v = 0;
    for (int i = 0; i < digits; ++i) {
      const char c = s_[pos_ + i];
      if (!IsAsciiDigit(c)) return false;
      v = v * 10 + (c - '0');
    }
    pos_ += digits;
    *out = v;
    return true;
  }

  bool Consume(char c) {
    if (AtEnd() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  void SkipSpaces() {
    while (!AtEnd() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }

  void SkipDigits() {
    while (!AtEnd() && IsAsciiDigit(s_[pos_])) ++pos_;
  }

  // Case-insensitive keyword.
  bool ConsumeWord(std::string_view word) {
    if (s_.size() - pos_ < word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      char c = s_[pos_ + i];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (c != word[i]) return false;
    }
    pos_ += word.size();
    return true;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// Parses a zone designator at the scanner's position: Z, UTC, GMT, ±HH,
// ±HHMM or ±HH:MM. Stores the offset east of UTC in seconds.
bool ReadZone(DateScanner* sc, int* offset_seconds) {
  if (sc->ConsumeWord("Z") || sc->ConsumeWord("UTC") || sc->ConsumeWord("GMT")) {
    *offset_seconds = 0;
    return true;
  }
  int sign;
  if (sc->Consume('+')) {
    sign = 1;
  } else if (sc->Consume('-')) {
    sign = -1;
  } else {
    return false;
  }
  int hh = 0, mm = 0;
  if (!sc->ReadNumber(2, &hh)) return false;
  if (sc->Consume(':')) {
    if (!sc->ReadNumber(2, &mm)) return false;
  } else if (!sc->AtEnd()) {
    if (!sc->ReadNumber(2, &mm)) return false;
  }
  if (hh > 23 || mm > 59) return false;
  *offset_seconds = sign * (hh * 3600 + mm * 60);
  return true;
}

}  // namespace

std::string FormatDate(std::int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_seconds tp{seconds{unix_seconds}};
  const sys_days day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> tod{tp - day};
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()));
  return buf;
}

std::optional<std::int64_t> ParseDate(std::string_view text) {
  using namespace std::chrono;
  DateScanner sc(TrimAscii(text));

  int y = 0, mo = 0, d = 0;
  if (!sc.ReadNumber(4, &y)) return std::nullopt;
  const char sep = sc.Peek();
  if (sep != '-' && sep != '/') return std::nullopt;
  sc.Consume(sep);
  if (!sc.ReadNumber(2, &mo)) return std::nullopt;
  if (!sc.Consume(sep)) return std::nullopt;
  if (!sc.ReadNumber(2, &d)) return std::nullopt;

  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;

  int hh = 0, mi = 0, ss = 0, offset = 0;
  if (!sc.AtEnd()) {
    // Date and time are separated by 'T' or by spaces.
    if (!sc.Consume('T') && !sc.Consume('t')) {
      if (sc.Peek() != ' ' && sc.Peek() != '\t') return std::nullopt;
      sc.SkipSpaces();
    }
    if (!sc.ReadNumber(2, &hh) || !sc.Consume(':') || !sc.ReadNumber(2, &mi)) return std::nullopt;
    if (sc.Consume(':')) {
      if (!sc.ReadNumber(2, &ss)) return std::nullopt;
      if (sc.Consume('.') || sc.Consume(',')) sc.SkipDigits();  // fractions are dropped
    }
    // 60 allows a leap second, as RFC 3339 does.
    if (hh > 23 || mi > 59 || ss > 60) return std::nullopt;
    sc.SkipSpaces();
    if (!sc.AtEnd()) {
      if (!ReadZone(&sc, &offset) || !sc.AtEnd()) return std::nullopt;
    }
  }

  const sys_days days_since_epoch{ymd};
  const std::int64_t seconds_since_epoch =
      static_cast<std::int64_t>(days_since_epoch.time_since_epoch().count()) * 86400 + hh * 3600 + mi * 60 + ss -
      offset;
  return seconds_since_epoch;
}

}  // namespace sagasu
