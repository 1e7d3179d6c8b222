#include "common/analyzer/normalizer.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "common/text/ascii.h"
#include "common/text/kana.h"
#include "common/text/utf8.h"

namespace sagasu {

namespace {

// Flags per BMP code point, computed once from ICU's NFKC_Casefold data.
constexpr std::uint8_t kBoundary = 1;  // a normalization boundary precedes it
constexpr std::uint8_t kStable = 2;    // NFKC_CF(c) == c and kBoundary: copy as is
constexpr std::uint8_t kSpecial = 4;   // handled by hand: variant folding, full-width ASCII

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// ASCII bytes copied as they are (everything but A-Z, '-', NUL).
constexpr std::array<bool, 128> MakeAsciiPlain() {
  std::array<bool, 128> t{};
  for (int c = 0; c < 128; ++c) t[c] = !(IsAsciiUpper(static_cast<char>(c)) || c == '-' || c == 0);
  return t;
}
constexpr std::array<bool, 128> kAsciiPlain = MakeAsciiPlain();

constexpr char kProlongedMark[] = "\xE3\x83\xBC";  // ー U+30FC
constexpr char kReplacement[] = "\xEF\xBF\xBD";    // U+FFFD

bool IsHyphenLike(char32_t c) {
  return c == U'-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE63;
}

// Whether `out` ends in a katakana letter, ー or ヽ ヾ (IsKatakanaWordChar).
// Half-width katakana has already been widened by the time this is asked.
// The iteration marks count: the iteration folding rule (fold.h) turns them
// into katakana letters after this pass, and a '-' after them must read
// the same before and after (ヴヽ- is ブフー, not ブフ- then ブフー).
bool EndsWithKatakana(std::string_view out) { return LastCodePointIs(out, IsKatakanaWordChar); }

}  // namespace

struct Normalizer::Rep {
  const icu::Normalizer2* nfkc_cf = nullptr;
  std::array<std::uint8_t, 0x10000> flags{};

  Rep() {
    UErrorCode err = U_ZERO_ERROR;
    nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(err);
    if (U_FAILURE(err) || nfkc_cf == nullptr) {
      // ICU data is part of libicudata; failing here means a broken install.
      std::fprintf(stderr, "sagasu: [normalizer] ICU NFKC_Casefold unavailable: %s\n", u_errorName(err));
      std::abort();
    }
    for (UChar32 c = 0; c < 0x10000; ++c) {
      if (c >= 0xD800 && c <= 0xDFFF) continue;  // surrogates never decode
      std::uint8_t f = 0;
      if (nfkc_cf->hasBoundaryBefore(c)) {
        f |= kBoundary;
        UErrorCode e = U_ZERO_ERROR;
        if (nfkc_cf->quickCheck(icu::UnicodeString(c), e) == UNORM_YES && U_SUCCESS(e)) f |= kStable;
      }
      flags[c] = f;
    }
    auto special = [&](char32_t c) { flags[c] = kBoundary | kSpecial; };
    for (char32_t c = 0x2010; c <= 0x2015; ++c) special(c);
    special(0x2212);
    special(0xFE63);
    special(0x301C);
    for (char32_t c = 0xFF01; c <= 0xFF5E; ++c) special(c);  // full-width ASCII
  }

  std::uint8_t Flags(char32_t c) const { return c < 0x10000 ? flags[c] : 0; }
};

const Normalizer& Normalizer::Get() {
  static const Normalizer* instance = new Normalizer();  // never destroyed
  return *instance;
}

Normalizer::Normalizer() : rep_(new Rep()) {}

ByteOffset OffsetMap::End(std::size_t normalized_end) const {
  const std::size_t last = map_.size() - 1;
  if (normalized_end >= last) return map_[last];
  const ByteOffset src = map_[normalized_end - 1];
  std::size_t j = normalized_end;
  while (j < last && map_[j] == src) ++j;
  return map_[j];
}

namespace {

// The state of one Normalize() call.
class Run {
 public:
  Run(const icu::Normalizer2* nfkc_cf, const std::uint8_t* flags, std::string_view text, std::string* out,
      std::vector<ByteOffset>* map)
      : nfkc_cf_(nfkc_cf),
        flags_(flags),
        s_(reinterpret_cast<const unsigned char*>(text.data())),
        n_(text.size()),
        text_(text),
        out_(out),
        map_(map) {}

  void Go() {
    std::size_t i = 0;
    while (i < n_) {
      // 1. The longest run of code points that normalize to themselves.
      const std::size_t run_start = i;
      std::size_t last_cp = kNone;
      while (i < n_) {
        const unsigned char b = s_[i];
        if (b < 0x80) {
          if (!kAsciiPlain[b]) break;
          last_cp = i++;
          continue;
        }
        char32_t c;
        const int len = DecodeUtf8(s_ + i, n_ - i, &c);
        if (len <= 0 || c >= 0x10000 || (flags_[c] & (kStable | kSpecial)) != kStable) break;
        last_cp = i;
        i += len;
      }
      if (i > run_start) {
        const std::size_t out_before = out_->size();
        out_->append(text_.data() + run_start, i - run_start);
        if (map_) {
          for (std::size_t k = run_start; k < i; ++k) map_->push_back(static_cast<ByteOffset>(k));
        }
        prev_src_ = last_cp;
        prev_out_ = out_before + (last_cp - run_start);
      }
      if (i >= n_) break;

      // 2. One code point that needs work.
      const unsigned char b = s_[i];
      if (b < 0x80) {
        HandleAscii(static_cast<char>(b), i);
        i += 1;
        continue;
      }
      char32_t c;
      const int len = DecodeUtf8(s_ + i, n_ - i, &c);
      if (len <= 0) {
        Emit(kReplacement, 3, i);
        prev_src_ = kNone;
        i += static_cast<std::size_t>(-len);
        continue;
      }
      const std::uint8_t f = c < 0x10000 ? flags_[c] : 0;
      if (f & kSpecial) {
        HandleSpecial(c, i);
        i += len;
        continue;
      }
      i = Slow(i, len, f);
    }
    if (map_) map_->push_back(static_cast<ByteOffset>(n_));
  }

 private:
  void Emit(const char* bytes, std::size_t len, std::size_t src) {
    out_->append(bytes, len);
    if (map_) map_->insert(map_->end(), len, static_cast<ByteOffset>(src));
  }

  // Remembers that the code point at `src` was emitted by hand, starting at
  // output byte `out_before`, so that a combining mark after it can re-run it
  // through ICU.
  void Mark(std::size_t src, std::size_t out_before) {
    prev_src_ = src;
    prev_out_ = out_before;
  }

  void HandleAscii(char a, std::size_t src) {
    const std::size_t out_before = out_->size();
    if (IsAsciiUpper(a)) {
      const char lower = ToLowerAscii(a);
      Emit(&lower, 1, src);
    } else if (a == '-') {
      if (EndsWithKatakana(*out_)) {
        Emit(kProlongedMark, 3, src);
      } else {
        Emit("-", 1, src);
      }
    } else if (a == 0) {
      Emit(" ", 1, src);
    } else {
      Emit(&a, 1, src);
    }
    Mark(src, out_before);
  }

  void HandleSpecial(char32_t c, std::size_t src) {
    if (c >= 0xFF01 && c <= 0xFF5E) {  // full-width ASCII (NFKC: subtract 0xFEE0)
      HandleAscii(static_cast<char>(c - 0xFEE0), src);
      return;
    }
    const std::size_t out_before = out_->size();
    if (c == 0x301C) {  // wave dash
      Emit("~", 1, src);
    } else if (IsHyphenLike(c) && EndsWithKatakana(*out_)) {
      Emit(kProlongedMark, 3, src);
    } else if (c >= 0x2013 && c <= 0x2015) {  // en dash, em dash, horizontal bar stay
      char buf[4];
      Emit(buf, EncodeUtf8(c, buf), src);
    } else {
      Emit("-", 1, src);
    }
    Mark(src, out_before);
  }

  // Normalizes, with ICU, the span from the last normalization boundary at or
  // before `i` up to the next code point the fast path can take again.
  // Returns the input offset after the span.
  std::size_t Slow(std::size_t i, int len, std::uint8_t flags_at_i) {
    std::size_t start = i;
    if (!(flags_at_i & kBoundary) && prev_src_ != kNone) {
      // Combines with the previous code point: take it back.
      start = prev_src_;
      out_->resize(prev_out_);
      if (map_) map_->resize(prev_out_);
    }
    std::size_t j = i + static_cast<std::size_t>(len);
    while (j < n_) {
      if (s_[j] < 0x80) break;  // ASCII always starts a segment
      char32_t c;
      const int l = DecodeUtf8(s_ + j, n_ - j, &c);
      if (l <= 0) break;
      const std::uint8_t f = c < 0x10000 ? flags_[c] : 0;
      if ((f & kBoundary) && (f & (kStable | kSpecial))) break;
      j += static_cast<std::size_t>(l);
    }
    prev_src_ = kNone;
    const std::size_t out_start = out_->size();
    NormalizeSpan(start, j);
    FoldVariantsAfter(out_start);
    return j;
  }

  // ICU-normalizes input [start, j) onto the output (and map).
  void NormalizeSpan(std::size_t start, std::size_t j) {
    const std::size_t out_start = out_->size();
    icu::StringByteSink<std::string> sink(out_);
    UErrorCode err = U_ZERO_ERROR;
    const icu::StringPiece piece(text_.data() + start, static_cast<int32_t>(j - start));
    if (map_ == nullptr) {
      nfkc_cf_->normalizeUTF8(0, piece, sink, nullptr, err);
      if (U_FAILURE(err)) {  // cannot happen on valid UTF-8; keep the text rather than lose it
        out_->resize(out_start);
        out_->append(text_.data() + start, j - start);
      }
      return;
    }
    edits_.reset();
    nfkc_cf_->normalizeUTF8(0, piece, sink, &edits_, err);
    if (U_FAILURE(err)) {
      out_->resize(out_start);
      out_->append(text_.data() + start, j - start);
      for (std::size_t k = start; k < j; ++k) map_->push_back(static_cast<ByteOffset>(k));
      return;
    }
    icu::Edits::Iterator it = edits_.getFineIterator();
    UErrorCode iter_err = U_ZERO_ERROR;
    while (it.next(iter_err)) {
      const std::size_t old_begin = start + static_cast<std::size_t>(it.sourceIndex());
      const std::size_t old_len = static_cast<std::size_t>(it.oldLength());
      const std::size_t new_len = static_cast<std::size_t>(it.newLength());
      if (!it.hasChange()) {
        for (std::size_t k = 0; k < old_len; ++k) map_->push_back(static_cast<ByteOffset>(old_begin + k));
        continue;
      }
      MapChange(old_begin, old_len, new_len);
    }
  }

  // ICU output can contain characters the variant folding handles: ⁻ becomes
  // U+2212, and a hand-folded 〜, - or NUL is re-normalized by ICU when a
  // character without a boundary (U+200B, U+206B, a combining mark) follows
  // it; ICU keeps NUL, which must become a space. Applies the folding to
  // output bytes from `out_start`, so that normalizing twice changes nothing.
  // Rare: returns at once when there is nothing to fold.
  void FoldVariantsAfter(std::size_t out_start) {
    const std::string& out = *out_;
    bool any = false;
    for (std::size_t k = out_start; k < out.size() && !any; ++k) {
      const auto b = static_cast<unsigned char>(out[k]);
      any = b == '-' || b == 0 || (b == 0xE3 && k + 2 < out.size() && static_cast<unsigned char>(out[k + 1]) == 0x80 &&
                         static_cast<unsigned char>(out[k + 2]) == 0x9C) ||  // 〜
            (b == 0xE2 && k + 2 < out.size() &&
                         ((static_cast<unsigned char>(out[k + 1]) == 0x80 &&
                           static_cast<unsigned char>(out[k + 2]) >= 0x90 &&
                           static_cast<unsigned char>(out[k + 2]) <= 0x95) ||
                          (static_cast<unsigned char>(out[k + 1]) == 0x88 &&
                           static_cast<unsigned char>(out[k + 2]) == 0x92)));
    }
    if (!any) return;
    const std::string tail = out_->substr(out_start);
    std::vector<ByteOffset> tail_map;
    if (map_) tail_map.assign(map_->begin() + static_cast<std::ptrdiff_t>(out_start), map_->end());
    out_->resize(out_start);
    if (map_) map_->resize(out_start);
    const auto* t = reinterpret_cast<const unsigned char*>(tail.data());
    for (std::size_t k = 0; k < tail.size();) {
      char32_t c = 0;
      const int l = DecodeUtf8(t + k, tail.size() - k, &c);
      const std::size_t len = l > 0 ? static_cast<std::size_t>(l) : 1;
      const ByteOffset src = map_ ? tail_map[k] : 0;
      if (c == 0x301C) {
        Emit("~", 1, src);
      } else if (c == 0 && l == 1) {
        Emit(" ", 1, src);
      } else if (IsHyphenLike(c) && EndsWithKatakana(*out_)) {
        Emit(kProlongedMark, 3, src);
      } else if (c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2212) {
        Emit("-", 1, src);
      } else {
        out_->append(tail, k, len);
        if (map_) map_->insert(map_->end(), tail_map.begin() + static_cast<std::ptrdiff_t>(k),
                               tail_map.begin() + static_cast<std::ptrdiff_t>(k + len));
      }
      k += len;
    }
  }

  // Maps the output of one ICU change (old span -> new_len bytes). The old
  // span is cut at normalization boundaries and each piece normalized on its
  // own (normalization is piecewise at boundaries), so every output byte maps
  // to the start of the piece it came from: ﾊﾞｰ -> バ from ﾊﾞ, ー from ｰ.
  void MapChange(std::size_t old_begin, std::size_t old_len, std::size_t new_len) {
    const std::size_t before = map_->size();
    const std::size_t old_end = old_begin + old_len;
    std::size_t piece = old_begin;
    std::size_t k = old_begin;
    while (piece < old_end) {
      k += Utf8SequenceLength(s_[k]);
      // Extend the piece over code points that combine with it.
      while (k < old_end) {
        char32_t c;
        const int l = DecodeUtf8(s_ + k, old_end - k, &c);
        if (l <= 0 || nfkc_cf_->hasBoundaryBefore(static_cast<UChar32>(c))) break;
        k += static_cast<std::size_t>(l);
      }
      scratch_.clear();
      icu::StringByteSink<std::string> sink(&scratch_);
      UErrorCode err = U_ZERO_ERROR;
      nfkc_cf_->normalizeUTF8(0, icu::StringPiece(text_.data() + piece, static_cast<int32_t>(k - piece)), sink,
                              nullptr, err);
      map_->insert(map_->end(), scratch_.size(), static_cast<ByteOffset>(piece));
      piece = k;
    }
    if (map_->size() - before != new_len) {  // pieces disagree with the whole: coarse fallback
      map_->resize(before);
      map_->insert(map_->end(), new_len, static_cast<ByteOffset>(old_begin));
    }
  }

  const icu::Normalizer2* nfkc_cf_;
  const std::uint8_t* flags_;
  const unsigned char* s_;
  const std::size_t n_;
  const std::string_view text_;
  std::string* out_;
  std::vector<ByteOffset>* map_;
  icu::Edits edits_;
  std::string scratch_;
  // The last code point emitted by the fast path (input offset, output offset).
  std::size_t prev_src_ = kNone;
  std::size_t prev_out_ = 0;
};

}  // namespace

void Normalizer::Normalize(std::string_view text, std::string* out, OffsetMap* map, const FoldOptions& folds) const {
  out->clear();
  out->reserve(text.size() + text.size() / 8 + 16);
  std::vector<ByteOffset>* m = nullptr;
  if (map != nullptr) {
    m = &map->map_;
    m->clear();
    m->reserve(text.size() + text.size() / 8 + 17);
  }
  Run run(rep_->nfkc_cf, rep_->flags.data(), text, out, m);
  run.Go();
  // The character folding rules, on NFKC output (half-width ｳﾞ is ヴ by now).
  FoldCharacters(folds, out, m);
}

}  // namespace sagasu
