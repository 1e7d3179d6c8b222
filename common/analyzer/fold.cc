#include "common/analyzer/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <bitset>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "common/text/ascii.h"
#include "common/text/kana.h"
#include "common/text/utf8.h"

namespace sagasu {

const char* const kFoldRuleNames[6] = {"kana", "vu", "iteration", "kanji", "digits", "okurigana"};

namespace {

bool* RuleFlag(FoldOptions* o, std::string_view name) {
  bool* flags[6] = {&o->kana, &o->vu, &o->iteration, &o->kanji, &o->digits, &o->okurigana};
  for (int i = 0; i < 6; ++i) {
    if (name == kFoldRuleNames[i]) return flags[i];
  }
  return nullptr;
}

// dicts/kanji_variants.txt, parsed once: SOURCE<TAB>TARGET<TAB>why per line.
struct VariantTable {
  std::bitset<0x10000> bmp;  // BMP sources, for a fast "not folded"
  std::unordered_map<char32_t, char32_t> to;

  VariantTable() {
    std::string_view text = kBuiltinKanjiVariants;
    while (!text.empty()) {
      const std::size_t nl = text.find('\n');
      const std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      if (line.empty() || line[0] == '#') continue;
      const auto* p = reinterpret_cast<const unsigned char*>(line.data());
      char32_t from = 0, target = 0;
      const int a = DecodeUtf8(p, line.size(), &from);
      if (a <= 0 || static_cast<std::size_t>(a) >= line.size() || line[a] != '\t' ||
          DecodeUtf8(p + a + 1, line.size() - a - 1, &target) <= 0) {
        // The file is compiled in; a bad line is a build defect.
        std::fprintf(stderr, "sagasu: [fold] bad line in dicts/kanji_variants.txt: %.*s\n",
                     static_cast<int>(line.size()), line.data());
        std::abort();
      }
      to[from] = target;
      if (from < 0x10000) bmp.set(from);
    }
  }

  static const VariantTable& Get() {
    static const VariantTable* table = new VariantTable();  // never destroyed
    return *table;
  }
};

constexpr bool IsKanji(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

// The ヴ-row fold of `c` followed by `next`: *consumed = whether `next` (a
// small vowel) merges into the result. 0 when `c` does not fold.
char32_t FoldVu(char32_t c, char32_t next, bool* consumed) {
  *consumed = false;
  if (c == 0x30F7) return 0x30D0;  // ヷ バ
  if (c == 0x30F8) return 0x30D3;  // ヸ ビ
  if (c == 0x30F9) return 0x30D9;  // ヹ ベ
  if (c == 0x30FA) return 0x30DC;  // ヺ ボ
  if (c != 0x30F4 && c != 0x3094) return 0;
  // Offsets within the katakana (or hiragana) block, from ァ (ぁ).
  const char32_t base = c == 0x30F4 ? 0x30A1 : 0x3041;
  const char32_t shift = base - 0x30A1;
  *consumed = true;
  switch (next - shift) {
    case 0x30A1: return 0x30D0 + shift;  // ァ バ
    case 0x30A3: return 0x30D3 + shift;  // ィ ビ
    case 0x30A7: return 0x30D9 + shift;  // ェ ベ
    case 0x30A9: return 0x30DC + shift;  // ォ ボ
    default: break;
  }
  *consumed = false;
  return 0x30D6 + shift;  // ヴ ブ
}

// The kana `prev` unvoiced (ゝ ヽ) or voiced (ゞ ヾ), by Unicode's canonical
// decomposition (が = か + U+3099).
char32_t IterateKana(char32_t prev, bool voiced) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err) || nfc == nullptr) return prev;
  char32_t base = prev;
  icu::UnicodeString d;
  if (nfc->getRawDecomposition(static_cast<UChar32>(prev), d) && d.length() == 2 &&
      (d.charAt(1) == 0x3099 || d.charAt(1) == 0x309A)) {
    base = static_cast<char32_t>(d.charAt(0));
  }
  if (!voiced) return base;
  const UChar32 v = nfc->composePair(static_cast<UChar32>(base), 0x3099);
  return v >= 0 ? static_cast<char32_t>(v) : base;
}

// Whether `c` combines with the character before it under NFKC (a voiced
// sound mark U+3099, ...): a character followed by one is not folded, or
// the folded character and the mark would compose on the next
// normalization (ゝ + ゚ folded to ふ + ゚ is ぷ) and folding would not be
// idempotent.
bool Combines(char32_t c) {
  if (c < 0x300) return false;
  static const icu::Normalizer2* nfkc_cf = [] {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(err);
    return U_SUCCESS(err) ? n : nullptr;
  }();
  return nfkc_cf != nullptr && !nfkc_cf->hasBoundaryBefore(static_cast<UChar32>(c));
}

// The code point at byte `i` of `s` (size `n`), or 0 at the end or on a bad
// sequence.
char32_t At(const unsigned char* s, std::size_t n, std::size_t i) {
  char32_t c = 0;
  if (i >= n || DecodeUtf8(s + i, n - i, &c) <= 0) return 0;
  return c;
}

// Whether code point `c` may fold under `o` (a cheap first test).
bool MayFold(const FoldOptions& o, char32_t c) {
  if (o.vu && (c == 0x30F4 || c == 0x3094 || (c >= 0x30F7 && c <= 0x30FA))) return true;
  if (o.iteration && (c == 0x3005 || c == 0x309D || c == 0x309E || c == 0x30FD || c == 0x30FE)) return true;
  if (o.kanji) {
    const VariantTable& t = VariantTable::Get();
    if (c < 0x10000 ? t.bmp.test(c) : t.to.count(c) != 0) return true;
  }
  return false;
}

}  // namespace

std::string FoldOptions::Describe() const {
  std::string s;
  const bool flags[6] = {kana, vu, iteration, kanji, digits, okurigana};
  for (int i = 0; i < 6; ++i) {
    if (!flags[i]) continue;
    if (!s.empty()) s += ',';
    s += kFoldRuleNames[i];
  }
  return s.empty() ? "none" : s;
}

Status FoldOptions::Disable(std::string_view list) {
  while (true) {
    const std::size_t comma = list.find(',');
    const std::string_view name = TrimAscii(list.substr(0, comma));
    if (name == "all") {
      *this = FoldOptions{false, false, false, false, false, false};
    } else if (bool* flag = RuleFlag(this, name)) {
      *flag = false;
    } else {
      std::string known;
      for (const char* n : kFoldRuleNames) known += std::string(known.empty() ? "" : ", ") + n;
      return Status::InvalidArgument("unknown folding rule '" + std::string(name) + "' (the rules: " + known +
                                     ", or all)");
    }
    if (comma == std::string_view::npos) return Status::OK();
    list = list.substr(comma + 1);
  }
}

char32_t FoldKanjiVariant(char32_t c) {
  const VariantTable& t = VariantTable::Get();
  if (c < 0x10000 && !t.bmp.test(c)) return c;
  const auto it = t.to.find(c);
  return it == t.to.end() ? c : it->second;
}

void FoldCharacters(const FoldOptions& o, std::string* text, std::vector<ByteOffset>* map) {
  if (!o.any_character_rule()) return;
  const auto* s = reinterpret_cast<const unsigned char*>(text->data());
  const std::size_t n = text->size();
  // Find the first character that may fold; most texts have none.
  std::size_t first = n;
  for (std::size_t i = 0; i < n;) {
    if (s[i] < 0xE3) {  // ASCII, Latin, ... up to U+2FFF: nothing folds
      ++i;
      continue;
    }
    char32_t c;
    const int len = DecodeUtf8(s + i, n - i, &c);
    if (len <= 0) {
      ++i;
      continue;
    }
    if (MayFold(o, c)) {
      first = i;
      break;
    }
    i += static_cast<std::size_t>(len);
  }
  if (first == n) return;

  std::string out(*text, 0, first);
  std::vector<ByteOffset> out_map;
  if (map) out_map.assign(map->begin(), map->begin() + static_cast<std::ptrdiff_t>(first));
  // The code point emitted last, for the iteration marks.
  char32_t prev = 0;
  if (first > 0) {
    std::size_t k = first - 1;
    while (k > 0 && IsUtf8Continuation(s[k])) --k;
    if (DecodeUtf8(s + k, first - k, &prev) <= 0) prev = 0;
  }
  auto emit = [&](char32_t c, ByteOffset src) {
    char buf[4];
    const int l = EncodeUtf8(c, buf);
    out.append(buf, static_cast<std::size_t>(l));
    if (map) out_map.insert(out_map.end(), static_cast<std::size_t>(l), src);
    prev = c;
  };
  for (std::size_t i = first; i < n;) {
    char32_t c;
    int len = DecodeUtf8(s + i, n - i, &c);
    if (len <= 0) {  // cannot happen on normalized text; keep the byte
      out.push_back(static_cast<char>(s[i]));
      if (map) out_map.push_back((*map)[i]);
      prev = 0;
      ++i;
      continue;
    }
    const ByteOffset src = map ? (*map)[i] : 0;
    std::size_t next_i = i + static_cast<std::size_t>(len);
    if (Combines(At(s, n, next_i))) {  // see Combines: left as it is
      emit(c, src);
      i = next_i;
      continue;
    }
    char32_t folded = c;
    bool iterated = false;
    if (o.iteration) {
      iterated = true;
      if (c == 0x3005 && IsKanji(prev)) {
        folded = prev;
      } else if ((c == 0x309D || c == 0x309E) && prev >= 0x3041 && prev <= 0x3096) {
        folded = IterateKana(prev, c == 0x309E);
      } else if ((c == 0x30FD || c == 0x30FE) && prev >= 0x30A1 && prev <= 0x30FA) {
        folded = IterateKana(prev, c == 0x30FE);
      } else {
        iterated = false;
      }
    }
    if (o.vu) {
      // Also on what a mark repeated: ウヾ is ウヴ, which must fold as ヴ
      // does (or a second normalization would change it); the small vowel
      // after a mark stays.
      char32_t next = iterated ? 0 : At(s, n, next_i);
      if (Combines(At(s, n, next_i + 3))) next = 0;  // the small vowel keeps its mark
      bool consumed = false;
      if (const char32_t v = FoldVu(folded, next, &consumed)) {
        folded = v;
        if (consumed) next_i += 3;  // the small vowel (3 bytes) folds into it
      }
    }
    if (o.kanji) folded = FoldKanjiVariant(folded);
    emit(folded, src);
    i = next_i;
  }
  if (map) out_map.push_back(map->back());
  text->swap(out);
  if (map) map->swap(out_map);
}

void FoldHiraganaToKatakana(std::string* text) {
  // Hiragana U+3041..U+3096 and ゝ ゞ (U+309D, U+309E) are E3 81 81 ..
  // E3 82 9E; katakana is 0x60 code points later, same length.
  auto* s = reinterpret_cast<unsigned char*>(text->data());
  const std::size_t n = text->size();
  for (std::size_t i = 0; i + 2 < n; ++i) {
    if (s[i] != 0xE3 || (s[i + 1] != 0x81 && s[i + 1] != 0x82)) continue;
    const char32_t c = 0x3000 + ((s[i + 1] & 0x3Fu) << 6) + (s[i + 2] & 0x3Fu);
    if (!((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E)) continue;
    char buf[4];
    EncodeUtf8(c + 0x60, buf);
    s[i] = static_cast<unsigned char>(buf[0]);
    s[i + 1] = static_cast<unsigned char>(buf[1]);
    s[i + 2] = static_cast<unsigned char>(buf[2]);
    i += 2;
  }
}

bool IsHiraganaWord(std::string_view term) {
  const auto* p = reinterpret_cast<const unsigned char*>(term.data());
  bool letter = false;
  for (std::size_t i = 0; i < term.size();) {
    char32_t c;
    const int len = DecodeUtf8(p + i, term.size() - i, &c);
    if (len <= 0) return false;
    if (c >= 0x3041 && c <= 0x3096) {
      letter = true;
    } else if (c != 0x30FC && c != 0x309D && c != 0x309E) {
      return false;
    }
    i += static_cast<std::size_t>(len);
  }
  return letter;
}

std::string UngroupDigits(std::string_view term) {
  // d{1,3} (,ddd)+ (.d+)?
  std::size_t i = 0;
  while (i < term.size() && IsAsciiDigit(term[i])) ++i;
  if (i == 0 || i > 3) return "";
  std::string out(term.substr(0, i));
  int groups = 0;
  while (i < term.size() && term[i] == ',') {
    if (i + 4 > term.size() || !IsAsciiDigit(term[i + 1]) || !IsAsciiDigit(term[i + 2]) ||
        !IsAsciiDigit(term[i + 3]) || (i + 4 < term.size() && IsAsciiDigit(term[i + 4]))) {
      return "";
    }
    out.append(term.substr(i + 1, 3));
    i += 4;
    ++groups;
  }
  if (groups == 0) return "";
  if (i < term.size()) {
    if (term[i] != '.' || i + 1 == term.size()) return "";
    for (std::size_t k = i + 1; k < term.size(); ++k) {
      if (!IsAsciiDigit(term[k])) return "";
    }
    out.append(term.substr(i));
  }
  return out;
}

// The reading is the token's own IPAdic feature (column 8), so the key needs
// no table of its own: a table generated from the IPAdic CSVs
// (/usr/share/mecab/dic/ipadic) would hold the same readings for the same
// dictionary words, cost a build step and miss the user dictionaries. IPAdic
// gives 打ち合わせ, 打合せ and 打合わせ the one reading ウチアワセ; words
// MeCab does not know have no reading and keep their surface.
std::string OkuriganaKey(std::string_view surface, std::string_view reading) {
  if (reading.empty() || reading == "*") return "";
  std::string kanji;
  bool kana = false;
  const auto* p = reinterpret_cast<const unsigned char*>(surface.data());
  for (std::size_t i = 0; i < surface.size();) {
    char32_t c;
    const int len = DecodeUtf8(p + i, surface.size() - i, &c);
    if (len <= 0) return "";
    if (IsKanji(c) || c == 0x3005) {
      kanji.append(surface.substr(i, static_cast<std::size_t>(len)));
    } else if (c >= 0x3041 && c <= 0x3096) {
      kana = true;
    } else {
      return "";
    }
    i += static_cast<std::size_t>(len);
  }
  if (kanji.empty() || !kana) return "";
  // The reading must be katakana (a dictionary reading), not a copy of a
  // surface MeCab did not know.
  const auto* r = reinterpret_cast<const unsigned char*>(reading.data());
  for (std::size_t i = 0; i < reading.size();) {
    char32_t c;
    const int len = DecodeUtf8(r + i, reading.size() - i, &c);
    if (len <= 0 || !IsKatakanaWordChar(c)) return "";
    i += static_cast<std::size_t>(len);
  }
  return kanji + "#" + std::string(reading);
}

}  // namespace sagasu
