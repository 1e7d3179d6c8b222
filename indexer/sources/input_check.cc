#include "indexer/sources/input_check.h"

#include <cstdio>
#include <string>

namespace sagasu {

std::optional<size_t> FindInvalidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (n - i < len) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::nullopt;
}

Status CheckText(std::string_view bytes, std::string_view origin) {
  const std::string where(origin);
  if (bytes.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos) {
    return Status::InvalidArgument(where + (bytes.empty() ? ": empty file" : ": empty file (only whitespace)"));
  }
  if (size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    return Status::InvalidArgument(where + ": binary data (NUL byte at offset " + std::to_string(nul) + ")");
  }
  if (auto bad = FindInvalidUtf8(bytes)) {
    char hex[8];
    std::snprintf(hex, sizeof(hex), "0x%02X", static_cast<unsigned char>(bytes[*bad]));
    return Status::InvalidArgument(where + ": invalid UTF-8 at byte offset " + std::to_string(*bad) + " (byte " +
                                   hex + ")");
  }
  return Status::OK();
}

std::string_view StripBom(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  return bytes;
}

std::string_view TrimAscii(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(kSpace);
  return s.substr(b, e - b + 1);
}

}  // namespace sagasu
