#include "common/document.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "common/time_zone.h"

namespace sagasu {
namespace {

struct ParseCase {
  const char* text;
  std::optional<std::int64_t> expected;
};

// 2025-11-30T16:39:09Z
constexpr std::int64_t kSeed = 1764520749;
// 2012-03-06T04:00:00Z == 2012-03-06T13:00:00+09:00
constexpr std::int64_t kMarch6 = 1331006400;

TEST(Document, ParseDateAcceptsJekyllHugoAndIsoForms) {
  const ParseCase cases[] = {
      {"2025-11-30 16:39:09 +0000", kSeed},
      {"2025-11-30 16:39:09", kSeed},
      {"2025-11-30T16:39:09Z", kSeed},
      {"2025-11-30T16:39:09z", kSeed},
      {"2025-11-30T16:39:09.123Z", kSeed},
      {"2025-11-30t16:39:09+00:00", kSeed},
      {"2025-11-30 16:39:09 UTC", kSeed},
      {"  2025-11-30 16:39:09 +0000\n", kSeed},
      {"2012-03-06T13:00:00+0900", kMarch6},
      {"2012-03-06T13:00:00+09:00", kMarch6},
      {"2012-03-06T13:00:00+09", kMarch6},
      {"2012-03-06 13:00:00 +0900", kMarch6},
      {"2012-03-06T04:00:00Z", kMarch6},
      {"2012-03-05T23:00:00-05:00", kMarch6},
      {"2012-03-06T13:00+09:00", kMarch6},
      {"2012/03/06 04:00", kMarch6},
      {"2012/03/06", 1330992000},
      {"2025-11-30", 1764460800},
      {"1970-01-01", 0},
      {"1969-12-31T23:59:59Z", -1},
      {"2024-02-29", 1709164800},
      {"2016-12-31T23:59:60Z", 1483228800},  // leap second
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ParseDate(c.text), c.expected) << c.text;
  }
}

TEST(Document, ParseDateRejectsGarbageAndOutOfRange) {
  const char* bad[] = {
      "",
      "   ",
      "yesterday",
      "2025",
      "2025-11",
      "2025-1-",
      "2025-111-30",
      "2025-11-301",
      "2025-11-30 1:3",
      "2025-11-30 123:00",
      "25-11-30",
      "2025-13-01",
      "2025-00-10",
      "2025-11-31",
      "2023-02-29",
      "2025-11-00",
      "2025-11/30",
      "2025-11-30T",
      "2025-11-30T24:00:00Z",
      "2025-11-30T12:60:00Z",
      "2025-11-30T12:00:61Z",
      "2025-11-30 16:39:09 +2400",
      "2025-11-30 16:39:09 +09:60",
      "2025-11-30 16:39:09 +9",
      "2025-11-30 16:39:09 XYZ",         // Jekyll 4.3.1 ignores unknown names (local time)
      "2025-11-30 16:39:09 CST",         // Chicago or China
      "2025-11-30 16:39:09 Asia/Tokyo",  // Jekyll 4.3.1 ignores it too
      "2025-11-30 16:39:09 JST+0900",
      "2025-11-30 16:39:09 +0900 JST 1",
      "2025-11-30 16:39:09 +0900 jst",
      "2025-11-30 16:39:09 +0900 JAPANT",
      "2025-11-30 16:39:09 +0900 +0900",
      "2025-11-30 16:39:09 +090",
      "2025-11-30 JST",
      "Ma 5, 2025",
      "Mayo 5, 2025",
      "Funday, 05 May 2025",
      "Sun 05 May 2025",
      "05 May 25",
      "5May 2025",
      "May 5 2025x",
      "Feb 30, 2024",
      "Sun,",
      "Sun, 05 May",
      "2025-11-30 16:39:09 +0000 extra",
      "2025-11-30x",
      "２０２５-11-30",
  };
  for (const char* text : bad) {
    EXPECT_EQ(ParseDate(text), std::nullopt) << '"' << text << '"';
  }
}

struct ZoneCase {
  const char* text;
  const char* zone;
  const char* utc;  // expected, as FormatDate prints it
};

// The forms Jekyll 4.3.1 and Hugo 0.111.3 take for `date` (and Hugo for
// `lastmod`, `publishDate`), checked by building a one-post site with each
// (Jekyll `timezone:` / Hugo `timeZone =` set to the case's zone, unless
// noted) and reading the date it rendered. "J" = Jekyll renders this
// instant, "H" = Hugo does; "J: UTC" = unquoted, YAML itself reads the
// timestamp as UTC (quoted, Jekyll gives our answer).
TEST(Document, ParseDateReadsOffsetlessTimesInTheSiteZone) {
  const ZoneCase cases[] = {
      {"2024-05-05", "Asia/Tokyo", "2024-05-04T15:00:00Z"},                     // J H
      {"2024-5-5", "Asia/Tokyo", "2024-05-04T15:00:00Z"},                       // J; H rejects
      {"2024/05/05", "Asia/Tokyo", "2024-05-04T15:00:00Z"},                     // J; H rejects
      {"2024-05-05 10:00", "Asia/Tokyo", "2024-05-05T01:00:00Z"},               // J; H rejects
      {"2024-5-5 9:05", "Asia/Tokyo", "2024-05-05T00:05:00Z"},                  // J; H rejects
      {"2024-05-05 10:00:00", "Asia/Tokyo", "2024-05-05T01:00:00Z"},            // H; J: UTC
      {"2024-05-05T10:00:00", "Asia/Tokyo", "2024-05-05T01:00:00Z"},            // H; J: UTC
      {"2024-05-05 10:00:00.5", "Asia/Tokyo", "2024-05-05T01:00:00Z"},          // H; J: UTC
      {"2024-05-05 10:00:00 +0900", "Asia/Tokyo", "2024-05-05T01:00:00Z"},      // J H
      {"2024-05-05 10:00:00 +09:00", "Asia/Tokyo", "2024-05-05T01:00:00Z"},     // J H
      {"2024-05-05 10:00:00+0900", "Asia/Tokyo", "2024-05-05T01:00:00Z"},       // J H
      {"2024-05-05T10:00:00+09:00", "Asia/Tokyo", "2024-05-05T01:00:00Z"},      // J H
      {"2024-05-05T10:00:00.123+09:00", "Asia/Tokyo", "2024-05-05T01:00:00Z"},  // J H
      {"2024-05-05T10:00+09:00", "Asia/Tokyo", "2024-05-05T01:00:00Z"},         // J; H rejects
      {"2024-05-05 10:00:00 +09", "Asia/Tokyo", "2024-05-05T01:00:00Z"},        // J; H rejects
      {"2024-05-05T10:00:00Z", "Asia/Tokyo", "2024-05-05T10:00:00Z"},           // J H
      {"2024-05-05 10:00:00 UTC", "Asia/Tokyo", "2024-05-05T10:00:00Z"},        // J; H rejects
      {"2024-05-05 10:00:00 GMT", "Asia/Tokyo", "2024-05-05T10:00:00Z"},        // J; H rejects
      {"2024-05-05 10:00:00 EST", "Asia/Tokyo", "2024-05-05T15:00:00Z"},        // J; H rejects
      {"2024-05-05 10:00:00 PDT", "Asia/Tokyo", "2024-05-05T17:00:00Z"},        // J; H rejects
      // Jekyll takes JST but reads it as local time (timezone Etc/UTC gives
      // 10:00 +0000); Hugo rejects it. JST is +09:00 whatever the site zone.
      {"2024-05-05 10:00:00 JST", "Asia/Tokyo", "2024-05-05T01:00:00Z"},
      {"2024-05-05 10:00:00 JST", "UTC", "2024-05-05T01:00:00Z"},
      {"2024-05-05 10:00 jst", "America/New_York", "2024-05-05T01:00:00Z"},
      {"2024-05-05 10:00:00", "UTC", "2024-05-05T10:00:00Z"},                   // H
      {"2024-05-05T10:00:00", "America/New_York", "2024-05-05T14:00:00Z"},      // H (EDT)
      {"2024-05-05 10:00", "America/New_York", "2024-05-05T14:00:00Z"},         // J (EDT)
      {"2024-01-15", "America/New_York", "2024-01-15T05:00:00Z"},               // EST
      {"05 May 2024", "Asia/Tokyo", "2024-05-04T15:00:00Z"},                      // J H
      {"05 may 2024", "Asia/Tokyo", "2024-05-04T15:00:00Z"},                      // J H
      {"5 May 2024", "Asia/Tokyo", "2024-05-04T15:00:00Z"},                       // J; H rejects
      {"Sun, 05 May 2024 10:00:00 +0900", "Asia/Tokyo", "2024-05-05T01:00:00Z"},  // J H
      {"Mon, 05 May 2024 10:00:00 +0900", "Asia/Tokyo", "2024-05-05T01:00:00Z"},  // J H (wrong weekday)
      {"Sun, 05 May 2024 10:00 +0900", "Asia/Tokyo", "2024-05-05T01:00:00Z"},     // J; H rejects
      // H renders 10:00 +0900 (Go keeps the clock, takes the site zone).
      {"Sun, 05 May 2024 10:00:00 GMT", "Asia/Tokyo", "2024-05-05T10:00:00Z"},  // J
      {"May 5, 2024", "Asia/Tokyo", "2024-05-04T15:00:00Z"},                    // J; H rejects
      {"May 5, 2024 10:00", "Asia/Tokyo", "2024-05-05T01:00:00Z"},              // J; H rejects
      {"January 2, 2024", "Asia/Tokyo", "2024-01-01T15:00:00Z"},                // J; H rejects
      {"Sept 5, 2024", "Asia/Tokyo", "2024-09-04T15:00:00Z"},                   // J; H rejects
      // Go's time.String form; both go by the number, whatever the name.
      {"2024-05-05 10:00:00 -0700 MST", "UTC", "2024-05-05T17:00:00Z"},          // J H
      {"2024-05-05 10:00:00.123 +0900 JST", "UTC", "2024-05-05T01:00:00Z"},      // J H
      {"2024-05-05 10:00:00 +0900 XYZ", "UTC", "2024-05-05T01:00:00Z"},          // J H
      // Across the DST changes (TimeZone::ToUtc): J, quoted; Hugo gives
      // 06:30Z and 05:30Z.
      {"2024-03-10 02:30:00", "America/New_York", "2024-03-10T07:30:00Z"},
      {"2024-11-03 01:30:00", "America/New_York", "2024-11-03T06:30:00Z"},
  };
  for (const auto& c : cases) {
    const std::optional<std::int64_t> t = ParseDate(c.text, TimeZone::Named(c.zone).value());
    ASSERT_TRUE(t.has_value()) << c.text << " in " << c.zone;
    EXPECT_EQ(FormatDate(*t), c.utc) << c.text << " in " << c.zone;
  }
}

// Jekyll rolls 2024-02-30 over to 2024-03-01; Hugo rejects it, and so do we,
// rather than index a date nobody wrote. Both reject month 13 and 25:00.
TEST(Document, ParseDateWithZoneRejectsImpossibleDates) {
  const TimeZone tokyo = TimeZone::Named("Asia/Tokyo").value();
  for (const char* bad : {"2024-02-30", "2024-13-01", "2024-05-05 25:00:00", "2024-05-05 10:61", "2024-5-32"}) {
    EXPECT_EQ(ParseDate(bad, tokyo), std::nullopt) << bad;
  }
}

// One pass over the text, and nothing longer than a date is scanned: these
// return at once (a regex with backtracking would not).
TEST(Document, ParseDateIsLinearOnLongInput) {
  const std::string mb(1 << 20, '9');
  EXPECT_EQ(ParseDate(mb), std::nullopt);
  EXPECT_EQ(ParseDate(std::string(1 << 20, 'x')), std::nullopt);
  EXPECT_EQ(ParseDate("2024-05-05T10:00:00." + mb + "Z"), std::nullopt);
  EXPECT_EQ(ParseDate("2024-05-05 10:00:00 " + std::string(1 << 20, 'J')), std::nullopt);
  // Surrounding whitespace is trimmed, however long.
  const std::string spaces(1 << 20, ' ');
  EXPECT_EQ(ParseDate(spaces + "2024-05-05" + spaces), ParseDate("2024-05-05"));
}

TEST(Document, FormatDate) {
  EXPECT_EQ(FormatDate(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatDate(kSeed), "2025-11-30T16:39:09Z");
  EXPECT_EQ(FormatDate(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatDate(951782400), "2000-02-29T00:00:00Z");
}

TEST(Document, FormatThenParseRoundTrips) {
  for (std::int64_t t : {std::int64_t{0}, std::int64_t{-86401}, kSeed, kMarch6, std::int64_t{4102444799}}) {
    EXPECT_EQ(ParseDate(FormatDate(t)), t) << t;
  }
}

}  // namespace
}  // namespace sagasu
