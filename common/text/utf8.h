// UTF-8 decoding, encoding and validation: the one copy used by the analyzer,
// the input checks, the query parser and the snippets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sagasu {

// Decodes the code point at p[0..avail). Returns its length in bytes (1..4),
// or minus the length of the maximal invalid subsequence (Unicode's "maximal
// subpart" rule, so one U+FFFD replaces it). Overlong forms, surrogates and
// code points above U+10FFFF are invalid. REQUIRES: avail > 0.
inline int DecodeUtf8(const unsigned char* p, std::size_t avail, char32_t* out) {
  const unsigned char b0 = p[0];
  if (b0 < 0x80) {
    *out = b0;
    return 1;
  }
  int need;
  char32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
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

// Returns the byte offset of the first byte that does not start a valid UTF-8
// sequence (as DecodeUtf8 judges it), or nullopt when `bytes` is valid UTF-8.
inline std::optional<std::size_t> FindInvalidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (std::size_t i = 0; i < bytes.size();) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    char32_t c;
    const int len = DecodeUtf8(p + i, bytes.size() - i, &c);
    if (len <= 0) return i;
    i += static_cast<std::size_t>(len);
  }
  return std::nullopt;
}

inline bool IsValidUtf8(std::string_view bytes) { return !FindInvalidUtf8(bytes).has_value(); }

// Calls fn(code point) for each code point of `text`; each maximal invalid
// subsequence is passed as one U+FFFD.
template <typename Fn>
void ForEachCodePoint(std::string_view text, Fn fn) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t c;
    const int len = DecodeUtf8(p + i, text.size() - i, &c);
    fn(len > 0 ? c : char32_t{0xFFFD});
    i += static_cast<std::size_t>(len > 0 ? len : -len);
  }
}

// Whether `c` is a Unicode scalar value (U+0000..U+10FFFF without the
// surrogates U+D800..U+DFFF), i.e. has a UTF-8 form.
inline bool IsUnicodeScalarValue(char32_t c) { return c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF); }

// Writes the UTF-8 form of `c` to buf[0..4) and returns its length.
// REQUIRES: IsUnicodeScalarValue(c).
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

// Appends the UTF-8 form of `c` to *out. REQUIRES: IsUnicodeScalarValue(c).
inline void AppendUtf8(char32_t c, std::string* out) {
  char buf[4];
  out->append(buf, EncodeUtf8(c, buf));
}

// Whether `b` is a continuation byte (10xxxxxx), i.e. does not start a
// character.
inline bool IsUtf8Continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// Decodes the last code point of `s` into *out. Returns false when `s` is
// empty or does not end in a valid UTF-8 sequence.
inline bool DecodeLastUtf8(std::string_view s, char32_t* out) {
  if (s.empty()) return false;
  std::size_t start = s.size() - 1;
  while (start > 0 && s.size() - start < 4 && IsUtf8Continuation(static_cast<unsigned char>(s[start]))) --start;
  const std::size_t len = s.size() - start;
  return DecodeUtf8(reinterpret_cast<const unsigned char*>(s.data()) + start, len, out) == static_cast<int>(len);
}

// Length of the sequence introduced by lead byte `b` in VALID UTF-8.
inline std::size_t Utf8SequenceLength(unsigned char b) {
  return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

}  // namespace sagasu
