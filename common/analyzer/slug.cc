#include "common/analyzer/slug.h"

#include <unicode/uchar.h>

#include "common/text/ascii.h"
#include "common/text/utf8.h"

namespace sagasu {

namespace {

// \p{L}, \p{M} or \p{Nd}: what Jekyll's slug patterns keep.
bool IsSlugLetter(char32_t c) {
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

bool IsPrettyKept(char32_t c) {
  return c < 0x80 && std::string_view("._~!$&'()+,;=@").find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

std::string Slugify(std::string_view text, SlugMode mode, bool cased) {
  std::string slug;
  bool in_gap = false;
  ForEachCodePoint(text, [&](char32_t c) {
    if (IsSlugLetter(c) || (mode == SlugMode::kPretty && IsPrettyKept(c))) {
      if (in_gap && !slug.empty()) slug += '-';
      in_gap = false;
      AppendUtf8(cased ? c : static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))), &slug);
    } else {
      in_gap = true;
    }
  });
  // Gaps at either end are never written: the same as Ruby's
  // gsub(/[^...]+/, "-") followed by gsub(/^-|-$/, "").
  return slug;
}

std::string DowncaseUnicode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](char32_t c) { AppendUtf8(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))), &out); });
  return out;
}

std::string EscapeUrlPath(std::string_view text) {
  static constexpr std::string_view kKept = "-._~!$&'()*+,;=:@/";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x80 && (IsAsciiAlnum(ch) || kKept.find(ch) != std::string_view::npos)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

}  // namespace sagasu
