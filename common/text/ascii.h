// ASCII helpers that do not depend on the C locale (unlike <cctype>).
#pragma once

#include <string>
#include <string_view>

namespace sagasu {

// The ASCII whitespace bytes: space, \t, \n, \v, \f, \r.
inline constexpr std::string_view kAsciiSpace = " \t\r\n\f\v";

constexpr bool IsAsciiSpace(char c) { return kAsciiSpace.find(c) != std::string_view::npos; }
constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsAsciiAlpha(char c) { return IsAsciiUpper(c) || (c >= 'a' && c <= 'z'); }
constexpr bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }

// A-Z to a-z; every other byte (UTF-8 included) unchanged.
constexpr char ToLowerAscii(char c) { return IsAsciiUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLowerAscii(c);
  return out;
}

// `s` without leading and trailing ASCII whitespace (kAsciiSpace).
constexpr std::string_view TrimAscii(std::string_view s) {
  const std::size_t b = s.find_first_not_of(kAsciiSpace);
  if (b == std::string_view::npos) return {};
  const std::size_t e = s.find_last_not_of(kAsciiSpace);
  return s.substr(b, e - b + 1);
}

}  // namespace sagasu
