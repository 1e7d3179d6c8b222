#include "common/document.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <span>
#include <string_view>

#include "common/text/ascii.h"
#include "common/time_zone.h"

namespace sagasu {

bool operator==(const Article& a, const Article& b) {
  return a.id == b.id && a.title == b.title && a.body == b.body && a.tags == b.tags &&
         a.categories == b.categories && a.author == b.author && a.excerpt == b.excerpt && a.url == b.url &&
         a.date == b.date;
}

namespace {

// Longer than any date form accepted below: longer text is refused before it
// is scanned, and the scan itself is one pass without backtracking.
constexpr size_t kMaxDateLength = 64;

// A cursor over the date text. Its ReadNumber consumes on success only; the
// readers built on it below may stop half-way, since a date that fails to
// parse is dropped whole.
class DateScanner {
 public:
  explicit DateScanner(std::string_view text) : s_(text) {}

  bool AtEnd() const { return pos_ == s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }

  // Reads min_digits..max_digits ASCII digits (as many as there are).
  bool ReadNumber(int min_digits, int max_digits, int* out) {
    int n = 0, v = 0;
    while (n < max_digits && pos_ + n < s_.size() && IsAsciiDigit(s_[pos_ + n])) {
      v = v * 10 + (s_[pos_ + n] - '0');
      ++n;
    }
    if (n < min_digits) return false;
    pos_ += n;
    *out = v;
    return true;
  }

  bool Consume(char c) {
    if (AtEnd() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // Returns whether there was any.
  bool SkipSpaces() {
    const size_t start = pos_;
    while (!AtEnd() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
    return pos_ > start;
  }

  // How many ASCII digits follow the cursor.
  size_t DigitsAhead() const {
    size_t n = 0;
    while (pos_ + n < s_.size() && IsAsciiDigit(s_[pos_ + n])) ++n;
    return n;
  }

  void SkipDigits() {
    while (!AtEnd() && IsAsciiDigit(s_[pos_])) ++pos_;
  }

  // The run of ASCII letters at the cursor (empty when there is none).
  std::string_view ReadLetters() {
    const size_t start = pos_;
    while (!AtEnd() && IsAsciiAlpha(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ToLowerAscii(a) == ToLowerAscii(b);
}

// Reads ±HH, ±HHMM or ±HH:MM as seconds east of UTC.
bool ReadNumericOffset(DateScanner* sc, int* offset_seconds) {
  int sign;
  if (sc->Consume('+')) {
    sign = 1;
  } else if (sc->Consume('-')) {
    sign = -1;
  } else {
    return false;
  }
  int hh = 0, mm = 0;
  if (!sc->ReadNumber(2, 2, &hh)) return false;
  if (sc->Consume(':') || sc->DigitsAhead() > 0) {
    if (!sc->ReadNumber(2, 2, &mm)) return false;
  }
  if (hh > 23 || mm > 59) return false;
  *offset_seconds = sign * (hh * 3600 + mm * 60);
  return true;
}

// Three to five capital letters, as Go's time.Parse takes a zone name.
bool IsGoZoneName(std::string_view word) {
  return word.size() >= 3 && word.size() <= 5 && std::all_of(word.begin(), word.end(), IsAsciiUpper);
}

// Parses a zone designator at the scanner's position: Z, UTC, GMT, a zone
// abbreviation (JST, EST...: ZoneAbbreviationOffset, read on `near_utc`),
// ±HH, ±HHMM or ±HH:MM (and a name after it). Stores the offset east of UTC
// in seconds.
bool ReadZone(DateScanner* sc, std::int64_t near_utc, int* offset_seconds) {
  const std::string_view word = sc->ReadLetters();
  if (word.empty()) {
    if (!ReadNumericOffset(sc, offset_seconds)) return false;
    // Go's time.String names the zone after the offset ("-0700 MST"); Hugo
    // and Jekyll go by the number, and so do we.
    return !sc->SkipSpaces() || IsGoZoneName(sc->ReadLetters());
  }
  // Zero by definition; no need to ask ICU.
  if (EqualsIgnoringAsciiCase(word, "Z") || EqualsIgnoringAsciiCase(word, "UTC") ||
      EqualsIgnoringAsciiCase(word, "GMT")) {
    *offset_seconds = 0;
    return true;
  }
  const std::optional<std::int32_t> offset = ZoneAbbreviationOffset(word, near_utc);
  if (!offset) return false;
  *offset_seconds = *offset;
  return true;
}

// YYYY-M-D or YYYY/M/D, months and days of one or two digits (Jekyll takes
// both; Hugo only two).
bool ReadCalendarDate(DateScanner* sc, CivilTime* t) {
  if (!sc->ReadNumber(4, 4, &t->year)) return false;
  const char sep = sc->Peek();
  if (sep != '-' && sep != '/') return false;
  sc->Consume(sep);
  return sc->ReadNumber(1, 2, &t->month) && sc->Consume(sep) && sc->ReadNumber(1, 2, &t->day);
}

// 1 + the index in `names` of the one that `word` is, in full or cut to
// three letters or more, in any case ("May", "Sep", "Sept", "September");
// 0 for none. Three letters tell every month and every weekday apart.
int IndexOfName(std::string_view word, std::span<const std::string_view> names) {
  if (word.size() < 3) return 0;
  const std::string lower = ToLowerAscii(word);
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].starts_with(lower)) return static_cast<int>(i) + 1;
  }
  return 0;
}

// 1..12 for an English month name, 0 for anything else.
int MonthFromName(std::string_view word) {
  static constexpr std::string_view kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                                 "july",    "august",   "september", "october", "november", "december"};
  return IndexOfName(word, kMonths);
}

bool IsWeekdayName(std::string_view word) {
  static constexpr std::string_view kWeekdays[] = {"monday", "tuesday", "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"};
  return IndexOfName(word, kWeekdays) != 0;
}

// The dates of RFC 1123 and of prose: "Sun, 05 May 2024", "5 May 2024",
// "May 5, 2024", "January 2, 2006". The weekday is not checked against the
// date (neither Jekyll nor Hugo does).
bool ReadDateInWords(DateScanner* sc, CivilTime* t) {
  std::string_view word = sc->ReadLetters();
  if (!word.empty() && sc->Consume(',')) {
    if (!IsWeekdayName(word)) return false;
    sc->SkipSpaces();
    word = sc->ReadLetters();
  }
  if (word.empty()) {  // 5 May 2024
    if (!sc->ReadNumber(1, 2, &t->day) || !sc->SkipSpaces()) return false;
    t->month = MonthFromName(sc->ReadLetters());
  } else {  // May 5, 2024
    t->month = MonthFromName(word);
    if (!sc->SkipSpaces() || !sc->ReadNumber(1, 2, &t->day)) return false;
    sc->Consume(',');
  }
  return t->month != 0 && sc->SkipSpaces() && sc->ReadNumber(4, 4, &t->year);
}

// Numeric dates start with a four-digit year, the others do not.
bool ReadDate(DateScanner* sc, CivilTime* t) {
  return sc->DigitsAhead() == 4 ? ReadCalendarDate(sc, t) : ReadDateInWords(sc, t);
}

// H:MM, HH:MM, HH:MM:SS, HH:MM:SS.fraction (the fraction is dropped).
bool ReadClock(DateScanner* sc, CivilTime* t) {
  if (!sc->ReadNumber(1, 2, &t->hour) || !sc->Consume(':') || !sc->ReadNumber(2, 2, &t->minute)) return false;
  if (sc->Consume(':')) {
    if (!sc->ReadNumber(2, 2, &t->second)) return false;
    if (sc->Consume('.') || sc->Consume(',')) sc->SkipDigits();
  }
  return true;
}

bool IsValid(const CivilTime& t) {
  using namespace std::chrono;
  const year_month_day ymd{year{t.year}, month{static_cast<unsigned>(t.month)}, day{static_cast<unsigned>(t.day)}};
  // 60 allows a leap second, as RFC 3339 does.
  return ymd.ok() && t.hour <= 23 && t.minute <= 59 && t.second <= 60;
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

std::optional<std::int64_t> ParseDate(std::string_view text, const TimeZone& zone) {
  text = TrimAscii(text);
  if (text.size() > kMaxDateLength) return std::nullopt;
  DateScanner sc(text);
  CivilTime t;
  if (!ReadDate(&sc, &t)) return std::nullopt;
  if (!sc.AtEnd()) {
    // Date and time are separated by 'T' or by spaces.
    if (!sc.Consume('T') && !sc.Consume('t') && !sc.SkipSpaces()) return std::nullopt;
    if (!ReadClock(&sc, &t)) return std::nullopt;
    sc.SkipSpaces();
  }
  if (!IsValid(t)) return std::nullopt;
  if (sc.AtEnd()) return zone.ToUtc(t);
  // What follows the time of day is its zone.
  int seconds_east = 0;
  if (!ReadZone(&sc, UtcSeconds(t), &seconds_east) || !sc.AtEnd()) return std::nullopt;
  return UtcSeconds(t) - seconds_east;
}

std::optional<std::int64_t> ParseDate(std::string_view text) { return ParseDate(text, TimeZone::Utc()); }

}  // namespace sagasu
