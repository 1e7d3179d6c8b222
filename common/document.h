// The document model and its date helpers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time_zone.h"
#include "sagasu/types.h"

namespace sagasu {

// The document model is the public sagasu::Article (include/sagasu/types.h):
// what a source produces and what the index stores. Text fields are valid
// UTF-8 (sources reject anything else).

// Field-by-field equality (tests compare parsed articles).
bool operator==(const Article& a, const Article& b);

// FormatDate (seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ") is declared
// in the public sagasu/types.h.

// Parses a front matter date, in the forms Jekyll and Hugo take, into
// seconds since the epoch:
//   date         YYYY-MM-DD, YYYY-M-D, YYYY/MM/DD, or in English words as
//                RFC 1123 and prose write it: "Sun, 05 May 2024",
//                "5 May 2024", "May 5, 2024", "January 2, 2006"
//   date time    date, then 'T' or spaces, then H:MM, HH:MM or HH:MM:SS
//                with an optional fraction (.123, dropped)
//   zone         after the time, spaces optional: Z, ±HH, ±HHMM, ±HH:MM,
//                UTC, GMT or a zone abbreviation (JST, EST, CEST...; see
//                ZoneAbbreviationOffset in common/time_zone.h); a name after
//                a numeric offset ("-0700 MST", Go's form: three to five
//                capitals) is ignored
// RFC 3339 ("2012-03-06T13:00:00+09:00") and RFC 1123 ("Sun, 05 May 2024
// 10:00:00 +0900") are among these. A time without a zone, and a date alone
// (midnight), are read on the clocks of `zone`, the site's time zone. Returns
// nullopt on anything else, on impossible dates and times (2024-02-30, month
// 13, 24:00) and on text over 64 bytes (after trimming ASCII space).
std::optional<std::int64_t> ParseDate(std::string_view text, const TimeZone& zone);

// ParseDate with `zone` UTC, for callers that know no site zone.
std::optional<std::int64_t> ParseDate(std::string_view text);

}  // namespace sagasu
