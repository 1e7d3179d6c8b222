#include "common/time_zone.h"

#include <unicode/basictz.h>
#include <unicode/locid.h>
#include <unicode/parsepos.h>
#include <unicode/timezone.h>
#include <unicode/tzfmt.h>
#include <unicode/ucal.h>
#include <unicode/unistr.h>

#include <chrono>
#include <mutex>
#include <vector>

#include "common/text/ascii.h"

namespace sagasu {

struct TimeZone::Impl {
  std::unique_ptr<const icu::BasicTimeZone> zone;
};

namespace {

std::string IdOf(const icu::TimeZone& zone) {
  icu::UnicodeString id;
  zone.getID(id);
  std::string out;
  id.toUTF8String(out);
  return out;
}

// Every zone ICU creates from its database (OlsonTimeZone, SimpleTimeZone for
// "GMT+09:00" ids) is a BasicTimeZone, which resolves local times with an
// explicit DST rule; nullptr for anything else.
std::unique_ptr<const icu::BasicTimeZone> AsBasic(icu::TimeZone* zone) {
  std::unique_ptr<icu::TimeZone> owned(zone);
  auto* basic = dynamic_cast<icu::BasicTimeZone*>(owned.get());
  if (basic == nullptr) return nullptr;
  owned.release();
  return std::unique_ptr<const icu::BasicTimeZone>(basic);
}

bool IsUnknown(const icu::TimeZone& zone) { return IdOf(zone) == UCAL_UNKNOWN_ZONE_ID; }

}  // namespace

std::int64_t UtcSeconds(const CivilTime& t) {
  using namespace std::chrono;
  const sys_days d{year{t.year} / month{static_cast<unsigned>(t.month)} / day{static_cast<unsigned>(t.day)}};
  return static_cast<std::int64_t>(d.time_since_epoch().count()) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

CivilTime UtcCivil(std::int64_t unix_seconds) {
  using namespace std::chrono;
  const std::int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : -((-unix_seconds + 86399) / 86400);
  const std::int64_t secs = unix_seconds - days * 86400;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  return CivilTime{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(secs / 3600),
                   static_cast<int>(secs % 3600 / 60), static_cast<int>(secs % 60)};
}

namespace {

std::chrono::sys_days DaysOf(int y, int m, int d) {
  using namespace std::chrono;
  return sys_days{year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)}};
}

}  // namespace

int DayOfYear(const CivilTime& t) {
  return static_cast<int>((DaysOf(t.year, t.month, t.day) - DaysOf(t.year, 1, 1)).count()) + 1;
}

int Weekday(const CivilTime& t) {
  return static_cast<int>(std::chrono::weekday(DaysOf(t.year, t.month, t.day)).c_encoding());
}

std::pair<int, int> IsoWeek(const CivilTime& t) {
  const std::chrono::sys_days day = DaysOf(t.year, t.month, t.day);
  const int iso_weekday = (Weekday(t) + 6) % 7 + 1;  // Monday 1 .. Sunday 7
  const std::chrono::sys_days thursday = day + std::chrono::days(4 - iso_weekday);
  const int week_year = static_cast<int>(std::chrono::year_month_day(thursday).year());
  return {week_year, static_cast<int>((thursday - DaysOf(week_year, 1, 1)).count()) / 7 + 1};
}

Result<TimeZone> TimeZone::Named(std::string_view iana) {
  std::unique_ptr<const icu::BasicTimeZone> zone =
      AsBasic(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(icu::StringPiece(iana.data(), iana.size()))));
  // ICU answers an unknown id with "Etc/Unknown" (UTC), not with an error.
  if (zone == nullptr || IsUnknown(*zone)) {
    return Status::InvalidArgument("unknown time zone '" + std::string(iana) + "'");
  }
  return TimeZone(std::make_shared<const Impl>(Impl{std::move(zone)}));
}

TimeZone TimeZone::Local() {
  // The host's zone as of now, not ICU's process default, which ICU fixes on
  // first use and an embedder may have set.
  std::unique_ptr<const icu::BasicTimeZone> zone = AsBasic(icu::TimeZone::detectHostTimeZone());
  if (zone == nullptr || IsUnknown(*zone)) return Utc();
  return TimeZone(std::make_shared<const Impl>(Impl{std::move(zone)}));
}

TimeZone TimeZone::Utc() {
  // Created once: the one-argument ParseDate reads every date in UTC.
  static const TimeZone utc = Named("UTC").value();
  return utc;
}

std::string TimeZone::name() const { return IdOf(*impl_->zone); }

std::int64_t TimeZone::ToUtc(const CivilTime& t) const {
  const std::int64_t local = UtcSeconds(t);
  std::int32_t raw_ms = 0, dst_ms = 0;
  UErrorCode status = U_ZERO_ERROR;
  // FORMER for skipped times, LATTER for repeated ones: ICU's own default for
  // TimeZone::getOffset(local=true), and Ruby's.
  impl_->zone->getOffsetFromLocal(static_cast<UDate>(local) * 1000.0, UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_LATTER,
                                  raw_ms, dst_ms, status);
  if (U_FAILURE(status)) return local;  // only for dates beyond ICU's range; read as UTC
  return local - (raw_ms + dst_ms) / 1000;
}

CivilTime TimeZone::ToCivil(std::int64_t unix_seconds) const {
  std::int32_t raw_ms = 0, dst_ms = 0;
  UErrorCode status = U_ZERO_ERROR;
  impl_->zone->getOffset(static_cast<UDate>(unix_seconds) * 1000.0, /*local=*/false, raw_ms, dst_ms, status);
  if (U_FAILURE(status)) return UtcCivil(unix_seconds);
  return UtcCivil(unix_seconds + (raw_ms + dst_ms) / 1000);
}

namespace {

// One TimeZoneFormat per region whose reading of an abbreviation must agree
// (see the header). Parsing fills caches inside the formats, hence the mutex.
class AbbreviationReaders {
 public:
  static AbbreviationReaders& Get() {
    static AbbreviationReaders readers;
    return readers;
  }

  std::optional<std::int32_t> Offset(const icu::UnicodeString& abbreviation, UDate near) {
    std::lock_guard<std::mutex> lock(mu_);
    std::optional<std::int32_t> agreed;
    for (const auto& format : formats_) {
      const std::optional<std::int32_t> offset = OffsetIn(*format, abbreviation, near);
      if (!offset || (agreed && *agreed != *offset)) return std::nullopt;
      agreed = offset;
    }
    return agreed;
  }

 private:
  AbbreviationReaders() {
    for (const char* locale : {"en_US", "en_GB", "en_IE", "en_IN", "he_IL", "en_AU", "zh_CN", "ja_JP"}) {
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::TimeZoneFormat> format(icu::TimeZoneFormat::createInstance(icu::Locale(locale), status));
      if (U_FAILURE(status)) continue;
      // The tz database's abbreviations (JST, CET...), not only the few
      // that CLDR localizes for the locale.
      format->setDefaultParseOptions(UTZFMT_PARSE_OPTION_TZ_DATABASE_ABBREVIATIONS);
      formats_.push_back(std::move(format));
    }
  }

  // The offset `format` reads `abbreviation` (the whole of it) as.
  static std::optional<std::int32_t> OffsetIn(const icu::TimeZoneFormat& format,
                                              const icu::UnicodeString& abbreviation, UDate near) {
    icu::ParsePosition pos(0);
    UTimeZoneFormatTimeType type = UTZFMT_TIME_TYPE_UNKNOWN;
    std::unique_ptr<icu::TimeZone> zone(format.parse(UTZFMT_STYLE_SPECIFIC_SHORT, abbreviation, pos, &type));
    if (zone == nullptr || pos.getIndex() != abbreviation.length()) return std::nullopt;
    std::int32_t raw_ms = 0, dst_ms = 0;
    UErrorCode status = U_ZERO_ERROR;
    zone->getOffset(near, /*local=*/false, raw_ms, dst_ms, status);
    if (U_FAILURE(status)) return std::nullopt;
    // A daylight name means daylight time whatever the date ("EDT" in
    // January is still -04:00); a standard name means standard time.
    if (type == UTZFMT_TIME_TYPE_DAYLIGHT) return (raw_ms + (dst_ms != 0 ? dst_ms : zone->getDSTSavings())) / 1000;
    return raw_ms / 1000;
  }

  std::mutex mu_;
  std::vector<std::unique_ptr<icu::TimeZoneFormat>> formats_;
};

}  // namespace

std::optional<std::int32_t> ZoneAbbreviationOffset(std::string_view abbreviation, std::int64_t near_utc) {
  if (abbreviation.empty()) return std::nullopt;
  std::string upper;
  for (char c : abbreviation) {
    if (!IsAsciiAlpha(c)) return std::nullopt;
    upper += IsAsciiUpper(c) ? c : static_cast<char>(c - 'a' + 'A');  // ICU matches case-sensitively
  }
  return AbbreviationReaders::Get().Offset(icu::UnicodeString::fromUTF8(upper), static_cast<UDate>(near_utc) * 1000.0);
}

}  // namespace sagasu
