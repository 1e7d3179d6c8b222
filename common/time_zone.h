// Time zones from ICU's time-zone database (GCC 12's libstdc++ has no
// std::chrono::locate_zone). The header includes no ICU, so that every layer
// (indexer/ too) can hold a TimeZone; only common/time_zone.cc sees ICU.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <string_view>

#include "common/status.h"

namespace sagasu {

// A wall-clock reading (proleptic Gregorian), as written in front matter.
struct CivilTime {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;  // 60 for a leap second, as RFC 3339 allows
};

// Seconds since the epoch of `t` read in UTC. REQUIRES: `t` is a valid date
// and time.
std::int64_t UtcSeconds(const CivilTime& t);
// The UTC calendar date and time of `unix_seconds` (UtcSeconds' inverse).
CivilTime UtcCivil(std::int64_t unix_seconds);

// Calendar facts of t's date (REQUIRES: a valid date): the day of the year
// (1..366), the weekday (0 Sunday .. 6 Saturday) and the ISO 8601 week
// {week-based year, week 1..53}: the week holding the date's Thursday.
int DayOfYear(const CivilTime& t);
int Weekday(const CivilTime& t);
std::pair<int, int> IsoWeek(const CivilTime& t);

// A time zone of the IANA database. Cheap to copy (shared, immutable) and safe
// to use from several threads at once.
class TimeZone {
 public:
  // "Asia/Tokyo", "America/New_York", "UTC"... InvalidArgument naming the zone
  // when ICU does not know it.
  static Result<TimeZone> Named(std::string_view iana);
  // The machine's zone (TZ, else /etc/localtime, as ICU's
  // detectHostTimeZone reads them); UTC when ICU cannot tell.
  static TimeZone Local();
  static TimeZone Utc();

  // The zone's IANA id, e.g. "Asia/Tokyo".
  std::string name() const;

  // Seconds since the epoch of `t` read on this zone's clocks. REQUIRES: `t`
  // is a valid date and time. At a DST change the rule is Ruby's (and so
  // Jekyll's; checked with Jekyll 4.3.1): a time skipped by the change counts
  // with the offset before it (02:30 on 2024-03-10 in New York is 03:30 EDT),
  // a time that happens twice is the later one (01:30 on 2024-11-03 is EST).
  // Hugo 0.111 (Go) differs on both.
  std::int64_t ToUtc(const CivilTime& t) const;
  // The date and time this zone's clocks show at `unix_seconds`.
  CivilTime ToCivil(std::int64_t unix_seconds) const;

 private:
  struct Impl;
  explicit TimeZone(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// The offset east of UTC, in seconds, that a zone abbreviation such as "JST",
// "EST", "CEST" or "PDT" (ASCII letters, any case) stands for on the date
// `near_utc` (seconds since the epoch; abbreviations keep their meaning over
// time, the offsets behind them sometimes change). The abbreviations are the
// tz database's, as ICU knows them; one that ICU reads differently in the US,
// Britain, Ireland, India, Israel, Australia, China or Japan ("CST": Chicago
// or China, "IST": India, Ireland or Israel, "BST") gives nullopt, as does
// one it does not know.
std::optional<std::int32_t> ZoneAbbreviationOffset(std::string_view abbreviation, std::int64_t near_utc);

}  // namespace sagasu
