// Small UTF-8 helpers shared by the analyzer stages. Internal header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sagasu {

// Decodes the code point at p[0..avail). Returns its length in bytes (1..4),
// or minus the length of the maximal invalid subsequence (Unicode's "maximal
// subpart" rule, so one U+FFFD replaces it). REQUIRES: avail > 0.
inline int DecodeUtf8(const unsigned char* p, std::size_t avail, char32_t* out) {
  const unsigned char b0 = p[0];
  if (b0 < 0x80) {
    *out = b0;
    return 1;
  }
  int need;
  char32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;        // no overlongs
    else if (b0 == 0xED) hi = 0x9F;   // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;        // no overlongs
    else if (b0 == 0xF4) hi = 0x8F;   // <= U+10FFFF
  } else {
    return -1;
  }
  for (int k = 1; k <= need; ++k) {
    if (static_cast<std::size_t>(k) >= avail) return -k;
    const unsigned char b = p[k];
    if (b < lo || b > hi) return -k;
    lo = 0x80;
    hi = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
  }
  *out = cp;
  return need + 1;
}

// Writes the UTF-8 form of `c` to buf[0..4) and returns its length.
inline std::size_t EncodeUtf8(char32_t c, char* buf) {
  if (c < 0x80) {
    buf[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    buf[0] = static_cast<char>(0xC0 | (c >> 6));
    buf[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    buf[0] = static_cast<char>(0xE0 | (c >> 12));
    buf[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    buf[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  buf[0] = static_cast<char>(0xF0 | (c >> 18));
  buf[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  buf[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  buf[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

// Length of the sequence introduced by lead byte `b` in VALID UTF-8.
inline std::size_t Utf8SequenceLength(unsigned char b) {
  return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

// Number of code points in VALID UTF-8.
inline std::size_t CountCodePoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char b : s) n += (b & 0xC0) != 0x80;
  return n;
}

}  // namespace sagasu
