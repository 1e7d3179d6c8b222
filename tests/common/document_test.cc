#include "common/document.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

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
      "2025-1-30",
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
      "2025-11-30 16:39:09 JST",
      "2025-11-30 16:39:09 +0000 extra",
      "2025-11-30x",
      "２０２５-11-30",
  };
  for (const char* text : bad) {
    EXPECT_EQ(ParseDate(text), std::nullopt) << '"' << text << '"';
  }
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
